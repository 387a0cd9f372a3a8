"""Stand-ins for the programs summary-gen runs, put first on the PATH: LibreOffice's ``soffice``
and fontconfig's ``fc-list``, so that the tests need neither and can see how they are called."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Writes, for each DOCX on its command line, a PDF of one page per 20 paragraphs of its body
# (at least one) in the shape LibreOffice writes them, with a creation time and identifiers that
# differ at every run; logs its command line as one line of JSON. FAKE_SOFFICE_FAIL: writes
# nothing and fails.
SOFFICE = r"""
import io, json, os, re, sys, time, uuid, zipfile
args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\n")
if os.environ.get("FAKE_SOFFICE_FAIL"):
    print("Error: source file could not be loaded")
    sys.exit(1)
out = args[args.index("--outdir") + 1]
os.makedirs(out, exist_ok=True)
for name in [a for a in args if a.endswith(".docx")]:
    with zipfile.ZipFile(name) as zf:
        body = zf.read("word/document.xml")
    pages = max(1, len(re.findall(rb"<w:p[ >/]", body)) // 20)
    objects = "".join("<</Type/Page/Parent 2 0 R>>\n" for _ in range(pages))
    stamp = time.strftime("%Y%m%d%H%M%S")
    key = uuid.uuid4().hex.upper()
    pdf = (
        "%PDF-1.6\n" + objects + "<</Type/Pages/Count %d>>\n" % pages
        + "<</Type/FontDescriptor/FontName/BAAAAA+FakeSerif/FontFile2 9 0 R>>\n"
        + "<</Creator<FEFF>/CreationDate(D:%sZ')>>\n" % stamp
        + "trailer\n<</Size 9/ID [ <%s>\n<%s> ]\n/DocChecksum /%s\n>>\n%%%%EOF\n" % (key, key, key)
    )
    stem = os.path.splitext(os.path.basename(name))[0]
    with open(os.path.join(out, stem + ".pdf"), "w") as f:
        f.write(pdf)
"""


def pages_of(docx: bytes) -> int:
    """The pages the fake gives a DOCX."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        body = zf.read("word/document.xml")
    return max(1, len(re.findall(rb"<w:p[ >/]", body)) // 20)


def _posix_only() -> None:
    if sys.platform == "win32":
        pytest.skip("the stand-ins are POSIX scripts, and Windows finds programs by their suffix")


def _script(folder: Path, name: str, code: str) -> Path:
    _posix_only()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!{sys.executable}\n{code}", encoding="utf-8")
    path.chmod(0o755)
    return path


def only_on_path(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """PATH holds ``folder`` alone: no real soffice, fc-list or fc-match is found."""
    _posix_only()
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("PATH", str(folder))


def fake_soffice(monkeypatch: pytest.MonkeyPatch, folder: Path, *, fail: bool = False) -> Path:
    """A fake ``soffice`` first on the PATH; returns the log of its command lines."""
    _script(folder, "soffice", SOFFICE)
    log = folder / "soffice.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    if fail:
        monkeypatch.setenv("FAKE_SOFFICE_FAIL", "1")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


def fake_fc_list(monkeypatch: pytest.MonkeyPatch, folder: Path, lines: list[str]) -> None:
    """A fake ``fc-list`` that lists ``lines`` (``family,family\\tfile``), alone on the PATH."""
    text = "".join(line + "\n" for line in lines)
    _script(folder, "fc-list", f"import sys\nsys.stdout.write({text!r})\n")
    only_on_path(monkeypatch, folder)
