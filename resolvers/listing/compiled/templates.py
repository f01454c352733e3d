"""A page query written once per shape, its values bound per request.

The listing's page query (scope, filter, order, limit) is the part of a compiled read's
statement that Tortoise writes per request. For a query text, a caller and an argument
*shape*, its SQL text is always the same; only some parameters change. A template keeps
that text and says, per parameter, whether it is a constant or the request's n-th value.

Which values bind (`shape_of`): the text and integer operands of `eq`, `in`, `gt`, `gte`,
`lt`, `lte` on plain columns — what a client changes between requests (a card's number,
an id). Everything else is part of the shape and compared whole: the filter's structure,
values a pure column function turns into conditions (a jurisdiction's range, a global
id; a function not marked `pure`, such as `overdue` by today's date, is never templated),
`contains`/`startsWith` (escaped), dates and times (converted), enums, `first`, `offset`,
`orderBy`. A request with a cursor, one counting `totalCount`, and a listing with its
own preparation are written as before.

How a template is learnt and proven (`learn`): the second time a shape is seen, the page
query is written twice — with the request's own values and with probes in their places
(texts `~0~`, integers below −10⁹, which no scope or constant holds). A parameter equal
to a probe is that value's place; every other parameter must be equal in both writings
(a constant: the scope, the limit). The two texts must be the same and the first
writing's parameters must be exactly what binding its values gives, or the shape is
remembered as not templatable. So a value that shapes the text, or that Tortoise
transforms, is never bound blindly. Text operands are checked per request as
`operator_q` checks them.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from resolvers.core.context import RequestContext
from resolvers.listing.compiled.statement import PerCaller, constants_written_in, sql_of
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import OPERATORS, check_operator, filter_field, max_length
from resolvers.listing.pagination import OrderColumn, Page, PageQuery, make_page

BINDABLE = ("eq", "in_", "gt", "gte", "lt", "lte")
ARGUMENTS = frozenset({"filter", "order_by", "first", "after", "offset"})
PROBE_INT = -1_000_000_000
RANGES = "ranges"
_NOT_TEMPLATABLE = "not templatable"
_SEEN = "seen once"


@dataclass(frozen=True)
class Shape:
    key: tuple[Any, ...]
    values: list[Any]  # the bindable operands, in the order `_walk` meets them
    ranges: bool = False  # whether a value bounds a range (gt, gte, lt, lte)


@dataclass(frozen=True)
class Template:
    sql: str
    params: tuple[tuple[bool, Any], ...]  # (a value's place?, its index : the constant)
    order: list[tuple[OrderColumn, bool]]
    size: int
    has_previous: bool
    # PostgreSQL: the text with its constants written in and only values as parameters
    # (their places), which may be planned once for all values; None when it may not be.
    generic: tuple[str, tuple[int, ...]] | None = None

    def bind(self, values: list[Any]) -> list[Any]:
        return [values[x] if place else x for place, x in self.params]

    def written(self, values: list[Any]) -> Written:
        generic = None if self.generic is None else (self.generic[0], [values[i] for i in self.generic[1]])
        return Written(self.sql, self.bind(values), self.order, self.size, self.has_previous, generic)


@dataclass(frozen=True)
class Written:
    """The page query as SQL, and what reading it needs."""

    sql: str
    params: list[Any]
    order: list[tuple[OrderColumn, bool]]
    size: int
    has_previous: bool
    generic: tuple[str, list[Any]] | None = None  # the same with its constants written in

    def page(self, rows: list[Any], value_of: Any, cursors: bool) -> Page:
        return make_page(rows, self.order, self.size, self.has_previous, None, value_of, cursors)


_templates: PerCaller[Template | str] = PerCaller(256)
templated = 0  # requests whose page query was bound, not written (for tests)


async def page(ctx: RequestContext, listing: Listing, arguments: dict[str, Any], text_key: Any,
               counts: bool) -> tuple[Written, PageQuery | None]:  # fmt: skip
    """The page query of `arguments`, bound from a template when one is proven for this
    text, caller and shape; the PageQuery too when it was written (None when bound)."""
    global templated
    shape = None if text_key is None or counts else shape_of(listing, arguments)
    key = None if shape is None else (text_key, listing.model._meta.db.capabilities.dialect, shape.key)
    known = _templates.get(ctx.perms, key)
    if isinstance(known, Template):
        assert shape is not None
        templated += 1
        return known.written(shape.values), None
    query = await listing.query(ctx, **arguments)
    this = written(query)
    if shape is not None and known != _NOT_TEMPLATABLE:
        learnt = await learn(ctx, listing, arguments, shape, this) if known == _SEEN else _SEEN
        _templates.put(ctx.perms, key, learnt)
    return this, query


def written(query: PageQuery) -> Written:
    sql, params = sql_of(query.queryset)
    return Written(sql, params, query.order, query.size, query.has_previous)


async def learn(ctx: RequestContext, listing: Listing, arguments: dict[str, Any], shape: Shape,
                this: Written) -> Template | str:  # fmt: skip
    """The template `this` (this request's page query) follows, proven by writing it
    again with probes for the values; or _NOT_TEMPLATABLE."""
    probes = [f"~{i}~" if isinstance(v, str) else PROBE_INT - i for i, v in enumerate(shape.values)]
    probed = dict(arguments, filter=_walk(arguments.get("filter"), listing, [], [], iter(probes)))
    try:
        again = written(await listing.query(ctx, **probed))
    except Exception:  # a probe a column refuses: the values shape this query
        return _NOT_TEMPLATABLE
    places = {probe: i for i, probe in enumerate(probes)}
    params: list[tuple[bool, Any]] = []
    for value in again.params:
        if not _holds_probe(value):
            params.append((False, value))
        elif type(value) in (str, int) and value in places:
            params.append((True, places[value]))
        else:
            return _NOT_TEMPLATABLE  # a probe transformed
    template = Template(again.sql, tuple(params), this.order, this.size, this.has_previous)
    if again.sql != this.sql or template.bind(shape.values) != this.params:
        return _NOT_TEMPLATABLE
    if shape.ranges or listing.model._meta.db.capabilities.dialect != "postgres":
        return template
    return dataclasses.replace(template, generic=constants_written_in(again.sql, params))


_PROBE_TEXT = re.compile(r"~\d+~")


def _holds_probe(value: Any) -> bool:
    if isinstance(value, str):
        return _PROBE_TEXT.search(value) is not None
    if isinstance(value, list | tuple):
        return any(_holds_probe(v) for v in value)
    return type(value) is int and value <= PROBE_INT


def shape_of(listing: Listing, arguments: Mapping[str, Any]) -> Shape | None:
    """The shape of these arguments and their bindable values (checked), or None when
    this request is not one a template may serve."""
    if not arguments.keys() <= ARGUMENTS or not listing.templatable(arguments.get("filter")):
        return None
    if arguments.get("after") is not None:
        return None
    key: list[Any] = [_frozen(arguments.get(name)) for name in ("order_by", "first", "offset")]
    values: list[Any] = []
    try:
        _walk(arguments.get("filter"), listing, key, values)
    except TypeError:  # a value that cannot be compared whole, a filter that is not pure
        return None
    return Shape(tuple(key), values, RANGES in key)


def _walk(flt: Any, listing: Listing, key: list[Any], values: list[Any],
          probes: Iterator[Any] | None = None, field: str = "filter") -> Any:
    """`compile_filter`'s walk: records the shape in `key` and the bindable values (checked
    as `operator_q` checks them) in `values`. With `probes`: returns a copy of `flt` whose
    bindable values are replaced by them, in the same order."""
    if flt is None:
        key.append(None)
        return None
    if probes is not None:
        flt = copy.copy(flt)
    for name, spec in listing.filters.items():
        ops = getattr(flt, name, None)
        if ops is None:
            continue
        if callable(spec):
            if not getattr(spec, "pure", False):  # its Q may change with the clock
                raise TypeError(f"{name} is written per request")
            key.append((name, _frozen(ops)))
            continue
        if probes is not None:
            ops = copy.copy(ops)
            setattr(flt, name, ops)
        limit = max_length(listing.model, spec)
        for attr in OPERATORS:
            value = getattr(ops, attr, None)
            if value is None:
                continue
            if attr not in BINDABLE or not _bindable(value):
                key.append((name, attr, _frozen(value)))
                continue
            check_operator(attr, value, filter_field(field, name), limit)
            many = isinstance(value, list)
            key.append((name, attr, len(value) if many else -1))
            if attr not in ("eq", "in_"):
                key.append(RANGES)
            values.extend(value if many else [value])
            if probes is not None:
                setattr(ops, attr, [next(probes) for _ in value] if many else next(probes))
    for word in ("and_", "or_"):
        subs = getattr(flt, word, None)
        if subs:
            key.append((word, len(subs)))
            walked = [_walk(sub, listing, key, values, probes, field) for sub in subs]
            if probes is not None:
                setattr(flt, word, walked)
    negated = getattr(flt, "not_", None)
    if negated is not None:
        key.append("not_")
        walked = _walk(negated, listing, key, values, probes, field)
        if probes is not None:
            flt.not_ = walked
    return flt


def _bindable(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(type(v) is str or type(v) is int for v in items)


def _frozen(value: Any) -> Any:
    """`value` as a hashable whole (raises TypeError when it cannot be)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value), tuple((f.name, _frozen(getattr(value, f.name))) for f in fields))
    if isinstance(value, Enum):
        return (type(value), value.value)
    hash(value)
    return (type(value), value)
