"""Sensor platform: SENEC values and kWh totals, zappi status and today's energy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorExtraStoredData,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .coordinator import (
    SenecCoordinator,
    ZappiHistoryCoordinator,
    ZappiStatusCoordinator,
)
from .descriptions.hub import HUB_SENSORS, HubSensorEntityDescription
from .descriptions.senec import (
    SENEC_ENERGY_SENSORS,
    SENEC_SENSORS,
    SenecEnergySensorEntityDescription,
    SenecSensorEntityDescription,
)
from .descriptions.senec.base import read_value
from .descriptions.senec.values import number, within
from .descriptions.zappi import (
    ZAPPI_ENERGY_SENSORS,
    ZAPPI_SENSORS,
    ZappiEnergyEntityDescription,
    ZappiSensorEntityDescription,
    ct_clamp_descriptions,
)
from .energy_integrator import EnergyIntegrator
from .entity import HubEntity, SenecEntity, ZappiEntity, async_add_device_entities
from .high_water_mark import RESET_FRACTION, HighWaterMark
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

PARALLEL_UPDATES = 0

# kWh totals integrate across a missed poll or two, not across an outage.
GAP_POLLS = 3
MIN_GAP = timedelta(seconds=90)

SOURCE_INTEGRATED = "integrated"
SOURCE_DEVICE = "device"


def _senec_sensors(coordinator: SenecCoordinator) -> Iterable[SensorEntity]:
    """The values the unit has (by its last presence read), and the kWh totals."""
    data = coordinator.presence
    yield from (
        SenecSensor(coordinator, description)
        for description in SENEC_SENSORS
        if description.is_present(data)
    )
    yield from (
        SenecEnergySensor(coordinator, description)
        for description in SENEC_ENERGY_SENSORS
    )


def _zappi_sensors(runtime: MyenergiRuntime) -> Iterable[SensorEntity]:
    """The hub's own values; status values, CT clamps and today's energy per zappi.

    A status value exists only when the zappi's payload carries its field.
    """
    yield from (HubSensor(runtime, description) for description in HUB_SENSORS)
    for serial, status in runtime.status.data.items():
        descriptions = (*ZAPPI_SENSORS, *ct_clamp_descriptions(status.ct_clamps))
        yield from (
            ZappiSensor(runtime.status, runtime, serial, description)
            for description in descriptions
            if description.exists_fn(status)
        )
        yield from (
            ZappiEnergySensor(runtime.history, runtime, serial, description)
            for description in ZAPPI_ENERGY_SENSORS
        )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SenecZappiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The SENEC unit's values and totals, or the hub's and each zappi's."""
    async_add_device_entities(
        entry, async_add_entities, senec=_senec_sensors, myenergi=_zappi_sensors
    )


class SenecSensor(SenecEntity, SensorEntity):
    """A SENEC value as a sensor."""

    entity_description: SenecSensorEntityDescription

    def __init__(
        self, coordinator: SenecCoordinator, description: SenecSensorEntityDescription
    ) -> None:
        """Bind the description and remember which key it reads."""
        super().__init__(coordinator, description, description.reads)
        self._unknown_codes: set[int | float | str] = set()
        self._implausible_reported = False
        self._highest = HighWaterMark(reset_fraction=RESET_FRACTION)

    @property
    def native_value(self) -> StateType | date | datetime | Decimal:
        """The converted value; an unknown code or an impossible value is unknown."""
        description = self.entity_description
        raw = description.read(self.coordinator.data)
        value = description.value_fn(raw)
        if (
            value is None
            and isinstance(raw, int | float | str)
            and description.device_class is SensorDeviceClass.ENUM
        ):
            self._report_unknown_code(raw)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return value
        if not within(value, description.valid):
            self._report_implausible(value)
            return None
        if description.state_class is SensorStateClass.TOTAL_INCREASING:
            return self._highest.update(value, self.entity_id)
        return value

    @callback
    def _report_implausible(self, value: float) -> None:
        """Say once per entity that the unit sent a value that cannot be true."""
        if self._implausible_reported:
            return
        self._implausible_reported = True
        valid = self.entity_description.valid
        assert valid is not None
        LOGGER.info(
            "%s: the unit reported %s, outside what this value can be (%s to %s); "
            "the state is unknown while it does",
            self.entity_id,
            value,
            valid[0],
            valid[1],
        )

    @callback
    def _report_unknown_code(self, raw: int | float | str) -> None:
        """Say once per code that a newer firmware uses a code we do not know."""
        if raw in self._unknown_codes:
            return
        self._unknown_codes.add(raw)
        LOGGER.warning(
            "%s reported code %s, which this integration does not know yet; "
            "the state is unknown. Please report it",
            self.entity_id,
            raw,
        )


