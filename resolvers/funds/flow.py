"""The ways of the funds' records: a policy's versions (as a service item's), an
application's review, an entitlement's end and a recovery's close."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import EntitlementStatus as E
from schema.models.enums import FundApplicationStatus as A
from schema.models.enums import FundPolicyStatus as P
from schema.models.enums import RecoveryStatus as R

FUND_POLICY_FLOW = Flow("fund policy", {P.DRAFT: {P.PUBLISHED}, P.PUBLISHED: {P.RETIRED}})

# An application's way (申领审核): the county's review, then — for a city's or the
# province's policy — the city's; approved (an entitlement is created) or rejected.
FUND_APPLICATION_FLOW = Flow("fund application", {
    A.COUNTY_REVIEW: {A.CITY_REVIEW, A.APPROVED, A.REJECTED},
    A.CITY_REVIEW: {A.APPROVED, A.REJECTED},
})  # fmt: skip

# An entitlement stops when a trigger happens (停发) or ends with its period (期满).
ENTITLEMENT_FLOW = Flow("entitlement", {E.ACTIVE: {E.STOPPED, E.ENDED}})
# A recovery (追回单) is settled by repayments, or its rest written off with a reason.
RECOVERY_FLOW = Flow("recovery", {R.OPEN: {R.SETTLED, R.WRITTEN_OFF}})
