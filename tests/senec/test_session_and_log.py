"""Refused sessions answered with ``{}``, and reading the unit's log."""

from __future__ import annotations

import asyncio
from datetime import date

import aiohttp
import pytest

from custom_components.senec_zappi.senec import (
    PathStyle,
    Scheme,
    SenecClient,
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecNotFoundError,
    SenecSessionError,
    SenecTimeoutError,
)
from tests.conftest import load_json
from tests.helpers import free_port

from .fake_unit import FakeUnit, serve

pytestmark = pytest.mark.usefixtures("socket_enabled")

FULL = load_json("senec_full.json")
ASK = {"ENERGY": ["STAT_STATE", "GUI_GRID_POW"]}
DAY = date(2024, 3, 5)


@pytest.mark.parametrize("tls", [True, False])
async def test_empty_object_after_restart_gets_a_new_session(
    session: aiohttp.ClientSession, tls: bool
) -> None:
    unit = FakeUnit(FULL, refusal="empty")
    async with serve(unit, tls=tls) as running:
        scheme = Scheme.HTTPS if tls else Scheme.HTTP
        client = SenecClient(session, running.host, scheme=scheme)
        await client.read(ASK)
        unit.reboot()  # the unit restarted on its own: old cookie answered {}
        answer = await client.read(ASK)
    assert answer.sections["ENERGY"]["STAT_STATE"] == 14
    assert unit.handshakes == 2
    # handshake, read, {} read, handshake, read
    assert client.requests_sent == 5
    assert unit.seen[2].cookie == "session-1"
    assert unit.seen[4].cookie == "session-1-rebooted"


async def test_empty_object_persists(session: aiohttp.ClientSession) -> None:
    """Still {} after a new handshake: a typed error, and the next poll retries."""
    unit = FakeUnit(FULL, refusal="empty")
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        await client.read(ASK)
        unit.sets_cookie = False
        unit.reboot()
        with pytest.raises(SenecSessionError, match="none of the sections") as err:
            await client.read(ASK)
        assert "127.0.0.1" not in str(err.value)
        assert unit.handshakes == 2  # exactly one new handshake, no loop
        assert client.requests_sent == 5
        with pytest.raises(SenecSessionError):
            await client.read(ASK)
        assert unit.handshakes == 3  # the next poll starts with a handshake
        assert client.requests_sent == 7
        unit.sets_cookie = True
        assert (await client.read(ASK)).sections["ENERGY"]["STAT_STATE"] == 14


