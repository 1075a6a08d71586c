"""The lala.cgi value encoding: ``PREFIX_HEX`` strings and lists of them.

Decoding never raises: one bad value costs only that value (known
integrations lose whole answers on a single ``fl_`` without digits).
"""

from __future__ import annotations

from dataclasses import dataclass
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


class OutOfRangeError(ValueError):
    """A value of the right kind that the unit's type cannot hold (too large)."""


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
        try:
            packed = struct.pack(">f", float(value))
        except OverflowError:
            raise OutOfRangeError(f"{value} does not fit fl_") from None
        bits = int.from_bytes(packed, "big")
        return f"fl_{bits:08X}"
    if prefix in INTEGER_PREFIXES:
        width, signed = INTEGER_PREFIXES[prefix]
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{prefix}_ needs an integer, got {value!r}")
        bits = width * 4
        low, high = (-(1 << (bits - 1)), 1 << (bits - 1)) if signed else (0, 1 << bits)
        if not low <= value < high:
            raise OutOfRangeError(f"{value} does not fit {prefix}_")
        return f"{prefix}_{value % (1 << bits):0{width}X}"
    raise ValueError(f"unknown prefix {prefix!r}")


WRITABLE_PREFIXES: Final = frozenset({"fl", *INTEGER_PREFIXES, *TEXT_PREFIXES})


@dataclass(frozen=True, slots=True)
class WireType:
    """The type the unit uses for one key: prefix, and array length if any."""

    prefix: str
    length: int | None = None  # None: a scalar


def _scalar_prefix(raw: object) -> str | None:
    if not isinstance(raw, str) or raw in SENTINELS:
        return None
    prefix, sep, _ = raw.partition("_")
    return prefix if sep and prefix in WRITABLE_PREFIXES else None


def wire_type(raw: object) -> WireType | None:
    """The type of a key as the unit answered it; None when it tells none.

    Writes use the unit's own type, never a guess: the same key has different
    types on different models (POWER_RATIO u3 on one, fl on another).
    """
    if isinstance(raw, list):
        items = [item for item in raw if item != END_OF_ARRAY]
        prefixes = {_scalar_prefix(item) for item in items}
        if len(prefixes) != 1 or None in prefixes:
            return None
        return WireType(prefixes.pop() or "", len(items))
    prefix = _scalar_prefix(raw)
    return None if prefix is None else WireType(prefix)


def _encode_scalar(value: Value, prefix: str) -> str:
    if isinstance(value, list):
        raise ValueError(f"nested list {value!r} in an array write")
    if prefix in TEXT_PREFIXES and not isinstance(value, str):
        raise ValueError(f"{prefix}_ needs text, got {value!r}")
    if isinstance(value, bool):
        raise ValueError(f"{prefix}_ needs a number, got {value!r}")
    encoded = encode_value(value, prefix)
    if not isinstance(encoded, str):  # pragma: no cover - scalars encode to str
        raise ValueError(f"cannot encode {value!r}")
    return encoded


def encode_write(value: Value, kind: WireType) -> str | list[str]:
    """A value to write, in the unit's type; raises ValueError when it does not fit.

    OutOfRangeError (a ValueError) when the kind is right but the value is
    too large for the type (or the array); plain ValueError for a wrong kind.

    For arrays, None marks a slot left alone: it goes out as ``""``, and a
    list shorter than the unit's array leaves the remaining slots alone.
    """
    if kind.length is None:
        if value is None or isinstance(value, list):
            raise ValueError(f"{kind.prefix}_ needs a single value, got {value!r}")
        return _encode_scalar(value, kind.prefix)
    if not isinstance(value, list):
        raise ValueError(f"an array of {kind.length} needs a list, got {value!r}")
    if len(value) > kind.length:
        raise OutOfRangeError(
            f"the unit's array has {kind.length} slots, not {len(value)}"
        )
    slots: list[str] = []
    for item in [*value, *[None] * (kind.length - len(value))]:
        if item is None:
            slots.append("")
            continue
        slots.append(_encode_scalar(item, kind.prefix))
    if not any(slots):
        raise ValueError("an array write must set at least one slot")
    return slots
