"""A portal invitation without the portal's address configured: the dialog says so
before anything is sent, and the button says what it will do; with the address set, the
link goes in the message."""

from pilot_helpers import screen_text, settle, shown
from smtp_server import smtp  # noqa: F401
from test_profile_channels import mail_app, open_channels
from textual.widgets import Button, Static

from tui_clients.services.channels import catalog as channels
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.profile.channel_dialogs import InviteDialog
from tui_clients.tui.profile.screen import ProfileScreen


async def invite_dialog(pilot, clients) -> InviteDialog:
    channels.set_client_channel(
        clients["andina"].id, "PORTAL", enabled=True, handle="andina.compras"
    )
    await settle(pilot)
    await open_channels(pilot, "andina")
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InviteDialog)
    return pilot.app.screen


async def test_without_the_portal_address_the_dialog_says_so_first(clients, smtp, monkeypatch):  # noqa: F811
    smtp.env(monkeypatch)
    monkeypatch.delenv("TUI_CLIENTS_PORTAL_URL")
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await invite_dialog(pilot, clients)
        warning = shown(dialog.query_one("#link-missing", Static))
        assert "La dirección del portal no está configurada" in warning
        assert "sin enlace al portal" in " ".join(screen_text(app).split())
        assert str(dialog.query_one("#save", Button).label) == "Enviar sin el enlace (ctrl+s)"
        assert smtp.messages == []  # nothing has gone yet
        await pilot.press("ctrl+s")  # sent knowingly
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)


async def test_with_the_portal_address_the_link_goes_in(clients, smtp, monkeypatch):  # noqa: F811
    app = mail_app(smtp, monkeypatch)  # the portal's address set
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await invite_dialog(pilot, clients)
        assert not dialog.query_one("#link-missing", Static).display
        assert str(dialog.query_one("#save", Button).label) == "Enviar (ctrl+s)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [msg] = smtp.messages
        assert "Dirección: https://portal.acme.test" in msg.get_content()
