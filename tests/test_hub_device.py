"""The myenergi hub device, and entry titles an owner recognises."""

from __future__ import annotations

from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.senec_zappi.const import DOMAIN
from custom_components.senec_zappi.myenergi import MyenergiConnectionError
from custom_components.senec_zappi.senec import SenecIdentity
from custom_components.senec_zappi.titles import myenergi_title, senec_title

from .conftest import HUB_SERIAL, FakeMyenergi, FakeSenec
from .helpers import device_of, setup_entry

pytestmark = pytest.mark.freeze_time("2021-07-26 03:00:00+00:00")


def _entity_id(registry: er.EntityRegistry, key: str) -> str:
    entity_id = registry.async_get_entity_id(
        "sensor", DOMAIN, f"hub_{HUB_SERIAL}_{key}"
    )
    assert entity_id is not None
    return entity_id


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_hub_device_and_its_entities(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Serial, firmware, server and the newest reading, on the hub's device."""
    await setup_entry(hass, myenergi_entry)
    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    assert hub is not None
    assert hub.serial_number == HUB_SERIAL
    assert hub.sw_version == "3401S3.051"
    assert hub.name == "myenergi Hub ···5678"

    firmware = _entity_id(entity_registry, "hub_firmware")
    server = _entity_id(entity_registry, "hub_server")
    reading = _entity_id(entity_registry, "last_reading")
    for entity_id in (firmware, server, reading):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.device_id == hub.id
        assert entry.entity_category is EntityCategory.DIAGNOSTIC
    assert hass.states.get(firmware).state == "3401S3.051"
    assert hass.states.get(server).state == "director.myenergi.net"
    # The fake hub's zappi reads at the current time (dat/tim, UTC).
    assert hass.states.get(reading).state == "2021-07-26T03:00:00+00:00"


async def test_hub_without_its_element(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A full status that fails: no firmware, and no entity that reads unknown."""

    async def no_hub() -> None:
        raise MyenergiConnectionError("down")

    myenergi_account.get_hub = no_hub  # type: ignore[method-assign,assignment]
    await setup_entry(hass, myenergi_entry)
    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    assert hub is not None
    assert hub.sw_version is None
    assert (
        entity_registry.async_get_entity_id(
            "sensor", DOMAIN, f"hub_{HUB_SERIAL}_hub_firmware"
        )
        is None
    )
    assert _entity_id(entity_registry, "hub_server")


async def test_hub_values_that_change_every_poll_start_disabled(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Last reading changes with every poll (a Logbook line a minute): disabled.

    The firmware is the device's: disabled too. The server stays enabled.
    """
    await setup_entry(hass, myenergi_entry)
    shown = {
        key: entity_registry.async_get(_entity_id(entity_registry, key))
        for key in ("last_reading", "hub_firmware", "hub_server")
    }
    assert {key: entry.disabled_by for key, entry in shown.items() if entry} == {
        "last_reading": er.RegistryEntryDisabler.INTEGRATION,
        "hub_firmware": er.RegistryEntryDisabler.INTEGRATION,
        "hub_server": None,
    }


async def test_old_default_titles_are_replaced(
    hass: HomeAssistant,
    senec_device: FakeSenec,
    senec_entry: MockConfigEntry,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
) -> None:
    """ "SENEC SENEC.Inverter V3 LV" and a bare "myenergi" become recognisable."""
    assert senec_entry.title == "SENEC SENEC.Inverter V3 LV"
    assert myenergi_entry.title == "myenergi"
    await setup_entry(hass, senec_entry)
    await setup_entry(hass, myenergi_entry)
    assert senec_entry.title == "SENEC V3 LV ···0519"
    assert myenergi_entry.title == "myenergi Hub ···5678"


@pytest.mark.parametrize(
    ("identity", "title"),
    [
        (SenecIdentity(battery_type=4, serial="783234JD0519"), "SENEC V3 LV ···0519"),
        (SenecIdentity(battery_type=3, device_id="123456"), "SENEC V2.1 ···3456"),
        (SenecIdentity(battery_type=2), "SENEC V2"),
        (SenecIdentity(battery_type=1, serial="42"), "SenecBatt ···42"),
        (SenecIdentity(), "SENEC Home V3"),
    ],
)
def test_senec_titles(identity: SenecIdentity, title: str) -> None:
    """The model once, then the serial's last digits."""
    assert senec_title(identity) == title


def test_myenergi_title() -> None:
    """The hub's serial tells two hubs apart."""
    assert myenergi_title("12345678") == "myenergi Hub ···5678"


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("myenergi hub ···5678", "myenergi Hub ···5678"),
        ("Garage hub", "Garage hub"),
    ],
)
async def test_earlier_hub_title_reads_in_both_languages(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    title: str,
    shown: str,
) -> None:
    """The English default of earlier versions becomes the neutral one; own titles stay."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=myenergi_entry.unique_id,
        data=dict(myenergi_entry.data),
    )
    await setup_entry(hass, entry)
    assert entry.title == shown


async def test_hub_named_after_the_site(
    hass: HomeAssistant,
    myenergi_account: FakeMyenergi,
    myenergi_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The site name the owner gave in the app names the hub device."""

    async def names() -> dict[str, str]:
        return {"siteName": "Home", "16000001": "Driveway"}

    myenergi_account.get_names = names  # type: ignore[method-assign]
    await setup_entry(hass, myenergi_entry)
    hub = device_of(device_registry, myenergi_entry, (DOMAIN, f"hub_{HUB_SERIAL}"))
    assert hub is not None
    assert hub.name == "Home"
    assert myenergi_entry.title == "myenergi Hub ···5678"
