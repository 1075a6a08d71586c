"""Base entity for SENEC values: device info, unique id and key registration."""

from __future__ import annotations

from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .senec import DecodedAnswer, Value
from .senec_coordinator import SenecCoordinator, SenecKey


def read_value(
    data: DecodedAnswer, section: str, field: str, index: int | None
) -> Value:
    """One decoded value, or one element of an array value; None when absent."""
    value = data.sections.get(section, {}).get(field)
    if index is None:
        return value
    if isinstance(value, list) and index < len(value):
        return value[index]
    return None


class SenecEntity(CoordinatorEntity[SenecCoordinator]):
    """Registers the keys it reads so the coordinator asks only for those."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: EntityDescription,
        keys: tuple[SenecKey, ...],
    ) -> None:
        """Bind the description to the unit."""
        super().__init__(coordinator)
        self.entity_description = description
        self._keys = keys
        self._attr_unique_id = f"{coordinator.device_identifier}_{description.key}"
        self._attr_device_info = coordinator.device_info

    async def async_added_to_hass(self) -> None:
        """Start asking the device for this entity's keys."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_want(self._keys))
