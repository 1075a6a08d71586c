"""Hourly history: parsing, kWh, and local days across daylight saving changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    HISTORY_SETTLE_TIME,
    DayEnergy,
    HistoryRecord,
    MyenergiClient,
    MyenergiInvalidAnswerError,
    aggregate_day,
    local_day_window,
    parse_history,
)

from .fake_cloud import PASSWORD, USERNAME, FakeCloud, json_answer

DAYHOUR = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "myenergi_dayhour.json").read_text()
)
LONDON = ZoneInfo("Europe/London")
BERLIN = ZoneInfo("Europe/Berlin")


def _hourly(
    first: datetime, hours: int, joules: int = 3_600_000
) -> list[HistoryRecord]:
    """One record per UTC hour, each 1 kWh of import (and 0.5 kWh of the rest)."""
    return [
        HistoryRecord(
            start=first + timedelta(hours=n),
            import_j=joules,
            export_j=joules // 2,
            generation_j=joules // 2,
            diverted_j=joules // 2,
            boosted_j=joules // 2,
            voltage_v=None,
            frequency_hz=None,
        )
        for n in range(hours)
    ]


def test_fixture_parsing() -> None:
    records = parse_history(DAYHOUR)
    assert len(records) == 48
    first, sixth, noon = records[0], records[7], records[12]
    assert first.start == datetime(2021, 7, 25, 0, 0, tzinfo=UTC)
    assert first.import_j == 2_160_000
    assert first.export_j == first.generation_j == first.diverted_j == 0
    assert first.voltage_v == 244.6
    assert first.frequency_hz == 50.0
    assert records[1].boosted_j == 5_400_000
    assert sixth.start == datetime(2021, 7, 25, 7, tzinfo=UTC)
    assert sixth.diverted_j == 1_152_755
    assert noon.generation_j == 12_029_736
    assert noon.export_j == 3_560_557
    assert records[-1].start == datetime(2021, 7, 26, 23, tzinfo=UTC)


def test_seed_record_all_fields() -> None:
    raw = {
        "dom": 25, "dow": "Sun", "exp": 16560, "frq": 5006, "gen": 480,
        "gep": 2409600, "h1b": 123, "h2b": 7, "h3b": 10, "h1d": 14706420,
        "h2d": 80, "h3d": 0, "hr": 6, "imp": 13285500, "min": 1, "mon": 7,
        "v1": 2446, "yr": 2021,
    }  # fmt: skip
    (record,) = parse_history({"U16000001": [raw]})
    assert record == HistoryRecord(
        start=datetime(2021, 7, 25, 6, 1, tzinfo=UTC),
        import_j=13_285_500,
        export_j=16_560,
        generation_j=2_409_600,
        diverted_j=14_706_500,
        boosted_j=140,
        voltage_v=244.6,
        frequency_hz=50.06,
    )


def test_bad_records_skipped_and_odd_values_zero() -> None:
    payload = {
        "U1": [
            "junk",
            None,
            {"yr": 2021, "mon": 13, "dom": 1},
            {"mon": 7, "dom": 1},
            {"yr": 2021, "mon": 7, "dom": 1, "hr": 24},
            {"yr": 1e300, "mon": 7, "dom": 1},
            {
                "yr": 2021,
                "mon": 7,
                "dom": 1,
                "imp": "5",
                "exp": float("inf"),
                "v1": True,
            },
        ]
    }
    (record,) = parse_history(payload)
    assert record.start == datetime(2021, 7, 1, tzinfo=UTC)
    assert (record.import_j, record.export_j, record.voltage_v) == (0, 0, None)


def test_empty_and_extra_keys() -> None:
    assert parse_history({"U16000001": []}) == []
    assert len(parse_history({"U16000001": DAYHOUR["U16000001"][:2], "asn": "s1"})) == 2


@pytest.mark.parametrize(
    "payload",
    [None, [], [{"U1": []}], "x", {}, {"U1": {}}, {"U1": [], "U2": []}],
)
def test_bad_shapes(payload: object) -> None:
    with pytest.raises(MyenergiInvalidAnswerError):
        parse_history(payload)


@pytest.mark.parametrize(
    ("tz", "day", "start", "hours"),
    [
        (LONDON, date(2024, 7, 1), datetime(2024, 6, 30, 23, tzinfo=UTC), 24),
        (LONDON, date(2024, 1, 15), datetime(2024, 1, 15, 0, tzinfo=UTC), 24),
        (LONDON, date(2024, 3, 31), datetime(2024, 3, 31, 0, tzinfo=UTC), 23),
        (LONDON, date(2024, 10, 27), datetime(2024, 10, 26, 23, tzinfo=UTC), 25),
        (BERLIN, date(2024, 3, 31), datetime(2024, 3, 30, 23, tzinfo=UTC), 23),
        (BERLIN, date(2024, 10, 27), datetime(2024, 10, 26, 22, tzinfo=UTC), 25),
        (UTC, date(2024, 3, 31), datetime(2024, 3, 31, tzinfo=UTC), 24),
    ],
)
def test_local_day_window(tz: ZoneInfo, day: date, start: datetime, hours: int) -> None:
    window = local_day_window(day, tz)
    assert window == (start, start + timedelta(hours=hours))
    assert all(edge.tzinfo is UTC for edge in window)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (LONDON, date(2024, 3, 31), 23),
        (LONDON, date(2024, 10, 27), 25),
        (BERLIN, date(2024, 3, 31), 23),
        (BERLIN, date(2024, 10, 27), 25),
        (BERLIN, date(2024, 6, 15), 24),
    ],
)
def test_aggregate_across_dst_changes(tz: ZoneInfo, day: date, hours: int) -> None:
    # Three UTC days of hourly records around the local day.
    records = _hourly(
        datetime.combine(day - timedelta(days=1), datetime.min.time(), UTC), 72
    )
    energy = aggregate_day(records, day, tz)
    assert energy == DayEnergy(
        day=day,
        grid_import_kwh=float(hours),
        grid_export_kwh=hours / 2,
        generation_kwh=hours / 2,
        diverted_kwh=hours / 2,
        boosted_kwh=hours / 2,
        records=hours,
    )


def test_aggregate_duplicates_counted_once_and_rounding() -> None:
    start = datetime(2024, 6, 15, tzinfo=UTC)
    records = _hourly(start, 3, joules=1_000)
    energy = aggregate_day([*records, records[1], *records[:1]], date(2024, 6, 15), UTC)
    assert energy.records == 3
    assert energy.grid_import_kwh == round(3_000 / 3_600_000, 3) == 0.001
    assert aggregate_day([], date(2024, 6, 15), UTC) == DayEnergy(
        date(2024, 6, 15), 0.0, 0.0, 0.0, 0.0, 0.0, 0
    )


def test_aggregate_window_edges() -> None:
    day = date(2024, 6, 15)
    start, end = local_day_window(day, BERLIN)
    edge = [
        *_hourly(start - timedelta(hours=1), 1),
        *_hourly(start, 1),
        *_hourly(end, 1),
    ]
    assert aggregate_day(edge, day, BERLIN).records == 1
    assert aggregate_day(edge, day, BERLIN).grid_import_kwh == 1.0


def test_fixture_day_in_several_zones() -> None:
    records = parse_history(DAYHOUR)
    # The fixture holds 48 hours from 2021-07-25 00:00 UTC: a local day that
    # starts before that (London, Berlin in summer time) has fewer records.
    for tz, expected in (
        (UTC, 24),
        (LONDON, 23),
        (BERLIN, 22),
        (ZoneInfo("America/New_York"), 24),
        (ZoneInfo("Asia/Tokyo"), 24),
    ):
        local = date(2021, 7, 26) if str(tz) == "Asia/Tokyo" else date(2021, 7, 25)
        energy = aggregate_day(records, local, tz)
        assert energy.records == expected
        assert 0 < energy.generation_kwh < 60
        assert energy.diverted_kwh > 0
        assert energy.boosted_kwh == 3.0  # two night hours of 1.5 kWh boost


class Clock:
    """UTC now, set by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def history_cloud() -> AsyncIterator[FakeCloud]:
    """A server whose hourly history of 2024-06-15 grows as the test says."""
    server = await FakeCloud().start()
    yield server
    await server.close()


