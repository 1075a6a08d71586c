"""Write, then believe only the device: SENEC writes and zappi commands.

A control never shows what was asked. A SENEC switch writes once and reads
the unit again at the confirm offsets until it reports the new state
(write_confirmed); a SENEC button writes once (write). A zappi command is
sent under the hub's command lock and confirmed by reading the zappi again
(send_confirmed); the confirming read becomes the coordinator's data. The
command factories (what a user's choice becomes) live here too. Failures
become the translated errors of errors.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import time

from homeassistant.core import callback
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN
from .coordinator import SenecCoordinator
from .errors import senec_write_failed, translated, zappi_command_failed
from .myenergi import (
    ChargeMode,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiError,
    PhaseSetting,
    StatusCheck,
    ZappiStatus,
    manual_boost_is,
    min_green_is,
    mode_is,
    not_boosting,
    phase_setting_is,
    smart_boost_is,
)
from .runtime import MyenergiRuntime
from .senec import DecodedAnswer, SenecClient, SenecError

type SenecWrite = Callable[[SenecClient], Awaitable[object]]

# Boosts the zappi takes only in these modes; in Fast or Stop it drops them.
BOOST_MODES = (ChargeMode.ECO, ChargeMode.ECO_PLUS)


async def async_write(coordinator: SenecCoordinator, write: SenecWrite) -> None:
    """Send one write of the user's, nothing read back; a failure is translated."""
    try:
        await write(coordinator.client)
    except SenecError as err:
        raise senec_write_failed(err) from err


async def async_write_confirmed(
    coordinator: SenecCoordinator,
    write: SenecWrite,
    confirmed: Callable[[DecodedAnswer], bool],
) -> None:
    """Write, then read the unit again until it reports the new state.

    The unit's echo only says it took the value; whether it acts on it
    shows in what it reports afterwards. Each read asks what a poll asks
    and becomes the coordinator's data, so no extra poll follows.
    """
    await async_write(coordinator, write)
    waited = 0.0
    unanswered = False
    for offset in coordinator.confirm_offsets:
        await asyncio.sleep(max(0.0, offset - waited))
        waited = offset
        try:
            answer = await coordinator.client.read(coordinator.request)
        except SenecError:
            unanswered = True
            continue
        unanswered = False
        if coordinator.last_update_success:  # else the next poll reports it
            coordinator.async_set_updated_data(answer)
        if confirmed(answer):
            return
    raise translated("senec_confirm_no_answer" if unanswered else "senec_not_confirmed")


@dataclass(frozen=True, slots=True)
class ZappiCommand:
    """One command to a zappi and what in its status confirms it."""

    send: Callable[[MyenergiClient, str], Awaitable[None]]
    check: StatusCheck
    # A boost, which the zappi silently drops outside Eco and Eco+.
    boost: bool = False


async def async_send_confirmed(
    runtime: MyenergiRuntime, serial: str, command: ZappiCommand
) -> ZappiStatus:
    """Send a command, wait until the zappi confirms it, publish that status.

    Raises a translated HomeAssistantError when the hub refuses it, the
    zappi rejects it or does not confirm it in time; the entities then go
    on showing what the zappi reports.
    """
    async with runtime.command_lock:
        if command.boost:
            _check_boost_allowed(runtime, serial)
        try:
            await command.send(runtime.client, serial)
            confirmed = await runtime.client.confirm_command(
                serial, command.check, offsets=runtime.confirm_offsets
            )
        except MyenergiError as err:
            if isinstance(err, MyenergiAuthError):
                entry = runtime.status.config_entry
                entry.async_start_reauth(runtime.status.hass)
            elif isinstance(
                err, MyenergiCommandRejectedError | MyenergiCommandNotConfirmedError
            ) and (err.last_status is not None):
                publish(runtime, err.last_status)
            raise zappi_command_failed(err) from err
        publish(runtime, confirmed)
        return confirmed


def _check_boost_allowed(runtime: MyenergiRuntime, serial: str) -> None:
    """Refuse a boost the zappi would drop silently (Fast or Stop mode)."""
    status = (runtime.status.data or {}).get(serial)
    if status is None:
        raise translated("zappi_unavailable")
    if status.charge_mode not in BOOST_MODES:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="zappi_boost_needs_eco"
        )


@callback
def publish(runtime: MyenergiRuntime, status: ZappiStatus) -> None:
    """The confirming status as the coordinator's data: no second read."""
    data = dict(runtime.status.data or {})
    data[status.serial] = status
    runtime.status.track_stale(data)  # stale or fresh by the same rule as a poll
    runtime.status.async_set_updated_data(data)


def set_charge_mode(mode: ChargeMode) -> ZappiCommand:
    """Fast, Eco, Eco+ or Stop, confirmed by zmo."""

    async def send(client: MyenergiClient, serial: str) -> None:
        await client.set_charge_mode(serial, mode)

    return ZappiCommand(send, mode_is(mode))


def set_min_green_level(percent: int) -> ZappiCommand:
    """Minimum green level, confirmed by mgl."""

    async def send(client: MyenergiClient, serial: str) -> None:
        await client.set_min_green_level(serial, percent)

    return ZappiCommand(send, min_green_is(percent))


def set_phase_setting(setting: PhaseSetting) -> ZappiCommand:
    """Eco+ phase setting, confirmed by phaseSetting."""

    async def send(client: MyenergiClient, serial: str) -> None:
        await client.set_phase_setting(serial, setting)

    return ZappiCommand(send, phase_setting_is(setting))


def start_boost(kwh: int) -> ZappiCommand:
    """Manual boost, confirmed by tbk; refused outside Eco and Eco+."""

    async def send(client: MyenergiClient, serial: str) -> None:
        await client.start_boost(serial, kwh)

    return ZappiCommand(send, manual_boost_is(kwh), boost=True)


def start_smart_boost(kwh: int, ready_by: time) -> ZappiCommand:
    """Smart boost, confirmed by sbk/sbh/sbm; refused outside Eco and Eco+."""

    async def send(client: MyenergiClient, serial: str) -> None:
        await client.start_smart_boost(serial, kwh, ready_by)

    return ZappiCommand(send, smart_boost_is(kwh, ready_by), boost=True)


def stop_boost() -> ZappiCommand:
    """End a boost, confirmed when sta no longer says boosting."""

    async def send(client: MyenergiClient, serial: str) -> None:
        await client.stop_boost(serial)

    return ZappiCommand(send, not_boosting())
