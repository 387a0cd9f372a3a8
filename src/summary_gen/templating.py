"""The Jinja environment and the line protocol between templates and the document structure.

A family's template writes the document as lines, each block starting with a marker:

    @title 创建科普示范社区工作总结
    @h1 领导重视，健全组织机构，把科普工作落到实处
    @p 成立了……
       ……continuation lines are joined to the block without a separator……

Blank lines are ignored, and so is the template's own whitespace wherever it touches Chinese
text or data (a space is kept only between two Latin letters or digits, as in ``GB/T 9704``), so
templates can be laid out and indented freely. Numerals of headings (一、 （一）)
are added by the renderer, so a section left out for lack of data does not leave a gap.

Every value a template prints goes through ``finalize``: ``None``, undefined names, lists and raw
quantities are template bugs and fail; text is wrapped in two control characters that a data file
can never contain (the loader refuses them). The parser treats wrapped text as opaque, so a name
like ``@h1 x`` or ``{{ 7*7 }}`` in the data can neither start a block nor be evaluated, and the
placeholder check looks only at what the template itself wrote.

Templates are looked up in the user's folders first (``--template-dir``, then the
``summary-gen-templates`` folder beside the data file), then in the built-in family, so a user
overrides one part by writing a file of the same name. ``builtin:kepu/organisation.j2`` always
names the built-in file, so a user's ``organisation.j2`` can extend it
(``{% extends "builtin:kepu/organisation.j2" %}``) instead of copying it.

Every template, built-in or the user's, runs in Jinja's sandbox: attributes starting with ``_``
and Python internals (``''.__class__.__mro__``) are refused, ``range`` is bounded, strings and
numbers cannot be blown up to fill the memory, and a template can name no file outside the
template folders. Sandboxing all of them costs about 1 ms a render, and keeps one behaviour.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from .errors import TemplateError
from .lazyre import LazyPattern
from .quantity import Quantity

__all__ = ["BUILTIN_PREFIX", "BUILTIN_TEMPLATES", "MARKERS", "make_environment", "render_lines"]

USER_OPEN, USER_CLOSE = "\x02", "\x03"
MARKERS = {"@title": "title", "@h1": "heading1", "@h2": "heading2", "@p": "paragraph"}
_MARKER_RE = re.compile(r"^(@title|@h1|@h2|@p)(?:\s+|$)")

# What must never reach a document from the template's own text.
_PLACEHOLDERS = re.compile(r"None|\?|？|\[\]|\{\{|\}\}|\{%|%\}|“”|‘’|\"\"|\(\)|（）|Undefined")


def _builtin_templates_dir() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "templates"  # inside the wheel (force-include)
    if installed.is_dir():
        return installed
    return here.parent.parent / "templates"  # a source checkout


BUILTIN_TEMPLATES = _builtin_templates_dir()

BUILTIN_PREFIX = "builtin"
"""``builtin:<family>/<file>`` names a built-in template even where a user's file overrides it."""

