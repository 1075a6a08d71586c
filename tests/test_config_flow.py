"""Config flow: every path of adding, reconfiguring and re-authenticating."""

from __future__ import annotations

from collections.abc import Generator
import json
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, section
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_HUB_SERIAL,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    CONF_SERVER,
    DOMAIN,
)
from custom_components.senec_zappi.house_link import (
    CONF_HOUSE_AUTOMATIC,
    CONF_HOUSE_ZAPPIS,
)
from custom_components.senec_zappi.myenergi import (
    DEFAULT_SERVER,
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)
from custom_components.senec_zappi.senec import (
    PathStyle,
    ProbeResult,
    Scheme,
    SenecConnectionError,
    SenecIdentity,
    SenecInvalidAnswerError,
    SenecTimeoutError,
)

from .conftest import API_KEY, HUB_SERIAL, SENEC_DEVICE_ID, SENEC_HOST, FakeMyenergi

TRANSLATIONS = (
    Path(__file__).parents[1] / "custom_components" / "senec_zappi" / "translations"
)
IDENTITY = SenecIdentity(device_id=SENEC_DEVICE_ID, battery_type=4)
OTHER_IDENTITY = SenecIdentity(device_id="9999")


@pytest.fixture(autouse=True)
def _no_setup() -> Generator[None]:
    """Flow tests stop at the entry; setting it up is tested elsewhere."""
    with patch(
        "custom_components.senec_zappi.async_setup_entry", AsyncMock(return_value=True)
    ):
        yield


@pytest.fixture
def mock_probe() -> Generator[AsyncMock]:
    """The unit answers https with the double-slash web paths."""
    with patch(
        "custom_components.senec_zappi.config_flow.probe",
        AsyncMock(return_value=ProbeResult(Scheme.HTTPS, PathStyle.DOUBLE, IDENTITY)),
    ) as probe:
        yield probe


@pytest.fixture
def mock_read_identity() -> Generator[AsyncMock]:
    """Identity read when the user picked the protocol himself."""
    with patch(
        "custom_components.senec_zappi.config_flow.SenecClient.read_identity",
        AsyncMock(return_value=IDENTITY),
    ) as read_identity:
        yield read_identity


async def _start(hass: HomeAssistant, device: str) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["senec", "myenergi"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": device}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == device
    return result


SENEC_INPUT = {
    CONF_HOST: f" {SENEC_HOST} ",
    CONF_SCHEME: "auto",
    CONF_PATH_STYLE: "auto",
}


async def test_senec_detected(hass: HomeAssistant, mock_probe: AsyncMock) -> None:
    """Protocol and path style come from the probe; the host is stored trimmed."""
    result = await _start(hass, "senec")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], SENEC_INPUT
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "SENEC V3 LV ···1834"
    assert result["data"] == {
        CONF_DEVICE_TYPE: "senec",
        CONF_HOST: SENEC_HOST,
        CONF_SCHEME: "https",
        CONF_PATH_STYLE: "double",
    }
    assert result["result"].unique_id == SENEC_DEVICE_ID
    mock_probe.assert_awaited_once()
    assert mock_probe.await_args.args[1] == SENEC_HOST


@pytest.mark.parametrize(
    ("scheme", "path_style", "stored_path_style"),
    [
        ("http", "auto", "lower"),
        ("https", "auto", "double"),
        ("http", "capital", "capital"),
    ],
)
async def test_senec_user_choices_win(
    hass: HomeAssistant,
    mock_probe: AsyncMock,
    mock_read_identity: AsyncMock,
    scheme: str,
    path_style: str,
    stored_path_style: str,
) -> None:
    """A protocol picked by the user skips detection; a picked path style wins."""
    result = await _start(hass, "senec")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: SENEC_HOST, CONF_SCHEME: scheme, CONF_PATH_STYLE: path_style},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SCHEME] == scheme
    assert result["data"][CONF_PATH_STYLE] == stored_path_style
    mock_probe.assert_not_awaited()
    mock_read_identity.assert_awaited_once()


