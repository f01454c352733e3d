"""A fund policy's versions (资金政策版本): drafted, published (retiring the version before
it), retired — as a service item's."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import FundPolicyStatus as P

FUND_POLICY_FLOW = Flow("fund policy", {P.DRAFT: {P.PUBLISHED}, P.PUBLISHED: {P.RETIRED}})
