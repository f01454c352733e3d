"""A fund policy's versions (资金政策版本): drafted, published (retiring the version before
it), retired — as a service item's."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import FundApplicationStatus as A
from schema.models.enums import FundPolicyStatus as P

FUND_POLICY_FLOW = Flow("fund policy", {P.DRAFT: {P.PUBLISHED}, P.PUBLISHED: {P.RETIRED}})

# An application's way (申领审核): the county's review, then — for a city's or the
# province's policy — the city's; approved (an entitlement is created) or rejected.
FUND_APPLICATION_FLOW = Flow("fund application", {
    A.COUNTY_REVIEW: {A.CITY_REVIEW, A.APPROVED, A.REJECTED},
    A.CITY_REVIEW: {A.APPROVED, A.REJECTED},
})  # fmt: skip
