"""resolvers/listing/compiled/templates.py: a page query bound from a template is exactly
the page query Tortoise writes for the same caller and values.

Each case asks one listing the same shape of question with changing values, as several
callers; from the third request on the values are bound into the learnt template, and
every time the SQL and parameters are compared with a fresh writing. The values include
ones that coincide with the scope's constants and the limit, and ones that look like the
probes. Shapes the templates must not serve are written every time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from permissions.policy_cache import PolicyCache
from resolvers.accounts.authentication import principal_for_user
from resolvers.cards.lifecycle import CARDS
from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError
from resolvers.core.settings import Settings
from resolvers.directory.specs import JURISDICTIONS
from resolvers.listing.compiled import templates
from resolvers.listing.connections import Listing
from resolvers.listing.pagination import encode_cursor
from resolvers.requests.listings import HANDOFFS
from schema.api.cards import CardFilter
from schema.api.requests import HandoffFilter
from schema.db import generic_plan_connection
from schema.models import User
from schema.types.filters import DateFilter, IDFilter, StringFilter

USERS = ["sjz_admin", "changan_admin", "zhengding_admin", "sjz_police_handler", "talent_demo"]


def _cards(*numbers: str, first: int | None = None) -> list[dict[str, Any]]:
    return [{"filter": CardFilter(number=StringFilter(eq=n)), "first": first} for n in numbers]


# (name, listing, requests of one shape, whether the third and later are bound)
CASES: list[tuple[str, Listing, list[dict[str, Any]], bool]] = [
    ("a card by number", CARDS, _cards("SJZ-A-2024-000001", "SJZ-B-2024-000002", "none", "x"), True),
    # a value equal to a scope constant (a city's range begins at "1301") or to the limit
    (
        "jurisdiction code like the scope",
        CARDS,
        [
            {"filter": CardFilter(jurisdiction_code=StringFilter(eq=code)), "first": 5}
            for code in ("1301", "130102", "1302", "130104", "6")
        ],
        True,
    ),
    ("values like the probes", CARDS, _cards("~0~", "~1~", "~0~x", "%~2~%", first=1), True),
    (
        "in, and, or, not",
        CARDS,
        [
            {
                "filter": CardFilter(
                    or_=[
                        CardFilter(number=StringFilter(in_=[a, b])),
                        CardFilter(jurisdiction_code=StringFilter(eq=c)),
                    ],
                    not_=CardFilter(number=StringFilter(eq=d)),
                    issued_on=DateFilter(gte=dt.date(2020, 1, 1)),
                )
            }
            for a, b, c, d in [
                ("A", "B", "130102", "A"),
                ("C", "C", "130104", "Z"),
                ("1301", "1302", "13", ""),
            ]
        ],
        True,
    ),
    (
        "a pure column function's value is part of the shape",
        HANDOFFS,
        [
            {"filter": HandoffFilter(within_jurisdiction="130102", jurisdiction_code=StringFilter(eq=c))}
            for c in ("130102", "130104", "130102")
        ],
        True,
    ),
    (
        "a function of the clock is written every time",
        HANDOFFS,
        [
            {"filter": HandoffFilter(overdue=True, jurisdiction_code=StringFilter(eq=c))}
            for c in ("130102", "130104", "130102", "130105")
        ],
        False,
    ),
    (
        "a cursor is written every time",
        JURISDICTIONS,
        [{"first": 2, "after": encode_cursor([code])} for code in ("13", "1301", "130102")],
        False,
    ),
    # a text operand Tortoise turns into a number: the probe is refused, nothing is bound
    (
        "a value the column converts",
        Listing(CARDS.model, CARDS.resource, {"number": "id"}, CARDS.orders),
        [{"filter": CardFilter(number=StringFilter(eq=v))} for v in ("1", "2", "3", "4")],
        False,
    ),
    (
        "ids through id_filter",
        CARDS,
        [
            {"filter": CardFilter(holder_id=IDFilter(eq=i), number=StringFilter(in_=["a", "b", "c"]))}
            for i in ("VGFsZW50OjE=", "VGFsZW50OjE=", "VGFsZW50OjE=")
        ],
        True,
    ),
]


async def _context(username: str) -> RequestContext:
    principal = await principal_for_user(await User.get(username=username), PolicyCache())
    return RequestContext(settings=Settings(), policies=PolicyCache(), principal=principal, request_id="t")


async def test_a_bound_page_query_is_the_one_tortoise_writes(history_db: str) -> None:
    generic = 0
    for username in USERS:
        ctx = await _context(username)
        for case, listing, requests, bound in CASES:
            key = (f"{case} {history_db}", None, "list")
            for i, arguments in enumerate(requests):
                before = templates.templated
                written, query = await templates.page(ctx, listing, arguments, key, counts=False)
                assert (query is None) == (bound and i >= 2), (case, username, i)
                assert templates.templated - before == (query is None)
                fresh = templates.written(await listing.query(ctx, **arguments))
                assert (written.sql, written.params) == (fresh.sql, fresh.params), (case, username, i)
                if written.generic is not None:  # the constants written in: the same rows
                    reads = generic_plan_connection()
                    assert reads is not None and history_db.startswith("postgres")
                    rows = await listing.model._meta.db.execute_query_dict(written.sql, written.params)
                    assert await reads.execute_query_dict(*written.generic) == rows, (case, username, i)
                    generic += 1
                assert (written.order, written.size, written.has_previous) == (
                    fresh.order, fresh.size, fresh.has_previous)  # fmt: skip
    # on PostgreSQL, the shapes compared for equality alone went to the generic-plan pool
    assert (generic > 0) == history_db.startswith("postgres")


async def test_a_bound_value_is_checked_as_a_written_one(history_db: str) -> None:
    ctx = await _context("sjz_admin")
    key = (f"checked {history_db}", None, "list")
    for number in ("SJZ-A-2024-000001", "SJZ-A-2024-000002", "SJZ-A-2024-000003"):
        await templates.page(ctx, CARDS, _cards(number)[0], key, counts=False)
    for bad in ("x" * 500, "a\x00b"):
        with pytest.raises(UserError) as bound:
            await templates.page(ctx, CARDS, _cards(bad)[0], key, counts=False)
        with pytest.raises(UserError) as written:
            await CARDS.query(ctx, **_cards(bad)[0])
        assert bound.value.args == written.value.args
