"""The house view's cost: CPU and requests per SENEC poll, paired or not.

Both runs hold the same two entries (SENEC and myenergi) against the
simulator, with the car charging in Fast mode on a dark evening (the split
changes every poll, so every car entity writes). "Off": the SENEC entry's
options pair no zappi (the house view still computes the two surpluses);
"on": the zappi is paired automatically and its nine car entities update.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import aiohttp
from homeassistant import loader
from homeassistant.config_entries import ConfigEntryState
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.senec_zappi.house_link import (
    CONF_HOUSE_AUTOMATIC,
    CONF_HOUSE_ZAPPIS,
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


async def house_polls(sim: SimulatorInfo, *, paired: bool) -> dict[str, Any]:
    """Median CPU and requests per SENEC poll, and the car entities updated."""
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
        for _ in range(POLLS):
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
            "requests_per_poll": (client.requests_sent - requests) / POLLS,
            "car_entities": len(car),
        }
        for entry in (senec, myenergi):
            await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    return result


async def house_view_cost(sim: SimulatorInfo) -> dict[str, dict[str, Any]]:
    """Off and on, each measured twice (alternating) and the better kept."""
    await _plant(sim, DARK_EVENING)
    try:
        runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
        for _ in range(2):
            for name in runs:
                runs[name].append(await house_polls(sim, paired=name == "on"))
    finally:
        await _plant(sim, {"pv_factor": 1})
    return {
        name: min(results, key=lambda r: r["cpu_ms_median"])
        for name, results in runs.items()
    }


def report(cost: dict[str, dict[str, Any]]) -> str:
    """One line for the README's Performance section."""
    off, on = cost["off"], cost["on"]
    more = (on["cpu_ms_median"] / off["cpu_ms_median"] - 1) * 100
    return (
        f"house view per SENEC poll: CPU median {off['cpu_ms_median']:.2f} ms "
        f"unpaired vs {on['cpu_ms_median']:.2f} ms with the zappi paired "
        f"({on['car_entities']} car entities updating; {more:+.1f} %), "
        f"requests/poll {off['requests_per_poll']:.2f} vs {on['requests_per_poll']:.2f}"
    )
