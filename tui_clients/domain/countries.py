"""Countries as people and other systems write them: the two-letter code of a name.

Another system's export names a country as its users typed it or as that system
spells it: "United States" (Odoo), "México" or "Mexico" (Google Contacts), "USA",
"PER".  :func:`country_code` reads any of these as the ISO 3166-1 alpha-2 code:

- names in English and Spanish, the ISO short name ("Korea, Republic of"), its
  official name ("United Mexican States") and common name ("South Korea") from
  pycountry, the Spanish through pycountry's own gettext catalog ("Sudáfrica");
- the three-letter code (alpha-3: "MEX", "PER", "USA") and the two-letter code;
- a few everyday forms ISO does not list (:data:`ALIASES`: "EE. UU.", "UK", "Inglaterra").

Case, accents and punctuation do not count ("PERU", "perú" and "Perú." are one).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from tui_clients.domain.text import fold

# everyday names ISO does not list (folded form -> alpha-2)
ALIASES = {
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "ee uu": "US",
    "eeuu": "US",
    "e u a": "US",
    "estados unidos de america": "US",
    "america": "US",
    "uk": "GB",
    "great britain": "GB",
    "gran bretana": "GB",
    "england": "GB",
    "inglaterra": "GB",
    "holanda": "NL",
    "holland": "NL",
    "corea del sur": "KR",
    "rusia": "RU",
    "russia": "RU",
    "vietnam": "VN",
    "bolivia": "BO",
    "venezuela": "VE",
    "iran": "IR",
    "siria": "SY",
    "tanzania": "TZ",
    "taiwan": "TW",
    "republica checa": "CZ",
    "czech republic": "CZ",
    "turquia": "TR",
    "turkey": "TR",
    "emiratos arabes": "AE",
    "uae": "AE",
}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every known name and three-letter code, folded, with its alpha-2 code."""
    import pycountry

    spanish: gettext.NullTranslations
    try:
        spanish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:  # a pycountry without its catalogs: the English names still work
        spanish = gettext.NullTranslations()
    table: dict[str, str] = {}
    heads: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [getattr(country, key, None) for key in ("name", "official_name", "common_name")]
        for name in filter(None, names):
            for written in (name, spanish.gettext(name)):
                table.setdefault(fold(written), code)
                # "Bolivia, Estado plurinacional de" is also written "Bolivia"
                if "," in written:
                    heads.setdefault(fold(written.split(",")[0]), set()).add(code)
        table.setdefault(fold(country.alpha_3), code)
    # a head two countries share ("Korea", "Congo") names neither
    for head, codes in heads.items():
        if len(codes) == 1:
            table.setdefault(head, next(iter(codes)))
    table.update(ALIASES)
    return table


@lru_cache(maxsize=1)
def _alpha_2() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def country_code(text: str) -> str:
    """The ISO alpha-2 code of a country written as a name (English or Spanish), an
    alpha-3 or alpha-2 code, or a usual alias; "" when ``text`` is none of them."""
    folded = fold(text or "")
    if not folded:
        return ""
    if len(folded) == 2 and folded.upper() in _alpha_2():
        return folded.upper()
    return _names().get(folded, "")
