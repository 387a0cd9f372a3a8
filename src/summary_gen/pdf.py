"""PDF through LibreOffice: every DOCX of a run converted by one ``soffice --headless`` process.

LibreOffice is found on the PATH (``soffice``, ``libreoffice``) or where its installers put it;
without it a PDF is a usage error that says how to install it, before anything is built. It runs
with a private profile in a temporary folder, so a LibreOffice window the user has open is
neither used nor disturbed, and converts the files of a run in one process (at most
:data:`MAX_FILES` at a time). Its PDFs embed the fonts they use; the faces the DOCX names that are
not installed here are told as a warning, since LibreOffice set the PDF in stand-ins. A PDF's
creation date is the document's and its identifier the digest of the DOCX it was made of, so a
rebuild whose DOCX is the same leaves the PDF as it is, unconverted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, UsageError

if TYPE_CHECKING:
    from .build import BuildOptions, FileResult

__all__ = [
    "MAX_FILES",
    "convert",
    "docx_date",
    "docx_faces",
    "find_soffice",
    "finish_pdfs",
    "page_count",
    "pdf_fonts",
    "require_soffice",
    "substitution_warning",
]

MAX_FILES = 100
"""DOCX files per LibreOffice process: a command line stays short enough for Windows."""

_INSTALL = {
    "linux": (
        "Debian、Ubuntu、统信 UOS、银河麒麟上：sudo apt install libreoffice-writer"
        "（没有图形界面的服务器上装 libreoffice-writer-nogui）"
    ),
    "win32": "从 https://zh-cn.libreoffice.org/ 下载 LibreOffice 安装（装在默认位置即可）",
    "darwin": "从 https://zh-cn.libreoffice.org/ 下载 LibreOffice 安装，或 brew install --cask libreoffice",
}
# The blank pages a section that starts on an odd page brings are kept, as Word prints them:
# the PDF prints double-sided as the DOCX does, and its page numbers are the contents' pages.
# (LibreOffice takes filter options as JSON since 7.4; an older one ignores them.)
_PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
_INSTALLED_AT = {
    "win32": (
        r"%ProgramFiles%\LibreOffice\program\soffice.exe",
        r"%ProgramFiles(x86)%\LibreOffice\program\soffice.exe",
    ),
    "darwin": ("/Applications/LibreOffice.app/Contents/MacOS/soffice",),
}


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``, or None where it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _INSTALLED_AT.get(sys.platform, ()):
        path = Path(os.path.expandvars(place))
        if path.is_file():
            return str(path)
    return None


def require_soffice() -> str:
    """``soffice``, or a usage error (exit 2) that says how to install LibreOffice."""
    found = find_soffice()
    if found is None:
        how = _INSTALL.get(sys.platform, _INSTALL["linux"])
        raise UsageError(
            f"生成 PDF 需要 LibreOffice，本机没有找到（soffice）。安装方法：{how}。"
            "装好后重新运行；不加 -f pdf 时照常生成 DOCX 和 Markdown"
        )
    return found


def convert(docx_files: Sequence[bytes], soffice: str) -> list[bytes | str]:
    """Each DOCX as PDF bytes, or a message saying why it could not be converted; one
    LibreOffice process for every :data:`MAX_FILES` files."""
    results: list[bytes | str] = []
    for start in range(0, len(docx_files), MAX_FILES):
        results += _convert_chunk(docx_files[start : start + MAX_FILES], soffice)
    return results


def _convert_chunk(docx_files: Sequence[bytes], soffice: str) -> list[bytes | str]:
    with tempfile.TemporaryDirectory(prefix="summary-gen-pdf-") as tmp:
        folder = Path(tmp)
        # Plain ASCII names: the outputs' own names may not survive every code page.
        inputs = [folder / f"{i:05d}.docx" for i in range(len(docx_files))]
        for path, data in zip(inputs, docx_files, strict=True):
            path.write_bytes(data)
        out = folder / "pdf"
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            _PDF_FILTER,
            "--outdir",
            str(out),
            *map(str, inputs),
        ]
        failure = _run(command, timeout=60 + 20 * len(inputs))
        results: list[bytes | str] = []
        for path in inputs:
            pdf = out / f"{path.stem}.pdf"
            if pdf.is_file():
                results.append(pdf.read_bytes())
            else:
                results.append(failure or "LibreOffice 没有生成 PDF")
        return results


def _run(command: list[str], timeout: float) -> str:
    """Run LibreOffice; "" if it ended well, else what went wrong."""
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=posix,  # its helper processes go with it on a timeout
        )
    except OSError as exc:
        return f"无法启动 LibreOffice（{exc.strerror or exc}）"
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        return f"LibreOffice 超过 {timeout:.0f} 秒没有转换完，已停止"
    if proc.returncode != 0:
        last = output.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"LibreOffice 转换失败（退出码 {proc.returncode}）{last[0]}".rstrip()
    return ""


def page_count(pdf: bytes) -> int:
    """The pages of a PDF LibreOffice wrote (its page objects are never compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def pdf_fonts(pdf: bytes) -> list[str]:
    """The fonts a PDF embeds, without the subset prefix (ABCDEF+)."""
    names = re.findall(rb"/FontName\s*/([^\s/<>\[\]()]+)", pdf)
    found = {re.sub(rb"^[A-Z]{6}\+", b"", name).decode("latin-1") for name in names}
    return sorted(found)


def docx_faces(docx: bytes) -> list[str]:
    """The faces a DOCX names in its styles and text (Latin and East Asian slots)."""
    faces: dict[str, None] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for name in ("word/styles.xml", "word/document.xml"):
            if name in zf.namelist():
                for rfonts in re.findall(rb"<w:rFonts\b([^>]*)>", zf.read(name)):
                    for face in re.findall(rb'w:(?:ascii|eastAsia|hAnsi)="([^"]+)"', rfonts):
                        faces.setdefault(face.decode("utf-8"), None)
    return list(faces)


def substitution_warning(docx: bytes, pdf: bytes, names: set[str]) -> str:
    """A warning naming the faces of ``docx`` not installed here (LibreOffice set them in
    others), or ""."""
    from .fontcheck import is_installed

    missing = [face for face in docx_faces(docx) if not is_installed(face, names)]
    if not missing:
        return ""
    used = "、".join(pdf_fonts(pdf)) or "其他字体"
    return (
        f"本机没有字体 {'、'.join(missing)}，PDF 中用了替代的字体（{used}），与装有这些字体的"
        "电脑上打印的不同；装上这些字体再生成，或换用本机有的字体方案（summary-gen fonts 可以查看）"
    )


_CREATED = re.compile(rb"(/CreationDate\s*\(D:)(\d{14})")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")


def source_id(docx: bytes) -> bytes:
    """The identifier a PDF of ``docx`` carries: the DOCX's digest."""
    return hashlib.md5(docx, usedforsecurity=False).hexdigest().upper().encode()


def tied_to_source(pdf: bytes, docx: bytes) -> bytes:
    """The PDF of ``docx`` with its creation time at midnight of the document's date and its
    identifiers (``/ID``, both halves) the digest of ``docx``, every field keeping its length so
    that the cross-reference offsets hold. LibreOffice's PDFs also differ where fonts are
    subset (a prefix that counts the files of a run), so a rebuild compares the identifier
    (:func:`is_current`), not the bytes."""
    stamp = docx_date(docx).strftime("%Y%m%d000000").encode()
    digest = source_id(docx)
    pdf = _CREATED.sub(lambda m: m[1] + stamp, pdf)
    pdf = _ID.sub(lambda m: m[1] + digest + m[3] + digest + m[5], pdf)
    return _CHECKSUM.sub(lambda m: m[1] + digest, pdf)


def is_current(path: Path, docx: bytes) -> bool:
    """Whether ``path`` is a PDF this program made of ``docx`` and nobody changed since (a PDF
    editor that saves it changes the second half of its identifier)."""
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - 4096))
            tail = file.read()
    except OSError:
        return False
    found = _ID.findall(tail)
    digest = source_id(docx)
    return bool(found) and found[-1][1].upper() == digest and found[-1][3].upper() == digest


