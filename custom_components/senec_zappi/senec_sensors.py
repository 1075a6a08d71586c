"""SENEC sensor descriptions: which value each entity shows, and how.

Each description names the lala.cgi section and key (and array index) it reads;
the coordinator builds its request from exactly these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfPower,
)

from .senec import DecodedAnswer
from .senec_enums import STAT_STATE
from .senec_values import ValueFn, always, enum, number


@dataclass(frozen=True, kw_only=True)
class SenecSensorEntityDescription(SensorEntityDescription):
    """A SENEC value shown as a sensor."""

    section: str
    field: str
    index: int | None = None
    value_fn: ValueFn = number
    exists_fn: Callable[[DecodedAnswer], bool] = always


def _power(key: str, section: str, field: str) -> SenecSensorEntityDescription:
    return SenecSensorEntityDescription(
        key=key,
        translation_key=key,
        section=section,
        field=field,
        native_unit_of_measurement=UnitOfPower.WATT,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
    )


SENEC_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    # Positive while charging, negative while discharging (the device's sign).
    _power("battery_power", "ENERGY", "GUI_BAT_DATA_POWER"),
    # Positive while importing from the grid, negative while exporting.
    _power("grid_power", "ENERGY", "GUI_GRID_POW"),
    _power("house_power", "ENERGY", "GUI_HOUSE_POW"),
    _power("pv_power", "ENERGY", "GUI_INVERTER_POWER"),
    SenecSensorEntityDescription(
        key="battery_state_of_charge",
        section="ENERGY",
        field="GUI_BAT_DATA_FUEL_CHARGE",
        native_unit_of_measurement=PERCENTAGE,
        device_class=SensorDeviceClass.BATTERY,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
    ),
    SenecSensorEntityDescription(
        key="battery_voltage",
        translation_key="battery_voltage",
        section="ENERGY",
        field="GUI_BAT_DATA_VOLTAGE",
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
    ),
    SenecSensorEntityDescription(
        key="battery_current",
        translation_key="battery_current",
        section="ENERGY",
        field="GUI_BAT_DATA_CURRENT",
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
    ),
    SenecSensorEntityDescription(
        key="system_state",
        translation_key="system_state",
        section="ENERGY",
        field="STAT_STATE",
        device_class=SensorDeviceClass.ENUM,
        options=list(STAT_STATE.values()),
        value_fn=enum(STAT_STATE),
    ),
)
