"""Base entity for one zappi of a myenergi hub."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import (
    CoordinatorEntity,
    DataUpdateCoordinator,
)

from .const import DOMAIN
from .zappi_coordinator import ZappiCoordinators


class ZappiEntity[CoordinatorT: DataUpdateCoordinator[dict[str, Any]]](
    CoordinatorEntity[CoordinatorT]
):
    """One zappi's value; unavailable when the hub stops listing that zappi."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: CoordinatorT,
        runtime: ZappiCoordinators,
        serial: str,
        description: EntityDescription,
    ) -> None:
        """Attach to the zappi's device; ZappiCoordinators links it to the hub."""
        super().__init__(coordinator)
        self.entity_description = description
        self.serial = serial
        self._attr_unique_id = f"zappi_{serial}_{description.key}"
        status = runtime.status.data.get(serial)
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, f"zappi_{serial}")},
            manufacturer="myenergi",
            model="zappi",
            name=runtime.names.get(serial) or f"zappi {serial}",
            serial_number=serial,
            sw_version=status.firmware if status else None,
        )

    @property
    def available(self) -> bool:
        """Available while the last poll listed this zappi."""
        return super().available and self.serial in (self.coordinator.data or {})
