"""Chinese for what typer and its copy of Click print themselves: headings, usage, the help of the
options they add, and the messages of usage errors.

Typer translates its own strings (panel titles, ``[default: …]``, ``[required]``, ``Try … for
help``) through gettext, in the application's text domain: ``locale/`` holds that catalog. Since
typer 0.26 its copy of Click (``typer._click``) no longer calls gettext, so ``Usage:``, the help
of ``--help`` and of the completion options, and the usage errors (``No such option`` …) are
fixed English: :class:`Group` and :class:`Command`, given to typer as ``cls`` as typer provides,
put them into Chinese through Click's own overridable methods: from the same catalog, or, for
the messages, from the data the exceptions carry (their English is parsed for one message only,
which carries none).

The language is always Chinese, whatever the user's locale: a Chinese tool for Chinese users.
"""

from __future__ import annotations

import difflib
import gettext
import os
from pathlib import Path
from typing import Any

from typer._click import exceptions as click_errors  # typer exports no public alias
from typer.core import TyperCommand, TyperGroup

__all__ = ["Command", "Group"]

DOMAIN = "summary_gen"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGE = "zh_CN"

# typer looks its strings up with the global gettext functions, which read the language from the
# environment (LANGUAGE first), and reads rich_utils' strings once, when it first imports that
# module (lazily, to render help or an error): so this runs when the command line is imported.
os.environ["LANGUAGE"] = LANGUAGE
gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
gettext.textdomain(DOMAIN)
_ = gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGE]).gettext


def _name(param: Any) -> str:
    """How an error names a parameter: ``-j/--jobs``, or an argument's metavar (``PATH``)."""
    if param.param_type_name == "option":
        return "/".join(param.opts)
    return str(param.metavar or param.name)


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + " 或 " + names[-1]


def _find_option(ctx: Any, name: str) -> Any:
    params = ctx.command.get_params(ctx)
    return next((p for p in params if name in (*p.opts, *p.secondary_opts)), None)


def _invalid_value(error: Any) -> str:
    """Why typer refused a value: it validates with pydantic, whose error types are stable."""
    from pydantic import ValidationError

    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        first = cause.errors()[0]
        limits = first.get("ctx", {})
        reasons = {
            "int_parsing": "应为整数",
            "greater_than_equal": f"应不小于 {limits.get('ge')}",
            "greater_than": f"应大于 {limits.get('gt')}",
            "less_than_equal": f"应不大于 {limits.get('le')}",
            "less_than": f"应小于 {limits.get('lt')}",
        }
        if first["type"] in reasons:
            return f"的值“{first['input']}”{reasons[first['type']]}"
        if first["type"] == "value_error":  # a parser of ours (commands.path_value) refused it
            return f"的值无效：{limits.get('error')}"
    return f"的值无效：{error.message}"


def _message(error: click_errors.UsageError, ctx: Any) -> str | None:
    """The Chinese for a usage error typer raised in English, or None to leave it as it is."""
    if isinstance(error, click_errors.NoSuchOption):
        message = f"没有这个选项：{error.option_name}"
        if error.possibilities:
            message += f"；是不是 {_either(list(error.possibilities))}？"
        return message
    if isinstance(error, click_errors.MissingParameter) and error.param is not None:
        kind = "选项" if error.param.param_type_name == "option" else "参数"
        return f"缺少{kind} {_name(error.param)}"
    if isinstance(error, click_errors.BadParameter) and error.param is not None:
        return f"{_name(error.param)} {_invalid_value(error)}"
    if isinstance(error, click_errors.BadOptionUsage):
        option = _find_option(ctx, error.option_name)
        if option is None:
            return None
        if option.is_flag:
            return f"选项 {error.option_name} 不接受值"
        return f"选项 {error.option_name} 后面缺少值"
    # Click's one remaining message without data of its own (Command.parse_args).
    prefix = "Got unexpected extra argument(s) ("
    if type(error) is click_errors.UsageError and error.message.startswith(prefix):
        return f"多余的参数：{error.message[len(prefix) : -1]}"
    return None


class _Chinese:
    """What a group and a command both print: usage, the help of the options typer adds, errors."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage: "))

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            # Our own help is Chinese and no msgid; typer's and Click's English is in the catalog.
            if param.help:
                param.help = _(param.help)
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            remaining: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
            return remaining
        except click_errors.UsageError as error:
            message = _message(error, ctx)
            if message is None:
                raise
            raise click_errors.UsageError(message, ctx) from None


class Command(_Chinese, TyperCommand):
    """A typer command whose own English reads in Chinese."""


class Group(_Chinese, TyperGroup):
    """The typer group of all commands, in Chinese; also says which command was meant."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Click's test: a first argument that is no option names a command.
        name = args[0] if args else ""
        unknown = name[:1].isalnum() and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            message = f"没有这个命令：{name}"
            close = difflib.get_close_matches(name, self.list_commands(ctx))
            if close:
                message += f"；是不是 {_either(close)}？"
            raise click_errors.UsageError(message, ctx)
        return super().resolve_command(ctx, args)
