"""The PDF reader: CJK joining, paragraphs, headers/footers, tables, slides and failure reasons.

Small PDFs are drawn here with reportlab and its built-in CID font STSong-Light (not embedded, as in
the pdf-rl corpus rendering); two real corpus files check the same things on LibreOffice/reportlab
output.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from minerva.errors import ExtractionError
from minerva.extractors.pdf import read_pdf
from minerva.extractors.registry import reader_for
from minerva.model import Document

DATA = Path(__file__).parent / "data" / "pdf"
FONT = "STSong-Light"
A4 = (595.3, 841.9)
CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。；：、] +[\u4e00-\u9fff，。；：、]")

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


class Sheet:
    """A reportlab canvas that writes Chinese lines top-down in PDF points from the page top."""

    def __init__(self, path: Path, size: tuple[float, float] = A4, **kwargs) -> None:
        self.canvas = canvas.Canvas(str(path), pagesize=size, **kwargs)
        self.height = size[1]

    def text(self, x: float, top: float, text: str, size: float = 10.5) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, self.height - top - size, text)

    def lines(self, x: float, top: float, texts: list[str], pitch: float = 18, size: float = 10.5) -> None:
        for i, text in enumerate(texts):
            self.text(x, top + i * pitch, text, size)

    def next_page(self) -> None:
        self.canvas.showPage()

    def save(self) -> None:
        self.canvas.save()


def texts(doc) -> list[str]:
    return [block.text for block in doc.blocks]


PAGE = "new page"


def drawn(path: Path, *items) -> Document:
    """Read a PDF drawn from (x, top, text, size) lines, WRAPPED paragraphs (x, top) and PAGE breaks."""
    sheet = Sheet(path)
    for item in items:
        if item == PAGE:
            sheet.next_page()
        elif len(item) == 2:
            sheet.lines(*item, WRAPPED)
        else:
            sheet.text(*item)
    sheet.save()
    return read_pdf(path)


# One paragraph of a complaint report, cut at a fixed width as the pdf-rl rendering does.
WRAPPED = [
    "经调查核实，投诉的直接原因在于当事员工服务意识淡薄，在业务高峰期情绪急躁，未能控制",
    "个人情绪，使用了服务忌语；深层次原因是平时对服务规范的检查流于形式，对员工的情绪疏导",
    "和压力管理重视不够。",
]


def test_registered_for_pdf_suffix() -> None:
    assert reader_for(Path("report.PDF")) is read_pdf


def test_cjk_joined_without_spaces_latin_words_keep_theirs(tmp_path: Path) -> None:
    path = tmp_path / "cjk.pdf"
    sheet = Sheet(path)
    sheet.text(72, 100, "客户投诉整改报告：充电仓Pogo Pin接触不良，不良率4.4%。")
    sheet.save()
    doc = read_pdf(path)
    assert texts(doc) == ["客户投诉整改报告：充电仓Pogo Pin接触不良，不良率4.4%。"]
    assert doc.pages == 1
    assert doc.blocks[0].source.page == 1 and doc.blocks[0].source.file == str(path)
    assert doc.blocks[0].size == 10.5 and doc.blocks[0].bold is False


def test_hard_wrapped_paragraph_is_one_block(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.pdf"
    sheet = Sheet(path)
    sheet.lines(72, 100, WRAPPED)
    sheet.lines(93, 154, ["下一步，我们将把服务规范执行情况纳入员工绩效考核。"])  # first-line indent
    sheet.save()
    doc = read_pdf(path)
    assert texts(doc) == ["".join(WRAPPED), "下一步，我们将把服务规范执行情况纳入员工绩效考核。"]
    assert [block.kind for block in doc.blocks] == ["paragraph", "paragraph"]


def test_latin_lines_wrapped_at_words_rejoin_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "latin.pdf"
    sheet = Sheet(path)
    sheet.lines(72, 100, WRAPPED)  # CJK lines 18 pt apart, Latin ones 13 pt: both are wraps
    english = ["The X-ray check showed that the solder paste volume on the QFN ground pad was",
               "far too high, which lifted the package and caused poor wetting of the peripheral",
               "pins."]
    sheet.canvas.setFont("Helvetica", 10.5)
    for i, line in enumerate(english):
        sheet.canvas.drawString(72, A4[1] - 180 - i * 13, line)
    sheet.save()
    assert texts(read_pdf(path)) == ["".join(WRAPPED), " ".join(english)]


def test_enumerated_lines_stay_separate(tmp_path: Path) -> None:
    path = tmp_path / "items.pdf"
    sheet = Sheet(path)
    items = ["（1）对当事柜员进行诫勉谈话，扣减当月服务质量考核分；", "（2）每周一晨会开展服务案例学习；",
             "（3）运营主管每天调阅柜面监控录像。"]
    sheet.lines(72, 100, ["针对服务态度问题，支行采取以下措施："] + items)
    sheet.save()
    assert texts(read_pdf(path)) == ["针对服务态度问题，支行采取以下措施："] + items


def test_run_in_list_wrapped_at_its_next_label_stays_one_paragraph(tmp_path: Path) -> None:
    """（2） opening a line is a new item, unless the paragraph above runs its own （1） inline and
    filled its line: then the writer typed a run-in list that the page happened to wrap there."""
    path = tmp_path / "run-in.pdf"
    sheet = Sheet(path)
    lines = ["二是加强外包人员管理。（1）将保安纳入网点每周服务培训范围，统一学习文明用语；",
             "（2）制定网点突发事件处置指引，明确吞卡等情况下保安的引导职责和上报流程；（3）与",
             "保安公司约定服务质量考核条款。"]
    sheet.lines(72, 100, lines)
    sheet.save()
    assert texts(read_pdf(path)) == ["".join(lines)]


FOOTERS = ["- {n} -", "{n} / 3", "Page {n} of 3", "{n}", "第{n}页/共3页", "恒拓五金  第 {n} 页"]


@pytest.mark.parametrize("footer", FOOTERS)
def test_page_number_footers_removed(tmp_path: Path, footer: str) -> None:
    path = tmp_path / "numbers.pdf"
    sheet = Sheet(path)
    for n in (1, 2, 3):
        sheet.lines(72, 100, [f"第{n}页的正文内容。"])
        sheet.text(280, 800, footer.format(n=n), size=9)
        sheet.next_page()
    sheet.save()
    assert texts(read_pdf(path)) == ["第1页的正文内容。", "第2页的正文内容。", "第3页的正文内容。"]


def test_running_header_and_page_footer_removed(tmp_path: Path) -> None:
    path = tmp_path / "header.pdf"
    sheet = Sheet(path)
    for page in (1, 2):
        sheet.text(200, 40, "客户投诉整改报告", size=9)
        sheet.canvas.line(72, A4[1] - 56, 523, A4[1] - 56)
        sheet.lines(72, 100, WRAPPED if page == 1 else ["第二页的正文内容。"])
        sheet.text(270, 795, f"第 {page} 页 共 2 页", size=9)
        sheet.next_page()
    sheet.save()
    doc = read_pdf(path)
    assert texts(doc) == ["".join(WRAPPED), "第二页的正文内容。"]
    assert [block.source.page for block in doc.blocks] == [1, 2]
    assert doc.pages == 2


def test_a_section_label_opening_a_page_in_small_print_is_kept(tmp_path: Path) -> None:
    """整改措施： at the top of page 2, read a little smaller (as OCR measures it), is a section label
    that also occurs elsewhere, not a header repeating the title."""
    doc = drawn(tmp_path / "label.pdf", (150, 80, "关于顾客投诉的整改情况报告", 18), (72, 130, "整改措施：", 10.5),
                (72, 160), PAGE, (72, 60, "整改措施：", 9.5), (72, 90))
    assert texts(doc).count("整改措施：") == 2


def test_title_by_font_size_and_heading(tmp_path: Path) -> None:
    path = tmp_path / "title.pdf"
    sheet = Sheet(path)
    sheet.text(150, 80, "客户投诉整改报告", size=18)
    sheet.text(72, 130, "一、原因分析", size=14)
    sheet.lines(72, 160, WRAPPED)
    sheet.save()
    doc = read_pdf(path)
    assert [(b.kind, b.text) for b in doc.blocks[:2]] == [
        ("title", "客户投诉整改报告"),
        ("heading", "一、原因分析"),
    ]
    assert doc.blocks[1].size == 14 and doc.blocks[2].kind == "paragraph"


def test_heading_levels_follow_font_sizes(tmp_path: Path) -> None:
    """"1. Root Cause" in 14 pt is above "Problem A" in 12 pt, whatever their numbering says."""
    doc = drawn(tmp_path / "levels.pdf", (150, 80, "客户投诉纠正措施报告", 18), (72, 130, "3. Root Cause", 14),
                (72, 160, "Problem A 缩孔", 12), (72, 190), (72, 260, "4. Corrective Action", 14), (72, 290))
    assert [(b.text, b.level) for b in doc.blocks if b.kind == "heading"] == [
        ("3. Root Cause", 1), ("Problem A 缩孔", 2), ("4. Corrective Action", 1)]


def test_title_with_an_open_bracket_goes_on_in_the_next_line(tmp_path: Path) -> None:
    """OCR may measure a wrapped title's second line in another size; the bracket still joins it."""
    doc = drawn(tmp_path / "wrapped-title.pdf", (100, 80, "8D纠正措施报告（客户投诉：", 26),
                (100, 115, "运输破损）", 22), (72, 160, "D1 成立小组", 14), (72, 190))
    assert [(b.kind, b.text) for b in doc.blocks[:2]] == [
        ("title", "8D纠正措施报告（客户投诉：运输破损）"), ("heading", "D1 成立小组")]


