"""Migration operations that work around Tortoise 1.1 on SQLite."""

from __future__ import annotations

from typing import Any

from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class AlterFieldKeepIndexes(ops.AlterField):
    """SQLite alters a column by rebuilding the table, and Tortoise 1.1 leaves the
    table's indexes behind on the way; put back every index the model declares."""

    async def database_forward(
        self, app_label: str, old_state: Any, new_state: Any, state_editor: Any = None
    ) -> None:
        await super().database_forward(app_label, old_state, new_state, state_editor)
        if not state_editor or state_editor.DIALECT != "sqlite":
            return
        model = new_state.apps.get_model(f"{app_label}.{self.model_name}")
        rows = await state_editor.client.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
            [model._meta.db_table],
        )
        present = {row["name"] for row in rows}
        for declared in model._meta.indexes:
            index = declared if isinstance(declared, Index) else Index(fields=list(declared))
            if state_editor._index_name_for_model(model, index) not in present:
                await state_editor.add_index(model, index)
