"""What goes over the wire to lala.cgi: request bodies, answer bodies, echoes.

Functions the client uses: shaping and splitting a request body, reading
an answer's JSON (firmware that doubles escapes), checking that the answer
to a write echoes every written value, and the transport's failures as the
client's own errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
import contextlib
from enum import StrEnum
import ipaddress
import json
import os
from typing import Any, Final

import aiohttp

from .answer import OBJECT_NOT_FOUND
from .exceptions import (
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecTimeoutError,
    SenecWriteNotEchoedError,
    SenecWriteRefusedError,
)
from .values import END_OF_ARRAY, SENTINELS, decode_value

type Request = Mapping[str, Iterable[str]]


class Scheme(StrEnum):
    """https since firmware 0825 (self-signed), http before."""

    HTTPS = "https"
    HTTP = "http"


class PathStyle(StrEnum):
    """How the unit's web pages are addressed, by firmware."""

    LOWER = "lower"  # /vars.html, before 0825
    CAPITAL = "capital"  # /Vars.html, 0825
    DOUBLE = "double"  # //vars.html and //log/..., 0826 and later


VARS_PATHS: Final[Mapping[PathStyle, str]] = {
    PathStyle.DOUBLE: "//vars.html",
    PathStyle.CAPITAL: "/Vars.html",
    PathStyle.LOWER: "/vars.html",
}


def request_body(request: Request) -> dict[str, dict[str, str]]:
    """The lala.cgi body that asks for these keys (empty values: read)."""
    return {section: dict.fromkeys(keys, "") for section, keys in request.items()}


def body_size(body: Mapping[str, Any]) -> int:
    return len(json.dumps(body, separators=(",", ":")).encode())


def split_body(
    body: Mapping[str, Mapping[str, str]], max_bytes: int
) -> list[dict[str, dict[str, str]]]:
    """Parts of a request body, each under max_bytes where a key allows it."""
    if body_size(body) <= max_bytes:
        return [{name: dict(keys) for name, keys in body.items()}]
    parts: list[dict[str, dict[str, str]]] = []
    current: dict[str, dict[str, str]] = {}
    for section, keys in body.items():
        for key in keys or [None]:
            candidate = {name: dict(values) for name, values in current.items()}
            values = candidate.setdefault(section, {})
            if key is not None:
                values[key] = ""
            if current and body_size(candidate) > max_bytes:
                parts.append(current)
                candidate = {section: {} if key is None else {key: ""}}
            current = candidate
    if current:
        parts.append(current)
    return parts


def parse_body(data: bytes) -> object:
    """JSON of a lala.cgi answer, tolerating firmware that doubles escapes."""
    text = data.decode("utf-8", errors="replace").strip()
    if not text:
        raise SenecInvalidAnswerError("The unit answered with an empty body")
    try:
        payload: object = json.loads(text)
    except ValueError:
        if '\\"' not in text:
            raise SenecInvalidAnswerError(
                "The unit answered with something that is not JSON"
            ) from None
        try:
            payload = json.loads(text.replace('\\"', '"'))
        except ValueError:
            raise SenecInvalidAnswerError(
                "The unit answered with something that is not JSON"
            ) from None
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            raise SenecInvalidAnswerError(
                "The unit answered with a bare string"
            ) from None
    return payload


def number_in(payload: Mapping[str, Any], section: str, key: str) -> int | None:
    """A whole number the answer holds at section/key; None when it holds none."""
    values = payload.get(section)
    value = decode_value(values.get(key)) if isinstance(values, dict) else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value if isinstance(value, int) else None


def writes_restart(body: Mapping[str, Any]) -> bool:
    """The body is the restart write (not a read or a handshake before it)."""
    keys = body.get("SYS_UPDATE")
    return isinstance(keys, Mapping) and keys.get("USER_REBOOT_DEVICE", "") != ""


def _refusal(raw: object) -> str | None:
    """The sentinel (or device error) the unit answered instead of a value."""
    if isinstance(raw, str) and (raw in SENTINELS or raw.startswith("er_")):
        return raw
    return None


def _same(sent: str, echoed: object) -> bool:
    if not isinstance(echoed, str):
        return False
    if echoed == sent:
        return True
    value = decode_value(echoed)
    return value is not None and value == decode_value(sent)


def check_echo(
    section: str, written: Mapping[str, str | list[str]], payload: Mapping[str, Any]
) -> None:
    """Raise unless the answer echoes every written value (refusals first)."""
    echo = payload.get(section)
    if not isinstance(echo, dict) or OBJECT_NOT_FOUND in echo:
        first = next(iter(written))
        sentinel = _refusal(echo) or OBJECT_NOT_FOUND
        raise SenecWriteRefusedError(section, first, sentinel)
    not_echoed: SenecWriteNotEchoedError | None = None
    for key, sent in written.items():
        echoed = echo.get(key)
        if (refused := _refusal(echoed)) is not None:
            raise SenecWriteRefusedError(section, key, refused)
        if isinstance(sent, str):
            ok = _same(sent, echoed)
        elif isinstance(echoed, list):
            items = [item for item in echoed if item != END_OF_ARRAY]
            ok = True
            for index, slot in enumerate(sent):
                if not slot:
                    continue
                got = items[index] if index < len(items) else None
                if (slot_refused := _refusal(got)) is not None:
                    raise SenecWriteRefusedError(section, key, slot_refused)
                ok = ok and _same(slot, got)
        else:
            ok = False
        if not ok and not_echoed is None:
            not_echoed = SenecWriteNotEchoedError(section, key, sent, echoed)
    if not_echoed is not None:
        raise not_echoed


def url_host(host: str) -> str:
    """The host as it goes into a URL: an IPv6 literal in brackets."""
    host = host.strip()
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host  # a name, an IPv4 address with a port, or already bracketed
    return f"[{host}]" if address.version == 6 else host


def _reason(err: BaseException) -> str:
    """What failed, without the address: aiohttp and asyncio name host and port."""
    os_error = getattr(err, "os_error", err)
    number = getattr(os_error, "errno", None)
    detail = f" ({os.strerror(number)})" if isinstance(number, int) else ""
    return f"{type(err).__name__}{detail}"


@contextlib.contextmanager
def transport_errors() -> Iterator[None]:
    """aiohttp's and the socket's failures as the client's own errors.

    Not chained: the transport errors' texts hold the unit's address, which
    a traceback (Home Assistant logs one at DEBUG) would carry into the log.
    """
    try:
        yield
    except TimeoutError:
        raise SenecTimeoutError("The unit did not answer in time") from None
    except aiohttp.ClientConnectorError as err:  # no connection: nothing went out
        raise SenecConnectionError(
            f"Cannot connect to the unit: {_reason(err)}", request_sent=False
        ) from None
    except (aiohttp.ClientError, OSError) as err:
        raise SenecConnectionError(f"Cannot talk to the unit: {_reason(err)}") from None
