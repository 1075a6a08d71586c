"""Arbitrary JSON never makes the parsers raise anything unexpected."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.senec_zappi.myenergi import (
    MyenergiInvalidAnswerError,
    parse_history,
    parse_status,
)
from custom_components.senec_zappi.myenergi.names import parse_names

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()  # includes NaN and infinities, which json.loads accepts
    | st.text(max_size=8)
    | st.sampled_from(["A", "B1", "C2", "None", "Grid", "Z16000001", "siteName"])
)
_STATUS_KEYS = st.sampled_from(
    ["sno", "div", "grd", "gen", "che", "vol", "frq", "pha", "pwm", "mgl", "pri",
     "tbk", "sbk", "sbh", "sbm", "zmo", "sta", "pst", "cmt", "lck", "fwv",
     "ectt1", "ectp1", "ectt6", "ectp6", "newAppAvailable", "zappi", "eddi"]
)  # fmt: skip
_HISTORY_KEYS = st.sampled_from(
    ["yr", "mon", "dom", "hr", "min", "imp", "exp", "gep", "h1d", "h2d", "h3d",
     "h1b", "h2b", "h3b", "v1", "frq", "U1"]
)  # fmt: skip


def _json(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        _SCALARS,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(keys | st.text(max_size=4), children, max_size=6)
        ),
        max_leaves=25,
    )


_SETTINGS = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_SETTINGS
@given(_json(_STATUS_KEYS))
def test_parse_status_only_raises_invalid_answer(payload: Any) -> None:
    try:
        result = parse_status(payload)
    except MyenergiInvalidAnswerError:
        return
    assert isinstance(result, list)


@_SETTINGS
@given(st.dictionaries(_STATUS_KEYS, _SCALARS, max_size=12))
def test_parse_status_any_zappi_entry(entry: dict[str, Any]) -> None:
    result = parse_status({"zappi": [{"sno": 1, **entry}]})
    assert len(result) <= 1
    for zappi in result:
        assert zappi.charge_power_w is None or type(zappi.charge_power_w) is int
        assert isinstance(zappi.charge_added_kwh, float)
        assert zappi.ev_connected in (True, False, None)


@_SETTINGS
@given(_json(_HISTORY_KEYS))
def test_parse_history_only_raises_invalid_answer(payload: Any) -> None:
    try:
        result = parse_history(payload)
    except MyenergiInvalidAnswerError:
        return
    assert isinstance(result, list)


@_SETTINGS
@given(st.lists(st.dictionaries(_HISTORY_KEYS, _SCALARS, max_size=12), max_size=5))
def test_parse_history_any_records(records: list[dict[str, Any]]) -> None:
    result = parse_history({"U16000001": records})
    assert len(result) <= len(records)
    assert all(isinstance(r.import_j, int) for r in result)


@settings(_SETTINGS, max_examples=300)
@given(_json(st.sampled_from(["siteName", "Z16000001", "key", "val", "H1"])))
def test_parse_names_never_raises(payload: Any) -> None:
    names = parse_names(payload)
    assert all(isinstance(v, str) and v for v in names.values())
