"""Async client for the myenergi cloud API (digest auth, server discovery)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
import json
from typing import Final
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict

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
from .names import parse_names
from .status import ZappiStatus, parse_status

DEFAULT_SERVER: Final = "https://director.myenergi.net"
ASN_HEADER: Final = "X_MYENERGI-asn"
# Past UTC days no longer change: keep a few to avoid refetching them.
HISTORY_CACHE_SIZE: Final = 8


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
    """Reads one hub's zappis. The session must verify certificates."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        hub_serial: str,
        api_key: str,
        *,
        server_url: str = DEFAULT_SERVER,
        request_timeout: float = 20.0,
    ) -> None:
        """Start at the director (or the configured server)."""
        self._session = session
        self._auth = DigestAuth(hub_serial, api_key)
        self.server_url = server_url.rstrip("/")
        self.active_server = self.server_url
        self.request_timeout = request_timeout
        self.requests_sent = 0
        self._history_cache: dict[tuple[str, date], list[HistoryRecord]] = {}

    async def get_zappis(self) -> list[ZappiStatus]:
        """Status of every zappi of the hub."""
        return parse_status(await self._get("cgi-jstatus-Z"))

    async def get_day_hours(self, serial: str, day: date) -> list[HistoryRecord]:
        """Hourly records of one UTC day."""
        path = f"cgi-jdayhour-Z{serial}-{day.year}-{day.month}-{day.day}"
        return parse_history(await self._get(path))

    async def get_local_day_energy(
        self, serial: str, local_day: date, tz: tzinfo
    ) -> DayEnergy:
        """Totals of a local day, from every UTC day its window touches."""
        start, end = local_day_window(local_day, tz)
        today_utc = datetime.now(UTC).date()
        records: list[HistoryRecord] = []
        day = start.date()
        while day <= (end - timedelta(microseconds=1)).date():
            key = (serial, day)
            cached = self._history_cache.get(key)
            if cached is None:
                cached = await self.get_day_hours(serial, day)
                if day < today_utc:
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
