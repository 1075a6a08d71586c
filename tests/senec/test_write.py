"""SenecClient writes against a fake unit on 127.0.0.1 (real HTTP)."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import aiohttp
import pytest

from custom_components.senec_zappi.senec import (
    RestartGuard,
    Scheme,
    SenecClient,
    SenecConnectionError,
    SenecInvalidAnswerError,
    SenecSessionError,
    SenecTimeoutError,
    SenecWriteError,
    SenecWriteNotEchoedError,
    SenecWriteRefusedError,
    WriteFailure,
    decode_value,
    own_charge_running,
    safe_charge_running,
    socket_disabled_unpowered,
)
from tests.conftest import load_json

from .fake_unit import FakeUnit, Running, is_write, serve

pytestmark = pytest.mark.usefixtures("socket_enabled")

FULL = load_json("senec_full.json")
SAFE_CHARGE_ALONG = {
    "SAFE_CHARGE_RUNNING": "",
    "LI_STORAGE_MODE_START": "",
    "LI_STORAGE_MODE_STOP": "",
    "LI_STORAGE_MODE_RUNNING": "",
}


def _values() -> dict[str, Any]:
    values: dict[str, Any] = copy.deepcopy(FULL)
    values["SYS_UPDATE"]["BOOT_REPORT_SUCCESS"] = "u8_01"
    return values


def _client(session: aiohttp.ClientSession, running: Running, **kw: Any) -> SenecClient:
    return SenecClient(session, running.host, scheme=Scheme.HTTP, **kw)


async def test_start_and_stop_safe_charge(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        answer = await client.start_safe_charge()
        # handshake, the key's type read first, then the write in one request
        assert unit.bodies[1] == {"ENERGY": {"SAFE_CHARGE_FORCE": ""}}
        assert unit.bodies[2] == {
            "ENERGY": {
                "SAFE_CHARGE_FORCE": "u8_01",
                "SAFE_CHARGE_PROHIBIT": "",
                **SAFE_CHARGE_ALONG,
            }
        }
        assert unit.values["ENERGY"]["SAFE_CHARGE_FORCE"] == "u8_01"
        assert answer.sections["ENERGY"]["SAFE_CHARGE_FORCE"] == 1
        assert set(answer.sections["ENERGY"]) == {
            "SAFE_CHARGE_FORCE",
            "SAFE_CHARGE_PROHIBIT",
            *SAFE_CHARGE_ALONG,
        }
        sent = len(unit.bodies)
        await client.stop_safe_charge()
        # PROHIBIT's type is not known yet: read once; FORCE is now read along
        assert unit.bodies[sent:] == [
            {"ENERGY": {"SAFE_CHARGE_PROHIBIT": ""}},
            {
                "ENERGY": {
                    "SAFE_CHARGE_PROHIBIT": "u8_01",
                    "SAFE_CHARGE_FORCE": "",
                    **SAFE_CHARGE_ALONG,
                }
            },
        ]
        sent = len(unit.bodies)
        await client.start_safe_charge()
        assert len(unit.bodies) == sent + 1  # the type is kept for the session
    assert unit.handshakes == 1


async def test_write_is_sent_the_way_the_web_page_sends_it(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(_values())
    async with serve(unit, tls=True) as running:
        client = SenecClient(session, running.host)
        await client.start_safe_charge()
        read, write = unit.seen[1], unit.seen[2]
    assert read.content_type == "application/json"
    assert "X-Requested-With" not in read.headers
    assert write.content_type == "application/x-www-form-urlencoded"
    assert write.headers["X-Requested-With"] == "XMLHttpRequest"
    assert write.headers["Origin"] == f"https://{running.host}"
    assert write.headers["Referer"] == f"https://{running.host}/"
    assert write.cookie == unit.cookie_value
    # the JSON text itself is the body, not a form field
    assert write.body["ENERGY"]["SAFE_CHARGE_FORCE"] == "u8_01"


@pytest.mark.parametrize(
    ("stored", "value", "wire"),
    [
        ("u8_00", 5, "u8_05"),
        ("u1_0000", 5, "u1_0005"),
        ("u3_00000000", 5, "u3_00000005"),
        ("i3_FFFFFFFF", -5, "i3_FFFFFFFB"),
        ("fl_00000000", 5, "fl_40A00000"),
        ("fl_42C80000", 70.5, "fl_428D0000"),
        ("st_old", "new", "st_new"),
    ],
)
async def test_value_goes_out_in_the_units_own_type(
    session: aiohttp.ClientSession, stored: str, value: object, wire: str
) -> None:
    unit = FakeUnit({"TEST": {"KEY": stored, "OTHER": "u8_07"}})
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        answer = await client.write("TEST", {"KEY": value}, read_along=["OTHER"])  # type: ignore[dict-item]
    assert unit.writes == [{"TEST": {"KEY": wire, "OTHER": ""}}]
    assert unit.values["TEST"]["KEY"] == wire
    assert answer.sections["TEST"] == {"KEY": decode_value(wire), "OTHER": 7}


WRONG_KIND = WriteFailure.INVALID_VALUE
TOO_LARGE = WriteFailure.OUT_OF_RANGE


@pytest.mark.parametrize(
    ("stored", "value", "reason"),
    [
        ("u8_00", 1.5, WRONG_KIND),
        ("u8_00", 256, TOO_LARGE),
        ("u8_00", -1, TOO_LARGE),
        ("i8_00", 128, TOO_LARGE),
        ("fl_00000000", 1e40, TOO_LARGE),
        ("u8_00", True, WRONG_KIND),
        ("u8_00", "1", WRONG_KIND),
        ("u8_00", [1], WRONG_KIND),
        ("fl_00000000", "x", WRONG_KIND),
        ("st_x", 3, WRONG_KIND),
        (["u8_00", "u8_00"], 1, WRONG_KIND),
        (["u8_00", "u8_00"], [1, 1, 1], TOO_LARGE),
        (["u8_00", "u8_00"], [None, None], WRONG_KIND),
    ],
)
async def test_value_that_does_not_fit_is_not_sent(
    session: aiohttp.ClientSession,
    stored: object,
    value: object,
    reason: WriteFailure,
) -> None:
    """Out of range (too large for the type) and wrong kind are told apart."""
    unit = FakeUnit({"TEST": {"KEY": stored}})
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        with pytest.raises(SenecWriteError) as err:
            await client.write("TEST", {"KEY": value})  # type: ignore[dict-item]
    assert err.value.reason is reason
    assert (err.value.section, err.value.key) == ("TEST", "KEY")
    assert unit.writes == []


@pytest.mark.parametrize(
    ("stored", "error", "reason"),
    [
        ("VARIABLE_NOT_FOUND", SenecWriteError, WriteFailure.UNKNOWN_TYPE),
        ("er_", SenecWriteError, WriteFailure.UNKNOWN_TYPE),
        ("zz_0001", SenecWriteError, WriteFailure.UNKNOWN_TYPE),
        (["u8_00", "fl_00000000"], SenecWriteError, WriteFailure.UNKNOWN_TYPE),
        ("FORBIDDEN", SenecWriteRefusedError, WriteFailure.REFUSED),
    ],
)
async def test_no_type_no_write(
    session: aiohttp.ClientSession,
    stored: object,
    error: type[SenecWriteError],
    reason: WriteFailure,
) -> None:
    """The type is never guessed: without one from the unit nothing is written."""
    unit = FakeUnit({"TEST": {"KEY": stored}})
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        with pytest.raises(error) as err:
            await client.write("TEST", {"KEY": 1})
        assert err.value.reason is reason
        with pytest.raises(SenecWriteError, match="no section"):
            await client.write("NO_SUCH_SECTION", {"KEY": 1})
        # the session survived the refusals
        assert (await client.read({"TEST": ["KEY"]})).sections["TEST"]
    assert unit.writes == []
    assert unit.handshakes == 1


async def test_forbidden_write(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values(), forbidden={("ENERGY", "SAFE_CHARGE_FORCE")})
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        with pytest.raises(SenecWriteRefusedError) as err:
            await client.start_safe_charge()
    assert err.value.reason is WriteFailure.REFUSED
    assert err.value.sentinel == "FORBIDDEN"
    assert err.value.key == "SAFE_CHARGE_FORCE"
    assert "127.0.0.1" not in str(err.value)
    assert unit.values["ENERGY"]["SAFE_CHARGE_FORCE"] == "u8_00"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ("VARIABLE_NOT_FOUND", SenecWriteRefusedError),
        ("MALFORMED_VALUE", SenecWriteRefusedError),
        ("FILE_VARIABLE_NOT_READABLE", SenecWriteRefusedError),
        ("er_", SenecWriteRefusedError),
        ("u8_00", SenecWriteNotEchoedError),  # the old value: not taken
        ("u8_02", SenecWriteNotEchoedError),
        ("", SenecWriteNotEchoedError),
        (["u8_01"], SenecWriteNotEchoedError),
        (None, SenecWriteNotEchoedError),
    ],
)
async def test_echo_must_match_what_was_written(
    session: aiohttp.ClientSession, answer: object, error: type[SenecWriteError]
) -> None:
    unit = FakeUnit(_values(), write_answers={("ENERGY", "SAFE_CHARGE_FORCE"): answer})
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        with pytest.raises(error) as err:
            await client.start_safe_charge()
    assert err.value.key == "SAFE_CHARGE_FORCE"
    expected = (
        WriteFailure.REFUSED
        if error is SenecWriteRefusedError
        else WriteFailure.NOT_ECHOED
    )
    assert err.value.reason is expected


async def test_echo_missing_key_or_section(session: aiohttp.ClientSession) -> None:
    class Forgetful(FakeUnit):
        def apply_write(self, body: dict[str, Any]) -> dict[str, Any]:
            super().apply_write(body)
            return {}

    unit = Forgetful(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        original = unit.answer_for

        def no_force(body: dict[str, Any]) -> dict[str, Any]:
            answer = original(body)
            if any(v != "" for v in body.get("ENERGY", {}).values()):
                del answer["ENERGY"]["SAFE_CHARGE_FORCE"]
            return answer

        unit.answer_for = no_force  # type: ignore[method-assign]
        with pytest.raises(SenecWriteNotEchoedError, match="SAFE_CHARGE_FORCE"):
            await client.start_safe_charge()


async def test_socket_force_on_per_index(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        answer = await client.set_socket_force_on(1, True)
        assert unit.writes[-1] == {
            "SOCKETS": {"FORCE_ON": ["", "u8_01"], "ENABLE": "", "POWER_ON": ""}
        }
        assert unit.values["SOCKETS"]["FORCE_ON"] == ["u8_00", "u8_01"]
        assert answer.sections["SOCKETS"]["ENABLE"] == [0, 0]
        await client.set_socket_force_on(0, True)
        await client.set_socket_force_on(1, False)
        assert unit.values["SOCKETS"]["FORCE_ON"] == ["u8_01", "u8_00"]
        assert unit.writes[-1]["SOCKETS"]["FORCE_ON"] == ["", "u8_00"]
        for index in (2, -1):
            with pytest.raises(SenecWriteError) as err:
                await client.set_socket_force_on(index, True)
            assert err.value.reason is WriteFailure.OUT_OF_RANGE
        assert len(unit.writes) == 3


@pytest.mark.parametrize(
    ("echo", "error"),
    [
        (["u8_00", "u8_00"], SenecWriteNotEchoedError),
        (["u8_00"], SenecWriteNotEchoedError),
        ("u8_01", SenecWriteNotEchoedError),
        (["", "FORBIDDEN"], SenecWriteRefusedError),
        ("FORBIDDEN", SenecWriteRefusedError),
        # slots left alone may come back as anything
        (["u8_05", "u8_01"], None),
        (["", "u8_01", "st_END_OF_ARRAY"], None),
    ],
)
async def test_socket_echo(
    session: aiohttp.ClientSession, echo: object, error: type[SenecWriteError] | None
) -> None:
    unit = FakeUnit(_values(), write_answers={("SOCKETS", "FORCE_ON"): echo})
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        if error is None:
            answer = await client.set_socket_force_on(1, True)
            assert answer.sections["SOCKETS"]["FORCE_ON"][1] == 1  # type: ignore[index]
        else:
            with pytest.raises(error):
                await client.set_socket_force_on(1, True)


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("hang", SenecTimeoutError),
        ("reset", SenecConnectionError),
        ("http_500", SenecInvalidAnswerError),
        ("truncated", SenecInvalidAnswerError),
    ],
)
async def test_write_interrupted(
    session: aiohttp.ClientSession, fault: str, error: type[Exception]
) -> None:
    unit = FakeUnit(_values(), hang_seconds=1.0)
    async with serve(unit, tls=False) as running:
        client = _client(session, running, request_timeout=0.3)
        await client.read({"ENERGY": ["STAT_STATE"]})
        unit.write_fault = fault
        with pytest.raises(error) as err:
            await client.start_safe_charge()
        assert not isinstance(err.value, SenecWriteError)
        unit.write_fault = None
        # after a broken exchange the next request starts a new session
        await client.read({"ENERGY": ["STAT_STATE"]})
        assert unit.handshakes == 2
    # nothing was retried behind the caller's back
    assert sum(1 for body in unit.bodies if is_write(body)) == 1


async def test_write_size_cap(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values())
    along = list(FULL["ENERGY"])
    async with serve(unit, tls=False) as running:
        client = _client(session, running, max_body_bytes=600)
        with pytest.raises(SenecWriteError) as err:
            await client.write("ENERGY", {"SAFE_CHARGE_FORCE": 1}, read_along=along)
        assert err.value.reason is WriteFailure.TOO_LARGE
        assert unit.writes == []
        # a write that fits goes out whole, in one request, never split
        fits = along[:12]
        body = {"ENERGY": {"SAFE_CHARGE_FORCE": "u8_01", **dict.fromkeys(fits, "")}}
        size = len(json.dumps(body, separators=(",", ":")))
        assert size <= 600
        client.max_body_bytes = size
        await client.write("ENERGY", {"SAFE_CHARGE_FORCE": 1}, read_along=fits)
    assert unit.writes == [body]


async def test_writes_and_reads_never_overlap(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        await asyncio.gather(
            client.start_safe_charge(),
            client.read({"ENERGY": ["STAT_STATE"]}),
            client.set_socket_force_on(0, True),
            client.read({"ENERGY": ["STAT_STATE"]}),
            client.stop_safe_charge(),
        )
    assert unit.max_in_flight == 1
    assert len(unit.writes) == 3


async def test_restart_drops_the_session(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        await client.read({"ENERGY": ["STAT_STATE"]})
        answer = await client.restart()
        assert unit.writes == [
            {"SYS_UPDATE": {"USER_REBOOT_DEVICE": "u8_01", "BOOT_REPORT_SUCCESS": ""}}
        ]
        assert answer.sections["SYS_UPDATE"]["BOOT_REPORT_SUCCESS"] == 1
        assert unit.reboots == 1
        assert not [c for c in session.cookie_jar if c.key == "senec-homev3-gui"]
        seen = len(unit.seen)
        await client.read({"ENERGY": ["STAT_STATE"]})
        # straight to a new handshake, without the old cookie
        assert unit.handshakes == 2
        assert unit.seen[seen].body["FACTORY"] == {
            "SYS_TYPE": "",
            "COUNTRY": "",
            "DEVICE_ID": "",
        }
        assert unit.seen[seen].cookie is None
        assert len(unit.seen) == seen + 2
        # be sparing: a second restart right away is refused without a request
        with pytest.raises(SenecWriteError) as err:
            await client.restart()
        assert err.value.reason is WriteFailure.TOO_SOON
        assert unit.reboots == 1
        assert len(unit.seen) == seen + 2


async def test_restart_after_interval_and_lost_answer(
    session: aiohttp.ClientSession,
) -> None:
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running, restart_interval=0.0)
        await client.restart()
        unit.write_fault = "reset"  # the unit goes down before it answers
        assert await client.restart() is None  # under way all the same
        assert unit.reboots == 2
        unit.write_fault = None
        await client.read({"ENERGY": ["STAT_STATE"]})
    assert unit.handshakes == 3


@pytest.mark.parametrize("image", ["u1_0967", "VARIABLE_NOT_FOUND"])
async def test_restart_needs_npu_image_2408(
    session: aiohttp.ClientSession, image: str
) -> None:
    values = _values()
    values["SYS_UPDATE"]["NPU_IMAGE_VERSION"] = image  # 0x967 = 2407
    unit = FakeUnit(values)
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        with pytest.raises(SenecWriteError) as err:
            await client.restart()
        assert err.value.reason is WriteFailure.UNSUPPORTED
        values["SYS_UPDATE"]["NPU_IMAGE_VERSION"] = "u1_0968"
        await client.restart()
    assert unit.reboots == 1


async def test_write_after_unit_restarted_by_itself(
    session: aiohttp.ClientSession,
) -> None:
    """A refused session ({} or 403) during a write: one handshake, then on."""
    for refusal in ("empty", "403"):
        unit = FakeUnit(_values(), refusal=refusal)
        async with serve(unit, tls=False) as running:
            client = _client(session, running)
            await client.start_safe_charge()
            unit.reboot()
            await client.stop_safe_charge()
            assert unit.handshakes == 2
            assert unit.values["ENERGY"]["SAFE_CHARGE_PROHIBIT"] == "u8_01"
        session.cookie_jar.clear()


async def test_write_refused_session_persists(session: aiohttp.ClientSession) -> None:
    unit = FakeUnit(_values(), refusal="empty", sets_cookie=False)
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        with pytest.raises(SenecSessionError, match="none of the sections"):
            await client.start_safe_charge()
    assert unit.writes == []


@pytest.mark.parametrize("answer", ["drop", "hang"])
async def test_restart_gone_after_the_write_is_under_way(
    session: aiohttp.ClientSession, answer: str
) -> None:
    """A dropped connection or a timeout after the write: success, guard on."""
    unit = FakeUnit(_values(), restart_answer=answer, hang_seconds=1.0)
    async with serve(unit, tls=False) as running:
        client = _client(session, running, request_timeout=0.3)
        assert await client.restart() is None
        assert unit.reboots == 1
        assert client.restart_guard.restarted_at is not None
        with pytest.raises(SenecWriteError) as err:
            await client.restart()
        assert err.value.reason is WriteFailure.TOO_SOON
    assert unit.reboots == 1


async def test_restart_guard_starts_only_once_the_write_went_out(
    session: aiohttp.ClientSession,
) -> None:
    """A restart that never reached the unit does not block the next one."""
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        unit.write_fault = "http_500"  # answered, but no restart
        with pytest.raises(SenecInvalidAnswerError):
            await client.restart()
        assert client.restart_guard.restarted_at is None
        unit.write_fault = None
        assert await client.restart() is not None
        assert client.restart_guard.restarted_at is not None
    assert unit.reboots == 1


async def test_restart_timeout_before_the_write_is_a_failure(
    session: aiohttp.ClientSession,
) -> None:
    """The read before the write timed out: nothing went out, not "under way"."""
    unit = FakeUnit(_values(), hang_seconds=1.0)
    async with serve(unit, tls=False) as running:
        client = _client(session, running, request_timeout=0.3)
        await client.read({"ENERGY": ["STAT_STATE"]})
        unit.fault = "hang"  # reads hang: the NPU image read before the write
        with pytest.raises(SenecTimeoutError):
            await client.restart()
        assert client.restart_guard.restarted_at is None
    assert unit.reboots == 0


async def test_restart_guard_outlives_the_client(
    session: aiohttp.ClientSession,
) -> None:
    """A new client (a reload) with the same guard refuses a second restart."""
    guard = RestartGuard()
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        await _client(session, running, restart_guard=guard).restart()
        again = _client(session, running, restart_guard=guard)
        with pytest.raises(SenecWriteError) as err:
            await again.restart()
    assert err.value.reason is WriteFailure.TOO_SOON
    assert unit.reboots == 1


async def test_write_on_a_closed_session(session: aiohttp.ClientSession) -> None:
    """The entry was unloaded under a running command: the client's own error."""
    unit = FakeUnit(_values())
    async with serve(unit, tls=False) as running:
        own = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        try:
            client = _client(own, running)
            await client.read({"ENERGY": ["STAT_STATE"]})
        finally:
            await own.close()
        with pytest.raises(SenecConnectionError) as err:
            await client.stop_safe_charge()
    assert not err.value.request_sent
    assert unit.writes == []


