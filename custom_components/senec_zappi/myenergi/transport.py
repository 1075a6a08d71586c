"""One hub's HTTP exchange with the myenergi cloud: digest, server, 429.

MyenergiTransport sends one GET at a time, answers the digest challenge,
follows the director to the hub's own server (X_MYENERGI-asn) and back to
the director when that server fails, and honours the server's 429 wait.
What the paths mean is MyenergiClient's (client.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
import json
import re
from typing import Final
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict

from .digest import DigestAuth
from .exceptions import (
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)

DEFAULT_SERVER: Final = "https://director.myenergi.net"
ASN_HEADER: Final = "X_MYENERGI-asn"
# What the asn header may name: a host name with at least one dot (and a
# port); "undefined" has been seen during a server migration.
_HOST: Final = re.compile(
    r"(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::\d{1,5})?",
    re.ASCII | re.IGNORECASE,
)
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


class MyenergiTransport:
    """GETs to one hub's server; the session must verify certificates.

    One request is in flight at a time (the digest retry included): the
    digest nonce count then never repeats, and two callers never both
    restart the exchange after a stale nonce. While it still stands at the
    director (``director``: by default when the server is DEFAULT_SERVER),
    ``server_known`` is false until an answer names the hub's server.
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

    @property
    def slow_down_until(self) -> datetime | None:
        """No request goes out before then (HTTP 429); None: no wait."""
        return self._slow_down.until

    @slow_down_until.setter
    def slow_down_until(self, until: datetime | None) -> None:
        self._slow_down.until = until

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
