"""icons.json as Home Assistant loads it, on both tested lines."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers.icon import async_get_icons

from custom_components.senec_zappi.const import DOMAIN

ICONS = (
    Path(__file__).resolve().parents[1] / "custom_components" / DOMAIN / "icons.json"
)
TRANSLATIONS = ICONS.parent / "translations" / "en.json"


async def test_home_assistant_loads_the_icons(hass: HomeAssistant) -> None:
    """Home Assistant reads every entity icon, range and state icons included."""
    loaded = await async_get_icons(hass, "entity", integrations={DOMAIN})
    on_disk = json.loads(ICONS.read_text(encoding="utf-8"))["entity"]
    assert loaded[DOMAIN] == on_disk
    assert loaded[DOMAIN]["sensor"]["backup_power_reserve"]["range"]["50"] == (
        "mdi:battery-50"
    )


def test_every_icon_key_has_a_name() -> None:
    """No icon for an entity the translations do not know."""
    icons = json.loads(ICONS.read_text(encoding="utf-8"))["entity"]
    names = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))["entity"]
    for platform, keys in icons.items():
        assert set(keys) <= set(names[platform]), platform
