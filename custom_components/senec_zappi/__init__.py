"""SENEC V3 home batteries and myenergi zappi EV chargers in Home Assistant."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_SCAN_INTERVAL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
)
from homeassistant.helpers.aiohttp_client import (
    async_create_clientsession,
    async_get_clientsession,
)
from homeassistant.helpers.typing import ConfigType
from homeassistant.util.hass_dict import HassKey

from .const import (
    CONF_HUB_SERIAL,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    CONF_SERVER,
    DOMAIN,
    POLLING,
    DeviceType,
)
from .coordinator import SenecCoordinator
from .descriptions.senec import initial_keys
from .house_link import House, registry as house_registry
from .issues import (
    ISSUE_WRONG_DEVICE,
    async_delete_issue,
    async_delete_issues,
    async_raise_wrong_device,
    senec_unreachable,
)
from .moved import async_check_moved, async_delete_moved_issues
from .myenergi import DEFAULT_SERVER, MyenergiClient, SlowDown
from .network import async_lan_mac
from .runtime import MyenergiRuntime, SenecZappiConfigEntry
from .senec import (
    PathStyle,
    RestartGuard,
    Scheme,
    SenecClient,
    SenecError,
    SenecIdentity,
)
from .sensor import BRIDGE_LIMIT, BRIDGE_POLLS
from .services import async_setup_services
from .titles import is_old_myenergi_title, myenergi_title, senec_title
from .zappi_energy import async_remove_ledgers

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
# Per entry id, when its unit was last restarted: kept across reloads of the
# entry (a new client each time), dropped with Home Assistant.
RESTART_GUARDS: HassKey[dict[str, RestartGuard]] = HassKey(f"{DOMAIN}_restart_guards")
# The myenergi 429 back-off per hub serial, kept across setup retries and reloads.
SLOW_DOWN: HassKey[dict[str, SlowDown]] = HassKey(f"{DOMAIN}_slow_down")


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions once, for every entry; drop moved-entity issues now resolved."""
    async_setup_services(hass)
    async_check_moved(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SenecZappiConfigEntry) -> bool:
    """Connect to the device the entry holds and set up its entities."""
    device_type = DeviceType.of(entry.data)
    seconds = entry.options.get(CONF_SCAN_INTERVAL)
    interval = timedelta(seconds=seconds) if seconds else POLLING[device_type].default
    if device_type is DeviceType.MYENERGI:
        runtime = await _async_setup_myenergi(hass, entry, interval)
        entry.runtime_data = runtime
        entry.async_on_unload(house_registry(hass).add_hub(entry.entry_id, runtime))
    else:
        coordinator = await _async_setup_senec(hass, entry, interval)
        entry.runtime_data = coordinator
        # The house view integrates with the kWh totals' gap rule.
        gap = max(coordinator.normal_interval * BRIDGE_POLLS, BRIDGE_LIMIT)
        entry.async_on_unload(House(hass, coordinator, gap).async_start())
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.runtime_data.async_platforms_ready()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: SenecZappiConfigEntry) -> bool:
    """Remove the entities; the entry's own HTTP session closes with it."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: SenecZappiConfigEntry) -> None:
    """An entry that is gone leaves no repair issue, stored energy or restart guard."""
    async_delete_issues(hass, entry)
    async_delete_moved_issues(hass, entry)
    await async_remove_ledgers(hass, entry.entry_id)
    hass.data.get(RESTART_GUARDS, {}).pop(entry.entry_id, None)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SenecZappiConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the owner delete a zappi the hub no longer lists.

    The SENEC unit and the hub are the entry itself (remove the entry
    instead), and a zappi the hub still lists would come straight back.
    While the entry is not loaded nothing is known: a device deleted then
    comes back at the next setup if it still exists.
    """
    if entry.state is not ConfigEntryState.LOADED:
        return True
    runtime = entry.runtime_data
    if not isinstance(runtime, MyenergiRuntime):
        return False
    serials = {
        identifier.removeprefix("zappi_")
        for domain, identifier in device.identifiers
        if domain == DOMAIN and identifier.startswith("zappi_")
    }
    if not serials or serials & set(runtime.status.data or {}):
        return False
    for serial in serials:
        runtime.forget(serial)
    return True


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
        # The 5 minutes between restarts hold across reloads of the entry.
        restart_guard=hass.data.setdefault(RESTART_GUARDS, {}).setdefault(
            entry.entry_id, RestartGuard()
        ),
    )
    unreachable = senec_unreachable(hass, entry)
    try:
        identity = await client.read_identity()
    except SenecError as err:
        unreachable.failed()  # also while offline since Home Assistant started
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN, translation_key="senec_not_ready"
        ) from err
    _check_same_unit(hass, entry, identity)
    if entry.title == f"SENEC {identity.model}":  # the default of earlier versions
        hass.config_entries.async_update_entry(entry, title=senec_title(identity))
    coordinator = SenecCoordinator(hass, entry, client, identity, interval)
    # Read after the identity: the unit has just answered, so the operating
    # system's neighbour table holds its address.
    coordinator.lan_mac = await async_lan_mac(hass, entry.data[CONF_HOST])
    coordinator.set_initial_keys(initial_keys())
    await coordinator.async_config_entry_first_refresh()
    return coordinator


async def _async_setup_myenergi(
    hass: HomeAssistant, entry: SenecZappiConfigEntry, interval: timedelta
) -> MyenergiRuntime:
    client = MyenergiClient(
        async_get_clientsession(hass),
        entry.data[CONF_HUB_SERIAL],
        entry.data[CONF_API_KEY],
        server_url=entry.data.get(CONF_SERVER) or DEFAULT_SERVER,
        # One 429 back-off per hub for as long as Home Assistant runs: a
        # setup retried (or reloaded) after a 429 waits as the server asked.
        slow_down=hass.data.setdefault(SLOW_DOWN, {}).setdefault(
            entry.data[CONF_HUB_SERIAL], SlowDown()
        ),
    )
    if is_old_myenergi_title(entry.title, entry.data[CONF_HUB_SERIAL]):
        hass.config_entries.async_update_entry(
            entry, title=myenergi_title(entry.data[CONF_HUB_SERIAL])
        )
    runtime = MyenergiRuntime.create(hass, entry, client, interval)
    await runtime.async_first_refresh(hass)
    return runtime


def _check_same_unit(
    hass: HomeAssistant, entry: SenecZappiConfigEntry, identity: SenecIdentity
) -> None:
    """Set up only the unit the entry was made for.

    After a DHCP change another unit may answer at the address; its data must
    not land on this device. Not ready rather than a hard error: Home
    Assistant retries with a growing pause (from 80 s on, one small identity
    read each time: less than one regular poll), so the entry comes back by
    itself when the right unit answers there again, and the repair issue
    goes. The issue's fix flow asks for the unit's new address. An answer
    without any id cannot tell and is taken as the same unit.
    """
    if identity.is_same_unit(entry.unique_id) is not False:
        async_delete_issue(hass, entry, ISSUE_WRONG_DEVICE)
        return
    async_raise_wrong_device(hass, entry)
    raise ConfigEntryNotReady(
        translation_domain=DOMAIN, translation_key="senec_wrong_device"
    )
