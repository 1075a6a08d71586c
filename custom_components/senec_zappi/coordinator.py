"""The coordinators: polling only.

SenecCoordinator asks the unit one lala.cgi request per poll, shaped by the
keys that enabled entities read (senec_request.py), and backs off while the
unit struggles (backoff.py, also the 429 wait of the zappi coordinators).
ZappiStatusCoordinator reads every zappi of a hub (stale readings, 429);
ZappiHistoryCoordinator sums today's energy from the hourly history. What
an entry holds at run time is in runtime.py; writes and commands in
controls.py; the error texts in errors.py; repair issues in issues.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
import time
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .backoff import backed_off_interval, slowed_interval
from .const import DOMAIN, LOGGER, MYENERGI_HISTORY_INTERVAL
from .errors import myenergi_poll_failed, senec_poll_failed
from .issues import (
    ISSUE_WRONG_DEVICE,
    async_delete_issue,
    async_raise_wrong_device,
    myenergi_rate_limited,
    senec_unreachable,
)
from .myenergi import (
    DayEnergy,
    MyenergiClient,
    MyenergiError,
    MyenergiRateLimitError,
    ZappiStatus,
)
from .senec import (
    SAFE_CHARGE_RESUME_WINDOW,
    DecodedAnswer,
    SenecClient,
    SenecError,
    SenecIdentity,
)
from .senec_request import SenecRequest
from .senec_unit import (
    PRESENCE_INTERVAL,
    SenecKey,
    async_follow_versions,
    is_other_unit,
    senec_device_info,
    senec_device_name,
)
from .zappi_energy import ZappiLedgers

# Told the serials of zappis the hub lists for the first time since setup;
# told no serial when an existing device may have more entities now.
type NewDevicesListener = Callable[[frozenset[str]], None]


class SenecZappiCoordinator[DataT, ClientT](DataUpdateCoordinator[DataT]):
    """A coordinator of this integration: bound to its entry and client.

    The entry is typed loosely: its runtime data (runtime.py) holds the
    coordinators, so naming that type here would make an import circle.
    """

    config_entry: ConfigEntry[Any]

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: ClientT,
        name: str,
        update_interval: timedelta,
    ) -> None:
        """Remember the configured interval to return to after a slowdown."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=name,
            update_interval=update_interval,
        )
        self.client = client
        self.normal_interval = update_interval


# A SENEC write is confirmed by reading the unit again this long after it (s).
SENEC_CONFIRM_OFFSETS: tuple[float, ...] = (1.0, 3.0, 6.0)
# A switch watches this long after the unit confirmed it (owners report
# units that undo a safe charge switch about 10 s later).
SENEC_WATCH_AFTER_CONFIRM = timedelta(minutes=1)

# Data this young (s) shows the unit's state well enough to decide that a
# switch has nothing to send.
SENEC_FRESH_FOR = 5.0


