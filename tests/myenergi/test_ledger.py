"""The lifetime ledger: each hour's joules count once, whatever the reads do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, strategies as st

from custom_components.senec_zappi.myenergi import (
    QUANTITIES,
    EnergyLedger,
    HistoryRecord,
)

T0 = datetime(2026, 3, 28, 20, tzinfo=UTC)


def _hour(n: int, joules: int) -> HistoryRecord:
    return HistoryRecord(
        start=T0 + timedelta(hours=n),
        import_j=joules,
        export_j=joules // 2,
        generation_j=0,
        diverted_j=joules // 3,
        boosted_j=joules // 4,
        voltage_v=None,
        frequency_hz=None,
    )


def test_growth_counts_once() -> None:
    """A new hour counts fully, a grown hour its growth, a repeat nothing."""
    ledger = EnergyLedger()
    now = T0 + timedelta(hours=3)
    assert ledger.feed([_hour(0, 3_600_000)], now)["grid_import"] == 3_600_000
    added = ledger.feed([_hour(0, 5_400_000), _hour(1, 1_000)], now)
    assert added["grid_import"] == 1_800_000 + 1_000
    assert ledger.feed([_hour(0, 5_400_000), _hour(1, 1_000)], now)["grid_import"] == 0
    assert ledger.total_kwh("grid_import") == (5_400_000 + 1_000) / 3_600_000


def test_short_and_empty_answers_forget_nothing() -> None:
    """A read with fewer records, smaller values or none changes nothing;
    the full answer afterwards adds nothing either."""
    ledger = EnergyLedger()
    now = T0 + timedelta(hours=3)
    ledger.feed([_hour(0, 900), _hour(1, 600), _hour(2, 300)], now)
    totals = dict(ledger.totals_j)
    assert ledger.feed([], now) == dict.fromkeys(QUANTITIES, 0)
    assert ledger.feed([_hour(0, 100)], now) == dict.fromkeys(QUANTITIES, 0)
    ledger.feed([_hour(0, 900), _hour(1, 600), _hour(2, 300)], now)
    assert ledger.totals_j == totals


def test_forgotten_hours_are_never_counted_again() -> None:
    """An hour older than keep is dropped, and a record of it is ignored."""
    ledger = EnergyLedger(keep=timedelta(hours=48))
    ledger.feed([_hour(0, 1_000)], T0 + timedelta(hours=1))
    later = T0 + timedelta(hours=50)
    ledger.feed([], later)
    assert ledger.hours == {}
    assert ledger.feed([_hour(0, 2_000)], later)["grid_import"] == 0
    assert ledger.totals_j["grid_import"] == 1_000


def test_store_round_trip_and_bad_data() -> None:
    """What a restart reads back is what was counted; junk starts afresh."""
    ledger = EnergyLedger()
    now = T0 + timedelta(hours=2)
    ledger.feed([_hour(0, 7_000), _hour(1, 11)], now)
    restored = EnergyLedger.from_dict(ledger.as_dict())
    assert restored is not None
    assert restored.totals_j == ledger.totals_j
    assert restored.hours == ledger.hours
    assert restored.feed([_hour(0, 7_000), _hour(1, 11)], now)["grid_import"] == 0
    for junk in (
        None,
        [],
        {"totals_j": {}, "hours": []},
        {"totals_j": {"grid_import": -1}, "hours": {}},
        {"totals_j": {"grid_import": True}, "hours": {}},
        {"totals_j": {}, "hours": {"yesterday": [0, 0, 0, 0, 0]}},
        {"totals_j": {}, "hours": {"2026-03-28T20:00:00": [0, 0, 0, 0, 0]}},
        {"totals_j": {}, "hours": {T0.isoformat(): [1, 2]}},
    ):
        assert EnergyLedger.from_dict(junk) is None


@given(
    reads=st.lists(
        st.lists(
            st.tuples(st.integers(0, 23), st.integers(0, 10_000_000)), max_size=24
        ),
        max_size=20,
    )
)
def test_total_is_the_largest_reading_of_each_hour(
    reads: list[list[tuple[int, int]]],
) -> None:
    """Whatever order, gaps and shrinking the answers have: the total is the
    sum over hours of the largest value any answer gave, and never falls."""
    ledger = EnergyLedger()
    now = T0 + timedelta(hours=24)
    largest: dict[int, int] = {}
    previous = 0
    for read in reads:
        ledger.feed([_hour(hour, joules) for hour, joules in read], now)
        for hour, joules in read:
            largest[hour] = max(largest.get(hour, 0), joules)
        assert ledger.totals_j["grid_import"] >= previous
        previous = ledger.totals_j["grid_import"]
    assert ledger.totals_j["grid_import"] == sum(largest.values())
    assert ledger.totals_j["grid_export"] == sum(j // 2 for j in largest.values())
