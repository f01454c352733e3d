"""Handling service requests through GraphQL as the demo users do: the 长安区 window
submits for the demo talent, the city departments' handlers accept, complete, return and
extend. Shared by the tests of completion figures and of supervision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resolvers.core.ids import decode_id, encode_id
from schema.clock import china_today
from schema.models import Handoff, ServiceItem, ServiceRequest, User
from tests.support.graphql import GraphQLClient

SUBMIT = """mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) {
  serviceRequest { id dueOn handoffs { id department { name } } } userErrors { field code } } }"""
ACCEPT = """mutation($id: ID!) { acceptHandoff(input: {handoffId: $id}) { userErrors { code } } }"""
COMPLETE = """mutation($id: ID!) {
  completeHandoff(input: {handoffId: $id, outcome: APPROVED, opinion: "同意"}) { userErrors { code } } }"""
RETURN = """mutation($id: ID!) {
  returnHandoff(input: {handoffId: $id, reason: "缺少材料"}) { userErrors { code } } }"""
EXTEND = """mutation($id: ID!, $newDueOn: Date!) {
  reportHandoffExtension(input: {handoffId: $id, reason: "需核查", newDueOn: $newDueOn}) {
    userErrors { field code } } }"""
WITHDRAW = """mutation($id: ID!) {
  withdrawServiceRequest(input: {serviceRequestId: $id}) { userErrors { code } } }"""

POLICE, EDU, HR = "sjz_police_handler", "sjz_edu_handler", "sjz_hr_handler"
HANDLERS = {"石家庄市公安局": POLICE, "石家庄市教育局": EDU, "石家庄市人力资源和社会保障局": HR}


def pk(global_id: str) -> int:
    return int(decode_id(global_id)[1])


async def submit(client: GraphQLClient, code: str) -> tuple[int, dict[str, int]]:
    """A request at the 长安区 window for the demo talent: its pk, handler → handoff pk."""
    talent_id = (await User.get(username="talent_demo")).talent_id
    items = [encode_id("ServiceItem", i.id) for i in await ServiceItem.filter(code=code)]
    variables = {"input": {"talentId": encode_id("Talent", talent_id), "itemIds": items}}
    data = await client.data(SUBMIT, variables, as_user="changan_window")
    payload = data["submitServiceRequest"]
    assert payload["userErrors"] == [], payload
    request = payload["serviceRequest"]
    return pk(request["id"]), {HANDLERS[h["department"]["name"]]: pk(h["id"]) for h in request["handoffs"]}


async def call(client: GraphQLClient, mutation: str, user: str, **variables: Any) -> list[dict[str, Any]]:
    data = await client.data(mutation, variables, as_user=user)
    return next(iter(data.values()))["userErrors"]


async def finish(client: GraphQLClient, handoff: int, handler: str, mutation: str = COMPLETE) -> None:
    gid = encode_id("Handoff", handoff)
    if mutation == COMPLETE:
        assert await call(client, ACCEPT, handler, id=gid) == []
    assert await call(client, mutation, handler, id=gid) == []


async def backdate(request: int, days: int, due_on: dt.date) -> dt.date:
    """Receipt `days` calendar days ago and a new due date, on the request and its handoffs;
    returns the Beijing date of receipt."""
    received = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    await ServiceRequest.filter(id=request).update(received_at=received, due_on=due_on)
    await Handoff.filter(request_id=request).update(created_at=received, due_on=due_on)
    return china_today(received)
