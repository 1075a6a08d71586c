"""Every client error as the translated exception Home Assistant shows.

One table per layer: a failed poll (UpdateFailed, or ConfigEntryAuthFailed
for a key that stopped working), a failed SENEC write, a failed zappi
command. The texts live under ``exceptions`` in the translations.
"""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers.update_coordinator import UpdateFailed

from .const import DOMAIN
from .myenergi import (
    MyenergiAuthError,
    MyenergiCommandError,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)
from .senec import (
    SenecConnectionError,
    SenecError,
    SenecSessionError,
    SenecTimeoutError,
    SenecWriteError,
    WriteFailure,
)

# A failed poll, most specific first; the last entry is the fallback.
SENEC_POLL_ERRORS: Mapping[type[SenecError], str] = {
    SenecTimeoutError: "senec_timeout",
    SenecConnectionError: "senec_cannot_connect",
    SenecError: "senec_invalid_answer",
}
MYENERGI_POLL_ERRORS: Mapping[type[MyenergiError], str] = {
    MyenergiRateLimitError: "myenergi_rate_limited",
    MyenergiTimeoutError: "myenergi_timeout",
    MyenergiInvalidAnswerError: "myenergi_invalid_answer",
    MyenergiError: "myenergi_cannot_connect",
}

# A failed SENEC write: by the reason the client gives, else by kind of error.
SENEC_WRITE_FAILURES: Mapping[WriteFailure, str] = {
    WriteFailure.REFUSED: "senec_write_refused",
    WriteFailure.NOT_ECHOED: "senec_write_not_echoed",
    WriteFailure.UNSUPPORTED: "senec_write_unsupported",
    WriteFailure.TOO_SOON: "senec_restart_too_soon",
    WriteFailure.INVALID_VALUE: "senec_write_invalid_value",
    WriteFailure.OUT_OF_RANGE: "senec_write_out_of_range",
    WriteFailure.TOO_LARGE: "senec_write_too_large",
}
# What the owner can fix (wait and try again): a validation error, which
# Home Assistant logs without a traceback.
SENEC_OWNER_CAN_FIX = frozenset({WriteFailure.TOO_SOON})
SENEC_WRITE_ERRORS: Mapping[type[SenecError], str] = {
    SenecWriteError: "senec_write_failed",
    SenecTimeoutError: "senec_write_timeout",
    SenecConnectionError: "senec_write_cannot_connect",
    SenecSessionError: "senec_write_session",
    SenecError: "senec_write_invalid_answer",
}

# A refused zappi command: the server's status code, else the kind of error.
ZAPPI_COMMAND_CODES: Mapping[int, str] = {
    MyenergiCommandError.BUSY: "zappi_busy",
    MyenergiCommandError.BAD_PARAMETER: "zappi_refused",
    MyenergiCommandError.BAD_MIN_GREEN: "zappi_refused",
    MyenergiCommandError.NOT_APPROPRIATE: "zappi_not_appropriate",
}
ZAPPI_COMMAND_ERRORS: Mapping[type[MyenergiError], str] = {
    MyenergiAuthError: "zappi_command_auth",
    MyenergiCommandRejectedError: "zappi_rejected",
    MyenergiCommandNotConfirmedError: "zappi_not_confirmed",
    MyenergiRateLimitError: "zappi_command_rate_limited",
    MyenergiTimeoutError: "zappi_command_timeout",
    MyenergiConnectionError: "zappi_command_cannot_connect",
    MyenergiError: "zappi_command_invalid_answer",
}


def _key[E: Exception](err: E, keys: Mapping[type[E], str]) -> str:
    """The key of the first kind err is; every table ends with its base class."""
    return next(key for kind, key in keys.items() if isinstance(err, kind))


def translated(key: str, **placeholders: str) -> HomeAssistantError:
    """A translated error for the caller of an action."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def senec_poll_failed(err: SenecError) -> UpdateFailed:
    """A failed SENEC poll: the entities go unavailable, logged once."""
    return UpdateFailed(
        translation_domain=DOMAIN, translation_key=_key(err, SENEC_POLL_ERRORS)
    )


def myenergi_poll_failed(err: MyenergiError) -> UpdateFailed | ConfigEntryAuthFailed:
    """A failed myenergi poll; a refused key starts reauthentication."""
    if isinstance(err, MyenergiAuthError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="myenergi_invalid_auth"
        )
    return UpdateFailed(
        translation_domain=DOMAIN, translation_key=_key(err, MYENERGI_POLL_ERRORS)
    )


def senec_write_failed(err: SenecError) -> HomeAssistantError:
    """A failed SENEC write; one the owner can fix is a ServiceValidationError."""
    key = None
    if isinstance(err, SenecWriteError):
        key = SENEC_WRITE_FAILURES.get(err.reason)
        if err.reason in SENEC_OWNER_CAN_FIX:
            return ServiceValidationError(
                translation_domain=DOMAIN, translation_key=key
            )
    return translated(key or _key(err, SENEC_WRITE_ERRORS))


def zappi_command_failed(err: MyenergiError) -> HomeAssistantError:
    """A zappi command the hub refused, the zappi rejected or did not confirm."""
    if isinstance(err, MyenergiCommandError):
        key = ZAPPI_COMMAND_CODES.get(err.code, "zappi_command_failed")
        return translated(key, code=str(err.code))
    if isinstance(err, MyenergiCommandNotConfirmedError) and isinstance(
        err.__cause__, MyenergiRateLimitError
    ):
        return translated("zappi_not_confirmed_rate_limited")
    return translated(_key(err, ZAPPI_COMMAND_ERRORS))
