"""quality_scale.yaml: every rule of the quality scale, each with a true status."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "senec_zappi"

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


def test_statuses_match_the_code() -> None:
    """The checkable claims: actions, brand images, repairs, README sections."""
    rules = _rules()
    has_actions = (PACKAGE / "services.yaml").exists()
    for name in ("action-setup", "docs-actions"):
        assert (rules[name]["status"] == "done") is has_actions, name
    platforms = {path.stem for path in PACKAGE.glob("*.py")}
    if platforms & {"switch", "button", "select", "number", "time"}:
        assert rules["action-exceptions"]["status"] == "done"
    assert rules["brands"]["status"] == "done"
    assert (PACKAGE / "brand" / "icon.png").exists()
    assert (PACKAGE / "repairs.py").exists()
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    for section, rule in (
        ("## Supported devices and firmware", "docs-supported-devices"),
        ("## Known limitations", "docs-known-limitations"),
        ("## Data updates", "docs-data-update"),
        ("## Use cases and examples", "docs-use-cases"),
        ("## Removal", "docs-removal-instructions"),
        ("## Troubleshooting", "docs-troubleshooting"),
    ):
        assert section in readme, rule
        assert rules[rule]["status"] == "done", rule
    manifest = json.loads((PACKAGE / "manifest.json").read_text())
    assert manifest["iot_class"] == "cloud_polling"
    assert manifest["codeowners"]
