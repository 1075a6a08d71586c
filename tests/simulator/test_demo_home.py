"""The home the demo shows (issue 26): what an owner of the pair has.

No SENEC wallbox unless asked for (most owners of a zappi have none), two
zappis with their own settings, cars and histories, and a safety charge that
charges the battery from the grid where the sun does not cover it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
import time

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import MyenergiClient
from custom_components.senec_zappi.senec import Scheme, SenecClient
from simulator.config import SimConfig
from simulator.plant import (
    MAX_CHARGE_W,
    STATE_SAFE_CHARGE,
    Plant,
    base_load,
    further_chargers,
)
from simulator.server import Simulator, run_simulator
from simulator.zappi import ECO, ECO_PLUS

pytestmark = pytest.mark.usefixtures("socket_enabled")

WALLBOX_KEYS = {
    "WIZARD": ["SETUP_NUMBER_WALLBOXES"],
    "FEATURES": ["CAR"],
    "WALLBOX": ["APPARENT_CHARGING_POWER", "STATE", "EV_CONNECTED"],
}


@pytest.fixture
async def two_zappis() -> AsyncIterator[Simulator]:
    async with run_simulator(SimConfig(zappis=2, command_delay=0)) as running:
        yield running


def _myenergi(sim: Simulator, session: aiohttp.ClientSession) -> MyenergiClient:
    config = sim.config
    return MyenergiClient(
        session, config.hub_serial, config.api_key, server_url=sim.myenergi_url
    )


async def _wallbox_values(
    session: aiohttp.ClientSession, config: SimConfig
) -> dict[str, dict[str, object]]:
    async with run_simulator(config) as sim:
        client = SenecClient(session, sim.senec_host, scheme=Scheme.HTTPS)
        return (await client.read(WALLBOX_KEYS)).sections


async def test_no_senec_wallbox_by_default(session: aiohttp.ClientSession) -> None:
    """The setup counts none and nothing charges at 7.2 kW beside the zappi."""
    values = await _wallbox_values(session, SimConfig())
    assert values["WIZARD"]["SETUP_NUMBER_WALLBOXES"] == 0
    assert values["FEATURES"]["CAR"] == 0
    assert values["WALLBOX"]["APPARENT_CHARGING_POWER"] == [0.0] * 4


async def test_a_senec_wallbox_when_asked_for(session: aiohttp.ClientSession) -> None:
    """One wallbox, idle: the house's power holds no wallbox charge."""
    values = await _wallbox_values(session, SimConfig(senec_wallbox=True))
    assert values["WIZARD"]["SETUP_NUMBER_WALLBOXES"] == 1
    wallbox = values["WALLBOX"]
    assert wallbox["APPARENT_CHARGING_POWER"] == [0.0] * 4
    assert wallbox["EV_CONNECTED"] == [0] * 4
    assert wallbox["STATE"] == [0xA1, 0, 0, 0]  # not connected


async def test_two_zappis_listed_and_named(
    two_zappis: Simulator, session: aiohttp.ClientSession
) -> None:
    """Driveway (Eco+) and Garage (Eco), each with its own serial and name."""
    client = _myenergi(two_zappis, session)
    first, second = await client.get_zappis()
    assert (first.serial, second.serial) == ("16000001", "16000002")
    assert (first.mode, second.mode) == (ECO_PLUS, ECO)
    names = await client.get_names()
    assert (names["16000001"], names["16000002"]) == ("Driveway", "Garage")
    assert (await client.get_zappi("16000002")).serial == "16000002"
    hub = await client.get_hub()
    assert hub is not None
    assert hub.firmware == "3401S3.051"


async def test_commands_reach_the_zappi_they_name(
    two_zappis: Simulator, session: aiohttp.ClientSession
) -> None:
    """A minimum green level for the Garage leaves the Driveway alone."""
    client = _myenergi(two_zappis, session)
    await client.set_min_green_level("16000002", 40)
    plant = two_zappis.state.plant
    assert plant.settings(1).min_green == 40
    assert plant.settings(0).min_green == 100
    first, second = await client.get_zappis()
    assert (first.min_green_level, second.min_green_level) == (100, 40)


async def test_each_zappi_has_its_own_history(
    two_zappis: Simulator, session: aiohttp.ClientSession
) -> None:
    """Diverted energy per zappi; the house's import and export are the same."""
    client = _myenergi(two_zappis, session)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    driveway = await client.get_day_hours("16000001", yesterday)
    garage = await client.get_day_hours("16000002", yesterday)
    assert len(driveway) == len(garage) == 24
    plant = two_zappis.state.plant
    start = int(
        datetime(yesterday.year, yesterday.month, yesterday.day, tzinfo=UTC).timestamp()
    )
    buckets = [plant.buckets[start + hour * 3600] for hour in range(24)]
    assert sum(r.diverted_j for r in garage) == pytest.approx(
        sum(b.diverted(1) for b in buckets), abs=24
    )
    assert sum(r.diverted_j for r in garage) > 0  # the Garage car charged
    assert sum(r.import_j for r in garage) == sum(r.import_j for r in driveway)


def _clock_at(hour: int) -> tuple[list[float], Callable[[], float]]:
    now = [time.mktime((2026, 6, 1, hour, 0, 0, 0, 0, -1))]
    return now, lambda: now[0]


def test_the_house_carries_both_chargers() -> None:
    """The Garage car charges in Eco at night: from the grid, on the house."""
    now, clock = _clock_at(20)
    plant = Plant(clock=clock, others=further_chargers(2))
    snap = plant.advance()
    (garage,) = snap.others
    assert garage.plugged
    assert garage.w > 0
    assert snap.house_w == pytest.approx(base_load(now[0]) + snap.zappi_w + garage.w)
    assert snap.grid_w == pytest.approx(snap.house_w - snap.pv_w + snap.battery_w)
    assert snap.charger(1).zappi_w == garage.w


@pytest.mark.parametrize("hour", [2, 21])
def test_safety_charge_charges_from_the_grid(hour: int) -> None:
    """At night the battery charges at full power and the grid supplies it."""
    now, clock = _clock_at(hour)
    plant = Plant(clock=clock, soc=40.0)
    before = plant.advance()
    plant.set_safe_charge(True)
    now[0] += 60
    during = plant.advance()
    assert before.pv_w == during.pv_w == 0
    assert during.state == STATE_SAFE_CHARGE
    assert during.battery_w == MAX_CHARGE_W
    assert during.grid_w == pytest.approx(during.house_w + MAX_CHARGE_W)
    assert during.soc > before.soc


def test_safety_charge_in_the_sun_takes_the_sun_first() -> None:
    """With PV the charge comes from the sun first; only the rest is exported."""
    now, clock = _clock_at(13)
    plant = Plant(clock=clock)
    plant.advance()
    plant.soc, plant.holding_full = 40.0, False
    plant.set_safe_charge(True)
    now[0] += 60
    snap = plant.advance()
    assert snap.battery_w == MAX_CHARGE_W
    assert snap.grid_w == pytest.approx(snap.house_w - snap.pv_w + MAX_CHARGE_W)
