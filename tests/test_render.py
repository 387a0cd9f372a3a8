"""The renderer and the kepu templates: structure, numbering, overrides, and prose that never
shows a gap, whatever the data leaves out."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import example_data, full_data, optional_paths, without
from reading import all_text, assert_reads_clean, headings, make, paragraphs
from summary_gen.document import Block, Document, Table
from summary_gen.errors import TemplateError
from summary_gen.writers.markdown import escape, to_markdown

DEFAULT_HEADINGS = {
    "organisation": "领导重视，健全组织机构，把科普工作落到实处",
    # The example gives no amounts of money: its heading promises none (经费投入及时).
    "facilities": "强化科教意识，加强阵地建设",
    "activities": "找准契机，开展“科教进社区”科普宣传活动",
    "participation": "发动一切力量，调动居民参与科普的积极性",
}
# The example's lessons and plans: parts of their own after the four sections.
CLOSING_HEADINGS = ["工作体会", "下一步打算"]
MINIMAL: dict[str, Any] = {"year": 2020, "community": {"name": "城里社区"}}


# --- structure -----------------------------------------------------------------------------


def test_the_example_has_four_numbered_sections_then_its_lessons_and_plans() -> None:
    doc = make(example_data())
    expected = [*DEFAULT_HEADINGS.values(), *CLOSING_HEADINGS]
    assert headings(doc) == [f"{n}、{h}" for n, h in zip("一二三四五六", expected, strict=True)]
    assert doc.title_lines == ("创建科普示范社区工作总结",)
    assert doc.signatory == "兴安街道城里社区居民委员会"
    assert doc.author == doc.signatory
    assert doc.keywords == ("城里社区", "2020年", "工作总结")
    assert doc.appendix is None


@pytest.mark.parametrize("missing", list(DEFAULT_HEADINGS))
def test_a_section_without_data_leaves_no_gap_in_the_numbering(missing: str) -> None:
    data = example_data()
    if missing == "activities":
        data.pop("activities")
        data.pop("figures")
        data.pop("sections")
    else:
        data.pop(missing)
    doc = make(data)
    expected = [h for group, h in DEFAULT_HEADINGS.items() if group != missing]
    expected += CLOSING_HEADINGS
    assert headings(doc) == [f"{n}、{h}" for n, h in zip("一二三四五", expected, strict=True)]


def test_only_one_section_is_numbered_one() -> None:
    data = {**MINIMAL, "participation": {"volunteers": 30}}
    doc = make(data)
    assert headings(doc) == ["一、发动一切力量，调动居民参与科普的积极性"]
    assert "发动志愿者30名" in all_text(doc)


def test_rules_of_work_join_the_organisation_sentence() -> None:
    data = {**MINIMAL, "organisation": {"rules": ["科普工作例会制度", "科普宣传员联系户制度"]}}
    doc = make(data)
    assert headings(doc) == ["一、领导重视，健全组织机构，把科普工作落到实处"]
    assert "建立健全了科普工作例会制度和科普宣传员联系户制度" in all_text(doc)
    assert_reads_clean(doc)


def test_the_network_is_told_by_roles_without_naming_the_bodies_again() -> None:
    text = paragraphs(make(example_data()))[2]
    assert text.endswith(
        "组建了社区科普宣传员队伍和科普志愿者服务队。社区逐步形成了领导小组统筹协调、"
        "科普基地依托支撑、各支科普队伍广泛参与、上下联动的社区科普网络，"
        "有效保证了各项科普工作有条不紊地开展。"
    )
    assert text.count("科普志愿者服务队") == 1
    organisation = {"leading_group": {"name": "科普协会"}, "bases": ["科普活动室"]}
    text = all_text(make({**MINIMAL, "organisation": organisation}))
    assert "形成了科普协会统筹协调、科普阵地依托支撑、上下联动的社区科普网络" in text
    # One kind of member alone makes no network.
    alone = all_text(
        make({**MINIMAL, "organisation": {"teams": [{"name": "甲队"}, {"name": "乙队"}]}})
    )
    assert "网络" not in alone
    assert "组建了甲队和乙队，有效保证了各项科普工作有条不紊地开展。" in alone


def test_heading_override_loses_its_own_numeral_and_full_stop() -> None:
    data = example_data()
    data["sections"] = {
        "organisation": {"heading": "一、加强领导，健全机构。"},
        "facilities": {"heading": "（二）加大投入"},
    }
    doc = make(data)
    assert headings(doc)[:2] == ["一、加强领导，健全机构", "二、加大投入"]


def test_extra_paragraphs_close_their_own_section() -> None:
    data = example_data()
    data["sections"] = {"organisation": {"extra": ["社区还建立了科普工作例会制度", "第二段。"]}}
    body = make(data).body
    first = next(i for i, b in enumerate(body) if b.text.startswith("一、"))
    second = next(i for i, b in enumerate(body) if b.text.startswith("二、"))
    assert [b.text for b in body[second - 2 : second]] == [
        "社区还建立了科普工作例会制度。",  # a secretary's line gets its full stop
        "第二段。",
    ]
    assert first < second - 2


def test_a_section_with_only_extra_still_appears_with_its_default_heading() -> None:
    data = {**MINIMAL, "sections": {"facilities": {"extra": ["社区新建了科普长廊。"]}}}
    doc = make(data)
    assert headings(doc) == ["一、强化科教意识，加强阵地建设"]
    index = [b.text for b in doc.body].index("一、强化科教意识，加强阵地建设")
    assert doc.body[index + 1].text == "社区新建了科普长廊。"
    assert len(doc.body) == index + 1 + 1 + 1  # the extra, then the closing commitment
    assert "汇报如下：" in doc.body[0].text


def test_level_two_headings_are_numbered_under_each_level_one(tmp_path: Path) -> None:
    (tmp_path / "summary.j2").write_text(
        "@title 标题\n@h1 甲\n@h2 子一\n@p 内容。\n@h2 子二。\n@p 内容。\n"
        "@h1 空的\n@h2 也空\n@h1 乙\n@h2 子三\n@p 内容。\n",
        encoding="utf-8",
    )
    doc = make(MINIMAL, template_dirs=[tmp_path])
    assert [b.text for b in doc.body if b.kind != "paragraph"] == [
        "一、甲",
        "（一）子一",
        "（二）子二",
        "二、乙",
        "（一）子三",
    ]


# --- the minimal data file -----------------------------------------------------------------


def test_the_minimal_data_file_still_reads_as_a_short_summary() -> None:
    doc = make(MINIMAL)
    assert doc.title == "创建科普示范社区工作总结"
    assert headings(doc) == []
    texts = paragraphs(doc)
    assert len(texts) == 2
    assert texts[0].startswith("2020年，")
    assert "城里社区" in texts[0]
    assert "如下" not in texts[0]  # promises no report that does not follow
    assert texts[1].startswith("今后，城里社区将")
    assert doc.signatory == "城里社区居民委员会"
    assert doc.date_text == "2021年1月15日"
    assert_reads_clean(doc)


# --- no gap, whatever is missing -----------------------------------------------------------


FULL_PATHS = list(optional_paths(full_data()))


def test_the_full_data_set_uses_every_key_and_reads_clean() -> None:
    doc = make(full_data(), appendix=True)
    assert_reads_clean(doc)
    text = all_text(doc)
    for expected in (
        "辖区内居民2600多户，人口8600余人，总面积1.2平方公里，居民小区12个",
        "由社区主任王国亮担任组长",
        "配备一名委员专职负责科普工作",
        "组建了社区科普宣传员队伍（12人）和科普志愿者服务队（30余人）",
        "社区通过自筹经费5000元、争取上级扶持资金1.2万元",
        "内容涵盖“生活小窍门”“卫生知识”“健康园地”等",
        "购置了300余册科普书刊杂志",
        "增设了一套室外健身器材",
        # More than five clauses: a paragraph for each group. Items with nothing but a name
        # share a clause; one with details has its own; slogans quoted, plain names bare.
        "社区通过讲座、培训普及科学知识：举办了“崇尚科学，破除迷信”专题讲座、健康知识讲座和"
        "青少年法制培训；举办了“遵章守纪是根本，确保安全靠个人”专题讲座，增强居民的安全意识。",
        "社区通过宣传营造崇尚科学的良好氛围：开展了“婚育新风进万家”宣传活动，",
        "社区还开展了参观、竞赛等活动：5月12日，联合辖区中学举办了防灾减灾知识竞赛，"
        "提高居民的防灾避险能力，约80名居民代表参加；此外，组织了“走进消防中队，远离火灾隐患”"
        "参观活动，普及消防安全知识；开展了“学雷锋、讲文明、除陋习、见行动”主题活动。",
        "社区还重视青少年的科普教育：7月，举办了“少儿科学小实验”培训，40名辖区少年儿童参加；"
        "此外，面向青少年开展了暑期科普活动，",
        "充分利用春节、中秋节、国庆节、重阳节等重要节日，开展了群众性文艺活动：10月25日，"
        "举办了重阳敬老文艺汇演；此外，举办了迎新春联欢会和“同度中秋、迎国庆”文艺演出。",
        "组织培训、讲座、宣传、竞赛、参观、文艺演出等科普活动达20场次以上，"
        "发放各类科普宣传材料40000份，接受咨询服务的群众达15000人次，绿化覆盖率达38.5%",
        "发动志愿者40余名，联合辖区中学、市消防中队等共建单位",
        "我们的工作还存在一些不足：一是科普活动场地面积偏小；二是居民参与的广度还不够。",
        "下一步，我们将重点做好以下工作：一是",
    ):
        assert expected in text
    assert headings(doc) == [
        "一、加强组织领导",
        "二、加强阵地建设",
        "三、开展科普活动",
        "四、发动居民参与",
        "五、工作体会",
        "六、存在的问题和下一步打算",
    ]


@pytest.mark.parametrize("path", FULL_PATHS, ids=lambda p: ".".join(map(str, p)))
def test_dropping_any_one_key_leaves_no_gap(path: tuple[Any, ...]) -> None:
    doc = make(without(full_data(), path), appendix=True)
    assert_reads_clean(doc)


GROUPS = ["organisation", "facilities", "activities", "figures", "participation", "closing"]


@pytest.mark.parametrize("group", GROUPS)
def test_one_group_alone_reads_clean(group: str) -> None:
    full = full_data()
    data = {**MINIMAL, group: full[group]}
    doc = make(data, appendix=True)
    assert_reads_clean(doc)
    if group not in ("closing",):
        assert len(headings(doc)) == 1
        assert headings(doc)[0].startswith("一、")


@pytest.mark.parametrize("path", FULL_PATHS, ids=lambda p: ".".join(map(str, p)))
def test_one_key_alone_reads_clean(path: tuple[Any, ...]) -> None:
    """The minimal file plus one key of the full data set (and what it needs to be valid)."""
    source = full_data()
    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    target, origin = data, source
    for key in path[:-1]:
        origin = origin[key]
        if isinstance(key, int):
            return  # a list item's field alone: covered by dropping keys
        target = target.setdefault(key, {} if isinstance(origin, dict) else [])
        if isinstance(target, list):
            return
    last = path[-1]
    if isinstance(last, int):
        return
    target[last] = copy.deepcopy(origin[last])
    assert_reads_clean(make(data, appendix=True))


# --- the opening, the figures, the prose details --------------------------------------------


@pytest.mark.parametrize(
    ("community", "expected"),
    [
        ({"location": "城区市中心"}, "城里社区位于城区市中心。"),
        ({"households": 3185}, "城里社区辖区内有居民3185户。"),
        ({"population": "8600余"}, "城里社区现有人口8600余人。"),
        (
            {"location": "县城东南部", "households": 3185, "population": 13600, "area_km2": 45},
            "城里社区位于县城东南部，辖区内居民3185户，人口13600人，总面积45平方公里。",
        ),
        (
            {"extra": [{"label": "行政村", "value": 13, "unit": "个"}]},
            "城里社区行政村13个。",
        ),
    ],
)
def test_the_opening_states_only_the_facts_given(community: dict, expected: str) -> None:
    data = {"year": 2020, "community": {"name": "城里社区", **community}}
    assert paragraphs(make(data))[0] == expected


def test_the_street_office_guides_only_where_a_street_is_given() -> None:
    with_street = make({"year": 2020, "community": {"name": "城里社区", "street": "兴安街道"}})
    assert "在兴安街道办事处的正确指导下，城里社区" in paragraphs(with_street)[0]
    assert "指导" not in paragraphs(make(MINIMAL))[0]


@pytest.mark.parametrize("street", ["城关镇", "白塔乡"])
def test_a_township_leads_through_its_party_committee_and_government(street: str) -> None:
    # 党委、政府的正确领导 is the genre's phrase for a township, not 在……镇的正确指导下.
    town = make({"year": 2020, "community": {"name": "城关社区", "street": street}})
    assert f"在{street}党委、政府的正确领导下，城关社区" in paragraphs(town)[0]
    assert f"在{street}的正确指导下" not in all_text(town)


@pytest.mark.parametrize(
    ("funding", "expected"),
    [
        (
            {"self_raised": 5000, "grants": 10000},
            "社区通过自筹经费5000元、争取上级扶持资金10000元，",
        ),
        ({"self_raised": "5000余"}, "社区自筹经费5000余元，"),
        ({"grants": "1.2万"}, "社区争取上级扶持资金1.2万元，"),
        ({}, "社区多措并举，"),
    ],
)
def test_the_funding_sentence_says_only_what_is_given(funding: dict, expected: str) -> None:
    data = {**MINIMAL, "facilities": {"funding": funding, "items": [{"name": "宣传栏"}]}}
    text = paragraphs(make(data))[1]
    assert expected in text
    assert text.endswith("不断完善科普宣传设施建设，配有宣传栏。")


def test_the_facilities_heading_promises_funding_only_where_the_data_tells_of_it() -> None:
    items = {"items": [{"name": "宣传栏"}]}
    assert headings(make({**MINIMAL, "facilities": items})) == ["一、强化科教意识，加强阵地建设"]
    assert headings(make({**MINIMAL, "facilities": {**items, "funding": {"grants": 5000}}})) == [
        "一、强化科教意识，经费投入及时，加强阵地建设"
    ]


def test_activities_of_one_kind_are_not_called_various() -> None:
    lectures = [{"title": "健康讲座", "kind": "讲座", "description": "讲解常见病预防"}]
    lectures.append({"title": "安全讲座", "kind": "讲座", "description": "讲解用电安全"})
    text = all_text(make({**MINIMAL, "activities": lectures}))
    assert "一年来，社区积极开展科普活动：举办了健康讲座" in text
    assert "各类" not in text
    mixed = [*lectures, {"title": "义诊", "kind": "咨询", "description": "免费测量血压"}]
    assert "一年来，社区积极开展各类科普活动：" in all_text(make({**MINIMAL, "activities": mixed}))


def test_one_facility_is_not_enumerated() -> None:
    data = {
        **MINIMAL,
        "facilities": {"items": [{"name": "健身器材", "action": "增设", "count": 2, "unit": "套"}]},
    }
    assert "建设，增设了两套健身器材。" in all_text(make(data))


def test_the_figures_sentence() -> None:
    data = {
        **MINIMAL,
        "activities": [
            {"title": "健康知识讲座", "kind": "讲座"},
            {"title": "义诊", "kind": "咨询"},
        ],
        "figures": {"materials": 500},
    }
    text = all_text(make(data))
    # No events given: two activities listed are no statistic, and no count is written.
    assert "据不完全统计，社区全年发放各类科普宣传材料500份。" in text
    assert "场次" not in text
    data["figures"] = {"events": "约30", "topics": ["健康教育", "环保"]}
    text = all_text(make(data))
    assert "以健康教育、环保等为内容，组织讲座、咨询等科普活动约30场次。" in text
    data["figures"] = {"topics": ["健康教育"]}
    data.pop("activities")
    assert "社区全年以健康教育等为主要内容开展科普宣传教育。" in all_text(make(data))


def test_a_count_of_the_activities_listed_is_no_statistic() -> None:
    one = make({**MINIMAL, "activities": [{"title": "健康知识讲座", "kind": "讲座"}]})
    assert "场次" not in all_text(one)
    assert "据不完全统计" not in all_text(one)
    lectures = [{"title": f"第{n}期健康知识讲座", "kind": "讲座"} for n in range(1, 4)]
    three = paragraphs(make({**MINIMAL, "activities": lectures}))
    counts = [p for p in three if "场次" in p]
    # Stated as counted, without a claim of more (据不完全统计, 等, 各类).
    assert counts == ["社区全年共开展科普活动3场次。"]
    given = {"materials": 500, "topics": ["健康教育"]}
    data = {**MINIMAL, "activities": lectures, "figures": given, "participation": {"volunteers": 5}}
    doc = make(data)
    assert (
        "社区全年以健康教育等为内容，共开展科普活动3场次。"
        "据不完全统计，全年发放各类科普宣传材料500份。"
    ) in paragraphs(doc)
    assert len(headings(doc)) == 2  # the next part still starts a block of its own
    assert_reads_clean(doc)


def test_detailed_activities_get_their_own_clause() -> None:
    data = {
        **MINIMAL,
        "activities": [
            {"title": "健康知识讲座", "kind": "讲座"},
            {"title": "安全知识讲座", "kind": "讲座"},
            {"title": "义诊", "kind": "咨询", "date": "2020-03-05", "participants": "约500"},
        ],
    }
    text = all_text(make(data))
    # The dated one first, led by its date; then the two told by name alone, in one clause.
    assert (
        "一年来，社区积极开展各类科普活动：3月5日，开展了义诊，约500名居民参加；"
        "此外，举办了健康知识讲座和安全知识讲座。"
    ) in text


def test_items_of_a_group_share_one_clause_and_one_verb() -> None:
    data = {
        **MINIMAL,
        "activities": [
            {"title": "健康讲座", "kind": "讲座", "description": "讲解常见病的预防"},
            {"title": "急救培训", "kind": "培训"},
            {"title": "防诈骗讲座", "kind": "讲座"},
        ],
    }
    text = all_text(make(data))
    # The lecture with a description gets a clause of its own, so the description is plainly
    # its own and not the whole list's; the same verb twice takes no 还.
    assert (
        "一年来，社区积极开展各类科普活动：举办了健康讲座，讲解常见病的预防；举办了急救培训和防诈骗讲座。"
    ) in text


def test_one_rule_quotes_the_titles_of_a_series() -> None:
    # A plain name stays bare beside a quoted slogan: each title by the same rule.
    shows = [
        {"title": "迎新春联欢会", "kind": "文艺演出"},
        {"title": "同度中秋、迎国庆", "kind": "文艺演出", "date": "2020-09-30"},
    ]
    text = all_text(make({**MINIMAL, "activities": shows}))
    assert "9月30日，举办了“同度中秋、迎国庆”文艺演出；此外，举办了迎新春联欢会。" in text
    assert "“迎新春联欢会”" not in text


def test_a_young_peoples_activity_is_led_by_its_date() -> None:
    camp = {"title": "暑期科普夏令营", "audience": "青少年", "date": "2020-07-15"}
    text = all_text(make({**MINIMAL, "activities": [camp]}))
    assert "7月15日，社区面向青少年开展了暑期科普夏令营。" in text
    assert "暑假期间" not in text


def test_a_single_activity_is_one_clause() -> None:
    data = {**MINIMAL, "activities": [{"title": "健康知识讲座", "kind": "讲座"}]}
    assert "一年来，社区积极开展科普活动：举办了健康知识讲座。" in all_text(make(data))


def test_performances_name_the_festivals_their_titles_mention() -> None:
    data = {
        **MINIMAL,
        "activities": [
            {"title": "迎新春联欢会", "kind": "文艺演出"},
            {"title": "同度中秋、迎国庆", "kind": "文艺演出"},
        ],
    }
    assert (
        "社区充分利用春节、中秋节、国庆节等重要节日，举办了迎新春联欢会和“同度中秋、迎国庆”文艺演出。"
    ) in all_text(make(data))
    data["activities"] = [{"title": "广场舞展演", "kind": "文艺演出"}]
    assert "社区还举办了广场舞展演。" in all_text(make(data))


def test_closing_parts_each_where_given() -> None:
    data = {
        **MINIMAL,
        "participation": {"volunteers": 30},
        "closing": {"experience": ["只有贴近居民，科普才有生命力。"], "problems": ["场地偏小"]},
    }
    body = [(b.kind, b.text) for b in make(data).body]
    # The lessons and the shortcomings each have a part of their own, never inside a part about
    # something else; the general commitment (no plans given) ends the last.
    assert body[-5] == ("heading1", "二、工作体会")
    assert body[-4][1].endswith("我们深深体会到，只有贴近居民，科普才有生命力。")
    assert body[-3] == ("heading1", "三、存在的问题和下一步打算")
    assert body[-2] == (
        "paragraph",
        "对照科普示范社区的创建标准，我们的工作还存在一些不足，主要是场地偏小。",
    )
    assert body[-1][1].startswith("今后，城里社区将继续")
    data["closing"]["plans"] = ["坚持“科教进社区”活动经常化、制度化"]
    body = [(b.kind, b.text) for b in make(data).body]
    assert body[-3][1] == "三、存在的问题和下一步打算"
    assert body[-1][1] == "下一步，我们将坚持“科教进社区”活动经常化、制度化。"
    # Without shortcomings, the plans still have a part of their own.
    data["closing"].pop("problems")
    assert headings(make(data)) == [
        "一、发动一切力量，调动居民参与科普的积极性",
        "二、工作体会",
        "三、下一步打算",
    ]
    # Without lessons or plans, the general commitment follows the last part, unheaded.
    data["closing"] = {}
    doc = make(data)
    assert headings(doc) == ["一、发动一切力量，调动居民参与科普的积极性"]
    assert paragraphs(doc)[-1].startswith("今后，城里社区将继续")


# --- title, signatory, date, appendix --------------------------------------------------------


def test_title_signatory_and_date() -> None:
    data = {
        **MINIMAL,
        "title": "兴安街道城里社区2020年创建科普示范社区工作总结",
        "signatory": "中共城里社区委员会",
    }
    doc = make(data)
    assert doc.title_lines == ("兴安街道城里社区2020年", "创建科普示范社区工作总结")
    assert doc.signatory == doc.author == "中共城里社区委员会"
    # The file's own date wins over the date the caller passes.
    dated = make({**MINIMAL, "date": "2021-03-03"}, date=dt.date(2022, 5, 6))
    assert (dated.date, dated.date_text) == (dt.date(2021, 3, 3), "2021年3月3日")
    village = make({"year": 2020, "community": {"name": "城关村", "street": "城关镇"}})
    assert village.signatory == "城关镇城关村村民委员会"


def test_appendix_lists_the_activities_with_empty_cells_marked() -> None:
    doc = make(full_data(), appendix=True)
    assert doc.appendix is not None
    assert doc.appendix.title == "附件：2020年活动一览表"
    assert doc.appendix.header == ("序号", "活动名称", "类型", "日期", "参与人数")
    assert doc.appendix.rows[0] == ("1", "崇尚科学，破除迷信", "讲座", "—", "—")
    # One activity's participants are people (约80人), not 人次, as in the text (约80名).
    assert doc.appendix.rows[-3] == ("11", "防灾减灾知识竞赛", "竞赛", "2020年5月12日", "约80人")
    assert doc.appendix.rows[-2][3] == "2020年7月"
    assert make(MINIMAL, appendix=True).appendix is None
    assert make(full_data()).appendix is None


def test_the_body_ends_with_the_attachment_note() -> None:
    # GB/T 9704 7.3.4: the note follows the text, before the signature, with no full stop.
    doc = make(example_data(), appendix=True)
    assert doc.body[-1] == Block("paragraph", "附件：2020年活动一览表")
    assert doc.body[-2].text.startswith("下一步，我们将")
    assert (
        "贡献。\n\n附件：2020年活动一览表\n\n兴安街道城里社区居民委员会\n\n2021年3月3日\n\n"
        "## 附件：2020年活动一览表\n"
    ) in to_markdown(doc)
    for no_appendix in (make(example_data()), make(MINIMAL, appendix=True)):
        assert all(not b.text.startswith("附件") for b in no_appendix.body)


def test_appendix_leaves_out_columns_the_data_leaves_empty() -> None:
    doc = make(example_data(), appendix=True)  # no dates, no participants
    assert doc.appendix is not None
    assert doc.appendix.header == ("序号", "活动名称", "类型")
    assert doc.appendix.rows[0] == ("1", "崇尚科学，破除迷信", "讲座")
    data = {**MINIMAL, "activities": [{"title": "读书会"}, {"title": "义诊", "date": "2020-05"}]}
    table = make(data, appendix=True).appendix
    assert table is not None
    assert table.header == ("序号", "活动名称", "日期")  # no kind given: no 类型 column
    assert table.rows == (("1", "读书会", "—"), ("2", "义诊", "2020年5月"))


# --- data stays data ---------------------------------------------------------------------------


def test_template_syntax_and_markers_in_data_stay_literal() -> None:
    data = {
        "year": 2020,
        "community": {"name": "{{ 7*7 }}社区", "location": "{% if x %}"},
        "activities": [{"title": "@h1 x", "kind": "讲座"}, {"title": "@p 注入", "kind": "其他"}],
        "sections": {"activities": {"extra": ["第一行\n@h1 注入的标题"]}},
    }
    doc = make(data)
    text = all_text(doc)
    assert "{{ 7*7 }}社区位于{% if x %}。" in text
    assert "49" not in text
    assert headings(doc) == [f"一、{DEFAULT_HEADINGS['activities']}"]
    assert "“@h1 x”专题讲座" in text
    assert "第一行@h1 注入的标题。" in text  # a line break in data cannot start a block


def test_spaces_inside_data_are_kept_and_layout_space_is_not() -> None:
    data = {**MINIMAL, "community": {"name": "Sunny Side 社区"}}
    assert "Sunny Side 社区立足自身实际" in all_text(make(data))


MARKDOWN_NAMES = {
    "name": "*城里*社区",
    "street": "# 兴安",
    "location": "a|b",
}


def test_markdown_special_names_do_not_create_structure() -> None:
    data = {
        "year": 2020,
        "title": "- 标题 # 不是",
        "community": MARKDOWN_NAMES,
        "organisation": {"leading_group": {"leader": "_王_", "leader_role": "<b>主任</b>"}},
        "activities": [
            {"title": "[x](y)", "kind": "讲座"},
            {"title": "`code` | 表格", "kind": "宣传", "participants": 5},
            {"title": "1. 第一", "kind": "其他", "description": "> 引用 ~删除~ &amp;"},
        ],
        "sections": {"participation": {"extra": ["- 列表", "+ 加号", "1) 编号", "| a | b |"]}},
    }
    doc = make(data, appendix=True)
    markdown = to_markdown(doc)
    lines = markdown.split("\n")
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    hashes = [line for line in lines if line.startswith("#")]
    assert hashes == [
        f"# {escape(doc.title)}",
        *(f"## {escape(h)}" for h in headings(doc)),
        "## 附件：2020年活动一览表",
    ]
    appendix_at = lines.index("## 附件：2020年活动一览表")
    assert all(not line.startswith("|") for line in lines[:appendix_at])
    table = [line for line in lines[appendix_at:] if line.startswith("|")]
    assert len(table) == 2 + len(data["activities"])
    assert doc.appendix is not None
    columns = len(doc.appendix.header)
    assert all(re.sub(r"\\\|", "", line).count("|") == columns + 1 for line in table)
    for line in lines:
        assert not re.match(r"^(?:[-+>]|\d+[.)]|\s{4})", line), line
    # Unescaping gives the text back: nothing was lost or changed.
    paragraph_lines = [line for line in lines[:appendix_at] if line and not line.startswith("#")]
    assert [re.sub(r"\\(.)", r"\1", line) for line in paragraph_lines] == [
        *paragraphs(doc),
        doc.signatory,
        doc.date_text,
    ]


# --- templates ------------------------------------------------------------------------------


def test_an_undefined_name_in_a_template_fails(tmp_path: Path) -> None:
    (tmp_path / "summary.j2").write_text("@title 标题\n@p 开头\n{{ no_such_name }}\n", "utf-8")
    with pytest.raises(TemplateError) as caught:
        make(MINIMAL, template_dirs=[tmp_path])
    assert "no_such_name" in str(caught.value)
    assert caught.value.line == 3


def test_a_template_printing_none_fails(tmp_path: Path) -> None:
    (tmp_path / "summary.j2").write_text("@title 标题\n@p {{ community.street }}\n", "utf-8")
    with pytest.raises(TemplateError, match="None"):
        make(MINIMAL, template_dirs=[tmp_path])


def test_a_filter_given_nothing_fails_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "summary.j2").write_text(
        "@title 标题\n@p 人口{{ community.population|qty('人') }}\n", "utf-8"
    )
    with pytest.raises(TemplateError) as caught:
        make(MINIMAL, template_dirs=[tmp_path])
    assert caught.value.line == 2


def test_a_user_folder_overrides_one_part_only(tmp_path: Path) -> None:
    (tmp_path / "closing.j2").write_text("@p 这是{{ community.name }}自己的结尾。\n", "utf-8")
    doc = make(example_data(), template_dirs=[tmp_path])
    assert paragraphs(doc)[-1] == "这是城里社区自己的结尾。"
    assert len(headings(doc)) == 4


def test_a_user_family_in_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "summary.j2").write_text("@title 我的总结\n@p 内容。\n", "utf-8")
    doc = make({**MINIMAL, "template": "mine"}, template_dirs=[tmp_path])
    assert doc.title == "我的总结"
    doc = make(MINIMAL, template_dirs=[tmp_path], family="mine")
    assert doc.title == "我的总结"
    # The file's template wins over the family argument.
    doc = make({**MINIMAL, "template": "kepu"}, template_dirs=[tmp_path], family="mine")
    assert doc.title == "创建科普示范社区工作总结"


@pytest.mark.parametrize("family", ["nosuch", "../kepu", "kepu/../kepu"])
def test_an_unknown_or_unsafe_family_is_refused(family: str) -> None:
    with pytest.raises(TemplateError):
        make(MINIMAL, family=family)


def test_template_layout_space_is_dropped_but_latin_spacing_kept(tmp_path: Path) -> None:
    (tmp_path / "summary.j2").write_text(
        "@title 标题\n@p 依据 GB/T 9704 排版，\n    {% if true %}\n    社区 {{ community.name }} 。\n"
        "    {% endif %}\n",
        "utf-8",
    )
    doc = make({**MINIMAL, "community": {"name": "Sunny Side"}}, template_dirs=[tmp_path])
    assert paragraphs(doc) == ["依据GB/T 9704排版，社区Sunny Side。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 列表", "\\- 列表"),
        ("+ 加号", "\\+ 加号"),
        ("1. 编号", "1\\. 编号"),
        ("12) 编号", "12\\) 编号"),
        ("中间的 - 和 1. 不变", "中间的 - 和 1. 不变"),
        ("a|b", "a\\|b"),
        (
            "*x* _y_ `z` [a](b) <b> # ~ & \\",
            "\\*x\\* \\_y\\_ \\`z\\` \\[a\\](b) \\<b\\> \\# \\~ \\& \\\\",
        ),
        ("两行\n# 不是标题", "两行 \\# 不是标题"),
    ],
)
def test_markdown_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_markdown_layout_of_a_document() -> None:
    doc = Document(
        title_lines=("兴安街道城里社区2020年", "创建科普示范社区工作总结"),
        body=(
            Block("paragraph", "开头。"),
            Block("heading1", "一、标题"),
            Block("heading2", "（一）小标题"),
            Block("paragraph", "内容。"),
        ),
        signatory="城里社区居民委员会",
        date=dt.date(2021, 3, 3),
        date_text="2021年3月3日",
        appendix=Table("附件：表", ("序号", "名称"), (("1", "a|b"),)),
    )
    assert to_markdown(doc) == (
        "# 兴安街道城里社区2020年创建科普示范社区工作总结\n\n开头。\n\n## 一、标题\n\n"
        "### （一）小标题\n\n内容。\n\n城里社区居民委员会\n\n2021年3月3日\n\n"
        "## 附件：表\n\n| 序号 | 名称 |\n| --- | --- |\n| 1 | a\\|b |\n"
    )


def test_youth_activities_alone_and_after_others() -> None:
    youth = {"title": "科学实验秀", "audience": "小学生", "date": "2020-07-20"}
    alone = all_text(make({**MINIMAL, "activities": [youth]}))
    assert "7月20日，社区面向小学生开展了“科学实验秀”主题活动。" in alone
    lecture = {"title": "健康知识讲座", "kind": "讲座"}
    after = all_text(make({**MINIMAL, "activities": [lecture, youth]}))
    assert "7月20日，社区还面向小学生开展了“科学实验秀”主题活动。" in after


def test_participation_with_one_method_or_several() -> None:
    one = all_text(make({**MINIMAL, "participation": {"methods": ["入户宣传。"]}}))
    assert "为此，我们整合各方力量，深入开展科普宣传，主要做法是入户宣传。" in one
    several = {"methods": ["入户宣传", "设立咨询台"], "volunteers": 12}
    text = all_text(make({**MINIMAL, "participation": several}))
    assert "为此，我们整合各方力量，发动志愿者12名，多渠道开展科普宣传：" in text
    assert "：一是入户宣传；二是设立咨询台。" in text
    # The section says 科普宣传 once of its own, whatever the methods say.
    assert text.count("科普宣传") == 1


@pytest.mark.parametrize("family", ["kepu", "shengtai", "liuhao"])
def test_a_figure_label_joined_with_the_years_figures_stays_data(family: str) -> None:
    # A label and a unit are data however they are joined: beside a figure the template words
    # itself, 0[] was once taken for a placeholder left in the template's own text.
    data = {
        "template": family,
        "year": 2020,
        "community": {"name": "城里社区"},
        "figures": {
            "events": 12,
            "materials": 1,
            "extra": [
                {"label": "调查表[]", "value": 3, "unit": "份"},
                {"label": "满意率", "value": 98, "unit": "%()"},
            ],
        },
    }
    text = all_text(make(data))
    assert "调查表[]达3份" in text and "满意率达98%()" in text
