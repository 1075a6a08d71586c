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
from .coordinator import SenecCoordinator, ZappiStatusCoordinator
from .pending import CommandReport
from .runtime import MyenergiRuntime, PerDevice, SenecZappiConfigEntry, dispatch
from .senec_unit import SenecKey


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
    it is. Devices and hardware that appear later (a zappi added to the hub,
    a SENEC module a booting unit did not count yet, a field a zappi's
    firmware starts sending) get their entities too: the builder runs again
    and the entities whose unique id is new are added (every entity of a
    serial told as new); the builder itself need not know.
    """
    table = PerDevice[Iterable[EntityT]](
        senec=senec or _none, myenergi=myenergi or _none
    )
    runtime = entry.runtime_data
    added: dict[str | None, EntityT] = {}

    @callback
    def add(candidates: Iterable[EntityT]) -> None:
        new = [entity for entity in candidates if entity.unique_id not in added]
        added.update((entity.unique_id, entity) for entity in new)
        if new:
            async_add_entities(new)

    add(dispatch(runtime, table))

    @callback
    def add_new_devices(serials: frozenset[str]) -> None:
        # A zappi listed anew (deleted, then back) gets every entity again.
        for unique_id, entity in list(added.items()):
            if isinstance(entity, ZappiEntity) and entity.serial in serials:
                del added[unique_id]
        add(dispatch(runtime, table))

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

    While its command is waiting or being confirmed (also in the background,
    after the action returned), the requested value is shown in the
    ``requested`` attribute, never as the state. ``last_command`` is the
    outcome of the last command it sent: each outcome writes a new state
    object, so a failed command shows the zappi's value again.
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
        self._last_outcome: str | None = None

    async def async_added_to_hass(self) -> None:
        """Hear the outcomes of this control's commands, also those decided later."""
        await super().async_added_to_hass()
        self.async_on_remove(self.runtime.pending.async_listen(self._async_outcome))

    @callback
    def _async_outcome(self, report: CommandReport) -> None:
        if report.serial != self.serial or report.key != self.entity_description.key:
            return
        self._last_outcome = report.outcome.value
        self.async_write_ha_state()

    async def _async_send_confirmed(
        self, command: ZappiCommand, requested: str
    ) -> None:
        """Send and confirm (controls.py publishes the confirming status)."""
        self._requested = requested
        self.async_write_ha_state()
        try:
            await async_send_confirmed(
                self.runtime,
                self.serial,
                command,
                key=self.entity_description.key,
                requested=requested,
            )
        finally:
            self._requested = None
            self.async_write_ha_state()

    @property
    def extra_state_attributes(self) -> dict[str, str] | None:
        """The value asked for while the zappi has not confirmed it yet."""
        attributes: dict[str, str] = {}
        requested = self._requested
        pending = self.runtime.pending.get(self.serial)
        if pending is not None and pending.key == self.entity_description.key:
            requested = pending.requested
        if requested is not None:
            attributes["requested"] = requested
        if self._last_outcome is not None:
            attributes["last_command"] = self._last_outcome
        return attributes or None


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
