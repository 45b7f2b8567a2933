"""The profile's Channels tab, by keyboard: enable a channel with its handle, send an
invitation to a real SMTP server on 127.0.0.1, a failure retried with s, the catalog."""

import pytest
from pilot_helpers import Heard, settle, shown
from smtp_server import smtp, smtp_down  # noqa: F401
from textual.widgets import Input, Static, TabbedContent

from tui_clients.services.channels import catalog as channels
from tui_clients.services.channels.invitations import invitations
from tui_clients.services.settings import Settings
from tui_clients.tui.admin.channel_catalog import ChannelCatalogScreen
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.background.outbox import OutboxSent
from tui_clients.tui.profile.channel_dialogs import ClientChannelDialog, InviteDialog
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def tab_text(app) -> str:
    return shown(app.screen.query_one("#channels", Static))


def footer_keys(app) -> set[str]:
    return {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}


async def open_channels(pilot, name: str) -> None:
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProfileScreen)
    assert "i" not in footer_keys(pilot.app)  # the tab's keys only with the tab in front
    pilot.app.screen.query_one(TabbedContent).active = "tab-channels"
    await settle(pilot)
    assert {"c", "i", "s"} <= footer_keys(pilot.app)


def mail_app(server, monkeypatch) -> ClientsApp:
    server.env(monkeypatch)
    return ClientsApp(Settings.load())


async def test_invitation_delivered_from_the_channels_tab(clients, smtp, monkeypatch):  # noqa: F811
    app = mail_app(smtp, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_channels(pilot, "andina")
        assert "Aún no se envió ninguna invitación" in tab_text(app)
        await pilot.press("i")  # no channel enabled yet: said, no dialog
        await settle(pilot)
        assert any("Ningún canal está habilitado" in n.message for n in app._notifications)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClientChannelDialog)
        app.screen.query_one("#handle", Input).value = "no vale"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no es un usuario del portal" in shown(app.screen.query_one("#dialog-error"))
        app.screen.query_one("#handle", Input).value = "[b]andina[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientChannelDialog)  # markup is not a user name
        app.screen.query_one("#handle", Input).value = "andina.compras"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert "✓" in tab_text(app) and "andina.compras" in tab_text(app)
        await pilot.press("ctrl+p")  # the palette has the tab's keys too
        await settle(pilot)
        await pilot.press(*"enviar una invitac")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InviteDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        [msg] = smtp.messages
        assert msg["To"].addresses[0].addr_spec == "compras@andina.co"
        assert "Usuario: andina.compras" in msg.get_content()
        assert "Portal del cliente → compras@andina.co · enviada" in tab_text(app)
        assert "intentos: 1" in tab_text(app)
        assert any("Invitaciones enviadas: 1." in n.message for n in app._notifications)


async def test_a_failed_invitation_is_retried_with_s(clients, smtp_down, monkeypatch):  # noqa: F811
    channels.set_client_channel(clients["andina"].id, "PORTAL", enabled=True, handle="andina")
    app = mail_app(smtp_down, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_channels(pilot, "andina")
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = tab_text(app)
        assert "Portal del cliente → compras@andina.co · fallida" in text
        assert "Motivo: no se pudo conectar con el servidor de correo" in text
        assert "Próximo intento: " in text
        assert any("No se envió" in n.message for n in app._notifications)
        smtp_down.start()  # the server is back: s retries now, not at the next try's time
        await pilot.press("s")
        await settle(pilot)
        assert "· enviada" in tab_text(app) and "intentos: 2" in tab_text(app)
        assert len(smtp_down.messages) == 1
        assert [i.status for i in invitations(clients["andina"].id)] == ["sent"]


async def test_inactive_channel_is_refused_and_the_catalog_activates_it(
    clients,
    smtp,  # noqa: F811
    monkeypatch,
):
    channels.set_client_channel(
        clients["andina"].id, "WHATSAPP", enabled=True, handle="+57 300 123 4567"
    )
    app = mail_app(smtp, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_channels(pilot, "andina")
        assert "inactivo" in tab_text(app)
        await pilot.press("i", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InviteDialog)
        error = shown(app.screen.query_one("#dialog-error"))
        assert "El canal “WhatsApp” está inactivo" in error
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"logo de canales")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChannelCatalogScreen)
        await pilot.press("down", "down", "a")  # WhatsApp: activated
        await settle(pilot)
        assert any(n.message == "“WhatsApp” está activo." for n in app._notifications)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"activar o desactivar")  # the palette reaches it too
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # a client has it: asked first
        await pilot.press("y")
        await settle(pilot)
        assert any(n.message == "“WhatsApp” está inactivo." for n in app._notifications)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(smtp.messages) == 1
        assert "Número de WhatsApp: +573001234567" in smtp.messages[0].get_content()


@pytest.mark.parametrize("hostile", ["[bold]X[/]", "a[/]b"])
async def test_hostile_handles_and_names_show_literally(sqlite_db, hostile, smtp, monkeypatch):  # noqa: F811
    from tui_clients.domain.entities import ClientInput
    from tui_clients.services.clients.writing import create_client

    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name=f"Andina {hostile}",
            emails=["compras@andina.co"],
        )
    )
    channels.set_client_channel(client.id, "EMAIL", enabled=True, handle="compras@andina.co")
    app = mail_app(smtp, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_channels(pilot, "andina")
        await pilot.press("i", "ctrl+s")
        await settle(pilot)
        assert f"Hola, Andina {hostile}:" in smtp.messages[0].get_content()
        assert "compras@andina.co · enviada" in tab_text(app)


async def test_the_open_tui_sends_what_waits_in_the_outbox(clients, smtp, monkeypatch):  # noqa: F811
    """Queued by someone else (or failed earlier and now due): sent by the running TUI."""
    from tui_clients.services.channels.invitations import invite

    channels.set_client_channel(clients["andina"].id, "PORTAL", enabled=True, handle="andina")
    invite(clients["andina"].id, "PORTAL")
    app = mail_app(smtp, monkeypatch)
    app.outbox.interval = 0.2
    heard = Heard(OutboxSent)
    async with app.run_test(size=(100, 40), message_hook=heard) as pilot:
        await heard.wait_for(OutboxSent, lambda sent: sent.sent or sent.failed)
        await settle(pilot)
        assert len(smtp.messages) == 1
        assert any(
            "Bandeja de salida: invitaciones enviadas: 1; fallidas: 0." in n.message
            for n in app._notifications
        )
