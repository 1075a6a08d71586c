"""Client for the myenergi cloud API, zappi part (no Home Assistant code)."""

from .client import DEFAULT_SERVER, MyenergiClient, retry_after_seconds
from .digest import DigestAuth
from .exceptions import (
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)
from .history import (
    DayEnergy,
    HistoryRecord,
    aggregate_day,
    local_day_window,
    parse_history,
)
from .names import parse_names
from .status import CtClamp, ZappiStatus, parse_status

__all__ = [
    "DEFAULT_SERVER",
    "CtClamp",
    "DayEnergy",
    "DigestAuth",
    "HistoryRecord",
    "MyenergiAuthError",
    "MyenergiClient",
    "MyenergiConnectionError",
    "MyenergiError",
    "MyenergiInvalidAnswerError",
    "MyenergiRateLimitError",
    "MyenergiTimeoutError",
    "ZappiStatus",
    "aggregate_day",
    "local_day_window",
    "parse_history",
    "parse_names",
    "parse_status",
    "retry_after_seconds",
]
