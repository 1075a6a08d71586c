"""The integration inside a real Home Assistant core, against the simulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
import gc
import logging
import statistics
import time
import tracemalloc
from typing import Any
from unittest.mock import PropertyMock, patch

import aiohttp
from aiohttp.resolver import AsyncResolver
from homeassistant import block_async_io, loader
from homeassistant.const import CONF_API_KEY, CONF_HOST
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.senec_zappi.const import (
    CONF_DEVICE_TYPE,
    CONF_HUB_SERIAL,
    CONF_PATH_STYLE,
    CONF_SCHEME,
    CONF_SERVER,
    DOMAIN,
)
from custom_components.senec_zappi.myenergi import MyenergiClient

from .simulator_process import SimulatorInfo

POLLS = 30


class BlockingCallCounter(logging.Handler):
    """Counts Home Assistant's "Detected blocking call" reports."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Detected blocking call" in message:
            self.messages.append(message)


@contextmanager
def all_entities_enabled(enabled: bool) -> Iterator[None]:
    """Create every entity enabled, also those disabled by default."""
    if not enabled:
        yield
        return
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


def senec_entry(sim: SimulatorInfo) -> MockConfigEntry:
    """A SENEC entry pointing at the simulator."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="SENEC",
        unique_id="2525866113258324220991834",  # the unit the simulator plays
        data={
            CONF_DEVICE_TYPE: "senec",
            CONF_HOST: sim.senec_host,
            CONF_SCHEME: "https",
            CONF_PATH_STYLE: "double",
        },
    )


def myenergi_entry(sim: SimulatorInfo) -> MockConfigEntry:
    """A myenergi entry pointing at the simulator's director."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="myenergi",
        unique_id=sim.hub_serial,
        data={
            CONF_DEVICE_TYPE: "myenergi",
            CONF_HUB_SERIAL: sim.hub_serial,
            CONF_API_KEY: sim.api_key,
            CONF_SERVER: sim.myenergi_url,
        },
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> float:
    entry.add_to_hass(hass)
    started = time.perf_counter()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return time.perf_counter() - started


async def senec_polls(sim: SimulatorInfo, *, all_entities: bool) -> dict[str, Any]:
    """Setup time, then requests, bytes and CPU per poll."""
    with all_entities_enabled(all_entities):
        async with async_test_home_assistant() as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            entry = senec_entry(sim)
            setup_s = await _setup(hass, entry)
            coordinator = entry.runtime_data
            client = coordinator.client
            await coordinator.async_refresh()  # after the entities asked their keys
            await hass.async_block_till_done()
            requests, sent = client.requests_sent, client.bytes_sent
            cpu: list[float] = []
            for _ in range(POLLS):
                started = time.process_time()
                await coordinator.async_refresh()
                await hass.async_block_till_done()
                cpu.append(time.process_time() - started)
            entities = len(hass.states.async_entity_ids())
            assert coordinator.last_update_success
            result = {
                "entities": entities,
                "setup_s": setup_s,
                "requests_per_poll": (client.requests_sent - requests) / POLLS,
                "request_bytes": (client.bytes_sent - sent) / POLLS,
                "cpu_ms_median": statistics.median(cpu) * 1000,
                "cpu_ms_p95": sorted(cpu)[int(len(cpu) * 0.95) - 1] * 1000,
            }
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return result


@contextmanager
def movable_clock(loop: asyncio.AbstractEventLoop) -> Iterator[list[float]]:
    """The event loop's clock plus an offset the caller moves forward.

    Timers (the coordinators' schedules) then fire exactly when they would
    after that much real time, each rescheduling itself from the moved clock.
    """
    offset = [0.0]
    real_time = loop.time
    loop.time = lambda: real_time() + offset[0]  # type: ignore[method-assign]
    try:
        yield offset
    finally:
        del loop.time  # back to the class's method