async def test_senec_path_style_override_after_probe(
    hass: HomeAssistant, mock_probe: AsyncMock
) -> None:
    """Detection picked double slashes; the user knows better."""
    result = await _start(hass, "senec")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**SENEC_INPUT, CONF_PATH_STYLE: "capital"}
    )
    assert result["data"][CONF_SCHEME] == "https"
    assert result["data"][CONF_PATH_STYLE] == "capital"


@pytest.mark.parametrize(
    ("side_effect", "error"),
    [
        (SenecConnectionError("refused"), "senec_cannot_connect"),
        (SenecTimeoutError("timeout"), "senec_cannot_connect"),
        (SenecInvalidAnswerError("html"), "invalid_answer"),
        (RuntimeError("boom"), "unknown"),
        (ProbeResult(Scheme.HTTPS, PathStyle.DOUBLE, SenecIdentity()), "no_device_id"),
    ],
)
async def test_senec_errors_then_recovery(
    hass: HomeAssistant,
    mock_probe: AsyncMock,
    side_effect: Exception | ProbeResult,
    error: str,
) -> None:
    """Each failure shows its error on the form, keeps the input, then succeeds."""
    result = await _start(hass, "senec")
    if isinstance(side_effect, ProbeResult):
        mock_probe.return_value = side_effect
    else:
        mock_probe.side_effect = side_effect
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], SENEC_INPUT
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    schema_defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert schema_defaults[CONF_HOST] == SENEC_INPUT[CONF_HOST]

    mock_probe.side_effect = None
    mock_probe.return_value = ProbeResult(Scheme.HTTPS, PathStyle.DOUBLE, IDENTITY)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], SENEC_INPUT
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_senec_already_configured_updates_host(
    hass: HomeAssistant, mock_probe: AsyncMock, senec_entry: MockConfigEntry
) -> None:
    """The same unit under a new address: abort, but remember the address."""
    senec_entry.add_to_hass(hass)
    result = await _start(hass, "senec")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**SENEC_INPUT, CONF_HOST: "10.0.0.7"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert senec_entry.data[CONF_HOST] == "10.0.0.7"


MYENERGI_INPUT = {
    CONF_HUB_SERIAL: f" {HUB_SERIAL} ",
    CONF_API_KEY: API_KEY,
    "advanced": {CONF_SERVER: DEFAULT_SERVER + "/"},
}


async def test_myenergi_success(
    hass: HomeAssistant, myenergi_account: FakeMyenergi
) -> None:
    """Serial and key are tested with a real status read before the entry exists."""
    result = await _start(hass, "myenergi")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], MYENERGI_INPUT
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "myenergi Hub ···5678"
    assert result["data"] == {
        CONF_DEVICE_TYPE: "myenergi",
        CONF_HUB_SERIAL: HUB_SERIAL,
        CONF_API_KEY: API_KEY,
        CONF_SERVER: DEFAULT_SERVER,
    }
    assert result["result"].unique_id == HUB_SERIAL
    assert myenergi_account.status_calls == 1


