"""The house view: where the house's power, and each car's, comes from.

No Home Assistant imports: the entities only feed this module and show it.

At every SENEC poll the house's supply is split by source (PV used in the
house, battery discharge, grid import) from the SENEC's flows, and each car's
power (its zappi's latest charge power) is allocated in proportion: the car
gets the same mix as the house as a whole, no source is reserved for it.

The house's load is the balance of the three measured flows, PV + grid -
battery (SENEC signs: grid + import, battery + charging). GUI_HOUSE_POW is the
unit's own copy of that balance (the seed's capture agrees to 0.01 W), but it
is one more value that can glitch between polls; the flows are what the
meters measure. Who feeds what: export comes from PV first (then the
battery, e.g. a virtual power plant's order), battery charging from PV first
(then the grid, a safe charge); what is left of each source feeds the house.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
import math
from typing import Any

from .energy_integrator import EnergyIntegrator

SOURCES = ("solar", "battery", "grid")
# Below this much supply (W) the house has no mix to speak of.
MIN_SUPPLY_W = 1.0


@dataclass(frozen=True, slots=True)
class HouseReading:
    """One SENEC poll's flows in W, with the unit's signs."""

    pv_w: float
    battery_w: float  # + charging, - discharging
    grid_w: float  # + import, - export

    @classmethod
    def of(
        cls, pv: float | None, battery: float | None, grid: float | None
    ) -> HouseReading | None:
        """The reading, or None when a flow is missing or not a number."""
        if pv is None or battery is None or grid is None:
            return None
        if not all(math.isfinite(v) for v in (pv, battery, grid)):
            return None
        return cls(pv, battery, grid)


@dataclass(frozen=True, slots=True)
class Split:
    """Watts by source: of the house's supply, or of one car's power."""

    solar_w: float
    battery_w: float
    grid_w: float

    @property
    def total_w(self) -> float:
        """All three together."""
        return self.solar_w + self.battery_w + self.grid_w

    def part(self, source: str) -> float:
        """The watts of one of SOURCES."""
        return float(getattr(self, f"{source}_w"))

    def scaled(self, power_w: float) -> Split:
        """The same mix for power_w in total (a car's share of the house's mix)."""
        total = self.total_w
        return Split(
            power_w * self.solar_w / total,
            power_w * self.battery_w / total,
            power_w * self.grid_w / total,
        )


ZERO = Split(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Supply:
    """The house's supply by source, and what the sun leaves for the cars."""

    house: Split  # what the house (the cars included) draws from each source
    pv_w: float
    charge_w: float  # into the battery
    export_w: float

    @property
    def load_w(self) -> float:
        """What the whole house draws, the cars included."""
        return self.house.total_w

    @property
    def has_mix(self) -> bool:
        """Enough supply to tell a mix (not a dark, idle or glitching poll)."""
        return self.load_w >= MIN_SUPPLY_W

    def car(self, power_w: float) -> Split | None:
        """A car's power by source; None when a drawing car meets no mix."""
        if power_w <= 0:
            return ZERO
        return self.house.scaled(power_w) if self.has_mix else None

    def solar_surplus(self, cars_w: float) -> float:
        """PV minus what the house draws apart from the cars (never below 0).

        Cars that seem to draw more than the whole house (their zappi's
        reading is older than the SENEC's) leave the house at 0, not below.
        """
        return max(self.pv_w - max(self.load_w - cars_w, 0.0), 0.0)

    def surplus_after_battery(self, cars_w: float) -> float:
        """What the sun gives beyond the house and the battery's charging."""
        return max(self.solar_surplus(cars_w) - self.charge_w, 0.0)


def split_supply(reading: HouseReading) -> Supply:
    """Split the house's supply by source (see the module text for the rules)."""
    pv = max(reading.pv_w, 0.0)  # the unit sends -0.0 and small negatives at night
    charge, discharge = max(reading.battery_w, 0.0), max(-reading.battery_w, 0.0)
    imported, exported = max(reading.grid_w, 0.0), max(-reading.grid_w, 0.0)
    export_from_pv = min(exported, pv)
    charge_from_pv = min(charge, pv - export_from_pv)
    solar = pv - export_from_pv - charge_from_pv
    battery = max(discharge - (exported - export_from_pv), 0.0)
    grid = max(imported - (charge - charge_from_pv), 0.0)
    return Supply(Split(solar, battery, grid), pv, charge, exported)


