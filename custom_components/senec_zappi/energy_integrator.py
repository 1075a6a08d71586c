"""kWh from polled watts: the SENEC V3 reports no energy totals of its own.

Powers are sampled every poll and joined by straight lines (trapezoidal rule).
Only the part of the line on the wanted side of zero counts, so a grid power
that swings from import to export between two polls splits at the crossing
instead of smearing import into export. A gap longer than ``max_gap`` (the
device was unreachable, Home Assistant was stopped) adds nothing: the power in
between is unknown, and inventing it would be worse than missing it.
"""

from __future__ import annotations

from dataclasses import dataclass

JOULES_PER_KWH = 3_600_000.0


def positive_area(p0: float, p1: float, seconds: float) -> float:
    """Integral (W*s) of the positive part of a line from p0 to p1."""
    if p0 >= 0 and p1 >= 0:
        return (p0 + p1) / 2 * seconds
    if p0 <= 0 and p1 <= 0:
        return 0.0
    crossing = p0 / (p0 - p1) * seconds  # where the line meets zero
    if p0 > 0:
        return p0 / 2 * crossing
    return p1 / 2 * (seconds - crossing)


@dataclass(slots=True)
class EnergyIntegrator:
    """Running kWh total of one power direction (sign +1 or -1)."""

    sign: float
    max_gap: float
    total_kwh: float = 0.0
    _last_time: float | None = None
    _last_power: float | None = None

    def add(self, timestamp: float, power_w: float | None) -> float:
        """Take one sample (seconds, W); returns the kWh it added."""
        if power_w is None:
            self._last_time = self._last_power = None
            return 0.0
        added = 0.0
        if self._last_time is not None and self._last_power is not None:
            elapsed = timestamp - self._last_time
            if elapsed <= 0:
                return 0.0  # same or older sample: nothing new
            if elapsed <= self.max_gap:
                area = positive_area(
                    self.sign * self._last_power, self.sign * power_w, elapsed
                )
                added = area / JOULES_PER_KWH
                self.total_kwh += added
        self._last_time, self._last_power = timestamp, power_w
        return added