# A string or list longer than this, or a number of more bits, is abuse, not a summary.
_MAX_REPEAT = 1_000_000
_MAX_POWER_BITS = 100_000


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox, with its refusals told in Chinese and two more guards against
    templates that would exhaust the memory (``"x" * 10**10``, ``10**1000000``)."""

    intercepted_binops = frozenset({"*", "**"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return self.undefined(
            f"模板不能访问“{attribute}”：出于安全考虑，模板只能读取数据，"
            "不能使用以下划线开头的名称或 Python 的内部属性",
            name=attribute,
            obj=obj,
            exc=jinja2.sandbox.SecurityError,
        )

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > _MAX_REPEAT
                ):
                    raise jinja2.sandbox.SecurityError(
                        f"模板生成的文本或列表过长（超过 {_MAX_REPEAT} 项）"
                    )
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and abs(left).bit_length() * right > _MAX_POWER_BITS
        ):
            raise jinja2.sandbox.SecurityError("模板计算的数字过大")
        return super().call_binop(context, operator, left, right)


def _finalize(value: Any) -> str:
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()  # an UndefinedError that names the missing name
    if value is None:
        raise TemplateError("模板输出了空值（None）：应先判断该字段是否存在")
    if isinstance(value, Quantity):
        raise TemplateError(f"模板直接输出了数量 {value}：应使用 qty 过滤器加单位")
    if isinstance(value, Mapping | list | tuple | set):
        raise TemplateError(f"模板直接输出了列表或字典：{value!r}")
    text = str(value)
    if USER_OPEN in text:  # already a mix of template text and wrapped data: keep as is
        return text
    if text == "":
        return ""
    return f"{USER_OPEN}{_one_line(text)}{USER_CLOSE}"


# Every boundary str.splitlines() splits at, not only \n.
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])\s*")


def _one_line(text: str) -> str:
    """Data on one line: the parser splits the template's output into lines, and a line break
    inside a value (a YAML ``|`` block) would cut the wrapped text in two, letting its second
    line start a block of its own. Chinese joins the pieces without a space, Latin with one."""
    return _LINE_BREAK.sub(_space_between_latin, text)


def _space_between_latin(match: re.Match[str]) -> str:
    """What whitespace becomes in running text: a space between two Latin letters or digits,
    else nothing (Chinese is set without spaces)."""
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
    return " " if latin else ""


class _FileLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, with a template that is not UTF-8 told by its own path and line
    (Jinja would raise a bare UnicodeDecodeError, which names no file)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            path = self._path_of(template)
            line = 0
            if path:
                with contextlib.suppress(OSError):
                    line = Path(path).read_bytes()[: exc.start].count(b"\n") + 1
            raise TemplateError(
                "模板文件不是 UTF-8 编码：请用记事本或 WPS 打开，“另存为”时编码选“UTF-8”",
                path or template,
                line,
            ) from None

    def _path_of(self, template: str) -> str:
        """The file ``template`` names, found as the loader finds it: first folder wins."""
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if os.path.isfile(path):
                return path
        return ""


def make_environment(
    search_path: Iterable[Path] = (), filters: Mapping[str, Any] = ()
) -> jinja2.Environment:
    """A sandboxed environment that looks in ``search_path`` first, then the built-in
    templates; ``builtin:<family>/<file>`` names a built-in template whatever overrides it."""
    from . import zh

    builtin = _FileLoader(str(BUILTIN_TEMPLATES))
    # FileSystemLoader refuses ".." and reads "/etc/passwd" as a name inside its folders.
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({BUILTIN_PREFIX: builtin}, delimiter=":"),
            _FileLoader([*map(str, search_path), str(BUILTIN_TEMPLATES)]),
        ]
    )
    env = _Sandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        # A part that ends with a text line ends that line: the next part's first marker
        # (summary.j2 includes them one after another) must start a line of its own.
        keep_trailing_newline=True,
        # {% do list.append(x) %}: templates collect the clauses of a sentence before joining them.
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(zh.FILTERS)
    env.filters.update(dict(filters))
    return env


def render_lines(
    env: jinja2.Environment, name: str, context: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Render template ``name`` and parse its lines into ``(kind, text)`` blocks.

    Every failure is a :class:`TemplateError` in Chinese (Jinja's own message after it in
    parentheses), located at the template file and line where that is known: the user's file
    when a user template failed.
    """
    entry = name
    try:
        template = env.get_template(name)
        entry = _shown_name(template.filename, name)
        text = template.render(context)
    except TemplateError as exc:
        if exc.template:
            raise
        # Raised by finalize or a filter: add where in the template it happened.
        file, line = _template_position(exc)
        raise TemplateError(str(exc), file or entry, line) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板语法错误：{_chinese(exc.message or '')}",
            exc.filename or exc.name or entry,
            exc.lineno,
        ) from exc
    except jinja2.UndefinedError as exc:
        file, line = _template_position(exc)
        raise TemplateError(
            f"模板使用了不存在的名称或属性：{_chinese(exc.message or '')}", file or entry, line
        ) from exc
    except jinja2.TemplateNotFound as exc:
        file, line = _template_position(exc)
        raise TemplateError(_not_found_message(exc), file, line) from exc
    except jinja2.sandbox.SecurityError as exc:
        file, line = _template_position(exc)
        raise TemplateError(f"模板中有不安全的操作，已拒绝：{exc}", file or entry, line) from exc
    except OverflowError as exc:  # the sandbox's range() guard, or arithmetic gone wild
        file, line = _template_position(exc)
        raise TemplateError(
            f"模板请求的范围或数字过大，已拒绝（range 最多 {jinja2.sandbox.MAX_RANGE} 项）",
            file or entry,
            line,
        ) from exc
    except Exception as exc:
        # A template can call a method or filter with wrong arguments (a TypeError, a
        # ValueError): still a template failure, to be reported with its place, not a traceback.
        file, line = _template_position(exc)
        raise TemplateError(f"模板执行出错：{_runtime_message(exc)}", file or entry, line) from exc
    return parse_lines(text, entry)


