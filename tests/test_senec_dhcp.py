"""DHCP follows a SENEC unit to a new address, by the LAN MAC found at setup."""

from __future__ import annotations

from pathlib import Path

from homeassistant.config_entries import SOURCE_DHCP, ConfigEntryState
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.network import NEIGHBOUR_TABLE, neighbour_mac

from .conftest import SENEC_DEVICE_ID, SENEC_HOST, FakeSenec
from .helpers import device_of, setup_entry

LAN_MAC = "00:1a:2b:3c:4d:5e"
REPORTED_MAC = "0a:15:f6:0b:de:74"  # WIZARD.MAC_ADDRESS_BYTES of the capture
NEW_HOST = "192.168.1.200"
HEADER = (
    "IP address       HW type     Flags       HW address            Mask     Device"
)


def _table(path: Path, *rows: str) -> Path:
    path.write_text("\n".join((HEADER, *rows)) + "\n")
    return path


@pytest.fixture
def neighbours(hass: HomeAssistant, tmp_path: Path) -> Path:
    """The operating system's neighbour table, holding the unit's address."""
    table = _table(
        tmp_path / "arp",
        "192.168.1.1      0x1         0x2         f0:9f:c2:00:00:01     *        eth0",
        f"{SENEC_HOST}    0x1         0x2         {LAN_MAC.upper()}     *        eth0",
    )
    hass.data[NEIGHBOUR_TABLE] = table
    return table


def test_neighbour_mac_reads_complete_entries_only(tmp_path: Path) -> None:
    """Complete entries give their MAC; incomplete ones, names and IPv6 give none."""
    table = _table(
        tmp_path / "arp",
        f"{SENEC_HOST}    0x1         0x2         {LAN_MAC.upper()}     *        eth0",
        "192.168.1.20     0x1         0x0         00:00:00:00:00:00     *        eth0",
        "192.168.1.21     0x1         0x0         11:22:33:44:55:66     *        eth0",
    )
    assert neighbour_mac(SENEC_HOST, table) == LAN_MAC
    assert neighbour_mac("192.168.1.20", table) is None
    assert neighbour_mac("192.168.1.21", table) is None
    assert neighbour_mac("192.168.1.99", table) is None
    assert neighbour_mac("senec.local", table) is None
    assert neighbour_mac("fd00::5", table) is None
    assert neighbour_mac(SENEC_HOST, tmp_path / "missing") is None


async def test_lan_mac_registered_beside_the_reported_one(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    neighbours: Path,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The device carries the MAC the network sees, which DHCP matches on."""
    await setup_entry(hass, senec_entry)
    device = device_of(device_registry, senec_entry, (DOMAIN, SENEC_DEVICE_ID))
    assert device is not None
    assert device.connections == {
        (CONNECTION_NETWORK_MAC, LAN_MAC),
        (CONNECTION_NETWORK_MAC, REPORTED_MAC),
    }


async def test_dhcp_moves_the_entry_to_the_new_address(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    neighbours: Path,
) -> None:
    """The unit's MAC at a new address: the entry follows it and reloads there."""
    await setup_entry(hass, senec_entry)
    old_requests = len(senec_device.requests)

    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(
            ip=NEW_HOST, hostname="senec", macaddress=LAN_MAC.replace(":", "")
        ),
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert senec_entry.data[CONF_HOST] == NEW_HOST
    assert senec_entry.state is ConfigEntryState.LOADED
    assert len(senec_device.requests) > old_requests  # set up again, at the new host
    runtime = senec_entry.runtime_data
    assert runtime.client.host == NEW_HOST  # type: ignore[union-attr]


async def test_dhcp_ignores_unknown_macs_and_host_names(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    neighbours: Path,
) -> None:
    """A MAC of no SENEC device aborts; an entry set up by name keeps its name."""
    await setup_entry(hass, senec_entry)
    unknown = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(ip=NEW_HOST, hostname="x", macaddress="665544332211"),
    )
    assert unknown["type"] is FlowResultType.ABORT
    assert unknown["reason"] == "unknown_device"
    assert senec_entry.data[CONF_HOST] == SENEC_HOST

    hass.config_entries.async_update_entry(
        senec_entry, data={**senec_entry.data, CONF_HOST: "senec.fritz.box"}
    )
    named = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(
            ip=NEW_HOST, hostname="senec", macaddress=LAN_MAC.replace(":", "")
        ),
    )
    assert named["reason"] == "already_configured"
    assert senec_entry.data[CONF_HOST] == "senec.fritz.box"
