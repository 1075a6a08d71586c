"""The house view's math, on hand-computed cases and over a simulated day."""

from __future__ import annotations

import math

import pytest

from custom_components.senec_zappi.house import (
    SOURCES,
    ZERO,
    CarSample,
    HouseReading,
    HouseView,
    Hysteresis,
    Ledger,
    PlacementCheck,
    Rules,
    Split,
    split_supply,
)
from simulator.plant import Plant
from simulator.zappi import ECO, ZappiSettings


def reading(pv: float, battery: float, grid: float) -> HouseReading:
    """A SENEC poll: battery + charging, grid + import."""
    result = HouseReading.of(pv, battery, grid)
    assert result is not None
    return result


def approx_split(
    split: Split | None, solar: float, battery: float, grid: float
) -> None:
    """The split holds these watts, to the milliwatt."""
    assert split is not None
    assert (split.solar_w, split.battery_w, split.grid_w) == pytest.approx(
        (solar, battery, grid), abs=1e-3
    )


def test_sun_only() -> None:
    """PV feeds the house and the car, the rest is exported."""
    supply = split_supply(reading(3000, 0, -500))
    approx_split(supply.house, 2500, 0, 0)
    approx_split(supply.car(2000), 2000, 0, 0)
    assert supply.solar_surplus(2000) == pytest.approx(2500)  # 3000 - 500 house
    # export 500 + the car's solar 2000
    assert supply.surplus_after_battery(2000) == pytest.approx(2500)


def test_battery_discharging() -> None:
    """At night the car gets the house's mix of battery and grid."""
    supply = split_supply(reading(0, -2000, 1000))
    approx_split(supply.house, 0, 2000, 1000)
    approx_split(supply.car(2400), 0, 1600, 800)
    assert supply.solar_surplus(2400) == 0
    assert supply.surplus_after_battery(2400) == 0


def test_battery_charging_from_pv_while_the_car_charges() -> None:
    """Charging takes PV first; what is left feeds house and car."""
    supply = split_supply(reading(6000, 1500, 0))
    approx_split(supply.house, 4500, 0, 0)
    approx_split(supply.car(4000), 4000, 0, 0)
    assert supply.solar_surplus(4000) == pytest.approx(5500)  # 6000 - 500
    assert supply.surplus_after_battery(4000) == pytest.approx(4000)


def test_export() -> None:
    """Surplus after the battery is the export plus the car's solar part."""
    supply = split_supply(reading(5000, 1000, -1500))
    approx_split(supply.house, 2500, 0, 0)
    assert supply.solar_surplus(2000) == pytest.approx(4500)
    assert supply.surplus_after_battery(2000) == pytest.approx(1500 + 2000)


def test_sun_battery_and_grid_together() -> None:
    """A cloudy evening: all three sources in proportion."""
    supply = split_supply(reading(2000, -1000, 1000))  # the house draws 4000 W
    approx_split(supply.car(1600), 800, 400, 400)
    approx_split(supply.car(2000), 1000, 500, 500)


def test_safe_charge_from_the_grid() -> None:
    """The battery's grid charge is not the house's: the house is all grid."""
    supply = split_supply(reading(0, 1875, 5375))
    approx_split(supply.house, 0, 0, 3500)
    approx_split(supply.car(3000), 0, 0, 3000)


def test_export_from_the_battery() -> None:
    """A battery that feeds the grid (a power plant order) feeds the house less."""
    supply = split_supply(reading(500, -3000, -1000))
    approx_split(supply.house, 0, 2500, 0)


def test_night_noise_is_no_sun() -> None:
    """PV -0.0 or a few negative watts at night count as no sun."""
    supply = split_supply(reading(-3.0, -400, 5))
    approx_split(supply.house, 0, 400, 5)
    assert supply.solar_surplus(0) == 0


def test_zero_house_load() -> None:
    """An idle dark house has no mix; an idle car is all zeros, a drawing one unknown."""
    supply = split_supply(reading(-0.0, 0, 0))
    assert not supply.has_mix
    assert supply.car(0) == ZERO
    assert supply.car(2000) is None
    assert supply.solar_surplus(2000) == 0  # the house apart from cars never < 0


