"""zappi descriptions: status values, today's energy, and flags.

Status values come from every poll of the hub (ZappiStatus); today's energy
from the hourly history (DayEnergy).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)
from homeassistant.components.sensor import SensorEntityDescription
from homeassistant.const import PERCENTAGE
from homeassistant.helpers.typing import StateType

from ..myenergi import CtClamp, DayEnergy, ZappiStatus
from .kinds import (
    CURRENT,
    DIAGNOSTIC,
    ENERGY_AMOUNT,
    ENERGY_TOTAL,
    FREQUENCY,
    PERCENT,
    PLAIN,
    POWER,
    PRIMARY,
    SERVICE,
    VOLTAGE,
    Kind,
    Shown,
    enum_kind,
)

# zmo, sta and pst codes mapped to stable option keys (texts in translations).
CHARGE_MODES = {0: "startup_fault", 1: "fast", 2: "eco", 3: "eco_plus", 4: "stopped"}
STATUSES = {1: "paused", 3: "charging", 4: "boosting", 5: "complete"}
PLUG_STATUSES = {
    "A": "ev_disconnected",
    "B1": "ev_connected",
    "B2": "waiting_for_ev",
    "C1": "ev_ready",
    "C2": "charging",
    "F": "fault",
}
COMMAND_STATES = ("pending", "succeeded", "failed", "idle")

# The zappi's PWM ratio carries no display precision.
_PERCENT = replace(PERCENT, precision=None)


def command_state(timer: int | None) -> str | None:
    """cmt: 1-10 pending, 253 failed, 254 done, 255 nothing received."""
    if timer is None:
        return None
    if 1 <= timer <= 10:
        return "pending"
    return {253: "failed", 254: "succeeded", 255: "idle"}.get(timer)


@dataclass(frozen=True, kw_only=True)
class ZappiSensorEntityDescription(SensorEntityDescription):
    """A zappi status value shown as a sensor."""

    value_fn: Callable[[ZappiStatus], StateType]


@dataclass(frozen=True, kw_only=True)
class ZappiEnergyEntityDescription(SensorEntityDescription):
    """One of today's energy totals from the hourly history."""

    value_fn: Callable[[DayEnergy], float]


@dataclass(frozen=True, kw_only=True)
class ZappiBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A zappi flag."""

    is_on_fn: Callable[[ZappiStatus], bool | None]


def _status(
    key: str,
    kind: Kind,
    value_fn: Callable[[ZappiStatus], StateType],
    *,
    named: bool = True,
    shown: Shown = PRIMARY,
) -> ZappiSensorEntityDescription:
    """A status value; named=False takes the device class's name."""
    return ZappiSensorEntityDescription(
        key=key,
        translation_key=key if named else None,
        **kind.fields(),
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        value_fn=value_fn,
    )


def _code(
    key: str,
    table: Mapping[Any, str],
    value_fn: Callable[[ZappiStatus], int | str | None],
) -> ZappiSensorEntityDescription:
    """A status code shown as a translated state; unknown codes read as unknown."""

    def convert(status: ZappiStatus) -> str | None:
        code = value_fn(status)
        return None if code is None else table.get(code)

    return _status(key, enum_kind(tuple(table.values())), convert)


def _boost_time(status: ZappiStatus) -> str | None:
    return (
        status.smart_boost_time.strftime("%H:%M") if status.smart_boost_time else None
    )


