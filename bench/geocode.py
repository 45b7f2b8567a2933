"""Offline geocoder speed on one core; prints addresses/s and memory.

    python bench/geocode.py [--addresses 50000]

Addresses are built from the gazetteer itself, written the way the import template
asks (street, [district,] town, [region,] country), with some that name a region
only, some unknown towns, and some nonsense; each is geocoded once.
"""

from __future__ import annotations

import argparse
import random
import resource
import time


def _rss() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=50_000)
    args = parser.parse_args()
    from tui_clients.domain.gazetteer import OfflineGeocoder, gazetteer

    before = _rss()
    started = time.perf_counter()
    data = gazetteer()
    loaded = time.perf_counter() - started
    load_mb = _rss() - before
    rnd = random.Random(4)
    places = list({id(p): p for found in data.places.values() for p in found}.values())
    countries = {c.country: c.name for c in data.country_by_code.values()}
    regions = {k: r.name for k, r in data.region_by_code.items()}
    addresses = []
    for i in range(args.addresses):
        p = rnd.choice(places)
        street = f"Calle {rnd.randint(1, 200)} # {rnd.randint(1, 99)}-{rnd.randint(1, 99)}"
        roll = i % 10
        if roll < 6:
            addresses.append(f"{street}, {p.name}, {countries[p.country]}")
        elif roll < 8:
            region = regions.get((p.country, p.region), "")
            addresses.append(f"{street}, {p.name}, {region}, {countries[p.country]}")
        elif roll == 8:
            addresses.append(
                f"{street}, {regions.get((p.country, p.region), '')}, {countries[p.country]}"
            )
        else:
            addresses.append(f"{street}, Pueblo Inventado {i}, {countries[p.country]}")
    geo = OfflineGeocoder()
    levels: dict[str, int] = {}
    t = time.perf_counter()
    for address in addresses:
        found = geo.geocode(address)
        level = found.raw["level"] if found else "none"
        levels[level] = levels.get(level, 0) + 1
    seconds = time.perf_counter() - t
    t = time.perf_counter()
    for p in places[:5000]:
        geo.reverse((p.latitude + 0.01, p.longitude - 0.01))
    reverse_rate = 5000 / (time.perf_counter() - t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"gazetteer:   {len(places):,} places, loaded in {loaded:.2f} s "
        f"(+{load_mb:.0f} MB of memory)"
    )
    print(
        f"geocode:     {len(addresses):,} addresses in {seconds:.2f} s = "
        f"{len(addresses) / seconds:,.0f} addresses/s (one core)"
    )
    print(f"levels:      {levels}")
    print(f"reverse:     {reverse_rate:,.0f} points/s")
    print(f"peak RSS:    {rss:.0f} MB")


if __name__ == "__main__":
    main()
