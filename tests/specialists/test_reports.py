"""The public list of specialists (公示, anonymous) and the compliance report (每个部门、
窗口至少2名在岗专员)."""

from __future__ import annotations

from gateway.demo.data import UNDERSTAFFED_DEPARTMENT
from schema.models import Department, ServiceWindow, Specialist
from schema.models.enums import SpecialistStatus
from tests.support.graphql import GraphQLClient

PUBLIC = """query($code: String) { publicSpecialists(jurisdictionCode: $code) {
  name kind organizationName officePhone jurisdiction { code name } items { code name } } }"""
COMPLIANCE = """query($code: String!, $short: Boolean! = false) {
  specialistCompliance(jurisdictionCode: $code, onlyNonCompliant: $short) {
    organizationId organizationName kind activeCount required compliant jurisdiction { code name } } }"""


async def test_the_public_list_answers_anyone_with_active_specialists_only(client: GraphQLClient) -> None:
    data = await client.data(PUBLIC, {"code": "130102"})  # no Authorization header
    rows = data["publicSpecialists"]
    active = await Specialist.filter(jurisdiction_id="130102", status=SpecialistStatus.ACTIVE).count()
    assert len(rows) == active > 0
    assert {r["jurisdiction"]["code"] for r in rows} == {"130102"}
    window = next(r for r in rows if r["kind"] == "WINDOW")
    assert window["organizationName"] == "长安区人才服务分窗口" and window["officePhone"].startswith("0311-")
    assert {"code": "changan.school", "name": "长安区人才子女就近入学"} in window["items"]
    assert await Specialist.filter(jurisdiction_id="130102").exclude(status=SpecialistStatus.ACTIVE).exists()
    everywhere = (await client.data(PUBLIC, {"code": None}))["publicSpecialists"]
    assert len(everywhere) == await Specialist.filter(status=SpecialistStatus.ACTIVE).count()


async def test_the_public_list_has_no_private_fields(client: GraphQLClient) -> None:
    for field in ("mobile", "id", "user", "filedAt", "dedicatedTalentCount"):
        body = await client.execute(f"{{ publicSpecialists {{ name {field} }} }}")
        assert body["errors"][0]["extensions"]["code"] == "VALIDATION", field
    body = await client.execute('{ publicSpecialists(jurisdictionCode: "13") { name } }')
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION"


async def test_compliance_names_the_short_department_and_counts_every_organisation(
    client: GraphQLClient,
) -> None:
    data = await client.data(COMPLIANCE, {"code": "130100"}, as_user="sjz_admin")
    rows = data["specialistCompliance"]
    departments = await Department.filter(jurisdiction_id__startswith="1301").count()
    windows = await ServiceWindow.filter(jurisdiction_id__startswith="1301").count()
    assert len(rows) == departments + windows  # every level: city and both counties
    assert {r["jurisdiction"]["code"] for r in rows} == {"130100", "130102", "130123"}
    short = [r for r in rows if not r["compliant"]]
    assert [(r["organizationName"], r["kind"], r["activeCount"], r["required"]) for r in short] == [
        (UNDERSTAFFED_DEPARTMENT, "HANDLING", 1, 2)
    ]
    only = await client.data(COMPLIANCE, {"code": "130123", "short": True}, as_user="zhengding_admin")
    assert [r["organizationName"] for r in only["specialistCompliance"]] == [UNDERSTAFFED_DEPARTMENT]


async def test_an_organisation_without_specialists_appears_with_zero(client: GraphQLClient) -> None:
    empty = await Department.create(name="长安区科学技术局", jurisdiction_id="130102")
    await Specialist.filter(window__name="正定县人才服务分窗口").update(status=SpecialistStatus.INACTIVE)
    rows = (await client.data(COMPLIANCE, {"code": "130000"}, as_user="hebei_admin"))["specialistCompliance"]
    by_name = {r["organizationName"]: r for r in rows}
    assert (by_name[empty.name]["activeCount"], by_name[empty.name]["compliant"]) == (0, False)
    assert (
        by_name["正定县人才服务分窗口"]["activeCount"] == 0
        and by_name["正定县人才服务分窗口"]["kind"] == "WINDOW"
    )
    assert not any(r["jurisdiction"]["code"].startswith("37") for r in rows)


async def test_compliance_needs_specialist_read_over_the_whole_jurisdiction(client: GraphQLClient) -> None:
    for user, code in (("changan_admin", "130100"), ("jinan_admin", "130102"), ("sjz_edu_handler", "130100")):
        body = await client.execute(COMPLIANCE, {"code": code}, as_user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
    assert (await client.execute(COMPLIANCE, {"code": "130100"}))["errors"][0]["extensions"]["code"] == (
        "UNAUTHENTICATED"
    )
    audited = await client.data(COMPLIANCE, {"code": "130100"}, as_user="auditor_demo")
    assert len(audited["specialistCompliance"]) > 10
