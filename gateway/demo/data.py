"""The demo's fixed reference data (演示数据): places, departments, windows, talent ladders,
card programmes, employers and demo accounts, after the talent policies of Shijiazhuang
(石家庄市人才绿卡制度) and Jinan (泉城人才服务金卡制度). The service catalogue is in
`gateway.demo.catalogue`; people are generated in `gateway.demo.people`.
"""

from __future__ import annotations

from typing import NamedTuple

from schema.models.enums import DepartmentFunction, EmployerKind, JurisdictionLevel

DEMO_PASSWORD = "demo-pass-2026"

# (code, name, level, parent code)
JURISDICTIONS: list[tuple[str, str, JurisdictionLevel, str | None]] = [
    ("130000", "河北省", JurisdictionLevel.PROVINCE, None),
    ("130100", "石家庄市", JurisdictionLevel.CITY, "130000"),
    ("130102", "长安区", JurisdictionLevel.COUNTY, "130100"),
    ("130123", "正定县", JurisdictionLevel.COUNTY, "130100"),
    ("370000", "山东省", JurisdictionLevel.PROVINCE, None),
    ("370100", "济南市", JurisdictionLevel.CITY, "370000"),
    ("370102", "历下区", JurisdictionLevel.COUNTY, "370100"),
    # Development zones are county level (功能区按县级管理).
    ("370171", "济南高新技术产业开发区", JurisdictionLevel.COUNTY, "370100"),
]

SJZ, JINAN = "130100", "370100"
COUNTIES = ("130102", "130123", "370102", "370171")
CITY_OF = {"130102": SJZ, "130123": SJZ, "370102": JINAN, "370171": JINAN}
AREA_CODE = {SJZ: "0311", JINAN: "0531"}


def area_code(jurisdiction: str) -> str:
    """Telephone area code (长途区号) of a demo city or county."""
    return AREA_CODE[CITY_OF.get(jurisdiction, jurisdiction)]


# Department names are unique across the demo, so the catalogue refers to them by name.
DEPARTMENTS: dict[str, list[str]] = {
    SJZ: [
        "石家庄市公安局",
        "石家庄市人力资源和社会保障局",
        "石家庄市教育局",
        "石家庄市卫生健康委员会",
        "石家庄市住房和城乡建设局",
        "石家庄住房公积金管理中心",
        "石家庄市税务局",
        "石家庄海关",
        "石家庄市交通运输局",
        "石家庄市文化广电和旅游局",
    ],
    "130102": ["长安区教育局", "长安区人力资源和社会保障局", "石家庄市公安局长安分局"],
    "130123": ["正定县教育局", "正定县人力资源和社会保障局", "正定县公安局"],
    JINAN: [
        "济南市公安局",
        "济南市人力资源和社会保障局",
        "济南市教育局",
        "济南市卫生健康委员会",
        "济南市住房和城乡建设局",
        "济南住房公积金中心",
        "济南市税务局",
        "济南海关",
        "济南市交通运输局",
        "济南市文化和旅游局",
    ],
    "370102": ["历下区教育和体育局", "历下区人力资源和社会保障局"],
    "370171": ["济南高新区教育文体局", "济南高新区人力资源和社会保障局"],
}

_FUNCTIONS = (
    ("人力资源", DepartmentFunction.HUMAN_RESOURCES), ("公安", DepartmentFunction.PUBLIC_SECURITY),
    ("教育", DepartmentFunction.EDUCATION), ("卫生", DepartmentFunction.HEALTH),
    ("住房", DepartmentFunction.HOUSING), ("税务", DepartmentFunction.TAX),
    ("海关", DepartmentFunction.CUSTOMS),
)  # fmt: skip


def department_function(name: str) -> DepartmentFunction:
    return next((f for word, f in _FUNCTIONS if word in name), DepartmentFunction.OTHER)


# The one department that takes handoffs by signed webhook (its own customs system);
# port 9 is the discard port, so deliveries fail visibly and exercise the retry path.
WEBHOOK_DEPARTMENT = "石家庄海关"
WEBHOOK_URL = "http://127.0.0.1:9/hooks/customs"

# Left with a single active handling specialist (and one inactive) so the
# specialist compliance report (每个部门至少2名在岗专员) has a finding to show.
UNDERSTAFFED_DEPARTMENT = "正定县教育局"


class Window(NamedTuple):
    name: str
    jurisdiction: str
    parent: str | None
    address: str


SJZ_WINDOW, JINAN_WINDOW = "石家庄市人才服务局人才服务窗口", "济南市人才服务窗口"

WINDOWS = [
    Window(SJZ_WINDOW, SJZ, None, "石家庄市长安区中山东路39号市民服务中心"),
    Window("长安区人才服务分窗口", "130102", SJZ_WINDOW, "长安区建设北大街3号"),
    Window("正定县人才服务分窗口", "130123", SJZ_WINDOW, "正定县常山东路1号"),
    Window(JINAN_WINDOW, JINAN, None, "济南市历下区龙鼎大道1号济南市民中心"),
    Window("历下区人才服务分窗口", "370102", JINAN_WINDOW, "历下区解放路125号"),
    Window("济南高新区人才服务分窗口", "370171", JINAN_WINDOW, "济南高新区舜华路2000号"),
]


