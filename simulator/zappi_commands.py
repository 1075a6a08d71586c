"""Commands to the simulated zappi, applied late as the real one does.

The server answers a command at once; the zappi applies it ``command_delay``
seconds later (real ones: up to about two minutes, 60-120 s is a fair test).
Meanwhile ``cmt`` counts down from 10 to 1, then shows 254 (done); with
``quiet_pending`` it keeps its old value until then (the servers re-send a
command the zappi has not taken yet). ``cmt_at_rest`` is the cmt before the
first command: real zappis keep 253 from a failure long ago. A command while
another is pending is refused as busy (-26), like the real server. The fault
modes give the other outcomes: busy, bad parameter, taken but never applied
(cmt 255), lost (nothing changes, cmt keeps its value), applied late,
rejected (cmt 253).

Time is the plant's clock and is looked at lazily: a pending command is
applied when the next status read (or the control endpoint) comes after it
is due, with the plant integrated up to then under the old settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import math
import re
from typing import Any, Final

from .config import Fault
from .plant import Plant
from .zappi import MODES, PHASE_SETTINGS

DONE: Final = 254
FAILED: Final = 253
NOTHING_RECEIVED: Final = 255
COUNT_FROM: Final = 10
BAD_PARAMETER: Final = -14
BAD_MIN_GREEN: Final = -25
BUSY: Final = -26
OK: Final = {"status": 0, "statustext": ""}

_MODE = re.compile(r"^/cgi-zappi-mode-Z(\d+)-(\d+)-(\d+)-(\d+)-(\d{4})$")
_MIN_GREEN = re.compile(r"^/cgi-set-min-green-Z(\d+)-(\d+)$")
_PHASE = re.compile(r"^/cgi-zappi-phase-setting-Z(\d+)-(\d+)$")
COMMAND_FAULTS: Final = frozenset(
    {
        Fault.ZAPPI_BUSY,
        Fault.ZAPPI_BAD_PARAMETER,
        Fault.ZAPPI_NEVER_APPLIED,
        Fault.ZAPPI_SLOW_APPLY,
        Fault.ZAPPI_REJECTED,
        Fault.ZAPPI_LOST,
    }
)

Action = Callable[[], None]


def _refusal(code: int) -> dict[str, Any]:
    return {"status": code, "statustext": ""}


@dataclass(slots=True)
class Pending:
    """A command the zappi received and has not finished."""

    received: float
    due: float
    action: Action
    outcome: int  # the cmt once due: DONE, or FAILED for a rejected command


@dataclass(slots=True)
class ZappiCommands:
    """Takes the command URLs, keeps cmt, applies settings to the plant."""

    plant: Plant
    serial: str
    command_delay: float = 2.0
    index: int = 0  # which of the plant's zappis (0: the first)
    slow_command_delay: float = 15.0
    cmt: int = DONE
    quiet_pending: bool = False
    # How the status shows the zappi (real firmware): zero fields left out,
    # sta 4 in Fast mode without any boost.
    omit_zero: bool = False
    sta_4_in_fast: bool = False
    pending: Pending | None = None
    received: list[str] = field(default_factory=list)

    def is_command(self, path: str) -> bool:
        """Whether the path is one of the command URLs."""
        return any(p.match(path) for p in (_MODE, _MIN_GREEN, _PHASE))

    def tick(self) -> None:
        """Apply a pending command that is due."""
        pending = self.pending
        if pending is None or self.plant.clock() < pending.due:
            return
        self.plant.advance()  # the time before the change, under the old settings
        if pending.outcome == DONE:
            pending.action()
        self.cmt = pending.outcome
        self.pending = None

    def command_timer(self) -> int:
        """cmt now: 10..1 while pending, then 254/253, or 255."""
        self.tick()
        pending = self.pending
        if pending is None or self.quiet_pending:
            return self.cmt
        span = max(pending.due - pending.received, 1e-9)
        left = max(0.0, pending.due - self.plant.clock())
        # Rounded first: clock readings near 1.8e9 s carry float noise of ~1e-7.
        return max(1, min(COUNT_FROM, math.ceil(round(COUNT_FROM * left / span, 4))))

    def answer(self, path: str, fault: Fault) -> dict[str, Any]:
        """The server's answer to a command URL; schedules what it does."""
        self.tick()
        self.received.append(path)
        parsed = self._parse(path)
        if fault is Fault.ZAPPI_BAD_PARAMETER or isinstance(parsed, int):
            return _refusal(parsed if isinstance(parsed, int) else BAD_PARAMETER)
        if fault is Fault.ZAPPI_BUSY or self.pending is not None:
            return _refusal(BUSY)
        action, answer = parsed
        now = self.plant.clock()
        if fault is Fault.ZAPPI_NEVER_APPLIED:
            self.cmt = NOTHING_RECEIVED
            return answer
        if fault is Fault.ZAPPI_LOST:
            return answer
        delay = (
            self.slow_command_delay
            if fault is Fault.ZAPPI_SLOW_APPLY
            else self.command_delay
        )
        outcome = FAILED if fault is Fault.ZAPPI_REJECTED else DONE
        self.pending = Pending(now, now + delay, action, outcome)
        self.tick()  # a delay of 0 applies at once
        return answer

    def _parse(self, path: str) -> tuple[Action, dict[str, Any]] | int:
        """What a command does and its answer, or the refusal code."""
        settings = self.plant.settings(self.index)
        if match := _MIN_GREEN.match(path):
            if match[1] != self.serial:
                return BAD_PARAMETER
            level = int(match[2])
            if not 0 <= level <= 100:
                return BAD_MIN_GREEN

            def set_min_green() -> None:
                settings.min_green = level

            return set_min_green, {"mgl": level}
        if match := _PHASE.match(path):
            code = int(match[2])
            if match[1] != self.serial or code >= len(PHASE_SETTINGS):
                return BAD_PARAMETER

            def set_phase() -> None:
                settings.phase_setting = PHASE_SETTINGS[code]

            return set_phase, dict(OK)
        match = _MODE.match(path)
        if match is None or match[1] != self.serial:
            return BAD_PARAMETER
        mode, kind, kwh, clock = int(match[2]), int(match[3]), int(match[4]), match[5]
        if mode in MODES and (kind, kwh, clock) == (0, 0, "0000"):
            return (lambda: settings.set_mode(mode)), dict(OK)
        if mode != 0:
            return BAD_PARAMETER
        if kind == 10 and 1 <= kwh <= 99 and clock == "0000":
            return (lambda: settings.start_boost(kwh)), dict(OK)
        hour, minute = int(clock[:2]), int(clock[2:])
        if kind == 11 and 1 <= kwh <= 99 and hour < 24 and minute < 60:
            return (lambda: settings.start_smart_boost(kwh, hour, minute)), dict(OK)
        if (kind, kwh, clock) == (2, 0, "0000"):
            return settings.stop_boost, dict(OK)
        return BAD_PARAMETER

    def describe(self) -> dict[str, Any]:
        """The zappi part of GET /_sim/state."""
        settings = self.plant.settings(self.index)
        return {
            "mode": settings.mode,
            "min_green": settings.min_green,
            "phase_setting": settings.phase_setting,
            "cmt": self.command_timer(),
            "pending": self.pending is not None,
            "manual_boost_left_wh": round(settings.manual_left_wh, 1),
            "smart_boost_left_wh": round(settings.smart_left_wh, 1),
            "command_delay": self.command_delay,
            "slow_command_delay": self.slow_command_delay,
            "quiet_pending": self.quiet_pending,
            "omit_zero": self.omit_zero,
            "sta_4_in_fast": self.sta_4_in_fast,
            "commands": len(self.received),
        }
