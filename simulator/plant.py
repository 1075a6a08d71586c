"""A deterministic home: PV, house load, battery, grid and a zappi over time.

Both simulated devices read the same plant, so the SENEC grid power, the
zappi's grid CT and the myenergi history all tell one consistent story.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
import math
import time
from typing import Final

from .zappi import ECO, ZappiSettings

PV_PEAK_W: Final = 8000.0
BATTERY_WH: Final = 7500.0  # FACTORY.DESIGN_CAPACITY of the capture
MAX_CHARGE_W: Final = 1875.0  # FACTORY.MAX_CHARGE_POWER_DC
MAX_DISCHARGE_W: Final = 3750.0  # FACTORY.MAX_DISCHARGE_POWER_DC
MIN_SOC: Final = 5.0
ZAPPI_MIN_W: Final = 1400.0  # Eco+ waits for this much surplus
ZAPPI_MAX_W: Final = 7360.0  # 32 A on one phase
CAR_NEED_WH: Final = 15000.0
# A second zappi (the demo's "Garage"): a commuter car away 07:00-17:30 that
# comes back wanting less; in Eco, second in line for the surplus.
SECOND_CAR_AWAY: Final = (7.0, 17.5)
SECOND_CAR_NEED_WH: Final = 8000.0
HOUSE_PHASE_SHARE: Final = (0.5, 0.3, 0.2)
MPP_SHARE: Final = (0.62, 0.38, 0.0)
STEP_SECONDS: Final = 30.0
# A full battery charges again only after it has discharged this many %, as
# real plants do; without it the state flaps between full and charging.
FULL_HYSTERESIS: Final = 3.0
# What a full battery gives while it regulates the grid to zero (+-12 W).
FULL_WOBBLE_W: Final = 30.0
HISTORY_DAYS: Final = 2

# STAT_STATE codes of the seed.
STATE_SAFE_CHARGE: Final = 8  # MAN. SICHERHEITSLADUNG
STATE_SAFE_CHARGE_DONE: Final = 9  # SICHERHEITSLADUNG FERTIG
STATE_FULL: Final = 13
STATE_CHARGING: Final = 14
STATE_EMPTY: Final = 15
STATE_DISCHARGING: Final = 16
STATE_PASSIVE: Final = 19


@dataclass(frozen=True, slots=True)
class ChargerSnap:
    """What a further zappi does at one moment (the first one is in Snapshot)."""

    w: float
    plugged: bool
    complete: bool
    session_wh: float
    boosting: bool


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Instantaneous values at one moment (W, %, V, Hz)."""

    at: float
    pv_w: float
    house_w: float  # what the SENEC's meter sees the house draw (the zappi too)
    battery_w: float  # + charging, - discharging
    grid_w: float  # + import, - export
    soc: float
    zappi_w: float
    plugged: bool
    car_complete: bool
    session_wh: float
    state: int
    phase_w: tuple[float, float, float]
    phase_v: tuple[float, float, float]
    mpp_w: tuple[float, float, float]
    frequency: float
    zappi_boosting: bool = False  # a manual or smart boost drives zappi_w
    others: tuple[ChargerSnap, ...] = ()  # the further zappis, in order

    def charger(self, index: int) -> Snapshot:
        """This moment as zappi index (0: the first) sees it."""
        if index == 0:
            return self
        other = self.others[index - 1]
        return replace(
            self,
            zappi_w=other.w,
            plugged=other.plugged,
            car_complete=other.complete,
            session_wh=other.session_wh,
            zappi_boosting=other.boosting,
        )


@dataclass(slots=True)
class Bucket:
    """Energy of one UTC hour in joules, as myenergi's jdayhour counts it."""

    import_j: float = 0.0
    export_j: float = 0.0
    generation_j: float = 0.0
    diverted_j: float = 0.0
    # The further zappis' diverted energy, in order (each has its own history).
    others_diverted_j: list[float] = field(default_factory=list)

    def diverted(self, index: int) -> float:
        """Joules zappi index (0: the first) put into its car this hour."""
        if index == 0:
            return self.diverted_j
        others = self.others_diverted_j
        return others[index - 1] if index - 1 < len(others) else 0.0