def _records(day: date, hours: int) -> dict[str, list[dict[str, int]]]:
    """jdayhour of day with its first `hours` hours, 1 kWh of import each."""
    records = []
    for hour in range(hours):
        record = {"yr": day.year, "mon": day.month, "dom": day.day, "imp": 3_600_000}
        if hour:
            record["hr"] = hour
        records.append(record)
    return {"U16000001": records}


@pytest.mark.usefixtures("socket_enabled")
async def test_day_read_just_after_it_ended_is_read_again(
    session: aiohttp.ClientSession, history_cloud: FakeCloud
) -> None:
    day = date(2024, 6, 15)
    uploaded = {"hours": 23}  # the last hour is not uploaded yet
    history_cloud.fallback = lambda _r: json_answer(_records(day, uploaded["hours"]))
    midnight = datetime(2024, 6, 16, tzinfo=UTC)
    clock = Clock(midnight + timedelta(minutes=10))
    client = MyenergiClient(
        session, USERNAME, PASSWORD, server_url=history_cloud.url, clock=clock
    )

    first = await client.get_local_day_energy("16000001", day, UTC)
    assert first.grid_import_kwh == 23.0
    uploaded["hours"] = 24
    clock.now = midnight + timedelta(minutes=70)
    second = await client.get_local_day_energy("16000001", day, UTC)
    assert second.grid_import_kwh == 24.0  # read again, now complete
    # Once settled (HISTORY_SETTLE_TIME after the day ended) it is kept.
    clock.now = midnight + HISTORY_SETTLE_TIME
    await client.get_local_day_energy("16000001", day, UTC)
    sent = client.requests_sent
    uploaded["hours"] = 3  # the server would now answer differently
    clock.now = midnight + timedelta(hours=5)
    third = await client.get_local_day_energy("16000001", day, UTC)
    assert third.grid_import_kwh == 24.0
    assert client.requests_sent == sent


