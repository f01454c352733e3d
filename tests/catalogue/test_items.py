"""The service catalogue's life: draft → published → new version → retired; employers."""

from __future__ import annotations

from resolvers.core.ids import encode_id
from resolvers.core.validation import make_credit_code
from schema.models import AuditEvent, Department, Employer, ServiceItem
from schema.models.enums import ServiceItemStatus
from tests.support.graphql import GraphQLClient

ITEM = """serviceItem { id code version status effectiveFrom effectiveTo
  departments { name } leadDepartment { name } }"""
CREATE = f"""mutation($input: CreateServiceItemInput!) {{
  createServiceItem(input: $input) {{ {ITEM} userErrors {{ field code }} }} }}"""
UPDATE = f"""mutation($input: UpdateServiceItemInput!) {{
  updateServiceItem(input: $input) {{ {ITEM} userErrors {{ field code }} }} }}"""
PUBLISH = f"""mutation($input: PublishServiceItemInput!) {{
  publishServiceItem(input: $input) {{ {ITEM} userErrors {{ field code }} }} }}"""
RETIRE = f"""mutation($input: RetireServiceItemInput!) {{
  retireServiceItem(input: $input) {{ {ITEM} userErrors {{ field code }} }} }}"""
EMPLOYER = """mutation($input: CreateEmployerInput!) {
  createEmployer(input: $input) { employer { id creditCode } userErrors { field code } } }"""


async def _dept(name: str) -> str:
    return encode_id("Department", (await Department.get(name=name)).id)


async def _item_input(**overrides: object) -> dict[str, object]:
    return {
        "code": "changan.parking", "name": "人才停车优惠", "category": "TRANSPORT",
        "mode": "APPLICATION", "jurisdictionCode": "130102", "timeLimitWorkdays": 5,
        "materials": ["人才卡", "行驶证"], "departmentIds": [await _dept("长安区教育局")],
        **overrides,
    }  # fmt: skip


async def test_county_item_walks_draft_publish_version_retire(client: GraphQLClient) -> None:
    created = await client.data(CREATE, {"input": await _item_input()}, as_user="changan_admin")
    item = created["createServiceItem"]["serviceItem"]
    assert item["status"] == "DRAFT" and item["leadDepartment"]["name"] == "长安区教育局"
    published = await client.data(
        PUBLISH, {"input": {"id": item["id"], "effectiveFrom": "2026-01-01"}}, as_user="changan_admin"
    )
    assert published["publishServiceItem"]["serviceItem"]["status"] == "PUBLISHED"
    updated = await client.data(
        UPDATE, {"input": {"id": item["id"], "timeLimitWorkdays": 3}}, as_user="changan_admin"
    )
    draft = updated["updateServiceItem"]["serviceItem"]
    assert (draft["version"], draft["status"]) == (2, "DRAFT")
    assert draft["departments"] == [{"name": "长安区教育局"}]
    await client.data(
        PUBLISH, {"input": {"id": draft["id"], "effectiveFrom": "2026-06-01"}}, as_user="changan_admin"
    )
    versions = await ServiceItem.filter(code="changan.parking").order_by("version")
    assert [(v.status, str(v.effective_to)) for v in versions] == [
        (ServiceItemStatus.RETIRED, "2026-05-31"), (ServiceItemStatus.PUBLISHED, "None")
    ]
    retired = await client.data(RETIRE, {"input": {"id": draft["id"]}}, as_user="changan_admin")
    assert retired["retireServiceItem"]["serviceItem"]["status"] == "RETIRED"
    ops = await AuditEvent.filter(target_type="service_item").values_list("operation", flat=True)
    assert sorted(ops) == sorted(["createServiceItem", "publishServiceItem", "updateServiceItem",
                                  "publishServiceItem", "retireServiceItem"])  # fmt: skip


async def test_bad_items_are_refused_and_nothing_is_written(client: GraphQLClient) -> None:
    jinan = await _dept("济南市公安局")
    cases = [
        (await _item_input(code="sjz.household"), "code", "CONFLICT", "sjz_admin"),
        (await _item_input(code="bad code!"), "code", "VALIDATION", "changan_admin"),
        (await _item_input(departmentIds=[jinan]), "departmentIds", "VALIDATION", "changan_admin"),
        (await _item_input(timeLimitWorkdays=0), "timeLimitWorkdays", "VALIDATION", "changan_admin"),
        (await _item_input(jurisdictionCode="130123", departmentIds=[await _dept("正定县教育局")]),
         None, "FORBIDDEN", "changan_admin"),
        (await _item_input(), None, "FORBIDDEN", "changan_window"),
    ]
    for payload, field, code, user in cases:
        data = await client.data(CREATE, {"input": payload}, as_user=user)
        errors = data["createServiceItem"]["userErrors"]
        assert {"field": field, "code": code} in errors, (payload, errors)
    assert not await ServiceItem.filter(code__in=["changan.parking", "bad code!"]).exists()


async def test_publishing_needs_a_draft_with_departments(client: GraphQLClient) -> None:
    created = await client.data(
        CREATE, {"input": await _item_input(departmentIds=[])}, as_user="changan_admin"
    )
    gid = created["createServiceItem"]["serviceItem"]["id"]
    refused = await client.data(PUBLISH, {"input": {"id": gid}}, as_user="changan_admin")
    assert refused["publishServiceItem"]["userErrors"] == [{"field": "departmentIds", "code": "VALIDATION"}]
    retire = await client.data(RETIRE, {"input": {"id": gid}}, as_user="changan_admin")
    assert retire["retireServiceItem"]["userErrors"] == [{"field": "id", "code": "INVALID_STATE"}]


async def test_employer_credit_code_is_checked(client: GraphQLClient) -> None:
    good = make_credit_code("130102", 7777)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = await client.data(
        EMPLOYER, {"input": {"name": "长安新材料有限公司", "creditCode": bad, "jurisdictionCode": "130102"}},
        as_user="changan_window",
    )  # fmt: skip
    assert data["createEmployer"]["userErrors"] == [{"field": "creditCode", "code": "VALIDATION"}]
    assert not await Employer.filter(name="长安新材料有限公司").exists()
    data = await client.data(
        EMPLOYER, {"input": {"name": "长安新材料有限公司", "creditCode": good, "jurisdictionCode": "130102"}},
        as_user="changan_window",
    )  # fmt: skip
    assert data["createEmployer"]["employer"]["creditCode"] == good


async def test_items_filtered_by_several_departments_appear_once(client: GraphQLClient) -> None:
    police, hr = await _dept("石家庄市公安局"), await _dept("石家庄市人力资源和社会保障局")
    data = await client.data(
        """query($ids: [ID!]) { serviceItems(first: 100, filter: {departmentId: {in: $ids}}) {
             totalCount edges { node { code } } } }""",
        {"ids": [police, hr]}, as_user="sjz_admin",
    )  # fmt: skip
    codes = [e["node"]["code"] for e in data["serviceItems"]["edges"]]
    assert "sjz.household" in codes  # both departments handle it
    assert len(codes) == len(set(codes)) == data["serviceItems"]["totalCount"]
