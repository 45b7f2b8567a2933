"""The registration wizard's plan: which steps a company type and category need.

Steps beyond the four every client has come from the catalogs (the
``extra_steps`` of a company type and of a category, see data/company_types.csv
and data/categories.csv), never from screen code, and always appear in the
order of EXTRA_STEPS, before "finish".  A step validates only its own fields.
"""

from __future__ import annotations

from tui_clients.domain.errors import FieldError

BASE_STEPS = ("company_type", "category", "identity", "contacts")
EXTRA_STEPS = ("addresses", "fiscal_mx", "other", "server", "custom")
FINISH = "finish"

# The fields (as validation errors name them) each step is responsible for.
STEP_FIELDS = {
    "company_type": ("company_type", "person_kind"),
    "category": ("category",),
    "identity": ("document_type", "document_number", "first_name", "last_name", "legal_name",
                 "trade_name", "internal_code", "company_id", "gender"),
    "contacts": ("contacts",),
    "addresses": ("addresses",),
    "fiscal_mx": ("fiscal", "emails"),
    "other": ("website", "phones"),
    "server": ("server",),
    "custom": ("custom",),
}  # fmt: skip


class UnknownStep(ValueError):
    """A catalog names a step the wizard does not have."""


def extra_steps(*declared: str) -> list[str]:
    """The extra steps named in catalog entries, in wizard order."""
    named = {step for text in declared for step in (text or "").split()}
    unknown = named - set(EXTRA_STEPS)
    if unknown:
        raise UnknownStep(f"unknown wizard step(s): {', '.join(sorted(unknown))}")
    return [step for step in EXTRA_STEPS if step in named]


def plan(type_steps: str = "", category_steps: str = "") -> list[str]:
    """Every step for a company type and category, from the first to "finish"."""
    return [*BASE_STEPS, *extra_steps(type_steps, category_steps), FINISH]


def step_of(field: str) -> str | None:
    """The step where a field is entered ("addresses[1].postal_code" -> "addresses")."""
    root = field.split("[", 1)[0].split(".", 1)[0]
    for step, fields in STEP_FIELDS.items():
        if root in fields:
            return step
    return None


def errors_for(step: str, errors: list[FieldError]) -> list[FieldError]:
    """The errors a step must show before Next lets the operator on."""
    return [e for e in errors if step_of(e.field) == step]
