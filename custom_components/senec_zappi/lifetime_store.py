"""Where the zappis' lifetime energy ledgers live between restarts.

One Home Assistant Store per myenergi entry (``.storage/senec_zappi.
zappi_energy.<entry id>``), written after every history read that changed a
ledger. A restart or reload reads it back before the first history read, so
re-read hours add only what they grew meanwhile. Removing the entry deletes
it. A file that cannot be read starts the counting afresh, said once.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER
from .myenergi import EnergyLedger

STORAGE_VERSION = 1


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.zappi_energy.{entry_id}")


class LedgerStore:
    """Loads and saves the ledgers of one entry, by zappi serial."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind to the entry's store file."""
        self._store = _store(hass, entry_id)

    async def async_load(self) -> dict[str, EnergyLedger]:
        """The stored ledgers; none when nothing (readable) is stored."""
        data = await self._store.async_load()
        if data is None:
            return {}
        zappis = data.get("zappis") if isinstance(data, dict) else None
        ledgers: dict[str, EnergyLedger] = {}
        unreadable = not isinstance(zappis, dict)
        for serial, stored in zappis.items() if isinstance(zappis, dict) else ():
            ledger = EnergyLedger.from_dict(stored)
            if ledger is None:
                unreadable = True
            else:
                ledgers[str(serial)] = ledger
        if unreadable:
            LOGGER.warning(
                "The stored zappi energy totals could not be read (all or in "
                "part); those totals count again from the next history read"
            )
        return ledgers

    async def async_save(self, ledgers: dict[str, EnergyLedger]) -> None:
        """Write every ledger (small: 48 hours of five numbers per zappi)."""
        await self._store.async_save(
            {"zappis": {serial: led.as_dict() for serial, led in ledgers.items()}}
        )


async def async_remove_ledgers(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the store of a removed entry."""
    await _store(hass, entry_id).async_remove()
