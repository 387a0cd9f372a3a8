"""Hostile and unlucky inputs (issue 14): nothing hangs, nothing outside the template folders is
read, nothing grows without bound, and what is refused is refused at once with its place.

Every test of something that used to hang runs :func:`within` a few seconds: on Unix the block
is interrupted at three times its limit, so a regression fails fast instead of stalling CI.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.preview import wrap_cjk
from summary_gen.text.zh import split_title

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"


class Hung(BaseException):
    """Raised into a block that overran its time; no ``except Exception`` swallows it."""


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail unless the block finishes in ``seconds``; interrupt it at three times that."""
    interrupt = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if interrupt:

        def expire(signum: int, frame: object) -> None:
            raise Hung

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, 3 * seconds)
    start = time.monotonic()
    try:
        yield
    except Hung:
        # A fresh failure: the interrupted frames may have no line number to show.
        raise AssertionError(f"still running after {3 * seconds} s") from None
    finally:
        if interrupt:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s, more than {seconds} s"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- 14.2: long text is laid out in linear time ------------------------------------------------

LONG = 30_000


def test_a_long_title_is_split_in_linear_time() -> None:
    title = "兴安街道城里社区“科普，进万家”" * (LONG // 16)
    with within(1):
        lines = split_title(title)
    assert "".join(lines) == title and len(lines) == 2


def test_long_text_is_wrapped_for_the_terminal_in_linear_time() -> None:
    with within(1):
        plain = wrap_cjk("社区居民，" * (LONG // 5), 80)
        # Nothing but opening marks: no break can satisfy 避头尾, and none is looked for again
        # and again (that made a line of each mark, and cost the width squared per mark).
        opening = wrap_cjk("（" * LONG, 80)
    assert max(map(len, plain)) <= 40
    assert len(opening) <= LONG // 40 + 1


def test_a_template_that_writes_a_long_title_builds_and_previews_quickly(tmp_path: Path) -> None:
    # A user template may write long text whatever the data file's limits.
    family = tmp_path / "tpl" / "long"
    _write(
        family / "summary.j2",
        '@title {{ "兴安街道城里社区，" * 3750 }}\n@p {{ "居民" * 15000 }}。\n',
    )
    options = ["--template-dir", str(tmp_path / "tpl"), "--template", "long"]
    runner = CliRunner()
    with within(4):
        built = runner.invoke(
            app,
            ["build", str(MINIMAL), "--out-dir", str(tmp_path), "-f", "md", "-f", "docx", *options],
        )
        shown = runner.invoke(app, ["preview", str(MINIMAL), *options])
    assert built.exit_code == 0, built.stderr
    assert shown.exit_code == 0, shown.stderr
    assert "兴安街道城里社区，" * 3000 in (tmp_path / "minimal.md").read_text(encoding="utf-8")
