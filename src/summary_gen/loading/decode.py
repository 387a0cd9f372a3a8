"""Bytes → text: the encodings a secretary's editor saves, and the characters a document cannot hold.

UTF-8 (with or without BOM) is read as is. A file with the BOM of UTF-16 (Notepad's "Unicode")
or UTF-32 is read in that encoding with a warning that suggests saving as UTF-8, and where its
bytes are damaged that is told there. Any other file is weighed by charset-normalizer, imported
only then, among GB18030 (which GBK is part of), Big5, and UTF-16 and UTF-32 without BOM: the
encoding it is sure of is read with a warning; where two fit about as well (a few Chinese
characters are valid GBK and valid Big5 alike, with different meanings) or none does, the file
is refused, naming the likely encoding and how to save it as UTF-8.

Characters a Word document cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates)
are refused wherever they appear; the template engine relies on that for the markers it wraps
data in. Invisible characters that reorder text or hide in it (the bidirectional controls, as
U+202E, which would show 会议室 as 室议会, and the zero-width ones, as U+200B from a web page)
are removed with a located warning where typed, refused where written as an escape ("\\u202e");
a message names them by their code point, never shows them.
"""

from __future__ import annotations

import codecs
import re

from ..errors import DataError, Problem

__all__ = [
    "FORBIDDEN",
    "INVISIBLE",
    "decode_bytes",
    "forbidden_message",
    "refuse_forbidden_characters",
    "remove_invisible",
]

# Bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and zero-width
# characters (U+180E, U+200B–U+200D, U+2060–U+2064, U+FEFF).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = f"{_BIDI}\u180e\u200b-\u200d\u2060-\u2064\ufeff"
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_BIDI_CHAR = re.compile(f"[{_BIDI}]")
# What a DOCX (XML 1.0) cannot hold, what the template engine uses as markers, and the invisible
# characters, which reach a value only through an escape (those typed are removed before).
FORBIDDEN = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff{_INVISIBLE}]"
)
_FORBIDDEN_SHOWN = 10
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_SAVE_AS = "请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”"
_SUGGEST = "建议用“UTF-8”编码另存"

# The BOMs, UTF-32's first: it begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "文件是 UTF-32 编码"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "文件是 UTF-32 编码"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "文件是 UTF-16（“Unicode”）编码"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "文件是 UTF-16（“Unicode”）编码"),
)
# The encodings weighed by the detector, by its names, and as a message names them.
_WIDE = {"utf_16_le": "UTF-16", "utf_16_be": "UTF-16", "utf_32_le": "UTF-32", "utf_32_be": "UTF-32"}
_CHINESE = {"gb18030": "GBK", "big5": "Big5"}
# How much less garbled (charset-normalizer's "chaos", 0 to 1) the likeliest reading must be
# than the next for the detector to count as sure: a margin no wrong guess reached on short
# samples of the examples in GBK and Big5, where files of one line were half the time unsure.
_SURE_MARGIN = 0.1


