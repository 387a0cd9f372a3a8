"""Chinese typography of user text: what normalise changes, and what it must leave alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.loading import load_text
from summary_gen.text.typography import excerpt_change, normalise

# Each expected value was written by hand from the rule it illustrates.
CHANGES = [
    # The model document's own sentences, with the half-width punctuation it shows.
    (
        "兴安街道城里社区位于城区市中心,辖区内居民300余户,人口8600余人.",
        "兴安街道城里社区位于城区市中心，辖区内居民300余户，人口8600余人。",
    ),
    ("现将社区科普工作情况汇报如下:", "现将社区科普工作情况汇报如下："),
    (
        "一、领导重视,健全组织机构,把科普工作落到实处。",
        "一、领导重视，健全组织机构，把科普工作落到实处。",
    ),
    (
        "以「生活小窍门」、「卫生知识」、「健康园地」等科普内容张贴其中",
        "以“生活小窍门”、“卫生知识”、“健康园地”等科普内容张贴其中",
    ),
    ("坚持 「科教进社区」活动经常化、制度化", "坚持“科教进社区”活动经常化、制度化"),
    ('积极开展了"崇尚科学,破除迷信"讲座', "积极开展了“崇尚科学，破除迷信”讲座"),
    (
        "xx社区位于xx县东南部,距县城15公里,辖13个行政村,3185户,13600人,总面积45平方公里,"
        "耕地总面积2.4万亩,果园面积1.5万亩。",
        "xx社区位于xx县东南部，距县城15公里，辖13个行政村，3185户，13600人，总面积45平方公里，"
        "耕地总面积2.4万亩，果园面积1.5万亩。",
    ),
    (
        "近几年来,在街道关工委的指导下,充分发挥 五老 人员作用",
        "近几年来，在街道关工委的指导下，充分发挥五老人员作用",
    ),
    # Each mark after a Chinese character.
    ("社区;居委会", "社区；居委会"),
    ("好!", "好！"),
    ("为什么?", "为什么？"),
    ("什么?!", "什么？！"),
    ("时间:10:30", "时间：10:30"),
    # ... or before one (the left side is a number or Latin).
    ("上午10:30,开始签到", "上午10:30，开始签到"),
    ("第1,第2", "第1，第2"),
    ("Hello, 世界", "Hello，世界"),
    # After closing punctuation, before opening punctuation.
    ("（略）,下同", "（略），下同"),
    ("活动,“学雷锋”", "活动，“学雷锋”"),
    # Spaces around a converted mark go.
    ("城区市中心 , 辖区内", "城区市中心，辖区内"),
    # A full stop that ends a Chinese sentence, at the end, before Chinese or a line break.
    ("汇报如下.", "汇报如下。"),
    ("中心. 辖区", "中心。辖区"),
    ("第一句.\n第二句.", "第一句。\n第二句。"),
    ("开展了“学雷锋”活动”.", "开展了“学雷锋”活动”。"),
    # Brackets: Chinese inside, or Chinese right outside.
    ("社区(居委会)", "社区（居委会）"),
    ("(1)加强组织", "（1）加强组织"),
    ("电话(0551-1234567)", "电话（0551-1234567）"),
    ("COVID-19(新冠)", "COVID-19（新冠）"),
    ("社区(说明(一))", "社区（说明（一））"),
    # Straight quotes around Chinese text, or in a Chinese sentence.
    ('"学雷锋"', "“学雷锋”"),
    ('他说"Hello, world"。', "他说“Hello, world”。"),
    ('开展"COVID-19"防控宣传', "开展“COVID-19”防控宣传"),
    ("'你好'", "‘你好’"),
    ("it's '中文' ok", "it's ‘中文’ ok"),
    ("他说\"这是'五老'的作用\"", "他说“这是‘五老’的作用”"),
    # Only the Chinese pair; then the space before “ sits between two Chinese marks and goes.
    ('"Hello" 和 "你好"', '"Hello" 和“你好”'),
    # Corner quotes from the Taiwan conversion.
    ("「外『内』外」", "“外‘内’外”"),
    # Stray spaces between Chinese characters and full-width marks.
    ("社区 居委会", "社区居委会"),
    ("社区\u3000居委会", "社区居委会"),
    ("社区 ，居委会", "社区，居委会"),
    ("发挥 “五老” 作用", "发挥“五老”作用"),
    # A URL followed by Chinese: the comma after it is the sentence's.
    ("网址:http://x.cn/a,b,谢谢", "网址：http://x.cn/a,b，谢谢"),
    # A slogan's pause becomes ， (the whole text, or the whole of a quotation, of phrases that
    # read as its halves); the space of a typing slip goes.
    ("节约用水 从我做起", "节约用水，从我做起"),
    ("小手拉大手 共建美丽家园", "小手拉大手，共建美丽家园"),
    ("遵章守纪是根本 确保安全靠个人", "遵章守纪是根本，确保安全靠个人"),
    ("节约用水\u3000从我做起", "节约用水，从我做起"),
    ("开展“节约用水 从我做起”主题宣传", "开展“节约用水，从我做起”主题宣传"),
    ('开展"节约用水 从我做起"主题宣传', "开展“节约用水，从我做起”主题宣传"),
    ("「学雷锋 讲文明 除陋习 见行动」", "“学雷锋，讲文明，除陋习，见行动”"),
    ("学雷锋 讲文明", "学雷锋，讲文明"),
    ("建设文明社区 共创和谐家园", "建设文明社区，共创和谐家园"),
    # ... and where a space is no slogan's pause, it goes as before: phrases too short or too
    # long, or unequal, names of places or bodies, a title and a name, a space inside a sentence.
    ("爱国 爱家", "爱国爱家"),
    ("城里 社区", "城里社区"),
    ("社区科普 宣传员队伍", "社区科普宣传员队伍"),
    ("组织开展了节约用水 从我做起主题活动", "组织开展了节约用水从我做起主题活动"),
    ("兴安街道 城里社区", "兴安街道城里社区"),
    ("桃溪中心小学 县生态环境局", "桃溪中心小学县生态环境局"),
    ("社区主任 王国亮", "社区主任王国亮"),
    ("王国亮 社区主任", "王国亮社区主任"),
    ("社区多次开展 垃圾分类宣传，效果良好", "社区多次开展垃圾分类宣传，效果良好"),
    ("发挥“五老 作用”", "发挥“五老作用”"),
]

LEAVES = [
    "3.5%",
    "绿化覆盖率3.5%",
    "COVID-19",
    "10:30",
    "上午10:30开始",
    "A栋",
    "A栋3单元",
    "v2.0",
    "使用v2.0版本",
    "http://x.cn/a,b",
    "请访问 http://x.cn/a,b 查看",
    "1,000",
    "共1,000元",
    '"Hello, world"',
    "Hello, world",
    "zhang.san@example.cn",
    "邮箱 zhang.san@example.cn",
    "GB/T 9704-2012",
    "共 300 人",  # a space between Chinese and a number is a style choice
    "社区 A 栋",
    "f(x)",
    "函数f(x)的值",
    "v2.0(beta)",
    "等...",  # an ellipsis is not a full stop
    "1.加强组织",
    "2020-03",
    "2.4万亩",
    "it's",
    "创建科普示范社区，取得了成效。",  # already right
    "“学雷锋”、“讲文明”",
    "",
    # An empty pair would read as a blank left unfilled: it stays as typed.
    "“ ”",
    '体会""',
    "社区()",
]


@pytest.mark.parametrize(("text", "expected"), CHANGES)
def test_changes(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize("text", LEAVES)
def test_leaves_alone(text: str) -> None:
    assert normalise(text) == text


def test_excerpt_of_a_short_text_is_whole() -> None:
    assert excerpt_change("崇尚科学,破除迷信", "崇尚科学，破除迷信") == (
        "崇尚科学,破除迷信",
        "崇尚科学，破除迷信",
    )


def test_excerpt_of_a_long_text_is_the_changed_stretch() -> None:
    before = "一" * 50 + "中心,辖区" + "二" * 30
    after = "一" * 50 + "中心，辖区" + "二" * 30
    assert excerpt_change(before, after) == (
        "……一一一一中心,辖区二二二二……",
        "……一一一一中心，辖区二二二二……",
    )


# Text mixing what the rules look at: Chinese, Latin, digits, marks of both widths, spaces.
_ALPHABET = st.sampled_from(
    list("社区居民科普中心一二")
    + list("abcAZ019")
    + list(",.:;!?()\"' \n")
    + list("，。：“”「」（）\u3000")
    + list("０５９")
)
_MIXED = st.text(_ALPHABET, max_size=40)

# normalise only widens marks, drops spaces (or makes a slogan's pause a ，) and makes full-width
# digits half-width: fold them away, commas with the spaces, and nothing else may differ.
_FOLD = str.maketrans(
    {
        "，": None,
        ",": None,
        "：": ":",
        "；": ";",
        "！": "!",
        "？": "?",
        "。": ".",
        "（": "(",
        "）": ")",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": "'",
        "』": "'",
        " ": None,
        "\t": None,
        "\u3000": None,
        "\u00a0": None,
    }
    | str.maketrans("０１２３４５６７８９", "0123456789")
)


def test_full_width_digits_become_half_width_anywhere() -> None:
    # GB/T 15835: Arabic numerals are half-width; a full-width input method types ０-９.
    assert normalise("居民３００余户，人口８６００余人") == "居民300余户，人口8600余人"
    assert normalise("２０２１-０３-０３") == "2021-03-03"
    assert normalise("１２") == "12"
    # Only the digits: full-width letters, and digits of other scripts, stay as typed.
    assert normalise("ＧＢ１２") == "ＧＢ12"
    assert normalise("第٣项") == "第٣项"


@given(_MIXED)
def test_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(_MIXED)
def test_changes_only_marks_and_spaces(text: str) -> None:
    assert normalise(text).translate(_FOLD) == text.translate(_FOLD)


@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_text_never_changes(text: str) -> None:
    assert normalise(text) == text


# --- user text as the loader reads it ---------------------------------------------------------

DATA = """\
year: 2020
date: 2021-03-03
community:
  name: 城里社区
  households: 2.4万
  population: 8600余
  area_km2: 38.5
