"""A 429 at setup: the retried setup waits as the server asked (issue 21 item 8).

Against the fake cloud over HTTP (the client is not replaced here): every
request of the entry's clients counts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest

from .helpers import cloud_entry
from .myenergi.fake_cloud import FakeCloud, FakeZappi

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloud]:
    """The hub's server, answering 429 (wait 600 s) to the status at first."""
    server = await FakeCloud().start()
    FakeZappi().install(server)
    server.routes["cgi-jstatus-Z"] = lambda _r: (429, {"Retry-After": "600"}, b"")
    yield server
    await server.close()


async def test_setup_retry_after_429_sends_nothing(
    hass: HomeAssistant, cloud: FakeCloud
) -> None:
    entry = cloud_entry(hass, cloud)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    sent = len(cloud.seen)
    assert sent == 2  # the digest challenge and the status read; nothing else
    del cloud.routes["cgi-jstatus-Z"]  # the hub would answer again
    await hass.config_entries.async_reload(entry.entry_id)  # a retry within 600 s
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert len(cloud.seen) == sent  # no request before the wait is over
