"""The template families: which data feed each section (family.yaml) and every field feeding
one; for shengtai and liuhao, headings a reader recognises, every figure of the data in the
text, no gap for missing data, DOCX, starters, typography."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from conftest import EXAMPLES, REQUIRED_PATHS, full_data, optional_paths, without
from reading import DATE, all_text, assert_reads_clean, headings, make, paragraphs
from summary_gen.errors import TemplateError
from summary_gen.loading import load_summary, load_text
from summary_gen.model import validate
from summary_gen.render import render
from summary_gen.starter import starter_text
from summary_gen.templating.context import part_fields
from summary_gen.templating.families import BUILTIN_TEMPLATES, family_names, family_sections
from summary_gen.writers.docx import to_docx

FAMILIES = ("shengtai", "liuhao")
EXAMPLE = {"shengtai": "生态社区.yaml", "liuhao": "六好社区.yaml"}
DEFAULT_TITLE = {
    "shengtai": "创建生态示范社区工作总结",
    "liuhao": "创建“六好”示范社区关工委工作总结",
}


def load_example(family: str) -> dict[str, Any]:
    with (EXAMPLES / EXAMPLE[family]).open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


# --- section presence, as each family's family.yaml declares it -------------------------------

BUILTIN_FAMILIES = family_names()


def field_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """The key path of every field of the model below ``value``; a list is one field."""
    for name in part_fields(value):
        child = getattr(value, name)
        if part_fields(child):
            yield from field_paths(child, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


# Every part of the model given, so that the walk reaches every field.
EVERY_FIELD = sorted(field_paths(validate(full_data())))


def _under(path: str, key: str) -> bool:
    """Whether the field ``path`` is the key path ``key`` or inside the mapping it names."""
    return path == key or path.startswith(f"{key}.")


def declared_keys(family: str) -> list[str]:
    """Every key path the built-in ``family`` declares: feeding its sections, or outside them."""
    declared = family_sections([BUILTIN_TEMPLATES / family])
    return [key for s in declared.sections for key in s.key_paths] + list(declared.outside)


def test_the_walk_reaches_every_field() -> None:
    some = ["year", "community.extra", "organisation.leading_group.leader_role", "closing.plans"]
    assert set(some) <= set(EVERY_FIELD)
    assert "sections.participation.heading" in EVERY_FIELD


@pytest.mark.parametrize("family", BUILTIN_FAMILIES)
def test_every_field_of_the_model_feeds_a_section_or_is_declared_outside(family: str) -> None:
    # A field added to the data format must feed a section of every family, or be listed in
    # its outside_sections: a section it should feed must not silently go without it.
    named = declared_keys(family)
    assert [path for path in EVERY_FIELD if not any(_under(path, key) for key in named)] == []


@pytest.mark.parametrize("family", BUILTIN_FAMILIES)
def test_every_key_path_a_family_declares_is_a_field(family: str) -> None:
    named = declared_keys(family)
    assert [key for key in named if not any(_under(path, key) for path in EVERY_FIELD)] == []


GROUPS = ("organisation", "facilities", "activities", "participation")

# One value for each key the sections may be fed by.
ALONE_VALUES: dict[str, Any] = {
    "organisation.leading_group": {"leader": "王兰"},
    "organisation.dedicated_staff": 1,
    "organisation.bases": ["社区活动室"],
    "organisation.teams": [{"name": "志愿者服务队"}],
    "organisation.rules": ["例会制度"],
    "facilities.funding": {"grants": 8000},
    "facilities.items": [{"name": "宣传栏", "action": "更新维护"}],
    "activities": [{"title": "健康知识讲座", "kind": "讲座"}],
    "figures.events": 12,
    "figures.materials": 300,
    "figures.consultations": 200,
    "figures.topics": ["环境保护"],
    "figures.extra": [{"label": "绿化覆盖率", "value": 38.5, "unit": "%"}],
    "participation.volunteers": 40,
    "participation.partners": ["辖区中学"],
    "participation.methods": ["入户宣传"],
    "closing.experience": ["贴近居民"],
    "closing.problems": ["场地偏小"],
    "closing.plans": ["扩建活动室"],
    **{f"sections.{group}.heading": "自己的标题" for group in GROUPS},
    **{f"sections.{group}.extra": ["追加的段落。"] for group in GROUPS},
}

# A heading of the secretary's own makes no section appear.
_HEADINGS_ONLY = [f"sections.{group}.heading" for group in GROUPS]

# Every field of organisation, for the families that tell all of it in their first section.
_WHOLE_ORGANISATION = [
    "organisation.leading_group",
    "organisation.dedicated_staff",
    "organisation.bases",
    "organisation.teams",
    "organisation.rules",
    "sections.organisation.extra",
]

# The one heading each key alone brings out (None: none), as the families have always had it.
ALONE: dict[str, dict[str | None, list[str]]] = {
    "kepu": {
        "领导重视，健全组织机构，把科普工作落到实处": _WHOLE_ORGANISATION,
        # The heading promises money only where the data tells of it.
        "强化科教意识，经费投入及时，加强阵地建设": ["facilities.funding"],
        "强化科教意识，加强阵地建设": ["facilities.items", "sections.facilities.extra"],
        "找准契机，开展“科教进社区”科普宣传活动": [
            "activities",
            "figures.events",
            "figures.materials",
            "figures.consultations",
            "figures.topics",
            "figures.extra",
            "sections.activities.extra",
        ],
        "发动一切力量，调动居民参与科普的积极性": [
            "participation.volunteers",
            "participation.partners",
            "participation.methods",
            "sections.participation.extra",
        ],
        # Lessons and plans have parts of their own, as in every family.
        "工作体会": ["closing.experience"],
        "存在的问题和下一步打算": ["closing.problems"],
        "下一步打算": ["closing.plans"],
        None: _HEADINGS_ONLY,
    },
    "shengtai": {
        # The heading promises the responsibility system only where the data gives rules.
        "加强组织领导，落实环境保护责任制": ["organisation.rules"],
        "加强组织领导": [key for key in _WHOLE_ORGANISATION if key != "organisation.rules"],
        "加大资金投入，完善环境基础设施": ["facilities.funding"],
        "完善环境基础设施，改善人居环境": ["facilities.items", "sections.facilities.extra"],
        "广泛宣传教育，增强居民生态环保意识": [
            "activities",
            "figures.events",
            "figures.materials",
            "figures.consultations",
            "figures.topics",
            "sections.activities.extra",
        ],
        "动员全民参与，营造共建共享的良好氛围": [
            "participation.volunteers",
            "participation.partners",
            "participation.methods",
            "sections.participation.extra",
        ],
        "创建成效": ["figures.extra"],
        "创建体会": ["closing.experience"],
        "存在的问题和下一步打算": ["closing.problems"],
        "下一步打算": ["closing.plans"],
        None: _HEADINGS_ONLY,
    },
    "liuhao": {
        # Participation without a heading of its own is told under 组织好.
        "健全组织网络，做到“组织好”": [
            "organisation.leading_group",
            "organisation.dedicated_staff",
            "organisation.teams",
            "sections.organisation.extra",
            "participation.volunteers",
            "participation.partners",
            "participation.methods",
            "sections.participation.extra",
        ],
        "建立健全制度，做到“制度好”": ["organisation.rules"],
        "加强阵地建设，做到“阵地好”": [
            "organisation.bases",
            "facilities.items",
            "sections.facilities.extra",
        ],
        "丰富教育载体，做到“活动好”": ["activities", "sections.activities.extra"],
        # One source of money: not 多方筹措.
        "保障工作经费，做到“经费好”": ["facilities.funding"],
        "注重教育实效，做到“成效好”": [
            "figures.events",
            "figures.materials",
            "figures.consultations",
            "figures.topics",
            "figures.extra",
        ],
        "工作体会": ["closing.experience"],
        "存在的问题和下一步打算": ["closing.problems"],
        "下一步打算": ["closing.plans"],
        None: _HEADINGS_ONLY,
    },
}

# A heading the opening's 现将……汇报如下 does not announce: kepu's closing follows the report.
_UNANNOUNCED = {
    ("kepu", key) for key in ("closing.experience", "closing.problems", "closing.plans")
}

ALONE_CASES = [
    (family, key, heading)
    for family, table in ALONE.items()
    for heading, keys in table.items()
    for key in keys
]


def with_key(family: str, key: str, value: Any) -> dict[str, Any]:
    """The bare data file of ``family`` with the key path ``key`` set to ``value``."""
    data = _bare(family)
    *parents, last = key.split(".")
    target = data
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value
    return data


@pytest.mark.parametrize(
    ("family", "key", "heading"), ALONE_CASES, ids=[f"{f}:{k}" for f, k, _ in ALONE_CASES]
)
def test_each_key_alone_brings_out_its_section(family: str, key: str, heading: str | None) -> None:
    doc = make(with_key(family, key, ALONE_VALUES[key]))
    assert headings(doc) == ([f"一、{heading}"] if heading else [])
    announced = heading is not None and (family, key) not in _UNANNOUNCED
    assert paragraphs(doc)[0].endswith("如下：") == announced
    assert_reads_clean(doc)


@pytest.mark.parametrize("family", list(ALONE))
def test_the_table_of_keys_alone_covers_each_key_once(family: str) -> None:
    keys = [key for group in ALONE[family].values() for key in group]
    assert sorted(keys) == sorted(ALONE_VALUES)


def _own_family(root: Path, family_yaml: str | None, summary_j2: str) -> list[Path]:
    folder = root / "mine"
    folder.mkdir()
    if family_yaml is not None:
        (folder / "family.yaml").write_text(family_yaml, encoding="utf-8")
    (folder / "summary.j2").write_text(summary_j2, encoding="utf-8")
    return [root]


OWN_SECTIONS = """description: 我们自己的总结
sections:
  people: [community.households, community.population]
  team: [organisation.leading_group]
  helpers:
    fed_by: [participation]
    requires: sections.participation.heading
    else_in: team
