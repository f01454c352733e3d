"""Run a compiled plan for one request: the listing's own page query (scope, filter,
order, cursor), one `.values()` statement across to-one relations, and the response
built from the dicts with the types' own serializers, ids, cursors and masking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from tortoise.models import Model

from permissions.audit import PiiReads
from permissions.compiled import CompiledPermissions
from permissions.masking import reveal
from permissions.resources import SCOPE_COLUMNS
from resolvers.core.context import RequestContext
from resolvers.core.ids import encode_id
from resolvers.listing.compiled import statement, templates
from resolvers.listing.compiled.plan import EdgesPlan, Leaf, Nested, ObjectPlan, RootPlan, Typename
from resolvers.listing.compiled.registry import TYPES, ActiveCard, Column, GlobalId, Masked
from resolvers.listing.compiled.sql import (
    Condition,
    NotCompilable,
    active_card,
    prefixed,
    python_value,
    related_model,
    scope_of,
)
from resolvers.listing.connections import Listing
from resolvers.listing.pagination import Page
from schema import models as m

Path = tuple[str, ...]


@dataclass(frozen=True)
class Root:
    """A compilable root field: its listing and how Strawberry converts its arguments."""

    listing: Listing
    convert: Callable[[dict[str, Any]], dict[str, Any]]


class Select:
    """The columns of one statement: (relation path, lookup) → alias, scope flags, and
    the active-card subqueries."""

    def __init__(self, model: type[Model], perms: CompiledPermissions) -> None:
        self.model = model
        self.perms = perms
        self.values: dict[str, str] = {}
        self.annotations: dict[str, Any] = {}
        self.aliases: dict[tuple[Any, ...], str | bool | None] = {}
        self.convert: dict[str, Callable[[Any], Any]] = {}
        # (a nested object's path, its type) → its holder's path (two types may share a path)
        self.owners: dict[tuple[Path, str], Path] = {}

    def model_at(self, path: Path, model: type[Model] | None = None) -> type[Model]:
        """The model `path` leads to from `model` (the listed one)."""
        model = model or self.model
        for relation in path:
            model = related_model(model, relation)
        return model

    def masking_row(self, type_name: str, path: Path, model: type[Model]) -> tuple[Path, type[Model]]:
        """Whose row `reveal` reads for the personal fields of the object at `path`."""
        if TYPES[type_name].masked_by_parent:
            owner = self.owners[(path, type_name)]
            return owner, self.model_at(owner)
        return path, model

    def table_of(self, path: Path) -> str:
        """The table alias Tortoise gives the object at `path` in this statement's joins."""
        return "__".join((self.model._meta.db_table, *path))

    def _alias(self) -> str:
        return f"v{len(self.aliases)}"

    def column(self, path: Path, column: str) -> str:
        key = (path, column)
        alias = self.aliases.get(key)
        if alias is None:
            alias = self.aliases[key] = self._alias()
            self.values[alias] = "__".join((*path, column))
        return alias  # type: ignore[return-value]

    def flag(self, path: Path, model: type[Model], resource: str | None) -> str | bool:
        """A boolean column: may the caller see the object at `path`? (True: always.)"""
        key = (path, "@scope", resource)  # one path may be reached under two rules
        if key not in self.aliases:
            scope = None if resource is None else scope_of(self.perms, resource, model, self.table_of(path))
            if scope is None or scope is False:
                self.aliases[key] = scope is None
            else:
                alias = self.aliases[key] = self._alias()
                self.annotations[alias] = Condition(prefixed(scope, "__".join(path) + "__", model))  # type: ignore[arg-type]
        return self.aliases[key]  # type: ignore[return-value]

    def active(self, path: Path, lookup: str) -> str | None:
        """A column of the active card of the talent at `path`; None: no card is visible."""
        key = (path, "@active", lookup)
        if key not in self.aliases:
            outer = self.table_of(path)
            subquery = active_card(outer, self.perms, lookup)
            if subquery is None:
                self.aliases[key] = None
            else:
                alias = self.aliases[key] = self._alias()
                self.annotations[alias] = subquery
                self.convert[alias] = python_value(m.Card, lookup)
        return self.aliases[key]  # type: ignore[return-value]


def _row_columns(resource: str, model: type[Model]) -> list[str]:
    """What `reveal` reads of a row: its scope columns, key and jurisdiction."""
    columns = [lookup for lookup in SCOPE_COLUMNS[resource].values() if "__" not in lookup]
    columns.append(model._meta.pk_attr)
    if "jurisdiction_id" in model._meta.fields_map:
        columns.append("jurisdiction_id")
    return list(dict.fromkeys(columns))


