"""Deterministic fake people for the demo (模拟人员): names, valid resident IDs, phones and
talent profiles. Pure functions of a `random.Random`, so a seed gives the same data."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import NamedTuple

from gateway.demo.data import CATEGORIES, CITY_OF, EMPLOYERS, LADDER_OF_CITY
from resolvers.core.validation import make_resident_id
from schema.models.enums import FamilyRelation

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏"
    "卢蒋蔡贾丁魏薛叶阎潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾"
)
MALE_GIVEN = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆志博宇翔文远海峰建国振东晨阳"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀玲桂英慧琳雪梅颖婷倩欣怡晶瑶璐佳悦蕾萍红燕楠雯琪嘉宁"
MOBILE_PREFIXES = ("133", "135", "137", "138", "139", "150", "151", "155", "158", "159")
MOBILE_PREFIXES += ("180", "181", "186", "187", "188", "189")

DISTRICT_ADDRESS = {
    "130102": "石家庄市长安区",
    "130123": "石家庄市正定县",
    "370102": "济南市历下区",
    "370171": "济南市高新区",
}
STREETS = {
    "130102": ("中山东路", "建设北大街", "胜利北大街", "谈固东街", "育才街", "跃进路"),
    "130123": ("中山路", "燕赵南大街", "常山东路", "恒州南街", "兴荣路"),
    "370102": ("泉城路", "经十路", "解放路", "历山路", "山大路", "文化东路"),
    "370171": ("舜华路", "工业南路", "经十东路", "汉峪金谷路", "新泺大街"),
}

# (education 学历, degree 学位, professional titles 职称 to choose from)
PROFILES = (
    ("博士研究生", "博士", ("正高级工程师", "教授", "研究员", "主任医师", "高级工程师")),
    ("硕士研究生", "硕士", ("高级工程师", "副教授", "副研究员", "副主任医师", "高级经济师")),
    ("大学本科", "学士", ("工程师", "高级工程师", "主治医师", "一级教师", None)),
    ("大学专科", None, (None,)),
)
PROFILE_WEIGHTS = (30, 40, 25, 5)

# Lower ladder ranks are far more common; the last weight is "no category yet".
CATEGORY_WEIGHTS = {"130100": (2, 6, 12, 30, 35, 15), "370100": (4, 12, 30, 39, 15)}


class Person(NamedTuple):
    name: str
    male: bool
    birth_date: date
    id_number: str


class Card(NamedTuple):
    issued_on: date
    active: bool  # False: revoked when the talent left


class TalentSpec(NamedTuple):
    person: Person
    county: str
    employer_index: int  # into data.EMPLOYERS
    category: str | None
    education: str
    degree: str | None
    professional_title: str | None
    skill_level: str | None
    introduced_on: date
    left_on: date | None
    phone: str
    address: str
    card: Card | None
    family: tuple[tuple[FamilyRelation, Person], ...]


def chinese_name(rng: random.Random, male: bool) -> str:
    given = MALE_GIVEN if male else FEMALE_GIVEN
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, area_code: str) -> str:
    return f"{area_code}-{rng.choice('68')}{rng.randrange(10**7):07d}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def person(
    rng: random.Random,
    region: str,
    sequence: int,
    born: tuple[date, date],
    male: bool | None = None,
) -> Person:
    """Someone registered in `region`; `sequence` (0..499) must be unique per region and birth."""
    male = rng.random() < 0.55 if male is None else male
    birth = random_date(rng, *born)
    return Person(chinese_name(rng, male), male, birth, make_resident_id(region, birth, sequence, male))


class TalentGenerator:
    """Talents of one demo run; ID order codes count up per county so IDs never collide."""

    TALENT_BORN = (date(1965, 1, 1), date(2000, 12, 31))
    CHILD_BORN = (date(2008, 1, 1), date(2022, 12, 31))

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self._sequences = dict.fromkeys(CITY_OF, 0)
        self._employers = {
            city: [i for i, e in enumerate(EMPLOYERS) if CITY_OF[e.jurisdiction] == city]
            for city in set(CITY_OF.values())
        }

    def _person(self, county: str, born: tuple[date, date], male: bool | None = None) -> Person:
        self._sequences[county] += 1
        return person(self.rng, county, self._sequences[county], born, male)

    def talent(self, county: str, category: str | None = None, keep: bool = False) -> TalentSpec:
        """One talent; `category` and `keep` (active, carded) pin what the demo relies on."""
        rng, city = self.rng, CITY_OF[county]
        who = self._person(county, self.TALENT_BORN)
        education, degree, titles = rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
        if category is None:
            ladder = [c.code for c in CATEGORIES[LADDER_OF_CITY[city]]] + [None]
            category = rng.choices(ladder, CATEGORY_WEIGHTS[city])[0]
        left = not keep and rng.random() < 0.05
        carded = category is not None and (keep or rng.random() < 0.9)
        issued_on = self.today - timedelta(days=rng.randrange(3 * 365))
        introduced_on = issued_on - timedelta(days=rng.randint(30, 900))
        return TalentSpec(
            person=who,
            county=county,
            employer_index=rng.choice(self._employers[city]),
            category=category,
            education=education,
            degree=degree,
            professional_title=rng.choice(titles),
            skill_level="高级技师" if education == "大学专科" else None,
            introduced_on=introduced_on,
            left_on=random_date(rng, issued_on, self.today) if left else None,
            phone=mobile(rng),
            address=self._address(county),
            card=Card(issued_on, active=not left) if carded else None,
            family=self._family(county, who) if keep or rng.random() < 0.3 else (),
        )

    def _address(self, county: str) -> str:
        street = self.rng.choice(STREETS[county])
        return f"{DISTRICT_ADDRESS[county]}{street}{self.rng.randint(1, 300)}号"

    def _family(self, county: str, talent: Person) -> tuple[tuple[FamilyRelation, Person], ...]:
        spouse = self._person(county, self.TALENT_BORN, male=not talent.male)
        members = [(FamilyRelation.SPOUSE, spouse)]
        if self.rng.random() < 0.6:
            members.append((FamilyRelation.CHILD, self._person(county, self.CHILD_BORN)))
        return tuple(members)
