"""The house view in Home Assistant: pairing, entities, availability, restore."""

from __future__ import annotations

import json
import struct

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.senec_zappi.house_link import (
    CONF_HOUSE_AUTOMATIC,
    CONF_HOUSE_ZAPPIS,
    pair,
)
from custom_components.senec_zappi.issues import ISSUE_ZAPPI_NOT_IN_HOUSE

from .conftest import SENEC_DEVICE_ID, FakeMyenergi, FakeSenec
from .helpers import log_lines, poll, setup_entry, tick

SERIAL = "16000001"


def fl(watts: float) -> str:
    """A float as the SENEC sends it."""
    return "fl_" + struct.pack(">f", watts).hex().upper()


def flows(device: FakeSenec, pv: float, battery: float, grid: float) -> None:
    """The unit's flows (battery + charging, grid + import) and its house power."""
    device.set("ENERGY", "GUI_INVERTER_POWER", fl(pv))
    device.set("ENERGY", "GUI_BAT_DATA_POWER", fl(battery))
    device.set("ENERGY", "GUI_GRID_POW", fl(grid))
    device.set("ENERGY", "GUI_HOUSE_POW", fl(pv + grid - battery))


def car(account: FakeMyenergi, watts: int) -> None:
    """The zappi charges with watts (the hub leaves 0 out)."""
    account.zappi["div"] = watts
    account.zappi["pst"] = "C2" if watts else "B2"


def entity_id(hass: HomeAssistant, platform: str, unique_id: str) -> str | None:
    return er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)


def car_state(hass: HomeAssistant, key: str, platform: str = "sensor") -> State:
    """The state of a car entity of the zappi."""
    eid = entity_id(hass, platform, f"zappi_{SERIAL}_{key}")
    assert eid is not None, key
    state = hass.states.get(eid)
    assert state is not None, eid
    return state


def house_state(hass: HomeAssistant, key: str) -> State:
    eid = entity_id(hass, "sensor", f"{SENEC_DEVICE_ID}_{key}")
    assert eid is not None
    state = hass.states.get(eid)
    assert state is not None
    return state


