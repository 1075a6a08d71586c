"""What proves a zappi applied a command: the field rules of real zappis.

Against FakeZappi on the fake cloud; each option is one behaviour from
myenergi-facts.md ("Commands in the field"). Numbers refer to issue 21.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time
from typing import Any

import aiohttp
import pytest

from custom_components.senec_zappi.myenergi import (
    ChargeMode,
    Confirmation,
    MyenergiClient,
    MyenergiCommandNotConfirmedError,
    MyenergiCommandRejectedError,
    MyenergiConnectionError,
    Verdict,
    boost_command,
    min_green_command,
    mode_command,
    parse_status,
    smart_boost_command,
    stop_boost_command,
)

from .fake_cloud import PASSWORD, USERNAME, FakeCloud, FakeZappi

pytestmark = pytest.mark.usefixtures("socket_enabled")

SERIAL = "16000001"
READS = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)  # six reads, no waiting in tests


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloud]:
    """The hub's server (asn names itself)."""
    server = await FakeCloud().start()
    server.asn = server.host
    yield server
    await server.close()


def _client(session: aiohttp.ClientSession, cloud: FakeCloud) -> MyenergiClient:
    return MyenergiClient(session, USERNAME, PASSWORD, server_url=cloud.url)


def _zappi(cloud: FakeCloud, **options: Any) -> FakeZappi:
    fields = options.pop("fields", {})
    zappi = FakeZappi(**options).install(cloud)
    zappi.fields.update(fields)
    return zappi


def _status(**fields: Any) -> Any:
    (status,) = parse_status({"zappi": [{"sno": int(SERIAL), **fields}]})
    return status


# 1. A stale command timer is not a verdict.


