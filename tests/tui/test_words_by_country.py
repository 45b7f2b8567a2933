"""One word for the kind of person in each country (persona natural / jurídica in Peru
and Colombia, física / moral in Mexico) on every screen and message, counts in singular
or plural (ngettext), and the empty choice of a picker named as one."""

import pytest
from pilot_helpers import screen_text, settle
from test_profile import open_first, text_of
from textual.widgets import Select, TabbedContent
from wizard_keys import choose, field, fill, key, to_step_after_category

from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.persons import in_country_words, person_kind_word
from tui_clients.services.clients.writing import create_client


def last_notice(app) -> str:
    return list(app._notifications)[-1].message


def test_the_words_of_each_country():
    assert person_kind_word("fisica", "MX") == "persona física"
    assert person_kind_word("moral", "MX") == "persona moral"
    assert person_kind_word("fisica", "PE") == "persona natural"
    assert person_kind_word("moral", "CO") == "persona jurídica"
    assert in_country_words("Persona moral / Empresa", "PE") == "Persona jurídica / Empresa"
    assert in_country_words("Individual (persona física)", "CO") == "Individual (persona natural)"
    assert in_country_words("Persona física", "MX") == "Persona física"


async def test_a_peruvian_profile_says_juridica_everywhere(app, clients):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_first(pilot, "inversiones lima")
        identity = text_of(app, "#identity")
        assert "persona jurídica" in identity and "Persona jurídica / Empresa" in identity
        assert "moral" not in identity.lower() and "física" not in identity
        app.screen.query_one(TabbedContent).active = "tab-history"
        await settle(pilot)
        history = text_of(app, "#history")
        assert "∅ → Persona jurídica / Empresa" in history and "moral" not in history


def test_a_refused_document_names_the_kind_in_the_words_of_its_country(sqlite_db):
    with pytest.raises(ValidationError) as refused:
        create_client(
            ClientInput(
                person_kind="moral",
                company_type="PM",
                document_country="PE",
                document_type="DNI",
                document_number="45678912",
                legal_name="Andes Servicios S.A.C.",
            )
        )
    messages = [e.message() for e in refused.value.errors]
    assert "Un DNI no es un documento de una persona jurídica." in messages, messages


async def test_one_problem_in_the_singular_and_gender_unstated(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await to_step_after_category(pilot, "Persona f", "Gen")
        gender = field(app, "gender").widget
        assert isinstance(gender, Select) and gender.is_blank()
        assert "Sin indicar" in screen_text(app)
        await key(pilot, "ctrl+n")  # document type, number, names: several problems
        assert last_notice(app).endswith("problemas por corregir en este paso.")
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "first_name", "Ana")
        await fill(pilot, "last_name", "Ruiz Soto")
        await key(pilot, "ctrl+n")  # only the number is missing
        assert last_notice(app) == "1 problema por corregir en este paso."
