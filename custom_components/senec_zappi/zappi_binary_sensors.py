"""zappi binary sensor descriptions: lock bits, plug and charging, updates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory

from .myenergi import ZappiStatus


@dataclass(frozen=True, kw_only=True)
class ZappiBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A zappi flag."""

    is_on_fn: Callable[[ZappiStatus], bool | None]


def _lock_bit(key: str, bit: int) -> ZappiBinarySensorEntityDescription:
    # lck bit map from the seed: b0 locked now, b1 lock when plugged,
    # b2 lock when unplugged, b3 lock when charging, b4 charge session allowed.
    return ZappiBinarySensorEntityDescription(
        key=key,
        translation_key=key,
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=lambda z: z.lock_bit(bit),
    )


def _update_available(status: ZappiStatus) -> bool | None:
    flags = (status.new_app_available, status.new_bootloader_available)
    if all(flag is None for flag in flags):
        return None
    return any(flags)


ZAPPI_BINARY_SENSORS: tuple[ZappiBinarySensorEntityDescription, ...] = (
    ZappiBinarySensorEntityDescription(
        key="ev_connected",
        translation_key="ev_connected",
        device_class=BinarySensorDeviceClass.PLUG,
        is_on_fn=lambda z: z.ev_connected,
    ),
    ZappiBinarySensorEntityDescription(
        key="charging",
        translation_key="charging",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        is_on_fn=lambda z: z.charging,
    ),
    ZappiBinarySensorEntityDescription(
        key="locked",
        translation_key="locked",
        # LOCK is on when unlocked, so a plain flag reads more honestly here.
        is_on_fn=lambda z: z.lock_bit(0),
    ),
    _lock_bit("lock_when_plugged", 1),
    _lock_bit("lock_when_unplugged", 2),
    _lock_bit("lock_when_charging", 3),
    _lock_bit("charge_session_allowed", 4),
    ZappiBinarySensorEntityDescription(
        key="update_available",
        translation_key="update_available",
        device_class=BinarySensorDeviceClass.UPDATE,
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=_update_available,
    ),
)
