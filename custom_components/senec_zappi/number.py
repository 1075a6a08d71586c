"""Number platform: zappi minimum green level, and the boost energy kept here."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.number import NumberEntity, RestoreNumber
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ZappiStatusCoordinator
from .descriptions.zappi_controls import (
    ZAPPI_BOOST_ENERGY,
    ZAPPI_NUMBERS,
    ZappiNumberEntityDescription,
    boost_settings,
)
from .entity import ZappiControlEntity, ZappiEntity, async_add_device_entities
from .myenergi import MAX_BOOST_KWH, MIN_BOOST_KWH
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

# One command at a time; MyenergiRuntime also holds one per hub.
PARALLEL_UPDATES = 1


def _zappi_numbers(runtime: MyenergiRuntime) -> Iterable[NumberEntity]:
    """Minimum green level and boost energy of each zappi listed at setup."""
    for serial in runtime.status.data:
        yield from (
            ZappiNumber(runtime, serial, description) for description in ZAPPI_NUMBERS
        )
        yield ZappiBoostEnergy(runtime, serial)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Each zappi's numbers; a SENEC unit has none."""
    async_add_device_entities(entry, async_add_entities, myenergi=_zappi_numbers)


class ZappiNumber(ZappiControlEntity, NumberEntity):
    """A zappi setting: shows what the zappi reports, sets it by command."""

    entity_description: ZappiNumberEntityDescription

    @property
    def native_value(self) -> float | None:
        """The value from the last status."""
        return self.entity_description.value_fn(self.coordinator.data[self.serial])

    async def async_set_native_value(self, value: float) -> None:
        """Send the value and wait until the zappi confirms it."""
        level = round(value)
        await self._async_send_confirmed(
            self.entity_description.command_fn(level), str(level)
        )


class ZappiBoostEnergy(ZappiEntity[ZappiStatusCoordinator], RestoreNumber):
    """kWh the boost buttons ask for; kept in Home Assistant, not on the zappi."""

    def __init__(self, runtime: MyenergiRuntime, serial: str) -> None:
        """Start from what the zappi last boosted with, until restored."""
        super().__init__(runtime.status, runtime, serial, ZAPPI_BOOST_ENERGY)
        self._settings = boost_settings(runtime, serial)

    async def async_added_to_hass(self) -> None:
        """Take the value from before the restart."""
        await super().async_added_to_hass()
        last = await self.async_get_last_number_data()
        value = last.native_value if last else None
        if value is not None and MIN_BOOST_KWH <= value <= MAX_BOOST_KWH:
            self._settings.kwh = round(value)

    @property
    def native_value(self) -> float:
        """The kWh the next boost asks for."""
        return self._settings.kwh

    async def async_set_native_value(self, value: float) -> None:
        """Keep the value for the next boost; nothing is sent."""
        self._settings.kwh = round(value)
        self.async_write_ha_state()
