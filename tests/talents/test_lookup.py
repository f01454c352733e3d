"""The window's lookup: an exact 身份证号, mobile number or card number finds the talent
within the caller's scope; one outside it answers null exactly like none at all; nothing
comes back unmasked that the caller may not read, and every lookup is audited."""

from __future__ import annotations

from typing import Any

from tortoise import connections

from permissions.masking import mask_id_number
from resolvers.core.ids import encode_id
from schema.models import AuditEvent, Card, Talent
from schema.models.enums import CardStatus
from tests.support.graphql import GraphQLClient, error_codes

LOOKUP = """query($idNumber: String, $mobile: String, $cardNumber: String) {
  lookupTalent(idNumber: $idNumber, mobile: $mobile, cardNumber: $cardNumber) {
    id name idNumber phone jurisdiction { code } } }"""


async def _holder_in(code: str) -> tuple[Talent, Card]:
    """A talent of `code` with a mobile number no one else has and an active card."""
    for card in await Card.filter(jurisdiction_id=code, status=CardStatus.ACTIVE).order_by("id"):
        talent = await Talent.get(id=card.holder_id)
        mobile = talent.phone and talent.phone.startswith("1")
        if mobile and await Talent.filter(phone=talent.phone).count() == 1:
            return talent, card
    raise AssertionError(f"the demo has no card holder with a mobile in {code}")


async def _lookup(client: GraphQLClient, who: str, **by: Any) -> dict[str, Any]:
    return await client.execute(LOOKUP, by, as_user=who)


async def test_the_window_finds_a_talent_by_exact_id_number_mobile_or_card_number(
    client: GraphQLClient,
) -> None:
    talent, card = await _holder_in("130102")
    expected = encode_id("Talent", talent.id)
    typed = [
        {"idNumber": talent.id_number.lower()},  # a final x typed in lower case
        {"idNumber": f" {talent.id_number[:6]} {talent.id_number[6:]} "},
        {"mobile": talent.phone},
        {"mobile": f"+86 {talent.phone}"},
        {"cardNumber": card.number.lower()},
    ]
    for by in typed:
        body = await _lookup(client, "changan_window", **by)
        assert "errors" not in body, (by, body)
        found = body["data"]["lookupTalent"]
        assert found["id"] == expected, by
        assert found["idNumber"] == talent.id_number  # the window holds pii:read here
    events = await AuditEvent.filter(operation="lookupTalent").order_by("id")
    assert [(e.target_id, e.jurisdiction_code, e.after["found"]) for e in events] == [
        (str(talent.id), "130102", True)] * len(typed)  # fmt: skip
    assert events[0].after["idNumber"] == mask_id_number(talent.id_number)
    assert talent.phone not in str([e.after for e in events])


async def test_a_talent_outside_the_scope_answers_exactly_like_none(client: GraphQLClient) -> None:
    elsewhere, card = await _holder_in("130123")
    nobody = {"idNumber": "130102199001010000", "mobile": "19900000000", "cardNumber": "SJZ-A-1999-999999"}
    theirs = {"idNumber": elsewhere.id_number, "mobile": elsewhere.phone, "cardNumber": card.number}
    for key, value in theirs.items():
        outside = await _lookup(client, "changan_window", **{key: value})
        missing = await _lookup(client, "changan_window", **{key: nobody[key]})
        assert outside == missing == {"data": {"lookupTalent": None}}, key
    events = await AuditEvent.filter(operation="lookupTalent")
    assert {(e.target_id, e.jurisdiction_code, e.after["found"]) for e in events} == {(None, "130102", False)}
    # The city office over both counties finds it.
    found = await _lookup(client, "sjz_admin", idNumber=elsewhere.id_number)
    assert found["data"]["lookupTalent"]["jurisdiction"] == {"code": "130123"}


async def test_a_lookup_reveals_nothing_the_caller_may_not_read(client: GraphQLClient) -> None:
    talent, card = await _holder_in("130102")
    for by in ({"idNumber": talent.id_number}, {"mobile": talent.phone}, {"cardNumber": card.number}):
        found = (await _lookup(client, "auditor_demo", **by))["data"]["lookupTalent"]
        assert found["id"] == encode_id("Talent", talent.id)
        assert found["idNumber"] == mask_id_number(talent.id_number)
        assert found["phone"] != talent.phone and "****" in found["phone"]
    assert not await AuditEvent.filter(operation="pii:read", actor="auditor_demo").exists()
    # Talents and card checkers see no talents at all: nothing is found for them.
    for who in ("verifier_demo", "sjz_police_handler"):
        assert (await _lookup(client, who, idNumber=talent.id_number))["data"]["lookupTalent"] is None


async def test_a_lookup_takes_exactly_one_well_formed_value(client: GraphQLClient) -> None:
    talent, card = await _holder_in("130102")
    for by in ({}, {"idNumber": talent.id_number, "mobile": talent.phone},
               {"idNumber": talent.id_number, "mobile": None, "cardNumber": card.number},
               {"idNumber": "1301\x00"}, {"idNumber": "x" * 40}, {"mobile": "12345"},
               {"cardNumber": "SJZ/../A"}, {"idNumber": ""}):  # fmt: skip
        body = await _lookup(client, "changan_window", **by)
        assert error_codes(body) == ["VALIDATION"], (by, body)
        assert body["data"] is None or body["data"]["lookupTalent"] is None
    other = await Talent.filter(jurisdiction_id="130102").exclude(id=talent.id).first()
    assert other is not None
    other.phone = talent.phone
    await other.save(update_fields=["phone"])
    shared = await _lookup(client, "changan_window", mobile=talent.phone)
    assert error_codes(shared) == ["CONFLICT"]
    assert not await AuditEvent.filter(operation="lookupTalent").exists()


async def test_each_lookup_is_one_indexed_equality(client: GraphQLClient, db: str) -> None:
    conn = connections.get("default")
    if db.startswith("sqlite"):
        indexed = set()
        for table, column in (("talent", "id_number"), ("talent", "phone"), ("card", "number")):
            for index in await conn.execute_query_dict(f'PRAGMA index_list("{table}")'):
                info = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
                if info and info[0]["name"] == column:
                    indexed.add((table, column))
    else:
        rows = await conn.execute_query_dict(
            """SELECT t.relname AS table, a.attname AS column FROM pg_index i
               JOIN pg_class t ON t.oid = i.indrelid
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
               WHERE t.relname IN ('talent', 'card')"""
        )
        indexed = {(r["table"], r["column"]) for r in rows}
    assert {("talent", "id_number"), ("talent", "phone"), ("card", "number")} <= indexed
