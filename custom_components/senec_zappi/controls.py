"""Write, then believe only the device: SENEC writes and zappi commands.

A control never shows what was asked. A SENEC switch writes once and reads
the unit again at the confirm offsets until it reports the new state
(write_confirmed); a SENEC button writes once (write). A zappi command is
sent under the hub's command lock after a read of the zappi and confirmed by
reading it again for a short while (send_confirmed); the deciding read
becomes the coordinator's data, an undecided command goes on in the
background (pending.py). The
command factories (what a user's choice becomes) live here too. Failures
become the translated errors of errors.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import time
from time import monotonic

from homeassistant.core import callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN, LOGGER
from .coordinator import SenecCoordinator
from .descriptions.senec.controls import SenecSwitchEntityDescription, system_state
from .errors import senec_write_failed, translated, zappi_command_failed
from .issues import async_delete_socket_disabled, async_raise_socket_disabled
from .myenergi import (
    ChargeMode,
    Command,
    Confirmation,
    MyenergiAuthError,
    MyenergiCommandError,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiError,
    MyenergiRateLimitError,
    PhaseSetting,
    ZappiStatus,
    boost_command,
    min_green_command,
    mode_command,
    phase_setting_command,
    smart_boost_command,
    stop_boost_command,
)
from .pending import Outcome
from .runtime import MyenergiRuntime
from .senec import DecodedAnswer, SenecClient, SenecError
from .senec_unit import is_other_unit

type SenecWrite = Callable[[SenecClient], Awaitable[object]]

# Boosts the zappi takes only in these modes; in Fast or Stop it drops them.
BOOST_MODES = (ChargeMode.ECO, ChargeMode.ECO_PLUS)


async def async_write(coordinator: SenecCoordinator, write: SenecWrite) -> None:
    """Send one write of the user's, nothing read back; a failure is translated.

    Nothing is sent while another unit answers at the unit's address.
    """
    if coordinator.other_unit:
        raise translated("senec_write_other_unit")
    try:
        await write(coordinator.client)
    except SenecError as err:
        if coordinator.closing.is_set():  # the entry unloaded under the write
            raise translated("senec_control_ended") from err
        raise senec_write_failed(err) from err


async def async_write_confirmed(
    coordinator: SenecCoordinator,
    write: SenecWrite,
    confirmed: Callable[[DecodedAnswer], bool],
) -> DecodedAnswer:
    """Write, then read the unit again until it reports the new state.

    The unit's echo only says it took the value; whether it acts on it
    shows in what it reports afterwards. Each read asks what a poll asks
    and becomes the coordinator's data, so no extra poll follows. Returns
    the confirming answer.
    """
    await async_write(coordinator, write)
    waited = 0.0
    unanswered = False
    for offset in coordinator.confirm_offsets:
        await _async_wait(coordinator, offset - waited)
        waited = offset
        answer = await _async_read(coordinator)
        unanswered = answer is None
        if answer is not None and confirmed(answer):
            return answer
    raise translated("senec_confirm_no_answer" if unanswered else "senec_not_confirmed")


async def _async_wait(coordinator: SenecCoordinator, seconds: float) -> None:
    """Sleep, but end at once (translated) when the entry unloads meanwhile."""
    if seconds > 0 and not coordinator.closing.is_set():
        try:
            async with asyncio.timeout(seconds):
                await coordinator.closing.wait()
        except TimeoutError:
            return
    if coordinator.closing.is_set():
        raise translated("senec_control_ended")


async def _async_read(coordinator: SenecCoordinator) -> DecodedAnswer | None:
    """Read what a poll reads and publish it; None when the unit did not answer."""
    try:
        answer = await coordinator.client.read(coordinator.request)
    except SenecError:
        answer = None
    if coordinator.closing.is_set():  # unloaded meanwhile: publish nothing
        raise translated("senec_control_ended")
    if answer is not None and is_other_unit(coordinator.identity, answer):
        raise translated("senec_write_other_unit")  # the next poll raises the issue
    if answer is not None and coordinator.last_update_success:
        coordinator.read_at = monotonic()
        coordinator.async_set_updated_data(answer)  # else the next poll reports it
    return answer


async def _async_current(
    coordinator: SenecCoordinator, *, must_read: bool
) -> DecodedAnswer:
    """What the unit reports now: fresh data, else a read (nothing sent)."""
    read_at = coordinator.read_at
    if (
        not must_read
        and coordinator.last_update_success
        and read_at is not None
        and monotonic() - read_at < coordinator.fresh_for
    ):
        return coordinator.data
    data = await _async_read(coordinator)
    if data is None:
        raise translated("senec_read_before_write_failed")
    return data


async def _async_state_text(coordinator: SenecCoordinator, data: DecodedAnswer) -> str:
    """The unit's system state as the system state sensor shows it."""
    hass = coordinator.hass
    key = system_state(data)
    texts = await async_get_translations(hass, hass.config.language, "entity", {DOMAIN})
    return texts.get(f"component.{DOMAIN}.entity.sensor.system_state.state.{key}", key)


