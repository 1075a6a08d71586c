"""Client for the local lala.cgi API of SENEC V3 units (no Home Assistant code)."""

from .answer import DecodedAnswer, decode_answer
from .client import (
    RESTART_MIN_NPU_IMAGE,
    SESSION_COOKIE,
    SenecClient,
)
from .controls import (
    OWN_CHARGE_STATES,
    SAFE_CHARGE_RESUME_WINDOW,
    RestartGuard,
    own_charge_running,
    safe_charge_running,
    socket_disabled_unpowered,
    system_state_code,
)
from .exceptions import (
    SenecConnectionError,
    SenecError,
    SenecInvalidAnswerError,
    SenecNotFoundError,
    SenecSessionError,
    SenecTimeoutError,
    SenecWriteError,
    SenecWriteNotEchoedError,
    SenecWriteRefusedError,
    WriteFailure,
)
from .identity import IDENTITY_REQUEST, SenecIdentity, parse_identity
from .probe import ProbeResult, detect_path_style, probe
from .values import (
    Value,
    WireType,
    decode_value,
    encode_value,
    encode_write,
    wire_type,
)
from .wire import PathStyle, Scheme, parse_body, split_body

__all__ = [
    "IDENTITY_REQUEST",
    "OWN_CHARGE_STATES",
    "RESTART_MIN_NPU_IMAGE",
    "SAFE_CHARGE_RESUME_WINDOW",
    "SESSION_COOKIE",
    "DecodedAnswer",
    "PathStyle",
    "ProbeResult",
    "RestartGuard",
    "Scheme",
    "SenecClient",
    "SenecConnectionError",
    "SenecError",
    "SenecIdentity",
    "SenecInvalidAnswerError",
    "SenecNotFoundError",
    "SenecSessionError",
    "SenecTimeoutError",
    "SenecWriteError",
    "SenecWriteNotEchoedError",
    "SenecWriteRefusedError",
    "Value",
    "WireType",
    "WriteFailure",
    "decode_answer",
    "decode_value",
    "detect_path_style",
    "encode_value",
    "encode_write",
    "own_charge_running",
    "parse_body",
    "parse_identity",
    "probe",
    "safe_charge_running",
    "socket_disabled_unpowered",
    "split_body",
    "system_state_code",
    "wire_type",
]
