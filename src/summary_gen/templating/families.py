"""Template families: the built-in ones and those in the user's template folders.

A family is a folder of templates with ``summary.j2`` as its entry point, a ``family.yaml``
that describes it in one line (``description: 创建科普示范社区工作总结``) and declares which data
feed each of its sections (``sections:``, read by :func:`family_sections`), and a commented
``starter.yaml`` that ``summary-gen init --template NAME`` copies. Built-in families live in
``templates/``; a new folder there is picked up without any code change. docs/templates.md
describes all of it for template authors.

User folders come from ``--template-dir`` and, by convention, from a folder named
:data:`LOCAL_TEMPLATES` beside the data file. In a user folder, a file overrides the built-in
template of the same name (``organisation.j2``), and a subfolder ``<family>/`` holds a family
of the user's own or overrides parts of the built-in family of that name.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import TemplateError

__all__ = [
    "BUILTIN_PREFIX",
    "BUILTIN_SOURCE",
    "BUILTIN_TEMPLATES",
    "DEFAULT_FAMILY",
    "DESCRIPTION_FILE",
    "ENTRY_FILE",
    "LOCAL_TEMPLATES",
    "STARTER_FILE",
    "Family",
    "FamilySections",
    "Section",
    "family_names",
    "family_sections",
    "family_settings",
    "find_family",
    "list_families",
    "search_path",
    "signatory_suffix",
    "template_dirs_for",
    "template_dirs_in",
]


def _builtin_templates_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"  # inside the wheel (force-include)
    if installed.is_dir():
        return installed
    return package.parent.parent / "templates"  # a source checkout


BUILTIN_TEMPLATES = _builtin_templates_dir()


BUILTIN_PREFIX = "builtin"
"""``builtin:<family>/<file>`` names a built-in template even where a user's file overrides it."""


LOCAL_TEMPLATES = "summary-gen-templates"
"""The user template folder looked for beside a data file (after any ``--template-dir``)."""

DESCRIPTION_FILE = "family.yaml"
STARTER_FILE = "starter.yaml"
ENTRY_FILE = "summary.j2"
BUILTIN_SOURCE = "内置"


@dataclass(frozen=True, slots=True)
class Family:
    """One template family: its name, one-line description, folder, where it comes from
    (:data:`BUILTIN_SOURCE` or the user folder's path), and any problem of its family.yaml."""

    name: str
    description: str
    folder: Path
    source: str
    problem: str = ""  # what is wrong with its family.yaml, located; "" where nothing is

    @property
    def starter(self) -> Path | None:
        """The family's starter data file, if it has one."""
        path = self.folder / STARTER_FILE
        return path if path.is_file() else None


