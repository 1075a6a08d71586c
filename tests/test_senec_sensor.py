"""SENEC sensors: the whole catalogue per capture, presence, odd values, requests."""

from __future__ import annotations

from datetime import UTC, datetime
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.descriptions.senec import (
    SENEC_BINARY_SENSORS,
    SENEC_ENERGY_SENSORS,
    SENEC_SENSORS,
    SENEC_SWITCHES,
)
from custom_components.senec_zappi.descriptions.senec.controls import SYSTEM_STATE
from custom_components.senec_zappi.descriptions.senec.enums import (
    SELFTEST_RESULT,
    SELFTEST_STEP,
)
from custom_components.senec_zappi.descriptions.senec.values import (
    counted,
    enum,
    number,
    step_of,
    text,
    timestamp,
)
from custom_components.senec_zappi.house_link import FLOWS, SECTION
from custom_components.senec_zappi.senec import DecodedAnswer
from custom_components.senec_zappi.senec_request import PRESENCE_KEYS
from custom_components.senec_zappi.senec_unit import IDENTITY_KEY
from scripts.senec_omitted import OMITTED

from .conftest import SENEC_DEVICE_ID, FakeSenec, load_json
from .helpers import poll, setup_entry, snapshot_domain

ROOT = Path(__file__).resolve().parents[1]
BOTH = pytest.mark.parametrize(
    "senec_capture", ["senec_full.json", "senec_minimal.json"]
)
# Every (section, key) a description reads.
USED = {(d.section, d.field) for d in SENEC_SENSORS} | {
    (d.section, d.field) for d in SENEC_BINARY_SENSORS
}
# The kWh totals are snapshotted with their own tests (test_senec_energy.py).
ENERGY_KEYS = frozenset(d.key for d in SENEC_ENERGY_SENSORS)

MINIMAL = pytest.mark.parametrize("senec_capture", ["senec_minimal.json"])


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> SenecCoordinator:
    await setup_entry(hass, entry)
    coordinator = entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    return coordinator


