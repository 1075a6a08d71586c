"""The trapezoidal integration behind the SENEC kWh totals."""

from __future__ import annotations

from collections.abc import Callable
import math

from hypothesis import given, strategies as st
import pytest

from custom_components.senec_zappi.energy_integrator import (
    EnergyIntegrator,
    positive_area,
)

DAY = 24 * 3600


def pv_power(t: float) -> float:
    """A clear-sky PV curve: 6 kW peak at noon, zero at night (06:00-20:00)."""
    start, end = 6 * 3600, 20 * 3600
    if not start <= t <= end:
        return 0.0
    return 6000 * math.sin(math.pi * (t - start) / (end - start))


def grid_power(t: float) -> float:
    """Import at night, export around noon, crossing zero twice."""
    return 800 - pv_power(t) * 0.6 + 300 * math.sin(t / 1800)


def exact_kwh(power: Callable[[float], float], sign: float) -> float:
    """Reference: midpoint sum at 1 s resolution of the wanted side of the power."""
    total = sum(max(0.0, sign * power(t + 0.5)) for t in range(DAY))
    return total / 3_600_000


@pytest.mark.parametrize(
    ("power", "sign"),
    [(pv_power, 1), (grid_power, 1), (grid_power, -1)],
)
def test_simulated_day_within_half_a_percent(
    power: Callable[[float], float], sign: float
) -> None:
    """30 s polls over a day land within 0.5 % of the exact integral."""
    integrator = EnergyIntegrator(sign=sign, max_gap=90)
    for t in range(0, DAY + 1, 30):
        integrator.add(float(t), power(t))
    exact = exact_kwh(power, sign)
    assert exact > 1
    assert integrator.total_kwh == pytest.approx(exact, rel=0.005)


def test_long_gap_adds_nothing_and_is_reported_once() -> None:
    """Two hours without samples add no energy; integration resumes after."""
    gaps: list[float] = []
    integrator = EnergyIntegrator(sign=1, max_gap=1200, on_long_gap=gaps.append)
    integrator.add(0, 1000)
    integrator.add(30, 1000)
    before = integrator.total_kwh
    assert before == pytest.approx(1000 * 30 / 3_600_000)
    assert integrator.add(30 + 7200, 1000) == 0
    assert integrator.total_kwh == before
    assert gaps == [7200]
    integrator.add(30 + 7200 + 30, 1000)
    assert integrator.total_kwh == pytest.approx(2 * before)
    assert gaps == [7200]


def test_short_gap_is_bridged_with_the_straight_line() -> None:
    """Five failed polls and their back-off (1050 s): the line between the
    two good samples counts, 3 kW to 1 kW is 2 kW on average."""
    gaps: list[float] = []
    integrator = EnergyIntegrator(sign=1, max_gap=1200, on_long_gap=gaps.append)
    integrator.add(0, 3000)
    added = integrator.add(1050, 1000)
    assert added == pytest.approx(2000 * 1050 / 3_600_000)
    assert gaps == []


def test_missing_value_is_a_missing_sample() -> None:
    """An unknown power is neither zero nor the last value: it is skipped,
    and the line runs from the last good sample to the next."""
    integrator = EnergyIntegrator(sign=1, max_gap=90)
    integrator.add(0, 500)
    assert integrator.add(30, None) == 0
    assert integrator.add(60, 1500) == pytest.approx(1000 * 60 / 3_600_000)


def test_restore_bridges_a_short_restart() -> None:
    """The stored last sample joins the first one after a restart."""
    before = EnergyIntegrator(sign=1, max_gap=1200)
    before.add(0, 2000)
    before.add(30, 2000)
    after = EnergyIntegrator(sign=1, max_gap=1200)
    after.restore(before.total_kwh, before.last_sample)
    after.add(150, 2000)
    assert after.total_kwh == pytest.approx(2000 * 150 / 3_600_000)
    fresh = EnergyIntegrator(sign=1, max_gap=1200)
    fresh.restore(1.0, None)
    assert fresh.add(150, 2000) == 0
    assert fresh.last_sample == (150, 2000)


def test_old_or_repeated_samples_ignored() -> None:
    """Clock going backwards or a repeated timestamp adds nothing."""
    integrator = EnergyIntegrator(sign=1, max_gap=90)
    integrator.add(100, 500)
    assert integrator.add(100, 900) == 0
    assert integrator.add(50, 900) == 0
    assert integrator.total_kwh == 0


def test_zero_crossing_split() -> None:
    """From +1000 W to -1000 W in 60 s: 30 s of a falling triangle each way."""
    assert positive_area(1000, -1000, 60) == pytest.approx(15000)
    assert positive_area(-1000, 1000, 60) == pytest.approx(15000)
    assert positive_area(-5, -1, 60) == 0
    assert positive_area(0, 0, 60) == 0


@given(
    samples=st.lists(
        st.tuples(
            st.floats(min_value=0.001, max_value=600),
            st.one_of(st.none(), st.floats(min_value=-20000, max_value=20000)),
        ),
        max_size=50,
    ),
    sign=st.sampled_from([1.0, -1.0]),
)
def test_never_decreases(
    samples: list[tuple[float, float | None]], sign: float
) -> None:
    """Whatever the powers, the total only grows."""
    integrator = EnergyIntegrator(sign=sign, max_gap=90)
    now, previous = 0.0, 0.0
    for step, power in samples:
        now += step
        integrator.add(now, power)
        assert integrator.total_kwh >= previous
        previous = integrator.total_kwh
