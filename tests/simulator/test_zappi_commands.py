"""zappi commands on the simulator: cmt, delays, faults, and the plant's answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, time

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    ChargeMode,
    MyenergiAuthError,
    MyenergiClient,
    MyenergiCommandError,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiConnectionError,
    MyenergiRateLimitError,
    PhaseSetting,
    boost_command,
    min_green_command,
    mode_command,
    phase_setting_command,
    smart_boost_command,
    stop_boost_command,
)
from simulator.__main__ import parse_args
from simulator.config import Device, Fault, SimConfig
from simulator.faults import FaultBoard
from simulator.myenergi_payloads import zappi_status
from simulator.plant import ZAPPI_MAX_W, ZAPPI_MIN_W, Plant
from simulator.server import Simulator, run_simulator
from simulator.zappi import ECO, ECO_PLUS, FAST, STOP, ZappiSettings
from simulator.zappi_commands import ZappiCommands

pytestmark = pytest.mark.usefixtures("socket_enabled")

SERIAL = "16000001"
DELAY = 0.2  # the simulated zappi applies commands after this long
CONFIRM = (0.3, 0.5, 0.8)  # confirm_command offsets that see it applied


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def _local(hour: int, minute: int = 0) -> float:
    return datetime(2026, 6, 21, hour, minute).timestamp()


def _plant(hour: int, minute: int = 0) -> tuple[Plant, Clock]:
    clock = Clock(_local(hour, minute))
    plant = Plant(clock=clock)
    plant.car_need_wh = 15000.0  # a car that wants a charge
    return plant, clock


def _commands(hour: int = 22, delay: float = 2.0) -> tuple[ZappiCommands, Clock]:
    plant, clock = _plant(hour)
    return ZappiCommands(plant, SERIAL, command_delay=delay), clock


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimConfig(
        senec_https=False, command_delay=DELAY, slow_command_delay=2.0, retry_after=5
    )
    async with run_simulator(config) as running:
        yield running


def _client(sim: Simulator, session: aiohttp.ClientSession) -> MyenergiClient:
    return MyenergiClient(
        session,
        sim.config.hub_serial,
        sim.config.api_key,
        server_url=sim.myenergi_url,
        request_timeout=2.0,
    )


# The command timer and the delay, on a clock the test moves


def test_cmt_counts_down_then_done() -> None:
    commands, clock = _commands(delay=2.0)
    assert commands.command_timer() == 254
    answer = commands.answer(f"/cgi-zappi-mode-Z{SERIAL}-1-0-0-0000", Fault.NONE)
    assert answer == {"status": 0, "statustext": ""}
    start = clock.now
    seen = []
    for step in range(0, 20, 2):  # every 0.2 s for 2 s
        clock.now = start + step / 10
        seen.append(commands.command_timer())
        assert commands.plant.zappi.mode == ECO_PLUS  # not applied yet
    assert seen == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    clock.now = start + 2.0
    assert commands.command_timer() == 254
    assert commands.plant.zappi.mode == FAST


def test_command_while_pending_is_busy() -> None:
    commands, clock = _commands()
    assert commands.answer(f"/cgi-zappi-mode-Z{SERIAL}-2-0-0-0000", Fault.NONE) == {
        "status": 0,
        "statustext": "",
    }
    busy = commands.answer(f"/cgi-set-min-green-Z{SERIAL}-50", Fault.NONE)
    assert busy["status"] == -26
    clock.now += 2.0
    assert commands.answer(f"/cgi-set-min-green-Z{SERIAL}-50", Fault.NONE) == {
        "mgl": 50
    }
    assert commands.plant.zappi.mode == ECO
    assert commands.plant.zappi.min_green == 100  # applied 2 s later
    clock.now += 2.0
    commands.tick()
    assert commands.plant.zappi.min_green == 50


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (f"/cgi-set-min-green-Z{SERIAL}-101", -25),
        ("/cgi-set-min-green-Z99-10", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-5-0-0-0000", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-1-0-10-0000", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-0-10-0-0000", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-0-10-100-0000", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-0-10-5-0700", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-0-11-5-2460", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-0-7-0-0000", -14),
        (f"/cgi-zappi-mode-Z{SERIAL}-0-2-1-0000", -14),
        ("/cgi-zappi-mode-Z99-1-0-0-0000", -14),
        (f"/cgi-zappi-phase-setting-Z{SERIAL}-3", -14),
    ],
)
def test_bad_commands_are_refused(path: str, code: int) -> None:
    commands, _ = _commands()
    assert commands.is_command(path)
    assert commands.answer(path, Fault.NONE) == {"status": code, "statustext": ""}
    assert commands.pending is None
    assert commands.plant.zappi.mode == ECO_PLUS


def test_reads_are_no_commands() -> None:
    commands, _ = _commands()
    for path in ("/cgi-jstatus-Z", f"/cgi-jdayhour-Z{SERIAL}-2026-6-21", "/x"):
        assert not commands.is_command(path)


def test_zero_delay_applies_at_once() -> None:
    commands, _ = _commands(delay=0.0)
    commands.answer(f"/cgi-zappi-phase-setting-Z{SERIAL}-1", Fault.NONE)
    assert commands.plant.zappi.phase_setting == "THREE_PHASE"
    assert commands.command_timer() == 254


# What the modes and boosts do to the simulated home


def test_modes_at_night_with_a_car_plugged() -> None:
    plant, _ = _plant(22)
    settings = plant.zappi
    assert plant.advance().zappi_w == 0.0  # Eco+, no sun: waits
    settings.set_mode(FAST)
    fast = plant.advance()
    assert fast.zappi_w == ZAPPI_MAX_W
    assert fast.grid_w > ZAPPI_MAX_W / 2  # from the grid (and some battery)
    settings.set_mode(ECO)
    assert plant.advance().zappi_w == ZAPPI_MIN_W  # Eco: at least the minimum
    settings.set_mode(STOP)
    stopped = plant.advance()
    assert stopped.zappi_w == 0.0
    assert zappi_status(stopped, SERIAL, settings)["pst"] == "B2"
    settings.set_mode(ECO_PLUS)
    settings.min_green = 0  # Eco+ still needs some surplus to start
    assert plant.advance().zappi_w == 0.0


@pytest.mark.parametrize(
    ("mode", "min_green", "surplus", "power"),
    [
        (ECO_PLUS, 100, 1399.0, 0.0),
        (ECO_PLUS, 100, 1400.0, 1400.0),
        (ECO_PLUS, 100, 3000.0, 3000.0),
        (ECO_PLUS, 50, 700.0, 1400.0),  # half green, half from the grid
        (ECO_PLUS, 50, 699.0, 0.0),
        (ECO_PLUS, 0, 0.0, 1400.0),
        (ECO_PLUS, 0, -1.0, 0.0),
        (ECO, 100, -500.0, 1400.0),
        (ECO, 100, 9000.0, ZAPPI_MAX_W),
        (FAST, 100, -500.0, ZAPPI_MAX_W),
        (STOP, 0, 9000.0, 0.0),
    ],
)
def test_charge_power_by_mode_and_min_green(
    mode: int, min_green: int, surplus: float, power: float
) -> None:
    settings = ZappiSettings(mode=mode, min_green=min_green)
    assert settings.charge_power(
        12.0, car_wants=True, surplus=surplus, min_w=ZAPPI_MIN_W, max_w=ZAPPI_MAX_W
    ) == (power, False)
    assert settings.charge_power(
        12.0, car_wants=False, surplus=surplus, min_w=ZAPPI_MIN_W, max_w=ZAPPI_MAX_W
    ) == (0.0, False)


def test_fast_does_not_charge_a_full_car_or_an_absent_one() -> None:
    plant, clock = _plant(22)
    plant.zappi.set_mode(FAST)
    plant.car_need_wh = 0.0
    assert plant.advance().zappi_w == 0.0
    clock.now = _local(9) + 86400  # next morning: the car is away 08:00-10:00
    assert not plant.advance().plugged
    assert plant.advance().zappi_w == 0.0


def test_stop_at_noon_sends_the_surplus_elsewhere() -> None:
    plant, _ = _plant(13)
    eco_plus = plant.advance()
    assert eco_plus.zappi_w > 0  # the sun charges the car
    plant.zappi.set_mode(STOP)
    stopped = plant.advance()
    assert stopped.zappi_w == 0.0
    assert stopped.grid_w < eco_plus.grid_w  # more export, less import


def test_manual_boost_in_eco_plus_runs_until_done() -> None:
    plant, clock = _plant(22)
    plant.zappi.start_boost(2)
    snap = plant.advance()
    assert snap.zappi_w == ZAPPI_MAX_W
    assert snap.zappi_boosting
    status = zappi_status(snap, SERIAL, plant.zappi)
    assert (status["sta"], status["bsm"], status["tbk"]) == (4, 1, 2)
    clock.now += 30 * 60  # 2 kWh at 7.36 kW take about 16 minutes
    done = plant.advance()
    assert not done.zappi_boosting
    assert done.zappi_w == 0.0  # back to Eco+ at night
    assert zappi_status(done, SERIAL, plant.zappi)["bsm"] == 0
    assert plant.session_wh >= 2000.0


@pytest.mark.parametrize("mode", [FAST, STOP])
def test_boost_in_fast_or_stop_does_nothing(mode: int) -> None:
    plant, _ = _plant(22)
    plant.zappi.set_mode(mode)
    plant.zappi.start_boost(10)
    plant.zappi.start_smart_boost(10, 7, 0)
    snap = plant.advance()
    assert not snap.zappi_boosting
    status = zappi_status(snap, SERIAL, plant.zappi)
    assert (status["tbk"], status["sbk"], status["bsm"], status["bss"]) == (5, 5, 0, 0)


def test_switching_to_fast_ends_a_boost_and_stop_boost_ends_it() -> None:
    plant, _ = _plant(22)
    plant.zappi.start_boost(10)
    plant.zappi.set_mode(FAST)
    assert plant.zappi.manual_left_wh == 0.0
    plant.zappi.set_mode(ECO)
    plant.zappi.start_boost(10)
    plant.zappi.start_smart_boost(10, 7, 0)
    plant.zappi.stop_boost()
    snap = plant.advance()
    assert not snap.zappi_boosting
    assert snap.zappi_w == ZAPPI_MIN_W


def test_smart_boost_charges_late_enough_to_be_ready() -> None:
    plant, clock = _plant(22)
    plant.zappi.start_smart_boost(7, 1, 0)  # 7 kWh by 01:00: about 57 min of charge
    status = zappi_status(plant.advance(), SERIAL, plant.zappi)
    assert (status["sbk"], status["sbh"], status["sbm"], status["bss"]) == (7, 1, 0, 1)
    assert plant.advance().zappi_w == 0.0  # not yet: 3 h before
    clock.now = _local(23, 30)
    assert plant.advance().zappi_w == 0.0
    clock.now = _local(0, 10) + 86400
    assert plant.advance().zappi_boosting
    clock.now = _local(1, 0) + 86400
    snap = plant.advance()
    assert not snap.zappi_boosting
    assert plant.zappi.smart_left_wh == 0.0  # done by 01:00
    assert zappi_status(snap, SERIAL, plant.zappi)["bss"] == 0


# Over HTTP, with the integration's client


async def test_mode_command_confirmed(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    sent = await client.send_command(SERIAL, mode_command(ChargeMode.STOP))
    pending = await client.get_zappi(SERIAL)
    assert pending.command_pending
    assert pending.charge_mode is ChargeMode.ECO_PLUS
    status = await client.confirm_command(sent, offsets=CONFIRM)
    assert (status.charge_mode, status.command_timer) == (ChargeMode.STOP, 254)
    assert status.charge_power_w == 0
    assert sim.state.plant.advance().zappi_w == 0.0


async def test_min_green_and_phase_setting(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    (before,) = await client.get_zappis()
    assert before.phase_setting is PhaseSetting.SINGLE_PHASE
    assert "phaseSetting" in before.present_fields
    # The answer echoes 40.
    status = await client.send_confirmed(SERIAL, min_green_command(40), offsets=CONFIRM)
    assert status.min_green_level == 40
    status = await client.send_confirmed(
        SERIAL, phase_setting_command(PhaseSetting.AUTO), offsets=CONFIRM
    )
    assert status.phase_setting is PhaseSetting.AUTO


async def test_boosts_over_http(sim: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(sim, session)
    status = await client.send_confirmed(
        SERIAL, smart_boost_command(12, time(6, 45)), offsets=CONFIRM
    )
    assert status.raw["bss"] == 1
    status = await client.send_confirmed(SERIAL, boost_command(8), offsets=CONFIRM)
    assert status.manual_boost_kwh == 8
    status = await client.send_confirmed(SERIAL, stop_boost_command(), offsets=CONFIRM)
    assert (status.raw["bsm"], status.raw["bss"]) == (0, 0)
    # In Fast mode a boost is taken (254) and silently does nothing.
    await client.send_confirmed(SERIAL, mode_command(ChargeMode.FAST), offsets=CONFIRM)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.send_confirmed(SERIAL, boost_command(20), offsets=CONFIRM)
    assert err.value.last_status is not None
    assert err.value.last_status.command_timer == 254
    assert err.value.last_status.manual_boost_kwh == 8


async def test_second_command_too_soon_is_busy(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    await client.set_charge_mode(SERIAL, ChargeMode.ECO)
    with pytest.raises(MyenergiCommandError) as err:
        await client.set_min_green_level(SERIAL, 20)
    assert err.value.code == MyenergiCommandError.BUSY


@pytest.mark.parametrize(
    ("fault", "code"),
    [(Fault.ZAPPI_BUSY, -26), (Fault.ZAPPI_BAD_PARAMETER, -14)],
)
async def test_refusing_faults(
    sim: Simulator, session: aiohttp.ClientSession, fault: Fault, code: int
) -> None:
    client = _client(sim, session)
    sim.set_fault(Device.MYENERGI, fault)
    for command in (
        client.set_charge_mode(SERIAL, ChargeMode.FAST),
        client.set_min_green_level(SERIAL, 50),
        client.start_boost(SERIAL, 5),
        client.set_phase_setting(SERIAL, PhaseSetting.AUTO),
    ):
        with pytest.raises(MyenergiCommandError) as err:
            await command
        assert err.value.code == code
    (zappi,) = await client.get_zappis()  # reads stay healthy
    assert (zappi.charge_mode, zappi.min_green_level) == (ChargeMode.ECO_PLUS, 100)
    assert sim.state.zappi.pending is None


async def test_never_applied(sim: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(sim, session)
    sim.set_fault(Device.MYENERGI, Fault.ZAPPI_NEVER_APPLIED)
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.send_confirmed(
            SERIAL, mode_command(ChargeMode.FAST), offsets=CONFIRM
        )
    last = err.value.last_status
    assert last is not None
    assert (last.command_timer, last.charge_mode) == (255, ChargeMode.ECO_PLUS)


async def test_slow_apply(sim: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(sim, session)
    sim.set_fault(Device.MYENERGI, Fault.ZAPPI_SLOW_APPLY)
    sent = await client.send_command(SERIAL, mode_command(ChargeMode.ECO))
    with pytest.raises(MyenergiCommandNotConfirmedError) as err:
        await client.confirm_command(sent, offsets=CONFIRM)
    assert err.value.last_status is not None
    assert err.value.last_status.command_pending  # still counting after 0.8 s
    status = await client.confirm_command(sent, offsets=(0.5, 1.0, 1.5, 2.5))
    assert status.charge_mode is ChargeMode.ECO  # applied after 2 s


async def test_rejected(sim: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(sim, session)
    sim.set_fault(Device.MYENERGI, Fault.ZAPPI_REJECTED)
    with pytest.raises(MyenergiCommandRejectedError) as err:
        await client.send_confirmed(SERIAL, min_green_command(30), offsets=CONFIRM)
    assert err.value.last_status is not None
    assert err.value.last_status.command_timer == 253
    assert err.value.last_status.min_green_level == 100


async def test_commands_share_the_read_faults_and_auth(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    sim.set_fault(Device.MYENERGI, Fault.HTTP_500)
    with pytest.raises(MyenergiConnectionError):
        await client.stop_boost(SERIAL)
    sim.set_fault(Device.MYENERGI, Fault.RATE_LIMITED)
    with pytest.raises(MyenergiRateLimitError) as limited:
        await client.stop_boost(SERIAL)
    assert limited.value.retry_after == 5
    sim.set_fault(Device.MYENERGI, Fault.NONE)
    wrong = MyenergiClient(
        session, sim.config.hub_serial, "wrong", server_url=sim.myenergi_url
    )
    with pytest.raises(MyenergiAuthError):
        await wrong.set_charge_mode(SERIAL, ChargeMode.STOP)
    with pytest.raises(MyenergiRateLimitError):  # still waiting the 5 s asked
        await client.stop_boost(SERIAL)
    assert sim.state.zappi.received == []  # nothing got through to the zappi
    await _client(sim, session).stop_boost(SERIAL)
    assert sim.state.zappi.received == [f"/cgi-zappi-mode-Z{SERIAL}-0-2-0-0000"]


async def test_control_endpoint_sets_the_delay(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        url = sim.control_url + "/_sim"
        async with session.post(
            url + "/zappi", json={"command_delay": 0.5, "slow_command_delay": 4}
        ) as response:
            assert response.status == 200
            state = await response.json()
        assert state["zappi"]["command_delay"] == 0.5
        assert state["zappi"]["slow_command_delay"] == 4.0
        assert state["zappi"]["mode"] == ECO_PLUS
        assert state["zappi"]["cmt"] == 254
        assert sim.state.zappi.command_delay == 0.5
        for bad in (
            {"command_delay": -1},
            {"colour": 1},
            {},
            [],
            {"command_delay": "x"},
        ):
            async with session.post(url + "/zappi", json=bad) as response:
                assert response.status == 400
        assert sim.state.zappi.command_delay == 0.5
        async with session.post(
            url + "/fault", json={"device": "myenergi", "fault": "zappi_rejected"}
        ) as response:
            assert (await response.json())["faults"]["myenergi"]["fault"] == (
                "zappi_rejected"
            )


def test_command_line_and_myenergi_only_faults() -> None:
    config = parse_args(
        [
            "--command-delay",
            "0.5",
            "--slow-command-delay",
            "3",
            "--fault",
            "myenergi=zappi_busy",
        ]
    )
    assert (config.command_delay, config.slow_command_delay) == (0.5, 3.0)
    assert config.faults == {Device.MYENERGI: Fault.ZAPPI_BUSY}
    assert parse_args([]).command_delay == 2.0
    with pytest.raises(SystemExit):
        parse_args(["--fault", "senec=zappi_rejected"])
    with pytest.raises(ValueError, match="myenergi"):
        FaultBoard().set(Device.SENEC, Fault.ZAPPI_SLOW_APPLY)


# What real zappis show (issue 21): options of the simulator, off by default


def test_quiet_pending_keeps_the_old_cmt_until_applied() -> None:
    commands, clock = _commands(delay=90.0)
    commands.cmt, commands.quiet_pending = 253, True  # a failure long ago
    commands.answer(f"/cgi-zappi-mode-Z{SERIAL}-2-0-0-0000", Fault.NONE)
    start = clock.now
    for seconds in (0.0, 30.0, 89.0):
        clock.now = start + seconds
        assert commands.command_timer() == 253
        assert commands.plant.zappi.mode == ECO_PLUS
    clock.now = start + 90.0
    assert commands.command_timer() == 254
    assert commands.plant.zappi.mode == ECO


def test_lost_command_changes_nothing() -> None:
    commands, _clock = _commands()
    answer = commands.answer(f"/cgi-zappi-mode-Z{SERIAL}-0-10-5-0000", Fault.ZAPPI_LOST)
    assert answer == {"status": 0, "statustext": ""}
    assert commands.pending is None
    assert commands.command_timer() == 254
    assert commands.plant.zappi.manual_left_wh == 0.0


def test_zero_fields_left_out_and_sta_4_in_fast() -> None:
    plant, _clock = _plant(22)
    plant.zappi.set_mode(FAST)
    plant.zappi.smart_boost_at = (0, 30)
    plant.zappi.min_green = 0
    plain = zappi_status(plant.advance(), SERIAL, plant.zappi)
    assert (plain["sbh"], plain["mgl"], plain["bsm"]) == (0, 0, 0)
    real = zappi_status(
        plant.advance(), SERIAL, plant.zappi, omit_zero=True, sta_4_in_fast=True
    )
    assert not {"sbh", "mgl", "bsm", "bss", "bst"} & real.keys()
    assert real["sbm"] == 30
    assert real["sta"] == 4  # Fast mode, no boost


def test_options_on_the_command_line() -> None:
    config = parse_args(
        [
            "--command-delay",
            "90",
            "--zappi-cmt-at-rest",
            "253",
            "--zappi-quiet-pending",
            "--zappi-omit-zero",
            "--zappi-sta-4-in-fast",
            "--fault",
            "myenergi=asn_undefined",
        ]
    )
    assert config.command_delay == 90.0
    assert config.zappi_cmt_at_rest == 253
    assert config.zappi_quiet_pending
    assert config.zappi_omit_zero
    assert config.zappi_sta_4_in_fast
    assert config.faults[Device.MYENERGI] is Fault.ASN_UNDEFINED
    defaults = parse_args([])
    assert defaults.zappi_cmt_at_rest == 254
    assert not defaults.zappi_quiet_pending
    assert not defaults.zappi_omit_zero
    assert not defaults.zappi_sta_4_in_fast


async def test_stale_253_over_http(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """A 253 at rest and a quiet countdown: still confirmed once applied."""
    sim.state.zappi.cmt, sim.state.zappi.quiet_pending = 253, True
    client = _client(sim, session)
    status = await client.send_confirmed(
        SERIAL, mode_command(ChargeMode.ECO), offsets=CONFIRM
    )
    assert (status.charge_mode, status.command_timer) == (ChargeMode.ECO, 254)


async def test_undefined_asn_over_http(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    client = _client(sim, session)
    await client.get_zappis()
    server = client.active_server
    sim.set_fault(Device.MYENERGI, Fault.ASN_UNDEFINED)
    await client.get_zappis()
    await client.get_zappis()  # still the hub's server, not "undefined"
    assert client.active_server == server


async def test_control_endpoint_sets_zappi_behaviours(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    url = f"{sim.control_url}/_sim/zappi"
    body = {"cmt": 253, "omit_zero": True, "sta_4_in_fast": True, "quiet_pending": True}
    async with session.post(url, json=body) as response:
        assert response.status == 200
        zappi = (await response.json())["zappi"]
    assert zappi["cmt"] == 253
    assert (zappi["omit_zero"], zappi["sta_4_in_fast"], zappi["quiet_pending"]) == (
        True,
        True,
        True,
    )
    for bad in ({"cmt": 7}, {"omit_zero": 1}, {"colour": "red"}):
        async with session.post(url, json=bad) as response:
            assert response.status == 400


async def test_clock_moves_ahead_for_a_slow_zappi(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """A zappi that applies after 90 s, without waiting 90 s: the clock jumps."""
    sim.state.zappi.command_delay = 90.0
    client = _client(sim, session)
    sent = await client.send_command(SERIAL, mode_command(ChargeMode.ECO))
    url = f"{sim.control_url}/_sim/clock"
    async with session.post(url, json={"advance": 89}) as response:
        assert response.status == 200
    with pytest.raises(MyenergiCommandNotConfirmedError):
        await client.confirm_command(sent, offsets=(0.0,))
    async with session.post(url, json={"advance": 1.5}) as response:
        assert (await response.json())["clock_offset"] == 90.5
    status = await client.confirm_command(sent, offsets=(0.0,))
    assert status.charge_mode is ChargeMode.ECO
    async with session.post(url, json={"advance": -1}) as response:
        assert response.status == 400
