"""Errors of the myenergi client; messages never hold the key, serials or host.

The outcomes of a command that carry a status live in commands.py.
"""

from __future__ import annotations

from typing import ClassVar


class MyenergiError(Exception):
    """Any failure talking to the myenergi cloud."""


class MyenergiConnectionError(MyenergiError):
    """The server could not be reached, or failed (HTTP 5xx)."""


class MyenergiTimeoutError(MyenergiConnectionError):
    """The server did not answer in time."""


class MyenergiAuthError(MyenergiError):
    """Serial or API key refused after a correct digest exchange."""


class MyenergiRateLimitError(MyenergiError):
    """HTTP 429: poll less often, for retry_after seconds when the server says."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        """Keep the wait the server asked for."""
        super().__init__(message)
        self.retry_after = retry_after


class MyenergiInvalidAnswerError(MyenergiError):
    """The server answered, but not with the JSON expected."""


class MyenergiCommandError(MyenergiError):
    """The server refused a command with a negative status; it was not applied.

    ``code`` is the server's status; the known ones are class attributes, an
    unknown code is kept as it came.
    """

    BAD_PARAMETER: ClassVar[int] = -14
    NOT_APPROPRIATE: ClassVar[int] = -23
    BAD_MIN_GREEN: ClassVar[int] = -25
    BUSY: ClassVar[int] = -26
    _TEXT: ClassVar[dict[int, str]] = {
        -14: "bad parameter",
        -23: "command not appropriate now",
        -25: "bad minimum green level",
        -26: "busy, a command is already being sent",
    }

    def __init__(self, code: int) -> None:
        """Keep the status code; the message names it."""
        text = self._TEXT.get(code, "unknown error")
        super().__init__(f"The server refused the command: {text} (status {code})")
        self.code = code