async def test_myenergi_custom_server(
    hass: HomeAssistant, myenergi_account: FakeMyenergi
) -> None:
    """A simulator address in the advanced section is stored."""
    result = await _start(hass, "myenergi")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {**MYENERGI_INPUT, "advanced": {CONF_SERVER: "http://127.0.0.1:8099"}},
    )
    assert result["data"][CONF_SERVER] == "http://127.0.0.1:8099"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (MyenergiAuthError("401"), "invalid_auth"),
        (MyenergiRateLimitError("429", retry_after=60), "rate_limited"),
        (MyenergiConnectionError("down"), "myenergi_cannot_connect"),
        (MyenergiTimeoutError("slow"), "myenergi_cannot_connect"),
        (MyenergiInvalidAnswerError("html"), "myenergi_invalid_answer"),
        (RuntimeError("boom"), "unknown"),
        (None, "no_zappi"),
    ],
)
async def test_myenergi_errors_then_recovery(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    error: Exception | None,
    expected: str,
) -> None:
    """Each failure shows its error, then the corrected input succeeds."""
    result = await _start(hass, "myenergi")
    if error is None:
        myenergi_account.status_payload = {"zappi": []}
    else:
        myenergi_account.error = error
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], MYENERGI_INPUT
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": expected}

    myenergi_account.error = None
    myenergi_account.status_payload = FakeMyenergi().status_payload
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], MYENERGI_INPUT
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_myenergi_already_configured(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """One entry per hub."""
    myenergi_entry.add_to_hass(hass)
    result = await _start(hass, "myenergi")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], MYENERGI_INPUT
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_senec_reconfigure(
    hass: HomeAssistant, mock_probe: AsyncMock, senec_entry: MockConfigEntry
) -> None:
    """New address and protocol for the same unit: saved, entry reloaded."""
    senec_entry.add_to_hass(hass)
    result = await senec_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    mock_probe.side_effect = SenecConnectionError("refused")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**SENEC_INPUT, CONF_HOST: "10.0.0.8"}
    )
    assert result["errors"] == {"base": "senec_cannot_connect"}

    mock_probe.side_effect = None
    mock_probe.return_value = ProbeResult(Scheme.HTTP, PathStyle.LOWER, IDENTITY)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**SENEC_INPUT, CONF_HOST: "10.0.0.8"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert senec_entry.data == {
        CONF_DEVICE_TYPE: "senec",
        CONF_HOST: "10.0.0.8",
        CONF_SCHEME: "http",
        CONF_PATH_STYLE: "lower",
    }


async def test_senec_reconfigure_other_unit(
    hass: HomeAssistant, mock_probe: AsyncMock, senec_entry: MockConfigEntry
) -> None:
    """An address that answers with another unit's id is refused; nothing changes."""
    senec_entry.add_to_hass(hass)
    before = dict(senec_entry.data)
    mock_probe.return_value = ProbeResult(
        Scheme.HTTPS, PathStyle.DOUBLE, OTHER_IDENTITY
    )
    result = await senec_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**SENEC_INPUT, CONF_HOST: "10.0.0.9"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"
    assert dict(senec_entry.data) == before


