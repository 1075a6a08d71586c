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
from .kinds import DIAGNOSTIC, PLAIN, TIMESTAMP, Kind, Shown


@dataclass(frozen=True, kw_only=True)
class HubSensorEntityDescription(SensorEntityDescription):
    """A value of the hub, read from the entry's runtime data."""

    value_fn: Callable[[MyenergiRuntime], StateType | datetime]


def _hub(
    key: str,
    kind: Kind,
    shown: Shown,
    value_fn: Callable[[MyenergiRuntime], StateType | datetime],
) -> HubSensorEntityDescription:
    return HubSensorEntityDescription(
        key=key,
        translation_key=key,
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        value_fn=value_fn,
        **kind.fields(),
    )


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
    _hub(
        "hub_firmware",
        PLAIN,
        DIAGNOSTIC,
        lambda runtime: runtime.hub.firmware if runtime.hub else None,
    ),
    _hub("hub_server", PLAIN, DIAGNOSTIC, server_name),
    _hub("last_reading", TIMESTAMP, DIAGNOSTIC, last_reading),
)
