"""quality_scale.yaml: every rule of the quality scale, each with a true status."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re
import tomllib

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "senec_zappi"
ROOT = PACKAGE.parents[1]

# The rules of the Integration Quality Scale (developers.home-assistant.io,
# "Integration quality scale rules"), per tier.
RULES = {
    "bronze": {
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow-test-coverage",
        "config-flow",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    },
    "silver": {
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    },
    "gold": {
        "devices",
        "diagnostics",
        "discovery-update-info",
        "discovery",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    },
    "platinum": {"async-dependency", "inject-websession", "strict-typing"},
}


def _rules() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((PACKAGE / "quality_scale.yaml").read_text())
    return {
        name: value if isinstance(value, dict) else {"status": value}
        for name, value in data["rules"].items()
    }


def test_every_rule_has_a_status() -> None:
    """All rules of every tier, nothing else; exempt and todo say why."""
    rules = _rules()
    assert set(rules) == set().union(*RULES.values())
    for name, rule in rules.items():
        assert rule["status"] in {"done", "exempt", "todo"}, name
        if rule["status"] != "done":
            assert rule.get("comment", "").strip(), name


def _source(name: str) -> str:
    path = PACKAGE / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _code() -> str:
    """Every Python module of the integration, as one text."""
    return "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))
    )


def _json(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _readme_has(*sections: str) -> bool:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return all(f"\n{section}\n" in readme for section in sections)


def _translations() -> dict[str, dict[str, object]]:
    return {
        lang: _json(PACKAGE / "translations" / f"{lang}.json") for lang in ("en", "de")
    }


def _every_field_described() -> bool:
    for translation in _translations().values():
        for flow in ("config", "options"):
            steps = translation[flow]["step"]  # type: ignore[index]
            for step in steps.values():
                if set(step.get("data", {})) - set(step.get("data_description", {})):
                    return False
    return True


def _platform_modules() -> list[str]:
    return [
        path.stem
        for path in PACKAGE.glob("*.py")
        if re.search(
            r"^async_setup_entry\b|^async def async_setup_entry", path.read_text(), re.M
        )
        and path.stem != "__init__"
    ]


def _brand_agrees_with_hacs() -> bool:
    """Local brand images, shown from 2026.3 on; older releases HACS allows are told."""
    minimum = str(_json(ROOT / "hacs.json")["homeassistant"])
    parts = tuple(int(part) for part in minimum.split(".")[:2])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return (PACKAGE / "brand" / "icon.png").exists() and (
        parts >= (2026, 3) or "placeholder image" in readme
    )


def _dhcp_follows_registered_devices() -> bool:
    manifest = _json(PACKAGE / "manifest.json")
    return {"registered_devices": True} in manifest.get("dhcp", []) and (  # type: ignore[operator]
        "async def async_step_dhcp" in _source("config_flow.py")
    )


def _coverage_gate() -> bool:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return float(pyproject["tool"]["coverage"]["report"]["fail_under"]) >= 95


def _strict_typing() -> bool:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["mypy"].get("strict") is True


# What in the code makes each rule done; a rule marked done without an entry
# here, or whose entry fails, is a claim the code does not back.
EVIDENCE: dict[str, Callable[[], bool]] = {
    "action-setup": lambda: (
        "async_setup_services(hass)" in _source("__init__.py")
        and (PACKAGE / "services.yaml").exists()
    ),
    "appropriate-polling": lambda: (
        "minimum" in _source("const.py")
        and "CONF_SCAN_INTERVAL" in _source("config_flow.py")
    ),
    "brands": _brand_agrees_with_hacs,
    "common-modules": lambda: all(
        _source(name)
        for name in ("coordinator.py", "runtime.py", "controls.py", "entity.py")
    ),
    "config-flow-test-coverage": lambda: (
        ROOT / "tests" / "test_config_flow.py"
    ).exists(),
    "config-flow": lambda: (
        _source("manifest.json") != ""
        and _json(PACKAGE / "manifest.json")["config_flow"] is True
        and _every_field_described()
    ),
    "docs-actions": lambda: (
        (PACKAGE / "services.yaml").exists() and _readme_has("## Controls")
    ),
    "docs-high-level-description": lambda: (
        (ROOT / "README.md").read_text(encoding="utf-8").startswith("# ")
    ),
    "docs-installation-instructions": lambda: _readme_has("## Installation"),
    "docs-removal-instructions": lambda: _readme_has("## Removal"),
    "entity-event-setup": lambda: "async_on_remove" in _source("entity.py"),
    "entity-unique-id": lambda: "_attr_unique_id" in _source("entity.py"),
    "has-entity-name": lambda: "_attr_has_entity_name = True" in _source("entity.py"),
    "runtime-data": lambda: (
        "entry.runtime_data =" in _source("__init__.py")
        and "hass.data[DOMAIN]" not in _code()
    ),
    "test-before-configure": lambda: (
        "errors" in _source("config_flow.py")
        and "read_identity" in _source("config_flow.py")
    ),
    "test-before-setup": lambda: "ConfigEntryNotReady" in _source("__init__.py"),
    "unique-config-entry": lambda: (
        "_abort_if_unique_id_configured" in _source("config_flow.py")
    ),
    "action-exceptions": lambda: (
        "translation_key" in _source("services.py") or "HomeAssistantError" in _code()
    ),
    "config-entry-unloading": lambda: (
        "async def async_unload_entry" in _source("__init__.py")
    ),
    "docs-configuration-parameters": lambda: _readme_has("### Options"),
    "docs-installation-parameters": lambda: _readme_has("## Configuration"),
    "entity-unavailable": lambda: "UpdateFailed" in _code(),
    "integration-owner": lambda: bool(_json(PACKAGE / "manifest.json")["codeowners"]),
    "log-when-unavailable": lambda: "UpdateFailed" in _code(),
    "parallel-updates": lambda: all(
        "PARALLEL_UPDATES =" in _source(f"{platform}.py")
        for platform in _platform_modules()
    ),
    "reauthentication-flow": lambda: (
        "async def async_step_reauth" in _source("config_flow.py")
    ),
    "test-coverage": _coverage_gate,
    "devices": lambda: "DeviceInfo(" in _source("entity.py"),
    "diagnostics": lambda: (
        "async_get_config_entry_diagnostics" in _source("diagnostics.py")
    ),
    "discovery-update-info": _dhcp_follows_registered_devices,
    "docs-data-update": lambda: _readme_has("## Data updates"),
    "docs-examples": lambda: _readme_has("## Use cases and examples"),
    "docs-known-limitations": lambda: _readme_has("## Known limitations"),
    "docs-supported-devices": lambda: _readme_has("## Supported devices and firmware"),
    "docs-supported-functions": lambda: _readme_has("## Entities"),
    "docs-troubleshooting": lambda: _readme_has("## Troubleshooting"),
    "docs-use-cases": lambda: _readme_has("## Use cases and examples"),
    "dynamic-devices": lambda: "async_on_new_devices" in _source("entity.py"),
    "entity-category": lambda: "EntityCategory" in _code(),
    "entity-device-class": lambda: "SensorDeviceClass" in _code(),
    "entity-disabled-by-default": lambda: "entity_registry_enabled_default" in _code(),
    "entity-translations": lambda: (
        "translation_key" in _code()
        and all("entity" in t for t in _translations().values())
    ),
    "exception-translations": lambda: all(
        "exceptions" in t for t in _translations().values()
    ),
    "icon-translations": lambda: (PACKAGE / "icons.json").exists(),
    "reconfiguration-flow": lambda: (
        "async def async_step_reconfigure" in _source("config_flow.py")
    ),
    "repair-issues": lambda: (
        (PACKAGE / "repairs.py").exists()
        and all("issues" in t for t in _translations().values())
    ),
    "stale-devices": lambda: (
        "async_remove_config_entry_device" in _source("__init__.py")
        and "async_remove_device" in _code()
    ),
    "inject-websession": lambda: (
        "async_get_clientsession" in _source("__init__.py")
        and "async_create_clientsession" in _source("__init__.py")
    ),
    "strict-typing": _strict_typing,
    # Rules the vendored clients cannot meet: done only once they are on PyPI.
    "dependency-transparency": lambda: bool(
        _json(PACKAGE / "manifest.json")["requirements"]
    ),
    "async-dependency": lambda: bool(_json(PACKAGE / "manifest.json")["requirements"]),
}
# Exempt rules and what must stay true for the exemption to hold.
EXEMPTION_HOLDS: dict[str, Callable[[], bool]] = {
    "docs-conditions": lambda: not (PACKAGE / "device_condition.py").exists(),
    "docs-triggers": lambda: not (PACKAGE / "device_trigger.py").exists(),
    "discovery": lambda: (
        not {"zeroconf", "ssdp", "dhcp_matchers"}
        & set(_json(PACKAGE / "manifest.json"))
        and all(
            set(matcher) == {"registered_devices"}
            for matcher in _json(PACKAGE / "manifest.json").get("dhcp", [])  # type: ignore[attr-defined]
        )
    ),
}


@pytest.mark.parametrize("name", sorted(set().union(*RULES.values())))
def test_status_matches_the_code(name: str) -> None:
    """A rule is done exactly when the code shows it; an exemption still holds."""
    rule = _rules()[name]
    if rule["status"] == "exempt":
        assert EXEMPTION_HOLDS[name](), f"{name}: the reason for the exemption is gone"
        return
    evidence = EVIDENCE[name]()
    if rule["status"] == "done":
        assert evidence, f"{name} is marked done, but the code does not show it"
    else:
        assert not evidence, f"{name} is marked todo, but the code shows it done"


def test_todo_rules_the_code_cannot_meet_yet() -> None:
    """The vendored clients: both rules name them; stale zappis until removed by itself."""
    rules = _rules()
    for name in ("dependency-transparency", "async-dependency"):
        assert rules[name]["status"] == "todo", name
        assert "vendored" in rules[name]["comment"], name
    assert "interval is an option" in rules["appropriate-polling"]["comment"]
    assert "because" in rules["appropriate-polling"]["comment"]