async def test_myenergi_reconfigure(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """New key and server; the serial (the unique id) stays."""
    myenergi_entry.add_to_hass(hass)
    result = await myenergi_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert CONF_HUB_SERIAL not in {str(key) for key in result["data_schema"].schema}

    myenergi_account.error = MyenergiAuthError("401")
    user_input = {CONF_API_KEY: "new-key", "advanced": {CONF_SERVER: DEFAULT_SERVER}}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["errors"] == {"base": "invalid_auth"}

    myenergi_account.error = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert myenergi_entry.data[CONF_API_KEY] == "new-key"
    assert myenergi_entry.data[CONF_HUB_SERIAL] == HUB_SERIAL


async def test_reauth(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A rejected key is replaced by a tested new one; nothing else changes."""
    myenergi_entry.add_to_hass(hass)
    result = await myenergi_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"

    myenergi_account.error = MyenergiAuthError("401")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: "still-wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert myenergi_entry.data[CONF_API_KEY] == API_KEY

    myenergi_account.error = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: "fresh-key"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert myenergi_entry.data[CONF_API_KEY] == "fresh-key"
    assert myenergi_entry.data[CONF_SERVER] == DEFAULT_SERVER


@pytest.mark.parametrize(
    ("entry_fixture", "default", "minimum"),
    [("senec_entry", 30, 10), ("myenergi_entry", 60, 30)],
)
async def test_options_interval(
    hass: HomeAssistant,
    request: pytest.FixtureRequest,
    entry_fixture: str,
    default: int,
    minimum: int,
) -> None:
    """The polling interval has a per-device default and minimum; saving reloads."""
    entry: MockConfigEntry = request.getfixturevalue(entry_fixture)
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    key, *house = result["data_schema"].schema
    assert key == CONF_SCAN_INTERVAL
    assert key.default() == default
    # A SENEC house also chooses its zappis (automatic by default).
    assert house == ([CONF_HOUSE_AUTOMATIC, CONF_HOUSE_ZAPPIS] if house else [])
    selector = result["data_schema"].schema[key]
    assert selector.config["min"] == minimum

    with patch.object(hass.config_entries, "async_schedule_reload") as reload:
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_SCAN_INTERVAL: minimum + 5}
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_SCAN_INTERVAL] == minimum + 5
    assert entry.options.get(CONF_HOUSE_AUTOMATIC, True) is True
    reload.assert_called_once_with(entry.entry_id)


def _fields(schema: Any) -> dict[str, Any]:
    """Each field of a form by name: its marker and its selector or section."""
    return {str(marker): (marker, value) for marker, value in schema.schema.items()}


def _kept(schema: Any) -> dict[str, Any]:
    """What the form shows in each field: suggested value, else the default."""
    shown: dict[str, Any] = {}
    for name, (marker, value) in _fields(schema).items():
        if isinstance(value, section):
            shown[name] = _kept(value.schema)
            continue
        suggested = (marker.description or {}).get("suggested_value")
        default = marker.default() if callable(marker.default) else None
        shown[name] = suggested if suggested is not None else default
    return shown


def _collapsed(schema: Any) -> bool:
    _, advanced = _fields(schema)["advanced"]
    collapsed: bool = advanced.options["collapsed"]
    return collapsed


async def test_myenergi_form_keeps_input_after_error(
    hass: HomeAssistant, myenergi_account: FakeMyenergi
) -> None:
    """After an error the key and server stay entered and Advanced stays open."""
    result = await _start(hass, "myenergi")
    assert _collapsed(result["data_schema"])
    assert _kept(result["data_schema"])[CONF_API_KEY] is None

    myenergi_account.error = MyenergiConnectionError("down")
    user_input = {**MYENERGI_INPUT, "advanced": {CONF_SERVER: "http://sim:8099"}}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["errors"] == {"base": "myenergi_cannot_connect"}
    assert _kept(result["data_schema"]) == {
        CONF_HUB_SERIAL: HUB_SERIAL,
        CONF_API_KEY: API_KEY,
        "advanced": {CONF_SERVER: "http://sim:8099"},
    }
    assert not _collapsed(result["data_schema"])


async def test_myenergi_reconfigure_keeps_input_after_error(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Reconfigure never shows the stored key; after an error it keeps the new one."""
    myenergi_entry.add_to_hass(hass)
    result = await myenergi_entry.start_reconfigure_flow(hass)
    assert _kept(result["data_schema"])[CONF_API_KEY] is None
    assert _collapsed(result["data_schema"])

    myenergi_account.error = MyenergiAuthError("401")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_API_KEY: "new-key", "advanced": {CONF_SERVER: "http://sim:8099"}},
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert _kept(result["data_schema"]) == {
        CONF_API_KEY: "new-key",
        "advanced": {CONF_SERVER: "http://sim:8099"},
    }
    assert not _collapsed(result["data_schema"])


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_form_error_speaks_of_its_own_device(language: str) -> None:
    """The SENEC texts never mention myenergi, and the other way round."""
    errors = json.loads(
        (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
    )["config"]["error"]
    assert "cannot_connect" not in errors
    for key, text in errors.items():
        if key.startswith("senec_"):
            assert "myenergi" not in text, key
        if key.startswith("myenergi_"):
            assert "SENEC" not in text, key


@pytest.mark.parametrize(
    ("entry_fixture", "device", "minimum"),
    [("senec_entry", "SENEC", "10"), ("myenergi_entry", "myenergi", "30")],
)
async def test_options_text_names_its_own_device(
    hass: HomeAssistant,
    request: pytest.FixtureRequest,
    entry_fixture: str,
    device: str,
    minimum: str,
) -> None:
    """The options help gives this device's minimum only."""
    entry: MockConfigEntry = request.getfixturevalue(entry_fixture)
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["description_placeholders"] == {
        "device": device,
        "minimum": minimum,
    }
    for language in ("en", "de"):
        text = json.loads(
            (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
        )["options"]["step"]["init"]["data_description"]["scan_interval"]
        assert text.format(**result["description_placeholders"]).count(" s") == 1
        assert "SENEC" not in text
        assert "myenergi" not in text
