"""BMS sensors: the battery system, each module A-D and each cell.

Only modules that BMS.MODULES_CONFIGURED (or MODULE_COUNT on firmware that
fills only that) counts get entities. Units on the wire: cell voltages and
MIN/MAX_CELL_VOLTAGE in mV, SYSTEM_SOC in 0.1 %, MAX_TEMP/MIN_TEMP in 0.1 degC,
module TEMP_MAX/TEMP_MIN and cell temperatures in degC.
"""

from __future__ import annotations

from .senec_enums import BMS_STATUS
from .senec_sensors_base import (
    BATTERY,
    CELL_VOLTAGE,
    COUNTER,
    CURRENT,
    CURRENT_SETTING,
    MILLIVOLT,
    MODULE_ENERGY,
    PERCENT,
    PLAIN,
    POWER_SETTING,
    TEMPERATURE,
    TIMESTAMP,
    VOLTAGE,
    Kind,
    SenecSensorEntityDescription,
    describe,
    describe_enum,
    describe_text,
)
from .senec_values import ExistsFn, present, scaled, timestamp

BMS = "BMS"
MODULES = ("A", "B", "C", "D")
CELLS_PER_MODULE = 14
CELL_TEMPERATURES_PER_MODULE = 6

# (key suffix, field, kind, enabled by default, diagnostic)
_MODULE_VALUES: tuple[tuple[str, str, Kind, bool, bool], ...] = (
    ("soc", "SOC", BATTERY, True, False),
    ("soh", "SOH", PERCENT, True, False),
    ("cycles", "CYCLES", COUNTER, True, False),
    ("voltage", "VOLTAGE", VOLTAGE, True, False),
    ("current", "CURRENT", CURRENT, True, False),
    ("min_cell_voltage", "MIN_CELL_VOLTAGE", MILLIVOLT, True, False),
    ("max_cell_voltage", "MAX_CELL_VOLTAGE", MILLIVOLT, True, False),
    ("min_temperature", "TEMP_MIN", TEMPERATURE, True, False),
    ("max_temperature", "TEMP_MAX", TEMPERATURE, True, False),
    ("charge_current_limit", "CHARGE_CURRENT_LIMIT", CURRENT_SETTING, False, True),
    (
        "discharge_current_limit",
        "DISCHARGE_CURRENT_LIMIT",
        CURRENT_SETTING,
        False,
        True,
    ),
)


def module_exists(index: int) -> ExistsFn:
    """Module number index (0 = A) is configured."""
    return present(index, BMS, "MODULES_CONFIGURED", "MODULE_COUNT")


def module_sensors(index: int) -> tuple[SenecSensorEntityDescription, ...]:
    """Charge, health, electrical values, temperatures and status of one module."""
    module = MODULES[index]
    exists_fn = module_exists(index)
    placeholders = {"module": module}
    values = tuple(
        describe(
            f"module_{module.lower()}_{suffix}",
            BMS,
            field,
            kind,
            index=index,
            translation_key=f"module_{suffix}",
            placeholders=placeholders,
            exists_fn=exists_fn,
            diagnostic=diagnostic,
            enabled=enabled,
        )
        for suffix, field, kind, enabled, diagnostic in _MODULE_VALUES
    )
    return (
        *values,
        # The seed shows STATUS 1 on every healthy module, while BMS_STATUS's
        # table reads 1 as "cell overvoltage warning": the per-module codes
        # follow another, unpublished table, so the code is shown as is.
        describe(
            f"module_{module.lower()}_status",
            BMS,
            "STATUS",
            PLAIN,
            index=index,
            translation_key="module_status",
            placeholders=placeholders,
            exists_fn=exists_fn,
            diagnostic=True,
        ),
        *(
            # mWh on the wire: the seed's 60293836 on a 2.5 kWh module with 27
            # cycles is 60.3 kWh; read as Wh it would be 60 MWh.
            describe(
                f"module_{module.lower()}_{suffix}",
                BMS,
                field,
                MODULE_ENERGY,
                index=index,
                translation_key=f"module_{suffix}",
                placeholders=placeholders,
                value_fn=scaled(1e-6),
                exists_fn=exists_fn,
                diagnostic=True,
                enabled=False,
            )
            for suffix, field in (
                ("charged_energy", "CHARGED_ENERGY"),
                ("discharged_energy", "DISCHARGED_ENERGY"),
            )
        ),
        describe_text(
            f"module_{module.lower()}_firmware",
            BMS,
            "FW",
            index=index,
            translation_key="module_firmware",
            placeholders=placeholders,
            exists_fn=exists_fn,
            enabled=False,
        ),
    )


