"""The registration wizard's plan: which steps a company type and category need.

Steps beyond the four every client has come from the catalogs (the
``extra_steps`` of a company type and of a category, see data/company_types.csv
and data/categories.csv), never from screen code, and always appear in the
order of EXTRA_STEPS, before "finish".  A step validates only its own fields.

A field offered by two steps (the client's e-mails, in the Mexican fiscal data
and in "other data") is asked in the first of them the plan has.
"""

from __future__ import annotations

from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import FieldError
from tui_clients.domain.i18n import N_

BASE_STEPS = ("company_type", "category", "identity", "contacts")
EXTRA_STEPS = ("addresses", "fiscal_mx", "other", "server", "custom")
CUSTOM = "custom"  # "Campos adicionales": there when the type or category has custom fields
FINISH = "finish"

# The fields (as validation errors name them) each step is responsible for.
STEP_FIELDS = {
    "company_type": ("company_type", "person_kind", "company_id"),
    "category": ("category",),
    "identity": (
        "document_type",
        "document_number",
        "document_country",
        "first_name",
        "last_name",
        "legal_name",
        "trade_name",
        "internal_code",
        "gender",
    ),
    "contacts": ("contacts",),
    "addresses": ("addresses",),
    "fiscal_mx": ("fiscal", "emails"),
    "other": ("contact_person", "emails", "phones", "website"),
    "server": ("server",),
    CUSTOM: ("custom",),
    FINISH: (),
}

REQUIRED = N_("This field is required.")


class UnknownStep(ValueError):
    """A catalog names a step the wizard does not have."""


def extra_steps(*declared: str) -> list[str]:
    """The extra steps named in catalog entries, in wizard order."""
    named = {step for text in declared for step in (text or "").split()}
    unknown = named - set(EXTRA_STEPS)
    if unknown:
        raise UnknownStep(f"unknown wizard step(s): {', '.join(sorted(unknown))}")
    return [step for step in EXTRA_STEPS if step in named]


def plan(type_steps: str = "", category_steps: str = "", *, custom: bool = False) -> list[str]:
    """Every step for a company type and category, from the first to "finish";
    ``custom``: an administrator defined custom fields for them."""
    return [*BASE_STEPS, *extra_steps(type_steps, category_steps, CUSTOM if custom else ""), FINISH]


def _root(field: str) -> str:
    return field.split("[", 1)[0].split(".", 1)[0]


def step_of(field: str, steps: list[str] | None = None) -> str | None:
    """The step where a field is entered ("addresses[1].postal_code" -> "addresses").

    With a plan, the first of its steps that asks the field; ``None`` if none does.
    """
    root = _root(field)
    for step in steps if steps is not None else STEP_FIELDS:
        if root in STEP_FIELDS.get(step, ()):
            return step
    return None


def asks(step: str, root: str, steps: list[str]) -> bool:
    """Whether ``step`` is where this plan asks the field ``root`` (e.g. "emails")."""
    return step_of(root, steps) == step


def errors_for(
    step: str, errors: list[FieldError], steps: list[str] | None = None
) -> list[FieldError]:
    """The errors a step must show before Next lets the operator on."""
    return [e for e in errors if step_of(e.field, steps) == step]


def required_errors(step: str, data: ClientInput, steps: list[str]) -> list[FieldError]:
    """What a step needs before the operator may go on, beyond the client's own rules.

    The choices of the first two steps; at least one address where the plan has
    an address step; the whole of the Mexican fiscal data (régimen, uso de CFDI,
    postal code and the main e-mail the invoices are sent to) where it has that.
    """
    missing: list[str] = []
    if step == "company_type" and not data.company_type:
        missing.append("company_type")
    elif step == "category" and not data.category:
        missing.append("category")
    elif step == "identity" and not data.document_type:
        missing.append("document_type")
    elif step == "fiscal_mx":
        fiscal = data.fiscal
        for name in ("regimen", "uso_cfdi", "postal_code"):
            if not (getattr(fiscal, name, "") or "").strip():
                missing.append(f"fiscal.{name}")
        if not any((e or "").strip() for e in data.emails[:1]):
            missing.append("emails[0]")
    errors = [FieldError(name, "required", REQUIRED) for name in missing]
    if step == "addresses" and not data.addresses:
        errors.append(FieldError("addresses", "required", N_("Add at least one address (ctrl+t).")))
    return errors


def edit_plan(steps: list[str], data: ClientInput) -> list[str]:
    """The tabs of the edit form: the plan's steps (the company type too, so a client entered
    as the wrong kind of person can be corrected), without the summary, plus "other data"
    (e-mails, phones, website are always editable) and any step whose data the client
    already has (kept from an earlier category or company type)."""
    has = {
        "addresses": bool(data.addresses),
        "fiscal_mx": data.fiscal is not None,
        "other": True,
        "server": data.server is not None,
    }
    wanted = set(steps) | {step for step, present in has.items() if present}
    return [s for s in (*BASE_STEPS, *EXTRA_STEPS) if s in wanted]
