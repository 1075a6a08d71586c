"""SENEC binary sensor descriptions: derived power-flow states and flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)

from .senec import DecodedAnswer, Value
from .senec_values import always, number

# Below this many watts a flow is noise, not charging or exporting.
FLOW_THRESHOLD_W = 10.0


def above(threshold: float) -> Callable[[Value], bool | None]:
    """On while the value is above the threshold."""

    def check(value: Value) -> bool | None:
        result = number(value)
        return None if result is None else result > threshold

    return check


def below(threshold: float) -> Callable[[Value], bool | None]:
    """On while the value is below the threshold."""

    def check(value: Value) -> bool | None:
        result = number(value)
        return None if result is None else result < threshold

    return check


def flag(value: Value) -> bool | None:
    """A 0/1 flag; anything that is not a number is unknown."""
    result = number(value)
    return None if result is None else result != 0


@dataclass(frozen=True, kw_only=True)
class SenecBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A SENEC value shown as on/off."""

    section: str
    field: str
    index: int | None = None
    is_on_fn: Callable[[Value], bool | None] = flag
    exists_fn: Callable[[DecodedAnswer], bool] = always


SENEC_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    SenecBinarySensorEntityDescription(
        key="battery_charging",
        translation_key="battery_charging",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        section="ENERGY",
        field="GUI_BAT_DATA_POWER",
        is_on_fn=above(FLOW_THRESHOLD_W),
    ),
    SenecBinarySensorEntityDescription(
        key="battery_discharging",
        translation_key="battery_discharging",
        section="ENERGY",
        field="GUI_BAT_DATA_POWER",
        is_on_fn=below(-FLOW_THRESHOLD_W),
    ),
    SenecBinarySensorEntityDescription(
        key="grid_importing",
        translation_key="grid_importing",
        device_class=BinarySensorDeviceClass.POWER,
        section="ENERGY",
        field="GUI_GRID_POW",
        is_on_fn=above(FLOW_THRESHOLD_W),
    ),
    SenecBinarySensorEntityDescription(
        key="grid_exporting",
        translation_key="grid_exporting",
        device_class=BinarySensorDeviceClass.POWER,
        section="ENERGY",
        field="GUI_GRID_POW",
        is_on_fn=below(-FLOW_THRESHOLD_W),
    ),
)
