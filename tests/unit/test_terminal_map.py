"""Maps drawn with braille dots from Natural Earth outlines, with pins."""

from tui_clients.domain.terminal_map import PIN, draw


def pin_position(view):
    return [(row, line.index(PIN)) for row, line in enumerate(view.lines) if PIN in line]


def test_a_country_is_drawn_in_the_cells_asked_with_its_pins_where_they_are():
    view = draw("CO", [(4.61, -74.08)], 40, 14)  # Bogotá
    assert len(view.lines) == 14 and {len(line) for line in view.lines} == {40}
    assert view.pins_shown == 1
    [(row, col)] = pin_position(view)
    assert 4 <= row <= 8 and 14 <= col <= 22  # inland, a little north and west of centre
    drawn = sum(ch not in (" ", PIN) for line in view.lines for ch in line)
    assert drawn > 60  # the outline


def test_pins_keep_their_order_north_to_south_and_west_to_east():
    view = draw("PE", [(-3.75, -73.25), (-12.05, -77.04), (-13.53, -71.97)], 30, 12)
    (r1, c1), (r2, c2), (r3, c3) = sorted(pin_position(view))  # Iquitos, Lima, Cusco
    assert r1 < r2 <= r3 and c2 < c3 and c2 < c1


def test_a_pin_outside_the_country_widens_the_view_and_an_unknown_country_is_blank():
    view = draw("CO", [(-12.05, -77.04)], 40, 14)  # Lima on a map of Colombia
    assert view.pins_shown == 1
    blank = draw("ZZ", [], 20, 5)
    assert blank.lines == [" " * 20] * 5 and blank.pins_shown == 0
