"""Follow a SENEC unit on the network: its LAN MAC, and the entry a MAC belongs to.

The MAC a unit reports itself (WIZARD.MAC_ADDRESS_BYTES) is locally
administered (0a:...) and may be an internal interface: DHCP sees another
one. The operating system's neighbour table knows the MAC that answered at
the unit's address; registered as the device's connection, Home Assistant's
DHCP watcher then tells the config flow when that MAC takes a new address.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, DeviceType

# Linux's IPv4 neighbour table (Home Assistant OS, containers with host
# networking). Elsewhere, or for IPv6, no MAC is found and DHCP cannot follow.
ARP_TABLE: Final = Path("/proc/net/arp")
# Where to read the table instead (tests hand in a file of their own).
NEIGHBOUR_TABLE: HassKey[Path] = HassKey(f"{DOMAIN}_neighbour_table")
_INCOMPLETE: Final = "00:00:00:00:00:00"


def neighbour_address(host: str) -> bool:
    """Whether host is an IPv4 address, the kind the neighbour table and DHCP know."""
    try:
        return ipaddress.ip_address(host.strip()).version == 4
    except ValueError:
        return False  # a host name: it follows the unit by itself


def neighbour_mac(host: str, table: Path = ARP_TABLE) -> str | None:
    """The MAC the neighbour table holds for an IPv4 address; None if unknown.

    Blocking (a file read): run it in the executor. Incomplete entries
    (flags 0x0, an all-zero MAC) are not an answer.
    """
    if not neighbour_address(host):
        return None
    address = host.strip()
    try:
        lines = table.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines[1:]:
        fields = line.split()
        if len(fields) < 4 or fields[0] != address:
            continue
        flags, mac = fields[2], fields[3].lower()
        if flags != "0x0" and mac != _INCOMPLETE:
            return dr.format_mac(mac)
    return None


async def async_lan_mac(hass: HomeAssistant, host: str) -> str | None:
    """neighbour_mac() in the executor, from the table Home Assistant is given."""
    table = hass.data.get(NEIGHBOUR_TABLE, ARP_TABLE)
    return await hass.async_add_executor_job(neighbour_mac, host, table)


def senec_entry_of_mac(hass: HomeAssistant, mac: str) -> ConfigEntry | None:
    """The SENEC entry whose device has this MAC as a connection."""
    connection = (CONNECTION_NETWORK_MAC, dr.format_mac(mac))
    registry = dr.async_get(hass)
    for entry in hass.config_entries.async_entries(DOMAIN):
        if DeviceType.of(entry.data) is not DeviceType.SENEC:
            continue
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            if connection in device.connections:
                return entry
    return None
