"""The simulated myenergi cloud, read with the integration's own client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
import hashlib

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    MyenergiAuthError,
    MyenergiClient,
    aggregate_day,
)
from simulator.config import SimConfig
from simulator.digest import REALM, DigestServer, parse_authorization
from simulator.server import Simulator, run_simulator

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimConfig(hub_serial="87654321", api_key="k3y", zappi_serial="16000042")
    async with run_simulator(config) as running:
        yield running


def _client(
    sim: Simulator, session: aiohttp.ClientSession, key: str = "k3y"
) -> MyenergiClient:
    return MyenergiClient(session, "87654321", key, server_url=sim.myenergi_url)


async def test_status_matches_the_plant(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    (zappi,) = await client.get_zappis()
    snap = sim.state.plant.advance()
    assert zappi.serial == "16000042"
    assert zappi.grid_power_w == pytest.approx(snap.grid_w, abs=60)
    assert zappi.generation_w == pytest.approx(snap.pv_w, abs=60)
    assert zappi.status in {1, 3, 5}
    assert zappi.plug_status in {"A", "B1", "B2", "C2"}
    assert zappi.mode == 3
    assert [clamp.name for clamp in zappi.ct_clamps] == ["Internal Load", "Grid"]
    assert await client.get_names() == {
        "siteName": "Simulated home",
        "16000042": "Driveway",
        "87654321": "Hub",
    }


async def test_history_totals_match_the_plant(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    records = await client.get_day_hours("16000042", yesterday)
    assert len(records) == 24
    plant = sim.state.plant
    start = int(
        datetime(yesterday.year, yesterday.month, yesterday.day, tzinfo=UTC).timestamp()
    )
    buckets = [plant.buckets[start + h * 3600] for h in range(24)]
    assert sum(r.import_j for r in records) == pytest.approx(
        sum(b.import_j for b in buckets), abs=24
    )
    assert sum(r.generation_j for r in records) == pytest.approx(
        sum(b.generation_j for b in buckets), abs=24
    )
    assert sum(r.diverted_j for r in records) == pytest.approx(
        sum(b.diverted_j for b in buckets), abs=24
    )
    day = aggregate_day(records, yesterday, UTC)
    assert day.records == 24
    assert day.generation_kwh > 0  # the sun shone yesterday
    # Energy balance of the day: import - export = house - pv + charged - discharged
    assert all(r.voltage_v and 220 < r.voltage_v < 240 for r in records)
    assert await client.get_day_hours("99999999", yesterday) == []
    future = date.today() + timedelta(days=3)
    assert await client.get_day_hours("16000042", future) == []


async def test_wrong_key_is_refused(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(MyenergiAuthError):
        await _client(sim, session, key="wrong").get_zappis()


async def test_asn_switches_server(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    await client.get_zappis()
    assert client.active_server == sim.myenergi_url
    assert sim.switch_server(1) == f"127.0.0.1:{sim.myenergi_ports[1]}"
    await client.get_zappis()  # answered by the director, names server 1
    await client.get_zappis()  # answered by server 1
    assert client.active_server == f"http://127.0.0.1:{sim.myenergi_ports[1]}"
    with pytest.raises(ValueError, match="no server"):
        sim.switch_server(2)


async def test_unknown_paths_and_serials(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    assert await client.get_zappis()
    assert await client._get("cgi-jstatus-Z99") == {"zappi": []}
    assert (await client._get("cgi-jstatus-Z16000042"))["zappi"]
    with pytest.raises(Exception, match="404"):
        await client._get("cgi-nothing")
    with pytest.raises(Exception, match="404"):
        await client._get("cgi-jdayhour-Z16000042-2024-2-31")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _authorization(
    server: DigestServer, challenge: str, nc: int, key: str = "pw"
) -> str:
    fields = parse_authorization(challenge)
    assert fields is not None
    answer = {
        "username": "hub",
        "realm": REALM,
        "nonce": fields["nonce"],
        "uri": "/x",
        "qop": "auth",
        "nc": f"{nc:08x}",
        "cnonce": "abc",
    }
    ha1 = hashlib.md5(f"hub:{REALM}:{key}".encode()).hexdigest()
    ha2 = hashlib.md5(b"GET:/x").hexdigest()
    response = hashlib.md5(
        f"{ha1}:{answer['nonce']}:{answer['nc']}:abc:auth:{ha2}".encode()
    ).hexdigest()
    return "Digest " + ", ".join(
        f'{k}="{v}"' for k, v in {**answer, "response": response}.items()
    )


def test_digest_server_checks_stale_and_replay() -> None:
    clock = FakeClock()
    server = DigestServer("hub", "pw", lifetime=10, clock=clock)
    challenge = server.challenge()
    assert 'realm="MyEnergi Telemetry"' in challenge
    assert 'qop="auth"' in challenge
    assert server.check(_authorization(server, challenge, 1), "GET", "/x") is None
    assert server.check(_authorization(server, challenge, 2), "GET", "/x") is None
    replay = server.check(_authorization(server, challenge, 2), "GET", "/x")
    assert replay is not None
    assert "stale" not in replay
    assert server.check(_authorization(server, challenge, 3, "bad"), "GET", "/x")
    assert server.check(_authorization(server, challenge, 3), "GET", "/y")
    assert server.check("Basic abc", "GET", "/x")
    assert server.check(None, "GET", "/x")
    bad_nc = _authorization(server, challenge, 4).replace('nc="00000004"', 'nc="zz"')
    assert server.check(bad_nc, "GET", "/x")
    clock.now += 11
    stale = server.check(_authorization(server, challenge, 5), "GET", "/x")
    assert stale is not None
    assert stale.endswith("stale=true")


async def test_history_uploads_late_and_answers_empty_now_and_then(
    session: aiohttp.ClientSession,
) -> None:
    """With the options on, the newest hour is missing and every third
    answer is empty, as the hub does (myenergi facts, History payloads)."""
    config = SimConfig(
        hub_serial="87654321",
        api_key="k3y",
        zappi_serial="16000042",
        history_upload_delay=3600,
        history_empty_every=3,
    )
    async with run_simulator(config) as sim:
        client = _client(sim, session)
        now = datetime.fromtimestamp(sim.state.plant.clock(), UTC)
        today = now.date()
        first = await client.get_day_hours("16000042", today)
        second = await client.get_day_hours("16000042", today)
        third = await client.get_day_hours("16000042", today)
    assert third == []
    assert first == second
    newest_allowed = now - timedelta(hours=1)
    assert all(record.start <= newest_allowed for record in first)
    assert len(first) == now.hour  # 00:00 ... the hour before the last


async def test_firmware_fields_and_listing_change(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """Options for what zappis do in the field: new firmware, no boost yet, leaving."""
    client = _client(sim, session)
    control = f"{sim.myenergi_url}/_sim/zappi"
    async with session.post(
        control, json={"firmware": "3562S5.800", "boosted": False}
    ) as response:
        assert response.status == 200
    (zappi,) = await client.get_zappis()
    assert zappi.firmware == "3562S5.800"
    assert not {"tbk", "sbk", "sbh", "sbm"} & zappi.present_fields
    sim.state.plant.zappi.start_boost(7)  # the first boost brings tbk
    (zappi,) = await client.get_zappis()
    assert "tbk" in zappi.present_fields
    assert zappi.manual_boost_kwh == 7

    async with session.post(control, json={"listed": False}) as response:
        assert response.status == 200
    assert await client.get_zappis() == []
    async with session.post(control, json={"listed": True}):
        pass
    assert [z.serial for z in await client.get_zappis()] == ["16000042"]
