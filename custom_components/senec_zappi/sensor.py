"""Sensor platform: SENEC values and zappi values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .const import LOGGER
from .high_water_mark import HighWaterMark
from .runtime import SenecZappiConfigEntry
from .senec_coordinator import SenecCoordinator
from .senec_energy_sensor import SENEC_ENERGY_SENSORS, SenecEnergySensor
from .senec_entity import SenecEntity, is_present, read_value
from .senec_sensors import SENEC_SENSORS, SenecSensorEntityDescription
from .zappi_sensor import async_setup_zappi_sensors

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of the device family this entry holds."""
    runtime = entry.runtime_data
    if isinstance(runtime, SenecCoordinator):
        data = runtime.data
        async_add_entities(
            SenecSensor(runtime, description)
            for description in SENEC_SENSORS
            if is_present(description, data)
        )
        async_add_entities(
            SenecEnergySensor(runtime, description)
            for description in SENEC_ENERGY_SENSORS
        )
    else:
        async_setup_zappi_sensors(runtime, async_add_entities)


class SenecSensor(SenecEntity, SensorEntity):
    """A SENEC value as a sensor."""

    entity_description: SenecSensorEntityDescription

    def __init__(
        self, coordinator: SenecCoordinator, description: SenecSensorEntityDescription
    ) -> None:
        """Bind the description and remember which key it reads."""
        super().__init__(
            coordinator, description, ((description.section, description.field),)
        )
        self._unknown_codes: set[int | float | str] = set()
        self._highest = HighWaterMark()

    @property
    def native_value(self) -> StateType | date | datetime | Decimal:
        """The converted value; an enum code the table lacks reads as unknown."""
        description = self.entity_description
        raw = read_value(
            self.coordinator.data,
            description.section,
            description.field,
            description.index,
        )
        value = description.value_fn(raw)
        if (
            value is None
            and isinstance(raw, int | float | str)
            and description.device_class is SensorDeviceClass.ENUM
        ):
            self._report_unknown_code(raw)
        if description.state_class is SensorStateClass.TOTAL_INCREASING and isinstance(
            value, int | float
        ):
            return self._highest.update(value, self.entity_id)
        return value

    @callback
    def _report_unknown_code(self, raw: int | float | str) -> None:
        """Say once per code that a newer firmware uses a code we do not know."""
        if raw in self._unknown_codes:
            return
        self._unknown_codes.add(raw)
        LOGGER.warning(
            "%s reported code %s, which this integration does not know yet; "
            "the state is unknown. Please report it",
            self.entity_id,
            raw,
        )
