"""Assemble the federated schema from the per-domain API modules."""

from __future__ import annotations

from functools import cache

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from gateway.settings import get_settings
from schema.api.accounts import AccountMutations, AccountQueries
from schema.api.archives import ArchiveMutations, ArchiveQueries
from schema.api.audit import AuditQueries
from schema.api.calendar import CalendarMutations, CalendarQueries
from schema.api.cards import CardMutations, CardQueries
from schema.api.catalogue import CatalogueMutations
from schema.api.complaints import ComplaintMutations, ComplaintQueries
from schema.api.directory import DirectoryQueries
from schema.api.exports import ExportMutations
from schema.api.imports import ImportMutations, ImportQueries
from schema.api.nodes import NodeQueries
from schema.api.notifications import NotificationMutations, NotificationQueries
from schema.api.policies import PolicyMutations, PolicyQueries
from schema.api.recognition import RecognitionMutations, RecognitionQueries
from schema.api.requests import RequestMutations, RequestQueries
from schema.api.self_service import SelfServiceMutations
from schema.api.specialists import SpecialistMutations, SpecialistQueries
from schema.api.supervision import SupervisionQueries
from schema.api.talents import TalentMutations, TalentQueries
from schema.api.verification import VerificationQueries
from schema.extensions import AuditPiiReads, ErrorCodes, is_client_error
from schema.types.cards import Card
from schema.types.catalogue import CardProgramme, ServiceItem, TalentCategory
from schema.types.geo import Jurisdiction
from schema.types.organisations import Department, Employer, ServiceWindow
from schema.types.recognition import Recognition
from schema.types.requests import Handoff, ServiceRequest
from schema.types.specialists import Specialist
from schema.types.talents import Talent

QUERIES = (
    AccountQueries, NodeQueries, TalentQueries, DirectoryQueries, PolicyQueries, RequestQueries,
    CalendarQueries, NotificationQueries, CardQueries, VerificationQueries, ImportQueries, RecognitionQueries,
    ArchiveQueries, SpecialistQueries,
    AuditQueries,
    ComplaintQueries, SupervisionQueries,
)  # fmt: skip
MUTATIONS = (
    AccountMutations, TalentMutations, CatalogueMutations, PolicyMutations, RequestMutations,
    CalendarMutations, NotificationMutations, SelfServiceMutations, ExportMutations,
    CardMutations, ImportMutations, RecognitionMutations, ArchiveMutations, SpecialistMutations,
    ComplaintMutations,
)  # fmt: skip
Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)

ENTITY_TYPES = [Talent, Card, ServiceItem, Department, Specialist, Jurisdiction, Employer, Recognition]


class GatewaySchema(strawberry.federation.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[override]
        # Client errors (coded user errors, invalid queries) are answers, not incidents.
        unexpected = [e for e in errors if not is_client_error(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


@cache
def build_schema() -> GatewaySchema:
    settings = get_settings()
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        types=[*ENTITY_TYPES, ServiceWindow, TalentCategory, CardProgramme, ServiceRequest, Handoff],
        federation_version="2.9",
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
            lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            AuditPiiReads,
            ErrorCodes,
        ],
    )
