"""SENEC binary sensors: the whole set per capture, presence and odd values."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.senec_zappi.coordinator import SenecCoordinator

from .conftest import SENEC_DEVICE_ID, FakeSenec
from .helpers import setup_entry, snapshot_domain


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> SenecCoordinator:
    await setup_entry(hass, entry)
    coordinator = entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    return coordinator


def _keys(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    """Keys of the entry's binary sensors."""
    return {
        e.unique_id.removeprefix(f"{SENEC_DEVICE_ID}_")
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if e.domain == Platform.BINARY_SENSOR
    }


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


@pytest.mark.parametrize("senec_capture", ["senec_full.json", "senec_minimal.json"])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_binary_sensor_snapshot(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every binary sensor the unit has, all enabled."""
    await _setup(hass, senec_entry)
    await snapshot_domain(
        hass, entity_registry, snapshot, senec_entry.entry_id, Platform.BINARY_SENSOR
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_full_unit_flags(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Derived flows, the wallbox plug, sockets and I/O signals of the full unit."""
    await _setup(hass, senec_entry)
    keys = _keys(entity_registry, senec_entry)
    assert {"wallbox1_ev_connected", "socket2_power_on", "io_input_hid1"} <= keys
    assert "wallbox2_ev_connected" not in keys
    assert _state(hass, "binary_sensor.senec_battery_charging") == STATE_ON
    assert _state(hass, "binary_sensor.senec_exporting_to_grid") == STATE_ON
    assert _state(hass, "binary_sensor.senec_importing_from_grid") == STATE_OFF
    assert _state(hass, "binary_sensor.senec_wallbox_1_ev_connected") == STATE_ON
    update = hass.states.get("binary_sensor.senec_update_available")
    assert update is not None
    assert update.attributes["device_class"] == "update"


@pytest.mark.parametrize("senec_capture", ["senec_minimal.json"])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_minimal_unit_lacks_absent_hardware(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """No wallbox, sockets or I/O board section: none of their entities."""
    await _setup(hass, senec_entry)
    keys = _keys(entity_registry, senec_entry)
    for prefix in ("wallbox", "socket", "io_"):
        assert not [key for key in keys if key.startswith(prefix)], prefix
    assert {"battery_discharging", "feature_car", "bms_error"} <= keys
    assert _state(hass, "binary_sensor.senec_battery_discharging") == STATE_ON


async def test_sentinel_flag_is_unknown(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A flag answered with a sentinel reads unknown; the value comes back later."""
    coordinator = await _setup(hass, senec_entry)
    senec_device.set("SYS_UPDATE", "UPDATE_AVAILABLE", "FORBIDDEN")
    senec_device.set("ENERGY", "GUI_GRID_POW", "fl_")
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, "binary_sensor.senec_update_available") == STATE_UNKNOWN
    assert _state(hass, "binary_sensor.senec_exporting_to_grid") == STATE_UNKNOWN

    senec_device.set("SYS_UPDATE", "UPDATE_AVAILABLE", "u8_01")
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, "binary_sensor.senec_update_available") == STATE_ON
