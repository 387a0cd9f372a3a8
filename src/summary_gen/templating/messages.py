"""Jinja's errors told in Chinese, located at the template file and line where they happened."""

from __future__ import annotations

import re

import jinja2
import jinja2.sandbox
from jinja2.exceptions import SecurityError

from ..errors import TemplateError
from .families import BUILTIN_PREFIX
from .limits import LimitExceeded

__all__ = ["translate"]


def translate(exc: Exception, entry: str) -> TemplateError:
    """The :class:`TemplateError` that tells ``exc``, raised while rendering the template
    ``entry``, in Chinese (Jinja's own message after it in parentheses), located at the template
    file and line where that is known. A TemplateError that names its template is returned as
    it is."""
    if isinstance(exc, TemplateError):
        if exc.template:
            return exc
        # Raised by finalize or a filter: add where in the template it happened.
        file, line = _template_position(exc)
        return TemplateError(str(exc), file or entry, line)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            f"模板语法错误：{_chinese(exc.message or '')}",
            exc.filename or exc.name or entry,
            exc.lineno,
        )
    file, line = _template_position(exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(_not_found_message(exc), file, line)
    file = file or entry
    if isinstance(exc, jinja2.UndefinedError):
        message = f"模板使用了不存在的名称或属性：{_chinese(exc.message or '')}"
    elif isinstance(exc, LimitExceeded):  # its message says it all
        message = str(exc)
    elif isinstance(exc, SecurityError):
        message = f"模板中有不安全的操作，已拒绝：{exc}"
    elif isinstance(exc, OverflowError):  # the sandbox's range() guard, or arithmetic gone wild
        message = f"模板请求的范围或数字过大，已拒绝（range 最多 {jinja2.sandbox.MAX_RANGE} 项）"
    else:
        message = f"模板执行出错：{_runtime_message(exc)}"
    return TemplateError(message, file, line)


# Jinja's messages, in Chinese; the original follows in parentheses. First match wins.
_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "模板结尾",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
}


# Only a broken template needs them: re compiles each when one is first met, and caches it.
_JINJA_MESSAGES: tuple[tuple[str, str], ...] = tuple(
    (pattern, chinese)
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
        match = re.match(pattern, message, re.DOTALL)
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
