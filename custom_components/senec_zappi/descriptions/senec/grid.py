"""Meter sensors: PM1OBJ1 (the grid meter) and PM1OBJ2 (the house meter).

PM1OBJ2 is the meter at the bus address the setup wizard gives the house
meter (WIZARD.SETUP_PM_HOUSE_ADR 2 = PM1OBJ2.ADR 2; its total matches
ENERGY.GUI_HOUSE_POW), hence "House meter". Per-phase values are arrays
(L1, L2, L3); each phase is its own entity. The house meter's entities
exist only while PM1OBJ2.ENABLED says it is in use.

All disabled by default: ENERGY.GUI_GRID_POW (grid power) and GUI_HOUSE_POW
(house power) already show each meter's total on the device page; the
meters' own totals, phases and frequency are detail.
"""

from __future__ import annotations

from ..kinds import (
    CURRENT,
    FREQUENCY,
    OPTIONAL,
    POWER,
    VOLTAGE,
)
from .base import PHASES, SenecSensorEntityDescription, Unit, describe, per_unit
from .values import ExistsFn, always, enabled


def meter_sensors(
    prefix: str,
    section: str,
    *,
    exists_fn: ExistsFn = always,
) -> tuple[SenecSensorEntityDescription, ...]:
    """Frequency, total power and per-phase voltage, current and power of a meter."""
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
            shown=OPTIONAL,
        ),
        describe(
            f"{prefix}_meter_power",
            section,
            "P_TOTAL",
            POWER,
            exists_fn=exists_fn,
            shown=OPTIONAL,
        ),
        *per_unit(
            phases,
            (
                describe("voltage", section, "U_AC", VOLTAGE, shown=OPTIONAL),
                describe("current", section, "I_AC", CURRENT, shown=OPTIONAL),
                describe("power", section, "P_AC", POWER, shown=OPTIONAL),
            ),
        ),
    )


GRID_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *meter_sensors("grid", "PM1OBJ1"),
    *meter_sensors(
        "meter2",
        "PM1OBJ2",
        exists_fn=enabled("PM1OBJ2", "ENABLED"),
    ),
)
