"""Hourly history (cgi-jdayhour) and today's totals for the local day.

Records are in UTC; a local day is a UTC window that moves with daylight
saving time and is 23 or 25 hours long on the change days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
import math
from typing import Any, Final

from .exceptions import MyenergiInvalidAnswerError

JOULES_PER_KWH: Final = 3_600_000


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """Energy of one interval (joules), starting at ``start`` (UTC)."""

    start: datetime
    import_j: int
    export_j: int
    generation_j: int
    diverted_j: int
    boosted_j: int
    voltage_v: float | None
    frequency_hz: float | None


def _int_or_zero(raw: dict[str, Any], key: str) -> int:
    value = raw.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    if isinstance(value, float) and not math.isfinite(value):
        return 0
    return int(value)


def _record(raw: object) -> HistoryRecord | None:
    if not isinstance(raw, dict):
        return None
    try:
        start = datetime(
            _int_or_zero(raw, "yr"),
            _int_or_zero(raw, "mon"),
            _int_or_zero(raw, "dom"),
            _int_or_zero(raw, "hr"),
            _int_or_zero(raw, "min"),
            tzinfo=UTC,
        )
    except (ValueError, OverflowError):
        return None
    volts, freq = _int_or_zero(raw, "v1"), _int_or_zero(raw, "frq")
    return HistoryRecord(
        start=start,
        import_j=_int_or_zero(raw, "imp"),
        export_j=_int_or_zero(raw, "exp"),
        generation_j=_int_or_zero(raw, "gep"),
        diverted_j=sum(_int_or_zero(raw, f"h{n}d") for n in (1, 2, 3)),
        boosted_j=sum(_int_or_zero(raw, f"h{n}b") for n in (1, 2, 3)),
        voltage_v=volts / 10 if volts else None,
        frequency_hz=freq / 100 if freq else None,
    )


def parse_history(payload: object) -> list[HistoryRecord]:
    """Records of a ``{"U<serial>": [...]}`` answer; bad records are skipped."""
    if not isinstance(payload, dict):
        raise MyenergiInvalidAnswerError("The history answer is not an object")
    lists = [value for value in payload.values() if isinstance(value, list)]
    if len(lists) != 1:
        raise MyenergiInvalidAnswerError("The history answer holds no record list")
    return [record for raw in lists[0] if (record := _record(raw)) is not None]


def local_day_window(local_day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """UTC start (inclusive) and end (exclusive) of a local calendar day."""
    start = datetime.combine(local_day, time(), tzinfo=tz)
    end = datetime.combine(local_day + timedelta(days=1), time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class DayEnergy:
    """Totals of one local day so far, in kWh."""

    day: date
    grid_import_kwh: float
    grid_export_kwh: float
    generation_kwh: float
    diverted_kwh: float
    boosted_kwh: float
    records: int


def aggregate_day(
    records: Iterable[HistoryRecord], local_day: date, tz: tzinfo
) -> DayEnergy:
    """Sum the records inside the local day; a repeated interval counts once."""
    start, end = local_day_window(local_day, tz)
    inside = {r.start: r for r in records if start <= r.start < end}.values()

    def kwh(joules: int) -> float:
        return round(joules / JOULES_PER_KWH, 3)

    return DayEnergy(
        day=local_day,
        grid_import_kwh=kwh(sum(r.import_j for r in inside)),
        grid_export_kwh=kwh(sum(r.export_j for r in inside)),
        generation_kwh=kwh(sum(r.generation_j for r in inside)),
        diverted_kwh=kwh(sum(r.diverted_j for r in inside)),
        boosted_kwh=kwh(sum(r.boosted_j for r in inside)),
        records=len(inside),
    )
