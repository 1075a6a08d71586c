"""SenecClient against real servers on 127.0.0.1 (https self-signed and http)."""

from __future__ import annotations

import asyncio
from datetime import date
import json
import traceback

import aiohttp
import pytest

from custom_components.senec_zappi.senec import (
    PathStyle,
    Scheme,
    SenecClient,
    SenecConnectionError,
    SenecError,
    SenecInvalidAnswerError,
    SenecSessionError,
    SenecTimeoutError,
    decode_value,
    parse_body,
    split_body,
)
from tests.conftest import load_json
from tests.helpers import free_port

from .fake_unit import FakeUnit, serve

pytestmark = pytest.mark.usefixtures("socket_enabled")

FULL = load_json("senec_full.json")
WANTED = {
    "ENERGY": ["GUI_BAT_DATA_FUEL_CHARGE", "STAT_STATE", "GUI_GRID_POW"],
    "PM1OBJ1": ["P_AC"],
}


def _expected(section: str, key: str) -> object:
    return decode_value(FULL[section][key])


@pytest.mark.parametrize("scheme", [Scheme.HTTPS, Scheme.HTTP])
async def test_read_with_cookie_handshake(
    session: aiohttp.ClientSession, scheme: Scheme
) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=scheme is Scheme.HTTPS) as running:
        client = SenecClient(session, running.host, scheme=scheme)
        answer = await client.read(WANTED)
        assert answer.sections["ENERGY"] == {
            key: _expected("ENERGY", key) for key in WANTED["ENERGY"]
        }
        assert answer.sections["PM1OBJ1"]["P_AC"] == _expected("PM1OBJ1", "P_AC")
        # handshake, then exactly the keys wanted, each with an empty value
        assert unit.handshakes == 1
        assert unit.bodies[1] == {
            section: dict.fromkeys(keys, "") for section, keys in WANTED.items()
        }
        await client.read(WANTED)
        assert unit.handshakes == 1  # the cookie is reused
        assert client.requests_sent == 3
        assert client.bytes_sent == sum(
            len(json.dumps(b, separators=(",", ":"))) for b in unit.bodies
        )


async def test_without_cookie_the_unit_refuses(
    session: aiohttp.ClientSession,
) -> None:
    """Proves the fake unit checks the cookie, so the test above means something."""
    unit = FakeUnit(FULL)
    async with (
        serve(unit, tls=False) as running,
        session.post(
            f"http://{running.host}/lala.cgi", json={"ENERGY": {"STAT_STATE": ""}}
        ) as response,
    ):
        assert response.status == 403


async def test_whole_section_and_missing_values(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        answer = await client.read(
            {"PV1": [], "ENERGY": ["NO_SUCH_KEY"], "NO_SUCH_SECTION": ["X"]}
        )
    assert set(answer.sections["PV1"]) == set(FULL["PV1"])
    assert answer.sections["ENERGY"] == {"NO_SUCH_KEY": None}
    assert answer.missing_sections == {"NO_SUCH_SECTION"}


async def test_new_handshake_after_error_and_after_max_age(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        await client.read(WANTED)
        unit.fault = "http_500"
        with pytest.raises(SenecInvalidAnswerError, match="HTTP 500"):
            await client.read(WANTED)
        unit.fault = None
        unit.cookie_value = "session-2"  # the unit rebooted: old cookie is void
        await client.read(WANTED)
        assert unit.handshakes == 2
        client.handshake_max_age = -1
        await client.read(WANTED)
        assert unit.handshakes == 3


async def test_reboot_gets_a_new_session_within_the_same_read(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=True) as running:
        client = SenecClient(session, running.host)
        await client.read(WANTED)
        unit.cookie_value = "after-reboot"  # the old cookie is refused now
        answer = await client.read(WANTED)
        assert answer.sections["ENERGY"]["STAT_STATE"] == _expected(
            "ENERGY", "STAT_STATE"
        )
        assert unit.handshakes == 2
        assert client.requests_sent == 5  # handshake, read, refused, handshake, read


async def test_session_refused_even_after_new_handshake(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(FULL, sets_cookie=False)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        with pytest.raises(SenecSessionError, match="HTTP 403"):
            await client.read(WANTED)
        assert unit.handshakes == 1  # no retry loop right after a handshake
        assert client.requests_sent == 2


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("html_404", "HTTP 404"),
        ("http_500", "HTTP 500"),
        ("html_200", "not JSON"),
        ("truncated", "not JSON"),
        ("empty", "empty body"),
        ("bare_string", "bare string"),
        ("reset", "ClientPayloadError"),
    ],
)
async def test_invalid_answers(
    session: aiohttp.ClientSession, fault: str, message: str
) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=True) as running:
        client = SenecClient(session, running.host)
        await client.read(WANTED)  # handshake done
        unit.fault = fault
        expected = SenecConnectionError if fault == "reset" else SenecInvalidAnswerError
        with pytest.raises(expected, match=message) as err:
            await client.read(WANTED)
        assert "127.0.0.1" not in str(err.value)
        unit.fault = None
        assert (await client.read(WANTED)).sections["ENERGY"]


@pytest.mark.parametrize("fault", ["doubled", "string"])
async def test_firmware_escaping_quirks_are_tolerated(
    session: aiohttp.ClientSession, fault: str
) -> None:
    unit = FakeUnit(FULL, fault=fault)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        answer = await client.read(WANTED)
    assert answer.sections["ENERGY"]["STAT_STATE"] == _expected("ENERGY", "STAT_STATE")


