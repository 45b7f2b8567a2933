"""What a kind of person is called, in the words of each country: Mexico says persona
física / moral; Peru and Colombia, persona natural / jurídica.

Every screen, message and catalog label names the kind through this module, so one
client never shows two words for it.  The terms are the countries' legal ones, the same
in the English interface.
"""

from __future__ import annotations

from tui_clients.domain.i18n import N_, translate

FISICA = "fisica"  # a natural person: persona física (MX), persona natural (PE, CO)
MORAL = "moral"  # a legal entity: persona moral (MX), persona jurídica (PE, CO)
_MEXICO = {FISICA: N_("persona física"), MORAL: N_("persona moral")}
_ANDEAN = {FISICA: N_("persona natural"), MORAL: N_("persona jurídica")}
WORDS = {"MX": _MEXICO, "PE": _ANDEAN, "CO": _ANDEAN}


def person_kind_word(kind: str, country: str, lang: str | None = None) -> str:
    """``persona física`` (MX) or ``persona natural`` (PE, CO) for ``fisica``, …; a
    country we do not know speaks as Mexico."""
    words = WORDS.get(country, _MEXICO)
    return translate(words[kind], lang) if kind in words else kind


def in_country_words(label: str, country: str) -> str:
    """A catalog label that names the Mexican kinds ("Persona física", "Company (persona
    moral)") with the words of ``country``."""
    words = WORDS.get(country, _MEXICO)
    if words is _MEXICO:
        return label
    for kind, mexican in _MEXICO.items():
        local = words[kind]
        label = label.replace(mexican, local).replace(mexican.capitalize(), local.capitalize())
    return label
