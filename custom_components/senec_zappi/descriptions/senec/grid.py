"""Grid meter sensors: PM1OBJ1 (the grid meter) and PM1OBJ2 (a second meter).

Per-phase values are arrays (L1, L2, L3); each phase is its own entity. The
second meter's entities exist only while PM1OBJ2.ENABLED says it is in use.
"""

from __future__ import annotations

from ..kinds import (
    CURRENT,
    FREQUENCY,
    OPTIONAL,
    POWER,
    PRIMARY,
    VOLTAGE,
    Shown,
)
from .base import PHASES, SenecSensorEntityDescription, Unit, describe, per_unit
from .values import ExistsFn, always, enabled


def meter_sensors(
    prefix: str,
    section: str,
    *,
    exists_fn: ExistsFn = always,
    details: Shown = PRIMARY,
) -> tuple[SenecSensorEntityDescription, ...]:
    """Frequency, total power and per-phase voltage, current and power of a meter.

    details=OPTIONAL leaves frequency, voltages and currents disabled
    by default (powers stay enabled).
    """
    phases = tuple(
        Unit(
            f"{prefix}_{phase.lower()}",
            f"{prefix}_phase",
            index,
            {"phase": phase},
            exists_fn,
        )
        for index, phase in enumerate(PHASES)
    )
    return (
        describe(
            f"{prefix}_frequency",
            section,
            "FREQ",
            FREQUENCY,
            exists_fn=exists_fn,
            shown=details,
        ),
        describe(
            f"{prefix}_meter_power", section, "P_TOTAL", POWER, exists_fn=exists_fn
        ),
        *per_unit(
            phases,
            (
                describe("voltage", section, "U_AC", VOLTAGE, shown=details),
                describe("current", section, "I_AC", CURRENT, shown=details),
                describe("power", section, "P_AC", POWER),
            ),
        ),
    )


GRID_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *meter_sensors("grid", "PM1OBJ1"),
    *meter_sensors(
        "meter2",
        "PM1OBJ2",
        exists_fn=enabled("PM1OBJ2", "ENABLED"),
        details=OPTIONAL,
    ),
)
