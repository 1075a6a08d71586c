"""zappi descriptions: status values.

Status values come from every poll of the hub (ZappiStatus); its flags are
in zappi_flags.py, the energy from the hourly history in zappi_energy.py. A description whose field the zappi's
payload does not carry (older firmware has no lck, pwm, zmo or fwv; newer
firmware adds phaseSetting, g100LockoutState, ...) makes no entity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from homeassistant.components.sensor import SensorEntityDescription
from homeassistant.const import PERCENTAGE
from homeassistant.helpers.typing import StateType

from ..myenergi import CtClamp, PhaseSetting, ZappiStatus
from .kinds import (
    CURRENT,
    DIAGNOSTIC,
    DIAGNOSTIC_DISABLED,
    ENERGY_AMOUNT,
    ENERGY_TOTAL,
    FREQUENCY,
    MAIN_DISABLED,
    PERCENT,
    PLAIN,
    POWER,
    PRIMARY,
    VOLTAGE,
    Kind,
    Shown,
    enum_kind,
)

# zmo, sta and pst codes mapped to stable option keys (texts in translations).
CHARGE_MODES = {0: "startup_fault", 1: "fast", 2: "eco", 3: "eco_plus", 4: "stopped"}
STATUSES = {1: "paused", 3: "charging", 4: "boosting", 5: "complete"}
# The plug state overrides sta: real zappis report sta 3 or 4 with no car (pst A).
STATUS_OPTIONS = (*STATUSES.values(), "ev_disconnected", "fault")
PLUG_STATUSES = {
    "A": "ev_disconnected",
    "B1": "ev_connected",
    "B2": "waiting_for_ev",
    "C1": "ev_ready",
    "C2": "charging",
    "F": "fault",
}
COMMAND_STATES = ("pending", "succeeded", "failed", "idle")
# What boost the zappi holds (bsm, bss, bst), and a boost with no car to take it.
BOOST_STATES = ("none", "manual", "smart", "timed", "waiting_for_ev")
BOOST_KINDS = ("manual", "smart", "timed")
# One state key per setting for the sensor and the select ("auto", as the
# select always had it; the sensor said "automatic" before).
PHASE_SETTINGS = {
    PhaseSetting.SINGLE_PHASE: "single_phase",
    PhaseSetting.THREE_PHASE: "three_phase",
    PhaseSetting.AUTO: "auto",
}
# CT labels whose power the zappi also reports on its own (grd, div, gen): their
# clamps start disabled, so the device page does not show one value twice.
DUPLICATED_CT_LABELS = frozenset({"grid", "internal load", "generation"})

# The zappi's PWM ratio carries no display precision.
_PERCENT = replace(PERCENT, precision=None)


def command_state(timer: int | None) -> str | None:
    """cmt: 1-10 pending, 253 failed, 254 done, 255 nothing received."""
    if timer is None:
        return None
    if 1 <= timer <= 10:
        return "pending"
    return {253: "failed", 254: "succeeded", 255: "idle"}.get(timer)


def boost_state(status: ZappiStatus) -> str:
    """Which boost the flags say is set; waiting for the EV when none is plugged in.

    The flags, not sta 4, say a boost runs (sta reads 4 in Fast and with no
    car). The hub leaves flags at 0 out, so an absent flag is off. A boost
    set while no car is plugged in (pst A) charges nothing until one is.
    """
    flags = (status.boost_manual, status.boost_smart, status.boost_timed)
    kinds = [kind for kind, on in zip(BOOST_KINDS, flags, strict=True) if on]
    if not kinds:
        return "none"
    if status.plug_status == "A":
        return "waiting_for_ev"
    return kinds[0]


def always(_: ZappiStatus) -> bool:
    """Every zappi sends it."""
    return True


def payload_has(*fields: str) -> Callable[[ZappiStatus], bool]:
    """Present when the zappi's payload holds any of these fields."""

    def check(status: ZappiStatus) -> bool:
        return any(name in status.present_fields for name in fields)

    return check


