"""The house view's cost: CPU and requests per SENEC poll, paired or not.

Every run holds the same two entries (SENEC and myenergi) against the
simulator, with the car charging in Fast mode on a dark evening (the split
changes every poll, so every car entity writes). "off": the house view is
not started at all (the benchmark stubs ``House.async_start``: no view, no
surplus sensors, no car entities); "unpaired": the SENEC entry's options pair
no zappi (only the two surpluses); "on": the zappi is paired automatically
and its nine car entities update.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
import statistics
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant import loader
from homeassistant.config_entries import ConfigEntryState
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.senec_zappi.house_link import (
    CONF_HOUSE_AUTOMATIC,
    CONF_HOUSE_ZAPPIS,
    House,
)

from .ha import POLLS, myenergi_entry, senec_entry
from .simulator_process import SimulatorInfo

DARK_EVENING = {"pv_factor": 0, "soc": 90, "car_need_wh": 100_000}


async def _plant(sim: SimulatorInfo, body: dict[str, Any]) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{sim.myenergi_url}/_sim/plant", json=body) as response,
    ):
        response.raise_for_status()


ROUNDS = 3
MODES = ("off", "unpaired", "on")


@contextmanager
def house_view_started(mode: str) -> Iterator[None]:
    """The house view as the mode wants it (off: never started)."""
    if mode != "off":
        yield
        return
    with patch.object(House, "async_start", lambda self: lambda: None):
        yield


@contextmanager
def timed_house_polls() -> Iterator[list[float]]:
    """CPU seconds of each House poll: the view and every entity it updates.

    The whole poll's CPU varies by more than the house view costs on a
    shared machine; this measures the house view's own part directly.
    """
    spent: list[float] = []
    original = House._async_poll

    def timed(self: House) -> None:
        started = time.process_time()
        original(self)
        spent.append(time.process_time() - started)

    with patch.object(House, "_async_poll", timed):
        yield spent


async def house_polls(sim: SimulatorInfo, mode: str) -> dict[str, Any]:
    """Median CPU and requests per SENEC poll, and the car entities updated."""
    paired = mode == "on"
    with house_view_started(mode), timed_house_polls() as spent:
        result = await _house_polls(sim, paired=paired)
    tail = spent[-POLLS * 2 :]
    result["house_ms_median"] = statistics.median(tail) * 1000 if tail else 0.0
    return result


async def _house_polls(sim: SimulatorInfo, *, paired: bool) -> dict[str, Any]:
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
        senec, myenergi = senec_entry(sim), myenergi_entry(sim)
        for entry in (senec, myenergi):
            entry.add_to_hass(hass)
        if not paired:
            hass.config_entries.async_update_entry(
                senec, options={CONF_HOUSE_AUTOMATIC: False, CONF_HOUSE_ZAPPIS: []}
            )
        # Setting up the first entry loads the integration and with it both.
        assert await hass.config_entries.async_setup(senec.entry_id)
        await hass.async_block_till_done()
        assert myenergi.state is ConfigEntryState.LOADED
        mode = next(e for e in hass.states.async_entity_ids("select") if "mode" in e)
        await hass.services.async_call(
            "select", "select_option", {"entity_id": mode, "option": "fast"}, True
        )
        coordinator = senec.runtime_data
        client = coordinator.client
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        requests = client.requests_sent
        cpu: list[float] = []
        for _ in range(POLLS * 2):
            started = time.process_time()
            await coordinator.async_refresh()
            await hass.async_block_till_done()
            cpu.append(time.process_time() - started)
        car = [
            e
            for e in hass.states.async_entity_ids()
            if "car" in e.split(".")[1] or "solar_share" in e
        ]
        assert coordinator.last_update_success
        result = {
            "cpu_ms_median": statistics.median(cpu) * 1000,
            "requests_per_poll": (client.requests_sent - requests) / (POLLS * 2),
            "car_entities": len(car),
        }
        for entry in (senec, myenergi):
            await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    return result


async def house_view_cost(sim: SimulatorInfo) -> dict[str, dict[str, Any]]:
    """Each mode measured ROUNDS times (alternating), the lowest median kept."""
    await _plant(sim, DARK_EVENING)
    try:
        runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
        for _ in range(ROUNDS):
            for mode in MODES:
                runs[mode].append(await house_polls(sim, mode))
    finally:
        await _plant(sim, {"pv_factor": 1})
    return {
        name: min(results, key=lambda r: r["cpu_ms_median"])
        for name, results in runs.items()
    }


def report(cost: dict[str, dict[str, Any]]) -> str:
    """One line for the README's Performance section."""
    off, unpaired, on = cost["off"], cost["unpaired"], cost["on"]
    share = on["house_ms_median"] / off["cpu_ms_median"] * 100
    return (
        f"house view per SENEC poll (SENEC + myenergi entries, car charging): "
        f"whole poll CPU median {off['cpu_ms_median']:.2f} ms off, "
        f"{unpaired['cpu_ms_median']:.2f} ms unpaired, "
        f"{on['cpu_ms_median']:.2f} ms paired; the house view's own CPU "
        f"{unpaired['house_ms_median']:.3f} ms unpaired, "
        f"{on['house_ms_median']:.3f} ms paired ({on['car_entities']} car "
        f"entities updating) = {share:.1f} % of an off poll; requests/poll "
        f"{off['requests_per_poll']:.2f} off, {on['requests_per_poll']:.2f} on"
    )