class SenecCoordinator(SenecZappiCoordinator[DecodedAnswer, SenecClient]):
    """One lala.cgi request per poll, shaped by the entities that are enabled.

    Disabled entities are never added to Home Assistant, so they never register
    their keys; enabling one makes Home Assistant reload the entry, after which
    it registers. The device is fragile, so asking for less is the point.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: SenecClient,
        identity: SenecIdentity,
        update_interval: timedelta,
        *,
        confirm_offsets: Sequence[float] = SENEC_CONFIRM_OFFSETS,
        watch_after_confirm: timedelta = SENEC_WATCH_AFTER_CONFIRM,
        resume_window: float = SAFE_CHARGE_RESUME_WINDOW,
        presence_interval: timedelta = PRESENCE_INTERVAL,
    ) -> None:
        """Keep the client and the identity read during setup.

        The confirm offsets (when controls.py reads the unit again after a
        write), the watch window of the switches and the resume window (when
        an "off" the unit may undo is read again, seconds after it was sent)
        are attributes, so tests can shorten them on the running coordinator.
        """
        super().__init__(hass, entry, client, "SENEC", update_interval)
        self.identity = identity
        self.device_name = senec_device_name(hass, entry, identity)
        # The MAC the network sees at the unit's address (DHCP follows it).
        self.lan_mac: str | None = None
        self.presence_interval = presence_interval
        # The answer of the last presence read: which hardware exists.
        self.presence = DecodedAnswer()
        self._presence_at: datetime | None = None
        # True while another unit answers at the address.
        self.other_unit = False
        self._new_devices_listeners: list[NewDevicesListener] = []
        self.failures = 0
        self.unreachable = senec_unreachable(hass, entry)
        self.confirm_offsets: Sequence[float] = confirm_offsets
        self.watch_after_confirm = watch_after_confirm
        self.resume_window = resume_window
        # When the data was read (time.monotonic()); a switch trusts data
        # younger than fresh_for instead of reading the unit first.
        self.read_at: float | None = None
        self.fresh_for = SENEC_FRESH_FOR
        # Set when the entry unloads: a confirmation still waiting ends.
        self.closing = asyncio.Event()
        entry.async_on_unload(self.closing.set)
        self._keys = SenecRequest()

    @callback
    def async_on_new_devices(self, listener: NewDevicesListener) -> CALLBACK_TYPE:
        """Told after each presence read: hardware may have appeared."""
        self._new_devices_listeners.append(listener)
        return lambda: self._new_devices_listeners.remove(listener)

    @callback
    def async_platforms_ready(self) -> None:
        """Every entity has registered its keys: from now on ask only for those."""
        self._keys.drop_initial()

    @property
    def device_identifier(self) -> str:
        """Stable id of the unit, used in unique ids and the device registry."""
        unique_id = self.config_entry.unique_id
        assert unique_id is not None
        return unique_id

    @property
    def device_info(self) -> DeviceInfo:
        """Describe the unit for the device registry."""
        return senec_device_info(
            self.identity,
            self.device_identifier,
            self.device_name,
            self.client.vars_url,
            self.lan_mac,
        )

    def set_initial_keys(self, keys: Iterable[SenecKey]) -> None:
        """Keys for the first poll, before any entity has registered.

        Every presence read asks them again: they decide which entities exist.
        """
        self._keys.set_initial(keys)

    @callback
    def async_want(self, keys: Iterable[SenecKey]) -> CALLBACK_TYPE:
        """Register keys an entity reads; the returned callback releases them."""
        keys = tuple(keys)
        release = self._keys.want(keys)
        missing = self.data is not None and any(
            field not in self.data.sections.get(section, {})
            and section not in self.data.missing_sections
            for section, field in keys
        )
        if missing:
            # An entity enabled at runtime should not wait a whole interval.
            self.hass.async_create_task(self.async_request_refresh())
        return release

    @property
    def request(self) -> dict[str, list[str]]:
        """The section -> keys body of a poll: the unit's id and the wanted keys."""
        return self._keys.body

    def _check_unit(self, answer: DecodedAnswer) -> None:
        """Refuse another unit's answer: raise the repair issue, go unavailable."""
        if not is_other_unit(self.identity, answer):
            if self.other_unit:
                self.other_unit = False
                async_delete_issue(self.hass, self.config_entry, ISSUE_WRONG_DEVICE)
            return
        self.other_unit = True
        self._back_off()  # not our unit: ask it as little as possible
        async_raise_wrong_device(self.hass, self.config_entry)
        raise UpdateFailed(
            translation_domain=DOMAIN, translation_key="senec_wrong_device"
        )

    @callback
    def _presence_read(self, answer: DecodedAnswer) -> None:
        """Keep which hardware exists; platforms add entities of new hardware.

        The versions come along: after a firmware update the device page
        shows the new ones without a reload.
        """
        self.presence = answer
        self._presence_at = dt_util.utcnow()
        self.identity = async_follow_versions(
            self.hass, self.config_entry, self.identity, answer
        )
        for listener in list(self._new_devices_listeners):
            listener(frozenset())  # no device is new: look for new hardware

    def _back_off(self) -> None:
        """Stretch the interval after each failure, so a struggling unit can recover."""
        self.failures += 1
        self.update_interval = backed_off_interval(self.normal_interval, self.failures)

    async def _async_update_data(self) -> DecodedAnswer:
        """Read the wanted keys; client failures become translated UpdateFailed.

        A presence read (setup, then hourly) also asks the keys that decide
        which entities exist; another unit's answer is refused.
        """
        presence = (
            self._presence_at is None
            or dt_util.utcnow() - self._presence_at >= self.presence_interval
        )
        request = self._keys.presence_body() if presence else self.request
        try:
            answer = await self.client.read(request)
        except SenecError as err:
            self._back_off()
            self.unreachable.failed()
            raise senec_poll_failed(err) from err
        self.unreachable.succeeded()
        self._check_unit(answer)
        self.failures = 0
        self.update_interval = self.normal_interval
        self.read_at = time.monotonic()
        if presence:
            self._presence_read(answer)
        return answer


# A reading older than this (dat/tim, the zappi's UTC clock) means the zappi
# has lost its link to the hub, which keeps serving the last reading.
STALE_READING = timedelta(minutes=10)


