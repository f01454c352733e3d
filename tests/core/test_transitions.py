"""One conditional status change for every state machine (resolvers/core/transitions.py)."""

from __future__ import annotations

import pytest

from resolvers.cards.flow import CARD_FLOW
from resolvers.catalogue.flow import SERVICE_ITEM_FLOW
from resolvers.complaints.flow import COMPLAINT_FLOW
from resolvers.core.transitions import Flow, change_status
from resolvers.recognition.flow import RECOGNITION_FLOW
from resolvers.requests.flow import HANDOFF_FLOW, OPEN_HANDOFF, OPEN_REQUEST, REQUEST_FLOW, WORKABLE
from resolvers.talents.flow import TALENT_FLOW
from schema.models import Talent
from schema.models.enums import CardStatus, HandoffStatus, RequestStatus, TalentStatus

FLOWS = [
    CARD_FLOW, SERVICE_ITEM_FLOW, COMPLAINT_FLOW, RECOGNITION_FLOW, REQUEST_FLOW, HANDOFF_FLOW, TALENT_FLOW,
]


@pytest.mark.parametrize("flow", FLOWS, ids=[f.name for f in FLOWS])
def test_every_flow_stays_within_its_own_states(flow: Flow) -> None:
    states = {type(state) for source, targets in flow.edges.items() for state in (source, *targets)}
    assert len(states) == 1, states


def test_the_open_states_are_those_the_flows_leave_from() -> None:
    assert set(REQUEST_FLOW.sources(RequestStatus.WITHDRAWN)) == set(OPEN_REQUEST)
    assert set(HANDOFF_FLOW.sources(HandoffStatus.WITHDRAWN)) == set(OPEN_HANDOFF)
    assert set(HANDOFF_FLOW.sources(HandoffStatus.RETURNED)) == set(WORKABLE)
    assert HandoffStatus.UNDELIVERABLE not in WORKABLE  # open, but no department can work it


def test_an_undeclared_transition_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"card: \['REVOKED'\] → ACTIVE"):
        CARD_FLOW.check([CardStatus.REVOKED], CardStatus.ACTIVE)
    with pytest.raises(ValueError, match="nothing"):
        CARD_FLOW.check([], CardStatus.ACTIVE)


async def test_a_status_changes_once_however_often_it_is_asked(demo_db: str) -> None:
    talent = await Talent.filter(status=TalentStatus.ACTIVE).order_by("id").first()
    assert talent is not None
    stale = await Talent.get(id=talent.id)
    before = talent.updated_at
    assert await change_status(talent, TALENT_FLOW, TalentStatus.LEFT, left_on=None)
    assert talent.status == TalentStatus.LEFT and talent.updated_at > before
    # a second caller that read the row before the change finds nothing left to change
    assert not await change_status(stale, TALENT_FLOW, TalentStatus.LEFT)
    assert stale.status == TalentStatus.ACTIVE  # untouched: it lost
    stored = await Talent.get(id=talent.id)
    assert (stored.status, stored.updated_at) == (TalentStatus.LEFT, talent.updated_at)
    with pytest.raises(ValueError):
        await change_status(stored, TALENT_FLOW, TalentStatus.ACTIVE)  # LEFT → ACTIVE is undeclared


async def test_a_where_condition_must_hold_too(demo_db: str) -> None:
    talent = await Talent.filter(status=TalentStatus.ACTIVE).order_by("id").first()
    assert talent is not None
    assert not await change_status(talent, TALENT_FLOW, TalentStatus.LEFT, where={"name": "nobody"})
    assert (await Talent.get(id=talent.id)).status == TalentStatus.ACTIVE
