"""BMS sensors: the battery system, each module A-D and each cell.

Only modules that BMS.MODULES_CONFIGURED (or MODULE_COUNT on firmware that
fills only that) counts get entities. Units on the wire: cell voltages and
MIN/MAX_CELL_VOLTAGE in mV, SYSTEM_SOC in 0.1 %, MAX_TEMP/MIN_TEMP in 0.1 degC,
module TEMP_MAX/TEMP_MIN and cell temperatures in degC.
"""

from __future__ import annotations

from ..kinds import (
    BATTERY,
    CELL_VOLTAGE,
    COUNTER,
    CURRENT,
    CURRENT_SETTING,
    DIAGNOSTIC,
    DIAGNOSTIC_DISABLED,
    MAIN_DISABLED,
    MILLIVOLT,
    MODULE_ENERGY,
    PERCENT,
    PLAIN,
    POWER_SETTING,
    TEMPERATURE,
    TIMESTAMP,
    VOLTAGE,
)
from .base import (
    SenecSensorEntityDescription,
    Unit,
    describe,
    describe_enum,
    describe_text,
    per_unit,
)
from .enums import BMS_STATUS, MODULE_STATUS
from .values import all_of, counted, has_element, scaled, timestamp

BMS = "BMS"
# Arrays of this many cells at most: 14 on NMC modules, 16 on LFP. Which
# cells exist is the length of the array the unit sends (first answer).
MAX_CELLS_PER_MODULE = 16
MAX_CELL_TEMPERATURES_PER_MODULE = 16

# Only modules that BMS.MODULES_CONFIGURED (or MODULE_COUNT) counts exist.
MODULES = tuple(
    Unit(
        f"module_{letter.lower()}",
        "module",
        index,
        {"module": letter},
        counted(index, BMS, "MODULES_CONFIGURED", "MODULE_COUNT"),
    )
    for index, letter in enumerate("ABCD")
)

# Per-module detail: disabled by default (the system's state of charge,
# temperatures and BMS status are on the device page); health and counters
# are diagnostic.
MODULE_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    describe("soc", BMS, "SOC", BATTERY, shown=MAIN_DISABLED),
    describe("soh", BMS, "SOH", PERCENT, shown=DIAGNOSTIC_DISABLED),
    describe("cycles", BMS, "CYCLES", COUNTER, shown=DIAGNOSTIC_DISABLED),
    describe("voltage", BMS, "VOLTAGE", VOLTAGE, shown=MAIN_DISABLED),
    describe("current", BMS, "CURRENT", CURRENT, shown=MAIN_DISABLED),
    describe(
        "min_cell_voltage", BMS, "MIN_CELL_VOLTAGE", MILLIVOLT, shown=MAIN_DISABLED
    ),
    describe(
        "max_cell_voltage", BMS, "MAX_CELL_VOLTAGE", MILLIVOLT, shown=MAIN_DISABLED
    ),
    describe("min_temperature", BMS, "TEMP_MIN", TEMPERATURE, shown=MAIN_DISABLED),
    describe("max_temperature", BMS, "TEMP_MAX", TEMPERATURE, shown=MAIN_DISABLED),
    describe(
        "charge_current_limit",
        BMS,
        "CHARGE_CURRENT_LIMIT",
        CURRENT_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "discharge_current_limit",
        BMS,
        "DISCHARGE_CURRENT_LIMIT",
        CURRENT_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # The seed shows STATUS 1 on every healthy module, while BMS_STATUS's
    # table reads 1 as "cell overvoltage warning": the per-module codes
    # follow another, unpublished table (MODULE_STATUS knows 1 = OK).
    describe_enum("status", BMS, "STATUS", MODULE_STATUS, shown=DIAGNOSTIC_DISABLED),
    # mWh on the wire: the seed's 60293836 on a 2.5 kWh module with 27
    # cycles is 60.3 kWh; read as Wh it would be 60 MWh.
    *(
        describe(
            suffix,
            BMS,
            field,
            MODULE_ENERGY,
            value_fn=scaled(1e-6),
            shown=DIAGNOSTIC_DISABLED,
        )
        for suffix, field in (
            ("charged_energy", "CHARGED_ENERGY"),
            ("discharged_energy", "DISCHARGED_ENERGY"),
        )
    ),
    describe_text("firmware", BMS, "FW", shown=DIAGNOSTIC_DISABLED),
)


