"""Writes to the simulated SENEC unit, with the integration's own client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
import json
import time
from typing import Any
from unittest.mock import ANY
from urllib.parse import quote

import aiohttp
import pytest

from custom_components.senec_zappi.senec import (
    Scheme,
    SenecClient,
    SenecConnectionError,
    SenecWriteRefusedError,
)
from simulator.__main__ import parse_args
from simulator.config import Device, Fault, SimConfig
from simulator.faults import FaultBoard
from simulator.plant import (
    MAX_CHARGE_W,
    STATE_SAFE_CHARGE,
    STATE_SAFE_CHARGE_DONE,
)
from simulator.senec_app import COOKIE
from simulator.server import Simulator, run_simulator

pytestmark = pytest.mark.usefixtures("socket_enabled")

SAFE = {
    "ENERGY": [
        "SAFE_CHARGE_RUNNING",
        "SAFE_CHARGE_FORCE",
        "SAFE_CHARGE_PROHIBIT",
        "STAT_STATE",
        "GUI_BAT_DATA_POWER",
        "GUI_GRID_POW",
        "GUI_HOUSE_POW",
        "GUI_INVERTER_POWER",
        "GUI_BAT_DATA_FUEL_CHARGE",
    ]
}


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimConfig(senec_https=False, reboot_seconds=0.5)
    async with run_simulator(config) as running:
        yield running


def _client(sim: Simulator, session: aiohttp.ClientSession, **kw: Any) -> SenecClient:
    return SenecClient(
        session, sim.senec_host, scheme=Scheme.HTTP, request_timeout=2, **kw
    )


def _night_clock(sim: Simulator) -> Clock:
    """The plant's clock, moved on to the coming 02:00 local (no sun)."""
    now = datetime.now()
    night = now.replace(hour=2, minute=0, second=0, microsecond=0)
    if night <= now:
        night += timedelta(days=1)
    clock = Clock(night.timestamp())
    sim.state.plant.clock = clock
    return clock


async def _energy(client: SenecClient) -> dict[str, Any]:
    return dict((await client.read(SAFE)).sections["ENERGY"])


