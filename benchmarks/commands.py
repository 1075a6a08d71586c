"""zappi commands against the simulator: time to a confirmed status, requests.

The simulator applies a command after 2 s (its default), like a zappi on a
good connection; send_confirmed reads the zappi before sending, then at
confirm_command's default read offsets.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from typing import Any

import aiohttp

from custom_components.senec_zappi.myenergi import (
    ChargeMode,
    Command,
    MyenergiClient,
    PhaseSetting,
    min_green_command,
    mode_command,
    phase_setting_command,
)

from .simulator_process import SimulatorInfo, simulator_process

COMMANDS: list[Command] = [
    mode_command(ChargeMode.ECO),
    mode_command(ChargeMode.ECO_PLUS),
    min_green_command(50),
    min_green_command(100),
    phase_setting_command(PhaseSetting.AUTO),
    phase_setting_command(PhaseSetting.SINGLE_PHASE),
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
        for command in COMMANDS:
            sent_before = client.requests_sent
            started = time.perf_counter()
            await client.send_confirmed(zappi.serial, command)
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
        f"(max {result['requests_max']}) incl. the read before and the command"
    )


def main() -> int:
    """python -m benchmarks.commands: this benchmark alone."""
    with simulator_process() as sim:
        print(report(asyncio.run(command_timing(sim))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
