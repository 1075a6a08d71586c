"""What the simulated zappi is set to, and how much it charges because of it.

The plant asks ``ZappiSettings.charge_power`` every step; commands
(simulator/zappi_commands.py) change the settings once the zappi applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

FAST: Final = 1
ECO: Final = 2
ECO_PLUS: Final = 3
STOP: Final = 4
MODES: Final = (FAST, ECO, ECO_PLUS, STOP)
PHASE_SETTINGS: Final = ("SINGLE_PHASE", "THREE_PHASE", "AUTO")  # by command code
SMART_BOOST_MARGIN_H: Final = 0.25  # a smart boost starts this much early


@dataclass(slots=True)
class ZappiSettings:
    """Mode, minimum green level, phase setting and boosts of the zappi."""

    mode: int = ECO_PLUS
    min_green: int = 100
    phase_setting: str = "SINGLE_PHASE"
    manual_boost_kwh: int = 5  # tbk: the last manual boost asked for
    smart_boost_kwh: int = 5  # sbk
    smart_boost_at: tuple[int, int] = (17, 0)  # sbh, sbm: ready by (local time)
    manual_left_wh: float = 0.0  # energy a running manual boost still has to add
    smart_left_wh: float = 0.0  # same for the smart boost
    # Field behaviour: the firmware the zappi reports; whether the hub lists
    # it at all (a zappi taken off the hub); whether it has boosted yet (real
    # payloads carry no tbk/sbk/sbh/sbm before the first boost).
    firmware: str = "3560S5.039"
    listed: bool = True
    boosted: bool = True

    @property
    def boosts_allowed(self) -> bool:
        """The zappi takes boosts only in Eco and Eco+ (elsewhere silently not)."""
        return self.mode in (ECO, ECO_PLUS)

    def set_mode(self, mode: int) -> None:
        """A new mode; Fast and Stop end any boost."""
        self.mode = mode
        if not self.boosts_allowed:
            self.manual_left_wh = self.smart_left_wh = 0.0

    def start_boost(self, kwh: int) -> None:
        """Manual boost: full power until kwh are in the car."""
        if self.boosts_allowed:
            self.manual_boost_kwh = kwh
            self.manual_left_wh = kwh * 1000.0
            self.boosted = True

    def start_smart_boost(self, kwh: int, hour: int, minute: int) -> None:
        """Smart boost: kwh in the car by hour:minute, charged as late as possible."""
        if self.boosts_allowed:
            self.smart_boost_kwh = kwh
            self.smart_boost_at = (hour, minute)
            self.smart_left_wh = kwh * 1000.0
            self.boosted = True

    def stop_boost(self) -> None:
        """End manual and smart boost."""
        self.manual_left_wh = self.smart_left_wh = 0.0

    def _smart_boost_due(self, hour: float, max_w: float) -> bool:
        """Whether charging must run now to finish the smart boost in time."""
        if self.smart_left_wh <= 0:
            return False
        ready = self.smart_boost_at[0] + self.smart_boost_at[1] / 60
        hours_left = (ready - hour) % 24
        return hours_left <= self.smart_left_wh / max_w + SMART_BOOST_MARGIN_H

    def charge_power(
        self,
        hour: float,
        *,
        car_wants: bool,
        surplus: float,
        min_w: float,
        max_w: float,
    ) -> tuple[float, bool]:
        """W the zappi charges with, and whether a boost drives it.

        Fast charges at full power from anywhere, Eco at least min_w topped up
        by surplus, Eco+ like Eco once the surplus covers the minimum green
        level's share of min_w; a boost charges at full power.
        """
        if not car_wants or self.mode == STOP:
            return 0.0, False
        if self.mode == FAST:
            return max_w, False
        if self.manual_left_wh > 0 or self._smart_boost_due(hour, max_w):
            return max_w, True
        if self.mode == ECO or surplus >= min_w * self.min_green / 100:
            return min(max(surplus, min_w), max_w), False
        return 0.0, False

    def delivered(self, wh: float) -> None:
        """A boost's energy went into the car (the manual boost first)."""
        from_manual = min(wh, self.manual_left_wh)
        self.manual_left_wh -= from_manual
        self.smart_left_wh = max(0.0, self.smart_left_wh - (wh - from_manual))
