"""The year's table (``summary-gen table``): one row per community, Chinese headers, numbers as
numbers, last year's figures and the change where known, a total only where a sum means
something, and nothing written while a community's data is wrong."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from summary_gen.cli import app

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def community(folder: Path, name: str, year: int, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(
        f"year: {year}\ndate: {year + 1}-01-05\ncommunity:\n  name: {name}\n  street: 长青街道\n"
        + body,
        encoding="utf-8",
    )
    return path


def street(folder: Path) -> list[Path]:
    return [
        community(
            folder,
            "东城社区",
            2022,
            "  households: 1200\n  population: 约4000\nfigures:\n  events: 12\n  extra:\n"
            '    - label: 绿化覆盖率\n      value: 40\n      unit: "%"\n',
        ),
        community(
            folder,
            "西城社区",
            2022,
            "  households: 800\n  population: 2600\nfigures:\n  events: 20以上\n  extra:\n"
            '    - label: 绿化覆盖率\n      value: 35\n      unit: "%"\n',
        ),
    ]


def rows_of(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_table_has_a_row_per_community_numbers_as_numbers_and_a_total(
    tmp_path: Path,
) -> None:
    inputs = street(tmp_path / "data")
    target = tmp_path / "汇总.xlsx"
    result = run("table", *inputs, "-o", target)
    assert result.exit_code == 0, result.output
    title, header, east, west, total = rows_of(target)
    assert "2022年" in str(title[0])
    assert header[:4] == ["社区名称", "所属街道", "年度", "户数"]
    column = {name: index for index, name in enumerate(header)}
    assert east[0] == "东城社区" and west[0] == "西城社区"
    assert east[column["户数"]] == 1200 and isinstance(east[column["户数"]], int)
    assert total[0] == "合计"
    assert total[column["户数"]] == 2000
    # an approximate figure is no number to add: 约4000 as written, and no total
    assert east[column["人口"]] == "约4000"
    assert total[column["人口"]] is None
    # a lower bound makes the sum a lower bound
    assert west[column["全年活动场次"]] == "20以上"
    assert total[column["全年活动场次"]] == "32以上"
    # a rate is never summed
    assert east[column["绿化覆盖率（%）"]] == 40
    assert total[column["绿化覆盖率（%）"]] is None


def test_the_table_shows_last_years_figures_and_the_change(tmp_path: Path) -> None:
    inputs = street(tmp_path / "2022")
    last = tmp_path / "2021"
    community(last, "东城社区", 2021, "  households: 1000\nfigures:\n  events: 10\n")
    community(last, "西城社区", 2021, "  households: 800\nfigures:\n  events: 16\n")
    result = run("table", *inputs, "--previous-dir", last, "-o", "-")
    assert result.exit_code == 0, result.output
    header, east, west, total = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    column = {name: index for index, name in enumerate(header)}
    assert east[column["上年户数"]] == "1000"
    assert east[column["户数增减"]] == "200"
    assert east[column["户数增长（%）"]] == "20"
    assert west[column["户数增减"]] == "0"
    assert total[column["户数增减"]] == "200"
    assert total[column["户数增长（%）"]] == "11.1"  # 200 against 1800
    # 20以上 against 16: an increase, but by how much nobody knows
    assert west[column["全年活动场次增减"]] == "有所增加"
    assert west[column["全年活动场次增长（%）"]] == ""
    assert total[column["全年活动场次增减"]] == ""


def test_a_table_of_unchanged_data_is_left_unchanged(tmp_path: Path) -> None:
    inputs = street(tmp_path / "data")
    target = tmp_path / "汇总.xlsx"
    assert run("table", *inputs, "-o", target).exit_code == 0
    again = run("table", *inputs, "-o", target)
    assert again.exit_code == 0, again.output
    assert "未变化" in again.output


def test_a_csv_table_opens_in_excel_as_chinese(tmp_path: Path) -> None:
    inputs = street(tmp_path / "data")
    target = tmp_path / "汇总.csv"
    assert run("table", *inputs, "-o", target).exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("社区名称,所属街道,年度,户数")


def test_the_table_of_a_workbook_has_a_row_per_community(tmp_path: Path) -> None:
    data = tmp_path / "街道.csv"
    data.write_text("社区名称,年度,户数\n东城社区,2022,1200\n西城社区,2022,800\n", encoding="utf-8")
    result = run("table", data, "-o", "-")
    assert result.exit_code == 0, result.output
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[1].startswith("东城社区,") and lines[2].startswith("西城社区,")
    assert lines[-1].startswith("合计,") and lines[-1].endswith(",2000")


def test_nothing_is_written_while_a_community_is_wrong(tmp_path: Path) -> None:
    inputs = street(tmp_path / "data")
    inputs[1].write_text(inputs[1].read_text(encoding="utf-8") + "househods: 3\n", "utf-8")
    target = tmp_path / "汇总.xlsx"
    result = run("table", *inputs, "-o", target)
    assert result.exit_code == 1
    assert "househods" in result.output
    assert not target.exists()


def test_the_table_needs_an_output_of_a_known_kind(tmp_path: Path) -> None:
    inputs = street(tmp_path / "data")
    assert run("table", *inputs).exit_code == 2
    assert run("table", *inputs, "-o", tmp_path / "汇总.docx").exit_code == 2
