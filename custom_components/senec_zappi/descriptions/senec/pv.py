"""PV sensors: PV1 (MPP trackers, totals, inverter) and STECA (the inverter stage).

PV1's arrays are longer than the trackers that exist: PV1.MPP_AVAIL says how
many are real, so only those get entities.
"""

from __future__ import annotations

from ..kinds import (
    CURRENT,
    DIAGNOSTIC,
    DIAGNOSTIC_DISABLED,
    MAIN_DISABLED,
    PERCENT,
    PLAIN,
    POWER,
    VOLTAGE,
)
from .base import (
    PHASES,
    SenecSensorEntityDescription,
    describe,
    describe_enum,
    describe_text,
    numbered,
    per_unit,
)
from .enums import STECA_STARTUP
from .values import counted, magnitude

PV1 = "PV1"
STECA = "STECA"
MAX_MPP = 3

MPP_TRACKERS = numbered("mpp", MAX_MPP, lambda index: counted(index, PV1, "MPP_AVAIL"))

PV_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *per_unit(
        MPP_TRACKERS,
        (
            describe("voltage", PV1, "MPP_VOL", VOLTAGE, shown=MAIN_DISABLED),
            describe("current", PV1, "MPP_CUR", CURRENT, shown=MAIN_DISABLED),
            describe("power", PV1, "MPP_POWER", POWER),
        ),
    ),
    # The inverter's own total; ENERGY.GUI_INVERTER_POWER (pv_power) is the
    # value the unit's web page shows. Some firmware sends P_TOTAL negative
    # (-843 W while GUI_INVERTER_POWER says +843 W): generation is positive.
    describe(
        "inverter_pv_power",
        PV1,
        "P_TOTAL",
        POWER,
        value_fn=magnitude,
        shown=MAIN_DISABLED,
    ),
    # u3 on older models, fl on V3: number() reads both.
    describe("power_ratio", PV1, "POWER_RATIO", PERCENT, shown=DIAGNOSTIC_DISABLED),
    *(
        describe(
            f"power_ratio_{phase.lower()}",
            PV1,
            f"POWER_RATIO_{phase}",
            PERCENT,
            translation_key="phase_power_ratio",
            placeholders={"phase": phase},
            shown=DIAGNOSTIC_DISABLED,
        )
        for phase in PHASES
    ),
    # PV1.STATE_INT holds the STECA state machine code per inverter; the
    # first is the unit's own inverter.
    describe_enum(
        "inverter_state",
        PV1,
        "STATE_INT",
        STECA_STARTUP,
        index=0,
        shown=DIAGNOSTIC,
    ),
    describe_text(
        "inverter_model", PV1, "INTERNAL_MD_MODEL", index=0, shown=DIAGNOSTIC_DISABLED
    ),
    describe_text(
        "inverter_versions",
        PV1,
        "INTERNAL_MD_VERSION",
        index=0,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe("mpp_count", PV1, "MPP_AVAIL", PLAIN, shown=DIAGNOSTIC_DISABLED),
    describe_enum(
        "inverter_startup_state",
        STECA,
        "STARTUP",
        STECA_STARTUP,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe("inverter_error", STECA, "ERROR", PLAIN, shown=DIAGNOSTIC_DISABLED),
    # A healthy unit sends an empty text: that is "No error", not unknown.
    describe_text("inverter_error_text", STECA, "ERRORTEXT", empty="no_error"),
    describe("pv_inputs", STECA, "PV_INPUTS", PLAIN, shown=DIAGNOSTIC_DISABLED),
)
