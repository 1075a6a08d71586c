"""Sensor platform: SENEC values and kWh totals; zappi status, today's and lifetime energy."""

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
    ZAPPI_SENSORS,
    ZappiSensorEntityDescription,
    ct_clamp_descriptions,
)
from .descriptions.zappi_energy import (
    ZAPPI_ENERGY_SENSORS,
    ZAPPI_LIFETIME_SENSORS,
    ZappiEnergyEntityDescription,
    ZappiLifetimeEntityDescription,
)
from .energy_integrator import EnergyIntegrator
from .entity import HubEntity, SenecEntity, ZappiEntity, async_add_device_entities
from .high_water_mark import RESET_FRACTION, HighWaterMark
from .house_entities import async_add_house_entities, car_sensors, house_sensors
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

PARALLEL_UPDATES = 0

# kWh totals bridge the gap of up to five failed polls and their back-off
# (17.5 min at the default 30 s), a restart or a reload; not an outage.
BRIDGE_LIMIT = timedelta(minutes=20)
BRIDGE_POLLS = 3

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
    gaps = GapLog()
    yield from (
        SenecEnergySensor(coordinator, description, gaps)
        for description in SENEC_ENERGY_SENSORS
    )


def _zappi_sensors(runtime: MyenergiRuntime) -> Iterable[SensorEntity]:
    """The hub's own values; status values, CT clamps and today's energy per zappi.

    A status value exists only when the zappi's payload carries its field.
    """
    yield from (
        HubSensor(runtime, description)
        for description in HUB_SENSORS
        if description.exists_fn(runtime)
    )
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
        yield from (
            ZappiLifetimeSensor(runtime.history, runtime, serial, description)
            for description in ZAPPI_LIFETIME_SENSORS
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
    async_add_house_entities(
        hass, entry, async_add_entities, cars=car_sensors, houses=house_sensors
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


class GapLog:
    """Says once per gap that the kWh totals skip it (not once per total)."""

    def __init__(self) -> None:
        """Nothing reported yet."""
        self._reported: float | None = None

    def report(self, seconds: float) -> None:
        """Log a gap the totals do not bridge, unless this one was logged."""
        now = dt_util.utcnow().timestamp()
        if self._reported is not None and abs(now - self._reported) < 1:
            return
        self._reported = now
        LOGGER.info(
            "No SENEC power for %.0f minutes (more than %.0f): the kWh totals "
            "add nothing for that time",
            seconds / 60,
            BRIDGE_LIMIT.total_seconds() / 60,
        )


@dataclass
class SenecEnergyStoredData(SensorExtraStoredData):
    """The stored total, its source and the last sample (bridges a restart)."""

    source: str | None = None
    last_sample: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The sensor's stored data plus the source and the last sample."""
        data = super().as_dict()
        data["source"] = self.source
        data["last_sample"] = (
            list(self.last_sample) if self.last_sample is not None else None
        )
        return data


def _sample(raw: object) -> tuple[float, float] | None:
    """A stored [time, W] pair, or None when it is anything else."""
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    time_s, power = (number(item) for item in raw)
    if time_s is None or power is None:
        return None
    return float(time_s), float(power)


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
        gaps: GapLog,
    ) -> None:
        """Integrate from zero until the restored total is known."""
        super().__init__(coordinator, description, description.reads)
        gap = max(coordinator.normal_interval * BRIDGE_POLLS, BRIDGE_LIMIT)
        self._integrator = EnergyIntegrator(
            sign=description.sign,
            max_gap=gap.total_seconds(),
            on_long_gap=gaps.report,
        )
        self._source: str | None = None
        self._device_total = HighWaterMark()

    async def async_added_to_hass(self) -> None:
        """Continue from the last stored total and source, then take a sample."""
        await super().async_added_to_hass()
        last = await self.async_get_last_sensor_data()
        restored = number(last.native_value) if last else None  # type: ignore[arg-type]
        extra = await self.async_get_last_extra_data()
        stored = extra.as_dict() if extra else {}
        if restored is not None and restored >= 0:
            self._integrator.restore(
                float(restored), _sample(stored.get("last_sample"))
            )
            self._device_total.value = float(restored)
        source = stored.get("source")
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
            self.native_value,
            self.native_unit_of_measurement,
            self._source,
            self._integrator.last_sample,
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
    """Energy of the local day so far, from the hourly history: a reading.

    It may only fall when a new local day starts (a shorter answer in the
    middle of the day is held). No state class: the Energy dashboard takes
    the lifetime totals (ZappiLifetimeSensor), which also count what the hub
    uploads after midnight.
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


class ZappiLifetimeSensor(ZappiEntity[ZappiHistoryCoordinator], SensorEntity):
    """Lifetime kWh of one quantity: the sum of all the history ever reported.

    The ledger (stored across restarts and reloads) decides what is new, so
    this only grows; late hours land when they arrive.
    """

    entity_description: ZappiLifetimeEntityDescription

    @property
    def native_value(self) -> float | None:
        """kWh counted so far; unknown until the first history read."""
        kwh = self.coordinator.ledgers.total_kwh(
            self.serial, self.entity_description.quantity
        )
        return None if kwh is None else round(kwh, 3)
