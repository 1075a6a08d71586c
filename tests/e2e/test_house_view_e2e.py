"""The house view inside a real Home Assistant, against the simulator.

A dark evening: the car charges in Fast mode, the SENEC holds the grid at
zero by discharging, and "Home battery charging the car" turns on; the car
stops and it turns off again.
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
FROM_BATTERY = "sensor.driveway_car_charging_from_home_battery"


def _state(api: JsonApi, entity_id: str) -> str | None:
    status, body = api.request("GET", f"/api/states/{entity_id}")
    return body["state"] if status == 200 and isinstance(body, dict) else None


def _mode(api: JsonApi, option: str) -> None:
    api.ok(
        "POST",
        "/api/services/select/select_option",
        {"entity_id": MODE, "option": option},
    )


def test_home_battery_charging_the_car(tmp_path: Path) -> None:
    started = time.monotonic()
    config_dir = tmp_path / "config"
    (config_dir / "custom_components").mkdir(parents=True)
    (config_dir / "custom_components" / "senec_zappi").symlink_to(
        REPO / "custom_components" / "senec_zappi"
    )
    hass_port, senec_port, myenergi_port = free_port(), free_port(), free_port()
    (config_dir / "configuration.yaml").write_text(CONFIGURATION.format(port=hass_port))
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
        # A dark sky, a battery with charge, a car that wants a lot.
        sim.ok(
            "POST",
            "/_sim/plant",
            {"pv_factor": 0, "soc": 90, "car_need_wh": 100_000},
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
        wait_for(lambda: _state(api, MODE) not in (None, "unavailable"), 60, MODE)
        _mode(api, "stopped")
        wait_for(lambda: _state(api, BATTERY_TO_CAR) == "off", 60, "off at first")
        _mode(api, "fast")  # 7.4 kW in the dark: the battery gives what it can
        wait_for(lambda: _state(api, BATTERY_TO_CAR) == "on", 60, "battery to car")
        assert float(_state(api, FROM_BATTERY) or 0) > 1000
        _mode(api, "stopped")
        wait_for(lambda: _state(api, BATTERY_TO_CAR) == "off", 60, "off again")
        assert float(_state(api, FROM_BATTERY) or -1) == 0
    log = (config_dir / "home-assistant.log").read_text()
    assert "Traceback" not in "".join(
        line for line in log.splitlines() if "senec_zappi" in line
    ), log
    assert time.monotonic() - started < 240
