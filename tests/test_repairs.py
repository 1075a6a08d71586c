"""Repair issues: raised when the owner must act, gone once the cause is."""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.coordinator import SenecCoordinator
from custom_components.senec_zappi.myenergi import (
    MyenergiConnectionError,
    MyenergiRateLimitError,
)
from custom_components.senec_zappi.senec import (
    PathStyle,
    ProbeResult,
    Scheme,
    SenecConnectionError,
    SenecIdentity,
)

from .conftest import SENEC_DEVICE_ID, FakeMyenergi, FakeSenec
from .helpers import poll, setup_entry, tick

OTHER_UNIT = "st_1111111111111111111111111"
NEW_HOST = "192.168.1.200"


def _issue(
    issue_registry: ir.IssueRegistry, kind: str, entry: MockConfigEntry
) -> ir.IssueEntry | None:
    return issue_registry.async_get_issue(DOMAIN, f"{kind}_{entry.entry_id}")


@pytest.fixture
def mock_probe() -> Generator[AsyncMock]:
    """The probe of the fix flow finds the entry's own unit."""
    identity = SenecIdentity(device_id=SENEC_DEVICE_ID, battery_type=4)
    with patch(
        "custom_components.senec_zappi.config_flow.probe",
        AsyncMock(return_value=ProbeResult(Scheme.HTTPS, PathStyle.DOUBLE, identity)),
    ) as probe:
        yield probe