def bind(sel: Select, plan: ObjectPlan, path: Path, model: type[Model],
         card: tuple[Path, Path] | None = None) -> None:  # fmt: skip
    """Register every column `plan` reads at `path` (`card`: under an active card, the
    talent's path and the path from the card)."""
    spec = TYPES[plan.type_name]
    for _, entry in plan.entries:
        if isinstance(entry, Leaf):
            column = entry.spec.column
            if card is not None:
                sel.active(card[0], "__".join((*card[1], column)))
            else:
                sel.column(path, column)
                if isinstance(entry.spec, Masked):
                    row_path, row_model = sel.masking_row(plan.type_name, path, model)
                    for name in _row_columns(spec.resource or "", row_model):
                        sel.column(row_path, name)
        elif isinstance(entry, Nested):
            if isinstance(entry.spec, ActiveCard):
                sel.active(path, "id")
                bind(sel, entry.plan, path, m.Card, (path, ()))
                continue
            steps = entry.spec.steps
            target = sel.model_at(steps, model)
            if card is not None:
                sel.active(card[0], "__".join((*card[1], *steps, target._meta.pk_attr)))
                bind(sel, entry.plan, path, target, (card[0], (*card[1], *steps)))
                continue
            sub = (*path, *steps)
            sel.owners[(sub, entry.plan.type_name)] = path
            sel.column(sub, target._meta.pk_attr)
            sel.flag(sub, target, entry.spec.resource)
            bind(sel, entry.plan, sub, target)


Build = Callable[[dict[str, Any]], Any]


def _none(row: dict[str, Any]) -> None:
    return None


class Builder:
    """Rows (dicts) → response objects, through functions made once per request from the
    plan (no per-row look-ups of the plan or the aliases); unmasked reads go to `pii`."""

    def __init__(self, sel: Select) -> None:
        self.sel = sel
        self.perms = sel.perms  # the caller's: a Select is kept per caller's permissions
        self.pii = PiiReads()

    def _value(self, path: Path, column: str, card: tuple[Path, Path] | None) -> Build:
        """Reads the stored value of `column` of the object at `path` from a row."""
        if card is None:
            alias: Any = self.sel.aliases[(path, column)]
            return lambda row: row[alias]
        alias = self.sel.aliases[(card[0], "@active", "__".join((*card[1], column)))]
        if alias is None:
            return _none
        convert = self.sel.convert[alias]
        return lambda row: None if (value := row[alias]) is None else convert(value)

    def object(self, plan: ObjectPlan, path: Path, model: type[Model],
               card: tuple[Path, Path] | None = None) -> Build:  # fmt: skip
        parts: list[tuple[str, Build]] = []
        for key, entry in plan.entries:
            if isinstance(entry, Typename):
                name = entry.name
                parts.append((key, lambda row, name=name: name))  # type: ignore[misc]
            elif isinstance(entry, Leaf):
                parts.append((key, self._leaf(entry, plan.type_name, path, model, card)))
            else:
                parts.append((key, self._nested(entry, path, model, card)))
        return lambda row: {key: part(row) for key, part in parts}

    def _leaf(self, leaf: Leaf, type_name: str, path: Path, model: type[Model],
              card: tuple[Path, Path] | None) -> Build:  # fmt: skip
        value = self._value(path, leaf.spec.column, card)
        serialize = leaf.serialize
        spec = leaf.spec
        if isinstance(spec, GlobalId):
            kind = spec.type_name
            return lambda row: serialize(encode_id(kind, value(row)))
        if isinstance(spec, Masked):
            return self._masked(spec, serialize, value, type_name, path, model)
        assert isinstance(spec, Column)
        return lambda row: None if (v := value(row)) is None else serialize(v)

    def _masked(self, spec: Masked, serialize: Callable[[Any], Any], value: Build, type_name: str,
                path: Path, model: type[Model]) -> Build:  # fmt: skip
        resource = TYPES[type_name].resource
        assert resource is not None
        row_path, row_model = self.sel.masking_row(type_name, path, model)
        columns = [(c, self._value(row_path, c, None)) for c in _row_columns(resource, row_model)]
        pk = row_model._meta.pk_attr
        perms, pii = self.perms, self.pii

        def build(row: dict[str, Any]) -> Any:
            view = SimpleNamespace(**{c: read(row) for c, read in columns})
            view.pk = getattr(view, pk)
            shown = reveal(perms, pii, resource, view, spec.audit_name, value(row), spec.mask)
            return None if shown is None else serialize(shown)

        return build

    def _nested(self, entry: Nested, path: Path, model: type[Model],
                card: tuple[Path, Path] | None) -> Build:  # fmt: skip
        if isinstance(entry.spec, ActiveCard):
            holder: tuple[Path, Path] = (path, ())
            card_id, build = self._value(path, "id", holder), self.object(entry.plan, path, m.Card, holder)
            return lambda row: None if card_id(row) is None else build(row)
        steps = entry.spec.steps
        target = self.sel.model_at(steps, model)
        if card is not None:
            inner = (card[0], (*card[1], *steps))
            key = self._value(path, target._meta.pk_attr, inner)
            build = self.object(entry.plan, path, target, inner)
            return lambda row: None if key(row) is None else build(row)
        sub = (*path, *steps)
        key, build = self._value(sub, target._meta.pk_attr, None), self.object(entry.plan, sub, target)
        flag = self.sel.aliases[(sub, "@scope", entry.spec.resource)]
        if flag is False:
            return _none
        if flag is True:
            return lambda row: None if key(row) is None else build(row)
        column: str = flag  # type: ignore[assignment]
        return lambda row: None if key(row) is None or not row[column] else build(row)