def _shown_name(filename: str | None, name: str) -> str:
    """How an entry template is named in a message: a user's file by its path, a built-in one
    by its name (summary.j2), as before there were user templates."""
    if not filename:
        return name
    try:
        builtin = Path(filename).resolve().is_relative_to(BUILTIN_TEMPLATES)
    except (OSError, RuntimeError):
        builtin = False
    return name if builtin else filename


# Jinja's messages, in Chinese; the original follows in parentheses. First match wins.
_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "模板结尾",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
}
# Only a broken template needs them, so they are compiled when one is met (LazyPattern).
_JINJA_MESSAGES: tuple[tuple[LazyPattern, str], ...] = tuple(
    (LazyPattern(pattern, re.DOTALL), chinese)
    for pattern, chinese in (
        (r"Expected an expression, got '(.+)'", "这里缺少表达式"),
        (r"No filter named '(.+?)'", "没有名为“{0}”的过滤器"),
        (r"No test named '(.+?)'", "没有名为“{0}”的测试"),
        (r"Encountered unknown tag '(.+?)'", "未知或多余的标签“{0}”"),
        (
            r"Unexpected end of template.*innermost block that needs to be closed is '(.+?)'",
            "模板结束了，但“{{% {0} %}}”还没有对应的“{{% end{0} %}}”",
        ),
        (r"Unexpected end of template", "模板意外结束"),
        (r"unexpected char '(.+?)'", "无法识别的字符“{0}”"),
        (r"unexpected '(.+)'", "这里不应出现“{0}”"),
        (r"expected token '(.+?)', got '(.+)'", "这里应为“{0}”，而不是“{1}”"),
        (r"block '(.+?)' defined twice", "块“{0}”定义了两次"),
        (r"tag name expected", "缺少标签名"),
        (r"'(.+?)' is undefined", "名称“{0}”未定义"),
        (r"'?(.+?)'? has no attribute '(.+?)'", "“{0}”没有属性“{1}”"),
        (r"'?(.+?)'? has no element (.+)", "“{0}”没有第 {1} 项"),
    )
)


def _chinese(message: str) -> str:
    """A Jinja message in Chinese, the original after it: ``名称“nope”未定义（'nope' is
    undefined）``. A message without a translation is returned as it is."""
    for pattern, chinese in _JINJA_MESSAGES:
        match = pattern.match(message)
        if match:
            words = [_TOKENS.get(group, group) for group in match.groups()]
            return f"{chinese.format(*words)}（{message}）"
    return message