def test_each_report_of_a_compilation_opens_with_a_title(tmp_path: Path) -> None:
    doc = drawn(tmp_path / "two.pdf", (150, 80, "关于行李破损投诉的整改报告", 18), (72, 130), PAGE,
                (150, 80, "关于燃气用户投诉问题的整改情况说明", 18), (72, 130))
    assert [b.text for b in doc.blocks if b.kind == "title"] == [
        "关于行李破损投诉的整改报告", "关于燃气用户投诉问题的整改情况说明"]


def test_ruled_table_is_a_table_block(tmp_path: Path) -> None:
    path = tmp_path / "table.pdf"
    sheet = Sheet(path)
    sheet.text(72, 80, "整改跟踪表如下：")
    xs, tops = [72, 130, 300, 500], [110, 130, 190]
    sheet.canvas.grid(xs, [A4[1] - t for t in tops])
    sheet.text(76, 113, "序号")
    sheet.text(134, 113, "原因分析")
    sheet.text(304, 113, "整改措施")
    sheet.text(76, 133, "1")
    sheet.lines(134, 133, ["钢网开口面积比过大，锡膏", "量过多"], pitch=14)
    sheet.lines(304, 133, ["1、重新开制钢网", "2、回流焊恒温区时间调整为", "75~90秒"], pitch=14)
    sheet.text(72, 210, "以上措施已全部落实。")
    sheet.save()
    doc = read_pdf(path)
    assert [block.kind for block in doc.blocks] == ["paragraph", "table", "paragraph"]
    table = doc.blocks[1]
    assert table.rows == [
        ["序号", "原因分析", "整改措施"],
        ["1", "钢网开口面积比过大，锡膏量过多", "1、重新开制钢网\n2、回流焊恒温区时间调整为75~90秒"],
    ]
    assert table.text.splitlines()[0] == "序号 | 原因分析 | 整改措施"
    assert "锡膏" not in doc.blocks[0].text + doc.blocks[2].text


