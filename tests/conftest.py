"""Fixtures shared by the Home Assistant tests.

Device clients are replaced by fakes that answer from captures under
tests/fixtures/, the way the devices do (only the keys asked). The clients
themselves are tested against real HTTP servers in tests/senec and
tests/myenergi.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator, Iterable, Mapping
import copy
from datetime import date, datetime
import json
import logging
from pathlib import Path
import re
from typing import Any
from unittest.mock import PropertyMock, patch

import aiohttp
from homeassistant.const import CONF_API_KEY, CONF_HOST
from homeassistant.core import State
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
    HomeAssistantSnapshotSerializer,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_HUB_SERIAL,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    CONF_SERVER,
    DOMAIN,
)
from custom_components.senec_zappi.myenergi import (
    DEFAULT_SERVER,
    ChargeMode,
    Command,
    HistoryRecord,
    HubInfo,
    MyenergiClient,
    MyenergiCommandError,
    MyenergiInvalidAnswerError,
    PhaseSetting,
    ZappiStatus,
    parse_history,
    parse_status,
)
from custom_components.senec_zappi.senec import (
    IDENTITY_REQUEST,
    DecodedAnswer,
    SenecClient,
    SenecIdentity,
    decode_answer,
    parse_identity,
)
from custom_components.senec_zappi.senec.wire import transport_errors

from .myenergi.fake_cloud import FakeHistory

FIXTURES = Path(__file__).parent / "fixtures"
SENEC_DEVICE_ID = "2525866113258324220991834"
HUB_SERIAL = "12345678"
API_KEY = "test-api-key-0123456789"
SENEC_HOST = "192.168.1.115"


_MODE = re.compile(r"cgi-zappi-mode-Z\d+-(\d+)-(\d+)-(\d+)-(\d{4})")
_MIN_GREEN = re.compile(r"cgi-set-min-green-Z\d+-(\d+)")
_PHASE = re.compile(r"cgi-zappi-phase-setting-Z\d+-(\d)")
_PHASES = ("SINGLE_PHASE", "THREE_PHASE", "AUTO")


def load_json(name: str) -> Any:
    """A capture from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text())


class ReportCollector(logging.Handler):
    """Collects Home Assistant's "Detected that custom integration ..." reports."""

    MARKER = "Detected that custom integration"

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.MARKER in message:
            self.reports.append(message)


@pytest.fixture(autouse=True)
def deprecation_reports() -> Generator[ReportCollector]:
    """Fail every test in which Home Assistant reports a deprecated call of ours.

    Such a report is only a warning today and an error in a later release; on
    either Home Assistant line it fails the test that caused it.
    """
    collector = ReportCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
    if collector.reports:
        pytest.fail("deprecation reports:\n" + "\n".join(collector.reports))


@pytest.fixture(autouse=True)
def _custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let Home Assistant load custom_components in every test that has hass."""
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session for the device clients' tests against real servers.

    Its cookie jar keeps cookies of IP hosts, as the integration's SENEC
    session does (the unit's session cookie comes from 127.0.0.1 here).
    """
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as client_session:
        yield client_session


# Registry fields that only newer Home Assistant releases have.
_NEWER_ENTRY_FIELDS = ("object_id_base", "suggested_object_id")


def _plain_keys[M: Mapping[Any, Any]](mapping: M) -> M:
    """The same mapping with StrEnum keys (2026) as the strings they are (2025.4)."""
    return type(mapping)({str(key): value for key, value in mapping.items()})  # type: ignore[call-arg]


class BothLinesSerializer(HomeAssistantSnapshotSerializer):
    """Registry entries and states in one form on both Home Assistant lines.

    2026 lists aliases (with None for "the entity's own name") where 2025.4
    keeps a set of user-given aliases, adds registry fields of its own and
    keys attributes and capabilities by StrEnum members; what the integration
    decides (ids, names, classes, categories, values) is the same.
    """

    @classmethod
    def _serializable_entity_registry_entry(cls, data: er.RegistryEntry) -> Any:
        serialized = super()._serializable_entity_registry_entry(data)
        serialized["aliases"] = {a for a in serialized["aliases"] if a is not None}
        for name in _NEWER_ENTRY_FIELDS:
            serialized.pop(name, None)
        if serialized["capabilities"]:
            serialized["capabilities"] = _plain_keys(serialized["capabilities"])
        return serialized

    @classmethod
    def _serializable_state(cls, data: State) -> Any:
        serialized = super()._serializable_state(data)
        serialized["attributes"] = _plain_keys(serialized["attributes"])
        return serialized


