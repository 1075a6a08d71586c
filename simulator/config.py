"""What a simulator run looks like: ports, credentials, styles and faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

HOST: Final = "127.0.0.1"


class Device(StrEnum):
    """The two simulated devices; faults are set per device."""

    SENEC = "senec"
    MYENERGI = "myenergi"


class Fault(StrEnum):
    """How a device misbehaves; NONE answers normally."""

    NONE = "none"
    SLOW = "slow"  # answer after slow_seconds
    TIMEOUT = "timeout"  # hang until the fault ends
    HTTP_500 = "http_500"
    HTML_404 = "html_404"
    TRUNCATED_JSON = "truncated_json"  # HTTP 200, half a body
    RESET = "reset"  # connection reset in the middle of the body
    UNAUTHORIZED = "unauthorized"  # 401 whatever the credentials
    RATE_LIMITED = "rate_limited"  # 429 with Retry-After
    NO_ASN = "no_asn"  # myenergi only: answers lack X_MYENERGI-asn
    SENTINEL = "sentinel"  # values replaced by VARIABLE_NOT_FOUND
    # SENEC only: writes and the session.
    WRITE_REFUSED = "write_refused"  # written keys answer FORBIDDEN
    WRITE_IGNORED = "write_ignored"  # writes are echoed but never applied
    SAFE_CHARGE_RESUMES = "safe_charge_resumes"  # back on flip seconds after off
    SAFE_CHARGE_DROPS = "safe_charge_drops"  # off by itself flip seconds after on
    # back on flip seconds after the first off only; a second off sticks
    SAFE_CHARGE_RESUMES_ONCE = "safe_charge_resumes_once"
    RESTART_DROPS = "restart_drops"  # the restart write's connection drops unanswered
    SESSION_EMPTY = "session_empty"  # a refused session answers HTTP 200 {}
    # myenergi only: zappi commands (reads stay healthy).
    ZAPPI_BUSY = "zappi_busy"  # commands answer status -26
    ZAPPI_BAD_PARAMETER = "zappi_bad_parameter"  # commands answer status -14
    ZAPPI_NEVER_APPLIED = "zappi_never_applied"  # taken, cmt 255, nothing changes
    ZAPPI_SLOW_APPLY = "zappi_slow_apply"  # applied after slow_command_delay
    ZAPPI_REJECTED = "zappi_rejected"  # counts down, then cmt 253, nothing changes
    ZAPPI_LOST = "zappi_lost"  # taken (status 0), never reaches the zappi: no change
    ASN_UNDEFINED = "asn_undefined"  # X_MYENERGI-asn: undefined (server migration)


SENEC_ONLY: Final = frozenset(
    {
        Fault.WRITE_REFUSED,
        Fault.WRITE_IGNORED,
        Fault.SAFE_CHARGE_RESUMES,
        Fault.SAFE_CHARGE_DROPS,
        Fault.SAFE_CHARGE_RESUMES_ONCE,
        Fault.RESTART_DROPS,
        Fault.SESSION_EMPTY,
    }
)

# Faults that only the myenergi side can be in.
MYENERGI_ONLY_FAULTS: Final = frozenset(
    {
        Fault.NO_ASN,
        Fault.ZAPPI_BUSY,
        Fault.ZAPPI_BAD_PARAMETER,
        Fault.ZAPPI_NEVER_APPLIED,
        Fault.ZAPPI_SLOW_APPLY,
        Fault.ZAPPI_REJECTED,
        Fault.ZAPPI_LOST,
        Fault.ASN_UNDEFINED,
    }
)


# The charges a SENEC unit runs by itself: none, 25 safety charge, 33 emergency.
OWN_CHARGES: Final = frozenset({0, 25, 33})


class PathStyle(StrEnum):
    """Where vars.html and the logs live, by SENEC firmware."""

    DOUBLE = "double"  # //vars.html, //log/... (0826+)
    CAPITAL = "capital"  # /Vars.html (0825)
    LOWER = "lower"  # /vars.html (before 0825)


@dataclass(frozen=True, slots=True)
class SimConfig:
    """Everything a run can be started with (port 0 picks a free port)."""

    senec_port: int = 0
    myenergi_port: int = 0
    senec_https: bool = True
    path_style: PathStyle = PathStyle.DOUBLE
    require_cookie: bool = True
    hub_serial: str = "12345678"
    api_key: str = "sim-api-key"
    zappi_serial: str = "16000001"
    # How many zappis the hub has (serials count up from zappi_serial), and
    # whether the SENEC unit has a wallbox of its own (most owners of a
    # zappi have none).
    zappis: int = 1
    senec_wallbox: bool = False
    nonce_lifetime: float = 300.0
    slow_seconds: float = 3.0
    retry_after: int = 30
    faults: dict[Device, Fault] = field(default_factory=dict)
    # SENEC: how long a restart keeps the unit off the network, and when the
    # unit switches a safe charge by itself (faults safe_charge_*).
    reboot_seconds: float = 20.0
    safe_charge_flip_seconds: float = 10.0
    # SENEC: a charge the unit runs by itself (system state 25 safety charge,
    # 33 emergency charge; 0: none), and whether a forced socket is powered
    # only while it is enabled (ENABLE 1; the capture has both at 0).
    own_charge: int = 0
    sockets_need_enable: bool = False
    # zappi commands: applied this many seconds after they arrive.
    command_delay: float = 2.0
    slow_command_delay: float = 15.0  # with the zappi_slow_apply fault
    # False: the zappi is on a meter the SENEC does not see (house view check).
    zappi_behind_senec: bool = True
    # History as the hub uploads it: hours that started less than this many
    # seconds ago are not uploaded yet (0: at once); the hour being uploaded
    # still grows on later reads. Every n-th history answer is empty (0: never).
    history_upload_delay: float = 0.0
    history_empty_every: int = 0
    # What real zappis show (myenergi-facts.md "Commands in the field").
    zappi_cmt_at_rest: int = 254  # 253: a failure long ago, kept at rest
    zappi_quiet_pending: bool = False  # cmt keeps its value until applied
    zappi_omit_zero: bool = False  # zero fields (sbh, mgl, boost flags) left out
    zappi_sta_4_in_fast: bool = False  # sta 4 in Fast mode without a boost

    @property
    def zappi_serials(self) -> tuple[str, ...]:
        """Every zappi's serial, the first one first."""
        first = int(self.zappi_serial)
        return tuple(str(first + index) for index in range(max(self.zappis, 1)))
