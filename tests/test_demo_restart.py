"""scripts/demo started twice on one config dir, with a real Home Assistant.

The second start used to crash: Home Assistant serves /api/onboarding only
until onboarding is finished (404 afterwards). Now it logs the stored user in
through the login flow and keeps the entries the first start added.
"""

from __future__ import annotations

from pathlib import Path
import time

import pytest

from scripts.lib import demo
from scripts.lib.ha_rest import config_entries
from simulator.__main__ import read_banner
from tests.e2e.hass_process import CONFIGURATION, HASS, PYTHON, REPO, running
from tests.helpers import free_port

# Slow like tests/e2e (real processes); the e2e marker is registered there.
# scripts/test runs the e2e tests beside the rest, one real Home Assistant at a
# time.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.skipif(
        not HASS.exists(), reason=f"{HASS} does not exist: run scripts/test first"
    ),
]


def test_second_start_logs_in_and_keeps_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_dir = tmp_path / "config"
    (config_dir / "custom_components").mkdir(parents=True)
    (config_dir / "custom_components" / "senec_zappi").symlink_to(
        REPO / "custom_components" / "senec_zappi"
    )
    hass_port, senec_port, myenergi_port = free_port(), free_port(), free_port()
    (config_dir / "configuration.yaml").write_text(CONFIGURATION.format(port=hass_port))
    simulator_args = [str(PYTHON), "-m", "simulator"]
    simulator_args += ["--senec-port", str(senec_port)]
    simulator_args += ["--myenergi-port", str(myenergi_port)]
    simulator_args += ["--hub-serial", "12345678", "--api-key", "sim-api-key"]
    # --skip-pip: the integrations onboarding adds (met, ...) would otherwise
    # be pip-installed into the test venv; they fail to load instead.
    hass_args = [str(HASS), "-c", str(config_dir), "--skip-pip"]
    entry_ids: list[set[str]] = []
    outputs: list[str] = []
    seconds: list[float] = []
    with running(simulator_args, tmp_path / "simulator.log") as simulator:
        assert simulator.stdout is not None
        read_banner(simulator.stdout)
        for start in (1, 2):
            with running(hass_args, tmp_path / f"hass-{start}.stderr") as hass:
                began = time.monotonic()
                api = demo.main(
                    f"http://127.0.0.1:{hass_port}",
                    f"localhost:{senec_port}",
                    f"http://127.0.0.1:{myenergi_port}",
                    "12345678",
                    "sim-api-key",
                    str(hass.pid),
                )
                seconds.append(time.monotonic() - began)
                entries = config_entries(api, "senec_zappi")
                assert {entry["state"] for entry in entries} == {"loaded"}, entries
                entry_ids.append({entry["entry_id"] for entry in entries})
            outputs.append(capsys.readouterr().out)
    first, second = outputs
    assert "== onboarded: user demo" in first
    assert first.count("== added ") == 2, first
    assert "== logged in as demo" in second
    assert second.count("== kept ") == 2, second
    assert "== added " not in second
    assert len(entry_ids[0]) == 2
    assert entry_ids[1] == entry_ids[0]
    assert "battery_state_of_charge" in second  # live values after the restart
    assert "switch.senec_safe_charge: off" in first  # the SENEC controls
    assert seconds[1] < 60, seconds
