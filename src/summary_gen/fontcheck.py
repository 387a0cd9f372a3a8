"""Which faces this computer has: ``summary-gen fonts``, and the warning of a PDF that was set in
stand-ins.

Installed fonts are found the simple way each system offers: ``fc-list`` where fontconfig is
(Linux, and macOS or Windows with it installed); on Windows the font registry and the fonts
folders; on macOS the fonts folders. A face counts as installed under its Chinese name, its
English name or the stem of its usual file (simfang.ttf is 仿宋), compared without case and
spaces.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .writers.docx.fonts import FONT_INFO, FONT_PROFILES, FontProfile

__all__ = [
    "OTHER_NAMES",
    "ROLES",
    "FaceStatus",
    "check_profile",
    "installed_names",
    "is_installed",
    "report_lines",
]

OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋_GB2312", "fs_gb2312"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体_GB2312", "kt_gb2312"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05", "fzxbsjw"),
    "仿宋": ("FangSong", "simfang"),
    "楷体": ("KaiTi", "simkai"),
    "黑体": ("SimHei", "simhei"),
    "宋体": ("SimSun", "NSimSun", "simsun"),
    "新細明體": ("PMingLiU", "MingLiU", "mingliu"),
    "標楷體": ("DFKai-SB", "kaiu"),
    "微軟正黑體": ("Microsoft JhengHei", "msjh"),
    "Times New Roman": ("times",),
}
"""Face → the other names it is installed under: English family names and file stems."""

ROLES = {
    "title": "标题",
    "body": "正文",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "page_number": "页码",
    "latin": "数字和字母",
}
"""What each face of a profile sets."""

_PROFILE_NOTES = {
    "gb": "GB/T 9704 的字体名",
    "windows": "Windows 自带的字体",
    "traditional": "繁体字体",
}


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


def installed_names() -> set[str]:
    """The names of the fonts installed here (families and file stems), as keys."""
    names: set[str] = set()
    fc_list = shutil.which("fc-list")
    if fc_list:
        names |= _fc_list(fc_list)
    if sys.platform == "win32":
        names |= _windows_fonts()
    elif sys.platform == "darwin" and not fc_list:
        home = Path.home()
        folders = ("/Library/Fonts", "/System/Library/Fonts", "/System/Library/Fonts/Supplemental")
        names |= _file_stems([*map(Path, folders), home / "Library" / "Fonts"])
    return names


def _fc_list(fc_list: str) -> set[str]:
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{family}\t%{file}\n"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return set(parse_fc_list(out.splitlines()))


def parse_fc_list(lines: Iterable[str]) -> Iterator[str]:
    """Keys of ``fc-list --format '%{family}\\t%{file}\\n'`` lines: every family name (fontconfig
    lists the Chinese and English ones, comma-separated) and the file's stem."""
    for line in lines:
        families, _, file = line.partition("\t")
        for family in families.split(","):
            if family.strip():
                yield _key(family)
        if file.strip():
            yield _key(Path(file.strip()).stem)


if sys.platform == "win32":

    def _windows_fonts() -> set[str]:
        """Font names from the registry ("SimSun & NSimSun (TrueType)") and the fonts folders."""
        import winreg

        names: set[str] = set()
        key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
        for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(root, key_path) as key:
                    for i in range(winreg.QueryInfoKey(key)[1]):
                        value_name, file, _ = winreg.EnumValue(key, i)
                        for name in re.sub(r"\s*\([^)]*\)\s*$", "", value_name).split(" & "):
                            names.add(_key(name))
                        names.add(_key(Path(str(file)).stem))
            except OSError:
                continue
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        return names | _file_stems([windir / "Fonts", local])

else:

    def _windows_fonts() -> set[str]:
        return set()


def _file_stems(folders: Iterable[Path]) -> set[str]:
    stems: set[str] = set()
    for folder in folders:
        try:
            stems.update(_key(p.stem) for p in folder.iterdir())
        except OSError:
            continue
    return stems


def is_installed(face: str, names: set[str]) -> bool:
    return any(_key(name) in names for name in (face, *OTHER_NAMES.get(face, ())))


@dataclass(frozen=True)
class FaceStatus:
    """One face of a profile here: what it sets, whether it is installed, and what Word and
    WPS put in its place if not (the font table's fallback, if that is installed)."""

    face: str
    roles: tuple[str, ...]
    installed: bool
    fallback: str = ""
    fallback_installed: bool = False


def check_profile(profile: FontProfile, names: set[str]) -> list[FaceStatus]:
    roles: dict[str, list[str]] = {}
    for attr, role in ROLES.items():
        roles.setdefault(getattr(profile, attr), []).append(role)
    found = []
    for face in profile.faces():
        fallback = FONT_INFO[face].alt_name if face in FONT_INFO else ""
        if _key(fallback) in map(_key, OTHER_NAMES.get(face, ())):
            fallback = ""  # its English name: no other face
        found.append(
            FaceStatus(
                face,
                tuple(roles[face]),
                is_installed(face, names),
                fallback,
                bool(fallback) and is_installed(fallback, names),
            )
        )
    return found


def report_lines(chosen: str, names: set[str]) -> Iterator[str]:
    """``summary-gen fonts``: the chosen profile's faces here, then which profile fits."""
    from rich.cells import cell_len  # columns on a terminal: Chinese characters take two

    statuses = check_profile(FONT_PROFILES[chosen], names)
    yield f"字体方案 {chosen}（{_PROFILE_NOTES.get(chosen, '')}）在本机："
    width = max(cell_len(s.face) for s in statuses)
    for s in statuses:
        head = f"  {s.face}{' ' * (width - cell_len(s.face))}  {'、'.join(s.roles)}："
        if s.installed:
            yield f"{head}已安装"
            continue
        if s.fallback and s.fallback_installed:
            instead = f"Word 和 WPS 会改用“{s.fallback}”（已安装）"
        elif s.fallback:
            instead = f"Word 和 WPS 会先找“{s.fallback}”（也未安装），再用系统默认的中文字体"
        else:
            instead = "Word 和 WPS 会用系统默认的字体代替"
        yield f"{head}未安装，{instead}"
    complete = [
        name
        for name, profile in FONT_PROFILES.items()
        if all(s.installed for s in check_profile(profile, names))
    ]
    yield ""
    if chosen in complete:
        yield f"方案 {chosen} 的字体都已安装。"
    elif complete:
        yield f"方案 {chosen} 缺字体；本机装齐了字体的方案：{'、'.join(complete)}，可以用 --fonts {complete[0]}。"
    else:
        yield "本机没有装齐任何一个方案的字体；缺的字体由 Word、WPS 或 LibreOffice 找替代，排版会有出入。"
    yield (
        "中文 Windows 自带宋体、仿宋、黑体、楷体和 Times New Roman，不带方正小标宋简体和 _GB2312 "
        "字体：在没有另装字体的 Windows 电脑上用 --fonts windows。只装了 WPS 的电脑（统信 UOS、"
        "银河麒麟等），以上面列出的本机字体为准选方案。"
    )
