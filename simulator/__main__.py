"""python -m simulator: a SENEC V3 and the myenergi cloud on 127.0.0.1."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import contextlib
import sys
from typing import IO

from .config import (
    MYENERGI_ONLY_FAULTS,
    OWN_CHARGES,
    SENEC_ONLY,
    Device,
    Fault,
    PathStyle,
    SimConfig,
)
from .server import Simulator, run_simulator

EPILOG = f"""\
faults: {", ".join(fault.value for fault in Fault)}
  slow            answer after --slow-seconds
  timeout         hang until the fault is cleared
  http_500        HTTP 500
  html_404        HTML error page with HTTP 404
  truncated_json  HTTP 200 with half the JSON body
  reset           connection reset in the middle of the body
  unauthorized    HTTP 401 (myenergi: digest refused even for the right key)
  rate_limited    HTTP 429 with Retry-After
  no_asn          myenergi answers without the X_MYENERGI-asn header
  sentinel        values replaced by VARIABLE_NOT_FOUND
  zappi_busy           zappi commands answer status -26 (busy)
  zappi_bad_parameter  zappi commands answer status -14 (bad parameter)
  zappi_never_applied  commands taken, but cmt stays 255 and nothing changes
  zappi_slow_apply     commands applied after --slow-command-delay
  zappi_rejected       cmt counts down, then 253 (failed); nothing changes
  zappi_lost           commands taken (status 0), never reach the zappi:
                       nothing changes, cmt keeps its value
  asn_undefined        answers carry X_MYENERGI-asn: undefined (a server
                       migration)
  none            healthy again
 SENEC only:
  write_refused   written keys answer FORBIDDEN, nothing is applied
  write_ignored   writes are echoed but never applied
  safe_charge_resumes  a stopped safe charge comes back on by itself
                  --safe-charge-flip-seconds later
  safe_charge_drops    a started safe charge ends by itself
                  --safe-charge-flip-seconds later
  safe_charge_resumes_once  like safe_charge_resumes, but only after the
                  first off; a second off stays off
  restart_drops   the restart write's connection drops before the answer
                  (the restart happens)
  session_empty   a refused session (no valid cookie) answers HTTP 200 {{}}
                  instead of 401

control endpoint (on both ports; plain http on the myenergi port):
  GET  /_sim/state
  POST /_sim/fault  {{"device": "senec"|"myenergi", "fault": "http_500", "for": 30}}
  POST /_sim/asn    {{"server": 1}}  director names the second server in
                    X_MYENERGI-asn (0: itself)
  POST /_sim/senec  {{"reboot_seconds": 20, "safe_charge_flip_seconds": 10,
                     "own_charge": 25, "sockets_need_enable": true}}
                    also "booting_seconds": after a restart the unit counts
                    no modules, trackers, wallboxes or sockets this long;
                    "device_id"/"serial": another unit answers here ("" ends it)

