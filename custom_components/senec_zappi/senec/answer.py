"""A whole lala.cgi answer, decoded section by section."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .exceptions import SenecInvalidAnswerError
from .values import Value, decode_value

OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND"
VARIABLE_NOT_FOUND = "VARIABLE_NOT_FOUND"


@dataclass(frozen=True, slots=True)
class DecodedAnswer:
    """Decoded values by section and key.

    A key that was asked but answered with a sentinel is present with None, so
    "no value" stays distinguishable from "not asked". Sections the unit does
    not have (OBJECT_NOT_FOUND) are listed in missing_sections.
    """

    sections: dict[str, dict[str, Value]] = field(default_factory=dict)
    missing_sections: frozenset[str] = frozenset()
    raw: dict[str, Any] = field(default_factory=dict)

    def merge(self, other: DecodedAnswer) -> DecodedAnswer:
        """Two answers to parts of one request, as one."""
        sections = {name: dict(values) for name, values in self.sections.items()}
        for name, values in other.sections.items():
            sections.setdefault(name, {}).update(values)
        raw = {
            name: dict(values) if isinstance(values, dict) else values
            for name, values in self.raw.items()
        }
        for name, values in other.raw.items():
            if isinstance(values, dict) and isinstance(raw.get(name), dict):
                raw[name].update(values)
            else:
                raw[name] = values
        missing = (self.missing_sections | other.missing_sections) - sections.keys()
        return DecodedAnswer(sections, frozenset(missing), raw)

    def not_found(self, section: str, field: str) -> bool:
        """The unit answered that it has no such key (VARIABLE_NOT_FOUND).

        Unlike other sentinels (FORBIDDEN, er_ values) this says the firmware
        does not know the key, not that it has no value right now.
        """
        values = self.raw.get(section)
        return isinstance(values, dict) and values.get(field) == VARIABLE_NOT_FOUND


def decode_answer(payload: object) -> DecodedAnswer:
    """Decode a parsed lala.cgi body; raises only when it is not an object."""
    if not isinstance(payload, dict):
        raise SenecInvalidAnswerError("The answer is not a JSON object")
    sections: dict[str, dict[str, Value]] = {}
    missing: set[str] = set()
    for name, values in payload.items():
        if not isinstance(values, dict) or OBJECT_NOT_FOUND in values:
            missing.add(str(name))
            continue
        sections[str(name)] = {
            str(key): decode_value(raw) for key, raw in values.items()
        }
    return DecodedAnswer(sections, frozenset(missing), payload)
