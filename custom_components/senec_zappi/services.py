"""Actions: boost, smart boost and stop boost of a zappi device.

Registered once for the integration (not per entry), so automations can
boost without helper entities; each call goes to the entry that holds the
zappi and takes the same path as the buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
import voluptuous as vol

from .const import DOMAIN
from .controls import (
    ZappiCommand,
    async_send_confirmed,
    start_boost,
    start_smart_boost,
    stop_boost,
)
from .descriptions.zappi_controls import check_quarter_hour
from .myenergi import MAX_BOOST_KWH, MIN_BOOST_KWH
from .runtime import MyenergiRuntime, PerDevice, SenecZappiConfigEntry, dispatch

SERVICE_BOOST = "boost"
SERVICE_SMART_BOOST = "smart_boost"
SERVICE_STOP_BOOST = "stop_boost"
ATTR_DEVICE_ID = "device_id"
ATTR_KWH = "kwh"
ATTR_READY_BY = "ready_by"

_KWH = vol.All(vol.Coerce(int), vol.Range(min=MIN_BOOST_KWH, max=MAX_BOOST_KWH))
_DEVICE = {vol.Required(ATTR_DEVICE_ID): cv.string}
# Typed loosely: from Home Assistant 2026.11 on `voluptuous` is probatio at run
# time and async_register is typed with its Schema, while mypy sees voluptuous
# (the same reason as config_flow._schema).
SCHEMAS: dict[str, Any] = {
    SERVICE_BOOST: vol.Schema({**_DEVICE, vol.Required(ATTR_KWH): _KWH}),
    SERVICE_SMART_BOOST: vol.Schema(
        {
            **_DEVICE,
            vol.Required(ATTR_KWH): _KWH,
            vol.Required(ATTR_READY_BY): cv.time,
        }
    ),
    SERVICE_STOP_BOOST: vol.Schema(_DEVICE),
}
COMMANDS: dict[str, Callable[[ServiceCall], ZappiCommand]] = {
    SERVICE_BOOST: lambda call: start_boost(call.data[ATTR_KWH]),
    SERVICE_SMART_BOOST: lambda call: start_smart_boost(
        call.data[ATTR_KWH], call.data[ATTR_READY_BY].replace(second=0, microsecond=0)
    ),
    SERVICE_STOP_BOOST: lambda _: stop_boost(),
}
# Which runtime data can take zappi commands: only a myenergi hub's.
_ZAPPI_RUNTIME = PerDevice[MyenergiRuntime | None](
    senec=lambda _: None, myenergi=lambda runtime: runtime
)


def _zappi_of(hass: HomeAssistant, device_id: str) -> tuple[MyenergiRuntime, str]:
    """The hub runtime and serial of a zappi device of a loaded entry."""
    registry = dr.async_get(hass)
    device = registry.async_get(device_id)
    serials = [
        identifier.removeprefix("zappi_")
        for domain, identifier in (device.identifiers if device else ())
        if domain == DOMAIN and identifier.startswith("zappi_")
    ]
    entries: list[SenecZappiConfigEntry] = hass.config_entries.async_entries(DOMAIN)
    for entry in entries:
        if not serials or entry.state is not ConfigEntryState.LOADED:
            continue
        # Asked per entry: DeviceEntry.config_entries is deprecated from 2026 on.
        devices = dr.async_entries_for_config_entry(registry, entry.entry_id)
        runtime = dispatch(entry.runtime_data, _ZAPPI_RUNTIME)
        if runtime is not None and any(d.id == device_id for d in devices):
            return runtime, serials[0]
    raise ServiceValidationError(
        translation_domain=DOMAIN, translation_key="zappi_unknown_device"
    )


async def _async_handle(call: ServiceCall) -> None:
    """Send the action's command to its zappi; wait a short while for the confirmation."""
    if ATTR_READY_BY in call.data:
        check_quarter_hour(call.data[ATTR_READY_BY])
    runtime, serial = _zappi_of(call.hass, call.data[ATTR_DEVICE_ID])
    await async_send_confirmed(runtime, serial, COMMANDS[call.service](call))


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the zappi actions."""
    for service, schema in SCHEMAS.items():
        hass.services.async_register(DOMAIN, service, _async_handle, schema=schema)
