"""Experts serving the grassroots for tests: 正定县 designated, experts of 长安区 listed for
last year (every day of it lies in the past), and the record and confirm mutations
(tests/grassroots/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resolvers.core.ids import encode_id
from schema.clock import china_today
from schema.models import Talent, User
from schema.models.enums import TalentStatus
from tests.support.graphql import GraphQLClient

YEAR = china_today().year - 1
RECEIVING = "130123"  # 正定县: zhengding_admin's
ERRORS = "userErrors { field code message }"
SERVICE = """grassrootsService { id status days startsOn endsOn unitName opinion paid expertName
  area { code } expert { year } talent { name } }"""
DESIGNATE = f"""mutation($input: DesignateGrassrootsAreaInput!) {{
  designateGrassrootsArea(input: $input) {{
    grassrootsArea {{ id kind jurisdiction {{ code }} }} {ERRORS} }} }}"""
LIST = f"""mutation($input: ListGrassrootsExpertInput!) {{
  listGrassrootsExpert(input: $input) {{
    grassrootsExpert {{ id year requiredDays talent {{ name }} }} {ERRORS} }} }}"""
RECORD = f"""mutation($input: RecordGrassrootsServiceInput!) {{
  recordGrassrootsService(input: $input) {{ {SERVICE} {ERRORS} }} }}"""
CONFIRM = f"""mutation($input: ConfirmGrassrootsServiceInput!) {{
  confirmGrassrootsService(input: $input) {{ {SERVICE} {ERRORS} }} }}"""


def on(month: int, day: int, year: int = YEAR) -> str:
    return dt.date(year, month, day).isoformat()


async def demo_talent() -> Talent:
    """talent_demo's talent, of 长安区."""
    return await Talent.get(id=(await User.get(username="talent_demo")).talent_id)


async def changan_talent(skip: int = 0) -> Talent:
    """Another active talent of 长安区 (not talent_demo's)."""
    own = (await User.get(username="talent_demo")).talent_id
    found = Talent.filter(jurisdiction_id="130102", status=TalentStatus.ACTIVE).exclude(id=own)
    talent = await found.order_by("id").offset(skip).first()
    assert talent is not None
    return talent


def gid(talent: Talent) -> str:
    return encode_id("Talent", talent.id)


async def designate(client: GraphQLClient, code: str = RECEIVING, kind: str = "OLD_REVOLUTIONARY",
                    user: str = "sjz_admin") -> dict[str, Any]:  # fmt: skip
    variables = {"input": {"jurisdictionCode": code, "kind": kind, "note": "冀政字〔2024〕1号"}}
    return (await client.data(DESIGNATE, variables, as_user=user))["designateGrassrootsArea"]


async def list_expert(client: GraphQLClient, talent: Talent, year: int = YEAR,
                      user: str = "changan_admin", **extra: Any) -> dict[str, Any]:  # fmt: skip
    variables = {"input": {"talentId": gid(talent), "year": year, **extra}}
    return (await client.data(LIST, variables, as_user=user))["listGrassrootsExpert"]


def service_input(talent: Talent, starts: str, ends: str, days: int, **overrides: Any) -> dict[str, Any]:
    return {"talentId": gid(talent), "areaCode": RECEIVING, "unitName": "正定县人民医院", "startsOn": starts,
            "endsOn": ends, "days": days, "content": "坐诊、带教、开展适宜技术培训", **overrides}  # fmt: skip


async def record(
    client: GraphQLClient, variables: dict[str, Any], user: str = "talent_demo"
) -> dict[str, Any]:
    return (await client.data(RECORD, {"input": variables}, as_user=user))["recordGrassrootsService"]


async def confirm(client: GraphQLClient, service: str, user: str = "zhengding_admin",
                  decision: str = "APPROVE", opinion: str | None = None) -> dict[str, Any]:  # fmt: skip
    variables = {"input": {"serviceId": service, "decision": decision, "opinion": opinion}}
    return (await client.data(CONFIRM, variables, as_user=user))["confirmGrassrootsService"]


async def served(client: GraphQLClient, talent: Talent, month: int, days: int, *, confirmed: bool = True,
                 user: str = "changan_admin") -> str:  # fmt: skip
    """A record of `days` days from the 1st of `month` (confirmed by 正定县 unless told not):
    its global ID."""
    made = await record(client, service_input(talent, on(month, 1), on(month, days), days), user=user)
    assert not made["userErrors"], made["userErrors"]
    service = made["grassrootsService"]["id"]
    if confirmed:
        done = await confirm(client, service)
        assert done["grassrootsService"]["status"] == "CONFIRMED", done
    return service
