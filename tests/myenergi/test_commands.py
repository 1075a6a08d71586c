"""zappi commands against the fake cloud: paths, answers, errors, confirmation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    DEFAULT_CONFIRM_OFFSETS,
    ChargeMode,
    Command as ZappiCommand,
    Confirmation,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiCommandError,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
    PhaseSetting,
    ZappiStatus,
    boost_command,
    manual_boost_is,
    min_green_command,
    min_green_is,
    mode_command,
    mode_is,
    not_boosting,
    parse_status,
    phase_setting_command,
    phase_setting_is,
    smart_boost_command,
    smart_boost_is,
)

from .fake_cloud import (
    PASSWORD,
    USERNAME,
    Answer,
    FakeCloud,
    json_answer,
    payload_route,
    sequence_route,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

ZAPPI = "16000001"
OK: dict[str, Any] = {"status": 0, "statustext": ""}
STATUS_PATH = f"cgi-jstatus-Z{ZAPPI}"
FAST = 0.01  # confirmation offsets in tests: hundredths of a second

Command = Callable[[MyenergiClient], Awaitable[None]]

# (id, call, path, a successful answer)
COMMANDS: list[tuple[str, Command, str, Any]] = [
    (
        "fast",
        lambda c: c.set_charge_mode(ZAPPI, ChargeMode.FAST),
        f"cgi-zappi-mode-Z{ZAPPI}-1-0-0-0000",
        {},
    ),
    (
        "eco",
        lambda c: c.set_charge_mode(ZAPPI, ChargeMode.ECO),
        f"cgi-zappi-mode-Z{ZAPPI}-2-0-0-0000",
        OK,
    ),
    (
        "eco+",
        lambda c: c.set_charge_mode(ZAPPI, ChargeMode.ECO_PLUS),
        f"cgi-zappi-mode-Z{ZAPPI}-3-0-0-0000",
        OK,
    ),
    (
        "stop",
        lambda c: c.set_charge_mode(ZAPPI, ChargeMode.STOP),
        f"cgi-zappi-mode-Z{ZAPPI}-4-0-0-0000",
        OK,
    ),
    (
        "min-green",
        lambda c: c.set_min_green_level(ZAPPI, 35),
        f"cgi-set-min-green-Z{ZAPPI}-35",
        {"mgl": 35},
    ),
    (
        "boost",
        lambda c: c.start_boost(ZAPPI, 12),
        f"cgi-zappi-mode-Z{ZAPPI}-0-10-12-0000",
        OK,
    ),
    (
        "smart-boost",
        lambda c: c.start_smart_boost(ZAPPI, 20, time(7, 15)),
        f"cgi-zappi-mode-Z{ZAPPI}-0-11-20-0715",
        OK,
    ),
    (
        "stop-boost",
        lambda c: c.stop_boost(ZAPPI),
        f"cgi-zappi-mode-Z{ZAPPI}-0-2-0-0000",
        {},
    ),
    (
        "phase-auto",
        lambda c: c.set_phase_setting(ZAPPI, PhaseSetting.AUTO),
        f"cgi-zappi-phase-setting-Z{ZAPPI}-2",
        OK,
    ),
    (
        "phase-single",
        lambda c: c.set_phase_setting(ZAPPI, PhaseSetting.SINGLE_PHASE),
        f"cgi-zappi-phase-setting-Z{ZAPPI}-0",
        OK,
    ),
    (
        "phase-three",
        lambda c: c.set_phase_setting(ZAPPI, PhaseSetting.THREE_PHASE),
        f"cgi-zappi-phase-setting-Z{ZAPPI}-1",
        OK,
    ),
]
IDS = [command[0] for command in COMMANDS]
CALLS = [command[1:] for command in COMMANDS]


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloud]:
    """One server that knows no path until a test gives it routes."""
    server = await FakeCloud().start()
    yield server
    await server.close()


def _client(
    session: aiohttp.ClientSession, cloud: FakeCloud, **kwargs: Any
) -> MyenergiClient:
    return MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url, **kwargs)


def _ok_paths(cloud: FakeCloud) -> list[str]:
    return [s.path for s in cloud.seen if s.outcome == "ok"]


def _status(**fields: Any) -> Answer:
    return json_answer({"zappi": [{"sno": int(ZAPPI), **fields}]})


@pytest.mark.parametrize(("call", "path", "answer"), CALLS, ids=IDS)
async def test_command_success(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    call: Command,
    path: str,
    answer: Any,
) -> None:
    cloud.asn = cloud.host
    cloud.routes[path] = payload_route(answer)
    client = _client(session, cloud)
    assert await call(client) is None
    assert _ok_paths(cloud) == [f"/{path}"]
    # Same digest session for the next command: no new challenge.
    await call(client)
    assert [s.outcome for s in cloud.seen] == ["challenged", "ok", "ok"]


async def test_command_goes_to_the_hub_server(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    hub = await FakeCloud().start()
    try:
        cloud.asn = hub.host
        path = f"cgi-zappi-mode-Z{ZAPPI}-2-0-0-0000"
        cloud.routes[path] = payload_route(OK)
        hub.routes[path] = payload_route(OK)
        client = _client(session, cloud)
        await client.set_charge_mode(ZAPPI, ChargeMode.ECO)  # director names hub
        await client.set_charge_mode(ZAPPI, ChargeMode.ECO)
        assert client.active_server == hub.url
        assert _ok_paths(cloud) == [f"/{path}"]
        assert _ok_paths(hub) == [f"/{path}"]
    finally:
        await hub.close()


@pytest.mark.parametrize(
    ("code", "known"),
    [
        (MyenergiCommandError.BAD_PARAMETER, "bad parameter"),
        (MyenergiCommandError.NOT_APPROPRIATE, "not appropriate"),
        (MyenergiCommandError.BAD_MIN_GREEN, "minimum green"),
        (MyenergiCommandError.BUSY, "busy"),
        (-99, "unknown"),
    ],
)
@pytest.mark.parametrize(("call", "path", "answer"), CALLS, ids=IDS)
async def test_negative_status(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    call: Command,
    path: str,
    answer: Any,
    code: int,
    known: str,
) -> None:
    cloud.routes[path] = payload_route({"status": code, "statustext": ""})
    with pytest.raises(MyenergiCommandError) as err:
        await call(_client(session, cloud))
    assert err.value.code == code
    assert known in str(err.value)
    assert str(code) in str(err.value)
    assert ZAPPI not in str(err.value)
    assert isinstance(err.value, MyenergiError)


def test_known_codes() -> None:
    assert (
        MyenergiCommandError.BAD_PARAMETER,
        MyenergiCommandError.NOT_APPROPRIATE,
        MyenergiCommandError.BAD_MIN_GREEN,
        MyenergiCommandError.BUSY,
    ) == (-14, -23, -25, -26)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"status": "-26", "statustext": "busy"}, MyenergiCommandError),
        ({"status": "0"}, None),
        ({"status": 3, "statustext": ""}, None),
        ({"status": "soon"}, MyenergiInvalidAnswerError),
        ({"status": None}, MyenergiInvalidAnswerError),
        ({"status": True}, MyenergiInvalidAnswerError),
        ({"status": -14.0}, MyenergiInvalidAnswerError),
        ([], MyenergiInvalidAnswerError),
        ("done", MyenergiInvalidAnswerError),
        (0, MyenergiInvalidAnswerError),
    ],
)
async def test_mode_answer_shapes(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    answer: Any,
    error: type[MyenergiError] | None,
) -> None:
    cloud.routes[f"cgi-zappi-mode-Z{ZAPPI}-4-0-0-0000"] = payload_route(answer)
    client = _client(session, cloud)
    if error is None:
        await client.set_charge_mode(ZAPPI, ChargeMode.STOP)
    else:
        with pytest.raises(error):
            await client.set_charge_mode(ZAPPI, ChargeMode.STOP)


@pytest.mark.parametrize(
    "answer",
    [{"mgl": 34}, {"mgl": "35"}, {}, {"status": 0}, {"mgl": None}, [35]],
)
async def test_min_green_must_echo_the_level(
    session: aiohttp.ClientSession, cloud: FakeCloud, answer: Any
) -> None:
    cloud.routes[f"cgi-set-min-green-Z{ZAPPI}-35"] = payload_route(answer)
    with pytest.raises(MyenergiInvalidAnswerError):
        await _client(session, cloud).set_min_green_level(ZAPPI, 35)


async def test_min_green_zero_and_hundred(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[f"cgi-set-min-green-Z{ZAPPI}-0"] = payload_route({"mgl": 0})
    cloud.routes[f"cgi-set-min-green-Z{ZAPPI}-100"] = payload_route({"mgl": 100})
    client = _client(session, cloud)
    await client.set_min_green_level(ZAPPI, 0)
    await client.set_min_green_level(ZAPPI, 100)
    cloud.routes[f"cgi-set-min-green-Z{ZAPPI}-1"] = payload_route({"mgl": True})
    with pytest.raises(MyenergiInvalidAnswerError):
        await client.set_min_green_level(ZAPPI, 1)


@pytest.mark.parametrize(("call", "path", "answer"), CALLS, ids=IDS)
async def test_wrong_key_is_auth_error(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    call: Command,
    path: str,
    answer: Any,
) -> None:
    cloud.routes[path] = payload_route(answer)
    client = MyenergiClient(session, USERNAME, "wrong", server_url=cloud.url)
    with pytest.raises(MyenergiAuthError):
        await call(client)
    assert _ok_paths(cloud) == []


@pytest.mark.parametrize(("call", "path", "answer"), CALLS, ids=IDS)
async def test_rate_limited_no_retry(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    call: Command,
    path: str,
    answer: Any,
) -> None:
    cloud.routes[path] = lambda _r: (429, {"Retry-After": "60"}, b"slow down")
    client = _client(session, cloud)
    with pytest.raises(MyenergiRateLimitError) as err:
        await call(client)
    assert err.value.retry_after == 60.0
    assert client.requests_sent == 2  # challenge + the command, no repeat
    assert _ok_paths(cloud) == [f"/{path}"]


@pytest.mark.parametrize(
    "answer",
    [
        (404, {"Content-Type": "text/html"}, b"<html>404</html>"),
        (200, {}, b"<html>maintenance</html>"),
        (200, {}, b'{"status": 0'),
        (302, {"Location": "/x"}, b""),
    ],
    ids=["404", "html", "truncated", "redirect"],
)
@pytest.mark.parametrize(("call", "path", "ok"), CALLS, ids=IDS)
async def test_invalid_answer(
    session: aiohttp.ClientSession,
    cloud: FakeCloud,
    call: Command,
    path: str,
    ok: Any,
    answer: Answer,
) -> None:
    cloud.routes[path] = lambda _r: answer
    with pytest.raises(MyenergiInvalidAnswerError):
        await call(_client(session, cloud))


async def test_server_failure_and_timeout(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    path = f"cgi-zappi-mode-Z{ZAPPI}-0-2-0-0000"
    cloud.routes[path] = lambda _r: (503, {}, b"down")
    client = _client(session, cloud, request_timeout=0.2)
    with pytest.raises(MyenergiConnectionError):
        await client.stop_boost(ZAPPI)
    cloud.routes[path] = payload_route(OK)
    cloud.delay = 0.6
    with pytest.raises(MyenergiTimeoutError):
        await client.stop_boost(ZAPPI)
    cloud.delay = 0
    await client.stop_boost(ZAPPI)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.set_charge_mode(ZAPPI, 0),
        lambda c: c.set_charge_mode(ZAPPI, 5),
        lambda c: c.set_charge_mode(ZAPPI, True),
        lambda c: c.set_charge_mode(ZAPPI, "1"),
        lambda c: c.set_charge_mode("16000001/../x", ChargeMode.ECO),
        lambda c: c.set_charge_mode("", ChargeMode.ECO),
        lambda c: c.set_charge_mode(16000001, ChargeMode.ECO),
        lambda c: c.set_charge_mode("١٢٣", ChargeMode.ECO),
        lambda c: c.set_min_green_level(ZAPPI, -1),
        lambda c: c.set_min_green_level(ZAPPI, 101),
        lambda c: c.set_min_green_level(ZAPPI, 50.0),
        lambda c: c.set_min_green_level(ZAPPI, True),
        lambda c: c.start_boost(ZAPPI, 0),
        lambda c: c.start_boost(ZAPPI, 100),
        lambda c: c.start_boost(ZAPPI, 5.5),
        lambda c: c.start_smart_boost(ZAPPI, 0, time(7)),
        lambda c: c.start_smart_boost(ZAPPI, 10, "07:00"),
        lambda c: c.start_smart_boost(ZAPPI, 10, datetime(2026, 1, 1, 7)),
        lambda c: c.start_smart_boost(ZAPPI, 10, time(7, tzinfo=UTC)),
        lambda c: c.start_smart_boost(ZAPPI, 10, time(7, 7)),  # not a quarter hour
        lambda c: c.stop_boost("Z16000001"),
        lambda c: c.set_phase_setting(ZAPPI, "TWO_PHASE"),
        lambda c: c.set_phase_setting(ZAPPI, 1),
        lambda c: c.get_zappi("abc"),
    ],
)
async def test_arguments_checked_before_sending(
    session: aiohttp.ClientSession, cloud: FakeCloud, call: Command
) -> None:
    client = _client(session, cloud)
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        await call(client)
    assert client.requests_sent == 0
    assert cloud.seen == []


async def test_plain_values_of_the_enums_are_accepted(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.fallback = lambda _r: json_answer(OK)
    client = _client(session, cloud)
    await client.set_charge_mode(ZAPPI, 3)  # type: ignore[arg-type]
    await client.set_phase_setting(ZAPPI, "THREE_PHASE")  # type: ignore[arg-type]
    await client.start_smart_boost(ZAPPI, 99, time(23, 45, 59))  # seconds dropped
    assert _ok_paths(cloud) == [
        f"/cgi-zappi-mode-Z{ZAPPI}-3-0-0-0000",
        f"/cgi-zappi-phase-setting-Z{ZAPPI}-1",
        f"/cgi-zappi-mode-Z{ZAPPI}-0-11-99-2345",
    ]


async def test_get_zappi(session: aiohttp.ClientSession, cloud: FakeCloud) -> None:
    cloud.routes[STATUS_PATH] = lambda _r: json_answer(
        {"zappi": [{"sno": 16000009, "zmo": 1}, {"sno": int(ZAPPI), "zmo": 2}]}
    )
    client = _client(session, cloud)
    zappi = await client.get_zappi(ZAPPI)
    assert (zappi.serial, zappi.charge_mode) == (ZAPPI, ChargeMode.ECO)
    cloud.routes[STATUS_PATH] = payload_route({"zappi": []})
    with pytest.raises(MyenergiInvalidAnswerError, match="did not report"):
        await client.get_zappi(ZAPPI)
    cloud.routes[STATUS_PATH] = payload_route({"eddi": []})
    with pytest.raises(MyenergiInvalidAnswerError):
        await client.get_zappi(ZAPPI)


# Confirmation


def _status_reads(cloud: FakeCloud) -> int:
    return _ok_paths(cloud).count(f"/{STATUS_PATH}")


def _confirming(command: ZappiCommand, **before: Any) -> Confirmation:
    """A command sent after a read that showed ``before`` (cmt 254 unless given)."""
    return Confirmation(command, ZAPPI, _parsed(**{"cmt": 254, **before}))


async def test_confirmed_by_first_read(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(_status(zmo=4, cmt=254))
    client = _client(session, cloud)
    status = await client.confirm_command(
        _confirming(mode_command(ChargeMode.STOP), zmo=3), offsets=(FAST, 2 * FAST)
    )
    assert status.charge_mode is ChargeMode.STOP
    assert _status_reads(cloud) == 1


async def test_confirmed_after_pending(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(
        _status(zmo=3, cmt=254),  # not yet received: the old mode, old 254
        _status(zmo=3, cmt=7),  # pending
        _status(zmo=1, cmt=3),  # value shown, still pending
        _status(zmo=1, cmt=254),
    )
    client = _client(session, cloud)
    status = await client.confirm_command(
        _confirming(mode_command(ChargeMode.FAST), zmo=3),
        offsets=(0, FAST, 2 * FAST, 3 * FAST),
    )
    assert (status.mode, status.command_timer) == (1, 254)
    assert _status_reads(cloud) == 4


async def test_rejected(session: aiohttp.ClientSession, cloud: FakeCloud) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(
        _status(mgl=10, cmt=5), _status(mgl=10, cmt=253)
    )
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandRejectedError) as err:
        await client.confirm_command(
            _confirming(min_green_command(50), mgl=10),
            offsets=(0, FAST, 2 * FAST, 3 * FAST),
        )
    assert err.value.last_status is not None
    assert err.value.last_status.command_timer == 253
    assert _status_reads(cloud) == 2  # no more reads after the failure


async def test_not_confirmed_keeps_last_status(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(_status(zmo=3, cmt=255))
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO), zmo=3),
            offsets=(0, FAST, 2 * FAST),
        )
    assert err.value.last_status is not None
    assert err.value.last_status.command_timer == 255
    assert err.value.__cause__ is None
    assert _status_reads(cloud) == 3


async def test_done_but_wrong_value_is_not_confirmed(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    # A boost in Fast mode: the zappi takes it (254) and does nothing.
    cloud.routes[STATUS_PATH] = sequence_route(_status(zmo=1, cmt=254, tbk=5))
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.confirm_command(
            _confirming(boost_command(12), zmo=1, tbk=5), offsets=(0, FAST)
        )
    assert err.value.last_status is not None
    assert err.value.last_status.manual_boost_kwh == 5


async def test_transient_errors_do_not_abort(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(
        (503, {}, b"down"),
        (200, {}, b"<html>busy</html>"),
        json_answer({"zappi": []}),
        _status(phaseSetting="AUTO", cmt=254),
    )
    client = _client(session, cloud)
    status = await client.confirm_command(
        _confirming(
            phase_setting_command(PhaseSetting.AUTO), phaseSetting="THREE_PHASE"
        ),
        offsets=(0, 0, 0, FAST),
    )
    assert status.phase_setting is PhaseSetting.AUTO
    assert _status_reads(cloud) == 4


async def test_timeouts_while_confirming(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(_status(zmo=2, cmt=254))
    cloud.delay = 0.5
    client = _client(session, cloud, request_timeout=0.1)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO), zmo=3), offsets=(0, 0)
        )
    assert err.value.last_status is None
    assert isinstance(err.value.__cause__, MyenergiTimeoutError)


async def test_failed_last_read_is_the_cause(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(
        _status(zmo=3, cmt=8), (500, {}, b"oops")
    )
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO), zmo=3),
            offsets=(0, FAST, 2 * FAST),
        )
    assert err.value.last_status is not None
    assert err.value.last_status.command_timer == 8
    assert isinstance(err.value.__cause__, MyenergiConnectionError)


async def test_auth_error_while_confirming_propagates(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(_status(zmo=3, cmt=9))
    client = _client(session, cloud)
    await client.get_zappi(ZAPPI)
    cloud.password = "changed"
    with pytest.raises(MyenergiAuthError):
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO), zmo=3),
            offsets=(0, FAST, 2 * FAST),
        )
    assert _status_reads(cloud) == 1


async def test_rate_limit_while_confirming_stops_reading(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(
        _status(zmo=3, cmt=9), (429, {}, b"slow"), _status(zmo=2, cmt=254)
    )
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO), zmo=3),
            offsets=(0, FAST, 2 * FAST),
        )
    assert isinstance(err.value.__cause__, MyenergiRateLimitError)
    assert err.value.last_status is not None
    assert err.value.last_status.command_timer == 9
    assert _status_reads(cloud) == 2


async def test_old_firmware_without_cmt(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.routes[STATUS_PATH] = sequence_route(_status(mgl=20), _status(mgl=60))
    client = _client(session, cloud)
    confirmation = Confirmation(min_green_command(60), ZAPPI, _parsed(mgl=20))
    status = await client.confirm_command(confirmation, offsets=(0, FAST))
    assert status.min_green_level == 60
    assert status.command_timer is None


async def test_reads_at_offsets_after_the_call(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    times: list[float] = []
    loop = asyncio.get_running_loop()

    def route(_request: Any) -> Answer:
        times.append(loop.time())
        return _status(zmo=3, cmt=255)

    cloud.routes[STATUS_PATH] = route
    client = _client(session, cloud)
    await client.get_zappi(ZAPPI)  # the digest exchange, outside the timing
    times.clear()
    offsets = (0.05, 0.1, 0.2, 0.3)
    start = loop.time()
    with pytest.raises(MyenergiCommandNotConfirmedError):
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO), zmo=3), offsets=offsets
        )
    assert len(times) == len(offsets)
    for at, offset in zip(times, offsets, strict=True):
        assert at - start >= offset - 0.005


@pytest.mark.parametrize(
    "offsets", [(), (-1.0,), (5.0, 2.5)], ids=["empty", "negative", "decreasing"]
)
async def test_confirm_arguments(
    session: aiohttp.ClientSession, cloud: FakeCloud, offsets: tuple[float, ...]
) -> None:
    client = _client(session, cloud)
    with pytest.raises(ValueError, match="offsets"):
        await client.confirm_command(
            _confirming(mode_command(ChargeMode.ECO)), offsets=offsets
        )
    with pytest.raises(ValueError, match="serial"):
        await client.send_command("x", mode_command(ChargeMode.ECO))
    assert cloud.seen == []


def test_default_offsets() -> None:
    # At most four reads, the first after a zappi that applies in 2 s has.
    assert len(DEFAULT_CONFIRM_OFFSETS) == 4
    assert 2.0 < DEFAULT_CONFIRM_OFFSETS[0] <= 3.0
    assert DEFAULT_CONFIRM_OFFSETS[-1] == 30.0
    assert list(DEFAULT_CONFIRM_OFFSETS) == sorted(DEFAULT_CONFIRM_OFFSETS)


def _parsed(**fields: Any) -> ZappiStatus:
    (zappi,) = parse_status({"zappi": [{"sno": 1, **fields}]})
    return zappi


def test_checks() -> None:
    assert mode_is(ChargeMode.ECO)(_parsed(zmo=2))
    assert not mode_is(ChargeMode.ECO)(_parsed(zmo=3))
    assert not mode_is(ChargeMode.ECO)(_parsed())
    assert min_green_is(0)(_parsed(mgl=0))
    assert min_green_is(0)(_parsed())  # the hub leaves mgl 0 out
    assert phase_setting_is(PhaseSetting.THREE_PHASE)(
        _parsed(phaseSetting="THREE_PHASE")
    )
    assert not phase_setting_is(PhaseSetting.THREE_PHASE)(_parsed(phaseSetting="AUTO"))
    assert manual_boost_is(10)(_parsed(zmo=3, tbk=10))
    assert manual_boost_is(10)(_parsed(zmo=2, tbk=10))
    assert not manual_boost_is(10)(_parsed(zmo=1, tbk=10))  # Fast: no boost
    assert not manual_boost_is(10)(_parsed(zmo=3, tbk=9))
    smart = smart_boost_is(20)  # the time is compared apart (Command.note)
    assert smart(_parsed(zmo=3, sbk=20, sbh=7, sbm=30))
    assert not smart(_parsed(zmo=3, sbk=10, sbh=7, sbm=30))
    assert not smart(_parsed(zmo=4, sbk=20, sbh=7, sbm=30))
    assert not_boosting()(_parsed(sta=4))  # sta 4 is no proof of a boost
    assert not_boosting()(_parsed(bsm=0, bss=0))
    assert not not_boosting()(_parsed(bss=1))
    assert not not_boosting()(_parsed(bst=1))
    for bad in (
        lambda: mode_is(9),  # type: ignore[arg-type]
        lambda: min_green_is(101),
        lambda: manual_boost_is(0),
        lambda: smart_boost_command(5, time(7, tzinfo=timezone(timedelta(hours=1)))),
        lambda: smart_boost_command(5, time(7, 7)),
        lambda: phase_setting_is("x"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValueError):  # noqa: PT011
            bad()


# One request in flight per hub


async def test_stale_nonce_with_concurrent_requests(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """After a stale nonce, two callers at once must not both restart nc at 1."""
    cloud.nonce_per_round = True
    cloud.delay = 0.02
    cloud.routes["cgi-jstatus-Z"] = lambda _r: _status(zmo=3, cmt=254)
    cloud.routes[STATUS_PATH] = lambda _r: _status(zmo=3, cmt=254)
    cloud.routes[f"cgi-zappi-mode-Z{ZAPPI}-2-0-0-0000"] = payload_route(OK)
    client = _client(session, cloud)
    await client.get_zappis()
    for _ in range(3):
        cloud.expire_nonces()
        results = await asyncio.gather(
            client.get_zappis(),
            client.get_zappi(ZAPPI),
            client.set_charge_mode(ZAPPI, ChargeMode.ECO),
            return_exceptions=True,
        )
        assert not [r for r in results if isinstance(r, BaseException)]
    outcomes = [s.outcome for s in cloud.seen]
    assert "replayed nc" not in outcomes
    assert outcomes.count("stale") == 3  # one stale answer per round, not three
    assert cloud.max_in_flight == 1


async def test_first_requests_at_once_share_one_exchange(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.nonce_per_round = True
    cloud.delay = 0.02
    cloud.fallback = lambda _r: _status(zmo=3, cmt=254)
    client = _client(session, cloud)
    await asyncio.gather(*(client.get_zappi(ZAPPI) for _ in range(4)))
    assert [s.outcome for s in cloud.seen] == ["challenged"] + ["ok"] * 4
    assert cloud.max_in_flight == 1


async def test_a_hung_request_does_not_block_forever(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.fallback = lambda _r: _status(zmo=3, cmt=254)
    client = _client(session, cloud, request_timeout=0.2)
    await client.get_zappi(ZAPPI)
    cloud.delay = 0.5
    results = await asyncio.gather(
        client.get_zappi(ZAPPI), client.get_zappis(), return_exceptions=True
    )
    assert all(isinstance(r, MyenergiTimeoutError) for r in results)
    cloud.delay = 0
    assert (await client.get_zappi(ZAPPI)).serial == ZAPPI
