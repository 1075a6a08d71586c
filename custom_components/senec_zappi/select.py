"""Select platform: zappi charge mode and phase setting."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.select import SelectEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .descriptions.zappi_controls import ZAPPI_SELECTS, ZappiSelectEntityDescription
from .entity import ZappiControlEntity, async_add_device_entities
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

# One command at a time; MyenergiRuntime also holds one per hub.
PARALLEL_UPDATES = 1


def _zappi_selects(runtime: MyenergiRuntime) -> Iterable[SelectEntity]:
    """The selects each zappi listed at setup has (phase setting on newer firmware)."""
    return (
        ZappiSelect(runtime, serial, description)
        for serial, status in runtime.status.data.items()
        for description in ZAPPI_SELECTS
        if description.exists_fn(status)
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Each zappi's selects; a SENEC unit has none."""
    async_add_device_entities(entry, async_add_entities, myenergi=_zappi_selects)


class ZappiSelect(ZappiControlEntity, SelectEntity):
    """A zappi setting: shows what the zappi reports, sets it by command."""

    entity_description: ZappiSelectEntityDescription

    @property
    def current_option(self) -> str | None:
        """The option the zappi reports; unknown for values it cannot be set to."""
        return self.entity_description.value_fn(self.coordinator.data[self.serial])

    async def async_select_option(self, option: str) -> None:
        """Send the option and wait until the zappi confirms it."""
        await self._async_send_confirmed(
            self.entity_description.command_fn(option), option
        )
