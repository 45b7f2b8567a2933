"""What an import's status is called: the import screen and the list of imports say it
alike."""

from __future__ import annotations

from tui_clients.domain.i18n import N_

STATUS = {
    "running": N_("running"),
    "done": N_("done"),
    "with_errors": N_("with errors"),
    "refused": N_("refused"),
    "cancelled": N_("cancelled"),
    "interrupted": N_("interrupted"),
    "failed": N_("failed"),
}
