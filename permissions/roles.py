"""Roles and the default policy (Casbin `p` lines: role, resource, action).

`authenticated` is implicit: every signed-in subject holds it everywhere; it
opens the public reference data (jurisdictions, catalogue, organisations).
"""

from __future__ import annotations

AUTHENTICATED = "authenticated"

ROLES = (
    "platform_admin",
    "province_admin",
    "city_admin",
    "county_admin",
    "window_specialist",
    "department_admin",
    "handler",
    "unit_specialist",
    "talent",
    "auditor",
    "federation",
    "card_verifier",
)

# The scope kind each role is granted on.
ROLE_SCOPE_KIND = {
    # The deployment's operator: policy lines apply to the whole deployment, so they are
    # edited here and nowhere else. Granted on `*` only, by the CLI or another operator.
    "platform_admin": "*",
    "province_admin": "jur",
    "city_admin": "jur",
    "county_admin": "jur",
    "window_specialist": "jur",
    "department_admin": "dept",
    "handler": "dept",
    "unit_specialist": "org",
    "talent": "talent",
    "auditor": "jur",
    "federation": "jur",
    "card_verifier": "jur",
}

# Which roles a holder of `admin` on `grant` may hand out (no one grants above themself).
GRANTABLE = {
    "platform_admin": {"platform_admin", "province_admin"},
    "province_admin": set(ROLES) - {"platform_admin"},
    "city_admin": set(ROLES) - {"platform_admin", "province_admin"},
    "county_admin": set(ROLES) - {"platform_admin", "province_admin", "city_admin", "federation"},
    "department_admin": {"department_admin", "handler"},
}

# What only a person signed in with a password does, whatever an API token's role allows:
# managing access — grants, tokens, policy lines, accounts — so a leaked token cannot
# entrench itself. Compiled permissions of a token leave these out.
PERSON_ONLY = frozenset({
    ("grant", "admin"), ("api_token", "create"), ("policy", "admin"), ("user", "create"), ("user", "update"),
})  # fmt: skip

# What the implicit `authenticated` role — every account, talents' included — may ever be
# given: reading the public reference data. Nothing personal, whoever edits the policy.
PUBLIC_REFERENCE = (
    "jurisdiction",
    "department",
    "service_window",
    "talent_category",
    "card_programme",
    "service_item",
    "direct_rule",
    "custom_field",  # the definitions of custom fields (自定义字段): labels, types, options
    "grassroots_area",  # the counties designated for experts' grassroots service (服务基层地区)
)

_OFFICE = {
    "employer": ("read", "create", "update"),
    "talent": ("read", "create", "update", "pii:read"),
    "card": ("read", "create", "update", "pii:read"),
    "card_revocation": ("read", "approve"),
    "recognition": ("read", "approve", "object", "pii:read"),
    "service_item": ("create", "update", "approve"),
    "specialist": ("read", "create", "update", "approve", "pii:read"),
    "specialist_succession": ("read", "approve"),
    "dedicated_assignment": ("read", "update"),
    "complaint": ("read", "create", "dispatch", "update", "pii:read"),
    "archive_report": ("read", "create"),
    "department": ("create", "update"),
    "service_window": ("create", "update"),
    "talent_category": ("create", "update"),
    "card_programme": ("create", "update"),
    "grant": ("read", "admin"),
    "user": ("read", "create", "update"),
    "api_token": ("create",),
    "audit_event": ("read",),
    "service_request": ("read", "create", "update"),
    "handoff": ("read",),
    "archive_entry": ("read",),
    "supervision_record": ("read",),
    "tool": ("read", "create", "update", "approve"),
    "custom_field": ("create", "update"),  # 自定义字段 of the office's jurisdiction
    "fund_policy": ("read", "create", "update", "approve"),  # 资金政策 (approve: publish, retire)
    "fund_application": ("read", "create", "approve", "pii:read"),  # 申领 and its review
    "entitlement": ("read", "revoke"),  # revoke: record falsification (stops it, opens a recovery)
    "payment_batch": ("read", "create", "approve"),  # payroll runs, approval, bank files
    "payment": ("read", "pii:read"),
    "ledger_entry": ("read",),
    "recovery": ("read", "create", "approve"),  # 追回单: repayments (create), write-offs (approve)
    "grassroots_expert": ("read", "create", "update"),  # 服务基层专家: listed for a year, removed
    # 服务记录 of the office's experts, and of service received in its area (approve: confirm it)
    "grassroots_service": ("read", "create", "approve"),
}

RESOURCES = (
    "jurisdiction", "department", "service_window", "employer", "talent", "talent_category",
    "card_programme", "card", "service_item", "specialist", "grant", "user", "api_token", "audit_event",
    "policy", "service_request", "handoff", "archive_entry", "supervision_record", "calendar",
    "recognition", "direct_rule", "card_revocation", "complaint", "specialist_succession",
    "dedicated_assignment", "archive_report", "tool",
    "custom_field", "change", "source", "province_record", "fund_policy", "fund_application",
    "entitlement", "payment_batch", "payment", "ledger_entry", "recovery", "grassroots_area",
    "grassroots_expert", "grassroots_service",
)  # fmt: skip
ACTIONS = ("read", "create", "update", "approve", "revoke", "dispatch", "handle", "pii:read",
           "verify", "admin", "object")  # fmt: skip
