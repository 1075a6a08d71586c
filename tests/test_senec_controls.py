"""SENEC controls in Home Assistant, against the simulator on 127.0.0.1.

Safe charge and socket force-on (switches) and restart (button): success,
every fault the unit has (refused, ignored, undone by the unit, outage,
timeout, refused session), the restart's cooldown, and that nothing is
ever written unless a user asks.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
import logging
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_HOST,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    DOMAIN,
)
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.senec import (
    SenecConnectionError,
)
from simulator.config import SimConfig
from simulator.server import Simulator, run_simulator

from .conftest import SENEC_DEVICE_ID
from .helpers import free_port, log_lines, setup_entry, tracebacks

pytestmark = pytest.mark.usefixtures("socket_enabled")

SAFE_CHARGE = "switch.senec_safe_charge"
SOCKET_2 = "switch.senec_socket_2_force_on"
RESTART = "button.senec_restart_unit"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    """A simulated unit with short restarts and quick changes of its own."""
    config = SimConfig(
        senec_https=False, reboot_seconds=0.4, safe_charge_flip_seconds=0.2
    )
    async with run_simulator(config) as running:
        yield running


async def _setup(hass: HomeAssistant, sim: Simulator) -> SenecCoordinator:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="SENEC",
        unique_id=SENEC_DEVICE_ID,  # the unit the simulator plays
        data={
            CONF_DEVICE_TYPE: "senec",
            CONF_HOST: sim.senec_host,
            CONF_SCHEME: "http",
            CONF_PATH_STYLE: "double",
        },
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    coordinator.confirm_offsets = (0.05, 0.1, 0.15)
    # "off" is read again this long after it was sent (before the unit's
    # own change of the simulator's 0.2 s: that one is the watcher's).
    coordinator.resume_window = 0.05
    coordinator.client.request_timeout = 0.5
    # Entities enabled by the test register keys after the first poll.
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    return coordinator


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _switch(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    await hass.services.async_call(
        "switch",
        "turn_on" if on else "turn_off",
        {ATTR_ENTITY_ID: entity_id},
        blocking=True,
    )


async def _fails(hass: HomeAssistant, entity_id: str, on: bool, key: str) -> None:
    """The switch action fails with this translated error."""
    with pytest.raises(HomeAssistantError) as failure:
        await _switch(hass, entity_id, on)
    assert failure.value.translation_domain == DOMAIN
    assert failure.value.translation_key == key
    await hass.async_block_till_done()


async def test_safe_charge_on_and_off(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Each switch is one write and one confirming read, which is the new data."""
    coordinator = await _setup(hass, sim)
    client = coordinator.client
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    sent = client.requests_sent
    await _switch(hass, SAFE_CHARGE, True)
    assert sim.state.plant.safe_charge
    assert _state(hass, SAFE_CHARGE) == STATE_ON
    assert _state(hass, "sensor.senec_system_state") in (
        "manual_safety_charge",
        "safety_charge_finished",
    )
    # The key's type, the write, one confirming read; no extra poll after it.
    await hass.async_block_till_done()
    assert client.requests_sent == sent + 3
    await _switch(hass, SAFE_CHARGE, False)
    assert not sim.state.plant.safe_charge
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    # a read first (no off during the unit's own charge), PROHIBIT's type,
    # the write, the confirming read, the read after the resume window
    assert client.requests_sent == sent + 3 + 5
    assert len(sim.state.senec_control.writes) == 2
    assert not log_lines(caplog, "by itself")
    assert not tracebacks(caplog)


async def test_safe_charge_refused(hass: HomeAssistant, sim: Simulator) -> None:
    """FORBIDDEN: a clear error, the switch stays as the unit reports it."""
    await _setup(hass, sim)
    sim.set_fault("senec", "write_refused")
    await _fails(hass, SAFE_CHARGE, True, "senec_write_refused")
    assert not sim.state.plant.safe_charge
    assert _state(hass, SAFE_CHARGE) == STATE_OFF


