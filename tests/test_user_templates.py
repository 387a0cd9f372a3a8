"""User templates: search order, extending a built-in, the sandbox, located errors, families."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.document import Block, Document
from summary_gen.errors import TemplateError
from summary_gen.loading import load_summary
from summary_gen.model import Summary
from summary_gen.render import render
from summary_gen.templating.families import LOCAL_TEMPLATES, list_families

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
DATE = dt.date(2021, 3, 3)

OWN_ORGANISATION = """\
{% if has.organisation %}
@h1 组织领导
@p 社区成立了{{ organisation.leading_group.name }}，由{{ organisation.leading_group.leader }}同志任组长。
{% endif %}
"""


@pytest.fixture(scope="module")
def summary() -> Summary:
    return load_summary(EXAMPLE)[0]


@pytest.fixture(scope="module")
def builtin(summary: Summary) -> Document:
    return render(summary, date=DATE)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _split(document: Document, numeral: str) -> tuple[list[Block], list[Block]]:
    """The blocks of section ``numeral`` (一、…) and all the others."""
    body = list(document.body)
    start = next(i for i, b in enumerate(body) if b.text.startswith(numeral))
    end = next((i for i in range(start + 1, len(body)) if body[i].kind == "heading1"), len(body))
    return body[start:end], body[:start] + body[end:]


def test_user_file_overrides_one_section_and_only_that(
    tmp_path: Path, summary: Summary, builtin: Document
) -> None:
    _write(tmp_path, "organisation.j2", OWN_ORGANISATION)
    document = render(summary, date=DATE, template_dirs=[tmp_path])
    section, rest = _split(document, "一、")
    assert section == [
        Block("heading1", "一、组织领导"),
        Block("paragraph", "社区成立了社区科普工作领导小组，由王国亮同志任组长。"),
    ]
    builtin_section, builtin_rest = _split(builtin, "一、")
    assert builtin_section != section
    assert rest == builtin_rest
    assert document.title_lines == builtin.title_lines
    assert document.signatory == builtin.signatory


def test_family_subfolder_overrides_too(tmp_path: Path, summary: Summary) -> None:
    _write(tmp_path, "kepu/organisation.j2", OWN_ORGANISATION)
    document = render(summary, date=DATE, template_dirs=[tmp_path])
    assert _split(document, "一、")[0][0] == Block("heading1", "一、组织领导")


def test_first_folder_wins(tmp_path: Path, summary: Summary) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "organisation.j2", OWN_ORGANISATION)
    _write(second, "organisation.j2", OWN_ORGANISATION.replace("组织领导", "第二个文件夹"))
    document = render(summary, date=DATE, template_dirs=[first, second])
    assert _split(document, "一、")[0][0] == Block("heading1", "一、组织领导")
    document = render(summary, date=DATE, template_dirs=[second, first])
    assert _split(document, "一、")[0][0] == Block("heading1", "一、第二个文件夹")


def test_include_the_builtin_and_add_to_it(
    tmp_path: Path, summary: Summary, builtin: Document
) -> None:
    _write(
        tmp_path,
        "organisation.j2",
        '{% include "builtin:kepu/organisation.j2" %}\n@p 社区还建立了科普工作例会制度。\n',
    )
    document = render(summary, date=DATE, template_dirs=[tmp_path])
    section, rest = _split(document, "一、")
    builtin_section, builtin_rest = _split(builtin, "一、")
    assert section == [*builtin_section, Block("paragraph", "社区还建立了科普工作例会制度。")]
    assert rest == builtin_rest


def test_extend_the_builtin_without_reaching_oneself(
    tmp_path: Path, summary: Summary, builtin: Document
) -> None:
    # Named plainly, "organisation.j2" would be this very file: the prefix names the built-in.
    _write(tmp_path, "organisation.j2", '{% extends "builtin:kepu/organisation.j2" %}\n')
    document = render(summary, date=DATE, template_dirs=[tmp_path])
    assert document == builtin


@pytest.mark.parametrize("family", ["kepu", "shengtai", "liuhao"])
def test_extend_a_family_and_change_one_block(
    tmp_path: Path, summary: Summary, family: str
) -> None:
    # Each family's entry template wraps its parts in blocks named after their files.
    _write(
        tmp_path,
        f"{family}/summary.j2",
        f'{{% extends "builtin:{family}/summary.j2" %}}\n'
        "{% block closing %}@p 社区还建立了科普工作例会制度。\n{{ super() }}{% endblock %}\n",
    )
    plain = render(summary, date=DATE, family=family)
    extended = render(summary, date=DATE, template_dirs=[tmp_path], family=family)
    added = Block("paragraph", "社区还建立了科普工作例会制度。")
    assert added in extended.body
    assert [b for b in extended.body if b != added] == list(plain.body)


def test_builtin_macros_can_be_imported(tmp_path: Path, summary: Summary) -> None:
    _write(
        tmp_path,
        "closing.j2",
        '{% from "builtin:kepu/activities.j2" import when with context %}\n'
        "@p 本总结写于{{ year + 1 }}年{{ when(summary.activities[0]) }}。\n",
    )
    # The first activity has no date: the built-in macro writes nothing for it.
    document = render(summary, date=DATE, template_dirs=[tmp_path])
    assert document.body[-1] == Block("paragraph", "本总结写于2021年。")


def test_a_users_own_family(tmp_path: Path, summary: Summary) -> None:
    _write(tmp_path, "mine/summary.j2", "@title 我们的总结\n@p {{ unit_name }}的工作很好。\n")
    document = render(summary, date=DATE, template_dirs=[tmp_path], family="mine")
    assert document.title == "我们的总结"
    assert document.body == (Block("paragraph", "兴安街道城里社区的工作很好。"),)


def test_data_is_never_executed_in_a_user_template(tmp_path: Path) -> None:
    data = EXAMPLE.read_text(encoding="utf-8").replace(
        "name: 城里社区", "name: \"{{ ''.__class__ }}@h1 城里社区\""
    )
    path = _write(tmp_path, "d.yaml", data)
    _write(tmp_path, "t/summary.j2", "@title 总结\n@p {{ community.name }}\n")
    summary, _ = load_summary(path)
    document = render(summary, date=DATE, template_dirs=[tmp_path / "t"], family="kepu")
    assert document.body == (Block("paragraph", "{{ ''.__class__ }}@h1 城里社区"),)


# The sandbox: each escape is refused, located at the user's file and line 2.
ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "__init__"),
    ("{{ self.__dict__ }}", "__dict__"),
    ("{{ summary._iter }}", "_iter"),
    ("{{ range(10**9)|list|length }}", "range"),
    ('{{ "x" * 10**9 }}', "过长"),
    ("{{ 10**1000000 }}", "过大"),
    ("{{ '{0.__class__}'.format(year) }}", "__class__"),
    ("{% include '/etc/passwd' %}", "/etc/passwd"),
    ("{% include '../secret.j2' %}", "../secret.j2"),
    ("{% include 'builtin:../../pyproject.toml' %}", "pyproject.toml"),
    ("{% import 'os' as os %}", "os"),
]


@pytest.mark.parametrize(("line", "named"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_sandbox_refuses_with_file_and_line(
    tmp_path: Path, summary: Summary, line: str, named: str
) -> None:
    _write(tmp_path, "secret.j2", "@p 不该被读到\n")
    user = _write(tmp_path / "user", "organisation.j2", f"@p 第一行\n{line}\n")
    with pytest.raises(TemplateError) as caught:
        render(summary, date=DATE, template_dirs=[tmp_path / "user"])
    error = caught.value
    assert Path(error.template) == user
    assert error.line == 2
    assert named in str(error)
    assert str(error).startswith(f"{user}:2: ")
    assert "不该被读到" not in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@p 第一行\n{% if %}\n", "模板语法错误"),
        ("@p 第一行\n@p {{ nosuch }}\n", "nosuch"),
        ("@p 第一行\n@p {{ community.households }}\n", "空值"),
    ],
)
def test_template_errors_located_exit_3(tmp_path: Path, text: str, expected: str) -> None:
    user = _write(tmp_path / "tpl", "organisation.j2", text)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(EXAMPLE), "--template-dir", str(tmp_path / "tpl"), "--out-dir", str(out)]
    )
    assert result.exit_code == 3
    assert f"{user}:2: " in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_folder_beside_the_data_file(tmp_path: Path) -> None:
    data = tmp_path / "城里社区.yaml"
    shutil.copy(EXAMPLE, data)
    _write(tmp_path / LOCAL_TEMPLATES, "organisation.j2", OWN_ORGANISATION)
    result = CliRunner().invoke(app, ["build", str(data), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "## 一、组织领导\n" in result.stdout
    # --template-dir comes before the folder beside the data file.
    _write(tmp_path / "cli", "organisation.j2", OWN_ORGANISATION.replace("组织领导", "命令行"))
    result = CliRunner().invoke(
        app, ["build", str(data), "-o", "-", "--template-dir", str(tmp_path / "cli")]
    )
    assert "## 一、命令行\n" in result.stdout


def test_markdown_with_one_section_overridden_differs_there_only(tmp_path: Path) -> None:
    _write(tmp_path / "tpl", "organisation.j2", OWN_ORGANISATION)
    plain = CliRunner().invoke(app, ["build", str(EXAMPLE), "-o", "-"]).stdout
    mine = (
        CliRunner()
        .invoke(app, ["build", str(EXAMPLE), "-o", "-", "--template-dir", str(tmp_path / "tpl")])
        .stdout
    )
    plain_lines, mine_lines = plain.splitlines(), mine.splitlines()
    start = plain_lines.index(next(x for x in plain_lines if x.startswith("## 一、")))
    end = plain_lines.index(next(x for x in plain_lines if x.startswith("## 二、")))
    mine_end = mine_lines.index(next(x for x in mine_lines if x.startswith("## 二、")))
    assert plain_lines[:start] == mine_lines[:start]
    assert plain_lines[end:] == mine_lines[mine_end:]
    assert plain_lines[start:end] != mine_lines[start:mine_end]


# Families: `summary-gen templates` and `init --template`.


def test_templates_lists_the_builtin_families() -> None:
    result = CliRunner().invoke(app, ["templates"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    kepu = next(line for line in lines if line.startswith("kepu "))
    assert "创建科普示范社区工作总结" in kepu and kepu.endswith("内置")
    # Every built-in family folder is listed, whatever its name: none is hard-coded.
    folders = {p.parent.name for p in (ROOT / "templates").glob("*/summary.j2")}
    assert {line.split()[0] for line in lines} == folders


def test_templates_lists_a_user_family_with_its_folder(tmp_path: Path) -> None:
    _write(tmp_path / "tpl", "mine/family.yaml", "description: 我们街道的年度总结\n")
    _write(tmp_path / "tpl", "mine/summary.j2", "@title 总结\n@p 正文\n")
    _write(tmp_path / "tpl", "kepu/organisation.j2", OWN_ORGANISATION)
    result = CliRunner().invoke(app, ["templates", "--template-dir", str(tmp_path / "tpl")])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    mine = next(line for line in lines if line.startswith("mine "))
    assert "我们街道的年度总结" in mine and mine.endswith(str(tmp_path / "tpl" / "mine"))
    # A partial override of kepu is listed with the built-in description and its folder,
    # before the built-in kepu it overrides.
    kepus = [line for line in lines if line.startswith("kepu ")]
    assert len(kepus) == 2
    assert kepus[0].endswith(str(tmp_path / "tpl" / "kepu")) and kepus[1].endswith("内置")
    assert "创建科普示范社区工作总结" in kepus[0]


def test_list_families_order_and_sources(tmp_path: Path) -> None:
    _write(tmp_path / "a", "x/summary.j2", "@title x\n")
    _write(tmp_path / "b", "y/summary.j2", "@title y\n")
    families = list_families([tmp_path / "a", tmp_path / "b"])
    assert [f.name for f in families[:2]] == ["x", "y"]
    assert families[0].source == str(tmp_path / "a" / "x")
    assert all(f.source == "内置" for f in families[2:])


def test_init_writes_a_user_familys_starter(tmp_path: Path) -> None:
    _write(tmp_path / "tpl", "mine/summary.j2", "@title 总结\n@p {{ unit_name }}\n")
    _write(tmp_path / "tpl", "mine/starter.yaml", "year: 2020\ncommunity:\n  name: 城里社区\n")
    data = tmp_path / "d.yaml"
    result = CliRunner().invoke(
        app, ["init", str(data), "--template", "mine", "--template-dir", str(tmp_path / "tpl")]
    )
    assert result.exit_code == 0, result.stderr
    assert data.read_text(encoding="utf-8").endswith("year: 2020\ncommunity:\n  name: 城里社区\n")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "e.yaml"), "--template", "../kepu"])
    assert result.exit_code == 2
    assert "kepu" in result.stderr


# Jinja's messages in Chinese, the original kept after them; each located at the user's file.
MESSAGES = [
    ("@p {{ nope }}", "名称“nope”未定义（'nope' is undefined）"),
    ("@p {{ community.nope }}", "没有属性“nope”"),
    (
        "{% if %}",
        "模板语法错误：这里缺少表达式（Expected an expression, got 'end of statement block'）",
    ),
    ("@p {{ year|nofilter }}", "没有名为“nofilter”的过滤器"),
    ("{% if has.organisation %}", "模板结束了，但“{% if %}”还没有对应的“{% endif %}”"),
    ("@p {{ year year }}", "这里应为“}}”，而不是“year”"),
    ("@p {{ 1/0 }}", "模板执行出错：除数为零（ZeroDivisionError: division by zero）"),
    ("@p {{ 'a' + 1 }}", "模板执行出错：值的类型不对，或调用的参数不对（TypeError:"),
]


@pytest.mark.parametrize(("line", "message"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_template_errors_are_told_in_chinese(
    tmp_path: Path, summary: Summary, line: str, message: str
) -> None:
    user = _write(tmp_path / "user", "organisation.j2", f"@p 第一行\n{line}\n")
    with pytest.raises(TemplateError) as caught:
        render(summary, date=DATE, template_dirs=[tmp_path / "user"])
    assert str(caught.value).startswith(f"{user}:2: ")
    assert message in str(caught.value)


def test_a_user_template_that_is_not_utf8_is_named(tmp_path: Path, summary: Summary) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    user = folder / "organisation.j2"
    user.write_bytes("@p 第一行\n@p 第二行\n@p 组织机构\n".encode("gbk"))
    with pytest.raises(TemplateError) as caught:
        render(summary, date=DATE, template_dirs=[folder])
    # The first byte that is not UTF-8 is on line 1 (GBK's 第).
    assert str(caught.value) == (
        f"{user}:1: 模板文件不是 UTF-8 编码：请用记事本或 WPS 打开，“另存为”时编码选“UTF-8”"
    )


def test_a_placeholder_left_by_a_users_entry_template_names_that_file(
    tmp_path: Path, summary: Summary
) -> None:
    user = _write(tmp_path / "user" / "mine", "summary.j2", "@title 我的总结\n@p 你好吗?\n")
    with pytest.raises(TemplateError) as caught:
        render(summary, date=DATE, template_dirs=[tmp_path / "user"], family="mine")
    assert caught.value.template == str(user)
    assert str(caught.value) == f"{user}: 模板输出中留有占位内容“?”：你好吗?"
