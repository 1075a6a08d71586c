"""A host name in the SENEC form, resolved by Home Assistant's own session.

Home Assistant resolves names with aiodns on pycares (the test harness swaps
its mDNS resolver for aiohttp's AsyncResolver, the same aiodns path for names
outside .local). aiodns 3.2.0, which Home Assistant 2025.4.4 pins, breaks on
pycares 5 (``TypeError: Channel.getaddrinfo() takes 3 positional arguments``)
and the form shows "Unexpected error"; the requirements pin pycares 4. This
runs in-process (fast), beside the end-to-end test that types a host name
into a real Home Assistant.
"""

from __future__ import annotations

from collections.abc import Generator
import socket
from unittest.mock import AsyncMock, patch

import aiohttp
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest

from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    DOMAIN,
)
from tests.conftest import load_json
from tests.senec.fake_unit import FakeUnit, serve

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture(autouse=True)
def _no_setup() -> Generator[None]:
    """The flow is the subject; setting the entry up is tested elsewhere."""
    with patch(
        "custom_components.senec_zappi.async_setup_entry", AsyncMock(return_value=True)
    ):
        yield


async def test_session_resolves_host_name(hass: HomeAssistant) -> None:
    """The session's resolver turns localhost into the loopback address."""
    connector = async_get_clientsession(hass).connector
    assert isinstance(connector, aiohttp.TCPConnector)
    results = await connector._resolver.resolve("localhost", 80, socket.AF_INET)
    assert {result["host"] for result in results} == {"127.0.0.1"}


@pytest.mark.parametrize("tls", [True, False], ids=["https", "http"])
async def test_senec_form_accepts_host_name(hass: HomeAssistant, tls: bool) -> None:
    """localhost:PORT in the form: detected and stored as typed."""
    unit = FakeUnit(load_json("senec_full.json"))
    async with serve(unit, tls=tls) as running:
        host = running.host.replace("127.0.0.1", "localhost")
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "senec"}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_HOST: host, CONF_SCHEME: "auto", CONF_PATH_STYLE: "auto"},
        )
        await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    assert result["data"][CONF_DEVICE_TYPE] == "senec"
    assert result["data"][CONF_HOST] == host
    assert result["data"][CONF_SCHEME] == ("https" if tls else "http")
    assert unit.handshakes >= 1