async def zappi_hour(sim: SimulatorInfo) -> dict[str, Any]:
    """HTTP requests of one hour at the default intervals, by endpoint."""
    counts = {"status": 0, "history": 0, "other": 0}
    original = MyenergiClient._request

    async def counting(self: MyenergiClient, url: str, headers: dict[str, str]) -> Any:
        kind = (
            "status"
            if "jstatus" in url
            else "history"
            if "jdayhour" in url
            else "other"
        )
        counts[kind] += 1
        return await original(self, url, headers)

    with patch.object(MyenergiClient, "_request", counting):
        async with async_test_home_assistant() as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            entry = myenergi_entry(sim)
            setup_s = await _setup(hass, entry)
            at_setup = dict(counts)
            with movable_clock(hass.loop) as offset:
                for _ in range(3600):  # one hour in 1 s steps
                    offset[0] += 1
                    await asyncio.sleep(0)
                    await hass.async_block_till_done(wait_background_tasks=True)
            runtime = entry.runtime_data
            assert runtime.status.last_update_success
            result = {
                "setup_s": setup_s,
                "setup_requests": sum(at_setup.values()),
                "status_per_hour": counts["status"] - at_setup["status"],
                "history_per_hour": counts["history"] - at_setup["history"],
                "other_per_hour": counts["other"] - at_setup["other"],
                "status_interval_s": runtime.status.update_interval.total_seconds(),
                "history_interval_s": runtime.history.update_interval.total_seconds(),
            }
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return result


# Action calls through Home Assistant, each confirmed by the simulated zappi.
ACTIONS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("select", "select_option", {"option": "eco"}),
    ("select", "select_option", {"option": "eco_plus"}),
    ("number", "set_value", {"value": 40}),
    ("number", "set_value", {"value": 60}),
)
ACTION_ENTITIES = {"select": "charge_mode", "number": "min_green"}


async def zappi_actions(sim: SimulatorInfo) -> dict[str, Any]:
    """Seconds from an action call to the confirmed state, and hub requests."""
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
        entry = myenergi_entry(sim)
        await _setup(hass, entry)
        client = entry.runtime_data.client
        entity_ids = {
            domain: next(
                eid
                for eid in hass.states.async_entity_ids(domain)
                if eid.endswith(ACTION_ENTITIES[domain])
            )
            for domain in ACTION_ENTITIES
        }
        seconds: list[float] = []
        requests: list[int] = []
        for domain, service, data in ACTIONS:
            before = client.requests_sent
            started = time.perf_counter()
            await hass.services.async_call(
                domain,
                service,
                {"entity_id": entity_ids[domain], **data},
                blocking=True,
            )
            seconds.append(time.perf_counter() - started)
            requests.append(client.requests_sent - before)
            state = hass.states.get(entity_ids[domain])
            assert state is not None
            wanted = next(iter(data.values()))
            assert state.state in (str(wanted), f"{wanted}.0"), state
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    return {
        "actions": len(ACTIONS),
        "confirmed_s_median": statistics.median(seconds),
        "confirmed_s_max": max(seconds),
        "requests_per_action": statistics.mean(requests),
        "requests_max": max(requests),
    }


# The slow case: myenergi delivers a command after up to about two minutes.
SLOW_APPLY_S = 90.0
SLOW_STEP_S = 0.5  # both clocks move this much per step
SLOW_LIMIT_S = 300.0


async def _sim_post(sim: SimulatorInfo, path: str, body: dict[str, Any]) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{sim.myenergi_url}{path}", json=body) as response,
    ):
        response.raise_for_status()


