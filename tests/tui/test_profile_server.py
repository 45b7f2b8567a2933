"""The profile's contact person and Server tab: passwords masked, never shown in clear."""

from cryptography.fernet import Fernet
from pilot_helpers import settle, shown
from textual.widgets import Static, TabbedContent

from tui_clients.domain.entities import ClientInput, ServerDataInput, ServerInput
from tui_clients.domain.i18n import _
from tui_clients.services.admin import secrets
from tui_clients.services.clients.servers import CANNOT_DECRYPT
from tui_clients.services.clients.writing import create_client
from tui_clients.tui.profile.screen import MASK, ProfileScreen

PASSWORD = "Tr0ub4dor&3"


def server_client(**kw):
    return create_client(
        ClientInput(
            **{
                **dict(
                    person_kind="moral",
                    company_type="PM",
                    category="GEN",
                    document_country="CO",
                    document_type="NIT",
                    document_number="900123456-8",
                    legal_name="Andina Logística S.A.S.",
                    contact_person="Luisa Ríos",
                    server=ServerDataInput(
                        gitlab_user="[bold]andina[/]",
                        slack_channel="#soporte-andina",
                        servers=[
                            ServerInput("srv1.andina.co", "10.0.0.5", "deploy", PASSWORD),
                            ServerInput("db.andina.co", username="postgres"),
                        ],
                    ),
                ),
                **kw,
            }
        )
    )


def everything_shown(app) -> str:
    return "\n".join(shown(w) for w in app.screen.query(Static))


async def open_profile(pilot, name: str) -> None:
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProfileScreen)


async def test_server_tab_shows_hosts_and_a_masked_password(app, sqlite_db):
    server_client()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_profile(pilot, "andina")
        assert "Luisa Ríos" in shown(app.screen.query_one("#identity", Static))
        tabs = app.screen.query_one(TabbedContent)
        assert not tabs.get_tab("tab-server").has_class("-hidden")
        tabs.active = "tab-server"
        await settle(pilot)
        server = shown(app.screen.query_one("#server", Static))
        for text in (
            "srv1.andina.co",
            "10.0.0.5",
            "deploy",
            "db.andina.co",
            "postgres",
            "#soporte-andina",
            "[bold]andina[/]",
            MASK,
        ):
            assert text in server, text
        assert server.count(MASK) == 1  # db.andina.co has no password
        assert PASSWORD not in everything_shown(app)
        assert "Tr0ub4dor" not in app.export_screenshot()  # what the terminal would show


async def test_a_password_this_key_cannot_open_says_so(app, sqlite_db):
    server_client()
    secrets.use_key(Fernet.generate_key())  # another installation's key
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_profile(pilot, "andina")
        app.screen.query_one(TabbedContent).active = "tab-server"
        await settle(pilot)
        server = shown(app.screen.query_one("#server", Static))
        assert "srv1.andina.co" in server and MASK not in server
        assert " ".join(_(CANNOT_DECRYPT).split()[:4]) in " ".join(server.split())


async def test_no_server_tab_without_server_data(app, sqlite_db):
    server_client(server=None, contact_person="")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_profile(pilot, "andina")
        assert app.screen.query_one(TabbedContent).get_tab("tab-server").has_class("-hidden")


async def test_w_shows_the_passwords_for_a_while_after_asking_and_the_history_says_who(
    app, sqlite_db, monkeypatch
):
    import json

    from tui_clients.db import models as m
    from tui_clients.services.session import current_user
    from tui_clients.tui.widgets.dialogs import ConfirmScreen

    monkeypatch.setattr("tui_clients.tui.profile.passwords.SHOWN_FOR", 1)
    client = server_client()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_profile(pilot, "andina")
        app.screen.query_one(TabbedContent).active = "tab-server"
        await settle(pilot)
        await pilot.press("w")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # not confirmed: nothing shown, nothing recorded
        await settle(pilot)
        assert PASSWORD not in shown(app.screen.query_one("#server", Static))
        assert m.ClientHistory.select().where(m.ClientHistory.action != "created").count() == 0
        await pilot.press("w", "y")
        await settle(pilot)
        server = shown(app.screen.query_one("#server", Static))
        assert PASSWORD in server and MASK not in server  # db.andina.co has none
        history = shown(app.screen.query_one("#history", Static))
        assert "contraseñas vistas" in history and current_user() in history
        assert "srv1.andina.co" in history and PASSWORD not in history
        await pilot.pause(1.5)  # the time is up: masked again
        server = shown(app.screen.query_one("#server", Static))
        assert PASSWORD not in server and MASK in server
    [entry] = m.ClientHistory.select().where(
        m.ClientHistory.client == client.id, m.ClientHistory.action == "password_revealed"
    )
    assert entry.user == current_user() and PASSWORD not in entry.changes
    assert json.loads(entry.changes) == {"server_passwords": [None, "deploy@srv1.andina.co"]}
