"""zappi status (cgi-jstatus-Z) in user units.

myenergi leaves fields out when they are zero, so absent power and energy
fields read as 0; a field of the wrong type reads as unknown, never raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import IntEnum, StrEnum
import math
from typing import Any, Final

from .exceptions import MyenergiInvalidAnswerError

# pwm is the duty cycle in 1/100 %, of a 60 A scale: 4100 -> 41 % -> 24.6 A.
PWM_FULL_SCALE_A: Final = 60.0
CONNECTED_PLUG_STATES: Final = frozenset({"B1", "B2", "C1", "C2"})

# cmt, the command timer: 1-10 a command is pending (counting), then one of these.
COMMAND_DONE: Final = 254
COMMAND_FAILED: Final = 253
COMMAND_NONE: Final = 255
COMMAND_PENDING: Final = range(1, 11)


class ChargeMode(IntEnum):
    """zappi charge modes as zmo reports them and the mode command sets them."""

    FAST = 1
    ECO = 2
    ECO_PLUS = 3
    STOP = 4


class PhaseSetting(StrEnum):
    """phaseSetting of newer firmware (Eco+ phase switching, three-phase models)."""

    SINGLE_PHASE = "SINGLE_PHASE"
    THREE_PHASE = "THREE_PHASE"
    AUTO = "AUTO"

    @property
    def code(self) -> int:
        """The number the phase-setting command takes (0 single, 1 three, 2 auto)."""
        return _PHASE_CODES[self]


_PHASE_CODES: Final = {
    PhaseSetting.SINGLE_PHASE: 0,
    PhaseSetting.THREE_PHASE: 1,
    PhaseSetting.AUTO: 2,
}
_TRUE_TEXT: Final = frozenset({"true", "1", "yes", "on"})
_FALSE_TEXT: Final = frozenset({"false", "0", "no", "off"})


@dataclass(frozen=True, slots=True)
class CtClamp:
    """A CT clamp that measures something (its label is not "None")."""

    index: int
    name: str
    power_w: int


def _number(raw: dict[str, Any], key: str) -> float | None:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _float(raw: dict[str, Any], key: str) -> float | None:
    value = _number(raw, key)
    return None if value is None else float(value)


def _int_or_none(raw: dict[str, Any], key: str) -> int | None:
    value = _number(raw, key)
    return None if value is None else int(value)


def _zero_if_absent(raw: dict[str, Any], key: str) -> int | None:
    """The hub leaves out fields that are zero (powers, mgl); a value sent must be a number."""
    return _int_or_none(raw, key) if key in raw else 0


def _flag(raw: dict[str, Any], key: str) -> bool | None:
    value = raw.get(key)
    return value if isinstance(value, bool) else None


def _lenient_flag(raw: dict[str, Any], key: str) -> bool | None:
    """Newer flags: JSON booleans mostly, but 0/1 and "true"/"false" occur too."""
    value = raw.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE_TEXT:
            return True
        if text in _FALSE_TEXT:
            return False
    return None


def _field_text(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True, slots=True)
class ZappiStatus:
    """One zappi as the hub last reported it."""

    serial: str
    firmware: str | None
    charge_power_w: int | None
    grid_power_w: int | None
    generation_w: int | None
    ct_clamps: tuple[CtClamp, ...]
    charge_added_kwh: float
    voltage_v: float | None
    frequency_hz: float | None
    phases: int | None  # pha: not a phase count, meaning unknown
    pwm_percent: float | None
    current_offered_a: float | None
    min_green_level: int | None
    priority: int | None
    manual_boost_kwh: float | None
    smart_boost_kwh: float | None
    smart_boost_time: time | None
    mode: int | None
    status: int | None
    plug_status: str | None
    command_timer: int | None
    lock_state: int | None
    new_app_available: bool | None
    new_bootloader_available: bool | None
    raw: dict[str, Any]
    # Fields newer firmware sends; None when absent or unreadable.
    phase_setting: PhaseSetting | None = None
    reading_time: datetime | None = None  # the zappi's clock (dat + tim), UTC
    manual_boost_time: time | None = None
    g100_lockout: str | None = None
    tampered: bool | None = None
    ocpp_enabled: bool | None = None
    wifi_link: bool | None = None
    ethernet_link: bool | None = None
    # Boost flags (bsm manual, bss smart, bst timed); absent means off.
    boost_manual: bool = False
    boost_smart: bool = False
    boost_timed: bool = False
    # The keys this zappi's payload carried, to offer only what the firmware sends.
    present_fields: frozenset[str] = frozenset()

    def lock_bit(self, bit: int) -> bool | None:
        """One bit of lck.

        b0 locked now, b1 lock when plugged in, b2 lock when unplugged,
        b3 charge when locked, b4 charge session allowed (even if locked).
        The seed names b3 "lock when charging"; two independent public sources
        name it "charge when locked", and real values (7, 23, 24) fit that.
        """
        if self.lock_state is None or bit < 0:
            return None
        return bool(self.lock_state >> bit & 1)

    @property
    def charge_mode(self) -> ChargeMode | None:
        """zmo as a ChargeMode; None for 0 (startup/fault) or unknown values."""
        try:
            return None if self.mode is None else ChargeMode(self.mode)
        except ValueError:
            return None

    @property
    def boosting(self) -> bool:
        """A manual, smart or timed boost runs (the flags; sta 4 proves nothing)."""
        return self.boost_manual or self.boost_smart or self.boost_timed

    @property
    def command_pending(self) -> bool:
        """A command was received and is being applied (cmt 1-10)."""
        return self.command_timer in COMMAND_PENDING

    @property
    def ev_connected(self) -> bool | None:
        """A car is plugged in; unknown on a fault or an unknown state."""
        if self.plug_status == "A":
            return False
        if self.plug_status in CONNECTED_PLUG_STATES:
            return True
        return None

    @property
    def charging(self) -> bool:
        """Energy is flowing into the car."""
        return self.plug_status == "C2"


def _voltage(raw: dict[str, Any]) -> float | None:
    value = _number(raw, "vol")
    if value is None:
        return None
    # deciVolt as an integer (2231); some captures already hold volts (240.2).
    if isinstance(value, int) or value > 1000:
        return round(value / 10, 1)
    return float(value)


def _boost_time(
    raw: dict[str, Any], hour_key: str, minute_key: str, *related: str
) -> time | None:
    """HH:MM of a boost; a part left out is 0 once any field of the boost is sent.

    The hub leaves zero fields out: a smart boost ready by 00:30 is only
    ``sbm`` 30 (with ``sbk``), no ``sbh``.
    """
    if not any(key in raw for key in (hour_key, minute_key, *related)):
        return None
    hour, minute = _zero_if_absent(raw, hour_key), _zero_if_absent(raw, minute_key)
    if hour is None or minute is None or not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return time(hour, minute)


def _smart_boost_kwh(raw: dict[str, Any]) -> float | None:
    """sbk; left out at 0 while the ready-by time (sbh/sbm) is sent."""
    if "sbk" not in raw and ("sbh" in raw or "sbm" in raw):
        return 0.0
    return _float(raw, "sbk")


def _boost_flag(raw: dict[str, Any], key: str) -> bool:
    """bsm/bss/bst: 1 on; absent (left out at 0) or anything else is off."""
    return _int_or_none(raw, key) == 1


def _reading_time(raw: dict[str, Any]) -> datetime | None:
    """dat (DD-MM-YYYY) and tim (HH:MM:SS), the zappi's clock in UTC."""
    day, clock = raw.get("dat"), raw.get("tim")
    if not isinstance(day, str) or not isinstance(clock, str):
        return None
    try:
        parsed = datetime.strptime(
            f"{day.strip()} {clock.strip()}", "%d-%m-%Y %H:%M:%S"
        )
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC)


