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
    MAIN_DISABLED,
    POWER,
    VOLTAGE,
)
from .base import PHASES, SenecSensorEntityDescription, Unit, describe, per_unit
from .values import ExistsFn, always, nonzero

# Key prefixes (and translation families) of the meters' entities. The house
# meter's is "meter2", from before it was known to be the house meter: unique
# ids, entity ids and statistics hang on it, so it stays.
GRID_METER_KEY_PREFIX = "grid"
HOUSE_METER_KEY_PREFIX = "meter2"
GRID_METER_SECTION = "PM1OBJ1"
HOUSE_METER_SECTION = "PM1OBJ2"


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
            shown=MAIN_DISABLED,
        ),
        describe(
            f"{prefix}_meter_power",
            section,
            "P_TOTAL",
            POWER,
            exists_fn=exists_fn,
            shown=MAIN_DISABLED,
        ),
        *per_unit(
            phases,
            (
                describe("voltage", section, "U_AC", VOLTAGE, shown=MAIN_DISABLED),
                describe("current", section, "I_AC", CURRENT, shown=MAIN_DISABLED),
                describe("power", section, "P_AC", POWER, shown=MAIN_DISABLED),
            ),
        ),
    )


GRID_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *meter_sensors(GRID_METER_KEY_PREFIX, GRID_METER_SECTION),
    *meter_sensors(
        HOUSE_METER_KEY_PREFIX,
        HOUSE_METER_SECTION,
        exists_fn=nonzero(HOUSE_METER_SECTION, "ENABLED"),
    ),
)
