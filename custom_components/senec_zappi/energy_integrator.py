"""kWh from polled watts: the SENEC V3 reports no energy totals of its own.

Powers are sampled every poll and joined by straight lines (trapezoidal rule).
Only the part of the line on the wanted side of zero counts, so a grid power
that swings from import to export between two polls splits at the crossing
instead of smearing import into export.

A gap up to ``max_gap`` (a few failed polls, the back-off after them, a
restart or reload) is bridged with the straight line between the two good
samples on either side: the energy kept flowing, and the line is the best
unbiased guess of it. A longer gap (the device was off, Home Assistant was
stopped for long) adds nothing: inventing an hour of power would be worse
than missing it. ``on_long_gap`` hears of each such gap once.

No Home Assistant imports: any power series can be integrated with it (the
SENEC totals, house-view energies).
"""

from __future__ import annotations

from collections.abc import Callable
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
    """Running kWh total of one power direction (sign +1 or -1).

    ``max_gap`` is the longest time (s) between two good samples that is
    still bridged; ``on_long_gap(seconds)`` is called once per longer gap.
    """

    sign: float
    max_gap: float
    on_long_gap: Callable[[float], None] | None = None
    total_kwh: float = 0.0
    _last_time: float | None = None
    _last_power: float | None = None

    @property
    def last_sample(self) -> tuple[float, float] | None:
        """The last good (time, W), to be restored after a restart."""
        if self._last_time is None or self._last_power is None:
            return None
        return self._last_time, self._last_power

    def restore(self, total_kwh: float, last: tuple[float, float] | None) -> None:
        """Continue a stored total; a stored last sample bridges a short restart."""
        self.total_kwh = total_kwh
        self._last_time, self._last_power = last if last else (None, None)

    def add(self, timestamp: float, power_w: float | None) -> float:
        """Take one sample (seconds, W); returns the kWh it added.

        An unknown power (None) is a missing sample like a failed poll: the
        line runs from the last good sample to the next one.
        """
        if power_w is None:
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
            elif self.on_long_gap is not None:
                self.on_long_gap(elapsed)
        self._last_time, self._last_power = timestamp, power_w
        return added
