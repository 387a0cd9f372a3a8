"""Last year's figures (``previous``) and shared values (``summary-gen-defaults.yaml``): the
wording of a comparison, as each family tells it; last year's file checked for its year and
community; shared values taken where the data file says nothing, their problems located in
their own file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.text.compare import change
from summary_gen.text.quantity import Quantity

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def q(text: str, *, decimal: bool = False) -> Quantity:
    return Quantity.parse(text, decimal=decimal)


@pytest.mark.parametrize(
    ("now", "last", "unit", "phrase"),
    [
        ("20", "16", "场次", "比上年增加4场次、增长25%"),
        ("8", "10", "场次", "比上年减少2场次、下降20%"),
        ("300", "300", "份", "与上年持平"),
        ("4", "3", "名", "比上年增加1名、增长33.3%"),
        # a fall is at most 100%, never 减少N倍
        ("0", "50", "人次", "比上年减少50人次、下降100%"),
        ("1", "600", "人次", "比上年减少599人次、下降99.8%"),
        # a qualified figure in words, where still true
        ("20以上", "16", "场次", "比上年有所增加"),
        ("约500", "300", "份", "比上年有所增加"),
        ("近1000", "1200", "份", "比上年有所减少"),
        # 2.4万 against 2万: told in 万 as both are written
        ("2.4万", "2万", "元", "比上年增加0.4万元、增长20%"),
    ],
)
def test_a_change_is_told_as_chinese_statistics_tell_it(
    now: str, last: str, unit: str, phrase: str
) -> None:
    found = change(q(now, decimal=True), q(last, decimal=True), unit)
    assert found is not None
    assert found.phrase() == phrase


@pytest.mark.parametrize(
    ("now", "last", "phrase"),
    [
        ("41", "37.7", "比上年提高3.3个百分点"),
        ("85", "90", "比上年下降5个百分点"),
        ("50", "50", "与上年持平"),
    ],
)
def test_a_rate_changes_by_points_never_by_a_percentage_of_itself(
    now: str, last: str, phrase: str
) -> None:
    found = change(q(now, decimal=True), q(last, decimal=True), "%")
    assert found is not None
    assert found.phrase() == phrase
    assert "增长" not in found.phrase()


@pytest.mark.parametrize(
    ("now", "last"),
    [
        ("300余", "300"),  # at least 300 against 300: it may have grown or not
        ("约500", "480"),  # 450..550 against 480
        ("20以上", "30"),  # at least 20 against 30: either way
        ("近1000", "950"),
    ],
)
def test_a_qualified_figure_is_not_compared_where_the_comparison_could_be_false(
    now: str, last: str
) -> None:
    assert change(q(now), q(last), "份") is None


def _with_previous(tmp_path: Path, family: str, previous: str) -> Path:
    text = (DATA / f"{family}-rich.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{family}.yaml"
    path.write_text(text + previous, encoding="utf-8")
    return path


def _built(path: Path, *extra: object) -> str:
    result = run("build", path, "-f", "md", *extra)
    assert result.exit_code == 0, result.output
    return path.with_suffix(".md").read_text(encoding="utf-8")


def test_kepu_compares_its_figures_with_last_years(tmp_path: Path) -> None:
    path = _with_previous(
        tmp_path,
        "kepu",
        "previous:\n  events: 40\n  materials: 6000\n  consultations: 2000\n"
        "  households: 2050\n  population: 6000\n  volunteers: 30\n"
        "  extra:\n    - label: 受教育居民\n      value: 8000\n      unit: 人次\n",
    )
    text = _built(path)
    assert "与上年相比，户数增加50户、增长2.4%，人口有所增加。" in text  # 6300余 > 6000
    assert "科普活动达48场次，比上年增加8场次、增长20%；" in text
    assert "宣传材料6000份，与上年持平；" in text
    assert "1500人次，比上年减少500人次、下降25%；" in text
    assert "受教育居民达8600人次，比上年增加600人次、增长7.5%；" in text
    assert "发动志愿者36名，比上年增加6名、增长20%" in text
    assert "倍" not in text


def test_shengtai_compares_rates_by_points(tmp_path: Path) -> None:
    path = _with_previous(
        tmp_path,
        "shengtai",
        "previous:\n  events: 30\n  materials: 4000\n  volunteers: 120\n  extra:\n"
        '    - label: 绿化覆盖率\n      value: 37.7\n      unit: "%"\n'
        '    - label: 垃圾分类参与率\n      value: 90\n      unit: "%"\n',
    )
    text = _built(path)
    assert "活动达24场次，比上年减少6场次、下降20%；" in text
    assert "5000份，比上年增加1000份、增长25%。" in text
    assert "志愿者120名，与上年持平" in text
    assert "绿化覆盖率达41%，比上年提高3.3个百分点；" in text
    assert "垃圾分类参与率达85%，比上年下降5个百分点。" in text


def test_liuhao_compares_its_figures_with_last_years(tmp_path: Path) -> None:
    path = _with_previous(
        tmp_path,
        "liuhao",
        "previous:\n  events: 25\n  consultations: 210\n  volunteers: 50\n  extra:\n"
        "    - label: 受教育青少年\n      value: 2000\n      unit: 人次\n",
    )
    text = _built(path)
    assert "志愿者40名，比上年减少10名、下降20%" in text
    assert "活动达30场次，比上年增加5场次、增长20%；" in text
    assert "咨询服务210人次，与上年持平；" in text
    assert "受教育青少年达2600人次，比上年增加600人次、增长30%；" in text


def test_without_previous_no_comparison_is_told(tmp_path: Path) -> None:
    path = tmp_path / "kepu.yaml"
    path.write_text((DATA / "kepu-rich.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert "上年" not in _built(path)


def _year(tmp_path: Path, name: str, year: int, events: int, community: str = "枫林社区") -> Path:
    path = tmp_path / name
    path.write_text(
        f"year: {year}\ncommunity:\n  name: {community}\nfigures:\n  events: {events}\n",
        encoding="utf-8",
    )
    return path


def test_previous_may_name_last_years_file(tmp_path: Path) -> None:
    _year(tmp_path, "2021.yaml", 2021, 10)
    this = _year(tmp_path, "2022.yaml", 2022, 12)
    this.write_text(this.read_text(encoding="utf-8") + "previous: 2021.yaml\n", encoding="utf-8")
    assert "比上年增加2场次、增长20%" in _built(this, "--date", "2023-01-05")


@pytest.mark.parametrize(
    ("year", "community", "message"),
    [
        (2020, "枫林社区", "应为 2021 年"),
        (2021, "松山社区", "枫林社区"),
    ],
)
def test_last_years_file_of_another_year_or_community_is_a_located_error(
    tmp_path: Path, year: int, community: str, message: str
) -> None:
    _year(tmp_path, "last.yaml", year, 10, community)
    this = _year(tmp_path, "this.yaml", 2022, 12)
    this.write_text(this.read_text(encoding="utf-8") + "previous: last.yaml\n", encoding="utf-8")
    result = run("validate", this)
    assert result.exit_code == 1
    located = [line for line in result.output.splitlines() if line.startswith(f"{this}:6:")]
    assert located, result.output
    assert "previous" in located[0]
    assert message in result.output


def test_previous_dir_finds_last_years_file_of_the_same_name(tmp_path: Path) -> None:
    last = tmp_path / "2021"
    last.mkdir()
    _year(last, "枫林.yaml", 2021, 10)
    this = _year(tmp_path, "枫林.yaml", 2022, 15)
    text = _built(this, "--previous-dir", last, "--date", "2023-01-05")
    assert "比上年增加5场次、增长50%" in text


def test_previous_dir_without_the_file_warns_and_builds(tmp_path: Path) -> None:
    last = tmp_path / "2021"
    last.mkdir()
    this = _year(tmp_path, "新社区.yaml", 2022, 15)
    result = run("build", this, "-f", "md", "--previous-dir", last, "--date", "2023-01-05")
    assert result.exit_code == 0, result.output
    assert "未与上年比较" in result.output
    assert "上年" not in this.with_suffix(".md").read_text(encoding="utf-8")


def test_a_missing_previous_dir_is_a_usage_error(tmp_path: Path) -> None:
    this = _year(tmp_path, "a.yaml", 2022, 15)
    result = run("build", this, "--previous-dir", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert not this.with_suffix(".docx").exists()


# --- shared values ------------------------------------------------------------------------------


def test_shared_values_beside_the_data_fill_what_a_file_leaves_out(tmp_path: Path) -> None:
    (tmp_path / "summary-gen-defaults.yaml").write_text(
        "year: 2022\ndate: 2023-01-06\ncommunity:\n  street: 长青街道\nsignatory: 长青街道办事处\n",
        encoding="utf-8",
    )
    own = tmp_path / "a.yaml"
    own.write_text(
        "community:\n  name: 枫林社区\n  households: 2100\nsignatory: 枫林社区居委会\n",
        encoding="utf-8",
    )
    text = _built(own)
    assert "长青街道枫林社区" in text
    assert "2022年" in text
    assert text.rstrip().endswith("枫林社区居委会\n\n2023年1月6日")  # the file's own wins


def test_defaults_option_names_the_shared_file(tmp_path: Path) -> None:
    shared = tmp_path / "街道共用.yaml"
    shared.write_text("year: 2022\ncommunity:\n  street: 长青街道\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    own = data / "a.yaml"
    own.write_text("community:\n  name: 枫林社区\n  households: 2100\n", encoding="utf-8")
    assert "长青街道枫林社区" in _built(own, "--defaults", shared, "--date", "2023-01-05")


def test_a_problem_in_the_shared_values_is_located_in_their_file(tmp_path: Path) -> None:
    shared = tmp_path / "summary-gen-defaults.yaml"
    shared.write_text("year: 2022\ncommunity:\n  stret: 长青街道\n", encoding="utf-8")
    own = tmp_path / "a.yaml"
    own.write_text("community:\n  name: 枫林社区\n", encoding="utf-8")
    result = run("build", own, "-f", "md")
    assert result.exit_code == 1
    assert f"{shared}:3:3: community.stret" in result.output
    assert "street" in result.output
    assert not own.with_suffix(".md").exists()
