"""The demo's custom fields (自定义字段): 石家庄 asks of its talents whether they own a home
here (是否已购房) and how often the office keeps in touch (联系频次); a few 长安区 and 正定县
talents have values. No randomness: the same values on every seed."""

from __future__ import annotations

from schema.models import CustomFieldDefinition, Talent
from schema.models.enums import CustomFieldKind

CITY = "130100"
FREQUENCIES = ["每周", "每月", "每季度"]
VALUED_PER_COUNTY = 6


async def seed_custom_fields(demo_talent_id: int) -> None:
    await CustomFieldDefinition.create(
        target_type="Talent", jurisdiction_id=CITY, key="owns_home", label="是否已购房",
        kind=CustomFieldKind.BOOLEAN,
    )  # fmt: skip
    await CustomFieldDefinition.create(
        target_type="Talent", jurisdiction_id=CITY, key="contact_frequency", label="联系频次",
        kind=CustomFieldKind.ENUM, options=FREQUENCIES,
    )  # fmt: skip
    await Talent.filter(id=demo_talent_id).update(
        custom_fields={"owns_home": True, "contact_frequency": "每月"}
    )
    for county in ("130102", "130123"):
        ids = await Talent.filter(jurisdiction_id=county).exclude(id=demo_talent_id).order_by("id").limit(
            VALUED_PER_COUNTY
        ).values_list("id", flat=True)  # fmt: skip
        for n, talent_id in enumerate(ids):
            await Talent.filter(id=talent_id).update(
                custom_fields={"owns_home": n % 2 == 0, "contact_frequency": FREQUENCIES[n % 3]}
            )