# Editing direct-recognition rules (直接认定) is for the province and city offices.
_RULES = {"direct_rule": ("create", "update")}
# Designating grassroots areas (欠发达地区、革命老区、基层一线) is for the province and city offices.
_AREAS = {"grassroots_area": ("create", "update")}
# The provincial platform: registering the deployments it gathers, reading what they gave;
# a city office's own feed, so that it may make the token its province pulls with; and
# checking cards, so that a province office may make the token its cities check cards with.
_PROVINCE = {
    "source": ("read", "create", "update"), "province_record": ("read",), "change": ("read",),
    "card": (*_OFFICE["card"], "verify"),
}  # fmt: skip

DEFAULT_POLICY: dict[str, dict[str, tuple[str, ...]]] = {
    AUTHENTICATED: {resource: ("read",) for resource in PUBLIC_REFERENCE},
    "platform_admin": {
        "policy": ("read", "admin"), "grant": ("read", "admin"), "user": ("read", "create", "update"),
        "calendar": ("admin",),
    },
    "province_admin": {
        **_OFFICE, **_RULES, **_AREAS, **_PROVINCE, "policy": ("read",), "calendar": ("admin",),
    },
    "city_admin": {**_OFFICE, **_RULES, **_AREAS, **_PROVINCE, "calendar": ("admin",)},
    "county_admin": {**_OFFICE, "province_record": ("read",)},
    "window_specialist": {
        "province_record": ("read",),  # a holder whose card another city issued
        "fund_policy": ("read",),  # to tell a talent what they may apply for
        "fund_application": ("read", "create", "pii:read"),  # applying at the window
        "entitlement": ("read",),
        "employer": ("read", "create"),
        "talent": ("read", "create", "update", "pii:read"),
        "card": ("read",),
        "card_revocation": ("read", "approve"),
        "recognition": ("read", "create", "object", "pii:read"),
        "specialist": ("read",),
        "service_request": ("read", "create", "update"),
        "handoff": ("read", "pii:read"),
        "archive_entry": ("read",),
        "complaint": ("read", "create", "handle", "pii:read"),
        "archive_report": ("read", "create"),
        "dedicated_assignment": ("read",),
        "tool": ("read",),
    },
    "department_admin": {
        "department": ("update",),
        "specialist": ("read", "create", "update", "pii:read"),
        "grant": ("read", "admin"),
        "user": ("read", "create", "update"),
        "api_token": ("create",),
        "service_request": ("read",),
        "handoff": ("read", "handle", "pii:read"),
        "supervision_record": ("read",),
        "card_revocation": ("read", "approve"),
        "complaint": ("read", "handle"),
        "specialist_succession": ("read", "create"),
        "tool": ("read",),
    },
    "handler": {
        "specialist": ("read",),
        "service_request": ("read",),
        "handoff": ("read", "handle", "pii:read"),
        "card_revocation": ("read", "approve"),
        "complaint": ("read", "handle"),
        "tool": ("read",),
    },
    "unit_specialist": {
        "grassroots_expert": ("read",),  # the employer's own staff
        "grassroots_service": ("read",),
        "fund_application": ("read", "create"),  # for the employer's own staff
        "entitlement": ("read",),
        "recovery": ("read",),  # to help get the money back
        "employer": ("read", "update"),
        "talent": ("read", "create", "update", "pii:read"),
        "card": ("read",),
        "card_revocation": ("read", "create"),
        "recognition": ("read", "create", "object", "pii:read"),
        "specialist": ("read",),
        "specialist_succession": ("read", "create"),
        "service_request": ("read", "create", "update"),
        "handoff": ("read",),
        "archive_entry": ("read",),
        "tool": ("read",),
    },
    "talent": {
        "grassroots_expert": ("read",),  # their own listing
        "grassroots_service": ("read", "create"),  # recording their own service
        "fund_application": ("read", "create", "pii:read"),  # their own, online
        "entitlement": ("read",),
        "payment": ("read", "pii:read"),
        "ledger_entry": ("read",),
        "recovery": ("read",),
        "talent": ("read", "pii:read"),
        "card": ("read", "pii:read"),
        "recognition": ("read", "create", "object", "pii:read"),
        "service_request": ("read", "create", "update"),
        "handoff": ("read",),
        "archive_entry": ("read",),
        "complaint": ("read", "create"),
        "dedicated_assignment": ("read",),
    },
    "auditor": {
        "grassroots_expert": ("read",),
        "grassroots_service": ("read",),
        "province_record": ("read",),
        "fund_policy": ("read",),
        "fund_application": ("read",),
        "entitlement": ("read",),
        "payment_batch": ("read",),
        "payment": ("read",),
        "ledger_entry": ("read",),
        "recovery": ("read",),
        "employer": ("read",),
        "talent": ("read",),
        "card": ("read",),
        "card_revocation": ("read",),
        "recognition": ("read",),
        "specialist": ("read",),
        "grant": ("read",),
        "user": ("read",),
        "audit_event": ("read",),
        "service_request": ("read",),
        "handoff": ("read",),
        "archive_entry": ("read",),
        "supervision_record": ("read",),
        "complaint": ("read",),
        "specialist_succession": ("read",),
        "dedicated_assignment": ("read",),
        "archive_report": ("read",),
        "tool": ("read",),
    },
    "federation": {
        "change": ("read",),  # the change feed: for the province's platform alone
        "employer": ("read",),
        "talent": ("read",),
        "card": ("read",),
        "recognition": ("read",),
        "specialist": ("read",),
        "service_request": ("read",),
        "handoff": ("read",),
    },
    "card_verifier": {
        "card": ("verify",),
    },
}


def default_policy_lines() -> list[tuple[str, str, str]]:
    return [
        (role, resource, action)
        for role, resources in DEFAULT_POLICY.items()
        for resource, actions in resources.items()
        for action in actions
    ]
