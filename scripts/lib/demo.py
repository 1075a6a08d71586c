"""Bring the demo's Home Assistant to a logged-in UI with both entries.

Used by scripts/demo (``python -m scripts.lib.demo``): everything goes through
Home Assistant's own REST APIs, as a user's browser would. The first start
onboards the ``demo`` user and adds one SENEC and one zappi entry; later
starts of the same config dir log that user in and keep the entries.
"""

from __future__ import annotations

import os
import sys
import time

from scripts.lib.ha_rest import (
    JsonApi,
    config_entries,
    finish_onboarding,
    login,
    onboard,
    onboarding_steps,
    run_flow,
)

USER, PASSWORD = "demo", "demo1234"
SHOWN = ("battery_state_of_charge", "system_state", "grid_power", "charge_power")
# Controls, shown with the state the device reports.
SHOWN_SWITCHES = ("safe_charge",)
# The zappi's controls (select, number, time, button); listed so they can be found.
CONTROLS = ("select.", "number.", "time.", "button.")
# The config flow step and the title prefix of the entry it creates.
DEVICES = (("senec", "SENEC"), ("myenergi", "myenergi"))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def wait_ready(
    api: JsonApi, hass_pid: int | None = None, timeout: float = 600
) -> dict[str, bool] | None:
    """Until Home Assistant's HTTP server answers; its onboarding steps.

    Ends early (RuntimeError) when the Home Assistant process exits.
    """
    started = time.monotonic()
    next_note = started + 15
    while True:
        try:
            return onboarding_steps(api)
        except OSError:  # urllib's URLError is one: not listening yet
            pass
        now = time.monotonic()
        if hass_pid is not None and not _running(hass_pid):
            raise RuntimeError("Home Assistant exited while starting")
        if now - started > timeout:
            raise TimeoutError(f"Home Assistant did not answer in {timeout:.0f} s")
        if now >= next_note:
            print(f"   still starting ({now - started:.0f} s)", flush=True)
            next_note = now + 15
        time.sleep(1)


def _shown(entity_id: str) -> bool:
    """A live value or a control the demo prints."""
    domain, _, name = entity_id.partition(".")
    if domain == "switch":
        return name.endswith(SHOWN_SWITCHES)
    return domain == "sensor" and name.endswith(SHOWN)


def show_states(api: JsonApi, timeout: float = 60) -> None:
    """Print a few live values once both devices have answered."""
    deadline = time.monotonic() + timeout
    while True:
        found = {
            s["entity_id"]: s
            for s in api.ok("GET", "/api/states")
            if _shown(s["entity_id"]) and s["state"] not in ("unavailable", "unknown")
        }
        both = any(eid.endswith("charge_power") for eid in found) and any(
            eid.endswith("battery_state_of_charge") for eid in found
        )
        if both or time.monotonic() > deadline:
            break
        time.sleep(2)
    for eid, state in sorted(found.items()):
        unit = state["attributes"].get("unit_of_measurement", "")
        print(f"   {eid}: {state['state']} {unit}".rstrip())
    show_controls(api)


def show_controls(api: JsonApi) -> None:
    """List the controls and what they show (the devices' confirmed values)."""
    status, text = api.request(
        "POST",
        "/api/template",
        {"template": "{{ integration_entities('senec_zappi') | join(',') }}"},
    )
    ours = set(str(text).split(",")) if status == 200 else set()
    controls = [
        s
        for s in api.ok("GET", "/api/states")
        if s["entity_id"] in ours and s["entity_id"].startswith(CONTROLS)
    ]
    if not controls:
        return
    print("== controls (each shows what the device reports):", flush=True)
    for state in sorted(controls, key=lambda s: s["entity_id"]):
        shown = "" if state["entity_id"].startswith("button.") else state["state"]
        unit = state["attributes"].get("unit_of_measurement", "")
        print(f"   {state['entity_id']} {shown} {unit}".rstrip(), flush=True)


def sign_in(api: JsonApi, steps: dict[str, bool] | None) -> None:
    """Onboard a fresh instance, or log in to one set up by an earlier start."""
    if steps is not None and not steps.get("user"):
        onboard(api, USER, PASSWORD, finish=True)
        print(f"== onboarded: user {USER}", flush=True)
        return
    login(api, USER, PASSWORD)
    if steps is not None:  # an earlier start stopped half-way through
        finish_onboarding(api, {step for step, done in steps.items() if done})
    print(f"== logged in as {USER} (set up by an earlier start)", flush=True)


def ensure_entries(api: JsonApi, inputs: dict[str, dict[str, object]]) -> None:
    """Add the SENEC and the zappi entry unless an earlier start did."""
    titles = [entry["title"] for entry in config_entries(api, "senec_zappi")]
    for step, prefix in DEVICES:
        kept = [title for title in titles if title.startswith(prefix)]
        if kept:
            print(f"== kept {kept[0]}", flush=True)
            continue
        result = run_flow(api, step, inputs[step])
        if (
            result.get("type") == "abort"
            and result.get("reason") == "already_configured"
        ):
            print(f"== kept the {step} entry (renamed)", flush=True)
        elif result.get("type") == "create_entry":
            print(f"== added {result['title']}", flush=True)
        else:
            raise RuntimeError(f"adding the {step} entry failed: {result}")


def main(
    base: str,
    senec_host: str,
    myenergi_url: str,
    serial: str,
    key: str,
    hass_pid: str | None = None,
) -> JsonApi:
    """Sign in, make sure both entries exist, show a few values; the session."""
    api = JsonApi(base)
    steps = wait_ready(api, int(hass_pid) if hass_pid else None)
    sign_in(api, steps)
    ensure_entries(
        api,
        {
            "senec": {"host": senec_host, "scheme": "auto", "path_style": "auto"},
            "myenergi": {
                "hub_serial": serial,
                "api_key": key,
                "advanced": {"server": myenergi_url},
            },
        },
    )
    show_states(api)
    return api


if __name__ == "__main__":
    main(*sys.argv[1:7])
