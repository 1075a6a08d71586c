"""Who the unit is: ids for the device registry, versions, battery type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .answer import DecodedAnswer
from .values import Value

IDENTITY_REQUEST: Final[Mapping[str, tuple[str, ...]]] = {
    "FACTORY": ("SYS_TYPE", "COUNTRY", "DEVICE_ID", "BAT_TYPE"),
    "WIZARD": ("APPLICATION_VERSION", "FIRMWARE_VERSION", "MAC_ADDRESS_BYTES"),
    "SYS_UPDATE": ("NPU_VER", "NPU_IMAGE_VERSION"),
    "BAT1": ("SERIAL",),
}

# FACTORY.BAT_TYPE, the best model name the unit reports.
BATTERY_TYPES: Final[Mapping[int, str]] = {
    0: "Studer Xtender",
    1: "SenecBatt",
    2: "Senec.Inverter V2",
    3: "SENEC.Inverter V2.1",
    4: "SENEC.Inverter V3 LV",
}
DEFAULT_MODEL: Final = "Home V3"


@dataclass(frozen=True, slots=True)
class SenecIdentity:
    """Identity fields; any of them may be missing on some firmware."""

    device_id: str | None = None
    serial: str | None = None
    mac: str | None = None
    firmware_version: str | None = None
    application_version: str | None = None
    npu_version: str | None = None
    npu_image_version: str | None = None
    battery_type: int | None = None
    system_type: int | None = None

    @property
    def unique_id(self) -> str | None:
        """The most stable id the unit reports."""
        if self.device_id:
            return self.device_id
        if self.serial:
            return self.serial
        if self.mac:
            return self.mac.replace(":", "").lower()
        return None

    @property
    def ids(self) -> frozenset[str]:
        """Every id the unit reports, each in the form a unique id takes."""
        ids = {self.device_id, self.serial}
        if self.mac:
            ids.add(self.mac.replace(":", "").lower())
        return frozenset(i for i in ids if i)

    def is_same_unit(self, unique_id: str | None) -> bool | None:
        """Is this the unit an entry with that unique id was made for?

        Yes when any id the unit reports (device id, serial, MAC) is it: an
        entry made while the firmware lacked the device id keeps its serial
        or MAC. None when the unit reports no id at all and cannot tell.
        """
        ids = self.ids
        if not ids:
            return None
        return unique_id in ids

    @property
    def model(self) -> str:
        """Model name from the battery type."""
        if self.battery_type is None:
            return DEFAULT_MODEL
        return BATTERY_TYPES.get(self.battery_type, DEFAULT_MODEL)


def _text(value: Value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _integer(value: Value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _mac(value: Value) -> str | None:
    if not isinstance(value, list) or len(value) != 6:
        return None
    octets = [_integer(item) for item in value]
    if any(o is None or not 0 <= o <= 255 for o in octets) or not any(octets):
        return None
    return ":".join(f"{o:02x}" for o in octets if o is not None)


def parse_identity(answer: DecodedAnswer) -> SenecIdentity:
    """Identity from an answer to IDENTITY_REQUEST; odd values become None."""

    def get(section: str, key: str) -> Value:
        return answer.sections.get(section, {}).get(key)

    return SenecIdentity(
        device_id=_text(get("FACTORY", "DEVICE_ID")),
        serial=_text(get("BAT1", "SERIAL")),
        mac=_mac(get("WIZARD", "MAC_ADDRESS_BYTES")),
        firmware_version=_text(get("WIZARD", "FIRMWARE_VERSION")),
        application_version=_text(get("WIZARD", "APPLICATION_VERSION")),
        npu_version=_text(get("SYS_UPDATE", "NPU_VER")),
        npu_image_version=_text(get("SYS_UPDATE", "NPU_IMAGE_VERSION")),
        battery_type=_integer(get("FACTORY", "BAT_TYPE")),
        system_type=_integer(get("FACTORY", "SYS_TYPE")),
    )
