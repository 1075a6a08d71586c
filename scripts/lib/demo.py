"""Onboard a fresh Home Assistant and add one SENEC and one zappi entry.

Used by scripts/demo (``python -m scripts.lib.demo``): everything goes through
Home Assistant's own REST APIs, as a user's browser would.
"""

from __future__ import annotations

import sys
import time

from scripts.lib.ha_rest import JsonApi, add_entry, onboard

USER, PASSWORD = "demo", "demo1234"
SHOWN = ("battery_state_of_charge", "system_state", "grid_power", "plug_status")


def wait_ready(api: JsonApi, timeout: float = 180) -> None:
    """Until Home Assistant's HTTP server answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            api.request("GET", "/api/onboarding")
            return
        except OSError:  # urllib's URLError is one
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def show_states(api: JsonApi, timeout: float = 60) -> None:
    """Print a few live values once both devices have answered."""
    deadline = time.monotonic() + timeout
    while True:
        found = {
            s["entity_id"]: s
            for s in api.ok("GET", "/api/states")
            if s["entity_id"].startswith("sensor.")
            and s["entity_id"].endswith(SHOWN)
            and s["state"] not in ("unavailable", "unknown")
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
    api = JsonApi(base)
    wait_ready(api)
    if api.ok("GET", "/api/onboarding")[0].get("done"):
        print("== already onboarded: nothing to add")
        return
    onboard(api, USER, PASSWORD, finish=True)
    for step, user_input in (
        ("senec", {"host": senec_host, "scheme": "auto", "path_style": "auto"}),
        (
            "myenergi",
            {
                "hub_serial": serial,
                "api_key": key,
                "advanced": {"server": myenergi_url},
            },
        ),
    ):
        print(f"== added {add_entry(api, step, user_input)['title']}")
    show_states(api)


if __name__ == "__main__":
    main(*sys.argv[1:6])
