"""A myenergi-like server on 127.0.0.1 that checks digest auth itself.

The digest check here is written from RFC 7616 independently of the
client's code (it parses headers with urllib's helpers) so that both cannot
share a mistake.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
import hashlib
import itertools
import json
import re
from typing import Any
from urllib.request import parse_http_list, parse_keqv_list

from aiohttp import web
from aiohttp.test_utils import TestServer

REALM = "MyEnergi Telemetry"
USERNAME = "12345678"
PASSWORD = "correct-api-key-abc"
OPAQUE = "0123456789abcdef"

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[web.Request], Answer]


def md5(text: str) -> str:
    """Hex MD5 of a text."""
    return hashlib.md5(text.encode()).hexdigest()


def expected_response(
    *,
    username: str,
    password: str,
    realm: str,
    method: str,
    uri: str,
    nonce: str,
    nc: str | None = None,
    cnonce: str | None = None,
    qop: str | None = None,
) -> str:
    """The digest response per RFC 7616 section 3.4.1 (RFC 2069 without qop)."""
    ha1 = md5(f"{username}:{realm}:{password}")
    ha2 = md5(f"{method}:{uri}")
    if qop is None:
        return md5(f"{ha1}:{nonce}:{ha2}")
    return md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")


def parse_authorization(header: str) -> dict[str, str]:
    """Parameters of an ``Authorization: Digest ...`` header."""
    scheme, _, rest = header.partition(" ")
    assert scheme == "Digest"
    return parse_keqv_list(parse_http_list(rest))


def json_answer(payload: object, **headers: str) -> Answer:
    """A 200 JSON answer."""
    return (
        200,
        {"Content-Type": "application/json", **headers},
        json.dumps(payload).encode(),
    )


@dataclass
class Seen:
    """One request as the server received it."""

    path: str
    authorization: str | None
    outcome: str


@dataclass
class FakeCloud:
    """Routes by path; answers 401 challenges until the digest is right."""

    password: str = PASSWORD
    qop: bool = True
    algorithm: str | None = "MD5"
    asn: str | None = None
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    # Answers paths without a route (instead of a 404 HTML page).
    fallback: Route | None = None
    # Seconds to wait before an authorised answer.
    delay: float = 0.0
    # A refusal of a wrong digest repeats the nonce instead of a new one.
    refuse_with_same_nonce: bool = False
    # 401 without any WWW-Authenticate header.
    bare_401: bool = False
    # Every challenge repeats one nonce until expire_nonces(), as servers that
    # derive the nonce from the time do: two clients racing for it both get it.
    nonce_per_round: bool = False
    # Requests being handled right now, and the most at any time.
    in_flight: int = 0
    max_in_flight: int = 0
    _round_nonce: str | None = None
    _nonces: dict[str, int] = field(default_factory=dict)
    _stale: set[str] = field(default_factory=set)
    _counter: itertools.count[int] = field(default_factory=itertools.count)
    server: TestServer | None = None

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT of the running server."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def host(self) -> str:
        """127.0.0.1:PORT, as an X_MYENERGI-asn header names a server."""
        assert self.server is not None
        return f"127.0.0.1:{self.server.port}"

    def paths(self) -> list[str]:
        """Paths of all requests, in order."""
        return [s.path for s in self.seen]

    def expire_nonces(self) -> None:
        """Every nonce given so far is now stale."""
        self._stale.update(self._nonces)

    def _challenge(self, *, stale: bool = False, nonce: str | None = None) -> str:
        if nonce is None and self.nonce_per_round:
            if self._round_nonce is None or self._round_nonce in self._stale:
                self._round_nonce = f"round{next(self._counter)}x{id(self):x}"
                self._nonces[self._round_nonce] = 0
            nonce = self._round_nonce
        if nonce is None:
            nonce = f"nonce{next(self._counter)}x{id(self):x}"
            self._nonces[nonce] = 0
        parts = [f'realm="{REALM}"', f'nonce="{nonce}"', f'opaque="{OPAQUE}"']
        if self.qop:
            parts.insert(1, 'qop="auth"')
        if self.algorithm:
            parts.append(f"algorithm={self.algorithm}")
        if stale:
            parts.append("stale=true")
        return "Digest " + ", ".join(parts)

    def _refuse(
        self,
        request: web.Request,
        outcome: str,
        *,
        stale: bool = False,
        nonce: str | None = None,
    ) -> web.Response:
        self.seen.append(
            Seen(request.path_qs, request.headers.get("Authorization"), outcome)
        )
        headers = (
            {}
            if self.bare_401
            else {"WWW-Authenticate": self._challenge(stale=stale, nonce=nonce)}
        )
        return web.Response(status=401, headers=headers, text="Unauthorized")

    def _verify(self, request: web.Request) -> str | None:
        """None when the digest is right, else why not."""
        params = parse_authorization(request.headers["Authorization"])
        nonce = params.get("nonce", "")
        if nonce not in self._nonces:
            return "unknown nonce"
        if nonce in self._stale:
            return "stale"
        assert params["uri"] == request.path_qs
        assert params["realm"] == REALM
        assert params["opaque"] == OPAQUE
        if self.algorithm:
            assert params["algorithm"] == self.algorithm
        if self.qop:
            assert params["qop"] == "auth"
            nc = int(params["nc"], 16)
            assert len(params["nc"]) == 8
            if nc <= self._nonces[nonce]:
                return "replayed nc"
            self._nonces[nonce] = nc
            wanted = expected_response(
                username=USERNAME,
                password=self.password,
                realm=REALM,
                method=request.method,
                uri=params["uri"],
                nonce=nonce,
                nc=params["nc"],
                cnonce=params["cnonce"],
                qop="auth",
            )
        else:
            assert "nc" not in params
            wanted = expected_response(
                username=USERNAME,
                password=self.password,
                realm=REALM,
                method=request.method,
                uri=params["uri"],
                nonce=nonce,
            )
        if params["username"] != USERNAME or params["response"] != wanted:
            return "wrong digest"
        return None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Count the request in flight while it is answered."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        """Check the digest, then answer from the route."""
        if "Authorization" not in request.headers:
            return self._refuse(request, "challenged")
        problem = self._verify(request)
        if problem == "stale":
            return self._refuse(request, problem, stale=True)
        if problem is not None:
            params = parse_authorization(request.headers["Authorization"])
            same = params["nonce"] if self.refuse_with_same_nonce else None
            return self._refuse(request, problem, nonce=same)
        self.seen.append(Seen(request.path_qs, request.headers["Authorization"], "ok"))
        if self.delay:
            await asyncio.sleep(self.delay)
        route = self.routes.get(request.path_qs.lstrip("/"), self.fallback)
        if route is None:
            status, headers, body = (
                404,
                {"Content-Type": "text/html"},
                b"<html>404</html>",
            )
        else:
            status, headers, body = route(request)
        if self.asn is not None:
            headers = {"X_MYENERGI-asn": self.asn, **headers}
        return web.Response(status=status, headers=headers, body=body)

    async def start(self) -> FakeCloud:
        """Listen on 127.0.0.1, any free port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        """Stop listening."""
        if self.server is not None:
            await self.server.close()