class Category(NamedTuple):
    code: str
    name: str
    rank: int
    jurisdiction: str
    description: str


# 公示 in working days per ladder. The demo's 石家庄 ladder has none, so a recognition can be
# walked from application to card in one sitting; 济南 keeps the usual five (objections).
PUBLICITY_WORKDAYS = {"sjz.": 0}


def publicity_workdays(code: str) -> int:
    return next((days for prefix, days in PUBLICITY_WORKDAYS.items() if code.startswith(prefix)), 5)


SJZ_LADDER = "石家庄市高层次人才分类"
JINAN_LADDER = "济南市人才分类目录"

CATEGORIES: dict[str, list[Category]] = {
    SJZ_LADDER: [
        Category("sjz.A", "石家庄市A类人才（顶尖人才）", 1, SJZ, "两院院士等国内外顶尖人才"),
        Category("sjz.B", "石家庄市B类人才（领军人才）", 2, SJZ, "国家级重点人才工程入选者"),
        Category("sjz.C", "石家庄市C类人才（拔尖人才）", 3, SJZ, "省级重点人才工程入选者"),
        Category("sjz.D", "石家庄市D类人才（骨干人才）", 4, SJZ, "正高级职称、市管优秀专家"),
        Category("sjz.E", "石家庄市E类人才（基础人才）", 5, SJZ, "博士、硕士及急需紧缺人才"),
    ],
    JINAN_LADDER: [
        Category("jinan.A", "济南市A类人才", 1, JINAN, "国内外顶尖人才"),
        Category("jinan.B", "济南市B类人才", 2, JINAN, "国家级领军人才"),
        Category("jinan.C", "济南市C类人才", 3, JINAN, "省级领军人才"),
        Category("jinan.D", "济南市D类人才", 4, JINAN, "市级领军人才"),
    ],
}
LADDER_OF_CITY = {SJZ: SJZ_LADDER, JINAN: JINAN_LADDER}


class Tier(NamedTuple):
    code: str
    name: str
    rank: int
    categories: tuple[str, ...]


class Programme(NamedTuple):
    code: str
    name: str
    jurisdiction: str
    number_prefix: str  # card numbers look like SJZ-A-2025-000123
    description: str
    tiers: tuple[Tier, ...]
    validity_years: int = 5  # 有效期


PROGRAMMES = [
    Programme(
        "sjz.greencard",
        "石家庄人才绿卡",
        SJZ,
        "SJZ",
        "依据《石家庄市人才绿卡制度实施办法》，A卡发放A至C类人才，B卡发放D、E类人才，有效期5年",
        (
            Tier("A", "石家庄人才绿卡A卡", 1, ("sjz.A", "sjz.B", "sjz.C")),
            Tier("B", "石家庄人才绿卡B卡", 2, ("sjz.D", "sjz.E")),
        ),
    ),
    Programme(
        "jinan.goldcard",
        "泉城人才服务金卡",
        JINAN,
        "JN",
        "依据《济南市人才服务金卡制度实施办法》，向A至D类人才发放，有效期5年",
        tuple(Tier(t, f"泉城人才服务金卡{t}卡", r, (f"jinan.{t}",)) for r, t in enumerate("ABCD", 1)),
    ),
    Programme(
        "shandong.huicai",
        "山东惠才卡",
        "370000",
        "SD",
        "山东省面向高层次人才发放的惠才卡，凭卡享受省级人才服务；演示数据中暂未发卡",
        (Tier("HC", "山东惠才卡", 1, ()),),
    ),
]
PROGRAMME_OF_CITY = {SJZ: "sjz.greencard", JINAN: "jinan.goldcard"}


class EmployerSpec(NamedTuple):
    name: str
    jurisdiction: str
    kind: EmployerKind
    industry: str
    authority: str = "9"  # GB 32100 registration authority and entity type of its code
    entity_type: str = "1"


_E, _I = EmployerKind.ENTERPRISE, EmployerKind.INSTITUTION

