"""Counters that only go up, except when they really start again.

Home Assistant's statistics treat any drop of a total_increasing sensor as a
new meter cycle. A small step back (a glitch, a poll that read a moment
early) is held back and only logged at debug level. A drop to below
``reset_fraction`` of the highest reading is not jitter: the counter really
started again (a module swapped, an error counter cleared), which
total_increasing allows, so it is taken as the new value. Without a
reset_fraction nothing ever goes down (energy totals, where a false reset
would count the whole total a second time).
"""

from __future__ import annotations

from dataclasses import dataclass

from .const import LOGGER

# A reading below half of the highest so far is a reset, not jitter.
RESET_FRACTION = 0.5


@dataclass(slots=True)
class HighWaterMark:
    """The highest reading so far, or the reading after a reset."""

    value: float | None = None
    reset_fraction: float | None = None

    def update(self, reading: float, entity_id: str | None) -> float:
        """The reading, or the highest so far when the reading is a little lower."""
        if self.value is not None and reading < self.value:
            if (
                self.reset_fraction is not None
                and reading < self.value * self.reset_fraction
            ):
                LOGGER.debug(
                    "%s: %s to %s is a counter reset", entity_id, self.value, reading
                )
                self.value = reading
                return reading
            LOGGER.debug(
                "%s: ignoring a decrease from %s to %s", entity_id, self.value, reading
            )
            return self.value
        self.value = reading
        return reading
