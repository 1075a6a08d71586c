"""Diagnostics: useful for a bug report, without anything that identifies the owner."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from .conftest import (
    API_KEY,
    HUB_SERIAL,
    SENEC_DEVICE_ID,
    SENEC_HOST,
    FakeMyenergi,
    FakeSenec,
)

VOLATILE = props("entry_id", "created_at", "modified_at")


async def _diagnostics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, entry: MockConfigEntry
) -> dict:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return await get_diagnostics_for_config_entry(hass, hass_client, entry)


async def test_senec_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The request, raw answer and decoded values, with ids, serials and host redacted."""
    result = await _diagnostics(hass, hass_client, senec_entry)
    text = json.dumps(result)
    for secret in (
        SENEC_HOST,
        SENEC_DEVICE_ID,
        "783234JD028547840519",  # battery serial
        "0a:15:f6",  # MAC
        "44043416",  # module serial
    ):
        assert secret not in text
    assert result["senec"]["decoded"]["ENERGY"]["STAT_STATE"] == 14
    identity = result["senec"]["identity"]
    assert (
        identity["device_id"] == identity["serial"] == identity["mac"] == "**REDACTED**"
    )
    assert identity["battery_type"] == 4
    # The tail of today's device log; the day moves, the rest is fixed.
    assert result["device_log"].pop("day") == dt_util.now().date().isoformat()
    assert result == snapshot(exclude=VOLATILE)


@pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")
async def test_myenergi_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The zappi status and today's energy, with key and serials redacted."""
    result = await _diagnostics(hass, hass_client, myenergi_entry)
    text = json.dumps(result)
    for secret in (API_KEY, HUB_SERIAL, "16000001"):
        assert secret not in text
    assert result["myenergi"]["zappis"][0]["raw"]["div"] == 5312
    assert result == snapshot(exclude=VOLATILE)


@pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")
async def test_myenergi_diagnostics_name_a_stale_reading(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A zappi whose hub serves yesterday's reading is marked in the diagnostics."""
    myenergi_account.clock_running = False  # the capture's reading: 2021-07-25
    result = await _diagnostics(hass, hass_client, myenergi_entry)
    (zappi,) = result["myenergi"]["zappis"]
    assert zappi["reading_stale"] is True
    assert zappi["raw"]["dat"] == "25-07-2021"
