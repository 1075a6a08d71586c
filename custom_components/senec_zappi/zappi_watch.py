"""What changed about a hub's zappis from one status poll to the next.

Firmware updates add fields (the first boost makes ``tbk`` appear) and
change the zappi's version; a zappi taken off the hub stops being listed.
The myenergi runtime asks this after every successful poll and acts:
entities for new fields, the device's version, removing a zappi gone for
a day of polls (it comes back as new if it returns).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .myenergi import ZappiStatus

# A zappi the hub has not listed in the polls of this long is removed.
GONE_AFTER = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ZappiChanges:
    """What one poll changed."""

    # Zappis whose payload carries a field it never carried before.
    new_fields: frozenset[str] = frozenset()
    # Zappis whose firmware changed, with the new version.
    firmware: Mapping[str, str] = field(default_factory=dict)
    # Zappis the hub has not listed for GONE_AFTER of successful polls.
    gone: frozenset[str] = frozenset()


@dataclass
class ZappiWatch:
    """Remembers the fields and firmware seen, and since when a zappi is missing."""

    gone_after: timedelta = GONE_AFTER
    fields: dict[str, frozenset[str]] = field(default_factory=dict)
    firmware: dict[str, str] = field(default_factory=dict)
    missing_since: dict[str, datetime] = field(default_factory=dict)

    def start(self, zappis: Mapping[str, ZappiStatus]) -> None:
        """What setup saw: the entities and devices made from it."""
        for serial, zappi in zappis.items():
            self.fields[serial] = zappi.present_fields
            if zappi.firmware:
                self.firmware[serial] = zappi.firmware

    def poll(self, zappis: Mapping[str, ZappiStatus], now: datetime) -> ZappiChanges:
        """Compare a successful poll with what was seen before."""
        new_fields: set[str] = set()
        firmware: dict[str, str] = {}
        for serial, zappi in zappis.items():
            self.missing_since.pop(serial, None)
            seen = self.fields.get(serial)
            if seen is not None and not zappi.present_fields <= seen:
                new_fields.add(serial)
            self.fields[serial] = (seen or frozenset()) | zappi.present_fields
            if zappi.firmware and self.firmware.get(serial) != zappi.firmware:
                if serial in self.firmware:
                    firmware[serial] = zappi.firmware
                self.firmware[serial] = zappi.firmware
        gone = set()
        for serial in set(self.fields) - set(zappis):
            since = self.missing_since.setdefault(serial, now)
            if now - since >= self.gone_after:
                gone.add(serial)
                self.forget(serial)
        return ZappiChanges(frozenset(new_fields), firmware, frozenset(gone))

    def forget(self, serial: str) -> None:
        """The zappi's device is gone: should it come back, it is new."""
        self.fields.pop(serial, None)
        self.firmware.pop(serial, None)
        self.missing_since.pop(serial, None)
