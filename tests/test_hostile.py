"""Hostile and unlucky inputs (issue 14): nothing hangs, nothing outside the template folders is
read, nothing grows without bound, and what is refused is refused at once with its place.

Every test of something that used to hang runs :func:`within` a few seconds: on Unix the block
is interrupted at three times its limit, so a regression fails fast instead of stalling CI.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.errors import DataError, Problem
from summary_gen.loading import load_text
from summary_gen.loading.values import NODE_LIMIT
from summary_gen.preview import wrap_cjk
from summary_gen.templating import limits
from summary_gen.text.zh import split_title

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"


class Hung(BaseException):
    """Raised into a block that overran its time; no ``except Exception`` swallows it."""


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail unless the block finishes in ``seconds``; interrupt it at three times that."""
    interrupt = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if interrupt:

        def expire(signum: int, frame: object) -> None:
            raise Hung

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, 3 * seconds)
    start = time.monotonic()
    try:
        yield
    except Hung:
        # A fresh failure: the interrupted frames may have no line number to show.
        raise AssertionError(f"still running after {3 * seconds} s") from None
    finally:
        if interrupt:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s, more than {seconds} s"


def _problems(data: bytes | str) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_text(data, "data.yaml")
    return caught.value.problems


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- 14.2: long text is laid out in linear time ------------------------------------------------

LONG = 30_000