EMPLOYERS = [
    EmployerSpec("石家庄长安智联软件有限公司", "130102", _E, "软件和信息服务"),
    EmployerSpec("河北冀康生物医药科技有限公司", "130102", _E, "生物医药"),
    EmployerSpec("石家庄华冠新材料股份有限公司", "130102", _E, "新材料"),
    EmployerSpec("石家庄广安商贸物流有限公司", "130102", _E, "现代商贸物流"),
    EmployerSpec("河北长城数字金融服务有限公司", "130102", _E, "金融"),
    EmployerSpec("石家庄市长安区中心医院", "130102", _I, "卫生", "1", "2"),
    EmployerSpec("石家庄市长安区实验学校", "130102", _I, "教育", "1", "2"),
    EmployerSpec("河北省智能制造研究院", "130102", _I, "科学研究", "1", "2"),
    EmployerSpec("石家庄正元智能装备有限公司", "130123", _E, "高端装备制造"),
    EmployerSpec("河北滹沱新能源科技有限公司", "130123", _E, "新能源"),
    EmployerSpec("正定古城文化旅游发展有限公司", "130123", _E, "文化旅游"),
    EmployerSpec("河北恒芯电子信息有限公司", "130123", _E, "电子信息"),
    EmployerSpec("正定新区数字经济产业园运营有限公司", "130123", _E, "数字经济"),
    EmployerSpec("正定县人民医院", "130123", _I, "卫生", "1", "2"),
    EmployerSpec("正定县第一中学", "130123", _I, "教育", "1", "2"),
    EmployerSpec("济南泉智信息技术有限公司", "370102", _E, "软件和信息服务"),
    EmployerSpec("济南明湖金融科技有限公司", "370102", _E, "金融"),
    EmployerSpec("山东齐鲁数字文创有限公司", "370102", _E, "文化创意"),
    EmployerSpec("济南千佛山医疗健康管理有限公司", "370102", _E, "医疗健康"),
    EmployerSpec("山东泺源新材料股份有限公司", "370102", _E, "新材料"),
    EmployerSpec("济南泉城生物医药研究院", "370102", _I, "科学研究", "1", "2"),
    EmployerSpec("山东舜华律师事务所", "370102", EmployerKind.OTHER, "法律服务", "3", "1"),
    EmployerSpec("济南市历下区实验小学", "370102", _I, "教育", "1", "2"),
    EmployerSpec("山东高新量子科技有限公司", "370171", _E, "量子信息"),
    EmployerSpec("济南超算云数据有限公司", "370171", _E, "大数据"),
    EmployerSpec("山东济高生物医药股份有限公司", "370171", _E, "生物医药"),
    EmployerSpec("济南汉峪智能制造有限公司", "370171", _E, "高端装备制造"),
    EmployerSpec("山东泉芯半导体有限公司", "370171", _E, "集成电路"),
    EmployerSpec("山东舜耕航空航天科技有限公司", "370171", _E, "航空航天"),
    EmployerSpec("济南高新区新材料产业研究院", "370171", _I, "科学研究", "1", "2"),
]


class Account(NamedTuple):
    username: str
    display_name: str
    role: str
    scope: str  # `dept:` scopes name the department; the seeder puts in its id


ACCOUNTS = [
    Account("hebei_admin", "河北省人才工作管理员", "province_admin", "jur:130000"),
    Account("sjz_admin", "石家庄市人才服务局管理员", "city_admin", "jur:130100"),
    Account("changan_admin", "长安区人才办管理员", "county_admin", "jur:130102"),
    Account("zhengding_admin", "正定县人才办管理员", "county_admin", "jur:130123"),
    Account("changan_window", "长安区窗口专员", "window_specialist", "jur:130102"),
    Account("sjz_police_handler", "市公安局承办专员", "handler", "dept:石家庄市公安局"),
    Account("sjz_edu_handler", "市教育局承办专员", "handler", "dept:石家庄市教育局"),
    Account("sjz_hr_handler", "市人社局承办专员", "handler", "dept:石家庄市人力资源和社会保障局"),
    Account("jinan_admin", "济南市人才服务窗口管理员", "city_admin", "jur:370100"),
    Account("shandong_platform", "山东省人才服务平台", "federation", "jur:370000"),
    Account("verifier_demo", "景区验卡员", "card_verifier", "jur:130100"),
    Account("auditor_demo", "石家庄市审计员", "auditor", "jur:130100"),
    Account("talent_demo", "演示人才", "talent", "talent:<长安区 A卡持卡人>"),
    Account("platform_ops", "平台运维管理员", "platform_admin", "*"),
]

# The specialist record each staff account works as (承办专员 / 窗口专员).
SPECIALIST_OF_ACCOUNT = {
    "sjz_police_handler": "石家庄市公安局",
    "sjz_edu_handler": "石家庄市教育局",
    "sjz_hr_handler": "石家庄市人力资源和社会保障局",
    "changan_window": "长安区人才服务分窗口",
}

_JURISDICTION_NAMES = {code: name for code, name, _, _ in JURISDICTIONS}


def _describe(scope: str) -> str:
    kind, _, value = scope.partition(":")
    if kind == "jur":
        return f"{scope} {_JURISDICTION_NAMES[value]}"
    if kind == "dept":
        return f"department {value}"
    if scope == "*":
        return "* the whole deployment (policy lines, operators)"
    return "the 长安区 talent holding a 石家庄人才绿卡 A卡"


# (username, role, scope description) for the CLI to print.
DEMO_ACCOUNTS: list[tuple[str, str, str]] = [(a.username, a.role, _describe(a.scope)) for a in ACCOUNTS]
