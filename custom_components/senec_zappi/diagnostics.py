"""Diagnostics: what was asked and answered, with every identifier redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY, CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_HUB_SERIAL, CONF_SERVER
from .coordinator import (
    PerDevice,
    SenecCoordinator,
    SenecZappiConfigEntry,
    ZappiCoordinators,
)

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


def _senec(coordinator: SenecCoordinator) -> dict[str, Any]:
    """How the unit is reached, what was asked and what it answered."""
    answer = coordinator.data
    return {
        "senec": {
            "scheme": coordinator.client.scheme.value,
            "path_style": coordinator.client.path_style.value,
            "model": coordinator.identity.model,
            "identity": async_redact_data(asdict(coordinator.identity), TO_REDACT),
            "last_update_success": coordinator.last_update_success,
            "request": coordinator.request,
            "missing_sections": sorted(answer.missing_sections) if answer else [],
            "raw": async_redact_data(answer.raw, TO_REDACT) if answer else None,
            "decoded": async_redact_data(answer.sections, TO_REDACT)
            if answer
            else None,
        }
    }


def _myenergi(runtime: ZappiCoordinators) -> dict[str, Any]:
    """Each zappi's last status and today's energy."""
    zappis = list((runtime.status.data or {}).values())
    energy = runtime.history.data or {}
    return {
        "myenergi": {
            "last_update_success": runtime.status.last_update_success,
            "history_last_update_success": runtime.history.last_update_success,
            # Listed by position: the serials themselves are redacted.
            "zappis": [
                {
                    "raw": async_redact_data(zappi.raw, TO_REDACT),
                    # The hub serves an old reading: the zappi lost its link.
                    "reading_stale": zappi.serial in runtime.status.stale,
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
    }


DEVICE_DIAGNOSTICS = PerDevice[dict[str, Any]](senec=_senec, myenergi=_myenergi)


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SenecZappiConfigEntry
) -> dict[str, Any]:
    """The entry and the last device data, redacted."""
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        **entry.runtime_data.dispatch(DEVICE_DIAGNOSTICS),
    }
