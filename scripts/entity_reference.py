"""Print the README "Entity reference" table of the SENEC lala.cgi keys.

Run: .venv/bin/python scripts/entity_reference.py [--write]
Every key is one row: the entities that read it (from the descriptions), or
"not exposed" with the reason from scripts/senec_omitted.py. --write also stores the
table in docs/entity-reference.md and in README.md between its markers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
import json
from pathlib import Path
import sys
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.senec_zappi.descriptions.senec import (  # noqa: E402
    SENEC_BINARY_SENSORS,
    SENEC_ENERGY_SENSORS,
    SENEC_SENSORS,
    SENEC_SWITCHES,
)
from scripts.senec_omitted import OMITTED  # noqa: E402

PACKAGE = ROOT / "custom_components" / "senec_zappi"
OUTPUT = ROOT / "docs" / "entity-reference.md"
README = ROOT / "README.md"
START, END = "<!-- entity-reference:start -->", "<!-- entity-reference:end -->"
HEADER = (
    "| Section | Key | Entity | Unit | Device class | State class "
    "| Category | Enabled by default |\n"
    "|---|---|---|---|---|---|---|---|"
)


def _names() -> dict[str, dict[str, Any]]:
    data = json.loads((PACKAGE / "translations" / "en.json").read_text())
    entity: dict[str, dict[str, Any]] = data["entity"]
    return entity


def _values(values: Sequence[str]) -> str:
    """1/2/3 for a few placeholder values, 1…16 for a run of them."""
    unique = list(dict.fromkeys(values))
    if len(unique) <= 4:
        return "/".join(unique)
    return f"{unique[0]}…{unique[-1]}"


def _name(template: str, descriptions: Sequence[Any]) -> str:
    placeholders: dict[str, list[str]] = defaultdict(list)
    for description in descriptions:
        for name, value in (description.translation_placeholders or {}).items():
            placeholders[name].append(value)
    for name, values in placeholders.items():
        template = template.replace(f"{{{name}}}", _values(values))
    return template


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _entity_cells(platform: str, descriptions: Sequence[Any]) -> list[str]:
    first = descriptions[0]
    template = _names()[platform][first.translation_key]["name"]
    category = first.entity_category
    return [
        f"{platform}: {_name(template, descriptions)}",
        _text(getattr(first, "native_unit_of_measurement", None)),
        _text(first.device_class),
        _text(getattr(first, "state_class", None)),
        _text(category.value if category else None),
        "yes" if first.entity_registry_enabled_default else "no",
    ]


def _groups() -> dict[tuple[str, str], list[tuple[str, list[Any]]]]:
    """(section, key) -> [(platform, descriptions of one family)]."""
    families: dict[tuple[str, str, str, str | None], list[Any]] = {}
    platforms: Iterable[tuple[str, Sequence[Any]]] = (
        ("sensor", SENEC_SENSORS),
        ("binary_sensor", SENEC_BINARY_SENSORS),
        ("switch", SENEC_SWITCHES),
    )
    for platform, descriptions in platforms:
        for description in descriptions:
            family = (
                description.section,
                description.field,
                platform,
                description.translation_key,
            )
            families.setdefault(family, []).append(description)
    # kWh totals read a power (integrated) and, on older firmware, a counter.
    for description in SENEC_ENERGY_SENSORS:
        for section, field in (
            (description.section, description.power_field),
            ("STATISTIC", description.statistic_field),
        ):
            families[section, field, "sensor", description.translation_key] = [
                description
            ]
    groups: dict[tuple[str, str], list[tuple[str, list[Any]]]] = defaultdict(list)
    for (section, field, platform, _), descriptions in families.items():
        groups[section, field].append((platform, descriptions))
    return groups


def build_table() -> str:
    """The markdown table: one row per key, entities or the reason."""
    rows: dict[tuple[str, str], list[str]] = {}
    for (section, field), families in _groups().items():
        cells = [_entity_cells(platform, d) for platform, d in families]
        rows[section, field] = [
            "<br>".join(cell[column] or "-" for cell in cells) for column in range(6)
        ]
    for omitted in OMITTED:
        rows[omitted.section, omitted.key] = [
            f"not exposed: {omitted.reason}",
            *["-"] * 5,
        ]
    lines = [HEADER]
    for (section, key), cells in sorted(rows.items()):
        lines.append(f"| {section} | {key} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    """Print the table; with --write, also store it in docs/."""
    table = build_table()
    if "--write" in argv:
        OUTPUT.write_text(
            "# Entity reference\n\n"
            "Generated by `scripts/entity_reference.py` from the entity "
            "descriptions and `senec_omitted.py`: every lala.cgi key of a SENEC V3, "
            "the entities that show it, or why it is not exposed. Families "
            "list their members as 1/2/3 (MPP trackers, phases) or 1…16 (cells: "
            "as many as the module reports, 14 on NMC and 16 on LFP).\n\n" + table
        )
        readme = README.read_text()
        head, _, rest = readme.partition(START)
        _, _, tail = rest.partition(END)
        README.write_text(f"{head}{START}\n{table}{END}{tail}")
    sys.stdout.write(table)


if __name__ == "__main__":
    main(sys.argv[1:])