SENEC writes (lala.cgi, form-urlencoded JSON text or plain JSON):
  ENERGY.SAFE_CHARGE_FORCE / SAFE_CHARGE_PROHIBIT, SOCKETS.* (per index),
  SYS_UPDATE.USER_REBOOT_DEVICE (off the network for --reboot-seconds, back
  with no session valid)
  POST /_sim/zappi  {{"command_delay": 2, "slow_command_delay": 15}}  seconds
                    until the zappi applies a command (cmt counts 10..1, 254);
                    also "quiet_pending", "omit_zero", "sta_4_in_fast" (true/false)
                    and "cmt" (253/254/255: the command timer now); also
                    "firmware": "3562S5.800" (its fwv), "listed": false
                    (the hub stops listing it), "boosted": false (no tbk/sbk/
                    sbh/sbm until its first boost)
  POST /_sim/clock  {{"advance": 30}}  the simulated home's clock jumps ahead
                    (a benchmark moves it with Home Assistant's clock)
  POST /_sim/plant  {{"zappi_behind_senec": false, "pv_factor": 0, "soc": 80,
                    "car_need_wh": 20000}}  the zappi on a meter the SENEC does
                    not see, a dark sky, the battery's charge, what the car wants
example:
  curl -X POST http://127.0.0.1:PORT/_sim/fault \\
       -d '{{"device": "senec", "fault": "timeout", "for": 60}}'
"""


def _fault_arg(text: str) -> tuple[Device, Fault]:
    device, _, fault = text.partition("=")
    try:
        return Device(device), Fault(fault)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"expected DEVICE=FAULT (e.g. senec=http_500): {err}"
        ) from None


def parse_args(argv: Sequence[str] | None = None) -> SimConfig:
    """The command line as a SimConfig."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description=(
            "Simulated SENEC V3 (lala.cgi, vars.html, logs, cookie handshake) and "
            "myenergi cloud (director, digest auth, zappi status and history), "
            "both on 127.0.0.1 and both reading one simulated home."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--senec-port", type=int, default=0, help="0: any free port")
    parser.add_argument("--myenergi-port", type=int, default=0, help="the director")
    parser.add_argument(
        "--http", action="store_true", help="SENEC over http (firmware before 0825)"
    )
    parser.add_argument(
        "--path-style",
        choices=[style.value for style in PathStyle],
        default=PathStyle.DOUBLE.value,
        help="double: //vars.html (0826+), capital: /Vars.html, lower: /vars.html",
    )
    parser.add_argument(
        "--no-cookie", action="store_true", help="do not demand the session cookie"
    )
    parser.add_argument("--hub-serial", default="12345678")
    parser.add_argument("--api-key", default="sim-api-key")
    parser.add_argument(
        "--zappi-serial", default="16000001", help="the first zappi's serial"
    )
    parser.add_argument(
        "--zappis",
        type=int,
        choices=(1, 2),
        default=1,
        help="zappis of the hub (the second: serial + 1, named Garage, in Eco)",
    )
    parser.add_argument(
        "--senec-wallbox",
        action="store_true",
        help="the SENEC unit has a wallbox of its own (idle); default: none",
    )
    parser.add_argument(
        "--nonce-lifetime", type=float, default=300.0, help="seconds, then stale=true"
    )
    parser.add_argument("--slow-seconds", type=float, default=3.0)
    parser.add_argument("--retry-after", type=int, default=30, help="for 429")
    parser.add_argument(
        "--reboot-seconds",
        type=float,
        default=20.0,
        help="SENEC: how long a restart keeps the unit unreachable",
    )
    parser.add_argument(
        "--safe-charge-flip-seconds",
        type=float,
        default=10.0,
        help="SENEC: when the unit switches safe charge by itself (faults)",
    )
    parser.add_argument(
        "--own-charge",
        type=int,
        choices=sorted(OWN_CHARGES),
        default=0,
        help="SENEC: runs a charge of its own (25 safety, 33 emergency charge)",
    )
    parser.add_argument(
        "--sockets-need-enable",
        action="store_true",
        help="SENEC: a forced socket is powered only while enabled (ENABLE 1)",
    )
    parser.add_argument(
        "--command-delay",
        type=float,
        default=2.0,
        help="seconds until the zappi applies a command (real: up to ~120)",
    )
    parser.add_argument(
        "--slow-command-delay",
        type=float,
        default=15.0,
        help="the same with the zappi_slow_apply fault",
    )
    parser.add_argument(
        "--zappi-elsewhere",
        action="store_true",
        help="the zappi hangs on a meter the SENEC does not see",
    )
    parser.add_argument(
        "--history-upload-delay",
        type=float,
        default=0.0,
        help="seconds before the hub uploads an hour (3600: the last hour is late)",
    )
    parser.add_argument(
        "--history-empty-every",
        type=int,
        default=0,
        help="every n-th history answer is an empty list (0: never)",
    )
    parser.add_argument(
        "--zappi-cmt-at-rest",
        type=int,
        choices=(253, 254, 255),
        default=254,
        help="the zappi's cmt before any command (253: a failure long ago)",
    )
    parser.add_argument(
        "--zappi-quiet-pending",
        action="store_true",
        help="cmt keeps its value until a command applies (no 10..1 countdown)",
    )
    parser.add_argument(
        "--zappi-omit-zero",
        action="store_true",
        help="leave out zero fields: sbh, sbm, sbk, tbk, mgl, bsm, bss, bst",
    )
    parser.add_argument(
        "--zappi-sta-4-in-fast",
        action="store_true",
        help="sta reads 4 (boosting) in Fast mode without a boost",
    )
    parser.add_argument(
        "--fault",
        type=_fault_arg,
        action="append",
        default=[],
        metavar="DEVICE=FAULT",
        help="start in a fault mode, e.g. --fault senec=slow (repeatable)",
    )
    args = parser.parse_args(argv)
    faults: dict[Device, Fault] = dict(args.fault)
    senec_fault = faults.get(Device.SENEC, Fault.NONE)
    if senec_fault in MYENERGI_ONLY_FAULTS:
        parser.error(f"{senec_fault.value} only applies to myenergi")
    if faults.get(Device.MYENERGI) in SENEC_ONLY:
        parser.error(f"{faults[Device.MYENERGI]} only applies to senec")
    return SimConfig(
        senec_port=args.senec_port,
        myenergi_port=args.myenergi_port,
        senec_https=not args.http,
        path_style=PathStyle(args.path_style),
        require_cookie=not args.no_cookie,
        hub_serial=args.hub_serial,
        api_key=args.api_key,
        zappi_serial=args.zappi_serial,
        zappis=args.zappis,
        senec_wallbox=args.senec_wallbox,
        nonce_lifetime=args.nonce_lifetime,
        slow_seconds=args.slow_seconds,
        retry_after=args.retry_after,
        faults=faults,
        reboot_seconds=args.reboot_seconds,
        safe_charge_flip_seconds=args.safe_charge_flip_seconds,
        own_charge=args.own_charge,
        sockets_need_enable=args.sockets_need_enable,
        command_delay=args.command_delay,
        slow_command_delay=args.slow_command_delay,
        zappi_behind_senec=not args.zappi_elsewhere,
        history_upload_delay=args.history_upload_delay,
        history_empty_every=args.history_empty_every,
        zappi_cmt_at_rest=args.zappi_cmt_at_rest,
        zappi_quiet_pending=args.zappi_quiet_pending,
        zappi_omit_zero=args.zappi_omit_zero,
        zappi_sta_4_in_fast=args.zappi_sta_4_in_fast,
    )


def banner(sim: Simulator) -> str:
    """What the simulator prints at start."""
    return "\n".join(
        [
            f"SENEC host:       {sim.senec_host} ({sim.senec_scheme})",
            f"SENEC URL:        {sim.senec_url}/lala.cgi",
            f"myenergi server:  {sim.myenergi_url}",
            f"myenergi server2: http://127.0.0.1:{sim.myenergi_ports[1]}",
            f"hub serial:       {sim.config.hub_serial}",
            f"API key:          {sim.config.api_key}",
            f"zappi serial:     {', '.join(sim.config.zappi_serials)}",
            f"control:          {sim.control_url}/_sim/state",
        ]
    )


def read_banner(stream: IO[str]) -> dict[str, str]:
    """The banner's fields as printed by a simulator process, read until complete."""
    fields: dict[str, str] = {}
    while "control" not in fields:
        line = stream.readline()
        if not line:
            raise RuntimeError("the simulator stopped before printing its banner")
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


async def serve(config: SimConfig) -> None:
    """Run until cancelled (Ctrl-C)."""
    async with run_simulator(config) as sim:
        print(banner(sim), flush=True)
        await asyncio.Event().wait()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of python -m simulator."""
    config = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