def test_cell_keeps_the_writers_line_breaks_and_its_hanging_punctuation(tmp_path: Path) -> None:
    """A cell line that ends a sentence short of the cell's edge was ended by the writer; a full
    one wrapped. A full stop Word lets hang past the table's right edge stays in its cell."""
    path = tmp_path / "cell.pdf"
    sheet = Sheet(path)
    xs, tops = [72, 280, 480], [110, 130, 190]
    sheet.canvas.grid(xs, [A4[1] - t for t in tops])
    sheet.text(76, 113, "问题描述")
    sheet.text(284, 113, "效果确认")
    sheet.lines(76, 133, ["客户反馈接线盒脱落。", "问题定义：接线盒与背板粘接失效。"], pitch=14)
    sheet.lines(284, 133, ["客户电站九月复检未发现新增接线盒脱落", "对策有效。"], pitch=14)
    sheet.text(476, 133, "，")  # its middle past x=480, the table's right edge
    sheet.save()
    doc = read_pdf(path)
    assert [block.kind for block in doc.blocks] == ["table"]
    assert doc.blocks[0].rows[1] == ["客户反馈接线盒脱落。\n问题定义：接线盒与背板粘接失效。",
                                     "客户电站九月复检未发现新增接线盒脱落，对策有效。"]
    assert doc.blocks[0].source.table == 1


