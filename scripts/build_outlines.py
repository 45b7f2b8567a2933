"""Regenerate ``data/outlines.json``: country outlines for the maps drawn in the terminal.

Build-time tools only: Natural Earth's 1:110m countries (public domain), as shipped in
the wheel of geopandas 0.14.4 (``geopandas/datasets/naturalearth_lowres``), read with
pyshp.  Nothing needs installing beyond pyshp; the wheel is only unpacked::

    python3 -m venv /tmp/geovenv && /tmp/geovenv/bin/pip install --no-deps pyshp==3.1.6
    /tmp/geovenv/bin/pip download --no-deps geopandas==0.14.4 -d /tmp/geo
    unzip -o /tmp/geo/geopandas-0.14.4-py3-none-any.whl \
        'geopandas/datasets/naturalearth_lowres/*' -d /tmp/geo/ne
    /tmp/geovenv/bin/python scripts/build_outlines.py \
        /tmp/geo/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Output: ``{"CO": [[[lng, lat], …], …], …}``: each country's rings, coordinates rounded
to 0.01 degrees, keyed by ISO 3166-1 alpha-2 (from ``data/countries.csv``).
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from pathlib import Path

import shapefile

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BY_NAME = {"France": "FR", "Norway": "NO", "Kosovo": "XK", "N. Cyprus": "", "Somaliland": ""}


def main(path: str) -> None:
    alpha2 = {}
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            alpha2[row["alpha3"]] = row["alpha2"]
    outlines: dict[str, list] = {}
    for item in shapefile.Reader(path, encoding="latin-1").iterShapeRecords():
        code = alpha2.get(item.record["iso_a3"]) or BY_NAME.get(item.record["name"], "")
        if not code:
            continue
        points = item.shape.points
        bounds = [*item.shape.parts, len(points)]
        for start, end in itertools.pairwise(bounds):
            ring = [[round(x, 2), round(y, 2)] for x, y in points[start:end]]
            outlines.setdefault(code, []).append(ring)
    out = DATA_DIR / "outlines.json"
    out.write_text(json.dumps(outlines, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{out}: {len(outlines)} countries")


if __name__ == "__main__":
    main(sys.argv[1])
