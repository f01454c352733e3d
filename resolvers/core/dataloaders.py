"""DataLoaders, one set per request: every nested field batches into one query per
level, and every loader applies the caller's scope in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.functions import Count
from tortoise.models import Model

from permissions.compiled import CompiledPermissions
from permissions.visibility import restrict
from schema import models as m
from schema.models.enums import CardStatus, FundPolicyStatus


def _by_key(
    model: type[Model], resource: str | None, perms: CompiledPermissions | None, column: str = "pk"
) -> DataLoader:
    """Loads rows by a unique column; rows outside the caller's scope load as None."""

    async def load(keys: Sequence[Any]) -> list[Any]:
        qs = model.filter(**{f"{column}__in": list(set(keys))})
        if resource is not None and perms is not None:
            qs = restrict(qs, perms, resource)
        rows = {getattr(r, column): r for r in await qs}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


def _grouped(
    make_queryset: Callable[[list[Any]], Any], key_of: Callable[[Any], Any]
) -> DataLoader:
    """Loads lists of rows per key (one-to-many)."""

    async def load(keys: Sequence[Any]) -> list[list[Any]]:
        groups: dict[Any, list[Any]] = defaultdict(list)
        for row in await make_queryset(list(set(keys))):
            groups[key_of(row)].append(row)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


# type → (model, resource, column): the keys a record is matched by across deployments
# (a talent's keyed ID-number hash, a card's number, an employer's unified social credit code)
NATURAL_KEYS: dict[str, tuple[type[Model], str, str]] = {
    "Talent": (m.Talent, "talent", "id_hash"),
    "Card": (m.Card, "card", "number"),
    "Employer": (m.Employer, "employer", "credit_code"),
}