@dataclass(slots=True)
class Hysteresis:
    """On after on_polls polls at or above on_w, off after off_polls below off_w.

    Between the two thresholds the state holds; an unknown sample restarts
    the count but keeps the state (a missing poll is no evidence either way).
    """

    on_w: float
    off_w: float
    on_polls: int
    off_polls: int
    is_on: bool = False
    _count: int = 0

    def add(self, power_w: float | None) -> bool:
        """Take one poll's power; returns the state."""
        if power_w is None:
            self._count = 0
            return self.is_on
        toward = power_w < self.off_w if self.is_on else power_w >= self.on_w
        self._count = self._count + 1 if toward else 0
        if self._count >= (self.off_polls if self.is_on else self.on_polls):
            self.is_on, self._count = not self.is_on, 0
        return self.is_on


@dataclass(slots=True)
class PlacementCheck:
    """Whether a zappi hangs behind the SENEC's grid meter, from evidence.

    Only polls where the car draws at least evidence_w count: a car that
    draws more than the whole house measures (plus tolerance) for polls
    polls in a row is not in this house; one that draws within it for as
    many polls is again. An idle car proves nothing, so the verdict holds.
    Tolerance covers the zappi's reading being up to a poll older than the
    SENEC's (a car that just stopped).
    """

    tolerance_w: float
    evidence_w: float
    polls: int
    misplaced: bool = False
    _count: int = 0

    def add(self, car_w: float | None, load_w: float | None) -> bool:
        """Take one pair of readings; returns whether the car is misplaced."""
        if car_w is None or load_w is None or car_w < self.evidence_w:
            return self.misplaced
        outside = car_w > load_w + self.tolerance_w
        self._count = self._count + 1 if outside != self.misplaced else 0
        if self._count >= self.polls:
            self.misplaced, self._count = outside, 0
        return self.misplaced


@dataclass(slots=True)
class Ledger:
    """One car's kWh by source: lifetime, today and this (or the last) session.

    Lifetime totals integrate each source's watts between good samples with
    the SENEC totals' integrator (its gap rule); today's and the session's
    counters take the same increments. A sample taken on a new day starts
    today from zero; a charging sample after the car was unplugged starts a
    new session.
    """

    max_gap: float
    lifetime: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(SOURCES, 0.0)
    )
    today: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0.0))
    session: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(SOURCES, 0.0)
    )
    day: str | None = None
    unplugged: bool = False  # the car was seen unplugged since the session began
    _integrators: dict[str, EnergyIntegrator] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """One integrator per source, continuing from the lifetime totals."""
        for source in SOURCES:
            self._integrators[source] = EnergyIntegrator(
                sign=1, max_gap=self.max_gap, total_kwh=self.lifetime[source]
            )

    def add(
        self, timestamp: float, split: Split, day: str, connected: bool | None
    ) -> None:
        """One good sample: the car's watts by source at timestamp (s)."""
        if day != self.day:
            self.today, self.day = dict.fromkeys(SOURCES, 0.0), day
        if self.unplugged and split.total_w > 0:
            self.session, self.unplugged = dict.fromkeys(SOURCES, 0.0), False
        if connected is False:
            self.unplugged = True
        for source in SOURCES:
            added = self._integrators[source].add(timestamp, split.part(source))
            self.lifetime[source] = self._integrators[source].total_kwh
            self.today[source] += added
            self.session[source] += added

    def gap(self) -> None:
        """What flows until the next sample is unknown: it adds nothing."""
        self.__post_init__()  # fresh integrators: no last sample to join

    @staticmethod
    def solar_share(kwh: Mapping[str, float]) -> float | None:
        """Solar's part of the kWh in %; None before any energy."""
        total = sum(kwh.values())
        return None if total <= 0 else 100.0 * kwh["solar"] / total

    def as_dict(self) -> dict[str, Any]:
        """What a restart needs (lifetime totals come back through the states)."""
        return {
            "today": dict(self.today),
            "session": dict(self.session),
            "day": self.day,
            "unplugged": self.unplugged,
        }

    def restore(self, stored: Mapping[str, Any]) -> None:
        """Continue today's and the session's counters after a restart.

        What was counted since the start (before the stored state was read)
        is new energy: it is added, never replaced. Today's counters of
        another day than the one counted since are not taken.
        """
        day = stored.get("day")
        day = day if isinstance(day, str) else None
        today, session = _kwh(stored.get("today")), _kwh(stored.get("session"))
        if today is not None and day is not None and self.day in (None, day):
            self.today = {s: today[s] + self.today[s] for s in SOURCES}
            self.day = day
        if session is not None:
            self.session = {s: session[s] + self.session[s] for s in SOURCES}
        self.unplugged = self.unplugged or stored.get("unplugged") is True

    def restore_lifetime(self, source: str, kwh: float) -> None:
        """Continue a lifetime total from its restored state (added to what
        was counted since the start; call once per source and run)."""
        if kwh > 0:
            self.lifetime[source] += kwh
            self._integrators[source].total_kwh = self.lifetime[source]


