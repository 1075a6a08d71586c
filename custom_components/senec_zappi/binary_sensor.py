"""Binary sensor platform: SENEC flags and derived states, zappi flags."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .runtime import SenecZappiConfigEntry
from .senec_binary_sensors import (
    SENEC_BINARY_SENSORS,
    SenecBinarySensorEntityDescription,
)
from .senec_coordinator import SenecCoordinator
from .senec_entity import SenecEntity, is_present, read_value
from .zappi_binary_sensors import (
    ZAPPI_BINARY_SENSORS,
    ZappiBinarySensorEntityDescription,
)
from .zappi_coordinator import ZappiStatusCoordinator
from .zappi_entity import ZappiEntity

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors of the device family this entry holds."""
    runtime = entry.runtime_data
    if isinstance(runtime, SenecCoordinator):
        async_add_entities(
            SenecBinarySensor(runtime, description)
            for description in SENEC_BINARY_SENSORS
            if is_present(description, runtime.data)
        )
        return
    async_add_entities(
        ZappiBinarySensor(runtime.status, runtime, serial, description)
        for serial in runtime.status.data
        for description in ZAPPI_BINARY_SENSORS
    )


class SenecBinarySensor(SenecEntity, BinarySensorEntity):
    """A SENEC flag, or a state derived from one value."""

    entity_description: SenecBinarySensorEntityDescription

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: SenecBinarySensorEntityDescription,
    ) -> None:
        """Bind the description and remember which key it reads."""
        super().__init__(
            coordinator, description, ((description.section, description.field),)
        )

    @property
    def is_on(self) -> bool | None:
        """Derived from the value; None (unknown) when the value is missing."""
        description = self.entity_description
        return description.is_on_fn(
            read_value(
                self.coordinator.data,
                description.section,
                description.field,
                description.index,
            )
        )


class ZappiBinarySensor(ZappiEntity[ZappiStatusCoordinator], BinarySensorEntity):
    """A zappi flag."""

    entity_description: ZappiBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """From the last status poll."""
        return self.entity_description.is_on_fn(self.coordinator.data[self.serial])
