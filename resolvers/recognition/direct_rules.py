"""Direct recognition (直接认定): rules kept as data. A rule names a category, the place
it applies in, what qualifies (a listed national award, or a salary at an employer paying
enough tax) and which steps of the ordinary flow a matching application skips.

Province and city offices create and edit rules within their jurisdiction; every signed-in
user may read them (public reference data)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from permissions.audit import audit
from permissions.scopes import covers, jur
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    ErrorCode,
    UserError,
    UserErrors,
    forbidden,
    not_found,
    record_not_found,
    validation,
)
from resolvers.core.ids import decode_int_id
from resolvers.core.lookup import find_jurisdiction
from resolvers.core.mutations import snapshot
from resolvers.core.validation import TextKind, check_text
from schema.models import DirectRecognitionRule, TalentCategory
from schema.models.enums import DirectRuleKind, RecognitionStatus

# The skippable steps, in the order an application passes them.
STAGES = (RecognitionStatus.COUNTY_REVIEW, RecognitionStatus.CITY_REVIEW, RecognitionStatus.PUBLICITY)
CODE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MAX_AWARDS = 100
RULE_FIELDS = ("code", "name", "jurisdiction_id", "category_id", "kind", "awards", "min_annual_salary_yuan",
               "min_employer_tax_yuan", "skips", "source", "active")  # fmt: skip


def matches(rule: DirectRecognitionRule, awards: list[str], salary: int | None, tax: int | None) -> bool:
    """Whether a declared application qualifies under the rule."""
    if rule.kind == DirectRuleKind.AWARD:
        return bool(set(awards) & set(rule.awards or []))
    return (
        salary is not None and tax is not None
        and salary >= (rule.min_annual_salary_yuan or 0) and tax >= (rule.min_employer_tax_yuan or 0)
    )  # fmt: skip


async def matching_rule(
    county: str, category_id: int, awards: list[str], salary: int | None, tax: int | None
) -> DirectRecognitionRule | None:
    """The active rule of the category applying where the talent lives that the application
    meets; when several do, the one skipping most (then the oldest)."""
    rules = await DirectRecognitionRule.filter(category_id=category_id, active=True).order_by("id")
    found = [
        r for r in rules
        if covers(jur(r.jurisdiction_id), jur(county)) and matches(r, awards, salary, tax)
    ]  # fmt: skip
    return max(found, key=lambda r: (len(r.skips or []), -r.id), default=None)


def clean_awards(values: list[str] | None, field: str, errors: list[UserError]) -> list[str]:
    names = list(dict.fromkeys(v.strip() for v in values or [] if v and v.strip()))
    if len(names) > MAX_AWARDS:
        errors.append(
            UserError(
                field, ErrorCode.LIMIT_EXCEEDED, f"奖项最多 {MAX_AWARDS} 个", f"at most {MAX_AWARDS} awards"
            )
        )
    if any(len(n) > 128 for n in names):
        errors.append(
            validation(field, "奖项名称最多 128 个字符", "an award name is longer than 128 characters")
        )
    try:
        names = [check_text(n, field, TextKind.LINE) for n in names]
    except UserError as error:
        errors.append(error)
    return names


@dataclass(frozen=True)
class NewRule:
    """createDirectRecognitionRule: `category_id` is a global ID; `active` defaults to true."""

    code: str
    name: str
    jurisdiction_code: str
    category_id: str
    kind: DirectRuleKind
    skips: list[RecognitionStatus]
    awards: list[str] | None = None
    min_annual_salary_yuan: int | None = None
    min_employer_tax_yuan: int | None = None
    source: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class RuleChanges:
    """updateDirectRecognitionRule: None keeps the stored value."""

    rule_id: str
    name: str | None = None
    awards: list[str] | None = None
    min_annual_salary_yuan: int | None = None
    min_employer_tax_yuan: int | None = None
    skips: list[RecognitionStatus] | None = None
    source: str | None = None
    active: bool | None = None


def _skips(values: list[RecognitionStatus] | None, errors: list[UserError]) -> list[str]:
    names = [getattr(v, "value", v) for v in values or []]
    allowed = [s.value for s in STAGES]
    if not names:
        errors.append(validation("skips", "请指明规则可免除的审核环节", "name the steps the rule skips"))
    elif any(n not in allowed for n in names) or len(set(names)) != len(names):
        errors.append(
            validation(
                "skips",
                "可免除的环节只能是县级初审、市级复审和公示，且每项只能出现一次",
                "only COUNTY_REVIEW, CITY_REVIEW and PUBLICITY, each once",
            )
        )
    return [s for s in allowed if s in names]  # stored in flow order


def _check_kind(rule: DirectRecognitionRule, errors: list[UserError]) -> None:
    if rule.kind == DirectRuleKind.AWARD:
        if not rule.awards:
            errors.append(
                validation("awards", "奖项类规则须至少列出一个奖项", "an AWARD rule lists at least one award")
            )
        if rule.min_annual_salary_yuan is not None or rule.min_employer_tax_yuan is not None:
            errors.append(
                validation(
                    "minAnnualSalaryYuan",
                    "奖项类规则不设年薪或纳税额门槛",
                    "an AWARD rule has no salary or tax threshold",
                )
            )
        return
    for field, value in (("minAnnualSalaryYuan", rule.min_annual_salary_yuan),
                         ("minEmployerTaxYuan", rule.min_employer_tax_yuan)):  # fmt: skip
        if value is None or value <= 0:
            errors.append(
                validation(
                    field, "年薪纳税类规则须设定大于零的门槛", "a SALARY_TAX rule needs a positive threshold"
                )
            )
    if rule.awards:
        errors.append(validation("awards", "年薪纳税类规则不列奖项", "a SALARY_TAX rule lists no awards"))


def _text(value: str | None, field: str, limit: int, errors: list[UserError], required: bool,
          kind: TextKind = TextKind.TEXT) -> str | None:  # fmt: skip
    text = (value or "").strip() or None
    if required and text is None:
        errors.append(validation(field, "此项为必填项", "required"))
    if text and len(text) > limit:
        errors.append(validation(field, f"最多 {limit} 个字符", f"at most {limit} characters"))
    elif text:
        try:
            check_text(text, field, kind)
        except UserError as error:
            errors.append(error)
    return text


async def _category(global_id: str, errors: list[UserError]) -> TalentCategory | None:
    try:
        key = decode_int_id(global_id, "TalentCategory", "categoryId")
    except UserError as error:
        errors.append(error)
        return None
    category = await TalentCategory.filter(id=key).first()
    if category is None:
        errors.append(not_found("categoryId", "人才类别", "talent category"))
    return category


async def create_direct_rule(ctx: RequestContext, data: NewRule) -> DirectRecognitionRule:
    errors: list[UserError] = []
    code = (data.code or "").strip()
    if not CODE.match(code):
        errors.append(
            validation(
                "code",
                "规则编码应为 2 至 64 位小写字母、数字或“.”“_”“-”",
                "lower-case letters, digits, '.', '_' or '-', 2–64 long",
            )
        )
    place = await find_jurisdiction(data.jurisdiction_code)
    if not ctx.perms.allows("direct_rule", "create", [jur(place.code)]):
        raise forbidden(
            "jurisdictionCode", "您无权为该区划制定认定规则", "you may not make rules for this jurisdiction"
        )
    category = await _category(data.category_id, errors)
    if category is not None and not (covers(jur(category.jurisdiction_id), jur(place.code))
                                     or covers(jur(place.code), jur(category.jurisdiction_id))):  # fmt: skip
        errors.append(
            validation(
                "categoryId",
                "该人才类别所属的层次体系不适用于本区划",
                "the category's ladder does not apply in this jurisdiction",
            )
        )
    name = _text(data.name, "name", 128, errors, True, TextKind.LINE)
    if name is None or category is None:  # no rule can be put together without them
        raise UserErrors(errors)
    rule = DirectRecognitionRule(
        code=code, name=name,
        jurisdiction_id=place.code,
        category_id=category.id if category else None,
        kind=DirectRuleKind(data.kind),
        awards=clean_awards(data.awards, "awards", errors),
        min_annual_salary_yuan=data.min_annual_salary_yuan,
        min_employer_tax_yuan=data.min_employer_tax_yuan, skips=_skips(data.skips, errors),
        source=_text(data.source, "source", 4000, errors, False),
        active=True if data.active is None else data.active,
    )  # fmt: skip
    _check_kind(rule, errors)
    if errors:
        raise UserErrors(errors)
    if await DirectRecognitionRule.exists(code=code):
        raise UserError("code", ErrorCode.CONFLICT, f"规则编码 {code} 已存在", f"a rule {code} exists")
    await rule.save()
    await audit(ctx.actor, "createDirectRecognitionRule", "direct_rule", rule.id,
                after=snapshot(rule, RULE_FIELDS), jurisdiction_code=place.code)  # fmt: skip
    return rule


async def update_direct_rule(ctx: RequestContext, data: RuleChanges) -> DirectRecognitionRule:
    """Code, kind, jurisdiction and category stay; what qualifies, what is skipped, the
    wording and whether it is in force may change. Applications already decided keep theirs."""
    key = decode_int_id(data.rule_id, "DirectRecognitionRule", "ruleId")
    rule = await visible(DirectRecognitionRule, ctx.perms, "direct_rule").filter(id=key).first()
    if rule is None:
        raise record_not_found("ruleId", "DirectRecognitionRule")
    if not ctx.perms.allows("direct_rule", "update", [jur(rule.jurisdiction_id)]):
        raise forbidden("ruleId", "您无权修改该规则", "you may not edit this rule")
    before = snapshot(rule, RULE_FIELDS)
    errors: list[UserError] = []
    if data.name is not None:
        rule.name = _text(data.name, "name", 128, errors, True, TextKind.LINE)
    if data.awards is not None:
        rule.awards = clean_awards(data.awards, "awards", errors)
    if data.min_annual_salary_yuan is not None:
        rule.min_annual_salary_yuan = data.min_annual_salary_yuan
    if data.min_employer_tax_yuan is not None:
        rule.min_employer_tax_yuan = data.min_employer_tax_yuan
    if data.skips is not None:
        rule.skips = _skips(data.skips, errors)
    if data.source is not None:
        rule.source = _text(data.source, "source", 4000, errors, False)
    if data.active is not None:
        rule.active = data.active
    _check_kind(rule, errors)
    if errors:
        raise UserErrors(errors)
    await rule.save()
    await audit(ctx.actor, "updateDirectRecognitionRule", "direct_rule", rule.id, before=before,
                after=snapshot(rule, RULE_FIELDS), jurisdiction_code=rule.jurisdiction_id)  # fmt: skip
    return rule


async def list_direct_rules(
    ctx: RequestContext, jurisdiction_code: str | None, active: bool | None
) -> list[DirectRecognitionRule]:
    """The rules that apply in `jurisdiction_code` (its own and those above it), or all."""
    qs = visible(DirectRecognitionRule, ctx.perms, "direct_rule")
    if active is not None:
        qs = qs.filter(active=active)
    rules = await qs.order_by("jurisdiction_id", "id")
    if jurisdiction_code:
        rules = [r for r in rules if covers(jur(r.jurisdiction_id), jur(jurisdiction_code))]
    return rules
