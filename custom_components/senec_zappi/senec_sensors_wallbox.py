"""WALLBOX and SOCKETS sensors, for the wallboxes and sockets that exist.

WIZARD.SETUP_NUMBER_WALLBOXES counts the wallboxes (arrays hold four), and
SOCKETS.NUMBER_OF_SOCKETS the switchable sockets.
"""

from __future__ import annotations

from .senec_enums import WALLBOX_STATE
from .senec_sensors_base import (
    CURRENT,
    CURRENT_SETTING,
    PHASES,
    PLAIN,
    POWER,
    POWER_SETTING,
    Kind,
    SenecSensorEntityDescription,
    describe,
    describe_enum,
)
from .senec_values import ExistsFn, present

WALLBOX = "WALLBOX"
SOCKETS = "SOCKETS"
MAX_WALLBOXES = 4
MAX_SOCKETS = 2

# (key suffix, field, kind, enabled by default, diagnostic)
_WALLBOX_VALUES: tuple[tuple[str, str, Kind, bool, bool], ...] = (
    # The unit calls it apparent power but reports it in W.
    ("power", "APPARENT_CHARGING_POWER", POWER, True, False),
    ("phases_used", "PHASES_USED", PLAIN, False, True),
    ("min_current", "MIN_CHARGING_CURRENT", CURRENT_SETTING, False, True),
    ("max_current", "SET_ICMAX", CURRENT_SETTING, False, True),
    ("rated_current", "MAX_CHARGING_CURRENT_RATED", CURRENT_SETTING, False, True),
    ("error", "ADDITIONAL_ERROR", PLAIN, False, True),
)


def wallbox_exists(index: int) -> ExistsFn:
    """Wallbox number index+1 is configured."""
    return present(index, "WIZARD", "SETUP_NUMBER_WALLBOXES")


def socket_exists(index: int) -> ExistsFn:
    """Socket number index+1 is installed."""
    return present(index, SOCKETS, "NUMBER_OF_SOCKETS")


def wallbox_sensors(index: int) -> tuple[SenecSensorEntityDescription, ...]:
    """State, charging power, per-phase currents and limits of one wallbox."""
    number = str(index + 1)
    exists_fn = wallbox_exists(index)
    placeholders = {"wallbox": number}
    values = tuple(
        describe(
            f"wallbox{number}_{suffix}",
            WALLBOX,
            field,
            kind,
            index=index,
            translation_key=f"wallbox_{suffix}",
            placeholders=placeholders,
            exists_fn=exists_fn,
            diagnostic=diagnostic,
            enabled=enabled,
        )
        for suffix, field, kind, enabled, diagnostic in _WALLBOX_VALUES
    )
    currents = tuple(
        describe(
            f"wallbox{number}_{phase.lower()}_current",
            WALLBOX,
            f"{phase}_CHARGING_CURRENT",
            CURRENT,
            index=index,
            translation_key="wallbox_phase_current",
            placeholders={"wallbox": number, "phase": phase},
            exists_fn=exists_fn,
        )
        for phase in PHASES
    )
    state = describe_enum(
        f"wallbox{number}_state",
        WALLBOX,
        "STATE",
        WALLBOX_STATE,
        index=index,
        translation_key="wallbox_state",
        placeholders=placeholders,
        exists_fn=exists_fn,
    )
    return (state, *values, *currents)


def socket_sensors(index: int) -> tuple[SenecSensorEntityDescription, ...]:
    """The power thresholds a socket switches at."""
    number = str(index + 1)
    return tuple(
        describe(
            f"socket{number}_{suffix}",
            SOCKETS,
            field,
            POWER_SETTING,
            index=index,
            translation_key=f"socket_{suffix}",
            placeholders={"socket": number},
            exists_fn=socket_exists(index),
            diagnostic=True,
            enabled=False,
        )
        for suffix, field in (
            ("lower_limit", "LOWER_LIMIT"),
            ("upper_limit", "UPPER_LIMIT"),
        )
    )


WALLBOX_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *(d for index in range(MAX_WALLBOXES) for d in wallbox_sensors(index)),
    *(
        describe(
            key,
            WALLBOX,
            field,
            CURRENT_SETTING,
            exists_fn=wallbox_exists(0),
            diagnostic=True,
            enabled=False,
        )
        for key, field in (
            ("wallbox_max_phase_current", "MAX_PHASE_CURRENT_BY_GRID"),
            ("wallbox_max_total_current", "MAX_TOTAL_CURRENT_BY_GRID"),
        )
    ),
    describe(
        "sockets", SOCKETS, "NUMBER_OF_SOCKETS", PLAIN, diagnostic=True, enabled=False
    ),
    *(d for index in range(MAX_SOCKETS) for d in socket_sensors(index)),
)
