"""ImportPanel: how an import goes (progress bar, the time left, rows a second, a Stop
button) and, once it ended, what it did.  Both import screens show their run with it.

The time left is the run's own (from its pace since it began, kept by the App), not the
bar's: a bar made when the screen opens again would know no history and show
"--:--:--", and between two reports it would count down even while the run stands."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ProgressBar, Static

from tui_clients.domain.i18n import _
from tui_clients.domain.text import printable


class ImportPanel(Vertical):
    """The Stop button posts ``Button.Pressed`` with id ``stop`` to the screen.  What it
    says (file names, column names, errors read from the file) is shown literally, its
    control characters escaped."""

    DEFAULT_CSS = """
    ImportPanel { height: auto; }
    ImportPanel #import-bar { height: 1; }
    ImportPanel #import-left { width: auto; margin: 0 0 0 1; }
    ImportPanel #import-rate { width: auto; margin: 0 1; }
    ImportPanel #import-status { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="import-bar"):
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-left")
            yield Static(id="import-rate")
            yield Button(_("Stop (ctrl+x)"), id="stop", compact=True)
        yield Static(id="import-status")

    def on_mount(self) -> None:
        self.show_nothing()

    def show_nothing(self) -> None:
        """No import yet."""
        self.query_one("#import-bar").display = False
        self.query_one("#import-status", Static).update("")

    def show_running(
        self, fraction: float | None, rate: float, text: str, left: float | None = None
    ) -> None:
        """A run going on: ``fraction`` of the file read (None: not known), ``rate`` rows
        a second, ``left`` seconds to go (None: not known yet)."""
        self.query_one("#import-bar").display = True
        self.query_one("#stop").display = True
        bar = self.query_one("#import-progress", ProgressBar)
        self.query_one("#import-left", Static).update(clock(left) if left is not None else "")
        if fraction is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=fraction * 100)
        self.query_one("#import-rate", Static).update(
            Text(f"{rate:,.0f}/s" if rate else "")  # rows a second
        )
        self.query_one("#import-status", Static).update(Text(printable(text, keep="\n")))

    def show_ended(self, text: str, *, complete: bool) -> None:
        """A run that ended, and what it did: the bar full when the whole file was read;
        left where it stopped when the run was stopped or failed (hidden if it never
        moved: an endless bar would say the run goes on); no time left, no rate."""
        self.query_one("#stop").display = False
        bar = self.query_one("#import-progress", ProgressBar)
        if complete:
            bar.update(total=100, progress=100)
        self.query_one("#import-left", Static).update("")  # nothing is left to wait for
        self.query_one("#import-rate", Static).update("")
        self.query_one("#import-bar").display = complete or bar.total is not None
        self.query_one("#import-status", Static).update(Text(printable(text, keep="\n")))


def clock(seconds: float) -> str:
    """``seconds`` as hours:minutes:seconds, as a progress bar says a time left."""
    whole = round(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
