"""Lifetime energy of a zappi from its hourly history: every joule counted once.

The hub's history is not final when it is first read: the newest hours are
uploaded late and an hour already answered can grow on a later read; some
reads answer fewer records or none. A "today" total read at 23:50 therefore
misses what the day still gains, and a daily reset throws it away.

The ledger keeps, per hour, what it has already counted (joules per
quantity). Each read adds only the growth of each hour over that: a new hour
counts fully, an hour that grew adds the difference, a shorter or empty
answer adds nothing and forgets nothing. The lifetime totals are the sum of
all that was ever added, so they never decrease, whatever the answers do.

Hours are remembered for ``keep`` (48 h): longer than the hub revises hours
and longer than any window the integration reads. A record older than that
is ignored, never counted again: the hour it belongs to was forgotten, and
counting it would count it twice. Stored with ``as_dict``/``from_dict``, so a
restart or reload continues exactly where the last read left off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

from .history import JOULES_PER_KWH, HistoryRecord

# The quantities counted, in the order of a stored hour's list.
QUANTITIES: Final = ("grid_import", "grid_export", "generation", "diverted", "boosted")
DEFAULT_KEEP: Final = timedelta(hours=48)
# A read reaches back at least this far (beyond local midnight when needed):
# a UTC day is then re-read until the client keeps it as settled (3 h after
# it ended), whatever the time zone.
LOOKBACK: Final = timedelta(hours=6)


def read_since(local_midnight: datetime, now: datetime) -> datetime:
    """Where a history read starts: the local day, and the last LOOKBACK."""
    return min(local_midnight, now - LOOKBACK)


def _joules(record: HistoryRecord) -> tuple[int, ...]:
    return (
        record.import_j,
        record.export_j,
        record.generation_j,
        record.diverted_j,
        record.boosted_j,
    )


@dataclass
class EnergyLedger:
    """Lifetime joules per quantity of one zappi, and the hours they came from."""

    keep: timedelta = DEFAULT_KEEP
    totals_j: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(QUANTITIES, 0)
    )
    # Hour start (UTC) -> joules counted so far for it, in QUANTITIES order.
    hours: dict[datetime, tuple[int, ...]] = field(default_factory=dict)

    def feed(self, records: Iterable[HistoryRecord], now: datetime) -> dict[str, int]:
        """Count what these records add over what was counted; joules added."""
        horizon = now - self.keep
        added = dict.fromkeys(QUANTITIES, 0)
        latest: dict[datetime, tuple[int, ...]] = {}
        for record in records:
            if record.start >= horizon:
                # A repeated interval in one answer: the larger reading holds.
                seen = latest.get(record.start)
                values = tuple(max(0, j) for j in _joules(record))
                latest[record.start] = (
                    values if seen is None else tuple(map(max, seen, values))
                )
        for start, values in latest.items():
            counted = self.hours.get(start, (0,) * len(QUANTITIES))
            grown = tuple(map(max, counted, values))
            for name, old, new in zip(QUANTITIES, counted, grown, strict=True):
                added[name] += new - old
                self.totals_j[name] += new - old
            self.hours[start] = grown
        self.hours = {s: v for s, v in self.hours.items() if s >= horizon}
        return added

    def total_kwh(self, quantity: str) -> float:
        """Lifetime kWh of one quantity."""
        return self.totals_j[quantity] / JOULES_PER_KWH

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form for a store."""
        return {
            "totals_j": dict(self.totals_j),
            "hours": {s.isoformat(): list(v) for s, v in self.hours.items()},
        }

    @classmethod
    def from_dict(
        cls, data: object, keep: timedelta = DEFAULT_KEEP
    ) -> EnergyLedger | None:
        """A stored ledger, or None when the data is not one (start afresh)."""
        if not isinstance(data, Mapping):
            return None
        totals, hours = data.get("totals_j"), data.get("hours")
        if not isinstance(totals, Mapping) or not isinstance(hours, Mapping):
            return None
        ledger = cls(keep=keep)
        for name in QUANTITIES:
            value = totals.get(name, 0)
            if not _count(value):
                return None
            ledger.totals_j[name] = value
        for key, values in hours.items():
            try:
                start = datetime.fromisoformat(key)
            except (TypeError, ValueError):
                return None
            if (
                start.tzinfo is None
                or not isinstance(values, list)
                or len(values) != len(QUANTITIES)
                or not all(_count(v) for v in values)
            ):
                return None
            ledger.hours[start.astimezone(UTC)] = tuple(values)
        return ledger


def _count(value: object) -> bool:
    """A whole number of joules, not negative (bool is not a count)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
