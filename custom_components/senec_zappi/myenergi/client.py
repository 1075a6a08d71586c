"""Async client for the myenergi cloud API (digest auth, server discovery)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from email.utils import parsedate_to_datetime
import json
from typing import Final
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict

from .commands import (
    DEFAULT_CONFIRM_OFFSETS,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    StatusCheck,
    boost_path,
    check_command_answer,
    check_min_green_answer,
    check_serial,
    min_green_path,
    mode_path,
    phase_setting_path,
    smart_boost_path,
    stop_boost_path,
)
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
from .status import (
    COMMAND_DONE,
    COMMAND_FAILED,
    ChargeMode,
    PhaseSetting,
    ZappiStatus,
    parse_status,
)

DEFAULT_SERVER: Final = "https://director.myenergi.net"
ASN_HEADER: Final = "X_MYENERGI-asn"
# Past UTC days no longer change: keep a few to avoid refetching them.
HISTORY_CACHE_SIZE: Final = 8
# How long after a UTC day ends its hourly history is taken as complete.
HISTORY_SETTLE_TIME: Final = timedelta(hours=2)


def _utc_now() -> datetime:
    return datetime.now(UTC)


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
    it (see confirm_command); a command that timed out may still be applied.
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
    ) -> None:
        """Start at the director (or the configured server); clock is UTC now."""
        self._session = session
        self._auth = DigestAuth(hub_serial, api_key)
        self.server_url = server_url.rstrip("/")
        self.active_server = self.server_url
        self.request_timeout = request_timeout
        self.requests_sent = 0
        self._clock = clock
        self._lock = asyncio.Lock()
        self._history_cache: dict[tuple[str, date], list[HistoryRecord]] = {}

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
        """Fast, Eco, Eco+ or Stop; confirm with confirm_command(.., mode_is(mode))."""
        check_command_answer(await self._get(mode_path(serial, mode)))

    async def set_min_green_level(self, serial: str, percent: int) -> None:
        """Minimum green level 0-100 %; the answer must echo the level."""
        check_min_green_answer(
            await self._get(min_green_path(serial, percent)), percent
        )

    async def start_boost(self, serial: str, kwh: int) -> None:
        """Manual boost of kWh; the zappi ignores it outside Eco and Eco+."""
        check_command_answer(await self._get(boost_path(serial, kwh)))

    async def start_smart_boost(self, serial: str, kwh: int, ready_by: time) -> None:
        """Smart boost: kWh ready by the zappi's wall-clock time (minutes)."""
        check_command_answer(await self._get(smart_boost_path(serial, kwh, ready_by)))

    async def stop_boost(self, serial: str) -> None:
        """End a manual or smart boost."""
        check_command_answer(await self._get(stop_boost_path(serial)))

    async def set_phase_setting(self, serial: str, setting: PhaseSetting) -> None:
        """Eco+ phase setting of three-phase models: single, three or auto."""
        check_command_answer(await self._get(phase_setting_path(serial, setting)))

    async def confirm_command(
        self,
        serial: str,
        check: StatusCheck,
        *,
        offsets: Sequence[float] = DEFAULT_CONFIRM_OFFSETS,
    ) -> ZappiStatus:
        """Re-read the zappi until it shows a command applied; that status.

        ``offsets`` are seconds after this call (not between reads) at which
        the status is read. Confirmed is ``check(status)`` with cmt 254;
        cmt 253 raises MyenergiCommandRejectedError at once. Old firmware
        without cmt is confirmed by the check alone. When no read confirms,
        MyenergiCommandNotConfirmedError carries the last status.

        A failed read (connection, timeout, odd answer) is skipped, since a
        later read can still confirm; if it was the last one, it is the cause
        of the not-confirmed error. A 429 ends the reading (more requests
        would only prolong it) as not confirmed; an auth error propagates.
        A 253 left from an earlier command reads as a rejection too if the
        zappi has not taken the new one by the first read.
        """
        check_serial(serial)
        if not offsets or any(delay < 0 for delay in offsets):
            raise ValueError("offsets must be zero seconds or more")
        if list(offsets) != sorted(offsets):
            raise ValueError("offsets must not decrease")
        loop = asyncio.get_running_loop()
        start = loop.time()
        last_status: ZappiStatus | None = None
        last_error: MyenergiError | None = None
        for offset in offsets:
            wait = offset - (loop.time() - start)
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                status = await self.get_zappi(serial)
            except MyenergiAuthError:
                raise
            except MyenergiRateLimitError as err:
                raise MyenergiCommandNotConfirmedError(
                    "Rate limited while confirming the command", last_status
                ) from err
            except MyenergiError as err:
                last_error = err
                continue
            last_status, last_error = status, None
            if status.command_timer == COMMAND_FAILED:
                raise MyenergiCommandRejectedError(
                    "The zappi reported the command as failed", status
                )
            if status.command_timer in (COMMAND_DONE, None) and check(status):
                return status
        raise MyenergiCommandNotConfirmedError(
            "The zappi did not confirm the command in time", last_status
        ) from last_error

    async def get_day_hours(self, serial: str, day: date) -> list[HistoryRecord]:
        """Hourly records of one UTC day."""
        path = f"cgi-jdayhour-Z{serial}-{day.year}-{day.month}-{day.day}"
        return parse_history(await self._get(path))

    async def get_local_day_energy(
        self, serial: str, local_day: date, tz: tzinfo
    ) -> DayEnergy:
        """Totals of a local day, from every UTC day its window touches.

        A UTC day is cached only when read HISTORY_SETTLE_TIME (2 h) or more
        after it ended: the hub uploads the last hours late, and a day read
        just after midnight and cached without them would stay short for
        good. Time is the only rule, since hours without energy may be left
        out and a missing last record proves nothing either way.
        """
        start, end = local_day_window(local_day, tz)
        now = self._clock()
        records: list[HistoryRecord] = []
        day = start.date()
        while day <= (end - timedelta(microseconds=1)).date():
            key = (serial, day)
            cached = self._history_cache.get(key)
            if cached is None:
                cached = await self.get_day_hours(serial, day)
                day_end = datetime.combine(day + timedelta(days=1), time(), UTC)
                if now - day_end >= HISTORY_SETTLE_TIME:
                    self._history_cache[key] = cached
                    while len(self._history_cache) > HISTORY_CACHE_SIZE:
                        del self._history_cache[next(iter(self._history_cache))]
            records.extend(cached)
            day += timedelta(days=1)
        return aggregate_day(records, local_day, tz)

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
            server = self.active_server
            try:
                return await self._get_from(server, path)
            except MyenergiConnectionError:
                if server != self.server_url:
                    # That server failed: ask the director again next time.
                    self.active_server = self.server_url
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
            raise MyenergiRateLimitError(
                "The server asks to slow down (HTTP 429)",
                retry_after_seconds(response_headers.get("Retry-After")),
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
        """Go where the director says this hub lives."""
        if not asn or not asn.strip():
            return
        scheme = urlsplit(self.server_url).scheme or "https"
        server = f"{scheme}://{asn.strip().rstrip('/')}"
        if server != self.active_server:
            self.active_server = server
            self._auth.reset()
