"""Identity and configuration: FACTORY, WIZARD, SYS_UPDATE, IPU, BAT1, LOG.

Values that change only with a firmware update or a new installation; all
are diagnostic, the ones a user asks about ("how much capacity?", "how much
reserve?") enabled by default. Versions and the battery type are the device
info's firmware and model: disabled, so each fact shows once.
"""

from __future__ import annotations

from ..kinds import (
    COUNTER,
    DIAGNOSTIC,
    DIAGNOSTIC_DISABLED,
    ENERGY_STORAGE,
    PERCENT_SETTING,
    PLAIN,
    POWER_SETTING,
)
from .base import SenecSensorEntityDescription, describe, describe_enum, describe_text
from .enums import BAT_TYPE, SELFTEST_RESULT, SELFTEST_STEP
from .values import step_of

FACTORY = "FACTORY"
WIZARD = "WIZARD"
SYS_UPDATE = "SYS_UPDATE"
BAT1 = "BAT1"

IDENTITY_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    # The device's model is this type already: shown once, there.
    describe_enum(
        "battery_type", FACTORY, "BAT_TYPE", BAT_TYPE, shown=DIAGNOSTIC_DISABLED
    ),
    describe(
        "design_capacity", FACTORY, "DESIGN_CAPACITY", ENERGY_STORAGE, shown=DIAGNOSTIC
    ),
    describe(
        "max_charge_power",
        FACTORY,
        "MAX_CHARGE_POWER_DC",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "max_discharge_power",
        FACTORY,
        "MAX_DISCHARGE_POWER_DC",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # The device's firmware ("1824 (NPU 2411, FW 954)") is these three
    # versions: shown once, there; the sensors are for automations.
    describe_text(
        "application_version", WIZARD, "APPLICATION_VERSION", shown=DIAGNOSTIC_DISABLED
    ),
    describe_text(
        "firmware_version", WIZARD, "FIRMWARE_VERSION", shown=DIAGNOSTIC_DISABLED
    ),
    describe_text(
        "interface_version", WIZARD, "INTERFACE_VERSION", shown=DIAGNOSTIC_DISABLED
    ),
    describe_text(
        "application_hash", WIZARD, "APPLICATION_HASH", shown=DIAGNOSTIC_DISABLED
    ),
    # A model code without a published table: shown as the number.
    describe(
        "inverter_type",
        WIZARD,
        "DEVICE_INVERTER_TYPE",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "pv_peak_power",
        WIZARD,
        "PWRCFG_PEAK_PV_POWER",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # The grid operator's feed-in limit in % of the PV peak power (70 % rule).
    describe(
        "feed_in_limit",
        WIZARD,
        "SETUP_POWER_RULE",
        PERCENT_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "wallboxes",
        WIZARD,
        "SETUP_NUMBER_WALLBOXES",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # Unit not documented (1000 on a healthy unit): shown as the number.
    describe(
        "insulation_resistance",
        WIZARD,
        "INSULATION_RESISTANCE",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "peak_shaving_reserve",
        WIZARD,
        "PS_RESERVOIR",
        PERCENT_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "sg_ready_mode",
        WIZARD,
        "SG_READY_CURR_MODE",
        PLAIN,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe_text(
        "npu_image_version", SYS_UPDATE, "NPU_IMAGE_VERSION", shown=DIAGNOSTIC_DISABLED
    ),
    describe_text("npu_version", SYS_UPDATE, "NPU_VER", shown=DIAGNOSTIC_DISABLED),
    describe_text("ipu_version", "IPU", "VERSION", shown=DIAGNOSTIC_DISABLED),
    # The reserve kept for backup power (Notstromreserve).
    describe(
        "backup_power_reserve",
        BAT1,
        "SPARE_CAPACITY",
        PERCENT_SETTING,
        shown=DIAGNOSTIC,
    ),
    describe_text("nsp_firmware", BAT1, "NSP_FW", shown=DIAGNOSTIC_DISABLED),
    describe_text("nsp2_firmware", BAT1, "NSP2_FW", shown=DIAGNOSTIC_DISABLED),
    describe_enum(
        "selftest_result",
        BAT1,
        "SELFTEST_OVERALL_STATE",
        SELFTEST_RESULT,
        shown=DIAGNOSTIC,
    ),
    describe_enum(
        "selftest_step",
        BAT1,
        "SELFTEST_STATE",
        SELFTEST_STEP,
        value_fn=step_of(SELFTEST_RESULT, SELFTEST_STEP),
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "failed_logins",
        "LOG",
        "LOG_IN_NOK_COUNT",
        COUNTER,
        shown=DIAGNOSTIC_DISABLED,
    ),
)