def test_glitching_flows_never_give_a_negative_part() -> None:
    """Flows that do not add up (one value lags) still give a mix of non-negative parts."""
    supply = split_supply(reading(0, 2000, 500))  # charging 2 kW from 500 W of import
    approx_split(supply.house, 0, 0, 0)
    assert not supply.has_mix
    car = split_supply(reading(100, -300, -200)).car(1000)  # exports more than PV
    approx_split(car, 0, 1000, 0)


def test_missing_or_broken_flow_is_no_reading() -> None:
    """A flow the unit did not send (or NaN) gives no reading at all."""
    assert HouseReading.of(None, 0, 0) is None
    assert HouseReading.of(100, math.nan, 0) is None
    assert HouseReading.of(100, 0, math.inf) is None


def test_hysteresis_on_after_consecutive_polls_off_with_hysteresis() -> None:
    """Three polls above 100 W turn it on; it stays on down to 50 W."""
    state = Hysteresis(on_w=100, off_w=50, on_polls=3, off_polls=3)
    assert [state.add(w) for w in (150, 150, 20, 150, 150)] == [False] * 5
    assert state.add(150) is True
    assert [state.add(w) for w in (80, 60, 40, 40, 70)] == [True] * 5
    assert [state.add(w) for w in (40, 40)] == [True, True]
    assert state.add(None) is True  # unknown keeps the state, restarts the count
    assert [state.add(w) for w in (0, 0)] == [True, True]
    assert state.add(0) is False


def test_placement_needs_evidence_both_ways() -> None:
    """A car beyond the house for five drawing polls is misplaced; idle proves nothing."""
    check = PlacementCheck(tolerance_w=300, evidence_w=500, polls=5)
    for _ in range(4):
        assert check.add(7000, 800) is False
    assert check.add(7000, 7200) is False  # fits: the count starts over
    for _ in range(4):
        assert check.add(7000, 800) is False
    assert check.add(7000, 800) is True
    for _ in range(10):
        assert check.add(0, 300) is True  # idle car: the verdict holds
        assert check.add(7000, None) is True  # no SENEC reading
    for _ in range(4):
        assert check.add(3000, 3400) is True
    assert check.add(3000, 3400) is False


def test_ledger_today_and_session() -> None:
    """Today restarts at a new day, the session at charging after an unplug."""
    ledger = Ledger(max_gap=90)
    one_kw = Split(1000, 0, 0)
    for t in range(0, 3601, 30):
        ledger.add(t, one_kw, "d1", connected=True)
    assert ledger.today["solar"] == pytest.approx(1.0)
    ledger.add(3630, ZERO, "d2", connected=False)  # unplugged at midnight
    assert sum(ledger.today.values()) == pytest.approx(1000 * 30 / 2 / 3.6e6)
    assert ledger.session["solar"] == pytest.approx(ledger.lifetime["solar"])
    assert Ledger.solar_share(ledger.session) == pytest.approx(100)
    ledger.add(3660, ZERO, "d2", connected=True)  # plugged, not charging yet
    assert ledger.session["solar"] > 1  # still the last session
    ledger.add(3690, Split(0, 0, 2000), "d2", connected=True)
    assert ledger.session == pytest.approx(
        {"solar": 0, "battery": 0, "grid": 2000 * 30 / 2 / 3.6e6}
    )
    assert Ledger.solar_share(ledger.session) == 0
    assert Ledger.solar_share(dict.fromkeys(SOURCES, 0.0)) is None


def test_ledger_restores_and_gaps() -> None:
    """Restored counters add to what was counted since; a gap joins nothing."""
    ledger = Ledger(max_gap=90)
    ledger.add(0, Split(0, 0, 3600), "d1", connected=True)
    ledger.add(30, Split(0, 0, 3600), "d1", connected=True)  # 0.03 kWh
    ledger.restore_lifetime("grid", 12.5)
    ledger.restore({"today": {"solar": 1, "battery": 2, "grid": 3}, "day": "d1"})
    assert ledger.lifetime["grid"] == pytest.approx(12.53)
    assert ledger.today["grid"] == pytest.approx(3.03)
    ledger.add(60, Split(0, 0, 3600), "d1", connected=True)
    assert ledger.lifetime["grid"] == pytest.approx(12.56)
    ledger.gap()
    ledger.add(90, Split(0, 0, 3600), "d1", connected=True)
    assert ledger.lifetime["grid"] == pytest.approx(12.56)
    ledger.restore({"today": {"solar": 5, "battery": 0, "grid": 0}, "day": "d0"})
    assert ledger.today["solar"] == 1  # another day's counters are not taken
    ledger.restore({"today": {"solar": -1}, "session": "x", "day": 5})
    assert ledger.today["solar"] == 1  # garbage is ignored
    assert ledger.day == "d1"


