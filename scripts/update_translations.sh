#!/usr/bin/env bash
# Refresh the Spanish catalog after changing messages: extract, merge, compile.
# Needs GNU gettext (xgettext, msgmerge, msgfmt). Then translate the new or
# fuzzy entries in tui_clients/locale/es/LC_MESSAGES/tui_clients.po and run again.
set -euo pipefail
cd "$(dirname "$0")/.."
po=tui_clients/locale/es/LC_MESSAGES/tui_clients.po
pot=$(mktemp --suffix=.pot)
xgettext --language=Python --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --from-code=UTF-8 --no-wrap \
  --sort-output -o "$pot" $(find tui_clients -name '*.py' | sort)
msgmerge --quiet --update --no-wrap --sort-output --backup=none "$po" "$pot"
msgfmt --check --statistics -o "${po%.po}.mo" "$po"
rm -f "$pot"
