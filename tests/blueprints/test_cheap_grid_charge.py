"""The tariff blueprint: cheap grid hours charge the home battery."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from homeassistant.core import HomeAssistant, State
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import mock_restore_cache

from .conftest import (
    AUTOMATION,
    Clock,
    FakeControl,
    blueprint_on_fakes,
    control_among,
    gaps,
    most_in_an_hour,
    register_switch,
    settle,
)

BLUEPRINT = "cheap_grid_charge.yaml"
PRICE = "sensor.tibber_electricity_price"
SOC = "sensor.senec_state_of_charge"
SAFE_CHARGE = "switch.senec_safe_charge"
SYSTEM_STATE = "sensor.senec_system_state"


@pytest.fixture
async def unit(hass: HomeAssistant, clock: Clock) -> FakeControl:
    """A SENEC at 40 % with safe charge off; an expensive hour."""
    await hass.config.async_set_time_zone("UTC")
    return await control_among(
        hass,
        clock,
        register_switch,
        SAFE_CHARGE,
        "off",
        {PRICE: "0.31", SOC: "40", SYSTEM_STATE: "discharging"},
    )


# The blueprint on the fakes, with its defaults otherwise.
cheap_charge = blueprint_on_fakes(
    BLUEPRINT,
    price=PRICE,
    state_of_charge=SOC,
    safe_charge=SAFE_CHARGE,
    system_state=SYSTEM_STATE,
)


async def test_charges_while_cheap_until_the_target(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """On at a cheap price, off at the target, again only below the hysteresis."""
    await cheap_charge(hass, tmp_path)
    await clock.run(5)
    assert unit.sent() == []
    hass.states.async_set(PRICE, "0.12")
    await settle()
    assert unit.sent() == ["on"]
    for soc in range(41, 81):
        hass.states.async_set(SOC, str(soc))
        await clock.run(1)
    assert unit.sent() == ["on", "off"]
    for soc in (79, 77, 76, 75):
        hass.states.async_set(SOC, str(soc))
        await clock.run(10, step=30)
    assert unit.sent() == ["on", "off"]
    hass.states.async_set(SOC, "74")
    await clock.run(1)
    assert unit.sent() == ["on", "off", "on"]


async def test_off_when_the_price_rises_or_is_unknown(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """Above the price, or no price at all: no more charging."""
    await cheap_charge(hass, tmp_path)
    hass.states.async_set(PRICE, "0.15")  # at the price counts
    await clock.run(1)
    assert unit.sent() == ["on"]
    await clock.run(20, step=30)
    hass.states.async_set(PRICE, "0.16")
    await clock.run(1)
    assert unit.sent() == ["on", "off"]
    hass.states.async_set(PRICE, "0.10")
    await clock.run(20, step=30)
    assert unit.sent() == ["on", "off", "on"]
    hass.states.async_set(PRICE, "unavailable")
    await clock.run(20, step=30)
    assert unit.sent() == ["on", "off", "on", "off"]
    await clock.run(30, step=60)
    assert unit.sent() == ["on", "off", "on", "off"]


@pytest.mark.parametrize(
    ("start", "end", "inside", "outside"),
    [
        ("01:00:00", "05:00:00", "02:00", "06:00"),
        ("22:00:00", "06:00:00", "23:00", "07:00"),
    ],
)
async def test_only_inside_the_window(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    unit: FakeControl,
    start: str,
    end: str,
    inside: str,
    outside: str,
) -> None:
    """Cheap all day, charging only inside the window (also over midnight)."""
    await cheap_charge(
        hass, tmp_path, use_window=True, window_start=start, window_end=end
    )
    hass.states.async_set(PRICE, "0.05")
    await clock.run(60, step=60)
    assert unit.sent() == []  # 18:30 - 19:30
    sent_at = {}
    for _ in range(24 * 12):
        before = len(unit.calls)
        await clock.run(5, step=300)
        if len(unit.calls) > before:
            sent_at[unit.sent()[-1]] = dt_util.utcnow().strftime("%H:%M")
    assert sent_at["on"] <= inside
    assert sent_at["on"] >= start[:5]
    assert sent_at["off"] <= outside
    assert sent_at["off"] >= end[:5]


async def test_nothing_without_a_state_of_charge(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """An unavailable SENEC neither starts nor stops a charge."""
    await cheap_charge(hass, tmp_path)
    hass.states.async_set(SOC, "unavailable")
    hass.states.async_set(PRICE, "0.01")
    await clock.run(60, step=30)
    assert unit.sent() == []


async def test_a_unit_that_undoes_the_safe_charge_is_not_hammered(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """The unit switches it off again after 10 s, every time: bounded retries."""
    await cheap_charge(hass, tmp_path)
    hass.states.async_set(PRICE, "0.05")
    for _ in range(3 * 60 * 6):  # three hours of 10 s steps
        on = unit.state == "on"
        await clock.run(1 / 6)
        if on:
            unit.set("off")
    assert unit.sent() == ["on"] * len(unit.calls)
    assert 10 <= len(unit.calls) <= 13
    assert min(gaps(unit)) >= 15
    assert most_in_an_hour(unit) <= 4


async def test_a_price_oscillating_every_poll(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """A price flapping across the limit at every update: within the bounds."""
    await cheap_charge(hass, tmp_path, min_interval=5, max_per_hour=6)
    for poll in range(3 * 60 * 3):
        hass.states.async_set(PRICE, "0.14" if poll % 2 else "0.16")
        await clock.run(1 / 3, step=20)
    assert len(unit.calls) >= 12
    assert min(gaps(unit)) >= 10
    assert most_in_an_hour(unit) <= 6


async def test_recovers_after_a_restart(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """Its last command survives a restart: no new one before the spacing."""
    last = dt_util.utcnow() - timedelta(minutes=1)
    mock_restore_cache(
        hass, (State(AUTOMATION, "on", {"last_triggered": last.isoformat()}),)
    )
    # The unit undid the safe charge just before the restart; the state is old.
    hass.states.async_set(PRICE, "0.05")
    await cheap_charge(hass, tmp_path)
    await clock.run(13)
    assert unit.sent() == []
    await clock.run(2)
    assert unit.sent() == ["on"]


async def test_a_change_by_hand_restarts_the_clock(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl
) -> None:
    """Safe charge started by hand at a high price ends one spacing later."""
    await cheap_charge(hass, tmp_path)
    await clock.run(5)
    unit.set("on")
    await clock.run(14)
    assert unit.sent() == []
    await clock.run(2)
    assert unit.sent() == ["off"]


@pytest.mark.parametrize("own", ["safety_charge", "emergency_charge"])
async def test_nothing_while_the_unit_charges_on_its_own(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, unit: FakeControl, own: str
) -> None:
    """The unit's own safety or emergency charge: no on, no off."""
    await cheap_charge(hass, tmp_path)
    hass.states.async_set(SYSTEM_STATE, own)
    hass.states.async_set(PRICE, "0.05")
    await clock.run(30)
    unit.set("on")
    hass.states.async_set(PRICE, "0.40")
    await clock.run(30)
    assert unit.sent() == []
    hass.states.async_set(SYSTEM_STATE, "manual_safety_charge")
    await clock.run(2)
    assert unit.sent() == ["off"]
