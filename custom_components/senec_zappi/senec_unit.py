"""Which SENEC unit answers, what it is called, which versions it runs.

The coordinator asks the unit's id with every poll (another unit at the
address must neither feed the entry nor take its writes), reads the
hardware counts and versions at setup and then hourly, and names the
device so that a second unit's entity ids say which unit they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .senec import DecodedAnswer, SenecIdentity, parse_identity
from .titles import senec_title

type SenecKey = tuple[str, str]

# The unit's id, asked with every poll (FACTORY is in the request anyway).
IDENTITY_KEY: SenecKey = ("FACTORY", "DEVICE_ID")
# Which hardware the unit has is read at setup and then this often, not every
# poll: a unit that booted slower than Home Assistant, or a module added,
# shows within the hour without a reload.
PRESENCE_INTERVAL = timedelta(hours=1)
# Read with every presence read: the versions shown on the device page.
VERSION_KEYS: frozenset[SenecKey] = frozenset(
    {
        ("WIZARD", "APPLICATION_VERSION"),
        ("WIZARD", "FIRMWARE_VERSION"),
        ("SYS_UPDATE", "NPU_IMAGE_VERSION"),
    }
)
_VERSIONS = ("application_version", "firmware_version", "npu_image_version")


def request_body(keys: Iterable[SenecKey]) -> dict[str, list[str]]:
    """A lala.cgi request body: section -> keys, sorted."""
    body: dict[str, list[str]] = {}
    for section, key in sorted(keys):
        body.setdefault(section, []).append(key)
    return body


def is_other_unit(identity: SenecIdentity, answer: DecodedAnswer) -> bool:
    """The answer names another unit than the one read at setup (no id: same)."""
    expected = identity.device_id
    return (
        expected is not None and parse_identity(answer).is_same_unit(expected) is False
    )


def senec_sw_version(identity: SenecIdentity) -> str | None:
    """Application version, with the NPU image and firmware beside it."""
    versions = [
        f"{label} {value}"
        for label, value in (
            ("NPU", identity.npu_image_version),
            ("FW", identity.firmware_version),
        )
        if value
    ]
    sw_version = identity.application_version
    if sw_version and versions:
        sw_version = f"{sw_version} ({', '.join(versions)})"
    return sw_version


def senec_device_name(
    hass: HomeAssistant, entry: ConfigEntry[Any], identity: SenecIdentity
) -> str:
    """The unit's device name: "SENEC", or model and serial tail beside another.

    Entity ids come from the device name when an entity is first registered:
    the first unit keeps "SENEC" (sensor.senec_...), a device keeps the name
    it was created with, and a unit added next to another SENEC device gets
    its own ids (sensor.senec_v3_lv_0519_...) instead of "_2" suffixes.
    """
    registry = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if device.name:
            return device.name
    others = (
        device
        for other in hass.config_entries.async_entries(DOMAIN)
        if other.entry_id != entry.entry_id
        for device in dr.async_entries_for_config_entry(registry, other.entry_id)
        if device.manufacturer == "SENEC"
    )
    return senec_title(identity) if next(others, None) is not None else "SENEC"


@callback
def async_follow_versions(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    identity: SenecIdentity,
    answer: DecodedAnswer,
) -> SenecIdentity:
    """The identity with the versions the unit reports now; the device follows."""
    read = parse_identity(answer)
    versions = {
        name: value for name in _VERSIONS if (value := getattr(read, name)) is not None
    }
    updated = replace(identity, **versions)
    sw_version = senec_sw_version(updated)
    if sw_version != senec_sw_version(identity):
        registry = dr.async_get(hass)
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            registry.async_update_device(device.id, sw_version=sw_version)
    return updated
