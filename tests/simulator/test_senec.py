"""The simulated SENEC unit, read with the integration's own client."""

from __future__ import annotations

from datetime import date
import math
from typing import Any

import aiohttp
import pytest

from custom_components.senec_zappi.senec import (
    PathStyle as ClientPathStyle,
    Scheme,
    SenecClient,
    decode_value,
)
from simulator.config import PathStyle, SimConfig
from simulator.server import run_simulator

LIVE = {
    "ENERGY": [
        "GUI_BAT_DATA_POWER",
        "GUI_INVERTER_POWER",
        "GUI_HOUSE_POW",
        "GUI_GRID_POW",
        "GUI_BAT_DATA_FUEL_CHARGE",
        "STAT_STATE",
    ],
    "PM1OBJ1": ["P_AC", "P_TOTAL"],
    "PV1": ["MPP_POWER", "P_TOTAL"],
}
# pytest-homeassistant blocks sockets; the simulator only binds 127.0.0.1.
pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.mark.parametrize("https", [True, False])
async def test_live_values_balance(session: aiohttp.ClientSession, https: bool) -> None:
    async with run_simulator(SimConfig(senec_https=https)) as sim:
        client = SenecClient(
            session, sim.senec_host, scheme=Scheme.HTTPS if https else Scheme.HTTP
        )
        answer = await client.read(LIVE)
        assert sim.state.cookies  # the handshake set a cookie, later reads sent it
    assert client.requests_sent == 2
    values = answer.sections
    energy: dict[str, Any] = values["ENERGY"]
    assert set(answer.sections) == set(LIVE)
    assert 0 <= energy["GUI_BAT_DATA_FUEL_CHARGE"] <= 100
    house, pv, battery = (
        energy["GUI_HOUSE_POW"],
        energy["GUI_INVERTER_POWER"],
        energy["GUI_BAT_DATA_POWER"],
    )
    assert math.isclose(energy["GUI_GRID_POW"], house - pv + battery, abs_tol=0.5)
    assert energy["STAT_STATE"] in {13, 14, 15, 16, 19}
    if battery > 1:
        assert energy["STAT_STATE"] == 14
    if battery < -30:
        assert energy["STAT_STATE"] == 16
    elif battery < -1:  # a full battery wobbles a little while it regulates
        assert energy["STAT_STATE"] in {13, 16}
    phases: list[float] = values["PM1OBJ1"]["P_AC"]
    assert len(phases) == 3
    assert math.isclose(sum(phases), values["PM1OBJ1"]["P_TOTAL"], abs_tol=0.5)
    assert math.isclose(sum(phases), energy["GUI_GRID_POW"], abs_tol=0.5)
    mpp: list[float] = values["PV1"]["MPP_POWER"]
    assert math.isclose(sum(mpp), pv, abs_tol=0.5)


async def test_exact_keys_whole_sections_and_unknowns(
    session: aiohttp.ClientSession,
) -> None:
    async with run_simulator(SimConfig(senec_https=False)) as sim:
        url = f"{sim.senec_url}/lala.cgi"
        handshake = {"FACTORY": {"DEVICE_ID": ""}}
        async with session.post(url, json=handshake) as response:
            assert response.status == 200
            assert "senec-homev3-gui" in response.cookies
            assert await response.json() == {
                "FACTORY": {"DEVICE_ID": "st_2525866113258324220991834"}
            }
        body = {"ENERGY": {"STAT_STATE": "", "NOPE": ""}, "PM1": {}, "XYZ": {}}
        async with session.post(url, json=body) as response:
            answer = await response.json()
    assert set(answer["ENERGY"]) == {"STAT_STATE", "NOPE"}
    assert answer["ENERGY"]["NOPE"] == "VARIABLE_NOT_FOUND"
    assert isinstance(decode_value(answer["ENERGY"]["STAT_STATE"]), int)
    assert len(answer["PM1"]) == 4
    assert answer["XYZ"] == {"OBJECT_NOT_FOUND": ""}


