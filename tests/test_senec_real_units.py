"""What real SENEC units send (issue 15): path style, energy sources, resets, garbage.

Each test here failed before its fix: the unit's pages by its path style,
kWh totals that keep their source across a missing value and a restart,
counters that follow a real reset, impossible values read as unknown, the
sign of PV1.P_TOTAL, 16-cell LFP modules, and the keys units send beyond the
seed.
"""

from __future__ import annotations

import json
import math

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.descriptions.senec import (
    SENEC_BINARY_SENSORS,
    SENEC_SENSORS,
)
from custom_components.senec_zappi.descriptions.senec.values import within
from custom_components.senec_zappi.diagnostics import redact_log
from custom_components.senec_zappi.high_water_mark import (
    RESET_FRACTION,
    HighWaterMark,
)
from custom_components.senec_zappi.senec import (
    SenecConnectionError,
    SenecNotFoundError,
    encode_value,
)
from scripts.senec_omitted import OMITTED

from .conftest import SENEC_DEVICE_ID, SENEC_HOST, FakeSenec
from .helpers import device_of, poll, setup_entry, tick

IMPORT = "sensor.senec_grid_import_energy"
LFP = pytest.mark.parametrize("senec_capture", ["senec_lfp.json"])


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _entry(scheme: str, path_style: str) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="SENEC",
        unique_id=SENEC_DEVICE_ID,
        data={
            "device_type": "senec",
            "host": SENEC_HOST,
            "scheme": scheme,
            "path_style": path_style,
        },
    )


# 15.2: the stored scheme and path style serve the owner.


@pytest.mark.parametrize(
    ("scheme", "path_style", "url"),
    [
        ("https", "double", f"https://{SENEC_HOST}//vars.html"),
        ("https", "capital", f"https://{SENEC_HOST}/Vars.html"),
        ("http", "lower", f"http://{SENEC_HOST}/vars.html"),
    ],
)
async def test_visit_link_is_the_variables_page_of_the_style(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    device_registry: dr.DeviceRegistry,
    scheme: str,
    path_style: str,
    url: str,
) -> None:
    """0826+ //vars.html, 0825 /Vars.html, older /vars.html (over http)."""
    entry = _entry(scheme, path_style)
    await setup_entry(hass, entry)
    device = device_of(device_registry, entry, (DOMAIN, SENEC_DEVICE_ID))
    assert device is not None
    assert device.configuration_url == url


@pytest.mark.parametrize(
    ("scheme", "path_style", "url"),
    [
        ("https", "double", f"https://{SENEC_HOST}//log/{{day}}.log"),
        ("https", "capital", f"https://{SENEC_HOST}/log/{{day}}.log"),
        ("http", "lower", f"http://{SENEC_HOST}/log/{{day}}.log"),
    ],
)
async def test_diagnostics_hold_the_redacted_log_tail(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    senec_device: FakeSenec,
    scheme: str,
    path_style: str,
    url: str,
) -> None:
    """Today's log, read with the stored scheme and style, at most 4 kB, redacted."""
    senec_device.log = (
        f"10:00:01 connected to {SENEC_HOST}, gateway 192.168.1.1\n"
        f"10:00:02 DEVICE_ID {SENEC_DEVICE_ID} MAC 0A:15:F6:0B:DE:74\n"
        "10:00:03 battery 783234JD028547840519 module 44043416 ok\n"
        "10:00:04 wallbox WB0815471100 idle\n"
        "10:00:05 state 14 (charging)\n"
    )
    entry = _entry(scheme, path_style)
    await setup_entry(hass, entry)
    result = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    today = dt_util.now().date()
    assert senec_device.log_reads == [(url.format(day=f"{today:%Y/%m/%d}"), 4096)]
    log = result["device_log"]
    assert log["day"] == today.isoformat()
    tail = log["tail"]
    assert "state 14 (charging)" in tail
    for secret in (
        SENEC_HOST,
        "192.168.1.1",
        SENEC_DEVICE_ID,
        "0A:15:F6:0B:DE:74",
        "783234JD028547840519",
        "44043416",
        "WB0815471100",
    ):
        assert secret not in json.dumps(result), secret
    assert tail.count("**REDACTED**") == 7


