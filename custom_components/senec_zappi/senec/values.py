"""The lala.cgi value encoding: ``PREFIX_HEX`` strings and lists of them.

Decoding never raises: one bad value costs only that value (known
integrations lose whole answers on a single ``fl_`` without digits).
"""

from __future__ import annotations

import math
import struct
from typing import Final

type Value = float | int | str | list[Value] | None

END_OF_ARRAY: Final = "st_END_OF_ARRAY"
SENTINELS: Final = frozenset(
    {
        "VARIABLE_NOT_FOUND",
        "OBJECT_NOT_FOUND",
        "FORBIDDEN",
        "MALFORMED_VALUE",
        "FILE_VARIABLE_NOT_READABLE",
    }
)
# prefix -> (hex digits, signed)
INTEGER_PREFIXES: Final[dict[str, tuple[int, bool]]] = {
    "u8": (2, False),
    "u1": (4, False),
    "u3": (8, False),
    "u6": (16, False),
    "i8": (2, True),
    "i1": (4, True),
    "i3": (8, True),
}
TEXT_PREFIXES: Final = frozenset({"st", "ch"})
_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")


def _hex(digits: str, width: int) -> int | None:
    if not digits or len(digits) > width or not set(digits) <= _HEX_DIGITS:
        return None
    return int(digits, 16)


def _decode_text(raw: str) -> Value:
    if raw in SENTINELS:
        return None
    prefix, sep, rest = raw.partition("_")
    if not sep:
        return None
    if prefix in TEXT_PREFIXES:
        return rest
    if prefix == "fl":
        if len(rest) != 8:
            return None
        bits = _hex(rest, 8)
        if bits is None:
            return None
        value: float = struct.unpack(">f", bits.to_bytes(4, "big"))[0]
        return value if math.isfinite(value) else None
    if prefix in INTEGER_PREFIXES:
        width, signed = INTEGER_PREFIXES[prefix]
        number = _hex(rest, width)
        if number is None:
            return None
        bits = width * 4
        if signed and number >= 1 << (bits - 1):
            number -= 1 << bits
        return number
    return None  # er_ (the device's own error) and prefixes nobody knows


def decode_value(raw: object) -> Value:
    """One wire value as a Python value; None when it holds no value."""
    if isinstance(raw, str):
        return _decode_text(raw)
    if isinstance(raw, list):
        return [decode_value(item) for item in raw if item != END_OF_ARRAY]
    return None


def encode_value(value: Value, prefix: str) -> str | list[object]:
    """The inverse of decode_value, for fixtures and the simulator."""
    prefix = prefix.rstrip("_")
    if isinstance(value, list):
        return [encode_value(item, prefix) for item in value]
    if prefix in TEXT_PREFIXES:
        return f"{prefix}_{value}"
    if prefix == "fl":
        if isinstance(value, str) or value is None:
            raise ValueError(f"fl_ needs a number, got {value!r}")
        bits = int.from_bytes(struct.pack(">f", float(value)), "big")
        return f"fl_{bits:08X}"
    if prefix in INTEGER_PREFIXES:
        width, signed = INTEGER_PREFIXES[prefix]
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{prefix}_ needs an integer, got {value!r}")
        bits = width * 4
        low, high = (-(1 << (bits - 1)), 1 << (bits - 1)) if signed else (0, 1 << bits)
        if not low <= value < high:
            raise ValueError(f"{value} does not fit {prefix}_")
        return f"{prefix}_{value % (1 << bits):0{width}X}"
    raise ValueError(f"unknown prefix {prefix!r}")
