"""Turn decoded SENEC values into entity states, and decide what hardware exists.

Values arrive already decoded (int, float, str, list, None); these converters
only scale, map codes to enum keys and refuse the wrong type, so an odd value
becomes an unknown state instead of an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
import math

from homeassistant.helpers.typing import StateType

from ...senec import DecodedAnswer, Value

type ValueFn = Callable[[Value], StateType | datetime]
type IsOnFn = Callable[[Value], bool | None]
type ExistsFn = Callable[[DecodedAnswer], bool]


def number(value: Value) -> float | int | None:
    """A numeric value; -0.0 (seen on PV power at night) reads as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return value + 0.0  # turns -0.0 into 0.0
    return value


def above(threshold: float) -> IsOnFn:
    """On while the value is above the threshold."""

    def check(value: Value) -> bool | None:
        result = number(value)
        return None if result is None else result > threshold

    return check


def below(threshold: float) -> IsOnFn:
    """On while the value is below the threshold."""

    def check(value: Value) -> bool | None:
        result = number(value)
        return None if result is None else result < threshold

    return check


def flag(value: Value) -> bool | None:
    """A 0/1 flag; anything that is not a number is unknown."""
    result = number(value)
    return None if result is None else result != 0


def scaled(factor: float) -> ValueFn:
    """A numeric value multiplied by a unit factor (mV -> V is 0.001)."""

    def convert(value: Value) -> float | None:
        result = number(value)
        return None if result is None else round(result * factor, 6)

    return convert


def text(value: Value) -> str | None:
    """A non-empty text value; version numbers arrive as integers."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def text_or(empty: str) -> ValueFn:
    """A text value; an empty text reads as the state key empty.

    Only a text that is there and empty: a missing value stays unknown.
    """

    def convert(value: Value) -> str | None:
        if isinstance(value, str) and not value.strip():
            return empty
        return text(value)

    return convert


def magnitude(value: Value) -> float | int | None:
    """A numeric value without its sign (a power whose sign varies by firmware)."""
    result = number(value)
    return None if result is None else abs(result)


def within(value: float, valid: tuple[float, float] | None) -> bool:
    """The value lies in the valid range (inclusive); no range: always."""
    return valid is None or valid[0] <= value <= valid[1]


def enum(table: Mapping[int, str]) -> ValueFn:
    """A code mapped to its stable option key; unknown codes give None."""

    def convert(value: Value) -> str | None:
        code = number(value)
        if code is None or code != int(code):
            return None
        return table.get(int(code))

    return convert


def timestamp(value: Value) -> datetime | None:
    """Seconds since 1970 (UTC); 0 means never, not 1 January 1970."""
    seconds = number(value)
    if seconds is None or seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def step_of(states: Mapping[int, str], steps: Mapping[int, str]) -> ValueFn:
    """The step a per-step state list points at: the running one, else a failed one.

    BAT1.SELFTEST_STATE holds one result code per grid-protection step; the
    position in the list is the step.
    """

    def convert(value: Value) -> str | None:
        if not isinstance(value, list):
            return None
        results = [enum(states)(item) for item in value]
        for wanted in ("running", "failed"):
            if wanted in results:
                return steps.get(results.index(wanted))
        return None

    return convert


def count(data: DecodedAnswer, section: str, field: str) -> int:
    """A count the device reports, 0 when missing or odd."""
    value = number(data.sections.get(section, {}).get(field))
    return int(value) if value is not None and value > 0 else 0


def always(_: DecodedAnswer) -> bool:
    """Entities that every unit has."""
    return True


# Presence: which entities a unit has, decided from the first poll's answer.


def counted(index: int, section: str, *fields: str) -> ExistsFn:
    """Hardware number index+1 exists: the first non-zero count is above index.

    BMS reports its modules twice (MODULES_CONFIGURED, MODULE_COUNT); older
    firmware fills only one of them.
    """

    def exists(data: DecodedAnswer) -> bool:
        counts = (count(data, section, field) for field in fields)
        return index < next((n for n in counts if n), 0)

    return exists


def nonzero(section: str, field: str) -> ExistsFn:
    """Hardware the unit marks as there (or licensed) with a non-zero flag."""
    return counted(0, section, field)


def answered(section: str, field: str) -> ExistsFn:
    """Keys only some firmware knows: the presence read must hold the key.

    VARIABLE_NOT_FOUND already gives no entity for every description
    (SenecEntityDescription.is_present); this adds that a key the answer
    lacks (or answers null) is absent too, where the general rule would
    take it as not asked. A sentinel for a known key still counts.
    """

    def exists(data: DecodedAnswer) -> bool:
        raw = data.raw.get(section)
        return isinstance(raw, dict) and raw.get(field) is not None

    return exists


def has_element(section: str, field: str, index: int) -> ExistsFn:
    """The unit's array value has an element at index (LFP modules: 16 cells)."""

    def exists(data: DecodedAnswer) -> bool:
        value = data.sections.get(section, {}).get(field)
        return isinstance(value, list) and index < len(value)

    return exists


def all_of(*checks: ExistsFn) -> ExistsFn:
    """Present only when every check says so (hardware and its licence)."""

    def exists(data: DecodedAnswer) -> bool:
        return all(check(data) for check in checks)

    return exists
