"""The Spanish catalog covers every message in the code, and the compiled .mo matches the .po."""

import ast
import gettext
import re
from pathlib import Path

import tui_clients
from tui_clients.domain.i18n import LOCALE_DIR, translate

PACKAGE = Path(tui_clients.__file__).parent
PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "tui_clients.po"
MO = PO.with_suffix(".mo")


def code_messages() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def po_entries() -> dict[str, str]:
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M)

    def unescape(s: str) -> str:
        return s.replace('\\"', '"').replace("\\\\", "\\")

    return {unescape(k): unescape(v) for k, v in pairs if k}


def test_every_message_in_the_code_has_a_spanish_translation():
    entries = po_entries()
    missing = sorted(m for m in code_messages() if not entries.get(m))
    assert missing == [], "run scripts/update_translations.sh and translate these"


def test_compiled_catalog_matches_the_po_file():
    with MO.open("rb") as fh:
        compiled = {k: v for k, v in gettext.GNUTranslations(fh)._catalog.items() if k}
    assert compiled == po_entries(), "recompile with scripts/update_translations.sh"


def test_placeholders_survive_translation():
    for msgid, msgstr in po_entries().items():
        assert set(re.findall(r"{\w+", msgid)) == set(re.findall(r"{\w+", msgstr)), msgid


def test_language_switch():
    assert translate("This field is required.", "es") == "Este campo es obligatorio."
    assert translate("This field is required.", "en") == "This field is required."
