"""SENEC V3 home batteries and myenergi zappi EV chargers in Home Assistant."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_SCAN_INTERVAL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import (
    async_create_clientsession,
    async_get_clientsession,
)
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_HUB_SERIAL,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    CONF_SERVER,
    DOMAIN,
    POLLING,
    DeviceType,
)
from .coordinator import SenecCoordinator, SenecZappiConfigEntry, ZappiCoordinators
from .descriptions.senec import initial_keys
from .myenergi import DEFAULT_SERVER, MyenergiClient
from .senec import PathStyle, Scheme, SenecClient, SenecError
from .services import async_setup_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TIME,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions once, for every entry."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SenecZappiConfigEntry) -> bool:
    """Connect to the device the entry holds and set up its entities."""
    device_type = DeviceType.of(entry.data)
    seconds = entry.options.get(CONF_SCAN_INTERVAL)
    interval = timedelta(seconds=seconds) if seconds else POLLING[device_type].default
    if device_type is DeviceType.MYENERGI:
        entry.runtime_data = await _async_setup_myenergi(hass, entry, interval)
    else:
        entry.runtime_data = await _async_setup_senec(hass, entry, interval)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.runtime_data.async_platforms_ready()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: SenecZappiConfigEntry) -> bool:
    """Remove the entities; the entry's own HTTP session closes with it."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_setup_senec(
    hass: HomeAssistant, entry: SenecZappiConfigEntry, interval: timedelta
) -> SenecCoordinator:
    # Own session per unit: the device's cookie must not mix with other
    # integrations, the host is an IP (unsafe jar) and the certificate is
    # self-signed (no verification, for this configured host only).
    session = async_create_clientsession(
        hass, verify_ssl=False, cookie_jar=aiohttp.CookieJar(unsafe=True)
    )
    client = SenecClient(
        session,
        entry.data[CONF_HOST],
        scheme=Scheme(entry.data[CONF_SCHEME]),
        path_style=PathStyle(entry.data[CONF_PATH_STYLE]),
    )
    try:
        identity = await client.read_identity()
    except SenecError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN, translation_key="senec_not_ready"
        ) from err
    coordinator = SenecCoordinator(hass, entry, client, identity, interval)
    coordinator.set_initial_keys(initial_keys())
    await coordinator.async_config_entry_first_refresh()
    return coordinator


async def _async_setup_myenergi(
    hass: HomeAssistant, entry: SenecZappiConfigEntry, interval: timedelta
) -> ZappiCoordinators:
    client = MyenergiClient(
        async_get_clientsession(hass),
        entry.data[CONF_HUB_SERIAL],
        entry.data[CONF_API_KEY],
        server_url=entry.data.get(CONF_SERVER) or DEFAULT_SERVER,
    )
    coordinators = ZappiCoordinators.create(hass, entry, client, interval)
    await coordinators.async_first_refresh(hass)
    return coordinators
