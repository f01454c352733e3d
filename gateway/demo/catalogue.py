"""The demo service catalogue (服务事项目录): the green-channel services of the Shijiazhuang
talent green card and the Jinan talent service gold card, plus a few county items."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from schema.models.enums import ServiceCategory as C
from schema.models.enums import ServiceMode

DIRECT, APPLICATION = ServiceMode.DIRECT, ServiceMode.APPLICATION

SJZ_POLICY = "《石家庄市人才绿卡制度实施办法》"
JINAN_POLICY = "《济南市人才服务金卡制度实施办法》"

SJZ_A = ("sjz.greencard:A",)
SJZ_AB = ("sjz.greencard:A", "sjz.greencard:B")
JN_AB = ("jinan.goldcard:A", "jinan.goldcard:B")
JN_ALL = ("jinan.goldcard:A", "jinan.goldcard:B", "jinan.goldcard:C", "jinan.goldcard:D")

ID_CARD, TALENT_CARD = "居民身份证", "人才卡"


class Item(NamedTuple):
    code: str
    name: str
    category: C
    mode: ServiceMode
    time_limit_workdays: int | None  # None: served on the spot (DIRECT)
    jurisdiction: str
    departments: tuple[str, ...]  # the first one leads (牵头部门)
    tiers: tuple[str, ...]  # "<programme code>:<tier code>"
    materials: tuple[str, ...]
    policy_basis: str
    description: str


def _city_items(prefix: str, jurisdiction: str, policy: str) -> Callable[..., Item]:
    """A maker of one city's items: code `<prefix>.<code>`, card and ID always required."""

    def make(
        code: str,
        name: str,
        category: C,
        mode: ServiceMode,
        days: int | None,
        departments: tuple[str, ...],
        tiers: tuple[str, ...],
        materials: tuple[str, ...],
        clause: str,
        description: str,
    ) -> Item:
        return Item(
            f"{prefix}.{code}", name, category, mode, days, jurisdiction, departments, tiers,
            (TALENT_CARD, ID_CARD, *materials), f"{policy}{clause}", description,
        )  # fmt: skip

    return make


_sjz = _city_items("sjz", "130100", SJZ_POLICY)
_jinan = _city_items("jinan", "370100", JINAN_POLICY)


