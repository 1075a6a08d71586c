"""A real Home Assistant in a subprocess, driven over its REST API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
import json
from pathlib import Path
import socket
import subprocess
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

REPO = Path(__file__).resolve().parents[2]
HASS = REPO / ".venv" / "bin" / "hass"
PYTHON = REPO / ".venv" / "bin" / "python"

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


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Api:
    """Plain JSON over HTTP to 127.0.0.1."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token: str | None = None

    def request(
        self, method: str, path: str, body: object = None, *, form: bool = False
    ) -> tuple[int, Any]:
        headers = {}
        data = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            if form:
                data = urllib.parse.urlencode(body).encode()  # type: ignore[arg-type]
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as err:
            text = err.read().decode()
            status = err.code
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def ok(self, method: str, path: str, body: object = None, **kw: Any) -> Any:
        status, payload = self.request(method, path, body, **kw)
        assert 200 <= status < 300, (method, path, status, payload)
        return payload


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.5) -> Any:
    """Poll until predicate() is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except (OSError, urllib.error.URLError, AssertionError):
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


def onboard(api: Api) -> str:
    """Create the owner through the onboarding API; an access token."""
    client_id = api.base + "/"
    user = api.ok(
        "POST",
        "/api/onboarding/users",
        {
            "client_id": client_id,
            "name": "Demo",
            "username": "demo",
            "password": "demo1234",
            "language": "en",
        },
    )
    token = api.ok(
        "POST",
        "/auth/token",
        {
            "grant_type": "authorization_code",
            "code": user["auth_code"],
            "client_id": client_id,
        },
        form=True,
    )
    api.token = token["access_token"]
    return str(token["access_token"])


def add_entry(api: Api, step: str, user_input: dict[str, Any]) -> dict[str, Any]:
    """Run the config flow through the menu; the created entry."""
    flow = api.ok(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": "senec_zappi", "show_advanced_options": False},
    )
    assert flow["type"] == "menu", flow
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    form = api.ok("POST", path, {"next_step_id": step})
    assert form["type"] == "form", form
    result = api.ok("POST", path, user_input)
    assert result["type"] == "create_entry", result
    return dict(result["result"])


def set_interval(api: Api, entry_id: str, seconds: int) -> None:
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
