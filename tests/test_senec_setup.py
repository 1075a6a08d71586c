"""SENEC entry: failures, back-off and the keys each poll asks for (setup: test_init)."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_SCAN_INTERVAL, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.senec import (
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecTimeoutError,
)

from .conftest import SENEC_DEVICE_ID, FakeSenec
from .helpers import log_lines, poll, setup_entry, tracebacks

SOC = "sensor.senec_battery_state_of_charge"
STATE = "sensor.senec_system_state"


async def test_unavailable_then_recovered(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Failures make entities unavailable, logged once; the next answer restores them."""
    await setup_entry(hass, senec_entry)
    caplog.clear()
    for error in (
        SenecTimeoutError("slow"),
        SenecConnectionError("reset"),
        SenecInvalidAnswerError("truncated"),
    ):
        senec_device.error = error
        await poll(hass, freezer, senec_entry.runtime_data)
        assert hass.states.get(SOC).state == STATE_UNAVAILABLE
        assert hass.states.get(STATE).state == STATE_UNAVAILABLE
    unavailable = log_lines(caplog, "unavailable")
    assert len(unavailable) == 1
    assert not tracebacks(caplog)
    assert senec_entry.state is ConfigEntryState.LOADED

    senec_device.error = None
    await poll(hass, freezer, senec_entry.runtime_data)
    assert float(hass.states.get(SOC).state) == pytest.approx(82.83, abs=0.01)
    recovered = log_lines(caplog, "recovered")
    assert len(recovered) == 1


async def test_odd_values_are_unknown(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sentinels, bad hex and unknown codes give unknown states, never errors."""
    await setup_entry(hass, senec_entry)
    senec_device.set("ENERGY", "GUI_BAT_DATA_FUEL_CHARGE", "fl_")
    senec_device.set("ENERGY", "STAT_STATE", "u8_FE")
    senec_device.set("ENERGY", "GUI_HOUSE_POW", "VARIABLE_NOT_FOUND")
    await poll(hass, freezer, senec_entry.runtime_data)
    await poll(hass, freezer, senec_entry.runtime_data)
    assert hass.states.get(SOC).state == STATE_UNKNOWN
    assert hass.states.get(STATE).state == STATE_UNKNOWN
    assert hass.states.get("sensor.senec_house_power").state == STATE_UNKNOWN
    warnings = [r for r in caplog.records if "does not know yet" in r.getMessage()]
    assert len(warnings) == 1
    assert "254" in warnings[0].getMessage()


async def test_request_follows_enabled_entities(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Only keys of enabled entities are asked; disabling drops a key at once."""
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    await poll(hass, freezer, senec_entry.runtime_data)
    assert ("ENERGY", "GUI_HOUSE_POW") in senec_device.last_keys
    asked = set(senec_device.last_keys)

    entity_registry.async_update_entity(
        "sensor.senec_house_power", disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    # Refresh directly: ticking 30 s would also run the reload that Home
    # Assistant schedules after an entity is disabled.
    await coordinator.async_refresh()
    # The kWh total of the house still reads the house power.
    assert ("ENERGY", "GUI_HOUSE_POW") in senec_device.last_keys
    # The system state is also read by the safe-charge switch (for its
    # warning when the unit undoes a switch): the key goes with its last reader.
    for entity_id in ("sensor.senec_system_state", "switch.senec_safe_charge"):
        assert ("ENERGY", "STAT_STATE") in senec_device.last_keys
        entity_registry.async_update_entity(
            entity_id, disabled_by=er.RegistryEntryDisabler.USER
        )
        await hass.async_block_till_done()
        await coordinator.async_refresh()
    assert ("ENERGY", "STAT_STATE") not in senec_device.last_keys
    assert senec_device.last_keys < asked


async def test_interval_from_options(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The configured interval is what the coordinator polls at."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=SENEC_DEVICE_ID,
        data={
            "device_type": "senec",
            "host": "192.168.1.115",
            "scheme": "http",
            "path_style": "lower",
        },
        options={CONF_SCAN_INTERVAL: 120},
    )
    await setup_entry(hass, entry)
    coordinator = entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    assert coordinator.update_interval == timedelta(seconds=120)
    assert coordinator.client.vars_url == "http://192.168.1.115/vars.html"
    assert coordinator.device_info["configuration_url"] == (
        "http://192.168.1.115/vars.html"
    )
    calls = len(senec_device.requests)
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(senec_device.requests) == calls
    freezer.tick(timedelta(seconds=90))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(senec_device.requests) == calls + 1


async def test_backoff_after_failures(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each failure doubles the interval up to 5 minutes; success restores it."""
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    senec_device.error = SenecTimeoutError("slow")
    seen = []
    for _ in range(5):
        calls = len(senec_device.requests)
        await poll(hass, freezer, senec_entry.runtime_data)
        assert len(senec_device.requests) == calls + 1
        seen.append(coordinator.update_interval.total_seconds())
    assert seen == [60, 120, 240, 300, 300]

    senec_device.error = None
    await poll(hass, freezer, senec_entry.runtime_data)
    assert coordinator.update_interval == timedelta(seconds=30)
    assert hass.states.get(SOC).state != STATE_UNAVAILABLE


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_device_counter_ignores_jitter_and_follows_a_reset(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A counter a little lower is a glitch; far lower (a module swap) is a reset."""
    await setup_entry(hass, senec_entry)
    # Disabled by default: its key joins the request once it registered.
    await poll(hass, freezer, senec_entry.runtime_data)
    cycles = next(
        state.entity_id
        for state in hass.states.async_all("sensor")
        if state.entity_id.endswith("_cycles")
    )
    assert hass.states.get(cycles).state == "27"
    caplog.set_level("DEBUG", "custom_components.senec_zappi")
    senec_device.set("BMS", "CYCLES", ["u1_001A", "u1_001D", "u1_000E", "u1_0000"])
    await poll(hass, freezer, senec_entry.runtime_data)
    assert hass.states.get(cycles).state == "27"
    assert any("ignoring a decrease from 27 to 26" in m for m in caplog.messages)
    senec_device.set("BMS", "CYCLES", ["u1_001C", "u1_001D", "u1_000E", "u1_0000"])
    await poll(hass, freezer, senec_entry.runtime_data)
    assert hass.states.get(cycles).state == "28"
    # Module A swapped: its new counter starts again, which total_increasing
    # allows; holding 28 would freeze it until the new module passed 28.
    senec_device.set("BMS", "CYCLES", ["u1_0002", "u1_001D", "u1_000E", "u1_0000"])
    await poll(hass, freezer, senec_entry.runtime_data)
    assert hass.states.get(cycles).state == "2"
    senec_device.set("BMS", "CYCLES", ["u1_0003", "u1_001D", "u1_000E", "u1_0000"])
    await poll(hass, freezer, senec_entry.runtime_data)
    assert hass.states.get(cycles).state == "3"
