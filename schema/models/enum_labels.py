"""The Chinese label of every enum value the API shows (办件状态、服务事项类别 …).

One table for the whole schema, keyed by GraphQL enum name: the GraphQL enums take their
value descriptions from it when the schema is built (`schema.types.enums.describe_values`),
and messages name a stored state with `zh()`. A label reads "中文 · english gloss", as
every description of the schema does; the console shows the part before " · ".
`<Type>OrderField` enums take ORDER_FIELDS for the fields they do not name themselves.
"""

from __future__ import annotations

from enum import Enum

SEPARATOR = " · "

# Sortable fields common to many types (`orderBy: {field: …}`).
ORDER_FIELDS: dict[str, str] = {
    "ID": "录入顺序 · id (order of entry)",
    "NAME": "名称 · name",
    "CODE": "代码 · code",
    "CREATED_AT": "创建时间 · created at",
    "UPDATED_AT": "更新时间 · updated at",
    "DUE_ON": "办理期限 · due on",
    "STARTS_ON": "起始日期 · starts on",
}

# The `<Type>GroupField` enums of grouped counts (talentCounts(groupBy) …)
GROUP_FIELDS: dict[str, str] = {
    "STATUS": "状态 · status",
    "GENDER": "性别 · gender",
    "EDUCATION": "学历 · education",
    "JURISDICTION": "行政区划 · jurisdiction",
    "CATEGORY": "人才类别 · talent category",
    "EMPLOYER": "用人单位 · employer",
    "INTRODUCED_ON": "引进日期 · introduced on",
    "CREATED_AT": "创建时间 · created at",
    "CHANNEL": "受理渠道 · channel",
    "WINDOW": "服务窗口 · service window",
    "RECEIVED_AT": "受理时间 · received at",
    "DUE_ON": "办理期限 · due on",
    "DEPARTMENT": "职能部门 · department",
    "ITEM": "服务事项 · service item",
    "PROGRAMME": "人才卡项目 · card programme",
    "TIER": "卡等级 · card tier",
    "ISSUED_ON": "发卡日期 · issued on",
    "EXPIRES_ON": "有效期至 · expires on",
    "KIND": "类型 · kind",
    "SOURCE": "来源 · source",
}

