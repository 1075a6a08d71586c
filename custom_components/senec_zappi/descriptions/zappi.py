"""zappi descriptions: status values, today's energy, and flags.

Status values come from every poll of the hub (ZappiStatus); today's energy
from the hourly history (DayEnergy). A description whose field the zappi's
payload does not carry (older firmware has no lck, pwm, zmo or fwv; newer
firmware adds phaseSetting, g100LockoutState, ...) makes no entity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)
from homeassistant.components.sensor import SensorEntityDescription
from homeassistant.const import PERCENTAGE
from homeassistant.helpers.typing import StateType

from ..myenergi import CtClamp, DayEnergy, PhaseSetting, ZappiStatus
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


def _always(_: ZappiStatus) -> bool:
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
    exists_fn: Callable[[ZappiStatus], bool] = _always


@dataclass(frozen=True, kw_only=True)
class ZappiEnergyEntityDescription(SensorEntityDescription):
    """One of today's energy totals from the hourly history."""

    value_fn: Callable[[DayEnergy], float]


@dataclass(frozen=True, kw_only=True)
class ZappiBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A zappi flag."""

    is_on_fn: Callable[[ZappiStatus], bool | None]
    exists_fn: Callable[[ZappiStatus], bool] = _always


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
        exists_fn=payload_has(*needs) if needs else _always,
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


def _today(
    key: str, value_fn: Callable[[DayEnergy], float]
) -> ZappiEnergyEntityDescription:
    # A plain reading (no state class): it resets at local midnight and misses
    # what the hub uploads after that. The Energy dashboard takes the
    # lifetime totals below; the long-term statistics these readings already
    # have stay in the recorder, but no new ones are added.
    return replace(
        ZappiEnergyEntityDescription(
            key=key, translation_key=key, **ENERGY_TOTAL.fields(), value_fn=value_fn
        ),
        state_class=None,
    )


ZAPPI_ENERGY_SENSORS: tuple[ZappiEnergyEntityDescription, ...] = (
    _today("grid_import_today", lambda e: e.grid_import_kwh),
    _today("grid_export_today", lambda e: e.grid_export_kwh),
    _today("generation_today", lambda e: e.generation_kwh),
    _today("diverted_today", lambda e: e.diverted_kwh),
    _today("boosted_today", lambda e: e.boosted_kwh),
)


@dataclass(frozen=True, kw_only=True)
class ZappiLifetimeEntityDescription(SensorEntityDescription):
    """A lifetime total of one quantity of the zappi's history (EnergyLedger)."""

    quantity: str


def _lifetime(key: str, quantity: str) -> ZappiLifetimeEntityDescription:
    # total_increasing and never falling: every joule of the history once,
    # late and grown hours included (myenergi/ledger.py).
    return ZappiLifetimeEntityDescription(
        key=key, translation_key=key, **ENERGY_TOTAL.fields(), quantity=quantity
    )


ZAPPI_LIFETIME_SENSORS: tuple[ZappiLifetimeEntityDescription, ...] = (
    _lifetime("grid_import_total", "grid_import"),
    _lifetime("grid_export_total", "grid_export"),
    _lifetime("generation_total", "generation"),
    _lifetime("diverted_total", "diverted"),
    _lifetime("boosted_total", "boosted"),
)


def _flag(
    key: str,
    is_on_fn: Callable[[ZappiStatus], bool | None],
    device_class: BinarySensorDeviceClass | None = None,
    *,
    shown: Shown = PRIMARY,
    needs: tuple[str, ...] = (),
) -> ZappiBinarySensorEntityDescription:
    return ZappiBinarySensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=device_class,
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        is_on_fn=is_on_fn,
        exists_fn=payload_has(*needs) if needs else _always,
    )


def _lock_bit(key: str, bit: int) -> ZappiBinarySensorEntityDescription:
    # lck bits as the facts note names them: b3 is "charge when locked" (an
    # API notes README and a Java client's LockStatus agree; lck 7, 23 and 24
    # of real zappis fit), not the seed's "lock when charging".
    return _flag(key, lambda z: z.lock_bit(bit), shown=DIAGNOSTIC, needs=("lck",))


def _update_available(status: ZappiStatus) -> bool | None:
    flags = (status.new_app_available, status.new_bootloader_available)
    if all(flag is None for flag in flags):
        return None
    return any(flags)


ZAPPI_BINARY_SENSORS: tuple[ZappiBinarySensorEntityDescription, ...] = (
    _flag(
        "ev_connected",
        lambda z: z.ev_connected,
        BinarySensorDeviceClass.PLUG,
        needs=("pst",),
    ),
    # The status sensor already says "charging"; this flag is for automations.
    _flag(
        "charging",
        lambda z: z.charging,
        BinarySensorDeviceClass.BATTERY_CHARGING,
        shown=MAIN_DISABLED,
        needs=("pst",),
    ),
    # LOCK is on when unlocked, so a plain flag reads more honestly here.
    _flag("locked", lambda z: z.lock_bit(0), needs=("lck",)),
    _lock_bit("lock_when_plugged", 1),
    _lock_bit("lock_when_unplugged", 2),
    _lock_bit("charge_when_locked", 3),
    _lock_bit("charge_session_allowed", 4),
    _flag(
        "update_available",
        _update_available,
        BinarySensorDeviceClass.UPDATE,
        shown=DIAGNOSTIC,
        needs=("newAppAvailable", "newBootloaderAvailable"),
    ),
    _flag(
        "tampered",
        lambda z: z.tampered,
        BinarySensorDeviceClass.TAMPER,
        shown=DIAGNOSTIC,
        needs=("beingTamperedWith",),
    ),
    _flag(
        "ocpp_enabled",
        lambda z: z.ocpp_enabled,
        shown=DIAGNOSTIC,
        needs=("ocppEnabled",),
    ),
    _flag(
        "wifi_link",
        lambda z: z.wifi_link,
        BinarySensorDeviceClass.CONNECTIVITY,
        shown=DIAGNOSTIC,
        needs=("wifiLink",),
    ),
    _flag(
        "ethernet_link",
        lambda z: z.ethernet_link,
        BinarySensorDeviceClass.CONNECTIVITY,
        shown=DIAGNOSTIC,
        needs=("ethernetLink",),
    ),
)
