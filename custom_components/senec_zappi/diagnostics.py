"""Diagnostics: what was asked and answered, with every identifier redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_API_KEY, CONF_HUB_SERIAL, CONF_SERVER
from .runtime import SenecZappiConfigEntry
from .senec_coordinator import SenecCoordinator

# Entry fields and device keys that identify the owner or the unit.
TO_REDACT = {
    CONF_HOST,
    CONF_API_KEY,
    CONF_HUB_SERIAL,
    CONF_SERVER,
    "unique_id",
    "device_id",
    "mac",
    "title",
    # SENEC keys holding serials, ids, MAC and credentials
    "DEVICE_ID",
    "SERIAL",
    "SN",
    "MAC_ADDRESS_BYTES",
    "SERIAL_NUMBER",
    "SERIAL_NUMBER_INTERNAL",
    "SAP_NUMBER",
    "UID",
    "INTERNAL_MD_SERIAL",
    "INV_SERIAL",
    "SETUP_WALLBOX_SERIAL0",
    "SETUP_WALLBOX_SERIAL1",
    "SETUP_WALLBOX_SERIAL2",
    "SETUP_WALLBOX_SERIAL3",
    "POWER_METER_SERIAL",
    "SENEC_METER_SN",
    "GENERATION_METER_SN",
    "HEATPUMP_METER_SN",
    "USERNAME",
    "PASSWORD",
    # myenergi status fields holding serials
    "sno",
    "serial",
    "deviceSerial",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SenecZappiConfigEntry
) -> dict[str, Any]:
    """The entry and the last device data, redacted."""
    runtime = entry.runtime_data
    result: dict[str, Any] = {"entry": async_redact_data(entry.as_dict(), TO_REDACT)}
    if isinstance(runtime, SenecCoordinator):
        answer = runtime.data
        result["senec"] = {
            "scheme": runtime.client.scheme.value,
            "path_style": runtime.client.path_style.value,
            "model": runtime.identity.model,
            "identity": async_redact_data(asdict(runtime.identity), TO_REDACT),
            "last_update_success": runtime.last_update_success,
            "request": runtime.request,
            "missing_sections": sorted(answer.missing_sections) if answer else [],
            "raw": async_redact_data(answer.raw, TO_REDACT) if answer else None,
            "decoded": async_redact_data(answer.sections, TO_REDACT)
            if answer
            else None,
        }
        return result
    zappis = list((runtime.status.data or {}).values())
    energy = runtime.history.data or {}
    result["myenergi"] = {
        "last_update_success": runtime.status.last_update_success,
        "history_last_update_success": runtime.history.last_update_success,
        # Listed by position: the serials themselves are redacted.
        "zappis": [
            {
                "raw": async_redact_data(zappi.raw, TO_REDACT),
                "today": (
                    {
                        **asdict(energy[zappi.serial]),
                        "day": energy[zappi.serial].day.isoformat(),
                    }
                    if zappi.serial in energy
                    else None
                ),
            }
            for zappi in zappis
        ],
    }
    return result
