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

from permissions.scopes import covers, jur
from resolvers.core.errors import UserError, validation
from resolvers.core.validation import check_text
from schema.models import Card, CardTier, Employer, Talent, TalentCategory
from schema.models.enum_labels import zh
from schema.models.enums import CardStatus
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
        label, name = rule.field.value, zh(rule.field)
        if rule.field in LISTED:
            values = [(v or "").strip() for v in rule.values or []]
            if not 0 < len(values) <= MAX_VALUES or not all(0 < len(v) <= 64 for v in values):
                raise _problem(
                    f"条件“{name}”须列出 1–{MAX_VALUES} 个取值（每个不超过 64 字）",
                    f"{label} lists 1 to {MAX_VALUES} values of at most 64 characters",
                )
            for value in values:
                check_text(value, "eligibility")
            unknown = await _known(rule.field, values)
            if unknown:
                raise _problem(
                    f"条件“{name}”的取值不存在：{unknown[0]}", f"{label}: no such value {unknown[0]!r}"
                )
            if rule.at_least is not None:
                raise _problem(f"条件“{name}”不设最低值", f"{label} takes values, not a minimum")
            stored.append({"field": label, "values": sorted(set(values))})
        elif rule.field in COUNTED:
            if rule.values or rule.at_least is None or not 0 < rule.at_least <= MAX_MONTHS:
                raise _problem(f"条件“{name}”须设最低月数 1–{MAX_MONTHS}",
                               f"{label} needs a minimum of 1 to {MAX_MONTHS} months")  # fmt: skip
            stored.append({"field": label, "atLeast": rule.at_least})
        else:
            if rule.values or rule.at_least is not None:
                raise _problem(f"条件“{name}”不带取值", f"{label} takes no values")
            stored.append({"field": label})
    return stored


def rules_of(stored: list[dict[str, Any]]) -> list[Rule]:
    return [Rule(F(r["field"]), r.get("values"), r.get("atLeast")) for r in stored]


@dataclass(frozen=True)
class Facts:
    """What the rules are checked against: the talent's record, and what the application
    declares (a first home, months of social insurance: the reviewers check the materials)."""

    category: str | None
    card_tiers: frozenset[str]  # "programme:tier" of the talent's active cards
    degree: str | None
    employed_here: bool
    first_home: bool
    social_insurance_months: int | None


async def facts_of(talent: Talent, policy_jurisdiction: str, first_home: bool, months: int | None) -> Facts:
    category = await TalentCategory.get_or_none(id=talent.category_id) if talent.category_id else None
    cards = await Card.filter(holder_id=talent.id, status=CardStatus.ACTIVE).values(
        "tier__code", "tier__programme__code"
    )
    employer = await Employer.get_or_none(id=talent.employer_id) if talent.employer_id else None
    return Facts(
        category=category.code if category else None,
        card_tiers=frozenset(f"{c['tier__programme__code']}:{c['tier__code']}" for c in cards),
        degree=talent.degree,
        employed_here=employer is not None
        and covers(jur(policy_jurisdiction), jur(employer.jurisdiction_id)),
        first_home=first_home,
        social_insurance_months=months,
    )


def unmet(stored: list[dict[str, Any]], facts: Facts) -> list[str]:
    """The rules `facts` do not meet, in words (empty: eligible)."""
    missing = []
    for rule in rules_of(stored):
        held = {
            F.CATEGORY: lambda r: facts.category in (r.values or []),
            F.CARD_TIER: lambda r: bool(facts.card_tiers & set(r.values or [])),
            F.DEGREE: lambda r: facts.degree in (r.values or []),
            F.EMPLOYED_HERE: lambda r: facts.employed_here,
            F.FIRST_HOME: lambda r: facts.first_home,
            F.SOCIAL_INSURANCE_MONTHS: lambda r: (facts.social_insurance_months or 0) >= (r.at_least or 0),
        }[rule.field](rule)
        if not held:
            wanted = "、".join(rule.values or []) or (f"至少 {rule.at_least} 个月" if rule.at_least else "是")
            missing.append(f"{zh(rule.field)}：{wanted}")
    return missing
