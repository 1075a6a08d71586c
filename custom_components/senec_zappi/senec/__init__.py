"""Client for the local lala.cgi API of SENEC V3 units (no Home Assistant code)."""

from .answer import DecodedAnswer, decode_answer
from .client import PathStyle, Scheme, SenecClient, parse_body, split_body
from .exceptions import (
    SenecConnectionError,
    SenecError,
    SenecInvalidAnswerError,
    SenecSessionError,
    SenecTimeoutError,
)
from .identity import IDENTITY_REQUEST, SenecIdentity, parse_identity
from .probe import ProbeResult, detect_path_style, probe
from .values import Value, decode_value, encode_value

__all__ = [
    "IDENTITY_REQUEST",
    "DecodedAnswer",
    "PathStyle",
    "ProbeResult",
    "Scheme",
    "SenecClient",
    "SenecConnectionError",
    "SenecError",
    "SenecIdentity",
    "SenecInvalidAnswerError",
    "SenecSessionError",
    "SenecTimeoutError",
    "Value",
    "decode_answer",
    "decode_value",
    "detect_path_style",
    "encode_value",
    "parse_body",
    "parse_identity",
    "probe",
    "split_body",
]
