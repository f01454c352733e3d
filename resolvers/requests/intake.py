"""Intake (一窗接件): a window, the talent online, or the employer's unit specialist
submits one application; DIRECT items are served at once, APPLICATION items become one
handoff per responsible department, delivered asynchronously (并联办理)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jobs.keys import handoff_delivery_key, withdrawal_key
from jobs.outbox.staging import stage
from permissions.audit import audit
from permissions.resources import row_scopes
from permissions.scopes import covers, jur
from resolvers.cards.check import CardElsewhere
from resolvers.complaints.rectification import open_rectification
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
from resolvers.core.idhash import id_hash
from resolvers.core.ids import decode_int_id
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_visible, require_action
from resolvers.core.numbers import request_number
from resolvers.core.transitions import change_status
from resolvers.core.validation import TextKind
from resolvers.customfields.values import audited_values, checked_values
from resolvers.deadlines import rollups
from resolvers.deadlines.workdays import WorkCalendar, load_calendar
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import department_handlers
from resolvers.requests.flow import (
    FINISHED,
    OPEN_HANDOFF,
    OPEN_REQUEST,
    REQUEST_FLOW,
    move_handoff,
    record_change,
    settle_request,
)
from schema import clock
from schema.clock import china_today
from schema.models import (
    Card,
    Department,
    Evaluation,
    Handoff,
    ServiceItem,
    ServiceItemDepartment,
    ServiceRequest,
    ServiceRequestItem,
    ServiceWindow,
    Talent,
)
from schema.models.enum_labels import zh
from schema.models.enums import (
    CardStatus,
    DeliveryChannel,
    HandoffStatus,
    MaterialState,
    RequestChannel,
    RequestStatus,
    ServiceItemStatus,
    ServiceMode,
    TalentStatus,
)

MAX_ITEMS = 20


@dataclass(frozen=True)
class Material:
    """A material of one requested item (a global ServiceItem ID)."""

    item_id: str
    name: str
    state: MaterialState


@dataclass(frozen=True)
class NewServiceRequest:
    """submitServiceRequest: global IDs; `channel` defaults by who submits. `materials`
    None at the window means the specialist has seen the originals."""

    talent_id: str
    item_ids: list[str]
    channel: RequestChannel | None = None
    note: str | None = None
    materials: list[Material] | None = None
    custom_fields: dict[str, Any] | None = None
    # An e-card token shown at the window, for a holder whose card another deployment of the
    # province issued; the GraphQL layer checks it (federation) into `card_elsewhere`.
    card_token: str | None = None
    card_elsewhere: CardElsewhere | None = None
    # The client's idempotency key: a resend with it answers with the first request.
    client_mutation_id: str | None = None


def _channel(ctx: RequestContext, talent: Talent, asked: RequestChannel | None) -> RequestChannel:
    """Who submits decides the channel: the talent → ONLINE, a unit specialist → UNIT,
    window staff → WINDOW; an explicit channel must match what the caller may do."""
    principal = ctx.require_principal()
    if principal.talent_id == talent.id:
        natural = RequestChannel.ONLINE
    elif ctx.perms.allows("service_request", "create", [jur(talent.jurisdiction_id)]):
        natural = RequestChannel.WINDOW
    else:
        natural = RequestChannel.UNIT
    if asked is None:
        return natural
    asked = RequestChannel(asked)
    if asked != natural and not (asked == RequestChannel.UNIT and natural == RequestChannel.WINDOW):
        raise validation("channel", f"您只能通过“{zh(natural)}”渠道提交申请",
                         f"you submit through the {natural.value} channel")  # fmt: skip
    return asked


async def _eligible_items(
    ctx: RequestContext, talent: Talent, item_ids: list[str], elsewhere: CardElsewhere | None,
    errors: list[UserError],
) -> list[ServiceItem]:
    keys = []
    for gid in item_ids:
        try:
            keys.append(decode_int_id(gid, "ServiceItem", "itemIds"))
        except UserError as error:
            errors.append(error)
    if len(set(keys)) != len(keys):
        errors.append(validation("itemIds", "同一服务事项不能重复选择", "an item is listed twice"))
    items = {i.id: i for i in await ServiceItem.filter(id__in=keys)}
    today = china_today()
    card = await (
        Card.filter(holder_id=talent.id, status=CardStatus.ACTIVE, expires_on__gte=today)
        .order_by("-issued_on")
        .first()
    )
    tier = _card_tier(ctx, talent, card, elsewhere, errors)
    out = []
    for key in keys:
        item = items.get(key)
        if item is None:
            errors.append(not_found("itemIds", "服务事项", "service item"))
            continue
        if not covers(jur(item.jurisdiction_id), jur(talent.jurisdiction_id)):
            errors.append(validation("itemIds", f"人才所在地不提供“{item.name}”",
                                     f"{item.name} is not offered where the talent lives"))  # fmt: skip
        elif item.status != ServiceItemStatus.PUBLISHED or (
            (item.effective_from and item.effective_from > today)
            or (item.effective_to and item.effective_to < today)
        ):
            errors.append(UserError("itemIds", ErrorCode.INVALID_STATE, f"“{item.name}”当前不在有效期内",
                                    f"{item.name} is not in force"))  # fmt: skip
        elif tier is not None:
            tiers = {(t.id if isinstance(tier, int) else t.code) for t in await item.eligible_tiers.all()}
            if tiers and tier not in tiers:
                errors.append(forbidden("itemIds", f"该人才的人才卡等级不能申请“{item.name}”",
                                        f"the talent's card tier does not admit {item.name}"))  # fmt: skip
        out.append(item)
    return out


def _card_tier(ctx: RequestContext, talent: Talent, card: Card | None, elsewhere: CardElsewhere | None,
               errors: list[UserError]) -> int | str | None:  # fmt: skip
    """The tier of the talent's valid card: the tier's id for a card of this deployment;
    the tier's code for one another deployment of the province issued to the same person
    (全省通用: the provincial programme's tiers have the same codes everywhere)."""
    if card is not None:
        return card.tier_id
    if elsewhere is not None:
        if not elsewhere.valid:
            errors.append(UserError("cardToken", ErrorCode.INVALID_STATE, "出示的人才卡无效",
                                    "the card shown is not valid"))  # fmt: skip
        elif elsewhere.holder_key != id_hash(ctx.settings, talent.id_number):
            errors.append(validation("cardToken", "出示的人才卡不属于该人才",
                                     "the card shown is another person's"))  # fmt: skip
        else:
            return elsewhere.tier_code
        return None
    errors.append(UserError("talentId", ErrorCode.INVALID_STATE, "该人才没有有效的人才卡",
                            "the talent holds no valid card"))  # fmt: skip
    return None


def _materials(
    items: list[ServiceItem], given: list[Material] | None, channel: RequestChannel, errors: list[UserError]
) -> dict[int, dict[str, str]]:
    """Every listed material must be attached or seen. Omitted at the window, the
    receiving specialist has seen the originals (一窗接件), and that is what is recorded."""
    by_item: dict[int, dict[str, str]] = {i.id: {} for i in items}
    for entry in given or []:
        try:
            key = decode_int_id(entry.item_id, "ServiceItem", "materials.itemId")
        except UserError as error:
            errors.append(error)
            continue
        if key not in by_item:
            errors.append(
                validation("materials.itemId", "材料所属事项不在本次申请的事项中", "not one of itemIds")
            )
            continue
        try:
            name = read_text(entry.name, "materials.name", 200, TextKind.LINE, required=True)
        except UserError as error:
            errors.append(error)
            continue
        by_item[key][name] = MaterialState(entry.state).value
    for item in items:
        recorded = by_item[item.id]
        if given is None and channel == RequestChannel.WINDOW:
            recorded.update({m: MaterialState.SEEN.value for m in item.materials or []})
        missing = [m for m in item.materials or [] if m not in recorded]
        if missing:
            errors.append(validation("materials", f"“{item.name}”缺少材料：{'、'.join(missing)}",
                                     f"{item.name}: missing {', '.join(missing)}"))  # fmt: skip
    return by_item


async def submit_service_request(ctx: RequestContext, data: NewServiceRequest) -> ServiceRequest:
    """One request; with a client mutation ID, once (a resend answers with the first)."""
    return await once(
        ctx, "submitServiceRequest", data.client_mutation_id, fingerprint(data, "card_elsewhere"),
        ServiceRequest, "service_request", lambda: _submit(ctx, data),
    )  # fmt: skip


async def _submit(ctx: RequestContext, data: NewServiceRequest) -> ServiceRequest:
    errors: list[UserError] = []
    if not data.item_ids:
        raise validation("itemIds", "请至少选择一个服务事项", "name at least one service item")
    if len(data.item_ids) > MAX_ITEMS:
        raise UserError("itemIds", ErrorCode.LIMIT_EXCEEDED, f"一次最多申请 {MAX_ITEMS} 个事项",
                        f"at most {MAX_ITEMS} items")  # fmt: skip
    note = None
    try:
        note = read_text(data.note, "note", 2000)
    except UserError as error:
        errors.append(error)
    talent = await find_visible(ctx, Talent, "talent", data.talent_id, "talentId")
    if not ctx.perms.allows("service_request", "create", row_scopes("talent", talent)):
        raise forbidden(None, "您无权为该人才提交服务申请", "not allowed to submit requests for this talent")
    channel = _channel(ctx, talent, data.channel)
    if talent.status != TalentStatus.ACTIVE:
        errors.append(
            UserError("talentId", ErrorCode.INVALID_STATE, "该人才已离开本地", "the talent has left")
        )
    items = await _eligible_items(ctx, talent, list(data.item_ids), data.card_elsewhere, errors)
    materials = _materials(items, data.materials, channel, errors)
    custom = await checked_values("ServiceRequest", talent.jurisdiction_id, data.custom_fields, {}, errors)
    if errors:
        raise UserErrors(errors)
    codes = [i.code for i in items]
    if await ServiceRequestItem.filter(
        request__talent_id=talent.id, request__status__in=OPEN_REQUEST, item__code__in=codes
    ).exists():
        raise UserError("itemIds", ErrorCode.CONFLICT, "所选事项中已有正在办理的申请",
                        "an open request for one of these items exists")  # fmt: skip
    return await _create(ctx, talent, channel, items, materials, note, custom)


async def _window_for(county: str) -> ServiceWindow | None:
    """属地原则: the county's window, else the city window above it."""
    return (
        await ServiceWindow.filter(jurisdiction_id=county).order_by("id").first()
        or await ServiceWindow.filter(jurisdiction_id=county[:4] + "00").order_by("id").first()
    )


def item_due_on(calendar: WorkCalendar, received_on: dt.date, item: ServiceItem) -> dt.date:
    """A handoff of `item` is due its time limit in working days after the day of receipt."""
    return calendar.add_workdays(received_on, item.time_limit_workdays or 1)


async def _create(
    ctx: RequestContext, talent: Talent, channel: RequestChannel, items: list[ServiceItem],
    materials: dict[int, dict[str, str]], note: str | None, custom_fields: dict[str, Any],
) -> ServiceRequest:  # fmt: skip
    now = clock.now()
    today = china_today()
    calendar = await load_calendar(talent.jurisdiction_id)  # the request's county
    window = await _window_for(talent.jurisdiction_id)
    request = await ServiceRequest.create(
        number=request_number(talent.jurisdiction_id, now),
        talent_id=talent.id, jurisdiction_id=talent.jurisdiction_id, employer_id=talent.employer_id,
        window_id=window.id if window else None, channel=channel, note=note,
        submitted_by_id=ctx.require_principal().user_id, received_at=now, custom_fields=custom_fields,
    )  # fmt: skip
    await record_change(ctx.actor.username, request, None, None, RequestStatus.RECEIVED.value)
    links = await ServiceItemDepartment.filter(item_id__in=[i.id for i in items]).order_by("id")
    departments = Department.filter(id__in={x.department_id for x in links})
    channels = dict(await departments.values_list("id", "channel"))
    # The request's first INBOX delivery job delivers all of them (jobs/outbox/inbox_delivery.py).
    inbox_job = False
    due_dates = []
    handoffs: list[Handoff] = []
    for item in items:
        direct = item.mode == ServiceMode.DIRECT
        await ServiceRequestItem.create(
            request_id=request.id, item_id=item.id, materials=materials[item.id],
            served_at=now if direct else None,
        )  # fmt: skip
        if direct:
            continue
        due_on = item_due_on(calendar, today, item)
        due_dates.append(due_on)
        for link in (x for x in links if x.item_id == item.id):
            handoff = await Handoff.create(
                request_id=request.id, item_id=item.id, department_id=link.department_id,
                jurisdiction_id=request.jurisdiction_id, talent_id=talent.id,
                employer_id=talent.employer_id, is_lead=link.is_lead, due_on=due_on,
            )  # fmt: skip
            handoffs.append(handoff)
            await record_change(ctx.actor.username, request, handoff, None, "PENDING")
            key = await stage(handoff_delivery_key(handoff.id), "deliver_handoff", {"handoff": handoff.id})
            if channels[link.department_id] == DeliveryChannel.WEBHOOK:
                ctx.jobs_after_commit.append(key)  # each webhook is posted and retried on its own
            elif not inbox_job:
                ctx.jobs_after_commit.append(key)  # the other INBOX rows are finished by this job
                inbox_job = True
    request.due_on = max(due_dates) if due_dates else today
    await request.save(update_fields=["due_on", "updated_at"])
    await rollups.request_received(request, handoffs)
    await audit(
        ctx.actor, "submitServiceRequest", "service_request", request.id,
        after={"number": request.number, "talent": talent.id, "items": [i.code for i in items],
               "channel": channel.value}
        | ({"custom_fields": await audited_values("ServiceRequest", custom_fields)} if custom_fields else {}),
        jurisdiction_code=request.jurisdiction_id,
    )  # fmt: skip
    if not due_dates:  # DIRECT items only: served and finished at the window
        ctx.jobs_after_commit.extend(await settle_request(ctx.actor.username, request))
    return request


async def _own_request(ctx: RequestContext, global_id: str, action: str = "update") -> ServiceRequest:
    request = await find_visible(ctx, ServiceRequest, "service_request", global_id, "serviceRequestId")
    require_action(ctx, "service_request", action, request, "serviceRequestId", "您无权更改该服务申请",
                   "not allowed to change this request")  # fmt: skip
    return request


async def withdraw_service_request(
    ctx: RequestContext, request_id: str, reason: str | None = None
) -> ServiceRequest:
    """Possible while no department has finished its part; open handoffs are withdrawn
    and their departments told."""
    request = await _own_request(ctx, request_id)
    reason = read_text(reason, "reason", 2000)
    handoffs = await Handoff.filter(request_id=request.id)
    if request.status not in OPEN_REQUEST or any(h.status in FINISHED for h in handoffs):
        raise UserError("serviceRequestId", ErrorCode.INVALID_STATE, "已有部门办结的申请不能撤回",
                        "only a request with nothing finished can be withdrawn")  # fmt: skip
    stamp = clock.now()
    before = request.status
    if not await change_status(request, REQUEST_FLOW, RequestStatus.WITHDRAWN, withdrawn_at=stamp):
        raise changed_meanwhile("serviceRequestId", "the request changed meanwhile")
    await record_change(ctx.actor.username, request, None, before.value, "WITHDRAWN", reason)
    webhook_departments = set(await Department.filter(
        id__in=[h.department_id for h in handoffs], channel=DeliveryChannel.WEBHOOK
    ).values_list("id", flat=True))  # fmt: skip
    for handoff in handoffs:
        reached = handoff.status in (HandoffStatus.DELIVERED, HandoffStatus.ACCEPTED)
        if await move_handoff(ctx.actor.username, handoff, OPEN_HANDOFF, HandoffStatus.WITHDRAWN,
                              note=reason):  # fmt: skip
            if reached and handoff.department_id in webhook_departments:  # its system has it
                ctx.jobs_after_commit.append(await stage(
                    withdrawal_key(handoff.id), "withdraw_handoff", {"handoff": handoff.id}
                ))  # fmt: skip
            ctx.jobs_after_commit.extend(await notify(
                await department_handlers(handoff.department_id), f"申请已撤回 {request.number}",
                f"申请人已撤回该事项的办理申请。{reason or ''}",
                related_type="handoff", related_id=handoff.id,
            ))  # fmt: skip
    await audit(ctx.actor, "withdrawServiceRequest", "service_request", request.id,
                after={"reason": reason}, jurisdiction_code=request.jurisdiction_id)  # fmt: skip
    return request


async def evaluate_service_request(
    ctx: RequestContext, request_id: str, score: int, comment: str | None = None
) -> ServiceRequest:
    """满意度评价: by the talent, once, after the request is finished."""
    request = await _own_request(ctx, request_id)
    if ctx.require_principal().talent_id != request.talent_id:
        raise forbidden(
            "serviceRequestId", "只有申请人本人可以评价", "only the applicant evaluates the service"
        )
    if request.status not in (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REJECTED,
                              RequestStatus.REJECTED, RequestStatus.ARCHIVED):  # fmt: skip
        raise UserError(
            "serviceRequestId", ErrorCode.INVALID_STATE, "申请办结后才能评价", "evaluate after completion"
        )
    if not 1 <= score <= 5:
        raise validation("score", "评分应为 1 至 5 分", "a score from 1 to 5")
    comment = read_text(comment, "comment", 2000)
    if await Evaluation.filter(request_id=request.id).exists():
        raise UserError("serviceRequestId", ErrorCode.CONFLICT, "该申请已评价过", "already evaluated")
    evaluation = await Evaluation.create(request_id=request.id, score=score, comment=comment)
    await rollups.request_rated(request, score, evaluation.created_at)
    await audit(ctx.actor, "evaluateServiceRequest", "service_request", request.id,
                after={"score": score}, jurisdiction_code=request.jurisdiction_id)  # fmt: skip
    # A poor rating opens a rectification task (整改) in this transaction.
    ctx.jobs_after_commit.extend(await open_rectification(ctx.actor, request, evaluation))
    return request
