"""The tolerant parsing of cgi-get-app-key- (an undocumented answer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.senec_zappi.myenergi import parse_names

NAMES = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "myenergi_names.json").read_text()
)


def test_fixture_key_value_lists() -> None:
    assert parse_names(NAMES) == {
        "siteName": "Home",
        "16000001": "Driveway",
        "12345678": "Hub",
    }


def test_flat_object() -> None:
    payload = {"siteName": " Home ", "Z16000001": "Driveway", "16000002": "Garage"}
    assert parse_names(payload) == {
        "siteName": "Home",
        "16000001": "Driveway",
        "16000002": "Garage",
    }


def test_bare_list_of_pairs() -> None:
    payload = [{"key": "siteName", "val": "Cottage"}, {"key": "Z1600", "val": "Z"}]
    assert parse_names(payload) == {"siteName": "Cottage", "1600": "Z"}


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "Home",
        42,
        {},
        [],
        {"siteName": ""},
        {"siteName": 5, "Z16000001": None},
        {"other": "x", "ZZ16000001": "y", "Z12": "too short"},
        {"H1": [{"key": "siteName"}, {"val": "x"}, "junk", {"key": 5, "val": "y"}]},
    ],
)
def test_nothing_usable(payload: object) -> None:
    assert parse_names(payload) == {}
