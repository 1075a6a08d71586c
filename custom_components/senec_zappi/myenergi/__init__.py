"""Client for the myenergi cloud API, zappi part (no Home Assistant code)."""

from .client import (
    DEFAULT_SERVER,
    HISTORY_SETTLE_TIME,
    MyenergiClient,
    retry_after_seconds,
)
from .commands import (
    DEFAULT_CONFIRM_OFFSETS,
    MAX_BOOST_KWH,
    MIN_BOOST_KWH,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    StatusCheck,
    manual_boost_is,
    min_green_is,
    mode_is,
    not_boosting,
    phase_setting_is,
    smart_boost_is,
)
from .digest import DigestAuth
from .exceptions import (
    MyenergiAuthError,
    MyenergiCommandError,
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
from .hub import HubInfo, parse_hub
from .names import parse_names
from .status import (
    COMMAND_DONE,
    COMMAND_FAILED,
    COMMAND_NONE,
    ChargeMode,
    CtClamp,
    PhaseSetting,
    ZappiStatus,
    parse_status,
)

__all__ = [
    "COMMAND_DONE",
    "COMMAND_FAILED",
    "COMMAND_NONE",
    "DEFAULT_CONFIRM_OFFSETS",
    "DEFAULT_SERVER",
    "HISTORY_SETTLE_TIME",
    "MAX_BOOST_KWH",
    "MIN_BOOST_KWH",
    "ChargeMode",
    "CtClamp",
    "DayEnergy",
    "DigestAuth",
    "HistoryRecord",
    "HubInfo",
    "MyenergiAuthError",
    "MyenergiClient",
    "MyenergiCommandError",
    "MyenergiCommandNotConfirmedError",
    "MyenergiCommandRejectedError",
    "MyenergiConnectionError",
    "MyenergiError",
    "MyenergiInvalidAnswerError",
    "MyenergiRateLimitError",
    "MyenergiTimeoutError",
    "PhaseSetting",
    "StatusCheck",
    "ZappiStatus",
    "aggregate_day",
    "local_day_window",
    "manual_boost_is",
    "min_green_is",
    "mode_is",
    "not_boosting",
    "parse_history",
    "parse_hub",
    "parse_names",
    "parse_status",
    "phase_setting_is",
    "retry_after_seconds",
    "smart_boost_is",
]
