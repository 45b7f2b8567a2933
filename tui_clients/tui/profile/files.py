"""The profile's "Firma y foto" tab: the client's signature file and photo.

With the list focused (Tab from the tab strip): a attaches or replaces the highlighted
file (a path typed with completion, → accepts it, or picked in the tree), x exports it
to a path, Delete removes it (after a confirmation).  Nothing here opens or runs a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, DirectoryTree, Label, Static

from tui_clients.domain.attachments import MAX_BYTES, size_text
from tui_clients.domain.dates import date_text, time_text
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import N_, _, translate
from tui_clients.domain.text import printable
from tui_clients.services.clients.attachments import (
    AttachmentRecord,
    attach,
    client_files,
    export_file,
    remove,
)
from tui_clients.services.dto import ClientDetail
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import check_field, value_of
from tui_clients.tui.widgets.path_input import PathScreen, VisibleTree
from tui_clients.tui.widgets.tables import cut, refill

KIND_NAMES = {"signature": N_("Signature"), "photo": N_("Photo")}


def type_label(f: AttachmentRecord) -> str:
    return translate(f.type.label) if f.type else f.mime


def file_detail(kind: str, f: AttachmentRecord | None) -> Text:
    """One file in full: name, type, size, when and by whom it was attached."""
    if f is None:
        return Text(
            _("No {what} attached: a attaches one.").format(what=_(KIND_NAMES[kind]).lower()),
            style="italic",
        )
    rows = [
        (_("Name"), f.name),
        (_("Type"), type_label(f)),
        (_("Size"), f"{size_text(f.size)} ({f.size:,} bytes)"),
        (_("Attached"), f"{time_text(f.attached_at)} · {f.attached_by}"),
        ("SHA-256", f.sha256[:32] + "…"),
    ]
    width = max(len(label) for label, _value in rows)
    text = Text()
    for label, value in rows:
        text.append(label.ljust(width + 2), style="bold")
        text.append(printable(value) + "\n")
    return text


class FileTable(DataTable):
    """The signature and the photo, one a row."""


class FilesPanel(Vertical):
    """The client's files; the profile calls :meth:`show` when it reloads."""

    BINDINGS: ClassVar = [
        Binding("a", "attach", N_("Attach")),
        Binding("x", "export", N_("Export")),
        Binding("delete,backspace", "remove", N_("Remove")),
    ]
    DEFAULT_CSS = """
    FilesPanel { height: 1fr; }
    FilesPanel > .hint { color: $text-muted; padding: 0 1; height: auto; }
    FilesPanel > DataTable { height: auto; max-height: 4; }
    FilesPanel > #files-detail { height: auto; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, client_id: int, *, after_change: Callable[[], None] | None = None) -> None:
        super().__init__(id="files-panel")
        self.client_id = client_id
        self.after_change = after_change  # the profile reloads all; else this list
        self.files: dict[str, AttachmentRecord | None] = {}
        self.in_trash = False

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                _(
                    "Tab: the list · a attach or replace · x export · Delete remove · "
                    "PNG, JPEG, GIF, WebP or PDF up to {max}"
                ).format(max=size_text(MAX_BYTES))
            ),
            classes="hint",
        )
        yield FileTable(id="files", cursor_type="row")
        yield Static(id="files-detail")

    def on_mount(self) -> None:
        headers = (_("File"), _("Name"), _("Type"), _("Size"), _("Attached"))
        self.query_one(DataTable).add_columns(*(Text(t) for t in headers))

    def show(self, client: ClientDetail, files: dict | None = None) -> None:
        """``files``: the client's, read already (the profile reads them in a worker)."""
        self.client_id, self.in_trash = client.id, client.in_trash
        self.reload(files)

    def reload(self, files: dict | None = None) -> None:
        table = self.query_one(DataTable)
        self.files = client_files(self.client_id) if files is None else files
        refill(
            table,
            (
                (
                    _(KIND_NAMES[kind]),
                    cut(f.name, 24),
                    type_label(f),
                    size_text(f.size),
                    date_text(f.attached_at),
                )
                if f
                else (_(KIND_NAMES[kind]), "—", "", "", "")
                for kind, f in self.files.items()
            ),
        )
        self._show_detail(table.cursor_row)
        self.refresh_bindings()

    @property
    def kind(self) -> str:
        kinds = list(self.files) or ["signature"]
        return kinds[min(max(self.query_one(DataTable).cursor_row, 0), len(kinds) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)
        self.refresh_bindings()  # export and remove only where there is a file

    def _show_detail(self, row: int) -> None:
        kinds = list(self.files)
        if 0 <= row < len(kinds):
            self.query_one("#files-detail", Static).update(
                file_detail(kinds[row], self.files[kinds[row]])
            )

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("attach", "remove") and self.in_trash:
            return False
        if action in ("export", "remove"):
            return self.files.get(self.kind) is not None
        return True

    def _changed(self, changed: bool | None = True) -> None:
        if changed:
            (self.after_change or self.reload)()

    def action_attach(self) -> None:
        self.app.push_screen(AttachScreen(self.client_id, self.kind), self._changed)

    def action_export(self) -> None:
        f = self.files.get(self.kind)
        if f is not None:
            self.app.push_screen(ExportScreen(self.client_id, self.kind, f))

    def action_remove(self) -> None:
        kind, f = self.kind, self.files.get(self.kind)
        if f is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    with faults_noted(self.app):  # a full disk, a read-only database: said
                        remove(self.client_id, kind)
                        self.notify(_("{name} removed.").format(name=f.name), markup=False)
                except ValidationError as exc:
                    self.notify(exc.errors[0].message(), severity="error", markup=False)
                self._changed()

        question = _(
            "Remove the {what} “{name}” from this client? The history keeps its name and size."
        ).format(what=_(KIND_NAMES[kind]).lower(), name=f.name)
        self.app.push_screen(ConfirmScreen(question), answered)


class AttachScreen(PathScreen):
    """Attach or replace the signature or the photo from a file on disk."""

    def __init__(self, client_id: int, kind: str) -> None:
        super().__init__()
        self.client_id, self.kind = client_id, kind

    def compose(self) -> ComposeResult:
        what = _(KIND_NAMES[self.kind]).lower()
        with VerticalScroll(classes="dialog"):
            yield Label(_("Attach the {what}").format(what=what), classes="title")
            yield Static(
                Text(
                    _(
                        "PNG, JPEG, GIF, WebP or PDF, up to {max}. Type the path (→ "
                        "completes it) or pick the file in the tree."
                    ).format(max=size_text(MAX_BYTES))
                )
            )
            yield self.path_field(_("File"), "")
            yield VisibleTree(Path.cwd(), id="attach-tree")
            with Horizontal(classes="buttons"):
                yield Button(_("Attach (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path = self.query_one("#path")
        path.value = str(event.path)
        path.focus()

    def action_save(self) -> None:
        typed = self.typed_path()
        if not typed:
            self.query_one("#field-path").show_error(
                _("Type the file's path or pick it in the tree.")
            )
            return
        changed = None
        try:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                changed = attach(self.client_id, self.kind, typed)
        except ValidationError as exc:
            self.refuse(exc)
            return
        if changed is None:  # not attached: the dialog stays as typed, to try again
            return
        name = Path(typed).name
        self.app.notify(
            (
                _("{name} attached.")
                if changed
                else _("{name} was attached already; nothing changed.")
            ).format(name=name),
            markup=False,
        )
        self.dismiss(changed)


class ExportScreen(PathScreen):
    """Write the signature or the photo to a path (a folder: under its own name)."""

    def __init__(self, client_id: int, kind: str, f: AttachmentRecord) -> None:
        super().__init__()
        self.client_id, self.kind, self.file = client_id, kind, f

    def compose(self) -> ComposeResult:
        what = _(KIND_NAMES[self.kind]).lower()
        with VerticalScroll(classes="dialog"):
            yield Label(_("Export the {what}").format(what=what), classes="title")
            yield Static(
                Text(
                    _("“{name}”, {type}, {size}.").format(
                        name=printable(self.file.name),
                        type=type_label(self.file),
                        size=size_text(self.file.size),
                    )
                )
            )
            yield self.path_field(_("Save as"), str(Path.cwd() / self.file.name))
            yield check_field(_("Replace the file if it exists"), "overwrite", False)
            with Horizontal(classes="buttons"):
                yield Button(_("Export (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def action_save(self) -> None:
        typed = self.typed_path()
        if not typed:
            self.query_one("#field-path").show_error(_("Type where to save the file."))
            return
        overwrite = bool(value_of(self.query_one("#overwrite")))
        try:
            written = export_file(self.client_id, self.kind, typed, overwrite=overwrite)
        except ValidationError as exc:
            self.refuse(exc)
            return
        self.app.notify(_("Saved as {path}").format(path=written), markup=False)
        self.dismiss(True)
