"""Event platform: the outcome of each zappi command ("Last command").

A command that the zappi takes within a few seconds is confirmed before the
action returns; a slower one goes on in the background (pending.py). Either
way its outcome becomes an event here, so the device page shows a pending
command and automations can react to confirmed / rejected / not applied
without reading logs.
"""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ZappiStatusCoordinator
from .descriptions.zappi_controls import ZAPPI_LAST_COMMAND
from .entity import ZappiEntity, async_add_device_entities
from .pending import CommandReport
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

PARALLEL_UPDATES = 0


def _zappi_events(runtime: MyenergiRuntime) -> Iterable[EventEntity]:
    """One "Last command" per zappi listed at setup."""
    return (ZappiLastCommand(runtime, serial) for serial in runtime.status.data)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Each zappi's "Last command"; a SENEC unit has none."""
    async_add_device_entities(entry, async_add_entities, myenergi=_zappi_events)


class ZappiLastCommand(ZappiEntity[ZappiStatusCoordinator], EventEntity):
    """The last command's outcome: pending, confirmed, rejected, not applied or unchanged."""

    def __init__(self, runtime: MyenergiRuntime, serial: str) -> None:
        """Follow the hub's commands; only this zappi's are shown."""
        super().__init__(runtime.status, runtime, serial, ZAPPI_LAST_COMMAND)

    async def async_added_to_hass(self) -> None:
        """Hear every outcome from the hub's command tracker."""
        await super().async_added_to_hass()
        self.async_on_remove(self._runtime.pending.async_listen(self._async_report))

    @property
    def available(self) -> bool:
        """An outcome stays readable while the zappi is listed, stale or not."""
        return self.serial in (self.coordinator.data or {})

    @callback
    def _async_report(self, report: CommandReport) -> None:
        if report.serial != self.serial:
            return
        attributes: dict[str, str] = {"command": report.command}
        if report.requested is not None:
            attributes["requested"] = report.requested
        self._trigger_event(report.outcome.value, attributes)
        self.async_write_ha_state()
