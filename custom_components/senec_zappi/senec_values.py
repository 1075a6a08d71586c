"""Turn decoded SENEC values into entity states.

Values arrive already decoded (int, float, str, None); these converters only
scale, map codes to enum keys and refuse the wrong type, so an odd value
becomes an unknown state instead of an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import math

from homeassistant.helpers.typing import StateType

from .senec import DecodedAnswer, Value

type ValueFn = Callable[[Value], StateType]


def number(value: Value) -> float | int | None:
    """A numeric value; -0.0 (seen on PV power at night) reads as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return value + 0.0  # turns -0.0 into 0.0
    return value


def scaled(factor: float) -> ValueFn:
    """A numeric value multiplied by a unit factor (mV -> V is 0.001)."""

    def convert(value: Value) -> float | None:
        result = number(value)
        return None if result is None else round(result * factor, 6)

    return convert


def text(value: Value) -> str | None:
    """A non-empty text value."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def enum(table: Mapping[int, str]) -> ValueFn:
    """A code mapped to its stable option key; unknown codes give None."""

    def convert(value: Value) -> str | None:
        code = number(value)
        if code is None or code != int(code):
            return None
        return table.get(int(code))

    return convert


def count(data: DecodedAnswer, section: str, field: str) -> int:
    """A count the device reports, 0 when missing or odd."""
    value = number(data.sections.get(section, {}).get(field))
    return int(value) if value is not None and value > 0 else 0


def always(_: DecodedAnswer) -> bool:
    """Entities that every unit has."""
    return True
