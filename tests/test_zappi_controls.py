"""zappi controls: charge mode, minimum green level, phase setting, boosts.

The fake hub applies a command by the next status read (cmt 254) and answers
-26 to a second command while one is pending, as a real hub does; the
confirmation reads are not spaced out in tests (setup_entry sets the
runtime's confirm offsets to zero).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.number import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.components.select import ATTR_OPTION, SERVICE_SELECT_OPTION
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.controls import async_send_confirmed, start_boost
from custom_components.senec_zappi.myenergi import (
    MyenergiAuthError,
    MyenergiCommandError,
    MyenergiConnectionError,
    MyenergiRateLimitError,
    MyenergiTimeoutError,
)

from .conftest import FakeMyenergi
from .helpers import setup_entry, snapshot_domain, tracebacks

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")

MODE = "select.driveway_charge_mode"
PHASE = "select.driveway_phase_setting"
MIN_GREEN = "number.driveway_min_green"
BOOST_ENERGY = "number.driveway_boost_energy"
READY_BY = "select.driveway_ready_by"
BOOST = "button.driveway_boost"
SMART_BOOST = "button.driveway_smart_boost"
STOP_BOOST = "button.driveway_stop_boost"


async def _select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    await hass.services.async_call(
        "select",
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )


async def _set(hass: HomeAssistant, entity_id: str, value: Any) -> None:
    await hass.services.async_call(
        "number",
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        "button", SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def _settle() -> None:
    """Let the started service calls run until they wait (time is frozen)."""
    for _ in range(20):
        await asyncio.sleep(0)


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


@pytest.mark.parametrize(
    "platform", [Platform.SELECT, Platform.NUMBER, Platform.BUTTON]
)
async def test_entity_set(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every zappi control of one platform, with its state."""
    await setup_entry(hass, myenergi_entry)
    await snapshot_domain(
        hass, entity_registry, snapshot, myenergi_entry.entry_id, platform
    )
    assert myenergi_account.commands == []  # nothing is sent at setup


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_charge_mode_confirmed(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The select shows the new mode once the zappi confirms it, from that read."""
    await setup_entry(hass, myenergi_entry)
    assert _state(hass, MODE).state == "fast"
    polls = myenergi_account.status_calls
    await _select(hass, MODE, "eco_plus")
    assert myenergi_account.commands == ["mode ECO_PLUS"]
    assert _state(hass, MODE).state == "eco_plus"
    assert "requested" not in _state(hass, MODE).attributes
    # The sensors took the confirming status too, without another poll.
    assert _state(hass, "sensor.driveway_charge_mode").state == "eco_plus"
    assert myenergi_account.status_calls == polls
    assert myenergi_account.zappi_calls == 2  # the read before sending, one after


async def test_state_stays_reported_while_pending(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Until confirmed the state is the zappi's; an attribute names the request."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.hold = asyncio.Event()
    task = hass.async_create_task(_select(hass, MODE, "eco"))
    await _settle()
    state = _state(hass, MODE)
    assert state.state == "fast"
    assert state.attributes["requested"] == "eco"
    myenergi_account.hold.set()
    await task
    assert _state(hass, MODE).state == "eco"
    assert "requested" not in _state(hass, MODE).attributes


async def test_unsettable_mode_reads_unknown(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """zmo 0 (starting up / fault) is no option of the select: unknown."""
    myenergi_account.zappi["zmo"] = 0
    await setup_entry(hass, myenergi_entry)
    assert _state(hass, MODE).state == STATE_UNKNOWN


async def test_min_green_level_confirmed(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The number shows the level once mgl reports it."""
    await setup_entry(hass, myenergi_entry)
    assert float(_state(hass, MIN_GREEN).state) == 10
    await _set(hass, MIN_GREEN, 55)
    assert myenergi_account.commands == ["min green 55"]
    assert float(_state(hass, MIN_GREEN).state) == 55


async def test_phase_setting_only_when_reported(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Firmware without phaseSetting gets no select."""
    await setup_entry(hass, myenergi_entry)
    assert hass.states.get(PHASE) is None
    assert hass.states.get(MODE) is not None


async def test_phase_setting_confirmed(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A zappi reporting phaseSetting can be switched between its settings."""
    myenergi_account.zappi["phaseSetting"] = "AUTO"
    await setup_entry(hass, myenergi_entry)
    assert _state(hass, PHASE).state == "auto"
    await _select(hass, PHASE, "single_phase")
    assert myenergi_account.commands == ["phase SINGLE_PHASE"]
    assert _state(hass, PHASE).state == "single_phase"


async def test_boost_uses_energy_kept_here(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The boost energy is local: setting it sends nothing; the button uses it."""
    myenergi_account.zappi["zmo"] = 2
    await setup_entry(hass, myenergi_entry)
    assert float(_state(hass, BOOST_ENERGY).state) == 20  # the zappi's last (tbk)
    await _set(hass, BOOST_ENERGY, 15)
    assert myenergi_account.commands == []
    assert float(_state(hass, BOOST_ENERGY).state) == 15
    await _press(hass, BOOST)
    assert myenergi_account.commands == ["boost 15"]
    assert _state(hass, "sensor.driveway_status").state == "boosting"
    assert float(_state(hass, "sensor.driveway_last_boost_energy").state) == 15


async def test_smart_boost_uses_energy_and_time(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The smart boost takes the boost energy and the ready-by time (minutes)."""
    myenergi_account.zappi["zmo"] = 3
    await setup_entry(hass, myenergi_entry)
    # The zappi's last (sbh/sbm 17:10), on the quarter-hour grid.
    assert _state(hass, READY_BY).state == "17:00"
    await _select(hass, READY_BY, "06:45")
    assert _state(hass, READY_BY).state == "06:45"
    await _press(hass, SMART_BOOST)
    assert myenergi_account.commands == ["smart boost 20 06:45"]
    assert _state(hass, "sensor.driveway_last_smart_boost_time").state == "06:45"


async def test_stop_boost(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Stop boost is confirmed when the zappi no longer says boosting."""
    myenergi_account.zappi.update({"zmo": 3, "sta": 4})
    await setup_entry(hass, myenergi_entry)
    assert _state(hass, "sensor.driveway_status").state == "boosting"
    await _press(hass, STOP_BOOST)
    assert myenergi_account.commands == ["stop boost"]
    assert _state(hass, "sensor.driveway_status").state == "charging"


@pytest.mark.parametrize("mode", [1, 4])
@pytest.mark.parametrize("button", [BOOST, SMART_BOOST])
async def test_boost_refused_in_fast_or_stop(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    mode: int,
    button: str,
) -> None:
    """The zappi ignores a boost in Fast or Stop: refused, nothing sent."""
    myenergi_account.zappi["zmo"] = mode
    await setup_entry(hass, myenergi_entry)
    with pytest.raises(ServiceValidationError) as err:
        await _press(hass, button)
    assert err.value.translation_key == "zappi_boost_needs_eco"
    assert "Eco or Eco+" in str(err.value)
    assert myenergi_account.commands == []


async def test_boost_refused_while_zappi_unlisted(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Without a status there is no mode to check: the boost is not sent."""
    myenergi_account.zappi["zmo"] = 2
    await setup_entry(hass, myenergi_entry)
    runtime = myenergi_entry.runtime_data
    runtime.status.data.clear()
    with pytest.raises(HomeAssistantError) as err:
        await async_send_confirmed(runtime, "16000001", start_boost(10))
    assert err.value.translation_key == "zappi_unavailable"
    assert myenergi_account.commands == []


def _hub_refuses(code: int) -> Callable[[FakeMyenergi], None]:
    def fault(account: FakeMyenergi) -> None:
        account.command_error = MyenergiCommandError(code)

    return fault


def _zappi_rejects(account: FakeMyenergi) -> None:
    account.reject = True


def _confirm_reads_fail(error: Exception) -> Callable[[FakeMyenergi], None]:
    def fault(account: FakeMyenergi) -> None:
        account.confirm_error = error

    return fault


@pytest.mark.parametrize(
    ("fault", "key", "text", "reads"),
    [
        (_hub_refuses(-26), "zappi_busy", "busy with another command", 0),
        (_hub_refuses(-14), "zappi_refused", "refused the value", 0),
        (_hub_refuses(-25), "zappi_refused", "refused the value", 0),
        (_hub_refuses(-23), "zappi_not_appropriate", "cannot take this", 0),
        (_hub_refuses(-99), "zappi_command_failed", "(code -99)", 0),
        (_zappi_rejects, "zappi_rejected", "", 1),
        (
            _confirm_reads_fail(MyenergiRateLimitError("429", None)),
            "zappi_not_confirmed_rate_limited",
            "",
            1,
        ),
    ],
    ids=[
        "busy",
        "bad_parameter",
        "bad_min_green",
        "not_appropriate",
        "unknown_code",
        "rejected",
        "rate_limited_while_confirming",
    ],
)
async def test_command_failure_keeps_reported_state(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: Callable[[FakeMyenergi], None],
    key: str,
    text: str,
    reads: int,
) -> None:
    """Busy, refused, rejected: a translated error, state unchanged.

    A refused command is not confirmed (no read after the one before
    sending); a 429 while confirming stops after one read. A command not
    confirmed by the quick reads is pending, not failed (tests below).
    """
    await setup_entry(hass, myenergi_entry)
    fault(myenergi_account)
    with pytest.raises(HomeAssistantError) as err:
        await _select(hass, MODE, "eco")
    assert err.value.translation_key == key
    assert text in str(err.value)
    # Busy (try again) and not appropriate now: the owner can act (item 17).
    owner_can_act = key in ("zappi_busy", "zappi_not_appropriate")
    assert isinstance(err.value, ServiceValidationError) is owner_can_act
    assert myenergi_account.zappi_calls == reads + 1  # and the read before sending
    assert _state(hass, MODE).state == "fast"
    assert "requested" not in _state(hass, MODE).attributes
    assert tracebacks(caplog) == []


async def test_rejected_status_is_shown(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """cmt 253: the entities show the zappi's status that reported it."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.reject = True
    with pytest.raises(HomeAssistantError):
        await _select(hass, MODE, "eco")
    assert _state(hass, "sensor.driveway_command_state").state == "failed"


LAST_COMMAND = "event.driveway_last_command"


async def test_slow_command_goes_on_in_the_background(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Still on its way after the quick reads: no error, pending shown (items 6, 18)."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.apply_after_reads = 5  # applied by the second poll
    await _select(hass, MODE, "eco")  # returns without an error
    state = _state(hass, MODE)
    assert state.state == "fast"  # what the zappi reports
    assert state.attributes["requested"] == "eco"
    assert state.attributes["last_command"] == "pending"
    event = _state(hass, LAST_COMMAND)
    assert event.attributes["event_type"] == "pending"
    assert event.attributes["command"] == "charge mode ECO"
    polls = myenergi_account.status_calls
    for _ in range(2):  # a poll every 30 s while pending
        freezer.tick(timedelta(seconds=30))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert myenergi_account.status_calls == polls + 2
    state = _state(hass, MODE)
    assert state.state == "eco"  # from the poll that saw it applied
    assert "requested" not in state.attributes
    assert state.attributes["last_command"] == "confirmed"
    assert _state(hass, LAST_COMMAND).attributes["event_type"] == "confirmed"
    assert myenergi_entry.runtime_data.pending.get("16000001") is None


async def test_not_applied_in_time(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Never applied: after a few minutes "not applied", logged once (items 6, 16)."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.apply = False
    await _select(hass, MODE, "stopped")
    assert myenergi_account.zappi_calls == 5  # before sending, four after
    before = _state(hass, MODE)
    for _ in range(8):
        freezer.tick(timedelta(seconds=30))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    state = _state(hass, MODE)
    assert state.state == "fast"
    assert "requested" not in state.attributes
    assert state.attributes["last_command"] == "not_applied"
    assert state is not before  # a new state object: the frontend shows "fast"
    assert _state(hass, LAST_COMMAND).attributes["event_type"] == "not_applied"
    assert caplog.text.count("did not apply the command") == 1
    assert "16000001" not in caplog.text  # no serial in the log


async def test_outage_during_confirmation(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Every quick read fails: pending, and the next poll confirms it."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.confirm_error = MyenergiConnectionError("down")
    await _select(hass, MODE, "eco")
    assert _state(hass, MODE).state == "fast"
    assert _state(hass, LAST_COMMAND).attributes["event_type"] == "pending"
    myenergi_account.confirm_error = None
    freezer.tick(timedelta(seconds=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, MODE).state == "eco"
    assert _state(hass, LAST_COMMAND).attributes["event_type"] == "confirmed"


async def test_second_command_while_one_is_pending(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The owner can act on it (try again later): a validation error (item 17)."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.apply_after_reads = 10
    await _select(hass, MODE, "eco")
    with pytest.raises(ServiceValidationError) as err:
        await _set(hass, MIN_GREEN, 40)
    assert err.value.translation_key == "zappi_command_pending"
    assert myenergi_account.commands == ["mode ECO"]


async def test_unload_while_pending(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A reload or unload ends a pending command cleanly: no reads, no errors (15)."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.apply_after_reads = 10
    await _select(hass, MODE, "eco")
    assert await hass.config_entries.async_unload(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    reads = (myenergi_account.status_calls, myenergi_account.zappi_calls)
    freezer.tick(timedelta(minutes=5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert (myenergi_account.status_calls, myenergi_account.zappi_calls) == reads
    assert tracebacks(caplog) == []
    assert "did not apply" not in caplog.text


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (MyenergiConnectionError("down"), "zappi_command_cannot_connect"),
        (MyenergiTimeoutError("slow"), "zappi_command_timeout"),
        (MyenergiRateLimitError("429", 60), "zappi_command_rate_limited"),
    ],
)
async def test_command_fails_to_send(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    key: str,
) -> None:
    """An outage or a 429 while sending: one attempt, a translated error."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.command_error = error
    with pytest.raises(HomeAssistantError) as err:
        await _select(hass, MODE, "eco")
    assert err.value.translation_key == key
    assert myenergi_account.commands == ["mode ECO"]  # not retried
    assert myenergi_account.zappi_calls == 1  # the read before sending
    assert _state(hass, MODE).state == "fast"
    assert tracebacks(caplog) == []


@pytest.mark.parametrize("on_confirm", [False, True])
async def test_auth_failure_starts_reauth(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    on_confirm: bool,
) -> None:
    """A rejected key while sending or confirming: translated error and reauth."""
    await setup_entry(hass, myenergi_entry)
    if on_confirm:
        myenergi_account.confirm_error = MyenergiAuthError("401")
    else:
        myenergi_account.command_error = MyenergiAuthError("401")
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, STOP_BOOST)
    assert err.value.translation_key == "zappi_command_auth"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_two_commands_one_at_a_time(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The second command waits for the first's confirmation: the hub never says busy."""
    await setup_entry(hass, myenergi_entry)
    myenergi_account.hold = asyncio.Event()
    first = hass.async_create_task(_select(hass, MODE, "eco"))
    second = hass.async_create_task(_set(hass, MIN_GREEN, 70))
    await _settle()
    assert myenergi_account.commands == ["mode ECO"]  # the second one waits
    assert _state(hass, MIN_GREEN).attributes["requested"] == "70"
    myenergi_account.hold.set()
    await asyncio.gather(first, second)
    assert myenergi_account.commands == ["mode ECO", "min green 70"]
    assert myenergi_account.busy_answers == 0
    assert _state(hass, MODE).state == "eco"
    assert float(_state(hass, MIN_GREEN).state) == 70


async def test_boost_after_mode_change_in_the_queue(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A boost queued behind a switch to Eco is checked against the confirmed mode."""
    myenergi_account.zappi["bsm"] = 0  # no boost runs: bsm switching on proves it
    await setup_entry(hass, myenergi_entry)
    myenergi_account.hold = asyncio.Event()
    mode = hass.async_create_task(_select(hass, MODE, "eco"))
    boost = hass.async_create_task(_press(hass, BOOST))
    await _settle()
    myenergi_account.hold.set()
    await asyncio.gather(mode, boost)
    assert myenergi_account.commands == ["mode ECO", "boost 20"]


async def test_boost_energy_and_time_restored(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The boost settings survive a restart and are what the buttons send."""
    mock_restore_cache_with_extra_data(
        hass,
        (
            (
                State(BOOST_ENERGY, "33"),
                {
                    "native_max_value": 99,
                    "native_min_value": 1,
                    "native_step": 1,
                    "native_unit_of_measurement": "kWh",
                    "native_value": 33,
                },
            ),
            (State(READY_BY, "05:30"), {}),
        ),
    )
    myenergi_account.zappi["zmo"] = 2
    await setup_entry(hass, myenergi_entry)
    assert float(_state(hass, BOOST_ENERGY).state) == 33
    assert _state(hass, READY_BY).state == "05:30"
    await _press(hass, SMART_BOOST)
    assert myenergi_account.commands == ["smart boost 33 05:30"]


async def test_restored_nonsense_is_ignored(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """An out-of-range energy or an unreadable time falls back to the zappi's last."""
    mock_restore_cache_with_extra_data(
        hass,
        (
            (
                State(BOOST_ENERGY, "500"),
                {
                    "native_max_value": 99,
                    "native_min_value": 1,
                    "native_step": 1,
                    "native_unit_of_measurement": "kWh",
                    "native_value": 500,
                },
            ),
            (State(READY_BY, "unknown"), {}),
        ),
    )
    await setup_entry(hass, myenergi_entry)
    assert float(_state(hass, BOOST_ENERGY).state) == 20
    assert _state(hass, READY_BY).state == "17:00"


async def test_defaults_without_boost_history(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """A zappi that never boosted: 10 kWh by 07:00."""
    for key in ("tbk", "sbh", "sbm", "sbk"):
        myenergi_account.zappi.pop(key)
    await setup_entry(hass, myenergi_entry)
    assert float(_state(hass, BOOST_ENERGY).state) == 10
    assert _state(hass, READY_BY).state == "07:00"


async def test_ready_by_off_the_quarter_hour_grid(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Only the 96 quarter hours are offered; another minute is refused (item 5)."""
    myenergi_account.zappi["zmo"] = 3
    await setup_entry(hass, myenergi_entry)
    options = _state(hass, READY_BY).attributes["options"]
    assert (len(options), options[:2], options[-1]) == (96, ["00:00", "00:15"], "23:45")
    with pytest.raises(ServiceValidationError) as err:
        await _select(hass, READY_BY, "06:40")
    assert err.value.translation_key == "not_valid_option"
    assert _state(hass, READY_BY).state == "17:00"
    await _press(hass, SMART_BOOST)
    assert myenergi_account.commands == ["smart boost 20 17:00"]


async def test_mode_the_zappi_is_in_sends_nothing(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The read before sending shows the mode: succeed without a command (item 2)."""
    await setup_entry(hass, myenergi_entry)
    assert _state(hass, MODE).state == "fast"
    await _select(hass, MODE, "fast")
    assert myenergi_account.commands == []
    assert myenergi_account.zappi_calls == 1
    # Said so on the page, not "confirmed" (issue 26 item 6).
    assert _state(hass, MODE).attributes["last_command"] == "unchanged"
    assert _state(hass, LAST_COMMAND).attributes["event_type"] == "unchanged"


async def test_stop_boost_without_a_boost_sends_nothing(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """No boost flag on, sta 4 in Fast mode: nothing to stop, no error (item 3)."""
    myenergi_account.zappi.update({"zmo": 1, "sta": 4, "bsm": 0, "bss": 0})
    await setup_entry(hass, myenergi_entry)
    await _press(hass, STOP_BOOST)
    assert myenergi_account.commands == []
    assert _state(hass, LAST_COMMAND).attributes["event_type"] == "unchanged"


@pytest.mark.parametrize(
    ("code", "error_code"),
    [(-26, "service_validation_error"), (-23, "service_validation_error")],
)
async def test_refusal_the_owner_can_act_on_is_no_crash_in_the_log(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    code: int,
    error_code: str,
) -> None:
    """Busy or not now, from the UI: a validation error, no traceback (item 17).

    Home Assistant logs a HomeAssistantError from a service call as an
    "Unexpected exception" with its traceback (2025.x); a
    ServiceValidationError is one line.
    """
    await setup_entry(hass, myenergi_entry)
    myenergi_account.command_error = MyenergiCommandError(code)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": "select",
            "service": SERVICE_SELECT_OPTION,
            "service_data": {ATTR_ENTITY_ID: MODE, ATTR_OPTION: "eco"},
        }
    )
    answer = await client.receive_json()
    assert not answer["success"]
    assert answer["error"]["code"] == error_code
    assert tracebacks(caplog) == []
    assert "Unexpected exception" not in caplog.text
