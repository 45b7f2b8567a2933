"""Who is working: the operator recorded in the history of each change and each import."""

from __future__ import annotations

import os


def current_user() -> str:
    """The operating-system account running the program (its effective user id).

    Never an environment variable: ``USER`` and ``LOGNAME`` are whatever the shell
    says, so ``USER=gerente.general`` must not put that name in the history.  An id with
    no account (a container) is recorded as ``uid 1234``.
    """
    try:
        import pwd
    except ImportError:  # Windows: no user database, the login name is all there is
        import getpass

        return getpass.getuser()
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"
