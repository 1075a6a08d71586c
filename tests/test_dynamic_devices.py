"""zappis that come and go: added without a reload, deleted once the hub drops them."""

from __future__ import annotations

import copy
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.senec_zappi.const import DOMAIN

from .conftest import HUB_SERIAL, SENEC_DEVICE_ID, FakeMyenergi, FakeSenec
from .helpers import device_of, setup_entry, tick

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")

NEW_SERIAL = "16000002"
NEW_POWER = "sensor.zappi_16000002_charge_power"
NEW_PLUGGED = "binary_sensor.zappi_16000002_ev_connected"


def _with_second_zappi(payload: dict[str, Any]) -> dict[str, Any]:
    second = copy.deepcopy(payload["zappi"][0])
    second["sno"] = int(NEW_SERIAL)
    second["div"] = 1234
    return {"zappi": [*payload["zappi"], second]}


async def _remove_device(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    device: dr.DeviceEntry,
    entry: MockConfigEntry,
) -> bool:
    """Delete the device from the device page, as the owner does."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": entry.entry_id,
            "device_id": device.id,
        }
    )
    response = await client.receive_json()
    await hass.async_block_till_done()
    return bool(response["success"])


async def test_new_zappi_gets_device_and_entities(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A zappi the hub lists after setup appears on every platform, under the hub."""
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get(NEW_POWER) is None
    history_calls = myenergi_account.history_calls

    myenergi_account.status_payload = _with_second_zappi(
        myenergi_account.status_payload
    )
    await tick(hass, freezer, 61)
    await tick(hass, freezer, 11)  # the history refresh it asked for (debounced)

    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    zappi = device_of(device_registry, myenergi_entry, (DOMAIN, f"zappi_{NEW_SERIAL}"))
    assert hub is not None
    assert zappi is not None
    assert zappi.via_device_id == hub.id
    assert zappi.serial_number == NEW_SERIAL
    assert hass.states.get(NEW_POWER).state == "1234"
    assert hass.states.get(NEW_PLUGGED).state == "on"
    # The control platforms get the new zappi too, with nothing of their own.
    assert hass.states.get("select.zappi_16000002_charge_mode").state == "fast"
    assert hass.states.get("number.zappi_16000002_min_green")
    assert hass.states.get("select.zappi_16000002_ready_by")
    assert myenergi_account.history_calls > history_calls
    assert hass.states.get("sensor.zappi_16000002_grid_import_today").state not in (
        STATE_UNAVAILABLE,
        None,
    )
    # Each entity once: the zappi that was there is not added again.
    ids = [
        (entity.domain, entity.unique_id)
        for entity in er.async_entries_for_config_entry(
            entity_registry, myenergi_entry.entry_id
        )
    ]
    assert len(ids) == len(set(ids))
    assert sum(1 for _, uid in ids if uid.startswith(f"zappi_{NEW_SERIAL}_")) == sum(
        1 for _, uid in ids if uid.startswith("zappi_16000001_")
    )


async def test_stale_zappi_can_be_deleted(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Listed zappis and the hub stay; a zappi the hub dropped can go, and return."""
    myenergi_account.status_payload = _with_second_zappi(
        myenergi_account.status_payload
    )
    await setup_entry(hass, myenergi_entry)
    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    zappi = device_of(device_registry, myenergi_entry, (DOMAIN, f"zappi_{NEW_SERIAL}"))
    assert hub is not None
    assert zappi is not None

    assert not await _remove_device(hass, hass_ws_client, zappi, myenergi_entry)
    assert not await _remove_device(hass, hass_ws_client, hub, myenergi_entry)

    myenergi_account.status_payload = {
        "zappi": myenergi_account.status_payload["zappi"][:1]
    }
    await tick(hass, freezer, 61)
    assert hass.states.get(NEW_POWER).state == STATE_UNAVAILABLE
    assert await _remove_device(hass, hass_ws_client, zappi, myenergi_entry)
    assert (
        device_of(device_registry, myenergi_entry, (DOMAIN, f"zappi_{NEW_SERIAL}"))
        is None
    )
    assert entity_registry.async_get(NEW_POWER) is None
    assert device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))

    # Plugged back into the hub: a new zappi again.
    myenergi_account.status_payload = _with_second_zappi(
        myenergi_account.status_payload
    )
    await tick(hass, freezer, 61)
    assert hass.states.get(NEW_POWER).state == "1234"
    assert device_of(device_registry, myenergi_entry, (DOMAIN, f"zappi_{NEW_SERIAL}"))


async def test_senec_unit_cannot_be_deleted_while_loaded(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The unit is the entry: remove the entry, not the device."""
    await setup_entry(hass, senec_entry)
    unit = device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))
    assert unit is not None
    assert not await _remove_device(hass, hass_ws_client, unit, senec_entry)
    assert device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))

    assert await hass.config_entries.async_unload(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert await _remove_device(hass, hass_ws_client, unit, senec_entry)