_RUNTIME_MESSAGES: tuple[tuple[type[BaseException], str], ...] = (
    (ZeroDivisionError, "除数为零"),
    (RecursionError, "模板嵌套过深，可能包含或继承了它自己"),
    (TypeError, "值的类型不对，或调用的参数不对"),
    (ValueError, "取值无效"),
    (KeyError, "没有这一项"),
    (IndexError, "序号超出了范围"),
    (AttributeError, "没有这个属性"),
)


def _runtime_message(exc: BaseException) -> str:
    """An error of a template's own code in Chinese, Python's message after it."""
    original = f"{type(exc).__name__}: {exc}"
    for kind, chinese in _RUNTIME_MESSAGES:
        if isinstance(exc, kind):
            return f"{chinese}（{original}）"
    return original


def parse_lines(text: str, name: str = "") -> list[tuple[str, str]]:
    """Parse the line protocol; wrapped data is opaque and its wrappers are removed."""
    blocks: list[list[str]] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        match = _MARKER_RE.match(line)
        if match:
            blocks.append([MARKERS[match[1]], line[match.end() :]])
        elif blocks:
            blocks[-1][1] += line
        else:
            raise TemplateError(
                f"模板输出的第一行应以 @title、@h1、@h2 或 @p 开头：{_show(line)}", name
            )
    result = []
    for kind, body in blocks:
        _check_placeholders(body, name)
        clean = _drop_layout_space(body).replace(USER_OPEN, "").replace(USER_CLOSE, "").strip()
        if clean:
            result.append((kind, clean))
    return result


_WRAPPED = re.compile(f"({USER_OPEN}[^{USER_CLOSE}]*{USER_CLOSE})")
_LAYOUT_SPACE = re.compile(r"\s+")


def _drop_layout_space(body: str) -> str:
    """The template's own whitespace is layout (indentation inside a block, the line breaks of
    a set block), except a space between two Latin letters or digits. Data keeps its spaces."""
    parts = _WRAPPED.split(body)
    for index in range(0, len(parts), 2):  # the template's own text sits at even indexes
        parts[index] = _LAYOUT_SPACE.sub(_space_between_latin, parts[index])
    return "".join(parts)


def _check_placeholders(body: str, name: str) -> None:
    own_text = _WRAPPED.sub("X", body)
    found = _PLACEHOLDERS.search(own_text)
    if found:
        raise TemplateError(f"模板输出中留有占位内容“{found[0]}”：{_show(body)}", name)


def _show(text: str) -> str:
    return text.replace(USER_OPEN, "").replace(USER_CLOSE, "")[:60]


def _not_found_message(exc: jinja2.TemplateNotFound) -> str:
    names = [str(n) for n in (getattr(exc, "templates", None) or [exc.name])]
    shown = "、".join(names)
    if any(_outside_the_folders(n) for n in names):
        return f"模板只能引用模板文件夹中的模板，不能读取其他文件：{shown}"
    return f"找不到模板 {shown}"


def _outside_the_folders(name: str) -> bool:
    """A name that tries to leave the template folders: absolute, a drive, or ``..``."""
    name = name.removeprefix(f"{BUILTIN_PREFIX}:")
    return (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name) is not None
        or ".." in re.split(r"[/\\]", name)
    )


def _template_position(exc: BaseException) -> tuple[str, int]:
    """The innermost template frame of a traceback. Jinja compiles templates to Python code
    whose frames carry ``__jinja_template__`` and a line map; once Jinja has rewritten the
    traceback (it does so for every error raised while rendering), the template's frames are
    stand-ins whose file name is the template's and whose line number is the template line."""
    file, line = "", 0
    tb = exc.__traceback__
    while tb is not None:
        frame_file = tb.tb_frame.f_code.co_filename
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            file = template.filename or template.name or ""
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif not frame_file.endswith(".py") and not frame_file.startswith("<"):
            file, line = frame_file, tb.tb_lineno
        tb = tb.tb_next
    return file, line
