"""A SENEC-like lala.cgi server on 127.0.0.1, http or https (self-signed)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
import json
import ssl
from typing import Any

from aiohttp import web

from simulator.tls import make_self_signed, server_ssl_context

COOKIE = "senec-homev3-gui"
HTML_404 = b"<html><body><h1>404 Not Found</h1></body></html>"


@dataclass(frozen=True)
class Seen:
    """One lala.cgi request as the unit received it."""

    body: dict[str, Any]
    content_type: str
    headers: dict[str, str]
    cookie: str | None


def is_write(body: dict[str, Any]) -> bool:
    """A request with any typed value (not "") is a write."""
    return any(
        isinstance(keys, dict) and any(raw != "" for raw in keys.values())
        for keys in body.values()
    )


@dataclass
class FakeUnit:
    """Answers exactly the keys asked, from wire-format values.

    ``fault`` switches the next answers to a failure: "hang", "html_404",
    "http_500", "html_200", "truncated", "empty", "reset", "sentinel", or to
    a firmware quirk: "doubled" (escaped quotes), "string" (JSON in a string).
    ``write_fault`` does the same for writes only.

    Writes (typed values instead of "") are applied and echoed; arrays per
    index, "" slots left alone. USER_REBOOT_DEVICE "restarts" the unit: its
    session cookie changes, so the old one is refused from then on.
    ``refusal`` is how a refused session is answered: "403", or "empty"
    (HTTP 200 with ``{}``, as some units do).

    Field behaviours, off by default (see senec-facts "Writes in the field"):
    ``safe_charge_model`` makes FORCE/PROHIBIT triggers that switch
    SAFE_CHARGE_RUNNING and STAT_STATE (the write's answer still shows the
    old RUNNING); ``safe_charge_resumes`` is how many "off"s the unit undoes
    by itself ``resume_after`` seconds later. ``restart_answer`` "drop"
    closes the connection of the restart write without an answer, "hang"
    never answers it (the restart happens either way). ``sockets_need_enable``
    models POWER_ON: True powers a forced socket only while ENABLE is 1,
    False powers it whenever forced, None leaves POWER_ON alone.
    ``own_charge`` (25 safety charge, 33 emergency charge; 0 none) is a
    charge the unit runs by itself: STAT_STATE reads it while set.
    """

    values: dict[str, Any]
    require_cookie: bool = True
    vars_path: str | None = "//vars.html"
    fault: str | None = None
    hang_seconds: float = 2.0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    handshakes: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    cookie_value: str = "session-1"
    # False: the handshake sets no cookie, so every session is refused.
    sets_cookie: bool = True
    # Wire values that replace the stored ones while set ("sentinel" etc.).
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    refusal: str = "403"
    write_fault: str | None = None
    # Written keys answered with FORBIDDEN (and not applied).
    forbidden: set[tuple[str, str]] = field(default_factory=set)
    # Written keys answered with this wire value instead of the echo (not applied).
    write_answers: dict[tuple[str, str], Any] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    writes: list[dict[str, Any]] = field(default_factory=list)
    reboots: int = 0
    # Other GET pages (the logs) by raw path.
    pages: dict[str, bytes] = field(default_factory=dict)
    safe_charge_model: bool = False
    safe_charge_resumes: int = 0
    resume_after: float = 10.0
    restart_answer: str = "echo"
    sockets_need_enable: bool | None = None
    own_charge: int = 0
    _resume: asyncio.TimerHandle | None = None

    def _set(self, section: str, key: str, raw: str) -> None:
        self.values.setdefault(section, {})[key] = raw

    def _after_write(self, body: dict[str, Any]) -> None:
        """The unit acting on what was written (the answer is already made)."""
        energy = body.get("ENERGY", {})
        if self.safe_charge_model and isinstance(energy, dict):
            if energy.get("SAFE_CHARGE_FORCE") == "u8_01":
                self._safe_charge(True)
            elif energy.get("SAFE_CHARGE_PROHIBIT") == "u8_01":
                self._safe_charge(False)
                if self.safe_charge_resumes > 0:
                    self.safe_charge_resumes -= 1
                    self._resume = asyncio.get_running_loop().call_later(
                        self.resume_after, self._safe_charge, True
                    )
        sockets = self.values.get("SOCKETS")
        if self.sockets_need_enable is not None and isinstance(sockets, dict):
            sockets["POWER_ON"] = [
                "u8_01"
                if force == "u8_01"
                and (enable == "u8_01" or not self.sockets_need_enable)
                else "u8_00"
                for force, enable in zip(
                    sockets["FORCE_ON"], sockets["ENABLE"], strict=True
                )
            ]

    def _safe_charge(self, on: bool) -> None:
        """FORCE/PROHIBIT reset themselves; RUNNING and the system state follow."""
        if self._resume is not None:
            self._resume.cancel()
            self._resume = None
        self._set("ENERGY", "SAFE_CHARGE_FORCE", "u8_00")
        self._set("ENERGY", "SAFE_CHARGE_PROHIBIT", "u8_00")
        self._set("ENERGY", "SAFE_CHARGE_RUNNING", "u8_01" if on else "u8_00")
        self._set("ENERGY", "STAT_STATE", "u8_08" if on else "u8_10")  # 8 / 16

    def apply_write(self, body: dict[str, Any]) -> dict[str, Any]:
        """Apply the typed values of a write; the echo of the written keys."""
        echo: dict[str, Any] = {}
        for section, keys in body.items():
            stored = self.values.get(section)
            if not isinstance(stored, dict) or not isinstance(keys, dict):
                continue
            for key, raw in keys.items():
                if raw == "":
                    continue
                if (section, key) in self.forbidden:
                    echo.setdefault(section, {})[key] = "FORBIDDEN"
                    continue
                if (section, key) in self.write_answers:
                    echo.setdefault(section, {})[key] = self.write_answers[
                        (section, key)
                    ]
                    continue
                if key not in stored:
                    echo.setdefault(section, {})[key] = "VARIABLE_NOT_FOUND"
                    continue
                if isinstance(raw, list):
                    current = list(stored[key])
                    for index, slot in enumerate(raw):
                        if slot != "" and index < len(current):
                            current[index] = slot
                    stored[key] = current
                else:
                    stored[key] = raw
                echo.setdefault(section, {})[key] = raw
        return echo

    def reboot(self) -> None:
        """A restart: the old session cookie is refused from now on."""
        self.reboots += 1
        self.cookie_value = f"{self.cookie_value}-rebooted"

    def answer_for(self, body: dict[str, Any]) -> dict[str, Any]:
        """The unit's answer to one request body."""
        answer: dict[str, Any] = {}
        for section, keys in body.items():
            stored = self.values.get(section)
            if not isinstance(stored, dict):
                answer[section] = "OBJECT_NOT_FOUND"
            else:
                stored = {**stored, **self.overrides.get(section, {})}
                if section == "ENERGY" and self.own_charge:
                    stored["STAT_STATE"] = f"u8_{self.own_charge:02X}"
                if self.fault == "sentinel":
                    stored = dict.fromkeys(stored, "VARIABLE_NOT_FOUND")
                answer[section] = (
                    dict(stored)
                    if not keys
                    else {key: stored.get(key, "VARIABLE_NOT_FOUND") for key in keys}
                )
        return answer

    async def lala(self, request: web.Request) -> web.StreamResponse:
        """POST /lala.cgi."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.01)  # lets a second request overlap, if sent
            return await self._lala(request)
        finally:
            self.in_flight -= 1

    async def _lala(self, request: web.Request) -> web.StreamResponse:
        body = json.loads(await request.read())
        self.bodies.append(body)
        self.seen.append(
            Seen(
                body,
                request.content_type,
                dict(request.headers),
                request.cookies.get(COOKIE),
            )
        )
        write = is_write(body)
        fault = self.write_fault if write else self.fault
        if fault == "hang":
            await asyncio.sleep(self.hang_seconds)
        if fault == "html_404":
            return web.Response(status=404, body=HTML_404, content_type="text/html")
        if fault == "http_500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "html_200":
            return web.Response(body=HTML_404, content_type="text/html")
        if "FACTORY" in body and set(body["FACTORY"]) == {
            "SYS_TYPE",
            "COUNTRY",
            "DEVICE_ID",
        }:
            self.handshakes += 1
            response = web.json_response(self.answer_for(body))
            if self.sets_cookie:
                response.set_cookie(COOKIE, self.cookie_value)
            return response
        if self.require_cookie and request.cookies.get(COOKIE) != self.cookie_value:
            if self.refusal == "empty":
                return web.json_response({})
            return web.Response(status=403, body=HTML_404, content_type="text/html")
        answer = self.answer_for(body)
        if write:
            self.writes.append(body)
            for section, keys in self.apply_write(body).items():
                answer.setdefault(section, {}).update(keys)
        text = json.dumps(answer)
        if write:
            self._after_write(body)
        if write and body.get("SYS_UPDATE", {}).get("USER_REBOOT_DEVICE"):
            self.reboot()
            if self.restart_answer == "drop":
                assert request.transport is not None
                request.transport.abort()
                return web.Response(status=503)
            if self.restart_answer == "hang":
                await asyncio.sleep(self.hang_seconds)
        if fault == "reset":
            return await self._reset(request, text.encode())
        if fault == "truncated":
            text = text[: len(text) // 2]
        elif fault == "empty":
            text = ""
        elif fault == "empty_object":
            text = "{}"
        elif fault == "doubled":
            text = text.replace('"', '\\"')
        elif fault == "string":
            text = json.dumps(text)
        elif fault == "bare_string":
            text = json.dumps("hello")
        return web.Response(text=text, content_type="application/json")

    @staticmethod
    async def _reset(request: web.Request, data: bytes) -> web.StreamResponse:
        """Announce the whole body, send half of it, then drop the connection."""
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = len(data)
        await response.prepare(request)
        await response.write(data[: len(data) // 2])
        assert request.transport is not None
        request.transport.abort()
        return response

    async def page(self, request: web.Request) -> web.StreamResponse:
        """GET of the unit's web pages: the vars page of its style, and pages."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.01)  # lets a second request overlap, if sent
            if self.fault == "hang":
                await asyncio.sleep(self.hang_seconds)
            if self.fault == "http_500":
                return web.Response(status=500, text="Internal Server Error")
            if self.fault == "reset":
                data = self.pages.get(request.raw_path, b"x" * 1000)
                return await self._reset(request, data)
            if request.raw_path == self.vars_path:
                return web.Response(text="<html>vars</html>", content_type="text/html")
            if request.raw_path in self.pages:
                return web.Response(
                    body=self.pages[request.raw_path], content_type="text/plain"
                )
            return web.Response(status=404, body=HTML_404, content_type="text/html")
        finally:
            self.in_flight -= 1


@dataclass(frozen=True)
class Running:
    """A started fake unit: its host (``127.0.0.1:port``) for the client."""

    unit: FakeUnit
    host: str


@asynccontextmanager
async def serve(unit: FakeUnit, *, tls: bool) -> AsyncIterator[Running]:
    """Serve the unit over https with a fresh self-signed cert, or http."""
    app = web.Application()
    app.router.add_post("/lala.cgi", unit.lala)
    app.router.add_get("/{tail:.*}", unit.page)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    context: ssl.SSLContext | None = None
    if tls:
        context = server_ssl_context(*make_self_signed("senec.local"))
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield Running(unit, f"127.0.0.1:{port}")
    finally:
        await runner.cleanup()
