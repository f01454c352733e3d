"""The root fields' arguments from a request's variables, without coercing them again.

graphql-core coerces every variable and every argument literal per request and Strawberry
turns the result into input objects: a fifth of a known read's time. For an operation
whose variables are scalars, the arguments of two requests with the same *pattern* differ
only in the values of their text and integer variables. The pattern says, per variable,
whether it is absent, null, bound (String, ID or Int: its value varies) or compared whole
(any other scalar; its value is part of the pattern). A variable of an input or list type
takes the standard way every time.

A recipe (`learn`, the second time a pattern is seen) is the arguments written once with
probes in the bound variables' places, and where each probe landed. A request copies the
containers along those paths and sets its own values, each parsed by its scalar first (a
value the scalar refuses takes the standard way, which reports it). The recipe is proven
when learnt: applied to that request's values it must give exactly what graphql-core and
Strawberry gave, and every probe must have landed whole; otherwise the pattern always
takes the standard way.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLScalarType,
    GraphQLSchema,
    VariableDefinitionNode,
    is_non_null_type,
    is_scalar_type,
    type_from_ast,
)
from graphql.execution.values import get_argument_values, get_variable_values

from resolvers.listing.compiled.plan import OperationPlan, RootPlan, Typename

BOUND = {"String": str, "ID": str, "Int": int}
PROBE_TEXT = "\ue000probe{}\ue000"  # private-use characters: no literal holds them
PROBE_INT = 2_100_000_000  # near the top of GraphQL's Int: no literal is there
RECIPES = 512
_STANDARD = "standard"
_SEEN = "seen once"

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Recipe:
    probed: tuple[dict[str, Any], ...]  # per compiled root, the arguments with probes
    places: tuple[tuple[str, GraphQLScalarType, tuple[tuple[int, Path], ...]], ...]

    def apply(self, variables: dict[str, Any]) -> list[dict[str, Any]]:
        """The arguments for these variables (raises GraphQLError for a refused value)."""
        out = [dict(arguments) for arguments in self.probed]
        copies: dict[int, Any] = {}
        for name, scalar, places in self.places:
            value = scalar.parse_value(variables[name])
            for root, path in places:
                container: Any = out[root]
                for step in path[:-1]:
                    child = _get(container, step)
                    copied = copies.get(id(child))
                    if copied is None:
                        copied = copies[id(child)] = copy.copy(child)
                        _set(container, step, copied)
                    container = copied
                _set(container, path[-1], value)
        return out


class Arguments:
    """Recipes per (query text, operation name, pattern), at most RECIPES kept."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self._kept: OrderedDict[Hashable, Recipe | str] = OrderedDict()
        self.applied = 0  # requests whose arguments a recipe gave (for tests)

    def of(self, plan: OperationPlan, key: Hashable | None,
           variables: dict[str, Any]) -> list[dict[str, Any]] | None:  # fmt: skip
        """Each compiled root's arguments, in `plan.roots` order (Typename roots skipped);
        None when the variables are refused (the resolvers then report it)."""
        pattern = None if key is None else self.pattern(plan, variables)
        full = None if pattern is None else (key, pattern)
        known = None if full is None else self._kept.get(full)
        if isinstance(known, Recipe):
            try:
                applied = known.apply(variables)
            except (GraphQLError, KeyError):
                return self.standard(plan, variables)
            self.applied += 1
            return applied
        arguments = self.standard(plan, variables)
        if full is not None and arguments is not None and known != _STANDARD:
            self._keep(full, self.learn(plan, variables, arguments) if known == _SEEN else _SEEN)
        return arguments

    def standard(self, plan: OperationPlan, variables: dict[str, Any]) -> list[dict[str, Any]] | None:
        coerced = get_variable_values(self.schema, plan.operation.variable_definitions or (), variables)
        if isinstance(coerced, list):
            return None
        return [root.root.convert(get_argument_values(root.definition, root.node, coerced))
                for root in _roots(plan)]  # fmt: skip

    def pattern(self, plan: OperationPlan, variables: dict[str, Any]) -> tuple[Any, ...] | None:
        out: list[Any] = []
        for definition in plan.operation.variable_definitions or ():
            name = definition.variable.name.value
            named = self._named(definition)
            if named is None:
                return None
            if name not in variables:
                out.append((name, "absent"))
            elif variables[name] is None:
                out.append((name, "null"))
            elif BOUND.get(named.name) is type(variables[name]):
                out.append((name, "bound"))
            else:
                value = variables[name]
                if not isinstance(value, str | int | float | bool):
                    return None
                out.append((name, "whole", type(value), value))
        return tuple(out)

    def learn(self, plan: OperationPlan, variables: dict[str, Any],
              arguments: list[dict[str, Any]]) -> Recipe | str:  # fmt: skip
        bound: list[tuple[str, GraphQLScalarType]] = []
        for definition in plan.operation.variable_definitions or ():
            name, scalar = definition.variable.name.value, self._named(definition)
            if scalar is not None and BOUND.get(scalar.name) is type(variables.get(name)):
                bound.append((name, scalar))
        probes = {name: PROBE_TEXT.format(i) if isinstance(variables[name], str) else PROBE_INT + i
                  for i, (name, _) in enumerate(bound)}  # fmt: skip
        probed = self.standard(plan, {**variables, **probes})
        if probed is None:
            return _STANDARD
        found: dict[str, list[tuple[int, Path]]] = {name: [] for name in probes}
        by_probe = {probe: name for name, probe in probes.items()}
        for root, root_arguments in enumerate(probed):
            if not _find(root_arguments, (), root, by_probe, found):
                return _STANDARD  # a probe transformed
        recipe = Recipe(tuple(probed), tuple((name, scalar, tuple(found[name])) for name, scalar in bound))
        try:
            same = recipe.apply(variables) == arguments
        except (GraphQLError, KeyError):
            same = False
        return recipe if same else _STANDARD

    def _named(self, definition: VariableDefinitionNode) -> GraphQLScalarType | None:
        """The variable's scalar type (non-null or not), or None for input and list types."""
        declared = type_from_ast(self.schema, definition.type)
        inner = declared.of_type if is_non_null_type(declared) else declared
        return inner if is_scalar_type(inner) else None

    def _keep(self, key: Hashable, value: Recipe | str) -> None:
        self._kept[key] = value
        self._kept.move_to_end(key)
        while len(self._kept) > RECIPES:
            self._kept.popitem(last=False)


