"""Identity: ids for the device registry from odd and complete answers."""

from __future__ import annotations

import pytest

from custom_components.senec_zappi.senec import (
    SenecIdentity,
    decode_answer,
    parse_identity,
)

COMPLETE = {
    "FACTORY": {
        "SYS_TYPE": "u8_13",
        "COUNTRY": "u8_00",
        "DEVICE_ID": "st_0123456789",
        "BAT_TYPE": "u8_04",
    },
    "WIZARD": {
        "APPLICATION_VERSION": "st_0826",
        "FIRMWARE_VERSION": "st_0826",
        "MAC_ADDRESS_BYTES": [
            "u8_00",
            "u8_1A",
            "u8_2B",
            "u8_3C",
            "u8_4D",
            "u8_5E",
            "st_END_OF_ARRAY",
        ],
    },
    "SYS_UPDATE": {"NPU_VER": "u8_05", "NPU_IMAGE_VERSION": "u1_0826"},
    "BAT1": {"SERIAL": "st_ABC123 "},
}


def test_complete_identity() -> None:
    identity = parse_identity(decode_answer(COMPLETE))
    assert identity == SenecIdentity(
        device_id="0123456789",
        serial="ABC123",
        mac="00:1a:2b:3c:4d:5e",
        firmware_version="0826",
        application_version="0826",
        npu_version="5",
        npu_image_version="2086",
        battery_type=4,
        system_type=19,
    )
    assert identity.unique_id == "0123456789"
    assert identity.model == "SENEC.Inverter V3 LV"


def test_unique_id_falls_back_to_serial_then_mac() -> None:
    assert SenecIdentity(serial="S1", mac="00:1a:2b:3c:4d:5e").unique_id == "S1"
    assert SenecIdentity(mac="00:1A:2B:3C:4D:5E").unique_id == "001a2b3c4d5e"
    assert SenecIdentity().unique_id is None


@pytest.mark.parametrize(
    ("battery_type", "model"), [(None, "Home V3"), (99, "Home V3"), (1, "SenecBatt")]
)
def test_model(battery_type: int | None, model: str) -> None:
    assert SenecIdentity(battery_type=battery_type).model == model


@pytest.mark.parametrize(
    "mac",
    [
        ["u8_00"] * 6,  # all zero: not configured
        ["u8_01"] * 5,  # too short
        ["u1_0100"] * 6,  # out of octet range
        ["st_x"] * 6,
        "st_001a2b3c4d5e",
        ["VARIABLE_NOT_FOUND"] * 6,
    ],
)
def test_odd_mac_is_dropped(mac: object) -> None:
    identity = parse_identity(decode_answer({"WIZARD": {"MAC_ADDRESS_BYTES": mac}}))
    assert identity.mac is None


def test_sentinels_and_odd_types_give_none() -> None:
    answer = decode_answer(
        {
            "FACTORY": {
                "DEVICE_ID": "st_   ",
                "BAT_TYPE": "st_4",
                "SYS_TYPE": "VARIABLE_NOT_FOUND",
            },
            "WIZARD": {"FIRMWARE_VERSION": ["u8_01"]},
            "BAT1": "OBJECT_NOT_FOUND",
        }
    )
    assert parse_identity(answer) == SenecIdentity()


@pytest.mark.parametrize(
    ("identity", "unique_id", "same"),
    [
        (SenecIdentity(device_id="D1", serial="S1"), "D1", True),
        # An entry made while the firmware sent no device id keeps the serial.
        (SenecIdentity(device_id="D1", serial="S1"), "S1", True),
        (SenecIdentity(device_id="D1", mac="0A:15:F6:0B:DE:74"), "0a15f60bde74", True),
        (SenecIdentity(device_id="D2", serial="S2"), "D1", False),
        (SenecIdentity(device_id="D1"), None, False),
        # No id at all: the unit cannot tell who it is.
        (SenecIdentity(), "D1", None),
    ],
)
def test_is_same_unit(
    identity: SenecIdentity, unique_id: str | None, same: bool | None
) -> None:
    """Any id the unit reports may be the entry's; no id at all cannot tell."""
    assert identity.is_same_unit(unique_id) is same
