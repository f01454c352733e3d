"""Which scopes a row of each resource carries, as ORM lookups.

One table drives both the SQL filter (lists, loaders, node lookups) and the
in-Python check of a row already at hand (masking), so the two cannot drift.
"""

from __future__ import annotations

from typing import Any

# resource → scope kind → ORM lookup (a column of the row, or across one relation)
SCOPE_COLUMNS: dict[str, dict[str, str]] = {
    "jurisdiction": {"jur": "code"},
    "department": {"jur": "jurisdiction_id", "dept": "id"},
    "service_window": {"jur": "jurisdiction_id"},
    "employer": {"jur": "jurisdiction_id", "org": "id"},
    "talent": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "id"},
    "talent_category": {"jur": "jurisdiction_id"},
    "card_programme": {"jur": "jurisdiction_id"},
    "card": {"jur": "jurisdiction_id", "org": "holder__employer_id", "talent": "holder_id"},
    "service_item": {"jur": "jurisdiction_id"},
    "specialist": {"jur": "jurisdiction_id", "dept": "department_id", "org": "employer_id"},
    "audit_event": {"jur": "jurisdiction_code"},
    "user": {"jur": "jurisdiction_id", "dept": "department_id"},  # where an account belongs
    "service_request": {
        "jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id",
        "dept": "handoffs__department_id",
    },
    "handoff": {
        "jur": "jurisdiction_id", "dept": "department_id", "talent": "talent_id", "org": "employer_id",
    },
    "archive_entry": {"jur": "jurisdiction_id", "talent": "talent_id"},
    "supervision_record": {"jur": "jurisdiction_id"},
    "recognition": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
    "direct_rule": {"jur": "jurisdiction_id"},
    "card_revocation": {
        "jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id", "dept": "hr_department_id",
    },
    "complaint": {"jur": "jurisdiction_id", "dept": "department_id", "talent": "talent_id"},
    "specialist_succession": {"jur": "jurisdiction_id", "dept": "department_id", "org": "employer_id"},
    "dedicated_assignment": {"jur": "jurisdiction_id", "talent": "talent_id"},
    "archive_report": {"jur": "jurisdiction_id"},
    "custom_field": {"jur": "jurisdiction_id"},  # a definition applies here and below
    "tool": {"jur": "jurisdiction_id"},  # offices; the roles a tool is given see it too (lowcode)
    "change": {"jur": "jurisdiction_id"},  # a change feed row: where its record lies
    "source": {"jur": "jurisdiction_id"},  # a registered source (and its errors): the office's
    "province_record": {"jur": "jurisdiction_code"},  # a source's record in the province's store
    "fund_policy": {"jur": "jurisdiction_id"},  # 资金政策: the paying office's
    # 资金申领 and 享受资格: where the talent lived when applying, the employer, the talent
    "fund_application": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
    "entitlement": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
    "payment_batch": {"jur": "jurisdiction_id"},  # 发放批次: the paying office's
    "payment": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
    "ledger_entry": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
    "recovery": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},  # 追回单
    "grassroots_area": {"jur": "jurisdiction_id"},  # 服务基层地区: designated counties (public)
    # 服务基层专家 and 服务记录: the expert's county (as listed), employer and the expert;
    # a service record lies in the receiving county too (SECOND_JURISDICTION)
    "grassroots_expert": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
    "grassroots_service": {"jur": "jurisdiction_id", "org": "employer_id", "talent": "talent_id"},
}  # fmt: skip

# Rows that lie in two places carry a `jur:` scope for each: a grassroots service is the
# expert's county's and the receiving county's, whose office sees and confirms it.
SECOND_JURISDICTION: dict[str, str] = {"grassroots_service": "area_jurisdiction_id"}


def row_scopes(resource: str, row: Any) -> list[str]:
    """The scopes a loaded row carries (lookups across relations are skipped)."""
    scopes = []
    for kind, lookup in SCOPE_COLUMNS[resource].items():
        if "__" in lookup:
            continue
        value = getattr(row, lookup, None)
        if value is not None and value != "":
            scopes.append(f"{kind}:{value}")
    second = SECOND_JURISDICTION.get(resource)
    if second is not None and getattr(row, second, None):
        scopes.append(f"jur:{getattr(row, second)}")
    return scopes
