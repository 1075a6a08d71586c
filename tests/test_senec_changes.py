"""A SENEC unit that changes under a running entry: names, identity, hardware, versions."""

from __future__ import annotations

import copy

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN

from .conftest import SENEC_DEVICE_ID, FakeSenec
from .helpers import device_of, setup_entry

SECOND_ID = "2525866113258324220990042"
SECOND_HOST = "192.168.1.116"


def _second_unit(
    senec_device: FakeSenec, senec_entry: MockConfigEntry
) -> MockConfigEntry:
    """Another unit at another address, and an entry for it."""
    unit = FakeSenec(senec_device.capture)
    unit.set("FACTORY", "DEVICE_ID", f"st_{SECOND_ID}")
    unit.set("BAT1", "SERIAL", "st_783234JD028547847777")
    mac = ["u8_0A", "u8_15", "u8_F6", "u8_0B", "u8_DE", "u8_99"]
    unit.set("WIZARD", "MAC_ADDRESS_BYTES", mac)
    senec_device.others[SECOND_HOST] = unit
    return MockConfigEntry(
        domain=DOMAIN,
        title="SENEC V3 LV ···7777",
        unique_id=SECOND_ID,
        data={**copy.deepcopy(dict(senec_entry.data)), "host": SECOND_HOST},
    )


async def test_two_units_get_distinct_names_and_entity_ids(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The first unit keeps "SENEC"; a second is named by model and serial tail.

    Its entity ids then say which unit they belong to, instead of "_2".
    """
    second = _second_unit(senec_device, senec_entry)
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, second)

    first_device = device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))
    second_device = device_of(device_registry, second, (DOMAIN, SECOND_ID))
    assert first_device is not None
    assert second_device is not None
    assert first_device.name == "SENEC"
    assert second_device.name == "SENEC V3 LV ···7777"
    second_ids = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(entity_registry, second.entry_id)
    }
    assert "sensor.senec_v3_lv_7777_battery_state_of_charge" in second_ids
    first_ids = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, senec_entry.entry_id
        )
    }
    assert not second_ids & {f"{entity_id}_2" for entity_id in first_ids}
    assert hass.states.get("sensor.senec_battery_state_of_charge") is not None

    # Reloaded, each device keeps the name it was created with.
    for entry in (senec_entry, second):
        assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    first_device = device_registry.async_get(first_device.id)
    assert first_device is not None
    assert first_device.name == "SENEC"