@dataclass(slots=True)
class Totals:
    """Energy since the simulation started, in Wh."""

    import_wh: float = 0.0
    export_wh: float = 0.0
    pv_wh: float = 0.0
    charged_wh: float = 0.0
    discharged_wh: float = 0.0
    zappi_wh: float = 0.0


def _bump(hour: float, centre: float, width: float) -> float:
    return math.exp(-(((hour - centre) / width) ** 2))


def _wiggle(t: float, *periods: float) -> float:
    """Smooth pseudo noise in [-1, 1], a pure function of time."""
    total = 0.0
    for p in periods:
        total += math.sin(t * 2 * math.pi / p + p)
    return total / len(periods)


def local_hour(t: float) -> float:
    """Hour of the local day as a fraction (the PV curve follows the clock)."""
    tm = time.localtime(t)
    return tm.tm_hour + tm.tm_min / 60 + tm.tm_sec / 3600


def pv_power(t: float) -> float:
    """Sun from 06:00 to 20:00 local, passing clouds."""
    hour = local_hour(t)
    if not 6.0 < hour < 20.0:
        return 0.0
    sun = float(math.sin(math.pi * (hour - 6.0) / 14.0) ** 1.5)
    clouds = 0.8 + 0.2 * _wiggle(t, 700.0, 1900.0, 4100.0)
    return PV_PEAK_W * sun * clouds


def base_load(t: float) -> float:
    """The house without the car: standby, breakfast, lunch, evening."""
    hour = local_hour(t)
    return (
        260.0
        + 350.0 * _bump(hour, 7.5, 1.0)
        + 900.0 * _bump(hour, 12.3, 0.7)
        + 1100.0 * _bump(hour, 19.0, 1.5)
        + 90.0 * _wiggle(t, 97.0, 311.0, 1301.0)
    )


def car_at_home(t: float, away: tuple[float, float] = (8.0, 10.0)) -> bool:
    """Whether the car is home; the first one is away 08:00-10:00 and comes back
    wanting a charge."""
    return not away[0] <= local_hour(t) < away[1]


@dataclass(slots=True)
class Charger:
    """A further zappi and its car: own settings, own session."""

    settings: ZappiSettings = field(default_factory=lambda: ZappiSettings(mode=ECO))
    away: tuple[float, float] = SECOND_CAR_AWAY
    need_wh: float = SECOND_CAR_NEED_WH
    session_wh: float = 0.0
    car_need_wh: float = SECOND_CAR_NEED_WH
    was_plugged: bool = True


def further_chargers(zappis: int) -> list[Charger]:
    """The zappis after the first, for a home with this many."""
    return [Charger() for _ in range(max(zappis - 1, 0))]


