"""Fault modes per device, set at start or at runtime, optionally for a while."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import time

from .config import MYENERGI_ONLY_FAULTS, SENEC_ONLY, Device, Fault


class FaultBoard:
    """The fault each device is in; a timed fault clears itself."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Every device starts healthy."""
        self._clock = clock
        self._faults: dict[Device, tuple[Fault, float | None]] = {}
        self.changed = asyncio.Event()

    def set(self, device: Device, fault: Fault, duration: float | None = None) -> None:
        """Put a device into a fault (NONE clears), for duration seconds if given."""
        if fault in MYENERGI_ONLY_FAULTS and device is Device.SENEC:
            raise ValueError(f"{fault.value} only applies to myenergi")
        if fault in SENEC_ONLY and device is not Device.SENEC:
            raise ValueError(f"{fault} only applies to senec")
        until = None if duration is None else self._clock() + duration
        self._faults[device] = (fault, until)
        self.changed.set()  # wakes hung answers; later waits use a new event
        self.changed = asyncio.Event()

    def get(self, device: Device) -> Fault:
        """The fault in force now."""
        fault, until = self._faults.get(device, (Fault.NONE, None))
        if until is not None and self._clock() >= until:
            self._faults[device] = (Fault.NONE, None)
            return Fault.NONE
        return fault

    def remaining(self, device: Device) -> float | None:
        """Seconds until a timed fault ends; None when untimed or healthy."""
        until = self._faults.get(device, (Fault.NONE, None))[1]
        if self.get(device) is Fault.NONE or until is None:
            return None
        return max(0.0, until - self._clock())

    async def hang(self, device: Device, fault: Fault, limit: float = 3600.0) -> None:
        """Wait while the device stays in this fault (a hung device)."""
        deadline = self._clock() + limit
        while self.get(device) is fault and (left := deadline - self._clock()) > 0:
            wait = min(left, self.remaining(device) or left)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), wait)