def _kwh(values: object) -> dict[str, float] | None:
    """Stored kWh by source, or None when anything is missing or negative."""
    if not isinstance(values, Mapping):
        return None
    if not all(
        isinstance(values.get(s), int | float) and values[s] >= 0 for s in SOURCES
    ):
        return None
    return {s: float(values[s]) for s in SOURCES}


@dataclass(frozen=True, slots=True)
class Rules:
    """The house view's thresholds; timing comes from the SENEC's interval.

    max_gap: the SENEC totals' gap rule (s). Battery-to-car: on after
    battery_polls polls with the battery's part of a car at or above
    battery_on_w, off after as many below battery_off_w. Placement: see
    PlacementCheck.
    """

    max_gap: float
    battery_on_w: float = 100.0
    battery_off_w: float = 50.0
    battery_polls: int = 3
    tolerance_w: float = 300.0
    evidence_w: float = 500.0
    placement_polls: int = 5


@dataclass(frozen=True, slots=True)
class CarSample:
    """A zappi's latest charge power; None while stale or unknown."""

    power_w: float | None
    connected: bool | None = None


@dataclass(slots=True)
class Car:
    """One paired zappi's running state in the house view."""

    ledger: Ledger
    battery: Hysteresis
    placement: PlacementCheck
    split: Split | None = None  # None: no good pair of readings this poll

    @property
    def misplaced(self) -> bool:
        """The zappi draws more than the house: not behind this SENEC's meter."""
        return self.placement.misplaced

    @property
    def battery_charging_car(self) -> bool | None:
        """The hysteresis state; None while the split is unknown."""
        return None if self.split is None else self.battery.is_on


class HouseView:
    """One SENEC house and its paired zappis, updated once per SENEC poll."""

    def __init__(
        self,
        rules: Rules,
        cars: dict[str, Car] | None = None,
        on_new: Callable[[str, Car], None] | None = None,
    ) -> None:
        """Nothing known until the first poll.

        cars: the zappis' running state, shared by the owner when it must
        outlive this view (kWh of a car whose house is reloaded or changes);
        on_new: called with each car made here (to restore its counters).
        """
        self.rules = rules
        self.cars: dict[str, Car] = {} if cars is None else cars
        self._on_new = on_new
        self.supply: Supply | None = None
        self.solar_surplus_w: float | None = None
        self.surplus_after_battery_w: float | None = None

    def car(self, serial: str) -> Car:
        """The state of one zappi, created on first use."""
        if serial not in self.cars:
            rules = self.rules
            self.cars[serial] = Car(
                Ledger(rules.max_gap),
                Hysteresis(
                    rules.battery_on_w,
                    rules.battery_off_w,
                    rules.battery_polls,
                    rules.battery_polls,
                ),
                PlacementCheck(
                    rules.tolerance_w, rules.evidence_w, rules.placement_polls
                ),
            )
            if self._on_new is not None:
                self._on_new(serial, self.cars[serial])
        return self.cars[serial]

    def update(
        self,
        timestamp: float,
        day: str,
        reading: HouseReading | None,
        samples: Mapping[str, CarSample],
    ) -> None:
        """One SENEC poll with the paired zappis' latest readings.

        A car without a good pair of readings adds nothing: the next good
        sample bridges the gap by the integrator's rule, as the SENEC totals
        do. A misplaced car breaks its integration and leaves the surplus.
        """
        self.supply = supply = None if reading is None else split_supply(reading)
        cars_w: float | None = 0.0
        for serial, sample in samples.items():
            car = self.car(serial)
            power = sample.power_w
            load = None if supply is None else supply.load_w
            if car.placement.add(power, load):
                car.split = None
                car.ledger.gap()
            else:
                car.split = None
                if supply is not None and power is not None:
                    car.split = supply.car(max(power, 0.0))
                if cars_w is not None:
                    cars_w = None if power is None else cars_w + max(power, 0.0)
            if car.split is None:
                car.battery.add(None)
                continue
            car.ledger.add(timestamp, car.split, day, sample.connected)
            car.battery.add(car.split.battery_w)
        if supply is None or cars_w is None:
            self.solar_surplus_w = self.surplus_after_battery_w = None
        else:
            self.solar_surplus_w = supply.solar_surplus(cars_w)
            self.surplus_after_battery_w = supply.surplus_after_battery(cars_w)
