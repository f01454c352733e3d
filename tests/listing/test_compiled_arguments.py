"""resolvers/listing/compiled/arguments.py: arguments from a recipe are exactly what
graphql-core's coercion and Strawberry's conversion give, for every pattern of variables;
a value a scalar refuses is refused as graphql-core refuses it."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse, validate

from schema.build import build_schema
from schema.extensions import read_compiler

CARD = """query C($number: String!, $first: Int) {
  cards(first: $first, filter: {number: {eq: $number}}) { nodes { number } }
}"""

TWICE = """query T($code: String!, $holder: ID, $n: Int!) {
  a: cards(first: $n, filter: {or: [{jurisdictionCode: {eq: $code}}, {number: {in: [$code, "x"]}}],
                              holderId: {eq: $holder}}) { nodes { number } }
  __typename
  b: jurisdictions(first: $n, filter: {parentCode: {eq: $code}}) { nodes { code } }
}"""

WHOLE = """query W($within: String, $first: Int, $overdue: Boolean) {
  handoffs(first: $first, filter: {withinJurisdiction: $within, overdue: $overdue}) { nodes { id } }
}"""

INPUT = """query I($filter: CardFilter) { cards(filter: $filter) { nodes { number } } }"""

CASES: list[tuple[str, list[dict[str, Any]]]] = [
    (CARD, [{"number": n, "first": f} for n, f in [("A", 1), ("B", 2), ("C", 3), ("\ue000probe0\ue000", 4)]]
     + [{"number": "D"}, {"number": "E"}, {"number": "F", "first": None}, {"number": "G", "first": None},
        {"number": "H", "first": None}]),
    (TWICE, [{"code": c, "holder": h, "n": n} for c, h, n in [
        ("1301", "VGFsZW50OjE=", 5), ("x", "VGFsZW50OjI=", 2_100_000_000), ("130102", "abc", 7),
        ("", "", 0), ("1301", "VGFsZW50OjE=", 5)]]
     + [{"code": "a", "n": 1}, {"code": "b", "holder": None, "n": 2}, {"code": "c", "n": 3},
        {"code": "d", "n": 4}]),
    (WHOLE, [{"within": w, "first": f, "overdue": o} for w, f, o in [
        ("1301", 1, True), ("1302", 2, True), ("1303", 3, True), ("1304", 4, False), ("1305", 5, False)]]),
    (INPUT, [{"filter": {"number": {"eq": n}}} for n in ("A", "B", "C")]),
]  # fmt: skip

REFUSED = [(CARD, {"number": 5, "first": 1}), (CARD, {"number": "A", "first": "one"}),
           (CARD, {"number": "A", "first": 2**40}), (CARD, {"number": None}), (CARD, {"first": 1}),
           (TWICE, {"code": "1", "holder": "h", "n": True})]  # fmt: skip


@pytest.mark.parametrize("text", [text for text, _ in CASES], ids=["card", "twice", "whole", "input"])
def test_recipes_give_what_coercion_gives(text: str) -> None:
    compiler = read_compiler(build_schema())
    assert not validate(compiler.schema, parse(text))  # only valid documents reach compiled reads
    plan = compiler.plan(None, parse(text), None)
    assert plan is not None
    arguments = compiler.arguments
    key = (text, "recipes")
    seen: dict[Any, int] = {}
    start = arguments.applied
    for variables in dict(CASES)[text]:
        before = arguments.applied
        got = arguments.of(plan, key, variables)
        assert got == arguments.standard(plan, variables), variables
        pattern = arguments.pattern(plan, variables)
        seen[pattern] = seen.get(pattern, 0) + 1
        expected = pattern is not None and seen[pattern] > 2
        assert arguments.applied - before == expected, (variables, pattern)
    assert (arguments.applied > start) == (text != INPUT)  # an input object's variable: never


def test_a_value_a_scalar_refuses_is_refused_as_before() -> None:
    compiler = read_compiler(build_schema())
    arguments = compiler.arguments
    for text, variables in REFUSED:
        plan = compiler.plan(None, parse(text), None)
        assert plan is not None
        key = (text, "refused")
        good = {"number": "A", "first": 1} if text == CARD else {"code": "1", "holder": "h", "n": 1}
        for _ in range(3):  # the pattern's recipe is learnt
            assert arguments.of(plan, key, good) == arguments.standard(plan, good)
        assert arguments.standard(plan, variables) is None
        assert arguments.of(plan, key, variables) is None, variables