async def test_safe_charge_charges_from_the_grid_until_full(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    clock = _night_clock(sim)
    client = _client(sim, session)
    before = await _energy(client)
    assert before["SAFE_CHARGE_RUNNING"] == 0
    assert before["STAT_STATE"] not in {STATE_SAFE_CHARGE, STATE_SAFE_CHARGE_DONE}
    answer = await client.start_safe_charge()
    assert answer.sections["ENERGY"]["SAFE_CHARGE_RUNNING"] == 1
    energy = await _energy(client)
    assert energy["STAT_STATE"] == STATE_SAFE_CHARGE
    assert energy["GUI_BAT_DATA_POWER"] == pytest.approx(MAX_CHARGE_W)
    assert energy["GUI_INVERTER_POWER"] == 0
    assert energy["GUI_GRID_POW"] == pytest.approx(
        energy["GUI_HOUSE_POW"] + MAX_CHARGE_W, abs=0.01
    )
    clock.now += 8 * 3600  # long enough to fill any battery state
    energy = await _energy(client)
    assert energy["GUI_BAT_DATA_FUEL_CHARGE"] == 100
    assert energy["STAT_STATE"] == STATE_SAFE_CHARGE_DONE
    assert energy["SAFE_CHARGE_RUNNING"] == 1
    assert energy["GUI_BAT_DATA_POWER"] == 0
    answer = await client.stop_safe_charge()
    assert answer.sections["ENERGY"]["SAFE_CHARGE_RUNNING"] == 0
    energy = await _energy(client)
    assert energy["SAFE_CHARGE_RUNNING"] == 0
    assert energy["SAFE_CHARGE_PROHIBIT"] == 1
    assert energy["STAT_STATE"] not in {STATE_SAFE_CHARGE, STATE_SAFE_CHARGE_DONE}
    assert len(sim.state.senec_control.writes) == 2


async def test_sockets_feature_and_force_on(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    answer = await client.read(
        {
            "FEATURES": ["SOCKETS"],
            "SOCKETS": ["NUMBER_OF_SOCKETS", "FORCE_ON", "POWER_ON"],
            "SYS_UPDATE": ["NPU_IMAGE_VERSION", "BOOT_REPORT_SUCCESS"],
        }
    )
    assert answer.sections["FEATURES"]["SOCKETS"] == 1
    assert answer.sections["SOCKETS"]["NUMBER_OF_SOCKETS"] == 2
    assert answer.sections["SOCKETS"]["FORCE_ON"] == [0, 0]
    image = answer.sections["SYS_UPDATE"]["NPU_IMAGE_VERSION"]
    assert isinstance(image, int)
    assert image >= 2408
    await client.set_socket_force_on(1, True)
    sockets = (await client.read({"SOCKETS": ["FORCE_ON", "POWER_ON"]})).sections
    assert sockets["SOCKETS"] == {"FORCE_ON": [0, 1], "POWER_ON": [0, 1]}
    await client.set_socket_force_on(0, True)
    await client.set_socket_force_on(1, False)
    sockets = (await client.read({"SOCKETS": ["FORCE_ON", "POWER_ON"]})).sections
    assert sockets["SOCKETS"] == {"FORCE_ON": [1, 0], "POWER_ON": [1, 0]}


async def _post(
    session: aiohttp.ClientSession, sim: Simulator, data: str, content_type: str
) -> dict[str, Any]:
    async with session.post(
        f"{sim.senec_url}/lala.cgi",
        data=data.encode(),
        headers={"Content-Type": content_type},
    ) as response:
        assert response.status == 200
        result: dict[str, Any] = json.loads(await response.read())
        return result


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [
        ("application/x-www-form-urlencoded; charset=UTF-8", str),
        ("application/x-www-form-urlencoded", quote),
        ("application/json", str),
    ],
)
async def test_write_forms_accepted(
    sim: Simulator,
    session: aiohttp.ClientSession,
    content_type: str,
    encode: Any,
) -> None:
    await _post(session, sim, json.dumps({"FACTORY": {"DEVICE_ID": ""}}), "text/plain")
    body = {"SOCKETS": {"FORCE_ON": ["u8_01", ""], "ENABLE": ""}}
    answer = await _post(session, sim, encode(json.dumps(body)), content_type)
    assert answer == {
        "SOCKETS": {"FORCE_ON": ["u8_01", ""], "ENABLE": ["u8_00", "u8_00"]}
    }
    assert sim.state.senec_control.settings["SOCKETS"]["FORCE_ON"] == [1, 0]


async def test_what_may_not_be_written(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    await _post(session, sim, json.dumps({"FACTORY": {"DEVICE_ID": ""}}), "text/plain")
    body = {
        "ENERGY": {
            "STAT_STATE": "u8_01",  # read-only: above a user's access
            "SAFE_CHARGE_FORCE": "u1_0001",  # the unit's type is u8
            "NO_SUCH_KEY": "u8_01",
        },
        "SOCKETS": {"FORCE_ON": ["u8_01", "u8_01", "u8_01"]},  # 2 sockets only
    }
    answer = await _post(session, sim, json.dumps(body), "application/json")
    assert answer == {
        "ENERGY": {
            "STAT_STATE": "FORBIDDEN",
            "SAFE_CHARGE_FORCE": "MALFORMED_VALUE",
            "NO_SUCH_KEY": "VARIABLE_NOT_FOUND",
        },
        "SOCKETS": {"FORCE_ON": "MALFORMED_VALUE"},
    }
    assert not sim.state.plant.safe_charge
    assert "SOCKETS" not in sim.state.senec_control.settings


async def test_write_refused_fault(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    sim.set_fault(Device.SENEC, Fault.WRITE_REFUSED)
    with pytest.raises(SenecWriteRefusedError) as err:
        await client.start_safe_charge()
    assert err.value.sentinel == "FORBIDDEN"
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 0
    sim.set_fault(Device.SENEC, Fault.NONE)
    await client.start_safe_charge()
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 1


async def test_write_ignored_fault(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """Echoed as if taken: only reading back shows nothing happened."""
    client = _client(sim, session)
    sim.set_fault(Device.SENEC, Fault.WRITE_IGNORED)
    await client.start_safe_charge()
    await client.set_socket_force_on(0, True)
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 0
    sockets = await client.read({"SOCKETS": ["FORCE_ON"]})
    assert sockets.sections["SOCKETS"]["FORCE_ON"] == [0, 0]
    assert len(sim.state.senec_control.writes) == 2


async def test_safe_charge_turned_back_on_by_the_unit(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    clock = _night_clock(sim)
    sim.state.senec_control.flip_seconds = 10
    client = _client(sim, session)
    sim.set_fault(Device.SENEC, Fault.SAFE_CHARGE_RESUMES)
    await client.start_safe_charge()
    await client.stop_safe_charge()
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 0
    clock.now += 9
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 0
    clock.now += 2
    energy = await _energy(client)
    assert energy["SAFE_CHARGE_RUNNING"] == 1
    assert energy["STAT_STATE"] == STATE_SAFE_CHARGE
    # without the fault, off stays off
    sim.set_fault(Device.SENEC, Fault.NONE)
    await client.stop_safe_charge()
    clock.now += 60
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 0


async def test_safe_charge_dropped_by_the_unit(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    clock = _night_clock(sim)
    sim.state.senec_control.flip_seconds = 30
    sim.state.plant.soc = 20.0
    client = _client(sim, session)
    sim.set_fault(Device.SENEC, Fault.SAFE_CHARGE_DROPS)
    await client.start_safe_charge()
    clock.now += 29
    assert (await _energy(client))["STAT_STATE"] == STATE_SAFE_CHARGE
    clock.now += 2
    energy = await _energy(client)
    assert energy["SAFE_CHARGE_RUNNING"] == 0
    assert energy["STAT_STATE"] != STATE_SAFE_CHARGE


async def test_restart_takes_the_unit_away_and_back_with_a_new_session(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    await client.read(SAFE)
    old = {c.key: c.value for c in session.cookie_jar}[COOKIE]

    async def with_old_cookie() -> tuple[int, object]:
        async with (
            aiohttp.ClientSession() as stale,
            stale.post(
                f"{sim.senec_url}/lala.cgi",
                json={"ENERGY": {"STAT_STATE": ""}},
                headers={"Cookie": f"{COOKIE}={old}"},
            ) as response,
        ):
            text = await response.text()
            return response.status, json.loads(text) if response.status == 200 else text

    status, body = await with_old_cookie()
    assert status == 200
    assert body == {"ENERGY": {"STAT_STATE": ANY}}
    answer = await client.restart()
    assert answer.sections["SYS_UPDATE"]["BOOT_REPORT_SUCCESS"] == 1
    assert sim.state.senec_control.rebooting
    with pytest.raises(SenecConnectionError):
        await client.read(SAFE)
    async with aiohttp.ClientSession() as fresh:  # a new connection: refused
        with pytest.raises(aiohttp.ClientConnectionError):
            await fresh.post(f"{sim.senec_url}/lala.cgi", json={"FACTORY": {}})
    started = time.monotonic()
    await sim.state.senec_control.wait_rebooted()
    assert time.monotonic() - started < 2
    assert sim.state.senec_control.reboots == 1
    # the old session is gone: 401, or {} on units that answer so
    assert (await with_old_cookie())[0] == 401
    sim.set_fault(Device.SENEC, Fault.SESSION_EMPTY)
    assert await with_old_cookie() == (200, {})
    answer = await client.read(SAFE)
    assert answer.sections["ENERGY"]["STAT_STATE"] is not None
    new = {c.key: c.value for c in session.cookie_jar}[COOKIE]
    assert new != old


async def test_refused_session_answered_empty_is_recovered(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """A poller that did not restart the unit itself gets {} and shakes hands again."""
    poller = _client(sim, session)
    await poller.read(SAFE)
    sim.set_fault(Device.SENEC, Fault.SESSION_EMPTY)
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as other:
        await _client(sim, other).restart()
    await sim.state.senec_control.wait_rebooted()
    sent = poller.requests_sent
    answer = await poller.read(SAFE)
    assert answer.sections["ENERGY"]["STAT_STATE"] is not None
    assert poller.requests_sent == sent + 3  # {} , handshake, read


async def test_senec_control_endpoint(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        url = sim.control_url + "/_sim/senec"
        async with session.post(
            url, json={"reboot_seconds": 3, "safe_charge_flip_seconds": 12}
        ) as response:
            state = await response.json()
        assert state["senec"]["reboot_seconds"] == 3
        assert state["senec"]["safe_charge_flip_seconds"] == 12
        assert state["senec"]["rebooting"] is False
        assert sim.state.senec_control.reboot_seconds == 3
        for bad in ({"reboot_seconds": -1}, {"reboot_seconds": "x"}, [1]):
            async with session.post(url, json=bad) as response:
                assert response.status == 400
        async with session.post(
            sim.control_url + "/_sim/fault",
            json={"device": "myenergi", "fault": "write_refused"},
        ) as response:
            assert response.status == 400


def test_senec_only_faults_and_flags() -> None:
    with pytest.raises(ValueError, match="senec"):
        FaultBoard().set(Device.MYENERGI, Fault.SESSION_EMPTY)
    with pytest.raises(SystemExit):
        parse_args(["--fault", "myenergi=write_ignored"])
    config = parse_args(
        [
            "--fault",
            "senec=safe_charge_resumes",
            "--reboot-seconds",
            "5",
            "--safe-charge-flip-seconds",
            "7.5",
        ]
    )
    assert config.faults == {Device.SENEC: Fault.SAFE_CHARGE_RESUMES}
    assert config.reboot_seconds == 5
    assert config.safe_charge_flip_seconds == 7.5


async def test_safe_charge_turned_back_on_once(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """safe_charge_resumes_once: the first off is undone, a second one sticks."""
    clock = _night_clock(sim)
    sim.state.senec_control.flip_seconds = 10
    client = _client(sim, session)
    sim.set_fault(Device.SENEC, Fault.SAFE_CHARGE_RESUMES_ONCE)
    await client.start_safe_charge()
    await client.stop_safe_charge()
    clock.now += 11
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 1
    await client.stop_safe_charge()
    clock.now += 60
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 0
    # a new "on" arms it again
    await client.start_safe_charge()
    await client.stop_safe_charge()
    clock.now += 11
    assert (await _energy(client))["SAFE_CHARGE_RUNNING"] == 1


@pytest.mark.parametrize("code", [25, 33])
async def test_unit_runs_a_charge_of_its_own(
    sim: Simulator, session: aiohttp.ClientSession, code: int
) -> None:
    """own_charge: the system state says so and the battery charges."""
    _night_clock(sim)
    sim.state.plant.soc = 30.0
    async with session.post(
        sim.control_url + "/_sim/senec", json={"own_charge": code}
    ) as response:
        assert (await response.json())["senec"]["own_charge"] == code
    energy = await _energy(_client(sim, session))
    assert energy["STAT_STATE"] == code
    assert energy["SAFE_CHARGE_RUNNING"] == 0
    assert energy["GUI_BAT_DATA_POWER"] == pytest.approx(MAX_CHARGE_W)
    async with session.post(
        sim.control_url + "/_sim/senec", json={"own_charge": 7}
    ) as response:
        assert response.status == 400


async def test_socket_needs_enable(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """sockets_need_enable: forced but disabled (the capture's ENABLE 0) stays off."""
    sim.state.senec_control.sockets_need_enable = True
    client = _client(sim, session)
    await client.set_socket_force_on(0, True)
    keys = {"SOCKETS": ["FORCE_ON", "ENABLE", "POWER_ON"]}
    sockets = (await client.read(keys)).sections["SOCKETS"]
    assert sockets == {"FORCE_ON": [1, 0], "ENABLE": [0, 0], "POWER_ON": [0, 0]}
    await client.write("SOCKETS", {"ENABLE": [1]})
    sockets = (await client.read(keys)).sections["SOCKETS"]
    assert sockets["POWER_ON"] == [1, 0]
    sim.state.senec_control.sockets_need_enable = False
    await client.write("SOCKETS", {"ENABLE": [0]})
    assert (await client.read(keys)).sections["SOCKETS"]["POWER_ON"] == [1, 0]


async def test_restart_drops_the_connection(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """restart_drops: no answer to the write, yet the unit restarts."""
    client = _client(sim, session)
    sim.set_fault(Device.SENEC, Fault.RESTART_DROPS)
    assert await client.restart() is None
    assert sim.state.senec_control.reboots == 1
    await sim.state.senec_control.wait_rebooted()
    assert (await _energy(client))["STAT_STATE"] is not None


def test_own_charge_and_socket_flags() -> None:
    config = parse_args(["--own-charge", "33", "--sockets-need-enable"])
    assert config.own_charge == 33
    assert config.sockets_need_enable
    assert parse_args([]).own_charge == 0
    assert not parse_args([]).sockets_need_enable
    with pytest.raises(SystemExit):
        parse_args(["--own-charge", "8"])
