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
    SESSION_EMPTY = "session_empty"  # a refused session answers HTTP 200 {}


SENEC_ONLY: Final = frozenset(
    {
        Fault.WRITE_REFUSED,
        Fault.WRITE_IGNORED,
        Fault.SAFE_CHARGE_RESUMES,
        Fault.SAFE_CHARGE_DROPS,
        Fault.SESSION_EMPTY,
    }
)


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
    nonce_lifetime: float = 300.0
    slow_seconds: float = 3.0
    retry_after: int = 30
    faults: dict[Device, Fault] = field(default_factory=dict)
    # SENEC: how long a restart keeps the unit off the network, and when the
    # unit switches a safe charge by itself (faults safe_charge_*).
    reboot_seconds: float = 20.0
    safe_charge_flip_seconds: float = 10.0
