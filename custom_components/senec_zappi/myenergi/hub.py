"""The hub's own element of a full status answer (cgi-jstatus-*).

Next to the device groups (``{"zappi": [...]}``, ``{"eddi": [...]}``, ...)
the answer carries one element with the hub's firmware and the server that
holds it::

    [{"zappi": [...]}, {"harvi": []}, {"asn": "s18.myenergi.net", "fwv": "3401S3.051"}]

The status of the zappis alone (cgi-jstatus-Z, polled every interval) does
not carry it, so it is read once at setup; it is optional.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HubInfo:
    """What the hub says about itself; None where it is not sent."""

    firmware: str | None
    server: str | None


def _stripped_text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def parse_hub(payload: object) -> HubInfo | None:
    """The asn/fwv element of a full status answer; None when there is none."""
    elements = payload if isinstance(payload, list) else [payload]
    for element in elements:
        if isinstance(element, dict) and ("fwv" in element or "asn" in element):
            info = HubInfo(
                _stripped_text(element.get("fwv")), _stripped_text(element.get("asn"))
            )
            if info.firmware or info.server:
                return info
    return None
