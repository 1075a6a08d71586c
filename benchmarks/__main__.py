"""python -m benchmarks: prints the numbers the README's Performance section quotes."""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from .commands import command_timing, report as command_report
from .decode import decode_timing
from .energy import energy_report
from .ha import run_all
from .house import house_view_cost, report as house_report
from .simulator_process import simulator_process


def main() -> int:
    """Run every benchmark once and print a report."""
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("homeassistant.loader").setLevel(logging.ERROR)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    decode = decode_timing()
    print(
        f"SENEC decode of a full answer ({decode['keys']:.0f} keys, "
        f"{decode['body_kb']:.1f} KiB): parse+decode {decode['parse_decode_ms']:.2f} ms, "
        f"decode {decode['decode_ms']:.2f} ms (median of 200)"
    )
    print(energy_report())
    with simulator_process() as sim:
        results = asyncio.run(run_all(sim))
        house = asyncio.run(house_view_cost(sim))
        commands = asyncio.run(command_timing(sim))  # last: it changes the zappi
    for label, key in (
        ("default entities", "senec_default"),
        ("all entities", "senec_all"),
    ):
        senec = results[key]
        print(
            f"SENEC {label} ({senec['entities']} entities): "
            f"{senec['requests_per_poll']:.2f} requests/poll, "
            f"{senec['request_bytes']:.0f} request bytes/poll, "
            f"CPU/poll median {senec['cpu_ms_median']:.2f} ms "
            f"(p95 {senec['cpu_ms_p95']:.2f} ms), setup {senec['setup_s'] * 1000:.0f} ms"
        )
    zappi = results["zappi"]
    print(
        f"zappi, one hour at default intervals (status every "
        f"{zappi['status_interval_s']:.0f} s, history every "
        f"{zappi['history_interval_s']:.0f} s): {zappi['status_per_hour']} status "
        f"requests, {zappi['history_per_hour']} history requests, "
        f"{zappi['other_per_hour']} other (HTTP requests incl. digest challenges); "
        f"setup {zappi['setup_s'] * 1000:.0f} ms with {zappi['setup_requests']} requests"
    )
    memory = results["memory"]
    print(
        f"memory held per entry: SENEC {memory['senec_kib']:.0f} KiB "
        f"({memory['senec_own_code_kib']:.0f} KiB allocated in our code), "
        f"myenergi {memory['myenergi_kib']:.0f} KiB "
        f"({memory['myenergi_own_code_kib']:.0f} KiB in our code)"
    )
    print(house_report(house))
    print(command_report(commands))
    actions = results["zappi_actions"]
    print(
        f"zappi actions through Home Assistant ({actions['actions']}, select and "
        f"number; the simulator applies after 2 s, goal: < 3 s and <= 4 requests): "
        f"call -> confirmed state {actions['confirmed_s_median']:.2f} s "
        f"median (max {actions['confirmed_s_max']:.2f} s), "
        f"{actions['requests_per_action']:.1f} hub requests per action "
        f"(max {actions['requests_max']})"
    )
    slow = results["zappi_slow_command"]
    print(
        f"zappi command applied after {slow['apply_s']:.0f} s (the clocks of Home "
        f"Assistant and the simulator moved together): action back after "
        f"{slow['returned_s']:.1f} s (goal < 15 s), state shown after "
        f"{slow['shown_s']:.1f} s = {slow['after_apply_s']:.1f} s after the zappi "
        f"applied it (goal: within one poll, 60 s), {slow['requests']} hub requests "
        f"from the call until then, polls included (goal <= 12)"
    )
    blocking = results["blocking_calls"]
    print(
        f"blocking calls in the event loop reported by Home Assistant: {len(blocking)}"
    )
    for message in blocking:
        print(f"  {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
