"""Setting an entry up, unloading it, retrying it: both kinds of device."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.myenergi import (
    MyenergiAuthError,
    MyenergiConnectionError,
)
from custom_components.senec_zappi.runtime import MyenergiRuntime
from custom_components.senec_zappi.senec import (
    SenecConnectionError,
    SenecInvalidAnswerError,
)

from .conftest import HUB_SERIAL, SENEC_DEVICE_ID, FakeMyenergi, FakeSenec
from .helpers import device_of, setup_entry

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")

SOC = "sensor.senec_battery_state_of_charge"
STATE = "sensor.senec_system_state"
CHARGE_POWER = "sensor.driveway_charge_power"


async def test_setup_and_unload(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The unit becomes a device with its entities; unloading removes them."""
    await setup_entry(hass, senec_entry)
    assert senec_entry.state is ConfigEntryState.LOADED
    assert float(hass.states.get(SOC).state) == pytest.approx(82.83, abs=0.01)
    assert hass.states.get(STATE).state == "charging"

    device = device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))
    assert device is not None
    assert device.manufacturer == "SENEC"
    assert device.model == "SENEC.Inverter V3 LV"
    # "Visit" opens the unit's variables page at its firmware's path.
    assert device.configuration_url == "https://192.168.1.115//vars.html"
    assert device.sw_version
    assert (dr.CONNECTION_NETWORK_MAC, "0a:15:f6:0b:de:74") in device.connections

    assert await hass.config_entries.async_unload(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert senec_entry.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get(SOC).state == STATE_UNAVAILABLE


@pytest.mark.parametrize(
    "error",
    [SenecConnectionError("refused"), SenecInvalidAnswerError("html")],
)
async def test_setup_retry_when_unreachable(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    error: Exception,
) -> None:
    """An offline unit at start makes Home Assistant retry, not give up."""
    senec_device.error = error
    await setup_entry(hass, senec_entry)
    assert senec_entry.state is ConfigEntryState.SETUP_RETRY


async def test_wrong_key_starts_reauth(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A rejected key stops setup and asks the user for a new one."""
    myenergi_account.error = MyenergiAuthError("401")
    await setup_entry(hass, myenergi_entry)
    assert myenergi_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_cloud_down_at_start_retries(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """An outage at start is retried, the configuration kept."""
    myenergi_account.error = MyenergiConnectionError("down")
    await setup_entry(hass, myenergi_entry)
    assert myenergi_entry.state is ConfigEntryState.SETUP_RETRY


async def test_myenergi_setup_and_unload(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The hub and its zappi become devices; unloading makes them unavailable."""
    await setup_entry(hass, myenergi_entry)
    assert myenergi_entry.state is ConfigEntryState.LOADED
    assert isinstance(myenergi_entry.runtime_data, MyenergiRuntime)
    assert device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    assert hass.states.get(CHARGE_POWER).state != STATE_UNAVAILABLE

    assert await hass.config_entries.async_unload(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    assert myenergi_entry.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get(CHARGE_POWER).state == STATE_UNAVAILABLE


async def test_senec_runtime_data_is_its_coordinator(
    hass: HomeAssistant, senec_device: FakeSenec, senec_entry: MockConfigEntry
) -> None:
    """A SENEC entry holds its coordinator, asking for the first poll's keys only."""
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    assert coordinator.last_update_success
    assert senec_device.requests  # the identity read and the first poll


async def test_retry_then_loaded(
    hass: HomeAssistant, senec_device: FakeSenec, senec_entry: MockConfigEntry
) -> None:
    """An entry in retry loads once the unit answers again (the next attempt)."""
    senec_device.error = SenecConnectionError("refused")
    await setup_entry(hass, senec_entry)
    assert senec_entry.state is ConfigEntryState.SETUP_RETRY
    senec_device.error = None
    assert await hass.config_entries.async_reload(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert senec_entry.state is ConfigEntryState.LOADED
