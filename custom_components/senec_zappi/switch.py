"""Switch platform: SENEC safe charge and socket force-on.

A switch shows what the unit reports. Switching goes through controls.py
(nothing is sent when the unit shows the wish already; a write is read back
until the unit reports it); if it fails, the action raises a translated
error and the switch writes its state again with the unit's value, so the
frontend's toggle flips back (it keeps the picked position until a new
state object arrives).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .controls import async_switch
from .coordinator import SenecCoordinator
from .descriptions.senec import SENEC_SWITCHES, SenecSwitchEntityDescription
from .descriptions.senec.controls import SYSTEM_STATE, system_state
from .entity import SenecEntity, async_add_device_entities
from .runtime import SenecZappiConfigEntry

PARALLEL_UPDATES = 1


def _senec_switches(coordinator: SenecCoordinator) -> Iterable[SwitchEntity]:
    """Safe charge, and force-on of each licensed socket the unit has."""
    return (
        SenecSwitch(coordinator, description)
        for description in SENEC_SWITCHES
        if description.is_present(coordinator.presence)
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The SENEC unit's switches; a myenergi hub has none."""
    async_add_device_entities(entry, async_add_entities, senec=_senec_switches)


class SenecSwitch(SenecEntity, SwitchEntity):
    """A SENEC setting the unit confirms, and may change by itself."""

    entity_description: SenecSwitchEntityDescription
    # Only to make the frontend redraw after a failure: not worth a history.
    _unrecorded_attributes = frozenset({"last_failed_command"})

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: SenecSwitchEntityDescription,
    ) -> None:
        """Read the switch's value, and the system state for the warning."""
        super().__init__(coordinator, description, (*description.reads, SYSTEM_STATE))
        # The state the unit confirmed last, and when: watched for a minute.
        self._confirmed: tuple[bool, datetime] | None = None

    @property
    def is_on(self) -> bool | None:
        """What the unit reports; unknown when it reports no value."""
        description = self.entity_description
        return description.is_on_fn(description.read(self.coordinator.data))

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Write on and wait until the unit reports it."""
        await self._async_switch(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Write off and wait until the unit reports it."""
        await self._async_switch(False)

    async def _async_switch(self, on: bool) -> None:
        self._confirmed = None
        try:
            await async_switch(self.coordinator, self.entity_description, on)
        except HomeAssistantError:
            # A new state object (the attribute changes) with the unit's value.
            self._attr_extra_state_attributes = {
                "last_failed_command": dt_util.utcnow().isoformat()
            }
            self.async_write_ha_state()
            raise
        self._confirmed = (on, dt_util.utcnow())

    @callback
    def _handle_coordinator_update(self) -> None:
        """Notice when the unit undoes a confirmed switch by itself."""
        self._check_own_change()
        super()._handle_coordinator_update()

    def _check_own_change(self) -> None:
        if self._confirmed is None or not self.coordinator.last_update_success:
            return
        wanted, since = self._confirmed
        after = dt_util.utcnow() - since
        if after > self.coordinator.watch_after_confirm:
            self._confirmed = None
            return
        is_on = self.is_on
        if is_on is None or is_on is wanted:
            return
        self._confirmed = None  # once: what follows is the unit's own doing
        LOGGER.warning(
            "The SENEC unit switched %s %s by itself %.0f s after it confirmed "
            "%s; it reports system state %s. The switch shows what the unit reports",
            self.entity_id,
            "on" if is_on else "off",
            after.total_seconds(),
            "on" if wanted else "off",
            system_state(self.coordinator.data),
        )
