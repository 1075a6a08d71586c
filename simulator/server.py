"""Start and stop the simulated devices; in-process for tests and the demo."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
import ssl

from aiohttp import web

from .config import HOST, Device, Fault, SimConfig
from .myenergi_app import make_myenergi_app
from .senec_app import make_senec_app
from .state import SimState
from .tls import make_self_signed, server_ssl_context


@dataclass(slots=True)
class Simulator:
    """A running simulator: where to reach it and how to upset it."""

    state: SimState
    senec_port: int
    myenergi_ports: tuple[int, int]

    @property
    def config(self) -> SimConfig:
        """The settings it was started with."""
        return self.state.config

    @property
    def senec_scheme(self) -> str:
        """https (self-signed) or http."""
        return "https" if self.config.senec_https else "http"

    @property
    def senec_host(self) -> str:
        """What the integration stores as the unit's host."""
        return f"{HOST}:{self.senec_port}"

    @property
    def senec_url(self) -> str:
        """scheme://host:port of the unit."""
        return f"{self.senec_scheme}://{self.senec_host}"

    @property
    def myenergi_url(self) -> str:
        """The director: the server URL to configure."""
        return f"http://{HOST}:{self.myenergi_ports[0]}"

    @property
    def control_url(self) -> str:
        """Where /_sim/state and /_sim/fault answer (plain http)."""
        return self.myenergi_url

    def set_fault(
        self, device: Device | str, fault: Fault | str, duration: float | None = None
    ) -> None:
        """Put a device into a fault (\"none\" clears), for duration seconds if given."""
        self.state.board.set(Device(device), Fault(fault), duration)

    def switch_server(self, index: int) -> str:
        """Make the director name server 0 (itself) or 1; the new asn."""
        if not 0 <= index < len(self.myenergi_ports):
            raise ValueError(f"no server {index}")
        self.state.asn_index = index
        return self.state.asn


def _port(runner: web.AppRunner, index: int = 0) -> int:
    address = runner.addresses[index]
    return int(address[1])


def _senec_restarter(
    runner: web.AppRunner, site: web.TCPSite, port: int, context: ssl.SSLContext | None
) -> Callable[[float], Awaitable[None]]:
    """A restart of the unit: its port refuses connections for a while."""
    current = site

    async def restart(seconds: float) -> None:
        nonlocal current
        await asyncio.sleep(0.05)  # the answer to the restart goes out first
        await current.stop()
        await asyncio.sleep(seconds)
        current = web.TCPSite(runner, HOST, port, ssl_context=context)
        await current.start()

    return restart


@asynccontextmanager
async def run_simulator(config: SimConfig | None = None) -> AsyncIterator[Simulator]:
    """Serve SENEC on one port and myenergi on two (director and hub server)."""
    config = config or SimConfig()
    state = SimState(config)
    for device, fault in config.faults.items():
        state.board.set(device, fault)
    ssl_context = None
    if config.senec_https:
        ssl_context = server_ssl_context(*make_self_signed("senec.local"))
    senec_runner = web.AppRunner(
        make_senec_app(state), access_log=None, shutdown_timeout=1.0
    )
    myenergi_runner = web.AppRunner(
        make_myenergi_app(state), access_log=None, shutdown_timeout=1.0
    )
    await senec_runner.setup()
    await myenergi_runner.setup()
    try:
        senec_site = web.TCPSite(
            senec_runner, HOST, config.senec_port, ssl_context=ssl_context
        )
        await senec_site.start()
        state.senec_control.restarter = _senec_restarter(
            senec_runner, senec_site, _port(senec_runner), ssl_context
        )
        await web.TCPSite(myenergi_runner, HOST, config.myenergi_port).start()
        await web.TCPSite(myenergi_runner, HOST, 0).start()
        state.myenergi_ports = [_port(myenergi_runner, 0), _port(myenergi_runner, 1)]
        yield Simulator(
            state,
            _port(senec_runner),
            (state.myenergi_ports[0], state.myenergi_ports[1]),
        )
    finally:
        for device in Device:
            state.board.set(device, Fault.NONE)  # lets hung answers finish
        await state.senec_control.close()
        await senec_runner.cleanup()
        await myenergi_runner.cleanup()