@dataclass(slots=True)
class Plant:
    """Integrates the home from HISTORY_DAYS before start up to now."""

    clock: Callable[[], float] = time.time
    soc: float = 50.0
    totals: Totals = field(default_factory=Totals)
    buckets: dict[int, Bucket] = field(default_factory=dict)
    session_wh: float = 0.0
    car_need_wh: float = CAR_NEED_WH
    was_plugged: bool = True
    # Safe charge (charging from the grid until full), and the unit's own
    # switches of it scheduled at plant times (simulated firmware bugs).
    safe_charge: bool = False
    # A charge the unit runs by itself: its system state code (25, 33), or 0.
    own_charge: int = 0
    holding_full: bool = False
    _switches: list[tuple[float, bool]] = field(default_factory=list)
    zappi: ZappiSettings = field(default_factory=ZappiSettings)
    # False: the zappi hangs on a meter the SENEC does not see (another
    # house's, a separate tariff meter); the SENEC's house and grid leave it out.
    zappi_behind_senec: bool = True
    # Scales the sun (0: a dark sky, for scenarios that need the battery).
    pv_factor: float = 1.0
    # Further zappis (each with its own car), after the first in priority.
    others: list[Charger] = field(default_factory=list)
    _t: float = 0.0

    def __post_init__(self) -> None:
        """Start at a UTC midnight so yesterday's history is complete."""
        now = self.clock()
        self._t = (now // 86400 - HISTORY_DAYS) * 86400
        self.advance()

    def snapshot_at(self, t: float) -> Snapshot:
        """Values at t with the current battery and car state."""
        pv = pv_power(t) * self.pv_factor
        base = base_load(t)
        plugged = car_at_home(t)
        complete = plugged and self.car_need_wh <= 0
        can_charge = self.soc < 100.0 and (self.safe_charge or not self.holding_full)
        battery_room = MAX_CHARGE_W if can_charge else 0.0
        surplus = pv - base - battery_room
        zappi, boosting = self.zappi.charge_power(
            local_hour(t),
            car_wants=plugged and not complete,
            surplus=surplus,
            min_w=ZAPPI_MIN_W,
            max_w=ZAPPI_MAX_W,
        )
        seen_zappi = zappi if self.zappi_behind_senec else 0.0
        # Further zappis take what surplus the first one left.
        left = surplus - zappi
        others: list[ChargerSnap] = []
        for charger in self.others:
            home = car_at_home(t, charger.away)
            done = home and charger.car_need_wh <= 0
            power, boost = charger.settings.charge_power(
                local_hour(t),
                car_wants=home and not done,
                surplus=left,
                min_w=ZAPPI_MIN_W,
                max_w=ZAPPI_MAX_W,
            )
            left -= power
            others.append(
                ChargerSnap(
                    power, home, done, charger.session_wh if home else 0.0, boost
                )
            )
        house = base + seen_zappi + sum(other.w for other in others)
        # The inverter regulates the grid to about zero, never exactly.
        regulation = 12.0 * _wiggle(t, 7.0, 29.0)
        battery = max(-MAX_DISCHARGE_W, min(MAX_CHARGE_W, pv - house + regulation))
        if self.safe_charge or self.own_charge:  # from the grid, no discharging
            battery = MAX_CHARGE_W if self.soc < 100.0 else 0.0
        if (battery > 0 and not can_charge) or (battery < 0 and self.soc <= MIN_SOC):
            battery = 0.0
        grid = house - pv + battery
        if self.own_charge:
            state = self.own_charge
        elif self.safe_charge:
            state = STATE_SAFE_CHARGE if can_charge else STATE_SAFE_CHARGE_DONE
        elif self.holding_full and battery >= -FULL_WOBBLE_W:
            state = STATE_FULL  # the regulation's wobble is no discharge
        elif battery > 1.0:
            state = STATE_CHARGING
        elif battery < -1.0:
            state = STATE_DISCHARGING
        elif self.holding_full or self.soc >= 100.0:
            state = STATE_FULL
        elif self.soc <= MIN_SOC:
            state = STATE_EMPTY
        else:
            state = STATE_PASSIVE
        # The first zappi on L1, the further ones on L2.
        further = house - base - zappi
        phases = tuple(
            base * share
            + (seen_zappi if index == 0 else 0.0)
            + (further if index == 1 else 0.0)
            + (battery - pv) / 3
            for index, share in enumerate(HOUSE_PHASE_SHARE)
        )
        volts = tuple(230.0 + 2.5 * _wiggle(t + 17 * n, 61.0, 173.0) for n in range(3))
        return Snapshot(
            at=t,
            pv_w=pv,
            house_w=house,
            battery_w=battery,
            grid_w=grid,
            soc=self.soc,
            zappi_w=zappi,
            plugged=plugged,
            car_complete=complete,
            session_wh=self.session_wh if plugged else 0.0,
            state=state,
            phase_w=(phases[0], phases[1], phases[2]),
            phase_v=(volts[0], volts[1], volts[2]),
            mpp_w=(pv * MPP_SHARE[0], pv * MPP_SHARE[1], pv * MPP_SHARE[2]),
            frequency=50.0 + 0.04 * _wiggle(t, 13.0, 47.0),
            zappi_boosting=boosting,
            others=tuple(others),
        )

    def advance(self) -> Snapshot:
        """Integrate up to the clock's now and return the values of now."""
        now = self.clock()
        while self._t < now:
            self._switch(self._t)
            until = min((at for at, _ in self._switches), default=now)
            dt = min(STEP_SECONDS, now - self._t, max(until - self._t, 1e-6))
            self._step(self._t, dt)
            self._t += dt
        self._switch(max(now, self._t))
        return self.snapshot_at(max(now, self._t))

    def settings(self, index: int) -> ZappiSettings:
        """The settings of zappi index (0: the first)."""
        return self.zappi if index == 0 else self.others[index - 1].settings

    def set_safe_charge(self, on: bool) -> None:
        """Start or end a safe charge now; cancels switches still pending."""
        self.advance()
        self.safe_charge = on
        self._switches.clear()

    def schedule_safe_charge(self, at: float, on: bool) -> None:
        """The unit switches safe charge on or off by itself at plant time at."""
        self._switches.append((at, on))
        self._switches.sort()

    def _switch(self, t: float) -> None:
        while self._switches and self._switches[0][0] <= t:
            self.safe_charge = self._switches.pop(0)[1]

    def _step(self, t: float, dt: float) -> None:
        snap = self.snapshot_at(t)
        if snap.plugged and not self.was_plugged:
            self.session_wh = 0.0
            self.car_need_wh = CAR_NEED_WH
        self.was_plugged = snap.plugged
        hours = dt / 3600
        self.soc = min(
            100.0, max(0.0, self.soc + snap.battery_w * hours / BATTERY_WH * 100)
        )
        if self.soc >= 100.0:
            self.holding_full = True
        elif self.soc <= 100.0 - FULL_HYSTERESIS:
            self.holding_full = False
        self.session_wh += snap.zappi_w * hours
        if snap.zappi_boosting:
            self.zappi.delivered(snap.zappi_w * hours)
        self.car_need_wh -= snap.zappi_w * hours
        totals = self.totals
        totals.import_wh += max(snap.grid_w, 0.0) * hours
        totals.export_wh += max(-snap.grid_w, 0.0) * hours
        totals.pv_wh += snap.pv_w * hours
        totals.charged_wh += max(snap.battery_w, 0.0) * hours
        totals.discharged_wh += max(-snap.battery_w, 0.0) * hours
        totals.zappi_wh += snap.zappi_w * hours
        bucket = self.buckets.setdefault(int(t // 3600) * 3600, Bucket())
        bucket.import_j += max(snap.grid_w, 0.0) * dt
        bucket.export_j += max(-snap.grid_w, 0.0) * dt
        bucket.generation_j += snap.pv_w * dt
        bucket.diverted_j += snap.zappi_w * dt
        for index, (charger, other) in enumerate(
            zip(self.others, snap.others, strict=True)
        ):
            if other.plugged and not charger.was_plugged:
                charger.session_wh = 0.0
                charger.car_need_wh = charger.need_wh
            charger.was_plugged = other.plugged
            charger.session_wh += other.w * hours
            charger.car_need_wh -= other.w * hours
            if other.boosting:
                charger.settings.delivered(other.w * hours)
            totals.zappi_wh += other.w * hours
            while len(bucket.others_diverted_j) <= index:
                bucket.others_diverted_j.append(0.0)
            bucket.others_diverted_j[index] += other.w * dt