def _objects(plan: RootPlan) -> list[ObjectPlan]:
    found = []
    for _, what in plan.entries:
        if isinstance(what, tuple) and what[0] == "nodes":
            found.append(what[1])
        elif isinstance(what, tuple) and what[0] == "edges":
            found += [node for _, node in what[1].entries if isinstance(node, ObjectPlan)]
    return found


def _select(plan: RootPlan, model: type[Model], perms: CompiledPermissions,
            order_columns: list[str]) -> tuple[Select, dict[str, str]]:  # fmt: skip
    """The columns the plan reads (and the order columns, for cursors) → their aliases."""
    sel = Select(model, perms)
    order = {column: sel.column((), column) for column in order_columns}
    for obj in _objects(plan):
        if obj.type_name not in TYPES or TYPES[obj.type_name].model is not model:
            raise NotCompilable(f"{obj.type_name} is not what {plan.name} lists")
        bind(sel, obj, (), model)
    return sel, order


async def run_root(ctx: RequestContext, plan: RootPlan, arguments: dict[str, Any],
                   text_key: Any = None) -> tuple[Any, PiiReads]:  # fmt: skip
    """The connection `plan` answers with `arguments` (already converted); `text_key`
    names the query text and root field, so the statement's head is written once per
    caller (None: written for this request only)."""
    root: Root = plan.root
    listing = root.listing
    written, query = await templates.page(ctx, listing, arguments, text_key, plan.counts)
    order_by = [(col.column, desc) for col, desc in written.order]
    key = None if text_key is None else (text_key, tuple(order_by))
    head = statement.heads.get(ctx.perms, key)
    if head is None:
        sel, order = _select(plan, listing.model, ctx.perms, [c for c, _ in order_by])
        head = statement.head_of(listing.model, sel.annotations, sel.values, (sel, order))
        statement.heads.put(ctx.perms, key, head)
    sel, order = head.extra
    rows = (await statement.read(head, listing.model, written.sql, written.params, order_by, written.generic)
            if written.size else [])  # fmt: skip
    page = written.page(rows, lambda row, column: row[order[column]], cursors=plan.cursors)
    total = await query.total.count() if plan.counts and query is not None else None
    builder = Builder(sel)
    return _connection(plan, page, total, builder, listing.model), builder.pii


def _connection(plan: RootPlan, page: Page, total: int | None, builder: Builder,
                model: type[Model]) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {}
    for key, what in plan.entries:
        if what == "totalCount":
            out[key] = total
        elif isinstance(what, str):
            out[key] = what.partition(":")[2]
        elif what[0] == "pageInfo":
            out[key] = {k: _page_info(page, which) for k, which in what[1].items()}
        elif what[0] == "nodes":
            build = builder.object(what[1], (), model)
            out[key] = [build(row) for row in page.rows]
        else:
            edges: EdgesPlan = what[1]
            parts = [(k, part if isinstance(part, str) else builder.object(part, (), model))
                     for k, part in edges.entries]  # fmt: skip
            out[key] = [
                {k: cursor if part == "cursor" else part.partition(":")[2] if isinstance(part, str)
                 else part(row) for k, part in parts}
                for row, cursor in zip(page.rows, page.cursors or [""] * len(page.rows), strict=True)
            ]  # fmt: skip
    return out


def _page_info(page: Page, which: str) -> Any:
    if which == "hasNextPage":
        return page.has_next
    if which == "hasPreviousPage":
        return page.has_previous
    if which == "startCursor":
        return page.cursors[0] if page.cursors else None
    if which == "endCursor":
        return page.cursors[-1] if page.cursors else None
    return which.partition(":")[2]
