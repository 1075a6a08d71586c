"""The demo's Home Assistant configuration (issue 26): editable, in Berlin time.

Core settings live in .storage as onboarding leaves them, so *Settings ->
System -> General* stays editable (an owner can switch the server language);
the time zone is the simulated house's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.core_config import ConfigSource
from homeassistant.util.unit_system import METRIC_SYSTEM

from scripts.lib.demo_config import (
    CORE_CONFIG,
    CORE_STORAGE,
    OLD_YAML_MARK,
    TIME_ZONE,
    prepare,
)


def test_fresh_demo_keeps_core_settings_out_of_yaml(tmp_path: Path) -> None:
    """YAML without a homeassistant: block; name, units, zone in the store."""
    assert prepare(tmp_path, 8123) == ["configuration.yaml", ".storage/core.config"]
    yaml_text = (tmp_path / "configuration.yaml").read_text(encoding="utf-8")
    assert "homeassistant:" not in yaml_text
    assert "server_port: 8123" in yaml_text
    stored = json.loads((tmp_path / ".storage" / "core.config").read_text())
    assert stored["key"] == "core.config"
    assert stored["data"]["time_zone"] == TIME_ZONE == "Europe/Berlin"
    assert stored["data"]["currency"] == "EUR"


def test_owner_changes_are_kept(tmp_path: Path) -> None:
    """A later start leaves what the owner set in Settings alone."""
    prepare(tmp_path, 8123)
    store = tmp_path / ".storage" / "core.config"
    changed = json.loads(store.read_text())
    changed["data"]["language"] = "de"
    store.write_text(json.dumps(changed))
    assert prepare(tmp_path, 8123) == []
    assert json.loads(store.read_text())["data"]["language"] == "de"


def test_an_earlier_demo_is_moved_to_storage(tmp_path: Path) -> None:
    """The YAML of earlier versions made Settings -> General read-only."""
    (tmp_path / "configuration.yaml").write_text(
        OLD_YAML_MARK + "  unit_system: metric\nhttp:\n", encoding="utf-8"
    )
    assert prepare(tmp_path, 8123) == ["configuration.yaml", ".storage/core.config"]
    assert "homeassistant:" not in (tmp_path / "configuration.yaml").read_text()


async def test_home_assistant_reads_the_store(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The store is in the format Home Assistant loads: settings editable."""
    hass_storage["core.config"] = {**CORE_STORAGE, "data": dict(CORE_CONFIG)}
    await hass.config.async_load()
    assert hass.config.config_source is ConfigSource.STORAGE
    assert hass.config.time_zone == "Europe/Berlin"
    assert hass.config.location_name == "SENEC + zappi demo"
    assert (hass.config.currency, hass.config.country) == ("EUR", "DE")
    assert hass.config.units is METRIC_SYSTEM
