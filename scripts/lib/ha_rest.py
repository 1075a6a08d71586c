"""Home Assistant driven over its own REST APIs, as a browser would.

Shared by scripts/demo and the end-to-end test: onboarding a fresh instance
and adding config entries through the normal config flow.
"""

from __future__ import annotations

import json
from typing import Any
import urllib.error
import urllib.parse
import urllib.request


class JsonApiError(Exception):
    """The server answered, but not with what the step needs."""


class JsonApi:
    """Plain JSON over HTTP; the token is set by onboard()."""

    def __init__(self, base: str) -> None:
        """base: http://host:port of Home Assistant."""
        self.base = base
        self.token: str | None = None

    def request(
        self, method: str, path: str, body: object = None, *, form: bool = False
    ) -> tuple[int, Any]:
        """Status and decoded body (text when it is not JSON)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            if form:
                data = urllib.parse.urlencode(body).encode()  # type: ignore[arg-type]
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as err:
            text = err.read().decode()
            status = err.code
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def ok(self, method: str, path: str, body: object = None, **kw: Any) -> Any:
        """The body of a 2xx answer; JsonApiError otherwise."""
        status, payload = self.request(method, path, body, **kw)
        if not 200 <= status < 300:
            raise JsonApiError(f"{method} {path}: HTTP {status} {payload}")
        return payload


def onboard(api: JsonApi, username: str, password: str, *, finish: bool) -> str:
    """Create the owner and log in; finish=True also runs the remaining steps.

    The remaining steps (location, analytics, integrations) set up Home
    Assistant's default entries too: the demo wants the finished UI, the
    end-to-end test only the API.
    """
    client_id = api.base + "/"
    user = api.ok(
        "POST",
        "/api/onboarding/users",
        {
            "client_id": client_id,
            "name": username.capitalize(),
            "username": username,
            "password": password,
            "language": "en",
        },
    )
    token = api.ok(
        "POST",
        "/auth/token",
        {
            "grant_type": "authorization_code",
            "code": user["auth_code"],
            "client_id": client_id,
        },
        form=True,
    )
    api.token = str(token["access_token"])
    if finish:
        api.ok("POST", "/api/onboarding/core_config", {})
        api.ok("POST", "/api/onboarding/analytics", {})
        api.ok(
            "POST",
            "/api/onboarding/integration",
            {"client_id": client_id, "redirect_uri": client_id},
        )
    return api.token


def add_entry(api: JsonApi, step: str, user_input: dict[str, Any]) -> dict[str, Any]:
    """Run the config flow through its device menu; the created entry."""
    flow = api.ok("POST", "/api/config/config_entries/flow", {"handler": "senec_zappi"})
    if flow.get("type") != "menu":
        raise JsonApiError(f"expected the device menu, got {flow}")
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    form = api.ok("POST", path, {"next_step_id": step})
    if form.get("type") != "form":
        raise JsonApiError(f"expected the {step} form, got {form}")
    result = api.ok("POST", path, user_input)
    if result.get("type") != "create_entry":
        raise JsonApiError(f"adding {step} failed: {result}")
    return dict(result["result"])
