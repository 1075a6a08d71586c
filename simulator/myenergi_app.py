"""The myenergi cloud: director and hub server, digest auth, zappi endpoints."""

from __future__ import annotations

from datetime import date
import json
import re
from typing import Any, Final

from aiohttp import web

from .config import Device, Fault
from .control import add_control_routes
from .myenergi_payloads import dayhour_payload, names_payload, status_payload
from .responses import delay, reset, short_circuit, truncated
from .state import STATE_KEY, SimState

ASN_HEADER: Final = "X_MYENERGI-asn"
FULL_STATUS: Final = "/cgi-jstatus-*"
HUB_FIRMWARE: Final = "3401S3.051"
_STATUS = re.compile(r"^/cgi-jstatus-(?:Z|\*)(?P<serial>\d*)$")
_COMMAND_SERIAL = re.compile(r"-Z(\d+)-")
_DAYHOUR = re.compile(r"^/cgi-jdayhour-Z(?P<serial>\d+)-(\d{4})-(\d{1,2})-(\d{1,2})$")


def payload_for(
    state: SimState, path: str, *, sentinel: bool, fault: Fault = Fault.NONE
) -> object | None:
    """The JSON a path answers; None for paths this hub does not know."""
    serials = state.config.zappi_serials
    if state.zappi.is_command(path):
        # To the zappi the path names; an unknown serial is the first's to refuse.
        target = _COMMAND_SERIAL.search(path)
        commands = state.zappis.get(target[1] if target else "", state.zappi)
        return commands.answer(path, fault)
    if match := _STATUS.match(path):
        asked = [s for s in serials if match["serial"] in ("", s)]
        if not asked:
            return {"zappi": []}
        listed = [(serials.index(s), s, state.zappis[s].command_timer()) for s in asked]
        (index, first, cmt), *further = listed
        payload = status_payload(
            state.plant,
            first,
            sentinel=sentinel,
            cmt=cmt,
            omit_zero=state.zappi.omit_zero,
            sta_4_in_fast=state.zappi.sta_4_in_fast,
            index=index,
            further=tuple(further),
        )
        if path.startswith(FULL_STATUS):
            # Every device group, then the hub's own element (server, firmware).
            return [payload, {"asn": state.asn, "fwv": HUB_FIRMWARE}]
        return payload
    if match := _DAYHOUR.match(path):
        try:
            day = date(int(match[2]), int(match[3]), int(match[4]))
        except ValueError:
            return None
        if match["serial"] not in serials:
            return {f"U{match['serial']}": []}
        state.history_answers += 1
        every = state.config.history_empty_every
        if every and state.history_answers % every == 0:
            return {f"U{match['serial']}": []}  # the hub answers some queries empty
        index = serials.index(match["serial"])
        return dayhour_payload(
            state.plant,
            match["serial"],
            day,
            index,
            upload_delay=state.config.history_upload_delay,
        )
    if path == "/cgi-get-app-key-":
        return names_payload(state.config.hub_serial, serials[0], serials[1:])
    return None


async def handle(request: web.Request) -> web.StreamResponse:
    """Every myenergi GET: faults, then digest auth, then the answer."""
    state = request.app[STATE_KEY]
    state.myenergi_requests += 1
    fault = await delay(state.board, Device.MYENERGI, state.config)
    if (response := short_circuit(fault, state.config)) is not None:
        return response
    headers: dict[str, str] = {} if fault is Fault.NO_ASN else {ASN_HEADER: state.asn}
    if fault is Fault.ASN_UNDEFINED:
        headers = {ASN_HEADER: "undefined"}  # seen during a server migration
    challenge = state.digest.check(
        request.headers.get("Authorization"), request.method, request.path_qs
    )
    if fault is Fault.UNAUTHORIZED and challenge is None:
        challenge = state.digest.challenge()  # refuse even the right key
    if challenge is not None:
        return web.Response(
            status=401,
            text="401 Unauthorized",
            headers={**headers, "WWW-Authenticate": challenge},
        )
    payload: Any = payload_for(
        state, request.path, sentinel=fault is Fault.SENTINEL, fault=fault
    )
    if payload is None:
        return web.Response(status=404, text="404 Not Found", headers=headers)
    body = json.dumps(payload, separators=(",", ":")).encode()
    if fault is Fault.TRUNCATED_JSON:
        return truncated(body, headers)
    if fault is Fault.RESET:
        return await reset(request, body)
    return web.Response(body=body, content_type="application/json", headers=headers)


def make_myenergi_app(state: SimState) -> web.Application:
    """One app, served on the director port and on the hub's server port."""
    app = web.Application()
    app[STATE_KEY] = state
    add_control_routes(app)
    app.router.add_get("/{tail:.*}", handle)
    return app
