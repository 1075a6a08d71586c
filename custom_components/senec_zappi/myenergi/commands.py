"""zappi commands: paths, argument checks, the server's answer, what confirms them.

The HTTP answer only says the server took the command; the zappi applies it
later and reports progress in ``cmt``. A ``Command`` carries its path and
what in the status shows it applied; ``confirm.Confirmation`` decides from
the status read before sending and each read after (the field rules of real
zappis live there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
import re
from typing import Final

from .exceptions import MyenergiCommandError, MyenergiError, MyenergiInvalidAnswerError
from .status import ChargeMode, PhaseSetting, ZappiStatus


class MyenergiCommandRejectedError(MyenergiError):
    """The zappi reported the command as failed (cmt 253)."""

    def __init__(self, message: str, last_status: ZappiStatus) -> None:
        """Keep the status that reported the failure."""
        super().__init__(message)
        self.last_status = last_status


class MyenergiCommandNotConfirmedError(MyenergiError):
    """The zappi did not show the command applied in time; the outcome is unknown.

    ``last_status`` is the last status read (None when no read succeeded).
    """

    def __init__(self, message: str, last_status: ZappiStatus | None) -> None:
        """Keep the last status read."""
        super().__init__(message)
        self.last_status = last_status


# The myenergi app offers boosts of 1 to 99 kWh.
MIN_BOOST_KWH: Final = 1
MAX_BOOST_KWH: Final = 99
# Offsets in seconds after the command at which confirm_command reads the
# status: a zappi that applies in about 2 s is seen by the first read, a slow
# cloud still within half a minute, and no more than four reads per command.
DEFAULT_CONFIRM_OFFSETS: Final = (2.5, 5.0, 10.0, 30.0)
# Smart boost ready-by times on the app's grid: quarter hours, 00:00-23:45.
# Whether a zappi refuses or rounds other minutes is not known: none are sent.
READY_BY_STEP_MINUTES: Final = 15

_SERIAL: Final = re.compile(r"\d+", re.ASCII)

StatusCheck = Callable[[ZappiStatus], bool]


def check_serial(serial: str) -> str:
    """The serial, if it is digits only (it becomes part of a path)."""
    if not isinstance(serial, str) or not _SERIAL.fullmatch(serial):
        raise ValueError("A zappi serial number is digits only")
    return serial


def _int_in(value: int, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number")
    if not low <= value <= high:
        raise ValueError(f"{what} must be {low} to {high}")
    return value


def _charge_mode(mode: ChargeMode) -> ChargeMode:
    value: object = mode  # callers without type checks may pass anything
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("The charge mode must be a ChargeMode")
    return ChargeMode(value)  # ValueError for other numbers


def _checked_phase_setting(setting: PhaseSetting) -> PhaseSetting:
    if not isinstance(setting, str):
        raise ValueError("The phase setting must be a PhaseSetting")
    return PhaseSetting(setting)  # ValueError for other texts


def is_quarter_hour(ready_by: time) -> bool:
    """Whether a ready-by time is on the app's grid (00:00, 00:15, ... 23:45)."""
    return ready_by.minute % READY_BY_STEP_MINUTES == 0


def _ready_by(ready_by: time) -> str:
    """HHMM of a wall-clock quarter hour; seconds are dropped (the zappi takes minutes)."""
    if not isinstance(ready_by, time):
        raise ValueError("The ready-by time must be a datetime.time")
    if ready_by.tzinfo is not None:
        raise ValueError("The ready-by time is the zappi's wall clock, without zone")
    if not is_quarter_hour(ready_by):
        raise ValueError("The ready-by time must be a quarter hour (00:00-23:45)")
    return f"{ready_by.hour:02d}{ready_by.minute:02d}"


def mode_path(serial: str, mode: ChargeMode) -> str:
    """cgi-zappi-mode-Z{sn}-{1 Fast|2 Eco|3 Eco+|4 Stop}-0-0-0000."""
    return f"cgi-zappi-mode-Z{check_serial(serial)}-{int(_charge_mode(mode))}-0-0-0000"


def min_green_path(serial: str, percent: int) -> str:
    """cgi-set-min-green-Z{sn}-{0..100}."""
    level = _int_in(percent, 0, 100, "The minimum green level")
    return f"cgi-set-min-green-Z{check_serial(serial)}-{level}"


