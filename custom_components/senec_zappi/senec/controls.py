"""What the unit's answers say about its controls: safe charge and sockets.

Field knowledge, not Home Assistant code: which system states are charges
the unit runs by itself, how long a unit may take to undo an "off", and
when a forced socket cannot be powered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .answer import DecodedAnswer
from .values import Value

# Restarts are hard on the unit: at most one per few minutes (seconds).
DEFAULT_RESTART_INTERVAL: Final = 300.0

# System states (ENERGY.STAT_STATE) of charges the unit runs by itself:
# 25 "safety charge", 33 "emergency charge". Whether SAFE_CHARGE_PROHIBIT
# interferes with them is not known, so "off" is not sent then.
OWN_CHARGE_STATES: Final = frozenset({25, 33})
# Units have switched a safe charge back on about 10 s after "off"; "off" is
# read again once this long has passed since it was sent (seconds).
SAFE_CHARGE_RESUME_WINDOW: Final = 15.0


@dataclass(slots=True)
class RestartGuard:
    """When the unit was last restarted, to allow one restart per interval.

    Kept by the caller, not the client, so it can outlive the client (a
    reload of the integration makes a new client while the unit is still
    restarting). Times are time.monotonic().
    """

    interval: float = DEFAULT_RESTART_INTERVAL
    restarted_at: float | None = None

    def too_soon(self, now: float) -> bool:
        """A restart went out less than interval ago."""
        return self.restarted_at is not None and now - self.restarted_at < self.interval


def _value(answer: DecodedAnswer, section: str, key: str) -> Value:
    return answer.sections.get(section, {}).get(key)


def _slot(answer: DecodedAnswer, section: str, key: str, index: int) -> Value:
    values = _value(answer, section, key)
    if isinstance(values, list) and 0 <= index < len(values):
        return values[index]
    return None


def system_state_code(answer: DecodedAnswer) -> int | None:
    """ENERGY.STAT_STATE as a number; None when not read or not a number."""
    code = _value(answer, "ENERGY", "STAT_STATE")
    return code if isinstance(code, int) else None


def own_charge_running(answer: DecodedAnswer) -> bool:
    """The unit runs a charge of its own (safety or emergency charge)."""
    return system_state_code(answer) in OWN_CHARGE_STATES


def safe_charge_running(answer: DecodedAnswer) -> bool | None:
    """ENERGY.SAFE_CHARGE_RUNNING (the state; FORCE/PROHIBIT are triggers)."""
    running = _value(answer, "ENERGY", "SAFE_CHARGE_RUNNING")
    return bool(running) if isinstance(running, int) else None


def socket_disabled_unpowered(answer: DecodedAnswer, index: int) -> bool:
    """Socket index is forced on, yet unpowered and disabled in the unit.

    Whether FORCE_ON powers a socket whose ENABLE is 0 is not known; when
    POWER_ON stays 0 with ENABLE 0, enabling the socket is the likely fix.
    False when any of the three values is missing.
    """
    return (
        _slot(answer, "SOCKETS", "FORCE_ON", index) == 1
        and _slot(answer, "SOCKETS", "POWER_ON", index) == 0
        and _slot(answer, "SOCKETS", "ENABLE", index) == 0
    )
