"""PV sensors: PV1 (MPP trackers, totals, inverter) and STECA (the inverter stage).

PV1's arrays are longer than the trackers that exist: PV1.MPP_AVAIL says how
many are real, so only those get entities.
"""

from __future__ import annotations

from .senec_enums import STECA_STARTUP
from .senec_sensors_base import (
    CURRENT,
    PERCENT,
    PHASES,
    PLAIN,
    POWER,
    VOLTAGE,
    Kind,
    SenecSensorEntityDescription,
    describe,
    describe_enum,
    describe_text,
)
from .senec_values import present

PV1 = "PV1"
STECA = "STECA"
MAX_MPP = 3

_MPP_VALUES: tuple[tuple[str, str, Kind], ...] = (
    ("voltage", "MPP_VOL", VOLTAGE),
    ("current", "MPP_CUR", CURRENT),
    ("power", "MPP_POWER", POWER),
)


def mpp_sensors(mpp: int) -> tuple[SenecSensorEntityDescription, ...]:
    """Voltage, current and power of MPP tracker number mpp (from 1)."""
    return tuple(
        describe(
            f"mpp{mpp}_{quantity}",
            PV1,
            field,
            kind,
            index=mpp - 1,
            translation_key=f"mpp_{quantity}",
            placeholders={"mpp": str(mpp)},
            exists_fn=present(mpp - 1, PV1, "MPP_AVAIL"),
        )
        for quantity, field, kind in _MPP_VALUES
    )


PV_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *(description for mpp in range(1, MAX_MPP + 1) for description in mpp_sensors(mpp)),
    # The inverter's own total; ENERGY.GUI_INVERTER_POWER (pv_power) is the
    # value the unit's web page shows.
    describe("inverter_pv_power", PV1, "P_TOTAL", POWER, enabled=False),
    # u3 on older models, fl on V3: number() reads both.
    describe("power_ratio", PV1, "POWER_RATIO", PERCENT, diagnostic=True),
    *(
        describe(
            f"power_ratio_{phase.lower()}",
            PV1,
            f"POWER_RATIO_{phase}",
            PERCENT,
            translation_key="phase_power_ratio",
            placeholders={"phase": phase},
            diagnostic=True,
            enabled=False,
        )
        for phase in PHASES
    ),
    # PV1.STATE_INT holds the STECA state machine code per inverter; the
    # first is the unit's own inverter.
    describe_enum("inverter_state", PV1, "STATE_INT", STECA_STARTUP, index=0),
    describe_text("inverter_model", PV1, "INTERNAL_MD_MODEL", index=0, enabled=False),
    describe_text("inverter_versions", PV1, "INTERNAL_MD_VERSION", index=0),
    describe("mpp_count", PV1, "MPP_AVAIL", PLAIN, diagnostic=True, enabled=False),
    describe_enum(
        "inverter_startup_state",
        STECA,
        "STARTUP",
        STECA_STARTUP,
        diagnostic=True,
        enabled=False,
    ),
    describe("inverter_error", STECA, "ERROR", PLAIN, diagnostic=True),
    describe_text("inverter_error_text", STECA, "ERRORTEXT"),
    describe("pv_inputs", STECA, "PV_INPUTS", PLAIN, diagnostic=True, enabled=False),
)
