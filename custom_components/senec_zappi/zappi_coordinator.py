"""Polls a myenergi hub: zappi status every interval, today's energy hourly data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import CONF_HUB_SERIAL, DOMAIN, LOGGER, MYENERGI_HISTORY_INTERVAL
from .myenergi import (
    DayEnergy,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
    ZappiStatus,
)

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

# A 429 without Retry-After still means "slow down": wait at least this long.
RATE_LIMIT_MIN_WAIT = timedelta(minutes=5)
RATE_LIMIT_MAX_WAIT = timedelta(hours=1)


def _translate(err: MyenergiError) -> UpdateFailed | ConfigEntryAuthFailed:
    """A client error as the exception Home Assistant expects, translated."""
    if isinstance(err, MyenergiAuthError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="myenergi_invalid_auth"
        )
    if isinstance(err, MyenergiRateLimitError):
        key = "myenergi_rate_limited"
    elif isinstance(err, MyenergiTimeoutError):
        key = "myenergi_timeout"
    else:
        key = "myenergi_cannot_connect"
    return UpdateFailed(translation_domain=DOMAIN, translation_key=key)


class ZappiStatusCoordinator(DataUpdateCoordinator[dict[str, ZappiStatus]]):
    """Every zappi of the hub in one request per poll."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: MyenergiClient,
        update_interval: timedelta,
    ) -> None:
        """Remember the configured interval to return to after a 429."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="myenergi",
            update_interval=update_interval,
        )
        self.client = client
        self.normal_interval = update_interval

    async def _async_update_data(self) -> dict[str, ZappiStatus]:
        """Read the zappis; honour 429 by stretching the interval once."""
        try:
            zappis = await self.client.get_zappis()
        except MyenergiRateLimitError as err:
            wait = (
                timedelta(seconds=err.retry_after)
                if err.retry_after
                else RATE_LIMIT_MIN_WAIT
            )
            self.update_interval = min(
                max(wait, self.normal_interval), RATE_LIMIT_MAX_WAIT
            )
            raise _translate(err) from err
        except MyenergiError as err:
            raise _translate(err) from err
        self.update_interval = self.normal_interval
        return {zappi.serial: zappi for zappi in zappis}


class ZappiHistoryCoordinator(DataUpdateCoordinator[dict[str, DayEnergy]]):
    """Today's energy per zappi from the hourly history.

    The history changes hourly, so it is read at most every 15 minutes, plus
    once just after local midnight so the daily totals reset on time.
    """

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: MyenergiClient,
        status: ZappiStatusCoordinator,
    ) -> None:
        """History follows the zappis the status coordinator knows."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="myenergi history",
            update_interval=MYENERGI_HISTORY_INTERVAL,
        )
        self.client = client
        self.status = status

    async def _async_update_data(self) -> dict[str, DayEnergy]:
        """Sum today's hourly records of every zappi (local day, DST aware)."""
        today = dt_util.now().date()
        time_zone = dt_util.get_default_time_zone()
        energy: dict[str, DayEnergy] = {}
        try:
            for serial in self.status.data or {}:
                energy[serial] = await self.client.get_local_day_energy(
                    serial, today, time_zone
                )
        except MyenergiError as err:
            raise _translate(err) from err
        return energy

    @callback
    def async_track_midnight(self) -> None:
        """Refresh right after local midnight; stops with the entry."""

        @callback
        def _midnight(_: datetime) -> None:
            self.hass.async_create_task(self.async_refresh())

        self.config_entry.async_on_unload(
            async_track_time_change(self.hass, _midnight, hour=0, minute=0, second=30)
        )


@dataclass
class ZappiCoordinators:
    """Runtime data of a myenergi entry."""

    client: MyenergiClient
    status: ZappiStatusCoordinator
    history: ZappiHistoryCoordinator
    hub_serial: str
    names: dict[str, str] = field(default_factory=dict)
    hub_device_id: str | None = None

    @classmethod
    def create(
        cls,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: MyenergiClient,
        update_interval: timedelta,
    ) -> ZappiCoordinators:
        """Both coordinators of one hub."""
        status = ZappiStatusCoordinator(hass, entry, client, update_interval)
        history = ZappiHistoryCoordinator(hass, entry, client, status)
        return cls(client, status, history, entry.data[CONF_HUB_SERIAL])

    @property
    def hub_identifier(self) -> tuple[str, str]:
        """Device registry identifier of the hub."""
        return (DOMAIN, f"hub_{self.hub_serial}")

    async def async_first_refresh(self, hass: HomeAssistant) -> None:
        """Status must work for setup to succeed; names and history may not."""
        await self.status.async_config_entry_first_refresh()
        entry = self.status.config_entry
        try:
            self.names = await self.client.get_names()
        except MyenergiAuthError as err:
            raise _translate(err) from err
        hub = dr.async_get(hass).async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={self.hub_identifier},
            manufacturer="myenergi",
            model="Hub",
            name=self.names.get("siteName") or "myenergi hub",
        )
        self.hub_device_id = hub.id
        await self.history.async_refresh()
        self.history.async_track_midnight()

    @callback
    def async_link_zappis_to_hub(self, hass: HomeAssistant) -> None:
        """Show each zappi as connected through the hub.

        Linked by device id once the zappi devices exist: `DeviceInfo(via_device=)`
        is deprecated from Home Assistant 2026 on, and `via_device_id` is not a
        DeviceInfo key in 2025.4; updating the device works on both.
        """
        registry = dr.async_get(hass)
        entry_id = self.status.config_entry.entry_id
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            if device.id != self.hub_device_id and device.via_device_id != (
                self.hub_device_id
            ):
                registry.async_update_device(
                    device.id, via_device_id=self.hub_device_id
                )
