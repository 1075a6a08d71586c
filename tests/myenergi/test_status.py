"""Parsing of cgi-jstatus-Z answers into ZappiStatus."""

from __future__ import annotations

from datetime import UTC, datetime, time
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.senec_zappi.myenergi import (
    ChargeMode,
    CtClamp,
    MyenergiInvalidAnswerError,
    PhaseSetting,
    ZappiStatus,
    parse_status,
)

STATUS = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "myenergi_status.json").read_text()
)


def _one(raw: dict[str, Any]) -> ZappiStatus:
    (zappi,) = parse_status({"zappi": [raw]})
    return zappi


def test_fixture_all_fields() -> None:
    (zappi,) = parse_status(STATUS)
    assert zappi.serial == "16000001"
    assert zappi.firmware == "3560S5.039"
    assert zappi.charge_power_w == 5312
    assert zappi.grid_power_w == 4965
    assert zappi.generation_w == 552
    assert zappi.ct_clamps == (
        CtClamp(1, "Internal Load", 5312),
        CtClamp(2, "Grid", 4924),
    )
    assert zappi.charge_added_kwh == 2.04
    assert zappi.voltage_v == 223.1
    assert zappi.frequency_hz == 49.99
    assert zappi.phases == 1
    assert zappi.pwm_percent == 41.0
    assert zappi.current_offered_a == 24.6
    assert zappi.min_green_level == 10
    assert zappi.priority == 1
    assert zappi.manual_boost_kwh == 20.0
    assert zappi.smart_boost_kwh == 5.0
    assert zappi.smart_boost_time == time(17, 10)
    assert zappi.mode == 1
    assert zappi.status == 3
    assert zappi.plug_status == "C2"
    assert zappi.command_timer == 254
    assert zappi.lock_state == 31
    assert zappi.new_app_available is False
    assert zappi.new_bootloader_available is False
    assert zappi.raw == STATUS["zappi"][0]
    assert zappi.ev_connected is True
    assert zappi.charging is True


def test_absent_fields() -> None:
    zappi = _one({"sno": "16000002"})
    assert zappi.serial == "16000002"
    # myenergi leaves zero values out.
    assert (zappi.charge_power_w, zappi.grid_power_w, zappi.generation_w) == (0, 0, 0)
    assert zappi.charge_added_kwh == 0.0
    assert zappi.ct_clamps == ()
    # So are the minimum green level and the boost flags (item 4 of issue 21).
    assert zappi.min_green_level == 0
    assert (zappi.boost_manual, zappi.boost_smart, zappi.boost_timed) == (0, 0, 0)
    assert zappi.boosting is False
    for unknown in (
        zappi.firmware,
        zappi.voltage_v,
        zappi.frequency_hz,
        zappi.phases,
        zappi.pwm_percent,
        zappi.current_offered_a,
        zappi.priority,
        zappi.manual_boost_kwh,
        zappi.smart_boost_kwh,
        zappi.smart_boost_time,
        zappi.mode,
        zappi.status,
        zappi.plug_status,
        zappi.command_timer,
        zappi.lock_state,
        zappi.new_app_available,
        zappi.new_bootloader_available,
        zappi.ev_connected,
        zappi.lock_bit(0),
    ):
        assert unknown is None
    assert zappi.charging is False


@pytest.mark.parametrize(
    ("lck", "bits"),
    [
        (31, [True, True, True, True, True]),
        (0, [False] * 5),
        (16, [False, False, False, False, True]),
        (1, [True, False, False, False, False]),
        (0b01010, [False, True, False, True, False]),
    ],
)
def test_lock_bits(lck: int, bits: list[bool]) -> None:
    zappi = _one({"sno": 1, "lck": lck})
    assert [zappi.lock_bit(bit) for bit in range(5)] == bits
    assert zappi.lock_bit(-1) is None