@pytest.mark.usefixtures("socket_enabled")
async def test_local_day_reads_its_utc_days_until_they_settle(
    session: aiohttp.ClientSession, history_cloud: FakeCloud
) -> None:
    """Berlin's 16 June starts at 15 June 22:00 UTC: that day is read again too."""
    history_cloud.fallback = lambda _r: json_answer({"U16000001": []})
    clock = Clock(datetime(2024, 6, 16, 0, 30, tzinfo=UTC))
    client = MyenergiClient(
        session, USERNAME, PASSWORD, server_url=history_cloud.url, clock=clock
    )
    await client.get_local_day_energy("16000001", date(2024, 6, 16), BERLIN)
    await client.get_local_day_energy("16000001", date(2024, 6, 16), BERLIN)
    days = [s.path.rsplit("-", 3)[1:] for s in history_cloud.seen if s.outcome == "ok"]
    assert days == [["2024", "6", "15"], ["2024", "6", "16"]] * 2
    clock.now = datetime(2024, 6, 16, tzinfo=UTC) + HISTORY_SETTLE_TIME
    await client.get_local_day_energy("16000001", date(2024, 6, 16), BERLIN)
    await client.get_local_day_energy("16000001", date(2024, 6, 16), BERLIN)
    days = [s.path.rsplit("-", 3)[1:] for s in history_cloud.seen if s.outcome == "ok"]
    # The 15th settled (cached after this read); the 16th is today: read each time.
    assert days[4:] == [["2024", "6", "15"], ["2024", "6", "16"], ["2024", "6", "16"]]
