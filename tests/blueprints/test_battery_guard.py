"""The battery guard blueprint: keep the home battery out of the car."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from .conftest import (
    AUTOMATION,
    Clock,
    FakeControl,
    register_select,
    setup_blueprint,
)

BLUEPRINT = "battery_guard.yaml"
FEEDING = "binary_sensor.garage_home_battery_charging_car"
MODE = "select.garage_charge_mode"
STATUS = "sensor.garage_status"


@pytest.fixture
async def zappi(hass: HomeAssistant, clock: Clock) -> FakeControl:
    """A zappi charging in Eco from the home battery's side of the house."""
    await hass.config.async_set_time_zone("UTC")
    control = FakeControl(hass, MODE)
    register_select(hass, control)
    control.set("eco", options=["fast", "eco", "eco_plus", "stopped"])
    hass.states.async_set(FEEDING, "off")
    hass.states.async_set(STATUS, "charging")
    # Let the mode's own last change age past the command bounds.
    await clock.run(30, step=60)
    return control


async def guard(
    hass: HomeAssistant, tmp_path: Path, **inputs: Any
) -> None:
    """The guard on the fake zappi, with the blueprint's defaults otherwise."""
    await setup_blueprint(
        hass,
        tmp_path,
        BLUEPRINT,
        {
            "battery_to_car": FEEDING,
            "charge_mode": MODE,
            "charger_status": STATUS,
            **inputs,
        },
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
