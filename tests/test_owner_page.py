"""What an owner sees on the device pages (issue 26, second walk).

No value that changes every poll without meaning an event is enabled (each
change is a Logbook line); each fact shows once (versions and model live in
the device info); names fit a device page at 1280 px in both languages; the
minimum green level shows its number.
"""

from __future__ import annotations

from collections.abc import Iterable
import json
from pathlib import Path
from typing import Any

from homeassistant.components.number import NumberMode
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import EntityDescription
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.descriptions.house import (
    CAR_BINARY_SENSORS,
    CAR_ENERGY_SENSORS,
    CAR_POWER_SENSORS,
    CAR_SHARE_SENSORS,
    HOUSE_SENSORS,
)
from custom_components.senec_zappi.descriptions.hub import HUB_SENSORS
from custom_components.senec_zappi.descriptions.senec import (
    SENEC_BINARY_SENSORS,
    SENEC_ENERGY_SENSORS,
    SENEC_SENSORS,
)
from custom_components.senec_zappi.descriptions.zappi import ZAPPI_SENSORS
from custom_components.senec_zappi.descriptions.zappi_controls import (
    ZAPPI_BOOST_ENERGY,
    ZAPPI_BUTTONS,
    ZAPPI_NUMBERS,
    ZAPPI_READY_BY,
    ZAPPI_SELECTS,
)
from custom_components.senec_zappi.descriptions.zappi_energy import (
    ZAPPI_ENERGY_SENSORS,
)
from custom_components.senec_zappi.senec import decode_answer

from .conftest import FakeSenec, load_json
from .helpers import setup_entry

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "senec_zappi"
# Longest name that shows whole beside a value such as "0,00 kWh" on a device
# page card at 1280 px (the first walk saw "House consumption ene..." cut after
# 21 characters plus "..."; the second saw "Geladen aus dem Speicher" whole).
VALUE_NAME_MAX = 24
# Beside a short value ("0 W", "No"): the second walk saw "Home battery
# charging the car" (29 characters) whole and "Auto lädt aus dem Hausspeicher"
# (30) cut by 3 px.
SHORT_VALUE_NAME_MAX = 29
# Beside a button or in a select's label: "Smart-Boost starten" wrapped.
CONTROL_NAME_MAX = 18
# Beside a number box (measured at 1280 px: "Boost energy" and "Boost-Energie"
# show whole, "Minimum green" read "Minimum gre..."). Characters are a proxy
# for width. A time picker is no place for a name: beside a 12-hour picker
# (AM/PM) "Ready by" read "Re...", so the ready-by time is a select.
FIELD_NAME_MAX = 13


def _names(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (PACKAGE / "translations" / f"{language}.json").read_text(encoding="utf-8")
    )
    return data["entity"]


def _shown_names(
    platform: str, descriptions: Iterable[EntityDescription], language: str
) -> dict[str, str]:
    """Name by key of the entities enabled by default, placeholders filled in."""
    names = _names(language)[platform]
    return {
        d.key: names[d.translation_key]["name"].format(
            **(d.translation_placeholders or {})
        )
        for d in descriptions
        if d.entity_registry_enabled_default and d.translation_key
    }


def _present(descriptions: Iterable[Any], capture: str) -> list[Any]:
    data = decode_answer(load_json(capture))
    return [d for d in descriptions if d.is_present(data)]


@pytest.mark.parametrize("language", ["en", "de"])
def test_value_names_fit_the_page(language: str) -> None:
    """Every value an owner sees by default shows its whole name."""
    values = {
        **_shown_names("sensor", _present(SENEC_SENSORS, "senec_full.json"), language),
        **_shown_names("sensor", SENEC_ENERGY_SENSORS, language),
        **_shown_names("sensor", (*ZAPPI_SENSORS, *ZAPPI_ENERGY_SENSORS), language),
        **_shown_names("sensor", (*CAR_ENERGY_SENSORS, *CAR_SHARE_SENSORS), language),
        **_shown_names("sensor", HOUSE_SENSORS, language),
    }
    short_values = {
        **_shown_names("sensor", CAR_POWER_SENSORS, language),
        **_shown_names("binary_sensor", CAR_BINARY_SENSORS, language),
    }
    too_long = {key: name for key, name in values.items() if len(name) > VALUE_NAME_MAX}
    too_long |= {
        key: name
        for key, name in short_values.items()
        if len(name) > SHORT_VALUE_NAME_MAX
    }
    assert not too_long


@pytest.mark.parametrize("language", ["en", "de"])
def test_control_names_fit_beside_the_control(language: str) -> None:
    """Selects (ready-by time among them), buttons, minimum green, boost energy."""
    controls = {
        **_shown_names("select", (*ZAPPI_SELECTS, ZAPPI_READY_BY), language),
        **_shown_names("button", ZAPPI_BUTTONS, language),
    }
    fields = _shown_names("number", (*ZAPPI_NUMBERS, ZAPPI_BOOST_ENERGY), language)
    assert (len(controls), len(fields)) == (6, 2)
    too_long = {
        key: name for key, name in controls.items() if len(name) > CONTROL_NAME_MAX
    } | {key: name for key, name in fields.items() if len(name) > FIELD_NAME_MAX}
    assert not too_long


def test_minimum_green_shows_its_number() -> None:
    """A slider shows no value beside it; a box does."""
    (minimum_green,) = ZAPPI_NUMBERS
    assert minimum_green.mode is NumberMode.BOX


def test_each_fact_once() -> None:
    """Versions and battery type are the device info's: disabled sensors."""
    enabled = {
        d.key
        for d in _present((*SENEC_SENSORS, *SENEC_BINARY_SENSORS), "senec_full.json")
        if d.entity_registry_enabled_default
    }
    repeated = {
        "application_version",
        "firmware_version",
        "npu_image_version",
        "battery_type",
    }
    assert not repeated & enabled
    zappi = {d.key for d in ZAPPI_SENSORS if d.entity_registry_enabled_default}
    assert "firmware" not in zappi
    assert "design_capacity" in enabled  # not in the device info: stays


def test_nothing_enabled_that_changes_every_poll() -> None:
    """A timestamp of the last reading is a Logbook line per poll: disabled."""
    timestamps = [
        d.key
        for d in (*SENEC_SENSORS, *ZAPPI_SENSORS, *HUB_SENSORS)
        if d.device_class is SensorDeviceClass.TIMESTAMP
        and d.entity_registry_enabled_default
    ]
    assert not timestamps


async def test_operating_time_reads_in_days(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
) -> None:
    """9,993 hours read as 416 days: a duration an owner can read."""
    await setup_entry(hass, senec_entry)
    state = hass.states.get("sensor.senec_operating_time")
    assert state is not None
    assert state.attributes["unit_of_measurement"] == UnitOfTime.DAYS
    assert state.attributes["device_class"] == SensorDeviceClass.DURATION
    assert round(float(state.state)) == 416
