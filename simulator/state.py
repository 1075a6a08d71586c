"""What both simulated devices share: the plant, the faults, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from aiohttp import web

from .config import SimConfig
from .digest import DigestServer
from .faults import FaultBoard
from .plant import Plant, further_chargers
from .senec_control import SenecControl
from .senec_values import SenecVariables
from .zappi_commands import ZappiCommands


@dataclass(slots=True)
class SimState:
    """One simulated home; the web apps read it, the control endpoint sets it."""

    config: SimConfig
    plant: Plant = field(init=False)
    board: FaultBoard = field(default_factory=FaultBoard)
    senec: SenecVariables = field(init=False)
    cookies: set[str] = field(default_factory=set)
    myenergi_ports: list[int] = field(default_factory=list)
    asn_index: int = 0  # which myenergi port the director points hubs at
    senec_requests: int = 0
    myenergi_requests: int = 0
    history_answers: int = 0
    # Seconds the simulated home's clock runs ahead of the wall clock
    # (POST /_sim/clock): a benchmark moves it with Home Assistant's clock
    # instead of waiting for a zappi that applies after 90 s.
    clock_offset: float = 0.0
    digest: DigestServer = field(init=False)
    senec_control: SenecControl = field(init=False)
    zappi: ZappiCommands = field(init=False)
    # Every zappi's commands by serial; the first is also ``zappi``.
    zappis: dict[str, ZappiCommands] = field(init=False)

    def __post_init__(self) -> None:
        """The home, its zappis and the digest credentials, as configured.

        The home's clock can move (clock_offset); the first zappi hangs
        behind the SENEC's meter unless configured elsewhere.
        """
        self.plant = Plant(others=further_chargers(self.config.zappis))
        self.plant.zappi_behind_senec = self.config.zappi_behind_senec
        self.senec = SenecVariables(wallbox=self.config.senec_wallbox)
        wall_clock = self.plant.clock
        self.plant.clock = lambda: wall_clock() + self.clock_offset
        self.digest = DigestServer(
            self.config.hub_serial,
            self.config.api_key,
            lifetime=self.config.nonce_lifetime,
        )
        self.senec_control = SenecControl(
            self.plant,
            self.cookies,
            reboot_seconds=self.config.reboot_seconds,
            flip_seconds=self.config.safe_charge_flip_seconds,
            sockets_need_enable=self.config.sockets_need_enable,
        )
        self.plant.own_charge = self.config.own_charge
        self.zappis = {
            serial: ZappiCommands(
                self.plant,
                serial,
                command_delay=self.config.command_delay,
                slow_command_delay=self.config.slow_command_delay,
                index=index,
                cmt=self.config.zappi_cmt_at_rest,
                quiet_pending=self.config.zappi_quiet_pending,
                omit_zero=self.config.zappi_omit_zero,
                sta_4_in_fast=self.config.zappi_sta_4_in_fast,
            )
            for index, serial in enumerate(self.config.zappi_serials)
        }
        self.zappi = self.zappis[self.config.zappi_serial]

    @property
    def asn(self) -> str:
        """host:port the director names in X_MYENERGI-asn."""
        return f"127.0.0.1:{self.myenergi_ports[self.asn_index]}"


STATE_KEY: Final = web.AppKey("state", SimState)
