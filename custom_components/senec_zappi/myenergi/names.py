"""Names the owner gave the site and devices (cgi-get-app-key-).

The answer is not documented. Assumed shapes, both accepted: a flat object
(``{"siteName": "Home", "Z16000001": "Driveway"}``) or an object of lists of
``{"key": ..., "val": ...}`` pairs (``{"Z16000001": [{"key": "name", "val":
"Driveway"}]}``). Anything else gives no names; names are optional.
"""

from __future__ import annotations

import re
from typing import Any

_DEVICE_KEY = re.compile(r"^[A-Za-z]?(\d{4,})$")
SITE_NAME = "siteName"


def _name_of(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, list):
        for item in value:
            if (
                isinstance(item, dict)
                and str(item.get("key", "")).lower() in {"name", "devicename"}
                and isinstance(item.get("val"), str)
                and item["val"].strip()
            ):
                return str(item["val"]).strip()
    return None


def parse_names(payload: object) -> dict[str, str]:
    """serial -> name, plus "siteName" when the site has one."""
    names: dict[str, str] = {}
    if not isinstance(payload, dict):
        return names
    for key, value in payload.items():
        name = _name_of(value)
        if name is None:
            continue
        if str(key) == SITE_NAME:
            names[SITE_NAME] = name
        elif match := _DEVICE_KEY.match(str(key)):
            names[match.group(1)] = name
    return names
