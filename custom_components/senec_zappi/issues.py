"""Repair issues: their ids, the failure clock that raises them, deleting them.

A failure clock starts at the first failed poll and raises its issue once
the failure has lasted long enough; the first success deletes it. The
"different SENEC unit" issue is raised and deleted at setup.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

# Raised after this long, deleted as soon as the cause is gone.
SENEC_UNREACHABLE_ISSUE_AFTER = timedelta(days=1)
MYENERGI_RATE_LIMIT_ISSUE_AFTER = timedelta(hours=1)
ISSUE_WRONG_DEVICE = "wrong_device"
ISSUE_SENEC_UNREACHABLE = "senec_unreachable"
ISSUE_MYENERGI_RATE_LIMITED = "myenergi_rate_limited"
ISSUE_ZAPPI_NOT_IN_HOUSE = "zappi_not_in_house"
ISSUE_KINDS = (
    ISSUE_WRONG_DEVICE,
    ISSUE_SENEC_UNREACHABLE,
    ISSUE_MYENERGI_RATE_LIMITED,
    ISSUE_ZAPPI_NOT_IN_HOUSE,
)
# One per socket: {kind}_{socket}_{entry_id}.
ISSUE_SOCKET_DISABLED = "senec_socket_disabled"

# When each failure began, per issue id: kept across setup retries and
# reloads of the entry (a unit offline since Home Assistant started still
# counts), dropped with Home Assistant.
FAILING_SINCE: HassKey[dict[str, datetime]] = HassKey(f"{DOMAIN}_failing_since")


def issue_id(kind: str, entry: ConfigEntry[Any]) -> str:
    """One repair issue of a kind per entry."""
    return f"{kind}_{entry.entry_id}"


@callback
def async_delete_issue(hass: HomeAssistant, entry: ConfigEntry[Any], kind: str) -> None:
    """The cause is gone: forget when it began, delete the issue."""
    hass.data.get(FAILING_SINCE, {}).pop(issue_id(kind, entry), None)
    ir.async_delete_issue(hass, DOMAIN, issue_id(kind, entry))


@callback
def async_delete_issues(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """An entry that is gone leaves no repair issue behind."""
    for kind in ISSUE_KINDS:
        async_delete_issue(hass, entry, kind)
    for domain, issue in list(ir.async_get(hass).issues):
        ours = issue.startswith(ISSUE_SOCKET_DISABLED) and issue.endswith(
            f"_{entry.entry_id}"
        )
        if domain == DOMAIN and ours:
            ir.async_delete_issue(hass, DOMAIN, issue)


def _socket_issue_id(entry: ConfigEntry[Any], socket: int) -> str:
    return f"{ISSUE_SOCKET_DISABLED}_{socket}_{entry.entry_id}"


@callback
def async_raise_socket_disabled(
    hass: HomeAssistant, entry: ConfigEntry[Any], socket: int
) -> bool:
    """A forced socket stays unpowered, disabled in the unit; True if new."""
    issue = _socket_issue_id(entry, socket)
    if ir.async_get(hass).async_get_issue(DOMAIN, issue) is not None:
        return False
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue,
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_SOCKET_DISABLED,
        translation_placeholders={"socket": str(socket), "title": entry.title},
    )
    return True


@callback
def async_delete_socket_disabled(
    hass: HomeAssistant, entry: ConfigEntry[Any], socket: int
) -> None:
    """The socket is powered, or no longer forced on."""
    ir.async_delete_issue(hass, DOMAIN, _socket_issue_id(entry, socket))


@callback
def async_raise_wrong_device(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Another unit answers at the entry's address; the fix asks for the new one."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(ISSUE_WRONG_DEVICE, entry),
        is_fixable=True,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=ISSUE_WRONG_DEVICE,
        translation_placeholders={"title": entry.title},
        data={"entry_id": entry.entry_id},
    )


@callback
def async_raise_zappi_not_in_house(
    hass: HomeAssistant, entry: ConfigEntry[Any], zappis: list[str]
) -> None:
    """Paired zappis (by name) draw more than the SENEC house: how to unpair."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(ISSUE_ZAPPI_NOT_IN_HOUSE, entry),
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_ZAPPI_NOT_IN_HOUSE,
        translation_placeholders={"zappis": ", ".join(zappis), "house": entry.title},
    )


class FailureClock:
    """Times a run of failures; raises its repair issue once it lasts too long.

    The first failure starts the clock, every success stops it and deletes
    the issue, so the issue says "still failing" and never outlives the cause.
    """

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry[Any], kind: str, after: timedelta
    ) -> None:
        """An issue of kind for entry, after failing for this long."""
        self.hass = hass
        self.entry = entry
        self.kind = kind
        self.after = after
        self.issue_id = issue_id(kind, entry)

    @property
    def since(self) -> datetime | None:
        """When the current run of failures began; None while it works."""
        return self.hass.data.get(FAILING_SINCE, {}).get(self.issue_id)

    @callback
    def failed(self) -> None:
        """One more failure; raise the issue once they have lasted long enough."""
        now = dt_util.utcnow()
        since = self.hass.data.setdefault(FAILING_SINCE, {}).setdefault(
            self.issue_id, now
        )
        if now - since >= self.after:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self.issue_id,
                is_fixable=False,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=self.kind,
                translation_placeholders={"title": self.entry.title},
            )

    @callback
    def succeeded(self) -> None:
        """The cause is gone: stop the clock, delete the issue."""
        async_delete_issue(self.hass, self.entry, self.kind)


@callback
def senec_unreachable(hass: HomeAssistant, entry: ConfigEntry[Any]) -> FailureClock:
    """The clock of a SENEC unit that does not answer (issue after one day)."""
    return FailureClock(
        hass, entry, ISSUE_SENEC_UNREACHABLE, SENEC_UNREACHABLE_ISSUE_AFTER
    )


@callback
def myenergi_rate_limited(hass: HomeAssistant, entry: ConfigEntry[Any]) -> FailureClock:
    """The clock of a hub the server keeps answering 429 for (issue after an hour)."""
    return FailureClock(
        hass, entry, ISSUE_MYENERGI_RATE_LIMITED, MYENERGI_RATE_LIMIT_ISSUE_AFTER
    )
