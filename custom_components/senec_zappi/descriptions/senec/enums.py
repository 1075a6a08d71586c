"""Code tables of the SENEC enums, mapped to stable option keys.

The keys are what Home Assistant stores and automations compare against; the
human texts live in translations/*.json.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# ENERGY.STAT_STATE
STAT_STATE: Final[dict[int, str]] = {
    0: "initial_state",
    1: "no_communication_charger",
    2: "power_meter_error",
    3: "ripple_control_receiver",
    4: "initial_charge",
    5: "maintenance_charge",
    6: "maintenance_charge_finished",
    7: "maintenance_required",
    8: "manual_safety_charge",
    9: "safety_charge_finished",
    10: "full_charge",
    11: "equalization_charge_charging",
    12: "sulfation_charge_charging",
    13: "battery_full",
    14: "charging",
    15: "battery_empty",
    16: "discharging",
    17: "pv_and_discharging",
    18: "grid_and_discharging",
    19: "passive",
    20: "switched_off",
    21: "self_consumption",
    22: "restart",
    23: "manual_equalization_charge_charging",
    24: "manual_sulfation_charge_charging",
    25: "safety_charge",
    26: "battery_protection_mode",
    27: "eg_error",
    28: "eg_charging",
    29: "eg_discharging",
    30: "eg_passive",
    31: "eg_charging_prohibited",
    32: "eg_discharging_prohibited",
    33: "emergency_charge",
    34: "software_update",
    35: "error_grid_protection",
    36: "error_grid_protection_grid",
    37: "error_grid_protection_hardware",
    38: "no_server_connection",
    39: "bms_error",
    40: "maintenance_filter",
    41: "lithium_shutdown",
    42: "waiting_for_surplus",
    43: "capacity_test_charging",
    44: "capacity_test_discharging",
    45: "manual_sulfation_charge_waiting",
    46: "manual_sulfation_charge_finished",
    47: "manual_sulfation_charge_error",
    48: "equalization_charge_waiting",
    49: "emergency_charge_error",
    50: "manual_equalization_charge_waiting",
    51: "manual_equalization_charge_error",
    52: "manual_equalization_charge_finished",
    53: "auto_sulfation_charge_waiting",
    54: "final_charging_phase",
    55: "battery_disconnector_off",
    56: "peak_shaving_waiting",
    57: "charger_error",
    58: "npu_error",
    59: "bms_offline",
    60: "maintenance_charge_error",
    61: "manual_safety_charge_error",
    62: "safety_charge_error",
    63: "no_master_connection",
    64: "lithium_safe_mode_active",
    65: "lithium_safe_mode_finished",
    66: "battery_voltage_error",
    67: "bms_dc_switched_off",
    68: "grid_initialization",
    69: "grid_stabilization",
    70: "remote_shutdown",
    71: "off_peak_charging",
    72: "half_bridge_error",
    73: "bms_operating_temperature_error",
    74: "factory_settings_not_found",
    75: "backup_power",
    76: "backup_power_battery_empty",
    77: "backup_power_error",
    78: "initializing",
    79: "installation_mode",
    80: "grid_failure",
    81: "bms_update_required",
    82: "bms_configuration_required",
    83: "insulation_test",
    84: "self_test",
    85: "external_control",
    86: "temperature_sensor_error",
    87: "grid_operator_charging_blocked",
    88: "grid_operator_discharging_blocked",
    89: "reserve_capacity",
    90: "self_test_error",
    91: "insulation_error",
    92: "pv_mode",
    93: "grid_operator_remote_shutdown",
    94: "drm0_error",
    95: "battery_diagnosis",
    96: "balancing",
    97: "safety_discharge",
    98: "bms_error_module_imbalance",
}

# BMS.BMS_STATUS; 0 is reported while all is well.
BMS_STATUS: Final[dict[int, str]] = {
    0: "ok",
    1: "cell_overvoltage_warning",
    2: "cell_overvoltage_alarm",
    3: "cell_overvoltage_error",
    4: "cell_undervoltage_warning",
    5: "cell_undervoltage_alarm",
    6: "cell_undervoltage_error",
    7: "module_overvoltage_alarm",
    8: "module_undervoltage_alarm",
    9: "cell_overtemperature_error",
    10: "cell_undertemperature_error",
    11: "cell_overtemperature_charging_warning",
    12: "cell_overtemperature_charging_alarm",
    13: "cell_undertemperature_charging_warning",
    14: "cell_undertemperature_charging_alarm",
    15: "cell_overtemperature_discharging_warning",
    16: "cell_overtemperature_discharging_alarm",
    17: "cell_undertemperature_discharging_warning",
    18: "cell_undertemperature_discharging_alarm",
    19: "charging_current_warning",
    20: "charging_current_alarm",
    21: "discharging_current_warning",
    22: "discharging_current_alarm",
    23: "cells_imbalanced_warning",
    24: "cells_imbalanced_alarm",
    25: "board_temperature_warning",
    26: "board_temperature_alarm",
    27: "temperature_difference_warning",
    28: "temperature_difference_alarm",
    29: "current_difference_warning",
    30: "current_difference_alarm",
    31: "selftest_scp_failed",
}

# STECA.STARTUP, also PV1.STATE_INT per inverter: the inverter's state machine.
STECA_STARTUP: Final[dict[int, str]] = {
    0: "stabilize_mcu_supply",
    16: "start_high_side_pwm",
    32: "start_aux_supply",
    48: "start_monitoring",
    64: "thermal_management",
    80: "start_protection",
    88: "check_islanding",
    96: "degauss_rcd",
    112: "get_ac_offset",
    128: "switch_on_relay_supply",
    136: "check_strings",
    140: "establish_link",
    141: "black_start",
    144: "test_ac_relay",
    160: "test_dc_relay",
    176: "switch_on_dc_relay",
    184: "check_dc_short_circuit_and_polarity",
    192: "get_dc_offset",
    208: "test_rcd",
    224: "isolation_check",
    228: "switch_on_ens",
    232: "reestablish_link",
    236: "recheck_islanding",
    237: "establish_islanding_link",
    238: "confirm_islanding",
    240: "wait_ens_clearance",
    256: "establish_ac_voltage",
    264: "run_islanding",
    272: "run_grid",
    280: "check_short_fault",
    288: "safe_state",
    304: "sleep",
    312: "sleep_after_islanding",
    320: "shutdown_for_sleep",
    336: "system_reset",
    352: "wait_for_reset",
}

# WALLBOX.STATE (IEC 61851 states); the seed gives 0xA1/0xA2 and 0xF1/0xFB
# the same text, so they share a key.
WALLBOX_STATE: Final[dict[int, str]] = {
    0x00: "invalid_state",
    0xA1: "not_connected",
    0xA2: "not_connected",
    0xB1: "connected",
    0xB2: "ready",
    0xC2: "charging",
    0xC3: "charging_reduced_temperature",
    0xC4: "charging_reduced_unbalanced_load",
    0xE0: "deactivated",
    0xF1: "contact_error",
    0xF2: "internal_error",
    0xF3: "fault_current",
    0xF4: "charger_communication_error",
    0xF5: "locking_error",
    0xF6: "cable_error",
    0xF7: "vehicle_overtemperature",
    0xF8: "vehicle_communication_error",
    0xF9: "power_supply_error",
    0xFA: "temperature_too_high",
    0xFB: "contact_error",
}

# FACTORY.BAT_TYPE
BAT_TYPE: Final[dict[int, str]] = {
    0: "studer_xtender",
    1: "senec_batt",
    2: "senec_inverter_v2",
    3: "senec_inverter_v2_1",
    4: "senec_inverter_v3_lv",
}

# PWR_UNIT.TYPE
PWR_UNIT_TYPE: Final[dict[int, str]] = {
    0: "not_available",
    1: "solarinvert_shkw",
    2: "senec_heat",
}

# BAT1.SELFTEST_OVERALL_STATE and BAT1.SELFTEST_STATE (per step)
SELFTEST_RESULT: Final[dict[int, str]] = {
    0: "undefined",
    1: "running",
    2: "success",
    3: "failed",
    4: "never_run",
    5: "not_started",
}

# Position in BAT1.SELFTEST_STATE: which grid-protection check a step is.
SELFTEST_STEP: Final[dict[int, str]] = {
    0: "upper_voltage_limit_l1",
    1: "lower_voltage_limit_l1",
    2: "upper_frequency_limit_l1",
    3: "lower_frequency_limit_l1",
    4: "upper_10_min_average_limit_l1",
    5: "extended_upper_frequency_limit_l1",
    6: "extended_lower_frequency_limit_l1",
    7: "lower_voltage_limit_2_l1",
}


# BMS.STATUS per module: every healthy module of the seed and of real units
# reports 1 (0 only in the slot of a module that is not there). The other
# codes follow an unpublished table: they read unknown and are logged once,
# asking the owner to report them, instead of showing a bare number.
MODULE_STATUS: Final[dict[int, str]] = {
    1: "ok",
}


def options(table: Mapping[int, str]) -> list[str]:
    """The distinct option keys of a table, in code order."""
    return list(dict.fromkeys(table.values()))
