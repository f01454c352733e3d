"""Saved views (视图): the owner saves, changes and deletes them; they stay private until
shared with a role on a jurisdiction, and then reach that role's holders there and under
it, read-only; bad views are refused with coded errors on their field, nothing written;
every change is audited."""

from __future__ import annotations

from resolvers.core.ids import encode_id
from schema.models import AuditEvent, SavedView
from tests.savedviews.support import DELETE, LIST, SAVE, make_user, names, save, share, talent_view
from tests.support.graphql import GraphQLClient


async def test_the_owner_saves_changes_and_deletes_a_view(client: GraphQLClient) -> None:
    view = await save(client, "changan_admin")
    assert view["connection"] == "talents" and view["mine"] is True
    assert (
        view["owner"] == "changan_admin" and view["sharedRole"] is None and view["sharedJurisdiction"] is None
    )
    assert view["filter"] == talent_view()["filter"] and view["orderBy"] == talent_view()["orderBy"]
    assert view["columns"] == ["name", "employer.name", "jurisdiction.code", "customFields.owns_home"]
    second = await save(client, "changan_admin", name="按建档时间", filter=None, orderBy=None, columns=[])
    assert await names(client, "changan_admin") == sorted(["长安区重点人才", "按建档时间"])
    assert await names(client, "changan_admin", "serviceRequests") == []

    changes = talent_view(viewId=view["id"], name="长安区人才（新）", columns=["name", "category.name"],
                          filter={"withinJurisdiction": "130102"})  # fmt: skip
    data = await client.data(SAVE, {"input": changes}, as_user="changan_admin")
    changed = data["saveView"]["view"]
    assert data["saveView"]["userErrors"] == [] and changed["id"] == view["id"]
    assert (changed["name"], changed["columns"]) == ("长安区人才（新）", ["name", "category.name"])
    assert changed["filter"] == {"withinJurisdiction": "130102"}
    stored = await SavedView.get(name="长安区人才（新）")
    assert stored.filter_input == {"withinJurisdiction": "130102"} and stored.columns == [
        "name",
        "category.name",
    ]

    taken = await client.data(SAVE, {"input": talent_view(viewId=view["id"], name="按建档时间")},
                              as_user="changan_admin")  # fmt: skip
    assert [(e["field"], e["code"]) for e in taken["saveView"]["userErrors"]] == [("name", "CONFLICT")]
    moved = await client.data(SAVE, {"input": talent_view(viewId=view["id"], connection="employers",
                                                          filter=None, orderBy=None, columns=["name"])},
                              as_user="changan_admin")  # fmt: skip
    assert [(e["field"], e["code"]) for e in moved["saveView"]["userErrors"]] == [
        ("connection", "VALIDATION")
    ]

    deleted = await client.data(DELETE, {"input": {"viewId": second["id"]}}, as_user="changan_admin")
    assert deleted["deleteView"] == {"deletedViewId": second["id"], "userErrors": []}
    assert await names(client, "changan_admin") == ["长安区人才（新）"]

    events = await AuditEvent.filter(target_type="saved_view").order_by("id")
    assert [e.operation for e in events] == ["saveView", "saveView", "saveView", "deleteView"]
    assert {(e.actor, e.jurisdiction_code) for e in events} == {("changan_admin", "130102")}
    assert events[2].before["name"] == "长安区重点人才" and events[2].after["name"] == "长安区人才（新）"
    assert events[3].before["name"] == "按建档时间" and events[3].after is None


async def test_a_view_is_private_to_its_owner(client: GraphQLClient) -> None:
    view = await save(client, "changan_admin")
    assert await names(client, "changan_admin") == ["长安区重点人才"]
    for user in ("changan_window", "zhengding_admin", "sjz_admin", "hebei_admin", "talent_demo"):
        assert await names(client, user) == [], user  # a colleague of the same county too
    colleague = await client.data(DELETE, {"input": {"viewId": view["id"]}}, as_user="changan_window")
    missing = await client.data(DELETE, {"input": {"viewId": encode_id("SavedView", 999999)}},
                                as_user="changan_window")  # fmt: skip
    assert colleague["deleteView"] == missing["deleteView"]  # exactly as if it did not exist
    assert [(e["field"], e["code"]) for e in colleague["deleteView"]["userErrors"]] == [
        ("viewId", "NOT_FOUND")
    ]
    rename = await client.data(
        SAVE, {"input": talent_view(viewId=view["id"], name="改名")}, as_user="changan_window"
    )
    assert [e["code"] for e in rename["saveView"]["userErrors"]] == ["NOT_FOUND"]
    shared = await share(client, "changan_window", view["id"], "window_specialist", "130102")
    assert [e["code"] for e in shared["userErrors"]] == ["NOT_FOUND"]
    assert [v.name for v in await SavedView.all()] == ["长安区重点人才"]
    assert not await AuditEvent.filter(target_type="saved_view", actor="changan_window").exists()