def _roots(plan: OperationPlan) -> list[RootPlan]:
    return [root for _, root in plan.roots if not isinstance(root, Typename)]


def _find(value: Any, path: Path, root: int, by_probe: dict[Any, str],
          found: dict[str, list[tuple[int, Path]]]) -> bool:  # fmt: skip
    """Records where each probe sits in `value`; False when one sits inside another value."""
    if isinstance(value, dict):
        return all(_find(v, (*path, k), root, by_probe, found) for k, v in value.items())
    if isinstance(value, list):
        return all(_find(v, (*path, i), root, by_probe, found) for i, v in enumerate(value))
    if isinstance(value, tuple):  # not to be set in: a probe there is not bound
        return not any(v in by_probe for v in value if type(v) in (str, int))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_find(getattr(value, f.name), (*path, f.name), root, by_probe, found)
                   for f in dataclasses.fields(value))  # fmt: skip
    if type(value) in (str, int) and value in by_probe:
        found[by_probe[value]].append((root, path))
        return True
    return not (isinstance(value, str) and "\ue000probe" in value)


def _get(container: Any, step: Any) -> Any:
    return container[step] if isinstance(container, dict | list) else getattr(container, step)


def _set(container: Any, step: Any, value: Any) -> None:
    if isinstance(container, dict | list):
        container[step] = value
    else:
        setattr(container, step, value)
