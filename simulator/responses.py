"""Answers shared by both devices when they misbehave."""

from __future__ import annotations

import asyncio
import socket
import struct
from typing import Final

from aiohttp import web

from .config import Device, Fault, SimConfig
from .faults import FaultBoard

HTML_404: Final = (
    "<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    "<body><h1>Not Found</h1><p>The requested URL was not found.</p></body></html>"
)
# Faults that replace the whole answer, before any parsing or auth.
SHORT_CIRCUIT: Final = frozenset({Fault.HTTP_500, Fault.HTML_404, Fault.RATE_LIMITED})


async def delay(board: FaultBoard, device: Device, config: SimConfig) -> Fault:
    """Wait as a slow or hung device would; the fault in force afterwards."""
    fault = board.get(device)
    if fault is Fault.SLOW:
        await asyncio.sleep(config.slow_seconds)
    elif fault is Fault.TIMEOUT:
        await board.hang(device, fault)
    return board.get(device)


def short_circuit(fault: Fault, config: SimConfig) -> web.Response | None:
    """The error page of a fault that needs no request body; None otherwise."""
    if fault is Fault.HTTP_500:
        return web.Response(status=500, text="500 Internal Server Error")
    if fault is Fault.HTML_404:
        return web.Response(status=404, text=HTML_404, content_type="text/html")
    if fault is Fault.RATE_LIMITED:
        return web.Response(
            status=429,
            text="Too Many Requests",
            headers={"Retry-After": str(config.retry_after)},
        )
    return None


def truncated(body: bytes, headers: dict[str, str] | None = None) -> web.Response:
    """HTTP 200 with the first half of the JSON."""
    return web.Response(
        status=200,
        body=body[: len(body) // 2],
        content_type="application/json",
        headers=headers,
    )


async def reset(request: web.Request, body: bytes) -> web.StreamResponse:
    """Send half the promised body, then reset the connection (RST)."""
    response = web.StreamResponse(status=200)
    response.content_type = "application/json"
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
        transport.abort()
    return response
