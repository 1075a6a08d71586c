"""A real Home Assistant in a subprocess, driven over its REST API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
import subprocess
import sys
import time
from typing import Any

from scripts.lib.ha_rest import JsonApi, JsonApiError

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
