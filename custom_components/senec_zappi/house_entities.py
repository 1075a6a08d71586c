"""The house view's entities, and how a platform adds them when a pairing appears.

Car entities belong to the myenergi entry (on the zappi's device), house
entities to the SENEC entry (on the unit's device); both only read the
house view through the registry (house_link.py) and update when it says so.
They write their state only when it changed: an idle car costs nothing per
SENEC poll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.components.sensor import (
    RestoreSensor,
    SensorEntity,
    SensorExtraStoredData,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import SenecCoordinator
from .descriptions.house import (
    CAR_BINARY_SENSORS,
    CAR_ENERGY_SENSORS,
    CAR_POWER_SENSORS,
    CAR_SHARE_SENSORS,
    HOUSE_SENSORS,
    CarBinarySensorEntityDescription,
    CarEnergySensorEntityDescription,
    CarSensorEntityDescription,
    HouseSensorEntityDescription,
)
from .house import Car
from .house_link import House, HouseRegistry, registry
from .runtime import MyenergiRuntime, PerDevice, SenecZappiConfigEntry, dispatch

type CarBuilder = Callable[[HouseRegistry, str], Iterable[Entity]]
type HouseBuilder = Callable[[House], Iterable[Entity]]


@callback
def async_add_house_entities(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    *,
    cars: CarBuilder,
    houses: HouseBuilder | None = None,
) -> None:
    """Add a platform's house view entities of the device the entry holds.

    A myenergi entry adds a zappi's car entities once the zappi is paired
    (at setup, or later when a SENEC entry comes or an option changes); a
    SENEC entry adds its house entities at setup.
    """
    registry_ = registry(hass)
    added: set[str] = set()

    def _hub(runtime: MyenergiRuntime) -> None:
        new = {
            serial
            for serial in registry_.pairs
            if serial in (runtime.status.data or {})
        } - added
        added.update(new)
        for serial in sorted(new):
            async_add_entities(cars(registry_, serial))

    def _house(coordinator: SenecCoordinator) -> None:
        house = registry_.houses.get(coordinator.config_entry.entry_id)
        if house is not None and houses is not None and not added:
            added.add(house.entry_id)
            async_add_entities(houses(house))

    @callback
    def add_paired() -> None:
        dispatch(entry.runtime_data, PerDevice[None](senec=_house, myenergi=_hub))

    add_paired()
    entry.async_on_unload(registry_.async_listen_pairing(add_paired))


class HouseViewEntity(Entity):
    """Updates when the house view says so, and only writes what changed."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, houses: HouseRegistry) -> None:
        """Remember the registry; nothing written yet."""
        self.houses = houses
        self._written: object = None

    async def async_added_to_hass(self) -> None:
        """Follow the house view."""
        await super().async_added_to_hass()
        self.async_on_remove(self.houses.async_listen(self._async_changed))

    def _fingerprint(self) -> object:
        """What the state shows (cheaper than the state itself)."""
        raise NotImplementedError

    @callback
    def _async_changed(self) -> None:
        fingerprint = self._fingerprint()
        if fingerprint != self._written:
            self._written = fingerprint
            self.async_write_ha_state()


class CarEntity(HouseViewEntity):
    """A paired zappi's value, on the zappi's device (the myenergi entry's).

    Unavailable while the house is not loaded, the SENEC's poll failed, the
    zappi's reading is stale or missing, or the zappi is not in this house.
    """

    def __init__(self, houses: HouseRegistry, serial: str, key: str) -> None:
        """unique id zappi_{serial}_{key}, like every zappi entity."""
        super().__init__(houses)
        self.serial = serial
        self._attr_unique_id = f"zappi_{serial}_{key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, f"zappi_{serial}")})

    @property
    def car(self) -> Car | None:
        """The car's state while it has a good pair of readings."""
        house = self.houses.house_of(self.serial)
        if house is None or not house.available:
            return None
        car = house.car(self.serial)
        return None if car is None or car.split is None else car

    @property
    def available(self) -> bool:
        """See the class text."""
        return self.car is not None


