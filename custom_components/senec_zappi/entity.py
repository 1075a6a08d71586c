"""Base entities: one SENEC unit, or one zappi of a myenergi hub.

Both give the entity its unique id ``{device}_{key}`` and the device info;
the SENEC one also registers the keys it reads, so the coordinator asks the
unit for those only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import (
    CoordinatorEntity,
    DataUpdateCoordinator,
)

from .const import DOMAIN
from .controls import ZappiCommand, async_send_confirmed
from .coordinator import SenecCoordinator, SenecKey, ZappiStatusCoordinator
from .runtime import MyenergiRuntime, PerDevice, SenecZappiConfigEntry, dispatch


@callback
def async_add_device_entities[EntityT: Entity](
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    *,
    senec: Callable[[SenecCoordinator], Iterable[EntityT]] | None = None,
    myenergi: Callable[[MyenergiRuntime], Iterable[EntityT]] | None = None,
) -> None:
    """Add a platform's entities of the device the entry holds.

    A platform names a builder for each kind of device that has such
    entities; the entry's own is called, so no platform asks which device
    it is. Devices that appear later (a zappi added to the hub) get their
    entities too: the builder runs again and the entities of the new serials
    are added; the builder itself need not know.
    """
    table = PerDevice[Iterable[EntityT]](
        senec=senec or _none, myenergi=myenergi or _none
    )
    runtime = entry.runtime_data
    async_add_entities(dispatch(runtime, table))

    @callback
    def add_new_devices(serials: frozenset[str]) -> None:
        async_add_entities(
            entity
            for entity in dispatch(runtime, table)
            if isinstance(entity, ZappiEntity) and entity.serial in serials
        )

    entry.async_on_unload(runtime.async_on_new_devices(add_new_devices))


def _none(_: object) -> tuple[()]:
    """A device without entities of the platform."""
    return ()


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


class ZappiEntity[CoordinatorT: DataUpdateCoordinator[dict[str, Any]]](
    CoordinatorEntity[CoordinatorT]
):
    """One zappi's value; unavailable when the hub stops listing that zappi.

    A live value is also unavailable while the hub serves a stale reading of
    the zappi (its link to the hub is down); today's energy comes from the
    server's history and stays.
    """

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: CoordinatorT,
        runtime: MyenergiRuntime,
        serial: str,
        description: EntityDescription,
    ) -> None:
        """Attach to the zappi's device; the runtime links it to the hub."""
        super().__init__(coordinator)
        self.entity_description = description
        self.serial = serial
        self._runtime = runtime
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

    async def async_added_to_hass(self) -> None:
        """Link the zappi's device to the hub, also for a zappi added later."""
        await super().async_added_to_hass()
        if self.device_entry is not None:
            self._runtime.async_link_to_hub(self.device_entry.id)

    @property
    def available(self) -> bool:
        """Available while the last poll listed this zappi with a fresh reading."""
        coordinator = self.coordinator
        if isinstance(coordinator, ZappiStatusCoordinator) and (
            self.serial in coordinator.stale
        ):
            return False
        return super().available and self.serial in (coordinator.data or {})


class ZappiControlEntity(ZappiEntity[ZappiStatusCoordinator]):
    """A control of one zappi: its state stays what the zappi reports.

    While its command is waiting or being confirmed, the requested value is
    shown in the ``requested`` attribute, never as the state.
    """

    def __init__(
        self,
        runtime: MyenergiRuntime,
        serial: str,
        description: EntityDescription,
    ) -> None:
        """Controls follow the status coordinator and send through the runtime."""
        super().__init__(runtime.status, runtime, serial, description)
        self.runtime = runtime
        self._requested: str | None = None

    async def _async_send_confirmed(
        self, command: ZappiCommand, requested: str
    ) -> None:
        """Send and confirm (controls.py publishes the confirming status)."""
        self._requested = requested
        self.async_write_ha_state()
        try:
            await async_send_confirmed(self.runtime, self.serial, command)
        finally:
            self._requested = None
            self.async_write_ha_state()

    @property
    def extra_state_attributes(self) -> dict[str, str] | None:
        """The value asked for while the zappi has not confirmed it yet."""
        if self._requested is None:
            return None
        return {"requested": self._requested}


class HubEntity(CoordinatorEntity[ZappiStatusCoordinator]):
    """A value of the myenergi hub itself, on the hub's device."""

    _attr_has_entity_name = True

    def __init__(
        self, runtime: MyenergiRuntime, description: EntityDescription
    ) -> None:
        """Attach to the hub device made at setup (it carries serial and firmware)."""
        super().__init__(runtime.status)
        self.entity_description = description
        self.runtime = runtime
        self._attr_unique_id = f"hub_{runtime.hub_serial}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={runtime.hub_identifier})
