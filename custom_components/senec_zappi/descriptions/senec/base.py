"""The SENEC descriptions, the one factory that makes them, and per-unit families.

Every description names the lala.cgi section and key (and array index) it
reads; the coordinator builds its request from exactly these. ``describe``
(sensors; ``describe_text`` and ``describe_enum`` are its two common cases)
and ``describe_flag`` (binary sensors) take what every SENEC entity states
(key, section, field, index, name, presence, Shown) through ``Common``;
``per_unit`` stamps one set of templates onto every module, tracker,
wallbox, socket, cell or phase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TypedDict, Unpack

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)
from homeassistant.components.sensor import SensorEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.helpers.entity import EntityDescription

from ...senec import DecodedAnswer, Value
from ..kinds import (
    DIAGNOSTIC,
    PLAIN,
    PRIMARY,
    Kind,
    Shown,
    enum_kind,
)
from .enums import options
from .values import (
    ExistsFn,
    IsOnFn,
    ValueFn,
    always,
    enum,
    flag,
    number,
    text,
    text_or,
)

PHASES = ("L1", "L2", "L3")


@dataclass(frozen=True, kw_only=True)
class SenecEntityDescription(EntityDescription):
    """Where a SENEC entity's value lives, and whether the unit has it."""

    section: str
    field: str
    index: int | None = None
    exists_fn: ExistsFn = always
    # Keys exists_fn looks at beyond the presence keys: asked in the first poll.
    exists_reads: tuple[tuple[str, str], ...] = ()

    @property
    def reads(self) -> tuple[tuple[str, str], ...]:
        """The (section, key) pairs the coordinator asks for on its behalf."""
        return ((self.section, self.field),)

    def read(self, data: DecodedAnswer) -> Value:
        """The decoded value, or one element of an array value; None when absent."""
        return read_value(data, self.section, self.field, self.index)

    def is_present(self, data: DecodedAnswer) -> bool:
        """The unit has this value: its section exists and so does the hardware.

        A section answered OBJECT_NOT_FOUND, or keys all answered
        VARIABLE_NOT_FOUND, give no entity (until a presence read finds them);
        a key answered with another sentinel gives an entity whose state is
        unknown. Keys the answer lacks (not asked) do not count as absent.
        """
        return (
            self.section not in data.missing_sections
            and not all(data.not_found(*key) for key in self.reads)
            and self.exists_fn(data)
        )


@dataclass(frozen=True, kw_only=True)
class SenecSensorEntityDescription(SenecEntityDescription, SensorEntityDescription):
    """A SENEC value shown as a sensor.

    valid: what the quantity can physically be (from its Kind); a converted
    value outside reads unknown. fixed_states: state keys a text sensor may
    show besides the device's text (e.g. "no_error"), translated like enum
    options.
    """

    value_fn: ValueFn = number
    valid: tuple[float, float] | None = None
    fixed_states: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SenecBinarySensorEntityDescription(
    SenecEntityDescription, BinarySensorEntityDescription
):
    """A SENEC value shown as on/off."""

    is_on_fn: IsOnFn = flag


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


class Common(TypedDict, total=False):
    """What every SENEC entity may state besides its key and where it reads.

    index: element of an array value; translation_key: the entity key unless
    a family shares one; placeholders: fill the shared name; exists_fn: the
    unit has the hardware (or the key); exists_reads: keys exists_fn needs
    in the first poll; shown: category and enabled default (PRIMARY).
    """

    index: int | None
    translation_key: str | None
    placeholders: Mapping[str, str] | None
    exists_fn: ExistsFn
    exists_reads: tuple[tuple[str, str], ...]
    shown: Shown


class _Fields(TypedDict):
    """The SenecEntityDescription fields built from Common."""

    key: str
    translation_key: str
    translation_placeholders: dict[str, str] | None
    section: str
    field: str
    index: int | None
    exists_fn: ExistsFn
    exists_reads: tuple[tuple[str, str], ...]
    entity_category: EntityCategory | None
    entity_registry_enabled_default: bool


