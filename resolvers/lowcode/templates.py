"""Templates (模板): a city or province tool its counties clone. When the template
publishes a new version, the offices owning clones of an older one are told once per
version; the clone shows `templateUpdateAvailable` until it is adapted again."""

from __future__ import annotations

from resolvers.lowcode.owners import owner_office
from resolvers.messaging.notifications import Message, send
from schema.models import Tool
from schema.models.enums import ToolStatus


async def latest_template_versions(keys: list[str]) -> dict[str, int]:
    """The published version of each template key."""
    rows = await Tool.filter(key__in=keys, status=ToolStatus.PUBLISHED, is_template=True).values_list(
        "key", "version"
    )
    return {key: version for key, version in rows}


async def tell_clones(template: Tool) -> list[str]:
    """Messages to the owners of clones made from an older version of `template`; returns
    the outbox keys to enqueue after commit."""
    clones = await Tool.filter(template_key=template.key, template_version__lt=template.version).exclude(
        status=ToolStatus.RETIRED
    )
    messages = []
    for owner in sorted({clone.owner_id for clone in clones}):
        recipients = await owner_office(owner)
        names = "、".join(sorted({c.name for c in clones if c.owner_id == owner}))
        body = (f"模板“{template.name}”已发布第 {template.version} 版。由它复制的工具（{names}）"
                "可对照新版调整后重新发布。")  # fmt: skip
        messages.append(Message(recipients, f"工具模板更新：{template.name}", body, "tool", template.id))
    return await send(messages) if messages else []
