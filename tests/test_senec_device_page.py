"""The SENEC device page a new owner sees (issue 17): short, readable, German too.

About 40 entities enabled by default, each value once; per-module, per-cell
and per-phase detail disabled; codes and empty texts as words; the house
meter named as such; grid flow in words that fit it; one natural German.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.descriptions.senec import (
    SENEC_BINARY_SENSORS,
    SENEC_ENERGY_SENSORS,
    SENEC_SENSORS,
)
from custom_components.senec_zappi.senec import decode_answer

from .conftest import FakeSenec, load_json
from .helpers import poll, setup_entry

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "custom_components" / "senec_zappi"
# Families that are detail: one entity per module, cell, phase or tracker input.
DETAIL = re.compile(
    r"^(module_[a-d]_|grid_l\d|meter2_|wallbox\d_l\d|mpp\d_(voltage|current))"
)


def _translations(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (PACKAGE / "translations" / f"{language}.json").read_text(encoding="utf-8")
    )
    return data["entity"]


def _enabled_keys(capture: str) -> set[str]:
    data = decode_answer(load_json(capture))
    return {
        d.key
        for d in (*SENEC_SENSORS, *SENEC_BINARY_SENSORS)
        if d.is_present(data) and d.entity_registry_enabled_default
    } | {d.key for d in SENEC_ENERGY_SENSORS}


@pytest.mark.parametrize(
    "capture", ["senec_full.json", "senec_minimal.json", "senec_lfp.json"]
)
def test_about_forty_entities_by_default(capture: str) -> None:
    """What an owner reads daily; detail is there, but disabled."""
    enabled = _enabled_keys(capture)
    assert 30 <= len(enabled) <= 45, sorted(enabled)
    assert not {key for key in enabled if DETAIL.match(key)}
    for daily in (
        "battery_power",
        "grid_power",
        "house_power",
        "pv_power",
        "battery_state_of_charge",
        "system_state",
        "battery_temperature",
        "grid_import_energy",
        "battery_charging",
        "grid_importing",
    ):
        assert daily in enabled, daily


def test_each_value_enabled_once() -> None:
    """Grid power and the grid meter's total say the same: one is enabled."""
    enabled = _enabled_keys("senec_full.json")
    for shown, duplicate in (
        ("grid_power", "grid_meter_power"),
        ("house_power", "meter2_meter_power"),
        ("pv_power", "inverter_pv_power"),
        ("battery_state_of_charge", "battery_system_soc"),
    ):
        assert shown in enabled
        assert duplicate not in enabled


async def test_page_reads_as_words(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """No error text is "No error"; the capacity shows in kWh."""
    await setup_entry(hass, senec_entry)
    error_text = hass.states.get("sensor.senec_inverter_error_text")
    assert error_text is not None
    assert error_text.state == "no_error"
    capacity = hass.states.get("sensor.senec_design_capacity")
    assert capacity is not None
    assert capacity.state == "7.5"
    assert capacity.attributes["unit_of_measurement"] == "kWh"
    entry = entity_registry.async_get("sensor.senec_design_capacity")
    assert entry is not None
    assert entry.options["sensor"]["suggested_display_precision"] == 1


async def test_missing_error_text_stays_unknown(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Only an empty text means "No error"; no value at all is unknown.

    The key is answered at setup (a key never answered gives no entity).
    """
    await setup_entry(hass, senec_entry)
    senec_device.set("STECA", "ERRORTEXT", "VARIABLE_NOT_FOUND")
    await poll(hass, freezer, senec_entry.runtime_data)
    state = hass.states.get("sensor.senec_inverter_error_text")
    assert state is not None
    assert state.state == STATE_UNKNOWN


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_module_status_and_house_meter(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
) -> None:
    """Module status 1 reads "ok"; PM1OBJ2 is the house meter."""
    await setup_entry(hass, senec_entry)
    await senec_entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    status = hass.states.get("sensor.senec_module_a_status")
    assert status is not None
    assert status.state == "ok"
    assert status.attributes["options"] == ["ok"]
    meter = hass.states.get("sensor.senec_house_meter_power")
    assert meter is not None
    assert meter.attributes["friendly_name"] == "SENEC House meter power"
    assert float(meter.state) == 1130.0


async def test_grid_flow_in_its_own_words(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
) -> None:
    """Import/export have no "power" class: their states say importing/exporting."""
    await setup_entry(hass, senec_entry)
    for entity_id in (
        "binary_sensor.senec_importing_from_grid",
        "binary_sensor.senec_exporting_to_grid",
    ):
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert "device_class" not in state.attributes
    texts = {language: _translations(language) for language in ("en", "de")}
    assert texts["en"]["binary_sensor"]["grid_importing"]["state"] == {
        "on": "Importing",
        "off": "Not importing",
    }
    assert texts["de"]["binary_sensor"]["grid_exporting"]["state"]["on"] == (
        "Speist ein"
    )


def test_one_natural_german() -> None:
    """Infinitive style for states; no "(Energie)", "Offpeak" or "Lädt" in SENEC."""
    de = _translations("de")["sensor"]
    assert de["system_state"]["state"]["charging"] == "Laden"
    assert de["wallbox_state"]["state"]["charging"] == "Laden"
    senec_keys = {d.translation_key for d in (*SENEC_SENSORS, *SENEC_ENERGY_SENSORS)}
    senec_keys |= {d.translation_key for d in SENEC_BINARY_SENSORS if d.translation_key}
    entity = _translations("de")
    texts = [
        text
        for platform in ("sensor", "binary_sensor")
        for key, value in entity[platform].items()
        if key in senec_keys
        for text in (value["name"], *value.get("state", {}).values())
    ]
    for awkward in ("(Energie)", "Offpeak", "Lädt", "Man. ", "Factory Settings"):
        assert not [text for text in texts if awkward in text], awkward
    assert de["battery_discharge_energy"]["name"] == "Entladung gesamt"
