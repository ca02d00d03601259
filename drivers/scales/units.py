"""Weight units a scale may display, and their conversion to grams."""

from __future__ import annotations

GRAMS_PER_UNIT = {
    "g": 1.0,
    "kg": 1000.0,
    "mg": 0.001,
    "t": 1_000_000.0,
    "lb": 453.59237,
    "oz": 28.349523125,
    "ct": 0.2,  # metric carat
}


def to_grams(value: float, unit: str) -> float:
    """``value`` in ``unit`` as grams, rounded to the milligram. Unknown units raise ValueError."""
    factor = GRAMS_PER_UNIT.get(unit.strip().lower())
    if factor is None:
        raise ValueError(f"unknown weight unit {unit!r}")
    return round(value * factor, 3)


def from_grams(grams: float, unit: str) -> float:
    factor = GRAMS_PER_UNIT.get(unit.strip().lower())
    if factor is None:
        raise ValueError(f"unknown weight unit {unit!r}")
    return grams / factor
