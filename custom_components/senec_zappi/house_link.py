"""One house, two devices: which zappis belong to which SENEC unit, and feeding them.

A SENEC entry and a myenergi entry never own each other's devices (since
2026.8 a device belongs to one entry). Each loaded entry registers its
runtime data in one small registry in ``hass.data`` (keyed by the domain);
the registry pairs zappis with SENEC houses and tells the entities of both
entries when something changed. So either entry can be added, removed or
reloaded first: the pairing is worked out again whenever one comes or goes.

Pairing: with exactly one SENEC entry and one myenergi entry, every zappi of
the hub belongs to the unit, unless the unit's options choose zappis. A
SENEC entry's chosen zappis always win; with more entries only chosen
zappis are paired.

At every successful SENEC poll the unit's ``House`` feeds its view
(house.py) with the SENEC's flows and the paired zappis' latest readings.
No request is added: the three flows are default keys of every poll.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import timedelta
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey
import voluptuous as vol

from .const import DOMAIN, LOGGER
from .coordinator import SenecCoordinator
from .descriptions.senec.base import read_value
from .house import SOURCES, Car, CarSample, HouseReading, HouseView, Rules, Split
from .issues import (
    ISSUE_ZAPPI_NOT_IN_HOUSE,
    async_delete_issue,
    async_raise_zappi_not_in_house,
)
from .runtime import MyenergiRuntime, SenecZappiConfigEntry

CONF_HOUSE_AUTOMATIC = "house_automatic"
CONF_HOUSE_ZAPPIS = "house_zappis"
# The flows the view reads; default-enabled sensors ask for them anyway.
FLOWS = ("GUI_INVERTER_POWER", "GUI_BAT_DATA_POWER", "GUI_GRID_POW")
SECTION = "ENERGY"
HOUSES: HassKey[HouseRegistry] = HassKey(f"{DOMAIN}_houses")


def pair(
    houses: Mapping[str, Collection[str] | None],
    hubs: Mapping[str, Collection[str]],
) -> dict[str, str]:
    """Which house (SENEC entry id) each zappi serial belongs to.

    houses: each SENEC entry's chosen serials, None for automatic; hubs:
    each myenergi entry's serials. A serial chosen by two houses goes to the
    first; serials no hub lists are left out.
    """
    serials = [serial for hub in hubs.values() for serial in hub]
    if len(houses) == 1 and len(hubs) == 1:
        ((house, chosen),) = houses.items()
        if chosen is None:
            return dict.fromkeys(serials, house)
    pairs: dict[str, str] = {}
    for house, chosen in sorted(houses.items()):
        for serial in chosen or ():
            if serial in serials:
                pairs.setdefault(serial, house)
    return pairs


def chosen_zappis(options: Mapping[str, object]) -> list[str] | None:
    """A SENEC entry's chosen zappis; None while pairing is automatic."""
    if options.get(CONF_HOUSE_AUTOMATIC, True) is not False:
        return None
    chosen = options.get(CONF_HOUSE_ZAPPIS)
    return [s for s in chosen if isinstance(s, str)] if isinstance(chosen, list) else []


