"""Coordinates and postal codes."""

from __future__ import annotations

import math
import re
import warnings
from decimal import Decimal

from geopy.point import Point

from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_

_NUMBER = r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"  # 4.6, -.5, 1e-05
_PAIR = re.compile(rf"^\s*{_NUMBER}\s*[,;]\s*{_NUMBER}\s*$")

POSTAL_DIGITS = {"MX": 5, "PE": 5, "CO": 6}
_GENERIC_POSTAL = re.compile(r"^[A-Z0-9][A-Z0-9 -]{1,9}$")


def parse_coordinates(value: str | None, field: str = "coordinates") -> Point | None:
    """'lat,lng' as a geopy Point; both finite and in range. None when empty."""
    text = (value or "").strip()
    if not text:
        return None
    match = _PAIR.match(text)
    try:
        if match:
            lat, lng = float(match.group(1)), float(match.group(2))
            if not (math.isfinite(lat) and math.isfinite(lng)):
                raise ValueError
            if not -90 <= lat <= 90 or not -180 <= lng <= 180:
                raise ValidationError(
                    FieldError(
                        field,
                        "coordinates_range",
                        N_("“{value}”: latitude must be within ±90 and longitude within ±180."),
                        shown(text),
                    )
                )
            return Point(lat, lng)
        with warnings.catch_warnings():  # geopy warns on stderr about what it refuses
            warnings.simplefilter("ignore")
            point = Point.from_string(text)
        if not (math.isfinite(point.latitude) and math.isfinite(point.longitude)):
            raise ValueError
        return point
    except ValueError:
        raise ValidationError(
            FieldError(
                field,
                "coordinates",
                N_("“{value}” is not a 'latitude,longitude' pair, e.g. 4.6097,-74.0817."),
                shown(text),
            )
        ) from None


def coordinates_text(latitude: float, longitude: float) -> str:
    """'lat,lng' as written to a file: every digit Python's repr keeps, never an exponent
    (1e-05 is written 0.00001), so it reads back as the same floats."""
    return f"{_plain(latitude)},{_plain(longitude)}"


def distance_text(km: float | None) -> str:
    """A distance as the list shows it: "0.4 km", "245.5 km", "1,204 km" ("" when unknown)."""
    if km is None:
        return ""
    return f"{km:.1f} km" if km < 1000 else f"{km:,.0f} km"


def _plain(number: float) -> str:
    text = repr(float(number))
    return format(Decimal(text), "f") if "e" in text else text


def normalize_postal_code(
    value: str | None, country: str | None, field: str = "postal_code"
) -> str:
    text = re.sub(r"\s+", " ", (value or "").strip().upper())
    if not text:
        return ""
    digits = POSTAL_DIGITS.get(country or "")
    if digits and not (text.isdigit() and len(text) == digits):
        raise ValidationError(
            FieldError(
                field,
                "postal_code",
                N_("“{value}” is not a postal code of {country}: it has {digits} digits."),
                shown(text),
                {"country": country, "digits": digits},
            )
        )
    if not digits and not _GENERIC_POSTAL.match(text):
        raise ValidationError(
            FieldError(
                field,
                "postal_code",
                N_("“{value}” is not a postal code: 2 to 10 letters or digits."),
                shown(text),
            )
        )
    return text