class Loaders:
    """Built lazily per request; attribute access creates the loader on first use."""

    def __init__(self, perms: CompiledPermissions | None) -> None:
        self.perms = perms
        self._made: dict[str, DataLoader] = {}

    def _get(self, name: str, factory: Callable[[], DataLoader]) -> DataLoader:
        loader = self._made.get(name)
        if loader is None:
            loader = self._made[name] = factory()
        return loader

    def shared(self, name: str, factory: Callable[[], DataLoader]) -> DataLoader:
        """A loader a domain above core defines with its own scope rule (lowcode's tools,
        saved views, custom-field definitions), made once per request like these."""
        return self._get(name, factory)

    def _scoped(self, qs: Any, resource: str) -> Any:
        return restrict(qs, self.perms, resource) if self.perms is not None else qs.none()

    @property
    def jurisdiction(self) -> DataLoader:
        return self._get("jurisdiction", lambda: _by_key(m.Jurisdiction, "jurisdiction", self.perms))

    @property
    def employer(self) -> DataLoader:
        return self._get("employer", lambda: _by_key(m.Employer, "employer", self.perms))

    @property
    def department(self) -> DataLoader:
        return self._get("department", lambda: _by_key(m.Department, "department", self.perms))

    @property
    def window(self) -> DataLoader:
        return self._get("window", lambda: _by_key(m.ServiceWindow, "service_window", self.perms))

    @property
    def category(self) -> DataLoader:
        return self._get("category", lambda: _by_key(m.TalentCategory, "talent_category", self.perms))

    @property
    def programme(self) -> DataLoader:
        return self._get("programme", lambda: _by_key(m.CardProgramme, "card_programme", self.perms))

    @property
    def tier(self) -> DataLoader:
        # A tier is visible whenever its programme is (public reference data).
        return self._get("tier", lambda: _by_key(m.CardTier, None, None))

    def natural(self, type_name: str) -> DataLoader:
        """Rows by the natural key other deployments know them by (`NATURAL_KEYS`)."""
        model, resource, column = NATURAL_KEYS[type_name]
        return self._get(f"natural:{type_name}", lambda: _by_key(model, resource, self.perms, column))

    @property
    def talent(self) -> DataLoader:
        return self._get("talent", lambda: _by_key(m.Talent, "talent", self.perms))

    @property
    def specialist(self) -> DataLoader:
        return self._get("specialist", lambda: _by_key(m.Specialist, "specialist", self.perms))

    @property
    def quarterly_archive(self) -> DataLoader:
        return self._get(
            "quarterly_archive", lambda: _by_key(m.QuarterlyArchive, "archive_report", self.perms)
        )

    @property
    def service_item(self) -> DataLoader:
        return self._get("service_item", lambda: _by_key(m.ServiceItem, "service_item", self.perms))

    @property
    def fund_policy(self) -> DataLoader:
        return self._get("fund_policy", lambda: _by_key(m.FundPolicy, "fund_policy", self.perms))

    @property
    def published_policy(self) -> DataLoader:
        """The policy an application or entitlement is under: policies in force or once in
        force are public documents (政策公开), shown to whoever may see the application."""

        async def published(keys: Sequence[Any]) -> list[Any]:
            found = m.FundPolicy.filter(id__in=list(set(keys))).exclude(status=FundPolicyStatus.DRAFT)
            rows = {row.id: row for row in await found}
            return [rows.get(key) for key in keys]

        return self._get("published_policy", lambda: DataLoader(load_fn=published))

    @property
    def fund_application(self) -> DataLoader:
        return self._get(
            "fund_application", lambda: _by_key(m.FundApplication, "fund_application", self.perms)
        )

    @property
    def entitlement(self) -> DataLoader:
        return self._get("entitlement", lambda: _by_key(m.Entitlement, "entitlement", self.perms))

    @property
    def payment_batch(self) -> DataLoader:
        return self._get("payment_batch", lambda: _by_key(m.PaymentBatch, "payment_batch", self.perms))

    @property
    def payment(self) -> DataLoader:
        return self._get("payment", lambda: _by_key(m.Payment, "payment", self.perms))

    @property
    def recovery(self) -> DataLoader:
        return self._get("recovery", lambda: _by_key(m.Recovery, "recovery", self.perms))

    @property
    def recoveries_by_entitlement(self) -> DataLoader:
        """An entitlement's recoveries the caller may see, oldest first."""
        return self._get("recoveries_by_entitlement", lambda: _grouped(
            lambda keys: self._scoped(m.Recovery.filter(entitlement_id__in=keys), "recovery").order_by("id"),
            lambda row: row.entitlement_id,
        ))  # fmt: skip

    @property
    def repayments(self) -> DataLoader:
        """A recovery's repayments (the recovery is the caller's to see)."""
        return self._get("repayments", lambda: _grouped(
            lambda keys: m.Repayment.filter(recovery_id__in=keys).order_by("id"),
            lambda row: row.recovery_id,
        ))  # fmt: skip

    @property
    def fund_application_steps(self) -> DataLoader:
        return self._get("fund_application_steps", lambda: _grouped(
            lambda keys: m.FundApplicationStep.filter(application_id__in=keys).order_by("id"),
            lambda row: row.application_id,
        ))  # fmt: skip

    @property
    def entitlement_by_application(self) -> DataLoader:
        return self._get(
            "entitlement_by_application",
            lambda: _by_key(m.Entitlement, "entitlement", self.perms, column="application_id"),
        )

    @property
    def active_card_by_holder(self) -> DataLoader:
        def make() -> DataLoader:
            async def load(keys: Sequence[int]) -> list[Any]:
                qs = m.Card.filter(holder_id__in=list(set(keys)), status=CardStatus.ACTIVE)
                best: dict[int, Any] = {}
                for card in await self._scoped(qs, "card").order_by("issued_on", "id"):
                    best[card.holder_id] = card  # the latest issued active card wins
                return [best.get(k) for k in keys]

            return DataLoader(load_fn=load)

        return self._get("active_card_by_holder", make)

    @property
    def cards_by_holder(self) -> DataLoader:
        return self._get(
            "cards_by_holder",
            lambda: _grouped(
                lambda keys: self._scoped(m.Card.filter(holder_id__in=keys), "card").order_by(
                    "-issued_on", "-id"
                ),
                lambda card: card.holder_id,
            ),
        )

    @property
    def family_by_talent(self) -> DataLoader:
        # Family members are part of the talent's record: visible with the talent.
        return self._get(
            "family_by_talent",
            lambda: _grouped(
                lambda keys: m.FamilyMember.filter(talent_id__in=keys).order_by("id"),
                lambda member: member.talent_id,
            ),
        )

    @property
    def tiers_by_programme(self) -> DataLoader:
        return self._get(
            "tiers_by_programme",
            lambda: _grouped(
                lambda keys: m.CardTier.filter(programme_id__in=keys).order_by("rank", "id"),
                lambda tier: tier.programme_id,
            ),
        )

    @property
    def department_links_by_item(self) -> DataLoader:
        return self._get(
            "department_links_by_item",
            lambda: _grouped(
                lambda keys: m.ServiceItemDepartment.filter(item_id__in=keys)
                .select_related("department")
                .order_by("-is_lead", "id"),
                lambda link: link.item_id,
            ),
        )

    @property
    def tiers_by_item(self) -> DataLoader:
        def make() -> DataLoader:
            async def load(keys: Sequence[int]) -> list[list[Any]]:
                rows = await m.ServiceItem.filter(id__in=list(set(keys))).values_list(
                    "id", "eligible_tiers__id"
                )
                tier_ids = {t for _, t in rows if t is not None}
                tiers = {t.id: t for t in await m.CardTier.filter(id__in=list(tier_ids))}
                groups: dict[int, list[Any]] = defaultdict(list)
                for item_id, tier_id in rows:
                    if tier_id is not None:
                        groups[item_id].append(tiers[tier_id])
                return [sorted(groups.get(k, []), key=lambda t: (t.rank, t.id)) for k in keys]

            return DataLoader(load_fn=load)

        return self._get("tiers_by_item", make)

    @property
    def card(self) -> DataLoader:
        return self._get("card", lambda: _by_key(m.Card, "card", self.perms))

    # ---- card history and revocation (人才卡记录 · 收回) -------------------------------

    @property
    def events_by_card(self) -> DataLoader:
        # A card's history is part of the card: visible with it.
        return self._children("events_by_card", m.CardEvent, "card_id", ("id",))

    @property
    def revocations_by_card(self) -> DataLoader:
        return self._children(
            "revocations_by_card", m.CardRevocation, "card_id", ("id",), "card_revocation"
        )

    @property
    def steps_by_revocation(self) -> DataLoader:
        return self._children("steps_by_revocation", m.CardRevocationStep, "revocation_id", ("id",))

    @property
    def card_of_revocation(self) -> DataLoader:
        """The card a revocation names, visible with the revocation (its deciders need its
        number and tier even without card:read); other fields go through `card`."""
        return self._get("card_of_revocation", lambda: _by_key(m.Card, None, None))

    # ---- low-code tools (工具) -----------------------------------------------------------

    @property
    def operations_by_tool(self) -> DataLoader:
        # A tool version's trusted operations are part of it: visible with the tool.
        return self._children("operations_by_tool", m.ToolOperation, "tool_id", ("id",))

    # ---- service requests and handoffs ------------------------------------------------

    @property
    def service_request(self) -> DataLoader:
        return self._get(
            "service_request", lambda: _by_key(m.ServiceRequest, "service_request", self.perms)
        )

    @property
    def handoff(self) -> DataLoader:
        return self._get("handoff", lambda: _by_key(m.Handoff, "handoff", self.perms))

    def _children(self, name: str, model: Any, fk: str, order: tuple[str, ...],
                  resource: str | None = None) -> DataLoader:  # fmt: skip
        """Rows of `model` per parent key; scoped when they are a resource of their own,
        otherwise visible with their (already scoped) parent."""

        def queryset(keys: list[Any]) -> Any:
            qs = model.filter(**{f"{fk}__in": keys})
            return (self._scoped(qs, resource) if resource else qs).order_by(*order)

        return self._get(name, lambda: _grouped(queryset, lambda row: getattr(row, fk)))

    @property
    def handoffs_by_request(self) -> DataLoader:
        return self._children("handoffs_by_request", m.Handoff, "request_id", ("id",), "handoff")

    @property
    def items_by_request(self) -> DataLoader:
        return self._children("items_by_request", m.ServiceRequestItem, "request_id", ("id",))

    @property
    def changes_by_request(self) -> DataLoader:
        return self._children("changes_by_request", m.StatusChange, "request_id", ("id",))

    @property
    def changes_by_handoff(self) -> DataLoader:
        return self._children("changes_by_handoff", m.StatusChange, "handoff_id", ("id",))

    @property
    def appointments_by_handoff(self) -> DataLoader:
        return self._children("appointments_by_handoff", m.Appointment, "handoff_id", ("at", "id"))

    @property
    def extensions_by_handoff(self) -> DataLoader:
        return self._children("extensions_by_handoff", m.HandoffExtension, "handoff_id", ("id",))

    @property
    def archive_by_request(self) -> DataLoader:
        return self._get(
            "archive_by_request",
            lambda: _by_key(m.ArchiveEntry, "archive_entry", self.perms, "request_id"),
        )

    @property
    def evaluation_by_request(self) -> DataLoader:
        return self._get("evaluation_by_request", lambda: _by_key(m.Evaluation, None, None, "request_id"))

    @property
    def item_any(self) -> DataLoader:
        """Catalogue entries as they were (any status): the item a request named."""
        return self._get("item_any", lambda: _by_key(m.ServiceItem, None, None))

    @property
    def applicant(self) -> DataLoader:
        """The person behind a handoff, visible with the handoff (need to know); its
        personal fields are masked by the handoff's own pii:read."""
        return self._get("applicant", lambda: _by_key(m.Talent, None, None))

    # ---- talent recognition (人才认定) ----------------------------------------------------

    @property
    def recognition(self) -> DataLoader:
        return self._get("recognition", lambda: _by_key(m.Recognition, "recognition", self.perms))

    @property
    def steps_by_recognition(self) -> DataLoader:
        # A recognition's history is part of it: visible with it.
        return self._children("steps_by_recognition", m.RecognitionStep, "recognition_id", ("id",))

    @property
    def objections_by_recognition(self) -> DataLoader:
        # Shown only to its reviewers (schema/types/recognition.py checks recognition:approve).
        return self._children("objections_by_recognition", m.RecognitionObjection, "recognition_id", ("id",))

    @property
    def direct_rule(self) -> DataLoader:
        return self._get("direct_rule", lambda: _by_key(m.DirectRecognitionRule, "direct_rule", self.perms))

    # ---- specialists (服务专员) ------------------------------------------------------------

    @property
    def specialist_any(self) -> DataLoader:
        """A talent's dedicated specialist, visible wherever the talent is (need to know);
        the mobile is still masked by specialist:pii:read."""
        return self._get("specialist_any", lambda: _by_key(m.Specialist, None, None))

    @property
    def items_by_specialist(self) -> DataLoader:
        # The items a specialist handles are catalogue entries: visible with the specialist.
        def make() -> DataLoader:
            async def load(keys: Sequence[int]) -> list[list[Any]]:
                links = await m.Specialist.filter(id__in=list(set(keys))).values_list("id", "items__id")
                item_ids = {i for _, i in links if i is not None}
                items = {i.id: i for i in await m.ServiceItem.filter(id__in=list(item_ids))}
                groups: dict[int, list[Any]] = defaultdict(list)
                for specialist_id, item_id in links:
                    if item_id is not None:
                        groups[specialist_id].append(items[item_id])
                return [sorted(groups.get(k, []), key=lambda i: (i.code, i.id)) for k in keys]

            return DataLoader(load_fn=load)

        return self._get("items_by_specialist", make)

    @property
    def trainings_by_specialist(self) -> DataLoader:
        # Training records are part of the specialist's record: visible with it.
        return self._children(
            "trainings_by_specialist", m.SpecialistTraining, "specialist_id", ("-held_on", "id")
        )

    @property
    def dedicated_load(self) -> DataLoader:
        """Current dedicated talents per specialist, counted in one GROUP BY."""

        def make() -> DataLoader:
            async def load(keys: Sequence[int]) -> list[int]:
                rows = await m.DedicatedAssignment.filter(
                    specialist_id__in=list(set(keys)), ended_at__isnull=True
                ).annotate(n=Count("id")).group_by("specialist_id").values_list("specialist_id", "n")
                counts = dict(rows)
                return [counts.get(k, 0) for k in keys]

            return DataLoader(load_fn=load)

        return self._get("dedicated_load", make)

    @property
    def dedicated_by_talent(self) -> DataLoader:
        # The current assignment of a talent, visible with the talent.
        return self._get(
            "dedicated_by_talent", lambda: _by_key(m.DedicatedAssignment, None, None, "active_talent_id")
        )

    # ---- complaints and rectification (投诉 · 整改) ---------------------------------------

    @property
    def complaint(self) -> DataLoader:
        return self._get("complaint", lambda: _by_key(m.Complaint, "complaint", self.perms))

    @property
    def steps_by_complaint(self) -> DataLoader:
        # A complaint's history is part of it: visible with it.
        return self._children("steps_by_complaint", m.ComplaintStep, "complaint_id", ("id",))

    @property
    def complaints_by_request(self) -> DataLoader:
        return self._children("complaints_by_request", m.Complaint, "request_id", ("id",), "complaint")

    @property
    def rectification_by_evaluation(self) -> DataLoader:
        return self._get(
            "rectification_by_evaluation",
            lambda: _by_key(m.Complaint, "complaint", self.perms, "evaluation_id"),
        )

    @property
    def evaluation_any(self) -> DataLoader:
        # The rating behind a rectification task, visible with the task.
        return self._get("evaluation_any", lambda: _by_key(m.Evaluation, None, None))