activities:
  - title: 崇尚科学,破除迷信
    date: 2020-03
    participants: 300余
closing:
  plans:
    - 坚持 「科教进社区」活动经常化、制度化
"""


def test_loader_normalises_text_and_tells_where() -> None:
    summary, warnings = load_text(DATA, "data.yaml")
    assert summary.activities[0].title == "崇尚科学，破除迷信"
    assert summary.closing.plans == ["坚持“科教进社区”活动经常化、制度化"]
    assert [str(w) for w in warnings] == [
        "data.yaml:9:12: activities[0].title：已规范中文标点：“崇尚科学,破除迷信”→“崇尚科学，破除迷信”",
        "data.yaml:14:7: closing.plans[0]：已规范中文标点："
        "“坚持 「科教进社区」活动经常化、制度化”→“坚持“科教进社区”活动经常化、制度化”",
    ]


def test_loader_leaves_dates_quantities_and_keys_alone() -> None:
    summary, _ = load_text(DATA, "data.yaml")
    assert str(summary.community.households) == "2.4万"
    assert str(summary.community.population) == "8600余"
    assert str(summary.community.area_km2) == "38.5"
    assert str(summary.activities[0].participants) == "300余"
    assert (summary.activities[0].date.year, summary.activities[0].date.month) == (2020, 3)
    assert summary.date == dt.date(2021, 3, 3)


def test_loader_tells_of_a_slogans_pause_made_a_comma() -> None:
    data = "year: 2020\ncommunity:\n  name: 城里社区\nactivities:\n  - title: 节约用水 从我做起\n"
    summary, warnings = load_text(data, "data.yaml")
    assert summary.activities[0].title == "节约用水，从我做起"
    assert [str(w) for w in warnings] == [
        "data.yaml:5:12: activities[0].title：已规范中文标点：“节约用水 从我做起”→“节约用水，从我做起”"
    ]


def test_loader_warns_nothing_for_right_text() -> None:
    _, warnings = load_text("year: 2020\ncommunity:\n  name: 城里社区\n  location: 城区市中心\n")
    assert warnings == []


def test_validate_tells_the_user(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert (
        "activities[0].title：已规范中文标点：“崇尚科学,破除迷信”→“崇尚科学，破除迷信”"
        in result.stderr
    )
