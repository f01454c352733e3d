"""Arguments converted as Strawberry converts them for a resolver, planned once per field.

Strawberry's `convert_arguments` works out every argument's type again on each call
(annotations resolved, leaf or input type checked field by field): on a compiled read it
cost more than building the statement. `argument_converter` does that work once and
keeps a function per type; whatever it does not plan for (`Maybe`, a `GlobalID`, an input
type converting itself with `from_input`) it hands to Strawberry's own `convert_argument`,
so both give the same values (tests/gateway/test_arguments.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING
from typing import Any

from strawberry.relay.types import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.arguments import StrawberryArgument, convert_argument
from strawberry.types.base import StrawberryList, StrawberryMaybe, StrawberryOptional, has_object_definition
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

Convert = Callable[[Any], Any]


class _Planner:
    def __init__(self, scalar_registry: Any, config: Any) -> None:
        self.registry = scalar_registry
        self.config = config
        self.inputs: dict[type, Convert] = {}

    def _strawberry(self, type_: Any) -> Convert:
        registry, config = self.registry, self.config
        return lambda value: convert_argument(value, type_, registry, config)

    def _leaf(self, type_: Any) -> bool:
        if isinstance(type_, LazyType):
            type_ = type_.resolve_type()
        return type_ is not GlobalID and (
            is_scalar(type_, self.registry) or isinstance(type_, StrawberryEnumDefinition)
        )

    def plan(self, type_: Any) -> Convert:
        if isinstance(type_, StrawberryMaybe):
            return self._strawberry(type_)
        if isinstance(type_, StrawberryOptional):
            return self.plan(type_.of_type)
        if isinstance(type_, LazyType):
            return self.plan(type_.resolve_type())
        if isinstance(type_, StrawberryList):
            item = type_.of_type
            inner = item.of_type if isinstance(item, StrawberryOptional) else item
            if self._leaf(inner):
                # copied: graphql-core shares a default list between requests
                return lambda value: None if value is None or value is UNSET else list(value)
            convert_item = self.plan(item)
            return lambda value: (
                value if value is None or value is UNSET else [convert_item(x) for x in value]
            )
        if self._leaf(type_) or has_enum_definition(type_):  # never a GlobalID: Strawberry's below
            return _same
        if has_object_definition(type_):
            return self._input(type_)
        return self._strawberry(type_)

    def _input(self, cls: type) -> Convert:
        found = self.inputs.get(cls)
        if found is not None:
            return found
        definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
        if definition.from_input is not None or not definition.is_input:
            return self._strawberry(cls)
        fields: dict[str, tuple[str, Convert]] = {}

        def convert(value: Any) -> Any:
            if value is None or value is UNSET:
                return value
            kwargs = dict(defaults)
            for name, given in value.items():
                target = fields.get(name)
                if target is not None:
                    kwargs[target[0]] = target[1](given)
            return cls(**kwargs)

        self.inputs[cls] = convert  # before the fields: an input may contain itself
        defaults = {
            f.python_name: None
            for f in definition.fields
            if f.default_value is MISSING and f.default_factory is MISSING
        }
        for f in definition.fields:
            plan = self.plan(f.resolve_type(type_definition=definition))
            fields[self.config.name_converter.from_field(f)] = (f.python_name, plan)
        return convert


def _same(value: Any) -> Any:
    return value


def argument_converter(
    arguments: list[StrawberryArgument], scalar_registry: Any, config: Any
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function doing what `convert_arguments(values, arguments, …)` does."""
    planner = _Planner(scalar_registry, config)
    plans = [
        (config.name_converter.from_argument(a), a.python_name, planner.plan(a.type))
        for a in arguments
    ]

    def convert(values: dict[str, Any]) -> dict[str, Any]:
        return {python: plan(values[name]) for name, python, plan in plans if name in values}

    return convert
