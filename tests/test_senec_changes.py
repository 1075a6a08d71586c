"""A SENEC unit that changes under a running entry: names, identity, hardware, versions."""

from __future__ import annotations

import copy

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.controls import async_write
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.senec import encode_value
from custom_components.senec_zappi.senec_request import PRESENCE_KEYS

from .conftest import SENEC_DEVICE_ID, FakeSenec
from .helpers import device_of, poll, registered_unique_ids, setup_entry, tick

# The unit's id, asked with every poll.
IDENTITY_KEY = ("FACTORY", "DEVICE_ID")
SOC = "sensor.senec_battery_state_of_charge"
CHARGE = "sensor.senec_battery_charged"
SAFE_CHARGE = "switch.senec_safe_charge"

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


def _coordinator(entry: MockConfigEntry) -> SenecCoordinator:
    coordinator = entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    return coordinator


def _float(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


async def test_another_unit_at_the_address_is_refused_on_every_poll(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Addresses handed out anew while running: no values, no kWh, no writes.

    The unit's id goes with every poll; another unit's answer makes the
    entities unavailable and raises the repair issue; the right unit back
    clears both.
    """
    senec_device.set("ENERGY", "GUI_BAT_DATA_POWER", encode_value(500.0, "fl"))
    await setup_entry(hass, senec_entry)
    coordinator = _coordinator(senec_entry)
    await poll(hass, freezer, coordinator)
    assert IDENTITY_KEY in senec_device.last_keys
    charged = _float(hass, CHARGE)
    issue = f"wrong_device_{senec_entry.entry_id}"

    senec_device.set("FACTORY", "DEVICE_ID", f"st_{SECOND_ID}")
    senec_device.set("ENERGY", "GUI_BAT_DATA_POWER", encode_value(9000.0, "fl"))
    for _ in range(3):
        await poll(hass, freezer, coordinator)
    state = hass.states.get(SOC)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    assert issue_registry.async_get_issue(DOMAIN, issue) is not None
    # The switch is unavailable, so Home Assistant does not call it; a write
    # reaching the coordinator anyway (an action, a race) is not sent either.
    state = hass.states.get(SAFE_CHARGE)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    sent: list[str] = []

    async def write(_: object) -> None:
        sent.append("safe charge")

    with pytest.raises(HomeAssistantError) as refused:
        await async_write(coordinator, write)
    assert refused.value.translation_key == "senec_write_other_unit"
    assert not sent

    senec_device.set("FACTORY", "DEVICE_ID", f"st_{SENEC_DEVICE_ID}")
    senec_device.set("ENERGY", "GUI_BAT_DATA_POWER", encode_value(500.0, "fl"))
    await poll(hass, freezer, coordinator)
    state = hass.states.get(SOC)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert issue_registry.async_get_issue(DOMAIN, issue) is None
    # The other unit's 9 kW never reached this unit's total.
    assert _float(hass, CHARGE) - charged < 9000 * 30 / 3_600_000


async def test_hardware_a_booting_unit_counts_later_appears_within_the_hour(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Zero counts at setup (still booting); the hourly presence read adds them.

    Between presence reads the counting keys are not asked.
    """
    counts = {("BMS", "MODULES_CONFIGURED"), ("BMS", "MODULE_COUNT")}
    counts |= {("PV1", "MPP_AVAIL"), ("SOCKETS", "NUMBER_OF_SOCKETS")}
    booted = {key: senec_device.capture[key[0]][key[1]] for key in counts}
    for section, key in counts:
        senec_device.set(section, key, "u8_00")
    await setup_entry(hass, senec_entry)
    coordinator = _coordinator(senec_entry)

    def unique_ids() -> set[str]:
        return registered_unique_ids(entity_registry, senec_entry)

    before = unique_ids()
    assert not any("_module_a_" in uid for uid in before)
    for (section, key), raw in booted.items():
        senec_device.set(section, key, raw)

    await poll(hass, freezer, coordinator)
    assert not PRESENCE_KEYS & senec_device.last_keys
    assert unique_ids() == before

    await tick(hass, freezer, 3600)
    assert {
        (section, key)
        for request in senec_device.requests[-3:]
        for section, keys in request.items()
        for key in keys
    } >= PRESENCE_KEYS
    added = unique_ids() - before
    assert f"{SENEC_DEVICE_ID}_module_a_cell_1_voltage" in added
    assert f"{SENEC_DEVICE_ID}_module_c_cell_1_voltage" in added
    assert before <= unique_ids()


async def test_key_the_firmware_lacks_appears_when_answered(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """VARIABLE_NOT_FOUND at setup: no entity; answered later: it appears hourly."""
    case_temp = senec_device.capture["TEMPMEASURE"]["CASE_TEMP"]
    senec_device.set("TEMPMEASURE", "CASE_TEMP", "VARIABLE_NOT_FOUND")
    await setup_entry(hass, senec_entry)
    unique_id = f"{SENEC_DEVICE_ID}_case_temperature"
    registered = registered_unique_ids(entity_registry, senec_entry)
    assert unique_id not in registered
    assert f"{SENEC_DEVICE_ID}_battery_temperature" in registered

    senec_device.set("TEMPMEASURE", "CASE_TEMP", case_temp)
    await tick(hass, freezer, 3600)
    entity_id = entity_registry.async_get_entity_id("sensor", DOMAIN, unique_id)
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    assert float(state.state) == pytest.approx(39.3, abs=0.1)


async def test_versions_follow_a_firmware_update(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The device page shows the versions of the hour, not those of setup."""
    await setup_entry(hass, senec_entry)
    device = device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))
    assert device is not None
    before = device.sw_version
    assert before is not None
    assert before == "1824 (NPU 2411, FW 954)"

    senec_device.set("SYS_UPDATE", "NPU_IMAGE_VERSION", "u1_096C")  # 2412
    senec_device.set("WIZARD", "APPLICATION_VERSION", "u1_0721")  # 1825
    await poll(hass, freezer, senec_entry.runtime_data)
    device = device_registry.async_get(device.id)
    assert device is not None
    assert device.sw_version == before  # read hourly, not with every poll
    await tick(hass, freezer, 3600)
    device = device_registry.async_get(device.id)
    assert device is not None
    assert device.sw_version == "1825 (NPU 2412, FW 954)"
