"""Grid meter sensors: PM1OBJ1 (the grid meter) and PM1OBJ2 (a second meter).

Per-phase values are arrays (L1, L2, L3); each phase is its own entity. The
second meter's entities exist only while PM1OBJ2.ENABLED says it is in use.
"""

from __future__ import annotations

from .senec_sensors_base import (
    CURRENT,
    FREQUENCY,
    PHASES,
    POWER,
    VOLTAGE,
    Kind,
    SenecSensorEntityDescription,
    describe,
)
from .senec_values import ExistsFn, always, enabled

_PHASE_VALUES: tuple[tuple[str, str, Kind], ...] = (
    ("voltage", "U_AC", VOLTAGE),
    ("current", "I_AC", CURRENT),
    ("power", "P_AC", POWER),
)


def meter_sensors(
    prefix: str,
    section: str,
    *,
    exists_fn: ExistsFn = always,
    details_enabled: bool = True,
) -> tuple[SenecSensorEntityDescription, ...]:
    """Frequency, total power and per-phase voltage, current and power of a meter.

    details_enabled=False leaves frequency, voltages and currents disabled
    by default (powers stay enabled).
    """
    totals = (
        describe(
            f"{prefix}_frequency",
            section,
            "FREQ",
            FREQUENCY,
            exists_fn=exists_fn,
            enabled=details_enabled,
        ),
        describe(
            f"{prefix}_meter_power", section, "P_TOTAL", POWER, exists_fn=exists_fn
        ),
    )
    phases = tuple(
        describe(
            f"{prefix}_{phase.lower()}_{quantity}",
            section,
            field,
            kind,
            index=index,
            translation_key=f"{prefix}_phase_{quantity}",
            placeholders={"phase": phase},
            exists_fn=exists_fn,
            enabled=details_enabled or quantity == "power",
        )
        for quantity, field, kind in _PHASE_VALUES
        for index, phase in enumerate(PHASES)
    )
    return totals + phases


GRID_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *meter_sensors("grid", "PM1OBJ1"),
    *meter_sensors(
        "meter2",
        "PM1OBJ2",
        exists_fn=enabled("PM1OBJ2", "ENABLED"),
        details_enabled=False,
    ),
)