ZAPPI_SENSORS: tuple[ZappiSensorEntityDescription, ...] = (
    _status("charge_power", POWER, lambda z: z.charge_power_w),
    # Positive while importing, negative while exporting.
    _status("grid_power", POWER, lambda z: z.grid_power_w),
    _status("generation_power", POWER, lambda z: z.generation_w),
    _status("charge_added", ENERGY_TOTAL, lambda z: z.charge_added_kwh),
    _status("voltage", VOLTAGE, lambda z: z.voltage_v, named=False),
    _status("frequency", FREQUENCY, lambda z: z.frequency_hz, named=False),
    _status("phases", PLAIN, lambda z: z.phases, shown=DIAGNOSTIC),
    _status("pwm", _PERCENT, lambda z: z.pwm_percent, shown=SERVICE),
    _status(
        "current_offered",
        replace(CURRENT, precision=1),
        lambda z: z.current_offered_a,
    ),
    _status("minimum_green_level", Kind(PERCENTAGE), lambda z: z.min_green_level),
    _status("priority", PLAIN, lambda z: z.priority, shown=DIAGNOSTIC),
    _status("manual_boost_energy", ENERGY_AMOUNT, lambda z: z.manual_boost_kwh),
    _status("smart_boost_energy", ENERGY_AMOUNT, lambda z: z.smart_boost_kwh),
    _status("smart_boost_time", PLAIN, _boost_time),
    _code("charge_mode", CHARGE_MODES, lambda z: z.mode),
    _code("status", STATUSES, lambda z: z.status),
    _code("plug_status", PLUG_STATUSES, lambda z: z.plug_status),
    _status(
        "command_state",
        enum_kind(COMMAND_STATES),
        lambda z: command_state(z.command_timer),
        shown=DIAGNOSTIC,
    ),
    _status("firmware", PLAIN, lambda z: z.firmware, shown=DIAGNOSTIC),
)


def ct_clamp_description(clamp: CtClamp) -> ZappiSensorEntityDescription:
    """A CT clamp, named by the label the owner gave it in the app."""
    index = clamp.index

    def value(status: ZappiStatus) -> int | None:
        return next((c.power_w for c in status.ct_clamps if c.index == index), None)

    return replace(
        _status(f"ct{index}_power", POWER, value),
        translation_key="ct_power",
        translation_placeholders={"name": clamp.name},
    )


def _today(
    key: str, value_fn: Callable[[DayEnergy], float]
) -> ZappiEnergyEntityDescription:
    # Resets at local midnight: Home Assistant sees a new meter cycle.
    return ZappiEnergyEntityDescription(
        key=key, translation_key=key, **ENERGY_TOTAL.fields(), value_fn=value_fn
    )


ZAPPI_ENERGY_SENSORS: tuple[ZappiEnergyEntityDescription, ...] = (
    _today("grid_import_today", lambda e: e.grid_import_kwh),
    _today("grid_export_today", lambda e: e.grid_export_kwh),
    _today("generation_today", lambda e: e.generation_kwh),
    _today("diverted_today", lambda e: e.diverted_kwh),
    _today("boosted_today", lambda e: e.boosted_kwh),
)


def _flag(
    key: str,
    is_on_fn: Callable[[ZappiStatus], bool | None],
    device_class: BinarySensorDeviceClass | None = None,
    *,
    shown: Shown = PRIMARY,
) -> ZappiBinarySensorEntityDescription:
    return ZappiBinarySensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=device_class,
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        is_on_fn=is_on_fn,
    )


def _lock_bit(key: str, bit: int) -> ZappiBinarySensorEntityDescription:
    # lck bit map from the seed: b0 locked now, b1 lock when plugged,
    # b2 lock when unplugged, b3 lock when charging, b4 charge session allowed.
    return _flag(key, lambda z: z.lock_bit(bit), shown=DIAGNOSTIC)


def _update_available(status: ZappiStatus) -> bool | None:
    flags = (status.new_app_available, status.new_bootloader_available)
    if all(flag is None for flag in flags):
        return None
    return any(flags)


ZAPPI_BINARY_SENSORS: tuple[ZappiBinarySensorEntityDescription, ...] = (
    _flag("ev_connected", lambda z: z.ev_connected, BinarySensorDeviceClass.PLUG),
    _flag("charging", lambda z: z.charging, BinarySensorDeviceClass.BATTERY_CHARGING),
    # LOCK is on when unlocked, so a plain flag reads more honestly here.
    _flag("locked", lambda z: z.lock_bit(0)),
    _lock_bit("lock_when_plugged", 1),
    _lock_bit("lock_when_unplugged", 2),
    _lock_bit("lock_when_charging", 3),
    _lock_bit("charge_session_allowed", 4),
    _flag(
        "update_available",
        _update_available,
        BinarySensorDeviceClass.UPDATE,
        shown=DIAGNOSTIC,
    ),
)
