"""Actions: boost, smart boost and stop boost of a zappi device."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.myenergi import (
    MyenergiCommandError,
    MyenergiRateLimitError,
)

from .conftest import SENEC_DEVICE_ID, FakeMyenergi, FakeSenec
from .helpers import device_of, setup_entry

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")


async def _set_up_zappi(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, entry: MockConfigEntry
) -> dr.DeviceEntry:
    """The hub's entry set up; its zappi's device."""
    await setup_entry(hass, entry)
    device = device_of(device_registry, entry, (DOMAIN, "zappi_16000001"))
    assert device is not None
    return device


async def _call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    await hass.services.async_call(DOMAIN, service, data, blocking=True)


async def test_actions_registered_without_entries(hass: HomeAssistant) -> None:
    """The actions exist once the integration is set up, before any entry."""
    assert await async_setup_component(hass, DOMAIN, {})
    for service in ("boost", "smart_boost", "stop_boost"):
        assert hass.services.has_service(DOMAIN, service)


async def test_boost(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A boost of the given kWh, confirmed by the zappi."""
    myenergi_account.zappi["zmo"] = 3
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    await _call(hass, "boost", {"device_id": device.id, "kwh": 7})
    assert myenergi_account.commands == ["boost 7"]
    state = hass.states.get("sensor.driveway_last_boost_energy")
    assert state is not None
    assert float(state.state) == 7
    # The boost energy kept for the button is the owner's, not the action's.
    energy = hass.states.get("number.driveway_boost_energy")
    assert energy is not None
    assert float(energy.state) == 20


async def test_smart_boost(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """kWh ready by a time (whole minutes)."""
    myenergi_account.zappi["zmo"] = 2
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    await _call(
        hass,
        "smart_boost",
        {"device_id": device.id, "kwh": 12, "ready_by": "06:30:45"},
    )
    assert myenergi_account.commands == ["smart boost 12 06:30"]
    state = hass.states.get("sensor.driveway_last_smart_boost_time")
    assert state is not None
    assert state.state == "06:30"


async def test_stop_boost(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The boost ends; also allowed in Fast mode (nothing to refuse there)."""
    myenergi_account.zappi["sta"] = 4
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    await _call(hass, "stop_boost", {"device_id": device.id})
    assert myenergi_account.commands == ["stop boost"]
    state = hass.states.get("sensor.driveway_status")
    assert state is not None
    assert state.state == "charging"


@pytest.mark.parametrize("mode", [1, 4])
async def test_boost_in_fast_or_stop_refused(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    mode: int,
) -> None:
    """The zappi would drop the boost silently: refused, nothing sent."""
    myenergi_account.zappi["zmo"] = mode
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    for service, extra in (
        ("boost", {}),
        ("smart_boost", {"ready_by": "07:00"}),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, service, {"device_id": device.id, "kwh": 5, **extra})
        assert err.value.translation_key == "zappi_boost_needs_eco"
    assert myenergi_account.commands == []


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (MyenergiCommandError(-26), "zappi_busy"),
        (MyenergiRateLimitError("429", 30), "zappi_command_rate_limited"),
    ],
)
async def test_action_failure_is_translated(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    error: Exception,
    key: str,
) -> None:
    """Actions fail like the buttons do: a translated error, sent once."""
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    myenergi_account.command_error = error
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "stop_boost", {"device_id": device.id})
    assert err.value.translation_key == key
    assert myenergi_account.commands == ["stop boost"]


async def test_not_confirmed_action(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A boost not applied yet: the action returns, the command is pending."""
    myenergi_account.zappi["zmo"] = 3
    myenergi_account.apply = False
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    await _call(hass, "boost", {"device_id": device.id, "kwh": 5})
    event = hass.states.get("event.driveway_last_command")
    assert event is not None
    assert event.attributes["event_type"] == "pending"
    assert event.attributes["command"] == "boost 5 kWh"


async def test_device_that_is_no_zappi(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The hub, a SENEC unit or an unknown id: a translated validation error."""
    await setup_entry(hass, myenergi_entry)
    await setup_entry(hass, senec_entry)
    hub = device_of(device_registry, myenergi_entry, (DOMAIN, "hub_12345678"))
    senec = device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))
    assert hub is not None
    assert senec is not None
    for device_id in (hub.id, senec.id, "no-such-device"):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "stop_boost", {"device_id": device_id})
        assert err.value.translation_key == "zappi_unknown_device"
        assert "not a zappi" in str(err.value)
    assert myenergi_account.commands == []


async def test_zappi_of_unloaded_entry(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """After the hub's entry is unloaded its zappi takes no commands."""
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    assert await hass.config_entries.async_unload(myenergi_entry.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "stop_boost", {"device_id": device.id})
    assert err.value.translation_key == "zappi_unknown_device"
    assert myenergi_account.commands == []


@pytest.mark.parametrize("kwh", [0, 100, "lots"])
async def test_energy_out_of_range(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    kwh: Any,
) -> None:
    """1-99 kWh, as the zappi takes; other values never reach the hub."""
    myenergi_account.zappi["zmo"] = 3
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    with pytest.raises(vol.Invalid):
        await _call(hass, "boost", {"device_id": device.id, "kwh": kwh})
    assert myenergi_account.commands == []


async def test_smart_boost_off_the_quarter_hour_grid(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """ready_by 06:20 is refused with a translated validation error (item 5)."""
    myenergi_account.zappi["zmo"] = 3
    device = await _set_up_zappi(hass, device_registry, myenergi_entry)
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass, "smart_boost", {"device_id": device.id, "kwh": 5, "ready_by": "06:20"}
        )
    assert err.value.translation_key == "zappi_ready_by_quarter_hour"
    assert myenergi_account.commands == []
