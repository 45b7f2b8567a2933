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


# words that make a name a company's: legal forms of the three countries and beyond, and
# what businesses call themselves (folded: lower case, no accents, no punctuation)
_COMPANY_WORDS = frozenset(
    [
        "sa",
        "sac",
        "saa",
        "sas",
        "sadecv",
        "sapi",
        "srl",
        "ltda",
        "ltd",
        "limitada",
        "inc",
        "llc",
        "corp",
        "corporation",
        "cia",
        "co",
        "eirl",
        "spa",
        "gmbh",
        "sc",
        "ac",
        "sociedad",
        "grupo",
        "comercializadora",
        "distribuidora",
        "servicios",
        "consultores",
        "consultoria",
        "asociados",
        "hermanos",
        "hnos",
        "empresa",
        "industrias",
        "industrial",
        "constructora",
        "ferreteria",
        "farmacia",
        "restaurante",
        "hotel",
        "tienda",
        "universidad",
        "colegio",
        "instituto",
        "fundacion",
        "asociacion",
        "cooperativa",
        "club",
        "banco",
        "clinica",
        "laboratorio",
        "laboratorios",
        "taller",
        "transportes",
        "inmobiliaria",
        "abarrotes",
        "papeleria",
        "despacho",
        "notaria",
        "escuela",
        "centro",
        "agencia",
        "editorial",
        "textiles",
        "importadora",
        "exportadora",
    ]
)


def looks_like_company(name: str) -> bool:
    """Whether a name says it is a business ("Ferretería El Tornillo", "Azteca S.A. de
    C.V.", "Textiles Andinos SAC"), for a row that says nothing else of its kind."""
    from tui_clients.domain.text import fold

    words: list[str] = []
    for word in fold(name).split():  # "s a s" (S.A.S.) is one word, "sas"
        if len(word) == 1 and words and words[-1].isalpha() and len(words[-1]) < 4:
            words[-1] += word
        else:
            words.append(word)
    joined = "".join(words)
    return (
        any(w in _COMPANY_WORDS for w in words)
        or "sadecv" in joined
        or "srldecv" in joined
        or any(c.isdigit() for c in name)
    )
