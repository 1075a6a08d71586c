"""The simulator in its own process, so its CPU is not counted as ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import subprocess
import sys

from simulator.__main__ import read_banner


@dataclass(frozen=True)
class SimulatorInfo:
    """Where the simulator listens and the credentials it accepts."""

    senec_host: str
    myenergi_url: str
    hub_serial: str
    api_key: str


@contextmanager
def simulator_process() -> Iterator[SimulatorInfo]:
    """Start ``python -m simulator``, read its banner, stop it afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        fields = read_banner(process.stdout)
        yield SimulatorInfo(
            senec_host=fields["SENEC host"].split()[0],
            myenergi_url=fields["myenergi server"],
            hub_serial=fields["hub serial"],
            api_key=fields["API key"],
        )
    finally:
        process.terminate()
        process.wait()  # no timeout: polling would sleep, which HA flags as blocking