async def test_empty_object_right_after_handshake(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(FULL, refusal="empty", sets_cookie=False)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        with pytest.raises(SenecSessionError):
            await client.read(ASK)
    assert unit.handshakes == 1
    assert client.requests_sent == 2


async def test_answer_without_any_section_asked_is_a_refusal(
    session: aiohttp.ClientSession,
) -> None:
    """Not just {}: an answer holding none of the sections asked."""
    unit = FakeUnit(FULL)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        await client.read(ASK)
        original = unit.answer_for
        unit.answer_for = lambda body: {"OTHER": {}}  # type: ignore[method-assign]
        with pytest.raises(SenecSessionError):
            await client.read(ASK)
        unit.answer_for = original  # type: ignore[method-assign]
        # sections the unit lacks still count as answered
        answer = await client.read({"NO_SUCH": ["X"], "STATISTIC": []})
    assert answer.missing_sections == {"NO_SUCH"}
    assert unit.handshakes == 3


async def test_empty_object_on_a_split_read(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(FULL, refusal="empty")
    request = {section: list(keys) for section, keys in FULL.items()}
    async with serve(unit, tls=False) as running:
        client = SenecClient(
            session, running.host, scheme=Scheme.HTTP, max_body_bytes=2000
        )
        first = await client.read(request)
        unit.reboot()
        second = await client.read(request)
    assert second.sections.keys() == first.sections.keys()
    assert unit.handshakes == 2


def _log(lines: int) -> bytes:
    return b"".join(
        f"2024-03-05 {n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d} [INFO] line {n}\n".encode()
        for n in range(lines)
    )


@pytest.mark.parametrize(
    ("style", "path", "other"),
    [
        (PathStyle.DOUBLE, "//log/2024/03/05.log", "/log/2024/03/05.log"),
        (PathStyle.CAPITAL, "/log/2024/03/05.log", "//log/2024/03/05.log"),
        (PathStyle.LOWER, "/log/2024/03/05.log", "//log/2024/03/05.log"),
    ],
)
async def test_read_log_per_path_style(
    session: aiohttp.ClientSession, style: PathStyle, path: str, other: str
) -> None:
    unit = FakeUnit(FULL, pages={path: b"first\nsecond\n"})
    async with serve(unit, tls=True) as running:
        client = SenecClient(session, running.host, path_style=style)
        assert await client.read_log(DAY) == "first\nsecond\n"
        await client.read(ASK)
        unit.pages = {other: b"wrong place\n"}
        with pytest.raises(SenecNotFoundError, match="HTTP 404"):
            await client.read_log(DAY)
        await client.read(ASK)
    assert unit.handshakes == 1  # a missing log is no reason for a new session


async def test_read_log_keeps_the_tail(session: aiohttp.ClientSession) -> None:
    data = _log(5000)
    unit = FakeUnit(FULL, pages={"//log/2024/03/05.log": data})
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        text = await client.read_log(DAY)
        small = await client.read_log(DAY, max_bytes=100)
        whole = await client.read_log(DAY, max_bytes=len(data))
        with pytest.raises(ValueError, match="positive"):
            await client.read_log(DAY, max_bytes=0)
    assert len(data) > 4096
    assert len(text.encode()) <= 4096
    assert text.endswith("line 4999\n")
    assert data.decode().endswith(text)
    assert text.startswith("2024-03-05 ")  # whole lines only
    assert len(text.encode()) > 4096 - 60
    assert small.endswith("line 4999\n")
    assert len(small) <= 100
    assert small.startswith("2024-")
    assert whole == data.decode()


async def test_read_log_decodes_leniently(session: aiohttp.ClientSession) -> None:
    data = "Störung".encode("latin-1") + b"\n\xff\xfeok\n" + "Grüße\n".encode()
    unit = FakeUnit(FULL, pages={"//log/2024/03/05.log": data})
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        text = await client.read_log(DAY)
        # cut inside a line with a two-byte character: never a half character
        cut = await client.read_log(DAY, max_bytes=len("Grüße\n".encode()) + 3)
    assert text.startswith("St\ufffdrung\n")
    assert text.endswith("ok\nGrüße\n")
    assert cut == "Grüße\n"


async def test_read_log_errors(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(FULL, pages={"//log/2024/03/05.log": _log(100)}, hang_seconds=1)
    async with serve(unit, tls=False) as running:
        client = SenecClient(
            session, running.host, scheme=Scheme.HTTP, request_timeout=0.3
        )
        for fault, error in (
            ("hang", SenecTimeoutError),
            ("http_500", SenecInvalidAnswerError),
            ("reset", SenecConnectionError),
        ):
            unit.fault = fault
            with pytest.raises(error) as err:
                await client.read_log(DAY)
            assert "127.0.0.1" not in str(err.value)
        unit.fault = None
        assert (await client.read_log(DAY)).endswith("line 99\n")
    refused = SenecClient(session, f"127.0.0.1:{free_port()}", scheme=Scheme.HTTP)
    with pytest.raises(SenecConnectionError):
        await refused.read_log(DAY)


async def test_read_log_shares_the_lock(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(FULL, pages={"//log/2024/03/05.log": _log(2000)})
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        await asyncio.gather(
            client.read_log(DAY),
            client.read(ASK),
            client.read_log(DAY),
            client.start_safe_charge(),
            client.read(ASK),
        )
    assert unit.max_in_flight == 1
