"""The battery guard blueprint inside a real Home Assistant, against the simulator.

A dark evening: the car charges in Fast mode and the SENEC empties into it.
The guard, an automation made from blueprints/automation/senec_zappi/
battery_guard.yaml, turns the simulated zappi to Eco+ once "Home battery
charging the car" has been on for a while - one command, confirmed by the
zappi, and none after it.
"""

from __future__ import annotations

from pathlib import Path
import time

from .hass_process import E2E_MARKS, home_with_simulator, state, wait_for

pytestmark = E2E_MARKS

MODE = "select.driveway_charge_mode"
BATTERY_TO_CAR = "binary_sensor.driveway_home_battery_charging_the_car"
GUARD = "automation.battery_guard"
ECO_PLUS = 3
# Bounds below what the blueprint's inputs offer (2 min, 20 per hour), only
# to keep this run short: 30 s between commands.
AUTOMATION = f"""
automation:
  - id: battery_guard
    alias: Battery guard
    use_blueprint:
      path: senec_zappi/battery_guard.yaml
      input:
        battery_to_car: {BATTERY_TO_CAR}
        charge_mode: {MODE}
        boost: sensor.driveway_boost
        act_after:
          seconds: 20
        min_interval: 0.5
        max_per_hour: 120
"""


def test_the_guard_turns_the_zappi_to_eco_plus(tmp_path: Path) -> None:
    started = time.monotonic()
    # The evening: no sun, a battery with charge, a car that wants a lot.
    with home_with_simulator(
        tmp_path,
        command_delay="1",
        plant={"pv_factor": 0, "soc": 90, "car_need_wh": 100_000},
        extra_config=AUTOMATION,
        blueprints=("battery_guard.yaml",),
    ) as home:
        api, sim = home.api, home.sim
        assert state(api, GUARD) == "on"
        wait_for(lambda: state(api, MODE) not in (None, "unavailable"), 60, MODE)
        # The owner plugs in and picks Fast: 7.4 kW in the dark.
        api.ok(
            "POST",
            "/api/services/select/select_option",
            {"entity_id": MODE, "option": "fast"},
        )
        commands = sim.ok("GET", "/_sim/state")["zappi"]["commands"]
        wait_for(lambda: state(api, BATTERY_TO_CAR) == "on", 90, "battery to car")
        wait_for(
            lambda: sim.ok("GET", "/_sim/state")["zappi"]["mode"] == ECO_PLUS,
            120,
            "the guard's Eco+ on the simulated zappi",
        )
        wait_for(lambda: state(api, MODE) == "eco_plus", 60, "Eco+ shown")
        wait_for(lambda: state(api, BATTERY_TO_CAR) == "off", 90, "battery spared")
        time.sleep(40)  # longer than the guard's bounds: nothing more to do
        assert sim.ok("GET", "/_sim/state")["zappi"]["commands"] == commands + 1
        assert state(api, MODE) == "eco_plus"
    log = home.log
    ours = [line for line in log.splitlines() if "battery_guard" in line]
    assert not [line for line in ours if "Error" in line or "Traceback" in line], log
    assert time.monotonic() - started < 300