def rules() -> Rules:
    return Rules(max_gap=90)


def test_house_view_two_cars_and_surplus() -> None:
    """Two cars get the same mix; surpluses count both as cars, not house."""
    view = HouseView(rules())
    view.update(
        0,
        "d1",
        reading(2000, -1000, 1000),
        {"a": CarSample(1600, True), "b": CarSample(2000, True)},
    )
    approx_split(view.cars["a"].split, 800, 400, 400)
    approx_split(view.cars["b"].split, 1000, 500, 500)
    assert view.solar_surplus_w == pytest.approx(2000 - 400)
    assert view.surplus_after_battery_w == pytest.approx(1600)
    view.update(
        30,
        "d1",
        reading(2000, -1000, 1000),
        {"a": CarSample(1600, True), "b": CarSample(None)},
    )
    assert view.cars["b"].split is None
    assert view.cars["b"].battery_charging_car is None
    assert view.solar_surplus_w is None  # a stale car: its part is unknown


def test_house_view_battery_charging_car_and_misplaced_car() -> None:
    """The binary state follows the battery's part; a car beyond the house drops out."""
    view = HouseView(rules())
    states = []
    for t in range(6):
        view.update(t * 30, "d1", reading(0, -2500, 100), {"a": CarSample(2000)})
        states.append(view.cars["a"].battery_charging_car)
    assert states == [False, False, True, True, True, True]
    for t in range(6, 9):
        view.update(t * 30, "d1", reading(0, -20, 10), {"a": CarSample(0)})
    assert view.cars["a"].battery_charging_car is False
    kwh = sum(view.cars["a"].ledger.lifetime.values())
    for t in range(9, 20):  # the car draws 7 kW while the house sees 500 W
        view.update(t * 30, "d1", reading(0, -400, 100), {"a": CarSample(7000)})
    assert view.cars["a"].misplaced
    assert view.cars["a"].split is None
    assert view.solar_surplus_w == 0  # the misplaced car is not the house's
    # the 5 polls before the verdict count (the car might have been in the house)
    assert sum(view.cars["a"].ledger.lifetime.values()) > kwh


def test_simulated_day_split_sums_to_the_car_energy() -> None:
    """30 s polls of the simulator's house over a day: split kWh within 0.5 %.

    The truth integrates each source's part of the car's power every 5 s;
    the view sees every sixth of those moments, as the SENEC is polled.
    """
    now = [86400.0 * 20000 + 3 * 3600]  # a UTC day, starting 03:00
    plant = Plant(
        clock=lambda: now[0], zappi=ZappiSettings(mode=ECO), car_need_wh=60_000
    )
    plant.car_need_wh = 60_000
    view = HouseView(rules())
    truth = dict.fromkeys(SOURCES, 0.0)
    step = 5.0
    start_wh = plant.totals.zappi_wh
    for n in range(int(86400 / step) + 1):
        snap = plant.advance()
        split = split_supply(reading(snap.pv_w, snap.battery_w, snap.grid_w)).car(
            snap.zappi_w
        )
        assert split is not None
        if n:
            for source in SOURCES:
                truth[source] += split.part(source) * step / 3.6e6
        if n % 6 == 0:
            view.update(
                now[0],
                "d",
                reading(snap.pv_w, snap.battery_w, snap.grid_w),
                {"z": CarSample(snap.zappi_w, snap.plugged)},
            )
        now[0] += step
    car_kwh = (plant.totals.zappi_wh - start_wh) / 1000
    lifetime = view.cars["z"].ledger.lifetime
    assert all(truth[s] > 1 for s in SOURCES), truth  # every source fed the car
    assert sum(lifetime.values()) == pytest.approx(car_kwh, rel=0.005)
    for source in SOURCES:
        assert lifetime[source] == pytest.approx(truth[source], rel=0.005), source
