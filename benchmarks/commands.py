"""zappi commands against the simulator: time to a confirmed status, requests.

The simulator applies a command after 2 s (its default), like a zappi on a
good connection; confirm_command uses its default read offsets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import statistics
import sys
import time
from typing import Any

import aiohttp

from custom_components.senec_zappi.myenergi import (
    ChargeMode,
    MyenergiClient,
    PhaseSetting,
    StatusCheck,
    min_green_is,
    mode_is,
    phase_setting_is,
)

from .simulator_process import SimulatorInfo, simulator_process

Send = Callable[[MyenergiClient, str], Awaitable[None]]

COMMANDS: list[tuple[str, Send, StatusCheck]] = [
    (
        "mode Eco",
        lambda c, s: c.set_charge_mode(s, ChargeMode.ECO),
        mode_is(ChargeMode.ECO),
    ),
    (
        "mode Eco+",
        lambda c, s: c.set_charge_mode(s, ChargeMode.ECO_PLUS),
        mode_is(ChargeMode.ECO_PLUS),
    ),
    ("min green 50", lambda c, s: c.set_min_green_level(s, 50), min_green_is(50)),
    ("min green 100", lambda c, s: c.set_min_green_level(s, 100), min_green_is(100)),
    (
        "phase auto",
        lambda c, s: c.set_phase_setting(s, PhaseSetting.AUTO),
        phase_setting_is(PhaseSetting.AUTO),
    ),
    (
        "phase single",
        lambda c, s: c.set_phase_setting(s, PhaseSetting.SINGLE_PHASE),
        phase_setting_is(PhaseSetting.SINGLE_PHASE),
    ),
]


async def command_timing(sim: SimulatorInfo) -> dict[str, Any]:
    """Seconds from sending each command to its confirmed status, and requests."""
    async with aiohttp.ClientSession() as session:
        client = MyenergiClient(
            session, sim.hub_serial, sim.api_key, server_url=sim.myenergi_url
        )
        (zappi,) = await client.get_zappis()  # digest exchange and asn first
        seconds: list[float] = []
        requests: list[int] = []
        for _name, send, check in COMMANDS:
            sent_before = client.requests_sent
            started = time.perf_counter()
            await send(client, zappi.serial)
            await client.confirm_command(zappi.serial, check)
            seconds.append(time.perf_counter() - started)
            requests.append(client.requests_sent - sent_before)
    return {
        "commands": len(COMMANDS),
        "confirm_s_median": statistics.median(seconds),
        "confirm_s_max": max(seconds),
        "requests_per_command": statistics.mean(requests),
        "requests_max": max(requests),
    }


def report(result: dict[str, Any]) -> str:
    """One line for the benchmark printout."""
    return (
        f"zappi commands ({result['commands']}, simulator applies after 2 s): "
        f"confirmed after {result['confirm_s_median']:.2f} s median "
        f"(max {result['confirm_s_max']:.2f} s), "
        f"{result['requests_per_command']:.1f} HTTP requests per command "
        f"(max {result['requests_max']}) incl. the command"
    )


def main() -> int:
    """python -m benchmarks.commands: this benchmark alone."""
    with simulator_process() as sim:
        print(report(asyncio.run(command_timing(sim))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
