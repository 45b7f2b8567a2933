"""Maps drawn with text: a country's outline in braille dots, pins as characters.

Each character cell holds 2x4 braille dots, so a 60x14 map has 120x56 dots.  The
view is the country's bounding box (or the pins', when they are outside it), in an
equirectangular projection corrected by the cosine of the middle latitude, fitted
into the cells keeping its shape (a cell is about twice as tall as it is wide).
Outlines: Natural Earth 1:110m (``data/outlines.json``).
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

PIN = "●"
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][col] in a cell


@dataclass(frozen=True)
class MapView:
    lines: list[str]  # the map, one string per row, all of the same width
    pins_shown: int  # pins inside the view


@lru_cache(maxsize=1)
def outlines() -> dict[str, list[list[list[float]]]]:
    """Country code -> rings of [longitude, latitude] points."""
    return json.loads(files("tui_clients.data").joinpath("outlines.json").read_text())


def draw(country: str, pins: list[tuple[float, float]], width: int, height: int) -> MapView:
    """The map of ``country`` with ``pins`` ((lat, lng) pairs), ``width`` x ``height`` cells."""
    rings = outlines().get(country, [])
    points = [p for ring in rings for p in ring] + [[lng, lat] for lat, lng in pins]
    if not points or width < 4 or height < 2:
        return MapView([" " * max(width, 0)] * max(height, 0), 0)
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    pad = 0.5
    west, east, south, north = west - pad, east + pad, south - pad, north + pad
    squeeze = math.cos(math.radians((south + north) / 2))
    dots_w, dots_h = width * 2, height * 4
    # a dot is about as tall as it is wide; one degree of longitude is `squeeze` of one
    # of latitude: one scale for both axes keeps the country's shape
    scale = min(dots_w / ((east - west) * squeeze), dots_h / (north - south))
    off_x = (dots_w - (east - west) * squeeze * scale) / 2
    off_y = (dots_h - (north - south) * scale) / 2

    def to_dot(lng: float, lat: float) -> tuple[float, float]:
        return off_x + (lng - west) * squeeze * scale, off_y + (north - lat) * scale

    cells = [[0] * width for _ in range(height)]

    def plot(x: float, y: float) -> None:
        col, row = int(x), int(y)
        if 0 <= col < dots_w and 0 <= row < dots_h:
            cells[row // 4][col // 2] |= _DOTS[row % 4][col % 2]

    for ring in rings:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            ax, ay = to_dot(x0, y0)
            bx, by = to_dot(x1, y1)
            steps = max(1, int(max(abs(bx - ax), abs(by - ay)) * 2))
            for i in range(steps + 1):
                plot(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps)
    lines = [[chr(0x2800 + c) if c else " " for c in row] for row in cells]
    shown = 0
    for lat, lng in pins:
        x, y = to_dot(lng, lat)
        col, row = int(x) // 2, int(y) // 4
        if 0 <= col < width and 0 <= row < height:
            lines[row][col] = PIN
            shown += 1
    return MapView(["".join(row) for row in lines], shown)
