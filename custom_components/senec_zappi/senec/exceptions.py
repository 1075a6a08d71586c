"""Errors of the SENEC client; messages never name the host (it is private)."""

from __future__ import annotations

from enum import StrEnum


class SenecError(Exception):
    """Any failure talking to a SENEC unit."""


class SenecConnectionError(SenecError):
    """The unit could not be reached, or the connection broke.

    request_sent is False only when no connection was made, so the request
    surely never reached the unit; otherwise it may have (a restart, say).
    """

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        """Keep whether the request may have reached the unit."""
        super().__init__(message)
        self.request_sent = request_sent


class SenecTimeoutError(SenecConnectionError):
    """The unit did not answer in time."""


class SenecInvalidAnswerError(SenecError):
    """The unit answered, but not with lala.cgi JSON."""


class SenecSessionError(SenecInvalidAnswerError):
    """The unit refused the session (it rebooted or the session expired).

    Raised for HTTP 401/403 and for an answer that holds none of the sections
    asked (some units answer a refused session with HTTP 200 and ``{}``).
    """


class SenecNotFoundError(SenecInvalidAnswerError):
    """The unit has no such page (HTTP 404), e.g. no log for that day."""


class WriteFailure(StrEnum):
    """Why a write did not go through; the HA side maps it to a message."""

    REFUSED = "refused"  # FORBIDDEN or another sentinel for a written key
    NOT_ECHOED = "not_echoed"  # the answer does not echo what was written
    UNKNOWN_TYPE = "unknown_type"  # the unit reports no value to take a type from
    INVALID_VALUE = "invalid_value"  # the value is of the wrong kind (text, list...)
    OUT_OF_RANGE = "out_of_range"  # a number or list too large for the unit's type
    TOO_LARGE = "too_large"  # the request would exceed the size the unit accepts
    UNSUPPORTED = "unsupported"  # the unit's NPU image is too old for this
    TOO_SOON = "too_soon"  # a restart was asked for again within a few minutes


class SenecWriteError(SenecError):
    """A write was not applied, or not confirmed by the unit's answer.

    Errors while talking (timeouts, broken connections) stay
    SenecConnectionError: after those the write may or may not have happened.
    """

    def __init__(
        self,
        message: str,
        reason: WriteFailure,
        section: str,
        key: str | None = None,
    ) -> None:
        """Keep the reason and the key, so callers need not parse messages."""
        super().__init__(message)
        self.reason = reason
        self.section = section
        self.key = key


class SenecWriteRefusedError(SenecWriteError):
    """The unit answered FORBIDDEN (or another sentinel) for a written key."""

    def __init__(self, section: str, key: str, sentinel: str) -> None:
        """sentinel is what the unit answered instead of the value."""
        super().__init__(
            f"The unit refused to write {section}.{key} ({sentinel})",
            WriteFailure.REFUSED,
            section,
            key,
        )
        self.sentinel = sentinel


class SenecWriteNotEchoedError(SenecWriteError):
    """The answer does not echo the value written (the unit did not take it)."""

    def __init__(self, section: str, key: str, sent: object, echoed: object) -> None:
        """sent and echoed are wire values (they hold no secrets)."""
        super().__init__(
            f"The unit did not confirm {section}.{key}: sent {sent!r}, "
            f"answered {echoed!r}",
            WriteFailure.NOT_ECHOED,
            section,
            key,
        )
        self.sent = sent
        self.echoed = echoed
