"""SENEC kWh totals for the Energy dashboard, computed in Home Assistant.

Current V3 firmware answers STATISTIC empty, so the totals are integrated
from the powers of every poll (see energy_integrator). Older firmware still
fills STATISTIC with its own counters (kWh); where one answers with a number,
the sensor shows the device's counter instead, and says so in its ``source``
attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import callback
from homeassistant.util import dt as dt_util

from .energy_integrator import EnergyIntegrator
from .high_water_mark import HighWaterMark
from .senec_coordinator import SenecCoordinator
from .senec_entity import SenecEntity, read_value
from .senec_values import number

# Integrate across a missed poll or two, not across an outage.
GAP_POLLS = 3
MIN_GAP = timedelta(seconds=90)

SOURCE_INTEGRATED = "integrated"
SOURCE_DEVICE = "device"


@dataclass(frozen=True, kw_only=True)
class SenecEnergySensorEntityDescription(SensorEntityDescription):
    """A kWh total of one direction of one power flow."""

    power_field: str
    sign: float
    statistic_field: str
    section: str = "ENERGY"
    device_class: SensorDeviceClass | None = SensorDeviceClass.ENERGY
    state_class: SensorStateClass | None = SensorStateClass.TOTAL_INCREASING
    native_unit_of_measurement: str | None = UnitOfEnergy.KILO_WATT_HOUR
    suggested_display_precision: int | None = 2


SENEC_ENERGY_SENSORS: tuple[SenecEnergySensorEntityDescription, ...] = (
    SenecEnergySensorEntityDescription(
        key="grid_import_energy",
        translation_key="grid_import_energy",
        power_field="GUI_GRID_POW",
        sign=1,
        statistic_field="LIVE_GRID_IMPORT",
    ),
    SenecEnergySensorEntityDescription(
        key="grid_export_energy",
        translation_key="grid_export_energy",
        power_field="GUI_GRID_POW",
        sign=-1,
        statistic_field="LIVE_GRID_EXPORT",
    ),
    SenecEnergySensorEntityDescription(
        key="battery_charge_energy",
        translation_key="battery_charge_energy",
        power_field="GUI_BAT_DATA_POWER",
        sign=1,
        statistic_field="LIVE_BAT_CHARGE",
    ),
    SenecEnergySensorEntityDescription(
        key="battery_discharge_energy",
        translation_key="battery_discharge_energy",
        power_field="GUI_BAT_DATA_POWER",
        sign=-1,
        statistic_field="LIVE_BAT_DISCHARGE",
    ),
    SenecEnergySensorEntityDescription(
        key="pv_energy",
        translation_key="pv_energy",
        power_field="GUI_INVERTER_POWER",
        sign=1,
        statistic_field="LIVE_PV_GEN",
    ),
    SenecEnergySensorEntityDescription(
        key="house_energy",
        translation_key="house_energy",
        power_field="GUI_HOUSE_POW",
        sign=1,
        statistic_field="LIVE_HOUSE_CONS",
    ),
)


class SenecEnergySensor(SenecEntity, RestoreSensor):
    """A total that survives restarts and never decreases."""

    entity_description: SenecEnergySensorEntityDescription

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: SenecEnergySensorEntityDescription,
    ) -> None:
        """Integrate from zero until the restored total is known."""
        super().__init__(
            coordinator,
            description,
            (
                (description.section, description.power_field),
                ("STATISTIC", description.statistic_field),
            ),
        )
        gap = max(coordinator.normal_interval * GAP_POLLS, MIN_GAP)
        self._integrator = EnergyIntegrator(
            sign=description.sign, max_gap=gap.total_seconds()
        )
        self._source = SOURCE_INTEGRATED
        self._device_total = HighWaterMark()

    async def async_added_to_hass(self) -> None:
        """Continue from the last stored total, then take the current sample."""
        await super().async_added_to_hass()
        last = await self.async_get_last_sensor_data()
        restored = number(last.native_value) if last else None  # type: ignore[arg-type]
        if restored is not None and restored >= 0:
            self._integrator.total_kwh = float(restored)
            self._device_total.value = float(restored)
        if self.coordinator.last_update_success:
            self._sample()

    @callback
    def _handle_coordinator_update(self) -> None:
        """One sample per successful poll; failed polls leave a gap."""
        if self.coordinator.last_update_success:
            self._sample()
        super()._handle_coordinator_update()

    def _sample(self) -> None:
        description = self.entity_description
        data = self.coordinator.data
        counter = number(
            read_value(data, "STATISTIC", description.statistic_field, None)
        )
        if counter is not None and counter >= 0:
            self._source = SOURCE_DEVICE
            self._device_total.update(float(counter), self.entity_id)
            return
        self._source = SOURCE_INTEGRATED
        power = number(
            read_value(data, description.section, description.power_field, None)
        )
        self._integrator.add(
            dt_util.utcnow().timestamp(), None if power is None else float(power)
        )

    @property
    def native_value(self) -> float:
        """kWh so far."""
        if self._source == SOURCE_DEVICE and self._device_total.value is not None:
            return round(self._device_total.value, 3)
        return round(self._integrator.total_kwh, 3)

    @property
    def extra_state_attributes(self) -> dict[str, str]:
        """Where the total comes from: the device's counter or integration here."""
        return {"source": self._source}
