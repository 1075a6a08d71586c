"""zappi flags: plug, charging, lock bits, update, links (binary sensors).

Read from every status poll like the values in zappi.py; a flag whose field
the zappi's payload does not carry makes no entity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)

from ..myenergi import ZappiStatus
from .kinds import DIAGNOSTIC, MAIN_DISABLED, PRIMARY, Shown
from .zappi import always, payload_has


@dataclass(frozen=True, kw_only=True)
class ZappiBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A zappi flag."""

    is_on_fn: Callable[[ZappiStatus], bool | None]
    exists_fn: Callable[[ZappiStatus], bool] = always


def _flag(
    key: str,
    is_on_fn: Callable[[ZappiStatus], bool | None],
    device_class: BinarySensorDeviceClass | None = None,
    *,
    shown: Shown = PRIMARY,
    needs: tuple[str, ...] = (),
) -> ZappiBinarySensorEntityDescription:
    return ZappiBinarySensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=device_class,
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
        is_on_fn=is_on_fn,
        exists_fn=payload_has(*needs) if needs else always,
    )


def _lock_bit(key: str, bit: int) -> ZappiBinarySensorEntityDescription:
    # lck bits as the facts note names them: b3 is "charge when locked" (an
    # API notes README and a Java client's LockStatus agree; lck 7, 23 and 24
    # of real zappis fit), not the seed's "lock when charging".
    return _flag(key, lambda z: z.lock_bit(bit), shown=DIAGNOSTIC, needs=("lck",))


def _update_available(status: ZappiStatus) -> bool | None:
    flags = (status.new_app_available, status.new_bootloader_available)
    if all(flag is None for flag in flags):
        return None
    return any(flags)


ZAPPI_BINARY_SENSORS: tuple[ZappiBinarySensorEntityDescription, ...] = (
    _flag(
        "ev_connected",
        lambda z: z.ev_connected,
        BinarySensorDeviceClass.PLUG,
        needs=("pst",),
    ),
    # The status sensor already says "charging"; this flag is for automations.
    _flag(
        "charging",
        lambda z: z.charging,
        BinarySensorDeviceClass.BATTERY_CHARGING,
        shown=MAIN_DISABLED,
        needs=("pst",),
    ),
    # LOCK is on when unlocked, so a plain flag reads more honestly here.
    _flag("locked", lambda z: z.lock_bit(0), needs=("lck",)),
    _lock_bit("lock_when_plugged", 1),
    _lock_bit("lock_when_unplugged", 2),
    _lock_bit("charge_when_locked", 3),
    _lock_bit("charge_session_allowed", 4),
    _flag(
        "update_available",
        _update_available,
        BinarySensorDeviceClass.UPDATE,
        shown=DIAGNOSTIC,
        needs=("newAppAvailable", "newBootloaderAvailable"),
    ),
    _flag(
        "tampered",
        lambda z: z.tampered,
        BinarySensorDeviceClass.TAMPER,
        shown=DIAGNOSTIC,
        needs=("beingTamperedWith",),
    ),
    _flag(
        "ocpp_enabled",
        lambda z: z.ocpp_enabled,
        shown=DIAGNOSTIC,
        needs=("ocppEnabled",),
    ),
    _flag(
        "wifi_link",
        lambda z: z.wifi_link,
        BinarySensorDeviceClass.CONNECTIVITY,
        shown=DIAGNOSTIC,
        needs=("wifiLink",),
    ),
    _flag(
        "ethernet_link",
        lambda z: z.ethernet_link,
        BinarySensorDeviceClass.CONNECTIVITY,
        shown=DIAGNOSTIC,
        needs=("ethernetLink",),
    ),
)
