"""Migration operations that work around Tortoise 1.1 on SQLite."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.indexes import Index
from tortoise.migrations import operations as ops


async def restore_declared_indexes(state_editor: Any, model: Any) -> None:
    """On SQLite, make every index the model declares that the table lacks (a table rebuild
    leaves them behind); elsewhere nothing."""
    if state_editor is None or state_editor.DIALECT != "sqlite":
        return
    rows = await state_editor.client.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
        [model._meta.db_table],
    )
    present = {row["name"] for row in rows}
    for declared in model._meta.indexes:
        index = declared if isinstance(declared, Index) else Index(fields=list(declared))
        if state_editor._index_name_for_model(model, index) not in present:
            await state_editor.add_index(model, index)


class AlterFieldKeepIndexes(ops.AlterField):
    """SQLite alters a column by rebuilding the table, and Tortoise 1.1 leaves the
    table's indexes behind on the way; put back every index the model declares."""

    async def database_forward(
        self, app_label: str, old_state: Any, new_state: Any, state_editor: Any = None
    ) -> None:
        await super().database_forward(app_label, old_state, new_state, state_editor)
        model = new_state.apps.get_model(f"{app_label}.{self.model_name}")
        await restore_declared_indexes(state_editor, model)


def restore_indexes(*model_names: str) -> Callable[[Any, Any], Awaitable[None]]:
    """A RunPython step giving the named models back the indexes an earlier rebuild lost."""

    async def restore(apps: Any, schema_editor: Any) -> None:
        for name in model_names:
            await restore_declared_indexes(schema_editor, apps.get_model(f"models.{name}"))

    return restore
