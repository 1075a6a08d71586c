"""The SENEC unit's variables: a real capture for the static sections, the
plant for the live ones, encoded with the integration's own encoder."""

from __future__ import annotations

from collections.abc import Mapping
import json
from pathlib import Path
from typing import Any, Final

from custom_components.senec_zappi.senec import Value, decode_value, encode_value

from .plant import BATTERY_WH, Snapshot, Totals

CAPTURE: Final = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "senec_full.json"
)
SENTINEL: Final = "VARIABLE_NOT_FOUND"
OBJECT_NOT_FOUND: Final = "OBJECT_NOT_FOUND"
# Beyond the capture: the paid sockets feature is on (NUMBER_OF_SOCKETS is 2
# in the capture), and the restart's read-back key of NPU images 2408+.
STATIC_EXTRAS: Final[Mapping[str, Mapping[str, str]]] = {
    "FEATURES": {"SOCKETS": "u8_01"},
    "SYS_UPDATE": {"BOOT_REPORT_SUCCESS": "u8_01"},
}
# Without a SENEC wallbox (most owners of a zappi have none): the setup
# counts none, the feature is off and the wallbox arrays read empty.
NO_WALLBOX: Final[Mapping[str, Mapping[str, str]]] = {
    "WIZARD": {"SETUP_NUMBER_WALLBOXES": "u8_00"},
    "FEATURES": {"CAR": "u8_00"},
}
# With one: connected to the unit, no car plugged in (the house's power
# includes no wallbox, so one that charged would break the balance).
IDLE_WALLBOX: Final[Mapping[str, int | float]] = {
    "STATE": 0xA1,  # not connected
    "EV_CONNECTED": 0,
    "SMART_CHARGE_ACTIVE": 0,
    "APPARENT_CHARGING_POWER": 0.0,
    "L1_CHARGING_CURRENT": 0.0,
    "L2_CHARGING_CURRENT": 0.0,
    "L3_CHARGING_CURRENT": 0.0,
}
MODULES: Final = 3  # BMS.MODULES_CONFIGURED of the capture
COUNTERS: Final = ("CHARGED_ENERGY", "DISCHARGED_ENERGY")  # BMS, per module
CELLS: Final = 14  # per module (NMC; LFP modules have 16)
# Small, fixed differences between cells (mV), as in the capture.
CELL_OFFSETS_MV: Final = (0, 0, 0, 0, 0, 0, -1, -3, 0, 0, 0, 1, 0, 1)

type Wire = str | list[object]
type Sections = dict[str, dict[str, Wire]]


def load_capture(path: Path = CAPTURE) -> Sections:
    """Every section of the seed, in wire format."""
    data: Sections = json.loads(path.read_text(encoding="utf-8"))
    return data


def prefix_of(raw: object) -> str:
    """fl, u8, st...: the type the device uses for this key."""
    if isinstance(raw, list):
        return prefix_of(raw[0]) if raw else "fl"
    return str(raw).split("_", 1)[0]


def live_values(snap: Snapshot, totals: Totals) -> dict[str, dict[str, Value]]:
    """The keys that follow the plant, as Python values."""
    battery_v = 50.0 + 0.06 * snap.soc
    mpp_v: list[Value] = [
        355.0 if snap.pv_w > 0 else 0.0,
        349.0 if snap.pv_w > 0 else 0.0,
        0.0,
    ]
    mpp_a: list[Value] = [
        p / v if v else 0.0
        for p, v in zip(snap.mpp_w, (355.0, 349.0, 0.0), strict=True)
    ]
    phase_a: list[Value] = [
        abs(p) / v for p, v in zip(snap.phase_w, snap.phase_v, strict=True)
    ]
    soc_permille = round(snap.soc * 10)
    # Modules follow the system: same SoC, cells adding up to the battery.
    cell_mv = battery_v * 1000 / CELLS
    cells = [
        [round(cell_mv + module + offset) for offset in CELL_OFFSETS_MV]
        for module in range(MODULES)
    ]
    module_soc: list[Value] = [round(snap.soc)] * MODULES
    module_v: list[Value] = [sum(module) / 1000 for module in cells]
    module_a: list[Value] = [snap.battery_w / battery_v / MODULES] * MODULES
    energy: dict[str, Value] = {
        "STAT_STATE": snap.state,
        "GUI_BAT_DATA_POWER": snap.battery_w,
        "GUI_INVERTER_POWER": snap.pv_w,
        "GUI_HOUSE_POW": snap.house_w,
        "GUI_GRID_POW": snap.grid_w,
        "GUI_BAT_DATA_FUEL_CHARGE": snap.soc,
        "GUI_BAT_DATA_VOLTAGE": battery_v,
        "GUI_BAT_DATA_CURRENT": snap.battery_w / battery_v,
        "GUI_CHARGING_INFO": int(snap.battery_w > 1.0),
        "GUI_BOOSTING_INFO": int(snap.battery_w < -1.0),
        "GUI_BAT_DATA_MAX_CELL_VOLTAGE": max(max(module) for module in cells),
        "GUI_BAT_DATA_MIN_CELL_VOLTAGE": min(min(module) for module in cells),
    }
    return {
        "ENERGY": energy,
        "PM1OBJ1": {
            "P_TOTAL": snap.grid_w,
            "P_AC": list(snap.phase_w),
            "U_AC": list(snap.phase_v),
            "I_AC": phase_a,
            "FREQ": snap.frequency,
        },
        "PV1": {
            "P_TOTAL": snap.pv_w,
            "MPP_POWER": list(snap.mpp_w),
            "MPP_VOL": mpp_v,
            "MPP_CUR": mpp_a,
        },
        "BMS": {
            "SYSTEM_SOC": soc_permille,
            "SOC": module_soc,
            "VOLTAGE": module_v,
            "CURRENT": module_a,
            "MAX_CELL_VOLTAGE": [max(module) for module in cells],
            "MIN_CELL_VOLTAGE": [min(module) for module in cells],
            **{
                f"CELL_VOLTAGES_MODULE_{'ABCD'[index]}": list(module)
                for index, module in enumerate(cells)
            },
            # mWh on the wire, shared by the modules: what they held before
            # (the capture's counters) is added by SenecVariables.
            "CHARGED_ENERGY": [round(totals.charged_wh * 1000 / MODULES)] * MODULES,
            "DISCHARGED_ENERGY": [round(totals.discharged_wh * 1000 / MODULES)]
            * MODULES,
        },
        "FACTORY": {"DESIGN_CAPACITY": BATTERY_WH},
        "RTC": {"WEB_TIME": int(snap.at)},
    }


