"""Font profiles for the DOCX layout: which face each element of the page is set in.

GB/T 9704-2012 names faces by their GB2312-era names (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体); an
office PC often has only the faces every Windows since Vista ships (仿宋, 楷体, 黑体, 宋体). The
names are therefore a profile chosen on the command line, never constants in the writer. This
module is pure data: importing it costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FONT_INFO", "FONT_PROFILES", "SCRIPT_PROFILES", "FontInfo", "FontProfile"]


@dataclass(frozen=True, slots=True)
class FontProfile:
    """The faces of one profile. Sizes are fixed by the layout, not by the profile.

    ``latin`` is the face of digits and Latin letters in every element except the page number,
    which GB/T 9704 sets in 宋体 half-width digits.
    """

    title: str
    body: str
    heading1: str
    heading2: str
    page_number: str
    latin: str = "Times New Roman"
    title_bold: bool = False
    language: str = "zh-CN"  # the East Asian language Word spell-checks and lays out text in

    def faces(self) -> tuple[str, ...]:
        """Every face the profile names, each once, in a fixed order (for the font table)."""
        seen: dict[str, None] = {}
        for face in (
            self.body,
            self.title,
            self.heading1,
            self.heading2,
            self.page_number,
            self.latin,
        ):
            seen.setdefault(face, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class FontInfo:
    """What the DOCX font table says about a face, so Word can substitute a missing one.

    ``alt_name`` is the fallback Word tries when the face is not installed; ``charset`` 86 is
    GB2312, which steers Word's own substitution towards a Chinese face, never a Japanese one.
    """

    alt_name: str = ""
    panose: str = ""
    charset: str = "86"
    family: str = "modern"
    pitch: str = "fixed"


FONT_INFO: dict[str, FontInfo] = {
    "仿宋_GB2312": FontInfo(alt_name="仿宋", panose="02010609030101010101"),
    "楷体_GB2312": FontInfo(alt_name="楷体", panose="02010609030101010101"),
    # A licensed face that must be installed; 宋体 is on every Chinese Windows.
    "方正小标宋简体": FontInfo(
        alt_name="宋体", panose="02000000000000000000", family="auto", pitch="variable"
    ),
    "仿宋": FontInfo(alt_name="FangSong", panose="02010609060101010101"),
    "楷体": FontInfo(alt_name="KaiTi", panose="02010609060101010101"),
    "黑体": FontInfo(alt_name="SimHei", panose="02010609060101010101"),
    "宋体": FontInfo(
        alt_name="SimSun", panose="02010600030101010101", family="auto", pitch="variable"
    ),
    # Traditional faces as Windows names them (Big5 charset, hex 88); the Latin name is the
    # fallback Word for Mac and LibreOffice match.
    "新細明體": FontInfo(
        alt_name="PMingLiU",
        panose="02020500000000000000",
        charset="88",
        family="roman",
        pitch="variable",
    ),
    "標楷體": FontInfo(
        alt_name="DFKai-SB", panose="03000509000000000000", charset="88", family="script"
    ),
    "微軟正黑體": FontInfo(
        alt_name="Microsoft JhengHei",
        panose="020B0604030504040204",
        charset="88",
        family="swiss",
        pitch="variable",
    ),
    "Times New Roman": FontInfo(
        panose="02020603050405020304", charset="00", family="roman", pitch="variable"
    ),
}

FONT_PROFILES: dict[str, FontProfile] = {
    # The faces GB/T 9704 names.
    "gb": FontProfile(
        title="方正小标宋简体",
        body="仿宋_GB2312",
        heading1="黑体",
        heading2="楷体_GB2312",
        page_number="宋体",
    ),
    # The faces every Chinese Windows has.
    "windows": FontProfile(
        title="宋体",
        body="仿宋",
        heading1="黑体",
        heading2="楷体",
        page_number="宋体",
        # Without 小标宋, a bold 宋体 is the usual stand-in for the heavy title face.
        title_bold=True,
    ),
    # For --script traditional: the GB2312 faces above lack most traditional glyphs. Windows
    # has no traditional 仿宋, so the body is set in 明體 (the Song face of traditional print);
    # headings keep the genres of the GB layout: 黑 for level 1, 楷 for level 2.
    "traditional": FontProfile(
        title="新細明體",
        body="新細明體",
        heading1="微軟正黑體",
        heading2="標楷體",
        page_number="新細明體",
        title_bold=True,
        language="zh-TW",
    ),
}

SCRIPT_PROFILES: dict[str, str] = {"simplified": "gb", "traditional": "traditional"}
"""The profile a build uses for each script (``--script``) when ``--fonts`` is not given."""