def _shows(
    description: SenecSwitchEntityDescription, data: DecodedAnswer, on: bool
) -> bool:
    return description.is_on_fn(description.read(data)) is on


async def _async_refuse_off(
    coordinator: SenecCoordinator,
    description: SenecSwitchEntityDescription,
    data: DecodedAnswer,
) -> None:
    """No "off" while the unit runs a charge of its own: say why."""
    if description.blocks_off_fn is not None and description.blocks_off_fn(data):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="senec_own_charge_running",
            translation_placeholders={
                "state": await _async_state_text(coordinator, data)
            },
        )


async def async_switch(
    coordinator: SenecCoordinator, description: SenecSwitchEntityDescription, on: bool
) -> None:
    """Set a SENEC switch, believing only the unit.

    Fresh data or a read first: when the unit shows the wish, nothing is sent; no
    "off" while the unit runs a charge of its own. An "off" the unit may undo
    is read again once the resume window has passed since it was sent; undone
    once, it is sent again; undone twice, the action fails naming the state.
    """
    # Whether the unit runs a charge of its own can change any second: read.
    blocks = not on and description.blocks_off_fn is not None
    data = await _async_current(coordinator, must_read=blocks)
    write = description.turn_on_fn if on else description.turn_off_fn
    attempts = 2 if not on and description.off_may_come_back else 1
    for attempt in range(1, attempts + 1):
        if _shows(description, data, on):
            break
        if not on:
            await _async_refuse_off(coordinator, description, data)
        if attempt > 1:
            LOGGER.warning(
                'The SENEC unit switched %s back on by itself after "off"; '
                '"off" is sent once more',
                description.key,
            )
        sent = monotonic()
        data = await async_write_confirmed(
            coordinator,
            lambda client: write(client, description.index),
            lambda answer: _shows(description, answer, on),
        )
        if attempts == 1:
            break
        await _async_wait(coordinator, coordinator.resume_window - (monotonic() - sent))
        later = await _async_read(coordinator)
        if later is None:
            break  # the "off" was confirmed; whether it held shows at the next poll
        data = later
        if attempt == attempts and not _shows(description, data, on):
            raise translated(
                "senec_safe_charge_resumed",
                state=await _async_state_text(coordinator, data),
            )
    _check_stuck(coordinator, description, data, on)


@callback
def _check_stuck(
    coordinator: SenecCoordinator,
    description: SenecSwitchEntityDescription,
    data: DecodedAnswer,
    on: bool,
) -> None:
    """A forced socket the unit leaves unpowered because it is disabled: tell once."""
    index = description.index
    if description.stuck_fn is None or index is None:
        return
    hass, entry = coordinator.hass, coordinator.config_entry
    if on and description.stuck_fn(data, index):
        if async_raise_socket_disabled(hass, entry, index + 1):
            LOGGER.warning(
                "SENEC socket %s is forced on but stays unpowered: it is disabled "
                "in the unit (ENABLE 0); see Settings -> Repairs",
                index + 1,
            )
    else:
        async_delete_socket_disabled(hass, entry, index + 1)