def test_a_long_title_is_split_in_linear_time() -> None:
    title = "兴安街道城里社区“科普，进万家”" * (LONG // 16)
    with within(1):
        lines = split_title(title)
    assert "".join(lines) == title and len(lines) == 2


def test_long_text_is_wrapped_for_the_terminal_in_linear_time() -> None:
    with within(1.5):
        plain = wrap_cjk("社区居民，" * (LONG // 5), 80)
        # Nothing but opening marks: no break can satisfy 避头尾, and none is looked for again
        # and again (that made a line of each mark, and cost the width squared per mark).
        opening = wrap_cjk("（" * 2 * LONG, 80)
    assert max(map(len, plain)) <= 40
    assert len(opening) <= 2 * LONG // 40 + 1


def test_a_template_that_writes_a_long_title_builds_and_previews_quickly(tmp_path: Path) -> None:
    # A user template may write long text whatever the data file's limits.
    family = tmp_path / "tpl" / "long"
    _write(
        family / "summary.j2",
        '@title {{ "兴安街道城里社区，" * 3750 }}\n@p {{ "居民" * 15000 }}。\n',
    )
    options = ["--template-dir", str(tmp_path / "tpl"), "--template", "long"]
    runner = CliRunner()
    with within(10):  # under a second each on an idle machine; 200 s before the fix
        built = runner.invoke(
            app,
            ["build", str(MINIMAL), "--out-dir", str(tmp_path), "-f", "md", "-f", "docx", *options],
        )
        shown = runner.invoke(app, ["preview", str(MINIMAL), *options])
    assert built.exit_code == 0, built.stderr
    assert shown.exit_code == 0, shown.stderr
    assert "兴安街道城里社区，" * 3000 in (tmp_path / "minimal.md").read_text(encoding="utf-8")


# --- 14.1: templates read nothing outside their folder through links ---------------------------


def _link(link: Path, target: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except OSError:  # Windows without the right to make links
        pytest.skip("no symbolic links here")


def _build_with(folder: Path, tmp_path: Path) -> Any:
    return CliRunner().invoke(
        app, ["build", str(EXAMPLE), "--template-dir", str(folder), "-o", str(tmp_path / "o.md")]
    )


SECRET = "机密：不该出现在文档里"


@pytest.mark.parametrize(
    ("make_link", "include"),
    [
        (lambda tpl, secret: _link(tpl / "leak.j2", secret / "secret.txt"), "leak.j2"),
        (lambda tpl, secret: _link(tpl / "etc", secret), "etc/secret.txt"),
        (lambda tpl, secret: _link(tpl / "kepu" / "leak.j2", secret / "secret.txt"), "leak.j2"),
    ],
    ids=["file", "folder", "in-a-family-subfolder"],
)
def test_a_link_out_of_the_template_folder_is_refused_where_it_is_included(
    tmp_path: Path, make_link, include: str
) -> None:
    secret = _write(tmp_path / "private" / "secret.txt", f"@p {SECRET}\n").parent
    tpl = tmp_path / "tpl"
    make_link(tpl, secret)
    user = _write(tpl / "organisation.j2", f'@p 第一行\n{{% include "{include}" %}}\n')
    result = _build_with(tpl, tmp_path)
    assert result.exit_code == 3, result.output
    assert f"{user}:2: " in result.stderr
    assert "模板文件夹以外" in result.stderr and include in result.stderr
    assert SECRET not in result.output
    assert not (tmp_path / "o.md").exists()


@pytest.mark.skipif(not Path("/proc/self/environ").is_file(), reason="no /proc")
def test_the_process_environment_cannot_be_included_through_proc(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    _link(tpl / "p", Path("/proc/self"))
    _write(tpl / "organisation.j2", '@p {% include "p/environ" %}\n')
    result = _build_with(tpl, tmp_path)
    assert result.exit_code == 3 and "模板文件夹以外" in result.stderr
    assert "PATH=" not in result.output


def test_an_entry_template_that_links_out_is_refused(tmp_path: Path) -> None:
    outside = _write(tmp_path / "elsewhere" / "summary.j2", "@title 外面的\n@p 外面的。\n")
    _link(tmp_path / "tpl" / "mine" / "summary.j2", outside)
    options = ["--template-dir", str(tmp_path / "tpl"), "--template", "mine"]
    result = CliRunner().invoke(
        app, ["build", str(EXAMPLE), *options, "-o", str(tmp_path / "o.md")]
    )
    assert result.exit_code == 3 and "模板文件夹以外" in result.stderr
    assert not (tmp_path / "o.md").exists()


def test_links_that_stay_inside_the_folder_keep_working(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    _write(tpl / "shared" / "org.j2", "@h1 组织领导\n@p 链接仍在文件夹内。\n")
    _link(tpl / "organisation.j2", tpl / "shared" / "org.j2")
    # A family's subfolder may link to a file of the folder that holds it.
    _write(tpl / "clos.j2", "@h1 结尾\n@p 子文件夹链接到上一级。\n")
    _link(tpl / "kepu" / "closing.j2", tpl / "clos.j2")
    result = _build_with(tpl, tmp_path)
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "链接仍在文件夹内。" in text and "子文件夹链接到上一级。" in text


def test_a_template_file_that_is_not_a_regular_file_is_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    os.mkfifo(tpl / "organisation.j2")  # opening it would wait for a writer for ever
    with within(5):
        result = _build_with(tpl, tmp_path)
    assert result.exit_code == 0, result.stderr  # the built-in organisation.j2 is used


# --- 14.3: a render is bounded in time and in what it makes -------------------------------------


def _build_user(tmp_path: Path, line: str) -> tuple[Any, Path]:
    user = _write(tmp_path / "tpl" / "organisation.j2", f"@p 第一行\n{line}\n")
    return _build_with(tmp_path / "tpl", tmp_path), user


RUNS_LONG = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    # A macro that calls itself twice: 2**40 calls, no loop at all.
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    # No loop, no call: filter after filter on a long list.
    "{% set s = range(100000)|list %}" + "{{ s|sort|first }}" * 300,
]


@pytest.mark.parametrize("line", RUNS_LONG, ids=["nested-loops", "macro", "filters"])
def test_a_template_that_runs_too_long_is_stopped_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 1.0)
    with within(4):  # minutes, or for ever, before the fix
        result, user = _build_user(tmp_path, line)
    assert result.exit_code == 3, result.output
    assert f"{user}:2: 模板运行超过 1 秒，已停止" in result.stderr
    assert not (tmp_path / "o.md").exists()


def test_a_macro_that_calls_itself_for_ever_is_located(tmp_path: Path) -> None:
    with within(5):
        result, user = _build_user(tmp_path, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    assert result.exit_code == 3 and f"{user}:2: " in result.stderr
    assert "嵌套过深" in result.stderr and "Traceback" not in result.stderr


GROWS = [
    "@p {{ 'a'.center(999999999) }}",
    "@p {{ ('a\t' * 1000).expandtabs(999999) }}",
    "@p {{ '{:>999999999}'.format(1) }}",
    "@p {{ '{:{}}'.format(1, 999999999) }}",
    "@p {{ '%0999999999d' % 1 }}",
    "@p {{ '%s' | format('x' * 900000) ~ 'x' * 900000 }}",
    "@p {{ 'x' | indent(999999999) }}",
    "@p {{ ('ab' * 1000) | replace('', 'x' * 1000) }}",
    "@p {{ ('x' * 1000).join(range(100000)) }}",
    "{% set s = namespace(t='ab') %}{% for i in range(40) %}{% set s.t = s.t ~ s.t %}{% endfor %}",
    "{% set s = namespace(t='ab') %}{% for i in range(40) %}{% set s.t = s.t + s.t %}{% endfor %}",
    "{% set l = ['x' * 100] %}{% for i in range(40) %}{% do l.extend(l) %}{% endfor %}",
    "{% set l = [] %}{% for i in range(100000) %}{% do l.append('x' * 1000) %}{% endfor %}",
    "{% set d = {} %}{% for i in range(100000) %}{% do d.update({i: 'x' * 100}) %}{% endfor %}",
]


@pytest.mark.parametrize("line", GROWS)
def test_a_template_that_makes_too_large_a_text_is_refused_at_once(
    tmp_path: Path, line: str
) -> None:
    with within(3):  # gigabytes before the fix
        result, user = _build_user(tmp_path, line)
    assert result.exit_code == 3, result.output
    assert f"{user}:2: 模板生成的文本或列表过长（超过 1,000,000 字），已停止" in result.stderr
    assert not (tmp_path / "o.md").exists()


def test_too_long_an_output_is_refused(tmp_path: Path) -> None:
    with within(3):
        result, _ = _build_user(
            tmp_path, "{% for i in range(100000) %}@p {{ 'x' * 100 }}\n{% endfor %}"
        )
    assert result.exit_code == 3, result.output
    assert "模板输出的文字过长（超过 1,000,000 字），已停止" in result.stderr
    assert not (tmp_path / "o.md").exists()


def test_a_long_but_reasonable_text_is_still_made(tmp_path: Path) -> None:
    result, _ = _build_user(
        tmp_path, "@p {{ '{:->20}'.format(1) ~ '%05d' % 7 ~ 'a'.center(5, '+') ~ 'x' * 5000 }}"
    )
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "-" * 19 + "1" + "00007" + "++a++" + "x" * 5000 in text


# --- 14.4: a huge data file is refused before it is parsed, and before it is read --------------


def _validate(path: Path) -> Any:
    return CliRunner().invoke(app, ["validate", str(path)])


def test_a_data_file_over_a_megabyte_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        "year: 2020\ncommunity:\n  name: 城里社区\ntitle: " + "长" * 700_000 + "\n", "utf-8"
    )
    with within(1):
        result = _validate(path)
    assert result.exit_code == 1
    assert f"{path}: 文件太大（{path.stat().st_size:,} 字节）" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a sparse file of 3 GB")
def test_a_huge_data_file_is_not_read_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(b"year: 2020\ntitle: ")
        stream.truncate(3_000_000_000)  # reading it all would take seconds and 3 GB
    with within(1):
        result = _validate(path)
    assert result.exit_code == 1 and "文件太大（3,000,000,000 字节）" in result.stderr


def test_a_file_of_too_many_values_is_refused_before_its_nodes_are_made(tmp_path: Path) -> None:
    # 400,000 values in 800 KB: making PyYAML's nodes for them took 6 s before the refusal.
    path = _write(tmp_path / "many.yaml", "year: 2020\ntopics: [" + "0," * 400_000 + "0]\n")
    with within(1):
        result = _validate(path)
    assert result.exit_code == 1
    assert f"{path}:2:9: 文件太大：超过 {NODE_LIMIT} 项" in result.stderr


# --- 14.5: family.yaml is read with a data file's defences -------------------------------------


def _family(root: Path, name: str, family_yaml: str) -> Path:
    _write(root / name / "summary.j2", "@title 我们的总结\n@p 内容。\n")
    return _write(root / name / "family.yaml", family_yaml)


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for previous, name in itertools.pairwise("abcdefghijklmnop"[: levels + 1]):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + f"\ndescription: *{'abcdefghijklmnop'[levels]}\n"


def test_a_deeply_nested_family_file_is_located_not_an_internal_error(tmp_path: Path) -> None:
    file = _family(tmp_path / "tpl", "mine", "description: " + "[" * 20_000 + "]" * 20_000 + "\n")
    options = ["--template-dir", str(tmp_path / "tpl"), "--template", "mine"]
    with within(2):
        result = CliRunner().invoke(
            app, ["build", str(MINIMAL), *options, "-o", str(tmp_path / "o.md")]
        )
    assert result.exit_code == 3, result.output
    # Told as nesting with every PyYAML release (6.0.1's libyaml has no depth limit of its own).
    assert f"{file}:1:" in result.stderr and "嵌套层次太深" in result.stderr, result.stderr
    assert "文件太大" not in result.stderr
    assert "内部错误" not in result.stderr


def test_templates_names_a_family_file_that_is_an_alias_bomb_and_lists_the_others(
    tmp_path: Path,
) -> None:
    bomb = _family(tmp_path, "bomb", _alias_bomb())
    _family(tmp_path, "good", "description: 好的总结\n")
    with within(2):
        result = CliRunner().invoke(app, ["templates", "--template-dir", str(tmp_path)])
    assert result.exit_code == 3
    listed = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "好的总结" in listed["good"] and "无法读取" in listed["bomb"]
    assert {"kepu", "liuhao", "shengtai"} <= set(listed)
    assert f"{bomb}:" in result.stderr and "十亿笑" in result.stderr


# --- 14.12: encodings detected, invisible characters removed and never shown --------------------

BIG5 = "# 城裡社區的數據\nyear: 2020\ncommunity:\n  name: 城裡社區\n  street: 興安街道\n"


def test_a_big5_file_is_read_as_big5_not_as_gbk() -> None:
    summary, warnings = load_text(BIG5.encode("big5"), "b.yaml")
    assert (summary.community.name, summary.community.street) == ("城裡社區", "興安街道")
    assert [w.message for w in warnings] == [
        "文件不是 UTF-8 编码，已按 Big5 读取；建议用“UTF-8”编码另存"
    ]


def test_a_file_that_fits_gbk_and_big5_alike_is_refused_naming_both() -> None:
    # Four characters are valid GBK and valid Big5 (as 誠爵芙Ⅴ): no detector can be sure.
    problems = _problems("year: 2020\ncommunity:\n  name: 城里社区\n".encode("gbk"))
    assert [p.message for p in problems] == [
        "文件不是 UTF-8 编码，看起来是 GBK，也可能是 Big5，但无法确定；"
        "请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”"
    ]


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_read_and_named(codec: str) -> None:
    summary, warnings = load_text(BIG5.encode(codec), "u.yaml")
    assert summary.community.name == "城裡社區"
    assert len(warnings) == 1 and "UTF-32 编码" in warnings[0].message


def test_a_broken_surrogate_in_utf16_with_a_bom_is_located_and_named() -> None:
    data = (
        "year: 2020\ncommunity:\n  name: 城里".encode("utf-16")
        + b"\x00\xd8"
        + "社区\n".encode("utf-16-le")
    )
    (problem,) = _problems(data)
    assert (problem.line, problem.column) == (3, 11)
    assert problem.message.startswith("文件是 UTF-16（“Unicode”）编码，但这里的字节（0x00 0xD8")
    assert "BOM" not in problem.message


def test_a_utf8_file_is_read_without_importing_the_detector() -> None:
    code = (
        "import sys; from summary_gen.loading import load_text; "
        "load_text('year: 2020\\ncommunity:\\n  name: 城里社区\\n'.encode()); "
        "print('charset_normalizer' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("char", "kind"),
    [("\u202e", "方向控制字符"), ("\u2066", "方向控制字符"), ("\u200b", "零宽字符")],
)
def test_invisible_characters_typed_are_removed_with_a_warning_that_names_them(
    char: str, kind: str
) -> None:
    text = f"year: 2020\ncommunity:\n  na{char}me: 城里{char}社区\n  street: 兴安街道{char}\n"
    summary, warnings = load_text(text, "i.yaml")
    assert (summary.community.name, summary.community.street) == ("城里社区", "兴安街道")
    code = f"U+{ord(char):04X}"
    assert [(w.line, w.column, w.message) for w in warnings] == [
        (3, 5, f"已删除 2 个看不见的{kind}（{code}），它们会打乱或隐藏文字"),
        (4, 15, f"已删除 1 个看不见的{kind}（{code}），它们会打乱或隐藏文字"),
    ]
    assert not any(char in str(w) for w in warnings)


def test_an_invisible_character_written_as_an_escape_is_refused_by_its_code() -> None:
    (problem,) = _problems(b'year: 2020\ncommunity:\n  name: "\\u202e\xe5\x9f\x8e"\n')
    assert (problem.line, problem.path) == (3, "community.name")
    assert "U+202E" in problem.message and "\u202e" not in problem.message


def test_many_invisible_characters_are_removed_in_linear_time() -> None:
    plans = "  - 计划\u200b\u200b\n" * 5_000
    text = "year: 2020\ncommunity:\n  name: 城里社区\nclosing:\n  plans:\n" + plans
    with within(2):
        summary, warnings = load_text(text, "z.yaml")
    assert summary.closing.plans[-1] == "计划"
    assert len(warnings) == 11 and warnings[-1].message == "另有 4990 行也删除了这样的字符"
