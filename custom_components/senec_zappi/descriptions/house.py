"""The house view's entities: per paired zappi on its device, per SENEC unit on its.

Each reads the house view (house.py) only; the keys are fixed (blueprints
are written against them): ``zappi_{serial}_{key}`` and ``{unit id}_{key}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import BinarySensorEntityDescription
from homeassistant.components.sensor import SensorEntityDescription

from ..house import SOURCES, Car, HouseView, Ledger
from .kinds import ENERGY_TOTAL, PERCENT, POWER


@dataclass(frozen=True, kw_only=True)
class CarSensorEntityDescription(SensorEntityDescription):
    """A value of one car in the house view; None reads unknown."""

    value_fn: Callable[[Car], float | None]


@dataclass(frozen=True, kw_only=True)
class CarEnergySensorEntityDescription(SensorEntityDescription):
    """A car's lifetime kWh from one source, restored across restarts."""

    source: str


@dataclass(frozen=True, kw_only=True)
class CarBinarySensorEntityDescription(BinarySensorEntityDescription):
    """An on/off state of one car in the house view."""

    is_on_fn: Callable[[Car], bool | None]


@dataclass(frozen=True, kw_only=True)
class HouseSensorEntityDescription(SensorEntityDescription):
    """A value of the whole house, on the SENEC unit's device."""

    value_fn: Callable[[HouseView], float | None]


def _power(source: str) -> CarSensorEntityDescription:
    def value(car: Car) -> float | None:
        return None if car.split is None else car.split.part(source)

    key = f"car_power_from_{source}"
    return CarSensorEntityDescription(
        key=key, translation_key=key, value_fn=value, **POWER.fields()
    )


def _energy(source: str) -> CarEnergySensorEntityDescription:
    key = f"car_energy_from_{source}"
    return CarEnergySensorEntityDescription(
        key=key, translation_key=key, source=source, **ENERGY_TOTAL.fields()
    )


def _share(
    key: str, counter: Callable[[Ledger], dict[str, float]]
) -> CarSensorEntityDescription:
    return CarSensorEntityDescription(
        key=key,
        translation_key=key,
        value_fn=lambda car: Ledger.solar_share(counter(car.ledger)),
        **PERCENT.fields(),
    )


CAR_POWER_SENSORS: tuple[CarSensorEntityDescription, ...] = tuple(
    _power(source) for source in SOURCES
)
CAR_ENERGY_SENSORS: tuple[CarEnergySensorEntityDescription, ...] = tuple(
    _energy(source) for source in SOURCES
)
# Today: since local midnight. Session: since the car last started charging
# after being unplugged; the last session's share stays until the next.
CAR_SHARE_SENSORS: tuple[CarSensorEntityDescription, ...] = (
    _share("solar_share_today", lambda ledger: ledger.today),
    _share("solar_share_session", lambda ledger: ledger.session),
)
CAR_BINARY_SENSORS: tuple[CarBinarySensorEntityDescription, ...] = (
    CarBinarySensorEntityDescription(
        key="home_battery_charging_car",
        translation_key="home_battery_charging_car",
        is_on_fn=lambda car: car.battery_charging_car,
    ),
)
HOUSE_SENSORS: tuple[HouseSensorEntityDescription, ...] = (
    HouseSensorEntityDescription(
        key="solar_surplus",
        translation_key="solar_surplus",
        value_fn=lambda view: view.solar_surplus_w,
        **POWER.fields(),
    ),
    HouseSensorEntityDescription(
        key="surplus_after_battery",
        translation_key="surplus_after_battery",
        value_fn=lambda view: view.surplus_after_battery_w,
        **POWER.fields(),
    ),
)
