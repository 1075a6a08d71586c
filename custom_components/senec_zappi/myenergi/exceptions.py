"""Errors of the myenergi client; messages never hold the key, serials or host."""

from __future__ import annotations


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
