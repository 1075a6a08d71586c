"""Binary sensor platform: SENEC flags and derived states, zappi flags."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import SenecCoordinator, ZappiStatusCoordinator
from .descriptions.senec import (
    SENEC_BINARY_SENSORS,
    SenecBinarySensorEntityDescription,
)
from .descriptions.zappi_flags import (
    ZAPPI_BINARY_SENSORS,
    ZappiBinarySensorEntityDescription,
)
from .entity import SenecEntity, ZappiEntity, async_add_device_entities
from .house_entities import async_add_house_entities, car_binary_sensors
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

PARALLEL_UPDATES = 0


def _senec_binary_sensors(
    coordinator: SenecCoordinator,
) -> Iterable[BinarySensorEntity]:
    """The flags the unit has."""
    return (
        SenecBinarySensor(coordinator, description)
        for description in SENEC_BINARY_SENSORS
        if description.is_present(coordinator.presence)
    )


def _zappi_binary_sensors(runtime: MyenergiRuntime) -> Iterable[BinarySensorEntity]:
    """The flags every zappi listed at setup has in its payload."""
    return (
        ZappiBinarySensor(runtime.status, runtime, serial, description)
        for serial, status in runtime.status.data.items()
        for description in ZAPPI_BINARY_SENSORS
        if description.exists_fn(status)
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The SENEC unit's flags, or each zappi's."""
    async_add_device_entities(
        entry,
        async_add_entities,
        senec=_senec_binary_sensors,
        myenergi=_zappi_binary_sensors,
    )
    async_add_house_entities(hass, entry, async_add_entities, cars=car_binary_sensors)


class SenecBinarySensor(SenecEntity, BinarySensorEntity):
    """A SENEC flag, or a state derived from one value."""

    entity_description: SenecBinarySensorEntityDescription

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: SenecBinarySensorEntityDescription,
    ) -> None:
        """Bind the description and remember which key it reads."""
        super().__init__(coordinator, description, description.reads)

    @property
    def is_on(self) -> bool | None:
        """Derived from the value; None (unknown) when the value is missing."""
        description = self.entity_description
        return description.is_on_fn(description.read(self.coordinator.data))


class ZappiBinarySensor(ZappiEntity[ZappiStatusCoordinator], BinarySensorEntity):
    """A zappi flag."""

    entity_description: ZappiBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """From the last status poll."""
        return self.entity_description.is_on_fn(self.coordinator.data[self.serial])
