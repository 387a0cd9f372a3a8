"""Bytes → text: the encodings a secretary's editor saves, and the characters a document cannot hold.

UTF-8 (with or without BOM) is read as is; UTF-16 with a BOM and GBK/GB18030 are read with a
warning that suggests saving as UTF-8. Characters a Word document cannot hold (control
characters, U+FFFE, U+FFFF, lone surrogates) are refused wherever they appear; the template
engine relies on that for the markers it wraps data in.
"""

from __future__ import annotations

import codecs
import re

from ..errors import DataError, Problem

__all__ = ["FORBIDDEN", "decode_bytes", "forbidden_message", "refuse_forbidden_characters"]

# What a DOCX (XML 1.0) cannot hold, and what the template engine uses as markers.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_FORBIDDEN_SHOWN = 10
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def decode_bytes(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 with a warning."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break
            note = "文件是 UTF-16（“Unicode”）编码，已正确读取；建议用“UTF-8”编码另存"
            return text, [Problem(file, 0, 0, "", note)]
    if _looks_like_utf16(data):
        message = (
            "文件是没有字节顺序标记（BOM）的 UTF-16 编码，无法可靠读取："
            "请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”"
        )
        raise DataError([Problem(file, 0, 0, "", message)])
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if not has_bom and not _mostly_utf8(body):
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            note = "文件不是 UTF-8 编码，已按 GBK 读取；建议用“UTF-8”编码另存"
            return text, [Problem(file, 0, 0, "", note)]
    line = body.count(b"\n", 0, utf8_error.start) + 1
    line_start = body.rfind(b"\n", 0, utf8_error.start) + 1
    column = len(body[line_start : utf8_error.start].decode("utf-8", "replace")) + 1
    byte = f"0x{body[utf8_error.start]:02X}"
    if has_bom or _mostly_utf8(body):
        what = f"文件是 UTF-8 编码，但这里有无法识别的字节（{byte}），可能混入了其他编码的文字或文件已损坏"
    else:
        what = f"文件编码无法识别：既不是 UTF-8，也不是 GBK（这里的字节是 {byte}）"
    message = f"{what}；请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”"
    raise DataError([Problem(file, line, column, "", message)])


def _looks_like_utf16(data: bytes) -> bool:
    """Whether ``data`` is UTF-16 text without a BOM: keys, digits and punctuation are ASCII, so
    every other byte is NUL, all on one side. UTF-8 and GBK text has no NUL at all."""
    nuls = data.count(0)
    if nuls < max(2, len(data) // 8):
        return False
    even = data[0::2].count(0)
    return max(even, nuls - even) >= nuls * 0.9


def _mostly_utf8(data: bytes) -> bool:
    """Whether undecodable bytes are a few slips in a UTF-8 file rather than another encoding.

    GBK text almost never forms valid multi-byte UTF-8 sequences, and UTF-8 text with a broken
    byte or two is full of them; decoding such a file as GBK would garble every Chinese character.
    """
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    sound = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return sound > broken


def refuse_forbidden_characters(text: str, file: str) -> None:
    found = list(FORBIDDEN.finditer(text))
    if not found:
        return
    # Only the shown ones are located: locating one splits the text before it into lines.
    shown = [_forbidden_problem(text, m.start(), m.group(), file) for m in found[:_FORBIDDEN_SHOWN]]
    if len(found) > _FORBIDDEN_SHOWN:
        rest = len(found) - _FORBIDDEN_SHOWN
        last = _forbidden_problem(text, found[-1].start(), found[-1].group(), file)
        more = f"另有 {rest} 处同样的字符未列出；这可能不是文本文件"
        shown.append(Problem(file, last.line, last.column, "", more))
    raise DataError(shown)


def _forbidden_problem(text: str, index: int, char: str, file: str) -> Problem:
    lines = _LINE_BREAK.split(text[:index])  # counted as YAML counts them, as its marks are
    return Problem(file, len(lines), len(lines[-1]) + 1, "", forbidden_message(char))


def forbidden_message(char: str) -> str:
    return f"有不可见的控制字符 U+{ord(char):04X}，Word 文档无法保存它，请删除"