def _cells(module: Unit, count: int, number: str, field: str) -> tuple[Unit, ...]:
    """Cells (or cell temperature sensors) of one module, numbered from 1.

    A cell exists when its module does and the module's array (field) has
    its element: LFP modules send 16 cell voltages, others 14.
    """
    array = field.format_map(module.placeholders)
    return tuple(
        Unit(
            f"{module.key}_cell",
            "cell",
            index,
            {**module.placeholders, number: str(index + 1)},
            all_of(module.exists_fn, has_element(BMS, array, index)),
            exists_reads=((BMS, array),),
        )
        for index in range(count)
    )


# Every cell voltage (mV on the wire, shown in V) and cell temperature.
CELL_SENSORS: tuple[SenecSensorEntityDescription, ...] = tuple(
    description
    for module in MODULES
    for description in (
        *per_unit(
            _cells(
                module, MAX_CELLS_PER_MODULE, "cell", "CELL_VOLTAGES_MODULE_{module}"
            ),
            (
                describe(
                    "{cell}_voltage",
                    BMS,
                    "CELL_VOLTAGES_MODULE_{module}",
                    CELL_VOLTAGE,
                    translation_key="voltage",
                    value_fn=scaled(0.001),
                    shown=DIAGNOSTIC_DISABLED,
                ),
            ),
        ),
        *per_unit(
            _cells(
                module,
                MAX_CELL_TEMPERATURES_PER_MODULE,
                "sensor",
                "CELL_TEMPERATURES_MODULE_{module}",
            ),
            (
                describe(
                    "temperature_{sensor}",
                    BMS,
                    "CELL_TEMPERATURES_MODULE_{module}",
                    TEMPERATURE,
                    translation_key="temperature",
                    shown=DIAGNOSTIC_DISABLED,
                ),
            ),
        ),
    )
)

BMS_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    describe(
        "battery_system_soc",
        BMS,
        "SYSTEM_SOC",
        BATTERY,
        value_fn=scaled(0.1),
        shown=MAIN_DISABLED,
    ),
    describe_enum("bms_status", BMS, "BMS_STATUS", BMS_STATUS, shown=DIAGNOSTIC),
    describe(
        "bms_status_changed",
        BMS,
        "BMS_STATUS_TIMESTAMP",
        TIMESTAMP,
        value_fn=timestamp,
        shown=DIAGNOSTIC_DISABLED,
    ),
    # The hottest and coldest cell; TEMPMEASURE.BATTERY_TEMP is on the page.
    *(
        describe(
            key,
            BMS,
            field,
            TEMPERATURE,
            value_fn=scaled(0.1),
            shown=MAIN_DISABLED,
        )
        for key, field in (
            ("battery_max_temperature", "MAX_TEMP"),
            ("battery_min_temperature", "MIN_TEMP"),
        )
    ),
    describe(
        "battery_modules", BMS, "MODULES_CONFIGURED", PLAIN, shown=DIAGNOSTIC_DISABLED
    ),
    describe(
        "module_nominal_charge_power",
        BMS,
        "NOM_CHARGEPOWER_MODULE",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "module_nominal_discharge_power",
        BMS,
        "NOM_DISCHARGEPOWER_MODULE",
        POWER_SETTING,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "bms_communication_errors",
        BMS,
        "COMMERRCOUNT",
        COUNTER,
        shown=DIAGNOSTIC_DISABLED,
    ),
    describe(
        "bms_fault_line_count",
        BMS,
        "FAULTLINECOUNT",
        COUNTER,
        shown=DIAGNOSTIC_DISABLED,
    ),
    *per_unit(MODULES, MODULE_SENSORS),
    *CELL_SENSORS,
)
