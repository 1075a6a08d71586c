"""SENEC kWh totals integrated in Home Assistant: restarts, outages, counters."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, State
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)

from custom_components.senec_zappi.senec import SenecConnectionError, encode_value

from .conftest import FakeSenec
from .helpers import log_lines, poll, setup_entry, tick, tracebacks

IMPORT = "sensor.senec_grid_import_energy"
EXPORT = "sensor.senec_grid_export_energy"
CHARGE = "sensor.senec_battery_charged"


def _kwh(watts: float, seconds: float) -> float:
    return watts * seconds / 3_600_000


def _state(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


@pytest.fixture
def steady_grid(senec_device: FakeSenec) -> FakeSenec:
    """1 kW import, battery charging at 500 W, no STATISTIC counters."""
    senec_device.set("ENERGY", "GUI_GRID_POW", encode_value(1000.0, "fl"))
    senec_device.set("ENERGY", "GUI_BAT_DATA_POWER", encode_value(500.0, "fl"))
    senec_device.capture["STATISTIC"] = {}
    return senec_device


async def test_totals_integrate_polled_power(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Ten 30 s polls at 1 kW import add 300 s worth; export stays at zero."""
    await setup_entry(hass, senec_entry)
    assert _state(hass, IMPORT) == 0
    for _ in range(10):
        await tick(hass, freezer, 30)
    assert _state(hass, IMPORT) == pytest.approx(_kwh(1000, 300), abs=0.001)
    assert _state(hass, CHARGE) == pytest.approx(_kwh(500, 300), abs=0.001)
    assert _state(hass, EXPORT) == 0
    state = hass.states.get(IMPORT)
    assert state is not None
    assert state.attributes["source"] == "integrated"
    assert state.attributes["state_class"] == "total_increasing"
    assert state.attributes["unit_of_measurement"] == "kWh"


async def test_restart_continues_the_total(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After a restart the total goes on from the stored value."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(IMPORT, "12.5"),
                {"native_value": 12.5, "native_unit_of_measurement": "kWh"},
            )
        ],
    )
    await setup_entry(hass, senec_entry)
    assert _state(hass, IMPORT) == 12.5
    await tick(hass, freezer, 30)
    assert _state(hass, IMPORT) == pytest.approx(12.5 + _kwh(1000, 30), abs=0.001)


async def test_outage_adds_no_energy(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Two hours unreachable: nothing is invented for the time in between."""
    await setup_entry(hass, senec_entry)
    await tick(hass, freezer, 30)
    before = _state(hass, IMPORT)
    steady_grid.error = SenecConnectionError("unreachable")
    for _ in range(24):  # 2 h in 5-minute steps (the backoff's longest interval)
        await tick(hass, freezer, 300)
    steady_grid.error = None
    await tick(hass, freezer, 300)
    assert _state(hass, IMPORT) == pytest.approx(before, abs=0.0005)
    await tick(hass, freezer, 30)
    assert _state(hass, IMPORT) == pytest.approx(before + _kwh(1000, 30), abs=0.001)


async def test_device_counters_win_and_never_fall(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Older firmware fills STATISTIC: its counter is shown, a dip is ignored."""
    steady_grid.capture["STATISTIC"] = {"LIVE_GRID_IMPORT": encode_value(100.0, "fl")}
    await setup_entry(hass, senec_entry)
    state = hass.states.get(IMPORT)
    assert state is not None
    assert float(state.state) == 100.0
    assert state.attributes["source"] == "device"

    steady_grid.set("STATISTIC", "LIVE_GRID_IMPORT", encode_value(99.0, "fl"))
    await tick(hass, freezer, 30)
    assert _state(hass, IMPORT) == 100.0
    steady_grid.set("STATISTIC", "LIVE_GRID_IMPORT", encode_value(100.5, "fl"))
    await tick(hass, freezer, 30)
    assert _state(hass, IMPORT) == 100.5
    # The export counter is missing on this unit: integrated (no export here).
    export = hass.states.get(EXPORT)
    assert export is not None
    assert export.attributes["source"] == "integrated"


async def test_failed_polls_are_bridged(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Five failed polls and the back-off after them: the 3 kW that kept
    flowing is counted (straight line between the good polls), not lost."""
    steady_grid.set("ENERGY", "GUI_GRID_POW", encode_value(3000.0, "fl"))
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    await tick(hass, freezer, 30)
    before = _state(hass, IMPORT)
    start = dt_util.utcnow()
    steady_grid.error = SenecConnectionError("timeout")
    for _ in range(5):
        await poll(hass, freezer, coordinator)
    assert hass.states.get(IMPORT).state == "unavailable"  # type: ignore[union-attr]
    steady_grid.error = None
    await poll(hass, freezer, coordinator)
    gap = (dt_util.utcnow() - start).total_seconds()
    assert gap > 900  # the back-off made it a long gap
    assert _state(hass, IMPORT) == pytest.approx(before + _kwh(3000, gap), abs=0.001)
    assert not log_lines(caplog, "add nothing")


async def test_long_gap_logged_once(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Half an hour without an answer adds nothing, said in one line for
    all six totals."""
    await setup_entry(hass, senec_entry)
    await tick(hass, freezer, 30)
    before = _state(hass, IMPORT)
    steady_grid.error = SenecConnectionError("unreachable")
    for _ in range(6):
        await tick(hass, freezer, 300)
    steady_grid.error = None
    await tick(hass, freezer, 300)
    assert _state(hass, IMPORT) == pytest.approx(before, abs=0.0005)
    assert len(log_lines(caplog, "add nothing")) == 1


async def test_short_restart_is_bridged(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The last sample is stored with the total: a two-minute restart at
    1 kW counts its two minutes."""
    now = dt_util.utcnow().timestamp()
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(IMPORT, "12.5"),
                {
                    "native_value": 12.5,
                    "native_unit_of_measurement": "kWh",
                    "source": "integrated",
                    "last_sample": [now - 120, 1000.0],
                },
            )
        ],
    )
    await setup_entry(hass, senec_entry)
    assert _state(hass, IMPORT) == pytest.approx(12.5 + _kwh(1000, 120), abs=0.0005)


async def test_back_off_survives_hours_of_failures(
    hass: HomeAssistant,
    steady_grid: FakeSenec,
    senec_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Fifty failed polls (over four hours): the back-off stays at its
    longest interval instead of overflowing, and the unit is read again."""
    await setup_entry(hass, senec_entry)
    coordinator = senec_entry.runtime_data
    steady_grid.error = SenecConnectionError("unreachable")
    for _ in range(50):
        await poll(hass, freezer, coordinator)
    assert coordinator.update_interval == timedelta(minutes=5)
    assert not tracebacks(caplog)
    steady_grid.error = None
    await poll(hass, freezer, coordinator)
    assert coordinator.last_update_success
