"""How close the SENEC kWh totals come to the truth over a day with failures.

A simulated day of a house with PV, a battery and load steps (the power the
unit would report, second by second) is polled the way the integration polls
it: every 30 s, and after a failed poll (a timeout) with the coordinator's
back-off (60, 120, 240, 300 s after the timeout). Realistic failures: a few
times a day two to five polls in a row time out. The integrator's totals are
compared with the exact integral of the same powers at 1 s resolution.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
import math
import random

from custom_components.senec_zappi.energy_integrator import EnergyIntegrator

DAY = 24 * 3600
INTERVAL = 30.0
TIMEOUT = 10.0  # the SENEC client's request timeout
MAX_BACKOFF = 300.0
BRIDGE = 20 * 60.0  # the sensors' limit: max(20 min, 3 intervals)
# (time of day in s, failed polls in a row): four outages of 2-5 polls.
FAILURES: Sequence[tuple[float, int]] = (
    (3 * 3600 + 17, 2),
    (9 * 3600 + 41 * 60, 3),
    (13 * 3600 + 5 * 60, 5),
    (19 * 3600 + 30 * 60, 4),
)


@dataclass(frozen=True)
class Day:
    """Powers of one simulated day, one value per second (W)."""

    pv: list[float]
    house: list[float]
    battery: list[float]  # positive: charging (the unit's sign)
    grid: list[float]  # positive: import

    def fields(self) -> dict[str, list[float]]:
        """By lala.cgi field."""
        return {
            "GUI_INVERTER_POWER": self.pv,
            "GUI_HOUSE_POW": self.house,
            "GUI_BAT_DATA_POWER": self.battery,
            "GUI_GRID_POW": self.grid,
        }


def simulated_day(seed: int | None = 1) -> Day:
    """PV with passing clouds, a base load with appliance steps, a battery
    that takes the surplus and covers the deficit (5 kWh, 2.5 kW).

    seed None: a clear sky and no appliance steps (smooth flows only).
    """
    rng = random.Random(seed)
    clouds = [1.0] * DAY
    t = 0
    while seed is not None and t < DAY:
        length = rng.randint(60, 1800)
        depth = rng.choice((1.0, 1.0, 0.8, 0.5, 0.3))
        for s in range(t, min(DAY, t + length)):
            clouds[s] = depth
        t += length
    house = [350.0 + 80 * math.sin(s / 900) for s in range(DAY)]
    for _ in range(0 if seed is None else 30):  # kettle, oven, washing machine...
        start = rng.randrange(6 * 3600, 24 * 3600 - 120)
        watts = rng.choice((2000.0, 2500.0, 1200.0, 800.0))
        for s in range(start, min(DAY, start + rng.randint(120, 3600))):
            house[s] += watts
    pv, battery, grid = [], [], []
    soc_j, capacity_j, limit = 1.0 * 3_600_000, 5.0 * 3_600_000, 2500.0
    for s in range(DAY):
        sun = 0.0
        if 6 * 3600 <= s <= 20 * 3600:
            sun = 7000 * math.sin(math.pi * (s - 6 * 3600) / (14 * 3600))
        p = sun * clouds[s]
        surplus = p - house[s]
        if surplus > 0:
            b = min(surplus, limit, capacity_j - soc_j)
        else:
            b = -min(-surplus, limit, soc_j)
        soc_j += b
        pv.append(p)
        battery.append(b)
        grid.append(house[s] + b - p)
    return Day(pv, house, battery, grid)


def exact_kwh(series: list[float], sign: float) -> float:
    """The wanted side of a per-second power series, summed (kWh)."""
    return sum(max(0.0, sign * w) for w in series) / 3_600_000


def polls(failures: Sequence[tuple[float, int]]) -> Iterator[tuple[float, bool]]:
    """(time, answered) of each poll over a day, with timeouts and back-off."""
    pending = sorted(failures)
    t, failed_in_row = 0.0, 0
    to_fail = 0
    while t < DAY - 1:
        if pending and t >= pending[0][0]:
            to_fail += pending.pop(0)[1]
        if to_fail:
            to_fail -= 1
            failed_in_row += 1
            yield t, False
            t += TIMEOUT + min(INTERVAL * 2**failed_in_row, MAX_BACKOFF)
            continue
        failed_in_row = 0
        yield t, True
        t += INTERVAL


def integrate(
    series: list[float],
    sign: float,
    failures: Sequence[tuple[float, int]],
    max_gap: float = BRIDGE,
) -> float:
    """kWh the integrator counts from the polls that were answered."""
    integrator = EnergyIntegrator(sign=sign, max_gap=max_gap)
    for t, answered in polls(failures):
        if answered:
            integrator.add(t, series[int(t)])
    return integrator.total_kwh


TOTALS: Sequence[tuple[str, str, float]] = (
    ("grid import", "GUI_GRID_POW", 1),
    ("grid export", "GUI_GRID_POW", -1),
    ("battery charge", "GUI_BAT_DATA_POWER", 1),
    ("battery discharge", "GUI_BAT_DATA_POWER", -1),
    ("PV", "GUI_INVERTER_POWER", 1),
    ("house", "GUI_HOUSE_POW", 1),
)


@dataclass(frozen=True)
class Errors:
    """Errors of one total in % of the exact value."""

    worst_day: float  # the largest of the daily errors (absolute)
    all_days: float  # of the sum over all days (signed: negative = lost)


def errors(
    seeds: Sequence[int | None],
    failures: Sequence[tuple[float, int]] = FAILURES,
    max_gap: float = BRIDGE,
) -> dict[str, Errors]:
    """Per total: the worst day's error and the error of all days together."""
    worst: dict[str, float] = {}
    exact_sum: dict[str, float] = {}
    counted_sum: dict[str, float] = {}
    for seed in seeds:
        day = simulated_day(seed).fields()
        for name, field, sign in TOTALS:
            exact = exact_kwh(day[field], sign)
            counted = integrate(day[field], sign, failures, max_gap)
            worst[name] = max(worst.get(name, 0.0), abs(counted - exact) / exact * 100)
            exact_sum[name] = exact_sum.get(name, 0.0) + exact
            counted_sum[name] = counted_sum.get(name, 0.0) + counted
    return {
        name: Errors(
            worst[name], (counted_sum[name] - exact_sum[name]) / exact_sum[name] * 100
        )
        for name in worst
    }


