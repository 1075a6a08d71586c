"""What each kind of config entry holds at run time.

A SENEC entry holds its SenecCoordinator. A myenergi entry holds a
MyenergiRuntime: both coordinators of the hub, the hub device, the zappis'
names, the boost settings kept here, the command lock, and the zappis that
appear later. Platforms never ask which kind an entry is: they hand
dispatch() a PerDevice table and the entry's own builder is called.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util

from .const import CONF_HUB_SERIAL, DOMAIN, LOGGER
from .coordinator import (
    NewDevicesListener,
    SenecCoordinator,
    ZappiHistoryCoordinator,
    ZappiStatusCoordinator,
)
from .errors import myenergi_poll_failed
from .myenergi import (
    HubInfo,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiError,
)
from .myenergi.names import SITE_NAME
from .pending import QUICK_OFFSETS, PendingCommands
from .titles import myenergi_title
from .zappi_watch import ZappiWatch

# The hub's firmware is read at setup and then this often (a failed read too).
HUB_READ_INTERVAL = timedelta(hours=1)

type SenecZappiConfigEntry = ConfigEntry[SenecCoordinator | MyenergiRuntime]


@dataclass(frozen=True, slots=True)
class PerDevice[T]:
    """One handler per kind of device; dispatch() calls the entry's own.

    Platforms and diagnostics fill one of these instead of asking which
    kind of device an entry holds; a new kind of device adds a field here,
    and mypy then points at every table that lacks it.
    """

    senec: Callable[[SenecCoordinator], T]
    myenergi: Callable[[MyenergiRuntime], T]


def dispatch[T](runtime: SenecCoordinator | MyenergiRuntime, table: PerDevice[T]) -> T:
    """Call the handler of the kind of device the runtime data belongs to."""
    if isinstance(runtime, SenecCoordinator):
        return table.senec(runtime)
    return table.myenergi(runtime)


@dataclass
class BoostSettings:
    """The boost energy and ready-by time the buttons use; kept here, not on the zappi."""

    kwh: int
    ready_by: time


@dataclass
class MyenergiRuntime:
    """Runtime data of a myenergi entry: its coordinators, hub and zappis.

    Zappis the hub starts listing after setup get their entities without a
    reload: every platform registers with async_on_new_devices(), and when a
    status poll lists a serial for the first time each platform is told.
    """

    client: MyenergiClient
    status: ZappiStatusCoordinator
    history: ZappiHistoryCoordinator
    hub_serial: str
    names: dict[str, str] = field(default_factory=dict)
    hub_device_id: str | None = None
    hub: HubInfo | None = None
    known_serials: set[str] = field(default_factory=set)
    # New fields, firmware and zappis gone, from poll to poll.
    watch: ZappiWatch = field(default_factory=ZappiWatch)
    # When the hub's firmware was read last (successfully or not).
    hub_read_at: datetime | None = None
    _new_devices_listeners: list[NewDevicesListener] = field(default_factory=list)
    boost: dict[str, BoostSettings] = field(default_factory=dict)
    # One command and its confirmation at a time: the hub answers -26 (busy)
    # to a second command while the first is still being applied.
    command_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # When controls.py reads the zappi again after a command (seconds after
    # it) before the action returns and an undecided command goes on in the
    # background; tests shorten them on the running entry.
    confirm_offsets: Sequence[float] = QUICK_OFFSETS
    # Commands still on their way; set by create().
    pending: PendingCommands = field(init=False)

    @classmethod
    def create(
        cls,
        hass: HomeAssistant,
        entry: SenecZappiConfigEntry,
        client: MyenergiClient,
        update_interval: timedelta,
    ) -> MyenergiRuntime:
        """Both coordinators of one hub."""
        status = ZappiStatusCoordinator(
            hass, entry, client, "myenergi", update_interval
        )
        history = ZappiHistoryCoordinator(hass, entry, client, status)
        runtime = cls(client, status, history, entry.data[CONF_HUB_SERIAL])
        runtime.pending = PendingCommands(hass, entry, status, status.label)
        entry.async_on_unload(runtime.pending.async_shutdown)
        return runtime

    @callback
    def async_on_new_devices(self, listener: NewDevicesListener) -> CALLBACK_TYPE:
        """Tell listener the serials of zappis listed for the first time."""
        self._new_devices_listeners.append(listener)

        @callback
        def remove() -> None:
            self._new_devices_listeners.remove(listener)

        return remove

    @callback
    def _async_check_new_zappis(self) -> None:
        """After each poll: a serial not seen before is a zappi added to the hub."""
        if self.status.last_update_success:
            self._async_follow_changes()
        new = frozenset(self.status.data or {}) - self.known_serials
        if not new:
            return
        self.known_serials |= new
        entry = self.status.config_entry
        entry.async_create_background_task(
            self.status.hass,
            self._async_announce(new),
            f"{DOMAIN} new zappis",
        )

    async def _async_announce(self, serials: frozenset[str]) -> None:
        """Learn the new zappis' names, then let every platform add their entities."""
        try:
            self.names = await self.client.get_names() or self.names
        except MyenergiError as err:
            LOGGER.debug("No names for the new zappis: %s", err)
        self.status.names = self.names
        for listener in list(self._new_devices_listeners):
            listener(serials)
        await self.history.async_request_refresh()

    @callback
    def _async_follow_changes(self) -> None:
        """New fields get entities, firmware the device page; gone zappis go.

        The hub's firmware is read again hourly (also after a failed read).
        """
        now = dt_util.utcnow()
        changes = self.watch.poll(self.status.data or {}, now)
        if changes.new_fields:
            for listener in list(self._new_devices_listeners):
                listener(frozenset())  # no zappi is new: look for new entities
        registry = dr.async_get(self.status.hass)
        for serial, firmware in changes.firmware.items():
            if device := self._zappi_device(serial):
                registry.async_update_device(device.id, sw_version=firmware)
        for serial in changes.gone:
            self._async_remove_zappi(serial)
        if self.hub_read_at is None or now - self.hub_read_at >= HUB_READ_INTERVAL:
            self.hub_read_at = now
            self.status.config_entry.async_create_background_task(
                self.status.hass, self._async_read_hub(), f"{DOMAIN} hub firmware"
            )

    def _zappi_device(self, serial: str) -> dr.DeviceEntry | None:
        registry = dr.async_get(self.status.hass)
        entry_id = self.status.config_entry.entry_id
        identifier = (DOMAIN, f"zappi_{serial}")
        return next(
            (
                device
                for device in dr.async_entries_for_config_entry(registry, entry_id)
                if identifier in device.identifiers
            ),
            None,
        )

    @callback
    def _async_remove_zappi(self, serial: str) -> None:
        """The hub has not listed the zappi for a day: its device and entities go."""
        LOGGER.info(
            "%s has not been listed by the myenergi hub for %s; removed (it "
            "comes back if the hub lists it again)",
            self.status.label(serial),
            self.watch.gone_after,
        )
        if device := self._zappi_device(serial):
            # The device is this entry's alone; its entities go with it.
            dr.async_get(self.status.hass).async_remove_device(device.id)
        self.forget(serial)

    async def _async_read_hub(self) -> None:
        """The hub's firmware for its device page; a failure is retried later."""
        try:
            hub = await self.client.get_hub()
        except MyenergiError as err:
            LOGGER.debug("The hub's firmware was not read: %s", err)
            return
        if hub is None:
            return
        self.hub = hub
        if self.hub_device_id is not None:
            dr.async_get(self.status.hass).async_update_device(
                self.hub_device_id, sw_version=hub.firmware
            )

    @callback
    def forget(self, serial: str) -> None:
        """The zappi's device was deleted: should it come back, it is new again."""
        self.known_serials.discard(serial)
        self.watch.forget(serial)

    @callback
    def async_platforms_ready(self) -> None:
        """Show each zappi as connected through the hub."""
        registry = dr.async_get(self.status.hass)
        entry_id = self.status.config_entry.entry_id
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            if device.id != self.hub_device_id:
                self.async_link_to_hub(device.id)

    @callback
    def async_link_to_hub(self, device_id: str) -> None:
        """Link a zappi device to the hub device.

        Linked by device id once the zappi device exists: `DeviceInfo(via_device=)`
        is deprecated from Home Assistant 2026 on, and `via_device_id` is not a
        DeviceInfo key in 2025.4; updating the device works on both.
        """
        registry = dr.async_get(self.status.hass)
        device = registry.async_get(device_id)
        if (
            isinstance(device, dr.DeviceEntry)  # 2026 also has child devices
            and self.hub_device_id is not None
            and device.via_device_id != self.hub_device_id
        ):
            registry.async_update_device(device_id, via_device_id=self.hub_device_id)

    @property
    def hub_identifier(self) -> tuple[str, str]:
        """Device registry identifier of the hub."""
        return (DOMAIN, f"hub_{self.hub_serial}")

    @property
    def hub_name(self) -> str:
        """The site name the owner gave, or the hub's model and serial tail."""
        return self.names.get(SITE_NAME) or myenergi_title(self.hub_serial)

    async def async_first_refresh(self, hass: HomeAssistant) -> None:
        """Status must work for setup to succeed; names, hub and history may not."""
        await self.status.async_config_entry_first_refresh()
        entry = self.status.config_entry
        try:
            self.names = await self.client.get_names()
        except MyenergiAuthError as err:
            raise myenergi_poll_failed(err) from err
        # Stale readings of the first poll are logged once names are known.
        self.status.names = self.names
        self.status.report_stale(self.status.data)
        self.hub_read_at = dt_util.utcnow()
        try:
            self.hub = await self.client.get_hub()
        except MyenergiError as err:
            LOGGER.debug("The hub's firmware was not read: %s", err)
        hub = dr.async_get(hass).async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={self.hub_identifier},
            manufacturer="myenergi",
            model="Hub",
            name=self.hub_name,
            serial_number=self.hub_serial,
            sw_version=self.hub.firmware if self.hub else None,
        )
        self.hub_device_id = hub.id
        self.known_serials = set(self.status.data)
        self.watch.start(self.status.data)
        entry.async_on_unload(
            self.status.async_add_listener(self._async_check_new_zappis)
        )
        await self.history.ledgers.async_load()
        await self.history.async_refresh()
        self.history.async_track_midnight()
