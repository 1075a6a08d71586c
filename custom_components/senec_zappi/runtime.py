"""The typed config entry: each entry holds one SENEC unit or one myenergi hub."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry

from .senec_coordinator import SenecCoordinator
from .zappi_coordinator import ZappiCoordinators

type SenecZappiConfigEntry = ConfigEntry[SenecCoordinator | ZappiCoordinators]