@pytest.mark.parametrize(
    ("pst", "connected", "charging"),
    [
        ("A", False, False),
        ("B1", True, False),
        ("B2", True, False),
        ("C1", True, False),
        ("C2", True, True),
        ("F", None, False),
        ("X9", None, False),
        ("", None, False),
    ],
)
def test_plug_states(pst: str, connected: bool | None, charging: bool) -> None:
    zappi = _one({"sno": 1, "pst": pst})
    assert zappi.ev_connected is connected
    assert zappi.charging is charging


def test_clamps_named_none_or_unnamed_are_dropped() -> None:
    zappi = _one(
        {
            "sno": 1,
            "ectt1": "None",
            "ectp1": 5,
            "ectp2": 7,  # no name
            "ectt3": " Generation ",
            "ectt4": "",
            "ectp4": 9,
            "ectt5": 12,
            "ectt6": "Storage",
            "ectp6": "x",
        }
    )
    assert zappi.ct_clamps == (CtClamp(3, "Generation", 0), CtClamp(6, "Storage", 0))


@pytest.mark.parametrize(
    ("vol", "volts"),
    [(2231, 223.1), (240.2, 240.2), (2402.0, 240.2), (0, 0.0), ("230", None)],
)
def test_voltage_units(vol: object, volts: float | None) -> None:
    assert _one({"sno": 1, "vol": vol}).voltage_v == volts


def test_odd_types_read_as_unknown() -> None:
    """Absent powers are zero (the hub leaves zeros out); odd ones are unknown."""
    zappi = _one(
        {
            "sno": 7,
            "div": "5312",
            "grd": None,
            "gen": True,
            "che": [1],
            "frq": float("nan"),
            "pha": float("inf"),
            "pwm": "4100",
            "mgl": {},
            "sbh": 25,
            "sbm": 10,
            "zmo": 2.0,
            "pst": 3,
            "fwv": 5,
            "lck": "31",
            "newAppAvailable": "yes",
            "newBootloaderAvailable": 1,
        }
    )
    assert (zappi.charge_power_w, zappi.grid_power_w, zappi.generation_w) == (
        None,
        None,
        None,
    )
    assert zappi.charge_added_kwh == 0.0
    assert zappi.frequency_hz is None
    assert zappi.phases is None
    assert zappi.pwm_percent is None
    assert zappi.current_offered_a is None
    assert zappi.min_green_level is None
    assert zappi.smart_boost_time is None
    assert zappi.mode == 2
    assert zappi.plug_status is None
    assert zappi.firmware is None
    assert zappi.lock_state is None
    assert zappi.new_app_available is None
    assert zappi.new_bootloader_available is None


def test_smart_boost_minute_defaults_to_zero() -> None:
    assert _one({"sno": 1, "sbh": 6}).smart_boost_time == time(6, 0)
    assert _one({"sno": 1, "sbh": 6, "sbm": 60}).smart_boost_time is None


def test_absent_boost_fields_are_zero() -> None:
    """A smart boost ready by 00:30 is only sbm 30 (and sbk): hour 0 (item 4)."""
    zappi = _one({"sno": 1, "sbk": 12, "sbm": 30})
    assert zappi.smart_boost_time == time(0, 30)
    assert zappi.smart_boost_kwh == 12
    assert _one({"sno": 1, "sbk": 12}).smart_boost_time == time(0, 0)
    assert _one({"sno": 1, "sbm": 45}).smart_boost_kwh == 0
    assert _one({"sno": 1}).smart_boost_time is None  # no smart boost fields at all
    assert _one({"sno": 1, "sbh": "7", "sbm": 0}).smart_boost_time is None  # odd


@pytest.mark.parametrize(
    ("flags", "manual", "smart", "timed"),
    [
        ({}, False, False, False),
        ({"bsm": 1}, True, False, False),
        ({"bss": 1, "bsm": 0}, False, True, False),
        ({"bst": 1}, False, False, True),
        ({"bsm": "1", "bss": True}, False, False, False),
    ],
)
def test_boost_flags(
    flags: dict[str, Any], manual: bool, smart: bool, timed: bool
) -> None:
    zappi = _one({"sno": 1, "sta": 4, **flags})
    assert (zappi.boost_manual, zappi.boost_smart, zappi.boost_timed) == (
        manual,
        smart,
        timed,
    )
    assert zappi.boosting is (manual or smart or timed)  # not sta