class CarSensor(CarEntity, SensorEntity):
    """A car's power by source, or its solar share."""

    entity_description: CarSensorEntityDescription

    def __init__(
        self,
        houses: HouseRegistry,
        serial: str,
        description: CarSensorEntityDescription,
    ) -> None:
        """Bind the description."""
        super().__init__(houses, serial, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> float | None:
        """From the house view; unknown when it has none."""
        car = self.car
        return None if car is None else self.entity_description.value_fn(car)

    def _fingerprint(self) -> object:
        value = self.native_value
        return self.available, None if value is None else round(value, 1)


@dataclass
class LedgerStoredData(SensorExtraStoredData):
    """The state, and the car's today and session counters (for the shares)."""

    ledger: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The sensor's stored data plus the counters."""
        data = super().as_dict()
        data["ledger"] = self.ledger
        return data


class CarShareSensor(CarSensor, RestoreSensor):
    """A solar share: its counters survive restarts through the stored data."""

    async def async_added_to_hass(self) -> None:
        """Hand the stored counters to the car before following the view.

        Restored first: no update may show the counters without them.
        """
        extra = await self.async_get_last_extra_data()
        stored = extra.as_dict().get("ledger") if extra else None
        self.houses.restore(
            self.serial, "ledger", stored if isinstance(stored, dict) else None
        )
        await super().async_added_to_hass()

    @property
    def extra_restore_state_data(self) -> LedgerStoredData:
        """The share and the counters behind it."""
        car = self.houses.cars.get(self.serial)
        return LedgerStoredData(
            self.native_value,
            self.native_unit_of_measurement,
            None if car is None else car.ledger.as_dict(),
        )


class CarEnergySensor(CarEntity, RestoreSensor):
    """A car's lifetime kWh from one source, for the Energy dashboard.

    The stored total is added once per run to what the car counted since
    the start; a reload of either entry keeps the running total (it lives
    in the registry), so nothing is counted twice.
    """

    entity_description: CarEnergySensorEntityDescription

    def __init__(
        self,
        houses: HouseRegistry,
        serial: str,
        description: CarEnergySensorEntityDescription,
    ) -> None:
        """Bind the description."""
        super().__init__(houses, serial, description.key)
        self.entity_description = description

    async def async_added_to_hass(self) -> None:
        """Hand the stored total to the car, then follow the view.

        Restored first: an update showing the total without it, then with
        it, would read as that much new energy.
        """
        last = await self.async_get_last_sensor_data()
        value = last.native_value if last else None
        self.houses.restore(
            self.serial,
            self.entity_description.source,
            value if isinstance(value, int | float) and value > 0 else None,
        )
        await super().async_added_to_hass()

    @property
    def native_value(self) -> float | None:
        """kWh so far."""
        car = self.car
        if car is None:
            return None
        return round(car.ledger.lifetime[self.entity_description.source], 3)

    def _fingerprint(self) -> object:
        return self.available, self.native_value


class CarBinarySensor(CarEntity, BinarySensorEntity):
    """Home battery charging the car: the hysteresis state."""

    entity_description: CarBinarySensorEntityDescription

    def __init__(
        self,
        houses: HouseRegistry,
        serial: str,
        description: CarBinarySensorEntityDescription,
    ) -> None:
        """Bind the description."""
        super().__init__(houses, serial, description.key)
        self.entity_description = description

    @property
    def is_on(self) -> bool | None:
        """From the house view."""
        car = self.car
        return None if car is None else self.entity_description.is_on_fn(car)

    def _fingerprint(self) -> object:
        return self.available, self.is_on


class HouseSensor(HouseViewEntity, SensorEntity):
    """A surplus of the whole house, on the SENEC unit's device."""

    entity_description: HouseSensorEntityDescription

    def __init__(self, house: House, description: HouseSensorEntityDescription) -> None:
        """unique id {unit id}_{key}, like every SENEC entity."""
        super().__init__(house.registry)
        self.house = house
        self.entity_description = description
        coordinator = house.coordinator
        self._attr_unique_id = f"{coordinator.device_identifier}_{description.key}"
        self._attr_device_info = coordinator.device_info

    @property
    def available(self) -> bool:
        """While the SENEC's data is good and every paired zappi's reading too."""
        return self.house.available and self.native_value is not None

    @property
    def native_value(self) -> float | None:
        """From the house view."""
        return self.entity_description.value_fn(self.house.view)

    def _fingerprint(self) -> object:
        value = self.native_value
        return self.available, None if value is None else round(value, 1)


def car_sensors(houses: HouseRegistry, serial: str) -> Iterable[SensorEntity]:
    """Power and kWh by source and the solar shares of one paired zappi."""
    yield from (CarSensor(houses, serial, d) for d in CAR_POWER_SENSORS)
    yield from (CarEnergySensor(houses, serial, d) for d in CAR_ENERGY_SENSORS)
    yield from (CarShareSensor(houses, serial, d) for d in CAR_SHARE_SENSORS)


def car_binary_sensors(
    houses: HouseRegistry, serial: str
) -> Iterable[BinarySensorEntity]:
    """Home battery charging the car."""
    return (CarBinarySensor(houses, serial, d) for d in CAR_BINARY_SENSORS)


def house_sensors(house: House) -> Iterable[SensorEntity]:
    """The two surpluses of a SENEC house."""
    return (HouseSensor(house, d) for d in HOUSE_SENSORS)
