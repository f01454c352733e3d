"""Templates (模板): a city or province tool its counties clone. When the template
publishes a new version, the offices owning clones of an older one are told once per
version; the clone shows `templateUpdateAvailable` until it is adapted again."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q

from resolvers.core.context import RequestContext
from resolvers.lowcode.access import visible_tools
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


def latest_template_version(ctx: RequestContext) -> DataLoader:
    """The published version of each template key (None when none is), all keys of a
    request in one query: `Tool.templateUpdateAvailable`."""

    def make() -> DataLoader:
        async def load(keys: Sequence[str]) -> list[int | None]:
            latest = await latest_template_versions(sorted(set(keys)))
            return [latest.get(k) for k in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("latest_template_version", make)


def template_of(ctx: RequestContext) -> DataLoader:
    """The template a clone was made from, by (template key, version cloned): its published
    version, else the version cloned, of those the caller may open (`visible_tools`);
    None when neither is. Every clone of a request in one query: `Tool.template`."""

    def make() -> DataLoader:
        async def load(keys: Sequence[tuple[str, int | None]]) -> list[Tool | None]:
            wanted = sorted({k for k, _ in keys})
            versions = sorted({v for _, v in keys if v is not None})
            which = Q(status=ToolStatus.PUBLISHED) | Q(version__in=versions) if versions else Q(
                status=ToolStatus.PUBLISHED
            )
            rows = await (await visible_tools(ctx)).filter(which, key__in=wanted).order_by("version", "id")
            published = {r.key: r for r in rows if r.status == ToolStatus.PUBLISHED}  # latest wins
            by_version: dict[tuple[str, int | None], Tool] = {(r.key, r.version): r for r in rows}
            return [published.get(k) or by_version.get((k, v)) for k, v in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("tool_template", make)


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