def docx_date(docx: bytes) -> dt.date:
    """The document's date, as its core properties give it (parts.core_xml)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        core = zf.read("docProps/core.xml")
    found = re.search(rb"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})", core)
    return dt.date(*map(int, found.groups())) if found else dt.date(1980, 1, 1)


def finish_pdfs(results: Sequence[FileResult], options: BuildOptions) -> None:
    """Make the PDFs of the results that wait for them (:attr:`FileResult.pending`), all in one
    LibreOffice process, then write each input's outputs together, all or none: an input whose
    PDF could not be made writes none of them. A PDF already there that was made of the same
    DOCX is kept as it is (converting again would give other bytes for the same document)."""
    from .build import OutputResult, write_all
    from .fontcheck import installed_names
    from .output import WriteStatus

    waiting = [result for result in results if result.pending is not None]
    to_convert: list[tuple[FileResult, int, bytes]] = []
    for result in waiting:
        made, _ = result.pending  # type: ignore[misc]
        for index, (fmt, target, docx) in enumerate(made):
            if fmt != "pdf":
                continue
            if is_current(target, docx):  # made of this very DOCX: left as it is
                made[index] = (fmt, target, target.read_bytes())
            else:
                to_convert.append((result, index, docx))
    if to_convert:
        pdfs = convert([docx for _, _, docx in to_convert], require_soffice())
        names = installed_names()
        for (result, index, docx), pdf in zip(to_convert, pdfs, strict=True):
            made, _ = result.pending  # type: ignore[misc]
            fmt, target, _ = made[index]
            if isinstance(pdf, str):
                result.error = (
                    f"{target}：无法转换为 PDF：{pdf}；为免只有一部分输出，其他输出也未写入"
                )
                result.exit_code = max(result.exit_code, 3)
                continue
            warning = substitution_warning(docx, pdf, names)
            if warning:
                result.warnings.append(Problem(str(target), 0, 0, "", warning))
            made[index] = (fmt, target, tied_to_source(pdf, docx))
    for result in waiting:
        made, recorded = result.pending  # type: ignore[misc]
        result.pending = None
        if result.error:
            result.outputs = [OutputResult(t, f, WriteStatus.NOT_WRITTEN) for f, t, _ in made]
        else:
            write_all(result, made, recorded, force=options.force)
