"""Poll intervals after failures: SENEC's back-off, myenergi's 429 wait.

No Home Assistant imports: the coordinators set what these return as
their update_interval and return to the normal one after a good poll.
"""

from __future__ import annotations

from datetime import timedelta

from .myenergi import MyenergiRateLimitError

# After repeated failures the poll interval doubles per failure up to this.
MAX_BACKOFF_INTERVAL = timedelta(minutes=5)

# A 429 without Retry-After still means "slow down": wait at least this long.
RATE_LIMIT_MIN_WAIT = timedelta(minutes=5)
RATE_LIMIT_MAX_WAIT = timedelta(hours=1)


def backed_off_interval(normal: timedelta, failures: int) -> timedelta:
    """The interval after that many failures in a row, so a struggling unit can recover."""
    # Capped: 2**failures overflows a timedelta after hours of failures.
    stretched: timedelta = normal * 2 ** min(failures, 10)
    return max(normal, min(stretched, MAX_BACKOFF_INTERVAL))


def slowed_interval(err: MyenergiRateLimitError, normal: timedelta) -> timedelta:
    """The poll interval after a 429: the server's wait, never below normal.

    The client sends nothing until the wait is over (one back-off for the
    hub); each coordinator also stops asking until then.
    """
    wait = (
        timedelta(seconds=err.retry_after) if err.retry_after else RATE_LIMIT_MIN_WAIT
    )
    return min(max(wait, normal), RATE_LIMIT_MAX_WAIT)