def test_typed_space_between_chinese_words_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "headline.pdf"
    sheet = Sheet(path)
    sheet.text(72, 80, "数千游客滞留山顶 秩序混乱 景区致歉", size=16)
    sheet.text(72, 120, "经调查核实，投诉的直接原因在于当事员工服务意识淡薄。")
    sheet.save()
    assert texts(read_pdf(path)) == ["数千游客滞留山顶 秩序混乱 景区致歉",
                                     "经调查核实，投诉的直接原因在于当事员工服务意识淡薄。"]


def test_landscape_deck_is_slides_with_a_heading_per_slide(tmp_path: Path) -> None:
    path = tmp_path / "deck.pdf"
    sheet = Sheet(path, size=(960, 540))
    slides = [("客诉品质异常改善报告", ["深圳市声悦智能科技有限公司 品质部"]),
              ("一、原因分析", ["1、弹片高度偏低，接触压力不足；", "2、定位柱有注塑毛边。"]),
              ("二、改善对策", ["1、修正冲压模具；", "2、修模去除毛边。"])]
    for title, body in slides:
        sheet.text(50, 40, title, size=30)
        sheet.lines(57, 110, body, pitch=27, size=18)
        sheet.next_page()
    sheet.save()
    doc = read_pdf(path)
    assert doc.slides and doc.pages == 3
    firsts = [next(b for b in doc.blocks if b.source.page == page) for page in (1, 2, 3)]
    assert [(b.kind, b.text) for b in firsts] == [("title", slides[0][0]), ("heading", slides[1][0]),
                                                  ("heading", slides[2][0])]
    assert texts(doc)[-2:] == slides[2][1]


def test_side_by_side_text_boxes_on_a_slide_read_box_by_box(tmp_path: Path) -> None:
    path = tmp_path / "boxes.pdf"
    sheet = Sheet(path, size=(960, 540))
    for title in ("原因与对策", "效果确认"):
        sheet.text(50, 40, title, size=30)
        sheet.lines(60, 110, ["原因：弹片高度偏低", "定位柱有毛边"], pitch=22, size=18)
        sheet.lines(520, 110, ["对策：修正冲压模具", "修模去除毛边"], pitch=22, size=18)
        sheet.next_page()
    sheet.save()
    doc = read_pdf(path)
    page1 = "".join(b.text for b in doc.blocks if b.source.page == 1)
    assert page1 == "原因与对策原因：弹片高度偏低定位柱有毛边对策：修正冲压模具修模去除毛边"


def test_random_bytes_are_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(4000))
    with pytest.raises(ExtractionError) as info:
        read_pdf(path)
    assert info.value.reason == "corrupt"


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    whole = (DATA / "dev-002.rl.pdf").read_bytes()
    for share in (0.3, 0.6, 0.95):
        path = tmp_path / f"cut{share}.pdf"
        path.write_bytes(whole[: int(len(whole) * share)])
        with pytest.raises(ExtractionError) as info:
            read_pdf(path)
        assert info.value.reason == "corrupt"


def test_password_protected_pdf_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    sheet = Sheet(path, encrypt="pw")
    sheet.text(72, 100, "机密的整改报告")
    sheet.save()
    with pytest.raises(ExtractionError) as info:
        read_pdf(path)
    assert info.value.reason == "encrypted"


def _draw_image(sheet: Sheet) -> None:
    image = Image.new("RGB", (200, 100), "white")
    sheet.canvas.drawImage(ImageReader(image), 72, 500, width=200, height=100)


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    sheet = Sheet(path)
    _draw_image(sheet)
    sheet.save()
    with pytest.raises(ExtractionError) as info:
        read_pdf(path)
    assert info.value.reason == "needs-ocr"
    assert info.value.detail == "scanned PDF without a text layer, needs OCR"


