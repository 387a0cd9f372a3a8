"""Bad data files: each kind of mistake gets its own Chinese message, its place and its exit code."""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import summary_gen.loading.decode as decode
import summary_gen.loading.values as values
import summary_gen.loading.yaml_syntax as yaml_syntax
from summary_gen import load
from summary_gen.errors import DataError, Problem, UsageError
from summary_gen.loading import load_text
from summary_gen.templating.families import family_names

FAMILIES = family_names()
"""The built-in families, those a data file's ``template`` may name here."""

MINIMAL = "year: 2020\ncommunity:\n  name: 城里社区\n"


def problems(data: str | bytes) -> list[tuple[int, int, str, str]]:
    """(line, column, path, message) of every problem, checking the exit code on the way."""
    with pytest.raises(DataError) as info:
        load_text(data, "data.yaml", families=FAMILIES)
    assert info.value.exit_code == 1
    assert all(problem.file == "data.yaml" for problem in info.value.problems)
    return [(p.line, p.column, p.path, p.message) for p in info.value.problems]


def problem(data: str | bytes) -> tuple[int, int, str, str]:
    """The one problem of a file that has exactly one."""
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(params=["CSafeLoader", "SafeLoader"])
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml's composer and with PyYAML's pure Python one (the fallback)."""
    if not hasattr(yaml, request.param):
        pytest.skip("PyYAML is built without libyaml")
    monkeypatch.setattr(yaml_syntax, "LOADER", getattr(yaml, request.param))
    yield request.param


# --- the file itself ------------------------------------------------------------------------


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        load(tmp_path / "没有.yaml", display_name="没有.yaml")
    assert info.value.exit_code == 2
    assert str(info.value) == "找不到文件：没有.yaml"


def test_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        load(tmp_path)
    assert info.value.exit_code == 2
    assert str(info.value) == f"{tmp_path} 是文件夹，不是数据文件"


def test_unreadable_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    def refuse(self: Path, *args: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(UsageError) as info:
        load(path, display_name="data.yaml")
    assert info.value.exit_code == 2
    assert str(info.value) == "没有权限读取文件：data.yaml"


def test_bytes_neither_utf8_nor_gbk_name_the_problem_and_the_fix() -> None:
    assert problem(b"year: 2020\ncommunity: \x80\xff\n") == (
        2,
        12,
        "",
        "文件编码无法识别：不是 UTF-8，也不是 GBK、Big5、UTF-16 或 UTF-32（这里的字节是 0x80）；"
        "请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”",
    )


def test_a_broken_byte_in_a_utf8_file_is_not_read_as_gbk() -> None:
    data = "year: 2020\ncommunity:\n  name: 城里社区\n".encode() + b"title: \xe5\x9f\n"
    line, column, path, message = problem(data)
    assert (line, column, path) == (4, 8, "")
    assert message.startswith("文件是 UTF-8 编码，但这里有无法识别的字节（0xE5）")


def test_a_bom_promises_utf8() -> None:
    line, _, _, message = problem(
        codecs.BOM_UTF8 + "year: 2020\n".encode("gbk") + "社区".encode("gbk")
    )
    assert line == 2
    assert message.startswith("文件是 UTF-8 编码，但这里有无法识别的字节")


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n# 第二行\n", "---\n", "~\n"])
def test_empty_file(text: str) -> None:
    assert problem(text) == (
        0,
        0,
        "",
        "文件是空的（或只有注释）：至少要写 year 和 community.name；"
        "可以用 summary-gen init 生成一份样例",
    )


@pytest.mark.parametrize(
    ("text", "line"), [("- year: 2020\n", 1), ("# 注释\n城里社区\n", 2), ("[1, 2]\n", 1)]
)
def test_top_level_must_be_a_mapping(text: str, line: int) -> None:
    assert problem(text) == (line, 1, "", "文件顶层应是“键: 值”形式的数据，例如 year: 2020")


# --- YAML syntax ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("year: 2020\ncommunity:\n\tname: 城里社区\n", 3, 1),
        ("year: 2020\ncommunity:\n  name: 城里社区\n\tstreet: 兴安街道\n", 4, 1),
        ("year: 2020\nclosing:\n  plans:\n  \t- 继续\n", 4, 3),
    ],
)
def test_tab_indentation_is_located_at_the_tab(
    text: str, line: int, column: int, composer: str
) -> None:
    assert problem(text) == (
        line,
        column,
        "",
        f"第{line}行用了制表符（Tab）缩进，YAML 只能用空格缩进",
    )


def test_a_tab_inside_a_text_block_is_not_blamed_for_a_later_error(composer: str) -> None:
    text = "title: |\n  第一行\n  \t缩进的内容\nyear: 2020: 多了冒号\n"
    line, column, _, message = problem(text)
    assert (line, column) == (4, 11)
    assert "制表符" not in message


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "year: 2020\ntitle: 主题: 科普\n",
            2,
            10,
            "这里不能再写“键: 值”：可能是缩进不对，或者文字里有“: ”（冒号加空格），"
            "这样的文字请加上引号",
        ),
        (
            "year: 2020\ncommunity:\n  name: 城里社区\n street: 兴安街道\n",
            4,
            2,
            "这一行的缩进或写法不对：同一层的键应左对齐；值以引号开头时，整个值都应在引号里",
        ),
        (
            "year: 2020\nclosing\n",
            2,
            1,
            "找不到冒号：每一项应写成“键: 值”（冒号后留一个空格）；多行文字的续行要比键多缩进",
        ),
        (
            'year: 2020\ntitle: “科普”\nsignatory: "城里社区\n',
            3,
            12,
            "引号没有配对：从这里开始的引号直到文件末尾都没有结束",
        ),
        (
            "figures:\n  topics: [环保, 消防\nyear: 2020\n",
            2,
            11,
            "方括号“[”没有配对的“]”，或者其中的各项之间少了逗号",
        ),
        (
            "community: {name: 城里社区\n",
            1,
            12,
            "花括号“{”没有配对的“}”，或者其中的各项之间少了逗号",
        ),
        (
            "closing:\n  plans:\n    - 继续\n  problems: - 场地小\n",
            4,
            13,
            "这里不能开始列表：列表项“- ”应另起一行，并比上一级多缩进",
        ),
        (
            "closing:\n  plans:\n    - 继续\n    problems: 场地小\n",
            4,
            5,
            "列表与“键: 值”混在了同一层：列表项都应以“- ”开头，并且缩进一致",
        ),
        ("title: @城里\n", 1, 8, "“@”不能出现在值的开头：这样的文字请整段加上引号"),
        (
            "title: *abc\n",
            1,
            8,
            "引用了没有定义的锚点：“*名称”之前要先用“&名称”定义；如果是文字，请加上引号",
        ),
        # Anchor names are ASCII: YAML stops at the first Chinese character after the *.
        ("title: *城里\n", 1, 9, "“&”“*”在 YAML 里有特殊含义：如果是文字，请给整段加上引号"),
        ("title: |这是\n  文字\n", 1, 9, "“|”或“>”后面应直接换行，文字写在下面几行并缩进"),
    ],
)
def test_syntax_errors_are_translated_and_located(
    text: str, line: int, column: int, message: str, composer: str
) -> None:
    assert problem(text) == (line, column, "", f"YAML 语法错误：{message}")


def test_bad_escape_in_double_quotes(composer: str) -> None:
    line, _, path, message = problem('title: "C:\\data\\new"\n')
    assert (line, path) == (1, "")
    assert message == (
        "YAML 语法错误：双引号里的反斜杠“\\”后面跟了无法识别的字符：反斜杠请写成“\\\\”，或改用单引号"
    )


def test_more_than_one_document(composer: str) -> None:
    assert problem(MINIMAL + "---\nyear: 2021\n") == (
        4,
        1,
        "",
        "YAML 语法错误：文件里有不止一份 YAML 文档（用“---”分开）：一个数据文件只能写一份",
    )


# --- keys, tags and aliases -----------------------------------------------------------------


def test_duplicate_key_is_located_at_the_second_and_names_the_first() -> None:
    text = "year: 2020\ncommunity:\n  name: 城里社区\n  street: 兴安街道\n  name: 城外社区\n"
    assert problem(text) == (5, 3, "community.name", "重复的字段，第3行已经写过")


@pytest.mark.parametrize(
    ("key", "column", "message"),
    [
        ("[a, b]", 1, "键应是文字，不能是列表或“键: 值”"),
        ("? {a: 1}\n", 3, "键应是文字，不能是列表或“键: 值”"),
        ("~", 1, "键不能为空：冒号前应写字段名"),
    ],
)
def test_keys_must_be_text(key: str, column: int, message: str) -> None:
    text = MINIMAL + (key if key.endswith("\n") else f"{key}: 1\n")
    assert problem(text) == (4, column, "", message)


def test_non_text_keys_do_not_hide_other_problems() -> None:
    found = problems("year: 2020\ncommunity:\n  [a]: 1\n  househods: 3\n")
    assert found == [
        (2, 1, "community.name", "缺少必填字段"),
        (3, 3, "community", "键应是文字，不能是列表或“键: 值”"),
        (4, 3, "community.househods", "未知字段，是不是 households？"),
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object:os.system echo", "!!python/object:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!foo 城里", "!foo"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
    ],
)
def test_only_standard_tags(value: str, shown: str) -> None:
    assert problem(MINIMAL + f"title: {value}\n") == (
        4,
        8,
        "title",
        f"不支持 YAML 标签“{shown}”：数据文件里只能写文字、数字、列表和“键: 值”",
    )


def test_merge_keys_are_refused() -> None:
    text = "base: &base {name: 城里社区}\nyear: 2020\ncommunity:\n  <<: *base\n  street: 兴安\n"
    found = problems(text)
    assert (4, 3, "community", "不支持合并键“<<”：请把要合并的内容直接写出来") in found
    # The merged keys are missing because of the refusal: that is not reported twice.
    assert not any(path == "community.name" for _, _, path, _ in found)


def test_billion_laughs_is_refused_at_once() -> None:
    lines = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    # e alone expands to 1 + 9 + 9**2 + … + 9**5 > 20000 values: the problem is shown where e
    # begins, before anything is expanded.
    assert problem("\n".join(lines) + "\n") == (
        5,
        4,
        "",
        f"从这里开始的内容经引用（“*名称”）展开后超过 {values.NODE_LIMIT} 项，"
        "文件可能是恶意构造的（“十亿笑”攻击）",
    )


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: [1, *a]}\n"])
def test_structures_that_contain_themselves_are_refused(text: str) -> None:
    assert problem(text) == (
        1,
        4,
        "",
        "从这里开始的内容通过引用（“*名称”）包含了它自己，形成了无限循环",
    )


def test_too_deep_nesting_is_refused() -> None:
    depth = values.DEPTH_LIMIT + 10
    line, _, path, message = problem("a: " + "[" * depth + "]" * depth + "\n")
    assert (line, path, message) == (1, "", "嵌套层次太深")


# --- characters a Word file cannot hold -----------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x02", "\x03", "\x08", "\x1b", "\x7f", "\x85", "\x9f"])
def test_raw_control_characters_are_located_and_named(char: str) -> None:
    text = MINIMAL + f"title: 城里{char}社区\n"
    assert problem(text) == (
        4,
        10,
        "",
        f"有不可见的控制字符 U+{ord(char):04X}，Word 文档无法保存它，请删除",
    )
    assert problem(text.encode("utf-8"))[:2] == (4, 10)


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\x02", "0002"),
        ("\\x03", "0003"),
        ("\\u0000", "0000"),
        ("\\uFFFE", "FFFE"),
        ("\\x85", "0085"),
    ],
)
def test_escaped_control_characters_are_located_and_named(escape: str, code: str) -> None:
    assert problem(MINIMAL + f'title: "城里{escape}社区"\n') == (
        4,
        8,
        "title",
        f"有不可见的控制字符 U+{code}，Word 文档无法保存它，请删除",
    )


def test_control_character_in_a_key_and_a_lone_surrogate() -> None:
    assert problem(MINIMAL + '"ti\\x02tle": 1\n') == (
        4,
        1,
        "ti\x02tle",
        "有不可见的控制字符 U+0002，Word 文档无法保存它，请删除",
    )
    assert problem(MINIMAL + "title: \ud800\n")[3] == (
        "有不可见的控制字符 U+D800，Word 文档无法保存它，请删除"
    )


def test_many_control_characters_are_summed_up() -> None:
    found = problems(MINIMAL + "title: " + "\x01" * 25 + "\n")
    assert len(found) == 11
    assert found[-1][3] == "另有 15 处同样的字符未列出；这可能不是文本文件"


def test_only_the_control_characters_shown_are_located(monkeypatch: pytest.MonkeyPatch) -> None:
    # Locating one splits all the text before it: doing it for each of thousands (a binary
    # file) took minutes. The ten shown and the last, for the summing-up line, are located.
    located = []
    original = decode._forbidden_problem

    def counting(text: str, index: int, char: str, file: str) -> Problem:
        located.append(index)
        return original(text, index, char, file)

    monkeypatch.setattr(decode, "_forbidden_problem", counting)
    found = problems(MINIMAL + "title: " + "\x01" * 5000 + "\n")
    assert len(found) == 11 and len(located) == 11
    assert found[-1][:2] == (4, 5007)  # where the last one is


# --- the model's checks ---------------------------------------------------------------------


def test_missing_required_keys_are_located_at_their_mapping() -> None:
    assert problems("title: 总结\ncommunity:\n  street: 兴安街道\n") == [
        (1, 1, "year", "缺少必填字段"),
        (2, 1, "community.name", "缺少必填字段"),
    ]


def test_required_key_written_without_a_value() -> None:
    assert problem("year: 2020\ncommunity:\n  name:\n") == (
        3,
        3,
        "community.name",
        "缺少必填字段：这一项没有填写内容",
    )


def test_missing_field_of_a_list_item() -> None:
    text = MINIMAL + "activities:\n  - title: 讲座\n  - kind: 讲座\n    date: 2020-03\n"
    assert problem(text) == (6, 5, "activities[1].title", "缺少必填字段")


def test_misspelt_required_key_is_missing_and_unknown() -> None:
    assert problems(MINIMAL + "activities:\n  - titel: 讲座\n") == [
        (5, 5, "activities[0].title", "缺少必填字段"),
        (5, 5, "activities[0].titel", "未知字段，是不是 title？"),
    ]


def test_the_issue_example_unknown_key_with_a_suggestion() -> None:
    text = "year: 2020\ncommunity:\n  name: 城里社区\n  househods: 300\n"
    with pytest.raises(DataError) as info:
        load_text(text, "data.yaml")
    assert [str(p) for p in info.value.problems] == [
        "data.yaml:4:3: community.househods：未知字段，是不是 households？"
    ]


@pytest.mark.parametrize(
    ("extra", "line", "column", "path", "message"),
    [
        (
            "activities:\n  - title: 讲座\n    participant: 30\n",
            6,
            5,
            "activities[0].participant",
            "未知字段，是不是 participants？",
        ),
        ("households: 300\n", 4, 1, "households", "未知字段：households 应写在 community 下面"),
        (
            "househods: 300\n",
            4,
            1,
            "househods",
            "未知字段，是不是写在 community 下面的 households？",
        ),
        (
            "activities:\n  - title: 讲座\n    members: 3\n",
            6,
            5,
            "activities[0].members",
            "未知字段：members 应写在 organisation.teams 的每一项里",
        ),
        (
            "figures:\n  zzz: 1\n",
            5,
            3,
            "figures.zzz",
            "未知字段；这里可以写：events、materials、consultations、topics、extra",
        ),
    ],
)
def test_unknown_keys(extra: str, line: int, column: int, path: str, message: str) -> None:
    assert problem(MINIMAL + extra) == (line, column, path, message)


@pytest.mark.parametrize(
    ("extra", "line", "column", "path", "message"),
    [
        ("title: [a, b]\n", 4, 8, "title", "应为文字，这里写成了列表"),
        ("title:\n  a: b\n", 5, 3, "title", "应为文字，这里写成了“键: 值”"),
        # Lists of sentences are never parted (a lesson may hold a 、): one text is no list.
        (
            "closing:\n  plans: 继续努力、再创佳绩\n",
            5,
            10,
            "closing.plans",
            "应为列表：每项另起一行，以“- ”开头",
        ),
        ("closing:\n  plans: {a: b}\n", 5, 10, "closing.plans", "应为列表，这里写成了“键: 值”"),
        (
            "organisation: 有\n",
            4,
            15,
            "organisation",
            "应为一组“键: 值”（可写：leading_group、dedicated_staff、bases、teams、rules）",
        ),
        (
            "activities:\n  - 讲座\n",
            5,
            5,
            "activities[0]",
            "应为一组“键: 值”（可写：title、kind、date、participants、partner、audience、"
            "description）",
        ),
        ("closing:\n  plans:\n    - 继续\n    -\n", 7, 6, "closing.plans[1]", "不能为空"),
        # Text of punctuation only would print as an empty quote or a gap.
        ('closing:\n  plans:\n    - "“”"\n', 6, 7, "closing.plans[0]", "只有标点符号，没有文字"),
        ("title: ——\n", 4, 8, "title", "只有标点符号，没有文字"),
    ],
)
def test_wrong_types(extra: str, line: int, column: int, path: str, message: str) -> None:
    assert problem(MINIMAL + extra) == (line, column, path, message)


@pytest.mark.parametrize("value", ['""', "'   '", '"\u3000"'])
def test_empty_text_is_refused(value: str) -> None:
    assert problem(MINIMAL + f"signatory: {value}\n") == (4, 12, "signatory", "不能为空")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("二千", "应为整数年份，例如 2020"),
        ("2020.0", "应为整数年份，例如 2020"),
        ("yes", "应为整数年份，例如 2020"),
        ("1900", "年份 1900 不在 1949—2100 之间"),
        ("20200", "年份 20200 不在 1949—2100 之间"),
    ],
)
def test_year_is_a_sane_integer(value: str, message: str) -> None:
    assert problem(f"year: {value}\ncommunity:\n  name: 城里社区\n") == (1, 7, "year", message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "很多",
            "“很多”不是有效的数量：应写阿拉伯数字，可带一个限定词，例如 300、300余、8600多、20以上、约500、2.4万",
        ),
        ("-5", "数量不能为负数"),
        ("2.5", "“2.5”：数量应为整数（小数只能用在“万”“亿”之前，如 2.4万）"),
        (
            "1e3",
            "“1e3”不是有效的数量：应写阿拉伯数字，可带一个限定词，例如 300、300余、8600多、20以上、约500、2.4万",
        ),
    ],
)
def test_quantity_errors_use_the_quantity_message(value: str, message: str) -> None:
    assert problem(MINIMAL + f"  households: {value}\n") == (4, 15, "community.households", message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("03/03/2021", "日期应写成 YYYY-MM-DD，例如 2021-03-03"),
        ("20210303", "日期应写成 YYYY-MM-DD，例如 2021-03-03"),  # not a Unix timestamp
        ("2021-03", "日期应写成 YYYY-MM-DD，例如 2021-03-03（成文日期要写到日）"),
        ("2021年3月", "日期应写成 YYYY-MM-DD，例如 2021-03-03（成文日期要写到日）"),
        ("2021/3-3", "日期应写成 YYYY-MM-DD，例如 2021-03-03"),
        ("2021-02-30", "“2021-02-30”不是有效的日期"),
        ("2021-3-0", "“2021-3-0”不是有效的日期"),  # day 0: not read as the 1st
    ],
)
def test_date_of_writing_format(value: str, message: str) -> None:
    assert problem(MINIMAL + f"date: {value}\n") == (4, 7, "date", message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-13", "“2020-13”不是有效的日期"),
        ("2020-02-30", "“2020-02-30”不是有效的日期"),
        ("2020-6-0", "“2020-6-0”不是有效的日期"),
        ("3月", "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"),
        ("2020", "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"),
    ],
)
def test_activity_date_format(value: str, message: str) -> None:
    text = MINIMAL + f"activities:\n  - title: 讲座\n    date: {value}\n"
    assert problem(text) == (6, 11, "activities[0].date", message)


def test_activity_kind_lists_the_allowed_values() -> None:
    text = MINIMAL + "activities:\n  - title: 联欢\n    kind: 晚会\n"
    assert problem(text) == (
        6,
        11,
        "activities[0].kind",
        "应为以下之一：讲座、培训、宣传、咨询、文艺演出、竞赛、参观、志愿服务、展览、义诊、比赛、会议、其他",
    )


def test_all_problems_at_once_sorted_by_line_and_never_in_english() -> None:
    text = (
        "year: 1800\n"
        "community:\n"
        "  name: ''\n"
        "  households: 很多\n"
        "activities:\n"
        "  - title: 讲座\n"
        "    kind: lecture\n"
        "    date: 2020-13\n"
        "figures:\n"
        "  materials: 很多\n"
        "  events: x\n"
        "unknown: 1\n"
    )
    found = problems(text)
    assert [(line, path) for line, _, path, _ in found] == [
        (1, "year"),
        (3, "community.name"),
        (4, "community.households"),
        (7, "activities[0].kind"),
        (8, "activities[0].date"),
        (10, "figures.materials"),
        (11, "figures.events"),
        (12, "unknown"),
    ]
    for *_, message in found:
        assert not any(word in message for word in ("Input", "should", "Value error", "valid"))


# --- consistency between fields -------------------------------------------------------------


def test_events_below_the_activities_listed() -> None:
    text = (
        MINIMAL + "activities:\n  - title: a\n  - title: b\n  - title: c\nfigures:\n  events: 2\n"
    )
    assert problem(text) == (
        9,
        11,
        "figures.events",
        "全年活动场次（2）少于下面列出的活动数（3项）",
    )


@pytest.mark.parametrize("events", ["2以上", "2余", "3", "约3"])
def test_events_that_do_not_contradict_the_list(events: str) -> None:
    text = (
        MINIMAL
        + f"activities:\n  - title: a\n  - title: b\n  - title: c\nfigures:\n  events: {events}\n"
    )
    summary, _ = load_text(text)
    assert summary.figures.events is not None


def test_activity_dates_lie_in_the_year() -> None:
    text = (
        MINIMAL
        + "activities:\n  - title: a\n    date: 2020-12-31\n  - title: b\n    date: 2019-12\n"
    )
    assert problem(text) == (
        8,
        11,
        "activities[1].date",
        "活动日期（2019年12月）不在总结年度 2020 年内",
    )


def test_cross_field_problems_come_with_the_others_at_once() -> None:
    # Before, the activity's date was told only once the unknown key and the bad kind were
    # mended: the cross-field checks now run on the valid rest of the file.
    text = (
        "year: 2020\ncommunity:\n  name: 城里社区\n  househods: 300\n"
        "activities:\n  - title: a\n    kind: 演讲\n  - title: b\n    date: 2019-05\n"
        "figures:\n  events: 1\n"
    )
    assert [(line, path) for line, _column, path, _message in problems(text)] == [
        (4, "community.househods"),
        (7, "activities[0].kind"),
        (9, "activities[1].date"),
        (11, "figures.events"),
    ]


def test_cross_field_checks_skip_what_cannot_be_read() -> None:
    # The year itself is wrong: nothing can be compared with it, and nothing is made up.
    text = "year: 二〇二〇\ncommunity:\n  name: a\nactivities:\n  - title: b\n    date: 2019-05\n"
    assert [path for _line, _column, path, _message in problems(text)] == ["year"]
    # A list item that is not an entry leaves the list out of the checks; the indices the
    # messages name stay those of the file.
    text = (
        MINIMAL + "activities:\n  - 讲座\n  - title: b\n    date: 2019-05\nfigures:\n  events: 1\n"
    )
    assert [path for _line, _column, path, _message in problems(text)] == ["activities[0]"]


def test_date_of_writing_not_before_the_year() -> None:
    assert problem(MINIMAL + "date: 2019-12-31\n") == (
        4,
        7,
        "date",
        "成文日期（2019年12月31日）早于总结年度 2020 年的1月1日",
    )
    assert load_text(MINIMAL + "date: 2020-01-01\n")[0].date is not None


def test_team_larger_than_the_population_is_a_located_warning() -> None:
    text = (
        "year: 2020\ncommunity:\n  name: 城里社区\n  population: 100\n"
        "organisation:\n  teams:\n    - name: 志愿者\n      members: 100\n"
        "    - name: 宣传员\n      members: 101\n"
    )
    # Suspicious, not impossible (issue 4): the file is valid and the warning is located.
    _summary, warnings = load_text(text, "data.yaml")
    assert [(w.file, w.line, w.column, w.path, w.message) for w in warnings] == [
        (
            "data.yaml",
            10,
            16,
            "organisation.teams[1].members",
            "队伍人数（101）多于社区人口（100），请核对",
        )
    ]
    # 100余 says "more than 100": 101 members is no contradiction.
    assert load_text(text.replace("population: 100", "population: 100余"))[1] == []


def test_problem_text_gives_file_line_column_and_path() -> None:
    assert str(Problem("data.yaml", 4, 3, "community.households", "不能为空")) == (
        "data.yaml:4:3: community.households：不能为空"
    )


# --- counts of nothing, digits of other scripts, families, dates far from the year ---------

COUNTS = [
    ("community:\n  name: 城里社区\n  households: 0\n", 3, 15, "community.households"),
    ("community:\n  name: 城里社区\n  population: 0余\n", 3, 15, "community.population"),
    ("organisation:\n  dedicated_staff: 0\n", 2, 20, "organisation.dedicated_staff"),
    (
        "organisation:\n  teams:\n    - name: 志愿队\n      members: 0\n",
        4,
        16,
        "organisation.teams[0].members",
    ),
    ("facilities:\n  funding:\n    self_raised: 0\n", 3, 18, "facilities.funding.self_raised"),
    (
        "facilities:\n  items:\n    - name: 宣传栏\n      count: 0\n",
        4,
        14,
        "facilities.items[0].count",
    ),
    (
        "activities:\n  - title: 讲座\n    participants: 0\n",
        3,
        19,
        "activities[0].participants",
    ),
    ("figures:\n  events: 约0\n", 2, 11, "figures.events"),
    ("participation:\n  volunteers: 0.0万\n", 2, 15, "participation.volunteers"),
]


@pytest.mark.parametrize(("part", "line", "column", "path"), COUNTS, ids=[c[3] for c in COUNTS])
def test_a_count_of_zero_reads_as_none_with_a_located_warning(
    part: str, line: int, column: int, path: str
) -> None:
    # Printed, it would read "配备0名委员", "志愿队（0人）": a count of nothing is left out,
    # as if the line were not there, and the secretary is told so where it is.
    if part.startswith("community:"):
        text = "year: 2020\n" + part
        line += 1
    else:
        text = MINIMAL + part
        line += 3
    summary, warnings = load_text(text, "data.yaml")
    value: object = summary
    for key in path.replace("[", ".").replace("]", "").split("."):
        value = value[int(key)] if key.isdigit() else getattr(value, key)  # type: ignore[index]
    assert value is None
    typed = part.rsplit(": ", 1)[1].strip()
    assert [(w.line, w.column, w.path, w.message) for w in warnings] == [
        (line, column, path, f"“{typed}”读作“没有”：总结里不写这一项（也可以删去这一行）")
    ]


def test_a_measure_may_be_zero() -> None:
    text = MINIMAL + (
        "  area_km2: 0\nfigures:\n  extra:\n    - label: 绿化覆盖率增幅\n      value: 0\n"
        "      unit: '%'\n"
    )
    summary, _ = load_text(text)
    assert summary.community.area_km2 is not None and summary.community.area_km2.value == 0
    assert summary.figures.extra[0].value.value == 0


def test_full_width_digits_are_read_half_width_with_a_located_warning() -> None:
    text = (
        "year: ２０２０\ndate: ２０２１-０３-０３\ncommunity:\n  name: 城里社区\n"
        "  households: ３００余\n"
    )
    summary, warnings = load_text(text, "data.yaml")
    assert summary.year == 2020
    assert str(summary.date) == "2021-03-03"
    assert summary.community.households is not None
    assert summary.community.households.with_unit("户") == "300余户"
    assert [(w.line, w.column, w.path, w.message) for w in warnings] == [
        (1, 7, "year", "已把全角数字改为半角：“２０２０”→“2020”"),
        (2, 7, "date", "已把全角数字改为半角：“２０２１-０３-０３”→“2021-03-03”"),
        (5, 15, "community.households", "已把全角数字改为半角：“３００余”→“300余”"),
    ]


def test_full_width_digits_and_punctuation_in_one_text() -> None:
    _, warnings = load_text(MINIMAL + "  location: 城区中心,距车站２公里\n")
    assert [w.message for w in warnings] == [
        "已规范中文标点，并把全角数字改为半角：“城区中心,距车站２公里”→“城区中心，距车站2公里”"
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "path", "message"),
    [
        (
            MINIMAL + "  households: ٣٠٠\n",
            4,
            15,
            "community.households",
            "“٣٠٠”：数字应写成半角阿拉伯数字 0～9，例如 300、300余",
        ),
        (
            "year: ٢٠٢٠\ncommunity:\n  name: 城里社区\n",
            1,
            7,
            "year",
            "年份应写半角阿拉伯数字 0～9，例如 2020",
        ),
        (
            MINIMAL + "date: २०२१-०३-०३\n",
            4,
            7,
            "date",
            "日期应写成 YYYY-MM-DD，例如 2021-03-03（数字应写半角阿拉伯数字 0～9）",
        ),
        (
            MINIMAL + "activities:\n  - title: 讲座\n    date: ٢٠٢٠-٠٣\n",
            6,
            11,
            "activities[0].date",
            "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"
            "（数字应写半角阿拉伯数字 0～9）",
        ),
    ],
)
def test_digits_of_other_scripts_are_refused(
    text: str, line: int, column: int, path: str, message: str
) -> None:
    # Python's int() and \d read them; a document must not print them.
    assert problem(text) == (line, column, path, message)


def test_an_unknown_family_is_located_at_its_value() -> None:
    text = "year: 2020\ntemplate: nope\ncommunity:\n  name: 城里社区\n"
    assert problem(text) == (2, 11, "template", "未知的模板“nope”，可用 kepu、liuhao、shengtai")
    # A name that would leave the template folders is no family either.
    assert problem(text.replace("nope", "../etc"))[3].startswith("未知的模板“../etc”")


def test_an_unknown_family_is_told_with_the_other_problems() -> None:
    text = "year: 2020\ntemplate: nope\ncommunity:\n  name: 城里社区\n  househods: 3\n"
    assert [(line, path) for line, _, path, _ in problems(text)] == [
        (2, "template"),
        (5, "community.househods"),
    ]


def test_user_families_are_known(tmp_path: Path) -> None:
    (tmp_path / "tpl" / "mine").mkdir(parents=True)
    (tmp_path / "tpl" / "mine" / "summary.j2").write_text("@title 我的\n", encoding="utf-8")
    text = "year: 2020\ntemplate: mine\ncommunity:\n  name: 城里社区\n"
    assert problem(text)[3] == "未知的模板“mine”，可用 kepu、liuhao、shengtai"
    summary, _ = load_text(text, families=family_names([tmp_path / "tpl"]))
    assert summary.template == "mine"
    # The summary-gen-templates folder beside a data file counts too.
    data = tmp_path / "data.yaml"
    data.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="可用 kepu、liuhao、shengtai"):
        load(data)
    (tmp_path / "tpl").rename(tmp_path / "summary-gen-templates")
    assert load(data)[0].template == "mine"


def test_a_date_of_writing_far_after_the_year_is_a_warning() -> None:
    # Built today without a date, a 2020 summary would carry today's date.
    _, warnings = load_text(MINIMAL, "data.yaml", writing_date=dt.date(2026, 11, 29))
    assert [(w.line, w.column, w.path, w.message) for w in warnings] == [
        (1, 7, "year", "成文日期 2026年11月29日 与总结年度 2020 年相隔较远：是否忘了写 date？")
    ]
    # Fifteen months after the year's end is still usual; the file's own date wins.
    assert load_text(MINIMAL, writing_date=dt.date(2022, 3, 31))[1] == []
    assert load_text(MINIMAL, writing_date=dt.date(2022, 4, 1))[1] != []
    assert load_text(MINIMAL + "date: 2021-03-03\n", writing_date=dt.date(2026, 1, 1))[1] == []
    _, warnings = load_text(MINIMAL + "date: 2024-03-03\n", "data.yaml")
    assert [(w.line, w.column, w.path, w.message) for w in warnings] == [
        (4, 7, "date", "成文日期 2024年3月3日 与总结年度 2020 年相隔较远，请核对")
    ]


def test_a_large_file_without_aliases_is_too_large_not_an_attack() -> None:
    items = "".join(f"  - 主题{i}\n" for i in range(values.NODE_LIMIT + 1))
    line, _, path, message = problem(MINIMAL + "figures:\n  topics:\n" + items)
    assert (line, path) == (6, "")
    assert message == f"文件太大：超过 {values.NODE_LIMIT} 项（一份数据文件通常只有几百项）"
    assert "十亿笑" not in message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_read_with_one_warning(codec: str) -> None:
    data = (MINIMAL + "  location: 城区市中心\n").encode(codec)
    summary, warnings = load_text(data)
    assert summary.community.location == "城区市中心"
    name = codec[:6].upper()
    assert [w.message for w in warnings] == [
        f"文件是没有字节顺序标记（BOM）的 {name} 编码，已按 {name} 读取；建议用“UTF-8”编码另存"
    ]