async def test_cookie_required_and_bad_body() -> None:
    async with (
        run_simulator(SimConfig(senec_https=False)) as sim,
        aiohttp.ClientSession() as session,  # default jar drops IP-host cookies
    ):
        url = f"{sim.senec_url}/lala.cgi"
        async with session.post(url, json={"FACTORY": {}}) as response:
            assert response.status == 200
        async with session.post(url, json={"ENERGY": {}}) as response:
            assert response.status == 401
        async with session.post(url, data=b"not json") as response:
            assert response.status == 400


async def test_no_cookie_mode(session: aiohttp.ClientSession) -> None:
    config = SimConfig(senec_https=False, require_cookie=False)
    async with run_simulator(config) as sim:
        url = f"{sim.senec_url}/lala.cgi"
        async with session.post(url, json={"ENERGY": {"STAT_STATE": ""}}) as response:
            assert response.status == 200


async def _get(session: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with session.get(url, ssl=False) as response:
        return response.status, await response.text()


@pytest.mark.parametrize(
    ("style", "client_style"),
    [
        (PathStyle.DOUBLE, ClientPathStyle.DOUBLE),
        (PathStyle.CAPITAL, ClientPathStyle.CAPITAL),
        (PathStyle.LOWER, ClientPathStyle.LOWER),
    ],
)
async def test_vars_and_log_paths(
    session: aiohttp.ClientSession, style: PathStyle, client_style: ClientPathStyle
) -> None:
    async with run_simulator(SimConfig(path_style=style)) as sim:
        client = SenecClient(session, sim.senec_host, path_style=client_style)
        status, text = await _get(session, client.vars_url)
        assert status == 200
        assert "GUI_GRID_POW" in text
        status, text = await _get(session, client.log_url(date.today()))
        assert status == 200
        assert "Logging started" in text
        assert "STAT_STATE=" in text
        other = "/Vars.html" if style is not PathStyle.CAPITAL else "//vars.html"
        assert (await _get(session, sim.senec_url + other))[0] == 404
        tomorrow = date.fromordinal(date.today().toordinal() + 1)
        assert (await _get(session, client.log_url(tomorrow)))[0] == 404
        bad_day = sim.senec_url + ("//" if style is PathStyle.DOUBLE else "/")
        assert (await _get(session, bad_day + "log/2024/02/31.log"))[0] == 404


async def test_another_unit_at_the_address_and_a_slow_boot(
    session: aiohttp.ClientSession,
) -> None:
    """Options for what units do in the field: swap addresses, boot slowly."""
    counts = {"BMS": ["MODULES_CONFIGURED", "MODULE_COUNT"], "PV1": ["MPP_AVAIL"]}
    async with run_simulator(SimConfig(senec_https=False, reboot_seconds=0.1)) as sim:
        client = SenecClient(session, sim.senec_host, scheme=Scheme.HTTP)
        control = f"http://{sim.senec_host}/_sim/senec"
        own = await client.read_identity()

        async with session.post(
            control, json={"device_id": "2525866113258324220990042", "serial": "X1"}
        ) as response:
            assert response.status == 200
            assert (await response.json())["senec"]["identity"]["serial"] == "X1"
        other = await client.read_identity()
        assert other.device_id == "2525866113258324220990042" != own.device_id
        assert other.serial == "X1"
        async with session.post(control, json={"device_id": "", "serial": ""}):
            pass
        assert await client.read_identity() == own

        async with session.post(control, json={"booting_seconds": 60}) as response:
            assert response.status == 200
        booted = (await client.read(counts)).sections
        sim.state.senec_control.reboot()
        await sim.state.senec_control.wait_rebooted()
        booting = (await client.read(counts)).sections
        assert booting == {
            "BMS": {"MODULES_CONFIGURED": 0, "MODULE_COUNT": 0},
            "PV1": {"MPP_AVAIL": 0},
        }
        sim.state.senec_control.booting_seconds = 0
        assert (await client.read(counts)).sections == booted
        assert booted["BMS"]["MODULES_CONFIGURED"] == 3
