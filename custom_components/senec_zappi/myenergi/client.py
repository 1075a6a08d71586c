"""Async client for the myenergi cloud API (digest auth, server discovery)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from email.utils import parsedate_to_datetime
import json
import re
from typing import Final
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict

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
from .digest import DigestAuth
from .exceptions import (
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
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

DEFAULT_SERVER: Final = "https://director.myenergi.net"
ASN_HEADER: Final = "X_MYENERGI-asn"
# What the asn header may name: a host name with at least one dot (and a
# port); "undefined" has been seen during a server migration.
_HOST: Final = re.compile(
    r"(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::\d{1,5})?",
    re.ASCII | re.IGNORECASE,
)
# Past UTC days no longer change: keep a few to avoid refetching them.
HISTORY_CACHE_SIZE: Final = 8
# How long after a UTC day ends its hourly history is taken as complete
# (the hub uploads the last hours late and revises them for a while).
HISTORY_SETTLE_TIME: Final = timedelta(hours=3)
# After HTTP 429 without Retry-After, no request goes out for this long.
RATE_LIMIT_PAUSE: Final = timedelta(seconds=60)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class SlowDown:
    """Until when the server asked not to be asked (HTTP 429).

    Kept outside the client so a caller can hand the same one to the next
    client of that hub (a setup retried after a 429 then waits too).
    """

    until: datetime | None = None


def retry_after_seconds(header: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date)."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class MyenergiClient:
    """Reads and controls one hub's zappis. The session must verify certificates.

    One request is in flight per client at a time (reads and commands, the
    digest retry included): the digest nonce count then never repeats, and
    two callers never both restart the exchange after a stale nonce.

    A command answered means the server took it, not that the zappi applied
    it (see send_command and confirm_command); a command that timed out may
    still be applied. Commands go only to the hub's own server: while the
    client still stands at the director (``director``: by default when the
    server is DEFAULT_SERVER), a status read learns the server first.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        hub_serial: str,
        api_key: str,
        *,
        server_url: str = DEFAULT_SERVER,
        request_timeout: float = 20.0,
        clock: Callable[[], datetime] = _utc_now,
        director: bool | None = None,
        slow_down: SlowDown | None = None,
    ) -> None:
        """Start at the director (or the configured server); clock is UTC now."""
        self._session = session
        self._auth = DigestAuth(hub_serial, api_key)
        self.server_url = server_url.rstrip("/")
        self.active_server = self.server_url
        self._director = (
            self.server_url == DEFAULT_SERVER if director is None else director
        )
        # Whether active_server is known to hold the hub (not just the director).
        self.server_known = not self._director
        self.request_timeout = request_timeout
        self.requests_sent = 0
        self._clock = clock
        self._lock = asyncio.Lock()
        # After a 429 every request waits until then (status, history, names,
        # commands alike): one back-off for the hub, not one per caller.
        self._slow_down = SlowDown() if slow_down is None else slow_down
        self._history_cache: dict[tuple[str, date], list[HistoryRecord]] = {}

    @property
    def slow_down_until(self) -> datetime | None:
        """No request goes out before then (HTTP 429); None: no wait."""
        return self._slow_down.until

    @slow_down_until.setter
    def slow_down_until(self, until: datetime | None) -> None:
        self._slow_down.until = until

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

    async def _get(self, path: str) -> object:
        async with self._lock:  # one exchange at a time, see the class docstring
            self._check_slow_down()
            server = self.active_server
            try:
                return await self._get_from(server, path)
            except MyenergiConnectionError:
                if server != self.server_url:
                    # That server failed: ask the director again next time.
                    self.active_server = self.server_url
                    self.server_known = not self._director
                    self._auth.reset()
                raise

    async def _get_from(self, server: str, path: str) -> object:
        uri = f"/{path}"
        exchanged = False
        while True:
            headers = {"Accept": "application/json"}
            sent_auth = self._auth.has_challenge
            if sent_auth:
                headers["Authorization"] = self._auth.authorization("GET", uri)
            status, response_headers, body = await self._request(server + uri, headers)
            if status != 401:
                break
            if exchanged or not self._may_retry(
                response_headers.get("WWW-Authenticate", ""), sent_auth=sent_auth
            ):
                self._auth.reset()  # start the next call with a fresh exchange
                raise MyenergiAuthError("The hub serial or API key was refused")
            exchanged = True
        self._follow_asn(response_headers.get(ASN_HEADER))
        if status == 429:
            retry_after = retry_after_seconds(response_headers.get("Retry-After"))
            pause = (
                RATE_LIMIT_PAUSE
                if retry_after is None
                else timedelta(seconds=retry_after)
            )
            self.slow_down_until = self._clock() + pause
            raise MyenergiRateLimitError(
                "The server asks to slow down (HTTP 429)", retry_after
            )
        if status >= 500:
            raise MyenergiConnectionError(f"The server failed (HTTP {status})")
        if not 200 <= status < 300:
            raise MyenergiInvalidAnswerError(f"The server answered HTTP {status}")
        try:
            return json.loads(body)
        except ValueError:
            raise MyenergiInvalidAnswerError(
                "The server answered with non-JSON"
            ) from None

    async def _request(
        self, url: str, headers: dict[str, str]
    ) -> tuple[int, CIMultiDict[str], bytes]:
        self.requests_sent += 1
        try:
            async with self._session.get(
                url,
                headers=headers,
                allow_redirects=False,  # a redirect is an answer we do not know
                timeout=aiohttp.ClientTimeout(total=self.request_timeout),
            ) as response:
                body = await response.read()
                return response.status, CIMultiDict(response.headers), body
        except TimeoutError as err:
            raise MyenergiTimeoutError(
                "The myenergi server did not answer in time"
            ) from err
        except (aiohttp.ClientError, OSError) as err:
            raise MyenergiConnectionError(
                f"Cannot reach the myenergi server: {type(err).__name__}"
            ) from err

    def _check_slow_down(self) -> None:
        """Refuse to send while the server's 429 back-off lasts (no request)."""
        until = self.slow_down_until
        if until is None:
            return
        left = (until - self._clock()).total_seconds()
        if left <= 0:
            self.slow_down_until = None
            return
        raise MyenergiRateLimitError(
            "Waiting as the server asked (HTTP 429); no request sent", left
        )

    def _may_retry(self, header: str, *, sent_auth: bool) -> bool:
        """Whether a 401 is a challenge worth answering, not a refusal.

        Without Authorization it is the normal first step; with it, only a
        stale or a new nonce is worth one more try.
        """
        if not header.lower().startswith("digest"):
            return False
        old_nonce = self._auth.nonce
        challenge = self._auth.parse_challenge(header)
        if not sent_auth:
            return True
        return (
            challenge.get("stale", "").lower() == "true"
            or challenge["nonce"] != old_nonce
        )

    def _follow_asn(self, asn: str | None) -> None:
        """Go where the director says this hub lives; only to a host name.

        A missing header or one that names no host ("undefined" during a
        server migration) keeps the current server.
        """
        host = asn.strip().rstrip("/") if asn else ""
        if not _HOST.fullmatch(host):
            return
        scheme = urlsplit(self.server_url).scheme or "https"
        server = f"{scheme}://{host}"
        self.server_known = True
        if server != self.active_server:
            self.active_server = server
            self._auth.reset()
