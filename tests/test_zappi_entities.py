"""zappi entities: the complete set, CT clamp naming, enums and energy totals."""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from .conftest import FakeMyenergi
from .helpers import setup_entry

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")


@pytest.fixture
def platform() -> Platform:
    """Which platform the test sets up."""
    return Platform.SENSOR


@pytest.fixture(autouse=True)
def _only_platform(platform: Platform) -> Generator[None]:
    with patch("custom_components.senec_zappi.PLATFORMS", [platform]):
        yield


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_entity_set(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every zappi entity, all enabled, with its state."""
    await setup_entry(hass, myenergi_entry)
    await snapshot_platform(hass, entity_registry, snapshot, myenergi_entry.entry_id)


async def test_ct_clamps_named_by_label(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Clamps get the owner's label; clamps labelled "None" get no entity."""
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get("sensor.driveway_ct_internal_load_power").state == "5312"
    assert hass.states.get("sensor.driveway_ct_grid_power").state == "4924"
    clamps = sorted(
        state.entity_id
        for state in hass.states.async_all("sensor")
        if state.attributes["friendly_name"].startswith("Driveway CT ")
    )
    assert clamps == [
        "sensor.driveway_ct_grid_power",
        "sensor.driveway_ct_internal_load_power",
    ]


async def test_values_converted(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """deciVolt, PWM and boost time arrive in user units."""
    await setup_entry(hass, myenergi_entry)
    assert float(hass.states.get("sensor.driveway_voltage").state) == 223.1
    assert float(hass.states.get("sensor.driveway_current_offered").state) == 24.6
    assert hass.states.get("sensor.driveway_smart_boost_time").state == "17:10"
    assert hass.states.get("sensor.driveway_status").state == "charging"


async def test_unknown_codes_are_unknown(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A mode, status or plug code we do not know reads as unknown."""
    await setup_entry(hass, myenergi_entry)
    zappi = myenergi_account.status_payload["zappi"][0]
    zappi.update({"zmo": 9, "sta": 42, "pst": "Z9", "cmt": 100})
    freezer.tick(timedelta(seconds=61))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    for key in ("charge_mode", "status", "plug_status"):
        assert hass.states.get(f"sensor.driveway_{key}").state == STATE_UNKNOWN


async def test_today_never_falls_within_a_day(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A shorter history answer mid-day keeps the total; a new day resets it."""
    await setup_entry(hass, myenergi_entry)
    entity_id = "sensor.driveway_grid_import_today"
    before = float(hass.states.get(entity_id).state)
    assert before > 0

    (records,) = myenergi_account.history_payload.values()
    records.clear()
    freezer.tick(timedelta(minutes=15, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert float(hass.states.get(entity_id).state) == before

    freezer.move_to("2021-07-27 07:00:31+00:00")  # after the next local midnight
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert float(hass.states.get(entity_id).state) == 0