def test_list_of_groups_form() -> None:
    payload = [
        {"eddi": [{"sno": 20000001}]},
        {"zappi": [STATUS["zappi"][0], {"sno": "16000009", "pst": "A"}]},
        {"harvi": []},
        {"asn": "s18.myenergi.net", "fwv": "3401S3.051"},
    ]
    assert [z.serial for z in parse_status(payload)] == ["16000001", "16000009"]
    assert parse_status([{"eddi": []}, {"asn": "x"}]) == []


def test_entries_without_serial_are_skipped() -> None:
    payload = {
        "zappi": [{"div": 5}, {"sno": None}, {"sno": True}, {"sno": ""}, 3, {"sno": 1}]
    }
    assert [z.serial for z in parse_status(payload)] == ["1"]
    assert parse_status({"zappi": []}) == []


@pytest.mark.parametrize(
    "payload",
    [None, 42, "zappi", {}, {"eddi": []}, {"zappi": {"sno": 1}}, [{"zappi": 5}]],
)
def test_bad_shapes(payload: object) -> None:
    with pytest.raises(MyenergiInvalidAnswerError):
        parse_status(payload)


# Fields of newer firmware (the seed's list and the facts' "newer firmware adds").
NEWER_FIRMWARE = {
    **STATUS["zappi"][0],
    "phaseSetting": "SINGLE_PHASE",
    "tbh": 6,
    "tbm": 30,
    "ocppEnabled": False,
    "wifiLink": True,
    "ethernetLink": False,
    "beingTamperedWith": False,
    "g100LockoutState": "NONE",
    "deviceClass": "ZAPPI",
}


def test_fixture_newer_fields() -> None:
    (zappi,) = parse_status(STATUS)
    assert zappi.reading_time == datetime(2021, 7, 25, 6, 30, 31, tzinfo=UTC)
    assert zappi.g100_lockout == "NONE"
    assert zappi.tampered is False
    assert zappi.charge_mode is ChargeMode.FAST
    assert zappi.command_pending is False
    # The 2021 capture has no phaseSetting, tbh/tbm, ocpp or link fields.
    assert zappi.phase_setting is None
    assert zappi.manual_boost_time is None
    assert (zappi.ocpp_enabled, zappi.wifi_link, zappi.ethernet_link) == (
        None,
        None,
        None,
    )
    assert zappi.present_fields == frozenset(STATUS["zappi"][0])
    assert "phaseSetting" not in zappi.present_fields
    assert {"cmt", "mgl", "zmo", "g100LockoutState"} <= zappi.present_fields


def test_newer_firmware_fields() -> None:
    zappi = _one(NEWER_FIRMWARE)
    assert zappi.phase_setting is PhaseSetting.SINGLE_PHASE
    assert zappi.phase_setting == "SINGLE_PHASE"
    assert zappi.manual_boost_time == time(6, 30)
    assert zappi.ocpp_enabled is False
    assert zappi.wifi_link is True
    assert zappi.ethernet_link is False
    assert zappi.present_fields == frozenset(NEWER_FIRMWARE)
    assert "deviceClass" in zappi.present_fields
    # The older fields keep their meaning.
    assert zappi.smart_boost_time == time(17, 10)
    assert zappi.command_timer == 254
    assert zappi.phases == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SINGLE_PHASE", PhaseSetting.SINGLE_PHASE),
        ("THREE_PHASE", PhaseSetting.THREE_PHASE),
        ("AUTO", PhaseSetting.AUTO),
        (" auto ", PhaseSetting.AUTO),
        ("TWO_PHASE", None),
        (1, None),
        (None, None),
    ],
)
def test_phase_setting(value: object, expected: PhaseSetting | None) -> None:
    assert _one({"sno": 1, "phaseSetting": value}).phase_setting is expected


def test_phase_setting_codes() -> None:
    assert [setting.code for setting in PhaseSetting] == [0, 1, 2]