class SenecVariables:
    """Answers lala.cgi requests the way the unit does."""

    def __init__(
        self, capture: Sections | None = None, *, wallbox: bool = False
    ) -> None:
        """Static sections from the capture (the seed's every section).

        wallbox: the unit has one SENEC wallbox (idle); else none.
        """
        self._static = capture if capture is not None else load_capture()
        for section, extras in STATIC_EXTRAS.items():
            self._static.setdefault(section, {}).update(extras)
        self._set_wallbox(wallbox)
        self._counter_base = {
            key: decode_value(self._static.get("BMS", {}).get(key)) for key in COUNTERS
        }

    def _set_wallbox(self, present: bool) -> None:
        """One idle wallbox, or none: every wallbox array's slots read empty."""
        section = self._static.get("WALLBOX", {})
        for key, raw in section.items():
            if not isinstance(raw, list) or not raw:
                continue
            prefix = prefix_of(raw)
            empty = encode_value("" if prefix in ("st", "ch") else 0, prefix)
            first = IDLE_WALLBOX.get(key)
            if not present:
                section[key] = [empty] * len(raw)
            elif first is not None:
                section[key] = [encode_value(first, prefix), *raw[1:]]
        if not present:
            for name, keys in NO_WALLBOX.items():
                self._static.setdefault(name, {}).update(keys)

    def _live(self, snap: Snapshot, totals: Totals) -> dict[str, dict[str, Value]]:
        live = live_values(snap, totals)
        for key, base in self._counter_base.items():
            grown = live["BMS"][key]
            if isinstance(base, list) and isinstance(grown, list):
                live["BMS"][key] = [
                    (old if isinstance(old, int) else 0) + new
                    for old, new in zip(base, grown, strict=False)
                    if isinstance(new, int)
                ]
        return live

    def sections(
        self,
        snap: Snapshot,
        totals: Totals,
        extra: Mapping[str, Mapping[str, Value]] | None = None,
    ) -> Sections:
        """Every section with the live keys filled in, in wire format.

        extra: further Python values over the live ones (written settings).
        """
        result = {name: dict(keys) for name, keys in self._static.items()}
        layers = [self._live(snap, totals), extra or {}]
        for section, values in (item for layer in layers for item in layer.items()):
            keys = result.setdefault(section, {})
            for key, value in values.items():
                raw = keys.get(key)
                if isinstance(raw, list) and isinstance(value, list):
                    value = value[: len(raw)] + [
                        decode_value(item) for item in raw[len(value) :]
                    ]
                keys[key] = encode_value(value, prefix_of(raw) if raw else "fl")
        return result

    def answer(
        self,
        request: Mapping[str, Any],
        snap: Snapshot,
        totals: Totals,
        *,
        sentinel: bool = False,
        extra: Mapping[str, Mapping[str, Value]] | None = None,
    ) -> dict[str, dict[str, object]]:
        """Exactly the sections and keys asked for; {} asks a whole section."""
        sections = self.sections(snap, totals, extra)
        answer: dict[str, dict[str, object]] = {}
        for name, asked in request.items():
            section = sections.get(name)
            if section is None:
                answer[name] = {OBJECT_NOT_FOUND: ""}
                continue
            keys = (
                list(asked) if isinstance(asked, Mapping) and asked else list(section)
            )
            answer[name] = {
                key: SENTINEL if sentinel else section.get(key, SENTINEL)
                for key in keys
            }
        return answer

    def decoded(
        self,
        snap: Snapshot,
        totals: Totals,
        extra: Mapping[str, Mapping[str, Value]] | None = None,
    ) -> dict[str, dict[str, Value]]:
        """Every value as Python values, for vars.html."""
        return {
            name: {key: decode_value(raw) for key, raw in keys.items()}
            for name, keys in self.sections(snap, totals, extra).items()
        }
