"""Async client for the local lala.cgi API of a SENEC V3 unit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date
import json
import time
from typing import Any, Final

import aiohttp
from yarl import URL

from .answer import OBJECT_NOT_FOUND, DecodedAnswer, decode_answer
from .controls import DEFAULT_RESTART_INTERVAL, RestartGuard
from .exceptions import (
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecNotFoundError,
    SenecSessionError,
    SenecWriteError,
    SenecWriteRefusedError,
    WriteFailure,
)
from .identity import IDENTITY_REQUEST, SenecIdentity, parse_identity
from .values import (
    OutOfRangeError,
    Value,
    WireType,
    encode_write,
    wire_type,
)
from .wire import (
    VARS_PATHS,
    PathStyle,
    Request,
    Scheme,
    body_size,
    check_echo,
    number_in,
    parse_body,
    request_body,
    split_body,
    transport_errors,
    url_host,
    writes_restart,
)

# Newer NPU images want this as the first POST of a session; the answer sets
# the session cookie (about one hour) later requests must carry.
HANDSHAKE_BODY: Final = {"FACTORY": {"SYS_TYPE": "", "COUNTRY": "", "DEVICE_ID": ""}}
HANDSHAKE_MAX_AGE: Final = 50 * 60
SESSION_COOKIE: Final = "senec-homev3-gui"
# A 12 kB body came back truncated on real units; 11.4 kB worked.
DEFAULT_MAX_BODY: Final = 9500
DEFAULT_LOG_BYTES: Final = 4096
# USER_REBOOT_DEVICE exists from this NPU image on.
RESTART_MIN_NPU_IMAGE: Final = 2408
# What the unit's own web page sends along with a safe charge switch.
SAFE_CHARGE_READ_ALONG: Final = (
    "SAFE_CHARGE_RUNNING",
    "LI_STORAGE_MODE_START",
    "LI_STORAGE_MODE_STOP",
    "LI_STORAGE_MODE_RUNNING",
)


class SenecClient:
    """Reads from and writes to one unit; at most one request in flight.

    The unit is fragile under load, so requests are serialised and each poll
    is one POST unless the body would exceed what the unit accepts. The client
    never writes on its own: every write is one call of the caller's.
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
        restart_interval: float = DEFAULT_RESTART_INTERVAL,
        restart_guard: RestartGuard | None = None,
        handshake_max_age: float = HANDSHAKE_MAX_AGE,
    ) -> None:
        """Use the session given: it holds the unit's cookie."""
        self._session = session
        self.host = host
        self.scheme = scheme
        self.path_style = path_style
        self.request_timeout = request_timeout
        self.max_body_bytes = max_body_bytes
        # Shared with the caller when given (it outlives the client).
        self.restart_guard = restart_guard or RestartGuard(restart_interval)
        # Seconds after which a session shakes hands again.
        self.handshake_max_age = handshake_max_age
        self.requests_sent = 0
        self.bytes_sent = 0
        self._lock = asyncio.Lock()
        self._handshake_at: float | None = None
        # The unit's type per (section, key), learnt for this session.
        self._types: dict[tuple[str, str], WireType] = {}
        # The last POST's body, to tell whether a broken one was a write.
        self._last_posted: Mapping[str, Any] = {}

    @property
    def base_url(self) -> str:
        """scheme://host of the unit."""
        return f"{self.scheme}://{url_host(self.host)}"

    @property
    def vars_url(self) -> str:
        """The unit's variable monitor page."""
        return self.base_url + VARS_PATHS[self.path_style]

    def log_url(self, day: date) -> str:
        """The unit's log of one day: //log/... on 0826+, /log/... before."""
        slashes = "//" if self.path_style is PathStyle.DOUBLE else "/"
        return f"{self.base_url}{slashes}log/{day:%Y/%m/%d}.log"

    async def read(self, request: Request) -> DecodedAnswer:
        """Values of the keys asked (an empty key list asks the whole section)."""
        body = request_body(request)

        async def read_parts() -> DecodedAnswer:
            fresh = await self._begin()
            answer = DecodedAnswer()
            for part in split_body(body, self.max_body_bytes):
                payload, fresh = await self._send(part, fresh)
                answer = answer.merge(decode_answer(payload))
            return answer

        return await self._locked(read_parts)

    async def read_identity(self) -> SenecIdentity:
        """Ids, versions and battery type of the unit."""
        return parse_identity(await self.read(IDENTITY_REQUEST))

    async def write(
        self,
        section: str,
        values: Mapping[str, Value],
        *,
        read_along: Iterable[str] = (),
    ) -> DecodedAnswer:
        """Write values of one section in one request; the decoded answer.

        Each value goes out in the type the unit itself answers for its key
        (read first, then kept for the session). In a list, None leaves that
        slot alone. Keys in read_along are read in the same request. Raises
        SenecWriteError when the unit refuses or does not echo a value.
        """
        if not values:
            raise ValueError("nothing to write")
        along = tuple(read_along)

        async def write() -> DecodedAnswer:
            return await self._write(section, values, along, await self._begin())

        return await self._locked(write)

    async def start_safe_charge(self) -> DecodedAnswer:
        """Charge the battery from the grid (ENERGY.SAFE_CHARGE_FORCE)."""
        return await self.write(
            "ENERGY",
            {"SAFE_CHARGE_FORCE": 1},
            read_along=("SAFE_CHARGE_PROHIBIT", *SAFE_CHARGE_READ_ALONG),
        )

    async def stop_safe_charge(self) -> DecodedAnswer:
        """End a safe charge (ENERGY.SAFE_CHARGE_PROHIBIT).

        Some units turn a safe charge back on by themselves seconds later:
        the caller should read SAFE_CHARGE_RUNNING again after a while.
        """
        return await self.write(
            "ENERGY",
            {"SAFE_CHARGE_PROHIBIT": 1},
            read_along=("SAFE_CHARGE_FORCE", *SAFE_CHARGE_READ_ALONG),
        )

    async def set_socket_force_on(self, index: int, on: bool) -> DecodedAnswer:
        """Force socket index (0-based) on, or give it back to its automation."""
        if index < 0:
            raise SenecWriteError(
                f"No socket {index}", WriteFailure.OUT_OF_RANGE, "SOCKETS", "FORCE_ON"
            )
        slots: list[Value] = [None for _ in range(index)]
        slots.append(int(on))
        return await self.write(
            "SOCKETS", {"FORCE_ON": slots}, read_along=("ENABLE", "POWER_ON")
        )

    async def restart(self) -> DecodedAnswer | None:
        """Restart the unit (NPU image 2408+), at most once per guard interval.

        The session ends with it: the next request shakes hands again. A
        dropped connection or a timeout once the write went out means the
        restart is under way: None. The guard starts when the write went out.
        """

        async def restart() -> DecodedAnswer | None:
            if self.restart_guard.too_soon(time.monotonic()):
                raise SenecWriteError(
                    "The unit was restarted only moments ago",
                    WriteFailure.TOO_SOON,
                    "SYS_UPDATE",
                    "USER_REBOOT_DEVICE",
                )
            fresh = await self._begin()
            payload, fresh = await self._send(
                {"SYS_UPDATE": {"NPU_IMAGE_VERSION": ""}}, fresh
            )
            image = number_in(payload, "SYS_UPDATE", "NPU_IMAGE_VERSION")
            if image is None or image < RESTART_MIN_NPU_IMAGE:
                raise SenecWriteError(
                    f"Restart needs NPU image {RESTART_MIN_NPU_IMAGE} or later "
                    f"(the unit reports {image})",
                    WriteFailure.UNSUPPORTED,
                    "SYS_UPDATE",
                    "USER_REBOOT_DEVICE",
                )
            answer: DecodedAnswer | None = None
            try:
                answer = await self._write(
                    "SYS_UPDATE",
                    {"USER_REBOOT_DEVICE": 1},
                    ("BOOT_REPORT_SUCCESS",),
                    fresh,
                )
            except SenecConnectionError as err:
                if not (err.request_sent and writes_restart(self._last_posted)):
                    raise  # the write itself never went out
            self._drop_session()
            self.restart_guard.restarted_at = time.monotonic()
            return answer  # None: gone while restarting, so it is under way

        return await self._locked(restart)

    async def read_log(self, day: date, max_bytes: int = DEFAULT_LOG_BYTES) -> str:
        """The last max_bytes of the unit's log of day (whole lines if cut)."""
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")

        async def read_log() -> str:
            tail = bytearray()
            cut = False
            self._check_open()
            with transport_errors():
                async with self._session.get(
                    self.log_url(day),
                    timeout=aiohttp.ClientTimeout(total=self.request_timeout),
                    ssl=self.scheme is not Scheme.HTTPS,
                ) as response:
                    status = response.status
                    if status == 200:
                        async for chunk in response.content.iter_chunked(16384):
                            tail += chunk
                            if len(tail) > max_bytes:
                                del tail[:-max_bytes]
                                cut = True
            if status == 404:
                raise SenecNotFoundError("The unit has no log for that day (HTTP 404)")
            if status in (401, 403):
                raise SenecSessionError(f"The unit refused the session (HTTP {status})")
            if status != 200:
                raise SenecInvalidAnswerError(f"The unit answered HTTP {status}")
            if cut and (newline := tail.find(b"\n")) != -1 and newline < len(tail) - 1:
                del tail[: newline + 1]  # no half line (or half character) first
            return tail.decode("utf-8", errors="replace")

        return await self._locked(read_log)

    async def _locked[T](self, operation: Callable[[], Awaitable[T]]) -> T:
        """One operation at a time; a failure that may mean a reboot ends the session."""
        async with self._lock:
            try:
                return await operation()
            except (SenecWriteError, SenecNotFoundError):
                raise  # the unit answered: the session is fine
            except BaseException:
                self._handshake_at = None  # the unit may have rebooted: new cookie
                raise

    async def _begin(self) -> bool:
        """Handshake if the session is new or old; True when done just now."""
        if (
            self._handshake_at is None
            or time.monotonic() - self._handshake_at > self.handshake_max_age
        ):
            await self._handshake()
            return True
        return False

    async def _handshake(self) -> None:
        await self._post_sections(HANDSHAKE_BODY)
        self._handshake_at = time.monotonic()
        self._types.clear()  # a new session may be a new firmware

    def _check_open(self) -> None:
        """A closed session (the entry was unloaded) is the client's own error."""
        if self._session.closed:
            raise SenecConnectionError("The session is closed", request_sent=False)

    def _drop_session(self) -> None:
        """Forget the session and its cookie, so the next request shakes hands."""
        self._handshake_at = None
        self._types.clear()
        hostname = URL(self.base_url).host

        def is_ours(morsel: Any) -> bool:
            return bool(
                morsel.key == SESSION_COOKIE and morsel["domain"] in ("", hostname)
            )

        self._session.cookie_jar.clear(is_ours)

    async def _send(
        self, body: Mapping[str, Any], fresh: bool, *, form: bool = False
    ) -> tuple[dict[str, Any], bool]:
        """POST body; after a refused session one new handshake and one retry."""
        try:
            return await self._post_sections(body, form=form), fresh
        except SenecSessionError:
            if fresh:
                raise  # no retry loop right after a handshake
            await self._handshake()
            return await self._post_sections(body, form=form), True

    async def _post_sections(
        self, body: Mapping[str, Any], *, form: bool = False
    ) -> dict[str, Any]:
        """The answer as an object; one without any section asked is a refusal."""
        payload = await self._post(body, form=form)
        if not isinstance(payload, dict):
            raise SenecInvalidAnswerError("The answer is not a JSON object")
        if body and not payload.keys() & body.keys():
            raise SenecSessionError(
                "The unit answered none of the sections asked (refused session)"
            )
        return payload

    async def _types_of(
        self, section: str, keys: Iterable[str], fresh: bool
    ) -> tuple[dict[str, WireType], bool]:
        """The unit's type of each key: from the cache, or read from the unit."""
        kinds = {
            key: kind
            for key in keys
            if (kind := self._types.get((section, key))) is not None
        }
        missing = [key for key in keys if key not in kinds]
        if not missing:
            return kinds, fresh
        payload, fresh = await self._send({section: dict.fromkeys(missing, "")}, fresh)
        answered = payload.get(section)
        if not isinstance(answered, dict) or OBJECT_NOT_FOUND in answered:
            raise SenecWriteError(
                f"The unit has no section {section}",
                WriteFailure.UNKNOWN_TYPE,
                section,
            )
        for key in missing:
            raw = answered.get(key)
            kind = wire_type(raw)
            if kind is None:
                if raw == "FORBIDDEN":
                    raise SenecWriteRefusedError(section, key, raw)
                raise SenecWriteError(
                    f"The unit reports no value for {section}.{key} ({raw!r}), "
                    "so its type is unknown",
                    WriteFailure.UNKNOWN_TYPE,
                    section,
                    key,
                )
            kinds[key] = self._types[(section, key)] = kind
        return kinds, fresh

    async def _write(
        self,
        section: str,
        values: Mapping[str, Value],
        read_along: tuple[str, ...],
        fresh: bool,
    ) -> DecodedAnswer:
        kinds, fresh = await self._types_of(section, values, fresh)
        written: dict[str, str | list[str]] = {}
        for key, value in values.items():
            try:
                written[key] = encode_write(value, kinds[key])
            except ValueError as err:
                out = isinstance(err, OutOfRangeError)  # else: the wrong kind
                raise SenecWriteError(
                    f"Cannot write {section}.{key}: {err}",
                    WriteFailure.OUT_OF_RANGE if out else WriteFailure.INVALID_VALUE,
                    section,
                    key,
                ) from None
        keys: dict[str, str | list[str]] = dict(written)
        for key in read_along:
            keys.setdefault(key, "")
        body = {section: keys}
        if (size := body_size(body)) > self.max_body_bytes:
            raise SenecWriteError(
                f"The write would be {size} bytes, more than the unit accepts "
                f"({self.max_body_bytes})",
                WriteFailure.TOO_LARGE,
                section,
            )
        payload, _ = await self._send(body, fresh, form=True)
        check_echo(section, written, payload)
        return decode_answer(payload)

    async def _post(self, body: Mapping[str, Any], *, form: bool = False) -> object:
        data = json.dumps(body, separators=(",", ":")).encode()
        self.requests_sent += 1
        self.bytes_sent += len(data)
        headers = {"Content-Type": "application/json"}
        if form:  # as the unit's own web page writes (0826+, NPU images)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                "X-Requested-With": "XMLHttpRequest",
                "Origin": self.base_url,
                "Referer": f"{self.base_url}/",
            }
        self._check_open()
        self._last_posted = body
        with transport_errors():
            async with self._session.post(
                f"{self.base_url}/lala.cgi",
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.request_timeout),
                ssl=self.scheme
                is not Scheme.HTTPS,  # no verification: self-signed unit
            ) as response:
                status = response.status
                content = await response.read()
        if status in (401, 403):
            raise SenecSessionError(f"The unit refused the session (HTTP {status})")
        if status != 200:
            raise SenecInvalidAnswerError(f"The unit answered HTTP {status}")
        return parse_body(content)