@pytest.mark.parametrize(
    ("dat", "tim", "expected"),
    [
        ("25-07-2021", "06:30:31", datetime(2021, 7, 25, 6, 30, 31, tzinfo=UTC)),
        ("01-12-2026", "23:59:59", datetime(2026, 12, 1, 23, 59, 59, tzinfo=UTC)),
        ("31-02-2021", "06:30:31", None),
        ("2021-07-25", "06:30:31", None),
        ("25-07-2021", "25:00:00", None),
        ("25-07-2021", None, None),
        (None, "06:30:31", None),
        (25072021, "06:30:31", None),
    ],
)
def test_reading_time(dat: object, tim: object, expected: datetime | None) -> None:
    raw: dict[str, Any] = {"sno": 1}
    if dat is not None:
        raw["dat"] = dat
    if tim is not None:
        raw["tim"] = tim
    zappi = _one(raw)
    assert zappi.reading_time == expected
    if expected is not None:
        assert zappi.reading_time is not None
        assert zappi.reading_time.tzinfo is UTC


@pytest.mark.parametrize(
    ("tbh", "tbm", "expected"),
    [(6, 30, time(6, 30)), (23, None, time(23, 0)), (24, 0, None), ("6", 0, None)],
)
def test_manual_boost_time(tbh: object, tbm: object, expected: time | None) -> None:
    raw: dict[str, Any] = {"sno": 1, "tbh": tbh}
    if tbm is not None:
        raw["tbm"] = tbm
    assert _one(raw).manual_boost_time == expected
    # An hour of 0 is left out: tbm alone is 00:MM.
    assert _one({"sno": 1, "tbm": 30}).manual_boost_time == time(0, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("true", True),
        ("False", False),
        (" 1 ", True),
        ("no", False),
        (2, None),
        (-60, None),
        ("maybe", None),
        (None, None),
        ([], None),
        (1.0, None),
    ],
)
def test_lenient_flags(value: object, expected: bool | None) -> None:
    zappi = _one(
        {
            "sno": 1,
            "ocppEnabled": value,
            "wifiLink": value,
            "ethernetLink": value,
            "beingTamperedWith": value,
        }
    )
    assert zappi.ocpp_enabled is expected
    assert zappi.wifi_link is expected
    assert zappi.ethernet_link is expected
    assert zappi.tampered is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("NONE", "NONE"), ("LOCKED", "LOCKED"), ("", None), (0, None), (None, None)],
)
def test_g100_lockout_kept_raw(value: object, expected: str | None) -> None:
    assert _one({"sno": 1, "g100LockoutState": value}).g100_lockout == expected


def test_absent_newer_fields_and_present_fields() -> None:
    zappi = _one({"sno": "16000002", "div": 0})
    for unknown in (
        zappi.phase_setting,
        zappi.reading_time,
        zappi.manual_boost_time,
        zappi.g100_lockout,
        zappi.tampered,
        zappi.ocpp_enabled,
        zappi.wifi_link,
        zappi.ethernet_link,
        zappi.charge_mode,
    ):
        assert unknown is None
    # Present means sent, whatever the value.
    assert zappi.present_fields == frozenset({"sno", "div"})


@pytest.mark.parametrize(
    ("zmo", "mode"),
    [
        (1, ChargeMode.FAST),
        (2, ChargeMode.ECO),
        (3, ChargeMode.ECO_PLUS),
        (4, ChargeMode.STOP),
        (0, None),
        (7, None),
    ],
)
def test_charge_mode(zmo: int, mode: ChargeMode | None) -> None:
    zappi = _one({"sno": 1, "zmo": zmo})
    assert zappi.charge_mode is mode
    assert zappi.mode == zmo  # the raw number keeps its meaning


@pytest.mark.parametrize(
    ("cmt", "pending"),
    [(1, True), (10, True), (254, False), (253, False), (255, False), (11, False)],
)
def test_command_pending(cmt: int, pending: bool) -> None:
    assert _one({"sno": 1, "cmt": cmt}).command_pending is pending
