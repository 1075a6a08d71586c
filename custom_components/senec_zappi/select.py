"""Select platform: zappi charge mode, phase setting and smart boost ready-by time."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.select import SelectEntity
from homeassistant.components.time import DOMAIN as TIME_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util import dt as dt_util

from .coordinator import ZappiStatusCoordinator
from .descriptions.zappi_controls import (
    ZAPPI_READY_BY,
    ZAPPI_SELECTS,
    ZappiSelectEntityDescription,
    boost_settings,
    quarter_hour,
    ready_by_option,
    ready_by_time,
)
from .entity import ZappiControlEntity, ZappiEntity, async_add_device_entities
from .moved import async_take_over
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

# One command at a time; MyenergiRuntime also holds one per hub.
PARALLEL_UPDATES = 1


def _zappi_selects(runtime: MyenergiRuntime) -> Iterable[SelectEntity]:
    """The selects each zappi listed at setup has (phase setting on newer firmware)."""
    for serial, status in runtime.status.data.items():
        yield from (
            ZappiSelect(runtime, serial, description)
            for description in ZAPPI_SELECTS
            if description.exists_fn(status)
        )
        yield ZappiReadyBy(runtime, serial)


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


class ZappiReadyBy(ZappiEntity[ZappiStatusCoordinator], SelectEntity, RestoreEntity):
    """When a smart boost should be done; kept in Home Assistant, not on the zappi."""

    def __init__(self, runtime: MyenergiRuntime, serial: str) -> None:
        """Start from the zappi's last smart boost time, until restored."""
        super().__init__(runtime.status, runtime, serial, ZAPPI_READY_BY)
        self._settings = boost_settings(runtime, serial)

    async def async_added_to_hass(self) -> None:
        """Take the time from before the restart, or from the old time entity."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        moved = async_take_over(
            self.hass,
            self.coordinator.config_entry,
            TIME_DOMAIN,
            f"zappi_{self.serial}_{ZAPPI_READY_BY.key}",
            self.entity_id,
        )
        text = last.state if last else moved
        restored = dt_util.parse_time(text) if text else None
        if restored is not None:
            self._settings.ready_by = quarter_hour(restored)

    @property
    def current_option(self) -> str:
        """The ready-by time the next smart boost asks for."""
        return ready_by_option(self._settings.ready_by)

    async def async_select_option(self, option: str) -> None:
        """Keep the quarter hour (only those are offered); nothing is sent."""
        self._settings.ready_by = ready_by_time(option)
        self.async_write_ha_state()