def boost_path(serial: str, kwh: int) -> str:
    """Manual boost: cgi-zappi-mode-Z{sn}-0-10-{kWh}-0000."""
    energy = _int_in(kwh, MIN_BOOST_KWH, MAX_BOOST_KWH, "The boost energy (kWh)")
    return f"cgi-zappi-mode-Z{check_serial(serial)}-0-10-{energy}-0000"


def smart_boost_path(serial: str, kwh: int, ready_by: time) -> str:
    """Smart boost, kWh ready by HH:MM: cgi-zappi-mode-Z{sn}-0-11-{kWh}-{HHMM}."""
    energy = _int_in(kwh, MIN_BOOST_KWH, MAX_BOOST_KWH, "The boost energy (kWh)")
    return f"cgi-zappi-mode-Z{check_serial(serial)}-0-11-{energy}-{_ready_by(ready_by)}"


def stop_boost_path(serial: str) -> str:
    """cgi-zappi-mode-Z{sn}-0-2-0-0000."""
    return f"cgi-zappi-mode-Z{check_serial(serial)}-0-2-0-0000"


def phase_setting_path(serial: str, setting: PhaseSetting) -> str:
    """cgi-zappi-phase-setting-Z{sn}-{0 single|1 three|2 auto}."""
    return f"cgi-zappi-phase-setting-Z{check_serial(serial)}-{_checked_phase_setting(setting).code}"


def _status_code(payload: dict[str, object]) -> int | None:
    if "status" not in payload:
        return None
    value = payload["status"]
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip(), re.ASCII):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MyenergiInvalidAnswerError("The command answer has an odd status")
    return value


def check_command_answer(payload: object) -> dict[str, object]:
    """The answer as an object; a negative status raises MyenergiCommandError.

    Mode commands answer ``{}`` or ``{"status": 0, ...}``; anything but an
    object is not an answer to a command.
    """
    if not isinstance(payload, dict):
        raise MyenergiInvalidAnswerError("The command answer is not an object")
    code = _status_code(payload)
    if code is not None and code < 0:
        raise MyenergiCommandError(code)
    return payload


def check_min_green_answer(payload: object, percent: int) -> None:
    """``{"mgl": N}`` echoing the level sent; a negative status is a refusal."""
    answer = check_command_answer(payload)
    echoed = answer.get("mgl")
    if isinstance(echoed, bool) or echoed != percent:
        raise MyenergiInvalidAnswerError(
            "The minimum green answer does not echo the level sent"
        )


# What shows a command applied: the field the command changes has the new value.


def mode_is(mode: ChargeMode) -> StatusCheck:
    """zmo shows the mode."""
    wanted = _charge_mode(mode)
    return lambda status: status.mode == wanted


def min_green_is(percent: int) -> StatusCheck:
    """mgl shows the level (absent is 0)."""
    wanted = _int_in(percent, 0, 100, "The minimum green level")
    return lambda status: status.min_green_level == wanted


def phase_setting_is(setting: PhaseSetting) -> StatusCheck:
    """phaseSetting shows the setting."""
    wanted = _checked_phase_setting(setting)
    return lambda status: status.phase_setting == wanted


def _in_boost_mode(status: ZappiStatus) -> bool:
    return status.charge_mode in (ChargeMode.ECO, ChargeMode.ECO_PLUS)


def manual_boost_is(kwh: int) -> StatusCheck:
    """tbk (manual boost kWh) shows the energy asked for, in Eco or Eco+.

    A boost in Fast or Stop mode is dropped silently by the zappi, so it is
    never confirmed.
    """
    wanted = _int_in(kwh, MIN_BOOST_KWH, MAX_BOOST_KWH, "The boost energy (kWh)")
    return lambda status: status.manual_boost_kwh == wanted and _in_boost_mode(status)


def smart_boost_is(kwh: int) -> StatusCheck:
    """sbk shows the energy asked for, in Eco or Eco+.

    The ready-by time is compared apart (Command.note): whether a zappi
    rounds a time is not known, so a different time is no failure.
    """
    wanted = _int_in(kwh, MIN_BOOST_KWH, MAX_BOOST_KWH, "The boost energy (kWh)")
    return lambda status: status.smart_boost_kwh == wanted and _in_boost_mode(status)


