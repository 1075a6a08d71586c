"""SENEC kWh totals for the Energy dashboard, computed in Home Assistant.

Current V3 firmware answers STATISTIC empty, so the totals are integrated
from the powers of every poll (see energy_integrator). Older firmware still
fills STATISTIC with its own counters (kWh); where the first answer holds a
number, the sensor shows the device's counter instead, for the life of the
entry (a missing counter later is a gap, not a switch), and says so in its
``source`` attribute.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)

from ..kinds import ENERGY_TOTAL


@dataclass(frozen=True, kw_only=True)
class SenecEnergySensorEntityDescription(SensorEntityDescription):
    """A kWh total of one direction of one power flow."""

    power_field: str
    sign: float
    statistic_field: str
    section: str = "ENERGY"
    device_class: SensorDeviceClass | None = ENERGY_TOTAL.device_class
    state_class: SensorStateClass | None = ENERGY_TOTAL.state_class
    native_unit_of_measurement: str | None = ENERGY_TOTAL.unit
    suggested_display_precision: int | None = ENERGY_TOTAL.precision

    @property
    def reads(self) -> tuple[tuple[str, str], ...]:
        """The power it integrates and the device counter older firmware fills."""
        return (self.section, self.power_field), ("STATISTIC", self.statistic_field)


def _total(
    key: str, power_field: str, sign: float, statistic_field: str
) -> SenecEnergySensorEntityDescription:
    """The kWh of power_field's sign side, or the unit's own STATISTIC counter."""
    return SenecEnergySensorEntityDescription(
        key=key,
        translation_key=key,
        power_field=power_field,
        sign=sign,
        statistic_field=statistic_field,
    )


SENEC_ENERGY_SENSORS: tuple[SenecEnergySensorEntityDescription, ...] = (
    _total("grid_import_energy", "GUI_GRID_POW", 1, "LIVE_GRID_IMPORT"),
    _total("grid_export_energy", "GUI_GRID_POW", -1, "LIVE_GRID_EXPORT"),
    _total("battery_charge_energy", "GUI_BAT_DATA_POWER", 1, "LIVE_BAT_CHARGE"),
    _total("battery_discharge_energy", "GUI_BAT_DATA_POWER", -1, "LIVE_BAT_DISCHARGE"),
    _total("pv_energy", "GUI_INVERTER_POWER", 1, "LIVE_PV_GEN"),
    _total("house_energy", "GUI_HOUSE_POW", 1, "LIVE_HOUSE_CONS"),
)
