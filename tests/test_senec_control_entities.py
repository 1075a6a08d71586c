"""Which SENEC controls a unit gets, and their snapshots (per platform)."""

from __future__ import annotations

from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.senec_zappi.descriptions.senec.controls import system_state
from custom_components.senec_zappi.senec import decode_answer

from .conftest import SENEC_DEVICE_ID, FakeMyenergi, FakeSenec
from .helpers import setup_entry, snapshot_domain


@pytest.fixture
def platform() -> Platform:
    """The platform whose entities a snapshot holds; button tests parametrize it."""
    return Platform.SWITCH


def _keys(
    registry: er.EntityRegistry, entry: MockConfigEntry, domain: str = Platform.SWITCH
) -> set[str]:
    """The keys of the entry's entities of one platform."""
    return {
        e.unique_id.removeprefix(f"{SENEC_DEVICE_ID}_")
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == domain
    }


SENEC_CONTROLS = {"safe_charge", "socket_force_on", "restart"}


def _license_sockets(device: FakeSenec) -> None:
    device.set("FEATURES", "SOCKETS", "u8_01")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_switch_snapshot(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Safe charge and both sockets of a licensed unit, all enabled."""
    _license_sockets(senec_device)
    senec_device.set("SOCKETS", "FORCE_ON", ["u8_00", "u8_01"])
    await setup_entry(hass, senec_entry)
    await senec_entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    await snapshot_domain(
        hass, entity_registry, snapshot, senec_entry.entry_id, platform
    )


@pytest.mark.parametrize("platform", [Platform.BUTTON])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_button_snapshot(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """The restart button of an NPU image 2411 unit."""
    await setup_entry(hass, senec_entry)
    await snapshot_domain(
        hass, entity_registry, snapshot, senec_entry.entry_id, platform
    )


async def test_safe_charge_shows_what_the_unit_reports(
    hass: HomeAssistant, senec_device: FakeSenec, senec_entry: MockConfigEntry
) -> None:
    """SAFE_CHARGE_RUNNING, as reported, enabled by default."""
    senec_device.set("ENERGY", "SAFE_CHARGE_RUNNING", "u8_01")
    await setup_entry(hass, senec_entry)
    state = hass.states.get("switch.senec_safe_charge")
    assert state is not None
    assert state.state == STATE_ON
    senec_device.set("ENERGY", "SAFE_CHARGE_RUNNING", "u8_00")
    await senec_entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get("switch.senec_safe_charge")
    assert state is not None
    assert state.state == STATE_OFF
    assert ("ENERGY", "SAFE_CHARGE_RUNNING") in senec_device.last_keys


@pytest.mark.parametrize(
    ("licensed", "count", "expected"),
    [
        (False, "u8_02", set()),
        (True, "u8_02", {"socket1_force_on", "socket2_force_on"}),
        (True, "u8_01", {"socket1_force_on"}),
        (True, "u8_00", set()),
    ],
)
async def test_socket_switches_only_when_licensed(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    licensed: bool,
    count: str,
    expected: set[str],
) -> None:
    """One per socket the unit has, while the sockets feature is licensed."""
    if licensed:
        _license_sockets(senec_device)
    senec_device.set("SOCKETS", "NUMBER_OF_SOCKETS", count)
    await setup_entry(hass, senec_entry)
    keys = _keys(entity_registry, senec_entry)
    assert keys == {"safe_charge", *expected}
    for key in expected:  # disabled until the owner enables them
        entity_id = entity_registry.async_get_entity_id(
            "switch", "senec_zappi", f"{SENEC_DEVICE_ID}_{key}"
        )
        assert entity_id is not None
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION


@pytest.mark.parametrize("senec_capture", ["senec_minimal.json"])
async def test_no_sockets_section(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A unit without the SOCKETS section gets the safe charge switch only."""
    _license_sockets(senec_device)
    await setup_entry(hass, senec_entry)
    assert _keys(entity_registry, senec_entry) == {"safe_charge"}


@pytest.mark.parametrize(
    ("image", "offered"),
    [
        ("u1_096B", True),  # 2411
        ("u1_0968", True),  # 2408
        ("u1_0967", False),  # 2407
        ("VARIABLE_NOT_FOUND", False),
    ],
)
async def test_restart_only_on_npu_2408_and_later(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    image: str,
    offered: bool,
) -> None:
    """The restart key exists from NPU image 2408 on; unknown means no button."""
    senec_device.set("SYS_UPDATE", "NPU_IMAGE_VERSION", image)
    await setup_entry(hass, senec_entry)
    assert _keys(entity_registry, senec_entry, Platform.BUTTON) == (
        {"restart"} if offered else set()
    )
    if offered:
        entity_id = entity_registry.async_get_entity_id(
            "button", "senec_zappi", f"{SENEC_DEVICE_ID}_restart"
        )
        assert entity_id is not None
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert entry.entity_category is not None
        assert entry.entity_category.value == "config"


async def test_myenergi_entry_has_no_senec_controls(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The SENEC controls never appear on a myenergi entry."""
    await setup_entry(hass, myenergi_entry)
    entries = er.async_entries_for_config_entry(
        entity_registry, myenergi_entry.entry_id
    )
    assert not [e.entity_id for e in entries if e.translation_key in SENEC_CONTROLS]


def test_system_state_named_in_the_warning() -> None:
    """The warning names the state by its option key, or the unknown code."""
    assert system_state(decode_answer({"ENERGY": {"STAT_STATE": "u8_08"}})) == (
        "manual_safety_charge"
    )
    assert system_state(decode_answer({"ENERGY": {"STAT_STATE": "u8_FE"}})) == (
        "code 254"
    )
