"""myenergi entry: devices, failures, rate limits and the history cadence (setup: test_init)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.myenergi import (
    HistoryRecord,
    MyenergiAuthError,
    MyenergiConnectionError,
    MyenergiInvalidAnswerError,
    MyenergiRateLimitError,
    aggregate_day,
    parse_history,
)
from custom_components.senec_zappi.runtime import MyenergiRuntime

from .conftest import HUB_SERIAL, FakeMyenergi, with_live_clock
from .helpers import device_of, log_lines, setup_entry, tick, tracebacks

# 20:00 local time (US/Pacific, the test time zone) on the day of the captures.
pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")

CHARGE_POWER = "sensor.driveway_charge_power"
STATUS = "sensor.driveway_status"
IMPORT_TODAY = "sensor.driveway_grid_import_today"


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry) -> MyenergiRuntime:
    """The entry set up; its runtime, to watch the coordinators' intervals."""
    await setup_entry(hass, entry)
    runtime = entry.runtime_data
    assert isinstance(runtime, MyenergiRuntime)
    return runtime


async def test_setup_devices_and_states(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A hub device, a zappi device under it, live values and today's energy."""
    await setup_entry(hass, myenergi_entry)
    assert myenergi_entry.state is ConfigEntryState.LOADED

    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    assert hub is not None
    assert hub.manufacturer == "myenergi"
    zappi = device_of(device_registry, myenergi_entry, (DOMAIN, "zappi_16000001"))
    assert zappi is not None
    assert zappi.name == "Driveway"
    assert zappi.via_device_id == hub.id
    assert zappi.sw_version == "3560S5.039"

    assert hass.states.get(CHARGE_POWER).state == "5312"
    assert hass.states.get(STATUS).state == "charging"
    assert hass.states.get("select.driveway_charge_mode").state == "fast"
    assert hass.states.get("binary_sensor.driveway_ev_connected").state == "on"

    expected = aggregate_day(
        parse_history(myenergi_account.history_payload),
        date(2021, 7, 25),
        dt_util.get_default_time_zone(),
    )
    assert expected.grid_import_kwh > 0
    assert float(hass.states.get(IMPORT_TODAY).state) == pytest.approx(
        expected.grid_import_kwh
    )

    assert await hass.config_entries.async_unload(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    assert myenergi_entry.state is ConfigEntryState.NOT_LOADED


async def test_key_revoked_while_running(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 401 during polling starts the reauth flow."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.error = MyenergiAuthError("401")
    await tick(hass, freezer, 61)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_outage_then_recovery(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Unavailable during an outage, logged once each way, no traceback."""
    await setup_entry(hass, myenergi_entry)
    caplog.clear()
    myenergi_account.error = MyenergiConnectionError("down")
    for _ in range(3):
        await tick(hass, freezer, 61)
        assert hass.states.get(CHARGE_POWER).state == STATE_UNAVAILABLE
    myenergi_account.error = None
    await tick(hass, freezer, 61)
    assert hass.states.get(CHARGE_POWER).state == "5312"
    ours = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.senec_zappi")
    ]
    assert len([line for line in ours if "unavailable" in line]) == 1
    assert len([line for line in ours if "recovered" in line]) == 1
    assert not tracebacks(caplog)


async def test_rate_limit_stretches_interval(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After a 429 the hub is left alone for Retry-After, then polled normally."""
    runtime = await _set_up(hass, myenergi_entry)
    myenergi_account.error = MyenergiRateLimitError("429", retry_after=600)
    await tick(hass, freezer, 61)
    calls = myenergi_account.status_calls
    assert runtime.status.update_interval == timedelta(seconds=600)

    myenergi_account.error = None
    await tick(hass, freezer, 300)
    assert myenergi_account.status_calls == calls
    await tick(hass, freezer, 301)
    assert myenergi_account.status_calls == calls + 1
    assert runtime.status.update_interval == timedelta(seconds=60)


async def test_rate_limit_without_retry_after(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """No Retry-After still backs off, by a bounded default."""
    runtime = await _set_up(hass, myenergi_entry)
    myenergi_account.error = MyenergiRateLimitError("429", retry_after=None)
    await tick(hass, freezer, 61)
    assert runtime.status.update_interval == timedelta(minutes=5)


async def test_history_honours_429_like_the_status(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 429 on the history stretches its interval too (issue 21 item 8)."""
    runtime = await _set_up(hass, myenergi_entry)
    myenergi_account.history_error = MyenergiRateLimitError("429", retry_after=7200)
    await tick(hass, freezer, 15 * 60 + 1)
    assert runtime.history.update_interval == timedelta(hours=1)  # capped
    calls = myenergi_account.history_calls
    myenergi_account.history_error = None
    await tick(hass, freezer, 30 * 60)
    assert myenergi_account.history_calls == calls  # not every 15 minutes
    await tick(hass, freezer, 30 * 60 + 1)
    assert myenergi_account.history_calls == calls + 1
    assert runtime.history.update_interval == timedelta(minutes=15)


async def test_history_every_15_minutes_and_at_midnight(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Status every minute; history only every 15 minutes, plus after midnight."""
    await setup_entry(hass, myenergi_entry)
    per_refresh = myenergi_account.history_calls  # the UTC days a read spans
    assert per_refresh in (1, 2)
    status_calls = myenergi_account.status_calls
    for _ in range(14):
        await tick(hass, freezer, 60)
    assert myenergi_account.status_calls == status_calls + 14
    assert myenergi_account.history_calls == per_refresh
    await tick(hass, freezer, 61)
    # read again (a settled UTC day comes from the client's cache)
    assert per_refresh < myenergi_account.history_calls <= 2 * per_refresh

    # 20:15 -> midnight: one refresh at 00:00:30, besides the 15-minute ones.
    freezer.move_to("2021-07-26 07:00:20+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    before = myenergi_account.history_calls
    freezer.move_to("2021-07-26 07:00:31+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert myenergi_account.history_calls > before


async def test_history_failure_only_affects_energy(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A failing history read leaves live values alone."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.history_error = MyenergiConnectionError("down")
    await tick(hass, freezer, 15 * 60 + 1)
    assert hass.states.get(IMPORT_TODAY).state == STATE_UNAVAILABLE
    assert hass.states.get(CHARGE_POWER).state == "5312"


async def test_zappi_gone_from_hub(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A zappi the hub stops listing becomes unavailable, not an error."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.status_payload = {"zappi": []}
    await tick(hass, freezer, 61)
    assert hass.states.get(CHARGE_POWER).state == STATE_UNAVAILABLE
    assert myenergi_entry.state is ConfigEntryState.LOADED


def _stop_zappi_clock(account: FakeMyenergi, at: datetime) -> None:
    """The zappi loses its hub link: the hub keeps serving the reading of `at`."""
    account.clock_running = False
    account.status_payload = with_live_clock(account.status_payload, at)


async def test_stale_reading_unavailable_logged_once(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A reading more than 10 minutes old: live values unavailable, logged once.

    dat/tim are the zappi's UTC clock, compared with Home Assistant's own
    clock (20:00 local here, 03:00 UTC). Today's energy comes from the
    server's history and stays.
    """
    await setup_entry(hass, myenergi_entry)
    caplog.clear()
    _stop_zappi_clock(myenergi_account, dt_util.utcnow())
    for _ in range(9):
        await tick(hass, freezer, 60)
    assert hass.states.get(CHARGE_POWER).state == "5312"

    for _ in range(4):
        await tick(hass, freezer, 61)
        assert hass.states.get(CHARGE_POWER).state == STATE_UNAVAILABLE
        assert hass.states.get(STATUS).state == STATE_UNAVAILABLE
    assert hass.states.get(IMPORT_TODAY).state != STATE_UNAVAILABLE
    assert myenergi_entry.state is ConfigEntryState.LOADED

    myenergi_account.clock_running = True
    await tick(hass, freezer, 61)
    await tick(hass, freezer, 61)
    assert hass.states.get(CHARGE_POWER).state == "5312"

    stale = log_lines(caplog, "has not reported to the myenergi hub since")
    assert stale == [
        "zappi Driveway has not reported to the myenergi hub since "
        "2021-07-26 03:00:00 UTC; its entities are unavailable until it "
        "reports again"
    ]
    assert log_lines(caplog, "reports to the myenergi hub again") == [
        "zappi Driveway reports to the myenergi hub again"
    ]
    assert not tracebacks(caplog)
    assert "16000001" not in caplog.text


async def test_stale_reading_at_setup(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The capture's reading is from the day before: unavailable from the start."""
    myenergi_account.clock_running = False
    await setup_entry(hass, myenergi_entry)
    assert myenergi_entry.state is ConfigEntryState.LOADED
    assert hass.states.get(CHARGE_POWER).state == STATE_UNAVAILABLE
    assert log_lines(caplog, "has not reported") == [
        "zappi Driveway has not reported to the myenergi hub since "
        "2021-07-25 06:30:31 UTC; its entities are unavailable until it "
        "reports again"
    ]


async def test_reading_in_the_future_is_fresh(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A zappi clock a little ahead of Home Assistant's is not a stale reading."""
    _stop_zappi_clock(myenergi_account, dt_util.utcnow() + timedelta(minutes=3))
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get(CHARGE_POWER).state == "5312"


async def test_invalid_answer_says_so(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A non-JSON answer is "not valid data", not "cannot reach the server"."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.error = MyenergiInvalidAnswerError("not JSON")
    await tick(hass, freezer, 61)
    assert hass.states.get(CHARGE_POWER).state == STATE_UNAVAILABLE
    assert len(log_lines(caplog, "sent an answer that is not valid data")) == 1
    assert not log_lines(caplog, "Cannot reach")
    assert not tracebacks(caplog)


async def test_midnight_refresh_never_overlaps(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Midnight goes through the debounced request path: no second read alongside.

    A history read under way when local midnight comes (00:00:30) is not
    joined by a second one. Whether the midnight request is then dropped (the
    read under way started after midnight and reads the new day: 2025.4) or
    follows after the debouncer's cooldown (2026) is the debouncer's choice.
    """
    runtime = await _set_up(hass, myenergi_entry)
    freezer.move_to("2021-07-26 07:00:20+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    release = asyncio.Event()
    in_flight = 0
    most = 0
    read = myenergi_account.get_day_hours

    async def slow_read(serial: str, day: date) -> list[HistoryRecord]:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            await release.wait()
            return await read(serial, day)
        finally:
            in_flight -= 1

    myenergi_account.get_day_hours = slow_read  # type: ignore[method-assign]
    calls = myenergi_account.history_calls
    hass.async_create_task(runtime.history.async_request_refresh())
    await _until(lambda: in_flight == 1)

    freezer.move_to("2021-07-26 07:00:31+00:00")  # 00:00:31 local
    async_fire_time_changed(hass)
    for _ in range(20):
        await asyncio.sleep(0)
    assert most == 1

    release.set()
    await hass.async_block_till_done()
    await tick(hass, freezer, 11)  # past the debouncer's cooldown
    assert most == 1
    # One or two refreshes; each reads two UTC days (the local day that
    # begins at 07:00 UTC spans two).
    assert myenergi_account.history_calls - calls in (2, 4)


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition not reached")
