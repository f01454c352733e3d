"""Assemble the federated schema from the per-domain API modules."""

from __future__ import annotations

from functools import cache
from typing import Any

import strawberry
from graphql import ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)
from strawberry.federation.schema import FederationAny
from strawberry.tools import merge_types

from resolvers.core.errors import UserError
from resolvers.core.outage import is_database_outage
from resolvers.core.settings import Settings, get_settings
from resolvers.listing.pagination import DEFAULT_PAGE
from schema.api.accounts import AccountMutations, AccountQueries, AuditQueries, PolicyMutations, PolicyQueries
from schema.api.archives import ArchiveMutations, ArchiveQueries, SelfServiceMutations
from schema.api.cards import CardMutations, CardQueries, VerificationQueries
from schema.api.catalogue import CatalogueMutations
from schema.api.complaints import ComplaintMutations, ComplaintQueries
from schema.api.customfields import CustomFieldMutations, CustomFieldQueries
from schema.api.deadlines import CalendarMutations, CalendarQueries
from schema.api.directory import DirectoryQueries
from schema.api.federation import FederationMutations, FederationQueries
from schema.api.funds import FundMutations, FundQueries
from schema.api.grassroots import GrassrootsMutations, GrassrootsQueries
from schema.api.lowcode import LowcodeMutations, LowcodeQueries
from schema.api.messaging import NotificationMutations, NotificationQueries
from schema.api.nodes import NodeQueries
from schema.api.province import ProvinceQueries
from schema.api.recognition import RecognitionMutations, RecognitionQueries
from schema.api.requests import RequestMutations, RequestQueries
from schema.api.savedviews import SavedViewMutations, SavedViewQueries
from schema.api.specialists import SpecialistMutations, SpecialistQueries
from schema.api.supervision import SupervisionQueries
from schema.api.talents import ExportMutations, ImportMutations, ImportQueries, TalentMutations, TalentQueries
from schema.entities import check_representation
from schema.extensions import AuditPiiReads, CompiledReads, ErrorCodes, TokenLimits, is_client_error
from schema.query_cost import CostLimits, query_cost_rule
from schema.scalars import SCALAR_OVERRIDES
from schema.schema_exposure import SchemaExposure
from schema.types.cards import Card
from schema.types.catalogue import CardProgramme, ServiceItem, TalentCategory
from schema.types.directory import Department, Employer, ServiceWindow
from schema.types.enums import describe_values
from schema.types.geo import Jurisdiction
from schema.types.recognition import Recognition
from schema.types.requests import Handoff, ServiceRequest
from schema.types.specialists import Specialist
from schema.types.talents import Talent
from schema.validation import CheckedValidation, cached_validator

QUERIES = (
    AccountQueries, NodeQueries, TalentQueries, DirectoryQueries, PolicyQueries, RequestQueries,
    CalendarQueries, NotificationQueries, CardQueries, VerificationQueries, ImportQueries, RecognitionQueries,
    ArchiveQueries, SpecialistQueries,
    AuditQueries,
    ComplaintQueries, SupervisionQueries, LowcodeQueries, CustomFieldQueries, SavedViewQueries,
    FederationQueries,
    ProvinceQueries,
    FundQueries,
    GrassrootsQueries,
)  # fmt: skip
MUTATIONS = (
    AccountMutations, TalentMutations, CatalogueMutations, PolicyMutations, RequestMutations,
    CalendarMutations, NotificationMutations, SelfServiceMutations, ExportMutations,
    CardMutations, ImportMutations, RecognitionMutations, ArchiveMutations, SpecialistMutations,
    ComplaintMutations, LowcodeMutations, CustomFieldMutations, SavedViewMutations,
    FederationMutations,
    FundMutations,
    GrassrootsMutations,
)  # fmt: skip
Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)

ENTITY_TYPES = [Talent, Card, ServiceItem, Department, Specialist, Jurisdiction, Employer, Recognition]


ENTITY_NAMES = frozenset(t.__name__ for t in ENTITY_TYPES)
VALIDATION_CACHE_SIZE = 512
PARSE_CACHE_SIZE = 512


class GatewaySchema(strawberry.federation.Schema):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe_values(self._schema)

    def entities_resolver(  # type: ignore[override]
        self, info: strawberry.Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """Malformed representations answer VALIDATION in their place; the rest resolve."""
        checked = [check_representation(r, ENTITY_NAMES) for r in representations]
        resolved = iter(super().entities_resolver(info, [c for c in checked if isinstance(c, dict)]))
        return [c if isinstance(c, UserError) else next(resolved) for c in checked]

    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[override]
        # Client errors (coded user errors, invalid queries) are answers, not incidents.
        # A database outage is logged once (resolvers/core/outage.py), not per request.
        unexpected = [e for e in errors
                      if not is_client_error(e) and not is_database_outage(e.original_error)]  # fmt: skip
        if unexpected:
            super().process_errors(unexpected, execution_context)


def query_limit_rules(settings: Settings) -> list[type[ValidationRule]]:
    """Depth, aliases and cost as validation rules, made once: the same rule classes on
    every request keep validated queries in the validation cache."""
    limits = CostLimits(budget=settings.max_query_cost, default_page=DEFAULT_PAGE,
                        max_page=settings.max_page_size)  # fmt: skip
    return [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        query_cost_rule(limits),
    ]


@cache
def build_schema() -> GatewaySchema:
    settings = get_settings()
    rules = query_limit_rules(settings)
    validate = cached_validator(VALIDATION_CACHE_SIZE)
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        types=[*ENTITY_TYPES, ServiceWindow, TalentCategory, CardProgramme, ServiceRequest, Handoff],
        federation_version="2.9",
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[
            lambda: AddValidationRules(rules),
            lambda: CheckedValidation(validate),
            SchemaExposure,  # after the cache: it adjusts the cached answer per caller
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: ParserCache(maxsize=PARSE_CACHE_SIZE),  # keyed by the text and the token limit
            TokenLimits,  # after validation, before anything runs
            CompiledReads,  # plain listings answered by one statement, execution skipped
            AuditPiiReads,
            ErrorCodes,
        ],
    )
