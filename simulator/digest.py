"""The server half of HTTP Digest (MD5, qop auth) as myenergi runs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import hashlib
import hmac
import re
import secrets
import time
from typing import Final

REALM: Final = "MyEnergi Telemetry"
_PARAM = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))')


def parse_authorization(header: str) -> dict[str, str] | None:
    """Fields of ``Authorization: Digest ...``; None for other schemes."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    return {
        name.lower(): quoted if quoted else plain
        for name, quoted, plain in _PARAM.findall(rest)
    }


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


@dataclass(slots=True)
class DigestServer:
    """Issues nonces, checks responses, says when a nonce went stale."""

    username: str
    password: str
    lifetime: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _nonces: dict[str, tuple[float, int]] = field(default_factory=dict)

    def challenge(self, *, stale: bool = False) -> str:
        """A WWW-Authenticate header with a fresh nonce."""
        nonce = secrets.token_hex(16)
        self._nonces[nonce] = (self.clock(), 0)
        header = (
            f'Digest realm="{REALM}", qop="auth", algorithm=MD5, '
            f'nonce="{nonce}", opaque="{secrets.token_hex(8)}"'
        )
        return header + (", stale=true" if stale else "")

    def expected(self, fields: dict[str, str], method: str) -> str:
        """The response a client knowing the key would send."""
        ha1 = _md5(f"{self.username}:{REALM}:{self.password}")
        ha2 = _md5(f"{method}:{fields.get('uri', '')}")
        return _md5(
            f"{ha1}:{fields.get('nonce', '')}:{fields.get('nc', '')}:"
            f"{fields.get('cnonce', '')}:{fields.get('qop', '')}:{ha2}"
        )

    def check(self, header: str | None, method: str, path_qs: str) -> str | None:
        """None when authorised, else the WWW-Authenticate header to answer."""
        fields = parse_authorization(header or "")
        if fields is None:
            return self.challenge()
        response_ok = (
            fields.get("username") == self.username
            and fields.get("realm") == REALM
            and fields.get("uri") == path_qs
            and fields.get("qop") == "auth"
            and hmac.compare_digest(
                fields.get("response", ""), self.expected(fields, method)
            )
        )
        issued = self._nonces.get(fields.get("nonce", ""))
        if not response_ok or issued is None:
            return self.challenge()
        born, last_nc = issued
        try:
            nc = int(fields.get("nc", ""), 16)
        except ValueError:
            return self.challenge()
        if self.clock() - born > self.lifetime:
            del self._nonces[fields["nonce"]]
            return self.challenge(stale=True)
        if nc <= last_nc:  # a replayed request
            return self.challenge()
        self._nonces[fields["nonce"]] = (born, nc)
        return None