def energy_report(days: int = 30) -> str:
    """The lines the README quotes: bridged, and what the old 90 s rule lost."""
    lines = [
        f"SENEC kWh totals, 30 s polls, {len(FAILURES)} outages a day of 2-5 "
        "timed-out polls (back-off as the coordinator), error vs the exact "
        "integral (bridged up to 20 min | old rule, nothing across > 90 s):"
    ]
    smooth = errors([None])
    smooth_old = errors([None], max_gap=3 * INTERVAL)
    lines.append("  clear day, smooth loads:")
    lines.extend(
        f"    {name:<18} {smooth[name].worst_day:6.3f} % | "
        f"{smooth_old[name].worst_day:6.3f} %"
        for name in smooth
    )
    seeds = list(range(1, days + 1))
    varied = errors(seeds)
    varied_old = errors(seeds, max_gap=3 * INTERVAL)
    clean = errors(seeds, failures=())
    lines.append(
        f"  {days} days with passing clouds and appliance steps: worst day, "
        "all days together (no failures: worst day):"
    )
    lines.extend(
        f"    {name:<18} {varied[name].worst_day:5.2f} %, "
        f"{varied[name].all_days:+6.3f} % | {varied_old[name].worst_day:5.2f} %, "
        f"{varied_old[name].all_days:+6.3f} %  ({clean[name].worst_day:.2f} %)"
        for name in varied
    )
    return "\n".join(lines)
