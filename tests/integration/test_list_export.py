"""The list exported as shown (the TUI's "Exportar"): the same clients in the same order
as the list's pages, on SQLite and PostgreSQL, and write failures as messages."""

import csv

import pytest

from tui_clients.db import models as m
from tui_clients.domain.documents import display_document
from tui_clients.services.admin.demo import generate
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.imports import exporter
from tui_clients.services.imports.list_export import ExportFailed, export_list


def exported(path) -> list[str]:
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    return [r["UniqueReference"] for r in rows]


def shown(where: ClientFilter, sort: str, descending: bool) -> list[str]:
    """The list's rows, page after page, as the table reads them."""
    rows = page(where, sort=sort, descending=descending, limit=count(where) + 10)
    return [display_document(r.document_type, r.document_number) for r in rows]


@pytest.fixture
def demo(db, monkeypatch):
    generate(db, 120, seed=11)
    m.Client.update(active=True).execute()
    m.Client.update(active=False).where(m.Client.id.in_(range(5, 200, 5))).execute()
    monkeypatch.setattr(exporter, "CHUNK", 7)  # many chunks: their order must hold across


@pytest.mark.parametrize(
    ("where", "sort", "descending"),
    [
        (ClientFilter(), "name", False),
        (ClientFilter(), "code", True),
        (ClientFilter(active=True), "added", True),
        (ClientFilter(active=False), "document", False),
        (ClientFilter(), "company", True),
        (ClientFilter(country="MX"), "phone", False),
    ],
)
def test_the_export_is_the_list_as_shown(demo, tmp_path, where, sort, descending):
    seen: list[int] = []
    target = tmp_path / "lista.csv"
    n = export_list(str(target), where, sort=sort, descending=descending, progress=seen.append)
    expected = shown(where, sort, descending)
    assert n == len(expected) == count(where) > 0
    assert n >= 7 and seen == list(range(7, n + 1, 7)), (seen, n)
    assert exported(target) == expected  # the same clients in the same order


def test_a_search_exports_its_matches_exact_match_first(demo, tmp_path):
    client = m.Client.select().order_by(m.Client.id.desc()).first()
    where = ClientFilter(text=client.code)
    target = tmp_path / "uno.csv"
    n = export_list(str(target), where, sort="name", descending=False)
    assert n == count(where) >= 1
    first = display_document(client.document_type.code, client.document_number)
    assert exported(target)[0] == first


def test_write_failures_are_messages(demo, tmp_path):
    where = ClientFilter()

    def refused(target, **options) -> str:
        with pytest.raises(ExportFailed) as info:
            export_list(target, where, sort="name", descending=False, **options)
        return str(info.value)

    assert refused(str(tmp_path / "no" / "x.csv")) == (
        f"La carpeta {tmp_path / 'no'} no existe: créela primero o elija otra."
    )
    assert refused(str(tmp_path)) == (
        f"{tmp_path} es una carpeta: añada el nombre del archivo (p. ej. clientes.csv)."
    )
    (tmp_path / "ya.csv").write_text("mío", encoding="utf-8")
    assert "ya existe" in refused(str(tmp_path / "ya.csv"))
    assert (tmp_path / "ya.csv").read_text(encoding="utf-8") == "mío"
    assert export_list(
        str(tmp_path / "ya.csv"), where, sort="name", descending=False, overwrite=True
    )
    assert refused("/sys/clientes.csv") == (
        "No hay permiso para escribir en la carpeta /sys: elija otra carpeta."
    )
    assert refused("   ") == "Escriba dónde guardar el archivo."
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
