"""Async client for the myenergi cloud API: status, commands, history, names.

The HTTP exchange (digest auth, server discovery, the 429 wait) is
MyenergiTransport's (transport.py); this class knows the paths.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import Final

from .commands import (
    DEFAULT_CONFIRM_OFFSETS,
    Command,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    boost_command,
    check_serial,
    min_green_command,
    mode_command,
    phase_setting_command,
    smart_boost_command,
    stop_boost_command,
)
from .confirm import Confirmation, Verdict
from .exceptions import (
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
)
from .history import (
    DayEnergy,
    HistoryRecord,
    aggregate_day,
    local_day_window,
    parse_history,
)
from .hub import HubInfo, parse_hub
from .names import parse_names
from .status import ChargeMode, PhaseSetting, ZappiStatus, parse_status
from .transport import MyenergiTransport

# Past UTC days no longer change: keep a few to avoid refetching them.
HISTORY_CACHE_SIZE: Final = 8
# How long after a UTC day ends its hourly history is taken as complete
# (the hub uploads the last hours late and revises them for a while).
HISTORY_SETTLE_TIME: Final = timedelta(hours=3)


class MyenergiClient(MyenergiTransport):
    """Reads and controls one hub's zappis (MyenergiTransport's arguments).

    A command answered means the server took it, not that the zappi applied
    it (see send_command and confirm_command); a command that timed out may
    still be applied. Commands go only to the hub's own server: while the
    client still stands at the director, a status read learns the server
    first.
    """

    @cached_property
    def _history_cache(self) -> dict[tuple[str, date], list[HistoryRecord]]:
        """Settled UTC days by serial and day (at most HISTORY_CACHE_SIZE)."""
        return {}

    async def get_zappis(self) -> list[ZappiStatus]:
        """Status of every zappi of the hub."""
        return parse_status(await self._get("cgi-jstatus-Z"))

    async def get_hub(self) -> HubInfo | None:
        """The hub's firmware and server, from the full status (cgi-jstatus-*)."""
        return parse_hub(await self._get("cgi-jstatus-*"))

    async def get_zappi(self, serial: str) -> ZappiStatus:
        """Status of one zappi (cgi-jstatus-Z{serial})."""
        path = f"cgi-jstatus-Z{check_serial(serial)}"
        for zappi in parse_status(await self._get(path)):
            if zappi.serial == serial:
                return zappi
        raise MyenergiInvalidAnswerError("The hub did not report that zappi")

    async def set_charge_mode(self, serial: str, mode: ChargeMode) -> None:
        """Fast, Eco, Eco+ or Stop, sent as it is (send_command reads first)."""
        await self.send(serial, mode_command(mode))

    async def set_min_green_level(self, serial: str, percent: int) -> None:
        """Minimum green level 0-100 %; the answer must echo the level."""
        await self.send(serial, min_green_command(percent))

    async def start_boost(self, serial: str, kwh: int) -> None:
        """Manual boost of kWh; the zappi ignores it outside Eco and Eco+."""
        await self.send(serial, boost_command(kwh))

    async def start_smart_boost(self, serial: str, kwh: int, ready_by: time) -> None:
        """Smart boost: kWh ready by the zappi's wall-clock quarter hour."""
        await self.send(serial, smart_boost_command(kwh, ready_by))

    async def stop_boost(self, serial: str) -> None:
        """End a manual or smart boost."""
        await self.send(serial, stop_boost_command())

    async def set_phase_setting(self, serial: str, setting: PhaseSetting) -> None:
        """Eco+ phase setting of three-phase models: single, three or auto."""
        await self.send(serial, phase_setting_command(setting))

    async def send(self, serial: str, command: Command) -> None:
        """Send one command to the hub's server; a refusal raises MyenergiCommandError."""
        path = command.path(check_serial(serial))
        if not self.server_known:
            # Never to the director: a read there names the hub's server.
            await self._get(f"cgi-jstatus-Z{serial}")
            if not self.server_known:
                raise MyenergiConnectionError(
                    "The server did not name the hub's server"
                )
        command.check_answer(await self._get(path))

    async def send_command(self, serial: str, command: Command) -> Confirmation:
        """Read the zappi, then send the command unless it shows it already.

        The read just before sending is what later reads are compared with
        (confirm.Confirmation). When it already shows what was asked and the
        command has nothing to do (the mode it is in, no boost to stop), no
        command is sent and the confirmation is decided at once.
        """
        before = await self.get_zappi(serial)
        if command.nothing_to_do is not None and command.nothing_to_do(before):
            return Confirmation(command, serial, before, sent=False)
        await self.send(serial, command)
        return Confirmation(command, serial, before)

    async def confirm_command(
        self,
        confirmation: Confirmation,
        *,
        offsets: Sequence[float] = DEFAULT_CONFIRM_OFFSETS,
    ) -> ZappiStatus:
        """Re-read the zappi until the confirmation decides; the deciding status.

        ``offsets`` are seconds after this call (not between reads) at which
        the status is read; each read goes through ``confirmation.judge``.
        Rejected raises MyenergiCommandRejectedError at once; when no read
        decides, MyenergiCommandNotConfirmedError carries the last status:
        the command may still be on its way (the caller may go on judging
        later reads, e.g. its polls).

        A failed read (connection, timeout, odd answer) is skipped, since a
        later read can still decide; if it was the last one, it is the cause
        of the not-confirmed error. A 429 ends the reading (more requests
        would only prolong it) as not confirmed; an auth error propagates.
        """
        if not offsets or any(delay < 0 for delay in offsets):
            raise ValueError("offsets must be zero seconds or more")
        if list(offsets) != sorted(offsets):
            raise ValueError("offsets must not decrease")
        if confirmation.decided:
            return self._decided(confirmation)
        loop = asyncio.get_running_loop()
        start = loop.time()
        last_error: MyenergiError | None = None
        for offset in offsets:
            wait = offset - (loop.time() - start)
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                status = await self.get_zappi(confirmation.serial)
            except MyenergiAuthError:
                raise
            except MyenergiRateLimitError as err:
                raise MyenergiCommandNotConfirmedError(
                    "Rate limited while confirming the command", confirmation.last
                ) from err
            except MyenergiError as err:
                last_error = err
                continue
            last_error = None
            if confirmation.judge(status) is not Verdict.WAITING:
                return self._decided(confirmation)
        raise MyenergiCommandNotConfirmedError(
            "The zappi did not confirm the command in time", confirmation.last
        ) from last_error

    @staticmethod
    def _decided(confirmation: Confirmation) -> ZappiStatus:
        status = confirmation.last
        assert status is not None  # set by every decided confirmation
        if confirmation.verdict is Verdict.REJECTED:
            raise MyenergiCommandRejectedError(
                "The zappi reported the command as failed", status
            )
        return status

    async def send_confirmed(
        self,
        serial: str,
        command: Command,
        *,
        offsets: Sequence[float] = DEFAULT_CONFIRM_OFFSETS,
    ) -> ZappiStatus:
        """send_command, then confirm_command: the status that confirms it."""
        confirmation = await self.send_command(serial, command)
        return await self.confirm_command(confirmation, offsets=offsets)

    async def get_day_hours(self, serial: str, day: date) -> list[HistoryRecord]:
        """Hourly records of one UTC day."""
        path = f"cgi-jdayhour-Z{serial}-{day.year}-{day.month}-{day.day}"
        return parse_history(await self._get(path))

    async def get_history(
        self, serial: str, start: datetime, end: datetime
    ) -> list[HistoryRecord]:
        """Hourly records in [start, end) (UTC), from every UTC day it touches.

        A UTC day is cached only when read HISTORY_SETTLE_TIME (3 h) or more
        after it ended: the hub uploads the last hours late, and a day read
        just after midnight and cached without them would stay short for
        good. Time is the only rule, since hours without energy may be left
        out and a missing last record proves nothing either way. An interval
        answered twice counts once (the later record).
        """
        now = self._clock()
        records: dict[datetime, HistoryRecord] = {}
        day = start.astimezone(UTC).date()
        while day <= (end - timedelta(microseconds=1)).astimezone(UTC).date():
            key = (serial, day)
            cached = self._history_cache.get(key)
            if cached is None:
                cached = await self.get_day_hours(serial, day)
                day_end = datetime.combine(day + timedelta(days=1), time(), UTC)
                if now - day_end >= HISTORY_SETTLE_TIME:
                    self._history_cache[key] = cached
                    while len(self._history_cache) > HISTORY_CACHE_SIZE:
                        del self._history_cache[next(iter(self._history_cache))]
            records.update((r.start, r) for r in cached if start <= r.start < end)
            day += timedelta(days=1)
        return list(records.values())

    async def get_local_day_energy(
        self, serial: str, local_day: date, tz: tzinfo
    ) -> DayEnergy:
        """Totals of a local day (a UTC window of 23, 24 or 25 hours)."""
        start, end = local_day_window(local_day, tz)
        return aggregate_day(await self.get_history(serial, start, end), local_day, tz)

    async def get_names(self) -> dict[str, str]:
        """Names the owner gave; {} when the server has none to give."""
        try:
            return parse_names(await self._get("cgi-get-app-key-"))
        except MyenergiAuthError:
            raise
        except MyenergiError:
            return {}
