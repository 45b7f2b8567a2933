"""Headless search: `tui-clients search` (near a place too) and `tui-clients geocode`."""

from __future__ import annotations

import sys

from tui_clients.cli.common import EXIT_OK, error
from tui_clients.domain.i18n import _, ngettext
from tui_clients.services.settings import Settings


def near(args, settings: Settings):
    """--near/--km as (latitude, longitude, km), None without --near, or the reason the
    place cannot be used (unknown, or a name several countries have).  The place used is
    said on standard error, so the output stays the matches alone."""
    if not args.near:
        return None
    from tui_clients.domain.text import printable
    from tui_clients.services.geo.geocoding import near_places

    found = near_places(args.near)
    if not found:
        return _("no place or client by that name to search near")
    if len(found) > 1:
        return _(
            "“{value}” is a place in several countries: {places}. Add the country to the "
            "name, e.g. --near '{example}'."
        ).format(
            value=printable(args.near),
            places="; ".join(printable(p.label) for p in found),
            example=printable(f"{args.near}, {found[0].label.rsplit(', ', 1)[-1]}"),
        )
    place = found[0]
    print(
        _("Near {place} (within {km:g} km)").format(place=printable(place.label), km=args.km),
        file=sys.stderr,
    )
    return place.latitude, place.longitude, float(args.km)


def cmd_search(query: str, limit: int, trash: bool, as_json: bool, near=None) -> int:
    from tui_clients.domain.dates import iso_text
    from tui_clients.domain.places import distance_text
    from tui_clients.domain.text import printable
    from tui_clients.services.clients.listing import ClientFilter, count, page

    if isinstance(near, str):
        return error(near)
    where = ClientFilter(text=query, trash=trash, near=near)
    total = count(where)
    # newest first as in the TUI; nearest first near a place
    rows = page(where, sort="distance" if near else "code", descending=not near, limit=limit)
    if as_json:
        from tui_clients.cli.terminal import json_text

        print(
            json_text(
                {
                    "count": total,
                    "clients": [
                        {
                            "id": c.id,
                            "code": c.code,
                            "name": c.legal_name,
                            "trade_name": c.trade_name,
                            "document_type": c.document_type,
                            "document_number": c.document_number,
                            "email": c.email,
                            "phone": c.phone,
                            "company": c.company,
                            "active": c.active,
                            "created_at": iso_text(c.created_at),
                        }
                        | ({"distance_km": round(c.distance_km, 3)} if near else {})
                        for c in rows
                    ],
                }
            )
        )
        return EXIT_OK
    for c in rows:
        print(
            "  ".join(
                printable(v)
                for v in (
                    *([distance_text(c.distance_km)] if near else []),
                    c.code,
                    c.legal_name,
                    f"{c.document_type} {c.document_number}",
                    c.email,
                    c.phone,
                )
            )
        )
    shown = ngettext("{shown} of {total} match", "{shown} of {total} matches", total)
    print(shown.format(shown=len(rows), total=f"{total:,}"))
    return EXIT_OK


def cmd_geocode(retry: bool) -> int:
    """Coordinates for the addresses without them, with a progress line on stderr."""
    from tui_clients.services.geo.geocoding import fill_missing

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        print(  # numbers only: its carriage return may reach the terminal as it is
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}",
            end="",
            file=getattr(sys.stderr, "unfiltered", sys.stderr),
            flush=True,
        )

    report = fill_missing(retry=retry, progress=progress)
    if report.addresses:
        print(file=sys.stderr)
    print(
        ngettext(
            "{n:,} address geocoded: {placed:,} placed on the map, {country:,} only by its "
            "country, {unresolved:,} not found.",
            "{n:,} addresses geocoded: {placed:,} placed on the map, {country:,} only by their "
            "country, {unresolved:,} not found.",
            report.addresses,
        ).format(
            n=report.addresses,
            placed=report.placed,
            country=report.levels.get("country", 0),
            unresolved=report.levels.get("unresolved", 0),
        )
    )
    return 0
