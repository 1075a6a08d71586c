"""Every kWh of the zappi's history reaches the recorder's statistics once.

A hub-like history (tests/myenergi/fake_cloud.py FakeHistory: the last 90
minutes uploaded late, hours growing on later reads, every seventh answer
empty) behind the real client's history window, cache and settle rule (the
account fake of conftest answers its day reads: a real server's timers do
not survive a clock that jumps by hours); Home Assistant with the
recorder runs from the evening before a day to the morning after it, across
both local midnights, with a reload just after the first midnight and a
restart at noon, each followed by a short answer. Then the long-term
statistics of the lifetime sensors must hold exactly the energy the fake
says flowed: to the Wh.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
import hashlib
import json
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
)

from custom_components.senec_zappi.const import DOMAIN

from .conftest import FakeMyenergi
from .myenergi.fake_cloud import HISTORY_FIELDS, FakeHistory

SERIAL = "16000001"
# Lifetime sensor -> the history field it sums.
TOTALS = {
    "grid_import_total": "imp",
    "grid_export_total": "exp",
    "generation_total": "gep",
    "diverted_total": "h1d",
    "boosted_total": "h1b",
}
WH = 3600  # joules


def profile_for(zone: ZoneInfo, day: date) -> Any:
    """Joules per minute: a house, a sunny noon diverting into the car, an
    overnight charge that ends at 23:59 the evening before and one across
    the next midnight. Whole Wh per minute, nothing outside the run."""
    evening = datetime.combine(day - timedelta(days=1), time(20), zone)
    last = datetime.combine(day + timedelta(days=1), time(0, 30), zone)

    def profile(minute: datetime) -> tuple[int, int, int, int, int]:
        if not evening <= minute < last:
            return (0, 0, 0, 0, 0)
        local = minute.astimezone(zone)
        imp, exp, gep, div, boost = 10 * WH, 0, 0, 0, 0  # 600 W house
        if local.date() < day and local.hour >= 22:  # 22:00-23:59: boost
            imp += 120 * WH
            boost += 120 * WH
        if local.date() == day and 10 <= local.hour < 15:  # sun: divert
            imp = 0
            gep, div, exp = 100 * WH, 60 * WH, 30 * WH
        if (local.date() == day and local.hour == 23) or local.date() > day:
            imp += 115 * WH  # charging across the next midnight
            boost += 115 * WH
        return (imp, exp, gep, div, boost)

    return profile, evening, last


@pytest.fixture(autouse=True)
def _custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder must start before hass; then custom integrations load."""