"""

OWN_SUMMARY = """@title 我们的总结
@p 开头。
{% if has.sections %}
@p 现将工作汇报如下：
{% endif %}
{% if has.people %}
@p 有人口。
{% endif %}
{% if has.team %}
@p 有班子。
{% endif %}
{% if has.helpers %}
@p 有志愿者。
{% endif %}
"""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, []),
        ({"community": {"name": "城里社区", "population": 100}}, ["有人口。"]),
        # A key path naming a mapping is given where any of its fields is.
        ({"organisation": {"leading_group": {"leader_role": "社区主任"}}}, ["有班子。"]),
        ({"participation": {"volunteers": 3}}, ["有班子。"]),
        (
            {
                "participation": {"volunteers": 3},
                "sections": {"participation": {"heading": "志愿"}},
            },
            ["有志愿者。"],
        ),
        ({"sections": {"participation": {"heading": "志愿"}}}, []),
    ],
    ids=["nothing", "people", "any field of a mapping", "told elsewhere", "own part", "heading"],
)
def test_a_users_family_declares_its_own_sections(
    tmp_path: Path, data: dict[str, Any], expected: list[str]
) -> None:
    dirs = _own_family(tmp_path, OWN_SECTIONS, OWN_SUMMARY)
    doc = make({**_bare("mine"), **data}, template_dirs=dirs)
    announced = ["现将工作汇报如下："] if expected else []
    assert paragraphs(doc) == ["开头。", *announced, *expected]


KEPU_NAMES = """@title 我们的总结
@p {{ [has.organisation, has.facilities, has.activities, has.participation, has.closing,
       has.sections]|select|list|length }}个部分。
