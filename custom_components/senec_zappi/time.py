"""Time platform: the zappi smart boost ready-by time, kept here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from homeassistant.components.time import TimeEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util import dt as dt_util

from .coordinator import ZappiStatusCoordinator
from .descriptions.zappi_controls import (
    ZAPPI_READY_BY,
    check_quarter_hour,
    initial_boost_settings,
    quarter_hour,
)
from .entity import ZappiEntity, async_add_device_entities
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

# One command at a time; MyenergiRuntime also holds one per hub.
PARALLEL_UPDATES = 1


def _zappi_times(runtime: MyenergiRuntime) -> Iterable[TimeEntity]:
    """The ready-by time of each zappi listed at setup."""
    return (ZappiReadyBy(runtime, serial) for serial in runtime.status.data)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Each zappi's ready-by time; a SENEC unit has none."""
    async_add_device_entities(entry, async_add_entities, myenergi=_zappi_times)


class ZappiReadyBy(ZappiEntity[ZappiStatusCoordinator], TimeEntity, RestoreEntity):
    """When a smart boost should be done; kept in Home Assistant, not on the zappi."""

    def __init__(self, runtime: MyenergiRuntime, serial: str) -> None:
        """Start from the zappi's last smart boost time, until restored."""
        super().__init__(runtime.status, runtime, serial, ZAPPI_READY_BY)
        self._settings = runtime.boost.setdefault(
            serial, initial_boost_settings(runtime.status.data.get(serial))
        )

    async def async_added_to_hass(self) -> None:
        """Take the time from before the restart."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        restored = dt_util.parse_time(last.state) if last else None
        if restored is not None:
            self._settings.ready_by = quarter_hour(restored)

    @property
    def native_value(self) -> time:
        """The ready-by time the next smart boost asks for."""
        return self._settings.ready_by

    async def async_set_value(self, value: time) -> None:
        """Keep a quarter hour (the app's grid, seconds dropped); nothing is sent."""
        check_quarter_hour(value)
        self._settings.ready_by = value.replace(second=0, microsecond=0, tzinfo=None)
        self.async_write_ha_state()