async def test_stale_253_at_rest_is_no_rejection(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """cmt 253 from a command long ago, the new one applies on the third read."""
    zappi = _zappi(cloud, cmt_at_rest=253, apply_after=3)
    client = _client(session, cloud)
    status = await client.send_confirmed(
        SERIAL, mode_command(ChargeMode.ECO), offsets=READS
    )
    assert status.charge_mode is ChargeMode.ECO
    assert zappi.status_reads == 4  # the read before sending and three after


async def test_253_after_pending_is_a_rejection(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    zappi = _zappi(cloud, cmt_at_rest=253, apply_after=3, pending_reads=2, reject=True)
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandRejectedError):
        await client.send_confirmed(SERIAL, mode_command(ChargeMode.ECO), offsets=READS)
    assert zappi.status_reads == 4


async def test_253_after_another_value_before_sending_is_a_rejection(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    zappi = _zappi(cloud, cmt_at_rest=254, reject=True)
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandRejectedError):
        await client.send_confirmed(SERIAL, mode_command(ChargeMode.ECO), offsets=READS)
    assert zappi.status_reads == 2


# 2. A value that was already there proves nothing.


async def test_lost_boost_with_the_same_energy_is_not_confirmed(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """tbk already shows 5 kWh from the last boost; the new command is lost."""
    _zappi(cloud, lose_commands=True, fields={"tbk": 5})
    client = _client(session, cloud)
    with pytest.raises(MyenergiCommandNotConfirmedError):
        await client.send_confirmed(SERIAL, boost_command(5), offsets=READS)


async def test_boost_with_the_same_energy_is_confirmed_by_its_flag(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    _zappi(cloud, fields={"tbk": 5})
    client = _client(session, cloud)
    status = await client.send_confirmed(SERIAL, boost_command(5), offsets=READS)
    assert status.boost_manual is True


async def test_boost_confirmed_by_pending_seen(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """Same energy, flag already on (a boost runs): a pending cmt is the proof."""
    _zappi(cloud, apply_after=2, pending_reads=1, fields={"tbk": 5, "bsm": 1})
    client = _client(session, cloud)
    status = await client.send_confirmed(SERIAL, boost_command(5), offsets=READS)
    assert status.command_timer == 254


async def test_mode_already_set_sends_nothing(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    zappi = _zappi(cloud, fields={"zmo": 2})
    client = _client(session, cloud)
    confirmation = await client.send_command(SERIAL, mode_command(ChargeMode.ECO))
    assert (confirmation.sent, confirmation.verdict) == (False, Verdict.CONFIRMED)
    status = await client.confirm_command(confirmation, offsets=READS)
    assert status.charge_mode is ChargeMode.ECO
    assert zappi.commands == []
    assert zappi.status_reads == 1


# 3. Stop boost: the flags, not sta.


async def test_stop_boost_in_fast_with_sta_4_sends_nothing(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """Fast mode reads sta 4 with no boost: nothing to stop."""
    zappi = _zappi(cloud, sta_4_in_fast=True, omit_zero=True, fields={"zmo": 1})
    client = _client(session, cloud)
    status = await client.send_confirmed(SERIAL, stop_boost_command(), offsets=READS)
    assert status.status == 4
    assert zappi.commands == []


async def test_stop_boost_confirmed_by_the_flags(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """The boost flags go (left out at 0) while sta stays 4 in Fast mode."""
    zappi = _zappi(
        cloud, sta_4_in_fast=True, omit_zero=True, fields={"zmo": 1, "bst": 1}
    )
    client = _client(session, cloud)
    status = await client.send_confirmed(SERIAL, stop_boost_command(), offsets=READS)
    assert status.boosting is False
    assert status.status == 4
    assert zappi.commands == [f"cgi-zappi-mode-Z{SERIAL}-0-2-0-0000"]


# 4. Absent means zero.


async def test_smart_boost_ready_by_half_past_midnight(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    """The hub leaves sbh 0 out: sbm 30 alone is 00:30."""
    _zappi(cloud, omit_zero=True)
    client = _client(session, cloud)
    status = await client.send_confirmed(
        SERIAL, smart_boost_command(12, time(0, 30)), offsets=READS
    )
    assert "sbh" not in status.present_fields
    assert status.smart_boost_time == time(0, 30)


async def test_minimum_green_zero(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    _zappi(cloud, omit_zero=True)
    client = _client(session, cloud)
    status = await client.send_confirmed(SERIAL, min_green_command(0), offsets=READS)
    assert "mgl" not in status.present_fields
    assert status.min_green_level == 0


# 5. Smart boost times on the quarter-hour grid; the time is compared, not required.


@pytest.mark.parametrize("minute", [1, 7, 20, 59])
def test_ready_by_off_the_grid_is_refused(minute: int) -> None:
    with pytest.raises(ValueError, match="quarter hour"):
        smart_boost_command(10, time(7, minute))


def test_a_different_ready_by_time_is_noted_once() -> None:
    command = smart_boost_command(10, time(7, 30))
    confirmation = Confirmation(command, SERIAL, _status(zmo=3, sbk=5, cmt=254))
    verdict = confirmation.judge(_status(zmo=3, sbk=10, sbh=7, bss=1, cmt=254))
    assert verdict is Verdict.CONFIRMED
    note = confirmation.note()
    assert note is not None
    assert "07:30" in note
    assert "07:00" in note
    assert confirmation.note() is None  # once


def test_the_same_ready_by_time_has_no_note() -> None:
    command = smart_boost_command(10, time(7, 30))
    confirmation = Confirmation(command, SERIAL, _status(zmo=3, sbk=5, cmt=254))
    confirmation.judge(_status(zmo=3, sbk=10, sbh=7, sbm=30, cmt=254))
    assert confirmation.verdict is Verdict.CONFIRMED
    assert confirmation.note() is None


def test_judge_ignores_other_zappis_and_decided_commands() -> None:
    confirmation = Confirmation(
        mode_command(ChargeMode.ECO), SERIAL, _status(zmo=3, cmt=254)
    )
    (other,) = parse_status({"zappi": [{"sno": 9, "zmo": 2, "cmt": 254}]})
    assert confirmation.judge(other) is Verdict.WAITING
    assert confirmation.judge(_status(zmo=2, cmt=254)) is Verdict.CONFIRMED
    assert confirmation.judge(_status(zmo=3, cmt=253)) is Verdict.CONFIRMED


# 7. Only host names from the server header; commands never to the director.


async def test_undefined_server_header_is_ignored(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    _zappi(cloud)
    client = _client(session, cloud)
    await client.get_zappis()
    for header in ("undefined", "null", "", "http://x/", "s18 .myenergi.net"):
        cloud.asn = header
        await client.get_zappis()
        assert client.active_server == cloud.url
    cloud.asn = "s18.myenergi.net"
    await client.get_zappis()
    assert client.active_server == "http://s18.myenergi.net"


async def test_command_never_goes_to_the_director(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    hub = await FakeCloud().start()
    try:
        cloud.asn = hub.host
        director_zappi = _zappi(cloud)
        hub_zappi = _zappi(hub)
        client = MyenergiClient(
            session, USERNAME, PASSWORD, server_url=cloud.url, director=True
        )
        await client.set_charge_mode(SERIAL, ChargeMode.ECO)
        assert director_zappi.commands == []
        assert director_zappi.status_reads == 1  # it named the hub's server
        assert hub_zappi.commands == [f"cgi-zappi-mode-Z{SERIAL}-2-0-0-0000"]
    finally:
        await hub.close()


async def test_command_refused_while_the_server_is_unknown(
    session: aiohttp.ClientSession, cloud: FakeCloud
) -> None:
    cloud.asn = "undefined"
    zappi = _zappi(cloud)
    client = MyenergiClient(
        session, USERNAME, PASSWORD, server_url=cloud.url, director=True
    )
    with pytest.raises(MyenergiConnectionError):
        await client.set_charge_mode(SERIAL, ChargeMode.ECO)
    assert zappi.commands == []
