"""zappi sensors: status values per poll, today's energy from the history."""

from __future__ import annotations

from homeassistant.components.sensor import SensorEntity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

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
    """Energy of the local day so far, from the hourly history."""

    entity_description: ZappiEnergyEntityDescription

    @property
    def native_value(self) -> StateType:
        """Sum of today's hourly records."""
        return round(
            self.entity_description.value_fn(self.coordinator.data[self.serial]), 3
        )