def payload_route(payload: Any, **headers: str) -> Route:
    """A route that always answers this JSON."""
    return lambda _request: json_answer(payload, **headers)


def sequence_route(*answers: Answer) -> Route:
    """A route giving these answers in turn; the last one repeats."""
    pending = list(answers)

    def route(_request: web.Request) -> Answer:
        return pending.pop(0) if len(pending) > 1 else pending[0]

    return route


# Joules per minute of (imp, exp, gep, diverted, boosted), from the minute's start (UTC).
Profile = Callable[[datetime], tuple[int, int, int, int, int]]
HISTORY_FIELDS = ("imp", "exp", "gep", "h1d", "h1b")


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class FakeHistory:
    """The hourly history (cgi-jdayhour) as a hub keeps it.

    ``profile`` is the truth: joules per minute. Options, each as the facts
    notes describe the hub (all off by default):

    - ``upload_delay``: the hub uploads what happened in the last stretch
      late. An hour shows only what happened up to ``now - upload_delay``,
      so with 90 minutes the current and the last hour are missing or
      partial, and an hour already answered grows on a later read.
    - ``empty_every``: every n-th answer is an empty list.
    - ``short_next``: the next n answers hold only the first half of the
      records (a short answer, e.g. the first one after a restart).

    Hours without energy are left out; ``hr``/``min`` are absent when 0.
    """

    serial: str
    profile: Profile
    upload_delay: timedelta = timedelta(0)
    empty_every: int = 0
    short_next: int = 0
    clock: Callable[[], datetime] = _utc_now
    answers: int = 0

    def visible_hour(self, start: datetime, now: datetime) -> list[int]:
        """Joules per field the hub shows for the hour starting at start."""
        until = min(start + timedelta(hours=1), now - self.upload_delay)
        totals = [0] * len(HISTORY_FIELDS)
        minute = start
        while minute + timedelta(minutes=1) <= until:
            for n, joules in enumerate(self.profile(minute)):
                totals[n] += joules
            minute += timedelta(minutes=1)
        return totals

    def truth_j(self, start: datetime, end: datetime) -> list[int]:
        """Joules per field that really flowed in [start, end) (whole minutes)."""
        totals = [0] * len(HISTORY_FIELDS)
        minute = start
        while minute < end:
            for n, joules in enumerate(self.profile(minute)):
                totals[n] += joules
            minute += timedelta(minutes=1)
        return totals

    def day_payload(self, day: date) -> dict[str, list[dict[str, int]]]:
        """The answer for one UTC day, as the hub gives it now."""
        self.answers += 1
        now = self.clock()
        records: list[dict[str, int]] = []
        if not (self.empty_every and self.answers % self.empty_every == 0):
            start = datetime.combine(day, time(), UTC)
            for hour in range(24):
                hour_start = start + timedelta(hours=hour)
                if hour_start >= now:
                    break
                values = self.visible_hour(hour_start, now)
                if not any(values):
                    continue
                record = {"yr": day.year, "mon": day.month, "dom": day.day}
                if hour:
                    record["hr"] = hour
                record.update(
                    (key, value)
                    for key, value in zip(HISTORY_FIELDS, values, strict=True)
                    if value
                )
                records.append(record)
        if self.short_next > 0:
            self.short_next -= 1
            records = records[: len(records) // 2]
        return {f"U{self.serial}": records}

    def route(self, cloud: FakeCloud) -> None:
        """Answer cgi-jdayhour-Z<serial>-Y-M-D on the cloud (any day)."""
        prefix = f"cgi-jdayhour-Z{self.serial}-"
        previous = cloud.fallback

        def answer(request: web.Request) -> Answer:
            path = request.path_qs.lstrip("/")
            if path.startswith(prefix):
                year, month, dom = (int(p) for p in path[len(prefix) :].split("-"))
                return json_answer(self.day_payload(date(year, month, dom)))
            if previous is not None:
                return previous(request)
            return 404, {"Content-Type": "text/html"}, b"<html>404</html>"

        cloud.fallback = answer


_MODE = re.compile(r"^/cgi-zappi-mode-Z(\d+)-(\d+)-(\d+)-(\d+)-(\d{4})$")
_MIN_GREEN = re.compile(r"^/cgi-set-min-green-Z(\d+)-(\d+)$")
_PHASE = re.compile(r"^/cgi-zappi-phase-setting-Z(\d+)-(\d+)$")
_PHASES = ("SINGLE_PHASE", "THREE_PHASE", "AUTO")
# Fields a real hub leaves out when they are 0 (with omit_zero).
_ZERO_OMITTED = ("sbh", "sbm", "sbk", "mgl", "bsm", "bss", "bst", "tbk", "div")


@dataclass
class FakeZappi:
    """One zappi behind a FakeCloud, with what real zappis do as options.

    Defaults: a command is applied by the first status read after it
    (cmt 254), as a simple fake would. The options are the field behaviours
    of real zappis (myenergi-facts.md, "Commands in the field"):

    - ``cmt_at_rest``: the cmt before any command (253: a failure long ago).
    - ``apply_after``: status reads after the command until it applies;
      ``pending_reads`` of the last ones before that show cmt 9..1, the
      others still the old cmt (the servers re-send it for minutes).
    - ``omit_zero``: fields that are 0 are left out (sbh, mgl, boost flags).
    - ``sta_4_in_fast``: sta reads 4 ("boosting") in Fast mode, no boost.
    - ``lose_commands``: the server takes a command (status 0), the zappi
      never gets it: nothing changes, cmt keeps its value.
    - ``reject``: the zappi counts the command down, then reports 253.
    - A command while one is pending is answered -26 (busy).

    Boosts set their flag (bsm, bss) and keep tbk/sbk/sbh/sbm after they end;
    a boost outside Eco/Eco+ is taken (254) and does nothing.
    """

    serial: str = "16000001"
    fields: dict[str, Any] = field(
        default_factory=lambda: {
            "zmo": 3,
            "sta": 1,
            "pst": "B2",
            "mgl": 50,
            "tbk": 5,
            "sbk": 5,
            "sbh": 17,
            "sbm": 0,
            "bsm": 0,
            "bss": 0,
            "bst": 0,
            "phaseSetting": "AUTO",
        }
    )
    cmt_at_rest: int = 254
    apply_after: int = 1
    pending_reads: int = 0
    omit_zero: bool = False
    sta_4_in_fast: bool = False
    lose_commands: bool = False
    reject: bool = False
    commands: list[str] = field(default_factory=list)
    status_reads: int = 0
    _cmt: int | None = None
    _pending: tuple[dict[str, Any], int] | None = None

    def install(self, cloud: FakeCloud) -> FakeZappi:
        """Answer the zappi's status and command paths on the cloud."""
        cloud.fallback = self.route
        return self

    def status(self) -> dict[str, Any]:
        """The zappi as cgi-jstatus-Z lists it now."""
        wire = {"sno": int(self.serial), **self.fields}
        wire["cmt"] = self.cmt_at_rest if self._cmt is None else self._cmt
        if self.sta_4_in_fast and wire.get("zmo") == 1:
            wire["sta"] = 4
        if self.omit_zero:
            wire = {
                k: v for k, v in wire.items() if not (k in _ZERO_OMITTED and v == 0)
            }
        return wire

    def route(self, request: web.Request) -> Answer:
        """Status reads and commands of this zappi."""
        path = request.path
        if path in ("/cgi-jstatus-Z", f"/cgi-jstatus-Z{self.serial}"):
            self._read()
            return json_answer({"zappi": [self.status()]})
        changes = self._parse(path)
        if changes is None:
            return json_answer({"status": -14, "statustext": ""})
        self.commands.append(path.lstrip("/"))
        if self._pending is not None:
            return json_answer({"status": -26, "statustext": ""})
        if not self.lose_commands:
            self._pending = (changes, self.apply_after)
        answer: dict[str, Any] = {"status": 0, "statustext": ""}
        if "mgl" in changes and _MIN_GREEN.match(path):
            answer = {"mgl": changes["mgl"]}
        return json_answer(answer)

    def _read(self) -> None:
        self.status_reads += 1
        if self._pending is None:
            return
        changes, left = self._pending
        left -= 1
        if left > 0:
            if left <= self.pending_reads:
                self._cmt = min(9, left)
            self._pending = (changes, left)
            return
        self._pending = None
        if self.reject:
            self._cmt = 253
            return
        self.fields.update(changes)
        self._cmt = 254

    def _parse(self, path: str) -> dict[str, Any] | None:
        if (match := _MIN_GREEN.match(path)) and match[1] == self.serial:
            return {"mgl": int(match[2])}
        if (match := _PHASE.match(path)) and match[1] == self.serial:
            return {"phaseSetting": _PHASES[int(match[2])]}
        match = _MODE.match(path)
        if match is None or match[1] != self.serial:
            return None
        mode, kind, kwh, clock = int(match[2]), int(match[3]), int(match[4]), match[5]
        if mode:
            changes: dict[str, Any] = {"zmo": mode}
            if mode in (1, 4):
                changes.update(bsm=0, bss=0)
            return changes
        if self.fields.get("zmo") not in (2, 3) and kind in (10, 11):
            return {}  # a boost in Fast or Stop: taken, does nothing
        if kind == 10:
            return {"tbk": kwh, "bsm": 1}
        if kind == 11:
            return {"sbk": kwh, "sbh": int(clock[:2]), "sbm": int(clock[2:]), "bss": 1}
        if kind == 2:
            return {"bsm": 0, "bss": 0, "bst": 0}
        return None
