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

from ...senec import (
    RESTART_MIN_NPU_IMAGE,
    DecodedAnswer,
    SenecClient,
    SenecIdentity,
    own_charge_running,
    socket_disabled_unpowered,
)
from ..kinds import MAIN_DISABLED, PRIMARY, Shown
from .base import SenecEntityDescription, per_unit, read_value
from .enums import STAT_STATE
from .values import IsOnFn, all_of, enum, flag, nonzero
from .wallbox import SOCKET_UNITS, SOCKETS

type SwitchFn = Callable[[SenecClient, int | None], Awaitable[DecodedAnswer]]
type PressFn = Callable[[SenecClient], Awaitable[object]]
type SupportedFn = Callable[[SenecIdentity], bool]
# The unit's answer says "off" must not be sent now.
type BlocksOffFn = Callable[[DecodedAnswer], bool]
# The switch's element (socket) is on as asked, yet does not work: index.
type StuckFn = Callable[[DecodedAnswer, int], bool]

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
    # Safe charge: units undo an "off" seconds later, so "off" is read again
    # after that window (and sent once more if it came back).
    off_may_come_back: bool = False
    # Safe charge: no "off" while the unit runs a charge of its own.
    blocks_off_fn: BlocksOffFn | None = None
    # Sockets: forced on but unpowered because disabled in the unit.
    stuck_fn: StuckFn | None = None
    # Keys read besides the switch's own (for blocks_off_fn / stuck_fn).
    also_reads: tuple[tuple[str, str], ...] = ()

    @property
    def reads(self) -> tuple[tuple[str, str], ...]:
        """The switch's own key and what its rules look at."""
        return ((self.section, self.field), *self.also_reads)


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


def _restart(client: SenecClient) -> Awaitable[DecodedAnswer | None]:
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
    *,
    off_may_come_back: bool = False,
    blocks_off_fn: BlocksOffFn | None = None,
    stuck_fn: StuckFn | None = None,
    also_reads: tuple[tuple[str, str], ...] = (),
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
        off_may_come_back=off_may_come_back,
        blocks_off_fn=blocks_off_fn,
        stuck_fn=stuck_fn,
        also_reads=also_reads,
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
        off_may_come_back=True,
        blocks_off_fn=own_charge_running,
        also_reads=(SYSTEM_STATE,),
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
                stuck_fn=socket_disabled_unpowered,
                also_reads=((SOCKETS, "ENABLE"), (SOCKETS, "POWER_ON")),
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