async def senec_poll(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    await poll(hass, freezer, entry.runtime_data)


@pytest.fixture
def evening(senec_device: FakeSenec, myenergi_account: FakeMyenergi) -> None:
    """No sun, the battery discharges 2500 W, 100 W import, the car draws 2000 W."""
    flows(senec_device, 0, -2500, 100)
    car(myenergi_account, 2000)


def test_pair_rules() -> None:
    """One of each pairs automatically; chosen zappis win; more entries need choices."""
    assert pair({"s": None}, {"m": ["z1", "z2"]}) == {"z1": "s", "z2": "s"}
    assert pair({"s": ["z2"]}, {"m": ["z1", "z2"]}) == {"z2": "s"}
    assert pair({"s": []}, {"m": ["z1"]}) == {}
    assert pair({"s": None, "t": ["z1"]}, {"m": ["z1", "z2"]}) == {"z1": "t"}
    assert pair({"s": None}, {"m": ["z1"], "n": ["z2"]}) == {}
    assert pair({"s": ["z9"]}, {"m": ["z1"]}) == {}  # not listed by any hub
    assert pair({}, {"m": ["z1"]}) == {}


@pytest.mark.usefixtures("evening")
@pytest.mark.parametrize("senec_first", [True, False])
async def test_automatic_pairing_in_either_order(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    senec_first: bool,
) -> None:
    """One unit and one hub: the zappi's car entities appear on its device."""
    for entry in (senec_entry, myenergi_entry)[:: 1 if senec_first else -1]:
        await setup_entry(hass, entry)
    await senec_poll(hass, freezer, senec_entry)
    # 2600 W house: 2500 battery, 100 grid; the car gets that mix.
    assert float(car_state(hass, "car_power_from_battery").state) == pytest.approx(
        2000 * 2500 / 2600, abs=0.5
    )
    assert float(car_state(hass, "car_power_from_grid").state) == pytest.approx(
        2000 * 100 / 2600, abs=0.5
    )
    assert float(car_state(hass, "car_power_from_solar").state) == 0
    assert float(house_state(hass, "solar_surplus").state) == 0
    registry = er.async_get(hass)
    eid = car_state(hass, "car_energy_from_battery").entity_id
    entity = registry.async_get(eid)
    assert entity is not None
    assert entity.config_entry_id == myenergi_entry.entry_id
    device = dr.async_get(hass).async_get(entity.device_id or "")
    assert device is not None
    assert (DOMAIN, f"zappi_{SERIAL}") in device.identifiers
    devices = dr.async_get(hass)
    # The zappi's device is the myenergi entry's only (works on both lines).
    assert device.id in {
        d.id
        for d in dr.async_entries_for_config_entry(devices, myenergi_entry.entry_id)
    }
    assert device.id not in {
        d.id for d in dr.async_entries_for_config_entry(devices, senec_entry.entry_id)
    }
    house = registry.async_get(house_state(hass, "solar_surplus").entity_id)
    assert house is not None
    assert house.config_entry_id == senec_entry.entry_id


@pytest.mark.usefixtures("evening")
async def test_home_battery_charging_the_car_turns_on_and_off(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """On after three polls with the battery in the car, off three polls after."""
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    key = "home_battery_charging_car"
    # Paired after the SENEC's first answer: the view starts with the next poll.
    assert car_state(hass, key, "binary_sensor").state == STATE_UNAVAILABLE
    for _ in range(2):
        await senec_poll(hass, freezer, senec_entry)
        assert car_state(hass, key, "binary_sensor").state == STATE_OFF
    await senec_poll(hass, freezer, senec_entry)
    assert car_state(hass, key, "binary_sensor").state == STATE_ON
    flows(senec_device, 0, 0, 2600)  # the battery is empty: all grid
    for _ in range(2):
        await senec_poll(hass, freezer, senec_entry)
        assert car_state(hass, key, "binary_sensor").state == STATE_ON
    await senec_poll(hass, freezer, senec_entry)
    assert car_state(hass, key, "binary_sensor").state == STATE_OFF


@pytest.mark.usefixtures("evening")
async def test_chosen_zappis_and_option_change(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
) -> None:
    """Automatic off with no zappi chosen: no car entities until one is chosen."""
    senec_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        senec_entry, options={CONF_HOUSE_AUTOMATIC: False, CONF_HOUSE_ZAPPIS: []}
    )
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    assert entity_id(hass, "sensor", f"zappi_{SERIAL}_car_power_from_grid") is None
    hass.config_entries.async_update_entry(
        senec_entry,
        options={CONF_HOUSE_AUTOMATIC: False, CONF_HOUSE_ZAPPIS: [SERIAL]},
    )
    await hass.config_entries.async_reload(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert float(car_state(hass, "car_power_from_grid").state) > 0


@pytest.mark.usefixtures("evening")
async def test_reload_and_removal_of_either_entry(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Reloads keep the running totals (never twice, never from zero); removal unpairs."""
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    for _ in range(4):
        await senec_poll(hass, freezer, senec_entry)
    before = float(car_state(hass, "car_energy_from_battery").state)
    assert before > 0
    step = 2000 * 2500 / 2600 * 31 / 3.6e6  # one poll interval's kWh
    await hass.config_entries.async_reload(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    await senec_poll(hass, freezer, senec_entry)
    # The poll after the reload joins the one before: one interval, not two.
    after = float(car_state(hass, "car_energy_from_battery").state)
    assert after == pytest.approx(before + step, abs=0.0015)
    await hass.config_entries.async_reload(senec_entry.entry_id)
    await hass.async_block_till_done()
    await senec_poll(hass, freezer, senec_entry)
    # The reload's first answer comes at the time of the last poll (no time
    # passed): it adds nothing; the poll after it one interval.
    again = float(car_state(hass, "car_energy_from_battery").state)
    assert again == pytest.approx(after + step, abs=0.0015)
    await hass.config_entries.async_remove(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert car_state(hass, "car_energy_from_battery").state == STATE_UNAVAILABLE


async def test_removing_the_hub_leaves_the_house_without_cars(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    myenergi_account: FakeMyenergi,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Without the hub the whole load is the house's: the surplus counts no car."""
    flows(senec_device, 3000, 0, -1000)  # a 2 kW load, all of it the car
    car(myenergi_account, 2000)
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    await senec_poll(hass, freezer, senec_entry)
    assert float(house_state(hass, "solar_surplus").state) == pytest.approx(3000)
    await hass.config_entries.async_remove(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    await senec_poll(hass, freezer, senec_entry)
    assert float(house_state(hass, "solar_surplus").state) == pytest.approx(1000)
    assert entity_id(hass, "sensor", f"zappi_{SERIAL}_car_power_from_grid") is None


@pytest.mark.usefixtures("evening")
async def test_stale_zappi_makes_the_car_unavailable_logged_once(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    myenergi_account: FakeMyenergi,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A zappi that stops reporting: its house view goes, once; and comes back."""
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    myenergi_account.clock_running = False
    for _ in range(24):  # 12 minutes of SENEC polls
        await senec_poll(hass, freezer, senec_entry)
    assert car_state(hass, "car_power_from_grid").state == STATE_UNAVAILABLE
    assert house_state(hass, "solar_surplus").state == STATE_UNAVAILABLE
    assert len(log_lines(caplog, "House view of zappi Driveway unavailable")) == 1
    myenergi_account.clock_running = True
    await tick(hass, freezer, 61)
    await senec_poll(hass, freezer, senec_entry)
    assert car_state(hass, "car_power_from_grid").state != STATE_UNAVAILABLE
    assert len(log_lines(caplog, "House view of zappi Driveway is back")) == 1
    assert SERIAL not in caplog.text


async def test_zappi_on_another_meter_raises_a_repair_issue(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    myenergi_account: FakeMyenergi,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A zappi drawing 5 kW in a 600 W house: after five polls, unavailable and an issue."""
    flows(senec_device, 0, -500, 100)
    car(myenergi_account, 5312)
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    issues = ir.async_get(hass)
    issue = f"{ISSUE_ZAPPI_NOT_IN_HOUSE}_{senec_entry.entry_id}"
    for _ in range(4):
        await senec_poll(hass, freezer, senec_entry)
    assert issues.async_get_issue(DOMAIN, issue) is None
    assert car_state(hass, "car_power_from_grid").state != STATE_UNAVAILABLE
    await senec_poll(hass, freezer, senec_entry)
    found = issues.async_get_issue(DOMAIN, issue)
    assert found is not None
    assert found.translation_placeholders == {
        "zappis": "zappi Driveway",
        "house": senec_entry.title,
    }
    assert car_state(hass, "car_power_from_grid").state == STATE_UNAVAILABLE
    # Unpaired in the options: the issue goes with the reload.
    hass.config_entries.async_update_entry(
        senec_entry, options={CONF_HOUSE_AUTOMATIC: False, CONF_HOUSE_ZAPPIS: []}
    )
    await hass.config_entries.async_reload(senec_entry.entry_id)
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, issue) is None


@pytest.mark.usefixtures("evening")
async def test_restart_continues_the_stored_totals(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The stored kWh and today's counters continue after a restart, added once."""
    energy = "sensor.driveway_car_energy_from_battery"
    share = "sensor.driveway_solar_share_today"
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(energy, "10.0"),
                {"native_value": 10.0, "native_unit_of_measurement": "kWh"},
            ),
            (
                State(share, "50"),
                {
                    "native_value": 50,
                    "native_unit_of_measurement": "%",
                    "ledger": {
                        "today": {"solar": 1.0, "battery": 1.0, "grid": 0.0},
                        "session": {"solar": 1.0, "battery": 1.0, "grid": 0.0},
                        "day": freezer().date().isoformat(),  # type: ignore[attr-defined]
                        "unplugged": False,
                    },
                },
            ),
        ],
    )
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    assert car_state(hass, "car_energy_from_battery").entity_id == energy
    await senec_poll(hass, freezer, senec_entry)  # the first sample
    assert float(hass.states.get(energy).state) == 10  # type: ignore[union-attr]
    await senec_poll(hass, freezer, senec_entry)
    added = 2000 * 2500 / 2600 * 31 / 3.6e6
    assert float(hass.states.get(energy).state) == pytest.approx(10 + added, abs=0.001)  # type: ignore[union-attr]
    # Today: 1 kWh solar of 2 kWh plus what the battery added now.
    assert float(hass.states.get(share).state) == pytest.approx(  # type: ignore[union-attr]
        100 / (2 + added + 100 / 2600 * 2000 * 31 / 3.6e6), abs=0.5
    )
    await hass.config_entries.async_reload(myenergi_entry.entry_id)
    await hass.async_block_till_done()
    await senec_poll(hass, freezer, senec_entry)
    # The stored 10 kWh are not added a second time by the reload.
    assert float(hass.states.get(energy).state) == pytest.approx(
        10 + 2 * added, abs=0.001
    )  # type: ignore[union-attr]


@pytest.mark.usefixtures("evening")
async def test_diagnostics_name_no_paired_serial(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Chosen zappis are serials: redacted; the house view is shown by name."""
    senec_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        senec_entry,
        options={CONF_HOUSE_AUTOMATIC: False, CONF_HOUSE_ZAPPIS: [SERIAL]},
    )
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    await senec_poll(hass, freezer, senec_entry)
    diagnostics = await async_get_config_entry_diagnostics(hass, senec_entry)
    assert SERIAL not in json.dumps(diagnostics, default=str)
    house = diagnostics["house_view"]
    assert house["automatic"] is False
    (zappi,) = house["cars"]
    assert zappi["name"] == "zappi Driveway"
    assert zappi["power_w"]["battery"] == pytest.approx(2000 * 2500 / 2600, abs=0.5)


@pytest.mark.usefixtures("evening")
async def test_options_offer_the_zappis_by_name(
    hass: HomeAssistant,
    senec_entry: MockConfigEntry,
    myenergi_entry: MockConfigEntry,
) -> None:
    """The SENEC options list every loaded hub's zappis by name and store the choice."""
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    result = await hass.config_entries.options.async_init(senec_entry.entry_id)
    schema = result["data_schema"].schema
    zappis = next(key for key in schema if key == CONF_HOUSE_ZAPPIS)
    assert zappis.default() == [SERIAL]  # automatic: today's pair
    assert schema[zappis].config["options"] == [{"value": SERIAL, "label": "Driveway"}]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"scan_interval": 30, CONF_HOUSE_AUTOMATIC: False, CONF_HOUSE_ZAPPIS: []},
    )
    await hass.async_block_till_done()
    assert senec_entry.options[CONF_HOUSE_AUTOMATIC] is False
    assert senec_entry.options[CONF_HOUSE_ZAPPIS] == []
    # The reload applied it: the zappi is no longer in the house.
    assert car_state(hass, "car_power_from_grid").state == STATE_UNAVAILABLE
