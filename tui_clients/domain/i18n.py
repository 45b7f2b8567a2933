"""Message catalogs (gettext): Spanish by default, English on request.

Source strings are English; ``locale/es`` holds the Spanish catalog.  The
active language is process-wide and chosen once at start-up from ``--lang``,
the settings file, or the locale (see :func:`language_from_locale`).
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

DOMAIN = "tui_clients"
LOCALE_DIR = Path(__file__).parents[1] / "locale"
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

_active = DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def set_language(lang: str) -> str:
    """Make ``lang`` the active language; unknown languages fall back to Spanish."""
    global _active
    _active = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _active


def get_language() -> str:
    return _active


def translate(message: str, lang: str | None = None) -> str:
    return translations(lang or _active).gettext(message)


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return translate(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` of something, in the active language."""
    return translations(_active).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now."""
    return message


def language_from_locale() -> str | None:
    """The language the environment asks for, if it is one we speak."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            code = value.split(":")[0][:2].lower()
            return code if code in LANGUAGES else None
    return None
