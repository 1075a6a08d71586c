"""Flags of installed hardware: FEATURES and the I/O board (wallboxes: wallbox.py)."""

from __future__ import annotations

from ..kinds import DIAGNOSTIC_DISABLED
from .base import SenecBinarySensorEntityDescription, describe_flag

# FEATURES keys: what the unit is licensed or equipped for.
FEATURES = (
    "CAR",
    "CLOUDREADY",
    "ECOGRIDREADY",
    "HEAT",
    "ISLAND",
    "ISLAND_PRO",
    "PEAKSHAVING",
    "SGREADY",
    "SHKW",
    "SOCKETS",
)
# SENEC_IO_INPUT / SENEC_IO_OUTPUT signals, named as the unit names them.
IO_INPUTS = (
    "STATUS_DC_SWITCH_IPU_V5",
    "FAULTLINE_DELAYED",
    "FAULTLINE",
    "STATUS_AC_SWITCH_IPU_V3",
    "ISOGUARD_STATUS",
    "DRY_CONTACT_IN_IPU_V5",
    "DC_HK_STATUS_IPU_V5",
    "POWER_STATUS",
    "HID3_IPU_V5",
    "HID2_IPU_V5",
    "HID1",
    "HID0",
    "RCD_RMS_IPU_V3",
    "RCD_ERROR_IPU_V3",
    "RCD_DC_IPU_V3",
    "AC_ERROR_IPU_V3",
)
IO_OUTPUTS = (
    "BAT_MODULE_ENABLE_SAMSUNG_IPU_V5",
    "BAT_MODULE_ENABLE_BMZ",
    "KILLSWITCH",
    "Relay_4",
    "Relay_3",
    "Relay_2",
    "Relay_1",
    "ISOGUARD_ENABLE",
    "DC_SWITCH",
    "AC_SWITCH_IPU_V3",
    "DRY_CONTACT_OUT_IPU_V5",
    "RCD_RESET_IPU_V3",
    "RCD_TEST_IPU_V3",
)


HARDWARE_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    *(
        describe_flag(
            f"feature_{feature.lower()}",
            "FEATURES",
            feature,
            shown=DIAGNOSTIC_DISABLED,
        )
        for feature in FEATURES
    ),
    *(
        describe_flag(
            f"io_{kind}_{signal.lower()}",
            section,
            signal,
            translation_key=f"io_{kind}",
            placeholders={"signal": signal},
            shown=DIAGNOSTIC_DISABLED,
        )
        for kind, section, signals in (
            ("input", "SENEC_IO_INPUT", IO_INPUTS),
            ("output", "SENEC_IO_OUTPUT", IO_OUTPUTS),
        )
        for signal in signals
    ),
)
