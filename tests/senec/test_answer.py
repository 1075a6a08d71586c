"""Whole answers: sentinels, missing sections, merging parts of a request."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.senec_zappi.senec import (
    DecodedAnswer,
    SenecInvalidAnswerError,
    decode_answer,
)


def test_decode_answer_keeps_sentinels_and_lists_missing_sections() -> None:
    answer = decode_answer(
        {
            "ENERGY": {
                "GUI_BAT_DATA_FUEL_CHARGE": "fl_428C0000",
                "GUI_GRID_POW": "VARIABLE_NOT_FOUND",
                "STAT_STATE": "u8_0E",
            },
            "WALLBOX": "OBJECT_NOT_FOUND",
            "FAN_SPEED": {"OBJECT_NOT_FOUND": ""},
        }
    )
    assert answer.sections == {
        "ENERGY": {
            "GUI_BAT_DATA_FUEL_CHARGE": 70.0,
            "GUI_GRID_POW": None,
            "STAT_STATE": 14,
        }
    }
    assert "GUI_GRID_POW" in answer.sections["ENERGY"]
    assert answer.missing_sections == {"WALLBOX", "FAN_SPEED"}
    assert answer.raw["WALLBOX"] == "OBJECT_NOT_FOUND"


def test_not_found_means_the_unit_lacks_the_key() -> None:
    """Only VARIABLE_NOT_FOUND says so; other sentinels and unasked keys do not."""
    answer = decode_answer(
        {
            "TEMPMEASURE": {
                "CASE_TEMP": "VARIABLE_NOT_FOUND",
                "MCU_TEMP": "er_0001",
                "BATTERY_TEMP": "fl_42000000",
            },
            "ENERGY": {"GUI_GRID_POW": "FORBIDDEN"},
            "WALLBOX": {"OBJECT_NOT_FOUND": ""},
        }
    )
    assert answer.not_found("TEMPMEASURE", "CASE_TEMP")
    assert not answer.not_found("TEMPMEASURE", "MCU_TEMP")
    assert not answer.not_found("TEMPMEASURE", "BATTERY_TEMP")
    assert not answer.not_found("TEMPMEASURE", "NOT_ASKED")
    assert not answer.not_found("ENERGY", "GUI_GRID_POW")
    assert not answer.not_found("WALLBOX", "STATE")
    merged = DecodedAnswer().merge(answer)
    assert merged.not_found("TEMPMEASURE", "CASE_TEMP")


@pytest.mark.parametrize("payload", [[], "text", 3, None])
def test_decode_answer_needs_an_object(payload: object) -> None:
    with pytest.raises(SenecInvalidAnswerError):
        decode_answer(payload)


def test_merge_joins_sections_and_forgets_sections_found_later() -> None:
    first = decode_answer(
        {"ENERGY": {"STAT_STATE": "u8_0E"}, "PM1OBJ1": "OBJECT_NOT_FOUND"}
    )
    second = decode_answer(
        {
            "ENERGY": {"GUI_GRID_POW": "fl_428C0000"},
            "PM1OBJ1": {"FREQ": "fl_4247632F"},
            "BMS": {"OBJECT_NOT_FOUND": ""},
        }
    )
    merged = first.merge(second)
    assert merged.sections["ENERGY"] == {"STAT_STATE": 14, "GUI_GRID_POW": 70.0}
    assert merged.sections["PM1OBJ1"]["FREQ"] == pytest.approx(49.85, abs=0.01)
    assert merged.missing_sections == {"BMS"}
    assert merged.raw["ENERGY"] == {
        "STAT_STATE": "u8_0E",
        "GUI_GRID_POW": "fl_428C0000",
    }
    assert merged.raw["PM1OBJ1"] == {"FREQ": "fl_4247632F"}
    # the parts are not changed
    assert first.sections["ENERGY"] == {"STAT_STATE": 14}
    assert first.raw["ENERGY"] == {"STAT_STATE": "u8_0E"}


def test_merge_with_empty_answer() -> None:
    answer = decode_answer({"ENERGY": {"STAT_STATE": "u8_0E"}})
    assert DecodedAnswer().merge(answer) == answer


@settings(max_examples=1000)
@given(
    st.dictionaries(
        st.text(max_size=8),
        st.text(max_size=8)
        | st.dictionaries(
            st.text(max_size=8),
            st.text(max_size=12) | st.lists(st.text(max_size=12), max_size=3),
            max_size=4,
        ),
        max_size=4,
    )
)
def test_decode_answer_never_raises_on_objects(payload: dict[str, object]) -> None:
    answer = decode_answer(payload)
    assert set(answer.sections) | answer.missing_sections == set(payload)