def _listen(listeners: list[CALLBACK_TYPE], listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
    listeners.append(listener)

    @callback
    def remove() -> None:
        listeners.remove(listener)

    return remove


def registry(hass: HomeAssistant) -> HouseRegistry:
    """The one registry of this Home Assistant, made on first use."""
    if HOUSES not in hass.data:
        hass.data[HOUSES] = HouseRegistry(hass)
    return hass.data[HOUSES]


class HouseRegistry:
    """Loaded SENEC houses and myenergi hubs, the pairs, and the cars' counts.

    The cars' state (kWh, hysteresis, placement) lives here, keyed by
    serial, so it outlives a reload of either entry and a change of house.
    """

    def __init__(self, hass: HomeAssistant) -> None:
        """Empty: entries add themselves at setup."""
        self.hass = hass
        self.houses: dict[str, House] = {}
        self.hubs: dict[str, MyenergiRuntime] = {}
        self.cars: dict[str, Car] = {}
        self.pairs: dict[str, str] = {}
        self._listeners: list[CALLBACK_TYPE] = []
        self._pairing_listeners: list[CALLBACK_TYPE] = []
        # Stored counters read by the entities, until their car exists; and
        # what was restored this run (a reloaded entry must not add it again).
        self._stored: dict[str, dict[str, Any]] = {}
        self._restored: set[tuple[str, str]] = set()

    @callback
    def restore(self, serial: str, part: str, stored: Any) -> None:
        """A car's stored counters ("ledger" or a source's lifetime kWh), or None.

        Only the first call per run counts: after a reload the stored state
        is the running total this registry already holds.
        """
        if (serial, part) in self._restored:
            return
        self._restored.add((serial, part))
        if stored is None:
            return
        self._stored.setdefault(serial, {})[part] = stored
        if serial in self.cars:
            self.seed(serial, self.cars[serial])

    @callback
    def seed(self, serial: str, car: Car) -> None:
        """Apply what was stored for a car, once per run."""
        for part, stored in self._stored.pop(serial, {}).items():
            if part == "ledger":
                car.ledger.restore(stored)
            elif isinstance(stored, int | float):
                car.ledger.restore_lifetime(part, float(stored))

    @callback
    def add_house(self, house: House) -> CALLBACK_TYPE:
        """A SENEC entry is loaded; returns what its unload calls."""
        self.houses[house.entry_id] = house
        self.async_repair()

        @callback
        def remove() -> None:
            self.houses.pop(house.entry_id, None)
            self.async_repair()

        return remove

    @callback
    def add_hub(self, entry_id: str, runtime: MyenergiRuntime) -> CALLBACK_TYPE:
        """A myenergi entry is loaded; a zappi it lists later is paired then."""
        self.hubs[entry_id] = runtime
        self.async_repair()
        stop = runtime.async_on_new_devices(lambda _: self.async_repair())

        @callback
        def remove() -> None:
            stop()
            self.hubs.pop(entry_id, None)
            self.async_repair()

        return remove

    @callback
    def async_repair(self) -> None:
        """Work out the pairs again (an entry came, went or changed its options)."""
        pairs = pair(
            {entry_id: house.chosen for entry_id, house in self.houses.items()},
            {
                entry_id: list(runtime.status.data or {})
                for entry_id, runtime in self.hubs.items()
            },
        )
        for serial, house_id in self.pairs.items():
            if pairs.get(serial) != house_id and serial in self.cars:
                # Left its house (or an entry reloads): unavailable until the
                # next poll; that poll's sample joins the last one by the
                # integrator's gap rule, so a reload loses nothing.
                self.cars[serial].split = None
        if pairs != self.pairs:
            LOGGER.debug("House view: %s zappi(s) paired", len(pairs))
        self.pairs = pairs
        for house in self.houses.values():
            house.serials = tuple(
                sorted(s for s, h in pairs.items() if h == house.entry_id)
            )
        for listener in list(self._pairing_listeners):
            listener()
        self.async_notify()

    @callback
    def async_listen(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call listener after every house update and pairing change."""
        return _listen(self._listeners, listener)

    @callback
    def async_listen_pairing(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call listener after every pairing change (platforms add entities)."""
        return _listen(self._pairing_listeners, listener)

    @callback
    def async_notify(self) -> None:
        """Tell every entity of the house view."""
        for listener in list(self._listeners):
            listener()

    def hub_of(self, serial: str) -> MyenergiRuntime | None:
        """The loaded myenergi runtime that lists this zappi."""
        return next(
            (r for r in self.hubs.values() if serial in (r.status.data or {})), None
        )

    def house_of(self, serial: str) -> House | None:
        """The house a zappi is paired with, if that house is loaded."""
        house_id = self.pairs.get(serial)
        return None if house_id is None else self.houses.get(house_id)

    def sample(self, serial: str) -> CarSample:
        """A zappi's latest charge power; None unless its reading is good and fresh."""
        runtime = self.hub_of(serial)
        if runtime is None:
            return CarSample(None)
        status = runtime.status
        zappi = (status.data or {}).get(serial)
        if zappi is None or not status.last_update_success or serial in status.stale:
            return CarSample(None)
        power = zappi.charge_power_w
        return CarSample(None if power is None else float(power), zappi.ev_connected)

    def label(self, serial: str) -> str:
        """A zappi's name for logs and repair texts; serials stay out."""
        runtime = self.hub_of(serial)
        name = runtime.names.get(serial) if runtime else None
        return f"zappi {name}" if name else "zappi"

    def zappi_names(self) -> dict[str, str]:
        """Every zappi of every loaded hub with its name (the options' choices)."""
        return {
            serial: runtime.names.get(serial) or f"zappi {serial}"
            for runtime in self.hubs.values()
            for serial in runtime.status.data or {}
        }


class House:
    """One SENEC unit's house view, fed at every successful poll."""

    def __init__(
        self,
        hass: HomeAssistant,
        coordinator: SenecCoordinator,
        max_gap: timedelta,
    ) -> None:
        """The view shares the registry's car state; options say the pairing."""
        entry = coordinator.config_entry
        self.hass = hass
        self.entry_id = entry.entry_id
        self.title = entry.title
        self.chosen = chosen_zappis(entry.options)
        self.coordinator = coordinator
        self.registry = registry(hass)
        self.view = HouseView(
            Rules(max_gap=max_gap.total_seconds()),
            self.registry.cars,
            self.registry.seed,
        )
        self._available: dict[str, bool] = {}
        self.serials: tuple[str, ...] = ()  # paired zappis, set by the registry
        self._misplaced: list[str] = []  # the zappis the issue names

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Join the registry, ask for the flows and listen to the polls."""
        stops = (
            self.coordinator.async_want((SECTION, flow) for flow in FLOWS),
            self.coordinator.async_add_listener(self._async_poll),
            self.registry.add_house(self),
        )
        self._async_poll()  # the setup's first answer is a good first sample

        @callback
        def stop() -> None:
            for undo in stops:
                undo()
            async_delete_issue(
                self.hass, self.coordinator.config_entry, ISSUE_ZAPPI_NOT_IN_HOUSE
            )
            self.registry.async_notify()

        return stop

    @property
    def available(self) -> bool:
        """The SENEC's data is good (its entities are available)."""
        return self.coordinator.last_update_success

    def car(self, serial: str) -> Car | None:
        """A paired zappi's state in this house."""
        return self.view.cars.get(serial) if serial in self.serials else None

    def diagnostics(self) -> dict[str, Any]:
        """The view as a support case needs it: by zappi name, no serials."""
        view = self.view
        supply = view.supply
        return {
            "automatic": self.chosen is None,
            "house_w": None if supply is None else _watts(supply.house),
            "solar_surplus_w": view.solar_surplus_w,
            "surplus_after_battery_w": view.surplus_after_battery_w,
            "cars": [
                {
                    "name": self.registry.label(serial),
                    "power_w": None if car.split is None else _watts(car.split),
                    "battery_charging_car": car.battery_charging_car,
                    "misplaced": car.misplaced,
                    "lifetime_kwh": dict(car.ledger.lifetime),
                }
                for serial in self.serials
                if (car := view.cars.get(serial)) is not None
            ],
        }

    @callback
    def _async_poll(self) -> None:
        """A poll ended: a good one feeds the view; either way the entities update."""
        if self.coordinator.last_update_success:
            data = self.coordinator.data
            flows = [read_value(data, SECTION, flow, None) for flow in FLOWS]
            numbers = [v if isinstance(v, int | float) else None for v in flows]
            self.view.update(
                dt_util.utcnow().timestamp(),
                dt_util.now().date().isoformat(),
                HouseReading.of(*numbers),
                {serial: self.registry.sample(serial) for serial in self.serials},
            )
            self._report()
        self.registry.async_notify()

    def _report(self) -> None:
        """Log each car once when its view goes or comes back; the repair issue."""
        misplaced = []
        for serial in self.serials:
            car = self.view.cars[serial]
            if car.misplaced:
                misplaced.append(self.registry.label(serial))
            available = car.split is not None
            if self._available.get(serial, True) != available:
                if available:
                    LOGGER.info("House view of %s is back", self.registry.label(serial))
                else:
                    LOGGER.warning(
                        "House view of %s unavailable: %s",
                        self.registry.label(serial),
                        "it draws more than the whole house the SENEC measures"
                        if car.misplaced
                        else "no good pair of SENEC and zappi readings",
                    )
            self._available[serial] = available
        if misplaced == self._misplaced:
            return  # the issue says it already
        self._misplaced = misplaced
        entry = self.coordinator.config_entry
        if misplaced:
            async_raise_zappi_not_in_house(self.hass, entry, sorted(misplaced))
        else:
            async_delete_issue(self.hass, entry, ISSUE_ZAPPI_NOT_IN_HOUSE)


def _watts(split: Split) -> dict[str, float]:
    return {source: round(split.part(source), 1) for source in SOURCES}


def house_fields(hass: HomeAssistant, entry: SenecZappiConfigEntry) -> dict[Any, Any]:
    """Automatic pairing, and the zappis of every loaded hub to choose from."""
    houses = registry(hass)
    names = houses.zappi_names()
    chosen = chosen_zappis(entry.options)
    if chosen is None:  # automatic: today's pairs are the starting choice
        chosen = [s for s, h in houses.pairs.items() if h == entry.entry_id]
    choices = [SelectOptionDict(value=s, label=n) for s, n in sorted(names.items())]
    choices += [SelectOptionDict(value=s, label=s) for s in chosen if s not in names]
    return {
        vol.Required(
            CONF_HOUSE_AUTOMATIC,
            default=entry.options.get(CONF_HOUSE_AUTOMATIC, True),
        ): BooleanSelector(),
        vol.Optional(CONF_HOUSE_ZAPPIS, default=chosen): SelectSelector(
            SelectSelectorConfig(
                options=choices, multiple=True, mode=SelectSelectorMode.LIST
            )
        ),
    }


def house_options(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """The pairing options from the submitted form."""
    return {
        CONF_HOUSE_AUTOMATIC: bool(user_input.get(CONF_HOUSE_AUTOMATIC, True)),
        CONF_HOUSE_ZAPPIS: list(user_input.get(CONF_HOUSE_ZAPPIS, [])),
    }
