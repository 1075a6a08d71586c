"""The probe: protocol and web-path style of real servers on 127.0.0.1."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.senec_zappi.senec import (
    PathStyle,
    Scheme,
    SenecConnectionError,
    SenecInvalidAnswerError,
    detect_path_style,
    probe,
)
from tests.conftest import load_json
from tests.helpers import free_port

from .fake_unit import FakeUnit, serve

pytestmark = pytest.mark.usefixtures("socket_enabled")

FULL = load_json("senec_full.json")


@pytest.mark.parametrize(
    ("tls", "vars_path", "scheme", "style"),
    [
        (True, "//vars.html", Scheme.HTTPS, PathStyle.DOUBLE),
        (True, "/Vars.html", Scheme.HTTPS, PathStyle.CAPITAL),
        (False, "/vars.html", Scheme.HTTP, PathStyle.LOWER),
        (False, "//vars.html", Scheme.HTTP, PathStyle.DOUBLE),
    ],
)
async def test_probe_finds_scheme_style_and_identity(
    session: aiohttp.ClientSession,
    tls: bool,
    vars_path: str,
    scheme: Scheme,
    style: PathStyle,
) -> None:
    unit = FakeUnit(FULL, vars_path=vars_path)
    async with serve(unit, tls=tls) as running:
        result = await probe(session, running.host, request_timeout=3)
    assert result.scheme is scheme
    assert result.path_style is style
    assert result.identity.unique_id
    assert result.identity.firmware_version


@pytest.mark.parametrize(
    ("tls", "scheme", "style"),
    [(True, Scheme.HTTPS, PathStyle.DOUBLE), (False, Scheme.HTTP, PathStyle.LOWER)],
)
async def test_style_defaults_by_firmware_when_no_page_answers(
    session: aiohttp.ClientSession, tls: bool, scheme: Scheme, style: PathStyle
) -> None:
    unit = FakeUnit(FULL, vars_path=None)
    async with serve(unit, tls=tls) as running:
        result = await probe(session, running.host, request_timeout=3)
    assert (result.scheme, result.path_style) == (scheme, style)


async def test_style_default_when_the_host_is_gone(
    session: aiohttp.ClientSession,
) -> None:
    port = free_port()
    style = await detect_path_style(session, f"http://127.0.0.1:{port}", Scheme.HTTP)
    assert style is PathStyle.LOWER


async def test_probe_reports_invalid_answer_before_connection_error(
    session: aiohttp.ClientSession,
) -> None:
    """An http server that is not a SENEC: https fails to connect, http is HTML."""
    unit = FakeUnit(FULL, fault="html_404")
    async with serve(unit, tls=False) as running:
        with pytest.raises(SenecInvalidAnswerError):
            await probe(session, running.host, request_timeout=3)


async def test_probe_of_nothing_is_a_connection_error(
    session: aiohttp.ClientSession,
) -> None:
    port = free_port()
    with pytest.raises(SenecConnectionError):
        await probe(session, f"127.0.0.1:{port}", request_timeout=3)
