"""SENEC writes: safe charge, sockets and restarts, with the quirks seen on units.

Writes come as lala.cgi bodies with typed values instead of "" (the unit's
web page sends them form-urlencoded, older clients as JSON; both are taken).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
import contextlib
import time
from typing import Any, Final

from custom_components.senec_zappi.senec import Value, decode_value

from .config import Fault
from .plant import Plant
from .senec_values import prefix_of

# What a user (no installer login) may write; anything else is FORBIDDEN.
WRITABLE: Final[Mapping[str, frozenset[str]]] = {
    "ENERGY": frozenset({"SAFE_CHARGE_FORCE", "SAFE_CHARGE_PROHIBIT"}),
    "SOCKETS": frozenset(
        {
            "ENABLE",
            "FORCE_ON",
            "USE_TIME",
            "LOWER_LIMIT",
            "UPPER_LIMIT",
            "POWER_ON_TIME",
            "TIME_LIMIT",
            "SWITCH_ON_HOUR",
            "SWITCH_ON_MINUTE",
            "PRIORITY",
        }
    ),
    "SYS_UPDATE": frozenset({"USER_REBOOT_DEVICE"}),
}
FORBIDDEN: Final = "FORBIDDEN"
MALFORMED: Final = "MALFORMED_VALUE"
NOT_FOUND: Final = "VARIABLE_NOT_FOUND"

# SOCKETS.ENABLE of the capture, until a write changes it.
CAPTURE_SOCKET_ENABLE: Final = (0, 0)

# Stops the unit's web server for the given seconds, then starts it again.
type Restarter = Callable[[float], Awaitable[None]]


def is_write(body: Mapping[str, Any]) -> bool:
    """A body with any typed value (not "") writes."""
    return any(
        isinstance(keys, Mapping) and any(raw != "" for raw in keys.values())
        for keys in body.values()
    )


def _scalar(raw: object, like: object) -> Value:
    """raw decoded if it has the type of the stored value like; else None."""
    if not isinstance(raw, str) or not isinstance(like, str):
        return None
    if prefix_of(raw) != prefix_of(like):
        return None
    return decode_value(raw)


def merge_write(raw: object, current: object) -> Value:
    """The key's value after writing raw over current; None when malformed.

    Arrays are written per index: "" leaves a slot alone.
    """
    if isinstance(current, list):
        if not isinstance(raw, list) or len(raw) > len(current):
            return None
        merged = [decode_value(item) for item in current]
        for index, slot in enumerate(raw):
            if slot == "":
                continue
            value = _scalar(slot, current[index])
            if value is None:
                return None
            merged[index] = value
        return merged
    return _scalar(raw, current)


# What a unit still booting counts: no modules, trackers, wallboxes or sockets yet.
BOOTING_COUNTS: Final[dict[str, dict[str, Value]]] = {
    "BMS": {"MODULES_CONFIGURED": 0, "MODULE_COUNT": 0},
    "PV1": {"MPP_AVAIL": 0},
    "WIZARD": {"SETUP_NUMBER_WALLBOXES": 0},
    "SOCKETS": {"NUMBER_OF_SOCKETS": 0},
}


class SenecControl:
    """Applies writes to the plant and the unit's settings; runs restarts.

    booting_seconds: after a restart the unit answers with zero hardware
    counts this long (it is still starting up). identity: DEVICE_ID and
    BAT1 SERIAL of another unit answering at this address (the router gave
    the addresses anew); empty answers as the capture's unit.
    """

    def __init__(
        self,
        plant: Plant,
        cookies: set[str],
        *,
        reboot_seconds: float,
        flip_seconds: float,
        sockets_need_enable: bool = False,
    ) -> None:
        """cookies: the unit's valid sessions (a restart ends them all)."""
        self.plant = plant
        self.cookies = cookies
        self.reboot_seconds = reboot_seconds
        self.flip_seconds = flip_seconds
        # A forced socket is powered only while enabled (ENABLE 1).
        self.sockets_need_enable = sockets_need_enable
        self.restarter: Restarter | None = None
        self.settings: dict[str, dict[str, Value]] = {}
        self.writes: list[dict[str, Any]] = []
        self.reboots = 0
        self.rebooting = False
        self.booting_seconds = 0.0
        self.booted_at: float | None = None
        self.identity: dict[str, str] = {}
        self._prohibited = False
        # safe_charge_resumes_once: the unit undid an "off" since the last "on".
        self._resumed = False
        self._task: asyncio.Task[None] | None = None

    def values(self) -> dict[str, dict[str, Value]]:
        """What the writes changed, as Python values over the live ones."""
        running = int(self.plant.safe_charge)
        result: dict[str, dict[str, Value]] = {
            "ENERGY": {
                "SAFE_CHARGE_FORCE": running,
                "SAFE_CHARGE_PROHIBIT": int(self._prohibited and not running),
                "SAFE_CHARGE_RUNNING": running,
            },
            "SYS_UPDATE": {"USER_REBOOT_DEVICE": 0},
        }
        if self.booting:
            for section, counts in BOOTING_COUNTS.items():
                result.setdefault(section, {}).update(counts)
        if device_id := self.identity.get("device_id"):
            result.setdefault("FACTORY", {})["DEVICE_ID"] = device_id
        if serial := self.identity.get("serial"):
            result.setdefault("BAT1", {})["SERIAL"] = serial
        sockets = dict(self.settings.get("SOCKETS", {}))
        force_on = sockets.get("FORCE_ON")
        enable = sockets.get("ENABLE", list(CAPTURE_SOCKET_ENABLE))
        if isinstance(force_on, list) and isinstance(enable, list):
            # nothing else switches them here
            sockets["POWER_ON"] = [
                int(bool(on) and (bool(enabled) or not self.sockets_need_enable))
                for on, enabled in zip(force_on, enable, strict=False)
            ]
        if sockets:
            result["SOCKETS"] = sockets
        return result

    def apply(
        self,
        body: Mapping[str, Any],
        current: Mapping[str, Mapping[str, Any]],
        fault: Fault,
    ) -> dict[str, dict[str, object]]:
        """Apply the typed values of body; the echo (or sentinel) of each."""
        echo: dict[str, dict[str, object]] = {}
        for section, keys in body.items():
            if not isinstance(keys, Mapping):
                continue
            for key, raw in keys.items():
                if raw != "":
                    echo.setdefault(section, {})[key] = self._write(
                        section, key, raw, current.get(section, {}).get(key), fault
                    )
        if echo:
            self.writes.append({name: dict(keys) for name, keys in body.items()})
        return echo

    def _write(
        self, section: str, key: str, raw: object, current: object, fault: Fault
    ) -> object:
        if current is None:
            return NOT_FOUND
        if (
            key not in WRITABLE.get(section, frozenset())
            or fault is Fault.WRITE_REFUSED
        ):
            return FORBIDDEN
        value = merge_write(raw, current)
        if value is None:
            return MALFORMED
        if fault is not Fault.WRITE_IGNORED:
            self._apply(section, key, value, fault)
        return raw

    def _apply(self, section: str, key: str, value: Value, fault: Fault) -> None:
        now = self.plant.clock()
        if (section, key) == ("ENERGY", "SAFE_CHARGE_FORCE") and value:
            self.plant.set_safe_charge(True)
            self._prohibited = False
            self._resumed = False
            if fault is Fault.SAFE_CHARGE_DROPS:
                self.plant.schedule_safe_charge(now + self.flip_seconds, False)
        elif (section, key) == ("ENERGY", "SAFE_CHARGE_PROHIBIT") and value:
            self.plant.set_safe_charge(False)
            self._prohibited = True
            once = fault is Fault.SAFE_CHARGE_RESUMES_ONCE and not self._resumed
            if fault is Fault.SAFE_CHARGE_RESUMES or once:
                self._resumed = True
                self.plant.schedule_safe_charge(now + self.flip_seconds, True)
        elif (section, key) == ("SYS_UPDATE", "USER_REBOOT_DEVICE") and value:
            self.reboot()
        elif section == "SOCKETS":
            self.settings.setdefault(section, {})[key] = value

    def reboot(self) -> None:
        """Off the network for reboot_seconds, back with no session valid."""
        if self.rebooting:
            return
        self.reboots += 1
        self.rebooting = True
        self.cookies.clear()
        self.plant.set_safe_charge(False)
        self._prohibited = False
        self._task = asyncio.get_running_loop().create_task(self._reboot())

    async def _reboot(self) -> None:
        try:
            if self.restarter is not None:
                await self.restarter(self.reboot_seconds)
            else:
                await asyncio.sleep(self.reboot_seconds)
        finally:
            self.cookies.clear()
            self.rebooting = False
            self.booted_at = time.monotonic()

    @property
    def booting(self) -> bool:
        """Back on the network, but not done counting its hardware."""
        return (
            self.booted_at is not None
            and time.monotonic() - self.booted_at < self.booting_seconds
        )

    async def wait_rebooted(self) -> None:
        """Until a running restart is over (for tests and the demo)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def close(self) -> None:
        """Stop a restart still running (the simulator shuts down)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def describe(self) -> dict[str, Any]:
        """The SENEC part of GET /_sim/state."""
        force_on = self.settings.get("SOCKETS", {}).get("FORCE_ON")
        return {
            "safe_charge": self.plant.safe_charge,
            "sockets_force_on": force_on,
            "rebooting": self.rebooting,
            "reboots": self.reboots,
            "writes": len(self.writes),
            "reboot_seconds": self.reboot_seconds,
            "safe_charge_flip_seconds": self.flip_seconds,
            "own_charge": self.plant.own_charge,
            "sockets_need_enable": self.sockets_need_enable,
            "booting": self.booting,
            "booting_seconds": self.booting_seconds,
            "identity": dict(self.identity),
        }
