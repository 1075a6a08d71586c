"""zappi commands still on their way: confirmed in the background, outcomes told.

myenergi re-sends a command until the zappi takes it; owners see the change
after up to about two minutes. An action waits a short while (QUICK_OFFSETS)
for the confirmation; a command still undecided then is handed to
PendingCommands and the action returns without an error. From then on every
status the coordinator gets is judged by the command's Confirmation (the
field rules live in the client package): its polls, asked for every
PENDING_REFRESH while a command is pending. The first status that decides
ends it; PENDING_LIMIT after sending it ends as "not applied".

No task runs for this: a coordinator listener and one interval timer, both
removed when the entry unloads, so a reload or an unload ends a pending
command cleanly (it is dropped, nothing more is read or told).

Every outcome (pending, confirmed, rejected, not applied) goes to the
listeners: the "Last command" event entity and the control that sent it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .myenergi import Confirmation, Verdict, ZappiStatus

# Reads after the command within which an action waits (seconds after sending):
# the common case, a zappi that applies within seconds, returns confirmed.
QUICK_OFFSETS: Final = (2.5, 5.0, 10.0)
# While a command is pending, the status is polled this often ...
PENDING_REFRESH: Final = timedelta(seconds=30)
# ... and for at most this long after sending (then: not applied in time).
PENDING_LIMIT: Final = timedelta(minutes=3)


class Outcome(StrEnum):
    """What became of a command; the event types of the "Last command" entity."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    NOT_APPLIED = "not_applied"
    # The read before sending already showed what was asked: nothing sent.
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class CommandReport:
    """One outcome of one command to one zappi."""

    serial: str
    outcome: Outcome
    command: str  # what was asked, e.g. "charge mode ECO" (no serial)
    key: str | None  # the control that sent it; None for an action
    requested: str | None  # the value the control asked for


type ReportListener = Callable[[CommandReport], None]


@dataclass(slots=True)
class Pending:
    """A command sent and not decided yet."""

    confirmation: Confirmation
    key: str | None
    requested: str | None
    since: datetime


class PendingCommands:
    """The commands of one hub still on their way, one per zappi at most."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        status: DataUpdateCoordinator[dict[str, ZappiStatus]],
        label: Callable[[str], str],
        *,
        refresh: timedelta = PENDING_REFRESH,
        limit: timedelta = PENDING_LIMIT,
    ) -> None:
        """Judge the statuses of this coordinator; label names a zappi in the log."""
        self.hass = hass
        self.entry = entry
        self.status = status
        self.label = label
        self.refresh = refresh
        self.limit = limit
        self._pending: dict[str, Pending] = {}
        self._listeners: list[ReportListener] = []
        self._unsubscribe: list[CALLBACK_TYPE] = []

    def get(self, serial: str) -> Pending | None:
        """The command pending for a zappi, if any."""
        return self._pending.get(serial)

    @callback
    def async_listen(self, listener: ReportListener) -> CALLBACK_TYPE:
        """Tell listener every outcome; the returned callback stops that."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    @callback
    def report(
        self,
        confirmation: Confirmation,
        outcome: Outcome,
        key: str | None = None,
        requested: str | None = None,
    ) -> None:
        """Tell every listener an outcome; log a failure and a time difference once."""
        serial, name = confirmation.serial, confirmation.command.name
        if outcome is Outcome.NOT_APPLIED:
            LOGGER.warning(
                "%s did not apply the command (%s) within %d minutes; it shows "
                "what the zappi reports",
                self.label(serial),
                name,
                self.limit.total_seconds() // 60,
            )
        elif outcome is Outcome.REJECTED:
            LOGGER.warning("%s rejected the command (%s)", self.label(serial), name)
        elif (note := confirmation.note()) is not None:
            LOGGER.info("%s: %s (%s)", self.label(serial), note, name)
        report = CommandReport(serial, outcome, name, key, requested)
        for listener in list(self._listeners):
            listener(report)

    @callback
    def start(
        self, confirmation: Confirmation, key: str | None, requested: str | None
    ) -> None:
        """Go on confirming a command the quick reads did not decide."""
        serial = confirmation.serial
        self._pending[serial] = Pending(confirmation, key, requested, dt_util.utcnow())
        if not self._unsubscribe:
            self._unsubscribe = [
                self.status.async_add_listener(self._async_judge),
                async_track_time_interval(self.hass, self._async_tick, self.refresh),
            ]
        self.report(confirmation, Outcome.PENDING, key, requested)

    @callback
    def _async_judge(self) -> None:
        """A new status (poll or another command's read): does it decide?"""
        for serial, pending in list(self._pending.items()):
            status = (self.status.data or {}).get(serial)
            if status is None:
                continue
            verdict = pending.confirmation.judge(status)
            if verdict is Verdict.CONFIRMED:
                self._finish(serial, Outcome.CONFIRMED)
            elif verdict is Verdict.REJECTED:
                self._finish(serial, Outcome.REJECTED)

    @callback
    def _async_tick(self, now: datetime) -> None:
        """End what waited too long; ask for a poll for the rest."""
        for serial, pending in list(self._pending.items()):
            if now - pending.since >= self.limit:
                self._finish(serial, Outcome.NOT_APPLIED)
        if self._pending:
            self.entry.async_create_background_task(
                self.hass,
                self.status.async_request_refresh(),
                "senec_zappi pending command poll",
            )

    @callback
    def _finish(self, serial: str, outcome: Outcome) -> None:
        pending = self._pending.pop(serial)
        if not self._pending:
            self._stop_listening()
        self.report(pending.confirmation, outcome, pending.key, pending.requested)

    @callback
    def _stop_listening(self) -> None:
        while self._unsubscribe:
            self._unsubscribe.pop()()

    @callback
    def async_shutdown(self) -> None:
        """The entry unloads: drop what is pending, read and tell nothing more."""
        if self._pending:
            LOGGER.debug(
                "Unloaded while %d command(s) were pending", len(self._pending)
            )
        self._pending.clear()
        self._stop_listening()
        self._listeners.clear()
