"""Secrets (API key, serials, device id, host) never reach the log or diagnostics."""

from __future__ import annotations

import json
import logging

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.senec_zappi.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.senec_zappi.myenergi import (
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiRateLimitError,
)
from custom_components.senec_zappi.senec import (
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecTimeoutError,
)

from .conftest import (
    API_KEY,
    HUB_SERIAL,
    SENEC_DEVICE_ID,
    SENEC_HOST,
    FakeMyenergi,
    FakeSenec,
)
from .helpers import tick

SECRETS = (
    API_KEY,
    HUB_SERIAL,
    "16000001",  # zappi serial
    SENEC_DEVICE_ID,
    "783234JD028547840519",  # battery serial
    SENEC_HOST,
)


@pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")
async def test_no_secret_in_log_or_diagnostics(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Setup, polls, every fault, reauth and diagnostics with debug logging on."""
    caplog.set_level(logging.DEBUG)
    for entry in (senec_entry, myenergi_entry):
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    for error in (
        SenecTimeoutError("slow"),
        SenecConnectionError("reset"),
        SenecInvalidAnswerError("html"),
        None,
    ):
        senec_device.error = error
        await tick(hass, freezer, 301)
    # What the network raises names the address (asyncio, aiohttp); Home
    # Assistant 2026 logs the failure's traceback at DEBUG.
    for network_error in (
        OSError(113, f"Connect call failed ('{SENEC_HOST}', 443)"),
        aiohttp.ClientOSError(104, f"Cannot connect to host {SENEC_HOST}:443"),
        None,
    ):
        senec_device.network_error = network_error
        await tick(hass, freezer, 301)
    for failure in (
        MyenergiConnectionError("down"),
        MyenergiRateLimitError("429", retry_after=60),
        None,
        MyenergiAuthError("401"),
    ):
        myenergi_account.error = failure
        await tick(hass, freezer, 601)

    # The 401 started a reauth flow: finish it with a new key.
    (flow,) = hass.config_entries.flow.async_progress_by_handler("senec_zappi")
    myenergi_account.error = None
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: "another-secret-key-42"}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()

    dumps = [
        # Called directly: the hour of frozen time above outlived any HTTP token.
        json.dumps(await async_get_config_entry_diagnostics(hass, entry))
        for entry in (senec_entry, myenergi_entry)
    ]
    assert any(record.levelno == logging.DEBUG for record in caplog.records)
    assert any(
        "Fetching SENEC data recovered" in r.getMessage() for r in caplog.records
    )
    for secret in (*SECRETS, "another-secret-key-42"):
        assert secret not in caplog.text, secret
        for dump in dumps:
            assert secret not in dump, secret
