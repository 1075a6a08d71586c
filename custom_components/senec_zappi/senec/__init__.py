"""Client for the local lala.cgi API of SENEC V3 units (no Home Assistant code)."""

from .answer import DecodedAnswer, decode_answer
from .client import (
    RESTART_MIN_NPU_IMAGE,
    SESSION_COOKIE,
    PathStyle,
    Scheme,
    SenecClient,
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
from .wire import parse_body, split_body

__all__ = [
    "IDENTITY_REQUEST",
    "RESTART_MIN_NPU_IMAGE",
    "SESSION_COOKIE",
    "DecodedAnswer",
    "PathStyle",
    "ProbeResult",
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
    "parse_body",
    "parse_identity",
    "probe",
    "split_body",
    "wire_type",
]
