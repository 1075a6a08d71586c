"""Base entity for SENEC values: device info, unique id and key registration."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .senec import DecodedAnswer, Value
from .senec_coordinator import SenecCoordinator, SenecKey


class SenecDescription(Protocol):
    """What setup needs to know of any SENEC description."""

    @property
    def section(self) -> str:
        """The lala.cgi section read."""

    @property
    def field(self) -> str:
        """The key read within the section."""

    @property
    def entity_registry_enabled_default(self) -> bool:
        """Whether a new entity starts enabled."""

    @property
    def exists_fn(self) -> Callable[[DecodedAnswer], bool]:
        """Whether the unit has the hardware, judged from the first answer."""


def read_value(
    data: DecodedAnswer, section: str, field: str, index: int | None
) -> Value:
    """One decoded value, or one element of an array value; None when absent."""
    value = data.sections.get(section, {}).get(field)
    if index is None:
        return value
    if isinstance(value, list) and index < len(value):
        return value[index]
    return None


def is_present(description: SenecDescription, data: DecodedAnswer) -> bool:
    """The unit has this value: its section exists and so does the hardware.

    A section answered OBJECT_NOT_FOUND gives no entity at all; a key answered
    with a sentinel gives an entity whose state is unknown.
    """
    return description.section not in data.missing_sections and description.exists_fn(
        data
    )


def initial_keys(descriptions: Iterable[SenecDescription]) -> set[SenecKey]:
    """Keys of the first poll: every default-enabled key, one key per section.

    One key of each section any description reads is enough to learn which
    sections the unit lacks (OBJECT_NOT_FOUND), so entities of absent
    sections are never created; the extra keys are dropped afterwards.
    """
    keys: set[SenecKey] = set()
    probes: dict[str, str] = {}
    for description in descriptions:
        if description.entity_registry_enabled_default:
            keys.add((description.section, description.field))
        probes.setdefault(description.section, description.field)
    sampled = {section for section, _ in keys}
    keys.update((s, f) for s, f in probes.items() if s not in sampled)
    return keys


class SenecEntity(CoordinatorEntity[SenecCoordinator]):
    """Registers the keys it reads so the coordinator asks only for those."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: SenecCoordinator,
        description: EntityDescription,
        keys: tuple[SenecKey, ...],
    ) -> None:
        """Bind the description to the unit."""
        super().__init__(coordinator)
        self.entity_description = description
        self._keys = keys
        self._attr_unique_id = f"{coordinator.device_identifier}_{description.key}"
        self._attr_device_info = coordinator.device_info

    async def async_added_to_hass(self) -> None:
        """Start asking the device for this entity's keys."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_want(self._keys))
