"""What a value is (unit, device class, state class, precision), and where it shows.

Both devices describe their entities with these, so each description states
what its value is and who needs it in one word each instead of six fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
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


class KindFields(TypedDict):
    """The SensorEntityDescription fields a kind fills."""

    native_unit_of_measurement: str | None
    device_class: SensorDeviceClass | None
    state_class: SensorStateClass | None
    suggested_display_precision: int | None
    options: list[str] | None


@dataclass(frozen=True, slots=True)
class Kind:
    """Unit, device class, state class, display precision and enum options."""

    unit: str | None = None
    device_class: SensorDeviceClass | None = None
    state_class: SensorStateClass | None = None
    precision: int | None = None
    options: tuple[str, ...] | None = None

    def fields(self) -> KindFields:
        """The description fields, to spread into a SensorEntityDescription."""
        return KindFields(
            native_unit_of_measurement=self.unit,
            device_class=self.device_class,
            state_class=self.state_class,
            suggested_display_precision=self.precision,
            options=None if self.options is None else list(self.options),
        )


@dataclass(frozen=True, slots=True)
class Shown:
    """Where an entity shows up: its category, and whether it starts enabled."""

    category: EntityCategory | None
    enabled: bool


# What a user watches.
PRIMARY = Shown(None, enabled=True)
# What a user asks about now and then: versions, settings, problems.
DIAGNOSTIC = Shown(EntityCategory.DIAGNOSTIC, enabled=True)
# For service work: useful when something is wrong, noise otherwise.
SERVICE = Shown(EntityCategory.DIAGNOSTIC, enabled=False)
# A main value few need (it duplicates another, or is a detail).
OPTIONAL = Shown(None, enabled=False)


def enum_kind(options: tuple[str, ...]) -> Kind:
    """A code shown as one of these stable option keys (texts in translations)."""
    return Kind(device_class=SensorDeviceClass.ENUM, options=options)


_MEAS = SensorStateClass.MEASUREMENT
_TOTAL = SensorStateClass.TOTAL_INCREASING
_W = UnitOfPower.WATT
_V = UnitOfElectricPotential.VOLT
_A = UnitOfElectricCurrent.AMPERE
_KWH = UnitOfEnergy.KILO_WATT_HOUR

POWER = Kind(_W, SensorDeviceClass.POWER, _MEAS, 0)
# Configured limits: a power, but not a measurement worth long-term statistics.
POWER_SETTING = Kind(_W, SensorDeviceClass.POWER, None, 0)
VOLTAGE = Kind(_V, SensorDeviceClass.VOLTAGE, _MEAS, 1)
CELL_VOLTAGE = Kind(_V, SensorDeviceClass.VOLTAGE, _MEAS, 3)
MILLIVOLT = Kind(UnitOfElectricPotential.MILLIVOLT, SensorDeviceClass.VOLTAGE, _MEAS, 0)
CURRENT = Kind(_A, SensorDeviceClass.CURRENT, _MEAS, 2)
CURRENT_SETTING = Kind(_A, SensorDeviceClass.CURRENT, None, 1)
FREQUENCY = Kind(UnitOfFrequency.HERTZ, SensorDeviceClass.FREQUENCY, _MEAS, 2)
TEMPERATURE = Kind(UnitOfTemperature.CELSIUS, SensorDeviceClass.TEMPERATURE, _MEAS, 1)
BATTERY = Kind(PERCENTAGE, SensorDeviceClass.BATTERY, _MEAS, 0)
PERCENT = Kind(PERCENTAGE, None, _MEAS, 0)
PERCENT_SETTING = Kind(PERCENTAGE, None, None, 0)
ENERGY_STORAGE = Kind(UnitOfEnergy.WATT_HOUR, SensorDeviceClass.ENERGY_STORAGE, None, 0)
# kWh totals for the Energy dashboard.
ENERGY_TOTAL = Kind(_KWH, SensorDeviceClass.ENERGY, _TOTAL, 2)
MODULE_ENERGY = Kind(_KWH, SensorDeviceClass.ENERGY, _TOTAL, 1)
# An amount of energy that is not a running total (a boost target).
ENERGY_AMOUNT = Kind(_KWH, SensorDeviceClass.ENERGY, None, 0)
HOURS = Kind(UnitOfTime.HOURS, SensorDeviceClass.DURATION, _TOTAL, 0)
COUNTER = Kind(state_class=_TOTAL)
GAUGE = Kind(state_class=_MEAS)
TIMESTAMP = Kind(device_class=SensorDeviceClass.TIMESTAMP)
PLAIN = Kind()
