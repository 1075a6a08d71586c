"""Technical values for service work: BAT1OBJ1, CASC, FAN_SPEED, SELFTEST_RESULTS, PWR_UNIT.

All diagnostic and disabled by default: useful when something is wrong,
noise otherwise.
"""

from __future__ import annotations

from ..kinds import (
    CURRENT,
    DIAGNOSTIC_DISABLED,
    GAUGE,
    POWER,
    TEMPERATURE,
    VOLTAGE,
)
from .base import SenecSensorEntityDescription, describe, describe_enum, describe_text
from .enums import PWR_UNIT_TYPE

BAT1OBJ1 = "BAT1OBJ1"
SELFTEST_RESULTS = "SELFTEST_RESULTS"
PWR_UNIT = "PWR_UNIT"

TECHNICAL_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    describe(
        "battery_inverter_voltage",
        BAT1OBJ1,
        "U_DC",
        VOLTAGE,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "battery_inverter_current",
        BAT1OBJ1,
        "I_DC",
        CURRENT,
        shown=DIAGNOSTIC_DISABLED,
    ),
    *(
        describe(
            f"battery_inverter_temperature_{sensor}",
            BAT1OBJ1,
            f"TEMP{sensor}",
            TEMPERATURE,
            translation_key="battery_inverter_temperature",
            placeholders={"sensor": str(sensor)},
            shown=DIAGNOSTIC_DISABLED,
        )
        for sensor in (1, 2)
    ),
    # Cascades of several units: the sum over all units, and the master's PV.
    describe(
        "cascade_battery_power",
        "CASC",
        "BATPOWERSUM",
        POWER,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe("cascade_pv_power", "CASC", "PVMASTER", POWER, shown=DIAGNOSTIC_DISABLED),
    # Speeds in the unit's own scale (not documented as rpm).
    describe("fan_speed_lv", "FAN_SPEED", "INV_LV", GAUGE, shown=DIAGNOSTIC_DISABLED),
    describe("fan_speed_hv", "FAN_SPEED", "INV_HV", GAUGE, shown=DIAGNOSTIC_DISABLED),
    *(
        describe_text(key, SELFTEST_RESULTS, field, shown=DIAGNOSTIC_DISABLED)
        for key, field in (
            ("selftest_dc_coil", "DC_COIL"),
            ("selftest_battery_modules", "INIT_BATTERY_MODULES"),
            ("selftest_insulation", "INSULATION"),
            ("selftest_interrupt", "INTERRUPT"),
            ("selftest_ipu", "IPU"),
        )
    ),
    # Power units (SENEC.Heat, SHKW); only the first slot is exposed.
    describe_enum(
        "power_unit_type",
        PWR_UNIT,
        "TYPE",
        PWR_UNIT_TYPE,
        index=0,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "power_unit_power",
        PWR_UNIT,
        "POWER",
        POWER,
        index=0,
        shown=DIAGNOSTIC_DISABLED,
    ),
)
