"""Casbin adapter over our own `casbin_rule` table.

The published Tortoise adapter breaks on Tortoise 1.x (bulk_create returns None,
filtered removal ignores ptype), so this one is small and explicit.
"""

from __future__ import annotations

from casbin.persist.adapter import load_policy_line
from casbin.persist.adapters.asyncio import AsyncAdapter
from tortoise.transactions import in_transaction

from permissions.grants import bump_policy_version
from schema.models import CasbinRule

_FIELDS = ("v0", "v1", "v2", "v3", "v4", "v5")


def _line(rule: CasbinRule) -> str:
    values = [getattr(rule, f) for f in _FIELDS]
    while values and values[-1] == "":
        values.pop()
    return ", ".join([rule.ptype, *values])


def _row(ptype: str, values: list[str]) -> CasbinRule:
    padded = list(values) + [""] * (len(_FIELDS) - len(values))
    return CasbinRule(ptype=ptype, **dict(zip(_FIELDS, padded, strict=True)))


class TortoiseAdapter(AsyncAdapter):
    async def load_policy(self, model) -> None:
        for rule in await CasbinRule.all().order_by("id"):
            load_policy_line(_line(rule), model)

    async def save_policy(self, model) -> bool:
        rows = [
            _row(ptype, rule)
            for sec in ("p", "g")
            for ptype, ast in model.model.get(sec, {}).items()
            for rule in ast.policy
        ]
        async with in_transaction():
            await CasbinRule.all().delete()
            await CasbinRule.bulk_create(rows)
            await bump_policy_version()
        return True

    async def add_policy(self, sec, ptype, rule) -> None:
        await _row(ptype, rule).save()
        await bump_policy_version()

    async def add_policies(self, sec, ptype, rules) -> None:
        await CasbinRule.bulk_create([_row(ptype, r) for r in rules])
        await bump_policy_version()

    async def remove_policy(self, sec, ptype, rule) -> bool:
        filters = dict(zip(_FIELDS, rule, strict=False))
        deleted = await CasbinRule.filter(ptype=ptype, **filters).delete()
        await bump_policy_version()
        return bool(deleted)

    async def remove_filtered_policy(self, sec, ptype, field_index, *field_values) -> bool:
        filters = {
            _FIELDS[field_index + i]: value
            for i, value in enumerate(field_values)
            if value != ""
        }
        deleted = await CasbinRule.filter(ptype=ptype, **filters).delete()
        await bump_policy_version()
        return bool(deleted)