def _fields(key: str, section: str, field: str, common: Common) -> _Fields:
    placeholders = common.get("placeholders")
    shown = common.get("shown", PRIMARY)
    return _Fields(
        key=key,
        translation_key=common.get("translation_key") or key,
        translation_placeholders=dict(placeholders) if placeholders else None,
        section=section,
        field=field,
        index=common.get("index"),
        exists_fn=common.get("exists_fn", always),
        exists_reads=common.get("exists_reads", ()),
        entity_category=shown.category,
        entity_registry_enabled_default=shown.enabled,
    )


def describe(
    key: str,
    section: str,
    field: str,
    kind: Kind,
    *,
    value_fn: ValueFn = number,
    **common: Unpack[Common],
) -> SenecSensorEntityDescription:
    """One sensor: what the value is (kind) and how the raw value converts."""
    return SenecSensorEntityDescription(
        **_fields(key, section, field, common),
        **kind.fields(),
        value_fn=value_fn,
        valid=kind.valid,
    )


def describe_text(
    key: str,
    section: str,
    field: str,
    *,
    empty: str | None = None,
    **common: Unpack[Common],
) -> SenecSensorEntityDescription:
    """A text value (versions, error texts, self-test verdicts); diagnostic.

    empty: the translated state key shown when the unit sends an empty text
    that means something (no error text on a healthy unit: "no_error").
    """
    common.setdefault("shown", DIAGNOSTIC)
    if empty is None:
        return describe(key, section, field, PLAIN, value_fn=text, **common)
    return replace(
        describe(key, section, field, PLAIN, value_fn=text_or(empty), **common),
        fixed_states=(empty,),
    )


def describe_enum(
    key: str,
    section: str,
    field: str,
    table: Mapping[int, str],
    *,
    value_fn: ValueFn | None = None,
    **common: Unpack[Common],
) -> SenecSensorEntityDescription:
    """A code shown as a translated state; unknown codes read as unknown."""
    kind = enum_kind(tuple(options(table)))
    return describe(
        key, section, field, kind, value_fn=value_fn or enum(table), **common
    )


def describe_flag(
    key: str,
    section: str,
    field: str,
    *,
    device_class: BinarySensorDeviceClass | None = None,
    is_on_fn: IsOnFn = flag,
    **common: Unpack[Common],
) -> SenecBinarySensorEntityDescription:
    """One binary sensor; a 0/1 flag unless is_on_fn derives the state."""
    return SenecBinarySensorEntityDescription(
        **_fields(key, section, field, common),
        device_class=device_class,
        is_on_fn=is_on_fn,
    )


@dataclass(frozen=True, slots=True)
class Unit:
    """One of several alike parts: a module, tracker, wallbox, socket, cell, phase.

    key: its part of the entity key ("module_a", "mpp1", "grid_l1");
    family: its part of the translation key ("module", "mpp", "grid_phase");
    index: its element in the unit's array values; placeholders: fill the
    family's shared name; exists_fn: the unit has this part.
    """

    key: str
    family: str
    index: int
    placeholders: Mapping[str, str]
    exists_fn: ExistsFn = always
    exists_reads: tuple[tuple[str, str], ...] = ()


def numbered(
    family: str, count: int, exists: Callable[[int], ExistsFn]
) -> tuple[Unit, ...]:
    """Parts numbered from 1 ("wallbox1" is index 0), named by their number."""
    return tuple(
        Unit(
            f"{family}{number}",
            family,
            number - 1,
            {family: str(number)},
            exists(number - 1),
        )
        for number in range(1, count + 1)
    )


def per_unit[D: SenecEntityDescription](
    units: Iterable[Unit], templates: Iterable[D]
) -> tuple[D, ...]:
    """Every template once per unit: "soc" of module A is module_a_soc.

    A template's key and field may name the unit's placeholders
    ("CELL_VOLTAGES_MODULE_{module}"); its translation key follows the family
    ("module_soc"), and it reads the unit's element of the array.
    """
    templates = tuple(templates)
    return tuple(
        replace(
            template,
            key=f"{unit.key}_{template.key.format_map(unit.placeholders)}",
            translation_key=f"{unit.family}_{template.translation_key}",
            translation_placeholders=dict(unit.placeholders),
            field=template.field.format_map(unit.placeholders),
            index=unit.index,
            exists_fn=unit.exists_fn,
            exists_reads=unit.exists_reads,
        )
        for unit in units
        for template in templates
    )
