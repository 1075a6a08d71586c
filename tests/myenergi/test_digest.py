"""Digest auth: challenge parsing, the header, and a server that checks it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx
import pytest

from custom_components.senec_zappi.myenergi import (
    DigestAuth,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiInvalidAnswerError,
)
from custom_components.senec_zappi.myenergi.digest import split_challenge

from .fake_cloud import (
    OPAQUE,
    PASSWORD,
    REALM,
    USERNAME,
    FakeCloud,
    expected_response,
    parse_authorization,
    payload_route,
)

# pytest-homeassistant blocks sockets; connections stay limited to 127.0.0.1.
pytestmark = pytest.mark.usefixtures("socket_enabled")

MYENERGI_CHALLENGE = (
    'Digest realm="MyEnergi Telemetry", nonce="abc123", qop="auth", '
    'opaque="xyz", algorithm=MD5, stale=FALSE'
)


async def _cloud(**kwargs: object) -> FakeCloud:
    cloud = FakeCloud(**kwargs)  # type: ignore[arg-type]
    cloud.routes["cgi-jstatus-Z"] = payload_route({"zappi": [{"sno": 1}]})
    return await cloud.start()


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloud]:
    """A server with the default challenge (MD5, qop auth, opaque)."""
    server = await _cloud()
    yield server
    await server.close()


def test_split_challenge_myenergi_header() -> None:
    assert split_challenge(MYENERGI_CHALLENGE) == {
        "realm": "MyEnergi Telemetry",
        "nonce": "abc123",
        "qop": "auth",
        "opaque": "xyz",
        "algorithm": "MD5",
        "stale": "FALSE",
    }


def test_split_challenge_commas_escapes_and_case() -> None:
    header = (
        'digest Realm="a, b", qop="auth,auth-int", nonce=plain42,opaque="say \\"hi\\""'
    )
    assert split_challenge(header) == {
        "realm": "a, b",
        "qop": "auth,auth-int",
        "nonce": "plain42",
        "opaque": 'say "hi"',
    }


@pytest.mark.parametrize(
    "header",
    ['Basic realm="x"', 'Digest realm="x"', 'Digest nonce="n"', "Digest", ""],
)
def test_split_challenge_rejects(header: str) -> None:
    with pytest.raises(MyenergiInvalidAnswerError):
        split_challenge(header)


def test_header_matches_independent_computation() -> None:
    auth = DigestAuth("16000001", "key")
    assert not auth.has_challenge
    assert auth.nonce is None
    auth.parse_challenge(MYENERGI_CHALLENGE)
    assert auth.has_challenge
    assert auth.nonce == "abc123"
    uri = "/cgi-jdayhour-Z16000001-2021-7-25"
    first = parse_authorization(auth.authorization("GET", uri, cnonce="c0ffee"))
    second = parse_authorization(auth.authorization("GET", uri, cnonce="c0ffee"))
    assert first == {
        "username": "16000001",
        "realm": "MyEnergi Telemetry",
        "nonce": "abc123",
        "uri": uri,
        "qop": "auth",
        "nc": "00000001",
        "cnonce": "c0ffee",
        "response": expected_response(
            username="16000001",
            password="key",
            realm="MyEnergi Telemetry",
            method="GET",
            uri=uri,
            nonce="abc123",
            nc="00000001",
            cnonce="c0ffee",
            qop="auth",
        ),
        "opaque": "xyz",
        "algorithm": "MD5",
    }
    assert second["nc"] == "00000002"
    assert second["response"] != first["response"]


def test_random_cnonce_differs() -> None:
    auth = DigestAuth("u", "p")
    auth.parse_challenge(MYENERGI_CHALLENGE)
    one = parse_authorization(auth.authorization("GET", "/x"))["cnonce"]
    two = parse_authorization(auth.authorization("GET", "/x"))["cnonce"]
    assert one != two
    assert len(one) >= 16


def test_rfc2069_form_without_qop() -> None:
    auth = DigestAuth("u", "p")
    auth.parse_challenge('Digest realm="r", nonce="n"')
    params = parse_authorization(auth.authorization("GET", "/a?b=1"))
    assert params == {
        "username": "u",
        "realm": "r",
        "nonce": "n",
        "uri": "/a?b=1",
        "response": expected_response(
            username="u", password="p", realm="r", method="GET", uri="/a?b=1", nonce="n"
        ),
    }


def test_reset_forgets_challenge_and_new_challenge_restarts_nc() -> None:
    auth = DigestAuth("u", "p")
    auth.parse_challenge(MYENERGI_CHALLENGE)
    auth.authorization("GET", "/x")
    auth.parse_challenge(MYENERGI_CHALLENGE.replace("abc123", "def456"))
    assert parse_authorization(auth.authorization("GET", "/x"))["nc"] == "00000001"
    auth.reset()
    assert not auth.has_challenge
    with pytest.raises(RuntimeError):
        auth.authorization("GET", "/x")


@pytest.mark.parametrize(
    "header",
    [
        'Digest realm="r", nonce="n", algorithm=SHA-256',
        'Digest realm="r", nonce="n", algorithm=MD5-sess',
        'Digest realm="r", nonce="n", qop="auth-int"',
    ],
)
def test_unsupported_algorithm_or_qop(header: str) -> None:
    auth = DigestAuth("u", "p")
    with pytest.raises(MyenergiInvalidAnswerError):
        auth.parse_challenge(header)
    assert not auth.has_challenge


async def test_exchange_then_preemptive_nonce_reuse(
    cloud: FakeCloud, session: aiohttp.ClientSession
) -> None:
    client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
    for _ in range(3):
        assert [z.serial for z in await client.get_zappis()] == ["1"]
    assert [s.outcome for s in cloud.seen] == ["challenged", "ok", "ok", "ok"]
    assert cloud.seen[0].authorization is None
    ncs = [parse_authorization(s.authorization or "")["nc"] for s in cloud.seen[1:]]
    assert ncs == ["00000001", "00000002", "00000003"]
    assert client.requests_sent == 4


async def test_stale_nonce_redoes_exchange_once(
    cloud: FakeCloud, session: aiohttp.ClientSession
) -> None:
    client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
    await client.get_zappis()
    cloud.expire_nonces()
    await client.get_zappis()
    assert [s.outcome for s in cloud.seen] == ["challenged", "ok", "stale", "ok"]
    last = parse_authorization(cloud.seen[-1].authorization or "")
    assert last["nc"] == "00000001"
    assert client.requests_sent == 4


async def test_wrong_key_is_auth_error(
    cloud: FakeCloud, session: aiohttp.ClientSession
) -> None:
    client = MyenergiClient(session, USERNAME, "wrong-key", server_url=cloud.url)
    with pytest.raises(MyenergiAuthError) as err:
        await client.get_zappis()
    assert [s.outcome for s in cloud.seen] == ["challenged", "wrong digest"]
    for secret in ("wrong-key", USERNAME, "127.0.0.1"):
        assert secret not in str(err.value)
    # The next call starts a clean exchange again, it does not loop.
    with pytest.raises(MyenergiAuthError):
        await client.get_zappis()
    assert client.requests_sent == 4


async def test_refusal_with_same_nonce_is_not_retried(
    session: aiohttp.ClientSession,
) -> None:
    cloud = await _cloud(refuse_with_same_nonce=True)
    try:
        client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
        await client.get_zappis()
        cloud.password = "rotated-key"  # the key was revoked meanwhile
        with pytest.raises(MyenergiAuthError):
            await client.get_zappis()
        assert [s.outcome for s in cloud.seen] == [
            "challenged",
            "ok",
            "wrong digest",
        ]
    finally:
        await cloud.close()


async def test_401_without_challenge_is_auth_error(
    session: aiohttp.ClientSession,
) -> None:
    cloud = await _cloud(bare_401=True)
    try:
        client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
        with pytest.raises(MyenergiAuthError):
            await client.get_zappis()
        assert client.requests_sent == 1
    finally:
        await cloud.close()


async def test_server_without_qop_rfc2069(session: aiohttp.ClientSession) -> None:
    cloud = await _cloud(qop=False, algorithm=None)
    try:
        client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
        assert len(await client.get_zappis()) == 1
        assert [s.outcome for s in cloud.seen] == ["challenged", "ok"]
    finally:
        await cloud.close()


async def test_unsupported_algorithm_from_server(
    session: aiohttp.ClientSession,
) -> None:
    cloud = await _cloud(algorithm="SHA-512-256")
    try:
        client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
        with pytest.raises(MyenergiInvalidAnswerError):
            await client.get_zappis()
        assert client.requests_sent == 1
    finally:
        await cloud.close()


async def test_httpx_digest_accepted_by_same_server(cloud: FakeCloud) -> None:
    """The server's check agrees with an independent client implementation."""
    async with httpx.AsyncClient(auth=httpx.DigestAuth(USERNAME, PASSWORD)) as client:
        good = await client.get(f"{cloud.url}/cgi-jstatus-Z")
    async with httpx.AsyncClient(auth=httpx.DigestAuth(USERNAME, "nope")) as client:
        bad = await client.get(f"{cloud.url}/cgi-jstatus-Z")
    assert good.status_code == 200
    assert good.json() == {"zappi": [{"sno": 1}]}
    assert bad.status_code == 401
    assert [s.outcome for s in cloud.seen] == [
        "challenged",
        "ok",
        "challenged",
        "wrong digest",
    ]
    # httpx and our header agree for the same nonce, nc and cnonce.
    theirs = parse_authorization(cloud.seen[1].authorization or "")
    ours = DigestAuth(USERNAME, PASSWORD)
    ours.parse_challenge(
        f'Digest realm="{REALM}", qop="auth", nonce="{theirs["nonce"]}", '
        f'opaque="{OPAQUE}", algorithm=MD5'
    )
    mine = parse_authorization(
        ours.authorization("GET", "/cgi-jstatus-Z", cnonce=theirs["cnonce"])
    )
    assert mine["nc"] == theirs["nc"] == "00000001"
    assert mine["response"] == theirs["response"]