def _parse_phase_setting(raw: dict[str, Any]) -> PhaseSetting | None:
    value = raw.get("phaseSetting")
    if not isinstance(value, str):
        return None
    try:
        return PhaseSetting(value.strip().upper())
    except ValueError:
        return None


def _clamps(raw: dict[str, Any]) -> tuple[CtClamp, ...]:
    clamps = []
    for index in range(1, 7):
        name = raw.get(f"ectt{index}")
        if not isinstance(name, str) or not name.strip() or name.strip() == "None":
            continue
        clamps.append(
            CtClamp(index, name.strip(), _int_or_none(raw, f"ectp{index}") or 0)
        )
    return tuple(clamps)


def _parse_zappi(raw: dict[str, Any]) -> ZappiStatus | None:
    serial = raw.get("sno")
    if isinstance(serial, bool) or not isinstance(serial, int | str) or not str(serial):
        return None
    pwm = _number(raw, "pwm")
    firmware = raw.get("fwv")
    plug = raw.get("pst")
    return ZappiStatus(
        serial=str(serial),
        firmware=firmware if isinstance(firmware, str) and firmware else None,
        charge_power_w=_zero_if_absent(raw, "div"),
        grid_power_w=_zero_if_absent(raw, "grd"),
        generation_w=_zero_if_absent(raw, "gen"),
        ct_clamps=_clamps(raw),
        charge_added_kwh=float(_number(raw, "che") or 0.0),
        voltage_v=_voltage(raw),
        frequency_hz=_float(raw, "frq"),
        phases=_int_or_none(raw, "pha"),
        pwm_percent=None if pwm is None else round(pwm / 100, 2),
        current_offered_a=(
            None if pwm is None else round(pwm / 10000 * PWM_FULL_SCALE_A, 2)
        ),
        min_green_level=_zero_if_absent(raw, "mgl"),
        priority=_int_or_none(raw, "pri"),
        manual_boost_kwh=_float(raw, "tbk"),
        smart_boost_kwh=_smart_boost_kwh(raw),
        smart_boost_time=_boost_time(raw, "sbh", "sbm", "sbk"),
        mode=_int_or_none(raw, "zmo"),
        status=_int_or_none(raw, "sta"),
        plug_status=plug if isinstance(plug, str) and plug else None,
        command_timer=_int_or_none(raw, "cmt"),
        lock_state=_int_or_none(raw, "lck"),
        new_app_available=_flag(raw, "newAppAvailable"),
        new_bootloader_available=_flag(raw, "newBootloaderAvailable"),
        raw=raw,
        phase_setting=_parse_phase_setting(raw),
        reading_time=_reading_time(raw),
        manual_boost_time=_boost_time(raw, "tbh", "tbm"),
        g100_lockout=_field_text(raw, "g100LockoutState"),
        tampered=_lenient_flag(raw, "beingTamperedWith"),
        ocpp_enabled=_lenient_flag(raw, "ocppEnabled"),
        wifi_link=_lenient_flag(raw, "wifiLink"),
        ethernet_link=_lenient_flag(raw, "ethernetLink"),
        boost_manual=_boost_flag(raw, "bsm"),
        boost_smart=_boost_flag(raw, "bss"),
        boost_timed=_boost_flag(raw, "bst"),
        present_fields=frozenset(raw),
    )


def _zappi_lists(payload: object) -> list[object]:
    if isinstance(payload, dict):
        groups: list[object] = [payload]
    elif isinstance(payload, list):
        groups = payload
    else:
        raise MyenergiInvalidAnswerError("The status answer has an unknown shape")
    found: list[object] = []
    seen_zappi = False
    for group in groups:
        if isinstance(group, dict) and "zappi" in group:
            seen_zappi = True
            if not isinstance(group["zappi"], list):
                raise MyenergiInvalidAnswerError("The zappi list is not a list")
            found.extend(group["zappi"])
    if not seen_zappi and isinstance(payload, dict):
        raise MyenergiInvalidAnswerError("The status answer holds no zappi list")
    return found


def parse_status(payload: object) -> list[ZappiStatus]:
    """Every zappi in a status answer (either of the two shapes)."""
    parsed = (
        _parse_zappi(entry)
        for entry in _zappi_lists(payload)
        if isinstance(entry, dict)
    )
    return [zappi for zappi in parsed if zappi is not None]
