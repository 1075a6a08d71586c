"""A hub whose zappis change while the entry runs: fields, firmware, zappis leaving."""

from __future__ import annotations

import copy
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.myenergi import MyenergiConnectionError

from .conftest import HUB_SERIAL, FakeMyenergi
from .helpers import device_of, setup_entry, tick

ZAPPI = "16000001"
SECOND = "16000002"
BOOST_ENERGY = "sensor.driveway_last_boost_energy"
CHARGE_MODE = "select.driveway_charge_mode"


def _unique_ids(registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    return {
        entity.unique_id
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
    }


async def test_fields_sent_later_get_their_entities_at_the_next_poll(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """No entity for a field never sent; the first boost's tbk brings one."""
    for name in ("tbk", "zmo"):
        del myenergi_account.zappi[name]
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get(BOOST_ENERGY) is None
    assert hass.states.get(CHARGE_MODE) is None  # old firmware: no mode at all
    before = _unique_ids(entity_registry, myenergi_entry)

    myenergi_account.zappi["tbk"] = 5
    await tick(hass, freezer, 61)
    state = hass.states.get(BOOST_ENERGY)
    assert state is not None
    assert float(state.state) == 5
    added = _unique_ids(entity_registry, myenergi_entry) - before
    assert added == {f"zappi_{ZAPPI}_manual_boost_energy"}

    myenergi_account.zappi["zmo"] = 3
    await tick(hass, freezer, 61)
    state = hass.states.get(CHARGE_MODE)
    assert state is not None
    assert state.state == "eco_plus"


async def test_firmware_follows_the_hub_and_the_zappis(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A failed hub read is retried; new firmware shows on the device pages."""
    myenergi_account.hub_error = MyenergiConnectionError("down")
    await setup_entry(hass, myenergi_entry)
    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    zappi = device_of(device_registry, myenergi_entry, (DOMAIN, f"zappi_{ZAPPI}"))
    assert hub is not None
    assert zappi is not None
    assert hub.sw_version is None
    old_firmware = zappi.sw_version

    myenergi_account.hub_error = None
    myenergi_account.hub_firmware = "3402S3.060"
    myenergi_account.zappi["fwv"] = "3562S5.800"
    await tick(hass, freezer, 61)
    zappi = device_registry.async_get(zappi.id)
    assert zappi is not None
    assert zappi.sw_version == "3562S5.800" != old_firmware
    hub = device_registry.async_get(hub.id)
    assert hub is not None
    assert hub.sw_version is None  # read again hourly, not every poll

    await tick(hass, freezer, 3600)
    hub = device_registry.async_get(hub.id)
    assert hub is not None
    assert hub.sw_version == "3402S3.060"


async def test_a_zappi_gone_for_a_day_is_removed_and_comes_back_as_new(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Not listed in a day of polls: device and entities go; listed again: back."""
    first = myenergi_account.status_payload["zappi"][0]
    second = copy.deepcopy(first)
    second["sno"] = int(SECOND)
    myenergi_account.status_payload = {"zappi": [first, second]}
    await setup_entry(hass, myenergi_entry)
    identifier = (DOMAIN, f"zappi_{SECOND}")
    assert device_of(device_registry, myenergi_entry, identifier) is not None

    myenergi_account.status_payload = {"zappi": [first]}
    await tick(hass, freezer, 61)
    # A failed poll says nothing about the zappi: it removes nothing.
    myenergi_account.error = MyenergiConnectionError("down")
    await tick(hass, freezer, timedelta(hours=23).total_seconds())
    myenergi_account.error = None
    await tick(hass, freezer, 600)
    assert device_of(device_registry, myenergi_entry, identifier) is not None

    await tick(hass, freezer, timedelta(hours=1).total_seconds())
    assert device_of(device_registry, myenergi_entry, identifier) is None
    assert not any(
        uid.startswith(f"zappi_{SECOND}_")
        for uid in _unique_ids(entity_registry, myenergi_entry)
    )
    assert device_of(device_registry, myenergi_entry, (DOMAIN, f"zappi_{ZAPPI}"))

    myenergi_account.status_payload = {"zappi": [first, second]}
    await tick(hass, freezer, 61)
    assert device_of(device_registry, myenergi_entry, identifier) is not None
    assert f"zappi_{SECOND}_charge_power" in _unique_ids(
        entity_registry, myenergi_entry
    )
