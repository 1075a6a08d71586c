"""zappi controls: charge mode, minimum green level, phase setting, boosts.

Each control says how it reads the zappi's status and which command (made
by the factories in controls.py) a user's choice becomes. The boost energy and the
smart boost ready-by time are kept in Home Assistant; the buttons use them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time

from homeassistant.components.button import ButtonEntityDescription
from homeassistant.components.event import EventEntityDescription
from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.components.select import SelectEntityDescription
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfEnergy
from homeassistant.exceptions import ServiceValidationError

from ..const import DOMAIN
from ..controls import (
    ZappiCommand,
    set_charge_mode,
    set_min_green_level,
    set_phase_setting,
    start_boost,
    start_smart_boost,
    stop_boost,
)
from ..myenergi import (
    MAX_BOOST_KWH,
    MIN_BOOST_KWH,
    READY_BY_STEP_MINUTES,
    ChargeMode,
    PhaseSetting,
    ZappiStatus,
    is_quarter_hour,
)
from ..pending import Outcome
from ..runtime import BoostSettings, MyenergiRuntime
from .zappi import CHARGE_MODES, PHASE_SETTINGS as SENSOR_PHASE_SETTINGS

# The modes a user can choose, under the option keys of the charge mode sensor.
SELECTABLE_MODES: dict[str, ChargeMode] = {
    CHARGE_MODES[mode.value]: mode for mode in ChargeMode
}
# The phase settings under the state keys of the phase setting sensor.
PHASE_SETTINGS: dict[str, PhaseSetting] = {
    key: setting for setting, key in SENSOR_PHASE_SETTINGS.items()
}

# Used until the owner sets their own (and restored across restarts after).
DEFAULT_BOOST_KWH = 10
DEFAULT_READY_BY = time(7, 0)


def _has_phase_setting(status: ZappiStatus) -> bool:
    return "phaseSetting" in status.present_fields


@dataclass(frozen=True, kw_only=True)
class ZappiSelectEntityDescription(SelectEntityDescription):
    """A zappi setting chosen from options; the option becomes a command."""

    value_fn: Callable[[ZappiStatus], str | None]
    command_fn: Callable[[str], ZappiCommand]
    exists_fn: Callable[[ZappiStatus], bool] = lambda _: True


@dataclass(frozen=True, kw_only=True)
class ZappiNumberEntityDescription(NumberEntityDescription):
    """A zappi setting as a number; the value becomes a command."""

    value_fn: Callable[[ZappiStatus], float | None]
    command_fn: Callable[[int], ZappiCommand]


@dataclass(frozen=True, kw_only=True)
class ZappiButtonEntityDescription(ButtonEntityDescription):
    """A press becomes a command, made with the boost settings kept here."""

    command_fn: Callable[[BoostSettings], ZappiCommand]


def _option(table: Mapping[str, object], value: object) -> str | None:
    """The option key of a reported value; None (unknown) for values not offered."""
    return next((key for key, known in table.items() if known == value), None)


ZAPPI_SELECTS: tuple[ZappiSelectEntityDescription, ...] = (
    ZappiSelectEntityDescription(
        key="charge_mode",
        translation_key="charge_mode",
        options=list(SELECTABLE_MODES),
        value_fn=lambda z: _option(SELECTABLE_MODES, z.charge_mode),
        command_fn=lambda option: set_charge_mode(SELECTABLE_MODES[option]),
        # Old firmware sends no zmo: a select that could never show a mode.
        exists_fn=lambda z: "zmo" in z.present_fields,
    ),
    ZappiSelectEntityDescription(
        key="phase_setting",
        translation_key="phase_setting",
        options=list(PHASE_SETTINGS),
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda z: _option(PHASE_SETTINGS, z.phase_setting),
        command_fn=lambda option: set_phase_setting(PHASE_SETTINGS[option]),
        exists_fn=_has_phase_setting,
    ),
)

ZAPPI_NUMBERS: tuple[ZappiNumberEntityDescription, ...] = (
    ZappiNumberEntityDescription(
        key="minimum_green_level",
        translation_key="minimum_green_level",
        native_min_value=0,
        native_max_value=100,
        native_step=1,
        native_unit_of_measurement=PERCENTAGE,
        # A box shows the number; a slider shows no value beside it.
        mode=NumberMode.BOX,
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda z: z.min_green_level,
        command_fn=set_min_green_level,
    ),
)

# Kept in Home Assistant (restored across restarts), used by the boost buttons.
ZAPPI_BOOST_ENERGY = NumberEntityDescription(
    key="boost_energy",
    translation_key="boost_energy",
    native_min_value=MIN_BOOST_KWH,
    native_max_value=MAX_BOOST_KWH,
    native_step=1,
    native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    device_class=NumberDeviceClass.ENERGY,
    mode=NumberMode.BOX,
    entity_category=EntityCategory.CONFIG,
)
# A list of quarter hours, not a time box: the app's grid is then the only
# choice, and the name stays readable beside the list (a 12-hour time box
# leaves the name about three characters at 1280 px).
READY_BY_OPTIONS: tuple[str, ...] = tuple(
    f"{hour:02d}:{minute:02d}"
    for hour in range(24)
    for minute in range(0, 60, READY_BY_STEP_MINUTES)
)
ZAPPI_READY_BY = SelectEntityDescription(
    key="smart_boost_ready_by",
    translation_key="smart_boost_ready_by",
    options=list(READY_BY_OPTIONS),
    entity_category=EntityCategory.CONFIG,
)

# The outcome of each command as an event (event.py; outcomes from pending.py).
ZAPPI_LAST_COMMAND = EventEntityDescription(
    key="last_command",
    translation_key="last_command",
    event_types=[outcome.value for outcome in Outcome],
)

ZAPPI_BUTTONS: tuple[ZappiButtonEntityDescription, ...] = (
    ZappiButtonEntityDescription(
        key="boost",
        translation_key="boost",
        command_fn=lambda settings: start_boost(settings.kwh),
    ),
    ZappiButtonEntityDescription(
        key="smart_boost",
        translation_key="smart_boost",
        command_fn=lambda settings: start_smart_boost(settings.kwh, settings.ready_by),
    ),
    ZappiButtonEntityDescription(
        key="stop_boost",
        translation_key="stop_boost",
        command_fn=lambda _: stop_boost(),
    ),
)


def initial_boost_settings(status: ZappiStatus | None) -> BoostSettings:
    """What the zappi last boosted with, where it says so; else the defaults."""
    kwh = DEFAULT_BOOST_KWH
    ready_by = DEFAULT_READY_BY
    if status is not None:
        last = status.manual_boost_kwh
        if last is not None and MIN_BOOST_KWH <= last <= MAX_BOOST_KWH:
            kwh = int(last)
        if status.smart_boost_time is not None:
            ready_by = quarter_hour(status.smart_boost_time)
    return BoostSettings(kwh, ready_by)


def boost_settings(runtime: MyenergiRuntime, serial: str) -> BoostSettings:
    """The zappi's boost settings, shared by the buttons, number and select."""
    return runtime.boost.setdefault(
        serial, initial_boost_settings(runtime.status.data.get(serial))
    )


def quarter_hour(value: time) -> time:
    """The quarter hour at or before a time: the only ready-by times sent.

    Earlier, not later: the car is then ready in time.
    """
    minute = value.minute - value.minute % READY_BY_STEP_MINUTES
    return time(value.hour, minute)


def ready_by_option(value: time) -> str:
    """The option of a ready-by time (HH:MM, the zappi's clock)."""
    return f"{value:%H:%M}"


def ready_by_time(option: str) -> time:
    """The ready-by time of an option (one of READY_BY_OPTIONS)."""
    return time.fromisoformat(option)


def check_quarter_hour(value: time) -> None:
    """A ready-by time off the app's grid is the owner's to fix: a translated error."""
    if not is_quarter_hour(value):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="zappi_ready_by_quarter_hour",
            translation_placeholders={"time": f"{value:%H:%M}"},
        )
