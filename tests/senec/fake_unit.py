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


@dataclass
class FakeUnit:
    """Answers exactly the keys asked, from wire-format values.

    ``fault`` switches the next answers to a failure: "hang", "html_404",
    "http_500", "html_200", "truncated", "empty", "reset", "sentinel", or to
    a firmware quirk: "doubled" (escaped quotes), "string" (JSON in a string).
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

    def answer_for(self, body: dict[str, Any]) -> dict[str, Any]:
        """The unit's answer to one request body."""
        answer: dict[str, Any] = {}
        for section, keys in body.items():
            stored = self.values.get(section)
            if not isinstance(stored, dict):
                answer[section] = "OBJECT_NOT_FOUND"
            else:
                stored = {**stored, **self.overrides.get(section, {})}
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
        if self.fault == "hang":
            await asyncio.sleep(self.hang_seconds)
        if self.fault == "html_404":
            return web.Response(status=404, body=HTML_404, content_type="text/html")
        if self.fault == "http_500":
            return web.Response(status=500, text="Internal Server Error")
        if self.fault == "html_200":
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
            return web.Response(status=403, body=HTML_404, content_type="text/html")
        text = json.dumps(self.answer_for(body))
        if self.fault == "reset":
            return await self._reset(request, text.encode())
        if self.fault == "truncated":
            text = text[: len(text) // 2]
        elif self.fault == "empty":
            text = ""
        elif self.fault == "doubled":
            text = text.replace('"', '\\"')
        elif self.fault == "string":
            text = json.dumps(text)
        elif self.fault == "bare_string":
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

    async def page(self, request: web.Request) -> web.Response:
        """GET of the unit's web pages: only the vars page of its style exists."""
        if request.raw_path == self.vars_path:
            return web.Response(text="<html>vars</html>", content_type="text/html")
        return web.Response(status=404, body=HTML_404, content_type="text/html")


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
