"""The SENEC sensor description, and the kinds of value it can show.

A kind bundles unit, device class, state class and display precision, so
each family module states what a value is in one word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)

from .senec_enums import options
from .senec_values import ExistsFn, ValueFn, always, enum, number, text

PHASES = ("L1", "L2", "L3")


@dataclass(frozen=True, kw_only=True)
class SenecSensorEntityDescription(SensorEntityDescription):
    """A SENEC value shown as a sensor."""

    section: str
    field: str
    index: int | None = None
    value_fn: ValueFn = number
    exists_fn: ExistsFn = always


@dataclass(frozen=True, slots=True)
class Kind:
    """What a value is: unit, device class, state class, display precision."""

    unit: str | None = None
    device_class: SensorDeviceClass | None = None
    state_class: SensorStateClass | None = None
    precision: int | None = None


_MEAS = SensorStateClass.MEASUREMENT
POWER = Kind(UnitOfPower.WATT, SensorDeviceClass.POWER, _MEAS, 0)
# Configured limits: a power, but not a measurement worth long-term statistics.
POWER_SETTING = Kind(UnitOfPower.WATT, SensorDeviceClass.POWER, None, 0)
VOLTAGE = Kind(UnitOfElectricPotential.VOLT, SensorDeviceClass.VOLTAGE, _MEAS, 1)
CELL_VOLTAGE = Kind(UnitOfElectricPotential.VOLT, SensorDeviceClass.VOLTAGE, _MEAS, 3)
MILLIVOLT = Kind(UnitOfElectricPotential.MILLIVOLT, SensorDeviceClass.VOLTAGE, _MEAS, 0)
CURRENT = Kind(UnitOfElectricCurrent.AMPERE, SensorDeviceClass.CURRENT, _MEAS, 2)
CURRENT_SETTING = Kind(UnitOfElectricCurrent.AMPERE, SensorDeviceClass.CURRENT, None, 1)
FREQUENCY = Kind(UnitOfFrequency.HERTZ, SensorDeviceClass.FREQUENCY, _MEAS, 2)
TEMPERATURE = Kind(UnitOfTemperature.CELSIUS, SensorDeviceClass.TEMPERATURE, _MEAS, 1)
BATTERY = Kind(PERCENTAGE, SensorDeviceClass.BATTERY, _MEAS, 0)
PERCENT = Kind(PERCENTAGE, None, _MEAS, 0)
PERCENT_SETTING = Kind(PERCENTAGE, None, None, 0)
ENERGY_STORAGE = Kind(UnitOfEnergy.WATT_HOUR, SensorDeviceClass.ENERGY_STORAGE, None, 0)
MODULE_ENERGY = Kind(
    UnitOfEnergy.KILO_WATT_HOUR,
    SensorDeviceClass.ENERGY,
    SensorStateClass.TOTAL_INCREASING,
    1,
)
HOURS = Kind(
    UnitOfTime.HOURS, SensorDeviceClass.DURATION, SensorStateClass.TOTAL_INCREASING, 0
)
COUNTER = Kind(state_class=SensorStateClass.TOTAL_INCREASING)
GAUGE = Kind(state_class=_MEAS)
TIMESTAMP = Kind(device_class=SensorDeviceClass.TIMESTAMP)
PLAIN = Kind()


def describe(
    key: str,
    section: str,
    field: str,
    kind: Kind,
    *,
    index: int | None = None,
    translation_key: str | None = None,
    placeholders: Mapping[str, str] | None = None,
    value_fn: ValueFn = number,
    exists_fn: ExistsFn = always,
    diagnostic: bool = False,
    enabled: bool = True,
    states: list[str] | None = None,
) -> SenecSensorEntityDescription:
    """One sensor; the translation key is the entity key unless a family shares one."""
    return SenecSensorEntityDescription(
        key=key,
        translation_key=translation_key or key,
        translation_placeholders=dict(placeholders) if placeholders else None,
        section=section,
        field=field,
        index=index,
        native_unit_of_measurement=kind.unit,
        device_class=kind.device_class,
        state_class=kind.state_class,
        suggested_display_precision=kind.precision,
        value_fn=value_fn,
        exists_fn=exists_fn,
        entity_category=EntityCategory.DIAGNOSTIC if diagnostic else None,
        entity_registry_enabled_default=enabled,
        options=states,
    )


def describe_text(
    key: str,
    section: str,
    field: str,
    *,
    index: int | None = None,
    translation_key: str | None = None,
    placeholders: Mapping[str, str] | None = None,
    exists_fn: ExistsFn = always,
    diagnostic: bool = True,
    enabled: bool = True,
) -> SenecSensorEntityDescription:
    """A text value: versions, error texts, self-test verdicts."""
    return describe(
        key,
        section,
        field,
        PLAIN,
        index=index,
        translation_key=translation_key,
        placeholders=placeholders,
        value_fn=text,
        exists_fn=exists_fn,
        diagnostic=diagnostic,
        enabled=enabled,
    )


def describe_enum(
    key: str,
    section: str,
    field: str,
    table: Mapping[int, str],
    *,
    index: int | None = None,
    translation_key: str | None = None,
    placeholders: Mapping[str, str] | None = None,
    value_fn: ValueFn | None = None,
    exists_fn: ExistsFn = always,
    diagnostic: bool = False,
    enabled: bool = True,
) -> SenecSensorEntityDescription:
    """A code shown as a translated state; unknown codes read as unknown."""
    return describe(
        key,
        section,
        field,
        Kind(device_class=SensorDeviceClass.ENUM),
        index=index,
        translation_key=translation_key,
        placeholders=placeholders,
        value_fn=value_fn or enum(table),
        exists_fn=exists_fn,
        diagnostic=diagnostic,
        enabled=enabled,
        states=options(table),
    )
