"""A client's signature and photo on a real database: attach by content type, the size
limit, the same bytes stored once, replace, remove, export (never over a file)."""

import os

import pytest
from sample_files import PDF, png_bytes

from tui_clients.db import models as m
from tui_clients.domain.attachments import MAX_BYTES
from tui_clients.domain.errors import ValidationError
from tui_clients.services.clients.attachments import attach, client_files, export_file, remove
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.writing import delete_client, purge_client

PNG_SIZE, PDF_SIZE = f"{len(png_bytes())} B", f"{len(PDF)} B"


def refused(client_id, kind, path) -> str:
    with pytest.raises(ValidationError) as exc:
        attach(client_id, kind, path)
    return exc.value.errors[0].message()


def test_attach_replace_export_and_remove(db, tmp_path):
    from test_inventory import make_clients

    nunez, andina = make_clients()
    photo = tmp_path / "foto.png"
    photo.write_bytes(png_bytes())
    assert attach(nunez.id, "photo", photo, user="ana") is True
    assert attach(nunez.id, "photo", photo, user="ana") is False  # the same file: nothing new
    files = client_files(nunez.id)
    assert files["signature"] is None
    shown = files["photo"]
    assert (shown.name, shown.mime, shown.size, shown.attached_by) == (
        "foto.png",
        "image/png",
        len(png_bytes()),
        "ana",
    )
    assert attach(andina.id, "photo", photo, user="luis")
    assert m.Attachment.select().count() == 1  # the same bytes and name: stored once
    assert client_files(andina.id)["photo"].attached_by == "luis"
    signature = tmp_path / "firma.pdf"
    signature.write_bytes(PDF)
    attach(nunez.id, "signature", signature, user="ana")
    pdf_as_photo = tmp_path / "otra.png"
    pdf_as_photo.write_bytes(PDF)  # a PDF named .png: its content decides
    attach(nunez.id, "photo", pdf_as_photo, user="eva")
    assert client_files(nunez.id)["photo"].mime == "application/pdf"
    history = [h.changes for h in client_history(nunez.id)[:3]]
    assert history[0]["photo"] == [
        f"foto.png (image/png, {PNG_SIZE})",
        f"otra.png (application/pdf, {PDF_SIZE})",
    ]
    assert history[2]["photo"] == [None, f"foto.png (image/png, {PNG_SIZE})"]
    folder = tmp_path / "salida"
    folder.mkdir()
    out = export_file(nunez.id, "signature", folder)
    assert out == folder / "firma.pdf"  # a folder: the stored name
    with pytest.raises(ValidationError, match="ya existe"):
        export_file(nunez.id, "signature", folder)
    copy = export_file(nunez.id, "signature", tmp_path / "copia.pdf")
    assert copy.read_bytes() == PDF and oct(copy.stat().st_mode & 0o777) == "0o600"
    export_file(nunez.id, "photo", copy, overwrite=True)
    assert copy.read_bytes() == PDF and not list(tmp_path.glob(".*part"))
    assert remove(nunez.id, "signature", user="eva") and not remove(nunez.id, "signature")
    assert client_files(nunez.id)["signature"] is None
    assert client_history(nunez.id)[0].changes == {
        "signature": [f"firma.pdf (application/pdf, {PDF_SIZE})", None]
    }
    assert m.Attachment.select().count() == 2  # the PDF is still nunez's photo; foto.png andina's
    remove(andina.id, "photo")
    assert m.Attachment.select().count() == 1  # nobody uses foto.png any more
    with pytest.raises(ValidationError, match="no tiene"):
        export_file(andina.id, "photo", tmp_path / "x.png")
    delete_client(andina.id)
    assert "papelera" in refused(andina.id, "photo", photo)
    delete_client(nunez.id)
    purge_client(nunez.id)
    assert m.Attachment.select().count() == 0  # a purged client's files go with it


def test_refused_files_say_what_they_are(db, tmp_path):
    from test_inventory import make_clients

    nunez, _andina = make_clients()
    fake = tmp_path / "foto.png"
    fake.write_text("hola, no soy una imagen\n", encoding="utf-8")
    assert refused(nunez.id, "photo", fake) == (
        "“foto.png” no es una imagen PNG, JPEG, GIF o WebP ni un documento PDF: su contenido "
        "es texto plano. Su nombre no cuenta; solo su contenido."
    )
    fake.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(50))
    assert "un programa (ELF)" in refused(nunez.id, "photo", fake)
    fake.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert "HTML, XML o SVG" in refused(nunez.id, "photo", fake)
    fake.write_bytes(png_bytes()[:30])
    assert "cortado" in refused(nunez.id, "photo", fake)
    fake.write_bytes(b"")
    assert "vacío" in refused(nunez.id, "photo", fake)
    big = tmp_path / "grande.png"
    with big.open("wb") as fh:
        fh.write(png_bytes())
        fh.truncate(MAX_BYTES + 1)
    assert "5.0 MB" in refused(nunez.id, "photo", big)
    assert "No hay ningún archivo" in refused(nunez.id, "photo", tmp_path / "no.png")
    assert "carpeta" in refused(nunez.id, "photo", tmp_path)
    os.mkfifo(tmp_path / "tubo.png")
    assert "no es un archivo normal" in refused(nunez.id, "photo", tmp_path / "tubo.png")
    assert m.Attachment.select().count() == 0 and client_history(nunez.id)[0].action == "created"