def _entity_ids(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    registry = er.async_get(hass)
    return {
        item.translation_key: item.entity_id
        for item in er.async_entries_for_config_entry(registry, entry.entry_id)
        if item.translation_key in TOTALS or item.translation_key == "boosted_today"
    }


@pytest.mark.parametrize(
    ("time_zone", "day"),
    [
        ("Europe/Berlin", date(2026, 3, 29)),  # 23 hours: clocks go forward
        ("America/New_York", date(2026, 11, 1)),  # 25 hours: clocks go back
    ],
)
async def test_history_reaches_statistics_exactly_once(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    time_zone: str,
    day: date,
) -> None:
    await hass.config.async_set_time_zone(time_zone)
    zone = ZoneInfo(time_zone)
    profile, first_energy, last_energy = profile_for(zone, day)
    run_start = first_energy - timedelta(hours=2)
    run_end = datetime.combine(day + timedelta(days=1), time(6), zone)
    freezer.move_to(run_start)
    history = FakeHistory(
        SERIAL,
        profile,
        upload_delay=timedelta(minutes=90),
        empty_every=7,
        clock=dt_util.utcnow,
    )
    myenergi_account.history = history
    entry = myenergi_entry
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entity_ids = _entity_ids(hass, entry)
    reload_at = datetime.combine(day, time(0, 5), zone)
    restart_at = datetime.combine(day, time(12), zone)
    # What the old design counted: the increases of the "today" reading,
    # a drop being a new meter cycle (as total_increasing statistics do).
    old_way_kwh, previous = 0.0, None

    while dt_util.utcnow() < run_end:
        freezer.tick(timedelta(minutes=15))
        now = dt_util.utcnow()
        if reload_at <= now < reload_at + timedelta(minutes=15):
            history.short_next = 1
            assert await hass.config_entries.async_reload(entry.entry_id)
        elif restart_at <= now < restart_at + timedelta(minutes=15):
            history.short_next = 1
            assert await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
            assert await hass.config_entries.async_setup(entry.entry_id)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        today = hass.states.get(entity_ids["boosted_today"])
        assert today is not None
        if today.state not in ("unknown", "unavailable"):
            value = float(today.state)
            if previous is not None:
                old_way_kwh += value if value < previous else value - previous
            previous = value

    await async_wait_recording_done(hass)
    period = run_start.astimezone(UTC)
    while period + timedelta(minutes=5) <= dt_util.utcnow():
        do_adhoc_statistics(hass, start=period)
        period += timedelta(minutes=5)
    await async_wait_recording_done(hass)

    truth = history.truth_j(first_energy.astimezone(UTC), last_energy.astimezone(UTC))
    stats = await recorder_mock.async_add_executor_job(
        statistics_during_period,
        hass,
        run_start.astimezone(UTC),
        None,
        {entity_ids[key] for key in TOTALS},
        "hour",
        None,
        {"sum"},
    )
    for key, field in TOTALS.items():
        rows = stats[entity_ids[key]]
        counted_wh = round(rows[-1]["sum"] * 1000)
        truth_wh = truth[HISTORY_FIELDS.index(field)] // WH
        assert truth_wh > 0 or key in ("grid_export_total", "generation_total")
        assert counted_wh == truth_wh, key
    boost_wh = truth[HISTORY_FIELDS.index("h1b")] // WH
    print(
        f"\n{time_zone}: boosted energy {boost_wh} Wh in the history; lifetime "
        f"statistics {round(stats[entity_ids['boosted_total']][-1]['sum'] * 1000)} "
        f"Wh; the old today sensor's increases {round(old_way_kwh * 1000)} Wh"
    )
    # The "today" reading loses the late hours around both midnights.
    assert round(old_way_kwh * 1000) < boost_wh


async def test_stored_totals_continue_and_leave_with_the_entry(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A stored ledger continues (the same hours add nothing); an unreadable
    one is said once and counting starts again; removing the entry deletes
    the stored totals."""
    key = f"{DOMAIN}.zappi_energy.{myenergi_entry.entry_id}"
    # Zappis are stored by a hash of entry and serial: no serial in the file.
    zappi = hashlib.sha256(f"{myenergi_entry.entry_id}:{SERIAL}".encode())
    stored_as = zappi.hexdigest()[:16]
    hass_storage[key] = {
        "version": 1,
        "minor_version": 1,
        "key": key,
        "data": {
            "zappis": {
                stored_as: {"totals_j": {"grid_import": 3_600_000_000}, "hours": {}}
            }
        },
    }
    myenergi_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    entity_id = _entity_ids(hass, myenergi_entry)["grid_import_total"]
    state = hass.states.get(entity_id)
    assert state is not None
    first = float(state.state)
    assert first >= 1000  # 1000 kWh stored + the hours this read added
    assert await hass.config_entries.async_reload(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert float(state.state) == first  # the same hours again: nothing added
    assert SERIAL not in json.dumps(hass_storage[key])
    assert await hass.config_entries.async_unload(myenergi_entry.entry_id)

    hass_storage[key]["data"] = {"zappis": {stored_as: {"totals_j": "lots"}}}
    assert await hass.config_entries.async_setup(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert float(state.state) == pytest.approx(first - 1000)
    assert len([r for r in caplog.records if "could not be read" in r.message]) == 1

    assert await hass.config_entries.async_remove(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
