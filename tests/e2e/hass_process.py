"""A real Home Assistant in a subprocess, driven over its REST API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
import subprocess
import sys
import time
from typing import Any

import pytest

from scripts.lib.ha_rest import JsonApi, JsonApiError, add_entry, onboard
from simulator.__main__ import read_banner
from tests.helpers import free_port

REPO = Path(__file__).resolve().parents[2]
# The venv of the Home Assistant line under test (.venv or .venv-newest).
PYTHON = Path(sys.executable)
HASS = PYTHON.parent / "hass"

CONFIGURATION = """\
homeassistant:
  name: E2E
  latitude: 52.52
  longitude: 13.40
  elevation: 30
  unit_system: metric
  time_zone: UTC
  country: DE
  currency: EUR
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
config:
onboarding:
logger:
  default: warning
  logs:
    custom_components.senec_zappi: info
"""


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.5) -> Any:
    """Poll until predicate() is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except (OSError, JsonApiError, AssertionError):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


@contextmanager
def running(args: list[str], log: Path, **kw: Any) -> Iterator[subprocess.Popen[str]]:
    """A subprocess that is terminated (then killed) on exit."""
    with log.open("w") as out:
        process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=out, text=True, cwd=REPO, **kw
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def set_interval(api: JsonApi, entry_id: str, seconds: int) -> None:
    """The options flow: polling interval."""
    flow = api.ok(
        "POST", "/api/config/config_entries/options/flow", {"handler": entry_id}
    )
    result = api.ok(
        "POST",
        f"/api/config/config_entries/options/flow/{flow['flow_id']}",
        {"scan_interval": seconds},
    )
    assert result["type"] == "create_entry", result


# Every real-hass test: the marker, sockets, and a skip where no hass is installed.
E2E_MARKS = [
    pytest.mark.e2e,
    # The first real start in a fresh venv installs what Home Assistant sets up
    # at run time (default_config's integrations): minutes, not the 120 s of
    # scripts/test's per-test timeout.
    pytest.mark.timeout(600),
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.skipif(
        not HASS.exists(), reason=f"{HASS} does not exist: run scripts/test first"
    ),
]


@dataclass(frozen=True)
class Home:
    """A running Home Assistant with both entries, beside the simulator."""

    api: JsonApi  # Home Assistant's REST API
    sim: JsonApi  # the simulator's control API (on the myenergi port)
    senec: dict[str, Any]  # the created config entries
    zappi: dict[str, Any]
    config_dir: Path

    @property
    def log(self) -> str:
        """Home Assistant's log file (complete once the context has exited)."""
        return (self.config_dir / "home-assistant.log").read_text()


@contextmanager
def home_with_simulator(
    tmp_path: Path,
    *,
    senec_host: str = "127.0.0.1",
    command_delay: str | None = None,
    plant: dict[str, Any] | None = None,
    extra_config: str = "",
    blueprints: tuple[str, ...] = (),
) -> Iterator[Home]:
    """Simulator and hass started, onboarded, SENEC and myenergi entries added.

    The polling intervals are set to their minimums (10 s / 30 s) to keep the
    run short; both processes end when the context exits.
    """
    config_dir = tmp_path / "config"
    (config_dir / "custom_components").mkdir(parents=True)
    (config_dir / "custom_components" / "senec_zappi").symlink_to(
        REPO / "custom_components" / "senec_zappi"
    )
    if blueprints:
        folder = config_dir / "blueprints" / "automation" / "senec_zappi"
        folder.mkdir(parents=True)
        for name in blueprints:
            (folder / name).symlink_to(
                REPO / "blueprints" / "automation" / "senec_zappi" / name
            )
    hass_port, senec_port, myenergi_port = free_port(), free_port(), free_port()
    (config_dir / "configuration.yaml").write_text(
        CONFIGURATION.format(port=hass_port) + extra_config
    )
    simulator_args = [
        str(PYTHON),
        "-m",
        "simulator",
        "--senec-port",
        str(senec_port),
        "--myenergi-port",
        str(myenergi_port),
    ]
    if command_delay is not None:
        simulator_args += ["--command-delay", command_delay]
    with (
        running(simulator_args, tmp_path / "simulator.log") as simulator,
        running([str(HASS), "-c", str(config_dir)], tmp_path / "hass.stderr"),
    ):
        assert simulator.stdout is not None
        read_banner(simulator.stdout)  # the simulator is up
        sim = JsonApi(f"http://127.0.0.1:{myenergi_port}")
        if plant is not None:
            sim.ok("POST", "/_sim/plant", plant)
        api = JsonApi(f"http://127.0.0.1:{hass_port}")
        wait_for(
            lambda: api.request("GET", "/api/onboarding")[0] == 200, 60, "hass http"
        )
        onboard(api, "e2e", "e2e-password", finish=False)
        senec = add_entry(
            api,
            "senec",
            {
                "host": f"{senec_host}:{senec_port}",
                "scheme": "auto",
                "path_style": "auto",
            },
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
        yield Home(api, sim, senec, zappi, config_dir)


def state(api: JsonApi, entity_id: str) -> str | None:
    """An entity's state; None while it does not exist."""
    status, body = api.request("GET", f"/api/states/{entity_id}")
    return body["state"] if status == 200 and isinstance(body, dict) else None
