"""Button platform: zappi boost, smart boost and stop boost."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.button import ButtonEntity

from .coordinator import PerDevice, ZappiCoordinators
from .descriptions.zappi_controls import (
    ZAPPI_BUTTONS,
    ZappiButtonEntityDescription,
    initial_boost_settings,
)
from .entity import ZappiControlEntity, setup_entities

# One command at a time; ZappiCoordinators also holds one per hub.
PARALLEL_UPDATES = 1


def _zappi_buttons(runtime: ZappiCoordinators) -> Iterable[ButtonEntity]:
    """The boost buttons of each zappi listed at setup."""
    return (
        ZappiButton(runtime, serial, description)
        for serial in runtime.status.data
        for description in ZAPPI_BUTTONS
    )


async_setup_entry = setup_entities(
    PerDevice[Iterable[ButtonEntity]](senec=lambda _: (), myenergi=_zappi_buttons)
)


class ZappiButton(ZappiControlEntity, ButtonEntity):
    """A boost command with the boost energy and ready-by time kept here."""

    entity_description: ZappiButtonEntityDescription

    async def async_press(self) -> None:
        """Send the command and wait until the zappi confirms it."""
        settings = self.runtime.boost.setdefault(
            self.serial,
            initial_boost_settings(self.coordinator.data.get(self.serial)),
        )
        description = self.entity_description
        await self._async_command(description.command_fn(settings), description.key)
