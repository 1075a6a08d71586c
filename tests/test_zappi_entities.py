"""zappi entities: the complete set, CT clamp naming, enums and energy totals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN, EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from .conftest import FakeMyenergi
from .helpers import setup_entry, snapshot_domain

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_entity_set(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every zappi entity, all enabled, with its state."""
    await setup_entry(hass, myenergi_entry)
    await snapshot_domain(
        hass, entity_registry, snapshot, myenergi_entry.entry_id, platform
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_ct_clamps_named_by_label(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Clamps get the owner's label; clamps labelled "None" get no entity."""
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get("sensor.driveway_ct_internal_load_power").state == "5312"
    assert hass.states.get("sensor.driveway_ct_grid_power").state == "4924"
    clamps = sorted(
        state.entity_id
        for state in hass.states.async_all("sensor")
        if state.attributes["friendly_name"].startswith("Driveway CT ")
    )
    assert clamps == [
        "sensor.driveway_ct_grid_power",
        "sensor.driveway_ct_internal_load_power",
    ]


async def test_values_converted(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """deciVolt, PWM and boost time arrive in user units."""
    await setup_entry(hass, myenergi_entry)
    assert float(hass.states.get("sensor.driveway_voltage").state) == 223.1
    assert float(hass.states.get("sensor.driveway_current_offered").state) == 24.6
    assert hass.states.get("sensor.driveway_last_smart_boost_time").state == "17:10"
    assert hass.states.get("sensor.driveway_status").state == "charging"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_unknown_codes_are_unknown(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A mode, status or plug code we do not know reads as unknown."""
    await setup_entry(hass, myenergi_entry)
    zappi = myenergi_account.status_payload["zappi"][0]
    zappi.update({"zmo": 9, "sta": 42, "pst": "Z9", "cmt": 100})
    freezer.tick(timedelta(seconds=61))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    for key in ("charge_mode", "status", "plug_status"):
        assert hass.states.get(f"sensor.driveway_{key}").state == STATE_UNKNOWN


async def test_today_never_falls_within_a_day(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A shorter history answer mid-day keeps the total; a new day resets it."""
    await setup_entry(hass, myenergi_entry)
    entity_id = "sensor.driveway_grid_import_today"
    before = float(hass.states.get(entity_id).state)
    assert before > 0

    (records,) = myenergi_account.history_payload.values()
    records.clear()
    freezer.tick(timedelta(minutes=15, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert float(hass.states.get(entity_id).state) == before

    freezer.move_to("2021-07-27 07:00:31+00:00")  # after the next local midnight
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert float(hass.states.get(entity_id).state) == 0


def _zappi(account: FakeMyenergi) -> dict[str, Any]:
    """The zappi of the capture, to change before setup."""
    zappi: dict[str, Any] = account.status_payload["zappi"][0]
    return zappi


def _unique_ids(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    """Unique ids of the entry's sensors and binary sensors."""
    return {
        entity.unique_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain in (Platform.SENSOR, Platform.BINARY_SENSOR)
    }


async def test_lock_bits_of_a_2026_zappi(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """lck 24 (a real 2026 zappi): charge when locked, charge session allowed.

    Bit 3 is "charge when locked" (facts note), not "lock when charging".
    """
    _zappi(myenergi_account)["lck"] = 24
    await setup_entry(hass, myenergi_entry)
    states = {
        key: hass.states.get(f"binary_sensor.driveway_{key}").state
        for key in (
            "locked",
            "lock_when_plugged_in",
            "lock_when_unplugged",
            "charge_when_locked",
            "charge_session_allowed",
        )
    }
    assert states == {
        "locked": "off",
        "lock_when_plugged_in": "off",
        "lock_when_unplugged": "off",
        "charge_when_locked": "on",
        "charge_session_allowed": "on",
    }
    assert hass.states.get("binary_sensor.driveway_lock_when_charging") is None


@pytest.mark.parametrize(
    ("pst", "sta", "status", "offered"),
    [
        ("A", 4, "ev_disconnected", "0.0"),
        ("A", 3, "ev_disconnected", "0.0"),
        ("A", 1, "ev_disconnected", "0.0"),
        ("F", 3, "fault", STATE_UNKNOWN),
        ("B2", 4, "boosting", "24.6"),
    ],
)
async def test_no_car_claims_no_charge(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    pst: str,
    sta: int,
    status: str,
    offered: str,
) -> None:
    """sta 3/4 with no car (pst A, div 0), as real zappis send: no charge claimed.

    The status follows the plug; the current offered is 0 A without a car
    (pwm is always sent) and unknown when the plug state is a fault.
    """
    zappi = _zappi(myenergi_account)
    zappi.update({"pst": pst, "sta": sta})
    if pst != "B2":
        zappi.pop("div")
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get("sensor.driveway_status").state == status
    assert hass.states.get("sensor.driveway_current_offered").state == offered


@pytest.mark.parametrize(
    ("flags", "pst", "shown"),
    [
        ({"bsm": 1}, "C2", "manual"),
        ({"bss": 1}, "B2", "smart"),
        ({"bst": 1}, "C2", "timed"),
        ({"bsm": 0, "bss": 0, "bst": 0}, "C2", "none"),
        ({}, "C2", "none"),  # the hub leaves flags at 0 out
        ({"bsm": 1}, "A", "waiting_for_ev"),  # a boost set with no car
        ({"bss": 1}, "A", "waiting_for_ev"),
    ],
)
async def test_boost_state_from_the_flags(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    flags: dict[str, int],
    pst: str,
    shown: str,
) -> None:
    """The page says which boost is set, and that one with no car waits for it.

    sta 4 proves nothing (it reads 4 in Fast and with no car): the flags
    bsm/bss/bst say whether a boost is set.
    """
    zappi = _zappi(myenergi_account)
    for key in ("bsm", "bss", "bst"):
        zappi.pop(key, None)
    zappi.update({**flags, "pst": pst, "sta": 4, "zmo": 3})
    await setup_entry(hass, myenergi_entry)
    state = hass.states.get("sensor.driveway_boost")
    assert state is not None
    assert state.state == shown


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_phase_setting_instead_of_phases(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """pha 2 with phaseSetting SINGLE_PHASE: no "phases" count, the setting shown."""
    _zappi(myenergi_account).update({"pha": 2, "phaseSetting": "SINGLE_PHASE"})
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get("sensor.driveway_phases") is None
    state = hass.states.get("sensor.driveway_phase_setting")
    assert state.state == "single_phase"
    # The select's state keys (issue 21 item 9; was "automatic").
    assert state.attributes["options"] == ["single_phase", "three_phase", "auto"]


async def test_no_phase_setting_without_the_field(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Firmware that sends no phaseSetting gets no phase-setting entity."""
    await setup_entry(hass, myenergi_entry)
    unique_ids = _unique_ids(entity_registry, myenergi_entry)
    assert "zappi_16000001_phase_setting" not in unique_ids
    assert "zappi_16000001_phases" not in unique_ids


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_repeated_ct_labels_get_the_clamp_number(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Three "Grid" clamps (one per phase): numbered names, ids by clamp number."""
    labels = ["Grid", "Grid", "Grid", "Internal Load", "Storage", "None"]
    _zappi(myenergi_account).update(
        {f"ectt{index}": label for index, label in enumerate(labels, start=1)}
        | {f"ectp{index}": index * 100 for index in range(1, 7)}
    )
    await setup_entry(hass, myenergi_entry)
    names = {
        entity.unique_id: hass.states.get(entity.entity_id).attributes["friendly_name"]
        for entity in er.async_entries_for_config_entry(
            entity_registry, myenergi_entry.entry_id
        )
        if entity.unique_id.endswith("_power") and "_ct" in entity.unique_id
    }
    assert names == {
        "zappi_16000001_ct1_power": "Driveway CT 1 Grid power",
        "zappi_16000001_ct2_power": "Driveway CT 2 Grid power",
        "zappi_16000001_ct3_power": "Driveway CT 3 Grid power",
        "zappi_16000001_ct4_power": "Driveway CT Internal Load power",
        "zappi_16000001_ct5_power": "Driveway CT Storage power",
    }
    assert hass.states.get("sensor.driveway_ct_2_grid_power").state == "200"


async def test_duplicated_values_start_disabled(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """One entity per value on the device page; the repeats start disabled.

    CT Grid repeats Grid power, CT Internal Load repeats Charge power, Plug
    status and the Charging flag repeat the Status; a clamp with a label of its
    own (Storage) has no twin and starts enabled.
    """
    _zappi(myenergi_account).update({"ectt3": "Storage"})
    await setup_entry(hass, myenergi_entry)
    disabled = {
        entity.unique_id.removeprefix("zappi_16000001_")
        for entity in er.async_entries_for_config_entry(
            entity_registry, myenergi_entry.entry_id
        )
        if entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    }
    assert {"ct1_power", "ct2_power", "plug_status"} <= disabled
    assert "ct3_power" not in disabled
    for kept in ("charge_power", "grid_power", "status"):
        assert kept not in disabled
        assert hass.states.get(f"sensor.driveway_{kept}") is not None


OLD_FIRMWARE_MISSING = (
    "lck",
    "pwm",
    "zmo",
    "fwv",
    "g100LockoutState",
    "beingTamperedWith",
    "batteryDischargeEnabled",
    "newAppAvailable",
    "newBootloaderAvailable",
)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_old_firmware_gets_only_what_it_sends(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A 2019 zappi sends no lck, pwm, zmo or fwv: no entities for them."""
    zappi = _zappi(myenergi_account)
    for field in OLD_FIRMWARE_MISSING:
        zappi.pop(field)
    await setup_entry(hass, myenergi_entry)
    keys = {
        unique_id.removeprefix("zappi_16000001_")
        for unique_id in _unique_ids(entity_registry, myenergi_entry)
    }
    absent = {
        "locked",
        "lock_when_plugged",
        "lock_when_unplugged",
        "charge_when_locked",
        "charge_session_allowed",
        "pwm",
        "current_offered",
        "charge_mode",
        "firmware",
        "g100_lockout",
        "tampered",
        "update_available",
    }
    assert not keys & absent
    # Values the hub leaves out when zero still exist (div, grd, gen, ...).
    assert keys & {"charge_power", "ev_connected"}


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_newer_fields_where_sent(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    platform: Platform,
) -> None:
    """G100 lockout, tampering, OCPP, network links and the manual boost time."""
    _zappi(myenergi_account).update(
        {
            "beingTamperedWith": True,
            "ocppEnabled": False,
            "wifiLink": "true",
            "ethernetLink": 0,
            "tbh": 7,
            "tbm": 5,
        }
    )
    await setup_entry(hass, myenergi_entry)
    if platform is Platform.SENSOR:
        expected = {"g100_lockout_state": "NONE", "last_boost_time": "07:05"}
    else:
        expected = {
            "tampering": "on",
            "ocpp_enabled": "off",
            "wi_fi_link": "on",
            "ethernet_link": "off",
        }
    for name, state in expected.items():
        entity_id = f"{platform}.driveway_{name}"
        assert hass.states.get(entity_id).state == state, entity_id
        entry = entity_registry.async_get(entity_id)
        assert entry.entity_category is EntityCategory.DIAGNOSTIC
