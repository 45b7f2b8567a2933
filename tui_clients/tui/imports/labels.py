"""What an import's status and counts are called: the import screen and the list of
imports say them alike."""

from __future__ import annotations

from tui_clients.domain.i18n import N_, _

STATUS = {
    "running": N_("running"),
    "done": N_("done"),
    "with_errors": N_("with errors"),
    "refused": N_("refused"),
    "cancelled": N_("cancelled"),
    "interrupted": N_("interrupted"),
    "failed": N_("failed"),
}


def counts_text(
    rows: int, imported: int, updated: int, rejected: int, companies: int, dry_run: bool
) -> str:
    """An import's counts in a line; a dry run's say what would have been stored."""
    if dry_run:
        text = _(
            "Rows: {n:,} · would be imported: {i:,} · would be updated: {u:,} · rejected: "
            "{x:,} · companies that would be created: {c:,}"
        )
    else:
        text = _(
            "Rows: {n:,} · imported: {i:,} · updated: {u:,} · rejected: {x:,} · companies "
            "created: {c:,}"
        )
    return text.format(n=rows, i=imported, u=updated, x=rejected, c=companies)
