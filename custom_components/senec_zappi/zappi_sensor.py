"""zappi sensors: status values per poll, today's energy from the history."""

from __future__ import annotations

from datetime import date

from homeassistant.components.sensor import SensorEntity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .high_water_mark import HighWaterMark
from .zappi_coordinator import (
    ZappiCoordinators,
    ZappiHistoryCoordinator,
    ZappiStatusCoordinator,
)
from .zappi_entity import ZappiEntity
from .zappi_sensors import (
    ZAPPI_ENERGY_SENSORS,
    ZAPPI_SENSORS,
    ZappiEnergyEntityDescription,
    ZappiSensorEntityDescription,
    ct_clamp_description,
)


def async_setup_zappi_sensors(
    runtime: ZappiCoordinators, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Sensors for every zappi the hub listed at setup."""
    entities: list[SensorEntity] = []
    for serial, status in runtime.status.data.items():
        descriptions = [
            *ZAPPI_SENSORS,
            *(ct_clamp_description(clamp) for clamp in status.ct_clamps),
        ]
        entities.extend(
            ZappiSensor(runtime.status, runtime, serial, description)
            for description in descriptions
        )
        entities.extend(
            ZappiEnergySensor(runtime.history, runtime, serial, description)
            for description in ZAPPI_ENERGY_SENSORS
        )
    async_add_entities(entities)


class ZappiSensor(ZappiEntity[ZappiStatusCoordinator], SensorEntity):
    """A value of the zappi's live status."""

    entity_description: ZappiSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """Value from the last status poll."""
        return self.entity_description.value_fn(self.coordinator.data[self.serial])


class ZappiEnergySensor(ZappiEntity[ZappiHistoryCoordinator], SensorEntity):
    """Energy of the local day so far, from the hourly history.

    The total may only fall when a new local day starts: a shorter answer in
    the middle of the day (the cloud sometimes returns fewer records) would
    otherwise look like a meter reset and count the day twice in the Energy
    dashboard.
    """

    entity_description: ZappiEnergyEntityDescription
    _day: date | None = None
    _today: HighWaterMark | None = None

    @property
    def native_value(self) -> StateType:
        """Sum of today's hourly records, never lower than before on the same day."""
        energy = self.coordinator.data[self.serial]
        value = round(self.entity_description.value_fn(energy), 3)
        if self._today is None or self._day != energy.day:
            self._day, self._today = energy.day, HighWaterMark()
        return self._today.update(value, self.entity_id)
