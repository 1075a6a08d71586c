"""The simulated home over a day, the control endpoint and the command line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
import io
import math

import aiohttp
import pytest

from simulator.__main__ import banner, parse_args, read_banner
from simulator.config import Device, Fault, PathStyle, SimConfig
from simulator.plant import (
    BATTERY_WH,
    MAX_CHARGE_W,
    MAX_DISCHARGE_W,
    STATE_CHARGING,
    STATE_DISCHARGING,
    STATE_FULL,
    Plant,
)
from simulator.server import Simulator, run_simulator
from simulator.zappi import FAST, ZappiSettings

pytestmark = pytest.mark.usefixtures("socket_enabled")


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def _local(hour: int) -> float:
    return datetime(2026, 6, 21, hour).timestamp()


def test_a_day_of_the_plant_balances() -> None:
    clock = Clock(_local(0))
    plant = Plant(clock=clock)
    states = set()
    for minute in range(0, 24 * 60, 10):
        clock.now = _local(0) + minute * 60
        soc_before = plant.soc
        net_before = plant.totals.charged_wh - plant.totals.discharged_wh
        snap = plant.advance()
        assert math.isclose(snap.grid_w, snap.house_w - snap.pv_w + snap.battery_w)
        assert math.isclose(sum(snap.phase_w), snap.grid_w, abs_tol=1e-6)
        assert math.isclose(sum(snap.mpp_w), snap.pv_w, abs_tol=1e-6)
        assert -MAX_DISCHARGE_W <= snap.battery_w <= MAX_CHARGE_W
        assert 0 <= snap.soc <= 100
        if snap.battery_w > 1:
            assert snap.state == STATE_CHARGING
        if snap.battery_w < -1:  # a full battery may wobble around zero
            assert snap.state in {STATE_DISCHARGING, STATE_FULL}
        states.add(snap.state)
        # SoC moves with the battery energy of the last ten minutes.
        net = plant.totals.charged_wh - plant.totals.discharged_wh - net_before
        if max(plant.soc, soc_before) < 99.5:  # a full battery clips the last step
            assert plant.soc - soc_before == pytest.approx(net / BATTERY_WH * 100)
    assert {STATE_CHARGING, STATE_DISCHARGING} <= states
    assert plant.totals.pv_wh > 10000
    assert plant.totals.zappi_wh > 0


def test_car_unplugged_in_the_morning_and_session_restarts() -> None:
    clock = Clock(_local(9))
    plant = Plant(clock=clock)
    away = plant.advance()
    assert not away.plugged
    assert away.session_wh == 0
    clock.now = _local(14)
    home = plant.advance()
    assert home.plugged
    # The car stops once it has what it needs (one 30 s step may overshoot).
    assert 0 <= home.session_wh <= 15000 + 7360 * 30 / 3600


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator(SimConfig(senec_https=False)) as running:
        yield running


async def test_control_endpoint(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        url = sim.control_url + "/_sim"
        async with session.post(
            url + "/fault", json={"device": "senec", "fault": "http_500", "for": 30}
        ) as response:
            state = await response.json()
        assert state["faults"]["senec"]["fault"] == "http_500"
        assert 29 < state["faults"]["senec"]["remaining"] <= 30
        assert sim.state.board.get(Device.SENEC) is Fault.HTTP_500
        async with session.post(
            url + "/fault", json={"device": "senec", "fault": "bogus"}
        ) as response:
            assert response.status == 400
        async with session.post(url + "/asn", json={"server": 1}) as response:
            assert (await response.json())["asn"].endswith(str(sim.myenergi_ports[1]))
        async with session.post(url + "/asn", json={"server": 5}) as response:
            assert response.status == 400
        async with session.get(sim.senec_url + "/_sim/state") as response:
            state = await response.json()
        assert state["faults"]["myenergi"] == {"fault": "none", "remaining": None}
        assert set(state["live"]) >= {"pv_w", "grid_w", "soc", "state"}


def test_command_line() -> None:
    config = parse_args(
        [
            "--http",
            "--path-style",
            "lower",
            "--hub-serial",
            "111",
            "--api-key",
            "abc",
            "--fault",
            "senec=slow",
            "--fault",
            "myenergi=no_asn",
        ]
    )
    assert not config.senec_https
    assert config.path_style is PathStyle.LOWER
    assert config.faults == {Device.SENEC: Fault.SLOW, Device.MYENERGI: Fault.NO_ASN}
    with pytest.raises(SystemExit):
        parse_args(["--fault", "senec=melt"])
    with pytest.raises(SystemExit):
        parse_args(["--fault", "senec=no_asn"])


async def test_banner_and_start_faults() -> None:
    config = SimConfig(faults={Device.MYENERGI: Fault.HTTP_500}, api_key="xyz")
    async with run_simulator(config) as sim:
        text = banner(sim)
        assert sim.state.board.get(Device.MYENERGI) is Fault.HTTP_500
    assert f"{sim.senec_host} (https)" in text
    assert "API key:          xyz" in text
    assert sim.myenergi_url in text
    fields = read_banner(io.StringIO(text + "\n"))
    assert fields["myenergi server"] == sim.myenergi_url
    assert fields["API key"] == "xyz"
    with pytest.raises(RuntimeError, match="stopped before"):
        read_banner(io.StringIO("SENEC host: x\n"))


def test_zappi_on_a_meter_the_senec_does_not_see() -> None:
    """The SENEC's house and grid leave the zappi out; the zappi still charges."""
    clock = Clock(_local(21))
    seen = Plant(clock=clock, zappi=ZappiSettings(mode=FAST))
    elsewhere = Plant(clock=clock, zappi=ZappiSettings(mode=FAST))
    elsewhere.zappi_behind_senec = False
    for plant in (seen, elsewhere):
        plant.car_need_wh = 50_000
    a, b = seen.advance(), elsewhere.advance()
    assert a.zappi_w == b.zappi_w == 7360
    assert a.house_w - b.house_w == pytest.approx(7360, abs=100)
    assert math.isclose(b.grid_w, b.house_w - b.pv_w + b.battery_w)
    assert b.house_w < b.zappi_w  # what the house view's sanity check sees


async def test_plant_control(sim: Simulator) -> None:
    """POST /_sim/plant switches the scenario; bad values are refused."""
    async with aiohttp.ClientSession() as session:
        url = sim.control_url + "/_sim/plant"
        body = {"zappi_behind_senec": False, "pv_factor": 0, "soc": 80}
        async with session.post(url, json=body) as response:
            state = await response.json()
        assert state["plant"]["zappi_behind_senec"] is False
        assert state["live"]["pv_w"] == 0
        assert state["live"]["soc"] == pytest.approx(80, abs=0.1)
        for bad in ({"soc": 120}, {"zappi_behind_senec": "no"}, {"sun": 1}, {}):
            async with session.post(url, json=bad) as response:
                assert response.status == 400, bad
    assert parse_args(["--zappi-elsewhere"]).zappi_behind_senec is False
    assert parse_args([]).zappi_behind_senec is True
