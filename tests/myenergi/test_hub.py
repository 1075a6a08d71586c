"""The hub's own element of a full status answer: firmware and server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    HubInfo,
    MyenergiClient,
    MyenergiConnectionError,
    parse_hub,
)

from .fake_cloud import PASSWORD, USERNAME, FakeCloud, payload_route

FULL_STATUS = [
    {"eddi": []},
    {"zappi": [{"sno": 16000001, "fwv": "3560S5.039"}]},
    {"harvi": []},
    {"asn": "s18.myenergi.net", "fwv": "3401S3.051", "vhub": 1},
]


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloud]:
    """One server that knows no path until a test gives it routes."""
    server = await FakeCloud().start()
    yield server
    await server.close()


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (FULL_STATUS, HubInfo("3401S3.051", "s18.myenergi.net")),
        ({"asn": "s18.myenergi.net"}, HubInfo(None, "s18.myenergi.net")),
        ([{"zappi": []}, {"fwv": " 3401S3.051 "}], HubInfo("3401S3.051", None)),
        ({"zappi": [{"sno": 1, "fwv": "3560S5.039"}]}, None),
        ([{"asn": "", "fwv": 3401}], None),
        ("not a status", None),
        (None, None),
    ],
    ids=[
        "full",
        "server-only",
        "firmware-only",
        "zappi-only",
        "odd-types",
        "text",
        "none",
    ],
)
def test_parse_hub(payload: object, expected: HubInfo | None) -> None:
    """Only the hub's element counts; a zappi's fwv is not the hub's firmware."""
    assert parse_hub(payload) == expected


@pytest.mark.usefixtures("socket_enabled")
async def test_get_hub(session: aiohttp.ClientSession, cloud: FakeCloud) -> None:
    """One request to the full status."""
    cloud.routes["cgi-jstatus-*"] = payload_route(FULL_STATUS)
    client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
    assert await client.get_hub() == HubInfo("3401S3.051", "s18.myenergi.net")
    assert cloud.paths()[-1] == "/cgi-jstatus-*"


@pytest.mark.usefixtures("socket_enabled")
async def test_get_hub_failure_raises(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """A server failure is the caller's to handle (setup goes on without it)."""
    cloud.routes["cgi-jstatus-*"] = lambda _r: (500, {}, b"")
    client = MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)
    with pytest.raises(MyenergiConnectionError):
        await client.get_hub()
