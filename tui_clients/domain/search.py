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

from stdnum.pe import cui

from tui_clients.domain.text import compact_key, fold

MIN_INDEXED = 3  # a trigram index answers terms of three characters or more
_NUMERIC = re.compile(r"^[\d\s().+\-/]+$")


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
