"""Flags of installed hardware: FEATURES, wallboxes, sockets and the I/O board."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorDeviceClass

from .senec_binary_sensors_base import SenecBinarySensorEntityDescription, describe_flag
from .senec_sensors_wallbox import (
    MAX_SOCKETS,
    MAX_WALLBOXES,
    socket_exists,
    wallbox_exists,
)

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


def wallbox_flags(index: int) -> tuple[SenecBinarySensorEntityDescription, ...]:
    """Plug, smart charging, lock-out and load imbalance of one wallbox."""
    number = str(index + 1)
    exists_fn = wallbox_exists(index)
    return tuple(
        describe_flag(
            f"wallbox{number}_{suffix}",
            "WALLBOX",
            field,
            device_class=device_class,
            index=index,
            translation_key=f"wallbox_{suffix}",
            placeholders={"wallbox": number},
            exists_fn=exists_fn,
            diagnostic=technical,
            enabled=not technical,
        )
        for suffix, field, device_class, technical in (
            ("ev_connected", "EV_CONNECTED", BinarySensorDeviceClass.PLUG, False),
            ("smart_charging", "SMART_CHARGE_ACTIVE", None, False),
            ("prohibited", "PROHIBIT_USAGE", None, True),
            (
                "load_imbalance",
                "LOAD_IMBALANCE_DETECTED",
                BinarySensorDeviceClass.PROBLEM,
                True,
            ),
        )
    )


def socket_flags(index: int) -> tuple[SenecBinarySensorEntityDescription, ...]:
    """Whether a socket is switched on, enabled for automation, or forced on."""
    number = str(index + 1)
    return tuple(
        describe_flag(
            f"socket{number}_{suffix}",
            "SOCKETS",
            field,
            device_class=device_class,
            index=index,
            translation_key=f"socket_{suffix}",
            placeholders={"socket": number},
            exists_fn=socket_exists(index),
            diagnostic=True,
            enabled=False,
        )
        for suffix, field, device_class in (
            ("power_on", "POWER_ON", BinarySensorDeviceClass.POWER),
            ("enabled", "ENABLE", None),
            ("forced_on", "FORCE_ON", None),
        )
    )


HARDWARE_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    *(
        describe_flag(
            f"feature_{feature.lower()}",
            "FEATURES",
            feature,
            diagnostic=True,
            enabled=False,
        )
        for feature in FEATURES
    ),
    *(d for index in range(MAX_WALLBOXES) for d in wallbox_flags(index)),
    describe_flag(
        "wallbox_intercharge",
        "WALLBOX",
        "ALLOW_INTERCHARGE",
        exists_fn=wallbox_exists(0),
        diagnostic=True,
        enabled=False,
    ),
    *(d for index in range(MAX_SOCKETS) for d in socket_flags(index)),
    *(
        describe_flag(
            f"io_{kind}_{signal.lower()}",
            section,
            signal,
            translation_key=f"io_{kind}",
            placeholders={"signal": signal},
            diagnostic=True,
            enabled=False,
        )
        for kind, section, signals in (
            ("input", "SENEC_IO_INPUT", IO_INPUTS),
            ("output", "SENEC_IO_OUTPUT", IO_OUTPUTS),
        )
        for signal in signals
    ),
)
