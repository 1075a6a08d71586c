"""Entities that moved platform: the owner's value and automations come along.

The smart boost *Ready by* time became a select of quarter hours. Its old
time entity (same unique id, other domain) leaves the registry; the select
starts from the time the owner had set, and a repair issue names the
automations and scripts that still set the old entity.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.automation import automations_with_entity
from homeassistant.components.script import scripts_with_entity
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.restore_state import async_get as restore_data
from homeassistant.helpers.start import async_at_started

from .const import DOMAIN

ISSUE_ENTITY_MOVED = "entity_moved"


def _issue_id(old_entity_id: str) -> str:
    return f"{ISSUE_ENTITY_MOVED}_{old_entity_id}"


@callback
def async_take_over(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    old_domain: str,
    unique_id: str,
    new_entity_id: str,
) -> str | None:
    """Remove the old entity once Home Assistant runs; its last state, if any.

    Removed once started, not now: automations and scripts load late, and
    the repair issue must see them.
    """
    registry = er.async_get(hass)
    old_entity_id = registry.async_get_entity_id(old_domain, DOMAIN, unique_id)
    if old_entity_id is None:
        return None
    stored = restore_data(hass).last_states.get(old_entity_id)

    @callback
    def _started(hass: HomeAssistant) -> None:
        users = automations_with_entity(hass, old_entity_id) + scripts_with_entity(
            hass, old_entity_id
        )
        if users:
            ir.async_create_issue(
                hass,
                DOMAIN,
                _issue_id(old_entity_id),
                is_fixable=False,
                is_persistent=True,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_ENTITY_MOVED,
                translation_placeholders={
                    "old": old_entity_id,
                    "new": new_entity_id,
                    "users": ", ".join(sorted(users)),
                },
                data={"entry_id": entry.entry_id, "old": old_entity_id},
            )
        if registry.async_get(old_entity_id) is not None:
            registry.async_remove(old_entity_id)

    entry.async_on_unload(async_at_started(hass, _started))
    return stored.state.state if stored else None


@callback
def async_check_moved(hass: HomeAssistant) -> None:
    """Once started: an issue whose automations no longer use the old entity goes."""

    @callback
    def _started(hass: HomeAssistant) -> None:
        for (domain, issue_id), issue in list(ir.async_get(hass).issues.items()):
            old = (issue.data or {}).get("old")
            if domain != DOMAIN or not issue_id.startswith(ISSUE_ENTITY_MOVED):
                continue
            if not isinstance(old, str) or not (
                automations_with_entity(hass, old) or scripts_with_entity(hass, old)
            ):
                ir.async_delete_issue(hass, DOMAIN, issue_id)

    async_at_started(hass, _started)


@callback
def async_delete_moved_issues(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """A removed entry leaves no such issue behind."""
    for (domain, issue_id), issue in list(ir.async_get(hass).issues.items()):
        ours = domain == DOMAIN and issue_id.startswith(ISSUE_ENTITY_MOVED)
        if ours and (issue.data or {}).get("entry_id") == entry.entry_id:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
