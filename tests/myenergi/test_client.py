"""MyenergiClient against real servers on 127.0.0.1: discovery, errors, history."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
import pytest

from custom_components.senec_zappi.myenergi import (
    DEFAULT_SERVER,
    ChargeMode,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)
from custom_components.senec_zappi.myenergi.transport import retry_after_seconds
from simulator.tls import make_self_signed, server_ssl_context

from .fake_cloud import (
    PASSWORD,
    USERNAME,
    Answer,
    FakeCloud,
    json_answer,
    payload_route,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

FIXTURES = Path(__file__).parent.parent / "fixtures"
STATUS = json.loads((FIXTURES / "myenergi_status.json").read_text())
DAYHOUR = json.loads((FIXTURES / "myenergi_dayhour.json").read_text())
NAMES = json.loads((FIXTURES / "myenergi_names.json").read_text())
ZAPPI = "16000001"


def _fail(status: int, body: bytes = b"", **headers: str) -> Answer:
    return status, headers, body


@pytest.fixture
async def clouds() -> AsyncIterator[list[FakeCloud]]:
    """Three servers: a director and two hub servers, all with the status."""
    servers = [await FakeCloud().start() for _ in range(3)]
    for server in servers:
        server.routes["cgi-jstatus-Z"] = payload_route(STATUS)
    yield servers
    for server in servers:
        await server.close()


@pytest.fixture
async def cloud(clouds: list[FakeCloud]) -> FakeCloud:
    """A single server without discovery header."""
    return clouds[0]


def _client(
    session: aiohttp.ClientSession, cloud: FakeCloud, **kwargs: Any
) -> MyenergiClient:
    return MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url, **kwargs)


def _assert_no_secrets(err: BaseException, cloud: FakeCloud) -> None:
    text = f"{err} {err!r}"
    for secret in (PASSWORD, USERNAME, ZAPPI, "127.0.0.1", str(cloud.host)):
        assert secret not in text


async def test_defaults_and_trailing_slash(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    assert DEFAULT_SERVER == "https://director.myenergi.net"
    assert MyenergiClient(session, "1", "k").active_server == DEFAULT_SERVER
    client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url + "/")
    assert client.active_server == cloud.url
    assert client.requests_sent == 0
    zappis = await client.get_zappis()
    assert [z.serial for z in zappis] == [ZAPPI]
    assert cloud.paths() == ["/cgi-jstatus-Z", "/cgi-jstatus-Z"]


async def test_director_sends_client_to_hub_server(
    session: aiohttp.ClientSession, clouds: list[FakeCloud]
) -> None:
    director, hub, other = clouds
    director.asn = hub.host
    hub.asn = hub.host
    client = _client(session, director)
    await client.get_zappis()
    assert client.active_server == hub.url
    await client.get_zappis()
    await client.get_zappis()
    assert [s.outcome for s in director.seen] == ["challenged", "ok"]
    # A new server: a new digest exchange there, then nonce reuse.
    assert [s.outcome for s in hub.seen] == ["challenged", "ok", "ok"]
    assert client.requests_sent == 5

    # The hub moves: follow the new header.
    hub.asn = other.host
    other.asn = other.host
    await client.get_zappis()
    assert client.active_server == other.url
    await client.get_zappis()
    assert [s.outcome for s in other.seen] == ["challenged", "ok"]


async def test_missing_header_changes_nothing(
    session: aiohttp.ClientSession, clouds: list[FakeCloud]
) -> None:
    director, hub, _ = clouds
    director.asn = hub.host
    client = _client(session, director)
    await client.get_zappis()
    assert client.active_server == hub.url
    await client.get_zappis()  # hub sends no header
    assert client.active_server == hub.url
    hub.asn = "  "
    await client.get_zappis()
    assert client.active_server == hub.url
    assert len(director.seen) == 2


async def test_header_naming_the_active_server_keeps_the_nonce(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.asn = cloud.host
    client = _client(session, cloud)
    await client.get_zappis()
    await client.get_zappis()
    assert client.active_server == cloud.url
    assert [s.outcome for s in cloud.seen] == ["challenged", "ok", "ok"]


async def test_failing_hub_server_sends_client_back_to_director(
    session: aiohttp.ClientSession, clouds: list[FakeCloud]
) -> None:
    director, hub, _ = clouds
    director.asn = hub.host
    client = _client(session, director)
    await client.get_zappis()
    hub.routes["cgi-jstatus-Z"] = lambda _r: _fail(503)
    with pytest.raises(MyenergiConnectionError) as err:
        await client.get_zappis()
    _assert_no_secrets(err.value, hub)
    assert client.active_server == director.url
    assert len(hub.seen) == 2  # challenge + one try: no retry
    await client.get_zappis()  # discovered again through the director
    assert client.active_server == hub.url
    assert [s.outcome for s in director.seen] == ["challenged", "ok"] * 2


async def test_unreachable_hub_server_sends_client_back(
    session: aiohttp.ClientSession, clouds: list[FakeCloud]
) -> None:
    director, hub, _ = clouds
    director.asn = hub.host
    client = _client(session, director)
    await client.get_zappis()
    await hub.close()
    with pytest.raises(MyenergiConnectionError):
        await client.get_zappis()
    assert client.active_server == director.url


async def test_hub_server_timeout_sends_client_back(
    session: aiohttp.ClientSession, clouds: list[FakeCloud]
) -> None:
    director, hub, _ = clouds
    director.asn = hub.host
    client = _client(session, director, request_timeout=0.2)
    await client.get_zappis()
    await client.get_zappis()
    hub.delay = 0.6
    with pytest.raises(MyenergiTimeoutError):
        await client.get_zappis()
    assert client.active_server == director.url


async def test_director_failure_keeps_director(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes["cgi-jstatus-Z"] = lambda _r: _fail(500, b"oops")
    client = _client(session, cloud)
    with pytest.raises(MyenergiConnectionError) as err:
        await client.get_zappis()
    assert not isinstance(err.value, MyenergiTimeoutError)
    assert "500" in str(err.value)
    assert client.active_server == cloud.url
    assert client.requests_sent == 2  # no doubled request on 5xx


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, None), ({"Retry-After": "30"}, 30.0), ({"Retry-After": "soon"}, None)],
)
async def test_rate_limit(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    headers: dict[str, str],
    expected: float | None,
) -> None:
    cloud.routes["cgi-jstatus-Z"] = lambda _r: _fail(429, b"slow down", **headers)
    client = _client(session, cloud)
    with pytest.raises(MyenergiRateLimitError) as err:
        await client.get_zappis()
    assert err.value.retry_after == expected
    assert client.requests_sent == 2  # no doubled request on 429
    _assert_no_secrets(err.value, cloud)


async def test_rate_limit_with_http_date(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    cloud.routes["cgi-jstatus-Z"] = lambda _r: _fail(429, **{"Retry-After": when})
    client = _client(session, cloud)
    with pytest.raises(MyenergiRateLimitError) as err:
        await client.get_zappis()
    assert err.value.retry_after is not None
    assert 100 < err.value.retry_after <= 120


@pytest.mark.parametrize(("headers", "pause"), [({"Retry-After": "90"}, 90), ({}, 60)])
async def test_one_back_off_for_every_request_after_429(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    headers: dict[str, str],
    pause: int,
) -> None:
    """After a 429 no request goes out until the wait is over (issue 21 item 8).

    The status poll, the history, the names and a command share it: the
    history does not fire right after the status was told to slow down.
    """
    now = [datetime(2026, 12, 7, 12, 0, tzinfo=UTC)]
    cloud.routes["cgi-jstatus-Z"] = lambda _r: _fail(429, b"slow down", **headers)
    cloud.fallback = lambda _r: json_answer({})
    client = _client(session, cloud, clock=lambda: now[0])
    with pytest.raises(MyenergiRateLimitError):
        await client.get_zappis()
    sent = client.requests_sent
    for call in (
        client.get_zappis(),
        client.get_day_hours(ZAPPI, date(2026, 12, 7)),
        client.set_charge_mode(ZAPPI, ChargeMode.ECO),
    ):
        with pytest.raises(MyenergiRateLimitError) as err:
            await call
        assert err.value.retry_after == pause
    assert await client.get_names() == {}  # optional: no names this time
    assert client.requests_sent == sent
    now[0] += timedelta(seconds=pause)
    cloud.routes["cgi-jstatus-Z"] = payload_route({"zappi": []})
    assert await client.get_zappis() == []
    assert client.requests_sent == sent + 1
    assert client.slow_down_until is None


def test_retry_after_parsing() -> None:
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("") is None
    assert retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 -0000") == 0.0
    assert retry_after_seconds("-5") is None
    assert retry_after_seconds("31 Feb nonsense") is None


@pytest.mark.parametrize(
    "answer",
    [
        _fail(404, b"<html>Not found</html>", **{"Content-Type": "text/html"}),
        _fail(302, b"", Location="/elsewhere"),
        _fail(200, b"<html>maintenance</html>"),
        _fail(200, b"\xff\xfe not json"),
        json_answer({"eddi": []}),
        json_answer(42),
    ],
    ids=["404", "302", "html", "binary", "no-zappi", "number"],
)
async def test_invalid_answers(
    session: aiohttp.ClientSession, cloud: FakeCloud, answer: Answer
) -> None:
    cloud.routes["cgi-jstatus-Z"] = lambda _r: answer
    client = _client(session, cloud)
    with pytest.raises(MyenergiInvalidAnswerError) as err:
        await client.get_zappis()
    _assert_no_secrets(err.value, cloud)
    assert client.requests_sent == 2


async def test_unrouted_path_gives_html_404(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    with pytest.raises(MyenergiInvalidAnswerError, match="404"):
        await _client(session, cloud).get_day_hours(ZAPPI, date(2021, 7, 25))


async def test_timeout(session: aiohttp.ClientSession, cloud: FakeCloud) -> None:
    cloud.delay = 0.6
    client = _client(session, cloud, request_timeout=0.2)
    with pytest.raises(MyenergiTimeoutError) as err:
        await client.get_zappis()
    assert isinstance(err.value, MyenergiConnectionError)
    _assert_no_secrets(err.value, cloud)
    assert client.requests_sent == 2
    assert client.active_server == cloud.url


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    gone = await FakeCloud().start()
    await gone.close()
    client = _client(session, gone)
    with pytest.raises(MyenergiConnectionError) as err:
        await client.get_zappis()
    assert not isinstance(err.value, MyenergiTimeoutError)
    _assert_no_secrets(err.value, gone)
    assert client.requests_sent == 1


async def test_self_signed_certificate_is_refused(
    session: aiohttp.ClientSession,
) -> None:
    hits: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.json_response(STATUS)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(
        runner,
        "127.0.0.1",
        0,
        ssl_context=server_ssl_context(*make_self_signed("127.0.0.1")),
    )
    await site.start()
    port = runner.addresses[0][1]
    try:
        client = MyenergiClient(
            session, USERNAME, PASSWORD, server_url=f"https://127.0.0.1:{port}"
        )
        with pytest.raises(MyenergiConnectionError) as err:
            await client.get_zappis()
        assert "Certificate" in str(err.value) or "SSL" in str(err.value)
        assert hits == []  # the request never got through
        # The same server is fine for a client that skips verification.
        async with session.get(f"https://127.0.0.1:{port}/x", ssl=False) as resp:
            assert resp.status == 200
        assert hits == ["/x"]
    finally:
        await runner.cleanup()


async def test_get_day_hours_path_and_parsing(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[f"cgi-jdayhour-Z{ZAPPI}-2021-7-5"] = payload_route(DAYHOUR)
    records = await _client(session, cloud).get_day_hours(ZAPPI, date(2021, 7, 5))
    assert len(records) == 48
    assert records[0].start == datetime(2021, 7, 25, tzinfo=UTC)


def _history_by_date(request: web.Request) -> Answer:
    """Fixture records of the UTC date in the path; other dates empty."""
    prefix = f"/cgi-jdayhour-Z{ZAPPI}-"
    assert request.path.startswith(prefix)
    year, month, day = (int(p) for p in request.path.removeprefix(prefix).split("-"))
    records = [
        r
        for r in DAYHOUR[f"U{ZAPPI}"]
        if (r["yr"], r["mon"], r["dom"]) == (year, month, day)
    ]
    return json_answer({f"U{ZAPPI}": records})


def _fixture_sum(field: str, start: datetime, end: datetime) -> float:
    total = sum(
        r.get(field, 0)
        for r in DAYHOUR[f"U{ZAPPI}"]
        if start
        <= datetime(r["yr"], r["mon"], r["dom"], r.get("hr", 0), tzinfo=UTC)
        < end
    )
    return round(total / 3_600_000, 3)


def _dayhour_paths(cloud: FakeCloud) -> list[str]:
    return [
        s.path.rsplit("Z", 1)[1]
        for s in cloud.seen
        if s.outcome == "ok" and "jdayhour" in s.path
    ]


async def test_local_day_energy_fetches_and_caches_past_days(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.fallback = _history_by_date
    client = _client(session, cloud)
    berlin = ZoneInfo("Europe/Berlin")
    energy = await client.get_local_day_energy(ZAPPI, date(2021, 7, 25), berlin)
    # 2021-07-25 in Berlin (CEST) is 24 22:00 .. 25 22:00 UTC.
    assert _dayhour_paths(cloud) == [f"{ZAPPI}-2021-7-24", f"{ZAPPI}-2021-7-25"]
    start = datetime(2021, 7, 24, 22, tzinfo=UTC)
    end = datetime(2021, 7, 25, 22, tzinfo=UTC)
    assert energy.day == date(2021, 7, 25)
    assert energy.records == 22
    assert energy.grid_import_kwh == _fixture_sum("imp", start, end)
    assert energy.generation_kwh == _fixture_sum("gep", start, end)
    assert energy.diverted_kwh == _fixture_sum("h1d", start, end)
    assert energy.boosted_kwh == _fixture_sum("h1b", start, end) == 3.0
    assert energy.grid_export_kwh == _fixture_sum("exp", start, end) > 0

    sent = client.requests_sent
    again = await client.get_local_day_energy(ZAPPI, date(2021, 7, 25), berlin)
    assert again == energy
    assert client.requests_sent == sent  # both UTC dates are past: cached

    # New York's day 2021-07-25 is 25 04:00 .. 26 04:00 UTC: only the 26th is new.
    new_york = ZoneInfo("America/New_York")
    energy = await client.get_local_day_energy(ZAPPI, date(2021, 7, 25), new_york)
    assert _dayhour_paths(cloud)[2:] == [f"{ZAPPI}-2021-7-26"]
    assert energy.records == 24


async def test_today_is_fetched_again_and_cache_is_bounded(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.fallback = lambda _r: json_answer({f"U{ZAPPI}": []})
    client = _client(session, cloud)
    today = datetime.now(UTC).date()
    for _ in range(2):
        energy = await client.get_local_day_energy(ZAPPI, today, UTC)
        assert energy.records == 0
        assert energy.grid_import_kwh == 0.0
    assert len(_dayhour_paths(cloud)) == 2  # today is never cached

    first = date(2021, 1, 1)
    for offset in range(10):
        await client.get_local_day_energy(ZAPPI, first + timedelta(offset), UTC)
    assert len(_dayhour_paths(cloud)) == 12
    await client.get_local_day_energy(ZAPPI, first + timedelta(9), UTC)
    assert len(_dayhour_paths(cloud)) == 12  # recent past day: cached
    await client.get_local_day_energy(ZAPPI, first, UTC)
    assert len(_dayhour_paths(cloud)) == 13  # the oldest was dropped


async def test_get_names(session: aiohttp.ClientSession, cloud: FakeCloud) -> None:
    cloud.routes["cgi-get-app-key-"] = payload_route(NAMES)
    assert await _client(session, cloud).get_names() == {
        "siteName": "Home",
        ZAPPI: "Driveway",
        USERNAME: "Hub",
    }


@pytest.mark.parametrize(
    "answer",
    [_fail(500), _fail(404, b"<html/>"), _fail(200, b"not json"), _fail(429)],
    ids=["500", "404", "non-json", "429"],
)
async def test_get_names_is_optional(
    session: aiohttp.ClientSession, cloud: FakeCloud, answer: Answer
) -> None:
    cloud.routes["cgi-get-app-key-"] = lambda _r: answer
    client = _client(session, cloud)
    assert await client.get_names() == {}
    assert client.requests_sent == 2


async def test_get_names_reraises_auth_error(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes["cgi-get-app-key-"] = payload_route(NAMES)
    client = MyenergiClient(session, USERNAME, "bad", server_url=cloud.url)
    with pytest.raises(MyenergiAuthError):
        await client.get_names()


async def test_get_names_when_unreachable(session: aiohttp.ClientSession) -> None:
    gone = await FakeCloud().start()
    await gone.close()
    assert await _client(session, gone).get_names() == {}


def test_error_hierarchy() -> None:
    assert issubclass(MyenergiTimeoutError, MyenergiConnectionError)
    for error in (
        MyenergiAuthError,
        MyenergiConnectionError,
        MyenergiInvalidAnswerError,
        MyenergiRateLimitError,
    ):
        assert issubclass(error, MyenergiError)
    assert MyenergiRateLimitError("x").retry_after is None
