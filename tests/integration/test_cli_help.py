"""Every command's --help and argparse's own usage errors in the operator's language
(Spanish by default, English with --lang en), run as a user would."""

import argparse

from test_cli import run

from tui_clients.cli.main import build_parser
from tui_clients.domain.i18n import set_language


def every_parser(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from every_parser(sub)


def helps(parser: argparse.ArgumentParser) -> list[str]:
    """The English help texts of a parser's options and sub-commands."""
    found = [a.help for a in parser._actions if a.help and a.help != argparse.SUPPRESS]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found += [c.help for c in action._choices_actions if c.help]
    return found


def test_the_help_of_every_command_is_spanish_and_english_with_lang_en():
    set_language("es")
    for parser in every_parser(build_parser()):
        spanish = " ".join(parser.format_help().split())
        assert spanish.startswith("uso: "), parser.prog
        assert "opciones:" in spanish and "mostrar esta ayuda y salir" in spanish, parser.prog
        for english in helps(parser):
            text = " ".join(english.split())
            assert text not in spanish, (parser.prog, text)
    set_language("en")
    for parser in every_parser(build_parser()):
        english = " ".join(parser.format_help().split())
        assert english.startswith("usage: ") and "show this help message and exit" in english


def test_help_and_usage_errors_in_a_subprocess():
    spanish = run("search", "--help")
    assert spanish.returncode == 0
    assert spanish.stdout.startswith("uso: tui-clients search")
    assert "cuántos mostrar (por omisión 20)" in spanish.stdout
    english = run("--lang", "en", "search", "--help")
    assert "how many to show (default 20)" in english.stdout
    missing = run("search")
    assert missing.returncode == 2
    assert "tui-clients search: error: faltan estos argumentos: query" in missing.stderr
    wrong = run("search", "--limit", "x", "jose")
    assert "error: argumento --limit: “x” no es un número entero" in wrong.stderr
    unknown = run("--lang", "en", "bogus")
    assert "error: argument COMMAND: invalid choice: 'bogus'" in unknown.stderr


def test_a_count_of_one_is_singular(sqlite_db, tmp_path):
    from tui_clients.domain.entities import ClientInput
    from tui_clients.services.clients.writing import create_client

    create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20131312955",
            legal_name="Inversiones Lima S.A.C.",
        )
    )
    out = tmp_path / "uno.csv"
    exported = run("export", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "1 cliente exportado." in exported.stderr
    checked = run("import", str(out), "--dry-run")
    assert "Revisado (no se guardó nada): 1 fila\n" in checked.stdout, checked.stdout
