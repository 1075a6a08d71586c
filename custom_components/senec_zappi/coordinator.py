"""The coordinators, and the runtime data each kind of config entry holds.

A SENEC entry holds its SenecCoordinator: one lala.cgi request per poll,
asking only for the keys that enabled entities read. A myenergi entry holds
ZappiCoordinators: the hub's zappi status every interval and today's energy
from the hourly history. Platforms never ask which kind an entry is: they
hand the runtime data a PerDevice table and it calls its own builder.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import CONF_HUB_SERIAL, DOMAIN, LOGGER, MYENERGI_HISTORY_INTERVAL
from .myenergi import (
    DEFAULT_CONFIRM_DELAYS,
    ChargeMode,
    DayEnergy,
    HubInfo,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiCommandError,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
    StatusCheck,
    ZappiStatus,
)
from .myenergi.names import SITE_NAME
from .senec import (
    DecodedAnswer,
    SenecClient,
    SenecConnectionError,
    SenecError,
    SenecIdentity,
    SenecSessionError,
    SenecTimeoutError,
    SenecWriteError,
    WriteFailure,
)
from .titles import myenergi_title, senec_serial

type SenecZappiConfigEntry = ConfigEntry[SenecCoordinator | ZappiCoordinators]
type SenecKey = tuple[str, str]
# Told the serials of zappis the hub lists for the first time since setup.
type NewDevicesListener = Callable[[frozenset[str]], None]

# Repair issues: raised after this long, deleted as soon as the cause is gone.
SENEC_UNREACHABLE_ISSUE_AFTER = timedelta(days=1)
MYENERGI_RATE_LIMIT_ISSUE_AFTER = timedelta(hours=1)
ISSUE_WRONG_DEVICE = "wrong_device"
ISSUE_SENEC_UNREACHABLE = "senec_unreachable"
ISSUE_MYENERGI_RATE_LIMITED = "myenergi_rate_limited"


def issue_id(kind: str, entry: ConfigEntry) -> str:
    """One repair issue of a kind per entry."""
    return f"{kind}_{entry.entry_id}"


# When each failure began, per issue id: kept across setup retries and
# reloads of the entry (a unit offline since Home Assistant started still
# counts), dropped with Home Assistant.
FAILING_SINCE: HassKey[dict[str, datetime]] = HassKey(f"{DOMAIN}_failing_since")


class LongFailure:
    """Raise a repair issue once a failure has lasted long enough; clear it after.

    The first failure starts the clock, every success stops it and deletes
    the issue, so the issue says "still failing" and never outlives the cause.
    """

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, kind: str, after: timedelta
    ) -> None:
        """An issue of kind for entry, after failing for this long."""
        self.hass = hass
        self.entry = entry
        self.kind = kind
        self.after = after
        self.issue_id = issue_id(kind, entry)

    @property
    def since(self) -> datetime | None:
        """When the current run of failures began; None while it works."""
        return self.hass.data.get(FAILING_SINCE, {}).get(self.issue_id)

    @callback
    def failed(self) -> None:
        """One more failure; raise the issue once they have lasted long enough."""
        now = dt_util.utcnow()
        since = self.hass.data.setdefault(FAILING_SINCE, {}).setdefault(
            self.issue_id, now
        )
        if now - since >= self.after:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self.issue_id,
                is_fixable=False,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=self.kind,
                translation_placeholders={"title": self.entry.title},
            )

    @callback
    def succeeded(self) -> None:
        """The cause is gone: stop the clock, delete the issue."""
        self.hass.data.get(FAILING_SINCE, {}).pop(self.issue_id, None)
        ir.async_delete_issue(self.hass, DOMAIN, self.issue_id)


@dataclass(frozen=True, slots=True)
class PerDevice[T]:
    """One handler per kind of device; an entry's runtime data calls its own.

    Platforms and diagnostics fill one of these instead of asking which
    kind of device an entry holds; a new kind of device adds a field here,
    and mypy then points at every table that lacks it.
    """

    senec: Callable[[SenecCoordinator], T]
    myenergi: Callable[[ZappiCoordinators], T]


class SenecZappiCoordinator[DataT, ClientT](DataUpdateCoordinator[DataT]):
    """A coordinator of this integration: bound to its entry and client."""

    config_entry: SenecZappiConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: SenecZappiConfigEntry,
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


# Translation keys of client errors, most specific first.
SENEC_ERRORS: Mapping[type[SenecError], str] = {
    SenecTimeoutError: "senec_timeout",
    SenecConnectionError: "senec_cannot_connect",
}
MYENERGI_ERRORS: Mapping[type[MyenergiError], str] = {
    MyenergiRateLimitError: "myenergi_rate_limited",
    MyenergiTimeoutError: "myenergi_timeout",
    MyenergiInvalidAnswerError: "myenergi_invalid_answer",
}


# Translation keys of failed SENEC writes: by reason, else by kind of error.
SENEC_WRITE_FAILURES: Mapping[WriteFailure, str] = {
    WriteFailure.REFUSED: "senec_write_refused",
    WriteFailure.NOT_ECHOED: "senec_write_not_echoed",
    WriteFailure.UNSUPPORTED: "senec_write_unsupported",
    WriteFailure.TOO_SOON: "senec_restart_too_soon",
}
SENEC_CONTROL_ERRORS: Mapping[type[SenecError], str] = {
    SenecWriteError: "senec_write_failed",
    SenecTimeoutError: "senec_write_timeout",
    SenecConnectionError: "senec_write_cannot_connect",
    SenecSessionError: "senec_write_session",
}


def control_failed(err: SenecError) -> HomeAssistantError:
    """A failed SENEC write as a translated error for the action's caller."""
    key = None
    if isinstance(err, SenecWriteError):
        key = SENEC_WRITE_FAILURES.get(err.reason)
    if key is None:
        key = next(
            (
                key
                for kind, key in SENEC_CONTROL_ERRORS.items()
                if isinstance(err, kind)
            ),
            "senec_write_invalid_answer",
        )
    return HomeAssistantError(translation_domain=DOMAIN, translation_key=key)


def update_failed[E: Exception](
    err: E, keys: Mapping[type[E], str], default: str
) -> UpdateFailed:
    """A client error as a translated UpdateFailed: the first key it matches."""
    key = next((key for kind, key in keys.items() if isinstance(err, kind)), default)
    return UpdateFailed(translation_domain=DOMAIN, translation_key=key)


# After repeated failures the poll interval doubles per failure up to this.
MAX_BACKOFF_INTERVAL = timedelta(minutes=5)

# A write is confirmed by reading the unit again this long after it (seconds).
CONFIRM_AFTER: tuple[float, ...] = (1.0, 3.0, 6.0)

# Read on every poll: exists_fn decisions and the device info depend on them.
PRESENCE_KEYS: frozenset[SenecKey] = frozenset(
    {
        ("FEATURES", "SOCKETS"),
        ("PV1", "MPP_AVAIL"),
        ("BMS", "MODULES_CONFIGURED"),
        ("BMS", "MODULE_COUNT"),
        ("PM1OBJ2", "ENABLED"),
        ("WIZARD", "SETUP_NUMBER_WALLBOXES"),
        ("SOCKETS", "NUMBER_OF_SOCKETS"),
    }
)


class SenecCoordinator(SenecZappiCoordinator[DecodedAnswer, SenecClient]):
    """One lala.cgi request per poll, shaped by the entities that are enabled.

    Disabled entities are never added to Home Assistant, so they never register
    their keys; enabling one makes Home Assistant reload the entry, after which
    it registers. The device is fragile, so asking for less is the point.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: SenecZappiConfigEntry,
        client: SenecClient,
        identity: SenecIdentity,
        update_interval: timedelta,
    ) -> None:
        """Keep the client and the identity read during setup."""
        super().__init__(hass, entry, client, "SENEC", update_interval)
        self.identity = identity
        self.failures = 0
        self.unreachable = LongFailure(
            hass, entry, ISSUE_SENEC_UNREACHABLE, SENEC_UNREACHABLE_ISSUE_AFTER
        )
        self.confirm_after = CONFIRM_AFTER
        self._wanted: Counter[SenecKey] = Counter()
        self._initial: frozenset[SenecKey] = frozenset()
        self._request: dict[str, list[str]] | None = None

    def dispatch[T](self, handlers: PerDevice[T]) -> T:
        """Call the SENEC builder of the table."""
        return handlers.senec(self)

    @callback
    def async_on_new_devices(self, listener: NewDevicesListener) -> CALLBACK_TYPE:
        """A SENEC entry is one unit: no devices come later."""
        return lambda: None

    @callback
    def async_platforms_ready(self) -> None:
        """Every entity has registered its keys: from now on ask only for those."""
        self._initial = frozenset()
        self._request = None

    @property
    def device_identifier(self) -> str:
        """Stable id of the unit, used in unique ids and the device registry."""
        unique_id = self.config_entry.unique_id
        assert unique_id is not None
        return unique_id

    @property
    def device_info(self) -> DeviceInfo:
        """Describe the unit for the device registry."""
        identity = self.identity
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
        info = DeviceInfo(
            identifiers={(DOMAIN, self.device_identifier)},
            manufacturer="SENEC",
            model=identity.model,
            name="SENEC",
            serial_number=senec_serial(identity),
            sw_version=sw_version,
            # The unit's variables page, at the path its firmware uses.
            configuration_url=self.client.vars_url,
        )
        if identity.mac:
            info["connections"] = {(CONNECTION_NETWORK_MAC, identity.mac)}
        return info

    def set_initial_keys(self, keys: Iterable[SenecKey]) -> None:
        """Keys for the first poll, before any entity has registered."""
        self._initial = frozenset(keys)
        self._request = None

    @callback
    def async_want(self, keys: Iterable[SenecKey]) -> CALLBACK_TYPE:
        """Register keys an entity reads; the returned callback releases them."""
        keys = tuple(keys)
        self._wanted.update(keys)
        self._request = None
        missing = self.data is not None and any(
            field not in self.data.sections.get(section, {})
            and section not in self.data.missing_sections
            for section, field in keys
        )
        if missing:
            # An entity enabled at runtime should not wait a whole interval.
            self.hass.async_create_task(self.async_request_refresh())

        @callback
        def release() -> None:
            self._wanted.subtract(keys)
            self._wanted += Counter()  # drops keys whose count reached zero
            self._request = None

        return release

    @property
    def request(self) -> dict[str, list[str]]:
        """The section -> keys body of the next poll."""
        if self._request is None:
            request: dict[str, list[str]] = {}
            for section, key in sorted(
                PRESENCE_KEYS | self._initial | set(self._wanted)
            ):
                request.setdefault(section, []).append(key)
            self._request = request
        return self._request

    def _back_off(self) -> None:
        """Stretch the interval after each failure, so a struggling unit can recover."""
        self.failures += 1
        # The exponent is capped: 2**failures would overflow a timedelta
        # after a few hours of failures.
        stretched = self.normal_interval * 2 ** min(self.failures, 10)
        self.update_interval = max(
            self.normal_interval, min(stretched, MAX_BACKOFF_INTERVAL)
        )

    async def async_command(
        self, write: Callable[[SenecClient], Awaitable[object]]
    ) -> None:
        """Send one write of the user's; a failure is a translated error."""
        try:
            await write(self.client)
        except SenecError as err:
            raise control_failed(err) from err

    async def async_control(
        self,
        write: Callable[[SenecClient], Awaitable[object]],
        confirmed: Callable[[DecodedAnswer], bool],
    ) -> None:
        """Write, then read the unit again until it reports the new state.

        The unit's echo only says it took the value; whether it acts on it
        shows in what it reports afterwards. Each read asks what a poll asks
        and becomes the coordinator's data, so no extra poll follows.
        """
        await self.async_command(write)
        waited = 0.0
        unanswered = False
        for after in self.confirm_after:
            await asyncio.sleep(max(0.0, after - waited))
            waited = after
            try:
                answer = await self.client.read(self.request)
            except SenecError:
                unanswered = True
                continue
            unanswered = False
            if self.last_update_success:  # else the next poll reports the recovery
                self.async_set_updated_data(answer)
            if confirmed(answer):
                return
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=(
                "senec_confirm_no_answer" if unanswered else "senec_not_confirmed"
            ),
        )

    async def _async_update_data(self) -> DecodedAnswer:
        """Read the wanted keys; client failures become translated UpdateFailed."""
        try:
            answer = await self.client.read(self.request)
        except SenecError as err:
            self._back_off()
            self.unreachable.failed()
            raise update_failed(err, SENEC_ERRORS, "senec_invalid_answer") from err
        self.unreachable.succeeded()
        self.failures = 0
        self.update_interval = self.normal_interval
        return answer


# A 429 without Retry-After still means "slow down": wait at least this long.
RATE_LIMIT_MIN_WAIT = timedelta(minutes=5)
RATE_LIMIT_MAX_WAIT = timedelta(hours=1)


def _translate(err: MyenergiError) -> UpdateFailed | ConfigEntryAuthFailed:
    """A client error as the exception Home Assistant expects, translated."""
    if isinstance(err, MyenergiAuthError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="myenergi_invalid_auth"
        )
    return update_failed(err, MYENERGI_ERRORS, "myenergi_cannot_connect")


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
        entry: SenecZappiConfigEntry,
        client: MyenergiClient,
        name: str,
        update_interval: timedelta,
    ) -> None:
        """No zappi is stale before the first reading; watch for endless 429s."""
        super().__init__(hass, entry, client, name, update_interval)
        self.rate_limited = LongFailure(
            hass, entry, ISSUE_MYENERGI_RATE_LIMITED, MYENERGI_RATE_LIMIT_ISSUE_AFTER
        )
        self.stale: frozenset[str] = frozenset()
        # The zappis' names for the log; None until setup has read them.
        self.names: Mapping[str, str] | None = None
        self._reported: frozenset[str] = frozenset()

    def _label(self, serial: str) -> str:
        """The zappi's name for the log; serials stay out of it."""
        name = (self.names or {}).get(serial)
        return f"zappi {name}" if name else "A zappi of this hub"

    def _track_stale(self, zappis: Mapping[str, ZappiStatus]) -> None:
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
                self._label(serial),
                reading_time.strftime("%Y-%m-%d %H:%M:%S"),
            )
        for serial in sorted((self._reported - self.stale) & zappis.keys()):
            LOGGER.info("%s reports to the myenergi hub again", self._label(serial))
        self._reported = self.stale

    async def _async_update_data(self) -> dict[str, ZappiStatus]:
        """Read the zappis; honour 429 by stretching the interval once."""
        try:
            zappis = await self.client.get_zappis()
        except MyenergiRateLimitError as err:
            self.rate_limited.failed()
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
        self.rate_limited.succeeded()
        self.update_interval = self.normal_interval
        data = {zappi.serial: zappi for zappi in zappis}
        self._track_stale(data)
        return data


class ZappiHistoryCoordinator(
    SenecZappiCoordinator[dict[str, DayEnergy], MyenergiClient]
):
    """Today's energy per zappi from the hourly history.

    The history changes hourly, so it is read at most every 15 minutes, plus
    once just after local midnight so the daily totals reset on time.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: SenecZappiConfigEntry,
        client: MyenergiClient,
        status: ZappiStatusCoordinator,
    ) -> None:
        """History follows the zappis the status coordinator knows."""
        super().__init__(
            hass, entry, client, "myenergi history", MYENERGI_HISTORY_INTERVAL
        )
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


# When confirm_command re-reads the status after a command (tests shorten it).
CONFIRM_DELAYS: Sequence[float] = DEFAULT_CONFIRM_DELAYS
# Boosts the zappi takes only in these modes; in Fast or Stop it drops them.
BOOST_MODES = (ChargeMode.ECO, ChargeMode.ECO_PLUS)
# Server answers (status) of a refused command -> translation key.
COMMAND_CODES: Mapping[int, str] = {
    MyenergiCommandError.BUSY: "zappi_busy",
    MyenergiCommandError.BAD_PARAMETER: "zappi_refused",
    MyenergiCommandError.BAD_MIN_GREEN: "zappi_refused",
    MyenergiCommandError.NOT_APPROPRIATE: "zappi_not_appropriate",
}
# Client errors while sending a command, most specific first.
COMMAND_ERRORS: Mapping[type[MyenergiError], str] = {
    MyenergiRateLimitError: "zappi_command_rate_limited",
    MyenergiTimeoutError: "zappi_command_timeout",
    MyenergiConnectionError: "zappi_command_cannot_connect",
}


@dataclass(frozen=True, slots=True)
class ZappiCommand:
    """One command to a zappi and what in its status confirms it."""

    send: Callable[[MyenergiClient, str], Awaitable[None]]
    check: StatusCheck
    # A boost, which the zappi silently drops outside Eco and Eco+.
    boost: bool = False


@dataclass
class BoostSettings:
    """The boost energy and ready-by time the buttons use; kept here, not on the zappi."""

    kwh: int
    ready_by: time


def _command_error(key: str, **placeholders: str) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


@dataclass
class ZappiCoordinators:
    """Runtime data of a myenergi entry.

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
    _new_devices_listeners: list[NewDevicesListener] = field(default_factory=list)
    boost: dict[str, BoostSettings] = field(default_factory=dict)
    # One command and its confirmation at a time: the hub answers -26 (busy)
    # to a second command while the first is still being applied.
    command_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def async_command(self, serial: str, command: ZappiCommand) -> ZappiStatus:
        """Send a command, wait until the zappi confirms it, publish that status.

        Raises a translated HomeAssistantError when the hub refuses it, the
        zappi rejects it or does not confirm it in time; the entities then go
        on showing what the zappi reports.
        """
        async with self.command_lock:
            if command.boost:
                self._check_boost_allowed(serial)
            try:
                await command.send(self.client, serial)
                confirmed = await self.client.confirm_command(
                    serial, command.check, delays=CONFIRM_DELAYS
                )
            except MyenergiAuthError as err:
                entry = self.status.config_entry
                entry.async_start_reauth(self.status.hass)
                raise _command_error("zappi_command_auth") from err
            except MyenergiCommandError as err:
                key = COMMAND_CODES.get(err.code, "zappi_command_failed")
                raise _command_error(key, code=str(err.code)) from err
            except MyenergiCommandRejectedError as err:
                self._publish(err.last_status)
                raise _command_error("zappi_rejected") from err
            except MyenergiCommandNotConfirmedError as err:
                if err.last_status is not None:
                    self._publish(err.last_status)
                if isinstance(err.__cause__, MyenergiRateLimitError):
                    raise _command_error("zappi_not_confirmed_rate_limited") from err
                raise _command_error("zappi_not_confirmed") from err
            except MyenergiError as err:
                key = next(
                    (k for kind, k in COMMAND_ERRORS.items() if isinstance(err, kind)),
                    "zappi_command_invalid_answer",
                )
                raise _command_error(key) from err
            self._publish(confirmed)
            return confirmed

    def _check_boost_allowed(self, serial: str) -> None:
        """Refuse a boost the zappi would drop silently (Fast or Stop mode)."""
        status = (self.status.data or {}).get(serial)
        if status is None:
            raise _command_error("zappi_unavailable")
        if status.charge_mode not in BOOST_MODES:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="zappi_boost_needs_eco"
            )

    @callback
    def _publish(self, status: ZappiStatus) -> None:
        """The confirming status as the coordinator's data: no second read."""
        data = dict(self.status.data or {})
        data[status.serial] = status
        self.status._track_stale(data)  # stale or fresh by the same rule as a poll
        self.status.async_set_updated_data(data)

    @classmethod
    def create(
        cls,
        hass: HomeAssistant,
        entry: SenecZappiConfigEntry,
        client: MyenergiClient,
        update_interval: timedelta,
    ) -> ZappiCoordinators:
        """Both coordinators of one hub."""
        status = ZappiStatusCoordinator(
            hass, entry, client, "myenergi", update_interval
        )
        history = ZappiHistoryCoordinator(hass, entry, client, status)
        return cls(client, status, history, entry.data[CONF_HUB_SERIAL])

    def dispatch[T](self, handlers: PerDevice[T]) -> T:
        """Call the myenergi builder of the table."""
        return handlers.myenergi(self)

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
    def forget(self, serial: str) -> None:
        """The zappi's device was deleted: should it come back, it is new again."""
        self.known_serials.discard(serial)

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
            raise _translate(err) from err
        # Stale readings of the first poll are logged once names are known.
        self.status.names = self.names
        self.status.report_stale(self.status.data)
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
        entry.async_on_unload(
            self.status.async_add_listener(self._async_check_new_zappis)
        )
        await self.history.async_refresh()
        self.history.async_track_midnight()
