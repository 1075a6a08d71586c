"""Button platform: restart the SENEC unit; zappi boost, smart boost, stop boost."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.button import ButtonEntity

from .coordinator import PerDevice, SenecCoordinator, ZappiCoordinators
from .descriptions.senec import SENEC_BUTTONS, SenecButtonEntityDescription
from .descriptions.zappi_controls import (
    ZAPPI_BUTTONS,
    ZappiButtonEntityDescription,
    initial_boost_settings,
)
from .entity import SenecEntity, ZappiControlEntity, setup_entities

# One command at a time; each runtime data also holds one per device.
PARALLEL_UPDATES = 1


def _senec_buttons(coordinator: SenecCoordinator) -> Iterable[ButtonEntity]:
    """The commands the unit's firmware supports."""
    return (
        SenecButton(coordinator, description)
        for description in SENEC_BUTTONS
        if description.supported_fn(coordinator.identity)
    )


def _zappi_buttons(runtime: ZappiCoordinators) -> Iterable[ButtonEntity]:
    """The boost buttons of each zappi listed at setup."""
    return (
        ZappiButton(runtime, serial, description)
        for serial in runtime.status.data
        for description in ZAPPI_BUTTONS
    )


async_setup_entry = setup_entities(
    PerDevice[Iterable[ButtonEntity]](senec=_senec_buttons, myenergi=_zappi_buttons)
)


class SenecButton(SenecEntity, ButtonEntity):
    """A SENEC command: one write per press, nothing read back.

    A restart ends the unit's session (the client shakes hands again) and
    takes it off the network for a while: the next polls fail, so the
    entities are unavailable, logged once, until it answers again.
    """

    entity_description: SenecButtonEntityDescription

    def __init__(
        self, coordinator: SenecCoordinator, description: SenecButtonEntityDescription
    ) -> None:
        """A command reads no values."""
        super().__init__(coordinator, description, ())

    async def async_press(self) -> None:
        """Send the command; refused, too soon or unanswered is a translated error."""
        await self.coordinator.async_command(self.entity_description.press_fn)


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