async def test_a_shared_view_reaches_the_role_at_and_under_its_jurisdiction(client: GraphQLClient) -> None:
    view = await save(client, "sjz_admin", name="全市人才")
    shared = await share(client, "sjz_admin", view["id"], "county_admin", "130100")
    assert shared["userErrors"] == []
    assert (shared["view"]["sharedRole"], shared["view"]["sharedJurisdiction"]) == (
        "county_admin",
        {"code": "130100"},
    )
    for user in ("changan_admin", "zhengding_admin"):  # county offices under 石家庄
        data = await client.data(LIST, {"connection": "talents"}, as_user=user)
        [seen] = data["savedViews"]
        assert (seen["name"], seen["mine"], seen["owner"]) == ("全市人才", False, "sjz_admin"), user
    for user in ("changan_window", "jinan_admin", "hebei_admin", "sjz_police_handler"):  # another role, place
        assert await names(client, user) == [], user
    # Read-only for them: changing or deleting it answers as for a view that does not exist.
    deleted = await client.data(DELETE, {"input": {"viewId": view["id"]}}, as_user="changan_admin")
    assert [e["code"] for e in deleted["deleteView"]["userErrors"]] == ["NOT_FOUND"]
    assert await SavedView.filter(name="全市人才").exists()

    # A department's grant lies where the department does (石家庄市公安局: 130100).
    assert (await share(client, "sjz_admin", view["id"], "handler", "130100"))["userErrors"] == []
    assert await names(client, "sjz_police_handler") == ["全市人才"]
    assert await names(client, "changan_admin") == []  # one share at a time

    # Private again.
    private = await share(client, "sjz_admin", view["id"], None, None)
    assert private["userErrors"] == [] and private["view"]["sharedRole"] is None
    assert await names(client, "sjz_police_handler") == []
    ops = await AuditEvent.filter(target_type="saved_view").order_by("id").values_list("operation", "after")
    assert [op for op, _ in ops] == ["saveView", "shareView", "shareView", "shareView"]
    assert ops[1][1]["shared_role"] == "county_admin" and ops[1][1]["shared_jurisdiction_id"] == "130100"
    assert ops[3][1]["shared_role"] is None


async def test_a_county_share_stays_in_the_county(client: GraphQLClient) -> None:
    other = await make_user(client, "zhengding_admin", "zhengding_window", "window_specialist", "jur:130123")
    view = await save(client, "changan_admin", name="窗口每日")
    assert (await share(client, "changan_admin", view["id"], "window_specialist", None))["userErrors"] == []
    stored = await SavedView.get(name="窗口每日")
    assert (stored.shared_role, stored.shared_jurisdiction_id) == ("window_specialist", "130102")  # own place
    assert await names(client, "changan_window") == ["窗口每日"]
    assert await names(client, other) == []  # the same role in another county
    assert await names(client, "zhengding_admin") == []  # another role


async def test_sharing_outside_ones_own_grants_is_refused(client: GraphQLClient) -> None:
    view = await save(client, "changan_admin")
    for role, code, expected in [
        ("county_admin", "130100", ("jurisdictionCode", "FORBIDDEN")),  # its city: above the county
        ("county_admin", "130123", ("jurisdictionCode", "FORBIDDEN")),  # the county next door
        ("county_admin", "370102", ("jurisdictionCode", "FORBIDDEN")),
        ("county_admin", "999999", ("jurisdictionCode", "NOT_FOUND")),
        ("county_admin", "13", ("jurisdictionCode", "VALIDATION")),
        ("no_such_role", "130102", ("role", "VALIDATION")),
        ("platform_admin", "130102", ("role", "VALIDATION")),  # held deployment-wide, never at a place
    ]:
        refused = await share(client, "changan_admin", view["id"], role, code)
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [expected], (role, code)
        assert refused["view"] is None
    stored = await SavedView.get(name="长安区重点人才")
    assert stored.shared_role is None and stored.shared_jurisdiction_id is None
    assert await AuditEvent.filter(operation="shareView").count() == 0
    assert await names(client, "zhengding_admin") == []


async def test_bad_views_give_coded_errors_and_write_nothing(client: GraphQLClient) -> None:
    cases = [
        ({"connection": "nope"}, {("connection", "VALIDATION")}),
        ({"connection": "talent"}, {("connection", "VALIDATION")}),  # one record, not a list
        ({"connection": "savedViews"}, {("connection", "VALIDATION")}),
        ({"name": "  "}, {("name", "VALIDATION")}),
        ({"name": "名" * 65}, {("name", "VALIDATION")}),
        ({"filter": {"bogus": {"eq": 1}}}, {("filter", "VALIDATION")}),
        ({"filter": {"status": {"eq": "NOT_A_STATUS"}}}, {("filter.status.eq", "VALIDATION")}),
        ({"filter": [1, 2]}, {("filter", "VALIDATION")}),
        ({"orderBy": [{"field": "SALARY"}]}, {("orderBy[0].field", "VALIDATION")}),
        ({"columns": ["name", "nonexistentField"]}, {("columns[1]", "VALIDATION")}),
        ({"columns": ["employer"]}, {("columns[0]", "VALIDATION")}),  # an object, not a value
        ({"columns": ["name.length"]}, {("columns[0]", "VALIDATION")}),
        ({"columns": ["customFields.bad key"]}, {("columns[0]", "VALIDATION")}),
        ({"columns": ["name", "name"]}, {("columns[1]", "VALIDATION")}),
        ({"columns": [f"c{i}" for i in range(101)]}, {("columns", "VALIDATION")}),
        ({"name": "", "connection": "nope"}, {("name", "VALIDATION"), ("connection", "VALIDATION")}),
    ]
    for overrides, expected in cases:
        data = await client.data(SAVE, {"input": talent_view(**overrides)}, as_user="changan_admin")
        payload = data["saveView"]
        got = {(e["field"], e["code"]) for e in payload["userErrors"]}
        if ("filter", "VALIDATION") in expected:
            got = {(f.split(".")[0] if f else f, c) for f, c in got}
        assert got == expected, (overrides, payload)
        assert payload["view"] is None
        assert all(e["message"] and e["messageEn"] for e in payload["userErrors"]), payload
    assert await SavedView.all().count() == 0
    assert not await AuditEvent.filter(target_type="saved_view").exists()
    nowhere = await client.data(LIST, {"connection": "nope"}, as_user="changan_admin")
    assert nowhere["savedViews"] == []
