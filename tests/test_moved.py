"""The ready-by time moved from a time entity to a select (moved.py).

An owner upgrading keeps the time they had set; automations and scripts that
still set the old entity are named in a repair issue until they no longer do.
"""

from __future__ import annotations

from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache,
)

from custom_components.senec_zappi.const import DOMAIN

from .conftest import FakeMyenergi
from .helpers import setup_entry

OLD = "time.driveway_ready_by"
NEW = "select.driveway_ready_by"
UNIQUE_ID = "zappi_16000001_smart_boost_ready_by"
ISSUE = f"entity_moved_{OLD}"


def _old_entity(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> None:
    """The time entity an earlier version registered, with its last state."""
    entry.add_to_hass(entity_registry.hass)
    entity_registry.async_get_or_create(
        "time",
        DOMAIN,
        UNIQUE_ID,
        config_entry=entry,
        suggested_object_id="driveway_ready_by",
    )


async def _automation_setting(hass: HomeAssistant, entity_id: str) -> None:
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: {
                "id": "early_boost",
                "alias": "Early boost",
                "triggers": [{"trigger": "event", "event_type": "early"}],
                "actions": [
                    {
                        "action": "time.set_value",
                        "target": {"entity_id": entity_id},
                        "data": {"time": "05:00:00"},
                    }
                ],
            }
        },
    )


@pytest.mark.parametrize(
    ("automation", "restored", "shown"),
    [(True, "05:30:00", "05:30"), (False, "21:15:00", "21:15")],
)
async def test_upgrade_keeps_the_time_and_names_the_automations(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    automation: bool,
    restored: str,
    shown: str,
) -> None:
    """The select starts at the owner's time and the old entity goes; an
    automation that still sets it is named in a repair issue, else none."""
    _old_entity(entity_registry, myenergi_entry)
    mock_restore_cache(hass, (State(OLD, restored),))
    if automation:
        await _automation_setting(hass, OLD)
    await setup_entry(hass, myenergi_entry)
    state = hass.states.get(NEW)
    assert state is not None
    assert state.state == shown
    assert entity_registry.async_get(OLD) is None
    issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
    if not automation:
        assert issue is None
        return
    assert issue is not None
    assert issue.translation_placeholders == {
        "old": OLD,
        "new": NEW,
        "users": "automation.early_boost",
    }
    assert issue.is_persistent


async def _start_after_the_issue(
    hass: HomeAssistant, entry: MockConfigEntry, automation_sets: str
) -> None:
    """A start after an earlier one raised the issue; the automation now sets
    ``automation_sets``."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        ISSUE,
        is_fixable=False,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key="entity_moved",
        translation_placeholders={"old": OLD, "new": NEW, "users": "x"},
        data={"entry_id": entry.entry_id, "old": OLD},
    )
    await _automation_setting(hass, automation_sets)
    await setup_entry(hass, entry)


async def test_issue_goes_once_no_automation_uses_the_old_entity(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """The owner changed the automation: at the next start the issue is gone."""
    await _start_after_the_issue(hass, myenergi_entry, NEW)
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None


async def test_issue_stays_while_an_automation_uses_the_old_entity(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Still set by an automation: the issue stays; a removed entry takes it along."""
    await _start_after_the_issue(hass, myenergi_entry, OLD)
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None
    await hass.config_entries.async_remove(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
