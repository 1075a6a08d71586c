"""What a value is (unit, device class, state class, precision), and where it shows.

Both devices describe their entities with these, so each description states
what its value is and who needs it in one word each instead of six fields.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
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
    suggested_unit_of_measurement: str | None
    options: list[str] | None


@dataclass(frozen=True, slots=True)
class Kind:
    """Unit, device class, state class, display precision and enum options.

    valid: the range (in the unit, after conversion) a value of this kind
    can physically take; a reading outside it is garbage and reads unknown.
    suggested_unit: the unit Home Assistant shows it in, when not the unit's.
    """

    unit: str | None = None
    device_class: SensorDeviceClass | None = None
    state_class: SensorStateClass | None = None
    precision: int | None = None
    options: tuple[str, ...] | None = None
    valid: tuple[float, float] | None = None
    suggested_unit: str | None = None

    def fields(self) -> KindFields:
        """The description fields, to spread into a SensorEntityDescription."""
        return KindFields(
            native_unit_of_measurement=self.unit,
            device_class=self.device_class,
            state_class=self.state_class,
            suggested_display_precision=self.precision,
            suggested_unit_of_measurement=self.suggested_unit,
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
DIAGNOSTIC_DISABLED = Shown(EntityCategory.DIAGNOSTIC, enabled=False)
# A main value few need (it duplicates another, or is a detail).
MAIN_DISABLED = Shown(None, enabled=False)


def enum_kind(options: tuple[str, ...]) -> Kind:
    """A code shown as one of these stable option keys (texts in translations)."""
    return Kind(device_class=SensorDeviceClass.ENUM, options=options)


_MEAS = SensorStateClass.MEASUREMENT
_TOTAL = SensorStateClass.TOTAL_INCREASING
_W = UnitOfPower.WATT
_V = UnitOfElectricPotential.VOLT
_A = UnitOfElectricCurrent.AMPERE
_KWH = UnitOfEnergy.KILO_WATT_HOUR
# Counters count up from zero.
_COUNT = (0.0, math.inf)

POWER = Kind(_W, SensorDeviceClass.POWER, _MEAS, 0)
# Configured limits: a power, but not a measurement worth long-term statistics.
POWER_SETTING = Kind(_W, SensorDeviceClass.POWER, None, 0)
# Battery, module, grid-phase and PV string voltages: never negative, and no
# unit of this kind reaches 1000 V.
VOLTAGE = Kind(_V, SensorDeviceClass.VOLTAGE, _MEAS, 1, valid=(0, 1000))
# A lithium cell lives between about 2.5 and 4.3 V; 0 to 5 V leaves room
# for an empty or a just-charged cell, not for garbage.
CELL_VOLTAGE = Kind(_V, SensorDeviceClass.VOLTAGE, _MEAS, 3, valid=(0, 5))
MILLIVOLT = Kind(
    UnitOfElectricPotential.MILLIVOLT,
    SensorDeviceClass.VOLTAGE,
    _MEAS,
    0,
    valid=(0, 5000),
)
CURRENT = Kind(_A, SensorDeviceClass.CURRENT, _MEAS, 2)
CURRENT_SETTING = Kind(_A, SensorDeviceClass.CURRENT, None, 1)
# A grid, or an inverter synchronised to one, outside 45-65 Hz is off.
FREQUENCY = Kind(
    UnitOfFrequency.HERTZ, SensorDeviceClass.FREQUENCY, _MEAS, 2, valid=(45, 65)
)
# Indoor electronics and batteries: the unit shuts down long before either end.
TEMPERATURE = Kind(
    UnitOfTemperature.CELSIUS, SensorDeviceClass.TEMPERATURE, _MEAS, 1, valid=(-40, 100)
)
BATTERY = Kind(PERCENTAGE, SensorDeviceClass.BATTERY, _MEAS, 0, valid=(0, 100))
PERCENT = Kind(PERCENTAGE, None, _MEAS, 0)
PERCENT_SETTING = Kind(PERCENTAGE, None, None, 0)
# A capacity in Wh on the wire, shown in kWh (7.5 kWh reads better than 7,500 Wh).
ENERGY_STORAGE = Kind(
    UnitOfEnergy.WATT_HOUR,
    SensorDeviceClass.ENERGY_STORAGE,
    None,
    1,
    suggested_unit=_KWH,
)
# kWh totals for the Energy dashboard.
ENERGY_TOTAL = Kind(_KWH, SensorDeviceClass.ENERGY, _TOTAL, 2)
MODULE_ENERGY = Kind(_KWH, SensorDeviceClass.ENERGY, _TOTAL, 1, valid=_COUNT)
# An amount of energy that is not a running total (a boost target).
ENERGY_AMOUNT = Kind(_KWH, SensorDeviceClass.ENERGY, None, 0)
# A running time counted in hours, shown in days ("416 d" reads, "9,993 h" not).
HOURS = Kind(
    UnitOfTime.HOURS,
    SensorDeviceClass.DURATION,
    _TOTAL,
    0,
    valid=_COUNT,
    suggested_unit=UnitOfTime.DAYS,
)
COUNTER = Kind(state_class=_TOTAL, valid=_COUNT)
GAUGE = Kind(state_class=_MEAS)
TIMESTAMP = Kind(device_class=SensorDeviceClass.TIMESTAMP)
PLAIN = Kind()
