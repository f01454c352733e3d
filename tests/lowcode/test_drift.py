"""Schema drift: a published tool whose operation names a field the schema no longer has
is marked 需要修复 at start, its owners told once; never a crash."""

from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise

from gateway.app import create_app
from resolvers.core.settings import Settings
from resolvers.lowcode.drift import check_drift
from schema.build import build_schema
from schema.db import tortoise_config
from schema.models import Notification, Tool, User
from schema.models.enums import ToolStatus
from tests.lowcode.documents import talent_ledger


async def _stored_tool(operation: str) -> Tool:
    return await Tool.create(
        key="drifted", name="旧台账", jurisdiction_id="130102", owner_id="130102",
        roles=",window_specialist,", status=ToolStatus.PUBLISHED, document=talent_ledger(operation),
        created_by="changan_admin",
    )  # fmt: skip


async def test_a_tool_off_the_schema_is_marked_at_start_and_its_owners_told_once(
    demo_db: str, tmp_path: Path
) -> None:
    tool = await _stored_tool("query { talents(first: 5) { edges { node { id formerField } } } }")
    fine = await Tool.create(key="fine", name="好台账", jurisdiction_id="130102", owner_id="130102",
                             status=ToolStatus.PUBLISHED, document=talent_ledger(),
                             created_by="x")  # fmt: skip
    app = create_app(Settings(data_dir=tmp_path, database_url=demo_db), migrate=False)
    async with app.router.lifespan_context(app):  # the server's start, and its stop
        pass
    await Tortoise.init(config=tortoise_config(demo_db))  # the stop closed the connections
    await tool.refresh_from_db()
    await fine.refresh_from_db()
    assert tool.needs_repair and not fine.needs_repair
    assert tool.repair_reason is not None and "document.pages[0].blocks[1].operation" in tool.repair_reason
    assert "Talent.formerField" in tool.repair_reason
    owner = await User.get(username="changan_admin")
    told = Notification.filter(recipient_id=owner.id, related_type="tool", related_id=str(tool.id))
    assert await told.count() == 1
    await check_drift(build_schema()._schema)  # the next start: no second message
    assert await told.count() == 1
    tool.document = talent_ledger()
    await tool.save()
    await check_drift(build_schema()._schema)
    await tool.refresh_from_db()
    assert not tool.needs_repair and tool.repair_reason is None
