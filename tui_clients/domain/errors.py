"""Structured validation errors shared by every front end."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from tui_clients.domain.i18n import translate


@dataclass(frozen=True)
class FieldError:
    """One problem with one field.

    ``template`` is an English gettext msgid with ``{value}`` and any other
    ``params`` placeholders; :meth:`message` renders it in a language.
    """

    field: str
    code: str
    template: str
    value: str = ""
    # dataclasses.field in full: the name `field` is the attribute above here
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return translate(self.template, lang).format(value=self.value, **self.params)

    @property
    def message_es(self) -> str:
        return self.message("es")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def __str__(self) -> str:
        return f"{self.field}: {self.message()}"


class ValidationError(Exception):
    """Raised with one or more :class:`FieldError`."""

    def __init__(self, errors: list[FieldError] | FieldError):
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


def shown(value: object, limit: int = 60) -> str:
    """A value as it may appear inside a message: control characters escaped, cut short."""
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
