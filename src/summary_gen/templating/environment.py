"""The sandboxed Jinja environment: where templates are found, and how one is rendered.

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
import functools
import hashlib
import os
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.runtime
import jinja2.sandbox
from jinja2 import nodes
from jinja2.exceptions import SecurityError

from .. import __version__
from ..errors import TemplateError
from . import limits
from .families import BUILTIN_PREFIX, BUILTIN_TEMPLATES
from .messages import translate
from .protocol import finalize, parse_lines

__all__ = ["environment", "make_environment", "render_lines"]


_STEPS = "_steps"
"""The filter each loop's iterable passes through: a name no template needs to write."""


@jinja2.pass_context  # never folded into a constant at compile time, as other filters may be
def _steps(context: Any, iterable: Iterable[Any]) -> Iterable[Any]:
    return limits.steps(iterable)


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, with the hooks :mod:`.limits` needs where the sandbox has none:
    each step of a loop checks the render's deadline, a text joined with ``~`` is measured, and
    a block's output is joined by the environment's ``concat`` (Jinja 3.0 uses its own). The
    hooks are direct calls, not the sandbox's: a loop costs no more than a filter."""

    def write_commons(self) -> None:
        super().write_commons()
        self.writeline("concat = environment.concat")

    def visit_Template(
        self, node: nodes.Template, frame: jinja2.compiler.Frame | None = None
    ) -> None:
        # Each loop's iterable through the filter of limits.steps (Jinja allows no node type of
        # our own), before Jinja collects the filters the template uses.
        for loop in node.find_all(nodes.For):
            steps = nodes.Filter(loop.iter, _STEPS, [], [], None, None)
            loop.iter = steps.set_lineno(loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        self.write("environment.measured(")
        super().visit_Concat(node, frame)
        self.write(")")


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox, with its refusals told in Chinese, and its calls, operators and loops
    bounded in time and in what they make (:mod:`.limits`)."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(limits.concat)
    measured = staticmethod(limits.checked)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Paragraphs of Latin filler by the thousand, of no use in a summary.
        del self.globals["lipsum"]

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return self.undefined(
            f"模板不能访问“{attribute}”：出于安全考虑，模板只能读取数据，"
            "不能使用以下划线开头的名称或 Python 的内部属性",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _refuse_repeat(left, right)
        elif (
            operator == "**"
            and isinstance(right, int)
            and right > 0
            and _bits(left) * right > limits.MAX_POWER_BITS
        ):
            raise limits.LimitExceeded("模板计算的数字过大")
        elif operator == "%" and isinstance(left, str):
            limits.printf(left, right)
        return limits.checked(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        limits.check_time()  # a macro that calls itself repeats work through here
        if isinstance(obj, jinja2.runtime.Macro):  # its output is measured as it is joined
            return super().call(context, obj, *args, **kwargs)
        owner = getattr(obj, "__self__", None)
        # Jinja 3.1.5 and later hand a template a wrapper of str.format, earlier ones the method.
        method = obj if owner is not None else getattr(obj, "__wrapped__", obj)
        if getattr(method, "__name__", "") in ("format", "format_map") and isinstance(
            getattr(method, "__self__", None), str
        ):
            return self._format(method, args, kwargs)
        args = limits.check_call(obj, args)
        result = super().call(context, obj, *args, **kwargs)
        if isinstance(owner, list | dict | set):  # append, extend, update…: what they added
            limits.spend(limits.weight(args) + (limits.weight(kwargs) if kwargs else 0))
        return limits.checked(result)

    def _format(self, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        text = method.__self__
        if method.__name__ == "format_map":
            if len(args) != 1 or kwargs:
                raise TypeError("format_map() takes exactly one argument")
            kwargs, args = args[0], ()
        return type(text)(limits.Formatter(self).vformat(text, args, kwargs))


def _bits(value: Any) -> int:
    """The bits of an int (0 for anything else)."""
    return abs(value).bit_length() if isinstance(value, int) else 0


def _refuse_repeat(left: Any, right: Any) -> None:
    """Refuse ``left * right`` where it would make too long a text or list, or too large a
    number, before it is made."""
    if _bits(left) + _bits(right) > limits.MAX_POWER_BITS:
        raise limits.LimitExceeded("模板计算的数字过大")
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            limits.refuse(limits.weight(seq) * times)


_MAX_TEMPLATE_BYTES = 1_000_000
"""A template file is a few kilobytes; a larger one is not a template (or names a wrong file)."""


class _FileLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading only regular files that really lie inside their template
    folder, and telling by path and line a file that is not UTF-8 or is far too large.

    A link is followed to its real location: one that stays inside the folder works, one that
    leads out (``leak.j2 -> ~/.ssh/id_rsa``, ``etc -> /etc``, ``p -> /proc/self``) is refused,
    so a template folder someone passed on cannot copy other files into a document. The folder
    is the one the user or the package gave: a family's subfolder (``DIR/kepu/``) belongs to
    the folder that holds it (``DIR``), which is also on the search path.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            # posixpath, as Jinja joins: a piece cannot add a drive or a share on Windows.
            path = os.path.normpath(posixpath.join(folder, *pieces))
            if os.path.isfile(path):  # a FIFO or a device is no template: never opened
                break
        else:
            raise jinja2.TemplateNotFound(template)
        self._refuse_outside(path, folder, template)
        if os.path.getsize(path) > _MAX_TEMPLATE_BYTES:
            message = f"模板文件太大（超过 {_MAX_TEMPLATE_BYTES // 1_000_000} MB），这不像是模板"
            raise TemplateError(message, path)
        mtime = os.path.getmtime(path)
        try:
            with open(path, encoding="utf-8") as stream:
                source = stream.read()
        except UnicodeDecodeError as exc:
            line = 0
            with contextlib.suppress(OSError):
                line = Path(path).read_bytes()[: exc.start].count(b"\n") + 1
            raise TemplateError(
                "模板文件不是 UTF-8 编码：请用记事本或 WPS 打开，“另存为”时编码选“UTF-8”",
                path,
                line,
            ) from None

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False

        return source, path, uptodate

    def _refuse_outside(self, path: str, folder: str, template: str) -> None:
        parent = os.path.dirname(os.path.normpath(folder))
        normalised = [os.path.normpath(entry) for entry in self.searchpath]
        root = parent if parent in normalised else folder
        real = os.path.realpath(path)
        real_root = os.path.normcase(os.path.realpath(root))
        try:
            inside = os.path.commonpath([real_root, os.path.normcase(real)]) == real_root
        except ValueError:  # another drive
            inside = False
        if not inside:
            # No template position: the message is located at the include that named it.
            raise TemplateError(
                f"模板“{template}”是指向模板文件夹以外的链接（{path} → {real}），"
                f"出于安全考虑不能读取：模板只能使用模板文件夹 {root} 里的文件"
            )


def make_environment(search_path: Iterable[Path] = ()) -> jinja2.Environment:
    """A sandboxed environment that looks in ``search_path`` first, then the built-in
    templates; ``builtin:<family>/<file>`` names a built-in template whatever overrides it."""
    from ..text import compare, zh

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
        finalize=finalize,
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
    env.filters.update(compare.FILTERS)
    env.filters = {name: limits.guard_filter(name, f) for name, f in env.filters.items()}
    env.filters[_STEPS] = _steps
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
        with limits.deadline(limits.RENDER_SECONDS):
            template = env.get_template(name)
            entry = _shown_name(template.filename, name)
            # The output joined as it comes, refused once too long (render() joins it all).
            text = limits.concat(template.generate(context))
    except Exception as exc:
        # A template can also call a method or filter with wrong arguments (a TypeError, a
        # ValueError): still a template failure, to be reported with its place, not a traceback.
        translated = translate(exc, entry)
        if translated is exc:
            raise
        raise translated from exc
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


@functools.lru_cache(maxsize=16)
def environment(path: tuple[Path, ...]) -> jinja2.Environment:
    """The environment for one search path, made once per process and kept."""
    # Compiling the templates costs far more than rendering them; a batch renders many files
    # with the same templates. Jinja still reloads a template whose file has changed.
    env = make_environment(path)
    # Between processes too: compiling is most of a one-file build's own time (issue 4).
    env.bytecode_cache = _bytecode_cache(env)
    return env


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache in the user's temporary folder; a cache that cannot be read or written
    only means compiling again, never a failed build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file fails in pickle or marshal, in any of their ways
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Jinja keys cached code by template file and source only, but the code also depends on
    the environment's options: they go into the cache files' names."""
    try:
        # And on our code generator, which lives here: any change of this file compiles anew
        # (cached code would call hooks that are gone).
        generator = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return None
    options = (
        __version__,
        jinja2.__version__,
        type(env).__qualname__,
        generator,
        env.sandboxed,  # a sandbox compiles calls and operators differently
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.finalize is not None,
        bool(env.autoescape),
        env.optimized,
        env.is_async,
        sorted(env.extensions),
        [
            getattr(env, f"{part}_{side}_string")
            for part in ("block", "variable", "comment")
            for side in ("start", "end")
        ],
        env.line_statement_prefix,
        env.line_comment_prefix,
    )
    key = hashlib.sha256(repr(options).encode()).hexdigest()[:16]
    try:
        return _BytecodeCache(pattern=f"summary-gen-{key}-%s.cache")
    except (OSError, RuntimeError):  # no safe temporary folder: compile every time
        return None
