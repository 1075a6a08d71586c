"""What every blueprint file promises: valid, this integration's entities, linked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.util.yaml import load_yaml
import pytest

from .conftest import BLUEPRINTS

README = Path(__file__).parents[2] / "README.md"
REPOSITORY = "https://github.com/senec-zappi/senec_zappi"
FILES = sorted(path.name for path in BLUEPRINTS.glob("*.yaml"))
# Inputs that may come from any integration (a tariff's price sensor).
FOREIGN = {("cheap_grid_charge.yaml", "price")}


def _inputs(section: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every input, also those inside input sections."""
    for key, value in section.items():
        if "input" in value:
            yield from _inputs(value["input"])
        else:
            yield key, value


def test_three_blueprints() -> None:
    """One file per strategy of the issue."""
    assert FILES == [
        "battery_guard.yaml",
        "cheap_grid_charge.yaml",
        "sun_for_car.yaml",
    ]


@pytest.mark.parametrize("name", FILES)
def test_a_valid_automation_blueprint(name: str) -> None:
    """Home Assistant's own schema accepts it; its source is this repository."""
    blueprint = Blueprint(
        load_yaml(BLUEPRINTS / name),
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.metadata["source_url"] == (
        f"{REPOSITORY}/blob/main/blueprints/automation/senec_zappi/{name}"
    )
    assert "SENEC" in blueprint.metadata["description"]


@pytest.mark.parametrize("name", FILES)
def test_selectors_offer_only_this_integrations_entities(name: str) -> None:
    """Entity inputs are filtered to senec_zappi and one domain; all have defaults
    unless they name a device's entity."""
    data = load_yaml(BLUEPRINTS / name)
    for key, spec in _inputs(data["blueprint"]["input"]):
        assert spec.get("name"), key
        selector = spec["selector"]
        if "entity" not in selector:
            assert "default" in spec, f"{key} needs a safe default"
            continue
        (entity_filter,) = selector["entity"]["filter"]
        assert entity_filter["domain"] in {
            "sensor",
            "binary_sensor",
            "select",
            "switch",
        }
        if (name, key) not in FOREIGN:
            assert entity_filter["integration"] == "senec_zappi", key


@pytest.mark.parametrize("name", FILES)
def test_bounded_by_inputs(name: str) -> None:
    """Every blueprint has both bounds, with safe defaults, and runs one at a time."""
    data = load_yaml(BLUEPRINTS / name)
    inputs = dict(_inputs(data["blueprint"]["input"]))
    assert inputs["min_interval"]["default"] >= 10
    assert inputs["min_interval"]["selector"]["number"]["min"] >= 2
    assert inputs["max_per_hour"]["default"] <= 4
    assert inputs["max_per_hour"]["selector"]["number"]["max"] <= 20
    assert data["mode"] == "single"


@pytest.mark.parametrize("name", FILES)
def test_readme_links_the_import(name: str) -> None:
    """The README's "Ready-made automations" imports each file by its raw URL."""
    raw = (
        "https://raw.githubusercontent.com/senec-zappi/senec_zappi/main/"
        f"blueprints/automation/senec_zappi/{name}"
    )
    link = (
        "https://my.home-assistant.io/redirect/blueprint_import/?blueprint_url="
        + quote(raw, safe="")
    )
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Ready-made automations", 1)[1].split("\n## ", 1)[0]
    assert link in section
