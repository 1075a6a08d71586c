"""Config flow: add a SENEC unit or a myenergi hub, reconfigure, reauth, options.

The steps and the probes that test what was entered; the forms themselves
are in config_forms.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import (
    async_create_clientsession,
    async_get_clientsession,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo

from .config_forms import (
    api_key_schema,
    myenergi_data,
    myenergi_schema,
    scan_interval_field,
    schema,
    senec_schema,
)
from .const import (
    AUTO,
    CONF_DEVICE_TYPE,
    CONF_HUB_SERIAL,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    CONF_SERVER,
    DOMAIN,
    LOGGER,
    POLLING,
    DeviceType,
)
from .house_link import house_fields, house_options
from .myenergi import (
    MyenergiAuthError,
    MyenergiClient,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
)
from .network import neighbour_address, senec_entry_of_mac
from .runtime import SenecZappiConfigEntry
from .senec import (
    PathStyle,
    Scheme,
    SenecClient,
    SenecConnectionError,
    SenecIdentity,
    SenecInvalidAnswerError,
    probe,
)
from .titles import myenergi_title, senec_title

# Form errors of client errors, most specific first; anything else is "unknown".
# Each device has its own texts, so a form speaks only of its own device.
SENEC_FORM_ERRORS: Mapping[type[Exception], str] = {
    SenecConnectionError: "senec_cannot_connect",
    SenecInvalidAnswerError: "invalid_answer",
}
MYENERGI_FORM_ERRORS: Mapping[type[Exception], str] = {
    MyenergiAuthError: "invalid_auth",
    MyenergiRateLimitError: "rate_limited",
    MyenergiInvalidAnswerError: "myenergi_invalid_answer",
    MyenergiError: "myenergi_cannot_connect",
}
# How the options form names each device (a product name in every language).
DEVICE_NAMES: Mapping[DeviceType, str] = {
    DeviceType.SENEC: "SENEC",
    DeviceType.MYENERGI: "myenergi",
}


async def _attempt[T](
    call: Awaitable[T],
    form_errors: Mapping[type[Exception], str],
    errors: dict[str, str],
    doing: str,
) -> T | None:
    """The call's result, or None with the form error filled in."""
    try:
        return await call
    except Exception as err:  # the user gets a message, the log the details
        key = next(
            (key for kind, key in form_errors.items() if isinstance(err, kind)), None
        )
        if key is None:
            LOGGER.exception("Unexpected error while %s", doing)
        errors["base"] = key or "unknown"
        return None


@asynccontextmanager
async def _senec_session(hass: HomeAssistant) -> AsyncIterator[aiohttp.ClientSession]:
    """A short-lived session like the entry's: own cookies, no TLS verification."""
    session = async_create_clientsession(
        hass,
        verify_ssl=False,
        auto_cleanup=False,
        cookie_jar=aiohttp.CookieJar(unsafe=True),
    )
    try:
        yield session
    finally:
        session.detach()


async def _detect_senec(
    hass: HomeAssistant, user_input: Mapping[str, Any]
) -> tuple[Scheme, PathStyle, SenecIdentity]:
    """Probe the unit; a scheme or path style the user picked wins over detection."""
    host = user_input[CONF_HOST].strip()
    scheme_choice = user_input.get(CONF_SCHEME, AUTO)
    async with _senec_session(hass) as session:
        if scheme_choice == AUTO:
            result = await probe(session, host)
            scheme, path_style, identity = (
                result.scheme,
                result.path_style,
                result.identity,
            )
        else:
            scheme = Scheme(scheme_choice)
            identity = await SenecClient(session, host, scheme=scheme).read_identity()
            path_style = PathStyle.DOUBLE if scheme is Scheme.HTTPS else PathStyle.LOWER
    if (path_choice := user_input.get(CONF_PATH_STYLE, AUTO)) != AUTO:
        path_style = PathStyle(path_choice)
    return scheme, path_style, identity