async def test_unit_that_undoes_an_off(session: aiohttp.ClientSession) -> None:
    """The fake's field behaviour: off, then on again by itself, once."""
    unit = FakeUnit(
        _values(), safe_charge_model=True, safe_charge_resumes=1, resume_after=0.1
    )
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        answer = await client.start_safe_charge()
        # the trigger is echoed while the state still reads the old value
        assert answer.sections["ENERGY"]["SAFE_CHARGE_RUNNING"] == 0
        read = await client.read({"ENERGY": ["SAFE_CHARGE_RUNNING", "STAT_STATE"]})
        assert safe_charge_running(read) is True
        await client.stop_safe_charge()
        read = await client.read({"ENERGY": ["SAFE_CHARGE_RUNNING"]})
        assert safe_charge_running(read) is False
        await asyncio.sleep(0.2)
        read = await client.read({"ENERGY": ["SAFE_CHARGE_RUNNING"]})
        assert safe_charge_running(read) is True
        await client.stop_safe_charge()
        await asyncio.sleep(0.2)
        read = await client.read({"ENERGY": ["SAFE_CHARGE_RUNNING"]})
        assert safe_charge_running(read) is False


@pytest.mark.parametrize(("enable", "powered"), [("u8_01", 1), ("u8_00", 0)])
async def test_socket_that_needs_enable(
    session: aiohttp.ClientSession, enable: str, powered: int
) -> None:
    """The fake's field behaviour: a forced socket is powered only if enabled."""
    values = _values()
    values["SOCKETS"]["ENABLE"] = ["u8_00", enable]
    unit = FakeUnit(values, sockets_need_enable=True)
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        await client.set_socket_force_on(1, True)
        read = await client.read({"SOCKETS": ["FORCE_ON", "ENABLE", "POWER_ON"]})
    assert read.sections["SOCKETS"]["POWER_ON"] == [0, powered]
    assert socket_disabled_unpowered(read, 1) is (powered == 0)
    assert not socket_disabled_unpowered(read, 0)


@pytest.mark.parametrize("code", [25, 33])
async def test_unit_running_its_own_charge(
    session: aiohttp.ClientSession, code: int
) -> None:
    """The fake's field behaviour: the system state of the unit's own charge."""
    unit = FakeUnit(_values(), own_charge=code)
    async with serve(unit, tls=False) as running:
        client = _client(session, running)
        read = await client.read({"ENERGY": ["STAT_STATE"]})
        assert own_charge_running(read)
        unit.own_charge = 0
        assert not own_charge_running(await client.read({"ENERGY": ["STAT_STATE"]}))
