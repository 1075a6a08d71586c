"""Button platform: restart the SENEC unit; zappi boost, smart boost, stop boost."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.button import ButtonEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .controls import async_write
from .coordinator import SenecCoordinator
from .descriptions.senec import SENEC_BUTTONS, SenecButtonEntityDescription
from .descriptions.zappi_controls import (
    ZAPPI_BUTTONS,
    ZappiButtonEntityDescription,
    boost_settings,
)
from .entity import SenecEntity, ZappiControlEntity, async_add_device_entities
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

# One command at a time; each runtime data also holds one per device.
PARALLEL_UPDATES = 1


def _senec_buttons(coordinator: SenecCoordinator) -> Iterable[ButtonEntity]:
    """The commands the unit's firmware supports."""
    return (
        SenecButton(coordinator, description)
        for description in SENEC_BUTTONS
        if description.supported_fn(coordinator.identity)
    )


def _zappi_buttons(runtime: MyenergiRuntime) -> Iterable[ButtonEntity]:
    """The boost buttons of each zappi listed at setup."""
    return (
        ZappiButton(runtime, serial, description)
        for serial in runtime.status.data
        for description in ZAPPI_BUTTONS
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The SENEC unit's restart, or each zappi's boost buttons."""
    async_add_device_entities(
        entry, async_add_entities, senec=_senec_buttons, myenergi=_zappi_buttons
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
        await async_write(self.coordinator, self.entity_description.press_fn)


class ZappiButton(ZappiControlEntity, ButtonEntity):
    """A boost command with the boost energy and ready-by time kept here."""

    entity_description: ZappiButtonEntityDescription

    async def async_press(self) -> None:
        """Send the command and wait until the zappi confirms it."""
        settings = boost_settings(self.runtime, self.serial)
        description = self.entity_description
        await self._async_send_confirmed(
            description.command_fn(settings), description.key
        )