# One command to a zappi and what in its status confirms it (client package:
# its path, the fields that prove it, whether there is nothing to do).
ZappiCommand = Command
# Refusals the owner can act on (try again, change the mode first): a
# ServiceValidationError, not logged as an unexpected error.
OWNER_CAN_ACT = frozenset(
    {MyenergiCommandError.BUSY, MyenergiCommandError.NOT_APPROPRIATE}
)


async def async_send_confirmed(
    runtime: MyenergiRuntime,
    serial: str,
    command: ZappiCommand,
    *,
    key: str | None = None,
    requested: str | None = None,
) -> ZappiStatus | None:
    """Send a command, wait a short while for the zappi to confirm it.

    Returns the confirming status (published to every entity), or None when
    the command is still on its way after the quick reads
    (runtime.confirm_offsets): it is then confirmed in the background
    (pending.py) and its outcome told by the "Last command" event entity.
    A certain failure (the hub refuses, busy, the zappi rejects it) raises a
    translated error: ServiceValidationError for what the owner can act on,
    else HomeAssistantError. ``key``/``requested``: the control and value.
    """
    async with runtime.command_lock:
        if runtime.pending.get(serial) is not None:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="zappi_command_pending"
            )
        if command.boost:
            _check_boost_allowed(runtime, serial)
        confirmation: Confirmation | None = None
        try:
            confirmation = await runtime.client.send_command(serial, command)
            confirmed = await runtime.client.confirm_command(
                confirmation, offsets=runtime.confirm_offsets
            )
        except MyenergiCommandNotConfirmedError as err:
            if err.last_status is not None:
                publish(runtime, err.last_status)
            if confirmation is None or isinstance(
                err.__cause__, MyenergiRateLimitError
            ):
                raise zappi_command_failed(err) from err
            runtime.pending.start(confirmation, key, requested)
            return None
        except MyenergiError as err:
            if isinstance(err, MyenergiAuthError):
                entry = runtime.status.config_entry
                entry.async_start_reauth(runtime.status.hass)
            elif isinstance(err, MyenergiCommandRejectedError):
                publish(runtime, err.last_status)
                assert confirmation is not None
                runtime.pending.report(confirmation, Outcome.REJECTED, key, requested)
            failure = zappi_command_failed(err)
            if isinstance(err, MyenergiCommandError) and err.code in OWNER_CAN_ACT:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key=failure.translation_key,
                    translation_placeholders=failure.translation_placeholders,
                ) from err
            raise failure from err
        publish(runtime, confirmed)
        # Stop boost with no boost, the mode it is in: said so, not "confirmed".
        outcome = Outcome.CONFIRMED if confirmation.sent else Outcome.UNCHANGED
        runtime.pending.report(confirmation, outcome, key, requested)
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
    """Fast, Eco, Eco+ or Stop, confirmed by zmo; none sent for the mode it is in."""
    return mode_command(mode)


def set_min_green_level(percent: int) -> ZappiCommand:
    """Minimum green level, confirmed by mgl."""
    return min_green_command(percent)


def set_phase_setting(setting: PhaseSetting) -> ZappiCommand:
    """Eco+ phase setting, confirmed by phaseSetting."""
    return phase_setting_command(setting)


def start_boost(kwh: int) -> ZappiCommand:
    """Manual boost, confirmed by bsm or a new tbk; refused outside Eco and Eco+."""
    return boost_command(kwh)


def start_smart_boost(kwh: int, ready_by: time) -> ZappiCommand:
    """Smart boost, confirmed by bss or a new sbk; refused outside Eco and Eco+."""
    return smart_boost_command(kwh, ready_by)


def stop_boost() -> ZappiCommand:
    """End a boost, confirmed by the boost flags; none sent when no boost runs."""
    return stop_boost_command()
