import pytest

from tui_clients.domain.entities import ClientInput, FiscalInput
from tui_clients.domain.errors import FieldError
from tui_clients.domain.wizard import (
    UnknownStep,
    edit_plan,
    errors_for,
    plan,
    required_errors,
    step_of,
)


def test_plan_has_the_base_steps_then_the_catalog_steps_then_finish():
    assert plan() == ["company_type", "category", "identity", "contacts", "finish"]
    assert plan("addresses other", "fiscal_mx") == [
        "company_type",
        "category",
        "identity",
        "contacts",
        "addresses",
        "fiscal_mx",
        "other",
        "finish",
    ]
    assert plan("server addresses", "addresses") == [
        "company_type",
        "category",
        "identity",
        "contacts",
        "addresses",
        "server",
        "finish",
    ]


def test_unknown_steps_in_a_catalog_are_refused():
    with pytest.raises(UnknownStep, match="payroll"):
        plan("addresses payroll")


@pytest.mark.parametrize(
    ("field", "step"),
    [
        ("legal_name", "identity"),
        ("addresses[1].postal_code", "addresses"),
        ("contacts[0].email", "contacts"),
        ("fiscal.uso_cfdi", "fiscal_mx"),
        ("phones[0]", "other"),
        ("nonsense", None),
    ],
)
def test_each_field_belongs_to_one_step(field, step):
    assert step_of(field) == step


def test_a_step_shows_only_its_errors():
    errors = [
        FieldError("legal_name", "required", "x"),
        FieldError("contacts[0].email", "email", "y"),
    ]
    assert [e.field for e in errors_for("identity", errors)] == ["legal_name"]
    assert [e.field for e in errors_for("contacts", errors)] == ["contacts[0].email"]


def test_every_step_named_in_the_shipped_catalogs_exists():
    from tui_clients.services.admin.catalogs import read_rows

    for file in ("company_types.csv", "categories.csv"):
        for row in read_rows(file):
            plan(row["extra_steps"])  # raises on an unknown step


def test_e_mails_are_asked_in_the_first_step_of_the_plan_that_offers_them():
    with_fiscal = plan("addresses other", "fiscal_mx")
    assert step_of("emails[2]", with_fiscal) == "fiscal_mx"
    assert step_of("emails[2]", plan("addresses other")) == "other"
    assert step_of("emails[0]", plan("addresses")) is None  # this plan does not ask them
    assert step_of("contact_person", with_fiscal) == "other"


def test_what_each_step_requires_before_next():
    steps = plan("addresses other", "fiscal_mx")
    empty = ClientInput()
    assert [e.field for e in required_errors("company_type", empty, steps)] == ["company_type"]
    assert [e.field for e in required_errors("category", empty, steps)] == ["category"]
    assert [e.field for e in required_errors("addresses", empty, steps)] == ["addresses"]
    assert [e.field for e in required_errors("identity", empty, steps)] == ["document_type"]
    assert [e.field for e in required_errors("fiscal_mx", empty, steps)] == [
        "fiscal.regimen",
        "fiscal.uso_cfdi",
        "fiscal.postal_code",
        "emails[0]",
    ]
    filled = ClientInput(
        company_type="PM",
        category="GEN",
        emails=["a@b.mx"],
        document_type="RFC",
        fiscal=FiscalInput(regimen="601", uso_cfdi="G03", postal_code="06600"),
    )
    for step in steps:
        if step != "addresses":
            assert required_errors(step, filled, steps) == []


def test_the_edit_form_shows_the_plan_and_whatever_the_client_already_has():
    from tui_clients.domain.entities import ServerDataInput

    assert edit_plan(plan("addresses"), ClientInput()) == [
        "company_type",
        "category",
        "identity",
        "contacts",
        "addresses",
        "other",
    ]
    kept = ClientInput(fiscal=FiscalInput("601", "G03", "06600"), server=ServerDataInput())
    assert edit_plan(plan(), kept) == [
        "company_type",
        "category",
        "identity",
        "contacts",
        "fiscal_mx",
        "other",
        "server",
    ]
