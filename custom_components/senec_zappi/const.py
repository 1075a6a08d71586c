"""Constants shared by the Home Assistant side of the integration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
import logging
from typing import Any, Final

DOMAIN: Final = "senec_zappi"
LOGGER = logging.getLogger(__package__)

CONF_DEVICE_TYPE: Final = "device_type"
CONF_SCHEME: Final = "scheme"
CONF_PATH_STYLE: Final = "path_style"
CONF_HUB_SERIAL: Final = "hub_serial"
CONF_SERVER: Final = "server"

AUTO: Final = "auto"


class DeviceType(StrEnum):
    """Which device family a config entry holds."""

    SENEC = "senec"
    MYENERGI = "myenergi"

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> DeviceType:
        """The family of an entry's data; entries without the field are SENEC."""
        if data.get(CONF_DEVICE_TYPE) == cls.MYENERGI:
            return cls.MYENERGI
        return cls.SENEC


@dataclass(frozen=True, slots=True)
class Polling:
    """How often a device family is polled by default, and at the most."""

    default: timedelta
    minimum: timedelta


POLLING: Final[Mapping[DeviceType, Polling]] = {
    DeviceType.SENEC: Polling(timedelta(seconds=30), timedelta(seconds=10)),
    DeviceType.MYENERGI: Polling(timedelta(seconds=60), timedelta(seconds=30)),
}
# jdayhour only changes hourly; fetching it every status poll is wasteful.
MYENERGI_HISTORY_INTERVAL: Final = timedelta(minutes=15)
