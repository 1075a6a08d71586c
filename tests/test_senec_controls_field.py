"""SENEC controls against units that behave as in the field (issue 21, SENEC).

A safe charge that comes back on after "off", a unit running a charge of
its own, a socket that is disabled in the unit, a restart that drops the
connection, a reload in the middle of a confirmation, and what the owner
sees after a failed command. Against the simulator on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
from pathlib import Path
import time

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.errors import senec_write_failed
from custom_components.senec_zappi.senec import SenecWriteError, WriteFailure
from simulator.config import SimConfig
from simulator.server import Simulator, run_simulator

from .helpers import log_lines, tracebacks
from .test_senec_controls import RESTART, SAFE_CHARGE, SOCKET_2, _setup, _state

pytestmark = pytest.mark.usefixtures("socket_enabled")

EN = json.loads(
    (
        Path(__file__).parents[1]
        / "custom_components"
        / "senec_zappi"
        / "translations"
        / "en.json"
    ).read_text(encoding="utf-8")
)
# The unit undoes an "off" after FLIP s; the integration reads again after WINDOW s.
FLIP = 0.2
WINDOW = 0.4


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    """A simulated unit with short restarts and quick changes of its own."""
    config = SimConfig(
        senec_https=False, reboot_seconds=0.4, safe_charge_flip_seconds=FLIP
    )
    async with run_simulator(config) as running:
        yield running


async def _ready(hass: HomeAssistant, sim: Simulator) -> SenecCoordinator:
    coordinator = await _setup(hass, sim)
    coordinator.resume_window = WINDOW
    return coordinator


async def _call(hass: HomeAssistant, entity_id: str, service: str) -> None:
    domain = entity_id.split(".", 1)[0]
    await hass.services.async_call(
        domain, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


def _prohibits(sim: Simulator) -> int:
    return sum(
        1
        for body in sim.state.senec_control.writes
        if body.get("ENERGY", {}).get("SAFE_CHARGE_PROHIBIT")
    )


async def test_off_that_comes_back_is_sent_once_more(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 10: off is read again after the window; undone once -> sent again."""
    coordinator = await _ready(hass, sim)
    await _call(hass, SAFE_CHARGE, "turn_on")
    sim.set_fault("senec", "safe_charge_resumes_once")
    await _call(hass, SAFE_CHARGE, "turn_off")
    assert _prohibits(sim) == 2
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    await asyncio.sleep(FLIP + 0.1)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert not sim.state.plant.safe_charge
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    assert len(log_lines(caplog, "sent once more")) == 1
    assert not tracebacks(caplog)


async def test_off_that_comes_back_twice_fails_naming_the_state(
    hass: HomeAssistant, sim: Simulator
) -> None:
    """Item 10: undone again after the second off -> a clear translated error."""
    await _ready(hass, sim)
    await _call(hass, SAFE_CHARGE, "turn_on")
    sim.set_fault("senec", "safe_charge_resumes")
    with pytest.raises(HomeAssistantError) as failure:
        await _call(hass, SAFE_CHARGE, "turn_off")
    assert not isinstance(failure.value, ServiceValidationError)
    assert failure.value.translation_key == "senec_safe_charge_resumed"
    state = (failure.value.translation_placeholders or {})["state"]
    assert state in ("Manual safety charge", "Safety charge finished")
    assert "{state}" in EN["exceptions"]["senec_safe_charge_resumed"]["message"]
    assert _prohibits(sim) == 2
    await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_ON


async def test_nothing_is_sent_when_the_unit_shows_it_already(
    hass: HomeAssistant, sim: Simulator
) -> None:
    """Item 11: on while on, off while off: no write at all."""
    await _ready(hass, sim)
    await _call(hass, SAFE_CHARGE, "turn_off")
    assert sim.state.senec_control.writes == []
    await _call(hass, SAFE_CHARGE, "turn_on")
    await _call(hass, SAFE_CHARGE, "turn_on")
    assert len(sim.state.senec_control.writes) == 1
    assert _state(hass, SAFE_CHARGE) == STATE_ON


