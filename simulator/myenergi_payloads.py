"""myenergi answers built from the plant: zappi status and hourly history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

from .plant import Plant, Snapshot
from .zappi import ZappiSettings

SENTINEL: Final = "VARIABLE_NOT_FOUND"
STA_BOOSTING: Final = 4


def plug_and_status(snap: Snapshot) -> tuple[str, int]:
    """pst and sta: unplugged, charging, boosting, complete or waiting for surplus."""
    if not snap.plugged:
        return "A", 1
    if snap.zappi_w > 0:
        return "C2", STA_BOOSTING if snap.zappi_boosting else 3
    if snap.car_complete:
        return "B1", 5
    return "B2", 1


# Fields real firmware leaves out when they are 0 (with omit_zero).
ZERO_OMITTED: Final = frozenset(
    {"sbh", "sbm", "sbk", "tbk", "mgl", "bsm", "bss", "bst"}
)


def zappi_status(
    snap: Snapshot,
    serial: str,
    settings: ZappiSettings | None = None,
    cmt: int = 254,
    *,
    omit_zero: bool = False,
    sta_4_in_fast: bool = False,
) -> dict[str, Any]:
    """One zappi as cgi-jstatus-Z lists it (zero fields left out, as myenergi does).

    omit_zero: the boost fields, mgl and the flags are left out at 0 too;
    sta_4_in_fast: sta reads 4 in Fast mode with no boost (firmware 3562S5.x).
    """
    settings = settings or ZappiSettings()
    pst, sta = plug_and_status(snap)
    if sta_4_in_fast and settings.mode == 1:
        sta = STA_BOOSTING
    now = datetime.fromtimestamp(snap.at, UTC)
    charge = round(snap.zappi_w)
    fields: dict[str, Any] = {
        "sno": int(serial),
        "dat": f"{now:%d-%m-%Y}",
        "tim": f"{now:%H:%M:%S}",
        "fwv": settings.firmware,
        "grd": round(snap.grid_w),
        "gen": round(snap.pv_w),
        "ectp1": charge,
        "ectt1": "Internal Load",
        "ectp2": round(snap.grid_w),
        "ectt2": "Grid",
        "ectt3": "None",
        "ectt4": "None",
        "ectt5": "None",
        "ectt6": "None",
        "che": round(snap.session_wh / 1000, 2),
        "vol": round(snap.phase_v[0] * 10),
        "frq": round(snap.frequency, 2),
        "pha": 1,
        "pst": pst,
        "sta": sta,
        "zmo": settings.mode,
        "mgl": settings.min_green,
        "pri": 1,
        "cmt": cmt,
        "lck": 16,
        "pwm": round(snap.zappi_w / 230 / 60 * 10000) if charge else 5300,
        "tz": 3,
        "dst": 1,
        "bsm": int(settings.manual_left_wh > 0),
        "bss": int(settings.smart_left_wh > 0),
        "bst": 0,
        "tbk": settings.manual_boost_kwh,
        "sbk": settings.smart_boost_kwh,
        "sbh": settings.smart_boost_at[0],
        "sbm": settings.smart_boost_at[1],
        "phaseSetting": settings.phase_setting,
        "newAppAvailable": False,
        "newBootloaderAvailable": False,
    }
    if charge:
        fields["div"] = charge
    if omit_zero:
        fields = {
            key: value
            for key, value in fields.items()
            if not (key in ZERO_OMITTED and value == 0)
        }
    if not settings.boosted:
        for name in ("tbk", "sbk", "sbh", "sbm"):
            fields.pop(name, None)  # perhaps left out at 0 already
    return fields


def status_payload(
    plant: Plant,
    serial: str,
    *,
    sentinel: bool = False,
    cmt: int = 254,
    omit_zero: bool = False,
    sta_4_in_fast: bool = False,
    index: int = 0,
    further: tuple[tuple[int, str, int], ...] = (),
) -> dict[str, list[dict[str, Any]]]:
    """{"zappi": [...]}; sentinel replaces every number by VARIABLE_NOT_FOUND.

    index: which of the plant's zappis serial is (0: the first); further:
    (index, serial, cmt) of more zappis to list after it. A zappi the hub
    stopped listing (its settings' listed) is left out.
    """
    snap = plant.advance()
    listed = ((index, serial, cmt), *further)
    statuses = [
        zappi_status(
            snap.charger(index),
            sno,
            plant.settings(index),
            timer,
            omit_zero=omit_zero,
            sta_4_in_fast=sta_4_in_fast,
        )
        for index, sno, timer in listed
        if plant.settings(index).listed
    ]
    if sentinel:
        statuses = [
            {
                key: SENTINEL
                if isinstance(value, int | float)
                and not isinstance(value, bool)
                and key != "sno"
                else value
                for key, value in status.items()
            }
            for status in statuses
        ]
    return {"zappi": statuses}


def dayhour_payload(
    plant: Plant,
    serial: str,
    day: date,
    index: int = 0,
    *,
    upload_delay: float = 0.0,
) -> dict[str, Any]:
    """Hourly records of one UTC day up to the current hour ({"U<serial>": [...]}).

    index: which zappi (0: the first); each has its own diverted energy.
    Hours that started less than upload_delay seconds ago are not uploaded
    yet; the newest uploaded one still grows until it has ended.
    """
    plant.advance()
    start = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    uploaded_until = plant.clock() - upload_delay
    records: list[dict[str, Any]] = []
    for hour in range(24):
        bucket = plant.buckets.get(start + hour * 3600)
        if bucket is None or start + hour * 3600 > uploaded_until:
            continue
        snap = plant.snapshot_at(start + hour * 3600)
        record: dict[str, Any] = {
            "yr": day.year,
            "mon": day.month,
            "dom": day.day,
            "dow": f"{day:%a}",
            "v1": round(snap.phase_v[0] * 10),
            "frq": round(snap.frequency * 100),
        }
        if hour:
            record["hr"] = hour
        for key, joules in (
            ("imp", bucket.import_j),
            ("exp", bucket.export_j),
            ("gep", bucket.generation_j),
            ("h1d", bucket.diverted(index)),
        ):
            if round(joules):
                record[key] = round(joules)
        records.append(record)
    return {f"U{serial}": records}


ZAPPI_NAMES: Final = ("Driveway", "Garage")


def names_payload(
    hub_serial: str, zappi_serial: str, further: tuple[str, ...] = ()
) -> dict[str, Any]:
    """cgi-get-app-key-: the names the owner gave."""
    zappis = [
        {"key": f"Z{serial}", "val": ZAPPI_NAMES[index % len(ZAPPI_NAMES)]}
        for index, serial in enumerate((zappi_serial, *further))
    ]
    return {
        f"H{hub_serial}": [
            {"key": "siteName", "val": "Simulated home"},
            *zappis,
            {"key": f"H{hub_serial}", "val": "Hub"},
        ]
    }