class BothLinesSnapshotExtension(HomeAssistantSnapshotExtension):
    """Home Assistant's snapshot format, normalised across the tested lines."""

    serializer_class = BothLinesSerializer


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Home Assistant's snapshot format: volatile ids and times left out."""
    return snapshot.use_extension(BothLinesSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create every entity enabled, also those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


class FakeSenec:
    """A SENEC unit answering from a capture; records what was asked.

    ``error`` is a client error the next reads raise; ``network_error`` is
    what the network raises instead (an OSError or aiohttp error whose text
    names the unit's address, as asyncio's and aiohttp's do), which the
    client's own transport layer turns into its error.
    """

    def __init__(self, capture: Mapping[str, Any]) -> None:
        self.capture: dict[str, Any] = copy.deepcopy(dict(capture))
        self.requests: list[dict[str, list[str]]] = []
        self.error: Exception | None = None
        self.network_error: Exception | None = None
        # Other units on the network, by host: a client of another host reads those.
        self.others: dict[str, FakeSenec] = {}
        # Today's device log, and the URLs the client read it from.
        self.log = "2026-12-01 10:00:00 [INFO] ENERGY: state 14\n"
        self.log_error: Exception | None = None
        self.log_reads: list[tuple[str, int]] = []

    def set(self, section: str, key: str, raw: Any) -> None:
        """Change one wire value, e.g. set("ENERGY", "STAT_STATE", "u8_0E")."""
        self.capture.setdefault(section, {})[key] = raw

    async def read(self, request: Mapping[str, Iterable[str]]) -> DecodedAnswer:
        asked = {section: list(keys) for section, keys in request.items()}
        self.requests.append(asked)
        if self.error is not None:
            raise self.error
        if self.network_error is not None:
            with transport_errors():
                raise self.network_error
        answer: dict[str, Any] = {}
        for section, keys in asked.items():
            data = self.capture.get(section)
            if not isinstance(data, dict) or "OBJECT_NOT_FOUND" in data:
                answer[section] = {"OBJECT_NOT_FOUND": ""}
            elif not keys:
                answer[section] = dict(data)
            else:
                answer[section] = {
                    key: data.get(key, "VARIABLE_NOT_FOUND") for key in keys
                }
        return decode_answer(answer)

    async def read_identity(self) -> SenecIdentity:
        return parse_identity(await self.read(IDENTITY_REQUEST))

    @property
    def last_keys(self) -> set[tuple[str, str]]:
        """Every (section, key) of the last request."""
        return {
            (section, key)
            for section, keys in self.requests[-1].items()
            for key in keys
        }


@pytest.fixture
def senec_capture() -> str:
    """Which capture the fake SENEC answers from; override per module."""
    return "senec_full.json"


@pytest.fixture
def senec_device(senec_capture: str) -> Generator[FakeSenec]:
    """Replace the SENEC client's I/O with the fake unit."""
    device = FakeSenec(load_json(senec_capture))
    # Whichever capture it answers from, the fake is the unit senec_entry was
    # made for: setup refuses a unit with another id (a different unit).
    device.set("FACTORY", "DEVICE_ID", f"st_{SENEC_DEVICE_ID}")

    async def read(
        client: SenecClient, request: Mapping[str, Iterable[str]]
    ) -> DecodedAnswer:
        return await device.others.get(client.host, device).read(request)

    async def read_identity(client: SenecClient) -> SenecIdentity:
        return await device.others.get(client.host, device).read_identity()

    async def read_log(client: SenecClient, day: date, max_bytes: int = 4096) -> str:
        device.log_reads.append((client.log_url(day), max_bytes))
        if device.log_error is not None:
            raise device.log_error
        return device.log

    with (
        patch.object(SenecClient, "read", read),
        patch.object(SenecClient, "read_identity", read_identity),
        patch.object(SenecClient, "read_log", read_log),
    ):
        yield device


@pytest.fixture
def senec_entry() -> MockConfigEntry:
    """A configured SENEC unit (https, double-slash firmware)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="SENEC SENEC.Inverter V3 LV",
        unique_id=SENEC_DEVICE_ID,
        data={
            CONF_DEVICE_TYPE: "senec",
            CONF_HOST: SENEC_HOST,
            CONF_SCHEME: "https",
            CONF_PATH_STYLE: "double",
        },
    )


def with_live_clock(payload: Any, now: datetime) -> Any:
    """A status answer whose zappis read at `now` (dat/tim, UTC), as a live hub's do.

    The captures keep the time they were taken; a zappi that reports to its hub
    sends its current clock with every reading.
    """
    payload = copy.deepcopy(payload)
    for zappi in payload.get("zappi", []) if isinstance(payload, dict) else []:
        if isinstance(zappi, dict):
            zappi["dat"] = f"{now:%d-%m-%Y}"
            zappi["tim"] = f"{now:%H:%M:%S}"
    return payload


class FakeMyenergi:
    """A myenergi account answering from captures.

    Its zappis report to the hub: every answer carries the current time in
    dat/tim unless `clock_running` is False (a zappi that lost its hub link).

    Commands behave as on a real hub: the zappi shows a sent command as
    pending (cmt 1) and applies it by the next status read (cmt 254); a
    second command while one is pending gets -26 (busy). ``apply`` False is
    a zappi that never applies, ``reject`` one that reports cmt 253, and
    ``hold`` keeps a command's answer back until the event is set.
    ``confirm_error`` fails the reads after a command (not the read before).
    ``apply_after_reads``: reads (polls included) after a command during which
    it stays pending (cmt 5), as on a slow cloud that re-sends it for minutes.
    """

    def __init__(self) -> None:
        self.clock_running = True
        self.status_payload: Any = load_json("myenergi_status.json")
        self.history_payload: Any = load_json("myenergi_dayhour.json")
        self.error: Exception | None = None
        self.history_error: Exception | None = None
        self.status_calls = 0
        self.history_calls = 0
        # A hub-like history (late uploads, growing hours, empty answers)
        # instead of the fixed history_payload.
        self.history: FakeHistory | None = None
        self.zappi_calls = 0
        self.commands: list[str] = []
        self.command_error: Exception | None = None
        self.confirm_error: Exception | None = None
        self.apply = True
        self.reject = False
        self.hold: asyncio.Event | None = None
        self.busy_answers = 0
        self.apply_after_reads = 0
        self._pending: dict[str, Any] | None = None
        self._reads_left = 0
        # The hub's own firmware, and an error its read raises instead.
        self.hub_firmware = "3401S3.051"
        self.hub_error: Exception | None = None

    @property
    def zappi(self) -> dict[str, Any]:
        """The first zappi's wire status."""
        zappi: dict[str, Any] = self.status_payload["zappi"][0]
        return zappi

    async def command(self, name: str, changes: dict[str, Any]) -> None:
        """The hub takes a command for the zappi (or answers an error)."""
        self.commands.append(name)
        if self.hold is not None:
            await self.hold.wait()
        if self.command_error is not None:
            raise self.command_error
        if self._pending is not None:
            self.busy_answers += 1
            raise MyenergiCommandError(MyenergiCommandError.BUSY)
        self._pending = changes
        self._reads_left = self.apply_after_reads
        self.zappi["cmt"] = 1

    def _advance(self) -> None:
        """A read: a pending command is applied by now, or after more reads."""
        if self._pending is None:
            return
        if self._reads_left > 0:
            self._reads_left -= 1
            self.zappi["cmt"] = 5
            return
        if self.reject:
            self.zappi["cmt"] = 253
        else:
            if self.apply:
                self.zappi.update(self._pending)
            self.zappi["cmt"] = 254
        self._pending = None

    async def get_zappi(self, serial: str) -> ZappiStatus:
        """One zappi's status; a pending command is applied by now."""
        self.zappi_calls += 1
        if self.confirm_error is not None and self.commands:
            raise self.confirm_error  # reads after a command only
        self._advance()
        payload = self.status_payload
        if self.clock_running:
            payload = with_live_clock(payload, dt_util.utcnow())
        for zappi in parse_status(payload):
            if zappi.serial == serial:
                return zappi
        raise MyenergiInvalidAnswerError("no such zappi")

    async def send(self, serial: str, command: Command) -> None:
        """A command as the hub takes it, told apart by its path (as a hub does)."""
        path = command.path(serial)
        if match := _MIN_GREEN.fullmatch(path):
            level = int(match[1])
            await self.command(f"min green {level}", {"mgl": level})
        elif match := _PHASE.fullmatch(path):
            setting = PhaseSetting(_PHASES[int(match[1])])
            await self.command(f"phase {setting.value}", {"phaseSetting": setting})
        elif match := _MODE.fullmatch(path):
            await self.command(*self._mode(*match.groups()))
        else:
            raise AssertionError(f"unknown command {command.name}")

    def _mode(
        self, mode: str, kind: str, kwh: str, clock: str
    ) -> tuple[str, dict[str, Any]]:
        if mode != "0":
            changes: dict[str, Any] = {"zmo": int(mode)}
            if mode in ("1", "4"):  # Fast and Stop end a boost
                changes.update(bsm=0, bss=0)
            return f"mode {ChargeMode(int(mode)).name}", changes
        if kind == "10":
            return f"boost {kwh}", self._boost({"tbk": int(kwh), "bsm": 1, "sta": 4})
        if kind == "11":
            hour, minute = int(clock[:2]), int(clock[2:])
            changes = {"sbk": int(kwh), "sbh": hour, "sbm": minute, "bss": 1}
            return f"smart boost {kwh} {hour:02d}:{minute:02d}", self._boost(changes)
        return "stop boost", {"bsm": 0, "bss": 0, "bst": 0, "sta": 3}

    def _boost(self, changes: dict[str, Any]) -> dict[str, Any]:
        """A boost in Fast or Stop mode is done (cmt 254) without effect."""
        return changes if self.zappi["zmo"] in (2, 3) else {}

    async def get_zappis(self) -> list[ZappiStatus]:
        self.status_calls += 1
        if self.error is not None:
            raise self.error
        self._advance()
        if self.clock_running:
            return parse_status(with_live_clock(self.status_payload, dt_util.utcnow()))
        return parse_status(self.status_payload)

    async def get_day_hours(self, serial: str, day: date) -> list[HistoryRecord]:
        """One UTC day of the hourly history (the client's real get_history,
        with its window, cache and settle rule, reads through this)."""
        self.history_calls += 1
        if self.history_error is not None:
            raise self.history_error
        if self.history is not None:
            return parse_history(self.history.day_payload(day))
        records = parse_history(self.history_payload)
        return [r for r in records if r.start.date() == day]

    async def get_names(self) -> dict[str, str]:
        return {"16000001": "Driveway"}

    async def get_hub(self) -> HubInfo | None:
        if self.hub_error is not None:
            raise self.hub_error
        return HubInfo(firmware=self.hub_firmware, server="s18.myenergi.net")


@pytest.fixture
def myenergi_account() -> Generator[FakeMyenergi]:
    """Replace the myenergi client's I/O with the fake account."""
    account = FakeMyenergi()

    async def get_zappis(_: MyenergiClient) -> list[ZappiStatus]:
        return await account.get_zappis()

    async def get_day_hours(
        _: MyenergiClient, serial: str, day: date
    ) -> list[HistoryRecord]:
        return await account.get_day_hours(serial, day)

    async def get_names(_: MyenergiClient) -> dict[str, str]:
        return await account.get_names()

    async def get_hub(_: MyenergiClient) -> HubInfo | None:
        return await account.get_hub()

    # Sending and the one-zappi read; send_command and confirm_command are
    # the real ones (the read before sending, the confirmation rules).
    commands = ("get_zappi", "send")
    with (
        patch.object(MyenergiClient, "get_hub", get_hub),
        patch.object(MyenergiClient, "get_zappis", get_zappis),
        patch.object(MyenergiClient, "get_day_hours", get_day_hours),
        patch.object(MyenergiClient, "get_names", get_names),
        patch.multiple(
            MyenergiClient,
            **{name: _forward(account, name) for name in commands},
        ),
    ):
        yield account


def _forward(account: FakeMyenergi, name: str) -> Any:
    """A MyenergiClient method that calls the fake account's method of that name."""

    async def method(_: MyenergiClient, *args: Any) -> Any:
        return await getattr(account, name)(*args)

    return method


@pytest.fixture
def myenergi_entry() -> MockConfigEntry:
    """A configured myenergi hub."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="myenergi",
        unique_id=HUB_SERIAL,
        data={
            CONF_DEVICE_TYPE: "myenergi",
            CONF_HUB_SERIAL: HUB_SERIAL,
            CONF_API_KEY: API_KEY,
            CONF_SERVER: DEFAULT_SERVER,
        },
    )
