"""Load a blueprint the way Home Assistant does, and fake the devices it drives.

The blueprint file is copied into a config directory of the test's own, then
instantiated through the automation integration (`use_blueprint`). The
devices are plain states: a fake control records each command and, the way
the integration's controls do, changes its state only when the test lets the
device confirm it (at once, later, or never).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

BLUEPRINTS = Path(__file__).parents[2] / "blueprints" / "automation" / "senec_zappi"
AUTOMATION = "automation.under_test"


@dataclass
class FakeControl:
    """A select or switch: commands recorded, applied as the test says.

    confirm: apply a command at once (the device confirms before the action
    returns); False leaves the state alone (a command the device never
    confirms).
    """

    hass: HomeAssistant
    entity_id: str
    confirm: bool = True
    calls: list[tuple[datetime, str]] = field(default_factory=list)
    # What else changes while the device takes the command (a house poll).
    meanwhile: Callable[[str], None] | None = None
    # A slow cloud: the action returns at once, the command stays pending (the
    # `requested` attribute) and the device applies it this much later.
    apply_after: float | None = None

    def set(self, state: str, **attributes: Any) -> None:
        """The device reports this state."""
        self.hass.states.async_set(self.entity_id, state, attributes)

    @property
    def state(self) -> str:
        """What the entity shows."""
        current = self.hass.states.get(self.entity_id)
        assert current is not None
        return current.state

    def sent(self) -> list[str]:
        """The values commanded so far, in order."""
        return [value for _, value in self.calls]

    async def handle(self, call: ServiceCall, value: str) -> None:
        """Record the command; the device confirms it or not."""
        if call.data["entity_id"] != [self.entity_id]:
            return
        self.calls.append((dt_util.utcnow(), value))
        if self.meanwhile is not None:
            self.meanwhile(value)
            await settle()  # the change is seen before the command returns
        if not self.confirm:
            return
        if self.apply_after is None:
            self.set(value)
            return
        self.set(self.state, requested=value)

        @callback
        def apply(_: datetime) -> None:
            self.set(value)

        async_call_later(self.hass, self.apply_after, apply)


def gaps(control: FakeControl) -> list[float]:
    """Minutes between consecutive commands."""
    times = [when for when, _ in control.calls]
    return [(b - a).total_seconds() / 60 for a, b in pairwise(times)]


def most_in_an_hour(control: FakeControl) -> int:
    """The largest number of commands within any 60 minutes."""
    times = [when for when, _ in control.calls]
    hour = timedelta(hours=1)
    return max(
        (sum(1 for t in times if start <= t < start + hour) for start in times),
        default=0,
    )


def register_select(hass: HomeAssistant, control: FakeControl) -> None:
    """select.select_option on the fake."""

    async def select_option(call: ServiceCall) -> None:
        await control.handle(call, call.data["option"])

    hass.services.async_register("select", "select_option", select_option)


def register_switch(hass: HomeAssistant, control: FakeControl) -> None:
    """switch.turn_on / turn_off on the fake."""

    async def turn_on(call: ServiceCall) -> None:
        await control.handle(call, "on")

    async def turn_off(call: ServiceCall) -> None:
        await control.handle(call, "off")

    hass.services.async_register("switch", "turn_on", turn_on)
    hass.services.async_register("switch", "turn_off", turn_off)


async def control_among(
    hass: HomeAssistant,
    clock: Clock,
    register: Callable[[HomeAssistant, FakeControl], None],
    entity_id: str,
    state: str,
    others: Mapping[str, str],
    **attributes: Any,
) -> FakeControl:
    """The control a blueprint steers, beside the states it reads; the
    control's own last change aged past the command bounds (30 minutes)."""
    control = FakeControl(hass, entity_id)
    register(hass, control)
    control.set(state, **attributes)
    for other, value in others.items():
        hass.states.async_set(other, value)
    await clock.run(30, step=60)
    return control


async def setup_blueprint(
    hass: HomeAssistant, config_dir: Path, name: str, inputs: Mapping[str, Any]
) -> None:
    """Copy the blueprint into the config and set up one automation from it."""

    def copy() -> None:
        target = config_dir / "blueprints" / "automation" / "senec_zappi"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(BLUEPRINTS / name, target / name)

    hass.config.config_dir = str(config_dir)
    await hass.async_add_executor_job(copy)
    assert await async_setup_component(hass, "persistent_notification", {})
    config = {
        "automation": [
            {
                "id": "under_test",
                "alias": "Under test",
                "use_blueprint": {"path": f"senec_zappi/{name}", "input": inputs},
            }
        ]
    }
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    assert hass.states.get(AUTOMATION) is not None, "the blueprint did not load"


def blueprint_on_fakes(name: str, **wiring: str) -> Callable[..., Awaitable[None]]:
    """One blueprint wired to the fakes' entities; a test passes only the
    inputs it is about, the blueprint's defaults stand for the rest."""

    async def setup(hass: HomeAssistant, config_dir: Path, **inputs: Any) -> None:
        await setup_blueprint(hass, config_dir, name, {**wiring, **inputs})

    return setup


@dataclass
class Clock:
    """Moves frozen time on in steps, firing what became due at each."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory

    async def run(self, minutes: float, step: float = 30) -> None:
        """Let `minutes` pass in steps of `step` seconds."""
        left = minutes * 60
        while left > 0:
            seconds = min(step, left)
            self.freezer.tick(timedelta(seconds=seconds))
            async_fire_time_changed(self.hass)
            await settle()
            left -= seconds


async def settle() -> None:
    """Let the loop run what is ready.

    Not async_block_till_done: that waits for every task, and a run of the
    automation that waits (for the battery to stop feeding the car, for its
    bounds) is a task that does not end while time stands still.
    """
    for _ in range(50):
        await asyncio.sleep(0)


@pytest.fixture
def clock(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Clock:
    """Frozen time starting on a quiet evening, on a minute boundary."""
    freezer.move_to(datetime(2026, 12, 7, 18, 0, 0, tzinfo=dt_util.UTC))
    return Clock(hass, freezer)


@pytest.fixture(autouse=True)
async def stop_automation(hass: HomeAssistant) -> AsyncIterator[None]:
    """Turn the automation off after the test: its time triggers stop with it."""
    yield
    if hass.states.get(AUTOMATION) is not None:
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": AUTOMATION}, blocking=True
        )
        await hass.async_block_till_done()