def decode_bytes(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """The text of ``data`` and a warning where it was not UTF-8; DataError where it cannot
    be read with certainty (see the module's docstring)."""
    for bom, codec, what in _BOMS:
        if data.startswith(bom):
            text = _decode_or_refuse(data[len(bom) :], codec, what, file)
            return text, [Problem(file, 0, 0, "", f"{what}，已正确读取；{_SUGGEST}")]
    if b"\0" in data:  # no UTF-8 text has NUL bytes; UTF-16 and UTF-32 of YAML's keys do
        found = _detect(data, _WIDE, file)
        if found is not None:
            codec, name = found
            text = _decode_or_refuse(data, codec, f"文件看起来是 {name} 编码", file)
            note = f"文件是没有字节顺序标记（BOM）的 {name} 编码，已按 {name} 读取；{_SUGGEST}"
            return text, [Problem(file, 0, 0, "", note)]
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if not has_bom and not _mostly_utf8(body):
        found = _detect(body, _CHINESE, file)
        if found is not None:
            codec, name = found
            text = _decode_or_refuse(body, codec, f"文件看起来是 {name} 编码", file)
            note = f"文件不是 UTF-8 编码，已按 {name} 读取；{_SUGGEST}"
            return text, [Problem(file, 0, 0, "", note)]
    line, column = _position(body, utf8_error.start, "utf-8")
    byte = f"0x{body[utf8_error.start]:02X}"
    if has_bom or _mostly_utf8(body):
        what = f"文件是 UTF-8 编码，但这里有无法识别的字节（{byte}），可能混入了其他编码的文字或文件已损坏"
    else:
        what = f"文件编码无法识别：不是 UTF-8，也不是 GBK、Big5、UTF-16 或 UTF-32（这里的字节是 {byte}）"
    raise DataError([Problem(file, line, column, "", f"{what}；{_SAVE_AS}")])


def _detect(data: bytes, names: dict[str, str], file: str) -> tuple[str, str] | None:
    """The codec and name of the encoding among ``names`` that charset-normalizer is sure
    ``data`` is in; None where none fits. Raises DataError where two fit about as well."""
    from charset_normalizer import from_bytes  # only for a file that is not UTF-8

    matches = [m for m in from_bytes(data, cp_isolation=list(names)) if m.encoding in names]
    if not matches:
        return None
    # Least garbled first; of two alike, the one that makes more sense, else the one listed
    # first (GBK before Big5: the likelier in a mainland office), whatever the detector's order.
    order = list(names)
    matches.sort(key=lambda m: (m.chaos, -m.coherence, order.index(m.encoding)))
    best, likely = matches[0], names[matches[0].encoding]
    rivals = [names[m.encoding] for m in matches[1:] if m.chaos - best.chaos < _SURE_MARGIN]
    if rivals or best.chaos >= _SURE_MARGIN:
        others = [name for name in dict.fromkeys(rivals) if name != likely]
        also = f"，也可能是 {'、'.join(others)}" if others else ""
        message = f"文件不是 UTF-8 编码，看起来是 {likely}{also}，但无法确定；{_SAVE_AS}"
        raise DataError([Problem(file, 0, 0, "", message)])
    return best.encoding, likely


def _decode_or_refuse(data: bytes, codec: str, what: str, file: str) -> str:
    """``data`` decoded, or DataError located at the first bytes that cannot be."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start, codec)
        shown = " ".join(f"0x{b:02X}" for b in data[exc.start : exc.end])
        message = f"{what}，但这里的字节（{shown}）无法读取，文件可能已损坏；{_SAVE_AS}"
        raise DataError([Problem(file, line, column, "", message)]) from None


def _position(data: bytes, index: int, codec: str) -> tuple[int, int]:
    """Line and column of byte ``index``, all before it being sound in ``codec``."""
    text = data[:index].decode(codec, "replace")
    return _text_position(text, len(text))


def _mostly_utf8(data: bytes) -> bool:
    """Whether undecodable bytes are a few slips in a UTF-8 file rather than another encoding.

    GBK text almost never forms valid multi-byte UTF-8 sequences, and UTF-8 text with a broken
    byte or two is full of them; decoding such a file as GBK would garble every Chinese character.
    """
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    sound = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return sound > broken


def remove_invisible(text: str, file: str) -> tuple[str, list[Problem]]:
    """The text without its invisible characters (see the module's docstring), and a warning
    for each line that had any, naming them by code point."""
    found = list(INVISIBLE.finditer(text))
    if not found:
        return text, []
    # Lines are counted once through the text, however many characters there are.
    by_line: dict[int, tuple[int, list[str]]] = {}
    line, line_start, counted = 1, 0, 0
    for match in found:
        for brk in _LINE_BREAK.finditer(text, counted, match.start()):
            line, line_start = line + 1, brk.end()
        counted = match.start()
        column = match.start() - line_start + 1
        by_line.setdefault(line, (column, []))[1].append(match.group())
    warnings = []
    for line, (column, chars) in list(by_line.items())[:_FORBIDDEN_SHOWN]:
        codes = "、".join(dict.fromkeys(f"U+{ord(char):04X}" for char in chars))
        kind = "方向控制字符" if any(_BIDI_CHAR.match(char) for char in chars) else "零宽字符"
        message = f"已删除 {len(chars)} 个看不见的{kind}（{codes}），它们会打乱或隐藏文字"
        warnings.append(Problem(file, line, column, "", message))
    if len(by_line) > _FORBIDDEN_SHOWN:
        rest = len(by_line) - _FORBIDDEN_SHOWN
        warnings.append(Problem(file, 0, 0, "", f"另有 {rest} 行也删除了这样的字符"))
    return INVISIBLE.sub("", text), warnings


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


def _text_position(text: str, index: int) -> tuple[int, int]:
    lines = _LINE_BREAK.split(text[:index])  # counted as YAML counts them, as its marks are
    return len(lines), len(lines[-1]) + 1


def _forbidden_problem(text: str, index: int, char: str, file: str) -> Problem:
    return Problem(file, *_text_position(text, index), "", forbidden_message(char))


def forbidden_message(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if INVISIBLE.match(char):
        return f"有看不见的字符 {code}，它会打乱或隐藏文字，不能写在数据里，请删除"
    return f"有不可见的控制字符 {code}，Word 文档无法保存它，请删除"
