"""Each fault mode gives the matching exception of the real clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
import time

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    MyenergiAuthError,
    MyenergiClient,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)
from custom_components.senec_zappi.senec import (
    Scheme,
    SenecClient,
    SenecConnectionError,
    SenecError,
    SenecInvalidAnswerError,
    SenecTimeoutError,
)
from simulator.config import Device, Fault, SimConfig
from simulator.faults import FaultBoard
from simulator.server import Simulator, run_simulator

pytestmark = pytest.mark.usefixtures("socket_enabled")

ASK = {"ENERGY": ["GUI_GRID_POW", "STAT_STATE"]}


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimConfig(senec_https=False, slow_seconds=0.2, retry_after=7)
    async with run_simulator(config) as running:
        yield running


def _senec(sim: Simulator, session: aiohttp.ClientSession) -> SenecClient:
    return SenecClient(session, sim.senec_host, scheme=Scheme.HTTP, request_timeout=0.5)


def _myenergi(sim: Simulator, session: aiohttp.ClientSession) -> MyenergiClient:
    return MyenergiClient(
        session,
        sim.config.hub_serial,
        sim.config.api_key,
        server_url=sim.myenergi_url,
        request_timeout=0.5,
    )


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.TIMEOUT, SenecTimeoutError),
        (Fault.HTTP_500, SenecInvalidAnswerError),
        (Fault.HTML_404, SenecInvalidAnswerError),
        (Fault.TRUNCATED_JSON, SenecInvalidAnswerError),
        (Fault.RESET, SenecConnectionError),
        (Fault.UNAUTHORIZED, SenecInvalidAnswerError),
        (Fault.RATE_LIMITED, SenecInvalidAnswerError),
    ],
)
async def test_senec_faults(
    sim: Simulator,
    session: aiohttp.ClientSession,
    fault: Fault,
    error: type[SenecError],
) -> None:
    client = _senec(sim, session)
    await client.read(ASK)
    sim.set_fault(Device.SENEC, fault)
    with pytest.raises(error):
        await client.read(ASK)
    sim.set_fault("senec", "none")
    answer = await client.read(ASK)
    assert answer.sections["ENERGY"]["STAT_STATE"] is not None


async def test_senec_slow_and_sentinel(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _senec(sim, session)
    sim.set_fault(Device.SENEC, Fault.SLOW)
    started = time.monotonic()
    answer = await client.read(ASK)
    assert time.monotonic() - started >= 0.2
    assert isinstance(answer.sections["ENERGY"]["GUI_GRID_POW"], float)
    sim.set_fault(Device.SENEC, Fault.SENTINEL)
    answer = await client.read(ASK)
    assert answer.sections["ENERGY"] == {"GUI_GRID_POW": None, "STAT_STATE": None}
    assert answer.raw["ENERGY"]["STAT_STATE"] == "VARIABLE_NOT_FOUND"


async def test_timed_fault_ends_by_itself(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _senec(sim, session)
    sim.set_fault(Device.SENEC, Fault.TIMEOUT, 0.2)
    # The hang ends with the fault, before the client gives up.
    answer = await client.read(ASK)
    assert answer.sections["ENERGY"]["STAT_STATE"] is not None
    assert sim.state.board.get(Device.SENEC) is Fault.NONE


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.TIMEOUT, MyenergiTimeoutError),
        (Fault.HTTP_500, MyenergiConnectionError),
        (Fault.HTML_404, MyenergiInvalidAnswerError),
        (Fault.TRUNCATED_JSON, MyenergiInvalidAnswerError),
        (Fault.RESET, MyenergiConnectionError),
        (Fault.UNAUTHORIZED, MyenergiAuthError),
        (Fault.RATE_LIMITED, MyenergiRateLimitError),
    ],
)
async def test_myenergi_faults(
    sim: Simulator,
    session: aiohttp.ClientSession,
    fault: Fault,
    error: type[MyenergiError],
) -> None:
    client = _myenergi(sim, session)
    await client.get_zappis()
    sim.set_fault(Device.MYENERGI, fault)
    with pytest.raises(error) as caught:
        await client.get_zappis()
    if isinstance(caught.value, MyenergiRateLimitError):
        assert caught.value.retry_after == 7
        client = _myenergi(sim, session)  # the first one waits the 7 s asked
    sim.set_fault(Device.MYENERGI, Fault.NONE)
    assert [z.serial for z in await client.get_zappis()] == [sim.config.zappi_serial]


async def test_myenergi_no_asn_and_sentinel(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    sim.switch_server(1)
    sim.set_fault(Device.MYENERGI, Fault.NO_ASN)
    client = _myenergi(sim, session)
    zappis = await client.get_zappis()
    assert zappis[0].plug_status is not None
    assert client.active_server == sim.myenergi_url  # no header: stays put
    sim.set_fault(Device.MYENERGI, Fault.SENTINEL)
    (zappi,) = await client.get_zappis()
    # A power the hub sends but that is no number is unknown, not zero (grd and
    # gen are always sent; div only while charging, so it is not checked).
    assert zappi.grid_power_w is None
    assert zappi.generation_w is None
    assert zappi.voltage_v is None
    assert zappi.status is None


def test_no_asn_is_myenergi_only() -> None:
    with pytest.raises(ValueError, match="myenergi"):
        FaultBoard().set(Device.SENEC, Fault.NO_ASN)