class SenecZappiConfigFlow(ConfigFlow, domain=DOMAIN):
    """Each entry is one SENEC unit or one myenergi hub."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: SenecZappiConfigEntry,
    ) -> SenecZappiOptionsFlow:
        """Polling interval."""
        return SenecZappiOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask which kind of device to add."""
        return self.async_show_menu(
            step_id="user", menu_options=[DeviceType.SENEC, DeviceType.MYENERGI]
        )

    async def async_step_senec(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Host of a SENEC unit; scheme and path style detected unless chosen."""
        errors: dict[str, str] = {}
        if user_input is not None:
            detected = await self._async_try_senec(user_input, errors)
            if detected is not None:
                data, identity = detected
                await self.async_set_unique_id(identity.unique_id)
                self._abort_if_unique_id_configured(updates=data)
                return self.async_create_entry(
                    title=senec_title(identity),
                    data={CONF_DEVICE_TYPE: DeviceType.SENEC, **data},
                )
        return self.async_show_form(
            step_id="senec",
            data_schema=senec_schema(user_input or {}),
            errors=errors,
        )

    async def async_step_myenergi(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Hub serial and API key of a myenergi account."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = myenergi_data(user_input)
            if await self._async_try_myenergi(data, errors):
                await self.async_set_unique_id(data[CONF_HUB_SERIAL])
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=myenergi_title(data[CONF_HUB_SERIAL]),
                    data={CONF_DEVICE_TYPE: DeviceType.MYENERGI, **data},
                )
        return self.async_show_form(
            step_id="myenergi",
            data_schema=myenergi_schema(
                myenergi_data(user_input) if user_input else {},
                serial_fixed=False,
                after_error=bool(errors),
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change host, scheme or path style, or the myenergi key and server."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if DeviceType.of(entry.data) is DeviceType.MYENERGI:
            defaults: Mapping[str, Any] = entry.data
            if user_input is not None:
                data = myenergi_data(
                    {**user_input, CONF_HUB_SERIAL: entry.data[CONF_HUB_SERIAL]}
                )
                if await self._async_try_myenergi(data, errors):
                    return self.async_update_reload_and_abort(entry, data_updates=data)
                defaults = data
            return self.async_show_form(
                step_id="reconfigure",
                data_schema=myenergi_schema(
                    defaults, serial_fixed=True, after_error=bool(errors)
                ),
                errors=errors,
            )
        if user_input is not None:
            detected = await self._async_try_senec(user_input, errors)
            if detected is not None:
                data, identity = detected
                if not identity.is_same_unit(entry.unique_id):
                    return self.async_abort(reason="wrong_device")
                return self.async_update_reload_and_abort(entry, data_updates=data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=senec_schema(
                user_input or {**entry.data, CONF_SCHEME: AUTO, CONF_PATH_STYLE: AUTO}
            ),
            errors=errors,
        )

    async def async_step_dhcp(
        self, discovery_info: DhcpServiceInfo
    ) -> ConfigFlowResult:
        """A registered unit's MAC at a new address: its entry follows, reloads."""
        if (entry := senec_entry_of_mac(self.hass, discovery_info.macaddress)) is None:
            return self.async_abort(reason="unknown_device")
        await self.async_set_unique_id(entry.unique_id)
        follows = neighbour_address(entry.data[CONF_HOST])  # not a host name
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: discovery_info.ip} if follows else None
        )
        return self.async_abort(reason="already_configured")

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The myenergi API key stopped working."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new API key and test it before saving."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, CONF_API_KEY: user_input[CONF_API_KEY]}
            if await self._async_try_myenergi(data, errors):
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_API_KEY: user_input[CONF_API_KEY]}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=api_key_schema(),
            errors=errors,
        )

    async def _async_try_senec(
        self, user_input: Mapping[str, Any], errors: dict[str, str]
    ) -> tuple[dict[str, Any], SenecIdentity] | None:
        """Detect the unit; fill errors and return None when that fails."""
        detected = await _attempt(
            _detect_senec(self.hass, user_input),
            SENEC_FORM_ERRORS,
            errors,
            "probing a SENEC unit",
        )
        if detected is None:
            return None
        scheme, path_style, identity = detected
        if identity.unique_id is None:
            errors["base"] = "no_device_id"
            return None
        data = {
            CONF_HOST: user_input[CONF_HOST].strip(),
            CONF_SCHEME: scheme.value,
            CONF_PATH_STYLE: path_style.value,
        }
        return data, identity

    async def _async_try_myenergi(
        self, data: Mapping[str, Any], errors: dict[str, str]
    ) -> bool:
        """Log in and read the zappis once; fill errors on failure."""
        client = MyenergiClient(
            async_get_clientsession(self.hass),
            data[CONF_HUB_SERIAL],
            data[CONF_API_KEY],
            server_url=data[CONF_SERVER],
        )
        zappis = await _attempt(
            client.get_zappis(), MYENERGI_FORM_ERRORS, errors, "logging in to myenergi"
        )
        if zappis is None:
            return False
        if not zappis:
            errors["base"] = "no_zappi"
        return bool(zappis)


class SenecZappiOptionsFlow(OptionsFlow):
    """Polling interval, and for a SENEC unit its zappis; the entry reloads."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Seconds between polls; a SENEC house also picks its zappis."""
        entry = self.config_entry
        device_type = DeviceType.of(entry.data)
        polling = POLLING[device_type]
        default, minimum = polling.default, polling.minimum
        if user_input is not None:
            options: dict[str, Any] = {
                CONF_SCAN_INTERVAL: int(user_input[CONF_SCAN_INTERVAL])
            }
            if device_type is DeviceType.SENEC:
                options.update(house_options(user_input))
            self.hass.config_entries.async_update_entry(entry, options=options)
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
            return self.async_create_entry(data=options)
        current = entry.options.get(CONF_SCAN_INTERVAL, int(default.total_seconds()))
        fields: dict[Any, Any] = scan_interval_field(current, minimum)
        if device_type is DeviceType.SENEC:
            fields.update(house_fields(self.hass, entry))
        return self.async_show_form(
            step_id="init",
            data_schema=schema(fields),
            description_placeholders={
                "device": DEVICE_NAMES[device_type],
                "minimum": str(int(minimum.total_seconds())),
            },
        )
