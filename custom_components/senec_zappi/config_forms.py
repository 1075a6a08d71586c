"""The forms of the config, reconfigure, reauth, options and repair flows.

What each form asks and what it shows again after an error; the steps
that test the answers are in config_flow.py (and repairs.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any

from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_SCAN_INTERVAL
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from .const import AUTO, CONF_HUB_SERIAL, CONF_PATH_STYLE, CONF_SCHEME, CONF_SERVER
from .myenergi import DEFAULT_SERVER
from .senec import PathStyle, Scheme

CONF_ADVANCED = "advanced"


def schema(fields: Mapping[Any, Any]) -> Any:
    """A form schema, typed loosely on purpose.

    From Home Assistant 2026.11 on, `voluptuous` is probatio at run time and the
    flow API is typed with probatio's Schema, while mypy still sees the real
    voluptuous package; the object is right on both lines, only its static type
    differs, so that one difference is confined here.
    """
    return vol.Schema(fields)


def senec_schema(defaults: Mapping[str, Any]) -> Any:
    """The unit's address; scheme and path style "auto" unless chosen."""
    return schema(
        {
            vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, "")): str,
            **_auto_or(CONF_SCHEME, Scheme, defaults),
            **_auto_or(CONF_PATH_STYLE, PathStyle, defaults),
        }
    )


def _auto_or(
    key: str, choices: Iterable[StrEnum], defaults: Mapping[str, Any]
) -> dict[Any, SelectSelector]:
    """A dropdown of "auto" (detect) and the choices, named by translation_key."""
    return {
        vol.Required(key, default=defaults.get(key, AUTO)): SelectSelector(
            SelectSelectorConfig(
                options=[AUTO, *(choice.value for choice in choices)],
                translation_key=key,
                mode=SelectSelectorMode.DROPDOWN,
            )
        )
    }


def myenergi_schema(
    defaults: Mapping[str, Any],
    *,
    serial_fixed: bool,
    after_error: bool = False,
) -> Any:
    """The hub form; after an error it keeps what was entered.

    The API key is suggested back only from the user's own input (never the
    stored key), and the Advanced section stays open so the server entered
    there remains in view.
    """
    fields: dict[Any, Any] = {}
    if not serial_fixed:
        fields[
            vol.Required(CONF_HUB_SERIAL, default=defaults.get(CONF_HUB_SERIAL, ""))
        ] = str
    key_kept = {"suggested_value": defaults.get(CONF_API_KEY)} if after_error else None
    fields[vol.Required(CONF_API_KEY, description=key_kept)] = TextSelector(
        TextSelectorConfig(type=TextSelectorType.PASSWORD)
    )
    fields[vol.Required(CONF_ADVANCED)] = section(
        schema(
            {
                vol.Required(
                    CONF_SERVER, default=defaults.get(CONF_SERVER) or DEFAULT_SERVER
                ): TextSelector(TextSelectorConfig(type=TextSelectorType.URL)),
            }
        ),
        {"collapsed": not after_error},
    )
    return schema(fields)


def myenergi_data(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten the hub form: the server field sits in a collapsed section."""
    advanced = user_input.get(CONF_ADVANCED) or {}
    server = str(advanced.get(CONF_SERVER) or user_input.get(CONF_SERVER) or "")
    return {
        CONF_HUB_SERIAL: str(user_input.get(CONF_HUB_SERIAL, "")).strip(),
        CONF_API_KEY: str(user_input.get(CONF_API_KEY, "")).strip(),
        CONF_SERVER: server.strip().rstrip("/") or DEFAULT_SERVER,
    }


def api_key_schema() -> Any:
    """The reauth form: a new API key only."""
    return schema(
        {
            vol.Required(CONF_API_KEY): TextSelector(
                TextSelectorConfig(type=TextSelectorType.PASSWORD)
            )
        }
    )


def scan_interval_field(current: Any, minimum: timedelta) -> dict[Any, NumberSelector]:
    """The options' seconds between polls, from the device's minimum to an hour."""
    return {
        vol.Required(CONF_SCAN_INTERVAL, default=current): NumberSelector(
            NumberSelectorConfig(
                min=int(minimum.total_seconds()),
                max=3600,
                step=1,
                mode=NumberSelectorMode.BOX,
                unit_of_measurement="s",
            )
        )
    }
