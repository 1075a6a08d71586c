"""The simulated plant at full charge, in safe charge, and its module values."""

from __future__ import annotations

from datetime import datetime
import itertools
import math
from typing import Any

import pytest

from custom_components.senec_zappi.senec import decode_value
from simulator.plant import (
    FULL_HYSTERESIS,
    MAX_CHARGE_W,
    STATE_CHARGING,
    STATE_FULL,
    STATE_SAFE_CHARGE,
    STATE_SAFE_CHARGE_DONE,
    Plant,
)
from simulator.senec_values import MODULES, SenecVariables, load_capture


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def _local(hour: float) -> float:
    return datetime(2026, 6, 21).timestamp() + hour * 3600


def _holding(plant: Plant) -> bool:
    return plant.holding_full


def _full_plant(hour: float) -> tuple[Plant, Clock]:
    clock = Clock(_local(hour))
    plant = Plant(clock=clock)
    plant.soc = 100.0
    plant.holding_full = True
    return plant, clock


@pytest.mark.parametrize("hour", [10.5, 12, 14, 16])
def test_an_hour_at_full_holds(hour: float) -> None:
    """No flapping between charging and full: at most one state change an hour."""
    plant, clock = _full_plant(hour)
    states = []
    for second in range(0, 3600, 10):
        clock.now = _local(hour) + second
        snap = plant.advance()
        states.append(snap.state)
        assert snap.battery_w <= 0  # a full battery does not charge
    changes = sum(1 for a, b in itertools.pairwise(states) if a != b)
    assert changes <= 1
    assert states[0] == STATE_FULL
    assert plant.soc > 100 - FULL_HYSTERESIS


def test_full_battery_charges_again_only_after_discharging_a_few_percent() -> None:
    plant, clock = _full_plant(12)
    plant.soc = 100 - FULL_HYSTERESIS + 0.5  # discharged a little, sun is back
    clock.now += 600
    snap = plant.advance()
    assert snap.state == STATE_FULL
    assert snap.battery_w <= 0
    assert _holding(plant)
    plant.soc = 100 - FULL_HYSTERESIS - 0.5
    clock.now += 60
    plant.advance()  # the step sees the low SoC and ends the hold
    assert not _holding(plant)
    clock.now += 60
    snap = plant.advance()
    assert snap.state == STATE_CHARGING
    assert snap.battery_w > 0


def test_full_through_the_evening_until_the_hold_ends() -> None:
    plant, clock = _full_plant(12)
    clock.now = _local(23.5)
    snap = plant.advance()
    assert snap.soc < 100 - FULL_HYSTERESIS
    assert not plant.holding_full


def test_safe_charge_from_the_grid_until_full() -> None:
    clock = Clock(_local(1))  # night: no sun, all from the grid
    plant = Plant(clock=clock)
    plant.soc = 40.0
    plant.set_safe_charge(True)
    snap = plant.advance()
    assert snap.state == STATE_SAFE_CHARGE
    assert snap.battery_w == MAX_CHARGE_W
    assert snap.pv_w == 0
    assert math.isclose(snap.grid_w, snap.house_w + MAX_CHARGE_W)
    clock.now += 2 * 3600
    snap = plant.advance()
    assert 40 < snap.soc < 100
    assert snap.state == STATE_SAFE_CHARGE
    clock.now += 3 * 3600
    snap = plant.advance()
    assert snap.soc == 100
    assert snap.state == STATE_SAFE_CHARGE_DONE
    assert snap.battery_w == 0  # held full, the house runs from the grid
    plant.set_safe_charge(False)
    snap = plant.advance()
    assert snap.state not in {STATE_SAFE_CHARGE, STATE_SAFE_CHARGE_DONE}


def test_scheduled_switch_happens_at_its_time() -> None:
    clock = Clock(_local(1))
    plant = Plant(clock=clock)
    plant.soc = 40.0
    start = clock.now
    plant.set_safe_charge(True)
    charged = plant.totals.charged_wh
    plant.schedule_safe_charge(start + 100, False)
    clock.now = start + 99
    assert plant.advance().state == STATE_SAFE_CHARGE
    clock.now = start + 1000  # one call far past the switch
    snap = plant.advance()
    assert snap.state != STATE_SAFE_CHARGE
    assert not plant.safe_charge
    # charged from the grid for exactly 100 s
    assert plant.totals.charged_wh - charged == pytest.approx(MAX_CHARGE_W * 100 / 3600)


@pytest.mark.parametrize("hour", [3, 12.5, 19])
def test_module_values_follow_the_system(hour: float) -> None:
    clock = Clock(_local(hour))
    plant = Plant(clock=clock)
    snap = plant.advance()
    values: dict[str, Any] = SenecVariables().decoded(snap, plant.totals)
    bms, energy = values["BMS"], values["ENERGY"]
    soc = snap.soc
    assert energy["GUI_BAT_DATA_FUEL_CHARGE"] == pytest.approx(soc, abs=1e-4)
    assert bms["SYSTEM_SOC"] == round(soc * 10)
    assert bms["SOC"] == [round(soc)] * MODULES + [0]
    cells = [bms[f"CELL_VOLTAGES_MODULE_{m}"] for m in "ABC"]
    assert all(len(c) == 14 for c in cells)
    assert bms["MAX_CELL_VOLTAGE"] == [max(c) for c in cells] + [0]
    assert bms["MIN_CELL_VOLTAGE"] == [min(c) for c in cells] + [0]
    assert energy["GUI_BAT_DATA_MAX_CELL_VOLTAGE"] == max(map(max, cells))
    assert energy["GUI_BAT_DATA_MIN_CELL_VOLTAGE"] == min(map(min, cells))
    for module, cell in zip(bms["VOLTAGE"], cells, strict=False):
        assert module == pytest.approx(sum(cell) / 1000, abs=1e-3)
        assert module == pytest.approx(energy["GUI_BAT_DATA_VOLTAGE"], abs=0.05)
    amps = bms["CURRENT"][:MODULES]
    assert sum(amps) == pytest.approx(energy["GUI_BAT_DATA_CURRENT"], abs=1e-3)
    # lifetime counters: the capture's, plus the plant's charge, shared (mWh)
    base: Any = decode_value(load_capture()["BMS"]["CHARGED_ENERGY"])
    grown = [new - old for new, old in zip(bms["CHARGED_ENERGY"], base, strict=True)]
    share = plant.totals.charged_wh * 1000 / MODULES
    assert grown[:MODULES] == [pytest.approx(share, abs=1)] * MODULES
    assert grown[MODULES:] == [0]
