"""The value codec: the documented examples, bad values, and fuzzing."""

from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.senec_zappi.senec.values import (
    END_OF_ARRAY,
    SENTINELS,
    WireType,
    decode_value,
    encode_value,
    encode_write,
    wire_type,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("fl_428C0000", 70.0),
        ("u1_07DB", 2011),
        ("u3_817E00E0", 2172518624),
        ("u6_00000000000C75D9", 816601),
        ("i3_FFFFFFFF", -1),
        ("i3_FFFFFF9C", -100),
        ("i3_00000078", 120),
        ("i1_0104", 260),
        ("i1_FFFF", -1),
        ("i8_19", 25),
        ("i8_FF", -1),
        ("u8_FF", 255),
        ("u8_0a", 10),
        ("st_0826", "0826"),
        ("ch_abc", "abc"),
        ("st_", ""),
        ("VARIABLE_NOT_FOUND", None),
        ("fl_", None),
    ],
)
def test_documented_examples(raw: str, expected: object) -> None:
    assert decode_value(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("fl_C5AB6F0B", -5485.88), ("fl_4247632F", 49.85)]
)
def test_float_examples(raw: str, expected: float) -> None:
    value = decode_value(raw)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("sentinel", sorted(SENTINELS))
def test_sentinels_have_no_value(sentinel: str) -> None:
    assert decode_value(sentinel) is None


@pytest.mark.parametrize(
    "raw",
    [
        "er_0001",  # the device's own error marker
        "xx_1234",  # unknown prefix
        "fl_428C00",  # too few digits
        "fl_428C0000AA",  # too many
        "fl_ZZZZZZZZ",  # not hex
        "fl_7FC00000",  # NaN
        "fl_7F800000",  # infinity
        "u1_10000",  # wider than 16 bit
        "u1_",
        "i3_12G4",
        "nounderscore",
        "",
        "u1_-001",
    ],
)
def test_bad_values_give_none(raw: str) -> None:
    assert decode_value(raw) is None


@pytest.mark.parametrize("raw", [None, 12, 1.5, True, {"a": "u8_01"}])
def test_non_text_gives_none(raw: object) -> None:
    assert decode_value(raw) is None


def test_arrays_decode_element_by_element() -> None:
    raw = ["fl_428C0000", "VARIABLE_NOT_FOUND", "u8_01", "fl_", END_OF_ARRAY]
    assert decode_value(raw) == [70.0, None, 1, None]
    assert decode_value([END_OF_ARRAY]) == []
    assert decode_value([["u8_01", END_OF_ARRAY], "u8_02"]) == [[1], 2]


@pytest.mark.parametrize(
    ("value", "prefix", "wire"),
    [
        (70.0, "fl", "fl_428C0000"),
        (2011, "u1_", "u1_07DB"),
        (-100, "i3", "i3_FFFFFF9C"),
        (25, "i8", "i8_19"),
        (816601, "u6", "u6_00000000000C75D9"),
        ("0826", "st", "st_0826"),
        ([1, 2], "u8", ["u8_01", "u8_02"]),
    ],
)
def test_encode_matches_the_wire(value: object, prefix: str, wire: object) -> None:
    assert encode_value(value, prefix) == wire  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "prefix"),
    [
        ("x", "fl"),
        (None, "fl"),
        (1.5, "u8"),
        (True, "u8"),
        (256, "u8"),
        (-1, "u1"),
        (128, "i8"),
        (1, "zz"),
    ],
)
def test_encode_refuses_what_does_not_fit(value: object, prefix: str) -> None:
    with pytest.raises(ValueError, match=r"fl_|needs|fit|prefix"):
        encode_value(value, prefix)  # type: ignore[arg-type]


WIDTHS = {"u8": 8, "u1": 16, "u3": 32, "u6": 64, "i8": 8, "i1": 16, "i3": 32}


@st.composite
def integer_and_prefix(draw: st.DrawFn) -> tuple[int, str]:
    prefix = draw(st.sampled_from(sorted(WIDTHS)))
    bits = WIDTHS[prefix]
    if prefix.startswith("i"):
        value = draw(st.integers(-(1 << (bits - 1)), (1 << (bits - 1)) - 1))
    else:
        value = draw(st.integers(0, (1 << bits) - 1))
    return value, prefix


@settings(max_examples=2000)
@given(integer_and_prefix())
def test_integers_round_trip(case: tuple[int, str]) -> None:
    value, prefix = case
    assert decode_value(encode_value(value, prefix)) == value


@settings(max_examples=1000)
@given(st.floats(width=32, allow_nan=False, allow_infinity=False))
def test_floats_round_trip(value: float) -> None:
    decoded = decode_value(encode_value(value, "fl"))
    assert isinstance(decoded, float)
    assert decoded == value or (math.isclose(decoded, 0) and value == 0)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=8,
)
PREFIXED = st.builds(
    lambda prefix, rest: f"{prefix}_{rest}",
    st.sampled_from(["fl", "u8", "u1", "u3", "u6", "i8", "i1", "i3", "st", "er", "x"]),
    st.text(alphabet="0123456789abcdefABCDEFXZ-_ ", max_size=20),
)


@settings(max_examples=2000)
@given(JSON_VALUES | PREFIXED | st.lists(PREFIXED | st.just(END_OF_ARRAY)))
def test_decoder_never_raises(raw: object) -> None:
    value = decode_value(raw)
    assert value is None or isinstance(value, float | int | str | list)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("u8_00", WireType("u8")),
        ("u1_07DB", WireType("u1")),
        ("fl_", WireType("fl")),  # no digits: still says its type
        ("i3_FFFFFFFF", WireType("i3")),
        ("st_0826", WireType("st")),
        (["u8_00", "u8_01"], WireType("u8", 2)),
        (["fl_00000000", END_OF_ARRAY], WireType("fl", 1)),
        (["u8_00", "u1_0000"], None),
        (["u8_00", "FORBIDDEN"], None),
        ([], None),
        ("er_", None),
        ("zz_01", None),
        ("u8", None),
        ("", None),
        (5, None),
        (None, None),
        *((sentinel, None) for sentinel in sorted(SENTINELS)),
    ],
)
def test_wire_type(raw: object, expected: WireType | None) -> None:
    assert wire_type(raw) == expected


@pytest.mark.parametrize(
    ("value", "kind", "wire"),
    [
        (1, WireType("u8"), "u8_01"),
        (1, WireType("fl"), "fl_3F800000"),
        ("x", WireType("ch"), "ch_x"),
        ([None, 1], WireType("u8", 2), ["", "u8_01"]),
        ([1], WireType("u1", 3), ["u1_0001", "", ""]),
        ([0, None, 2], WireType("i8", 3), ["i8_00", "", "i8_02"]),
    ],
)
def test_encode_write(value: object, kind: WireType, wire: object) -> None:
    assert encode_write(value, kind) == wire  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, WireType("u8")),
        ([1], WireType("u8")),
        (1, WireType("u8", 2)),
        ([1, 2, 3], WireType("u8", 2)),
        ([None, None], WireType("u8", 2)),
        ([[1]], WireType("u8", 2)),
        ([True], WireType("u8", 2)),
        (False, WireType("fl")),
        (1, WireType("st")),
        (1.5, WireType("u8")),
    ],
)
def test_encode_write_refuses(value: object, kind: WireType) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the messages differ by case
        encode_write(value, kind)  # type: ignore[arg-type]
