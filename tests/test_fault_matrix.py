"""Fault matrix: every fault against real servers on 127.0.0.1, in Home Assistant.

Each row injects one fault into a running entry, polls twice, checks what the
user sees (entities unavailable, one value unknown, or nothing at all), that
it was logged once and without a traceback, then clears the fault, polls and
checks recovery. The tables of outcomes are printed (``pytest -s``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
import json
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from benchmarks.energy import simulated_day
from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    DOMAIN,
)
from custom_components.senec_zappi.senec import SenecTimeoutError, encode_value

from .conftest import SENEC_DEVICE_ID, FakeSenec, load_json, with_live_clock
from .helpers import cloud_entry, free_port
from .myenergi.fake_cloud import PASSWORD, FakeCloud, json_answer
from .senec.fake_unit import FakeUnit, Running, serve

pytestmark = pytest.mark.usefixtures("socket_enabled")

FULL = load_json("senec_full.json")
STATUS = load_json("myenergi_status.json")


def live_status(_request: object = None) -> Any:
    """The capture as a live hub serves it: read just now (fresh dat/tim)."""
    return json_answer(with_live_clock(STATUS, dt_util.utcnow()))


SOC_WIRE = FULL["ENERGY"]["GUI_BAT_DATA_FUEL_CHARGE"]

UNAVAILABLE = "entities unavailable"
UNKNOWN = "value unknown"
UNCHANGED = "no effect"


@dataclass(frozen=True)
class Fault:
    """One row: how to cause it, how to end it, what the user should see."""

    name: str
    start: Callable[[], None]
    stop: Callable[[], None]
    outcome: str
    reauth: bool = False


@dataclass
class Row:
    """What happened."""

    fault: str
    outcome: str
    warnings: int
    recovered: bool
    reauth: bool


def _entity_id(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    registry = er.async_get(hass)
    return next(
        item.entity_id
        for item in er.async_entries_for_config_entry(registry, entry.entry_id)
        if item.translation_key == key
    )


def _our_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("custom_components")]


def _print_table(title: str, rows: list[Row]) -> None:
    print(f"\n{title}")
    print(f"{'fault':<24} {'outcome':<22} {'warnings':>8} {'recovered':>9} reauth")
    for row in rows:
        print(
            f"{row.fault:<24} {row.outcome:<22} {row.warnings:>8} "
            f"{row.recovered!s:>9} {row.reauth}"
        )


async def _run_matrix(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    entry: MockConfigEntry,
    coordinator: DataUpdateCoordinator[Any],
    entity_id: str,
    faults: list[Fault],
) -> list[Row]:
    """Inject each fault, poll twice, end it, poll once; check every step."""
    rows: list[Row] = []
    good = hass.states.get(entity_id)
    assert good is not None
    assert good.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    for fault in faults:
        caplog.clear()
        fault.start()
        for _ in range(2):  # the second failure must not be logged again
            await coordinator.async_refresh()
            await hass.async_block_till_done()
        state = hass.states.get(entity_id)
        assert state is not None
        seen = {
            STATE_UNAVAILABLE: UNAVAILABLE,
            STATE_UNKNOWN: UNKNOWN,
            good.state: UNCHANGED,
        }.get(state.state, f"changed to {state.state}")
        warnings = [r for r in _our_records(caplog) if r.levelno >= logging.WARNING]
        reauth = any(
            flow["context"]["source"] == "reauth"
            for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        )
        fault.stop()
        caplog.clear()
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        back = hass.states.get(entity_id)
        assert back is not None
        recovered = back.state == good.state
        rows.append(Row(fault.name, seen, len(warnings), recovered, reauth))
        assert seen == fault.outcome, fault.name
        assert len(warnings) == (1 if fault.outcome == UNAVAILABLE else 0), (
            fault.name,
            [r.getMessage() for r in warnings],
        )
        assert reauth is fault.reauth, fault.name
        assert recovered, fault.name
        recovered_lines = [
            r for r in _our_records(caplog) if "recovered" in r.getMessage()
        ]
        assert len(recovered_lines) == (1 if fault.outcome == UNAVAILABLE else 0)
        assert all(r.exc_info is None for r in caplog.records), fault.name
        assert entry.state is ConfigEntryState.LOADED, fault.name
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN):
            hass.config_entries.flow.async_abort(flow["flow_id"])
    return rows


@pytest.fixture
async def unit() -> AsyncIterator[Running]:
    """A SENEC-like unit over https with a self-signed certificate."""
    async with serve(FakeUnit(FULL), tls=True) as running:
        yield running


async def test_senec_fault_matrix(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, unit: Running
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="SENEC",
        unique_id=SENEC_DEVICE_ID,  # the unit the simulator plays
        data={
            CONF_DEVICE_TYPE: "senec",
            CONF_HOST: unit.host,
            CONF_SCHEME: "https",
            CONF_PATH_STYLE: "double",
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator = entry.runtime_data
    client = coordinator.client
    client.request_timeout = 0.3
    fake = unit.unit
    soc = _entity_id(hass, entry, "battery_state_of_charge")

    def fault(name: str) -> Callable[[], None]:
        return lambda: setattr(fake, "fault", name)

    def clear() -> None:
        fake.fault = None
        fake.overrides.clear()
        client.host = unit.host

    def override(raw: object) -> Callable[[], None]:
        return lambda: fake.overrides.update(
            {"ENERGY": {"GUI_BAT_DATA_FUEL_CHARGE": raw}}
        )

    def reboot() -> None:
        fake.cookie_value = f"{fake.cookie_value}-rebooted"

    def refuse() -> None:
        client.host = f"127.0.0.1:{free_port()}"

    faults = [
        Fault("timeout", fault("hang"), clear, UNAVAILABLE),
        Fault("connection refused", refuse, clear, UNAVAILABLE),
        Fault("reset mid-body", fault("reset"), clear, UNAVAILABLE),
        Fault("HTTP 500", fault("http_500"), clear, UNAVAILABLE),
        Fault("HTTP 404 HTML page", fault("html_404"), clear, UNAVAILABLE),
        Fault("200 HTML page", fault("html_200"), clear, UNAVAILABLE),
        Fault("200 truncated JSON", fault("truncated"), clear, UNAVAILABLE),
        Fault("empty body", fault("empty"), clear, UNAVAILABLE),
        Fault("doubled escapes", fault("doubled"), clear, UNCHANGED),
        Fault("JSON inside a string", fault("string"), clear, UNCHANGED),
        Fault("sentinel values", fault("sentinel"), clear, UNKNOWN),
        Fault("unknown prefix", override("zz_42C80000"), clear, UNKNOWN),
        Fault("value changes type", override("st_full"), clear, UNKNOWN),
        Fault("float without digits", override("fl_"), clear, UNKNOWN),
        Fault("array instead of value", override([SOC_WIRE]), clear, UNKNOWN),
        Fault("reboot (cookie lost)", reboot, clear, UNCHANGED),
    ]
    rows = await _run_matrix(hass, caplog, entry, coordinator, soc, faults)
    _print_table("SENEC fault matrix", rows)
    assert len(rows) == len(faults)
    # backoff stretched the interval during outages and is back to normal now
    assert coordinator.update_interval == coordinator.normal_interval
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.fixture
async def clouds() -> AsyncIterator[tuple[FakeCloud, FakeCloud]]:
    """The configured server and a second one the first may redirect to."""
    async with AsyncExitStack() as stack:
        pair = []
        for _ in range(2):
            cloud = await FakeCloud().start()
            stack.push_async_callback(cloud.close)
            cloud.routes["cgi-jstatus-Z"] = live_status
            pair.append(cloud)
        yield pair[0], pair[1]


async def test_myenergi_fault_matrix(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    clouds: tuple[FakeCloud, FakeCloud],
) -> None:
    cloud, other = clouds
    entry = cloud_entry(hass, cloud)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator = entry.runtime_data.status
    client = entry.runtime_data.client
    client.request_timeout = 0.3
    power = _entity_id(hass, entry, "charge_power")

    def route(answer: Callable[[Any], Any]) -> Callable[[], None]:
        return lambda: cloud.routes.__setitem__("cgi-jstatus-Z", answer)

    def clear() -> None:
        cloud.routes["cgi-jstatus-Z"] = live_status
        cloud.delay = 0
        cloud.password = PASSWORD
        cloud.asn = None
        client.active_server = client.server_url = cloud.url
        client.slow_down_until = None  # as if the server's wait (429) were over

    def slow() -> None:
        cloud.delay = 1

    def refuse() -> None:
        client.active_server = client.server_url = f"http://127.0.0.1:{free_port()}"

    def wrong_key() -> None:
        cloud.password = "revoked"

    def no_asn() -> None:
        cloud.asn = None

    def switch() -> None:
        cloud.asn = other.host

    odd = with_live_clock(STATUS, dt_util.utcnow())
    odd["zappi"][0]["div"] = "lots"
    faults = [
        Fault("timeout", slow, clear, UNAVAILABLE),
        Fault("connection refused", refuse, clear, UNAVAILABLE),
        Fault("HTTP 500", route(lambda _r: (500, {}, b"oops")), clear, UNAVAILABLE),
        Fault(
            "HTTP 404 HTML page",
            route(lambda _r: (404, {"Content-Type": "text/html"}, b"<html>")),
            clear,
            UNAVAILABLE,
        ),
        Fault(
            "200 truncated JSON",
            route(lambda _r: (200, {}, json.dumps(STATUS).encode()[:200])),
            clear,
            UNAVAILABLE,
        ),
        Fault("empty body", route(lambda _r: (200, {}, b"")), clear, UNAVAILABLE),
        Fault(
            "429 with Retry-After",
            route(lambda _r: (429, {"Retry-After": "120"}, b"")),
            clear,
            UNAVAILABLE,
        ),
        Fault("401 (key revoked)", wrong_key, clear, UNAVAILABLE, reauth=True),
        Fault("odd value", route(lambda _r: json_answer(odd)), clear, UNKNOWN),
        Fault("missing asn header", no_asn, clear, UNCHANGED),
        Fault("server switch (asn)", switch, clear, UNCHANGED),
    ]
    rows = await _run_matrix(hass, caplog, entry, coordinator, power, faults)
    _print_table("myenergi fault matrix", rows)
    assert any(seen.path == "/cgi-jstatus-Z" for seen in other.seen), (
        "the server switch really sent requests to the other server"
    )
    assert coordinator.update_interval == coordinator.normal_interval
    assert await hass.config_entries.async_unload(entry.entry_id)


ENERGY_TOTALS = (  # entity key, lala.cgi field, sign
    ("grid_import_energy", "GUI_GRID_POW", 1),
    ("grid_export_energy", "GUI_GRID_POW", -1),
    ("battery_charge_energy", "GUI_BAT_DATA_POWER", 1),
    ("battery_discharge_energy", "GUI_BAT_DATA_POWER", -1),
    ("pv_energy", "GUI_INVERTER_POWER", 1),
    ("house_energy", "GUI_HOUSE_POW", 1),
)


async def test_senec_totals_across_timeouts(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Eight hours of a clear day (15:00-23:00), polled as the coordinator polls, with four
    outages of 2, 3, 4 and 5 timed-out polls (and the back-off after them):
    every kWh total stays within 0.5 % of the exact integral of the powers
    the unit reported (1 s resolution).

    In-process unit (conftest's FakeSenec): the clock jumps poll by poll,
    which a real server's timers would not survive.
    """
    day = simulated_day(None).fields()  # smooth flows: the README's claim
    senec_device.capture["STATISTIC"] = {}
    midnight = dt_util.utcnow() - timedelta(hours=15)  # of the profile

    def second(at: datetime) -> int:
        return int((at - midnight).total_seconds())

    def report(at: datetime) -> None:
        for field, watts in day.items():
            senec_device.set("ENERGY", field, encode_value(watts[second(at)], "fl"))

    report(dt_util.utcnow())
    entry = senec_entry
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator = entry.runtime_data
    start = second(dt_util.utcnow())
    outages = {3600: 2, 2 * 3600 + 600: 3, 4 * 3600 + 300: 5, 6 * 3600 + 900: 4}
    failing = 0
    while second(dt_util.utcnow()) - start < 8 * 3600 or failing:
        due = [at for at in outages if second(dt_util.utcnow()) - start >= at]
        if due and not failing:
            failing = outages.pop(due[0])
            senec_device.error = SenecTimeoutError("no answer in time")
        interval = coordinator.update_interval
        assert interval is not None
        step = interval + timedelta(seconds=1)
        report(dt_util.utcnow() + step)
        freezer.tick(step)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        if failing:
            assert not coordinator.last_update_success
            failing -= 1
            if not failing:
                senec_device.error = None
        else:
            assert coordinator.last_update_success
    end = second(dt_util.utcnow())
    assert not outages
    large = 0
    for key, field, sign in ENERGY_TOTALS:
        exact = sum(max(0.0, sign * w) for w in day[field][start:end]) / 3_600_000
        state = hass.states.get(_entity_id(hass, entry, key))
        assert state is not None
        assert float(state.state) == pytest.approx(exact, rel=0.005, abs=0.001), key
        large += exact > 1
    assert large == 4  # export, discharge, PV, house; no import, no charging
    assert await hass.config_entries.async_unload(entry.entry_id)
