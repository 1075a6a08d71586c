"""myenergi hub descriptions: what the hub device itself shows.

The hub's status carries no measurements of its own; these tell an owner
which firmware the hub runs, which myenergi server serves it, and when a
zappi last reported through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from homeassistant.components.sensor import SensorEntityDescription
from homeassistant.helpers.typing import StateType

from ..runtime import MyenergiRuntime
from .kinds import DIAGNOSTIC, DIAGNOSTIC_DISABLED, PLAIN, TIMESTAMP, Kind, Shown


def _always(_: MyenergiRuntime) -> bool:
    return True


@dataclass(frozen=True, kw_only=True)
class HubSensorEntityDescription(SensorEntityDescription):
    """A value of the hub, read from the entry's runtime data."""

    value_fn: Callable[[MyenergiRuntime], StateType | datetime]
    # Whether the hub has the value at all (decided once, at setup).
    exists_fn: Callable[[MyenergiRuntime], bool] = _always


def _hub(
    key: str,
    kind: Kind,
    shown: Shown,
    value_fn: Callable[[MyenergiRuntime], StateType | datetime],
    exists_fn: Callable[[MyenergiRuntime], bool] = _always,
) -> HubSensorEntityDescription:
    return HubSensorEntityDescription(
        key=key,
        translation_key=key,
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        value_fn=value_fn,
        exists_fn=exists_fn,
        **kind.fields(),
    )


def hub_firmware(runtime: MyenergiRuntime) -> str | None:
    """The firmware the hub's own element of the full status names."""
    return runtime.hub.firmware if runtime.hub else None


def server_name(runtime: MyenergiRuntime) -> str | None:
    """The host of the server the hub is served by (the director names it)."""
    return urlsplit(runtime.client.active_server).hostname


def last_reading(runtime: MyenergiRuntime) -> datetime | None:
    """The newest reading time any zappi of the hub reported."""
    times = [
        status.reading_time
        for status in (runtime.status.data or {}).values()
        if status.reading_time is not None
    ]
    return max(times, default=None)


HUB_SENSORS: tuple[HubSensorEntityDescription, ...] = (
    # The hub device's firmware already says it: disabled, and only made when
    # the hub element names one (an entity that can only read unknown helps nobody).
    _hub(
        "hub_firmware",
        PLAIN,
        DIAGNOSTIC_DISABLED,
        hub_firmware,
        exists_fn=lambda runtime: hub_firmware(runtime) is not None,
    ),
    _hub("hub_server", PLAIN, DIAGNOSTIC, server_name),
    # Changes with every poll and every command read: enabled, it would add a
    # Logbook line a minute and bury the real events.
    _hub("last_reading", TIMESTAMP, DIAGNOSTIC_DISABLED, last_reading),
)
