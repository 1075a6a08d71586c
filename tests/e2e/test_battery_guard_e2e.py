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

import pytest

from scripts.lib.ha_rest import JsonApi, add_entry, onboard
from simulator.__main__ import read_banner
from tests.helpers import free_port

from .hass_process import (
    CONFIGURATION,
    HASS,
    PYTHON,
    REPO,
    running,
    set_interval,
    wait_for,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.skipif(
        not HASS.exists(), reason=f"{HASS} does not exist: run scripts/test first"
    ),
]

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


def _state(api: JsonApi, entity_id: str) -> str | None:
    status, body = api.request("GET", f"/api/states/{entity_id}")
    return body["state"] if status == 200 and isinstance(body, dict) else None


def test_the_guard_turns_the_zappi_to_eco_plus(tmp_path: Path) -> None:
    started = time.monotonic()
    config_dir = tmp_path / "config"
    (config_dir / "custom_components").mkdir(parents=True)
    (config_dir / "custom_components" / "senec_zappi").symlink_to(
        REPO / "custom_components" / "senec_zappi"
    )
    blueprints = config_dir / "blueprints" / "automation" / "senec_zappi"
    blueprints.mkdir(parents=True)
    (blueprints / "battery_guard.yaml").symlink_to(
        REPO / "blueprints" / "automation" / "senec_zappi" / "battery_guard.yaml"
    )
    hass_port, senec_port, myenergi_port = free_port(), free_port(), free_port()
    (config_dir / "configuration.yaml").write_text(
        CONFIGURATION.format(port=hass_port) + AUTOMATION
    )
    simulator_args = [
        str(PYTHON),
        "-m",
        "simulator",
        "--senec-port",
        str(senec_port),
        "--myenergi-port",
        str(myenergi_port),
        "--command-delay",
        "1",
    ]
    with (
        running(simulator_args, tmp_path / "simulator.log") as simulator,
        running([str(HASS), "-c", str(config_dir)], tmp_path / "hass.stderr"),
    ):
        assert simulator.stdout is not None
        read_banner(simulator.stdout)
        sim = JsonApi(f"http://127.0.0.1:{myenergi_port}")
        # The evening: no sun, a battery with charge, a car that wants a lot.
        sim.ok(
            "POST", "/_sim/plant", {"pv_factor": 0, "soc": 90, "car_need_wh": 100_000}
        )
        api = JsonApi(f"http://127.0.0.1:{hass_port}")
        wait_for(
            lambda: api.request("GET", "/api/onboarding")[0] == 200, 60, "hass http"
        )
        onboard(api, "e2e", "e2e-password", finish=False)
        senec = add_entry(
            api,
            "senec",
            {"host": f"127.0.0.1:{senec_port}", "scheme": "auto", "path_style": "auto"},
        )
        zappi = add_entry(
            api,
            "myenergi",
            {
                "hub_serial": "12345678",
                "api_key": "sim-api-key",
                "advanced": {"server": f"http://127.0.0.1:{myenergi_port}"},
            },
        )
        set_interval(api, senec["entry_id"], 10)
        set_interval(api, zappi["entry_id"], 30)
        assert _state(api, GUARD) == "on"
        wait_for(lambda: _state(api, MODE) not in (None, "unavailable"), 60, MODE)
        # The owner plugs in and picks Fast: 7.4 kW in the dark.
        api.ok(
            "POST",
            "/api/services/select/select_option",
            {"entity_id": MODE, "option": "fast"},
        )
        commands = sim.ok("GET", "/_sim/state")["zappi"]["commands"]
        wait_for(lambda: _state(api, BATTERY_TO_CAR) == "on", 90, "battery to car")
        wait_for(
            lambda: sim.ok("GET", "/_sim/state")["zappi"]["mode"] == ECO_PLUS,
            120,
            "the guard's Eco+ on the simulated zappi",
        )
        wait_for(lambda: _state(api, MODE) == "eco_plus", 60, "Eco+ shown")
        wait_for(lambda: _state(api, BATTERY_TO_CAR) == "off", 90, "battery spared")
        time.sleep(40)  # longer than the guard's bounds: nothing more to do
        assert sim.ok("GET", "/_sim/state")["zappi"]["commands"] == commands + 1
        assert _state(api, MODE) == "eco_plus"
    log = (config_dir / "home-assistant.log").read_text()
    ours = [line for line in log.splitlines() if "battery_guard" in line]
    assert not [line for line in ours if "Error" in line or "Traceback" in line], log
    assert time.monotonic() - started < 300
