"""Custom fields ("campos adicionales"): their definitions and the checking of values.

An administrator defines a field (label, key, type, required, help, order) for every
client or for one company type or category.  Values are checked here, the same way
for the wizard, the edit form and an import, and stored as canonical text: numbers
with a dot, dates as ISO, yes/no as "1"/"0", a choice as its defined spelling, an
e-mail and a phone as the built-in fields store them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from slugify import slugify

from tui_clients.domain.contact import normalize_email, normalize_phone
from tui_clients.domain.dates import read_date
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.text import clean_text, fold

TYPES = {
    "text": N_("text"),
    "number": N_("number"),
    "date": N_("date"),
    "bool": N_("yes/no"),
    "choice": N_("choice list"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
}
VALUE_MAX = 500
KEY_MAX = 40
YES = {"1", "si", "sí", "s", "yes", "y", "true", "verdadero", "x"}
NO = {"0", "no", "n", "false", "falso"}


@dataclass(frozen=True)
class FieldDef:
    """One custom field as defined (plain data: it travels to import worker processes)."""

    id: int | None
    key: str
    label: str
    type: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    order: int = 0
    company_type: str = ""  # code; "" with category "": every client
    category: str = ""  # code
    active: bool = True

    def applies(self, company_type: str, category: str) -> bool:
        """Whether a client of this company type and category has the field."""
        if not self.active:
            return False
        if self.category:
            return self.category == category
        return not self.company_type or self.company_type == company_type


def field_name(key: str) -> str:
    """How errors and forms name a custom field's value ("custom.giro")."""
    return f"custom.{key}"


def _error(key: str, code: str, template: str, value: str = "", **params) -> ValidationError:
    return ValidationError(FieldError(field_name(key), code, template, shown(value), params))


def check_value(d: FieldDef, raw: str | None, *, country: str = "MX") -> str:
    """The canonical text of a value ("" when empty), or a ValidationError."""
    name = field_name(d.key)
    text = clean_text(raw, name, required=d.required, max_length=VALUE_MAX)
    if not text:
        return ""
    if d.type == "number":
        return _number(d.key, text)
    if d.type == "date":
        return _date(d.key, text)
    if d.type == "bool":
        folded = fold(text)
        if folded in YES or text.lower() in YES:
            return "1"
        if folded in NO:
            return "0"
        raise _error(d.key, "bool", N_("“{value}” is not yes or no (sí/no)."), text)
    if d.type == "choice":
        for choice in d.choices:
            if fold(choice) == fold(text):
                return choice
        raise _error(
            d.key,
            "choice",
            N_("“{value}” is not one of: {choices}."),
            text,
            choices=", ".join(d.choices),
        )
    if d.type == "email":
        return normalize_email(text, name)
    if d.type == "phone":
        phone = normalize_phone(text, country, name)
        return phone.number if phone else ""
    return text


def _number(key: str, text: str) -> str:
    compact = text.replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", compact):  # 1,234.5
        compact = compact.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", compact):  # 1.234,5
        compact = compact.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", compact):  # 3,5
        compact = compact.replace(",", ".")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not re.fullmatch(r"-?\d+(\.\d+)?", compact):
        raise _error(key, "number", N_("“{value}” is not a number."), text)
    return format(number.normalize(), "f") if number != number.to_integral() else str(int(number))


def _date(key: str, text: str) -> str:
    found = read_date(text)
    if found is not None:
        return found.isoformat()
    raise _error(key, "date", N_("“{value}” is not a date (2026-11-22 or 22/11/2026)."), text)


def check_values(
    defs: list[FieldDef], values: dict[str, str], *, country: str = "MX"
) -> tuple[dict[str, str], list[FieldError]]:
    """The canonical values of the fields in ``defs`` (empty ones left out) and every
    problem found; values of other keys are not looked at."""
    clean: dict[str, str] = {}
    errors: list[FieldError] = []
    for d in defs:
        try:
            value = check_value(d, values.get(d.key, ""), country=country)
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        if value:
            clean[d.key] = value
    return clean, errors


def value_text(type_: str, value: str) -> str:
    """A stored value as read on screen and in messages (yes/no in words)."""
    if type_ == "bool" and value in ("1", "0"):
        return _("yes") if value == "1" else _("no")
    return value


# --- definitions ----------------------------------------------------------------


def check_definition(d: FieldDef, *, taken: set[str], reserved: set[str]) -> FieldDef:
    """A definition with its key made (from the label when empty) and checked, or a
    ValidationError naming each wrong part.  ``taken``: keys of the other fields;
    ``reserved``: column names the import template already uses."""
    errors: list[FieldError] = []

    def take(check, default):
        try:
            return check()
        except ValidationError as exc:
            errors.extend(exc.errors)
            return default

    label = take(lambda: clean_text(d.label, "label", required=True, max_length=100), "")
    key = slugify(d.key or label, separator="_", max_length=KEY_MAX, word_boundary=True)
    if not key or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        errors.append(
            FieldError(
                "key",
                "key",
                N_("Give a key that starts with a letter: letters, digits and _ only."),
            )
        )
    elif key in taken:
        errors.append(FieldError("key", "taken", N_("Another field has the key “{value}”."), key))
    elif key in reserved:
        errors.append(
            FieldError("key", "reserved", N_("“{value}” is a column of the import template."), key)
        )
    if d.type not in TYPES:
        errors.append(
            FieldError("type", "choice", N_("“{value}” is not a valid choice."), shown(d.type))
        )
    helptext = take(lambda: clean_text(d.help, "help", max_length=300), "")
    choices: list[str] = []
    for i, raw in enumerate(d.choices):
        choice = take(lambda raw=raw, i=i: clean_text(raw, f"choices[{i}]", max_length=100), "")
        if choice and fold(choice) in {fold(c) for c in choices}:
            errors.append(
                FieldError("choices", "duplicate", N_("“{value}” is listed twice."), choice)
            )
        elif choice:
            choices.append(choice)
    if d.type == "choice" and not choices:
        errors.append(FieldError("choices", "required", N_("A choice list needs its choices.")))
    if errors:
        raise ValidationError(errors)
    return FieldDef(
        d.id,
        key,
        label,
        d.type,
        d.required,
        helptext,
        tuple(choices) if d.type == "choice" else (),
        d.order,
        d.company_type,
        d.category,
        d.active,
    )


def parse_choices(text: str) -> tuple[str, ...]:
    """Choices as an operator types them: one per line, or separated by ";" or "|"."""
    return tuple(c.strip() for c in re.split(r"[\n;|]", text or "") if c.strip())