ENUM_LABELS: dict[str, dict[str, str]] = {
    "DatePeriod": {"DAY": "按日 · by day", "MONTH": "按月 · by month", "YEAR": "按年 · by year"},
    # --- directory and people --------------------------------------------------------
    "JurisdictionLevel": {
        "PROVINCE": "省级 · province",
        "CITY": "市级 · city",
        "COUNTY": "县级（含开发区） · county, development zones included",
    },
    "DeliveryChannel": {
        "INBOX": "平台收件箱 · in-platform inbox",
        "WEBHOOK": "部门系统回调 · the department's own system, by webhook",
    },
    "EmployerKind": {
        "ENTERPRISE": "企业 · enterprise",
        "INSTITUTION": "事业单位 · public institution",
        "GOVERNMENT": "机关 · government body",
        "OTHER": "其他 · other",
    },
    "Gender": {"MALE": "男 · male", "FEMALE": "女 · female"},
    "IdKind": {"RESIDENT_ID": "居民身份证 · resident ID card", "PASSPORT": "护照 · passport"},
    "TalentStatus": {"ACTIVE": "在本地 · here", "LEFT": "已离开 · left"},
    "FamilyRelation": {"SPOUSE": "配偶 · spouse", "CHILD": "子女 · child", "PARENT": "父母 · parent"},
    # --- custom fields (自定义字段) -----------------------------------------------------
    "CustomFieldKind": {
        "TEXT": "文本 · text",
        "NUMBER": "数字 · number",
        "DATE": "日期 · date",
        "ENUM": "选项 · one of the options",
        "BOOLEAN": "是/否 · yes or no",
        "ATTACHMENT": "附件 · attachment (a stored file's reference)",
    },
    "CustomFieldStatus": {"ACTIVE": "启用 · active", "RETIRED": "已停用 · retired"},
    # --- recognition (人才认定) --------------------------------------------------------
    "RecognitionStatus": {
        "COUNTY_REVIEW": "县级初审 · county review",
        "CITY_REVIEW": "市级复审 · city review",
        "PUBLICITY": "公示中 · public notice",
        "APPROVED": "认定通过 · approved",
        "REJECTED": "未通过 · rejected",
        "WITHDRAWN": "已撤回 · withdrawn",
    },
    "RecognitionStepKind": {
        "SUBMITTED": "申报 · submitted",
        "DIRECT_MATCH": "直接认定规则命中 · a direct-recognition rule matched",
        "COUNTY_REVIEW": "县级初审 · county review",
        "CITY_REVIEW": "市级复审 · city review",
        "PUBLICITY_STARTED": "公示开始 · public notice started",
        "OBJECTION": "异议 · objection raised",
        "OBJECTION_RESOLVED": "异议处理 · objection resolved",
        "PUBLICITY_ENDED": "公示期满 · public notice ended",
        "WITHDRAWN": "撤回 · withdrawn",
    },
    "ReviewDecision": {"APPROVE": "同意 · approve", "REJECT": "不同意 · reject"},
    "DirectRuleKind": {
        "AWARD": "所获奖项 · a listed award",
        "SALARY_TAX": "年薪及用人单位纳税额 · salary and the employer's tax",
    },
    "ObjectionStatus": {
        "OPEN": "待处理 · open",
        "UPHELD": "成立 · upheld",
        "DISMISSED": "不成立 · dismissed",
    },
    # --- cards (人才卡) ----------------------------------------------------------------
    "CardStatus": {
        "ACTIVE": "有效 · active",
        "SUSPENDED": "已暂停 · suspended",
        "REVOKED": "已收回 · revoked",
        "EXPIRED": "已过期 · expired",
        "SUPERSEDED": "已升级替换 · superseded by an upgrade",
    },
    "CardEventKind": {
        "ISSUED": "发放 · issued",
        "UPGRADED": "升级新卡 · the new card of an upgrade",
        "SUPERSEDED": "被升级替换 · the old card of an upgrade",
        "RENEWED": "续期 · renewed",
        "SUSPENDED": "暂停 · suspended",
        "REINSTATED": "恢复 · reinstated",
        "REVOCATION_PROPOSED": "申请收回 · revocation proposed",
        "REVOCATION_REVIEWED": "收回审核 · revocation reviewed",
        "REVOCATION_REJECTED": "收回未通过 · revocation rejected",
        "REVOKED": "收回 · revoked",
        "EXPIRY_NOTICE": "到期提醒 · expiry notice",
        "EXPIRED": "过期 · expired",
    },
    "RevocationStatus": {
        "WINDOW_REVIEW": "窗口审核 · window review",
        "HR_REVIEW": "人社局审核 · HR bureau review",
        "OFFICE_REVIEW": "人才办审批 · talent office approval",
        "REVOKED": "已收回 · revoked",
        "REJECTED": "未通过 · rejected",
    },
    # --- catalogue (服务事项) ----------------------------------------------------------
    "ServiceCategory": {
        "HOUSEHOLD": "户籍 · household registration",
        "SCHOOL": "子女入学 · school places for children",
        "MEDICAL": "医疗 · medical care",
        "SOCIAL_INSURANCE": "社保 · social insurance",
        "HOUSING": "住房 · housing",
        "FINANCE": "金融 · finance",
        "ENTRY_EXIT": "出入境 · entry and exit",
        "PROFESSIONAL_TITLE": "职称 · professional title",
        "SPOUSE_EMPLOYMENT": "配偶就业 · spouse employment",
        "TAX": "税务 · tax",
        "CUSTOMS": "海关 · customs",
        "TRANSPORT": "交通 · transport",
        "TOURISM_FITNESS": "旅游健身 · tourism and fitness",
        "LEAVE_RECUPERATION": "休假疗养 · leave and recuperation",
        "OTHER": "其他 · other",
    },
    "ServiceMode": {
        "DIRECT": "直接服务 · served directly, any time (随时受理)",
        "APPLICATION": "一窗接件、专员办理 · applied for at a window, handled by specialists",
    },
    "FundApplicationStatus": {
        "COUNTY_REVIEW": "县级初审 · county review",
        "CITY_REVIEW": "市级复审 · city review",
        "APPROVED": "已批准 · approved",
        "REJECTED": "未通过 · rejected",
    },
    "EntitlementStatus": {
        "ACTIVE": "享受中 · active",
        "STOPPED": "已停发 · stopped",
        "ENDED": "已期满 · ended",
    },
    "PaymentBatchStatus": {
        "DRAFT": "待审批 · awaiting approval",
        "APPROVED": "已审批 · approved",
        "SETTLED": "已结算 · settled by the bank's return",
    },
    "PaymentStatus": {
        "PENDING": "待发放 · pending",
        "PAID": "已发放 · paid",
        "FAILED": "发放失败 · failed",
    },
    "LedgerKind": {
        "ENTITLEMENT": "享受资格 · entitlement granted",
        "PAYMENT": "发放 · payment",
        "REVERSAL": "退回 · reversal",
        "RECOVERY": "追回 · recovery",
    },
    "RecoveryStatus": {
        "OPEN": "追回中 · open",
        "SETTLED": "已追回 · settled",
        "WRITTEN_OFF": "已核销 · written off",
    },
    "GrassrootsAreaKind": {
        "UNDERDEVELOPED": "欠发达地区 · less-developed area",
        "OLD_REVOLUTIONARY": "革命老区 · old revolutionary base area",
        "GRASSROOTS": "基层一线 · grassroots front line",
    },
    "GrassrootsServiceStatus": {
        "RECORDED": "待确认 · awaiting confirmation",
        "CONFIRMED": "已确认 · confirmed",
        "REJECTED": "未确认 · not confirmed",
    },
    "FundSchedule": {
        "MONTHLY": "按月发放 · monthly",
        "YEARLY": "按年发放 · yearly",
        "ONCE": "一次性发放 · once",
        "PER_DAY": "按服务天数发放 · per day of grassroots service",
    },
    "FundStartEvent": {
        "WORK_START": "到岗之日 · the day work starts",
        "HOME_PURCHASE": "购房之日 · the home purchase",
        "DECISION": "批准之日 · the day of approval",
    },
    "FundPolicyStatus": {
        "DRAFT": "草稿 · draft",
        "PUBLISHED": "已发布 · published",
        "RETIRED": "已停止 · retired",
    },
    "ClawbackRule": {
        "NONE": "不追回 · none (payments stop)",
        "FULL": "全额追回 · full",
        "PRO_RATA": "按未满期限比例追回 · pro rata to the period not served",
    },
    "ClawbackTrigger": {
        "LEFT": "支持期内离开 · left within the period",
        "CARD_REVOKED": "人才卡被收回 · card revoked",
        "FALSIFIED": "弄虚作假或违规使用 · falsification or misuse",
    },
    "FundRuleField": {
        "CATEGORY": "人才类别 · talent category",
        "CARD_TIER": "人才卡等级 · card tier",
        "DEGREE": "学位 · degree",
        "EMPLOYED_HERE": "在本地就业 · employed in the jurisdiction",
        "FIRST_HOME": "在本地首次购房 · first home bought here",
        "SOCIAL_INSURANCE_MONTHS": "本地社保缴纳月数 · months of social insurance here",
    },
    "ServiceItemStatus": {
        "DRAFT": "草稿 · draft",
        "PUBLISHED": "已发布 · published",
        "RETIRED": "已停用 · retired",
    },
    "ToolStatus": {
        "DRAFT": "草稿 · draft",
        "PUBLISHED": "已发布 · published",
        "RETIRED": "已停用 · retired",
    },
    # --- specialists (服务专员) --------------------------------------------------------
    "SpecialistKind": {
        "UNIT": "单位专员 · unit specialist (at an employer)",
        "HANDLING": "承办专员 · handling specialist (at a department)",
        "WINDOW": "窗口专员 · window specialist",
    },
    "SpecialistStatus": {
        "ACTIVE": "在岗 · active",
        "INACTIVE": "离岗 · stood down",
        "PENDING": "待备案 · nominated, not yet filed",
    },
    "SuccessionStatus": {
        "NOMINATED": "单位提名 · nominated",
        "FILED": "已备案 · filed",
        "REJECTED": "未予备案 · refused",
    },
    # --- service requests and handoffs (办件与转办) ------------------------------------
    "RequestChannel": {
        "WINDOW": "窗口受理 · at a window",
        "ONLINE": "网上申请 · online",
        "UNIT": "单位专员代办 · by the unit specialist",
    },
    "RequestStatus": {
        "RECEIVED": "已受理 · received",
        "DISPATCHED": "已转办 · dispatched",
        "IN_PROGRESS": "办理中 · in progress",
        "COMPLETED": "已办结 · completed",
        "PARTIALLY_REJECTED": "部分不予办理 · partially rejected",
        "REJECTED": "不予办理 · rejected",
        "WITHDRAWN": "已撤回 · withdrawn",
        "ARCHIVED": "已归档 · archived",
    },
    "HandoffStatus": {
        "PENDING": "待送达 · pending delivery",
        "DELIVERED": "已送达 · delivered",
        "ACCEPTED": "已受理 · accepted",
        "DONE": "已办结 · done",
        "RETURNED": "已退回 · returned",
        "UNDELIVERABLE": "无法送达 · undeliverable",
        "WITHDRAWN": "已撤回 · withdrawn",
    },
    "HandoffOutcome": {"APPROVED": "同意 · approved", "REJECTED": "不同意 · rejected"},
    "MaterialState": {"ATTACHED": "已上传 · attached", "SEEN": "已核验原件 · original seen"},
    "CalendarDayKind": {
        "HOLIDAY": "法定节假日 · official holiday",
        "WORKDAY": "调休上班日 · make-up working day",
    },
    # --- complaints and evaluations (投诉与满意度评价) ---------------------------------
    "SatisfactionLevel": {
        "VERY_SATISFIED": "非常满意 · very satisfied (5)",
        "SATISFIED": "满意 · satisfied (4)",
        "BASICALLY_SATISFIED": "基本满意 · basically satisfied (3)",
        "DISSATISFIED": "不满意 · dissatisfied (2)",
        "VERY_DISSATISFIED": "非常不满意 · very dissatisfied (1)",
    },
    "ComplaintKind": {
        "COMPLAINT": "投诉 · complaint",
        "RECTIFICATION": "差评整改 · rectification of a poor rating",
    },
    "ComplaintSource": {
        "HOTLINE": "热线 · hotline",
        "ONLINE": "网上 · online",
        "WINDOW": "窗口当面 · in person at a window",
        "EVALUATION": "差评整改 · a poor rating",
    },
    "ComplaintStatus": {
        "RECEIVED": "已受理 · received",
        "ROUTED": "已转办 · routed",
        "ANSWERED": "已反馈 · answered",
        "CLOSED": "已回访办结 · closed after the callback",
    },
    "ComplaintOutcome": {
        "SUBSTANTIATED": "属实 · substantiated",
        "PARTLY_SUBSTANTIATED": "部分属实 · partly substantiated",
        "UNFOUNDED": "不属实 · unfounded",
        "RECTIFIED": "已整改 · rectified",
    },
    "CallbackResult": {
        "SATISFIED": "满意 · satisfied",
        "BASICALLY_SATISFIED": "基本满意 · basically satisfied",
        "DISSATISFIED": "不满意 · dissatisfied",
        "UNREACHABLE": "无法联系 · unreachable",
    },
    # --- supervision (督办考核) --------------------------------------------------------
    "SupervisionGroupBy": {
        "WINDOW": "按窗口 · by window",
        "DEPARTMENT": "按部门 · by department",
        "SPECIALIST": "按承办专员 · by handling specialist",
        "JURISDICTION": "按下一级区划 · by the next lower jurisdiction",
    },
    "SupervisionMeasure": {
        "RECEIVED": "受理数 · received",
        "COMPLETED": "办结数 · completed",
        "ON_TIME": "按时办结 · completed on time",
        "LATE": "超时办结 · completed late",
        "OVERDUE": "当前超期 · overdue now",
        "EXTENDED": "延期 · extended",
        "EVALUATED": "已评价 · evaluated",
        "COMPLAINTS": "投诉 · complaints",
    },
    # --- messaging, imports and exports -----------------------------------------------
    "NotificationChannel": {
        "IN_APP": "站内信 · in-app message",
        "SMS": "短信 · SMS",
        "WECHAT": "微信 · WeChat",
        "EMAIL": "电子邮件 · email",
    },
    "NotificationStatus": {
        "PENDING": "待发送 · pending",
        "SENT": "已发送 · sent",
        "FAILED": "发送失败 · failed",
    },
    "ImportMode": {
        "ALL_OR_NOTHING": "全部正确才导入 · all rows or none",
        "VALID_ROWS_ONLY": "只导入正确的行 · valid rows only",
    },
    "JobStatus": {
        "QUEUED": "排队中 · queued",
        "RUNNING": "处理中 · running",
        "DONE": "已完成 · done",
        "FAILED": "失败 · failed",
    },
    "ExportFormat": {"JSON": "JSON 文件 · JSON", "XLSX": "Excel 表格 · Excel workbook (.xlsx)"},
    "BankFileFormat": {"XLSX": "Excel 表格 · Excel workbook (.xlsx)", "CSV": "CSV 文本 · CSV (UTF-8)"},
    # --- API plumbing -----------------------------------------------------------------
    "ErrorCode": {
        "VALIDATION": "输入有误 · invalid input",
        "NOT_FOUND": "未找到 · not found",
        "FORBIDDEN": "无权操作 · not allowed",
        "UNAUTHENTICATED": "未登录 · not signed in",
        "INVALID_STATE": "当前状态不允许此操作 · wrong state",
        "CONFLICT": "冲突 · conflict",
        "LIMIT_EXCEEDED": "超出限制 · limit exceeded",
    },
    "OrderDirection": {"ASC": "升序 · ascending", "DESC": "降序 · descending"},
    "ChangeType": {
        "TALENT": "人才 · talent", "EMPLOYER": "用人单位 · employer", "CARD": "人才卡 · card",
        "RECOGNITION": "人才认定 · recognition", "SERVICE_REQUEST": "办件 · service request",
        "HANDOFF": "分办 · handoff",
    },
    "ChangeOp": {"UPSERT": "新增或修改 · written", "DELETE": "删除 · deleted"},
    "SourceStatus": {
        "ACTIVE": "同步中 · syncing", "PAUSED": "已暂停 · paused",
        "REFUSED": "契约不兼容 · refused: incompatible feed contract",
    },
    # --- the province's views (省级平台) ---------------------------------------------------
    "CardHolderGroupBy": {
        "CITY": "按地市 · by city",
        "TIER": "按卡等级 · by card tier",
        "CATEGORY": "按人才类别 · by the holder's category",
        "STATUS": "按状态 · by status",
        "JURISDICTION": "按区县 · by jurisdiction",
    },
    "ProvinceFlowGroupBy": {
        "CITY": "按地市 · by city",
        "MONTH": "按月 · by month",
        "CITY_MONTH": "按地市和月 · by city and month",
    },
    "CardHolderOrderField": {
        "NUMBER": "卡号 · card number",
        "ISSUED_ON": "发卡日期 · issued on",
        "EXPIRES_ON": "有效期至 · expires on",
    },
    # Federation's own (@link), declared by the composer rather than in schema.graphql.
    "link__Purpose": {"SECURITY": "安全 · security", "EXECUTION": "执行 · execution"},
    # --- sortable fields beyond ORDER_FIELDS ------------------------------------------
    "ApiTokenOrderField": {"EXPIRES_ON": "到期日 · expires on"},
    "AuditEventOrderField": {"AT": "发生时间 · when it happened"},
    "CardOrderField": {
        "NUMBER": "卡号 · card number",
        "ISSUED_ON": "发放日期 · issued on",
        "EXPIRES_ON": "有效期至 · expires on",
    },
    "ComplaintOrderField": {"DUE_ON": "办结期限 · due on"},
    "GrassrootsAreaOrderField": {"CODE": "区划代码 · the county's code"},
    "GrassrootsExpertOrderField": {"CREATED_AT": "纳入时间 · listed at"},
    "GrassrootsServiceOrderField": {"STARTS_ON": "开始日期 · first day"},
    "JurisdictionOrderField": {"CODE": "区划代码 · GB/T 2260 code"},
    "QuarterlyArchiveReportOrderField": {
        "YEAR": "年度 · year",
        "QUARTER": "季度 · quarter",
        "GENERATED_AT": "生成时间 · generated at",
    },
    "ServiceItemOrderField": {"NAME": "事项名称 · name", "CODE": "事项编码 · code"},
    "ServiceRequestOrderField": {"DUE_ON": "办结期限 · due on", "RECEIVED_AT": "受理时间 · received at"},
    "SpecialistOrderField": {"NAME": "姓名 · name"},
    "TalentCategoryOrderField": {"NAME": "类别名称 · name", "RANK": "层次 · rank"},
    "TalentImportOrderField": {"CREATED_AT": "上传时间 · uploaded at"},
    "TalentOrderField": {"NAME": "姓名 · name"},
    "UserAccountOrderField": {"USERNAME": "用户名 · username"},
}


def value_labels(enum_name: str) -> dict[str, str]:
    """The labels of a GraphQL enum's values ({} for an enum the table does not know)."""
    labels = ENUM_LABELS.get(enum_name, {})
    if enum_name.endswith("OrderField"):
        return {**ORDER_FIELDS, **labels}
    if enum_name.endswith("GroupField"):
        return {**GROUP_FIELDS, **labels}
    return labels


def zh(value: Enum) -> str:
    """The Chinese label of a stored enum value (办件状态 RECEIVED → 已受理), for messages;
    the value itself when the table does not know it."""
    if not isinstance(value, Enum):  # a raw stored string
        return str(value)
    label = value_labels(type(value).__name__).get(value.name)
    return label.split(SEPARATOR)[0] if label else str(value.value)
