"""Workbooks (.xlsx) and CSV as many data files, through the command line: one document per row
of the 社区 sheet, lists on sheets of their own, every problem located by sheet and cell, a bad
row failing alone, workbooks that are none refused fast, and the workbook ``init`` writes
validating and building as written."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from summary_gen.cli import app

runner = CliRunner()

HEADERS = ["community.name", "year", "date", "户数", "figures.events", "figures.topics"]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def workbook(path: Path, rows: list[list[Any]], **lists: list[list[Any]]) -> Path:
    """A workbook whose 社区 sheet has ``rows`` (the first the headers), and a sheet of each
    of ``lists`` (its name → its rows, headers first)."""
    book = Workbook()
    main = book.worksheets[0]
    main.title = "社区"
    for row in rows:
        main.append(row)
    for title, entries in lists.items():
        sheet = book.create_sheet(title)
        for row in entries:
            sheet.append(row)
    book.save(path)
    return path


def two_communities(path: Path) -> Path:
    return workbook(
        path,
        [
            HEADERS,
            ["东城社区", 2021, "2022-01-05", 1200, 12, "防灾减灾、健康生活"],
            ["西城社区", 2021, "2022-01-05", 800, 9, "反诈防骗\n垃圾分类"],
        ],
        活动=[
            ["社区名称", "活动名称", "类型", "参与人数"],
            ["东城社区", "健康知识讲座", "讲座", 80],
            ["西城社区", "消防演练", "宣传", 60],
            ["东城社区", "反诈宣传", "宣传", 120],
        ],
    )


def test_each_row_builds_the_document_its_community_names(tmp_path: Path) -> None:
    book = two_communities(tmp_path / "街道.xlsx")
    result = run("build", book, "--out-dir", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.output
    east = (tmp_path / "out" / "东城社区.md").read_text(encoding="utf-8")
    west = (tmp_path / "out" / "西城社区.md").read_text(encoding="utf-8")
    assert "1200户" in east
    assert "800户" in west
    assert "健康知识讲座" in east and "反诈宣传" in east and "消防演练" not in east
    assert "消防演练" in west
    assert "防灾减灾、健康生活" in east
    assert "反诈防骗、垃圾分类" in west  # a list of text: one item a line


def test_names_parted_with_dunhao_in_a_cell_are_no_slip(tmp_path: Path) -> None:
    # The README gives 、 (or a line each) as the way to write names in a cell: no warning that
    # YAML's "- " is the standard, which a workbook has not. Sentences keep their 、.
    book = workbook(
        tmp_path / "街道.xlsx",
        [
            [*HEADERS, "closing.plans"],
            ["东城社区", 2021, "2022-01-05", 1200, 12, "防灾减灾、健康生活", "完善制度、加强宣传"],
        ],
    )
    result = run("validate", book)
    assert result.exit_code == 0, result.output
    assert "已分成" not in result.output and "- " not in result.output
    assert run("build", book, "-f", "md").exit_code == 0
    text = (tmp_path / "东城社区.md").read_text(encoding="utf-8")
    assert "以防灾减灾、健康生活等为内容" in text
    assert "完善制度、加强宣传" in text


def test_excel_number_and_date_cells_are_read_as_such(tmp_path: Path) -> None:
    import datetime as dt

    book = workbook(
        tmp_path / "街道.xlsx",
        [HEADERS[:5], ["东城社区", 2021, dt.datetime(2022, 1, 6), 1200.0, 12]],
    )
    result = run("build", book, "-f", "md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "东城社区.md").read_text(encoding="utf-8")
    assert "1200户" in text and "1200.0" not in text
    assert text.rstrip().endswith("2022年1月6日")


def test_cells_are_read_as_excel_shows_them(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "街道.xlsx"
    book = Workbook()
    main = book.worksheets[0]
    main.title = "社区"
    main.append(HEADERS[:5])
    main.append(["东城社区", 2021, dt.date(2022, 1, 5), 1200, 10])
    main["C2"].number_format = 'yyyy"年"m"月"d"日"'
    facts = book.create_sheet("其他数字")
    facts.append(["社区名称", "名称", "数值", "单位"])
    facts.append(["东城社区", "绿化覆盖率", 0.41, None])  # typed 41% in Excel
    facts["C2"].number_format = "0%"
    facts.append(["东城社区", "垃圾分类参与率", 0.385, "%"])
    facts["C3"].number_format = "0.0%"
    activities = book.create_sheet("活动")
    activities.append(["社区名称", "活动名称", "类型", "日期"])
    activities.append(["东城社区", "健康讲座", "讲座", dt.datetime(2021, 6, 1)])
    activities["D2"].number_format = 'yyyy"年"m"月"'  # a month: no day shown
    book.save(path)
    result = run("build", path, "-f", "md")
    assert result.exit_code == 0, result.output
    assert "已读作" not in result.output  # nothing was typed in another form than Excel's own
    text = (tmp_path / "东城社区.md").read_text(encoding="utf-8")
    assert "绿化覆盖率达41%" in text and "垃圾分类参与率达38.5%" in text
    assert "6月，举办了健康讲座" in text and "6月1日" not in text
    assert text.rstrip().endswith("2022年1月5日")


def test_invisible_characters_in_cells_are_removed_and_told(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "街道.xlsx",
        [["社区名称", "年\u200b度", "户数"], ["东城\u200b社区", 2021, 1200]],
        活动=[["社区名称", "活动名称"], ["东城社区\ufeff", "健康\u202e讲座"]],
    )
    result = run("build", book, "-f", "md")
    assert result.exit_code == 0, result.output
    assert (
        f"警告 {book}:社区!A2: community.name：已删除 1 个看不见的字符（U+200B）" in result.output
    )
    assert f"警告 {book}:活动!B2: activities[0].title：已删除 1 个看不见的字符（U+202E）" in (
        result.output
    )
    assert "健康讲座" in (tmp_path / "东城社区.md").read_text(encoding="utf-8")


def test_a_problem_is_located_by_sheet_and_cell(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "街道.xlsx",
        [
            HEADERS[:5],
            ["东城社区", 2021, "2022-01-05", 1200, 12],
            ["西城社区", 2021, "", "许多", 3],
        ],
    )
    result = run("validate", book)
    assert result.exit_code == 1
    assert f"{book}:社区!D3: community.households：" in result.output
    assert f"{book}:社区!2:2（东城社区）：数据有效" in result.output


def test_a_problem_of_a_list_entry_is_located_at_its_cell(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "街道.xlsx",
        [HEADERS[:5], ["东城社区", 2021, "2022-01-05", 1200, 12], ["西城社区", 2021, "", 800, 9]],
        活动=[
            ["社区名称", "活动名称", "类型", "参与人数"],
            ["东城社区", "健康知识讲座", "讲座", 80],
            ["西城社区", "消防演练", "宣传", "很多"],
            ["东城社区", "广场舞", "跳舞", 120],
        ],
    )
    result = run("validate", book)
    assert result.exit_code == 1
    # the second entry of 东城社区's list, on the sheet's fourth row
    assert f"{book}:活动!C4: activities[1].kind：" in result.output
    assert f"{book}:活动!D3: activities[0].participants：" in result.output


def test_an_unknown_header_is_located_with_a_did_you_mean(tmp_path: Path) -> None:
    book = workbook(tmp_path / "街道.xlsx", [["社区名称", "户口数"], ["东城社区", 1200]])
    result = run("validate", book)
    assert result.exit_code == 1
    assert f"{book}:社区!B1: 未知的表头“户口数”，是不是“户数”（community.households）？" in (
        result.output
    )


def test_two_rows_of_one_community_fail_naming_both_and_the_others_build(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "街道.xlsx",
        [
            HEADERS[:5],
            ["东城社区", 2021, "2022-01-05", 1200, 12],
            ["西城社区", 2021, "2022-01-05", 800, 9],
            ["东城社区", 2021, "2022-01-05", 1000, 3],
        ],
    )
    out = tmp_path / "out"
    result = run("build", book, "--out-dir", out, "-f", "md")
    assert result.exit_code == 1
    assert f"{book}:社区!A2: community.name：社区“东城社区”在第4行也有" in result.output
    assert f"{book}:社区!A4: community.name：社区“东城社区”在第2行也有" in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["西城社区.md"]


def test_a_row_without_a_community_name_fails_alone(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "街道.xlsx",
        [
            HEADERS[:5],
            ["东城社区", 2021, "2022-01-05", 1200, 12],
            [
                None,
                2021,
                "2022-01-05",
                800,
                9,
            ],  # its first cell empty: read-only openpyxl's EmptyCell
            ["西城社区", 2021, "2022-01-05", 900, 9],
        ],
    )
    result = run("build", book, "-f", "md")
    assert result.exit_code == 1, result.output
    told = [line for line in result.output.splitlines() if line.startswith(f"{book}:社区!A3:")]
    assert len(told) == 1 and "缺少社区名称" in told[0]
    assert (tmp_path / "东城社区.md").exists() and (tmp_path / "西城社区.md").exists()


def test_a_list_row_of_no_community_is_an_error(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "街道.xlsx",
        [HEADERS[:5], ["东城社区", 2021, "2022-01-05", 1200, 12]],
        活动=[["社区名称", "活动名称"], ["东城社区", "讲座"], ["北城社区", "演练"], ["", "义诊"]],
    )
    result = run("build", book, "-f", "md")
    assert result.exit_code == 1
    assert f"{book}:活动!A3: community.name：“北城社区”不是“社区”表里的社区" in result.output
    assert f"{book}:活动!A4: community.name：缺少社区名称" in result.output


def _with_formula(path: Path, cached: str | None) -> Path:
    """A workbook whose 户数 is the formula =600*2, with ``cached`` as its last value (as Excel
    saves it), or none (as a program that writes workbooks leaves it)."""
    plain = io.BytesIO()
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "社区"
    sheet.append(HEADERS[:5])
    sheet.append(["东城社区", 2021, "2022-01-05", "=600*2", 12])
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if cached is not None and info.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>600*2</f><v></v>" in data
                data = data.replace(b"<v></v>", f"<v>{cached}</v>".encode())
            target.writestr(info, data)
    return path


def test_a_formula_is_read_as_its_cached_value(tmp_path: Path) -> None:
    book = _with_formula(tmp_path / "街道.xlsx", "1200")
    result = run("build", book, "-f", "md")
    assert result.exit_code == 0, result.output
    assert "1200户" in (tmp_path / "东城社区.md").read_text(encoding="utf-8")


def test_a_formula_without_a_cached_value_is_an_error_that_says_so(tmp_path: Path) -> None:
    book = _with_formula(tmp_path / "街道.xlsx", None)
    result = run("build", book, "-f", "md")
    assert result.exit_code == 1
    assert f"{book}:社区!D2: community.households：公式还没有计算出结果" in result.output
    assert not (tmp_path / "东城社区.md").exists()


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (100 * 1024 * 1024) + b"</a>")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "97-2003"),
        (
            lambda p: p.write_bytes(
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                + b"\0" * 600
                + "EncryptionInfo".encode("utf-16-le")
                + b"\0" * 600
            ),
            "密码",
        ),
        (lambda p: p.write_text("社区名称,户数\n东城社区,1200\n", encoding="utf-8"), ".csv"),
        (lambda p: p.write_bytes(bytes(range(256)) * 4), "不是 Excel 工作簿"),
        (_zip_bomb, "未解压"),
    ],
    ids=["renamed-xls", "password", "csv-named-xlsx", "garbage", "zip-bomb"],
)
def test_a_workbook_that_is_none_is_refused_fast(tmp_path: Path, make: Any, message: str) -> None:
    book = tmp_path / "街道.xlsx"
    make(book)
    started = time.monotonic()
    result = run("build", book, "--out-dir", tmp_path / "out")
    assert time.monotonic() - started < 5
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


CSV = (
    "community.name,所属街道,year,date,户数,figures.events\r\n"
    "东城社区,长青街道,2021,2022-01-05,1200,12\r\n"
    '西城社区,长青街道,2021,2022/1/5,"1,300",十五\r\n'
)


@pytest.mark.parametrize(
    "encoded",
    [CSV.encode("utf-8"), b"\xef\xbb\xbf" + CSV.encode("utf-8"), CSV.encode("gbk")],
    ids=["utf-8", "utf-8-bom", "gbk"],
)
def test_csv_is_the_community_sheet_alone(tmp_path: Path, encoded: bytes) -> None:
    data = tmp_path / "街道.csv"
    data.write_bytes(encoded)
    result = run("build", data, "-f", "md")
    assert result.exit_code == 0, result.output
    west = (tmp_path / "西城社区.md").read_text(encoding="utf-8")
    assert "长青街道西城社区辖区内有居民1300户" in west
    assert "15场次" in west
    assert f"{data}:E3: community.households：“1,300”已读作 1300" in result.output
    assert (tmp_path / "东城社区.md").exists()


def test_shared_values_beside_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "summary-gen-defaults.yaml").write_text(
        "year: 2021\ndate: 2022-01-07\ncommunity:\n  street: 长青街道\n", encoding="utf-8"
    )
    book = workbook(tmp_path / "街道.xlsx", [["社区名称", "户数"], ["东城社区", 1200]])
    result = run("build", book, "-f", "md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "东城社区.md").read_text(encoding="utf-8")
    assert "长青街道东城社区" in text and text.rstrip().endswith("2022年1月7日")


def test_previous_dir_matches_last_years_workbook_by_community_name(tmp_path: Path) -> None:
    last = tmp_path / "2020"
    last.mkdir()
    workbook(
        last / "街道.xlsx",
        [HEADERS[:5], ["西城社区", 2020, "2021-01-05", 800, 12], ["东城社区", 2020, "", 1000, 10]],
    )
    book = two_communities(tmp_path / "街道.xlsx")
    result = run("build", book, "--previous-dir", last, "-f", "md", "--out-dir", tmp_path / "o")
    assert result.exit_code == 0, result.output
    east = (tmp_path / "o" / "东城社区.md").read_text(encoding="utf-8")
    west = (tmp_path / "o" / "西城社区.md").read_text(encoding="utf-8")
    assert "户数增加200户、增长20%" in east
    assert "比上年增加2场次、增长20%" in east
    assert "比上年减少3场次、下降25%" in west


def test_preview_shows_the_row_of_the_community_asked_for(tmp_path: Path) -> None:
    book = two_communities(tmp_path / "街道.xlsx")
    result = run("preview", book, "--community", "西城社区")
    assert result.exit_code == 0, result.output
    assert "800户" in result.output and "1200户" not in result.output
    many = run("preview", book)
    assert many.exit_code == 2
    assert "--community" in many.output
    unknown = run("preview", book, "--community", "北城社区")
    assert unknown.exit_code == 2
    assert "东城社区、西城社区" in unknown.output


def test_init_writes_a_workbook_that_validates_and_builds_as_written(tmp_path: Path) -> None:
    book = tmp_path / "街道.xlsx"
    result = run("init", book)
    assert result.exit_code == 0, result.output
    read = load_workbook(book)
    main = read["社区"]
    headers = [cell.value for cell in main[1]]
    assert headers[:3] == ["社区名称", "所属街道", "年度"]
    assert "户数" in headers and "全年活动场次" in headers
    assert main["A1"].comment is not None and "community.name" in main["A1"].comment.text
    assert main["A2"].value  # the example row
    assert main.freeze_panes == "B2"
    assert main.column_dimensions["A"].width >= 10
    template_column = headers.index("模板")
    rules = {str(rule.sqref): rule.formula1 for rule in main.data_validations.dataValidation}
    letter = chr(ord("A") + template_column)
    assert any(key.startswith(letter) and "kepu" in value for key, value in rules.items())
    activities = read["活动"]
    kinds = [rule.formula1 for rule in activities.data_validations.dataValidation]
    assert kinds and "讲座" in kinds[0]
    assert {"活动", "队伍", "设施"} <= set(read.sheetnames)
    validated = run("validate", book)
    assert validated.exit_code == 0, validated.output
    built = run("build", book, "--out-dir", tmp_path / "out", "-f", "md", "-f", "docx")
    assert built.exit_code == 0, built.output
    assert {p.suffix for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")} == {
        ".md",
        ".docx",
    }


def test_init_writes_the_same_bytes_again(tmp_path: Path) -> None:
    book = tmp_path / "街道.xlsx"
    assert run("init", book).exit_code == 0
    again = run("init", book)  # openpyxl dates what it saves: the bytes must not change
    assert again.exit_code == 0, again.output
    assert "未变化" in again.output
    with zipfile.ZipFile(book) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "T00:00:00Z</dcterms:modified>" in core  # dated the day, not the second, of writing


@pytest.mark.parametrize("name", ["街道.csv", "街道.xls"])
def test_init_writes_no_yaml_under_a_spreadsheets_name(tmp_path: Path, name: str) -> None:
    result = run("init", tmp_path / name)
    assert result.exit_code == 2
    assert ".xlsx" in result.output
    assert not (tmp_path / name).exists()


def test_a_workbook_combines_into_one_file(tmp_path: Path) -> None:
    book = two_communities(tmp_path / "街道.xlsx")
    result = run("build", book, "--combine", tmp_path / "汇编.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "汇编.md").read_text(encoding="utf-8")
    assert "1200户" in text and "800户" in text


@pytest.mark.parametrize("family", ["shengtai", "liuhao"])
def test_init_workbook_of_each_family_builds(tmp_path: Path, family: str) -> None:
    book = tmp_path / "街道.xlsx"
    assert run("init", book, "--template", family).exit_code == 0
    built = run("build", book, "-f", "md")
    assert built.exit_code == 0, built.output


def test_a_yaml_build_imports_neither_openpyxl_nor_the_workbook_reader(tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text("year: 2021\ncommunity:\n  name: 东城社区\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from summary_gen.cli import main\n"
        f"sys.argv = ['summary-gen', 'build', {str(data)!r}, '-f', 'md', '-q']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules or 'summary_gen.loading.sheets' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "a.md").exists()
