"""Entities by the keys other deployments know them by (issue 16): a card by its number,
an employer by its credit code, resolved in `_entities` with the scopes of `id`."""

from __future__ import annotations

from resolvers.core.idhash import id_hash
from resolvers.core.ids import encode_id
from resolvers.core.settings import Settings, get_settings
from schema.build import build_schema
from schema.models import Card, Employer, Talent
from tests.support.graphql import GraphQLClient, error_codes

ENTITIES = """query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Card { number status } ... on Employer { creditCode name } }
}"""


async def test_cards_and_employers_resolve_by_their_natural_keys_within_scope(client: GraphQLClient) -> None:
    card = await Card.filter(jurisdiction_id="130102").first()
    employer = await Employer.filter(jurisdiction_id="130102").first()
    assert card is not None and employer is not None
    reps = [
        {"__typename": "Card", "number": card.number},
        {"__typename": "Employer", "creditCode": employer.credit_code},
        {"__typename": "Card", "number": "NO-SUCH-CARD"},
    ]
    body = await client.execute(ENTITIES, {"reps": reps}, as_user="changan_admin")
    assert body["data"]["_entities"][:2] == [
        {"number": card.number, "status": card.status.value},
        {"creditCode": employer.credit_code, "name": employer.name},
    ]
    assert body["data"]["_entities"][2] is None and error_codes(body) == ["NOT_FOUND"]
    # outside the caller's county: exactly like a key that does not exist
    elsewhere = await client.execute(ENTITIES, {"reps": reps[:2]}, as_user="zhengding_admin")
    assert elsewhere["data"]["_entities"] == [None, None]
    assert error_codes(elsewhere) == ["NOT_FOUND", "NOT_FOUND"]


async def test_a_representation_has_one_key(client: GraphQLClient) -> None:
    card = await Card.all().first()
    assert card is not None
    reps = [
        {"__typename": "Card", "number": card.number, "id": "x"},
        {"__typename": "Card", "number": 5},
        {"__typename": "Employer", "number": card.number},
    ]
    body = await client.execute(ENTITIES, {"reps": reps}, as_user="sjz_admin")
    assert body["data"]["_entities"] == [None, None, None]
    assert error_codes(body) == ["VALIDATION"] * 3


def test_the_sdl_names_the_natural_keys() -> None:
    sdl = build_schema().as_str()
    assert 'type Card implements Node @key(fields: "id") @key(fields: "number")' in sdl
    assert 'type Employer implements Node @key(fields: "id") @key(fields: "creditCode")' in sdl


async def test_a_talent_s_id_hash_is_the_feed_s_key_and_hides_the_number(client: GraphQLClient) -> None:
    talent = await Talent.filter(jurisdiction_id="370102").first()
    assert talent is not None
    gid = encode_id("Talent", talent.id)
    shown = await client.data("query($id: ID!) { node(id: $id) { ... on Talent { idHash idNumber } } }",
                              {"id": gid}, as_user="shandong_platform")  # fmt: skip
    assert shown["node"]["idHash"] == id_hash(get_settings(), talent.id_number)
    assert talent.id_number not in str(shown) and len(shown["node"]["idHash"]) == 64
    # the same person keyed alike wherever the province key is the same, whatever the case of X
    one, other = Settings(province_key="k" * 32), Settings(province_key="j" * 32)
    assert id_hash(one, "13010219900101123x") == id_hash(one, "13010219900101123X ")
    assert id_hash(one, "13010219900101123X") != id_hash(other, "13010219900101123X")


TALENT_ENTITIES = (
    """query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Talent { name idHash } } }"""
)


async def test_talents_resolve_by_id_hash_whatever_wrote_them(client: GraphQLClient) -> None:
    """The demo's talents were bulk-inserted (no stored hash); a changed ID number is found
    by its new hash and no longer by the old; out of scope answers as missing."""
    settings = get_settings()
    talent = await Talent.filter(jurisdiction_id="130102").order_by("id").first()
    other = await Talent.filter(jurisdiction_id="130123").order_by("id").first()
    assert talent is not None and other is not None and talent.id_hash is None
    reps = [{"__typename": "Talent", "idHash": id_hash(settings, talent.id_number)},
            {"__typename": "Talent", "idHash": id_hash(settings, other.id_number)},
            {"__typename": "Talent", "idHash": "0" * 64}]  # fmt: skip
    body = await client.execute(TALENT_ENTITIES, {"reps": reps}, as_user="changan_admin")
    assert body["data"]["_entities"] == [{"name": talent.name, "idHash": reps[0]["idHash"]}, None, None]
    assert error_codes(body) == ["NOT_FOUND", "NOT_FOUND"]
    assert await Talent.filter(id_hash=None).count() == 0  # filled, whatever wrote them

    old = reps[0]["idHash"]
    new_number = talent.id_number[:-4] + ("0000" if not talent.id_number.endswith("0000") else "1111")
    await Talent.filter(id=talent.id).update(id_number=new_number)  # the trigger clears the stored hash
    assert (await Talent.get(id=talent.id)).id_hash is None
    renewed = [{"__typename": "Talent", "idHash": id_hash(settings, new_number)}, {"__typename": "Talent",
               "idHash": old}]  # fmt: skip
    body = await client.execute(TALENT_ENTITIES, {"reps": renewed}, as_user="changan_admin")
    assert body["data"]["_entities"][0] == {"name": talent.name, "idHash": renewed[0]["idHash"]}
    assert body["data"]["_entities"][1] is None


async def test_filling_hashes_writes_nothing_to_the_change_feed(demo_db: str) -> None:
    from resolvers.federation.keys import fill_id_hashes
    from schema.models import ChangeRecord

    before = await ChangeRecord.all().count()
    assert await fill_id_hashes(Settings(province_key="another")) > 0
    assert await ChangeRecord.all().count() == before
    await Talent.filter(id=(await Talent.all().first()).id).update(phone="13800000000")  # type: ignore[union-attr]
    assert await ChangeRecord.all().count() == before + 1
