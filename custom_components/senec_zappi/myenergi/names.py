"""Names the owner gave the site and devices (cgi-get-app-key-).

The answer is not documented. The shape public clients read, and the one
assumed first, is an object whose value is a list of key/value pairs::

    {"H12345678": [{"key": "siteName", "val": "Home"},
                   {"key": "Z16000001", "val": "Driveway"}]}

Also accepted: a bare list of such pairs, and a flat object
(``{"siteName": "Home", "Z16000001": "Driveway"}``). Device keys are a serial
with or without a one-letter type prefix and map to the bare serial. Anything
else gives no names; names are optional.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import re
from typing import Final

_DEVICE_KEY: Final = re.compile(r"^[A-Za-z]?(\d{4,})$")
SITE_NAME: Final = "siteName"


def _pairs(payload: object) -> Iterator[tuple[object, object]]:
    """Every (key, value) pair in any of the accepted shapes."""
    items: Iterable[object]
    if isinstance(payload, dict):
        for key, value in payload.items():
            if isinstance(value, list):
                yield from _pairs(value)
            else:
                yield key, value
        return
    items = payload if isinstance(payload, list) else ()
    for item in items:
        if isinstance(item, dict) and "key" in item:
            yield item["key"], item.get("val")


def parse_names(payload: object) -> dict[str, str]:
    """serial -> name, plus "siteName" when the site has one."""
    names: dict[str, str] = {}
    for key, value in _pairs(payload):
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        name = value.strip()
        if not name:
            continue
        if key == SITE_NAME:
            names[SITE_NAME] = name
        elif match := _DEVICE_KEY.match(key):
            names[match.group(1)] = name
    return names
