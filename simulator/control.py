"""/_sim/...: switch faults and the asn target while the simulator runs."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .config import OWN_CHARGES, Device, Fault
from .state import STATE_KEY, SimState


def describe(state: SimState) -> dict[str, Any]:
    """What GET /_sim/state shows: faults, live values, counters."""
    snap = state.plant.advance()
    return {
        "faults": {
            device.value: {
                "fault": state.board.get(device).value,
                "remaining": state.board.remaining(device),
            }
            for device in Device
        },
        "asn": state.asn if state.myenergi_ports else None,
        "live": {
            "pv_w": round(snap.pv_w, 1),
            "house_w": round(snap.house_w, 1),
            "battery_w": round(snap.battery_w, 1),
            "grid_w": round(snap.grid_w, 1),
            "soc": round(snap.soc, 2),
            "zappi_w": round(snap.zappi_w, 1),
            "state": snap.state,
        },
        "requests": {
            "senec": state.senec_requests,
            "myenergi": state.myenergi_requests,
        },
        "senec": state.senec_control.describe(),
        "zappi": state.zappi.describe(),
    }


async def get_state(request: web.Request) -> web.Response:
    """GET /_sim/state."""
    return web.json_response(describe(request.app[STATE_KEY]))


async def post_fault(request: web.Request) -> web.Response:
    """POST /_sim/fault {"device": ..., "fault": ..., "for": seconds}."""
    state = request.app[STATE_KEY]
    try:
        body = await request.json()
        device = Device(body["device"])
        fault = Fault(body["fault"])
        duration = body.get("for")
        state.board.set(device, fault, None if duration is None else float(duration))
    except (ValueError, KeyError, TypeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    return web.json_response(describe(state))


async def post_asn(request: web.Request) -> web.Response:
    """POST /_sim/asn {"server": 0|1}: which port the director sends hubs to."""
    state = request.app[STATE_KEY]
    try:
        index = int((await request.json())["server"])
        if not 0 <= index < len(state.myenergi_ports):
            raise ValueError(f"no server {index}")
    except (ValueError, KeyError, TypeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    state.asn_index = index
    return web.json_response(describe(state))


async def post_senec(request: web.Request) -> web.Response:
    """POST /_sim/senec {"reboot_seconds": s, "safe_charge_flip_seconds": s,
    "own_charge": 0|25|33, "sockets_need_enable": bool}."""
    state = request.app[STATE_KEY]
    control = state.senec_control
    try:
        body = await request.json()
        reboot = float(body.get("reboot_seconds", control.reboot_seconds))
        flip = float(body.get("safe_charge_flip_seconds", control.flip_seconds))
        if reboot < 0 or flip < 0:
            raise ValueError("seconds must not be negative")
        own_charge = body.get("own_charge", state.plant.own_charge)
        if own_charge not in OWN_CHARGES:
            raise ValueError(f"own_charge must be one of {sorted(OWN_CHARGES)}")
        need_enable = body.get("sockets_need_enable", control.sockets_need_enable)
        if not isinstance(need_enable, bool):
            raise ValueError("sockets_need_enable must be true or false")
    except (ValueError, TypeError, AttributeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    control.reboot_seconds, control.flip_seconds = reboot, flip
    control.sockets_need_enable = need_enable
    state.plant.advance()
    state.plant.own_charge = own_charge
    return web.json_response(describe(state))


async def post_zappi(request: web.Request) -> web.Response:
    """POST /_sim/zappi {"command_delay": s, "slow_command_delay": s}."""
    state = request.app[STATE_KEY]
    try:
        body = await request.json()
        if not isinstance(body, dict) or not body:
            raise ValueError("expected command_delay and/or slow_command_delay")
        delays = {}
        for name in body:
            if name not in ("command_delay", "slow_command_delay"):
                raise ValueError(f"unknown setting {name}")
            value = body[name]
            if isinstance(value, bool) or float(value) < 0:
                raise ValueError(f"{name} must be seconds >= 0")
            delays[name] = float(value)
    except (ValueError, TypeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    for name, value in delays.items():
        setattr(state.zappi, name, value)
    return web.json_response(describe(state))


def add_control_routes(app: web.Application) -> None:
    """The control endpoint, on both devices' ports."""
    app.router.add_get("/_sim/state", get_state)
    app.router.add_post("/_sim/fault", post_fault)
    app.router.add_post("/_sim/asn", post_asn)
    app.router.add_post("/_sim/senec", post_senec)
    app.router.add_post("/_sim/zappi", post_zappi)