def _unique_ids(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    """Keys of the entry's sensors, without the kWh totals."""
    prefix = f"{SENEC_DEVICE_ID}_"
    keys = {
        e.unique_id.removeprefix(prefix)
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if e.domain == Platform.SENSOR
    }
    return keys - ENERGY_KEYS


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


@BOTH
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_catalogue_snapshot(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every sensor the unit has, with every entity enabled, read in full."""
    coordinator = await _setup(hass, senec_entry)
    # Entities enabled here were disabled by default: their keys join the
    # request once registered.
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    await snapshot_domain(
        hass,
        entity_registry,
        snapshot,
        senec_entry.entry_id,
        Platform.SENSOR,
        keep=lambda e: (
            e.unique_id.removeprefix(f"{SENEC_DEVICE_ID}_") not in ENERGY_KEYS
        ),
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_full_unit_values_and_hardware(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """3 modules, 2 trackers, a wallbox and meter 2: their entities, in real units."""
    coordinator = await _setup(hass, senec_entry)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    keys = _unique_ids(entity_registry, senec_entry)
    assert {"module_c_soh", "mpp2_power", "wallbox1_state", "meter2_l1_power"} <= keys
    assert not {"module_d_soh", "mpp3_power", "wallbox2_state"} & keys
    assert "socket2_upper_limit" in keys

    assert float(_state(hass, "sensor.senec_battery_state_of_charge")) == (
        pytest.approx(82.83, abs=0.01)
    )
    assert _state(hass, "sensor.senec_system_state") == "charging"
    assert _state(hass, "sensor.senec_module_a_cell_1_voltage") == "3.926"
    assert float(_state(hass, "sensor.senec_battery_system_state_of_charge")) == 83.0
    assert float(_state(hass, "sensor.senec_battery_maximum_temperature")) == 32.0
    assert _state(hass, "sensor.senec_bms_status") == "ok"
    assert _state(hass, "sensor.senec_inverter_state") == "run_grid"
    assert _state(hass, "sensor.senec_wallbox_1_state") == "charging"
    assert _state(hass, "sensor.senec_battery_type") == "senec_inverter_v3_lv"
    assert _state(hass, "sensor.senec_self_test_result") == "not_started"
    assert _state(hass, "sensor.senec_power_unit_type") == "not_available"
    # 0 means "never changed", not 1 January 1970.
    assert _state(hass, "sensor.senec_vpp_last_change") == STATE_UNKNOWN
    assert _state(hass, "sensor.senec_bms_status_changed").startswith("2023-07-21")


@MINIMAL
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_minimal_unit_has_only_its_hardware(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """One module, one tracker, no wallbox, meter 2 off, sections the unit lacks."""
    coordinator = await _setup(hass, senec_entry)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    keys = _unique_ids(entity_registry, senec_entry)
    assert {"module_a_soh", "mpp1_power", "grid_l3_power"} <= keys
    for absent in ("module_b", "mpp2", "wallbox1", "wallbox_", "meter2", "socket"):
        assert not [key for key in keys if key.startswith(absent)], absent
    # Sections answered OBJECT_NOT_FOUND give no entity at all.
    for absent in ("cascade_battery_power", "selftest_dc_coil", "power_unit_type"):
        assert absent not in keys
    assert "ipu_version" not in keys
    # A key answered VARIABLE_NOT_FOUND: its firmware lacks it, no entity.
    assert "case_temperature" not in keys
    assert "battery_temperature" in keys
    # er_ values and other sentinels: the entity exists, its state is unknown.
    assert _state(hass, "sensor.senec_mcu_temperature") == STATE_UNKNOWN
    assert _state(hass, "sensor.senec_phase_l3_pv_power_ratio") == STATE_UNKNOWN
    assert _state(hass, "sensor.senec_bms_status") == "cells_imbalanced_warning"
    assert _state(hass, "sensor.senec_inverter_startup_state") == "sleep"
    assert _state(hass, "sensor.senec_system_state") == "discharging"


async def test_missing_section_gives_no_entity(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A unit without TEMPMEASURE has no temperature entities, and no error."""
    senec_device.capture["TEMPMEASURE"] = {"OBJECT_NOT_FOUND": ""}
    await _setup(hass, senec_entry)
    keys = _unique_ids(entity_registry, senec_entry)
    assert "battery_temperature" not in keys
    assert "battery_state_of_charge" in keys


@pytest.mark.parametrize(
    ("raw", "expected"), [("u3_00000064", "100"), ("fl_42C80000", "100.0")]
)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_power_ratio_integer_or_float(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    raw: str,
    expected: str,
) -> None:
    """POWER_RATIO is u3 on older models and fl on a V3: both read as 100 %."""
    senec_device.set("PV1", "POWER_RATIO", raw)
    coordinator = await _setup(hass, senec_entry)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, "sensor.senec_pv_power_ratio") == expected


async def test_unknown_code_is_unknown_and_warned_once(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A code the table lacks reads as unknown, with one warning per code."""
    coordinator = await _setup(hass, senec_entry)
    senec_device.set("BMS", "BMS_STATUS", "u8_63")
    senec_device.set("ENERGY", "GUI_HOUSE_POW", "VARIABLE_NOT_FOUND")
    await poll(hass, freezer, coordinator)
    await poll(hass, freezer, coordinator)
    assert _state(hass, "sensor.senec_bms_status") == STATE_UNKNOWN
    assert _state(hass, "sensor.senec_house_power") == STATE_UNKNOWN
    warnings = [r for r in caplog.records if "does not know yet" in r.getMessage()]
    assert len(warnings) == 1
    assert "99" in warnings[0].getMessage()


async def test_request_holds_only_added_entities(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After setup only the unit's id and keys of added entities are asked.

    The presence keys go with the first poll and then hourly (tested in
    test_senec_changes.py), not with every poll.
    """
    coordinator = await _setup(hass, senec_entry)
    first = senec_device.requests[1]  # [0] is the identity read
    body = json.dumps({s: dict.fromkeys(keys, "") for s, keys in first.items()})
    assert len(body.encode()) < 9500  # one request body, no split
    # The first poll samples every section a description reads.
    assert {section for section, _ in USED} <= first.keys()

    await poll(hass, freezer, coordinator)
    reads: dict[str, tuple[tuple[str, str], ...]] = {
        d.key: d.reads
        for d in (*SENEC_SENSORS, *SENEC_BINARY_SENSORS, *SENEC_ENERGY_SENSORS)
    }
    reads |= {d.key: (*d.reads, SYSTEM_STATE) for d in SENEC_SWITCHES}
    added = {
        key
        for e in er.async_entries_for_config_entry(
            entity_registry, senec_entry.entry_id
        )
        if e.disabled_by is None
        for key in reads.get(e.unique_id.removeprefix(f"{SENEC_DEVICE_ID}_"), ())
        if key[0] not in coordinator.data.missing_sections
    }
    assert added & {(d.section, d.field) for d in SENEC_SENSORS}
    # The house view reads the three flows (default-enabled sensors read them
    # anyway); its two sensors read no key of their own.
    house = {(SECTION, flow) for flow in FLOWS}
    assert senec_device.last_keys == {IDENTITY_KEY} | added | house
    assert not PRESENCE_KEYS & senec_device.last_keys - added
    assert ("BMS", "CELL_VOLTAGES_MODULE_A") not in senec_device.last_keys


def _answer(sections: dict[str, dict[str, object]]) -> DecodedAnswer:
    return DecodedAnswer(sections=sections)  # type: ignore[arg-type]


def test_value_helpers_refuse_odd_values() -> None:
    """Odd types and codes give None, never an exception."""
    assert text(True) is None
    assert number(float("nan")) is None
    assert number(-0.0) == 0
    assert text(" 0826 ") == "0826"
    assert enum({1: "one"})(1.5) is None
    assert timestamp(0) is None
    assert timestamp(1e20) is None
    assert timestamp(1689953960) == datetime(2023, 7, 21, 15, 39, 20, tzinfo=UTC)


def test_selftest_step_points_at_running_or_failed_step() -> None:
    """The position of a running (else failed) step names the step."""
    step = step_of(SELFTEST_RESULT, SELFTEST_STEP)
    assert step([2, 2, 1, 0, 0, 0, 0, 0]) == "upper_frequency_limit_l1"
    assert step([2, 3, 2, 2, 2, 2, 2, 2]) == "lower_voltage_limit_l1"
    assert step([2] * 8) is None
    assert step(5) is None


def test_modules_counted_by_either_key() -> None:
    """Firmware that fills only MODULE_COUNT still gets its modules."""
    second = counted(1, "BMS", "MODULES_CONFIGURED", "MODULE_COUNT")
    assert second(_answer({"BMS": {"MODULES_CONFIGURED": 0, "MODULE_COUNT": 2}}))
    assert not second(_answer({"BMS": {"MODULES_CONFIGURED": 1, "MODULE_COUNT": 4}}))
    assert not second(_answer({}))


CAPTURES = ("senec_full.json", "senec_minimal.json", "senec_lfp.json")


def test_every_seed_key_is_exposed_or_omitted() -> None:
    """Each key of every capture is read by a description or omitted, not both.

    The LFP capture holds the keys real units on firmware 0833 send beyond
    the seed, so each of those is an entity or a reasoned line too.
    """
    used = USED
    omitted = [(o.section, o.key) for o in OMITTED]
    assert len(omitted) == len(set(omitted))
    assert not used & set(omitted)
    keys = {
        (section, key)
        for capture in CAPTURES
        for section, values in load_json(capture).items()
        for key in values
        if key != "OBJECT_NOT_FOUND"
    }
    assert keys - used - set(omitted) == set()
    assert used <= keys


def _entity_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "entity_reference", ROOT / "scripts" / "entity_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_entity_reference_is_current() -> None:
    """docs/entity-reference.md is what the script generates now."""
    table = _entity_reference().build_table()
    document = (ROOT / "docs" / "entity-reference.md").read_text()
    assert table in document
    assert table in (ROOT / "README.md").read_text()
    rows = table.splitlines()[2:]
    pairs = [tuple(row.split(" | ")[:2]) for row in rows]
    assert len(pairs) == len(set(pairs))
    assert (
        "| BMS | CHARGED_ENERGY | sensor: Module A/B/C/D charged energy | kWh |"
        in table
    )
    assert (
        "| STATISTIC | LIVE_GRID_IMPORT | sensor: Grid import energy | kWh |" in table
    )
    assert "| PV1 | MPP_VOL | sensor: MPP 1/2/3 voltage | V |" in table


def test_codes_of_unknown_unit_keep_no_statistics() -> None:
    """State codes and a number of unknown unit are no measurements.

    A mean of test-charge state codes says nothing; long-term statistics of
    them only fill the database (and the statistics page with a warning
    once the owner changes the unit by hand).
    """
    codes = {
        "capacity_test_state",
        "test_charge_state",
        "test_discharge_state",
        "offpeak_duration",
    }
    described = {d.key: d for d in SENEC_SENSORS if d.key in codes}
    assert described.keys() == codes
    for key, description in described.items():
        assert description.state_class is None, key
        assert description.native_unit_of_measurement is None, key
