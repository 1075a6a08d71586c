"""Constants shared by the Home Assistant side of the integration."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
import logging
from typing import Final

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


SENEC_DEFAULT_INTERVAL: Final = timedelta(seconds=30)
SENEC_MIN_INTERVAL: Final = timedelta(seconds=10)
MYENERGI_DEFAULT_INTERVAL: Final = timedelta(seconds=60)
MYENERGI_MIN_INTERVAL: Final = timedelta(seconds=30)
# jdayhour only changes hourly; fetching it every status poll is wasteful.
MYENERGI_HISTORY_INTERVAL: Final = timedelta(minutes=15)
