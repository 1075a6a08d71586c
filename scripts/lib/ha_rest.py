"""Home Assistant driven over its own REST APIs, as a browser would.

Shared by scripts/demo and the end-to-end test: onboarding a fresh instance
(or logging in to one onboarded before) and adding config entries through
the normal config flow.
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


def onboarding_steps(api: JsonApi) -> dict[str, bool] | None:
    """Which onboarding steps are done; None once all are.

    Home Assistant serves /api/onboarding only while onboarding is unfinished
    (404 afterwards); its HTTP server starts after onboarding is set up, so a
    404 from a listening server means "finished", not "not ready yet".
    """
    status, payload = api.request("GET", "/api/onboarding")
    if status == 404:
        return None
    if status != 200:
        raise JsonApiError(f"GET /api/onboarding: HTTP {status} {payload}")
    return {step["step"]: bool(step["done"]) for step in payload}


def _exchange_code(api: JsonApi, client_id: str, code: str) -> str:
    """Trade an authorization code for an access token; keep it on api."""
    token = api.ok(
        "POST",
        "/auth/token",
        {"grant_type": "authorization_code", "code": code, "client_id": client_id},
        form=True,
    )
    api.token = str(token["access_token"])
    return api.token


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
    token = _exchange_code(api, client_id, user["auth_code"])
    if finish:
        finish_onboarding(api, {"user"})
    return token


def finish_onboarding(api: JsonApi, done: set[str]) -> None:
    """The steps after the owner that are not done yet (needs a token)."""
    client_id = api.base + "/"
    bodies: dict[str, object] = {
        "core_config": {},
        "analytics": {},
        "integration": {"client_id": client_id, "redirect_uri": client_id},
    }
    for step, body in bodies.items():
        if step not in done:
            api.ok("POST", f"/api/onboarding/{step}", body)


def login(api: JsonApi, username: str, password: str) -> str:
    """Log an existing user in through the login flow, as the login page does."""
    client_id = api.base + "/"
    flow = api.ok(
        "POST",
        "/auth/login_flow",
        {
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id,
        },
    )
    result = api.ok(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": client_id, "username": username, "password": password},
    )
    if result.get("type") != "create_entry":
        raise JsonApiError(f"logging in as {username} failed: {result}")
    return _exchange_code(api, client_id, str(result["result"]))


def config_entries(api: JsonApi, domain: str) -> list[dict[str, Any]]:
    """The domain's config entries (title, entry_id, state, ...)."""
    entries = api.ok("GET", f"/api/config/config_entries/entry?domain={domain}")
    return [dict(entry) for entry in entries]


def run_flow(api: JsonApi, step: str, user_input: dict[str, Any]) -> dict[str, Any]:
    """Run the config flow through its device menu; its last result (any type)."""
    flow = api.ok("POST", "/api/config/config_entries/flow", {"handler": "senec_zappi"})
    if flow.get("type") != "menu":
        raise JsonApiError(f"expected the device menu, got {flow}")
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    form = api.ok("POST", path, {"next_step_id": step})
    if form.get("type") != "form":
        raise JsonApiError(f"expected the {step} form, got {form}")
    return dict(api.ok("POST", path, user_input))


def add_entry(api: JsonApi, step: str, user_input: dict[str, Any]) -> dict[str, Any]:
    """Run the config flow through its device menu; the created entry."""
    result = run_flow(api, step, user_input)
    if result.get("type") != "create_entry":
        raise JsonApiError(f"adding {step} failed: {result}")
    return dict(result["result"])