def test_partly_scanned_pdf_reads_text_pages_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "partly.pdf"
    sheet = Sheet(path)
    sheet.text(72, 100, "第一页有文字层。")
    sheet.next_page()
    _draw_image(sheet)
    sheet.save()
    doc = read_pdf(path)
    assert texts(doc) == ["第一页有文字层。"]
    assert len(doc.warnings) == 1 and "2" in doc.warnings[0] and "OCR" in doc.warnings[0]


def test_corpus_pdf_rl_report() -> None:
    doc = read_pdf(DATA / "dev-002.rl.pdf")
    body = texts(doc)
    assert doc.blocks[0].kind == "title" and body[0] == "关于客户投诉柜员服务态度问题的自查整改报告"
    assert body.count("关于客户投诉柜员服务态度问题的自查整改报告") == 1  # the running header is gone
    assert not any("页" in text and re.search(r"第\s*\d+\s*页", text) for text in body)
    assert "一、投诉原因剖析" in body and "2022年9月16日" in body
    assert (
        "针对零钞兑换被拒问题，支行：（1）每日营业前由运营主管核对小面额现金备付量，"
        "确保满足当日兑换需求；（2）在大厅公示零钞兑换服务承诺和办理窗口；"
        "（3）明确大堂经理对特殊需求客户的首问负责职责，发现客户不满时须在第一时间介入。"
    ) in body
    assert not any(CJK_SPACE.search(text) for text in body)


def test_corpus_slide_deck() -> None:
    doc = read_pdf(DATA / "dev-001.slides.pdf")
    assert doc.slides and doc.pages == 6
    headings = [b.text for b in doc.blocks if b.kind in ("title", "heading")]
    assert headings == [
        "客诉品质异常改善报告", "目录/Contents", "一、基本事实", "二、原因分析", "三、改善对策",
        "四、效果追踪",
    ]
    body = texts(doc)
    assert (
        "原因分析：拆解退回样品并测量，左耳充电触点弹片高度实测1.68~1.72mm，低于设计值1.85mm，"
        "与仓内Pogo Pin接触压力不足；同时充电仓左耳腔定位柱有注塑毛边，耳机入仓后不能完全落座。"
    ) in body
    assert "（2）耳机入仓合盖后蓝牙不断开 13PCS 不良率2.6%" in body
    assert "1、要求弹片供应商修正冲压模具，弹片高度按1.85±0.05mm管控，来料每批抽测32PCS并附检测报告。" in body


def test_a_bulleted_item_runs_on_over_a_page_break(tmp_path: Path) -> None:
    """Its wrapped lines hang at the text after the bullet, on the next page too (lk22's minutes)."""
    from tests.builders import rendered

    item = ("- KS-06 管材与管件配合偏松 现状：客户称管材插入管件明显偏松，取回样品2米复测外径在标准范围内。"
            "原因：待查，怀疑客户所用管件为其他品牌，已请客户提供管件样品并安排现场联合测试后再行确认。"
            "对策：①该客户剩余管材暂停使用，先换发另一批次；②7月10日前与客户现场联合测试，确认为管件问题则书面答复客户。")
    filler = "\n\n".join("本月车间生产情况总体平稳，各工序按计划完成，设备运行正常。" for _ in range(29))
    source = tmp_path / "src"
    source.mkdir()
    (source / "m.src.md").write_text(
        f"---\nid: m\nrender: [pdf-lo]\n---\n# 质量例会纪要\n\n{filler}\n\n## 客诉逐项过\n\n{item}\n", encoding="utf-8")
    (source / "m.gold.json").write_text('{"id": "m", "reports": []}', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    rendered(source, out)
    import pdfplumber

    with pdfplumber.open(out / "m.pdf") as pdf:
        on_page = [" ".join(line["text"] for line in page.extract_text_lines()) for page in pdf.pages]
    assert "KS-06" in on_page[0] and "书面答复客户" in on_page[1], "the item should straddle the page break"
    blocks = read_pdf(out / "m.pdf").blocks
    first, last = (next(b for b in blocks if text in b.text) for text in ("KS-06", "书面答复客户"))
    assert first is last