@dataclass
class SenecEnergyStoredData(SensorExtraStoredData):
    """The stored total and where it comes from, so a restart keeps the source."""

    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The sensor's stored data plus the source."""
        data = super().as_dict()
        data["source"] = self.source
        return data


class SenecEnergySensor(SenecEntity, RestoreSensor):
    """A total that survives restarts, never decreases and keeps its source.

    The first answer decides the source for the life of the entry (stored
    with the state): the unit's STATISTIC counter when it sends one, else the
    integrated power. A poll without the counter is a gap, never a switch:
    switching would show the integrated value (near 0) between two counter
    readings, which the Energy dashboard reads as a meter reset.
    """

    entity_description: SenecEnergySensorEntityDescription

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: SenecEnergySensorEntityDescription,
    ) -> None:
        """Integrate from zero until the restored total is known."""
        super().__init__(coordinator, description, description.reads)
        gap = max(coordinator.normal_interval * GAP_POLLS, MIN_GAP)
        self._integrator = EnergyIntegrator(
            sign=description.sign, max_gap=gap.total_seconds()
        )
        self._source: str | None = None
        self._device_total = HighWaterMark()

    async def async_added_to_hass(self) -> None:
        """Continue from the last stored total and source, then take a sample."""
        await super().async_added_to_hass()
        last = await self.async_get_last_sensor_data()
        restored = number(last.native_value) if last else None  # type: ignore[arg-type]
        if restored is not None and restored >= 0:
            self._integrator.total_kwh = float(restored)
            self._device_total.value = float(restored)
        extra = await self.async_get_last_extra_data()
        source = extra.as_dict().get("source") if extra else None
        if source in (SOURCE_DEVICE, SOURCE_INTEGRATED):
            self._source = source
        if self.coordinator.last_update_success:
            self._sample()

    @callback
    def _handle_coordinator_update(self) -> None:
        """One sample per successful poll; failed polls leave a gap."""
        if self.coordinator.last_update_success:
            self._sample()
        super()._handle_coordinator_update()

    def _sample(self) -> None:
        description = self.entity_description
        data = self.coordinator.data
        counter = number(
            read_value(data, "STATISTIC", description.statistic_field, None)
        )
        if counter is not None and counter < 0:
            counter = None
        if self._source is None:
            self._source = SOURCE_INTEGRATED if counter is None else SOURCE_DEVICE
        if self._source == SOURCE_DEVICE:
            if counter is not None:
                self._device_total.update(float(counter), self.entity_id)
            return
        power = number(
            read_value(data, description.section, description.power_field, None)
        )
        self._integrator.add(
            dt_util.utcnow().timestamp(), None if power is None else float(power)
        )

    @property
    def native_value(self) -> float:
        """kWh so far."""
        if self._source == SOURCE_DEVICE and self._device_total.value is not None:
            return round(self._device_total.value, 3)
        return round(self._integrator.total_kwh, 3)

    @property
    def extra_state_attributes(self) -> dict[str, str]:
        """Where the total comes from: the device's counter or integration here."""
        return {} if self._source is None else {"source": self._source}

    @property
    def extra_restore_state_data(self) -> SenecEnergyStoredData:
        """The total and its source, for the next start."""
        return SenecEnergyStoredData(
            self.native_value, self.native_unit_of_measurement, self._source
        )


class HubSensor(HubEntity, SensorEntity):
    """A value of the myenergi hub."""

    entity_description: HubSensorEntityDescription

    @property
    def native_value(self) -> StateType | datetime:
        """From the entry's runtime data."""
        return self.entity_description.value_fn(self.runtime)


class ZappiSensor(ZappiEntity[ZappiStatusCoordinator], SensorEntity):
    """A value of the zappi's live status."""

    entity_description: ZappiSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """Value from the last status poll."""
        return self.entity_description.value_fn(self.coordinator.data[self.serial])


class ZappiEnergySensor(ZappiEntity[ZappiHistoryCoordinator], SensorEntity):
    """Energy of the local day so far, from the hourly history.

    The total may only fall when a new local day starts: a shorter answer in
    the middle of the day (the cloud sometimes returns fewer records) would
    otherwise look like a meter reset and count the day twice in the Energy
    dashboard.
    """

    entity_description: ZappiEnergyEntityDescription
    _day: date | None = None
    _today: HighWaterMark | None = None

    @property
    def native_value(self) -> StateType:
        """Sum of today's hourly records, never lower than before on the same day."""
        energy = self.coordinator.data[self.serial]
        value = round(self.entity_description.value_fn(energy), 3)
        if self._today is None or self._day != energy.day:
            self._day, self._today = energy.day, HighWaterMark()
        return self._today.update(value, self.entity_id)