def cell_sensors(index: int) -> tuple[SenecSensorEntityDescription, ...]:
    """Every cell voltage (mV on the wire, shown in V) and cell temperature."""
    module = MODULES[index]
    exists_fn = module_exists(index)
    voltages = tuple(
        describe(
            f"module_{module.lower()}_cell_{cell}_voltage",
            BMS,
            f"CELL_VOLTAGES_MODULE_{module}",
            CELL_VOLTAGE,
            index=cell - 1,
            translation_key="cell_voltage",
            placeholders={"module": module, "cell": str(cell)},
            value_fn=scaled(0.001),
            exists_fn=exists_fn,
            diagnostic=True,
            enabled=False,
        )
        for cell in range(1, CELLS_PER_MODULE + 1)
    )
    temperatures = tuple(
        describe(
            f"module_{module.lower()}_cell_temperature_{sensor}",
            BMS,
            f"CELL_TEMPERATURES_MODULE_{module}",
            TEMPERATURE,
            index=sensor - 1,
            translation_key="cell_temperature",
            placeholders={"module": module, "sensor": str(sensor)},
            exists_fn=exists_fn,
            diagnostic=True,
            enabled=False,
        )
        for sensor in range(1, CELL_TEMPERATURES_PER_MODULE + 1)
    )
    return voltages + temperatures


BMS_SENSORS: tuple[SenecSensorEntityDescription, ...] = (
    describe(
        "battery_system_soc",
        BMS,
        "SYSTEM_SOC",
        BATTERY,
        value_fn=scaled(0.1),
        enabled=False,
    ),
    describe_enum("bms_status", BMS, "BMS_STATUS", BMS_STATUS),
    describe(
        "bms_status_changed",
        BMS,
        "BMS_STATUS_TIMESTAMP",
        TIMESTAMP,
        value_fn=timestamp,
        diagnostic=True,
        enabled=False,
    ),
    describe(
        "battery_max_temperature", BMS, "MAX_TEMP", TEMPERATURE, value_fn=scaled(0.1)
    ),
    describe(
        "battery_min_temperature", BMS, "MIN_TEMP", TEMPERATURE, value_fn=scaled(0.1)
    ),
    describe("battery_modules", BMS, "MODULES_CONFIGURED", PLAIN, diagnostic=True),
    describe(
        "module_nominal_charge_power",
        BMS,
        "NOM_CHARGEPOWER_MODULE",
        POWER_SETTING,
        diagnostic=True,
        enabled=False,
    ),
    describe(
        "module_nominal_discharge_power",
        BMS,
        "NOM_DISCHARGEPOWER_MODULE",
        POWER_SETTING,
        diagnostic=True,
        enabled=False,
    ),
    describe(
        "bms_communication_errors",
        BMS,
        "COMMERRCOUNT",
        COUNTER,
        diagnostic=True,
        enabled=False,
    ),
    describe(
        "bms_fault_line_count",
        BMS,
        "FAULTLINECOUNT",
        COUNTER,
        diagnostic=True,
        enabled=False,
    ),
    *(d for index in range(len(MODULES)) for d in module_sensors(index)),
    *(d for index in range(len(MODULES)) for d in cell_sensors(index)),
)
