"""HTTP Digest authentication (RFC 7616, MD5, qop auth) as myenergi uses it."""

from __future__ import annotations

import hashlib
import re
import secrets

from .exceptions import MyenergiInvalidAnswerError

_PARAM = re.compile(r'\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?')


def split_challenge(header: str) -> dict[str, str]:
    """Parameters of a ``WWW-Authenticate: Digest ...`` header, names lower case."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        raise MyenergiInvalidAnswerError("The server did not ask for digest auth")
    params: dict[str, str] = {}
    for match in _PARAM.finditer(rest):
        name, quoted, plain = match.groups()
        value = quoted if quoted is not None else plain
        params[name.lower()] = re.sub(r"\\(.)", r"\1", value)
    if "nonce" not in params or "realm" not in params:
        raise MyenergiInvalidAnswerError("The digest challenge lacks realm or nonce")
    return params


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class DigestAuth:
    """Answers one challenge for many requests, counting nc up."""

    def __init__(self, username: str, password: str) -> None:
        """Credentials: hub serial and API key."""
        self._username = username
        self._password = password
        self._challenge: dict[str, str] | None = None
        self._nc = 0

    @property
    def has_challenge(self) -> bool:
        """Whether a challenge is known, so requests can carry auth at once."""
        return self._challenge is not None

    def reset(self) -> None:
        """Forget the challenge (another server, or the nonce went stale)."""
        self._challenge = None
        self._nc = 0

    @property
    def nonce(self) -> str | None:
        """The nonce in use, to tell a new challenge from a refusal."""
        return None if self._challenge is None else self._challenge["nonce"]

    def parse_challenge(self, header: str) -> dict[str, str]:
        """Take the server's challenge; the nonce count starts again."""
        challenge = split_challenge(header)
        algorithm = challenge.get("algorithm", "MD5").upper()
        if algorithm != "MD5":
            raise MyenergiInvalidAnswerError(
                f"Unsupported digest algorithm {algorithm}"
            )
        qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
        if qops and "auth" not in qops:
            raise MyenergiInvalidAnswerError("Unsupported digest qop")
        self._challenge = challenge
        self._nc = 0
        return challenge

    def authorization(
        self, method: str, path_with_query: str, *, cnonce: str | None = None
    ) -> str:
        """The Authorization header for one request (cnonce fixed only in tests)."""
        if self._challenge is None:
            raise RuntimeError("no challenge yet")
        challenge = self._challenge
        realm, nonce = challenge["realm"], challenge["nonce"]
        ha1 = _md5(f"{self._username}:{realm}:{self._password}")
        ha2 = _md5(f"{method}:{path_with_query}")
        fields = {
            "username": f'"{self._username}"',
            "realm": f'"{realm}"',
            "nonce": f'"{nonce}"',
            "uri": f'"{path_with_query}"',
        }
        if challenge.get("qop"):
            self._nc += 1
            nc = f"{self._nc:08x}"
            cnonce = cnonce or secrets.token_hex(8)
            response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            fields.update(qop="auth", nc=nc, cnonce=f'"{cnonce}"')
        else:  # RFC 2069
            response = _md5(f"{ha1}:{nonce}:{ha2}")
        fields["response"] = f'"{response}"'
        if "opaque" in challenge:
            fields["opaque"] = f'"{challenge["opaque"]}"'
        if "algorithm" in challenge:
            fields["algorithm"] = challenge["algorithm"]
        return "Digest " + ", ".join(f"{k}={v}" for k, v in fields.items())
