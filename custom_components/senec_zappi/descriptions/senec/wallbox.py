"""WALLBOX and SOCKETS, for the wallboxes and sockets that exist.

WIZARD.SETUP_NUMBER_WALLBOXES counts the wallboxes (arrays hold four), and
SOCKETS.NUMBER_OF_SOCKETS the switchable sockets.
"""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorDeviceClass

from ..kinds import (
    CURRENT,
    CURRENT_SETTING,
    DIAGNOSTIC_DISABLED,
    MAIN_DISABLED,
    PLAIN,
    POWER,
    POWER_SETTING,
)
from .base import (
    PHASES,
    SenecBinarySensorEntityDescription,
    SenecSensorEntityDescription,
    Unit,
    describe,
    describe_enum,
    describe_flag,
    numbered,
    per_unit,
)
from .enums import WALLBOX_STATE
from .values import counted

WALLBOX = "WALLBOX"
SOCKETS = "SOCKETS"
MAX_WALLBOXES = 4
MAX_SOCKETS = 2

WALLBOXES = numbered(
    "wallbox",
    MAX_WALLBOXES,
    lambda index: counted(index, "WIZARD", "SETUP_NUMBER_WALLBOXES"),
)
WALLBOX_PHASES = tuple(
    Unit(
        f"{wallbox.key}_{phase.lower()}",
        "wallbox_phase",
        wallbox.index,
        {**wallbox.placeholders, "phase": phase},
        wallbox.exists_fn,
    )
    for wallbox in WALLBOXES
    for phase in PHASES
)
SOCKET_UNITS = numbered(
    "socket", MAX_SOCKETS, lambda index: counted(index, SOCKETS, "NUMBER_OF_SOCKETS")
)
# Settings shared by all wallboxes exist once the first one does.
ANY_WALLBOX = WALLBOXES[0].exists_fn

WALLBOX_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *per_unit(
        WALLBOXES,
        (
            describe_enum("state", WALLBOX, "STATE", WALLBOX_STATE),
            # The unit calls it apparent power but reports it in W.
            describe("power", WALLBOX, "APPARENT_CHARGING_POWER", POWER),
            *(
                describe(suffix, WALLBOX, field, kind, shown=DIAGNOSTIC_DISABLED)
                for suffix, field, kind in (
                    ("phases_used", "PHASES_USED", PLAIN),
                    ("min_current", "MIN_CHARGING_CURRENT", CURRENT_SETTING),
                    ("max_current", "SET_ICMAX", CURRENT_SETTING),
                    ("rated_current", "MAX_CHARGING_CURRENT_RATED", CURRENT_SETTING),
                    ("error", "ADDITIONAL_ERROR", PLAIN),
                )
            ),
        ),
    ),
    *per_unit(
        WALLBOX_PHASES,
        (
            describe(
                "current",
                WALLBOX,
                "{phase}_CHARGING_CURRENT",
                CURRENT,
                shown=MAIN_DISABLED,
            ),
        ),
    ),
    *(
        describe(
            key,
            WALLBOX,
            field,
            CURRENT_SETTING,
            exists_fn=ANY_WALLBOX,
            shown=DIAGNOSTIC_DISABLED,
        )
        for key, field in (
            ("wallbox_max_phase_current", "MAX_PHASE_CURRENT_BY_GRID"),
            ("wallbox_max_total_current", "MAX_TOTAL_CURRENT_BY_GRID"),
        )
    ),
    describe("sockets", SOCKETS, "NUMBER_OF_SOCKETS", PLAIN, shown=DIAGNOSTIC_DISABLED),
    # The power thresholds a socket switches at.
    *per_unit(
        SOCKET_UNITS,
        (
            describe(
                suffix,
                SOCKETS,
                field,
                POWER_SETTING,
                shown=DIAGNOSTIC_DISABLED,
            )
            for suffix, field in (
                ("lower_limit", "LOWER_LIMIT"),
                ("upper_limit", "UPPER_LIMIT"),
            )
        ),
    ),
)

WALLBOX_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    # Plug, smart charging, lock-out and load imbalance of each wallbox.
    *per_unit(
        WALLBOXES,
        (
            describe_flag(
                "ev_connected",
                WALLBOX,
                "EV_CONNECTED",
                device_class=BinarySensorDeviceClass.PLUG,
            ),
            describe_flag("smart_charging", WALLBOX, "SMART_CHARGE_ACTIVE"),
            describe_flag(
                "prohibited",
                WALLBOX,
                "PROHIBIT_USAGE",
                shown=DIAGNOSTIC_DISABLED,
            ),
            describe_flag(
                "load_imbalance",
                WALLBOX,
                "LOAD_IMBALANCE_DETECTED",
                device_class=BinarySensorDeviceClass.PROBLEM,
                shown=DIAGNOSTIC_DISABLED,
            ),
        ),
    ),
    describe_flag(
        "wallbox_intercharge",
        WALLBOX,
        "ALLOW_INTERCHARGE",
        exists_fn=ANY_WALLBOX,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # Whether a socket is switched on, enabled for automation, or forced on.
    *per_unit(
        SOCKET_UNITS,
        (
            describe_flag(
                suffix,
                SOCKETS,
                field,
                device_class=device_class,
                shown=DIAGNOSTIC_DISABLED,
            )
            for suffix, field, device_class in (
                ("power_on", "POWER_ON", BinarySensorDeviceClass.POWER),
                ("enabled", "ENABLE", None),
                ("forced_on", "FORCE_ON", None),
            )
        ),
    ),
)
