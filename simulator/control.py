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
            "further_zappis_w": [round(other.w, 1) for other in snap.others],
            "state": snap.state,
        },
        "requests": {
            "senec": state.senec_requests,
            "myenergi": state.myenergi_requests,
        },
        "plant": {
            "zappi_behind_senec": state.plant.zappi_behind_senec,
            "pv_factor": state.plant.pv_factor,
            "car_need_wh": round(state.plant.car_need_wh, 1),
        },
        "senec": state.senec_control.describe(),
        "zappi": state.zappi.describe(),
        "zappis": {
            serial: commands.describe() for serial, commands in state.zappis.items()
        },
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
    "booting_seconds": s, "device_id": text, "serial": text,
    "own_charge": 0|25|33, "sockets_need_enable": bool}.

    device_id / serial: another unit answers at this address ("" for the
    capture's own unit again).
    """
    state = request.app[STATE_KEY]
    control = state.senec_control
    try:
        body = await request.json()
        reboot = float(body.get("reboot_seconds", control.reboot_seconds))
        flip = float(body.get("safe_charge_flip_seconds", control.flip_seconds))
        booting = float(body.get("booting_seconds", control.booting_seconds))
        if reboot < 0 or flip < 0 or booting < 0:
            raise ValueError("seconds must not be negative")
        own_charge = body.get("own_charge", state.plant.own_charge)
        if own_charge not in OWN_CHARGES:
            raise ValueError(f"own_charge must be one of {sorted(OWN_CHARGES)}")
        need_enable = body.get("sockets_need_enable", control.sockets_need_enable)
        if not isinstance(need_enable, bool):
            raise ValueError("sockets_need_enable must be true or false")
        identity = dict(control.identity)
        for name in ("device_id", "serial"):
            if name in body:
                if not isinstance(body[name], str):
                    raise ValueError(f"{name} must be text")
                identity[name] = body[name]
    except (ValueError, TypeError, AttributeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    control.reboot_seconds, control.flip_seconds = reboot, flip
    control.booting_seconds = booting
    control.identity = {name: value for name, value in identity.items() if value}
    control.sockets_need_enable = need_enable
    state.plant.advance()
    state.plant.own_charge = own_charge
    return web.json_response(describe(state))


_ZAPPI_SECONDS = ("command_delay", "slow_command_delay")
_ZAPPI_SWITCHES = ("quiet_pending", "omit_zero", "sta_4_in_fast")


async def post_zappi(request: web.Request) -> web.Response:
    """POST /_sim/zappi: delays in seconds, field behaviours, the cmt now.

    {"command_delay": s, "slow_command_delay": s, "quiet_pending": bool,
    "omit_zero": bool, "sta_4_in_fast": bool, "cmt": 253, "firmware": text,
    "listed": bool, "boosted": bool}. firmware: the zappi's fwv; listed
    false: the hub stops listing it; boosted false: no boost fields until
    the first boost.
    """
    state = request.app[STATE_KEY]
    zappi = state.plant.zappi
    try:
        body = await request.json()
        if not isinstance(body, dict) or not body:
            raise ValueError("expected zappi settings")
        settings: dict[str, object] = {}
        plant_settings: dict[str, object] = {}
        for name, value in body.items():
            if (name == "firmware" and isinstance(value, str)) or (
                name in ("listed", "boosted") and isinstance(value, bool)
            ):
                plant_settings[name] = value
            elif name in _ZAPPI_SECONDS:
                if isinstance(value, bool) or float(value) < 0:
                    raise ValueError(f"{name} must be seconds >= 0")
                settings[name] = float(value)
            elif name in _ZAPPI_SWITCHES:
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be true or false")
                settings[name] = value
            elif name == "cmt":
                if isinstance(value, bool) or value not in (253, 254, 255):
                    raise ValueError("cmt must be 253, 254 or 255")
                settings[name] = value
            else:
                raise ValueError(f"unknown setting {name}")
    except (ValueError, TypeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    for commands in state.zappis.values():
        for name, value in settings.items():
            setattr(commands, name, value)
    for name, value in plant_settings.items():
        setattr(zappi, name, value)
    return web.json_response(describe(state))


async def post_plant(request: web.Request) -> web.Response:
    """POST /_sim/plant {"zappi_behind_senec": bool, "pv_factor": x, "soc": %,
    "car_need_wh": Wh}: scenarios of the house view (a zappi on another meter,
    a dark sky, a battery and a car that want something)."""
    state = request.app[STATE_KEY]
    plant = state.plant
    try:
        body = await request.json()
        if not isinstance(body, dict) or not body:
            raise ValueError("expected zappi_behind_senec, pv_factor, soc, car_need_wh")
        behind = body.get("zappi_behind_senec", plant.zappi_behind_senec)
        if not isinstance(behind, bool):
            raise ValueError("zappi_behind_senec must be true or false")
        numbers = {}
        for name, low, high in (
            ("pv_factor", 0.0, 2.0),
            ("soc", 0.0, 100.0),
            ("car_need_wh", 0.0, 200_000.0),
        ):
            value = body.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not low <= float(value) <= high:
                raise ValueError(f"{name} must be within {low}...{high}")
            numbers[name] = float(value)
        unknown = set(body) - {"zappi_behind_senec", *_PLANT_NUMBERS}
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}")
    except (ValueError, TypeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    plant.advance()  # what happened so far happened with the old settings
    plant.zappi_behind_senec = behind
    for name, value in numbers.items():
        setattr(plant, name, value)
    return web.json_response(describe(state))


_PLANT_NUMBERS = ("pv_factor", "soc", "car_need_wh")


async def post_clock(request: web.Request) -> web.Response:
    """POST /_sim/clock {"advance": s}: the home's clock jumps ahead (never back)."""
    state = request.app[STATE_KEY]
    try:
        advance = (await request.json())["advance"]
        if isinstance(advance, bool) or float(advance) < 0:
            raise ValueError("advance must be seconds >= 0")
    except (ValueError, KeyError, TypeError) as err:
        return web.json_response({"error": str(err)}, status=400)
    state.clock_offset += float(advance)
    return web.json_response({"clock_offset": state.clock_offset})


def add_control_routes(app: web.Application) -> None:
    """The control endpoint, on both devices' ports."""
    app.router.add_get("/_sim/state", get_state)
    app.router.add_post("/_sim/fault", post_fault)
    app.router.add_post("/_sim/asn", post_asn)
    app.router.add_post("/_sim/senec", post_senec)
    app.router.add_post("/_sim/zappi", post_zappi)
    app.router.add_post("/_sim/plant", post_plant)
    app.router.add_post("/_sim/clock", post_clock)