@pytest.mark.parametrize(
    ("code", "text"), [(25, "Safety charge"), (33, "Emergency charge")]
)
async def test_no_off_while_the_unit_runs_its_own_charge(
    hass: HomeAssistant, sim: Simulator, code: int, text: str
) -> None:
    """Item 11/17: "off" is not sent during a safety/emergency charge: why, as a
    validation error the owner can act on (wait)."""
    await _ready(hass, sim)
    await _call(hass, SAFE_CHARGE, "turn_on")
    sim.state.plant.own_charge = code
    with pytest.raises(ServiceValidationError) as failure:
        await _call(hass, SAFE_CHARGE, "turn_off")
    assert failure.value.translation_key == "senec_own_charge_running"
    assert failure.value.translation_placeholders == {"state": text}
    assert _prohibits(sim) == 0
    assert sim.state.plant.safe_charge


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_forced_socket_that_is_disabled_is_told_once(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 12: forced on, confirmed, unpowered with ENABLE 0: one warning and
    a repair issue, gone when force on is switched off."""
    coordinator = await _ready(hass, sim)
    sim.state.senec_control.sockets_need_enable = True
    registry = ir.async_get(hass)

    def issues() -> list[ir.IssueEntry]:
        return [
            issue
            for issue in registry.issues.values()
            if issue.domain == DOMAIN
            and issue.translation_key == "senec_socket_disabled"
        ]

    await _call(hass, SOCKET_2, "turn_on")
    assert _state(hass, SOCKET_2) == STATE_ON
    assert [i.translation_placeholders for i in issues()] == [
        {"socket": "2", "title": coordinator.config_entry.title}
    ]
    await coordinator.async_refresh()
    await _call(hass, SOCKET_2, "turn_on")  # already on: nothing sent, not told again
    assert len(log_lines(caplog, "disabled in the unit")) == 1
    await _call(hass, SOCKET_2, "turn_off")
    assert issues() == []
    # enabled in the unit: powered, nothing to tell
    sim.state.senec_control.settings["SOCKETS"]["ENABLE"] = [0, 1]
    await _call(hass, SOCKET_2, "turn_on")
    assert issues() == []
    assert len(log_lines(caplog, "disabled in the unit")) == 1


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_restart_that_drops_the_connection(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 13: gone after the write = under way; the guard survives a reload."""
    coordinator = await _ready(hass, sim)
    sim.set_fault("senec", "restart_drops")
    await _call(hass, RESTART, "press")
    assert sim.state.senec_control.reboots == 1
    sim.set_fault("senec", "none")
    await sim.state.senec_control.wait_rebooted()
    entry = coordinator.config_entry
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    with pytest.raises(ServiceValidationError) as failure:
        await _call(hass, RESTART, "press")
    assert failure.value.translation_key == "senec_restart_too_soon"
    assert sim.state.senec_control.reboots == 1
    assert not tracebacks(caplog)


@pytest.mark.parametrize(
    ("reason", "key"),
    [
        (WriteFailure.OUT_OF_RANGE, "senec_write_out_of_range"),
        (WriteFailure.INVALID_VALUE, "senec_write_invalid_value"),
        (WriteFailure.TOO_LARGE, "senec_write_too_large"),
        (WriteFailure.UNKNOWN_TYPE, "senec_write_failed"),
    ],
)
def test_error_text_fits_the_reason(reason: WriteFailure, key: str) -> None:
    """Item 14: out of range, wrong kind, too large and no type each say so."""
    failure = senec_write_failed(SenecWriteError("x", reason, "ENERGY"))
    assert failure.translation_key == key
    assert EN["exceptions"][key]["message"]


async def test_reload_during_a_confirmation_ends_it(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 15: a reload while "off" waits for its window ends the action at
    once, translated; nothing is left running."""
    coordinator = await _ready(hass, sim)
    await _call(hass, SAFE_CHARGE, "turn_on")
    coordinator.resume_window = 30.0
    action = hass.async_create_task(_call(hass, SAFE_CHARGE, "turn_off"))
    for _ in range(100):
        if _prohibits(sim):
            break
        await asyncio.sleep(0.02)
    started = time.monotonic()
    assert await hass.config_entries.async_reload(coordinator.config_entry.entry_id)
    with pytest.raises(HomeAssistantError) as failure:
        await action
    assert time.monotonic() - started < 5
    assert failure.value.translation_key == "senec_control_ended"
    await hass.async_block_till_done()
    assert not tracebacks(caplog)


async def test_failed_command_writes_a_new_state(
    hass: HomeAssistant, sim: Simulator
) -> None:
    """Item 16: the frontend keeps the picked value until a new state object
    arrives; after a failure one is written, with the unit's value."""
    await _ready(hass, sim)
    before = hass.states.get(SAFE_CHARGE)
    assert before is not None
    sim.set_fault("senec", "write_refused")
    with pytest.raises(HomeAssistantError):
        await _call(hass, SAFE_CHARGE, "turn_on")
    await hass.async_block_till_done()
    after = hass.states.get(SAFE_CHARGE)
    assert after is not None
    assert after.state == STATE_OFF
    assert after.last_updated > before.last_updated
    assert after.last_changed == before.last_changed
    assert "last_failed_command" in after.attributes
