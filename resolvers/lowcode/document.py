"""Checking a tool document (工具文档): its shape against the published JSON Schema
(`tool.schema.json`, served at /console/tool.schema.json), then every operation a block
runs against the live GraphQL schema, so a tool naming a field that does not exist is
refused with that field's path.

The GraphQL schema is handed in by the caller (the API layer, or the gateway at start):
resolvers sit below the schema they serve.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, parse, validate
from jsonschema import Draft202012Validator

from resolvers.core.errors import UserError, validation

SCHEMA_FILE = Path(__file__).with_name("tool.schema.json")
MAX_DOCUMENT_BYTES = 512 * 1024
DATA_BLOCKS = {"table": "query", "detail": "query", "chart": "query", "stat": "query", "form": "mutation"}
_FIELD_MISSING = re.compile(r"Cannot query field '(\w+)' on type '(\w+)'")


def schema_text() -> bytes:
    return SCHEMA_FILE.read_bytes()


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text()))


@dataclass(frozen=True)
class Operation:
    """One GraphQL operation a document stores: where it is and what it must be."""

    path: str  # pages[0].blocks[1].operation
    text: str
    kind: str  # query | mutation

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def _json_path(parts: Any) -> str:
    out = "document"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def check_shape(document: Any) -> list[UserError]:
    """The document against the JSON Schema: one VALIDATION error per bad place."""
    if not isinstance(document, dict):
        return [validation("document", "工具文档应为 JSON 对象", "the document must be a JSON object")]
    if len(json.dumps(document, ensure_ascii=False).encode()) > MAX_DOCUMENT_BYTES:
        return [validation("document", "工具文档过大（最多 512 KB）", "the document exceeds 512 KB")]
    errors = []
    for problem in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        path = _json_path(problem.absolute_path)
        errors.append(validation(path, f"工具文档不符合规范：{problem.message}",
                                 f"does not match tool.schema.json: {problem.message}"))  # fmt: skip
    errors += _check_keys(document) if not errors else []
    return errors[:50]


def _no_block(field: str, key: str) -> UserError:
    return validation(field, f"本页未找到区块 {key}", f"no block {key} on this page")


def _check_keys(document: dict[str, Any]) -> list[UserError]:
    """Block keys are unique in a page; filter bars and links name blocks that exist."""
    errors = []
    for p, page in enumerate(document["pages"]):
        keys = [block["key"] for block in page["blocks"]]
        for b, key in enumerate(keys):
            if key in keys[:b]:
                errors.append(validation(f"document.pages[{p}].blocks[{b}].key", f"区块标识 {key} 重复",
                                         f"duplicate block key {key}"))  # fmt: skip
        for b, block in enumerate(page["blocks"]):
            for t, target in enumerate(block.get("targets", [])):
                if target not in keys:
                    errors.append(_no_block(f"document.pages[{p}].blocks[{b}].targets[{t}]", target))
        for n, link in enumerate(page.get("links", [])):
            for end in ("from", "to"):
                if link[end] not in keys:
                    errors.append(_no_block(f"document.pages[{p}].links[{n}].{end}", link[end]))
    return errors


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Every operation the document stores (blocks' and their row actions')."""
    for p, page in enumerate(document.get("pages", [])):
        for b, block in enumerate(page.get("blocks", [])):
            where = f"pages[{p}].blocks[{b}]"
            kind = DATA_BLOCKS.get(block.get("type", ""))
            if kind and isinstance(block.get("operation"), str):
                yield Operation(f"{where}.operation", block["operation"], kind)
            for a, action in enumerate(block.get("rowActions", [])):
                if isinstance(action.get("operation"), str):
                    yield Operation(f"{where}.rowActions[{a}].operation", action["operation"], "mutation")


def _describe(error: GraphQLError) -> tuple[str, str]:
    missing = _FIELD_MISSING.search(error.message)
    if missing:
        name = f"{missing.group(2)}.{missing.group(1)}"
        return f"字段 {name} 不存在", f"{name} does not exist"
    return f"操作不符合当前接口：{error.message}", error.message


def check_operation(schema: GraphQLSchema, operation: Operation) -> list[UserError]:
    """One operation against the live schema: it parses, is one operation of the kind its
    block runs, and validates (fields, arguments, types)."""
    field = f"document.{operation.path}"
    try:
        ast = parse(operation.text)
    except GraphQLError as error:
        return [validation(field, f"操作语法错误：{error.message}", f"syntax error: {error.message}")]
    defined = [d for d in ast.definitions if isinstance(d, OperationDefinitionNode)]
    if len(defined) != 1 or defined[0].operation.value != operation.kind:
        kind = "查询" if operation.kind == "query" else "变更"
        return [validation(field, f"此处应为一个 GraphQL {kind}操作", f"must be one {operation.kind}")]
    errors = []
    for problem in validate(schema, ast)[:10]:
        zh, en = _describe(problem)
        errors.append(validation(field, zh, en))
    return errors


def check_operations(schema: GraphQLSchema, document: dict[str, Any]) -> list[UserError]:
    errors: list[UserError] = []
    for operation in operations(document):
        errors += check_operation(schema, operation)
    return errors


def check_document(schema: GraphQLSchema, document: Any) -> list[UserError]:
    """Shape first; the operations only of a well-shaped document."""
    return check_shape(document) or check_operations(schema, document)
