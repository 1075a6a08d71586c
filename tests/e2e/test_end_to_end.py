"""The integration inside a real Home Assistant, against the simulator."""

from __future__ import annotations

from pathlib import Path
import re
import time
from typing import Any

from scripts.lib.ha_rest import JsonApi

from .hass_process import E2E_MARKS, home_with_simulator, wait_for

pytestmark = E2E_MARKS

SENEC_STATES = {
    "battery_full",
    "charging",
    "battery_empty",
    "discharging",
    "passive",
}


def _states(api: JsonApi, entity_ids: list[str]) -> dict[str, dict[str, Any]]:
    states = api.ok("GET", "/api/states")
    return {s["entity_id"]: s for s in states if s["entity_id"] in entity_ids}


def _ours(api: JsonApi) -> list[str]:
    status, text = api.request(
        "POST",
        "/api/template",
        {"template": "{{ integration_entities('senec_zappi') | join(',') }}"},
    )
    assert status == 200, text
    return [e for e in str(text).split(",") if e]


def _find(
    states: dict[str, dict[str, Any]], needle: str, prefix: str
) -> dict[str, Any]:
    matches = [
        s for eid, s in states.items() if needle in eid and eid.startswith(prefix)
    ]
    assert matches, (needle, prefix, sorted(states))
    return matches[0]


ZAPPI_MODE = "select.driveway_charge_mode"
ZAPPI_MIN_GREEN = "number.driveway_min_green"
ZAPPI_MODES = {"eco": 2, "eco_plus": 3}


def _zappi_controls(api: JsonApi, sim: JsonApi) -> None:
    """Charge mode and minimum green level change on the simulated zappi."""
    before = sim.ok("GET", "/_sim/state")["zappi"]
    mode = "eco" if before["mode"] == ZAPPI_MODES["eco_plus"] else "eco_plus"
    level = 35 if before["min_green"] != 35 else 65
    api.ok(
        "POST",
        "/api/services/select/select_option",
        {"entity_id": ZAPPI_MODE, "option": mode},
    )
    api.ok(
        "POST",
        "/api/services/number/set_value",
        {"entity_id": ZAPPI_MIN_GREEN, "value": level},
    )
    after = sim.ok("GET", "/_sim/state")["zappi"]
    assert after["mode"] == ZAPPI_MODES[mode], after
    assert after["min_green"] == level, after
    assert after["commands"] == before["commands"] + 2, after
    shown = _states(api, [ZAPPI_MODE, ZAPPI_MIN_GREEN])
    assert shown[ZAPPI_MODE]["state"] == mode, shown
    assert float(shown[ZAPPI_MIN_GREEN]["state"]) == level, shown
    assert all("requested" not in s["attributes"] for s in shown.values()), shown


def test_end_to_end(tmp_path: Path) -> None:
    started = time.monotonic()
    # The SENEC by host name: Home Assistant's own resolver.
    with home_with_simulator(tmp_path, senec_host="localhost") as home:
        api, sim, zappi = home.api, home.sim, home.zappi
        assert home.senec["title"].startswith("SENEC")

        ours = wait_for(
            lambda: (
                (ids := _ours(api))
                and any("system_state" in e for e in ids)
                and any("driveway_status" in e for e in ids)
                and ids
            ),
            30,
            "entities of both entries",
        )
        states = wait_for(
            lambda: (
                (s := _states(api, ours))
                and all(
                    _find(s, n, "sensor.")["state"] not in ("unavailable", "unknown")
                    for n in ("state_of_charge", "system_state", "driveway_status")
                )
                and s
            ),
            30,
            "entity states",
        )
        soc = _find(states, "state_of_charge", "sensor.")
        assert 0 <= float(soc["state"]) <= 100
        system = _find(states, "system_state", "sensor.")
        assert system["state"] in system["attributes"]["options"]
        # Per-phase detail is disabled by default; the power flows are shown.
        powers = [
            s
            for eid, s in states.items()
            if eid.startswith("sensor.senec") and eid.endswith("_power")
        ]
        assert len(powers) >= 4
        assert all(s["state"] != "unavailable" for s in powers)
        # The zappi's status (plug status starts disabled: it repeats it).
        status = _find(states, "driveway_status", "sensor.")  # named by the hub
        assert status["state"] in status["attributes"]["options"]
        watched = [soc["entity_id"], status["entity_id"]]

        # SENEC controls: safe charge on and off through the REST API; the
        # simulated unit changes, and the switch shows what the unit reports.
        safe_charge = wait_for(
            lambda: next(
                (
                    e
                    for e in _ours(api)
                    if e.startswith("switch.") and "safe_charge" in e
                ),
                None,
            ),
            30,
            "the safe charge switch",
        )
        assert api.ok("GET", f"/api/states/{safe_charge}")["state"] == "off"
        for on, service in ((True, "turn_on"), (False, "turn_off")):
            api.ok(
                "POST", f"/api/services/switch/{service}", {"entity_id": safe_charge}
            )
            assert sim.ok("GET", "/_sim/state")["senec"]["safe_charge"] is on
            shown = api.ok("GET", f"/api/states/{safe_charge}")["state"]
            assert shown == ("on" if on else "off"), (service, shown)
        assert sim.ok("GET", "/_sim/state")["senec"]["writes"] == 2
        # End of the SENEC controls.

        # --- zappi controls: set through Home Assistant's REST API; the call
        # returns once the simulated zappi confirmed, and the entity shows it.
        _zappi_controls(api, sim)

        for device in ("senec", "myenergi"):
            sim.ok("POST", "/_sim/fault", {"device": device, "fault": "http_500"})
        wait_for(
            lambda: all(
                s["state"] == "unavailable" for s in _states(api, watched).values()
            ),
            45,
            f"unavailable entities {watched}",
        )
        for device in ("senec", "myenergi"):
            sim.ok("POST", "/_sim/fault", {"device": device, "fault": "none"})
        wait_for(
            lambda: all(
                s["state"] != "unavailable" for s in _states(api, watched).values()
            ),
            50,
            "recovered entities",
        )
    log = home.log
    # Other integrations log tracebacks of their own here (no ffmpeg, no
    # libturbojpeg); none may be ours: logged by us or passing through our code.
    records = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", log)
    ours = [
        record
        for record in records
        if "[custom_components.senec_zappi]" in record
        or "custom_components/senec_zappi/" in record
    ]
    assert not [record for record in ours if "Traceback" in record], log
    assert log.count("Error fetching SENEC data") == 1, log
    assert log.count("Fetching SENEC data recovered") == 1, log
    assert log.count("Error fetching myenergi data") == 1, log
    assert log.count("Fetching myenergi data recovered") == 1, log
    assert zappi["title"].startswith("myenergi Hub ···")
    assert time.monotonic() - started < 120
