"""Who a fund policy pays (享受条件), as rules an office edits: every rule must hold.

A rule names a fact about the talent and what it must be: one of listed talent
categories, card tiers or degrees; employed in the policy's jurisdiction; a first home
bought there; at least N months of social insurance paid there. Stored as JSON on the
policy (`[{"field": "DEGREE", "values": ["博士"]}, {"field": "SOCIAL_INSURANCE_MONTHS",
"atLeast": 6}]`), checked here when an office writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resolvers.core.errors import UserError, validation
from resolvers.core.validation import check_text
from schema.models import CardTier, TalentCategory
from schema.models.enums import FundRuleField as F

MAX_RULES = len(F)
MAX_VALUES = 20
MAX_MONTHS = 600
LISTED = (F.CATEGORY, F.CARD_TIER, F.DEGREE)  # rules that list values
COUNTED = (F.SOCIAL_INSURANCE_MONTHS,)  # rules with a minimum


@dataclass(frozen=True)
class Rule:
    field: F
    values: list[str] | None = None  # CATEGORY, CARD_TIER ("programme/tier"), DEGREE
    at_least: int | None = None  # SOCIAL_INSURANCE_MONTHS


def _problem(message: str, en: str) -> UserError:
    return validation("eligibility", message, en)


async def _known(field: F, values: list[str]) -> list[str]:
    """The values no category or tier has (CATEGORY by code, CARD_TIER as programme:tier)."""
    found: set[str] = set()
    if field == F.CATEGORY:
        found = {str(c) for c in await TalentCategory.filter(code__in=values).values_list("code", flat=True)}
    elif field == F.CARD_TIER:
        rows = await CardTier.all().values("programme__code", "code")
        found = {f"{row['programme__code']}:{row['code']}" for row in rows}
    else:
        return []
    return [v for v in values if v not in found]


async def check_rules(rules: list[Rule]) -> list[dict[str, Any]]:
    """The rules as stored, or a VALIDATION error naming the first one that is wrong."""
    if len(rules) > MAX_RULES:
        raise _problem(f"最多 {MAX_RULES} 条条件", f"at most {MAX_RULES} rules")
    fields = [rule.field for rule in rules]
    if len(set(fields)) != len(fields):
        raise _problem("每个条件项只能出现一次", "each fact may appear in one rule only")
    stored: list[dict[str, Any]] = []
    for rule in rules:
        label = rule.field.value
        if rule.field in LISTED:
            values = [(v or "").strip() for v in rule.values or []]
            if not 0 < len(values) <= MAX_VALUES or not all(0 < len(v) <= 64 for v in values):
                raise _problem(
                    f"条件 {label} 须列出 1–{MAX_VALUES} 个取值（每个不超过 64 字）",
                    f"{label} lists 1 to {MAX_VALUES} values of at most 64 characters",
                )
            for value in values:
                check_text(value, "eligibility")
            unknown = await _known(rule.field, values)
            if unknown:
                raise _problem(
                    f"条件 {label} 的取值不存在：{unknown[0]}", f"{label}: no such value {unknown[0]!r}"
                )
            if rule.at_least is not None:
                raise _problem(f"条件 {label} 不设最低值", f"{label} takes values, not a minimum")
            stored.append({"field": label, "values": sorted(set(values))})
        elif rule.field in COUNTED:
            if rule.values or rule.at_least is None or not 0 < rule.at_least <= MAX_MONTHS:
                raise _problem(f"条件 {label} 须设最低月数 1–{MAX_MONTHS}",
                               f"{label} needs a minimum of 1 to {MAX_MONTHS} months")  # fmt: skip
            stored.append({"field": label, "atLeast": rule.at_least})
        else:
            if rule.values or rule.at_least is not None:
                raise _problem(f"条件 {label} 不带取值", f"{label} takes no values")
            stored.append({"field": label})
    return stored


def rules_of(stored: list[dict[str, Any]]) -> list[Rule]:
    return [Rule(F(r["field"]), r.get("values"), r.get("atLeast")) for r in stored]
