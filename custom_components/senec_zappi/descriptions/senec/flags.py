"""Flags of the unit itself: ENERGY modes, problems, updates, backup power.

Modes a user watches (off-peak charging, safe charge, VPP control) are
enabled; internal handshakes and problem bits for service work are
diagnostic and disabled by default.
"""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorDeviceClass

from ..kinds import DIAGNOSTIC, DIAGNOSTIC_DISABLED, MAIN_DISABLED
from .base import SenecBinarySensorEntityDescription, describe_flag
from .values import answered

ENERGY = "ENERGY"
PROBLEM = BinarySensorDeviceClass.PROBLEM

# (key, field) of ENERGY flags shown by default.
_ENERGY_MODES = (("offpeak_charging", "OFFPEAK_RUNNING"),)
# The Safe charge switch shows SAFE_CHARGE_RUNNING as the unit reports it; the
# read-only flag stays available for automations, disabled by default.
_ENERGY_MODES_OPTIONAL = (("safe_charge_running", "SAFE_CHARGE_RUNNING"),)
# (key, field) of ENERGY flags for service work. The web page's charging and
# boosting indicators repeat what battery charging and the system state say.
_ENERGY_TECHNICAL = (
    ("charging_info", "GUI_CHARGING_INFO"),
    ("boosting_info", "GUI_BOOSTING_INFO"),
    ("battery_data_collected", "GUI_BAT_DATA_COLLECTED"),
    ("initial_charge_start", "GUI_INIT_CHARGE_START"),
    ("initial_charge_stop", "GUI_INIT_CHARGE_STOP"),
    ("initial_charge_running", "INIT_CHARGE_RUNNING"),
    ("lithium_storage_mode", "LI_STORAGE_MODE_RUNNING"),
    ("safe_charge_forced", "SAFE_CHARGE_FORCE"),
    ("safe_charge_prohibited", "SAFE_CHARGE_PROHIBIT"),
    ("feed_in_limited", "STAT_LIMITED_NET_SKEW"),
    ("vpp_export_limit_active", "VPP_ACTIVATE_EXPORT_LIMIT"),
    ("vpp_target_power_active", "VPP_ACTIVATE_TARGET_POWER"),
    ("vpp_daily_reset", "VPP_DAILY_PARAMETER_RESET"),
    ("zero_export", "ZERO_EXPORT"),
)
# (key, section, field) of problem bits, for service work.
_PROBLEMS = (
    ("power_meter_missing", "PM1", "PWR_METERS_MISSING"),
    ("pv_missing", "PV1", "PV_MISSING"),
    ("inverter_version_mismatch", "STECA", "AU2020_VERSION_MISMATCH"),
    ("battery_inverter_mismatch", "WIZARD", "BATT_IPU_MISMATCH"),
    ("power_unit_missing", "PWR_UNIT", "PU_MISSING"),
)
# (key, section, field) of configuration flags, for service work.
_SETTINGS = (
    ("bms_ready", "BMS", "BMS_READY_FLAG"),
    ("bms_derating", "BMS", "DERATING"),
    ("peak_shaving", "WIZARD", "PS_ENABLE"),
    ("sg_ready", "WIZARD", "SG_READY_ENABLED"),
    ("drm0_asserted", "BAT1", "DRM0_ASSERT"),
)

FLAG_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    *(describe_flag(key, ENERGY, field) for key, field in _ENERGY_MODES),
    *(
        describe_flag(key, ENERGY, field, shown=MAIN_DISABLED)
        for key, field in _ENERGY_MODES_OPTIONAL
    ),
    *(
        describe_flag(key, ENERGY, field, shown=DIAGNOSTIC_DISABLED)
        for key, field in _ENERGY_TECHNICAL
    ),
    *(
        describe_flag(
            key, section, field, device_class=PROBLEM, shown=DIAGNOSTIC_DISABLED
        )
        for key, section, field in _PROBLEMS
    ),
    *(
        describe_flag(key, section, field, shown=DIAGNOSTIC_DISABLED)
        for key, section, field in _SETTINGS
    ),
    describe_flag("vpp_active", ENERGY, "VPP_IS_ACTIVE", shown=DIAGNOSTIC),
    describe_flag("bms_error", "BMS", "ERROR", device_class=PROBLEM, shown=DIAGNOSTIC),
    # Sent by newer firmware (0833): the unit asks for a service visit.
    describe_flag(
        "maintenance_required",
        ENERGY,
        "STAT_MAINT_REQUIRED",
        device_class=PROBLEM,
        exists_fn=answered(ENERGY, "STAT_MAINT_REQUIRED"),
        exists_reads=((ENERGY, "STAT_MAINT_REQUIRED"),),
        shown=DIAGNOSTIC,
    ),
    describe_flag(
        "update_available",
        "SYS_UPDATE",
        "UPDATE_AVAILABLE",
        device_class=BinarySensorDeviceClass.UPDATE,
        shown=DIAGNOSTIC,
    ),
    describe_flag("backup_power_enabled", "BAT1", "ISLAND_ENABLE", shown=DIAGNOSTIC),
)
