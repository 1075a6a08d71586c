"""errors.py: every client error becomes its translated exception."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import UpdateFailed
import pytest

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.errors import (
    myenergi_poll_failed,
    senec_poll_failed,
    senec_write_failed,
    zappi_command_failed,
)
from custom_components.senec_zappi.myenergi import (
    MyenergiAuthError,
    MyenergiCommandError,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
    parse_status,
)
from custom_components.senec_zappi.senec import (
    SenecConnectionError,
    SenecError,
    SenecInvalidAnswerError,
    SenecSessionError,
    SenecTimeoutError,
    SenecWriteError,
    SenecWriteNotEchoedError,
    SenecWriteRefusedError,
    WriteFailure,
)

EN = json.loads(
    (
        Path(__file__).parents[1]
        / "custom_components"
        / "senec_zappi"
        / "translations"
        / "en.json"
    ).read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (SenecWriteRefusedError("ENERGY", "X", "FORBIDDEN"), "senec_write_refused"),
        (
            SenecWriteNotEchoedError("ENERGY", "X", "u8_01", "u8_00"),
            "senec_write_not_echoed",
        ),
        (
            SenecWriteError("old", WriteFailure.UNSUPPORTED, "SYS_UPDATE"),
            "senec_write_unsupported",
        ),
        (
            SenecWriteError("soon", WriteFailure.TOO_SOON, "SYS_UPDATE"),
            "senec_restart_too_soon",
        ),
        (
            SenecWriteError("type", WriteFailure.UNKNOWN_TYPE, "ENERGY"),
            "senec_write_failed",
        ),
        (SenecTimeoutError("slow"), "senec_write_timeout"),
        (SenecConnectionError("gone"), "senec_write_cannot_connect"),
        (SenecSessionError("refused"), "senec_write_session"),
        (SenecInvalidAnswerError("html"), "senec_write_invalid_answer"),
    ],
)
def test_senec_write_failures(error: SenecError, key: str) -> None:
    """Each failed SENEC write maps to its own translated text."""
    failure = senec_write_failed(error)
    assert failure.translation_domain == DOMAIN
    assert failure.translation_key == key
    assert EN["exceptions"][key]["message"]


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (SenecTimeoutError("slow"), "senec_timeout"),
        (SenecConnectionError("gone"), "senec_cannot_connect"),
        (SenecSessionError("refused"), "senec_invalid_answer"),
        (SenecInvalidAnswerError("html"), "senec_invalid_answer"),
    ],
)
def test_senec_poll_failures(error: SenecError, key: str) -> None:
    """A failed poll is an UpdateFailed with the text of its kind."""
    failure = senec_poll_failed(error)
    assert isinstance(failure, UpdateFailed)
    assert failure.translation_domain == DOMAIN
    assert failure.translation_key == key
    assert EN["exceptions"][key]["message"]


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (MyenergiRateLimitError("429", 60), "myenergi_rate_limited"),
        (MyenergiTimeoutError("slow"), "myenergi_timeout"),
        (MyenergiInvalidAnswerError("html"), "myenergi_invalid_answer"),
        (MyenergiConnectionError("down"), "myenergi_cannot_connect"),
        (MyenergiError("odd"), "myenergi_cannot_connect"),
    ],
)
def test_myenergi_poll_failures(error: MyenergiError, key: str) -> None:
    """A failed myenergi poll is an UpdateFailed with the text of its kind."""
    failure = myenergi_poll_failed(error)
    assert isinstance(failure, UpdateFailed)
    assert failure.translation_key == key
    assert EN["exceptions"][key]["message"]


def test_refused_key_while_polling_starts_reauth() -> None:
    """An auth error is ConfigEntryAuthFailed, so Home Assistant asks for a key."""
    failure = myenergi_poll_failed(MyenergiAuthError("401"))
    assert isinstance(failure, ConfigEntryAuthFailed)
    assert failure.translation_key == "myenergi_invalid_auth"


STATUS = parse_status({"zappi": [{"sno": 16000001, "cmt": 253}]})[0]


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (MyenergiCommandError(-26), "zappi_busy"),
        (MyenergiCommandError(-99), "zappi_command_failed"),
        (MyenergiAuthError("401"), "zappi_command_auth"),
        (MyenergiCommandRejectedError("253", STATUS), "zappi_rejected"),
        (MyenergiCommandNotConfirmedError("late", None), "zappi_not_confirmed"),
        (MyenergiRateLimitError("429", None), "zappi_command_rate_limited"),
        (MyenergiTimeoutError("slow"), "zappi_command_timeout"),
        (MyenergiConnectionError("down"), "zappi_command_cannot_connect"),
        (MyenergiInvalidAnswerError("html"), "zappi_command_invalid_answer"),
    ],
)
def test_zappi_command_failures(error: MyenergiError, key: str) -> None:
    """Each failed zappi command maps to its own translated text."""
    failure = zappi_command_failed(error)
    assert failure.translation_key == key
    assert EN["exceptions"][key]["message"]


def test_not_confirmed_after_429_says_so() -> None:
    """Not confirmed because of a 429 while confirming has its own text."""
    error = MyenergiCommandNotConfirmedError("late", None)
    error.__cause__ = MyenergiRateLimitError("429", None)
    failure = zappi_command_failed(error)
    assert failure.translation_key == "zappi_not_confirmed_rate_limited"
