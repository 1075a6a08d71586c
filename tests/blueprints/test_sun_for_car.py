"""The surplus blueprint: sun for the car once the home battery is full."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest

from .conftest import (
    Clock,
    FakeControl,
    blueprint_on_fakes,
    control_among,
    gaps,
    most_in_an_hour,
    register_select,
)

BLUEPRINT = "sun_for_car.yaml"
SOC = "sensor.senec_state_of_charge"
SURPLUS = "sensor.senec_solar_surplus"
MODE = "select.garage_charge_mode"
BOOST = "sensor.garage_boost"


@pytest.fixture
async def zappi(hass: HomeAssistant, clock: Clock) -> FakeControl:
    """A stopped zappi; a full battery, no sun yet."""
    return await control_among(
        hass,
        clock,
        register_select,
        MODE,
        "stopped",
        {SOC: "95", SURPLUS: "200", BOOST: "none"},
    )


# The blueprint on the fakes, with its defaults otherwise.
sun_for_car = blueprint_on_fakes(
    BLUEPRINT,
    state_of_charge=SOC,
    surplus=SURPLUS,
    charge_mode=MODE,
    boost=BOOST,
)


async def test_eco_plus_once_the_surplus_stayed_high(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Full battery, surplus above 1400 W for 5 minutes: Eco+."""
    await sun_for_car(hass, tmp_path)
    hass.states.async_set(SURPLUS, "2500")
    await clock.run(5)
    assert zappi.sent() == []
    await clock.run(2)
    assert zappi.sent() == ["eco_plus"]
    await clock.run(60, step=30)
    assert zappi.sent() == ["eco_plus"]


@pytest.mark.parametrize(("soc", "surplus"), [("85", "2500"), ("95", "1300")])
async def test_nothing_below_the_level_or_the_power(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    zappi: FakeControl,
    soc: str,
    surplus: str,
) -> None:
    """Battery not full enough, or too little sun: the zappi stays stopped."""
    await sun_for_car(hass, tmp_path)
    hass.states.async_set(SOC, soc)
    hass.states.async_set(SURPLUS, surplus)
    await clock.run(60, step=30)
    assert zappi.sent() == []


async def test_a_surplus_that_dips_every_few_polls_is_not_enough(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Clouds: above the power most of the time, never for 5 minutes."""
    await sun_for_car(hass, tmp_path)
    for poll in range(360):
        hass.states.async_set(SURPLUS, "900" if poll % 12 == 11 else "3000")
        await clock.run(1 / 3, step=20)
    assert zappi.sent() == []


async def test_back_to_stopped_below_the_level_minus_the_hysteresis(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """90 % with 5 % hysteresis: Eco+ stays at 86 %, goes at 84 %."""
    zappi.set("eco_plus")
    await clock.run(30, step=60)
    await sun_for_car(hass, tmp_path)
    hass.states.async_set(SURPLUS, "2500")
    for soc in ("89", "87", "86", "85"):
        hass.states.async_set(SOC, soc)
        await clock.run(10, step=30)
    assert zappi.sent() == []
    hass.states.async_set(SOC, "84")
    await clock.run(2)
    assert zappi.sent() == ["stopped"]


async def test_back_to_the_idle_mode_when_the_surplus_stays_low(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Below 800 W for 15 minutes: the chosen idle mode (Eco here)."""
    zappi.set("eco_plus")
    await clock.run(30, step=60)
    await sun_for_car(hass, tmp_path, idle_mode="eco")
    hass.states.async_set(SURPLUS, "300")
    await clock.run(10)
    hass.states.async_set(SURPLUS, "1000")  # a gap in the clouds
    await clock.run(1)
    hass.states.async_set(SURPLUS, "300")
    await clock.run(14)
    assert zappi.sent() == []
    await clock.run(3)
    assert zappi.sent() == ["eco"]


@pytest.mark.parametrize("mode", ["fast", "eco", "unavailable"])
async def test_the_owners_modes_stay(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    zappi: FakeControl,
    mode: str,
) -> None:
    """Only Stopped <-> Eco+: Fast or Eco chosen by the owner stay."""
    zappi.set(mode)
    await clock.run(30, step=60)
    await sun_for_car(hass, tmp_path)
    hass.states.async_set(SURPLUS, "4000")
    await clock.run(30, step=30)
    hass.states.async_set(SURPLUS, "0")
    hass.states.async_set(SOC, "20")
    await clock.run(30, step=30)
    assert zappi.sent() == []


@pytest.mark.parametrize("broken", [SOC, SURPLUS])
async def test_no_command_on_missing_values(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    zappi: FakeControl,
    broken: str,
) -> None:
    """A SENEC outage neither starts nor stops the car."""
    await sun_for_car(hass, tmp_path)
    hass.states.async_set(SURPLUS, "4000")
    hass.states.async_set(broken, "unavailable")
    await clock.run(30, step=30)
    zappi.set("eco_plus")
    await clock.run(30, step=30)
    assert zappi.sent() == []


async def test_swinging_sun_and_an_unconfirming_zappi_stay_within_bounds(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Sun that comes and goes every 6 minutes; commands the zappi ignores."""
    zappi.confirm = False
    await sun_for_car(
        hass,
        tmp_path,
        surplus_on_for={"minutes": 1},
        surplus_off_for={"minutes": 1},
        min_interval=2,
        max_per_hour=6,
    )
    for poll in range(540):  # three hours of 20 s polls
        hass.states.async_set(SURPLUS, "3000" if (poll // 18) % 2 else "100")
        await clock.run(1 / 3, step=20)
    assert len(zappi.calls) >= 12
    assert min(gaps(zappi)) >= 10
    assert most_in_an_hour(zappi) <= 6


async def test_swinging_sun_with_a_confirming_zappi(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The same sun, a zappi that follows: on and off, never faster than allowed."""
    await sun_for_car(
        hass,
        tmp_path,
        surplus_on_for={"minutes": 1},
        surplus_off_for={"minutes": 1},
    )
    for poll in range(540):
        hass.states.async_set(SURPLUS, "3000" if (poll // 18) % 2 else "100")
        await clock.run(1 / 3, step=20)
    assert "eco_plus" in zappi.sent()
    assert "stopped" in zappi.sent()
    assert min(gaps(zappi)) >= 15
    assert most_in_an_hour(zappi) <= 4


async def test_after_a_restart_it_waits_for_the_bounds(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Every state is new after a restart: the spacing runs from the start."""
    hass.states.async_remove(MODE)
    zappi.set("stopped")
    hass.states.async_set(SURPLUS, "3000")
    await sun_for_car(hass, tmp_path)
    await clock.run(14)
    assert zappi.sent() == []
    await clock.run(7)
    assert zappi.sent() == ["eco_plus"]


async def test_a_boost_the_owner_started_runs_to_its_end(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Boosting in Eco+ at dusk: not stopped; after the boost it is."""
    zappi.set("eco_plus")
    hass.states.async_set(BOOST, "smart")
    await clock.run(30, step=60)
    await sun_for_car(hass, tmp_path)
    hass.states.async_set(SURPLUS, "0")
    await clock.run(60)
    assert zappi.sent() == []
    hass.states.async_set(BOOST, "none")
    await clock.run(20)
    assert zappi.sent() == ["stopped"]
