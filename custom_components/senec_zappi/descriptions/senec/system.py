"""ENERGY and TEMPMEASURE: the power flows, charge, state and temperatures."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorDeviceClass

from ..kinds import (
    BATTERY,
    CURRENT,
    DIAGNOSTIC,
    DIAGNOSTIC_DISABLED,
    HOURS,
    MAIN_DISABLED,
    MILLIVOLT,
    PERCENT_SETTING,
    PLAIN,
    POWER,
    POWER_SETTING,
    TEMPERATURE,
    TIMESTAMP,
    VOLTAGE,
)
from .base import (
    SenecBinarySensorEntityDescription,
    SenecSensorEntityDescription,
    describe,
    describe_enum,
    describe_flag,
)
from .enums import STAT_STATE
from .values import above, answered, below, scaled, timestamp

ENERGY = "ENERGY"
TEMPMEASURE = "TEMPMEASURE"
# Below this many watts a flow is noise, not charging or exporting.
FLOW_THRESHOLD_W = 10.0

SYSTEM_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    # Positive while charging, negative while discharging (the device's sign).
    describe("battery_power", ENERGY, "GUI_BAT_DATA_POWER", POWER),
    # The same flow with the Energy dashboard's sign: positive while
    # discharging, negative while charging (its battery power picker).
    describe(
        "battery_discharge_power",
        ENERGY,
        "GUI_BAT_DATA_POWER",
        POWER,
        value_fn=scaled(-1),
    ),
    # Positive while importing from the grid, negative while exporting.
    describe("grid_power", ENERGY, "GUI_GRID_POW", POWER),
    describe("house_power", ENERGY, "GUI_HOUSE_POW", POWER),
    describe("pv_power", ENERGY, "GUI_INVERTER_POWER", POWER),
    describe("battery_state_of_charge", ENERGY, "GUI_BAT_DATA_FUEL_CHARGE", BATTERY),
    describe(
        "battery_voltage", ENERGY, "GUI_BAT_DATA_VOLTAGE", VOLTAGE, shown=MAIN_DISABLED
    ),
    describe(
        "battery_current", ENERGY, "GUI_BAT_DATA_CURRENT", CURRENT, shown=MAIN_DISABLED
    ),
    describe_enum("system_state", ENERGY, "STAT_STATE", STAT_STATE),
    describe(
        "battery_min_cell_voltage",
        ENERGY,
        "GUI_BAT_DATA_MIN_CELL_VOLTAGE",
        MILLIVOLT,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "battery_max_cell_voltage",
        ENERGY,
        "GUI_BAT_DATA_MAX_CELL_VOLTAGE",
        MILLIVOLT,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "hours_of_operation", ENERGY, "STAT_HOURS_OF_OPERATION", HOURS, shown=DIAGNOSTIC
    ),
    # Codes of the capacity and test charges; their meanings are undocumented,
    # so no state class: a code is not a measurement worth long-term statistics.
    describe(
        "capacity_test_state",
        ENERGY,
        "GUI_CAP_TEST_STATE",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "test_charge_state",
        ENERGY,
        "GUI_TEST_CHARGE_STAT",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "test_discharge_state",
        ENERGY,
        "GUI_TEST_DISCHARGE_STAT",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "offpeak_power",
        ENERGY,
        "OFFPEAK_POWER",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "offpeak_target",
        ENERGY,
        "OFFPEAK_TARGET",
        PERCENT_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # The unit of OFFPEAK_DURATION is not documented: shown as the raw number,
    # without statistics (a mean of a number of unknown unit says nothing).
    describe(
        "offpeak_duration",
        ENERGY,
        "OFFPEAK_DURATION",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "vpp_target_power",
        ENERGY,
        "VPP_TARGET_POWER",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "vpp_export_limit",
        ENERGY,
        "VPP_EXPORT_LIMIT",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "vpp_last_change",
        ENERGY,
        "VPP_LAST_CHANGE_UTC",
        TIMESTAMP,
        value_fn=timestamp,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe("battery_temperature", TEMPMEASURE, "BATTERY_TEMP", TEMPERATURE),
    describe("case_temperature", TEMPMEASURE, "CASE_TEMP", TEMPERATURE),
    # The controller's own temperature: garbage (-156 degC) on firmware 0833,
    # which the kind's valid range turns into unknown.
    describe(
        "mcu_temperature",
        TEMPMEASURE,
        "MCU_TEMP",
        TEMPERATURE,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # A setting in W the unit adds to the measured grid power.
    describe(
        "grid_power_offset",
        ENERGY,
        "GRID_POWER_OFFSET",
        POWER_SETTING,
        exists_fn=answered(ENERGY, "GRID_POWER_OFFSET"),
        exists_reads=((ENERGY, "GRID_POWER_OFFSET"),),
        shown=DIAGNOSTIC_DISABLED,
    ),
)

# On/off states derived from the power flows. No device class: "power"
# would make the logbook say "detected power"; the translations name the
# states ("Importing" / "Not importing").
FLOW_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    describe_flag(
        "battery_charging",
        ENERGY,
        "GUI_BAT_DATA_POWER",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        is_on_fn=above(FLOW_THRESHOLD_W),
    ),
    describe_flag(
        "battery_discharging",
        ENERGY,
        "GUI_BAT_DATA_POWER",
        is_on_fn=below(-FLOW_THRESHOLD_W),
    ),
    describe_flag(
        "grid_importing",
        ENERGY,
        "GUI_GRID_POW",
        is_on_fn=above(FLOW_THRESHOLD_W),
    ),
    describe_flag(
        "grid_exporting",
        ENERGY,
        "GUI_GRID_POW",
        is_on_fn=below(-FLOW_THRESHOLD_W),
    ),
)
