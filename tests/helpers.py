"""Steps the Home Assistant tests share: set up an entry, move time, read the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
import logging
import socket
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_HUB_SERIAL,
    CONF_SERVER,
    DOMAIN,
)
from custom_components.senec_zappi.runtime import MyenergiRuntime

from .myenergi.fake_cloud import PASSWORD, USERNAME, FakeCloud

# No real waiting between the reads that confirm a zappi command in tests.
NO_CONFIRM_WAIT = (0.0, 0.0, 0.0, 0.0)


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add the entry and wait until its platforms are set up.

    A myenergi entry confirms commands without waiting between its reads.
    """
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    if entry.state is ConfigEntryState.LOADED and isinstance(
        entry.runtime_data, MyenergiRuntime
    ):
        entry.runtime_data.confirm_offsets = NO_CONFIRM_WAIT


def cloud_entry(hass: HomeAssistant, cloud: FakeCloud) -> MockConfigEntry:
    """A myenergi entry added (not set up) against the fake cloud over HTTP."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="myenergi",
        unique_id=USERNAME,
        data={
            CONF_DEVICE_TYPE: "myenergi",
            CONF_HUB_SERIAL: USERNAME,
            CONF_API_KEY: PASSWORD,
            CONF_SERVER: cloud.url,
        },
    )
    entry.add_to_hass(hass)
    return entry


async def tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Move time on and run what became due."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    coordinator: DataUpdateCoordinator[Any],
) -> None:
    """Move time past the next scheduled poll (which stretches after failures)."""
    interval = coordinator.update_interval
    assert interval is not None
    await tick(hass, freezer, (interval + timedelta(seconds=1)).total_seconds())


def log_lines(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    """Log lines of this integration that contain text."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.senec_zappi")
        and text in record.getMessage()
    ]


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log lines at INFO or above that carry a traceback.

    Home Assistant 2026's coordinator adds the failure's traceback as a DEBUG
    "Full error" line, which an owner sees only with debug logging on; what
    the log shows by default must stay free of tracebacks.
    """
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.INFO
        and (record.exc_info is not None or "Traceback" in record.getMessage())
    ]


def registered_unique_ids(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> set[str]:
    """The unique ids of every entity the entry has registered."""
    return {
        registered.unique_id
        for registered in er.async_entries_for_config_entry(
            entity_registry, entry.entry_id
        )
    }


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on right now: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def device_of(
    registry: dr.DeviceRegistry, entry: MockConfigEntry, identifier: tuple[str, str]
) -> dr.DeviceEntry | None:
    """The entry's device with this identifier, looked up as both lines allow.

    Home Assistant 2026 no longer treats identifiers as unique across config
    entries: it raises on `async_get_device(identifiers=...)` and on using
    `registry.devices` as a mapping; the per-entry listing works on both.
    """
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
            if identifier in device.identifiers
        ),
        None,
    )


async def snapshot_domain(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    entry_id: str,
    domain: str,
    keep: Callable[[er.RegistryEntry], bool] = lambda _: True,
) -> None:
    """snapshot_platform for one platform of an entry set up with all of them.

    The same snapshot names and checks, so the entry need not be set up with
    a shortened platform list.
    """
    entity_entries = [
        entity_entry
        for entity_entry in er.async_entries_for_config_entry(entity_registry, entry_id)
        if entity_entry.domain == domain and keep(entity_entry)
    ]
    assert entity_entries
    for entity_entry in entity_entries:
        assert entity_entry == snapshot(name=f"{entity_entry.entity_id}-entry")
        assert entity_entry.disabled_by is None, "Please enable all entities."
        state = hass.states.get(entity_entry.entity_id)
        assert state, f"State not found for {entity_entry.entity_id}"
        assert state == snapshot(name=f"{entity_entry.entity_id}-state")
