"""Fix flows of repair issues: a different SENEC unit answers at the address.

The fix asks for the unit's address as the reconfigure step does, checks
that the unit found there is the one the entry was made for, stores the
address and reloads the entry. Other issues have no fix flow: they clear
themselves once the cause is gone.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .config_flow import SENEC_FORM_ERRORS, _attempt, _detect_senec
from .config_forms import senec_schema
from .const import AUTO, CONF_PATH_STYLE, CONF_SCHEME, DOMAIN
from .runtime import SenecZappiConfigEntry

# What a step returns: FlowResult on Home Assistant 2025.4, RepairsFlowResult
# (not in 2025.4) later. The object is right on both lines, only the static
# type differs, so it is typed loosely here.
type StepResult = Any


class WrongDeviceRepairFlow(RepairsFlow):
    """Point the entry at the address where its own unit answers now."""

    def __init__(self, entry: SenecZappiConfigEntry) -> None:
        """The entry whose unit moved."""
        self.entry = entry

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> StepResult:
        """Ask for the unit's current address."""
        return await self.async_step_address()

    async def async_step_address(
        self, user_input: dict[str, Any] | None = None
    ) -> StepResult:
        """Probe the address; accept it only when the entry's own unit answers."""
        entry = self.entry
        errors: dict[str, str] = {}
        if user_input is not None:
            detected = await _attempt(
                _detect_senec(self.hass, user_input),
                SENEC_FORM_ERRORS,
                errors,
                "probing a SENEC unit",
            )
            if detected is not None:
                scheme, path_style, identity = detected
                if not identity.is_same_unit(entry.unique_id):
                    errors["base"] = "wrong_device"
                else:
                    data = {
                        **entry.data,
                        CONF_HOST: user_input[CONF_HOST].strip(),
                        CONF_SCHEME: scheme.value,
                        CONF_PATH_STYLE: path_style.value,
                    }
                    self.hass.config_entries.async_update_entry(entry, data=data)
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                    return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="address",
            data_schema=senec_schema(
                user_input or {**entry.data, CONF_SCHEME: AUTO, CONF_PATH_STYLE: AUTO}
            ),
            errors=errors,
            description_placeholders={"title": entry.title},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """The fix flow of a fixable issue of this integration."""
    entry_id = (data or {}).get("entry_id")
    entry = hass.config_entries.async_get_entry(str(entry_id)) if entry_id else None
    if entry is None or entry.domain != DOMAIN:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return _GoneRepairFlow()
    return WrongDeviceRepairFlow(entry)


class _GoneRepairFlow(RepairsFlow):
    """The entry the issue was about no longer exists."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> StepResult:
        """Nothing to fix."""
        return self.async_abort(reason="entry_removed")
