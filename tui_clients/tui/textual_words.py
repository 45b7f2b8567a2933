"""Textual's own words on screen, in the operator's language.

The keys every screen shows (the footer, the ``?`` panel) are ``Binding`` descriptions:
ours are written as message ids (``N_``) and Textual's are English.  Neither is
translated when a module is imported: the App translates each widget's keys when the
widget is registered (:func:`translate_keys`), in the language chosen at start-up.
The words of Textual's widgets are listed here so that the catalog has them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode

from tui_clients.domain.i18n import N_, get_language, translate

# The descriptions of Textual's own bindings (Textual 8), and the titles of its key groups.
TEXTUAL_WORDS = (
    N_("Bottom"),
    N_("Copy"),
    N_("Copy selected text"),
    N_("Cursor Down"),
    N_("Cursor Up"),
    N_("Cursor down"),
    N_("Cursor down select"),
    N_("Cursor left"),
    N_("Cursor left select"),
    N_("Cursor left word select"),
    N_("Cursor line end"),
    N_("Cursor line end select"),
    N_("Cursor line start"),
    N_("Cursor line start select"),
    N_("Cursor page down"),
    N_("Cursor page up"),
    N_("Cursor right"),
    N_("Cursor right select"),
    N_("Cursor right word select"),
    N_("Cursor to next ancestor"),
    N_("Cursor to next sibling"),
    N_("Cursor to parent"),
    N_("Cursor to previous sibling"),
    N_("Cursor up"),
    N_("Cursor up select"),
    N_("Cursor word left"),
    N_("Cursor word right"),
    N_("Cut"),
    N_("Cut selected text"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete line"),
    N_("Delete right to start of word"),
    N_("Delete to line end"),
    N_("Delete to line start"),
    N_("Dismiss menu"),
    N_("Down"),
    N_("End"),
    N_("Exit the command palette"),
    N_("Expand or collapse all"),
    N_("First"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Go to bottom"),
    N_("Go to end"),
    N_("Go to start"),
    N_("Go to top"),
    N_("Home"),
    N_("Last"),
    N_("Move cursor left"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor left and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Next command"),
    N_("Next option"),
    N_("Next page"),
    N_("Next tab"),
    N_("Open link"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Page Up"),
    N_("Page down"),
    N_("Page up"),
    N_("Paste"),
    N_("Paste text from the clipboard"),
    N_("Press button"),
    N_("Previous command"),
    N_("Previous option"),
    N_("Previous page"),
    N_("Previous tab"),
    N_("Quit"),
    N_("Quit the app and return to the command prompt."),
    N_("Redo"),
    N_("Scroll Down"),
    N_("Scroll End"),
    N_("Scroll Home"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Up"),
    N_("Select"),
    N_("Select all"),
    N_("Select line"),
    N_("Select line end"),
    N_("Select line start"),
    N_("Show menu"),
    N_("Submit"),
    N_("Toggle"),
    N_("Toggle collapsible"),
    N_("Toggle option"),
    N_("Top"),
    N_("Undo"),
    N_("Up"),
    N_("palette"),
    # the titles of the groups of keys in the ? panel
    N_("Input"),
    N_("Collapsible"),
)


def _word(text: str, lang: str) -> str:
    return translate(text, lang) if text else text  # gettext("") is the catalog's header


@cache
def _translated(binding: Binding, lang: str) -> Binding:
    description, tooltip = _word(binding.description, lang), _word(binding.tooltip, lang)
    if (description, tooltip) == (binding.description, binding.tooltip):
        return binding
    return replace(binding, description=description, tooltip=tooltip)


def translate_keys(node: DOMNode) -> None:
    """The keys of ``node`` (its footer entries, its lines in the ? panel), in the
    active language."""
    lang = get_language()
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [_translated(binding, lang) for binding in bindings]
    title = type(node).BINDING_GROUP_TITLE
    if title:
        node.BINDING_GROUP_TITLE = _word(title, lang)
