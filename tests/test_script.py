"""Traditional script: OpenCC's plain s2t table, never the Taiwan-phrase one.

The expected texts below were written out by hand from the standard traditional forms (OpenCC's
own: 裏 for 里, 麪 for 面 as in noodles), not copied from the converter's output.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.document import Block, Document, Table
from summary_gen.errors import UsageError
from summary_gen.text.script import (
    _converter,
    convert_document,
    document_to_traditional,
    phrases,
    to_traditional,
)

# What s2twp or a character-by-character table would write instead.
WRONG = ("社群", "建立", "公升", "資訊", "網路", "軟體", "品質", "滑鼠", "列印", "「", "」")


def _document() -> Document:
    return Document(
        title_lines=("兴安街道城里社区", "创建科普示范社区工作总结"),
        body=(
            Block("heading1", "一、领导重视，健全组织机构"),
            Block("paragraph", "社区居民的信息网络、软件质量、鼠标和打印都得到了提升。"),
            Block("heading2", "（一）开展了“科教进社区”活动"),
            Block(
                "paragraph",
                "发展干部，头发理发，后来皇后，面条里面，只有一只，范围系列，联系复杂。",
            ),
        ),
        signatory="兴安街道城里社区居民委员会",
        date=dt.date(2021, 3, 3),
        date_text="2021年3月3日",
        appendix=Table(
            title="附件：2020年活动一览表",
            header=("序号", "活动名称", "类型", "日期", "参与人数"),
            rows=(("1", "健康知识讲座", "讲座", "2020年3月", "约80人次"),),
        ),
        author="兴安街道城里社区居民委员会",
        keywords=("城里社区", "2020年", "工作总结"),
    )


def test_words_the_taiwan_table_breaks() -> None:
    assert to_traditional("社区") == "社區"
    assert to_traditional("创建") == "創建"
    assert to_traditional("提升") == "提升"
    assert to_traditional("信息网络软件质量鼠标打印") == "信息網絡軟件質量鼠標打印"


def test_one_simplified_character_many_traditional_ones() -> None:
    # A character table alone cannot tell 發/髮, 后/後, 只/隻, 系/繫: the phrases decide.
    assert to_traditional("头发") == "頭髮"
    assert to_traditional("发展") == "發展"
    assert to_traditional("皇后后来") == "皇后後來"
    assert to_traditional("只有一只") == "只有一隻"
    assert to_traditional("系列联系") == "系列聯繫"


# Words of community work, each with its standard traditional form, written out by hand. OpenCC's
# s2t alone prints the first group with 髮 (hair); the second it gets right, and our phrases must
# leave it so. 台账 is 臺賬: 台 in the sense of a stand or platform is 臺 (舞臺, 講臺, 平臺, the
# forms OpenCC writes), and a 台账 is the register kept at hand on it; 賬 is the traditional form
# of 账.
COMMUNITY_WORDS = {
    # 发 starting a verb after a word that ends in 金, 头, 长, 理, 护 or 染
    "资金发放": "資金發放",
    "现金发放": "現金發放",
    "慰问金发放": "慰問金發放",
    "奖金发放": "獎金發放",
    "补助金发放到位": "補助金發放到位",
    "养老金发放": "養老金發放",
    "助学金发给困难学生": "助學金發給困難學生",
    "专项资金发挥效益": "專項資金發揮效益",
    "党员干部带头发挥先锋模范作用": "黨員幹部帶頭發揮先鋒模範作用",
    "在街头发放宣传资料": "在街頭發放宣傳資料",
    "社区牵头发起倡议": "社區牽頭發起倡議",
    "青少年健康成长发展": "青少年健康成長發展",
    "家长发言": "家長發言",
    "组长发动群众": "組長發動羣衆",
    "办理发放手续": "辦理發放手續",
    "基层治理发展": "基層治理發展",
    "生态保护发展": "生態保護發展",
    "环境污染发生": "環境污染發生",
    # 困难 after 好 (做好, 照顾好), whose 好困 is "so sleepy" (好睏)
    "做好困难群众帮扶工作": "做好困難羣衆幫扶工作",
    "照顾好困难家庭": "照顧好困難家庭",
    "解决好困难": "解決好困難",
    # 台账 after 服务, whose 服务台 is a service desk (服務檯)
    "志愿服务台账": "志願服務臺賬",
    "便民服务台账": "便民服務臺賬",
    # right already, and kept so
    "发放": "發放",
    "发放慰问金": "發放慰問金",
    "干部": "幹部",
    "社区两委干部": "社區兩委幹部",
    "台账": "臺賬",
    "活动台账制度": "活動臺賬制度",
    "服务台": "服務檯",
    "发展": "發展",
    "头发": "頭髮",
    "理发": "理髮",
    "义务理发": "義務理髮",
    "困难群众": "困難羣衆",
    "走访慰问困难党员": "走訪慰問困難黨員",
    "理发师": "理髮師",
    "白发": "白髮",
    "金发": "金髮",
    "干净整洁": "乾淨整潔",
    "管理发展": "管理發展",
    "生长发育": "生長發育",
    "回头发现": "回頭發現",
}


@pytest.mark.parametrize(("simplified", "traditional"), COMMUNITY_WORDS.items())
def test_words_of_community_work(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


def test_each_phrase_of_ours_is_one_character_for_one() -> None:
    # The title is converted whole and cut again where it was cut (document_to_traditional), so
    # a phrase must keep its length; and an entry is a phrase, not one character to remap.
    for simplified, traditional in phrases().items():
        assert len(simplified) == len(traditional) > 1, simplified
        assert to_traditional(simplified) == traditional


def test_a_summary_that_hands_out_money_prints_fa_not_hair() -> None:
    text = "社区及时将慰问金发放到困难家庭手中，确保资金发放到位。"
    assert to_traditional(text) == "社區及時將慰問金發放到困難家庭手中，確保資金發放到位。"


def test_text_without_chinese_is_unchanged() -> None:
    assert to_traditional("") == ""
    assert to_traditional("GB/T 9704-2012, 300") == "GB/T 9704-2012, 300"


def test_whole_document_converted() -> None:
    converted = document_to_traditional(_document())
    assert converted.title_lines == ("興安街道城裏社區", "創建科普示範社區工作總結")
    assert converted.body == (
        Block("heading1", "一、領導重視，健全組織機構"),
        Block("paragraph", "社區居民的信息網絡、軟件質量、鼠標和打印都得到了提升。"),
        Block("heading2", "（一）開展了“科教進社區”活動"),
        Block(
            "paragraph",
            "發展幹部，頭髮理髮，後來皇后，麪條裏面，只有一隻，範圍系列，聯繫複雜。",
        ),
    )
    assert converted.signatory == "興安街道城裏社區居民委員會"
    assert converted.date == dt.date(2021, 3, 3)
    assert converted.date_text == "2021年3月3日"
    assert converted.appendix == Table(
        title="附件：2020年活動一覽表",
        header=("序號", "活動名稱", "類型", "日期", "參與人數"),
        rows=(("1", "健康知識講座", "講座", "2020年3月", "約80人次"),),
    )
    assert converted.author == "興安街道城裏社區居民委員會"
    assert converted.keywords == ("城裏社區", "2020年", "工作總結")
    everything = "".join([converted.title, converted.signatory, *(b.text for b in converted.body)])
    for wrong in WRONG:
        assert wrong not in everything


def test_title_phrase_across_a_line_break_is_read_as_one() -> None:
    # Converted line by line, 头|发 would give 頭|發; as one title, 頭髮.
    document = Document(
        title_lines=("理头", "发工作总结"),
        body=(),
        signatory="",
        date=dt.date(2021, 1, 1),
        date_text="",
    )
    assert document_to_traditional(document).title_lines == ("理頭", "髮工作總結")


def test_convert_document_by_script_name() -> None:
    document = _document()
    assert convert_document(document, "simplified") is document
    assert convert_document(document, "traditional").signatory == "興安街道城裏社區居民委員會"
    with pytest.raises(UsageError, match="traditional"):
        convert_document(document, "cantonese")


def test_converter_built_once() -> None:
    assert _converter() is _converter()


def test_opencc_not_imported_for_simplified_output() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from summary_gen.document import Document\n"
        "from summary_gen.text.script import convert_document\n"
        "d = Document(('标题',), (), '落款', dt.date(2021, 1, 1), '2021年1月1日')\n"
        "convert_document(d, 'simplified')\n"
        "print('opencc' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# Through the command line: `build --script traditional`.

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"


def _build(*args: object) -> Any:
    return CliRunner().invoke(app, ["build", *map(str, args)])


def test_traditional_markdown_build_of_the_example() -> None:
    result = _build(EXAMPLE, "-o", "-", "--script", "traditional")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# 創建科普示範社區工作總結\n")
    assert "興安街道城裏社區居民委員會" in text
    assert "社區" in text and "社区" not in text
    for wrong in WRONG:
        assert wrong not in text
    simplified = _build(EXAMPLE, "-o", "-").stdout
    assert simplified.startswith("# 创建科普示范社区工作总结\n")
    # One character for one: the conversion changes characters, never the wording.
    assert len(text) == len(simplified)


def test_unknown_script_is_a_usage_error() -> None:
    result = _build(EXAMPLE, "-o", "-", "--script", "fanti")
    assert result.exit_code == 2
    assert "traditional" in result.stderr


def _east_asian_faces(docx: Path) -> set[str]:
    with zipfile.ZipFile(docx) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    return set(re.findall(r'w:eastAsia="([^"]+)"', styles))


def test_traditional_docx_uses_traditional_fonts_unless_fonts_given(tmp_path: Path) -> None:
    result = _build(EXAMPLE, "-o", tmp_path / "t.docx", "--script", "traditional")
    assert result.exit_code == 0, result.stderr
    faces = _east_asian_faces(tmp_path / "t.docx")
    assert {"新細明體", "微軟正黑體", "標楷體"} <= faces
    assert not any(face.endswith("_GB2312") for face in faces)
    result = _build(EXAMPLE, "-o", tmp_path / "s.docx")
    assert "仿宋_GB2312" in _east_asian_faces(tmp_path / "s.docx")
    # A profile the user picks wins.
    result = _build(
        EXAMPLE, "-o", tmp_path / "w.docx", "--script", "traditional", "--fonts", "windows"
    )
    assert result.exit_code == 0, result.stderr
    assert "仿宋" in _east_asian_faces(tmp_path / "w.docx")
    assert "新細明體" not in _east_asian_faces(tmp_path / "w.docx")


def test_simplified_build_does_not_import_opencc() -> None:
    code = (
        "import sys\n"
        "from summary_gen.cli import app\n"
        f"try:\n    app(['build', r'{EXAMPLE}', '-o', '-', '-f', 'md'])\n"
        "except SystemExit:\n    pass\n"
        "print('opencc' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "False"


def test_traditional_preview() -> None:
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(
        app, ["preview", str(EXAMPLE), "--script", "traditional"]
    )
    assert result.exit_code == 0, result.stderr
    assert "創建科普示範社區工作總結" in result.stdout
    assert "社区" not in result.stdout and "社群" not in result.stdout
