"""Search rules: how a client's text is indexed and how a query is read.

Both sides go through the same folding (accents, case and punctuation
removed; each field compacted to one run of letters and digits), so "nunez"
finds "Núñez" and "gode561231" finds "GODE-561231-GR8".  A query is split into
terms that must all appear, each as a substring of some field; a query made
only of digits and separators ("55 1234-5678") is one term, so the digits must
be adjacent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum.co import nit
from stdnum.pe import cui

from tui_clients.domain.documents import GENERIC_RFC
from tui_clients.domain.text import compact_key, fold

MIN_INDEXED = 3  # a trigram index answers terms of three characters or more
_NUMERIC = re.compile(r"^[\d\s().+\-/]+$")
# a client code as it is shown (CL-0002008) or typed (cl2008, CL 0002008, /CL-0002008)
_CLIENT_CODE = re.compile(r"/?\s*CL[\s\-_.]*(\d{1,9})", re.IGNORECASE)
_DOCUMENT_SEPARATORS = re.compile(r"[\s.,/\-\u2010-\u2015\u2212]")
MAX_EXACT = 20  # the exact matches put first (one document may be a few clients')


def search_text(values: Iterable[str | None]) -> str:
    """The indexed text of a client: its searchable fields, folded and compacted."""
    return " ".join(search_keys(values))


def search_keys(values: Iterable[str | None]) -> list[str]:
    """The words of ``search_text``, for building it in parts."""
    return [key for value in values if value and (key := compact_key(value))]


def query_terms(query: str) -> list[str]:
    """The terms of a query, longest first, without terms contained in another."""
    if _NUMERIC.match(query or "") and re.search(r"\d", query):
        terms = [re.sub(r"\D", "", query)]
    else:
        terms = fold(query).split()
    terms = [_dni_digits(term) for term in terms]
    terms = sorted(set(terms), key=len, reverse=True)
    kept: list[str] = []
    for term in terms:
        if not any(term in longer for longer in kept):
            kept.append(term)
    return kept


def _dni_digits(term: str) -> str:
    """A Peruvian DNI typed with its check character (10117410-2, 10812543H) is searched
    as its 8 digits, as it is stored (tui_clients.domain.documents)."""
    if re.fullmatch(r"\d{8}[0-9a-z]", term) and cui.is_valid(term.upper()):
        return term[:8]
    return term


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds that select the values beginning with ``prefix`` through an ordinary index
    (LIKE 'x%' cannot use one in SQLite): ``low <= value < high``."""
    return prefix, prefix + "\uffff"


def name_prefix(query: str) -> str:
    """The folded form compared with the start of names when every term is too short to index."""
    return fold(query)


def exact_code(query: str) -> str | None:
    """The client code a query names in full (``CL-0002008`` however it is typed), if any."""
    found = _CLIENT_CODE.fullmatch((query or "").strip())
    return f"CL-{int(found.group(1)):07d}" if found else None


def exact_documents(query: str) -> list[str]:
    """The stored (compact) document numbers a query is a spelling of, most literal first:
    RFC, CURP and RUC without their hyphens or spaces, a NIT with or without the hyphen
    before its check digit (and one typed without it, completed), a DNI with its check
    character, a cédula with its dots.  Empty when the query is no document (a name, a
    fragment too short to be one) or is a generic RFC, which many clients share."""
    text = (query or "").strip().lstrip("/")
    if exact_code(text):
        return []
    compact = _DOCUMENT_SEPARATORS.sub("", text).upper()
    if not (5 <= len(compact) <= 20 and compact.isascii() and compact.isalnum()):
        return []
    if not any(c.isdigit() for c in compact) or compact in GENERIC_RFC:
        return []
    found = [compact]
    if re.fullmatch(r"\d{8}[0-9A-Z]", compact) and cui.is_valid(compact):
        found.append(compact[:8])  # a DNI with its check character: stored as 8 digits
    if compact.isdigit() and 5 <= len(compact) <= 15 and not re.search(r"\D\d$", text):
        found.append(compact + nit.calc_check_digit(compact))  # a NIT typed without its DV
    return list(dict.fromkeys(found))
