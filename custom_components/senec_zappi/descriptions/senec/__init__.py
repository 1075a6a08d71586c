"""Every SENEC entity description, assembled from the family modules.

Each family module holds the sensors and binary sensors of some lala.cgi
sections; this module lists them per platform and says which keys the first
poll asks for.
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import (
    SenecBinarySensorEntityDescription,
    SenecEntityDescription,
    SenecSensorEntityDescription,
)
from .bms import BMS_SENSORS
from .controls import (
    SENEC_BUTTONS,
    SENEC_SWITCHES,
    SenecButtonEntityDescription,
    SenecSwitchEntityDescription,
)
from .energy import SENEC_ENERGY_SENSORS, SenecEnergySensorEntityDescription
from .flags import FLAG_BINARY_SENSORS
from .grid import GRID_SENSORS
from .hardware import HARDWARE_BINARY_SENSORS
from .identity import IDENTITY_SENSORS
from .pv import PV_SENSORS
from .system import FLOW_BINARY_SENSORS, SYSTEM_SENSORS
from .technical import TECHNICAL_SENSORS
from .wallbox import WALLBOX_BINARY_SENSORS, WALLBOX_SENSORS

__all__ = [
    "SENEC_BINARY_SENSORS",
    "SENEC_BUTTONS",
    "SENEC_ENERGY_SENSORS",
    "SENEC_SENSORS",
    "SENEC_SWITCHES",
    "SenecBinarySensorEntityDescription",
    "SenecButtonEntityDescription",
    "SenecEnergySensorEntityDescription",
    "SenecEntityDescription",
    "SenecSensorEntityDescription",
    "SenecSwitchEntityDescription",
    "initial_keys",
]

SENEC_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    *SYSTEM_SENSORS,
    *GRID_SENSORS,
    *PV_SENSORS,
    *BMS_SENSORS,
    *WALLBOX_SENSORS,
    *IDENTITY_SENSORS,
    *TECHNICAL_SENSORS,
)

SENEC_BINARY_SENSORS: tuple[SenecBinarySensorEntityDescription, ...] = (
    *FLOW_BINARY_SENSORS,
    *FLAG_BINARY_SENSORS,
    *HARDWARE_BINARY_SENSORS,
    *WALLBOX_BINARY_SENSORS,
)


def initial_keys(
    descriptions: Iterable[SenecEntityDescription] = (
        *SENEC_SENSORS,
        *SENEC_BINARY_SENSORS,
        *SENEC_SWITCHES,
    ),
    totals: Iterable[SenecEnergySensorEntityDescription] = SENEC_ENERGY_SENSORS,
) -> set[tuple[str, str]]:
    """Keys of the first poll: every default-enabled key, one key per section.

    One key of each section any description reads is enough to learn which
    sections the unit lacks (OBJECT_NOT_FOUND), so entities of absent
    sections are never created; the extra keys are dropped afterwards. Keys
    an exists_fn looks at (how many cells a module has) are asked too, as
    are the kWh totals' power and counter, which spares a second poll right
    after setup.
    """
    keys: set[tuple[str, str]] = set()
    probes: dict[str, str] = {}
    for description in descriptions:
        keys.update(description.exists_reads)
        if description.entity_registry_enabled_default:
            keys.add((description.section, description.field))
        probes.setdefault(description.section, description.field)
    sampled = {section for section, _ in keys}
    keys.update((s, f) for s, f in probes.items() if s not in sampled)
    keys.update(key for total in totals for key in total.reads)
    return keys
