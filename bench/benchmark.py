"""Benchmark of summary-gen as whole processes, each figure beside a reference measured in the
same run (issue 4), so that the numbers mean something on a noisy machine.

Not a test: run it by hand and copy its table into the README (section 性能)::

    python bench/benchmark.py                 # 500 generated files, 15 repetitions
    python bench/benchmark.py --files 100 --repeat 5

It generates N realistic data files (the bundled example with other names, numbers, activities
and figures) in a temporary folder and measures, taking the median of the repetitions and
alternating subject and reference so that a slow moment hits both (a single build's ratio is the
median of the ratios of each round):

* ``summary-gen --help``, one Markdown build and one DOCX build of the bundled example, against
  the floor our stack sets when used as its authors intend: ``bench/floor.py``, a Typer app
  with one command that validates a dict with one pydantic model, renders one Jinja2 string
  and loads one YAML string;
* a batch of N DOCX with ``-j 2``: wall time per document, against one pandoc Markdown → DOCX
  conversion of the same text (when pandoc is installed);
* the peak memory (RSS of the largest process) of a batch of N files against one of N/10;
* the same N communities as one workbook (a 社区 sheet and the list sheets, ten activities
  each: 5,000 activity rows for 500), stored as Excel and WPS save a workbook (its text in a
  shared-strings table): its batch of N DOCX with ``-j 2`` against the batch of the N YAML
  files, and its peak memory against that of a workbook of N/10.

``summary-gen`` is the console script when it is on PATH, else ``python -m summary_gen`` with
this checkout's ``src`` on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
FLOOR = ROOT / "bench" / "floor.py"

_PLACES = [
    "东城",
    "西城",
    "南关",
    "北关",
    "新华",
    "人民",
    "解放",
    "建设",
    "和平",
    "胜利",
    "光明",
    "幸福",
    "朝阳",
    "红旗",
    "友谊",
    "团结",
]
_ENDS = ("社区", "社区", "社区", "村")
_STREETS = ("兴安街道", "城关街道", "新华街道", "城南镇", "河西街道")
_LEADERS = ("王国亮", "李秀英", "张建华", "刘明", "陈志强", "杨丽", "赵文斌")
_KINDS = ("讲座", "培训", "宣传", "咨询", "文艺演出", "竞赛", "参观", "其他")
_TOPICS = ("健康教育", "计生", "环保", "消防", "禁毒", "暑期教育", "防诈骗", "垃圾分类", "应急避险")


@dataclass(frozen=True)
class Row:
    """One line of the table: a measured figure beside its reference."""

    name: str
    value: float
    unit: str
    reference_name: str
    reference: float
    target: str
    met: bool | None
    ratio: float | None = None  # when not value / reference: the median of paired ratios

    def cells(self) -> list[str]:
        ratio = self.ratio
        if ratio is None:
            ratio = self.value / self.reference if self.reference else float("nan")
        verdict = {True: "是", False: "否", None: "—"}[self.met]
        return [
            self.name,
            f"{self.value:.1f} {self.unit}",
            self.reference_name,
            f"{self.reference:.1f} {self.unit}",
            f"{ratio:.2f}",
            self.target,
            verdict,
        ]


# --- data ---------------------------------------------------------------------------------------


def generate(folder: Path, count: int, seed: int = 2020) -> list[Path]:
    """``count`` data files that vary the bundled example the way real communities differ."""
    rng = random.Random(seed)
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    names: set[str] = set()
    for index in range(count):
        data = copy.deepcopy(base)
        first, second, end = rng.choice(_PLACES), rng.choice(_PLACES), _ENDS[index % len(_ENDS)]
        name = f"{first}{second}{end}"
        if name in names:  # a workbook's rows must name different communities
            name = f"{first}{second}{index}{end}"
        names.add(name)
        community = data["community"]
        community.update(
            name=name,
            street=rng.choice(_STREETS),
            households=f"{rng.randrange(800, 5000)}{rng.choice(['', '余', '多'])}",
            population=f"{rng.randrange(3000, 16000)}{rng.choice(['', '余', '多'])}",
        )
        data["year"] = rng.choice((2019, 2020, 2021, 2022, 2023))
        data["date"] = f"{data['year'] + 1}-0{rng.randrange(1, 4)}-{rng.randrange(10, 28)}"
        data["organisation"]["leading_group"]["leader"] = rng.choice(_LEADERS)
        # All ten of the example's, in another order: a workbook of 500 has 5,000 activity rows.
        activities = rng.sample(data["activities"], len(data["activities"]))
        counted = rng.random() < 0.5  # a secretary records every activity's count, or none
        for activity in activities:
            activity["kind"] = activity.get("kind") or rng.choice(_KINDS)
            if counted:
                activity["participants"] = rng.randrange(20, 400)
        data["activities"] = activities
        data["figures"] = {
            "events": f"{rng.randrange(len(activities), 60)}{rng.choice(['', '以上', '余'])}",
            "materials": rng.randrange(1000, 50000),
            "consultations": rng.randrange(500, 20000),
            "topics": rng.sample(_TOPICS, rng.randrange(3, 7)),
        }
        path = folder / f"{index:04d}-{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


_LIST_KEYS = (
    ("activities",),
    ("organisation", "teams"),
    ("facilities", "items"),
    ("community", "extra"),
    ("figures", "extra"),
)


def workbook_of(paths: list[Path], target: Path) -> Path:
    """The data files ``paths`` as one workbook, as a street office would keep them: a 社区 sheet
    with a column per key path, and a sheet per list, one row per entry."""
    from openpyxl import Workbook

    rows: list[dict[str, object]] = []
    lists: dict[tuple[str, ...], list[dict[str, object]]] = {key: [] for key in _LIST_KEYS}
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = data["community"]["name"]
        for key in _LIST_KEYS:
            holder = data
            for part in key[:-1]:
                holder = holder.get(part, {})
            for entry in holder.pop(key[-1], None) or []:
                lists[key].append({"community.name": name, **_flat(entry, ())})
        rows.append(_flat(data, ()))
    book = Workbook()
    sheets = [(book.worksheets[0], rows)]
    sheets[0][0].title = "社区"
    for key, entries in lists.items():
        if entries:
            sheets.append((book.create_sheet(".".join(key)), entries))
    for sheet, records in sheets:
        header = list(dict.fromkeys(column for record in records for column in record))
        sheet.append(header)
        for record in records:
            sheet.append([record.get(column) for column in header])
    book.save(target)
    _share_strings(target)
    return target


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _share_strings(path: Path) -> None:
    """The workbook as Excel or WPS saves it: each text once in a shared-strings table, each
    cell an index into it. openpyxl writes every text into its cell instead (an inline string),
    which no office program does and which openpyxl reads back some 1.6 times slower."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match[3], len(strings))
        return b'<c %st="s"%s><v>%d</v></c>' % (match[1], match[2], index)

    with zipfile.ZipFile(path) as source:
        parts = [(item, source.read(item)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in parts:
            if item.filename.startswith("xl/worksheets/"):
                data = _INLINE.sub(shared, data)
            elif item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                relation = (
                    f'<Relationship Id="rIdShared" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                )
                data = data.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
            target.writestr(item, data)
        table = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
        count = len(strings)
        head = f'<sst xmlns="{_SPREADSHEET}" count="{count}" uniqueCount="{count}">'.encode()
        target.writestr("xl/sharedStrings.xml", head + table + b"</sst>")


def _flat(values: dict[str, object], at: tuple[str, ...]) -> dict[str, object]:
    """A mapping's leaves by key path; a list of text as one cell, one item a line."""
    flat: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_flat(value, (*at, key)))
        elif isinstance(value, list):
            flat[".".join((*at, key))] = "\n".join(str(item) for item in value)
        elif value is not None:
            flat[".".join((*at, key))] = value if isinstance(value, int | float) else str(value)
    return flat


# --- measuring ----------------------------------------------------------------------------------


def command() -> tuple[list[str], dict[str, str]]:
    """How to run summary-gen, and the environment for it."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["SOURCE_DATE_EPOCH"] = "1614729600"
    script = shutil.which("summary-gen")
    if script:
        return [script], env
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return [sys.executable, "-m", "summary_gen"], env


def wall(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """Seconds one whole process takes; it must succeed."""
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"失败（{proc.returncode}）：{' '.join(args)}\n{proc.stderr.decode()}")
    return elapsed


def rounds(
    commands: list[list[str]], env: dict[str, str], cwd: Path, repeat: int
) -> list[list[float]]:
    """Milliseconds of each command in each of ``repeat`` rounds; a round runs every command
    once, in turn, so that a slow moment of the machine hits a subject and its reference alike."""
    for args in commands:  # warm the file cache, the bytecode caches and the compiled templates
        wall(args, env, cwd)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for args, measured in zip(commands, times, strict=True):
            measured.append(wall(args, env, cwd) * 1000)
    return times


def compared(
    name: str,
    subject: list[float],
    reference_name: str,
    reference: list[float],
    limit: float | None = None,
) -> Row:
    """A subject against its reference: the medians, and the median of their ratios round by
    round (on a shared machine the speed drifts between rounds, much less within one)."""
    ratio = statistics.median(a / b for a, b in zip(subject, reference, strict=True))
    return Row(
        name,
        statistics.median(subject),
        "ms",
        reference_name,
        statistics.median(reference),
        "—" if limit is None else f"≤ {limit}×",
        None if limit is None else ratio <= limit,
        ratio,
    )


def batch_runs(repeat: int) -> int:
    """How many times a batch runs: at most three, each takes seconds."""
    return max(1, min(repeat, 3))


def peak_rss_mb(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """Peak resident memory, in MB, of the largest process ``args`` starts (itself or a worker):
    measured by a fresh wrapper, whose waited-for descendants are exactly those processes."""
    probe = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], env=env, cwd=cwd, capture_output=True, check=True
    )
    code, kilobytes = out.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"失败（{int(code)}）：{' '.join(args)}")
    return int(kilobytes) / 1024


def main(argv: list[str] | None = None) -> int:
    """Generate the data, measure, print the table; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="summary-gen 的性能测量（整个进程计时）")
    parser.add_argument("--files", type=int, default=500, help="批量生成的数据文件数（默认 500）")
    parser.add_argument("--repeat", type=int, default=15, help="每项重复次数，取中位数（默认 15）")
    parser.add_argument("--jobs", type=int, default=2, help="批量生成的进程数（默认 2）")
    parser.add_argument("--keep", action="store_true", help="保留生成的临时文件夹")
    args = parser.parse_args(argv)

    summary_gen, env = command()
    python = [sys.executable]
    work = Path(tempfile.mkdtemp(prefix="summary-gen-bench-"))
    try:
        rows = measure(work, summary_gen, python, env, args.files, args.repeat, args.jobs)
    finally:
        if args.keep:
            print(f"临时文件夹：{work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows, args, summary_gen)
    return 0 if all(row.met is not False for row in rows) else 1


def measure(
    work: Path,
    summary_gen: list[str],
    python: list[str],
    env: dict[str, str],
    files: int,
    repeat: int,
    jobs: int,
) -> list[Row]:
    """Every row of the table."""
    small = max(1, files // 10)
    data = generate(work / "data", files)
    data_small = work / "small"
    data_small.mkdir()
    for path in data[:small]:
        shutil.copy(path, data_small / path.name)
    rows: list[Row] = []
    floor = [*python, str(FLOOR)]
    md = [*summary_gen, "build", str(EXAMPLE), "-o", str(work / "one.md"), "--force", "-q"]
    docx = [*summary_gen, "build", str(EXAMPLE), "-o", str(work / "one.docx"), "--force", "-q"]
    help_ms, md_ms, floor_ms, docx_ms = rounds(
        [[*summary_gen, "--help"], md, floor, docx], env, work, repeat
    )
    floor_name = "bench/floor.py"
    rows.append(compared("summary-gen --help", help_ms, floor_name, floor_ms))
    rows.append(compared("生成 1 份 Markdown", md_ms, floor_name, floor_ms, 1.4))
    rows.append(compared("生成 1 份 DOCX", docx_ms, floor_name, floor_ms, 1.4))

    batch_ms = []
    for run in range(batch_runs(repeat)):
        out = work / f"batch-{run}"
        batch = [*summary_gen, "build", str(work / "data"), "--out-dir", str(out), "-f", "docx"]
        batch_ms.append(wall([*batch, "-j", str(jobs), "-q"], env, work) * 1000)
    per_doc = statistics.median(batch_ms) / files
    pandoc = shutil.which("pandoc")
    pandoc_name, pandoc_ms, met = "（未安装 pandoc）", 0.0, None
    if pandoc:
        # one.md, which the Markdown builds above wrote: the same text as Markdown
        conversion = [pandoc, str(work / "one.md"), "-o", str(work / "pandoc.docx")]
        wall(conversion, env, work)
        pandoc_ms = statistics.median(wall(conversion, env, work) for _ in range(repeat)) * 1000
        pandoc_name, met = "pandoc 转换 1 份 Markdown→DOCX", per_doc <= pandoc_ms / 10
    batch_name = f"批量 {files} 份 DOCX（-j {jobs}），每份"
    rows.append(Row(batch_name, per_doc, "ms", pandoc_name, pandoc_ms, "≤ 0.1×", met))

    peaks: dict[int, float] = {}
    for count, folder in ((files, work / "data"), (small, data_small)):
        out = work / f"rss-{count}"
        batch = [*summary_gen, "build", str(folder), "--out-dir", str(out), "-j", str(jobs), "-q"]
        peaks[count] = max(peak_rss_mb([*batch, "--force"], env, work) for _ in range(2))
    rows.append(
        Row(
            f"批量 {files} 份的内存峰值",
            peaks[files],
            "MB",
            f"批量 {small} 份的内存峰值",
            peaks[small],
            "≤ 1.2×",
            peaks[files] <= 1.2 * peaks[small],
        )
    )
    rows += workbook_rows(work, summary_gen, env, data, small, repeat, jobs)
    return rows


def workbook_rows(
    work: Path,
    summary_gen: list[str],
    env: dict[str, str],
    data: list[Path],
    small: int,
    repeat: int,
    jobs: int,
) -> list[Row]:
    """The same communities as one workbook: its batch against the YAML files' batch, round by
    round, and its peak memory against a workbook of a tenth of them."""
    files = len(data)
    book = workbook_of(data, work / "街道.xlsx")
    book_small = workbook_of(data[:small], work / "街道-small.xlsx")
    activities = sum(1 for _ in _activity_rows(book))
    from_book, from_yaml = [], []
    for run in range(batch_runs(repeat)):
        common = ["-f", "docx", "-j", str(jobs), "-q"]
        book_batch = [*summary_gen, "build", str(book), "--out-dir", str(work / f"wb-{run}")]
        yaml_batch = [
            *summary_gen,
            "build",
            str(work / "data"),
            "--out-dir",
            str(work / f"yb-{run}"),
        ]
        from_book.append(wall([*book_batch, *common], env, work) * 1000)
        from_yaml.append(wall([*yaml_batch, *common], env, work) * 1000)
    ratio = statistics.median(a / b for a, b in zip(from_book, from_yaml, strict=True))
    rows = [
        Row(
            f"工作簿 {files} 个社区（活动 {activities} 行）生成 {files} 份 DOCX（-j {jobs}）",
            statistics.median(from_book),
            "ms",
            f"同样 {files} 份 YAML 数据文件",
            statistics.median(from_yaml),
            "≤ 1.2×",
            ratio <= 1.2,
            ratio,
        )
    ]
    peaks = {}
    for count, path in ((files, book), (small, book_small)):
        out = work / f"wb-rss-{count}"
        batch = [*summary_gen, "build", str(path), "--out-dir", str(out), "-j", str(jobs), "-q"]
        peaks[count] = max(peak_rss_mb([*batch, "--force"], env, work) for _ in range(2))
    rows.append(
        Row(
            f"工作簿 {files} 个社区的内存峰值",
            peaks[files],
            "MB",
            f"工作簿 {small} 个社区的内存峰值",
            peaks[small],
            "≤ 1.3×",
            peaks[files] <= 1.3 * peaks[small],
        )
    )
    return rows


def _activity_rows(book: Path) -> list[object]:
    from openpyxl import load_workbook

    workbook = load_workbook(book, read_only=True)
    try:
        return list(workbook["activities"].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()


def print_table(rows: list[Row], args: argparse.Namespace, summary_gen: list[str]) -> None:
    """The rows as a Markdown table, with how they were measured."""
    header = ["测量", "结果", "参照", "参照值", "比值", "目标", "达标"]
    print(f"| {' | '.join(header)} |")
    print(f"|{'|'.join('---' for _ in header)}|")
    for row in rows:
        print(f"| {' | '.join(row.cells())} |")
    print()
    print(
        f"整个进程计时，取 {args.repeat} 次的中位数（批量取 {batch_runs(args.repeat)} 次），"
        "测量对象与参照交替运行；单份文档的比值是逐轮比值的中位数；"
        f"{os.cpu_count()} 核，Python "
        f"{sys.version.split()[0]}，命令：{' '.join(Path(a).name for a in summary_gen)}。"
    )


if __name__ == "__main__":
    sys.exit(main())
