"""Helpers for driving the real app with Pilot (importable: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from tui_clients.tui.clients.client_table import ClientTable

HOSTILE = ["[bold]X[/]", "[@click=app.quit]y", "a[/]b"]


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def group_done(pilot, group: str) -> None:
    """Until the workers of ``group`` ended and what they posted was shown."""
    for worker in list(pilot.app.workers):
        if worker.group == group:
            await worker.wait()
    await pilot.pause()
    await pilot.pause()


def table_lines(app) -> list[str]:
    """The text of every visible line of the client table, as drawn."""
    table = app.screen.query_one(ClientTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def shown(widget) -> str:
    """The plain text a Static widget shows (Rich renderables rendered as on screen)."""
    import io

    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


class Heard:
    """The messages of some kinds the app handled, to wait on instead of sleeping:
    ``app.run_test(message_hook=heard)``, then ``await heard.wait_for(ImportEnded)``."""

    def __init__(self, *kinds: type) -> None:
        import asyncio

        self.kinds = kinds
        self.messages: list = []
        self._arrived = asyncio.Event()

    def __call__(self, message) -> None:
        if isinstance(message, self.kinds):
            self.messages.append(message)
            self._arrived.set()

    def forget(self) -> None:
        """Wait only for what comes next."""
        self.messages.clear()

    async def wait_for(self, kind: type, until=lambda message: True, timeout: float = 120):
        """The first message of ``kind`` that ``until`` accepts, heard already or next."""
        import asyncio

        async with asyncio.timeout(timeout):
            while True:
                for message in self.messages:
                    if isinstance(message, kind) and until(message):
                        return message
                self._arrived.clear()
                await self._arrived.wait()


async def burst(pilot, *keys: str) -> None:
    """Keys as one terminal read delivers them (typing ahead, a laggy SSH link): every key
    queued on the App before the first is handled, then the app settles.  Each string of
    more than one character that is not a key name is typed character by character."""
    import unicodedata

    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    names = {"tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "space"}
    expanded: list[str] = []
    for k in keys:
        if k in names or k.startswith(("ctrl+", "alt+", "shift+")) or len(k) == 1:
            expanded.append(k)
        else:
            expanded.extend(k)
    driver = pilot.app._driver
    for k in expanded:
        name = _character_to_key(k) if len(k) == 1 and not k.isalnum() else k
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(name))
        except KeyError:
            char = k if len(k) == 1 else None
        event = events.Key(name, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


def screen_text(app) -> str:
    """The whole screen as the terminal shows it, plain text, one line per row."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join(
        "".join(segment.text for strip in line for segment in strip if not segment.control)
        for line in update.strips
    )
