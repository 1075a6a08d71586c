"""Diagnostics: what was asked and answered, with every identifier redacted."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Iterator
from dataclasses import asdict
import re
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY, CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .const import CONF_HUB_SERIAL, CONF_SERVER
from .coordinator import SenecCoordinator
from .house_link import CONF_HOUSE_ZAPPIS, registry
from .runtime import MyenergiRuntime, PerDevice, SenecZappiConfigEntry, dispatch
from .senec import DecodedAnswer, SenecError, SenecNotFoundError

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
    # the zappis a SENEC house chose (serials)
    CONF_HOUSE_ZAPPIS,
    # myenergi status fields holding serials
    "sno",
    "serial",
    "deviceSerial",
}


def _senec(coordinator: SenecCoordinator) -> dict[str, Any]:
    """How the unit is reached, what was asked and what it answered."""
    answer = coordinator.data
    house = registry(coordinator.hass).houses.get(coordinator.config_entry.entry_id)
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
        },
        "house_view": house.diagnostics() if house else None,
    }


def _myenergi(runtime: MyenergiRuntime) -> dict[str, Any]:
    """Each zappi's last status and today's energy."""
    zappis = list((runtime.status.data or {}).values())
    energy = runtime.history.data or {}
    return {
        "myenergi": {
            "last_update_success": runtime.status.last_update_success,
            "history_last_update_success": runtime.history.last_update_success,
            # The hub's own element of the full status; no serial in it.
            "hub": asdict(runtime.hub) if runtime.hub else None,
            "known_zappis": len(runtime.known_serials),
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

# The tail of today's device log: enough for the last minutes, small enough
# for a bug report and for the unit.
LOG_BYTES = 4096
REDACTED = "**REDACTED**"
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Runs of 8 or more digits: serial numbers the lists below do not know.
_DIGITS = re.compile(r"\d{8,}")
# Where the unit keeps serials, ids and its MAC: read once for a diagnostics
# download, so the log loses them too.
SERIAL_KEYS: dict[str, tuple[str, ...]] = {
    "FACTORY": ("DEVICE_ID",),
    "BAT1": ("SERIAL",),
    "BMS": ("SERIAL", "SN"),
    "PV1": ("INTERNAL_MD_SERIAL", "INV_SERIAL"),
    "PWR_UNIT": ("SERIAL",),
    "WALLBOX": ("SERIAL_NUMBER", "SERIAL_NUMBER_INTERNAL", "SAP_NUMBER", "UID"),
    "WIZARD": (
        "MAC_ADDRESS_BYTES",
        "POWER_METER_SERIAL",
        "SENEC_METER_SN",
        "GENERATION_METER_SN",
        "HEATPUMP_METER_SN",
        *(f"SETUP_WALLBOX_SERIAL{slot}" for slot in range(4)),
    ),
}
_MAC = re.compile(r"\b[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}\b")


def _strings(value: object) -> Iterator[str]:
    """Every text of a value (arrays of serials too), as it may appear in a log."""
    if isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        yield str(value).strip()


def _secrets(coordinator: SenecCoordinator, serials: DecodedAnswer) -> set[str]:
    """Host, ids, serials and MAC of the unit, in the forms a log may use."""
    identity = coordinator.identity
    found = {coordinator.client.host, identity.device_id, identity.serial}
    if identity.mac:
        found |= {identity.mac, identity.mac.replace(":", "")}
    for answer in (coordinator.data, serials):
        for values in answer.sections.values() if answer else ():
            for key, value in values.items():
                if key in TO_REDACT:
                    found.update(_strings(value))
    # Short values (0, "", a one-digit slot) would blank out the whole log.
    return {secret for secret in found if secret and len(secret) >= 4}


def redact_log(text: str, secrets: Iterable[str]) -> str:
    """The log text without the unit's host, ids, serials, MAC or any address."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)
    text = _MAC.sub(REDACTED, _IPV4.sub(REDACTED, text))
    return _DIGITS.sub(REDACTED, text)


async def _senec_log(coordinator: SenecCoordinator) -> dict[str, Any]:
    """The tail of today's log, read as the unit's firmware wants (scheme, path)."""
    day = dt_util.now().date()
    try:
        serials = await coordinator.client.read(SERIAL_KEYS)
    except SenecError as err:
        # Without the serials the log cannot be redacted: leave it out.
        return {
            "device_log": {
                "day": day.isoformat(),
                "note": "the log was left out: the serials to redact could not "
                f"be read ({type(err).__name__})",
            }
        }
    try:
        text = await coordinator.client.read_log(day, LOG_BYTES)
    except SenecNotFoundError:
        return {"device_log": {"day": day.isoformat(), "note": "no log for today"}}
    except SenecError as err:
        # A failed read is a note, not a failed download.
        return {
            "device_log": {
                "day": day.isoformat(),
                "note": f"the log could not be read ({type(err).__name__})",
            }
        }
    return {
        "device_log": {
            "day": day.isoformat(),
            "tail": redact_log(text, _secrets(coordinator, serials)),
        }
    }


async def _no_log(_: MyenergiRuntime) -> dict[str, Any]:
    """The myenergi cloud keeps no device log to read."""
    return {}


DEVICE_LOGS = PerDevice[Awaitable[dict[str, Any]]](senec=_senec_log, myenergi=_no_log)


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SenecZappiConfigEntry
) -> dict[str, Any]:
    """The entry and the last device data, redacted."""
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        **dispatch(entry.runtime_data, DEVICE_DIAGNOSTICS),
        **await dispatch(entry.runtime_data, DEVICE_LOGS),
    }