async def test_safe_charge_ignored_is_not_confirmed(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Echoed but never applied: three reads, then "not confirmed"."""
    coordinator = await _setup(hass, sim)
    sim.set_fault("senec", "write_ignored")
    sent = coordinator.client.requests_sent
    await _fails(hass, SAFE_CHARGE, True, "senec_not_confirmed")
    assert coordinator.client.requests_sent == sent + 2 + 3
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    assert not tracebacks(caplog)


async def test_unit_switches_safe_charge_back_on(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Off is confirmed, the unit resumes by itself: shown, and warned about once."""
    coordinator = await _setup(hass, sim)
    await _switch(hass, SAFE_CHARGE, True)
    sim.set_fault("senec", "safe_charge_resumes")
    await _switch(hass, SAFE_CHARGE, False)
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    await asyncio.sleep(0.3)  # the unit's 0.2 s
    for _ in range(3):
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_ON
    warnings = log_lines(caplog, "by itself")
    assert len(warnings) == 1, warnings
    assert SAFE_CHARGE in warnings[0]
    assert "switched switch.senec_safe_charge on by itself" in warnings[0]
    assert "system state manual_safety_charge" in warnings[0] or (
        "system state safety_charge_finished" in warnings[0]
    )
    record = next(r for r in caplog.records if "by itself" in r.getMessage())
    assert record.levelno == logging.WARNING


async def test_unit_drops_safe_charge(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """On is confirmed, the unit ends it by itself: shown off, warned once."""
    coordinator = await _setup(hass, sim)
    sim.set_fault("senec", "safe_charge_drops")
    await _switch(hass, SAFE_CHARGE, True)
    assert _state(hass, SAFE_CHARGE) == STATE_ON
    await asyncio.sleep(0.3)
    for _ in range(2):
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    warnings = log_lines(caplog, "by itself")
    assert len(warnings) == 1, warnings
    assert "off by itself" in warnings[0]


async def test_own_change_after_a_minute_is_not_warned(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Only a change within the watch window is the unit undoing a switch."""
    coordinator = await _setup(hass, sim)
    await _switch(hass, SAFE_CHARGE, True)
    sim.set_fault("senec", "safe_charge_resumes")
    coordinator.watch_after_confirm = timedelta(0)
    await _switch(hass, SAFE_CHARGE, False)
    await asyncio.sleep(0.3)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_ON
    assert not log_lines(caplog, "by itself")


async def test_write_when_the_unit_is_gone(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The unit went away since the last poll: cannot connect, not a traceback."""
    coordinator = await _setup(hass, sim)
    real_host = coordinator.client.host
    coordinator.client.host = f"127.0.0.1:{free_port()}"
    await _fails(hass, SAFE_CHARGE, True, "senec_write_cannot_connect")
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    # Once a poll saw the outage, the switch is unavailable: nothing is sent.
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_UNAVAILABLE
    await _switch(hass, SAFE_CHARGE, True)
    coordinator.client.host = real_host
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    assert sim.state.senec_control.writes == []
    assert not tracebacks(caplog)


async def test_write_timeout(hass: HomeAssistant, sim: Simulator) -> None:
    """The unit hangs: a timeout error after the client's request timeout."""
    coordinator = await _setup(hass, sim)
    coordinator.client.request_timeout = 0.2
    sim.set_fault("senec", "timeout")
    await _fails(hass, SAFE_CHARGE, True, "senec_write_timeout")
    sim.set_fault("senec", "none")
    assert _state(hass, SAFE_CHARGE) == STATE_OFF


async def test_write_with_session_refused(hass: HomeAssistant, sim: Simulator) -> None:
    """401 even after a new handshake: a session error."""
    await _setup(hass, sim)
    sim.set_fault("senec", "unauthorized")
    await _fails(hass, SAFE_CHARGE, True, "senec_write_session")
    sim.set_fault("senec", "none")


async def test_unit_gone_while_confirming(hass: HomeAssistant, sim: Simulator) -> None:
    """Written, then no answer to the reads: not confirmed, its own message."""
    coordinator = await _setup(hass, sim)
    with patch.object(
        coordinator.client, "read", AsyncMock(side_effect=SenecConnectionError("x"))
    ):
        await _fails(hass, SAFE_CHARGE, True, "senec_confirm_no_answer")
    assert sim.state.plant.safe_charge  # the unit did take it
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_ON


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_socket_force_on(hass: HomeAssistant, sim: Simulator) -> None:
    """The simulated unit is licensed for two sockets; each is its own switch."""
    await _setup(hass, sim)
    assert _state(hass, "switch.senec_socket_1_force_on") == STATE_OFF
    await _switch(hass, SOCKET_2, True)
    assert sim.state.senec_control.settings["SOCKETS"]["FORCE_ON"] == [0, 1]
    assert _state(hass, SOCKET_2) == STATE_ON
    assert _state(hass, "switch.senec_socket_1_force_on") == STATE_OFF
    await _switch(hass, SOCKET_2, False)
    assert sim.state.senec_control.settings["SOCKETS"]["FORCE_ON"] == [0, 0]
    assert _state(hass, SOCKET_2) == STATE_OFF


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    ("fault", "key"),
    [
        ("write_refused", "senec_write_refused"),
        ("write_ignored", "senec_not_confirmed"),
        ("unauthorized", "senec_write_session"),
        ("http_500", "senec_write_invalid_answer"),
        ("timeout", "senec_write_timeout"),
    ],
)
async def test_socket_faults(
    hass: HomeAssistant, sim: Simulator, fault: str, key: str
) -> None:
    """A socket switch fails the same clear ways."""
    await _setup(hass, sim)
    sim.set_fault("senec", fault)
    await _fails(hass, SOCKET_2, True, key)
    sim.set_fault("senec", "none")
    assert sim.state.senec_control.settings.get("SOCKETS", {}).get("FORCE_ON") in (
        None,
        [0, 0],
    )


async def _press(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: RESTART}, blocking=True
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_restart(
    hass: HomeAssistant, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Restart: unavailable while the unit is away (logged once), a new session."""
    coordinator = await _setup(hass, sim)
    old_sessions = set(sim.state.cookies)
    assert old_sessions
    await _press(hass)
    assert sim.state.senec_control.reboots == 1
    for _ in range(2):
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_UNAVAILABLE
    assert len(log_lines(caplog, "Error fetching SENEC data")) == 1
    await sim.state.senec_control.wait_rebooted()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, SAFE_CHARGE) == STATE_OFF
    assert len(log_lines(caplog, "Fetching SENEC data recovered")) == 1
    assert sim.state.cookies  # a new session: the handshake was redone
    assert not sim.state.cookies & old_sessions
    # A second press within five minutes is refused before anything is sent.
    writes = len(sim.state.senec_control.writes)
    with pytest.raises(HomeAssistantError) as failure:
        await _press(hass)
    assert failure.value.translation_key == "senec_restart_too_soon"
    assert len(sim.state.senec_control.writes) == writes
    assert sim.state.senec_control.reboots == 1
    assert not tracebacks(caplog)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    ("fault", "key"),
    [
        ("write_refused", "senec_write_refused"),
        ("timeout", "senec_write_timeout"),
        ("unauthorized", "senec_write_session"),
    ],
)
async def test_restart_faults(
    hass: HomeAssistant, sim: Simulator, fault: str, key: str
) -> None:
    """A failed restart is a clear error; the unit keeps running."""
    coordinator = await _setup(hass, sim)
    coordinator.client.request_timeout = 0.2
    sim.set_fault("senec", fault)
    with pytest.raises(HomeAssistantError) as failure:
        await _press(hass)
    assert failure.value.translation_key == key
    sim.set_fault("senec", "none")
    assert sim.state.senec_control.reboots == 0


async def test_nothing_is_written_without_a_user(
    hass: HomeAssistant, sim: Simulator
) -> None:
    """Setup, polls and a reload read only."""
    coordinator = await _setup(hass, sim)
    for _ in range(3):
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    entry = coordinator.config_entry
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    for _ in range(2):
        await entry.runtime_data.async_refresh()
        await hass.async_block_till_done()
    assert sim.state.senec_control.writes == []
    assert sim.state.senec_control.reboots == 0
    assert await hass.config_entries.async_unload(entry.entry_id)