SHIJIAZHUANG_ITEMS = [
    _sjz("household", "户籍办理", C.HOUSEHOLD, APPLICATION, 10,
         ("石家庄市公安局", "石家庄市人力资源和社会保障局"), SJZ_AB,
         ("户口簿", "劳动合同或聘用证明", "结婚证（配偶随迁）", "出生医学证明（子女随迁）"),
         "第十条", "持卡人及其配偶、未成年子女可在工作地或居住地落户，不受社保缴费年限限制"),
    _sjz("school", "子女入学", C.SCHOOL, APPLICATION, 15, ("石家庄市教育局",), SJZ_AB,
         ("户口簿或居住证明", "子女出生医学证明", "学籍证明（转学）"),
         "第十一条", "子女入托、义务教育阶段入学按意愿统筹安排到优质学校"),
    _sjz("medical", "医疗保健", C.MEDICAL, DIRECT, None, ("石家庄市卫生健康委员会",), SJZ_AB,
         (), "第十二条", "凭卡在市属三级医院享受预约诊疗、优先就诊绿色通道，每年一次健康体检"),
    _sjz("social_insurance", "社会保险关系转移接续", C.SOCIAL_INSURANCE, APPLICATION, 10,
         ("石家庄市人力资源和社会保障局",), SJZ_AB,
         ("参保缴费凭证", "基本养老保险关系转移接续信息表"),
         "第十三条", "社会保险关系优先转移接续，缴费年限合并计算"),
    _sjz("housing", "人才住房保障", C.HOUSING, APPLICATION, 20,
         ("石家庄市住房和城乡建设局", "石家庄住房公积金管理中心"), SJZ_AB,
         ("家庭住房情况承诺书", "劳动合同"),
         "第十四条", "优先配租人才公寓，或按层次发放租房补贴、购房补贴"),
    _sjz("provident_fund", "住房公积金贷款", C.HOUSING, APPLICATION, 10,
         ("石家庄住房公积金管理中心",), SJZ_AB, ("购房合同", "公积金缴存证明"),
         "第十四条", "公积金贷款优先审批，贷款额度按规定上浮"),
    _sjz("spouse_job", "配偶就业安置", C.SPOUSE_EMPLOYMENT, APPLICATION, 20,
         ("石家庄市人力资源和社会保障局",), SJZ_A, ("结婚证", "配偶学历学位证书", "原单位工作证明"),
         "第十五条", "配偶原为机关事业单位在编人员的对口安置，其他的推荐就业"),
    _sjz("entry_exit", "出入境证件办理", C.ENTRY_EXIT, APPLICATION, 5, ("石家庄市公安局",),
         SJZ_AB, ("近期彩色照片", "单位意见（在职人员）"),
         "第十六条", "因公因私出入境证件加急办理；外籍人才及家属优先办理居留许可"),
    _sjz("title", "职称评审绿色通道", C.PROFESSIONAL_TITLE, APPLICATION, 20,
         ("石家庄市人力资源和社会保障局",), SJZ_AB, ("职称评审申报表", "业绩成果材料"),
         "第十七条", "不受任职年限和岗位职数限制，直接申报评审相应专业技术职称"),
    _sjz("tax", "个人所得税办税服务", C.TAX, DIRECT, None, ("石家庄市税务局",), SJZ_AB, (),
         "第十八条", "办税服务厅优先办理，提供人才税收政策一对一辅导"),
    _sjz("customs", "通关便利", C.CUSTOMS, APPLICATION, 5, ("石家庄海关",), SJZ_A,
         ("科研用品进口清单", "用途说明"),
         "第十九条", "科研用品及自用物品进出境通关便利，享受快速验放"),
    _sjz("transport", "交通出行便利", C.TRANSPORT, DIRECT, None, ("石家庄市交通运输局",), SJZ_A,
         (), "第二十条", "凭卡在石家庄正定国际机场、石家庄站享受贵宾通道服务"),
    _sjz("tourism", "旅游健身", C.TOURISM_FITNESS, DIRECT, None, ("石家庄市文化广电和旅游局",),
         SJZ_AB, (), "第二十一条", "凭卡免费游览市属公园、景区，免费使用市属体育场馆"),
    _sjz("recuperation", "休假疗养", C.LEAVE_RECUPERATION, APPLICATION, 15,
         ("石家庄市人力资源和社会保障局", "石家庄市卫生健康委员会"), SJZ_A,
         ("疗养申请表", "单位推荐意见"), "第二十二条", "每年组织一次休假疗养活动"),
]  # fmt: skip