@dataclass(frozen=True, kw_only=True)
class ZappiSensorEntityDescription(SensorEntityDescription):
    """A zappi status value shown as a sensor."""

    value_fn: Callable[[ZappiStatus], StateType]
    # Whether this zappi has the value at all (decided once, at setup).
    exists_fn: Callable[[ZappiStatus], bool] = always


def _status(
    key: str,
    kind: Kind,
    value_fn: Callable[[ZappiStatus], StateType],
    *,
    named: bool = True,
    shown: Shown = PRIMARY,
    needs: tuple[str, ...] = (),
) -> ZappiSensorEntityDescription:
    """A status value; named=False takes the device class's name.

    needs: payload fields of which one must be present for the entity to exist.
    """
    return ZappiSensorEntityDescription(
        key=key,
        translation_key=key if named else None,
        **kind.fields(),
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        value_fn=value_fn,
        exists_fn=payload_has(*needs) if needs else always,
    )


def _code(
    key: str,
    table: Mapping[Any, str],
    value_fn: Callable[[ZappiStatus], int | str | None],
    *,
    shown: Shown = PRIMARY,
    needs: tuple[str, ...] = (),
) -> ZappiSensorEntityDescription:
    """A status code shown as a translated state; unknown codes read as unknown."""

    def convert(status: ZappiStatus) -> str | None:
        code = value_fn(status)
        return None if code is None else table.get(code)

    return _status(
        key, enum_kind(tuple(table.values())), convert, shown=shown, needs=needs
    )