async def test_other_unit_at_the_address(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Another unit's data never lands on this device; the issue says why."""
    senec_device.set("FACTORY", "DEVICE_ID", OTHER_UNIT)
    await setup_entry(hass, senec_entry)
    assert senec_entry.state is ConfigEntryState.SETUP_RETRY
    issue = _issue(issue_registry, "wrong_device", senec_entry)
    assert issue is not None
    assert issue.is_fixable
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {"title": senec_entry.title}
    assert hass.states.async_all() == []

    # The right unit answers there again: the retry sets it up, the issue goes.
    senec_device.set("FACTORY", "DEVICE_ID", f"st_{SENEC_DEVICE_ID}")
    await tick(hass, freezer, 90)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert senec_entry.state is ConfigEntryState.LOADED
    assert _issue(issue_registry, "wrong_device", senec_entry) is None


async def test_same_unit_known_by_its_serial(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    issue_registry: ir.IssueRegistry,
) -> None:
    """An entry made from the battery serial (no device id then) is still the unit."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Garage",
        unique_id="783234JD028547840519",
        data={
            "device_type": "senec",
            CONF_HOST: "192.168.1.115",
            "scheme": "https",
            "path_style": "double",
        },
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.title == "Garage"  # a title the owner chose stays
    assert _issue(issue_registry, "wrong_device", entry) is None


async def _start_fix(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result: dict[str, Any] = await manager.async_init(
        DOMAIN, data={"issue_id": f"wrong_device_{entry.entry_id}"}
    )
    return result


async def _configure(
    hass: HomeAssistant, flow_id: str, user_input: dict[str, Any]
) -> dict[str, Any]:
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result: dict[str, Any] = await manager.async_configure(flow_id, user_input)
    return result


async def test_fix_flow_finds_the_unit_at_its_new_address(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    mock_probe: AsyncMock,
) -> None:
    """The fix asks for the address, accepts only the entry's own unit, reloads."""
    senec_device.set("FACTORY", "DEVICE_ID", OTHER_UNIT)
    await setup_entry(hass, senec_entry)
    result = await _start_fix(hass, senec_entry)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "address"
    assert result["description_placeholders"] == {"title": senec_entry.title}

    mock_probe.side_effect = SenecConnectionError("refused")
    result = await _configure(hass, result["flow_id"], {CONF_HOST: NEW_HOST})
    assert result["errors"] == {"base": "senec_cannot_connect"}

    mock_probe.side_effect = None
    other = SenecIdentity(device_id=OTHER_UNIT.removeprefix("st_"))
    mock_probe.return_value = ProbeResult(Scheme.HTTPS, PathStyle.DOUBLE, other)
    result = await _configure(hass, result["flow_id"], {CONF_HOST: NEW_HOST})
    assert result["errors"] == {"base": "wrong_device"}
    assert senec_entry.data[CONF_HOST] == "192.168.1.115"

    mock_probe.return_value = ProbeResult(
        Scheme.HTTP,
        PathStyle.LOWER,
        SenecIdentity(device_id=SENEC_DEVICE_ID, battery_type=4),
    )
    senec_device.set("FACTORY", "DEVICE_ID", f"st_{SENEC_DEVICE_ID}")
    result = await _configure(hass, result["flow_id"], {CONF_HOST: f" {NEW_HOST} "})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert senec_entry.data[CONF_HOST] == NEW_HOST
    assert senec_entry.data["scheme"] == "http"
    assert senec_entry.data["path_style"] == "lower"
    assert senec_entry.state is ConfigEntryState.LOADED
    assert _issue(issue_registry, "wrong_device", senec_entry) is None


async def test_fix_flow_of_a_removed_entry(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """An issue left over from a removed entry has nothing to fix and goes."""
    senec_device.set("FACTORY", "DEVICE_ID", OTHER_UNIT)
    await setup_entry(hass, senec_entry)
    ir.async_create_issue(
        hass,
        DOMAIN,
        "wrong_device_gone",
        is_fixable=True,
        severity=ir.IssueSeverity.ERROR,
        translation_key="wrong_device",
        translation_placeholders={"title": "Gone"},
        data={"entry_id": "gone"},
    )
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": "wrong_device_gone"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_removed"
    assert issue_registry.async_get_issue(DOMAIN, "wrong_device_gone") is None

    # Removing an entry removes its issues.
    assert _issue(issue_registry, "wrong_device", senec_entry) is not None
    assert await hass.config_entries.async_remove(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert _issue(issue_registry, "wrong_device", senec_entry) is None


async def test_senec_unreachable_for_a_day(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An issue after a day without an answer, gone with the first answer."""
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    assert isinstance(coordinator, SenecCoordinator)
    senec_device.error = SenecConnectionError("refused")
    await poll(hass, freezer, coordinator)
    await tick(hass, freezer, timedelta(hours=23).total_seconds())
    assert _issue(issue_registry, "senec_unreachable", senec_entry) is None

    await tick(hass, freezer, timedelta(hours=1, minutes=5).total_seconds())
    issue = _issue(issue_registry, "senec_unreachable", senec_entry)
    assert issue is not None
    assert not issue.is_fixable
    assert issue.translation_placeholders == {"title": senec_entry.title}

    senec_device.error = None
    await poll(hass, freezer, coordinator)
    assert coordinator.last_update_success
    assert _issue(issue_registry, "senec_unreachable", senec_entry) is None


async def test_myenergi_rate_limited_for_an_hour(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """429s for over an hour raise an issue; other failures do not; success clears."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.error = MyenergiConnectionError("down")
    await tick(hass, freezer, 61)
    await tick(hass, freezer, timedelta(hours=2).total_seconds())
    assert _issue(issue_registry, "myenergi_rate_limited", myenergi_entry) is None

    myenergi_account.error = MyenergiRateLimitError("429", None)
    await tick(hass, freezer, 61)
    await tick(hass, freezer, timedelta(minutes=40).total_seconds())
    assert _issue(issue_registry, "myenergi_rate_limited", myenergi_entry) is None
    await tick(hass, freezer, timedelta(minutes=30).total_seconds())
    issue = _issue(issue_registry, "myenergi_rate_limited", myenergi_entry)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING

    myenergi_account.error = None
    await tick(hass, freezer, timedelta(hours=1, minutes=1).total_seconds())
    assert _issue(issue_registry, "myenergi_rate_limited", myenergi_entry) is None


async def test_senec_offline_since_start_for_a_day(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The day also counts across setup retries; the first answer clears it."""
    senec_device.error = SenecConnectionError("refused")
    await setup_entry(hass, senec_entry)
    assert senec_entry.state is ConfigEntryState.SETUP_RETRY
    await tick(hass, freezer, timedelta(hours=25).total_seconds())
    await hass.async_block_till_done(wait_background_tasks=True)
    assert senec_entry.state is ConfigEntryState.SETUP_RETRY
    assert _issue(issue_registry, "senec_unreachable", senec_entry) is not None

    senec_device.error = None
    await tick(hass, freezer, 90)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert senec_entry.state is ConfigEntryState.LOADED
    assert _issue(issue_registry, "senec_unreachable", senec_entry) is None
