"""Async client for the local lala.cgi API of a SENEC V3 unit."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
import json
import time
from typing import Any, Final

import aiohttp

from .answer import DecodedAnswer, decode_answer
from .exceptions import (
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecSessionError,
    SenecTimeoutError,
)
from .identity import IDENTITY_REQUEST, SenecIdentity, parse_identity

# Newer NPU images want this as the first POST of a session; the answer sets
# the session cookie (about one hour) later requests must carry.
HANDSHAKE_BODY: Final = {"FACTORY": {"SYS_TYPE": "", "COUNTRY": "", "DEVICE_ID": ""}}
HANDSHAKE_MAX_AGE: Final = 50 * 60
# A 12 kB body came back truncated on real units; 11.4 kB worked.
DEFAULT_MAX_BODY: Final = 9500

type Request = Mapping[str, Iterable[str]]


class Scheme(StrEnum):
    """https since firmware 0825 (self-signed), http before."""

    HTTPS = "https"
    HTTP = "http"


class PathStyle(StrEnum):
    """How the unit's web pages are addressed, by firmware."""

    LOWER = "lower"  # /vars.html, before 0825
    CAPITAL = "capital"  # /Vars.html, 0825
    DOUBLE = "double"  # //vars.html and //log/..., 0826 and later


VARS_PATHS: Final[Mapping[PathStyle, str]] = {
    PathStyle.DOUBLE: "//vars.html",
    PathStyle.CAPITAL: "/Vars.html",
    PathStyle.LOWER: "/vars.html",
}


def _body(request: Request) -> dict[str, dict[str, str]]:
    return {section: dict.fromkeys(keys, "") for section, keys in request.items()}


def _size(body: Mapping[str, Any]) -> int:
    return len(json.dumps(body, separators=(",", ":")).encode())


def split_body(
    body: Mapping[str, Mapping[str, str]], max_bytes: int
) -> list[dict[str, dict[str, str]]]:
    """Parts of a request body, each under max_bytes where a key allows it."""
    if _size(body) <= max_bytes:
        return [{name: dict(keys) for name, keys in body.items()}]
    parts: list[dict[str, dict[str, str]]] = []
    current: dict[str, dict[str, str]] = {}
    for section, keys in body.items():
        for key in keys or [None]:
            candidate = {name: dict(values) for name, values in current.items()}
            values = candidate.setdefault(section, {})
            if key is not None:
                values[key] = ""
            if current and _size(candidate) > max_bytes:
                parts.append(current)
                candidate = {section: {} if key is None else {key: ""}}
            current = candidate
    if current:
        parts.append(current)
    return parts


def parse_body(data: bytes) -> object:
    """JSON of a lala.cgi answer, tolerating firmware that doubles escapes."""
    text = data.decode("utf-8", errors="replace").strip()
    if not text:
        raise SenecInvalidAnswerError("The unit answered with an empty body")
    try:
        payload: object = json.loads(text)
    except ValueError:
        if '\\"' not in text:
            raise SenecInvalidAnswerError(
                "The unit answered with something that is not JSON"
            ) from None
        try:
            payload = json.loads(text.replace('\\"', '"'))
        except ValueError:
            raise SenecInvalidAnswerError(
                "The unit answered with something that is not JSON"
            ) from None
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            raise SenecInvalidAnswerError(
                "The unit answered with a bare string"
            ) from None
    return payload


class SenecClient:
    """Reads values from one unit; at most one request in flight.

    The unit is fragile under load, so requests are serialised and each poll
    is one POST unless the body would exceed what the unit accepts.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        *,
        scheme: Scheme = Scheme.HTTPS,
        path_style: PathStyle = PathStyle.DOUBLE,
        request_timeout: float = 10.0,
        max_body_bytes: int = DEFAULT_MAX_BODY,
    ) -> None:
        """Use the session given: it holds the unit's cookie."""
        self._session = session
        self.host = host
        self.scheme = scheme
        self.path_style = path_style
        self.request_timeout = request_timeout
        self.max_body_bytes = max_body_bytes
        self.requests_sent = 0
        self.bytes_sent = 0
        self._lock = asyncio.Lock()
        self._handshake_at: float | None = None

    @property
    def base_url(self) -> str:
        """scheme://host of the unit."""
        return f"{self.scheme}://{self.host}"

    @property
    def vars_url(self) -> str:
        """The unit's variable monitor page."""
        return self.base_url + VARS_PATHS[self.path_style]

    def log_url(self, day: date) -> str:
        """The unit's log of one day."""
        slashes = "//" if self.path_style is PathStyle.DOUBLE else "/"
        return f"{self.base_url}{slashes}log/{day:%Y/%m/%d}.log"

    async def read(self, request: Request) -> DecodedAnswer:
        """Values of the keys asked (an empty key list asks the whole section)."""
        body = _body(request)
        async with self._lock:
            try:
                fresh = (
                    self._handshake_at is None
                    or time.monotonic() - self._handshake_at > HANDSHAKE_MAX_AGE
                )
                if fresh:
                    await self._handshake()
                answer = DecodedAnswer()
                for part in split_body(body, self.max_body_bytes):
                    try:
                        payload = await self._post(part)
                    except SenecSessionError:
                        if fresh:
                            raise
                        # Rebooted or expired session: one new handshake.
                        await self._handshake()
                        fresh = True
                        payload = await self._post(part)
                    answer = answer.merge(decode_answer(payload))
            except BaseException:
                self._handshake_at = None  # the unit may have rebooted: new cookie
                raise
        return answer

    async def _handshake(self) -> None:
        await self._post(HANDSHAKE_BODY)
        self._handshake_at = time.monotonic()

    async def read_identity(self) -> SenecIdentity:
        """Ids, versions and battery type of the unit."""
        return parse_identity(await self.read(IDENTITY_REQUEST))

    async def _post(self, body: Mapping[str, Any]) -> object:
        data = json.dumps(body, separators=(",", ":")).encode()
        self.requests_sent += 1
        self.bytes_sent += len(data)
        try:
            async with self._session.post(
                f"{self.base_url}/lala.cgi",
                data=data,
                headers={"Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=self.request_timeout),
                ssl=self.scheme
                is not Scheme.HTTPS,  # no verification: self-signed unit
            ) as response:
                status = response.status
                content = await response.read()
        except TimeoutError as err:
            raise SenecTimeoutError("The unit did not answer in time") from err
        except (aiohttp.ClientError, OSError) as err:
            raise SenecConnectionError(
                f"Cannot talk to the unit: {type(err).__name__}"
            ) from err
        if status in (401, 403):
            raise SenecSessionError(f"The unit refused the session (HTTP {status})")
        if status != 200:
            raise SenecInvalidAnswerError(f"The unit answered HTTP {status}")
        return parse_body(content)
