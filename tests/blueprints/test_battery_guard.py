"""The battery guard blueprint: keep the home battery out of the car."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

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
    register_select,
)

BLUEPRINT = "battery_guard.yaml"
FEEDING = "binary_sensor.garage_home_battery_charging_car"
MODE = "select.garage_charge_mode"
BOOST = "sensor.garage_boost"


@pytest.fixture
async def zappi(hass: HomeAssistant, clock: Clock) -> FakeControl:
    """A zappi charging in Eco from the home battery's side of the house."""
    await hass.config.async_set_time_zone("UTC")
    return await control_among(
        hass,
        clock,
        register_select,
        MODE,
        "eco",
        {FEEDING: "off", BOOST: "none"},
        options=["fast", "eco", "eco_plus", "stopped"],
    )


# The blueprint on the fakes, with its defaults otherwise.
guard = blueprint_on_fakes(
    BLUEPRINT,
    battery_to_car=FEEDING,
    charge_mode=MODE,
    boost=BOOST,
)


async def test_switches_to_eco_plus_after_the_battery_fed_the_car(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """On for the chosen time in a guarded mode: Eco+, once."""
    await guard(hass, tmp_path)
    hass.states.async_set(FEEDING, "on")
    await clock.run(2.5)
    assert zappi.sent() == []
    await clock.run(1)
    assert zappi.sent() == ["eco_plus"]
    assert zappi.state == "eco_plus"
    await clock.run(60, step=60)
    assert zappi.sent() == ["eco_plus"]
    assert hass.states.get(AUTOMATION).state == "on"


@pytest.mark.parametrize(
    ("mode", "inputs"),
    [
        ("eco_plus", {}),
        ("stopped", {}),
        ("fast", {"guarded_modes": ["eco"]}),
        ("unavailable", {}),
    ],
)
async def test_leaves_modes_that_are_not_guarded_alone(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    zappi: FakeControl,
    mode: str,
    inputs: dict[str, Any],
) -> None:
    """Eco+, Stopped, a mode the owner did not guard, no data: nothing sent."""
    zappi.set(mode)
    await clock.run(30, step=60)
    await guard(hass, tmp_path, **inputs)
    hass.states.async_set(FEEDING, "on")
    await clock.run(60, step=30)
    assert zappi.sent() == []


async def test_does_not_act_before_the_chosen_time(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The battery feeding the car in short bursts is not enough."""
    await guard(hass, tmp_path, act_after={"minutes": 5})
    for _ in range(20):
        hass.states.async_set(FEEDING, "on")
        await clock.run(4)
        hass.states.async_set(FEEDING, "off")
        await clock.run(0.5)
    assert zappi.sent() == []


@pytest.mark.parametrize(
    ("boost", "act_during_boost", "sent"),
    [
        ("manual", False, []),
        ("smart", False, []),
        ("timed", False, []),
        ("manual", True, ["eco_plus"]),
        ("none", False, ["eco_plus"]),
    ],
)
async def test_a_boost_the_owner_started_runs_to_its_end(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    zappi: FakeControl,
    boost: str,
    act_during_boost: bool,
    sent: list[str],
) -> None:
    """No guard action while the zappi boosts, unless the owner wants one."""
    hass.states.async_set(BOOST, boost)
    await guard(hass, tmp_path, act_during_boost=act_during_boost)
    hass.states.async_set(FEEDING, "on")
    await clock.run(30, step=30)
    assert zappi.sent() == sent


async def test_nothing_sent_while_a_command_is_pending(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The control's `requested` attribute: the guard waits for the zappi."""
    await guard(hass, tmp_path)
    zappi.set("eco", requested="fast")
    hass.states.async_set(FEEDING, "on")
    await clock.run(30, step=30)
    assert zappi.sent() == []
    # The owner's command failed; the zappi still charges in Eco.
    zappi.set("eco")
    await clock.run(16, step=30)
    assert zappi.sent() == ["eco_plus"]


async def test_stop_response(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The owner chose to stop the car instead."""
    await guard(hass, tmp_path, response="stopped")
    hass.states.async_set(FEEDING, "on")
    await clock.run(5)
    assert zappi.sent() == ["stopped"]
    assert zappi.state == "stopped"


async def test_notify_only_sends_no_command_and_notifies_once(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """One notification per time the battery feeds the car, no command."""
    hass.services.async_register("test", "notify", _record(calls := []))
    await guard(
        hass,
        tmp_path,
        response="notify",
        notify_actions=[{"action": "test.notify"}],
    )
    hass.states.async_set(FEEDING, "on")
    await clock.run(60, step=30)
    assert zappi.sent() == []
    assert len(calls) == 1
    hass.states.async_set(FEEDING, "off")
    await clock.run(1)
    hass.states.async_set(FEEDING, "on")
    await clock.run(20, step=30)
    assert len(calls) == 2


def _record(calls: list[Any]) -> Any:
    async def record(call: Any) -> None:
        calls.append(call)

    return record


async def test_unconfirmed_commands_are_retried_within_the_bounds(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """A zappi that never confirms: a retry per spacing, the cap per hour."""
    zappi.confirm = False
    await guard(hass, tmp_path, min_interval=5, max_per_hour=6)
    hass.states.async_set(FEEDING, "on")
    await clock.run(180, step=30)
    assert zappi.sent() == ["eco_plus"] * len(zappi.calls)
    assert 15 <= len(zappi.calls) <= 18
    assert min(gaps(zappi)) >= 10  # 60 min / 6
    assert most_in_an_hour(zappi) <= 6


async def test_an_owner_who_switches_back_every_time_is_not_hammered(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The mode flips back after every command: bounded, never faster."""
    await guard(hass, tmp_path)  # defaults: 10 min, 4 per hour
    hass.states.async_set(FEEDING, "on")
    for _ in range(240):
        await clock.run(0.5)
        if zappi.state != "eco":
            zappi.set("eco")
    assert len(zappi.calls) >= 4
    assert min(gaps(zappi)) >= 15
    assert most_in_an_hour(zappi) <= 4


async def test_inputs_oscillating_every_poll(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Feeding and status change every poll, nothing confirms: bounds hold."""
    zappi.confirm = False
    await guard(hass, tmp_path, act_after={"seconds": 0}, min_interval=2)
    for poll in range(360):  # two hours of 20 s polls
        hass.states.async_set(FEEDING, "on" if poll % 2 else "off")
        hass.states.async_set(BOOST, "manual" if poll % 3 == 0 else "none")
        await clock.run(1 / 3, step=20)
    assert 6 <= len(zappi.calls) <= 9
    assert min(gaps(zappi)) >= 15
    assert most_in_an_hour(zappi) <= 4


@pytest.mark.parametrize("previous", ["eco", "fast"])
async def test_hands_the_previous_mode_back_once_the_battery_stopped(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: Clock,
    zappi: FakeControl,
    previous: str,
) -> None:
    """The mode the guard replaced comes back after the chosen quiet time."""
    zappi.set(previous)
    await clock.run(30, step=60)
    await guard(hass, tmp_path, hand_back="battery_stopped")
    hass.states.async_set(FEEDING, "on")
    await clock.run(5)
    assert zappi.sent() == ["eco_plus"]
    hass.states.async_set(FEEDING, "off")
    await clock.run(14)
    assert zappi.sent() == ["eco_plus"]
    await clock.run(2)
    assert zappi.sent() == ["eco_plus", previous]
    assert zappi.state == previous


async def test_hand_back_waits_for_the_bounds(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """A battery that stops at once: the mode comes back one spacing later."""
    await guard(
        hass, tmp_path, hand_back="battery_stopped", hand_back_after={"minutes": 1}
    )
    hass.states.async_set(FEEDING, "on")
    await clock.run(4)
    hass.states.async_set(FEEDING, "off")
    await clock.run(10)
    assert zappi.sent() == ["eco_plus"]
    await clock.run(10)
    assert zappi.sent() == ["eco_plus", "eco"]
    assert min(gaps(zappi)) >= 15


async def test_hands_back_at_the_time_of_day(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """At the chosen time, whether or not the battery still feeds the car."""
    await guard(hass, tmp_path, hand_back="time_of_day", hand_back_at="19:30:00")
    hass.states.async_set(FEEDING, "on")
    await clock.run(5)
    assert zappi.sent() == ["eco_plus"]
    hass.states.async_set(FEEDING, "off")
    await clock.run(40)  # 19:15: quiet long enough, but not the time
    assert zappi.sent() == ["eco_plus"]
    await clock.run(16)
    assert zappi.sent() == ["eco_plus", "eco"]


async def test_the_owners_choice_while_waiting_stays(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The owner picks Fast after the guard acted: no hand-back over it."""
    await guard(hass, tmp_path, hand_back="battery_stopped", guarded_modes=["eco"])
    hass.states.async_set(FEEDING, "on")
    await clock.run(5)
    zappi.set("fast")
    hass.states.async_set(FEEDING, "off")
    await clock.run(60, step=30)
    assert zappi.sent() == ["eco_plus"]
    assert zappi.state == "fast"


async def test_recovers_after_a_restart(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Its last action survives a restart; it acts again once the bounds allow."""
    last = dt_util.utcnow() - timedelta(minutes=5)
    mock_restore_cache(
        hass, (State(AUTOMATION, "on", {"last_triggered": last.isoformat()}),)
    )
    # Every state is new after a restart; the battery still feeds the car.
    hass.states.async_remove(MODE)
    zappi.set("eco")
    hass.states.async_set(FEEDING, "on")
    await guard(hass, tmp_path)
    assert hass.states.get(AUTOMATION).attributes["last_triggered"] == last
    await clock.run(14)
    assert zappi.sent() == []
    await clock.run(2)
    assert zappi.sent() == ["eco_plus"]


async def test_turning_it_off_and_on_keeps_the_bounds(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """A command the zappi ignored, then the owner toggles the automation."""
    zappi.confirm = False
    await guard(hass, tmp_path)
    hass.states.async_set(FEEDING, "on")
    await clock.run(4)
    assert zappi.sent() == ["eco_plus"]
    for service in ("turn_off", "turn_on"):
        await hass.services.async_call(
            "automation", service, {"entity_id": AUTOMATION}, blocking=True
        )
    await clock.run(10)
    assert zappi.sent() == ["eco_plus"]
    await clock.run(6)
    assert zappi.sent() == ["eco_plus", "eco_plus"]


async def test_hand_back_when_the_battery_stopped_during_the_command(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The house view turned off before the zappi confirmed Eco+."""
    zappi.meanwhile = lambda _: hass.states.async_set(FEEDING, "off")
    await guard(hass, tmp_path, hand_back="battery_stopped")
    hass.states.async_set(FEEDING, "on")
    await clock.run(4)
    assert zappi.sent() == ["eco_plus"]
    assert hass.states.get(FEEDING).state == "off"
    await clock.run(13)
    assert zappi.sent() == ["eco_plus"]
    await clock.run(3)
    assert zappi.sent() == ["eco_plus", "eco"]


async def test_a_command_the_cloud_confirms_late(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """The action returns while the command is pending; Eco+ shows 90 s later."""
    zappi.apply_after = 90
    await guard(hass, tmp_path, hand_back="battery_stopped")
    hass.states.async_set(FEEDING, "on")
    await clock.run(4)
    assert zappi.sent() == ["eco_plus"]
    assert hass.states.get(MODE).attributes["requested"] == "eco_plus"
    await clock.run(2)
    assert zappi.state == "eco_plus"
    hass.states.async_set(FEEDING, "off")
    await clock.run(16)
    assert zappi.sent() == ["eco_plus", "eco"]
    await clock.run(2)
    assert zappi.state == "eco"


async def test_a_mode_handed_back_at_the_time_of_day_stays_for_that_charge(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """Back to Eco at 19:00 while the battery still feeds the car: no new guard
    action until the battery has stopped and starts again."""
    await guard(hass, tmp_path, hand_back="time_of_day", hand_back_at="19:00:00")
    hass.states.async_set(FEEDING, "on")
    await clock.run(5)
    await clock.run(27)  # 19:02
    assert zappi.sent() == ["eco_plus", "eco"]
    await clock.run(120)
    assert zappi.sent() == ["eco_plus", "eco"]
    hass.states.async_set(FEEDING, "off")
    await clock.run(1)
    hass.states.async_set(FEEDING, "on")
    await clock.run(5)
    assert zappi.sent() == ["eco_plus", "eco", "eco_plus"]


async def test_hand_back_time_written_as_text(
    hass: HomeAssistant, tmp_path: Path, clock: Clock, zappi: FakeControl
) -> None:
    """An automation written in YAML may give the quiet time as "00:20:00"."""
    await guard(hass, tmp_path, hand_back="battery_stopped", hand_back_after="00:20:00")
    hass.states.async_set(FEEDING, "on")
    await clock.run(4)
    hass.states.async_set(FEEDING, "off")
    await clock.run(18)
    assert zappi.sent() == ["eco_plus"]
    await clock.run(4)
    assert zappi.sent() == ["eco_plus", "eco"]
