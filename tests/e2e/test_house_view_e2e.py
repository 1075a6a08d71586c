"""The house view inside a real Home Assistant, against the simulator.

A dark evening: the car charges in Fast mode, the SENEC holds the grid at
zero by discharging, and "Home battery charging the car" turns on; the car
stops and it turns off again.
"""

from __future__ import annotations

from pathlib import Path
import time

from scripts.lib.ha_rest import JsonApi

from .hass_process import E2E_MARKS, home_with_simulator, state, wait_for

pytestmark = E2E_MARKS

MODE = "select.driveway_charge_mode"
BATTERY_TO_CAR = "binary_sensor.driveway_home_battery_charging_the_car"
FROM_BATTERY = "sensor.driveway_car_charging_from_battery"


def _mode(api: JsonApi, option: str) -> None:
    api.ok(
        "POST",
        "/api/services/select/select_option",
        {"entity_id": MODE, "option": option},
    )


def test_home_battery_charging_the_car(tmp_path: Path) -> None:
    started = time.monotonic()
    # A dark sky, a battery with charge, a car that wants a lot.
    with home_with_simulator(
        tmp_path,
        command_delay="1",
        plant={"pv_factor": 0, "soc": 90, "car_need_wh": 100_000},
    ) as home:
        api = home.api
        wait_for(lambda: state(api, MODE) not in (None, "unavailable"), 60, MODE)
        _mode(api, "stopped")
        wait_for(lambda: state(api, BATTERY_TO_CAR) == "off", 60, "off at first")
        _mode(api, "fast")  # 7.4 kW in the dark: the battery gives what it can
        wait_for(lambda: state(api, BATTERY_TO_CAR) == "on", 60, "battery to car")
        assert float(state(api, FROM_BATTERY) or 0) > 1000
        _mode(api, "stopped")
        wait_for(lambda: state(api, BATTERY_TO_CAR) == "off", 60, "off again")
        assert float(state(api, FROM_BATTERY) or -1) == 0
    log = home.log
    assert "Traceback" not in "".join(
        line for line in log.splitlines() if "senec_zappi" in line
    ), log
    assert time.monotonic() - started < 240
