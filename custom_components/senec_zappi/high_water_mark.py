"""Counters that only go up: a lower reading is a glitch, not a meter reset.

Home Assistant's statistics treat any drop of a total_increasing sensor as a
new meter cycle and would count the energy again; so a drop is held back and
only logged at debug level.
"""

from __future__ import annotations

from dataclasses import dataclass

from .const import LOGGER


@dataclass(slots=True)
class HighWaterMark:
    """The highest reading so far."""

    value: float | None = None

    def update(self, reading: float, entity_id: str | None) -> float:
        """The reading, or the highest so far when the reading is lower."""
        if self.value is not None and reading < self.value:
            LOGGER.debug(
                "%s: ignoring a decrease from %s to %s", entity_id, self.value, reading
            )
            return self.value
        self.value = reading
        return reading