JINAN_ITEMS = [
    _jinan("household", "人才落户", C.HOUSEHOLD, APPLICATION, 5,
           ("济南市公安局", "济南市人力资源和社会保障局"), JN_ALL,
           ("户口簿", "劳动合同", "结婚证（配偶随迁）"),
           "第八条", "人才及其配偶、子女、父母可随迁落户，实行“先落户后就业”"),
    _jinan("school", "子女入学", C.SCHOOL, APPLICATION, 15, ("济南市教育局",), JN_ALL,
           ("子女出生医学证明", "学籍证明（转学）"),
           "第九条", "A、B类人才子女在全市范围内协调安排，C、D类人才子女在居住地统筹安排"),
    _jinan("medical", "医疗保健", C.MEDICAL, DIRECT, None, ("济南市卫生健康委员会",), JN_ALL, (),
           "第十条", "凭金卡在市属医院享受就医绿色通道和定期健康查体"),
    _jinan("social_insurance", "社会保险服务", C.SOCIAL_INSURANCE, APPLICATION, 10,
           ("济南市人力资源和社会保障局",), JN_ALL, ("参保缴费凭证",),
           "第十一条", "社会保险关系转移接续优先办理"),
    _jinan("housing", "人才安居", C.HOUSING, APPLICATION, 20,
           ("济南市住房和城乡建设局", "济南住房公积金中心"), JN_ALL,
           ("家庭住房情况承诺书", "劳动合同"), "第十二条", "提供人才公寓或发放购房补贴、租房补贴"),
    _jinan("spouse_job", "配偶就业", C.SPOUSE_EMPLOYMENT, APPLICATION, 20,
           ("济南市人力资源和社会保障局",), JN_AB, ("结婚证", "配偶学历学位证书"),
           "第十三条", "配偶随调随迁，协助推荐就业岗位"),
    _jinan("entry_exit", "出入境便利", C.ENTRY_EXIT, APPLICATION, 5, ("济南市公安局",), JN_ALL,
           ("近期彩色照片",), "第十四条", "出入境证件即来即办、加急办理"),
    _jinan("title", "职称评审", C.PROFESSIONAL_TITLE, APPLICATION, 20,
           ("济南市人力资源和社会保障局",), JN_ALL, ("职称评审申报表", "业绩成果材料"),
           "第十五条", "高层次人才可直接申报评审高级职称"),
    _jinan("tax", "纳税服务", C.TAX, DIRECT, None, ("济南市税务局",), JN_ALL, (),
           "第十六条", "办税服务厅设立人才绿色通道"),
    _jinan("customs", "通关便利", C.CUSTOMS, APPLICATION, 5, ("济南海关",), JN_AB,
           ("进口物品清单",), "第十七条", "科研设备和自用物品快速通关"),
    _jinan("transport", "交通出行", C.TRANSPORT, DIRECT, None, ("济南市交通运输局",), JN_AB, (),
           "第十八条", "凭卡在济南遥墙国际机场、济南西站享受贵宾通道服务"),
    _jinan("tourism", "文旅健身", C.TOURISM_FITNESS, DIRECT, None, ("济南市文化和旅游局",), JN_ALL,
           (), "第十九条", "凭卡免费游览趵突泉、大明湖等市属景区"),
    _jinan("recuperation", "休假疗养", C.LEAVE_RECUPERATION, APPLICATION, 15,
           ("济南市人力资源和社会保障局", "济南市卫生健康委员会"), JN_AB,
           ("疗养申请表",), "第二十条", "每年安排人才休假疗养"),
]  # fmt: skip

# Counties add local items (县区特色服务事项).
COUNTY_ITEMS = [
    Item("changan.school", "长安区人才子女就近入学", C.SCHOOL, APPLICATION, 10, "130102",
         ("长安区教育局",), SJZ_AB, (TALENT_CARD, ID_CARD, "居住证明"),
         "《长安区落实人才绿卡制度服务细则》", "区属中小学、幼儿园优先安排人才子女就近入学"),
    Item("zhengding.school", "正定县人才子女入学", C.SCHOOL, APPLICATION, 10, "130123",
         ("正定县教育局",), SJZ_AB, (TALENT_CARD, ID_CARD, "户口簿"),
         "《正定县人才服务若干措施》", "县域内公办学校按人才意愿安排入学"),
    Item("lixia.school", "历下区人才子女入学", C.SCHOOL, APPLICATION, 10, "370102",
         ("历下区教育和体育局",), JN_ALL, (TALENT_CARD, ID_CARD, "居住证明"),
         "《历下区人才服务专项措施》", "区属优质中小学统筹安排"),
    Item("gaoxin.school", "高新区人才子女入学", C.SCHOOL, APPLICATION, 10, "370171",
         ("济南高新区教育文体局",), JN_ALL, (TALENT_CARD, ID_CARD),
         "《济南高新区人才服务办法》", "区内公办学校优先安排"),
]  # fmt: skip

SERVICE_ITEMS = SHIJIAZHUANG_ITEMS + JINAN_ITEMS + COUNTY_ITEMS
