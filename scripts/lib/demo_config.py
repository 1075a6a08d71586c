"""The demo's Home Assistant configuration, set the way a fresh install has it.

Used by scripts/demo (``python -m scripts.lib.demo_config DIR PORT``) before
Home Assistant starts. Name, units, currency, country, language and the time
zone of the simulated house go into ``.storage/core.config``, where
onboarding puts them, not into YAML: *Settings -> System -> General* stays
editable (an owner can switch the server language to German). The YAML only
loads what the demo needs and binds the HTTP server to 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Any, Final

# The simulated house: a home in Berlin. The simulator runs in this time zone
# too, so its sun rises and sets by the clock Home Assistant shows.
TIME_ZONE: Final = "Europe/Berlin"
CORE_CONFIG: Final[dict[str, Any]] = {
    "latitude": 52.52,
    "longitude": 13.405,
    "elevation": 34,
    "unit_system_v2": "metric",
    "location_name": "SENEC + zappi demo",
    "time_zone": TIME_ZONE,
    "external_url": None,
    "internal_url": None,
    "currency": "EUR",
    "country": "DE",
    "language": "en",
    "radius": 100,
}
# Home Assistant's core.config store (2025.4 and 2026.x alike).
CORE_STORAGE: Final = {"version": 1, "minor_version": 4, "key": "core.config"}
# Written by earlier versions of scripts/demo: core settings in YAML.
OLD_YAML_MARK: Final = "homeassistant:\n  name: SENEC + zappi demo\n"

YAML: Final = """\
http:
  server_host: 127.0.0.1
  server_port: {port}
frontend:
energy:
config:
history:
logbook:
onboarding:
api:
logger:
  default: warning
  logs:
    custom_components.senec_zappi: info
"""


def prepare(config_dir: Path, port: int) -> list[str]:
    """Write what is missing (or left by an earlier demo); what was written."""
    written: list[str] = []
    yaml_path = config_dir / "configuration.yaml"
    old = yaml_path.exists() and yaml_path.read_text(encoding="utf-8").startswith(
        OLD_YAML_MARK
    )
    if not yaml_path.exists() or old:
        yaml_path.write_text(YAML.format(port=port), encoding="utf-8")
        written.append("configuration.yaml")
    store = config_dir / ".storage" / "core.config"
    if not store.exists() or old:
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(
            json.dumps({**CORE_STORAGE, "data": CORE_CONFIG}, indent=2) + "\n",
            encoding="utf-8",
        )
        written.append(".storage/core.config")
    return written


if __name__ == "__main__":
    for name in prepare(Path(sys.argv[1]), int(sys.argv[2])):
        print(f"== wrote {name}", flush=True)
