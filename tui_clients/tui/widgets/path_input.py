"""Choosing a path by keyboard: completion of the typed path from its folder's listing,
a tree without hidden files, and a dialog built around one path field."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, DirectoryTree

from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import printable
from tui_clients.tui.widgets.fields import show_errors, text_field, value_of


class PathSuggester(Suggester):
    """Completes the last part of a typed path from its folder's listing (→ accepts):
    folders end with "/"; hidden names only when a "." was typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, start = (path, "") if value.endswith(os.sep) else (path.parent, path.name)
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return None
        for name in names:
            if name.startswith(".") and not start.startswith("."):
                continue
            if printable(name) != name:  # never completed: shown escaped in the tree
                continue
            if name.startswith(start) and name != start:
                completed = value + name[len(start) :]
                return completed + os.sep if (folder / name).is_dir() else completed
        return None


class LiteralDirectoryTree(DirectoryTree):
    """A DirectoryTree whose names are shown as they are: never as markup (a file named
    "[bold]x[/].csv"), their control characters escaped (an escape sequence in a name)."""

    def process_label(self, label) -> Text:
        if isinstance(label, str):
            return Text(printable(label), no_wrap=True)
        return super().process_label(label)


class VisibleTree(LiteralDirectoryTree):
    """Folders and files, without hidden ones (the type is read from the content)."""

    def filter_paths(self, paths):
        return [p for p in paths if not p.name.startswith(".")]


class PathScreen(ModalScreen[bool]):
    """A dialog around one path field (with completion); ctrl+s does it, Escape cancels."""

    HOLDS_TYPING = True
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(False)", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]
    DEFAULT_CSS = """
    PathScreen { align: center middle; }
    PathScreen .dialog { width: 78; }
    PathScreen Field { grid-columns: 14 1fr; }
    PathScreen DirectoryTree { height: 9; }
    """

    def path_field(self, label: str, value: str):
        # the cursor goes after the folder offered, not over it: typing a name adds to it
        return text_field(
            label,
            "path",
            value,
            placeholder=str(Path.cwd()) + os.sep,
            suggester=PathSuggester(),
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        path = self.query_one("#path")
        path.focus()
        path.cursor_position = len(path.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.dismiss(False)

    def typed_path(self) -> str:
        return str(value_of(self.query_one("#path"))).strip()

    def refuse(self, exc: ValidationError) -> None:
        show_errors(
            self, [FieldError("path", e.code, e.template, e.value, e.params) for e in exc.errors]
        )

    def action_save(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError
