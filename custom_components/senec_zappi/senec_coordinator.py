"""Polls one SENEC unit, asking only for the keys that enabled entities read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN, LOGGER
from .senec import (
    DecodedAnswer,
    SenecClient,
    SenecConnectionError,
    SenecError,
    SenecIdentity,
    SenecTimeoutError,
)

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

type SenecKey = tuple[str, str]

# After repeated failures the poll interval doubles per failure up to this.
MAX_BACKOFF_INTERVAL = timedelta(minutes=5)

# Read on every poll: exists_fn decisions and the device info depend on them.
PRESENCE_KEYS: frozenset[SenecKey] = frozenset(
    {
        ("PV1", "MPP_AVAIL"),
        ("BMS", "MODULES_CONFIGURED"),
        ("BMS", "MODULE_COUNT"),
        ("PM1OBJ2", "ENABLED"),
        ("WIZARD", "SETUP_NUMBER_WALLBOXES"),
        ("SOCKETS", "NUMBER_OF_SOCKETS"),
    }
)


class SenecCoordinator(DataUpdateCoordinator[DecodedAnswer]):
    """One lala.cgi request per poll, shaped by the entities that are enabled.

    Disabled entities are never added to Home Assistant, so they never register
    their keys; enabling one makes Home Assistant reload the entry, after which
    it registers. The device is fragile, so asking for less is the point.
    """

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: SenecClient,
        identity: SenecIdentity,
        update_interval: timedelta,
    ) -> None:
        """Keep the client and the identity read during setup."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="SENEC",
            update_interval=update_interval,
        )
        self.client = client
        self.identity = identity
        self.normal_interval = update_interval
        self.failures = 0
        self._wanted: Counter[SenecKey] = Counter()
        self._initial: frozenset[SenecKey] = frozenset()
        self._request: dict[str, list[str]] | None = None

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
            serial_number=identity.serial or identity.device_id,
            sw_version=sw_version,
            configuration_url=f"{self.client.base_url}/",
        )
        if identity.mac:
            info["connections"] = {(CONNECTION_NETWORK_MAC, identity.mac)}
        return info

    def set_initial_keys(self, keys: Iterable[SenecKey]) -> None:
        """Keys for the first poll, before any entity has registered."""
        self._initial = frozenset(keys)
        self._request = None

    @callback
    def async_entities_ready(self) -> None:
        """From now on only registered keys are asked for."""
        self._initial = frozenset()
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
        stretched = self.normal_interval * 2**self.failures
        self.update_interval = max(
            self.normal_interval, min(stretched, MAX_BACKOFF_INTERVAL)
        )

    async def _async_update_data(self) -> DecodedAnswer:
        """Read the wanted keys; client failures become translated UpdateFailed."""
        try:
            answer = await self.client.read(self.request)
        except SenecError as err:
            self._back_off()
            raise _update_failed(err) from err
        self.failures = 0
        self.update_interval = self.normal_interval
        return answer


def _update_failed(err: SenecError) -> UpdateFailed:
    """A client error as a translated UpdateFailed."""
    if isinstance(err, SenecTimeoutError):
        key = "senec_timeout"
    elif isinstance(err, SenecConnectionError):
        key = "senec_cannot_connect"
    else:
        key = "senec_invalid_answer"
    return UpdateFailed(translation_domain=DOMAIN, translation_key=key)
