"""The SENEC binary sensor description and the ways a value becomes on/off."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory

from .senec import Value
from .senec_values import ExistsFn, always, number

type IsOnFn = Callable[[Value], bool | None]


def above(threshold: float) -> IsOnFn:
    """On while the value is above the threshold."""

    def check(value: Value) -> bool | None:
        result = number(value)
        return None if result is None else result > threshold

    return check


def below(threshold: float) -> IsOnFn:
    """On while the value is below the threshold."""

    def check(value: Value) -> bool | None:
        result = number(value)
        return None if result is None else result < threshold

    return check


def flag(value: Value) -> bool | None:
    """A 0/1 flag; anything that is not a number is unknown."""
    result = number(value)
    return None if result is None else result != 0


@dataclass(frozen=True, kw_only=True)
class SenecBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A SENEC value shown as on/off."""

    section: str
    field: str
    index: int | None = None
    is_on_fn: IsOnFn = flag
    exists_fn: ExistsFn = always


def describe_flag(
    key: str,
    section: str,
    field: str,
    *,
    device_class: BinarySensorDeviceClass | None = None,
    index: int | None = None,
    translation_key: str | None = None,
    placeholders: Mapping[str, str] | None = None,
    is_on_fn: IsOnFn = flag,
    exists_fn: ExistsFn = always,
    diagnostic: bool = False,
    enabled: bool = True,
) -> SenecBinarySensorEntityDescription:
    """One binary sensor; the translation key is the entity key unless shared."""
    return SenecBinarySensorEntityDescription(
        key=key,
        translation_key=translation_key or key,
        translation_placeholders=dict(placeholders) if placeholders else None,
        device_class=device_class,
        section=section,
        field=field,
        index=index,
        is_on_fn=is_on_fn,
        exists_fn=exists_fn,
        entity_category=EntityCategory.DIAGNOSTIC if diagnostic else None,
        entity_registry_enabled_default=enabled,
    )
