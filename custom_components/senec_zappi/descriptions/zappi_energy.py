"""zappi energy descriptions: today's totals and lifetime totals.

Both come from the hub's hourly history (DayEnergy), not from the status
poll: today's readings as the history says them, the lifetime totals from
the ledger that keeps every hour once (myenergi/ledger.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from homeassistant.components.sensor import SensorEntityDescription

from ..myenergi import DayEnergy
from .kinds import ENERGY_TOTAL


@dataclass(frozen=True, kw_only=True)
class ZappiEnergyEntityDescription(SensorEntityDescription):
    """One of today's energy totals from the hourly history."""

    value_fn: Callable[[DayEnergy], float]


def _today(
    key: str, value_fn: Callable[[DayEnergy], float]
) -> ZappiEnergyEntityDescription:
    # A plain reading (no state class): it resets at local midnight and misses
    # what the hub uploads after that. The Energy dashboard takes the
    # lifetime totals below; the long-term statistics these readings already
    # have stay in the recorder, but no new ones are added.
    return replace(
        ZappiEnergyEntityDescription(
            key=key, translation_key=key, **ENERGY_TOTAL.fields(), value_fn=value_fn
        ),
        state_class=None,
    )


ZAPPI_ENERGY_SENSORS: tuple[ZappiEnergyEntityDescription, ...] = (
    _today("grid_import_today", lambda e: e.grid_import_kwh),
    _today("grid_export_today", lambda e: e.grid_export_kwh),
    _today("generation_today", lambda e: e.generation_kwh),
    _today("diverted_today", lambda e: e.diverted_kwh),
    _today("boosted_today", lambda e: e.boosted_kwh),
)


@dataclass(frozen=True, kw_only=True)
class ZappiLifetimeEntityDescription(SensorEntityDescription):
    """A lifetime total of one quantity of the zappi's history (EnergyLedger)."""

    quantity: str


def _lifetime(key: str, quantity: str) -> ZappiLifetimeEntityDescription:
    # total_increasing and never falling: every joule of the history once,
    # late and grown hours included (myenergi/ledger.py).
    return ZappiLifetimeEntityDescription(
        key=key, translation_key=key, **ENERGY_TOTAL.fields(), quantity=quantity
    )


ZAPPI_LIFETIME_SENSORS: tuple[ZappiLifetimeEntityDescription, ...] = (
    _lifetime("grid_import_total", "grid_import"),
    _lifetime("grid_export_total", "grid_export"),
    _lifetime("generation_total", "generation"),
    _lifetime("diverted_total", "diverted"),
    _lifetime("boosted_total", "boosted"),
)
