"""Every SENEC sensor description, assembled from the family modules.

Each description names the lala.cgi section and key (and array index) it reads;
the coordinator builds its request from exactly these.
"""

from __future__ import annotations

from .senec_sensors_base import SenecSensorEntityDescription
from .senec_sensors_bms import BMS_SENSORS
from .senec_sensors_grid import GRID_SENSORS
from .senec_sensors_identity import IDENTITY_SENSORS
from .senec_sensors_pv import PV_SENSORS
from .senec_sensors_system import SYSTEM_SENSORS
from .senec_sensors_technical import TECHNICAL_SENSORS
from .senec_sensors_wallbox import WALLBOX_SENSORS

__all__ = ["SENEC_SENSORS", "SenecSensorEntityDescription"]

SENEC_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *SYSTEM_SENSORS,
    *GRID_SENSORS,
    *PV_SENSORS,
    *BMS_SENSORS,
    *WALLBOX_SENSORS,
    *IDENTITY_SENSORS,
    *TECHNICAL_SENSORS,
)
