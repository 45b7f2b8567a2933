"""Who is working: the operator recorded in the history of each change and each import."""

from __future__ import annotations

import getpass


def current_user() -> str:
    """The operating-system login of the operator, or "unknown" when it has none."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