class ZappiStatusCoordinator(
    SenecZappiCoordinator[dict[str, ZappiStatus], MyenergiClient]
):
    """Every zappi of the hub in one request per poll.

    ``stale`` holds the zappis whose reading is older than STALE_READING by
    Home Assistant's clock: their entities are unavailable until a fresh
    reading arrives (logged once each way).
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: MyenergiClient,
        name: str,
        update_interval: timedelta,
    ) -> None:
        """No zappi is stale before the first reading; watch for endless 429s."""
        super().__init__(hass, entry, client, name, update_interval)
        self.rate_limited = myenergi_rate_limited(hass, entry)
        self.stale: frozenset[str] = frozenset()
        # The zappis' names for the log; None until setup has read them.
        self.names: Mapping[str, str] | None = None
        self._reported: frozenset[str] = frozenset()

    def label(self, serial: str) -> str:
        """The zappi's name for the log; serials stay out of it."""
        name = (self.names or {}).get(serial)
        return f"zappi {name}" if name else "A zappi of this hub"

    def track_stale(self, zappis: Mapping[str, ZappiStatus]) -> None:
        """Note the zappis whose reading is too old (a poll's or a command's)."""
        now = dt_util.utcnow()
        self.stale = frozenset(
            serial
            for serial, zappi in zappis.items()
            if zappi.reading_time is not None
            and now - zappi.reading_time > STALE_READING
        )
        if self.names is not None:
            self.report_stale(zappis)

    @callback
    def report_stale(self, zappis: Mapping[str, ZappiStatus]) -> None:
        """Log each zappi once when its reading turns stale, once when fresh again."""
        for serial in sorted(self.stale - self._reported):
            reading_time = zappis[serial].reading_time
            assert reading_time is not None
            LOGGER.warning(
                "%s has not reported to the myenergi hub since %s UTC; its "
                "entities are unavailable until it reports again",
                self.label(serial),
                reading_time.strftime("%Y-%m-%d %H:%M:%S"),
            )
        for serial in sorted((self._reported - self.stale) & zappis.keys()):
            LOGGER.info("%s reports to the myenergi hub again", self.label(serial))
        self._reported = self.stale

    async def _async_update_data(self) -> dict[str, ZappiStatus]:
        """Read the zappis; honour 429 by stretching the interval once."""
        try:
            zappis = await self.client.get_zappis()
        except MyenergiRateLimitError as err:
            self.rate_limited.failed()
            self.update_interval = slowed_interval(err, self.normal_interval)
            raise myenergi_poll_failed(err) from err
        except MyenergiError as err:
            raise myenergi_poll_failed(err) from err
        self.rate_limited.succeeded()
        self.update_interval = self.normal_interval
        data = {zappi.serial: zappi for zappi in zappis}
        self.track_stale(data)
        return data


class ZappiHistoryCoordinator(
    SenecZappiCoordinator[dict[str, DayEnergy], MyenergiClient]
):
    """Today's energy and the lifetime ledgers per zappi from the hourly history.

    The history changes hourly, so it is read at most every 15 minutes, plus
    once just after local midnight so the daily totals reset on time.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: MyenergiClient,
        status: ZappiStatusCoordinator,
    ) -> None:
        """History follows the zappis the status coordinator knows."""
        super().__init__(
            hass, entry, client, "myenergi history", MYENERGI_HISTORY_INTERVAL
        )
        self.status = status
        self.ledgers = ZappiLedgers(hass, entry.entry_id)

    async def _async_update_data(self) -> dict[str, DayEnergy]:
        """Today's totals of every zappi (local day, DST aware); feeds the ledgers."""
        serials = self.status.data or {}
        try:
            energy = await self.ledgers.async_read(
                self.client, serials, dt_util.utcnow()
            )
        except MyenergiRateLimitError as err:
            # As the status coordinator does: wait as long as the server asks.
            self.update_interval = slowed_interval(err, self.normal_interval)
            raise myenergi_poll_failed(err) from err
        except MyenergiError as err:
            raise myenergi_poll_failed(err) from err
        self.update_interval = self.normal_interval
        return energy

    @callback
    def async_track_midnight(self) -> None:
        """Refresh right after local midnight; stops with the entry.

        Through the debounced request path, so it never runs alongside a
        refresh that is already under way.
        """

        @callback
        def _midnight(_: datetime) -> None:
            self.hass.async_create_task(self.async_request_refresh())

        self.config_entry.async_on_unload(
            async_track_time_change(self.hass, _midnight, hour=0, minute=0, second=30)
        )
