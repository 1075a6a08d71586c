"""The SENEC V3 web server: lala.cgi with its cookie, vars.html and the logs."""

from __future__ import annotations

from datetime import datetime
import html
import json
import re
import secrets
from typing import Final
from urllib.parse import unquote_plus

from aiohttp import web

from .config import Device, Fault, PathStyle
from .control import add_control_routes
from .responses import delay, reset, short_circuit, truncated
from .senec_control import is_write
from .state import STATE_KEY, SimState

COOKIE: Final = "senec-homev3-gui"
COOKIE_MAX_AGE: Final = 3600
VARS_PATHS: Final = {
    PathStyle.DOUBLE: "//vars.html",
    PathStyle.CAPITAL: "/Vars.html",
    PathStyle.LOWER: "/vars.html",
}
_LOG = re.compile(r"^(?P<slashes>/+)log/(\d{4})/(\d{2})/(\d{2})\.log$")


def _dumps(payload: object) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def parse_request(data: bytes, content_type: str) -> object:
    """The JSON of a lala.cgi body: plain, or sent as the web page sends it
    (the JSON text with a form content type, percent-encoded or not)."""
    try:
        return json.loads(data)
    except ValueError:
        pass
    if content_type != "application/x-www-form-urlencoded":
        return None
    try:
        return json.loads(unquote_plus(data.decode()))
    except ValueError:
        return None


def _gone(request: web.Request) -> web.Response:
    """A restarting unit: connections kept alive from before break off."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=503)


async def lala(request: web.Request) -> web.StreamResponse:
    """POST /lala.cgi: the sections and keys asked for, encoded; writes applied."""
    state = request.app[STATE_KEY]
    state.senec_requests += 1
    control = state.senec_control
    if control.rebooting:
        return _gone(request)
    fault = await delay(state.board, Device.SENEC, state.config)
    if (response := short_circuit(fault, state.config)) is not None:
        return response
    if fault is Fault.UNAUTHORIZED:
        return web.Response(status=401, text="401 Unauthorized")
    asked = parse_request(await request.read(), request.content_type)
    if not isinstance(asked, dict):
        return web.Response(status=400, text="400 Bad Request")
    headers: dict[str, str] = {}
    token = request.cookies.get(COOKIE)
    if "FACTORY" in asked:
        token = secrets.token_hex(16)
        state.cookies.add(token)
        headers["Set-Cookie"] = (
            f"{COOKIE}={token}; Max-Age={COOKIE_MAX_AGE}; Path=/; HttpOnly"
        )
    elif state.config.require_cookie and token not in state.cookies:
        if fault is Fault.SESSION_EMPTY:  # how some units refuse a session
            return web.json_response({})
        # What NPU images from 2411 on answer without the session cookie.
        return web.Response(status=401, text="401 Unauthorized: no session")
    snap = state.plant.advance()
    echo: dict[str, dict[str, object]] = {}
    if is_write(asked) and fault is not Fault.SENTINEL:
        current = state.senec.sections(snap, state.plant.totals, control.values())
        echo = control.apply(asked, current, fault)
        snap = state.plant.advance()
    answer = state.senec.answer(
        asked,
        snap,
        state.plant.totals,
        sentinel=fault is Fault.SENTINEL,
        extra=control.values(),
    )
    for section, keys in echo.items():
        answer.setdefault(section, {}).update(keys)
    if fault is Fault.RESTART_DROPS and control.rebooting:
        return _gone(request)  # restarting before it could answer the write
    body = _dumps(answer)
    if fault is Fault.TRUNCATED_JSON:
        return truncated(body, headers)
    if fault is Fault.RESET:
        return await reset(request, body)
    return web.Response(body=body, content_type="application/json", headers=headers)


def vars_page(state: SimState) -> str:
    """The variable monitor: every section and value of the unit."""
    snap = state.plant.advance()
    decoded = state.senec.decoded(
        snap, state.plant.totals, state.senec_control.values()
    )
    rows = [
        f"<tr><td>{html.escape(section)}</td><td>{html.escape(key)}</td>"
        f"<td>{html.escape(str(value))}</td></tr>"
        for section, keys in decoded.items()
        for key, value in keys.items()
    ]
    return (
        "<!DOCTYPE html><html><head><title>VarMon</title></head><body>"
        "<table><tr><th>Object</th><th>Variable</th><th>Value</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )


def log_text(state: SimState, year: int, month: int, day: int) -> str | None:
    """The unit's log of one local day; None for days not yet begun."""
    try:
        start = datetime(year, month, day).timestamp()
    except ValueError:
        return None
    now = state.plant.advance().at
    if start > now:
        return None
    lines = [f"{year:04d}-{month:02d}-{day:02d} 00:00:01 [INFO] Logging started"]
    for hour in range(24):
        at = start + hour * 3600
        if at > now:
            break
        snap = state.plant.snapshot_at(at)
        lines.append(
            f"{datetime.fromtimestamp(at):%Y-%m-%d %H:%M:%S} [INFO] "
            f"STAT_STATE={snap.state} PV={snap.pv_w:.0f}W GRID={snap.grid_w:.0f}W "
            f"SOC={snap.soc:.1f}%"
        )
    return "\n".join(lines) + "\n"


async def page(request: web.Request) -> web.StreamResponse:
    """GET of vars.html and logs, at the paths of the configured firmware."""
    state = request.app[STATE_KEY]
    if state.senec_control.rebooting:
        return _gone(request)
    style = state.config.path_style
    path = request.raw_path.split("?", 1)[0]
    if path == VARS_PATHS[style]:
        return web.Response(text=vars_page(state), content_type="text/html")
    match = _LOG.match(path)
    if match is not None and (match["slashes"] == "//") == (style is PathStyle.DOUBLE):
        text = log_text(state, *(int(match[n]) for n in (2, 3, 4)))
        if text is not None:
            return web.Response(text=text, content_type="text/plain")
    return web.Response(status=404, text="404 Not Found")


def make_senec_app(state: SimState) -> web.Application:
    """The unit's web server; unknown paths answer 404 like the unit."""
    app = web.Application()
    app[STATE_KEY] = state
    add_control_routes(app)
    app.router.add_post("/lala.cgi", lala)
    app.router.add_get("/{tail:.*}", page)
    return app
