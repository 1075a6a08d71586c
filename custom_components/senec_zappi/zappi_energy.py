"""The zappis' energy: today's reading and the lifetime ledgers, stored.

Each history read (ZappiLedgers.async_read) covers the local day and at
least the last hours before it (read_since), gives today's totals and feeds
every zappi's EnergyLedger. The ledgers live in one Home Assistant Store per
myenergi entry (``.storage/senec_zappi.
zappi_energy.<entry id>``), written after every history read that changed a
ledger. A restart or reload reads it back before the first history read, so
re-read hours add only what they grew meanwhile. Removing the entry deletes
it. A file that cannot be read starts the counting afresh, said once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
import hashlib
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .myenergi import (
    DayEnergy,
    EnergyLedger,
    MyenergiClient,
    aggregate_day,
    local_day_window,
    read_since,
)

STORAGE_VERSION = 1


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.zappi_energy.{entry_id}")


class ZappiLedgers:
    """The ledgers of one entry by zappi serial, and their store."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind to the entry's store file; nothing loaded yet."""
        self._store = _store(hass, entry_id)
        self._entry_id = entry_id
        # By _key(serial): the stored file names no serial.
        self.by_key: dict[str, EnergyLedger] = {}

    def _key(self, serial: str) -> str:
        """A zappi's key in the store: no serial in files (or their logs)."""
        return hashlib.sha256(f"{self._entry_id}:{serial}".encode()).hexdigest()[:16]

    async def async_load(self) -> None:
        """Read the stored ledgers; none when nothing (readable) is stored."""
        data = await self._store.async_load()
        if data is None:
            return
        zappis = data.get("zappis") if isinstance(data, dict) else None
        unreadable = not isinstance(zappis, dict)
        for key, stored in zappis.items() if isinstance(zappis, dict) else ():
            ledger = EnergyLedger.from_dict(stored)
            if ledger is None:
                unreadable = True
            else:
                self.by_key[str(key)] = ledger
        if unreadable:
            LOGGER.warning(
                "The stored zappi energy totals could not be read (all or in "
                "part); those totals count again from the next history read"
            )

    async def async_read(
        self, client: MyenergiClient, serials: Iterable[str], now: datetime
    ) -> dict[str, DayEnergy]:
        """Read every zappi's history: today's totals; the ledgers are fed
        (and saved when one grew, also when a later zappi's read fails)."""
        time_zone = dt_util.get_default_time_zone()
        today = now.astimezone(time_zone).date()
        start, end = local_day_window(today, time_zone)
        energy: dict[str, DayEnergy] = {}
        grown = False
        try:
            for serial in serials:
                records = await client.get_history(serial, read_since(start, now), end)
                energy[serial] = aggregate_day(records, today, time_zone)
                ledger = self.by_key.setdefault(self._key(serial), EnergyLedger())
                grown |= any(ledger.feed(records, now).values())
        finally:
            if grown:
                await self.async_save()
        return energy

    def total_kwh(self, serial: str, quantity: str) -> float | None:
        """Lifetime kWh of one quantity; None before the zappi's first read."""
        ledger = self.by_key.get(self._key(serial))
        return None if ledger is None else ledger.total_kwh(quantity)

    async def async_save(self) -> None:
        """Write every ledger (small: 48 hours of five numbers per zappi)."""
        await self._store.async_save(
            {"zappis": {key: led.as_dict() for key, led in self.by_key.items()}}
        )


async def async_remove_ledgers(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the store of a removed entry."""
    await _store(hass, entry_id).async_remove()
