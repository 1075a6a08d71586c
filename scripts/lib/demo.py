"""Onboard a fresh Home Assistant and add one SENEC and one zappi entry.

Used by scripts/demo: everything goes through HA's own REST APIs, as a user's
browser would.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

USER, PASSWORD = "demo", "demo1234"


def call(
    base: str,
    method: str,
    path: str,
    body: object = None,
    token: str | None = None,
    form: bool = False,
) -> Any:
    """One JSON request; raises on HTTP errors."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()  # type: ignore[arg-type]
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data, headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read().decode()
    return json.loads(text) if text else None


def wait_ready(base: str, timeout: float = 180) -> None:
    """Until HA's HTTP server answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            call(base, "GET", "/api/onboarding")
            return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def onboard(base: str) -> str:
    """User, core config, analytics, integration steps; an access token."""
    client_id = base + "/"
    user = call(
        base,
        "POST",
        "/api/onboarding/users",
        {
            "client_id": client_id,
            "name": "Demo",
            "username": USER,
            "password": PASSWORD,
            "language": "en",
        },
    )
    token = call(
        base,
        "POST",
        "/auth/token",
        {
            "grant_type": "authorization_code",
            "code": user["auth_code"],
            "client_id": client_id,
        },
        form=True,
    )["access_token"]
    call(base, "POST", "/api/onboarding/core_config", {}, token)
    call(base, "POST", "/api/onboarding/analytics", {}, token)
    call(
        base,
        "POST",
        "/api/onboarding/integration",
        {"client_id": client_id, "redirect_uri": client_id},
        token,
    )
    return str(token)


def add_entry(base: str, token: str, step: str, user_input: dict[str, Any]) -> None:
    """The config flow through its menu, as the UI runs it."""
    flow = call(
        base,
        "POST",
        "/api/config/config_entries/flow",
        {"handler": "senec_zappi"},
        token,
    )
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    call(base, "POST", path, {"next_step_id": step}, token)
    result = call(base, "POST", path, user_input, token)
    if result.get("type") != "create_entry":
        raise SystemExit(f"adding {step} failed: {result}")
    print(f"== added {result['title']}")


SHOWN = ("battery_state_of_charge", "system_state", "grid_power", "plug_status")


def show_states(base: str, token: str, timeout: float = 60) -> None:
    """Print a few live values once both devices have answered."""
    deadline = time.monotonic() + timeout
    while True:
        states = {
            s["entity_id"]: s
            for s in call(base, "GET", "/api/states", token=token)
            if s["entity_id"].startswith("sensor.")
        }
        found = {
            eid: s
            for eid, s in states.items()
            if eid.endswith(SHOWN) and s["state"] not in ("unavailable", "unknown")
        }
        if any(eid.endswith("plug_status") for eid in found) or (
            time.monotonic() > deadline
        ):
            break
        time.sleep(2)
    for eid, state in sorted(found.items()):
        unit = state["attributes"].get("unit_of_measurement", "")
        print(f"   {eid}: {state['state']} {unit}".rstrip())


def main(base: str, senec_host: str, myenergi_url: str, serial: str, key: str) -> None:
    """Onboard (once) and add the two entries."""
    wait_ready(base)
    if call(base, "GET", "/api/onboarding")[0].get("done"):
        print("== already onboarded: nothing to add")
        return
    token = onboard(base)
    add_entry(
        base,
        token,
        "senec",
        {"host": senec_host, "scheme": "auto", "path_style": "auto"},
    )
    add_entry(
        base,
        token,
        "myenergi",
        {"hub_serial": serial, "api_key": key, "advanced": {"server": myenergi_url}},
    )
    show_states(base, token)


if __name__ == "__main__":
    main(*sys.argv[1:6])
