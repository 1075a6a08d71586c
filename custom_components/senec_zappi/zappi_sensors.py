"""zappi sensor descriptions: status values and today's energy."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
)
from homeassistant.helpers.typing import StateType

from .myenergi import CtClamp, DayEnergy, ZappiStatus

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


def _power(
    key: str, value_fn: Callable[[ZappiStatus], int | None]
) -> ZappiSensorEntityDescription:
    return ZappiSensorEntityDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=UnitOfPower.WATT,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=value_fn,
    )


def _enum(
    key: str,
    table: Mapping[Any, str],
    value_fn: Callable[[ZappiStatus], int | str | None],
) -> ZappiSensorEntityDescription:
    def convert(status: ZappiStatus) -> str | None:
        code = value_fn(status)
        return None if code is None else table.get(code)

    return ZappiSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENUM,
        options=list(table.values()),
        value_fn=convert,
    )


ZAPPI_SENSORS: tuple[ZappiSensorEntityDescription, ...] = (
    _power("charge_power", lambda z: z.charge_power_w),
    # Positive while importing, negative while exporting.
    _power("grid_power", lambda z: z.grid_power_w),
    _power("generation_power", lambda z: z.generation_w),
    ZappiSensorEntityDescription(
        key="charge_added",
        translation_key="charge_added",
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=2,
        value_fn=lambda z: z.charge_added_kwh,
    ),
    ZappiSensorEntityDescription(
        key="voltage",
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda z: z.voltage_v,
    ),
    ZappiSensorEntityDescription(
        key="frequency",
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda z: z.frequency_hz,
    ),
    ZappiSensorEntityDescription(
        key="phases",
        translation_key="phases",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda z: z.phases,
    ),
    ZappiSensorEntityDescription(
        key="pwm",
        translation_key="pwm",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda z: z.pwm_percent,
    ),
    ZappiSensorEntityDescription(
        key="current_offered",
        translation_key="current_offered",
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda z: z.current_offered_a,
    ),
    ZappiSensorEntityDescription(
        key="minimum_green_level",
        translation_key="minimum_green_level",
        native_unit_of_measurement=PERCENTAGE,
        value_fn=lambda z: z.min_green_level,
    ),
    ZappiSensorEntityDescription(
        key="priority",
        translation_key="priority",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda z: z.priority,
    ),
    ZappiSensorEntityDescription(
        key="manual_boost_energy",
        translation_key="manual_boost_energy",
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        device_class=SensorDeviceClass.ENERGY,
        suggested_display_precision=0,
        value_fn=lambda z: z.manual_boost_kwh,
    ),
    ZappiSensorEntityDescription(
        key="smart_boost_energy",
        translation_key="smart_boost_energy",
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        device_class=SensorDeviceClass.ENERGY,
        suggested_display_precision=0,
        value_fn=lambda z: z.smart_boost_kwh,
    ),
    ZappiSensorEntityDescription(
        key="smart_boost_time",
        translation_key="smart_boost_time",
        value_fn=lambda z: (
            z.smart_boost_time.strftime("%H:%M") if z.smart_boost_time else None
        ),
    ),
    _enum("charge_mode", CHARGE_MODES, lambda z: z.mode),
    _enum("status", STATUSES, lambda z: z.status),
    _enum("plug_status", PLUG_STATUSES, lambda z: z.plug_status),
    ZappiSensorEntityDescription(
        key="command_state",
        translation_key="command_state",
        device_class=SensorDeviceClass.ENUM,
        options=["pending", "succeeded", "failed", "idle"],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda z: command_state(z.command_timer),
    ),
    ZappiSensorEntityDescription(
        key="firmware",
        translation_key="firmware",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda z: z.firmware,
    ),
)


def ct_clamp_description(clamp: CtClamp) -> ZappiSensorEntityDescription:
    """A CT clamp, named by the label the owner gave it in the app."""
    index = clamp.index

    def value(status: ZappiStatus) -> int | None:
        return next((c.power_w for c in status.ct_clamps if c.index == index), None)

    return ZappiSensorEntityDescription(
        key=f"ct{index}_power",
        translation_key="ct_power",
        translation_placeholders={"name": clamp.name},
        native_unit_of_measurement=UnitOfPower.WATT,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=value,
    )


def _today(
    key: str, value_fn: Callable[[DayEnergy], float]
) -> ZappiEnergyEntityDescription:
    return ZappiEnergyEntityDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        device_class=SensorDeviceClass.ENERGY,
        # Resets at local midnight: Home Assistant sees a new meter cycle.
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=2,
        value_fn=value_fn,
    )


ZAPPI_ENERGY_SENSORS: tuple[ZappiEnergyEntityDescription, ...] = (
    _today("grid_import_today", lambda e: e.grid_import_kwh),
    _today("grid_export_today", lambda e: e.grid_export_kwh),
    _today("generation_today", lambda e: e.generation_kwh),
    _today("diverted_today", lambda e: e.diverted_kwh),
    _today("boosted_today", lambda e: e.boosted_kwh),
)
