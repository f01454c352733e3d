"""Talent recognition (人才认定): submitted by the talent, the employer's unit specialist or
a window → county first review (县级初审) → city review (市级复审) → public notice (公示)
for the category's number of working days → approved (category set, card issued or
upgraded) or rejected. A direct-recognition rule (直接认定) that matches skips the steps
it allows. Every step is kept with its decision, opinion, actor and time.

Who decides: at COUNTY_REVIEW a holder of recognition:approve granted on exactly the
recognition's county; at CITY_REVIEW, and on objections during the notice, one granted on
exactly its city. Anyone else who can see it is FORBIDDEN; a recognition not awaiting a
decision (decided, or in its notice with no open objection) answers INVALID_STATE."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from permissions.audit import SYSTEM_USERNAME as SYSTEM
from permissions.audit import audit
from permissions.compiled import CompiledPermissions
from permissions.resources import row_scopes
from permissions.scopes import city_of, covers, jur
from permissions.visibility import within
from resolvers.cards.issue import NoProgramme, issue_for_category
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    ErrorCode,
    UserError,
    UserErrors,
    changed_meanwhile,
    forbidden,
    not_found,
    validation,
)
from resolvers.core.idempotency import fingerprint, once
from resolvers.core.ids import decode_int_id
from resolvers.core.lookup import find_visible, require_action
from resolvers.core.numbers import request_number
from resolvers.core.transitions import change_status
from resolvers.core.validation import check_json_texts, check_text
from resolvers.deadlines.workdays import load_calendar
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users, unit_specialists, users_with_roles
from resolvers.recognition.direct_rules import STAGES, clean_awards, matching_rule
from resolvers.recognition.flow import RECOGNITION_FLOW
from schema import clock
from schema import models as m
from schema.clock import china_today
from schema.models.enum_labels import zh
from schema.models.enums import (
    ObjectionStatus,
    RecognitionStatus,
    RecognitionStepKind,
    ReviewDecision,
    TalentStatus,
)

S = RecognitionStatus
K = RecognitionStepKind
OPEN = (S.COUNTY_REVIEW, S.CITY_REVIEW, S.PUBLICITY)
NUMBER_PREFIX = "RC"
MAX_TEXT = 4000

RECOGNITIONS = Listing(
    m.Recognition,
    "recognition",
    {
        "id": id_filter("Recognition", "id", "filter.id"),
        "number": "number",
        "status": "status",
        "category_id": id_filter("TalentCategory", "category_id", "filter.categoryId"),
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "created_at": "created_at",
    },
    {"ID": OrderColumn("id"), "CREATED_AT": OrderColumn("created_at")},
)


def deciding_scope(recognition: m.Recognition) -> str:
    """The one jurisdiction whose reviewers decide the current step."""
    county = recognition.jurisdiction_id
    return jur(county) if recognition.status == S.COUNTY_REVIEW else jur(city_of(county))


def may_decide(perms: CompiledPermissions, recognition: m.Recognition) -> bool:
    """recognition:approve granted on exactly the deciding jurisdiction (a province grant
    covers it but is not that level's review)."""
    return perms.granted_on("recognition", "approve", deciding_scope(recognition))


def may_see_objections(perms: CompiledPermissions, recognition: m.Recognition) -> bool:
    return perms.allows("recognition", "approve", row_scopes("recognition", recognition))


def _notice_over(recognition: m.Recognition) -> bool:
    """Whether the public notice of a recognition in PUBLICITY (which has its dates) ran out."""
    assert recognition.publicity_until is not None
    return recognition.publicity_until < china_today()


def _text(value: str | None, field: str, errors: list[UserError]) -> str:
    text = (value or "").strip()
    if not text:
        errors.append(validation(field, "此项为必填项", "required"))
    elif len(text) > MAX_TEXT:
        errors.append(validation(field, f"最多 {MAX_TEXT} 个字符", f"at most {MAX_TEXT} characters"))
    else:
        try:
            check_text(text, field)
        except UserError as error:
            errors.append(error)
    return text


async def _step(recognition: m.Recognition, kind: K, actor: str, *, decision: str | None = None,
                opinion: str | None = None, from_status: S | None = None,
                to_status: S | None = None) -> None:  # fmt: skip
    await m.RecognitionStep.create(
        recognition_id=recognition.id, kind=kind.value, decision=decision, opinion=opinion, actor=actor,
        from_status=from_status.value if from_status else None,
        to_status=(to_status or recognition.status).value,
    )  # fmt: skip


# ---- submission -------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """submitRecognition: global IDs; `materials` is the JSON given (name → note or file
    reference), checked to be an object."""

    talent_id: str
    category_id: str
    basis: str
    materials: object = None
    awards: list[str] | None = None
    annual_salary_yuan: int | None = None
    employer_tax_yuan: int | None = None
    # The client's idempotency key: a resend with it answers with the first recognition.
    client_mutation_id: str | None = None


async def _checked_input(
    ctx: RequestContext, data: Application
) -> tuple[m.Talent, m.TalentCategory, dict[str, Any]]:
    talent = await find_visible(ctx, m.Talent, "talent", data.talent_id, "talentId")
    if not ctx.perms.allows("recognition", "create", row_scopes("talent", talent)):
        raise forbidden(
            "talentId",
            "认定申请须由人才本人、其单位专员或服务窗口提交",
            "the talent, their unit specialist or a window submits",
        )
    errors: list[UserError] = []
    if talent.status != TalentStatus.ACTIVE:
        errors.append(
            UserError("talentId", ErrorCode.INVALID_STATE, "该人才已离开本地", "the talent has left")
        )
    category = None
    try:
        category = await m.TalentCategory.filter(
            id=decode_int_id(data.category_id, "TalentCategory", "categoryId")
        ).first()
        if category is None:
            errors.append(not_found("categoryId", "人才类别", "talent category"))
        elif not covers(jur(category.jurisdiction_id), jur(talent.jurisdiction_id)):
            errors.append(
                validation(
                    "categoryId",
                    "该类别不属于人才所在地的人才层次体系",
                    "not a category of the ladder where the talent lives",
                )
            )
    except UserError as error:
        errors.append(error)
    fields: dict[str, Any] = {"basis": _text(data.basis, "basis", errors),
              "awards": clean_awards(data.awards, "awards", errors),
              "materials": data.materials or {},
              "annual_salary_yuan": data.annual_salary_yuan,
              "employer_tax_yuan": data.employer_tax_yuan}  # fmt: skip
    if not isinstance(fields["materials"], dict):
        errors.append(
            validation(
                "materials",
                "申请材料应为对象：材料名称 → 说明或文件引用",
                "an object: material name → note or file reference",
            )
        )
    else:
        try:
            check_json_texts(fields["materials"], "materials")
        except UserError as error:
            errors.append(error)
    for field, name in (("annual_salary_yuan", "annualSalaryYuan"), ("employer_tax_yuan", "employerTaxYuan")):
        if fields[field] is not None and fields[field] < 0:
            errors.append(validation(name, "金额不能为负数", "not negative"))
    if errors:
        raise UserErrors(errors)
    assert category is not None
    return talent, category, fields


async def submit_recognition(ctx: RequestContext, data: Application) -> m.Recognition:
    """One application; with a client mutation ID, once (a resend answers with the first)."""
    return await once(
        ctx, "submitRecognition", data.client_mutation_id, fingerprint(data),
        m.Recognition, "recognition", lambda: _submit(ctx, data),
    )  # fmt: skip


async def _submit(ctx: RequestContext, data: Application) -> m.Recognition:
    talent, category, fields = await _checked_input(ctx, data)
    # One open application per talent: lock the talent (PostgreSQL; SQLite writes one at a time).
    await m.Talent.filter(id=talent.id).select_for_update().first()
    if await m.Recognition.filter(talent_id=talent.id, status__in=list(OPEN)).exists():
        raise UserError(
            "talentId",
            ErrorCode.CONFLICT,
            "该人才已有正在审核中的认定申请",
            "the talent has a recognition under review",
        )
    actor = ctx.actor.username
    recognition = await m.Recognition.create(
        number=request_number(talent.jurisdiction_id, clock.now(), NUMBER_PREFIX), talent_id=talent.id,
        category_id=category.id, jurisdiction_id=talent.jurisdiction_id, employer_id=talent.employer_id,
        status=S.COUNTY_REVIEW, submitted_by_id=ctx.require_principal().user_id, **fields,
    )  # fmt: skip
    await _step(recognition, K.SUBMITTED, actor, opinion=fields["basis"])
    rule = await matching_rule(talent.jurisdiction_id, category.id, fields["awards"],
                               fields["annual_salary_yuan"], fields["employer_tax_yuan"])  # fmt: skip
    to = S.COUNTY_REVIEW
    if rule is not None:
        recognition.direct_rule_id = rule.id
        await m.Recognition.filter(id=recognition.id).update(direct_rule_id=rule.id)
        to = _next(S.COUNTY_REVIEW, rule.skips, include=True)
        await _step(recognition, K.DIRECT_MATCH, actor, from_status=S.COUNTY_REVIEW, to_status=to,
                    opinion=f"{rule.code} {rule.name}；免：{'、'.join(rule.skips or [])}")  # fmt: skip
    await audit(ctx.actor, "submitRecognition", "recognition", recognition.id,
                after={"number": recognition.number, "talent": talent.id, "category": category.code,
                       "direct_rule": rule.code if rule else None, "status": to.value},
                jurisdiction_code=recognition.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await _advance(recognition, to, category, actor, talent=talent)
    return recognition


def _next(after: S, skips: list[str] | None, *, include: bool = False) -> S:
    """The next step not skipped (from `after` itself when `include`); APPROVED past the last."""
    order = list(STAGES)
    start = order.index(after) + (0 if include else 1)
    for stage in order[start:]:
        if stage.value not in (skips or []):
            return stage
    return S.APPROVED


async def _move(recognition: m.Recognition, to: S, **changes: Any) -> None:
    """From the status it was read (and claimed) in; losing to a concurrent change is CONFLICT."""
    if not await change_status(recognition, RECOGNITION_FLOW, to, from_=[recognition.status], **changes):
        raise changed_meanwhile("recognitionId", "decided by someone else meanwhile")


async def _advance(recognition: m.Recognition, to: S, category: m.TalentCategory, actor: str,
                   talent: m.Talent | None = None) -> list[str]:  # fmt: skip
    """Move an application (its status already checked) to `to`; returns the outbox keys of
    the messages sent. Entering the notice fixes its period in working days."""
    previous = recognition.status
    if to == previous:  # submitted to the county review: only the messages
        return await _tell(recognition, category)
    if to == S.PUBLICITY and category.publicity_workdays == 0:  # no notice configured for it
        await _step(recognition, K.PUBLICITY_ENDED, SYSTEM, from_status=previous, opinion="无公示期")
        to = S.APPROVED
    if to == S.APPROVED:
        keys = await approve(recognition, actor, talent=talent, category=category)
        if previous == S.PUBLICITY:
            await _step(recognition, K.PUBLICITY_ENDED, SYSTEM, from_status=previous)
        return keys
    changes: dict[str, Any] = {}
    if to == S.PUBLICITY:
        today = china_today()
        changes["publicity_from"] = today
        calendar = await load_calendar(recognition.jurisdiction_id)
        changes["publicity_until"] = calendar.add_workdays(today, category.publicity_workdays)
    if to == S.REJECTED:
        changes["decided_at"] = clock.now()
    await _move(recognition, to, **changes)
    if to == S.PUBLICITY:
        await _step(recognition, K.PUBLICITY_STARTED, SYSTEM, from_status=previous,
                    opinion=f"{recognition.publicity_from} 至 {recognition.publicity_until}")  # fmt: skip
    return await _tell(recognition, category)


# ---- review and objections ---------------------------------------------------------------


async def review_recognition(
    ctx: RequestContext, recognition_id: str, decision: ReviewDecision, opinion: str
) -> m.Recognition:
    recognition = await find_visible(ctx, m.Recognition, "recognition", recognition_id, "recognitionId")
    decision = ReviewDecision(decision)
    errors: list[UserError] = []
    opinion = _text(opinion, "opinion", errors)
    if errors:
        raise UserErrors(errors)
    stage = recognition.status
    objections = await m.RecognitionObjection.filter(
        recognition_id=recognition.id, status=ObjectionStatus.OPEN
    )
    if stage not in OPEN or (stage == S.PUBLICITY and not objections):
        raise UserError(
            "recognitionId",
            ErrorCode.INVALID_STATE,
            f"该认定申请当前为“{zh(stage)}”，无需审核",
            f"the recognition is {stage.value}: no decision is awaited",
        )
    if not may_decide(ctx.perms, recognition):
        level, level_en = ("县级", "county") if stage == S.COUNTY_REVIEW else ("市级", "city")
        raise forbidden(
            "recognitionId",
            f"“{zh(stage)}”环节须由该认定所在地的{level}人才办审核",
            f"at {stage.value} the {level_en} office of the recognition decides",
        )
    category = await m.TalentCategory.get(id=recognition.category_id)
    actor = ctx.actor.username
    if decision == ReviewDecision.REJECT:
        to = S.REJECTED
    elif stage == S.PUBLICITY:  # objections dismissed: the notice runs to its end (cron)
        to = S.APPROVED if _notice_over(recognition) else S.PUBLICITY
    else:
        rule = await m.DirectRecognitionRule.filter(id=recognition.direct_rule_id).first()
        to = _next(stage, rule.skips if rule else None)
    # The conditional update is the lock: of two reviewers deciding at once, one wins.
    if not await m.Recognition.filter(id=recognition.id, status=stage).update(updated_at=clock.now()):
        raise changed_meanwhile("recognitionId", "decided by someone else meanwhile")
    if stage == S.PUBLICITY:
        upheld = decision == ReviewDecision.REJECT
        await m.RecognitionObjection.filter(id__in=[o.id for o in objections]).update(
            status=ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED,
            resolution=opinion, resolved_by=actor, resolved_at=clock.now(),
        )  # fmt: skip
    kind = K.OBJECTION_RESOLVED if stage == S.PUBLICITY else K(stage.value)
    await _step(recognition, kind, actor, decision=decision.value, opinion=opinion, from_status=stage)
    await audit(ctx.actor, "reviewRecognition", "recognition", recognition.id,
                before={"status": stage.value},
                after={"status": to.value, "decision": decision.value, "opinion": opinion},
                jurisdiction_code=recognition.jurisdiction_id)  # fmt: skip
    if to != stage:
        ctx.jobs_after_commit += await _advance(recognition, to, category, actor)
    return recognition


async def object_to_recognition(ctx: RequestContext, recognition_id: str, reason: str) -> m.Recognition:
    """异议: while the notice runs, by anyone holding recognition:object over it."""
    recognition = await find_visible(ctx, m.Recognition, "recognition", recognition_id, "recognitionId")
    require_action(ctx, "recognition", "object", recognition, "recognitionId",
                   "您无权对该认定提出异议", "you may not object to this recognition")  # fmt: skip
    errors: list[UserError] = []
    reason = _text(reason, "reason", errors)
    if errors:
        raise UserErrors(errors)
    # Lock it, so the cron closing the notice and an objection do not cross.
    recognition = await m.Recognition.filter(id=recognition.id).select_for_update().get()
    if recognition.status != S.PUBLICITY or _notice_over(recognition):
        raise UserError(
            "recognitionId",
            ErrorCode.INVALID_STATE,
            "只能在公示期内提出异议",
            "objections are taken while the notice runs only",
        )
    actor = ctx.actor.username
    objection = await m.RecognitionObjection.create(
        recognition_id=recognition.id, objector=actor, reason=reason
    )
    await _step(recognition, K.OBJECTION, actor, opinion=reason, from_status=S.PUBLICITY)
    await audit(ctx.actor, "objectToRecognition", "recognition", recognition.id,
                after={"objection": objection.id, "reason": reason},
                jurisdiction_code=recognition.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await notify(
        await _reviewers(recognition), f"认定公示异议 {recognition.number}",
        f"公示期间收到异议：{reason}。请核查后作出决定。",
        related_type="recognition", related_id=recognition.id,
    )  # fmt: skip
    return recognition


# ---- approval and messages ------------------------------------------------------------------


async def approve(recognition: m.Recognition, actor: str, *, talent: m.Talent | None = None,
                  category: m.TalentCategory | None = None) -> list[str]:  # fmt: skip
    """Approval's effects, in the caller's transaction once it holds the recognition:
    APPROVED with decided_at, the talent's category, the card issued or upgraded (its id kept
    on the recognition), the talent and the unit specialist told."""
    talent = talent or await m.Talent.get(id=recognition.talent_id)
    category = category or await m.TalentCategory.get(id=recognition.category_id)
    stamp = clock.now()
    card = None
    with suppress(NoProgramme):  # a ladder without a card programme: recognised, no card
        card, _ = await issue_for_category(actor, talent, category, recognition.id)
    await _move(recognition, S.APPROVED, decided_at=stamp, card_id=card.id if card else None)
    await m.Talent.filter(id=talent.id).update(category_id=category.id, updated_at=stamp)
    return await _tell(recognition, category, card)


async def close_notice(recognition: m.Recognition, day: dt.date) -> list[str] | None:
    """The end of a notice with no open objection (the daily cron): approved. None when
    another run, a reviewer or an objection got there first."""
    if await m.RecognitionObjection.exists(recognition_id=recognition.id, status=ObjectionStatus.OPEN):
        return None
    claimed = await m.Recognition.filter(
        id=recognition.id, status=S.PUBLICITY, publicity_until__lt=day
    ).update(updated_at=clock.now())  # the claim (a row lock): a second run finds nothing to approve
    if not claimed:
        return None
    category = await m.TalentCategory.get(id=recognition.category_id)
    recognition.status = S.PUBLICITY
    return await _advance(recognition, S.APPROVED, category, SYSTEM)


async def _reviewers(recognition: m.Recognition) -> list[int]:
    roles = ("county_admin",) if recognition.status == S.COUNTY_REVIEW else ("city_admin",)
    return await users_with_roles(roles, deciding_scope(recognition))


async def _tell(
    recognition: m.Recognition, category: m.TalentCategory, card: m.Card | None = None
) -> list[str]:
    """The applicant side hears of every decision; the next reviewers are asked to decide."""
    number, status = recognition.number, recognition.status
    applicant = [*await talent_users(recognition.talent_id), *await unit_specialists(recognition.employer_id)]
    keys: list[str] = []
    if status in (S.COUNTY_REVIEW, S.CITY_REVIEW):
        keys += await notify(await _reviewers(recognition), f"人才认定待审 {number}",
                             f"申请认定为{category.name}，请审核。",
                             related_type="recognition", related_id=recognition.id)  # fmt: skip
    bodies = {
        S.COUNTY_REVIEW: f"认定申请已受理，申请类别：{category.name}，等待县级初审。",
        S.CITY_REVIEW: f"认定申请（{category.name}）进入市级复审。",
        S.PUBLICITY: f"认定（{category.name}）进入公示：{recognition.publicity_from} 至 "
                     f"{recognition.publicity_until}。",
        S.APPROVED: f"您已被认定为{category.name}。" + (f"人才卡 {card.number}。" if card else ""),
        S.REJECTED: f"认定申请（{category.name}）未获通过。",
    }  # fmt: skip
    keys += await notify(applicant, f"人才认定 {number}", bodies.get(status, status.value),
                         related_type="recognition", related_id=recognition.id)  # fmt: skip
    return keys


# ---- the public notice (公示) ------------------------------------------------------------------

MAX_NOTICES = 200


async def publicity_list(jurisdiction_code: str) -> list[dict[str, Any]]:
    """What is on notice in a jurisdiction, with nothing but the fields a notice shows
    (anonymous readers: the name is masked by the caller)."""
    code = (jurisdiction_code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise validation("jurisdictionCode", "行政区划代码应为六位数字", "a six-digit jurisdiction code")
    rows = await m.Recognition.filter(within("jurisdiction_id", code), status=S.PUBLICITY).order_by(
        "-publicity_from", "id"
    ).limit(MAX_NOTICES).values(
        "number", "employer_id", "publicity_from", "publicity_until", "talent__name", "category__name"
    )  # fmt: skip
    employers = {r["employer_id"] for r in rows if r["employer_id"]} or {0}
    names = dict(await m.Employer.filter(id__in=list(employers)).values_list("id", "name"))
    return [{**r, "employer_name": names.get(r["employer_id"])} for r in rows]