async def test_timeout(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(FULL, fault="hang", hang_seconds=2)
    async with serve(unit, tls=False) as running:
        client = SenecClient(
            session, running.host, scheme=Scheme.HTTP, request_timeout=0.2
        )
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(SenecTimeoutError):
            await client.read(WANTED)
        assert loop.time() - started < 1.5


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    port = free_port()
    client = SenecClient(session, f"127.0.0.1:{port}", scheme=Scheme.HTTP)
    with pytest.raises(SenecConnectionError) as err:
        await client.read(WANTED)
    assert not isinstance(err.value, SenecTimeoutError)
    assert str(port) not in str(err.value)
    # Nor in the traceback Home Assistant logs at DEBUG: aiohttp's own error
    # ("Cannot connect to host 127.0.0.1:port") is not chained.
    logged = "".join(traceback.format_exception(err.value))
    assert "127.0.0.1" not in logged
    assert str(port) not in logged
    assert "Connection refused" in str(err.value)


async def test_connection_reset_mid_body(session: aiohttp.ClientSession) -> None:
    async def half_answer(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b'Content-Length: 500\r\n\r\n{"ENERGY": {'
        )
        await writer.drain()
        writer.transport.abort()

    server = await asyncio.start_server(half_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        client = SenecClient(session, f"127.0.0.1:{port}", scheme=Scheme.HTTP)
        with pytest.raises(SenecConnectionError):
            await client.read(WANTED)
    finally:
        server.close()
        await server.wait_closed()


async def test_http_client_does_not_speak_to_https_unit(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=True) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        with pytest.raises(SenecError):
            await client.read(WANTED)


async def test_one_request_in_flight(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(FULL)
    async with serve(unit, tls=False) as running:
        client = SenecClient(session, running.host, scheme=Scheme.HTTP)
        answers = await asyncio.gather(*(client.read(WANTED) for _ in range(5)))
    assert unit.max_in_flight == 1
    assert all(answer.sections == answers[0].sections for answer in answers)
    assert unit.handshakes == 1


async def test_large_request_is_split_and_merged(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(FULL)
    request = {section: list(keys) for section, keys in FULL.items()}
    async with serve(unit, tls=False) as running:
        client = SenecClient(
            session, running.host, scheme=Scheme.HTTP, max_body_bytes=2000
        )
        answer = await client.read(request)
    parts = unit.bodies[1:]
    assert len(parts) > 2
    assert all(len(json.dumps(part, separators=(",", ":"))) <= 2000 for part in parts)
    for section, values in FULL.items():
        if isinstance(values, dict) and "OBJECT_NOT_FOUND" not in values:
            assert set(answer.sections[section]) == set(values)
        else:
            assert section in answer.missing_sections


def test_split_body() -> None:
    body = {"A": dict.fromkeys(("K1", "K2", "K3"), ""), "B": {}}
    assert split_body(body, 10_000) == [body]
    parts = split_body(body, 24)
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        for section, keys in part.items():
            merged.setdefault(section, {}).update(keys)
    assert merged == body
    assert len(parts) > 1
    # a single key bigger than the limit still goes out, alone
    assert split_body({"A": {"X" * 50: ""}}, 10) == [{"A": {"X" * 50: ""}}]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"A": {"B": "u8_01"}}', {"A": {"B": "u8_01"}}),
        (b'{\\"A\\": {\\"B\\": \\"u8_01\\"}}', {"A": {"B": "u8_01"}}),
        (b'"{\\"A\\": {}}"', {"A": {}}),
        (b'  {"A": {}}\n', {"A": {}}),
    ],
)
def test_parse_body(data: bytes, expected: object) -> None:
    assert parse_body(data) == expected


@pytest.mark.parametrize(
    "data", [b"", b"   ", b"<html>", b'{"A": \\"x', b'"not json inside"', b"\xff\xfe"]
)
def test_parse_body_rejects(data: bytes) -> None:
    with pytest.raises(SenecInvalidAnswerError):
        parse_body(data)


@pytest.mark.parametrize(
    ("scheme", "style", "vars_url", "log_url"),
    [
        (
            Scheme.HTTPS,
            PathStyle.DOUBLE,
            "https://senec.local//vars.html",
            "https://senec.local//log/2024/03/05.log",
        ),
        (
            Scheme.HTTPS,
            PathStyle.CAPITAL,
            "https://senec.local/Vars.html",
            "https://senec.local/log/2024/03/05.log",
        ),
        (
            Scheme.HTTP,
            PathStyle.LOWER,
            "http://senec.local/vars.html",
            "http://senec.local/log/2024/03/05.log",
        ),
    ],
)
def test_urls(scheme: Scheme, style: PathStyle, vars_url: str, log_url: str) -> None:
    client = SenecClient(
        aiohttp.ClientSession.__new__(aiohttp.ClientSession),
        "senec.local",
        scheme=scheme,
        path_style=style,
    )
    assert client.base_url == f"{scheme}://senec.local"
    assert client.vars_url == vars_url
    assert client.log_url(date(2024, 3, 5)) == log_url


@pytest.mark.parametrize(
    ("host", "base_url"),
    [
        ("fd00::5", "https://[fd00::5]"),
        ("fe80::1%eth0", "https://[fe80::1%eth0]"),
        ("[fd00::5]", "https://[fd00::5]"),
        ("192.168.1.115", "https://192.168.1.115"),
        ("senec.local", "https://senec.local"),
    ],
)
def test_ipv6_literal_is_bracketed(host: str, base_url: str) -> None:
    """Every URL of the unit (requests, the vars page, the log) brackets an IPv6 host."""
    client = SenecClient(aiohttp.ClientSession.__new__(aiohttp.ClientSession), host)
    assert client.base_url == base_url
    assert client.vars_url == f"{base_url}//vars.html"
    assert client.log_url(date(2024, 3, 5)).startswith(f"{base_url}//log/")
