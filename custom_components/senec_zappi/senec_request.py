"""Which keys a SENEC poll asks: only what the entities read.

The unit is fragile, so asking for less is the point. A poll asks the
unit's id and the keys that enabled entities registered (counted: two
entities may read one key). Before any entity has registered, the first
poll asks the keys of every description (initial_keys()); a presence read
(setup, then hourly) also asks the keys that decide which entities exist
and the versions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from homeassistant.core import CALLBACK_TYPE, callback

from .senec_unit import IDENTITY_KEY, VERSION_KEYS, SenecKey, request_body

# Read with the first poll and every PRESENCE_INTERVAL: exists_fn decisions.
PRESENCE_KEYS: frozenset[SenecKey] = frozenset(
    {
        ("FEATURES", "SOCKETS"),
        ("PV1", "MPP_AVAIL"),
        ("BMS", "MODULES_CONFIGURED"),
        ("BMS", "MODULE_COUNT"),
        ("PM1OBJ2", "ENABLED"),
        ("WIZARD", "SETUP_NUMBER_WALLBOXES"),
        ("SOCKETS", "NUMBER_OF_SOCKETS"),
    }
)


class SenecRequest:
    """The keys entities registered and the request bodies made of them."""

    def __init__(self) -> None:
        """Nothing registered yet: the unit's id and the presence keys."""
        self._wanted: Counter[SenecKey] = Counter()
        self._initial: frozenset[SenecKey] = frozenset()
        self._presence: frozenset[SenecKey] = PRESENCE_KEYS
        self._body: dict[str, list[str]] | None = None

    def set_initial(self, keys: Iterable[SenecKey]) -> None:
        """Keys for the first poll; every presence read asks them again."""
        self._initial = frozenset(keys)
        self._presence = PRESENCE_KEYS | self._initial
        self._body = None

    def drop_initial(self) -> None:
        """Every entity has registered its keys: from now on ask only for those."""
        self._initial = frozenset()
        self._body = None

    def want(self, keys: tuple[SenecKey, ...]) -> CALLBACK_TYPE:
        """Count the keys in; the returned callback counts them out again."""
        self._wanted.update(keys)
        self._body = None

        @callback
        def release() -> None:
            self._wanted.subtract(keys)
            self._wanted += Counter()  # drops keys whose count reached zero
            self._body = None

        return release

    @property
    def body(self) -> dict[str, list[str]]:
        """The section -> keys body of a poll: the unit's id and the wanted keys."""
        if self._body is None:
            self._body = request_body(
                {IDENTITY_KEY} | self._initial | set(self._wanted)
            )
        return self._body

    def presence_body(self) -> dict[str, list[str]]:
        """A poll's body with the presence keys and the versions."""
        return request_body(
            self._presence | VERSION_KEYS | {IDENTITY_KEY} | set(self._wanted)
        )