def template_dirs_for(data_file: Path, given: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The user folders searched for ``data_file``'s templates, first match wins: those given
    on the command line, then the folder beside the data file."""
    return template_dirs_in(data_file.parent, given)


def template_dirs_in(folder: Path, given: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The user folders for data files in ``folder``: ``given``, then its
    :data:`LOCAL_TEMPLATES` folder."""
    local = folder / LOCAL_TEMPLATES
    dirs = [Path(p) for p in given]
    if local.is_dir() and all(_real(local) != _real(d) for d in dirs):
        dirs.append(local)
    return tuple(dirs)


def _real(folder: Path) -> str:
    """The folder with its links resolved, or as written where they loop (a folder given by the
    user must not make a comparison raise)."""
    try:
        return str(folder.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(folder)


def family_settings(folder: Path) -> dict[str, Any]:
    """The settings in the ``family.yaml`` of ``folder`` (``description``, ``signatory_suffix``,
    ``sections``, ``outside_sections``): empty where there is no such file. The one reader of
    that file, which it reads with a data file's defences (an alias bomb or 20,000 levels of
    brackets are refused at once). Raises :class:`TemplateError`, located in the file, where
    it cannot be read."""
    file = folder / DESCRIPTION_FILE
    try:
        found = file.stat()
    except OSError:
        return {}
    if not stat.S_ISREG(found.st_mode):
        return {}
    return _read_settings(str(file), found.st_mtime_ns, found.st_size)


@functools.lru_cache(maxsize=64)
def _read_settings(file: str, mtime_ns: int, size: int) -> dict[str, Any]:
    # Keyed by the file's stamp too: an edited family.yaml is read again.
    del mtime_ns, size
    from ..errors import DataError, UsageError
    from ..loading import load_mapping  # the data file's reader: only where a family has one

    try:
        return load_mapping(Path(file))
    except DataError as exc:
        first = exc.problems[0]
        raise TemplateError(first.message, file, first.line) from None
    except (OSError, UsageError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise TemplateError(f"无法读取 {DESCRIPTION_FILE}：{reason}", file) from None


def _described(folder: Path) -> tuple[str, str]:
    """The family's one-line description, and what is wrong with its ``family.yaml`` ("" if
    nothing), so that a list of families goes on past a broken one."""
    try:
        settings = family_settings(folder)
    except TemplateError as exc:
        return f"（{DESCRIPTION_FILE} 无法读取）", str(exc)
    text = settings.get("description")
    return (" ".join(str(text).split()) if text else ""), ""


def _is_family(folder: Path, overrides: Collection[str]) -> bool:
    """A folder with an entry point or a description; in a user folder, also one named after a
    built-in family that overrides some of its parts."""
    if not folder.is_dir() or folder.name.startswith("."):
        return False
    if (folder / ENTRY_FILE).is_file() or (folder / DESCRIPTION_FILE).is_file():
        return True
    return folder.name in overrides and any(folder.glob("*.j2"))


def _family_folders(root: Path, overrides: Collection[str] = ()) -> list[Path]:
    if not root.is_dir():
        return []
    return [
        folder
        for folder in sorted(root.iterdir(), key=lambda p: p.name)
        if _is_family(folder, overrides)
    ]


def _families_in(root: Path, source: str, overrides: Collection[str] = ()) -> list[Family]:
    families = []
    for folder in _family_folders(root, overrides):
        description, problem = _described(folder)
        families.append(Family(folder.name, description, folder, source, problem))
    return families


def list_families(template_dirs: Iterable[Path] = ()) -> list[Family]:
    """Every family: those of the user folders first (in search order), then the built-ins.

    A user folder's family without a description of its own takes the built-in one of the same
    name (it overrides some of that family's parts)."""
    builtin = _families_in(BUILTIN_TEMPLATES, BUILTIN_SOURCE)
    described = {family.name: family.description for family in builtin}
    user = [
        Family(
            family.name,
            family.description or described.get(family.name, ""),
            family.folder,
            str(family.folder),  # the user's folder, as the user named it
            family.problem,
        )
        for root in map(Path, template_dirs)
        for family in _families_in(root, "", overrides=described)
    ]
    return [*user, *builtin]


def family_names(template_dirs: Iterable[Path] = ()) -> list[str]:
    """The names a data file's ``template`` (or ``--template``) may give: the families of
    :func:`list_families`, each once, in the same order, found without reading their
    descriptions (a check made for every data file that names its family)."""
    builtin = [folder.name for folder in _family_folders(BUILTIN_TEMPLATES)]
    user = [
        folder.name
        for root in map(Path, template_dirs)
        for folder in _family_folders(root, overrides=builtin)
    ]
    return list(dict.fromkeys([*user, *builtin]))


def find_family(name: str, template_dirs: Iterable[Path] = ()) -> Family | None:
    """The family ``name`` that has a starter file, the user's before the built-in."""
    for family in list_families(template_dirs):
        if family.name == name and family.starter is not None:
            return family
    return None


DEFAULT_FAMILY = "kepu"


_FAMILY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def search_path(family: str, template_dirs: Sequence[Path] = ()) -> list[Path]:
    """Where a family's templates are looked up, first match wins: each user folder's
    ``<family>/`` subfolder, the user folder itself, then the built-in family."""
    if not _FAMILY_NAME.match(family):
        raise TemplateError(f"模板名称“{family}”无效：只能包含字母、数字、下划线和连字符")
    path: list[Path] = []
    for folder in map(Path, template_dirs):
        if (folder / family).is_dir():
            path.append(folder / family)
        path.append(folder)
    builtin = BUILTIN_TEMPLATES / family
    if builtin.is_dir():
        path.append(builtin)
    if not any((folder / ENTRY_FILE).is_file() for folder in path):
        raise TemplateError(f"找不到模板“{family}”（没有 {family}/{ENTRY_FILE}）")
    return path


def signatory_suffix(path: Sequence[Path]) -> str | None:
    """The ``signatory_suffix`` of the first ``family.yaml`` along the search path that states
    one, so that a user's copy of a family can change it and an override of some parts keeps
    the built-in one. Raises :class:`TemplateError` where a ``family.yaml`` on the way cannot
    be read."""
    for folder in path:
        value = family_settings(folder).get("signatory_suffix")
        if isinstance(value, str) and value.strip():
            return "".join(value.split())
    return None


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a family, as its ``family.yaml`` declares it.

    The section has something to say where any key path of ``fed_by`` is given (a key path that
    names a mapping, ``participation``, is given where any of its fields is). Where ``requires``
    names a key path, the section is a part of its own only where that is given too; otherwise
    its data are told under the section ``else_in``, which then shows. ``announced`` is false
    for a section the opening's 现将……汇报如下 does not announce (``has.sections`` leaves it out).
    """

    name: str
    fed_by: tuple[str, ...]
    announced: bool = True
    requires: str | None = None
    else_in: str | None = None

    @property
    def key_paths(self) -> tuple[str, ...]:
        """Every key path of the data file the section's presence depends on."""
        return (*self.fed_by, self.requires) if self.requires else self.fed_by


@dataclass(frozen=True, slots=True)
class FamilySections:
    """A family's sections, the key paths it deliberately feeds into none (the title, the
    opening, the signature, a section's own heading), and the ``family.yaml`` that says so."""

    sections: tuple[Section, ...]
    outside: tuple[str, ...]
    file: Path


SECTIONS_KEY = "sections"
OUTSIDE_KEY = "outside_sections"
_SECTION_KEYS = ("fed_by", "announced", "requires", "else_in")
_SECTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def family_sections(path: Sequence[Path]) -> FamilySections:
    """The sections declared by the first ``family.yaml`` along the search path that declares
    any (so an override of some parts keeps the built-in family's), else those of the default
    family (:data:`DEFAULT_FAMILY`: the data file's own four groups and the closing).

    Raises :class:`TemplateError` where the declaration is malformed, or a ``family.yaml`` on
    the way cannot be read.
    """
    for folder in (*path, BUILTIN_TEMPLATES / DEFAULT_FAMILY):
        settings = family_settings(folder)
        if SECTIONS_KEY in settings:
            return _parse_sections(settings, folder / DESCRIPTION_FILE)
    raise TemplateError(f"内置模板“{DEFAULT_FAMILY}”的 {DESCRIPTION_FILE} 没有声明 sections")


def _parse_sections(settings: dict[str, Any], file: Path) -> FamilySections:
    def refuse(message: str) -> TemplateError:
        return TemplateError(message, str(file))

    declared = settings[SECTIONS_KEY]
    if not isinstance(declared, dict) or not declared:
        raise refuse("sections 应是“部分名称: [字段, …]”的映射")
    sections = []
    for name, value in declared.items():
        if not isinstance(name, str) or not _SECTION_NAME.match(name) or name == SECTIONS_KEY:
            raise refuse(f"sections 中的部分名称“{name}”无效：只能用小写字母、数字和下划线")
        spec = value if isinstance(value, dict) else {"fed_by": value}
        unknown = [key for key in spec if key not in _SECTION_KEYS]
        if unknown:
            raise refuse(f"sections.{name} 中有未知的设置“{unknown[0]}”")
        fed_by = _key_paths(spec.get("fed_by"))
        announced = spec.get("announced", True)
        requires, else_in = spec.get("requires"), spec.get("else_in")
        if not fed_by:
            raise refuse(f"sections.{name} 应列出给它提供内容的字段：[字段, …]")
        if not isinstance(announced, bool):
            raise refuse(f"sections.{name}.announced 应是 true 或 false")
        if (requires is None) != (else_in is None) or not all(
            v is None or isinstance(v, str) for v in (requires, else_in)
        ):
            raise refuse(f"sections.{name} 的 requires 和 else_in 应同时给出，各是一个名称")
        if else_in is not None and else_in not in declared:
            raise refuse(f"sections.{name}.else_in：没有名为“{else_in}”的部分")
        sections.append(Section(name, fed_by, announced, requires, else_in))
    outside = _key_paths(settings.get(OUTSIDE_KEY, []))
    if outside is None:
        raise refuse(f"{OUTSIDE_KEY} 应是字段的列表")
    return FamilySections(tuple(sections), outside, file)


def _key_paths(value: Any) -> tuple[str, ...] | None:
    """A list of key paths (``organisation.rules``) as a tuple, or None if it is not one."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return tuple(value)