async def zappi_slow_command(sim: SimulatorInfo) -> dict[str, Any]:
    """A charge mode the zappi applies SLOW_APPLY_S after it arrives.

    Home Assistant's loop clock and the simulated home's clock are moved
    forward together (movable_clock, POST /_sim/clock), so 90 s pass in a
    few seconds; every time below is on those clocks. Measured: when the
    action returns, when the select shows the new mode, and every hub
    request from the call until then (polls included).
    """
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
        entry = myenergi_entry(sim)
        await _setup(hass, entry)
        await _sim_post(sim, "/_sim/zappi", {"command_delay": SLOW_APPLY_S})
        client = entry.runtime_data.client
        entity_id = next(
            eid
            for eid in hass.states.async_entity_ids("select")
            if eid.endswith("charge_mode")
        )
        state = hass.states.get(entity_id)
        assert state is not None
        target = "eco" if state.state != "eco" else "eco_plus"
        returned: float | None = None
        shown: float | None = None
        with movable_clock(hass.loop) as offset:
            before = client.requests_sent
            start = hass.loop.time()
            call = hass.async_create_task(
                hass.services.async_call(
                    "select",
                    "select_option",
                    {"entity_id": entity_id, "option": target},
                    blocking=True,
                )
            )
            while shown is None and hass.loop.time() - start < SLOW_LIMIT_S:
                offset[0] += SLOW_STEP_S
                await _sim_post(sim, "/_sim/clock", {"advance": SLOW_STEP_S})
                await asyncio.sleep(0.002)
                now = hass.loop.time() - start
                if returned is None and call.done():
                    call.result()  # an error would end the benchmark here
                    returned = now
                current = hass.states.get(entity_id)
                if current is not None and current.state == target:
                    shown = now
            requests = client.requests_sent - before
        await _sim_post(sim, "/_sim/zappi", {"command_delay": 2.0})
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    assert returned is not None
    assert shown is not None
    return {
        "apply_s": SLOW_APPLY_S,
        "returned_s": returned,
        "shown_s": shown,
        "after_apply_s": shown - SLOW_APPLY_S,
        "requests": requests,
    }


async def memory_per_entry(sim: SimulatorInfo) -> dict[str, float]:
    """KiB still allocated after setup and a few polls, per entry type."""
    result: dict[str, float] = {}
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
        # Import and load everything once so only per-entry data is counted.
        warmup = senec_entry(sim)
        await _setup(hass, warmup)
        await hass.config_entries.async_unload(warmup.entry_id)
        await hass.config_entries.async_remove(warmup.entry_id)
        await hass.async_block_till_done()
        for name, make in (("senec", senec_entry), ("myenergi", myenergi_entry)):
            entry = make(sim)
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.take_snapshot()
            await _setup(hass, entry)
            runtime = entry.runtime_data
            coordinator = getattr(runtime, "status", runtime)
            for _ in range(3):
                await coordinator.async_refresh()
                await hass.async_block_till_done()
            gc.collect()
            after = tracemalloc.take_snapshot()
            tracemalloc.stop()
            diff = after.compare_to(before, "filename")
            total = sum(stat.size_diff for stat in diff)
            ours = sum(
                stat.size_diff
                for stat in diff
                if "senec_zappi" in stat.traceback[0].filename
            )
            result[f"{name}_kib"] = total / 1024
            result[f"{name}_own_code_kib"] = ours / 1024
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return result


async def run_all(sim: SimulatorInfo) -> dict[str, Any]:
    """Every Home Assistant measurement, with blocking-call detection on."""
    counter = BlockingCallCounter()
    logging.getLogger().addHandler(counter)
    block_async_io.enable()
    # A plain DNS resolver: the default one needs zeroconf and a network setup.
    resolver = patch(
        "homeassistant.helpers.aiohttp_client._async_make_resolver",
        side_effect=lambda _hass: AsyncResolver(),
    )
    try:
        with resolver:
            results: dict[str, Any] = {
                "senec_default": await senec_polls(sim, all_entities=False),
                "senec_all": await senec_polls(sim, all_entities=True),
                "zappi": await zappi_hour(sim),
                "memory": await memory_per_entry(sim),
                "zappi_actions": await zappi_actions(sim),
                "zappi_slow_command": await zappi_slow_command(sim),
            }
    finally:
        logging.getLogger().removeHandler(counter)
    results["blocking_calls"] = counter.messages
    return results
