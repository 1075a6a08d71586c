"""SENEC controls: safe charge, socket force-on (switches) and restart (button).

A switch shows the value the unit reports (never the one asked for) and
writes through the client's own commands, which write the way the unit's
web page does. Which entities a unit gets: sockets only when the unit has
them and the sockets feature is licensed; restart only on NPU images that
know the command.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from homeassistant.components.button import ButtonDeviceClass, ButtonEntityDescription
from homeassistant.components.switch import SwitchEntityDescription
from homeassistant.const import EntityCategory

from ...senec import RESTART_MIN_NPU_IMAGE, DecodedAnswer, SenecClient, SenecIdentity
from ..kinds import MAIN_DISABLED, PRIMARY, Shown
from .base import SenecEntityDescription, per_unit, read_value
from .enums import STAT_STATE
from .values import IsOnFn, all_of, enum, flag, nonzero
from .wallbox import SOCKET_UNITS, SOCKETS

type SwitchFn = Callable[[SenecClient, int | None], Awaitable[DecodedAnswer]]
type PressFn = Callable[[SenecClient], Awaitable[DecodedAnswer]]
type SupportedFn = Callable[[SenecIdentity], bool]

# Risky settings-like controls: in the configuration list, off until enabled.
CONFIG_OFF = Shown(EntityCategory.CONFIG, enabled=False)
# What the unit reports as its system state; named in a warning when it
# switches a control by itself.
SYSTEM_STATE = ("ENERGY", "STAT_STATE")


def system_state(data: DecodedAnswer) -> str:
    """The unit's system state as its option key ("manual_safety_charge").

    A code the integration does not know is given as the number itself.
    """
    raw = read_value(data, *SYSTEM_STATE, None)
    state = enum(STAT_STATE)(raw)
    return str(state) if state is not None else f"code {raw}"


@dataclass(frozen=True, kw_only=True)
class SenecSwitchEntityDescription(SenecEntityDescription, SwitchEntityDescription):
    """A SENEC on/off setting: the value that shows it, the writes that set it."""

    is_on_fn: IsOnFn = flag
    turn_on_fn: SwitchFn
    turn_off_fn: SwitchFn


@dataclass(frozen=True, kw_only=True)
class SenecButtonEntityDescription(ButtonEntityDescription):
    """A SENEC command, offered only where the unit's firmware supports it."""

    press_fn: PressFn
    supported_fn: SupportedFn


def _start_safe_charge(client: SenecClient, _: int | None) -> Awaitable[DecodedAnswer]:
    return client.start_safe_charge()


def _stop_safe_charge(client: SenecClient, _: int | None) -> Awaitable[DecodedAnswer]:
    return client.stop_safe_charge()


def _force_socket(on: bool) -> SwitchFn:
    """Write FORCE_ON of the switch's socket (its array index)."""

    def write(client: SenecClient, index: int | None) -> Awaitable[DecodedAnswer]:
        if index is None:
            raise ValueError("a socket switch needs its socket index")
        return client.set_socket_force_on(index, on)

    return write


def _restart(client: SenecClient) -> Awaitable[DecodedAnswer]:
    return client.restart()


def restart_supported(identity: SenecIdentity) -> bool:
    """USER_REBOOT_DEVICE exists from NPU image 2408 on; unknown means no."""
    version = (identity.npu_image_version or "").strip()
    return version.isdigit() and int(version) >= RESTART_MIN_NPU_IMAGE


def _switch(
    key: str,
    section: str,
    field: str,
    turn_on_fn: SwitchFn,
    turn_off_fn: SwitchFn,
    shown: Shown,
) -> SenecSwitchEntityDescription:
    return SenecSwitchEntityDescription(
        key=key,
        translation_key=key,
        section=section,
        field=field,
        turn_on_fn=turn_on_fn,
        turn_off_fn=turn_off_fn,
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
    )


# Sockets the unit has, while the sockets feature is licensed.
LICENSED_SOCKETS = tuple(
    replace(unit, exists_fn=all_of(unit.exists_fn, nonzero("FEATURES", "SOCKETS")))
    for unit in SOCKET_UNITS
)

SENEC_SWITCHES: tuple[SenecSwitchEntityDescription, ...] = (
    # Charge the battery from the grid ("Akku-Volladung" on the web page).
    _switch(
        "safe_charge",
        "ENERGY",
        "SAFE_CHARGE_RUNNING",
        _start_safe_charge,
        _stop_safe_charge,
        PRIMARY,
    ),
    *per_unit(
        LICENSED_SOCKETS,
        (
            _switch(
                "force_on",
                SOCKETS,
                "FORCE_ON",
                _force_socket(True),
                _force_socket(False),
                MAIN_DISABLED,
            ),
        ),
    ),
)

SENEC_BUTTONS: tuple[SenecButtonEntityDescription, ...] = (
    SenecButtonEntityDescription(
        key="restart",
        translation_key="restart",
        device_class=ButtonDeviceClass.RESTART,
        press_fn=_restart,
        supported_fn=restart_supported,
        entity_category=CONFIG_OFF.category,
        entity_registry_enabled_default=CONFIG_OFF.enabled,
    ),
)
