"""Find out how a unit is reached: protocol, web path style and identity."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp

from .client import SenecClient
from .exceptions import SenecError, SenecInvalidAnswerError
from .identity import SenecIdentity
from .wire import VARS_PATHS, PathStyle, Scheme


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What the config flow stores, and who answered."""

    scheme: Scheme
    path_style: PathStyle
    identity: SenecIdentity


async def probe(
    session: aiohttp.ClientSession, host: str, *, request_timeout: float = 10.0
) -> ProbeResult:
    """https first (0825+), then http; raises when neither answers like a SENEC."""
    errors: list[SenecError] = []
    for scheme in (Scheme.HTTPS, Scheme.HTTP):
        client = SenecClient(
            session, host, scheme=scheme, request_timeout=request_timeout
        )
        try:
            identity = await client.read_identity()
        except SenecError as err:
            errors.append(err)
            continue
        path_style = await detect_path_style(session, client.base_url, scheme)
        return ProbeResult(scheme, path_style, identity)
    invalid = [err for err in errors if isinstance(err, SenecInvalidAnswerError)]
    raise invalid[0] if invalid else errors[0]


async def detect_path_style(
    session: aiohttp.ClientSession, base_url: str, scheme: Scheme
) -> PathStyle:
    """The first vars page that answers 200; a firmware-typical default otherwise."""
    for style, path in VARS_PATHS.items():
        try:
            async with session.get(
                base_url + path,
                timeout=aiohttp.ClientTimeout(total=5),
                ssl=scheme is not Scheme.HTTPS,
            ) as response:
                if response.status == 200:
                    return style
        except (TimeoutError, aiohttp.ClientError, OSError):
            continue
    return PathStyle.DOUBLE if scheme is Scheme.HTTPS else PathStyle.LOWER