@pytest.mark.parametrize(
    ("error", "note"),
    [
        (SenecNotFoundError("404"), "no log for today"),
        (SenecConnectionError("refused"), "SenecConnectionError"),
    ],
)
async def test_a_failed_log_read_is_a_note(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    error: Exception,
    note: str,
) -> None:
    """No log today, or none readable: the rest of the diagnostics still comes."""
    senec_device.log_error = error
    await setup_entry(hass, senec_entry)
    result = await get_diagnostics_for_config_entry(hass, hass_client, senec_entry)
    assert note in result["device_log"]["note"]
    assert "tail" not in result["device_log"]
    assert result["senec"]["decoded"]["ENERGY"]["STAT_STATE"] == 14


async def test_log_left_out_when_serials_cannot_be_read(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
) -> None:
    """Unredactable is unshown: without the serials the log stays out."""
    await setup_entry(hass, senec_entry)
    senec_device.error = SenecConnectionError("gone")
    result = await get_diagnostics_for_config_entry(hass, hass_client, senec_entry)
    assert "left out" in result["device_log"]["note"]
    assert senec_device.log_reads == []


def test_redact_log_also_catches_addresses_it_was_not_told() -> None:
    """Any IPv4 address or MAC goes, besides the unit's own ids."""
    text = redact_log(
        "peer 10.0.0.7 mac aa-bb-cc-dd-ee-ff id ABCD1234 sn 123456789 at 10:00:05",
        {"abcd1234"},
    )
    assert text == (
        "peer **REDACTED** mac **REDACTED** id **REDACTED** sn **REDACTED** at 10:00:05"
    )


# 15.3: a total keeps its source; a missing value is a gap.


def _counter(senec_device: FakeSenec, kwh: float | None) -> None:
    raw = "VARIABLE_NOT_FOUND" if kwh is None else encode_value(kwh, "fl")
    senec_device.set("STATISTIC", "LIVE_GRID_IMPORT", raw)


async def test_missing_counter_is_a_gap_not_a_switch(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """100.0 -> 100.2 -> (missing) -> 100.4 never shows 0.0 or a drop."""
    senec_device.set("ENERGY", "GUI_GRID_POW", encode_value(1000.0, "fl"))
    _counter(senec_device, 100.0)
    await setup_entry(hass, senec_entry)
    seen = [float(_state(hass, IMPORT))]
    for kwh in (100.2, None, None, 100.4):
        _counter(senec_device, kwh)
        await tick(hass, freezer, 30)
        seen.append(float(_state(hass, IMPORT)))
    assert seen == [100.0, 100.2, 100.2, 100.2, 100.4]
    state = hass.states.get(IMPORT)
    assert state is not None
    assert state.attributes["source"] == "device"


async def test_restored_source_outlives_a_first_answer_without_counter(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After a restart the stored source holds even if the counter is missing now."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(IMPORT, "100.2", {"source": "device"}),
                {
                    "native_value": 100.2,
                    "native_unit_of_measurement": "kWh",
                    "source": "device",
                },
            )
        ],
    )
    senec_device.set("ENERGY", "GUI_GRID_POW", encode_value(1000.0, "fl"))
    _counter(senec_device, None)
    await setup_entry(hass, senec_entry)
    assert float(_state(hass, IMPORT)) == 100.2
    await tick(hass, freezer, 30)
    assert float(_state(hass, IMPORT)) == 100.2  # nothing integrated meanwhile
    _counter(senec_device, 100.4)
    await tick(hass, freezer, 30)
    assert float(_state(hass, IMPORT)) == 100.4
    state = hass.states.get(IMPORT)
    assert state is not None
    assert state.attributes["source"] == "device"


async def test_integrated_total_ignores_a_counter_appearing_later(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An integrated total stays integrated: a counter value would be a jump."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(IMPORT, "5.0"),
                {
                    "native_value": 5.0,
                    "native_unit_of_measurement": "kWh",
                    "source": "integrated",
                },
            )
        ],
    )
    senec_device.set("ENERGY", "GUI_GRID_POW", encode_value(1000.0, "fl"))
    _counter(senec_device, 3000.0)
    await setup_entry(hass, senec_entry)
    await tick(hass, freezer, 30)
    assert float(_state(hass, IMPORT)) == pytest.approx(
        5.0 + 1000 * 30 / 3_600_000, abs=0.001
    )
    entity = next(
        e
        for e in hass.data["sensor"].entities
        if e.entity_id == IMPORT  # type: ignore[attr-defined]
    )
    stored = entity.extra_restore_state_data.as_dict()  # type: ignore[attr-defined]
    assert stored["source"] == "integrated"


