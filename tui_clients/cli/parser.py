"""argparse in the operator's language: ``--help`` (usage, sections, every option's help)
and the usage errors argparse writes itself.

Help texts are written in English (marked ``_``/``N_`` for the catalog) and translated
when the help is formatted, so the parser may be built before the language is chosen.
argparse's own words (``usage:``, ``options``, ``show this help message and exit``, its
error sentences) are in the catalog too (:data:`ARGPARSE_WORDS`).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from tui_clients.domain.i18n import N_, _

# argparse's words and error sentences (Python 3.11), for the catalog
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("{prog}: error: {message}"),
)

# argparse's error sentences as it writes them, and their message ids (fields: {name})
ARGPARSE_ERRORS = (
    (r"argument (?P<argument>.+?): (?P<message>.*)", N_("argument {argument}: {message}")),
    (
        r"the following arguments are required: (?P<names>.*)",
        N_("the following arguments are required: {names}"),
    ),
    (r"unrecognized arguments: (?P<names>.*)", N_("unrecognized arguments: {names}")),
    (r"not allowed with argument (?P<name>.*)", N_("not allowed with argument {name}")),
    (
        r"one of the arguments (?P<names>.*) is required",
        N_("one of the arguments {names} is required"),
    ),
    (r"expected one argument", N_("expected one argument")),
    (r"expected at most one argument", N_("expected at most one argument")),
    (r"expected at least one argument", N_("expected at least one argument")),
    (
        r"ambiguous option: (?P<option>.*) could match (?P<matches>.*)",
        N_("ambiguous option: {option} could match {matches}"),
    ),
    (r"invalid \S+ value: (?P<value>.*)", N_("invalid value: {value}")),
    (
        r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
        N_("invalid choice: {value} (choose from {choices})"),
    ),
    (
        r"can't open '(?P<filename>.*)': (?P<error>.*)",
        N_("cannot open “{filename}”: {error}"),
    ),
)


def translated_error(message: str) -> str:
    """One of argparse's error sentences in the active language (the parts it names
    translated too); a sentence of ours (already translated) as it is."""
    for pattern, msgid in ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, message, flags=re.S)
        if found:
            parts = {
                k: _(v) if k == "argument" else translated_error(v)
                for k, v in found.groupdict().items()
            }
            return _(msgid).format(**parts)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, its words and our help texts translated as they are written."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading) -> None:
        super().start_section(_(heading) if heading else heading)

    def add_text(self, text) -> None:
        super().add_text(_(text) if text and text is not argparse.SUPPRESS else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return _(action.help) if action.help else action.help

    def _metavar_formatter(self, action, default_metavar):
        # the metavars we name (COMMAND, ACTION…) in the operator's language
        given = super()._metavar_formatter(action, default_metavar)
        if not isinstance(action.metavar, str):
            return given
        return lambda size: tuple(_(m) for m in given(size))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the operator's language (its sub-commands too)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = _("{prog}: error: {message}").format(
            prog=self.prog, message=translated_error(message)
        )
        self.exit(2, text + "\n")