def _clock(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def charger_status(status: ZappiStatus) -> str | None:
    """sta, unless the plug says otherwise.

    Real zappis report sta 3 (charging) or 4 (boosting) with no car plugged in
    (pst A, div 0): without a car the status is "EV disconnected", and a plug
    fault is a fault whatever sta says.
    """
    if status.plug_status == "A":
        return "ev_disconnected"
    if status.plug_status == "F":
        return "fault"
    return None if status.status is None else STATUSES.get(status.status)


def current_offered(status: ZappiStatus) -> float | None:
    """The current the pilot signal offers; 0 A without a car to take it.

    pwm is sent whether or not a car is connected, so with no car (pst A) it
    would claim an offer nobody can draw; an unknown plug state reads unknown.
    """
    connected = status.ev_connected
    if connected is None:
        return None
    return status.current_offered_a if connected else 0.0


ZAPPI_SENSORS: tuple[ZappiSensorEntityDescription, ...] = (
    _status("charge_power", POWER, lambda z: z.charge_power_w),
    # Positive while importing, negative while exporting.
    _status("grid_power", POWER, lambda z: z.grid_power_w),
    _status("generation_power", POWER, lambda z: z.generation_w),
    _status("charge_added", ENERGY_TOTAL, lambda z: z.charge_added_kwh),
    _status("voltage", VOLTAGE, lambda z: z.voltage_v, named=False),
    _status("frequency", FREQUENCY, lambda z: z.frequency_hz, named=False),
    # No "phases" entity: pha is not a phase count (pha 2 comes with
    # phaseSetting SINGLE_PHASE, single-phase eddis send 3); diagnostics keep it.
    _code(
        "phase_setting",
        PHASE_SETTINGS,
        lambda z: z.phase_setting,
        shown=DIAGNOSTIC_DISABLED,  # the Phase setting select shows the same reported value
        needs=("phaseSetting",),
    ),
    _status(
        "pwm",
        _PERCENT,
        lambda z: z.pwm_percent,
        shown=DIAGNOSTIC_DISABLED,
        needs=("pwm",),
    ),
    _status(
        "current_offered",
        replace(CURRENT, precision=1),
        current_offered,
        needs=("pwm",),
    ),
    # The controls (select.py, number.py) show what the zappi reports too: the
    # read-only twins stay available for automations, disabled by default.
    _status(
        "minimum_green_level",
        Kind(PERCENTAGE),
        lambda z: z.min_green_level,
        shown=MAIN_DISABLED,
    ),
    _status("priority", PLAIN, lambda z: z.priority, shown=DIAGNOSTIC),
    # The boost fields come with the first boost (real payloads lack them
    # before): the entities appear then, without a reload.
    _status(
        "manual_boost_energy",
        ENERGY_AMOUNT,
        lambda z: z.manual_boost_kwh,
        needs=("tbk",),
    ),
    _status(
        "manual_boost_time",
        PLAIN,
        lambda z: _clock(z.manual_boost_time),
        shown=DIAGNOSTIC,
        needs=("tbh",),
    ),
    _status(
        "smart_boost_energy",
        ENERGY_AMOUNT,
        lambda z: z.smart_boost_kwh,
        needs=("sbk",),
    ),
    _status(
        "smart_boost_time",
        PLAIN,
        lambda z: _clock(z.smart_boost_time),
        needs=("sbh", "sbm"),
    ),
    # Whether a boost is set (and waiting for a car): the buttons show nothing.
    _status(
        "boost_state",
        enum_kind(BOOST_STATES),
        boost_state,
        needs=("zmo", "bsm", "bss", "bst"),
    ),
    _code(
        "charge_mode",
        CHARGE_MODES,
        lambda z: z.mode,
        shown=MAIN_DISABLED,
        needs=("zmo",),
    ),
    # The status says it all; plug status and the charging flag repeat it.
    _status(
        "status",
        enum_kind(STATUS_OPTIONS),
        charger_status,
        needs=("sta", "pst"),
    ),
    _code(
        "plug_status",
        PLUG_STATUSES,
        lambda z: z.plug_status,
        shown=MAIN_DISABLED,
        needs=("pst",),
    ),
    _status(
        "command_state",
        enum_kind(COMMAND_STATES),
        lambda z: command_state(z.command_timer),
        shown=DIAGNOSTIC,
    ),
    # The device's firmware already says it: one place for each fact.
    _status(
        "firmware",
        PLAIN,
        lambda z: z.firmware,
        shown=DIAGNOSTIC_DISABLED,
        needs=("fwv",),
    ),
    # Kept as the zappi sends it ("NONE"): its other values are not documented.
    _status(
        "g100_lockout",
        PLAIN,
        lambda z: z.g100_lockout,
        shown=DIAGNOSTIC,
        needs=("g100LockoutState",),
    ),
)


def ct_clamp_description(
    clamp: CtClamp, *, numbered: bool = False
) -> ZappiSensorEntityDescription:
    """A CT clamp, named by the label the owner gave it in the app.

    numbered: the label repeats on this zappi (three "Grid" clamps, one per
    phase), so the name carries the clamp number too. The unique id is the
    clamp number either way.
    """
    index = clamp.index

    def value(status: ZappiStatus) -> int | None:
        return next((c.power_w for c in status.ct_clamps if c.index == index), None)

    duplicated = clamp.name.casefold() in DUPLICATED_CT_LABELS
    placeholders = {"name": clamp.name}
    if numbered:
        placeholders["number"] = str(index)
    return replace(
        _status(
            f"ct{index}_power",
            POWER,
            value,
            shown=MAIN_DISABLED if duplicated else PRIMARY,
        ),
        translation_key="ct_power_numbered" if numbered else "ct_power",
        translation_placeholders=placeholders,
    )


def ct_clamp_descriptions(
    clamps: Iterable[CtClamp],
) -> tuple[ZappiSensorEntityDescription, ...]:
    """One description per clamp; repeated labels get the clamp number."""
    clamps = tuple(clamps)
    labels = Counter(clamp.name.casefold() for clamp in clamps)
    return tuple(
        ct_clamp_description(clamp, numbered=labels[clamp.name.casefold()] > 1)
        for clamp in clamps
    )
