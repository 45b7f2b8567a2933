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
                and node.func.id in ("_", "N_", "ngettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)  # ngettext: its singular is the msgid
    return found


def po_entries() -> dict:
    """msgid: msgstr; a plural message once by its msgid (its first form) and once per
    form by (msgid, n), as the compiled catalog keys them."""
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M)

    def unescape(s: str) -> str:
        return s.replace('\\"', '"').replace("\\\\", "\\")

    entries: dict = {unescape(k): unescape(v) for k, v in pairs if k}
    for block in text.split("\n\n"):
        if block.startswith("#~"):
            continue
        singular = re.search(r'^msgid "(.*)"\nmsgid_plural "(.*)"$', block, re.M)
        if singular:
            forms = re.findall(r'^msgstr\[(\d)\] "(.*)"$', block, re.M)
            for n, form in forms:
                entries[(unescape(singular.group(1)), int(n))] = unescape(form)
    return entries


def singular_entries() -> dict[str, str]:
    """Every message by its msgid, a plural one by its first form."""
    entries = po_entries()
    found = {k: v for k, v in entries.items() if isinstance(k, str)}
    found |= {k[0]: v for k, v in entries.items() if isinstance(k, tuple) and k[1] == 0}
    return found


def test_every_message_in_the_code_has_a_spanish_translation():
    entries = singular_entries()
    missing = sorted(m for m in code_messages() if not entries.get(m))
    assert missing == [], "run scripts/update_translations.sh and translate these"


def test_compiled_catalog_matches_the_po_file():
    with MO.open("rb") as fh:
        compiled = {k: v for k, v in gettext.GNUTranslations(fh)._catalog.items() if k}
    expected = {k: v for k, v in po_entries().items() if v}
    assert compiled == expected, "recompile with scripts/update_translations.sh"


def test_placeholders_survive_translation():
    def fields(text: str) -> set[str]:
        return set(re.findall(r"{\w+", text))

    plurals = dict(
        re.findall(r'^msgid "(.*)"\nmsgid_plural "(.*)"$', PO.read_text(encoding="utf-8"), re.M)
    )
    for key, msgstr in po_entries().items():
        if isinstance(key, str):
            assert fields(key) == fields(msgstr), key
        elif msgstr:  # a plural form: the singular may say "once" where the plural says {n}
            msgid, n = key
            allowed = fields(msgid) | fields(plurals[msgid])
            assert fields(msgstr) <= allowed and (n == 0 or fields(msgstr) == allowed), key


def test_language_switch():
    assert translate("This field is required.", "es") == "Este campo es obligatorio."
    assert translate("This field is required.", "en") == "This field is required."