"""


@pytest.mark.parametrize("family_yaml", [None, "description: 我们自己的总结\n"])
def test_a_family_without_a_declaration_has_kepus_sections(
    tmp_path: Path, family_yaml: str | None
) -> None:
    dirs = _own_family(tmp_path, family_yaml, KEPU_NAMES)
    doc = make({**full_data(), "template": "mine"}, template_dirs=dirs)
    assert paragraphs(doc) == ["6个部分。"]
    assert paragraphs(make(_bare("mine"), template_dirs=dirs)) == ["0个部分。"]


@pytest.mark.parametrize("family", BUILTIN_FAMILIES)
def test_an_override_of_some_parts_keeps_the_familys_sections(tmp_path: Path, family: str) -> None:
    # README (自定义模板): a user's organisation.j2 tests has.organisation, in every family.
    (tmp_path / "organisation.j2").write_text(
        "{% if has.organisation %}\n@h1 组织领导\n@p 自己的写法。\n{% endif %}\n", "utf-8"
    )
    data = with_key(family, "organisation.leading_group", {"leader": "王兰"})
    assert headings(make(data, template_dirs=[tmp_path])) == ["一、组织领导"]
    assert headings(make(_bare(family), template_dirs=[tmp_path])) == []


def test_an_override_in_a_family_folder_sees_that_familys_sections(tmp_path: Path) -> None:
    (tmp_path / "liuhao").mkdir()
    (tmp_path / "liuhao" / "family.yaml").write_text("description: 我的六好\n", "utf-8")
    (tmp_path / "liuhao" / "rules.j2").write_text(
        "{% if has.rules %}\n@h1 制度\n@p 自己的制度。\n{% endif %}\n", "utf-8"
    )
    data = with_key("liuhao", "organisation.rules", ["例会制度"])
    assert headings(make(data, template_dirs=[tmp_path])) == ["一、制度"]


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ("[organisation]", "映射"),
        ("{team: organisation}", "列出给它提供内容的字段"),
        ("{team: []}", "列出给它提供内容的字段"),
        ("{Team: [organisation]}", "名称“Team”无效"),
        ("{sections: [organisation]}", "名称“sections”无效"),
        ("{team: {fed_by: [organisation], shown: true}}", "未知的设置“shown”"),
        ("{team: {fed_by: [organisation], announced: 1}}", "true 或 false"),
        ("{team: {fed_by: [participation], requires: sections.participation.heading}}", "同时"),
        ("{team: {fed_by: [organisation], requires: title, else_in: nosuch}}", "“nosuch”"),
        ("{team: [organisation.leader]}", "“organisation.leader”不是数据文件的字段"),
        ("{team: [activities.title]}", "“activities.title”不是数据文件的字段"),
        ("{team: [__class__]}", "“__class__”不是数据文件的字段"),
        ("{team: [community.households.value]}", "“community.households.value”不是"),
        ("{team: {fed_by: [organisation], requires: titel, else_in: team}}", "“titel”"),
    ],
)
def test_a_malformed_declaration_is_refused_naming_its_file(
    tmp_path: Path, sections: str, message: str
) -> None:
    dirs = _own_family(tmp_path, f"sections: {sections}\n", "@title 我们的总结\n@p 内容。\n")
    with pytest.raises(TemplateError) as caught:
        make(_bare("mine"), template_dirs=dirs)
    assert str(caught.value).startswith(str(tmp_path / "mine" / "family.yaml"))
    assert message in str(caught.value)


# --- the examples (their golden files: test_golden.py) -----------------------------------------


def test_shengtai_is_recognised_from_its_headings_and_opening() -> None:
    doc = make(load_example("shengtai"))
    assert headings(doc) == [
        "一、加强组织领导，落实环境保护责任制",
        "二、加大资金投入，完善环境基础设施",
        "三、广泛宣传教育，增强居民生态环保意识",
        "四、动员全民参与，营造共建共享的良好氛围",
        "五、创建成效和体会",
        "六、存在的问题和下一步打算",
    ]
    # The opening in the order of the model document's 生态 brief.
    assert paragraphs(doc)[0] == (
        "桃溪社区位于云岭县东南部，距县城15公里，辖13个行政村，3185户，13600人，"
        "总面积45平方公里，耕地总面积2.4万亩，果园面积1.5万亩。"
    )
    assert paragraphs(doc)[1].endswith("现将创建工作情况汇报如下：")


def test_liuhao_is_framed_by_the_six_goods() -> None:
    doc = make(load_example("liuhao"))
    assert headings(doc) == [
        "一、健全组织网络，做到“组织好”",
        "二、建立健全制度，做到“制度好”",
        "三、加强阵地建设，做到“阵地好”",
        "四、丰富教育载体，做到“活动好”",
        "五、多方筹措资金，做到“经费好”",
        "六、注重教育实效，做到“成效好”",
        "七、工作体会",
        "八、存在的问题和下一步打算",
    ]
    opening = paragraphs(doc)[1]
    assert opening.startswith("2020年，在城东街道关工委的指导下，新华社区关工委")
    assert "充分发挥“五老”" in opening
    text = all_text(doc)
    assert "成立了以社区党委书记张建国为主任的社区关心下一代工作委员会" in text
    assert "120名青少年参加" in text  # the audience defaults to young people


# --- every figure and fact of the data file is in the text -----------------------------------

# Counts the templates may write in Chinese numerals (cn_count): 1 → 一名, 2 → 两名.
_SMALL = {"1": "一", "2": "两", "3": "三", "4": "四", "5": "五"}
# Leaves that are not printed as typed: the family, kinds (told by verbs), dates (2020年3月12日).
_NOT_VERBATIM = {"template", "kind", "date"}


def leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    else:
        yield path, data


@pytest.mark.parametrize("family", FAMILIES)
def test_every_figure_and_fact_of_the_example_is_in_the_text(family: str) -> None:
    data = load_example(family)
    text = all_text(make(data))
    # A title may be quoted with its generic word outside the quotes: “义务植树”活动.
    unquoted = text.replace("“", "").replace("”", "")
    missing = []
    for path, value in leaves(data):
        if _NOT_VERBATIM & {p for p in path if isinstance(p, str)}:
            continue
        written = str(value)
        if (
            written not in text
            and written not in unquoted
            and not (path[-1] == "dedicated_staff" and f"{_SMALL.get(written, '-')}名" in text)
        ):
            missing.append((path, written))
    assert missing == []


@pytest.mark.parametrize("family", FAMILIES)
def test_activity_dates_are_in_the_text(family: str) -> None:
    data = load_example(family)
    text = all_text(make(data))
    for activity in data["activities"]:
        if "date" in activity:
            when = activity["date"]
            parts = str(when).split("-")
            # Each clause is led by its date: 3月12日，…… or 4月，……
            written = f"{int(parts[1])}月" + (f"{int(parts[2])}日" if len(parts) == 3 else "")
            assert f"{written}，" in text


# --- no gap, whatever is missing --------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_only_year_and_name_is_a_well_formed_summary(family: str) -> None:
    doc = make({"template": family, "year": 2020, "community": {"name": "城里社区"}})
    assert doc.title == DEFAULT_TITLE[family]
    assert headings(doc) == []
    texts = paragraphs(doc)
    assert len(texts) == 2
    assert texts[0].startswith("2020年，城里社区")
    assert "如下" not in texts[0]  # promises no report that does not follow
    assert texts[1].startswith("今后，城里社区")
    assert doc.signatory == DEFAULT_SIGNATORY[family]
    assert_reads_clean(doc)


# The body of a liuhao summary speaks as the community's 关工委, which therefore signs it.
DEFAULT_SIGNATORY = {"shengtai": "城里社区居民委员会", "liuhao": "城里社区关心下一代工作委员会"}


def test_liuhao_is_signed_by_the_guangongwei_by_default() -> None:
    community = {"name": "新华社区", "street": "城东街道"}
    doc = make({"template": "liuhao", "year": 2020, "community": community})
    assert doc.signatory == doc.author == "城东街道新华社区关心下一代工作委员会"
    given = make({"template": "liuhao", "year": 2020, "community": community, "signatory": "甲"})
    assert given.signatory == "甲"  # the data file's own signatory wins
    village = {"name": "城关村", "street": "城关镇"}
    assert make({"template": "shengtai", "year": 2020, "community": village}).signatory == (
        "城关镇城关村村民委员会"
    )


def test_a_users_family_file_states_its_own_signatory(tmp_path: Path) -> None:
    data = {"template": "liuhao", "year": 2020, "community": {"name": "新华社区"}}
    # An override of some parts, without a family file: the built-in suffix still applies.
    (tmp_path / "liuhao").mkdir()
    (tmp_path / "liuhao" / "closing.j2").write_text("@p 结尾。\n", encoding="utf-8")
    assert make(data, template_dirs=[tmp_path]).signatory == "新华社区关心下一代工作委员会"
    (tmp_path / "liuhao" / "family.yaml").write_text(
        "description: 我的六好\nsignatory_suffix: 关工委\n", encoding="utf-8"
    )
    assert make(data, template_dirs=[tmp_path]).signatory == "新华社区关工委"
    # A broken family file is not passed over: the build stops, told where (exit 3).
    (tmp_path / "liuhao" / "family.yaml").write_text("description: [\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        make(data, template_dirs=[tmp_path])
    assert str(caught.value).startswith(f"{tmp_path / 'liuhao' / 'family.yaml'}:2: YAML 语法错误")


def full(family: str) -> dict[str, Any]:
    """The example plus what it leaves out, so that dropping keys reaches every branch."""
    data = load_example(family)
    data["sections"] = {
        group: {"heading": f"{group}标题", "extra": [f"{group}的追加段落"]}
        for group in ("organisation", "facilities", "activities", "participation")
    }
    data["community"]["area_km2"] = 1.2
    data["activities"].append({"title": "重阳敬老文艺汇演", "kind": "文艺演出", "date": "2020-10"})
    return data


# The family is chosen by `template`: dropping it would compare another family's text.
_KEPT = REQUIRED_PATHS | {("template",)}
CASES = [
    (family, path) for family in FAMILIES for path in optional_paths(full(family), required=_KEPT)
]


@pytest.mark.parametrize(
    ("family", "path"), CASES, ids=[f"{f}:{'.'.join(map(str, p))}" for f, p in CASES]
)
def test_dropping_any_one_key_leaves_no_gap(family: str, path: tuple[Any, ...]) -> None:
    assert_reads_clean(make(without(full(family), path)))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(
    "group", ["organisation", "facilities", "activities", "figures", "participation", "closing"]
)
def test_one_group_alone_reads_clean(family: str, group: str) -> None:
    data = {"template": family, "year": 2020, "community": {"name": "城里社区"}}
    data[group] = full(family)[group]
    doc = make(data)
    assert_reads_clean(doc)
    assert paragraphs(doc)[0].endswith("如下：")  # no community facts: the opening is first
    assert headings(doc)


@pytest.mark.parametrize("family", FAMILIES)
def test_each_single_fact_alone_reads_clean(family: str) -> None:
    source = full(family)
    for group in ("organisation", "facilities", "figures", "participation", "closing"):
        for key, value in source[group].items():
            data = {"template": family, "year": 2020, "community": {"name": "城里社区"}}
            data[group] = {key: value}
            assert_reads_clean(make(data))


def test_shengtai_opening_without_governed_units_names_residents() -> None:
    community = {"name": "城里社区", "households": 3185, "population": 13600}
    doc = make({"template": "shengtai", "year": 2020, "community": community})
    assert paragraphs(doc)[0] == "城里社区辖区内居民3185户，人口13600人。"


def test_a_committee_has_a_director_and_a_group_a_leader() -> None:
    group = {"name": "社区关心下一代工作委员会", "leader": "王兰", "leader_role": "社区主任"}
    doc = make({**_bare("shengtai"), "organisation": {"leading_group": group}})
    assert "以社区主任王兰为主任的社区关心下一代工作委员会" in all_text(doc)
    group = {"name": "创建工作领导小组", "leader": "王兰"}
    doc = make({**_bare("liuhao"), "organisation": {"leading_group": group}})
    assert "以王兰同志为组长的创建工作领导小组" in all_text(doc)


def test_liuhao_participation_gets_its_own_part_only_with_a_heading() -> None:
    data = {**_bare("liuhao"), "participation": {"volunteers": 45}}
    assert headings(make(data)) == ["一、健全组织网络，做到“组织好”"]
    data["sections"] = {"participation": {"heading": "凝聚社会合力"}}
    doc = make(data)
    assert headings(doc) == ["一、凝聚社会合力"]
    assert "发动关心下一代志愿者45名" in all_text(doc)
    assert_reads_clean(doc)


def _bare(family: str) -> dict[str, Any]:
    return {"template": family, "year": 2020, "community": {"name": "城里社区"}}


# --- DOCX with the official layout -------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_docx_of_the_example_has_the_family_headings(family: str) -> None:
    summary, _ = load_summary(EXAMPLES / EXAMPLE[family])
    doc = render(summary, date=DATE)
    built = docx.Document(io.BytesIO(to_docx(doc)))
    found = [p.text for p in built.paragraphs if p.style.name == "Heading 1"]
    assert found == headings(doc)
    assert len(found) >= 6
    titles = [p.text for p in built.paragraphs if p.style.name == "Title"]
    assert "".join(titles) == doc.title


# --- starters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_starter_validates_and_builds_as_written(family: str) -> None:
    text = starter_text(family)
    assert "#" in text  # commented for the secretary
    summary, warnings = load_text(text, "data.yaml")
    # Left as written, its sample names would go into the document: told once (test_values.py).
    assert [(w.path, "样例" in w.message) for w in warnings] == [("community.name", True)]
    assert summary.template == family
    doc = render(summary, date=DATE)
    assert_reads_clean(doc)
    assert len(headings(doc)) >= 6


@pytest.mark.parametrize("family", FAMILIES)
def test_family_has_a_description(family: str) -> None:
    folder = Path(__file__).resolve().parent.parent / "templates" / family
    description = yaml.safe_load((folder / "family.yaml").read_text(encoding="utf-8"))
    assert description["description"] == DEFAULT_TITLE[family]


# --- the model document's punctuation, fed in as user text -------------------------------------

SEED_TEXT = {
    "community": {
        "name": "xx社区",
        "location": "xx县东南部",
    },
    "closing": {
        "experience": [
            "只有创新科普工作新思路,新载体,新内容,才能不断深化工作内涵",
        ],
        "plans": ["坚持 「科教进社区」活动经常化、制度化", '以"生活小窍门"为内容更新宣传栏'],
    },
    "sections": {
        "activities": {
            "extra": [
                "近几年来,在街道关工委的指导下,充分发挥 五老 人员作用.",
                '积极开展了"崇尚科学,破除迷信"讲座:效果良好',
            ]
        }
    },
}


@pytest.mark.parametrize("family", ["kepu", *FAMILIES])
def test_the_model_documents_half_width_punctuation_comes_out_right(family: str) -> None:
    source = yaml.safe_dump({"template": family, "year": 2020, **SEED_TEXT}, allow_unicode=True)
    summary, warnings = load_text(source, "data.yaml")
    assert len(warnings) == 5
    doc = render(summary, date=DATE)
    assert_reads_clean(doc)
    text = all_text(doc)
    for expected in (
        "只有创新科普工作新思路，新载体，新内容，才能不断深化工作内涵",
        "坚持“科教进社区”活动经常化、制度化",
        "以“生活小窍门”为内容更新宣传栏",
        "近几年来，在街道关工委的指导下，充分发挥五老人员作用。",
        "积极开展了“崇尚科学，破除迷信”讲座：效果良好。",
    ):
        assert expected in text
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?()\"'][\u4e00-\u9fff]", text)


# --- a count of the activities listed is no statistic ------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_few_activities_listed_give_no_count(family: str) -> None:
    data = {**_bare(family), "activities": [{"title": "健康知识讲座", "kind": "讲座"}]}
    doc = make(data)
    assert "场次" not in all_text(doc)
    assert "据不完全统计" not in all_text(doc)
    # liuhao: a count of the list alone makes no 成效好 part.
    assert all("成效" not in h for h in headings(doc))


COUNTED = {
    "shengtai": "社区全年共开展生态环保宣传教育活动3场次，生态环保理念日益深入人心。",
    "liuhao": "社区关工委全年围绕法治教育等主题，共组织开展青少年教育活动3场次，"
    "有力促进了辖区青少年的健康成长。",
}


@pytest.mark.parametrize("family", FAMILIES)
def test_a_count_of_three_activities_listed_is_stated_plainly(family: str) -> None:
    lectures = [{"title": f"第{n}期讲座", "kind": "讲座"} for n in range(1, 4)]
    data = {**_bare(family), "activities": lectures}
    if family == "liuhao":
        data["figures"] = {"topics": ["法治教育"]}  # the 成效好 part needs a fact of its own
    doc = make(data)
    counts = [p for p in paragraphs(doc) if "场次" in p]
    assert counts == [COUNTED[family]]
    assert_reads_clean(doc)
    # With figures the data gives, those alone are the statistics.
    data["figures"] = {**data.get("figures", {}), "materials": 300}
    text = all_text(make(data))
    assert "3场次。据不完全统计，全年发放" in text
    assert "据不完全统计，社区" not in text


# --- stock text asserts nothing the data lacks -------------------------------------------------


def test_shengtai_without_funding_raises_no_money() -> None:
    items = [{"name": "污水处理站", "action": "新建", "count": 4, "unit": "座"}, {"name": "河道"}]
    doc = make({**_bare("shengtai"), "facilities": {"items": items}})
    text = all_text(doc)
    assert "筹措资金" not in text and "集中用于" not in text and "资金投入" not in text
    assert headings(doc) == ["一、完善环境基础设施，改善人居环境"]
    assert "社区着力加强环境基础设施建设：一是新建污水处理站4座；二是建有河道。" in text
    funded = make({**_bare("shengtai"), "facilities": {"funding": {"grants": "10万"}}})
    assert headings(funded) == ["一、加大资金投入，完善环境基础设施"]
    assert "社区积极争取上级专项资金10万元，集中用于环境基础设施建设和环境综合整治。" in all_text(
        funded
    )


def test_liuhao_opening_secures_only_the_areas_the_data_tells_of() -> None:
    assert "予以保证" not in all_text(make(_bare("liuhao")))
    data = {**_bare("liuhao"), "organisation": {"leading_group": {"leader": "王兰"}}}
    assert "以青少年理想信念和思想道德教育为重点，从组织建设方面予以保证，" in all_text(make(data))
    data["facilities"] = {"funding": {"grants": 8000}}
    assert "从组织建设和经费投入方面予以保证" in all_text(make(data))


def test_liuhao_speaks_of_wulao_teams_only_where_there_are_some() -> None:
    teams = [{"name": "青年志愿者服务队"}]
    activities = [{"title": "读书会", "kind": "其他"}, {"title": "法治讲座", "kind": "讲座"}]
    data = {**_bare("liuhao"), "organisation": {"teams": teams}, "activities": activities}
    text = all_text(make(data))
    assert "组建了青年志愿者服务队，关工委组织网络不断健全。" in text
    assert "独特作用" not in text and "组织“五老”志愿者" not in text
    for name in ("老干部宣讲团", "“五老”志愿服务队"):
        data["organisation"] = {"teams": [{"name": name}]}
        text = all_text(make(data))
        assert "充分发挥“五老”在关心下一代工作中的独特作用" in text
        assert "组织“五老”志愿者开展了" in text


@pytest.mark.parametrize(
    ("participation", "expected"),
    [
        ({"volunteers": 45}, "社区关工委发动关心下一代志愿者45名，积极参与青少年教育工作。"),
        (
            {"volunteers": 45, "methods": ["利用家长学校普及家庭教育知识"]},
            "社区关工委发动关心下一代志愿者45名，利用家长学校普及家庭教育知识。",
        ),
        (
            {"methods": ["定期走访", "建立帮教档案"]},
            "社区关工委扎实做好青少年教育工作：一是定期走访；二是建立帮教档案。",
        ),
    ],
    ids=["volunteers", "one method", "methods"],
)
def test_liuhao_without_partner_units_claims_no_joint_work(
    participation: dict, expected: str
) -> None:
    doc = make({**_bare("liuhao"), "participation": participation})
    text = all_text(doc)
    assert expected in text
    assert "共同" not in text and "学校、家庭" not in text and "结对共建" not in text
    assert_reads_clean(doc)


@pytest.mark.parametrize("family", FAMILIES)
def test_activities_of_one_kind_are_not_called_various(family: str) -> None:
    one = make({**_bare(family), "activities": [{"title": "法治讲座", "kind": "讲座"}]})
    two = [{"title": "法治讲座", "kind": "讲座"}, {"title": "安全讲座", "kind": "讲座"}]
    same_kind = make({**_bare(family), "activities": two})
    for doc in (one, same_kind):
        assert "形式多样" not in all_text(doc) and "各类" not in all_text(doc)
        assert_reads_clean(doc)
    mixed = [*two, {"title": "环保宣传", "kind": "宣传"}]
    assert "形式多样" in all_text(make({**_bare(family), "activities": mixed}))


@pytest.mark.parametrize("family", FAMILIES)
def test_shortcomings_with_the_general_commitment_are_headed_with_what_comes_next(
    family: str,
) -> None:
    doc = make({**_bare(family), "closing": {"problems": ["场地偏小"]}})
    assert headings(doc) == ["一、存在的问题和下一步打算"]
    assert paragraphs(doc)[-1].startswith("今后，城里社区")
    plans_only = make({**_bare(family), "closing": {"plans": ["扩建活动室"]}})
    assert headings(plans_only) == ["一、下一步打算"]


# --- a secretary's ！？…… before the template's own punctuation ----------------------------------

# A mark that ends the user's text, then one the template added.
CLASHING_ENDS = re.compile(r"[！？!?…⋯]+[。；，、：]|\.\.\.[。；，、：]")
EXTRA_ENDS = ["效果很好！", "还能做得更好吗？", "未完待续……", "等等..."]


@pytest.mark.parametrize("family", ["kepu", *FAMILIES])
@pytest.mark.parametrize("many", [False, True], ids=["one each", "several"])
def test_user_text_ending_with_exclamation_question_or_ellipsis(family: str, many: bool) -> None:
    def items(*texts: str) -> list[str]:
        return list(texts) if many else [texts[0]]

    data = {
        **_bare(family),
        "participation": {"methods": items("入户宣传！", "设立咨询台……")},
        "closing": {
            "experience": items("只有贴近居民，工作才有生命力！", "坚持就有收获……"),
            "problems": items("经费不足！", "人手少…", "场地小..."),
            "plans": items("做好下一步工作？", "扩建活动室！"),
        },
        "sections": {
            group: {"extra": EXTRA_ENDS}
            for group in ("organisation", "facilities", "activities", "participation")
        },
    }
    doc = make(data)
    text = all_text(doc)
    assert CLASHING_ENDS.search(text) is None, CLASHING_ENDS.search(text)
    # A paragraph of the secretary's own keeps its mark and gets no 。 after it.
    assert paragraphs(doc).count("效果很好！") == 4
    for end in EXTRA_ENDS[1:]:
        assert end in paragraphs(doc)
    assert "经费不足" in text and "做好下一步工作" in text
    if many:
        assert "一是经费不足；二是人手少；三是场地小。" in text
    else:
        assert "主要是经费不足。" in text
        assert "做好下一步工作。" in text or "做好下一步工作，" in text


@pytest.mark.parametrize("family", FAMILIES)
def test_a_series_quotes_each_title_by_one_rule(family: str) -> None:
    shows = [
        {"title": "迎新春联欢会", "kind": "文艺演出"},
        {"title": "同度中秋、迎国庆", "kind": "文艺演出"},
        {"title": "义务植树活动", "kind": "其他"},
    ]
    text = all_text(make({**_bare(family), "activities": shows}))
    # Plain names bare, the slogan quoted; those with nothing but a name share their verb.
    assert "：举办了迎新春联欢会和“同度中秋、迎国庆”文艺演出；开展了义务植树活动。" in text
    assert "一是" not in text


@pytest.mark.parametrize("family", FAMILIES)
def test_one_figure_of_the_opening_has_a_verb(family: str) -> None:
    for community, expected in (
        ({"households": 3185}, "城里社区辖区内有居民3185户。"),
        ({"population": "8600余"}, "城里社区现有人口8600余人。"),
    ):
        data = {**_bare(family), "community": {"name": "城里社区", **community}}
        assert paragraphs(make(data))[0] == expected


def test_shengtai_wording() -> None:
    doc = make(load_example("shengtai"))
    text = all_text(doc)
    # The opening names the creation once, not as 载体 and again as 创建工作, and in the
    # title's own words (省级生态社区).
    assert paragraphs(doc)[1].count("省级生态社区") == 1
    assert "生态示范社区" not in text
    assert "发动环保志愿者320名" in text
    assert "开展讲座、宣传等生态环保活动达36场次" in text


@pytest.mark.parametrize("family", FAMILIES)
def test_docx_with_the_appendix_has_the_note_before_the_signature(family: str) -> None:
    summary, _ = load_summary(EXAMPLES / EXAMPLE[family])
    doc = render(summary, date=DATE, appendix=True)
    assert_reads_clean(doc)
    assert doc.appendix is not None
    built = docx.Document(io.BytesIO(to_docx(doc)))
    texts = [p.text for p in built.paragraphs if p.text.strip()]
    note = texts.index("附件：2020年活动一览表")
    assert texts[note + 1] == doc.signatory
    table = built.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(doc.appendix.header)
    assert len(table.rows) == 1 + len(doc.appendix.rows)