# 15.4: small jitter is held, a large drop is a reset.


def test_high_water_mark_holds_jitter_and_follows_resets() -> None:
    """Below RESET_FRACTION of the highest is a reset; less is jitter."""
    mark = HighWaterMark(reset_fraction=RESET_FRACTION)
    assert [mark.update(v, None) for v in (27, 26, 28, 15, 14, 2, 3)] == [
        27,
        27,
        28,
        28,
        28,
        2,
        3,
    ]
    never = HighWaterMark()
    assert [never.update(v, None) for v in (100.0, 0.0, 100.4)] == [100, 100, 100.4]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_error_counter_follows_a_reset(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The BMS fault line count cleared from 40 to 0 reads 0, not 40 for ever."""
    senec_device.set("BMS", "FAULTLINECOUNT", "u1_0028")
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    await poll(hass, freezer, coordinator)
    entity = "sensor.senec_bms_fault_line_count"
    assert _state(hass, entity) == "40"
    senec_device.set("BMS", "FAULTLINECOUNT", "u1_0027")
    await poll(hass, freezer, coordinator)
    assert _state(hass, entity) == "40"
    senec_device.set("BMS", "FAULTLINECOUNT", "u1_0000")
    await poll(hass, freezer, coordinator)
    assert _state(hass, entity) == "0"


# 15.5: what cannot be physically true reads unknown.


@LFP
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_mcu_temperature_garbage_reads_unknown(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """TEMPMEASURE.MCU_TEMP -156 degC (firmware 0833) is unknown, logged once."""
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    await coordinator.async_refresh()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, "sensor.senec_mcu_temperature") == STATE_UNKNOWN
    assert float(_state(hass, "sensor.senec_case_temperature")) == pytest.approx(
        39.3, abs=0.01
    )
    lines = [m for m in caplog.messages if "outside what this value can be" in m]
    assert len(lines) == 1
    assert "-156" in lines[0]


@pytest.mark.parametrize(
    ("section", "key", "raw", "entity"),
    [
        (
            "ENERGY",
            "GUI_BAT_DATA_FUEL_CHARGE",
            encode_value(250.0, "fl"),
            "battery_state_of_charge",
        ),
        ("PM1OBJ1", "FREQ", encode_value(0.5, "fl"), "grid_frequency"),
        (
            "TEMPMEASURE",
            "BATTERY_TEMP",
            encode_value(-200.0, "fl"),
            "battery_temperature",
        ),
        ("PM1OBJ1", "U_AC", [encode_value(-5.0, "fl")] * 3, "phase_l1_grid_voltage"),
    ],
)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_impossible_values_read_unknown(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    section: str,
    key: str,
    raw: object,
    entity: str,
) -> None:
    """SoC 250 %, 0.5 Hz, -200 degC, -5 V: each reads unknown."""
    senec_device.set(section, key, raw)
    await setup_entry(hass, senec_entry)
    await senec_entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, f"sensor.senec_{entity}") == STATE_UNKNOWN


def test_ranges_are_data_of_the_quantity() -> None:
    """Every temperature, SoC, frequency and voltage description has a range."""
    ranged = {
        SensorDeviceClass.TEMPERATURE: (-40, 100),
        SensorDeviceClass.BATTERY: (0, 100),
        SensorDeviceClass.FREQUENCY: (45, 65),
    }
    for description in SENEC_SENSORS:
        if description.device_class in ranged:
            assert description.valid == ranged[description.device_class], (
                description.key
            )
        if description.device_class is SensorDeviceClass.VOLTAGE:
            assert description.valid is not None, description.key
            assert description.valid[0] == 0, description.key
    assert within(-156.0, (-40, 100)) is False
    assert within(3.301, (0, 5)) is True
    assert within(7, None) is True
    assert math.isinf(
        next(d for d in SENEC_SENSORS if d.key == "module_a_cycles").valid[1]  # type: ignore[index]
    )


# 15.6: PV power has the sign of generation.


@LFP
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_inverter_pv_power_is_positive(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
) -> None:
    """PV1.P_TOTAL -843 W while GUI_INVERTER_POWER is +843 W reads 843 W."""
    await setup_entry(hass, senec_entry)
    await senec_entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert float(_state(hass, "sensor.senec_inverter_pv_power")) == 843.0
    assert float(_state(hass, "sensor.senec_pv_power")) == 843.0


# 15.7: cells follow the array the unit sends.


def _keys(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    prefix = f"{SENEC_DEVICE_ID}_"
    return {
        e.unique_id.removeprefix(prefix)
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }


@pytest.mark.parametrize(
    ("senec_capture", "cells", "sensors", "modules"),
    [("senec_lfp.json", 16, 16, "ab"), ("senec_full.json", 14, 6, "abc")],
)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_cell_entities_follow_the_array_length(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    cells: int,
    sensors: int,
    modules: str,
) -> None:
    """LFP modules: 16 cell voltages; NMC: 14; as many temperatures as sent."""
    await setup_entry(hass, senec_entry)
    keys = _keys(entity_registry, senec_entry)
    for module in modules:
        voltages = {k for k in keys if k.startswith(f"module_{module}_cell_")}
        voltages = {k for k in voltages if k.endswith("_voltage")}
        temperatures = {
            k for k in keys if k.startswith(f"module_{module}_cell_temperature_")
        }
        assert len(voltages) == cells, module
        assert len(temperatures) == sensors, module
        assert f"module_{module}_cell_{cells}_voltage" in keys
        assert f"module_{module}_cell_{cells + 1}_voltage" not in keys
    assert not [k for k in keys if k.startswith("module_d_")]
    if cells == 16:
        await senec_entry.runtime_data.async_refresh()
        await hass.async_block_till_done()
        assert _state(hass, "sensor.senec_module_b_cell_16_voltage") == "3.302"


# 15.9: every key real units send is an entity or a reasoned line.

SEEN_ON_REAL_UNITS = {
    "BMS": (
        "TOTAL_CURRENT",
        "TOTAL_VOLTAGE",
        "START_SELFTEST",
        "START_UPDATE",
        "WIZARD_CONFDETECTION",
        "WIZARD_FINISHEDDETECTION",
        "WIZARD_RESDETECTION",
        "WIZARD_STARTDETECTION",
        "WIZARD_TIMEOUTDETECTION",
        "WIZARD_VAL_STATUS",
    ),
    "BAT1": ("REQ_HV_UPD", "REQ_LV_UPD"),
    "ENERGY": (
        "GUI_BAT_DATA_OA_CHARGING",
        "STAT_MAINT_REQUIRED",
        "STAT_STATE_DECODE",
        "TEST_CHARGE_ENABLE",
        "TEST_CYCLE",
        "GRID_POWER_OFFSET",
        "GUI_CAP_TEST_DIS_COUNT",
        "GUI_CAP_TEST_START",
        "GUI_CAP_TEST_STOP",
        "GUI_FACTORY_TEST_FAN",
    ),
    "WIZARD": ("SG_READY_POWER_NORMAL",),
}


def test_keys_of_real_units_are_known() -> None:
    """Each is read by a description or omitted with a reason."""
    used = {(d.section, d.field) for d in (*SENEC_SENSORS, *SENEC_BINARY_SENSORS)}
    omitted = {(o.section, o.key): o.reason for o in OMITTED}
    for section, keys in SEEN_ON_REAL_UNITS.items():
        for key in keys:
            pair = (section, key)
            assert pair in used or omitted.get(pair), pair


@LFP
async def test_new_keys_as_entities(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Maintenance required is a problem sensor where the unit sends the key."""
    await setup_entry(hass, senec_entry)
    assert _state(hass, "binary_sensor.senec_maintenance_required") == "off"
    assert "grid_power_offset" in _keys(entity_registry, senec_entry)


async def test_keys_only_newer_firmware_sends_give_no_entity_elsewhere(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The seed's unit knows neither key: no entity that is unknown for ever."""
    await setup_entry(hass, senec_entry)
    keys = _keys(entity_registry, senec_entry)
    assert "maintenance_required" not in keys
    assert "grid_power_offset" not in keys