def not_boosting() -> StatusCheck:
    """The boost flags (bsm, bss, bst) are all off; sta 4 is no proof of a boost.

    sta reads 4 in Fast mode and, on 3562S5.x firmware, with no car at all.
    """
    return lambda status: not status.boosting


def _no_note(_status: ZappiStatus) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class Command:
    """One zappi command and what in the status proves the zappi applied it.

    ``shows``: the status has what was asked. ``fields``: the target fields,
    compared with the read before sending (a value that was already there
    proves nothing). ``flag``: a boost flag whose switching on proves a
    boost. ``nothing_to_do``: when this holds on the read before sending, no
    command is sent (the mode the zappi is in, no boost to stop).
    """

    name: str  # for logs: what was asked, never the serial
    path: Callable[[str], str]  # serial -> request path
    shows: StatusCheck
    fields: Callable[[ZappiStatus], object]
    flag: StatusCheck | None = None
    nothing_to_do: StatusCheck | None = None
    # A boost: the zappi drops it silently outside Eco and Eco+.
    boost: bool = False
    # What the server's answer must be (raises on a refusal).
    check_answer: Callable[[object], object] = check_command_answer
    # A difference worth one log line that is no failure (smart boost time).
    note: Callable[[ZappiStatus], str | None] = _no_note


def _setting_command(
    name: str,
    path: Callable[[str], str],
    fields: Callable[[ZappiStatus], object],
    shows: StatusCheck,
    check_answer: Callable[[object], object] = check_command_answer,
) -> Command:
    """A setting the zappi holds: what it already has needs no command."""
    return Command(
        name=name,
        path=path,
        shows=shows,
        fields=fields,
        nothing_to_do=shows,
        check_answer=check_answer,
    )


def mode_command(mode: ChargeMode) -> Command:
    """Fast, Eco, Eco+ or Stop."""
    wanted = _charge_mode(mode)
    return _setting_command(
        f"charge mode {wanted.name}",
        lambda serial: mode_path(serial, wanted),
        lambda status: status.mode,
        mode_is(wanted),
    )


def min_green_command(percent: int) -> Command:
    """Minimum green level."""
    return _setting_command(
        f"minimum green level {percent}",
        lambda serial: min_green_path(serial, percent),
        lambda status: status.min_green_level,
        min_green_is(percent),
        check_answer=lambda answer: check_min_green_answer(answer, percent),
    )


def phase_setting_command(setting: PhaseSetting) -> Command:
    """Eco+ phase setting."""
    wanted = _checked_phase_setting(setting)
    return _setting_command(
        f"phase setting {wanted.name}",
        lambda serial: phase_setting_path(serial, wanted),
        lambda status: status.phase_setting,
        phase_setting_is(wanted),
    )


def boost_command(kwh: int) -> Command:
    """Manual boost of kWh: proved by bsm switching on, a new tbk or a pending cmt."""
    return Command(
        name=f"boost {kwh} kWh",
        path=lambda serial: boost_path(serial, kwh),
        shows=manual_boost_is(kwh),
        fields=lambda status: status.manual_boost_kwh,
        flag=lambda status: status.boost_manual,
        boost=True,
    )


def smart_boost_command(kwh: int, ready_by: time) -> Command:
    """Smart boost: proved by bss switching on, a new sbk/sbh/sbm or a pending cmt."""
    _ready_by(ready_by)  # a quarter hour, wall clock
    clock = time(ready_by.hour, ready_by.minute)

    def note(status: ZappiStatus) -> str | None:
        reported = status.smart_boost_time
        if reported == clock:
            return None
        shown = "nothing" if reported is None else f"{reported:%H:%M}"
        return f"ready-by time {clock:%H:%M} was sent, the zappi reports {shown}"

    return Command(
        name=f"smart boost {kwh} kWh by {clock:%H:%M}",
        path=lambda serial: smart_boost_path(serial, kwh, clock),
        shows=smart_boost_is(kwh),
        fields=lambda status: (status.smart_boost_kwh, status.smart_boost_time),
        flag=lambda status: status.boost_smart,
        boost=True,
        note=note,
    )


def stop_boost_command() -> Command:
    """End a boost: proved by the boost flags all off; with none on, nothing to do."""
    shows = not_boosting()
    return Command(
        name="stop boost",
        path=stop_boost_path,
        shows=shows,
        fields=lambda s: (s.boost_manual, s.boost_smart, s.boost_timed),
        nothing_to_do=shows,
    )
