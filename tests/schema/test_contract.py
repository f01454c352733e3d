"""The exported schema is the contract: it matches the code, keeps API.md's names, and
every type and field is described for low-code field pickers."""

from __future__ import annotations

import re

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from schema.build import build_schema
from schema.export import SCHEMA_FILE, breaking_changes, current_sdl, parse_sdl

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == current_sdl(), (
        "schema.graphql is stale: run `python -m schema.export` and review the diff"
    )


def test_api_contract_names_are_present() -> None:
    schema = parse_sdl(current_sdl())
    query = schema.query_type.fields
    for name in ("me", "node", "nodes", "jurisdictions", "departments", "serviceWindows",
                 "employers", "talents", "talentCategories", "cardProgrammes", "cards",
                 "serviceItems", "specialists", "talent", "_entities", "_service"):  # fmt: skip
        assert name in query, name
    for name in ("login", "createTalent", "updateTalent", "markTalentLeft", "createServiceItem",
                 "updateServiceItem", "publishServiceItem", "retireServiceItem", "grantRole",
                 "revokeRole", "createApiToken", "revokeApiToken"):  # fmt: skip
        assert name in schema.mutation_type.fields, name
    talent = schema.type_map["Talent"].fields
    assert {"id", "name", "gender", "idNumber", "phone", "status", "jurisdiction", "employer",
            "category", "activeCard", "cards"} <= set(talent)  # fmt: skip
    for conn in ("TalentConnection", "CardConnection", "ServiceItemConnection"):
        assert {"edges", "pageInfo", "totalCount"} <= set(schema.type_map[conn].fields)
    assert {"field", "code", "message", "messageEn"} == set(schema.type_map["UserError"].fields)


def test_federation_entities_carry_keys() -> None:
    sdl = current_sdl()
    assert 'federation/v2.9' in sdl
    for entity in ("Talent", "Card", "ServiceItem", "Department", "Specialist", "Jurisdiction",
                   "Employer"):  # fmt: skip
        assert f'type {entity} implements Node @key(fields: "id")' in sdl, entity


def test_every_type_and_field_is_described() -> None:
    schema = parse_sdl(current_sdl())
    missing = []
    for name, gtype in schema.type_map.items():
        if name.startswith("_") or name.startswith("__") or name in ("Query", "Mutation"):
            continue
        if isinstance(gtype, GraphQLObjectType | GraphQLInputObjectType):
            if not gtype.description:
                missing.append(name)
            missing += [f"{name}.{f}" for f, d in gtype.fields.items() if not d.description]
    for name, field in {**schema.query_type.fields, **schema.mutation_type.fields}.items():
        if not name.startswith("_") and not field.description:
            missing.append(name)
    assert missing == []


def test_every_enum_value_has_a_chinese_label() -> None:
    schema = build_schema()._schema
    enums = [
        t
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLEnumType) and not name.startswith("__")
    ]
    values = {f"{e.name}.{name}": value.description for e in enums for name, value in e.values.items()}
    assert len(values) > 200
    assert [v for v, description in values.items() if not description or not CJK.search(description)] == []
    # The console shows the part before " · ": a short Chinese label.
    labels = {v: description.split(" · ")[0] for v, description in values.items()}
    assert [v for v, label in labels.items() if not CJK.search(label) or len(label) > 16] == []
    assert labels["HandoffStatus.ACCEPTED"] == "已受理" and labels["RequestStatus.COMPLETED"] == "已办结"


def test_breaking_changes_are_detected() -> None:
    old = "type Query { a: String, b: String }"
    new = "type Query { a: String }"
    assert breaking_changes(old, new) == ["FIELD_REMOVED: Field Query.b was removed."]
