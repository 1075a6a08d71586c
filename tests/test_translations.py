"""Translations: every entity name and state in English and German, none unused.

Descriptions are imported from every family (SENEC, SENEC kWh totals, zappi),
so a new description without texts, or a text left behind after a rename,
fails here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.components.select import SelectEntityDescription
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.helpers.entity import EntityDescription
import pytest
import yaml

from custom_components.senec_zappi.descriptions.house import (
    CAR_BINARY_SENSORS,
    CAR_ENERGY_SENSORS,
    CAR_POWER_SENSORS,
    CAR_SHARE_SENSORS,
    HOUSE_SENSORS,
)
from custom_components.senec_zappi.descriptions.hub import HUB_SENSORS
from custom_components.senec_zappi.descriptions.senec import (
    SENEC_BINARY_SENSORS,
    SENEC_BUTTONS,
    SENEC_ENERGY_SENSORS,
    SENEC_SENSORS,
    SENEC_SWITCHES,
)
from custom_components.senec_zappi.descriptions.zappi import (
    ZAPPI_SENSORS,
    ct_clamp_description,
)
from custom_components.senec_zappi.descriptions.zappi_controls import (
    ZAPPI_BOOST_ENERGY,
    ZAPPI_BUTTONS,
    ZAPPI_LAST_COMMAND,
    ZAPPI_NUMBERS,
    ZAPPI_READY_BY,
    ZAPPI_SELECTS,
)
from custom_components.senec_zappi.descriptions.zappi_energy import (
    ZAPPI_ENERGY_SENSORS,
    ZAPPI_LIFETIME_SENSORS,
)
from custom_components.senec_zappi.descriptions.zappi_flags import ZAPPI_BINARY_SENSORS
from custom_components.senec_zappi.myenergi import CtClamp

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "senec_zappi"
LANGUAGES = ("en", "de")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

DESCRIPTIONS: dict[str, tuple[EntityDescription, ...]] = {
    "sensor": (
        *SENEC_SENSORS,
        *SENEC_ENERGY_SENSORS,
        *ZAPPI_SENSORS,
        *ZAPPI_ENERGY_SENSORS,
        *ZAPPI_LIFETIME_SENSORS,
        *HUB_SENSORS,
        ct_clamp_description(CtClamp(index=1, name="Grid", power_w=0)),
        ct_clamp_description(CtClamp(index=2, name="Grid", power_w=0), numbered=True),
        *CAR_POWER_SENSORS,
        *CAR_ENERGY_SENSORS,
        *CAR_SHARE_SENSORS,
        *HOUSE_SENSORS,
    ),
    "binary_sensor": (
        *SENEC_BINARY_SENSORS,
        *ZAPPI_BINARY_SENSORS,
        *CAR_BINARY_SENSORS,
    ),
    "switch": SENEC_SWITCHES,
    "button": (*SENEC_BUTTONS, *ZAPPI_BUTTONS),
    "select": (*ZAPPI_SELECTS, ZAPPI_READY_BY),
    "number": (*ZAPPI_NUMBERS, ZAPPI_BOOST_ENERGY),
    "event": (ZAPPI_LAST_COMMAND,),
}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACKAGE / name).read_text(encoding="utf-8"))
    return data


def _by_key(
    descriptions: Iterable[EntityDescription],
) -> dict[str, list[EntityDescription]]:
    keys: dict[str, list[EntityDescription]] = defaultdict(list)
    for description in descriptions:
        if description.translation_key is not None:
            keys[description.translation_key].append(description)
    return keys


def _structure(value: Any, path: str = "") -> set[str]:
    """Every key path of a JSON object."""
    if not isinstance(value, dict):
        return set()
    paths: set[str] = set()
    for key, child in value.items():
        paths.add(f"{path}/{key}")
        paths |= _structure(child, f"{path}/{key}")
    return paths


def _options(descriptions: list[EntityDescription]) -> set[str]:
    """Enum options, and the fixed states a text sensor shows ("no_error")."""
    return {
        option
        for description in descriptions
        if getattr(description, "device_class", None) is SensorDeviceClass.ENUM
        or isinstance(description, SelectEntityDescription)
        for option in getattr(description, "options", None) or ()
    } | {
        state
        for description in descriptions
        for state in getattr(description, "fixed_states", ())
    }


# A binary sensor may name its two states in words that fit it ("Importing").
ON_OFF = {"on", "off"}


def test_en_and_de_have_the_same_structure() -> None:
    """Both files hold the same keys everywhere: config, options, entity, exceptions."""
    assert _structure(_load("translations/en.json")) == _structure(
        _load("translations/de.json")
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("platform", sorted(DESCRIPTIONS))
def test_every_name_and_state_is_translated(language: str, platform: str) -> None:
    """Each translation key has a name; each enum option has a state text."""
    texts = _load(f"translations/{language}.json")["entity"][platform]
    for key, descriptions in _by_key(DESCRIPTIONS[platform]).items():
        assert key in texts, f"{language}: {platform}.{key} has no name"
        assert texts[key].get("name"), f"{language}: {platform}.{key} has no name"
        states = texts[key].get("state", {})
        for option in _options(descriptions):
            assert states.get(option), f"{language}: {key}.{option} has no text"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entity_text_is_unused(language: str) -> None:
    """Every name and state text belongs to a description and an option."""
    entity = _load(f"translations/{language}.json")["entity"]
    assert set(entity) == set(DESCRIPTIONS)
    for platform, texts in entity.items():
        used = _by_key(DESCRIPTIONS[platform])
        assert set(texts) == set(used), platform
        for key, text in texts.items():
            states = set(text.get("state", {}))
            if platform == "binary_sensor" and states:
                assert states == ON_OFF, key
            else:
                assert states == _options(used[key]), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_provided(language: str) -> None:
    """Each {placeholder} of a name is filled by every description using it."""
    entity = _load(f"translations/{language}.json")["entity"]
    for platform, texts in entity.items():
        for key, descriptions in _by_key(DESCRIPTIONS[platform]).items():
            wanted = set(PLACEHOLDER.findall(texts[key]["name"]))
            for description in descriptions:
                given = set(description.translation_placeholders or {})
                assert given == wanted, f"{language}: {description.key}"


def test_every_family_has_an_icon() -> None:
    """icons.json covers every translation key without a device class, nothing else.

    A key whose entities all have a device class may go without an icon: the
    device class gives one (by state or level for batteries, plugs, problems),
    and a static icon would hide it.
    """
    icons = _load("icons.json")["entity"]
    for platform, descriptions in DESCRIPTIONS.items():
        used = _by_key(descriptions)
        assert set(icons[platform]) <= set(used), platform
        for key, family in used.items():
            if key not in icons[platform]:
                assert all(d.device_class is not None for d in family), key
        for key, icon in icons[platform].items():
            assert icon["default"].startswith("mdi:")
            assert set(icon.get("state", {})) <= _options(used[key]) | {"on", "off"}
            for bound, name in icon.get("range", {}).items():
                float(bound)  # a number, as range icons need
                assert name.startswith("mdi:"), key


def test_every_action_is_described_and_has_an_icon() -> None:
    """Each action of services.yaml has a name, a description and field texts."""
    actions = yaml.safe_load((PACKAGE / "services.yaml").read_text(encoding="utf-8"))
    icons = _load("icons.json")["services"]
    assert set(icons) == set(actions)
    for language in LANGUAGES:
        texts = _load(f"translations/{language}.json")["services"]
        assert set(texts) == set(actions), language
        for action, spec in actions.items():
            assert texts[action]["name"]
            assert texts[action]["description"]
            fields = texts[action]["fields"]
            assert set(fields) == set(spec["fields"]), f"{language}: {action}"
            assert all(f["name"] and f["description"] for f in fields.values())


def test_every_command_error_is_translated() -> None:
    """Each translation key the command and action code raises has a message."""
    source = "".join(
        (PACKAGE / name).read_text(encoding="utf-8")
        for name in ("errors.py", "controls.py", "services.py")
    )
    keys = set(re.findall(r'"(zappi_[a-z_]+)"', source))
    assert "zappi_busy" in keys
    for language in LANGUAGES:
        messages = _load(f"translations/{language}.json")["exceptions"]
        assert keys <= set(messages), language
