"""Every SENEC binary sensor description: derived power-flow states and flags."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorDeviceClass

from .senec_binary_sensors_base import (
    SenecBinarySensorEntityDescription,
    above,
    below,
    describe_flag,
    flag,
)
from .senec_binary_sensors_flags import FLAG_BINARY_SENSORS
from .senec_binary_sensors_hardware import HARDWARE_BINARY_SENSORS

__all__ = [
    "FLOW_THRESHOLD_W",
    "SENEC_BINARY_SENSORS",
    "SenecBinarySensorEntityDescription",
    "above",
    "below",
    "flag",
]

# Below this many watts a flow is noise, not charging or exporting.
FLOW_THRESHOLD_W = 10.0

DERIVED_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    describe_flag(
        "battery_charging",
        "ENERGY",
        "GUI_BAT_DATA_POWER",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        is_on_fn=above(FLOW_THRESHOLD_W),
    ),
    describe_flag(
        "battery_discharging",
        "ENERGY",
        "GUI_BAT_DATA_POWER",
        is_on_fn=below(-FLOW_THRESHOLD_W),
    ),
    describe_flag(
        "grid_importing",
        "ENERGY",
        "GUI_GRID_POW",
        device_class=BinarySensorDeviceClass.POWER,
        is_on_fn=above(FLOW_THRESHOLD_W),
    ),
    describe_flag(
        "grid_exporting",
        "ENERGY",
        "GUI_GRID_POW",
        device_class=BinarySensorDeviceClass.POWER,
        is_on_fn=below(-FLOW_THRESHOLD_W),
    ),
)

SENEC_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    *DERIVED_BINARY_SENSORS,
    *FLAG_BINARY_SENSORS,
    *HARDWARE_BINARY_SENSORS,
)
