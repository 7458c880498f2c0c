"""The .docx reader: styles, Word automatic numbering, tables, provenance and failure reasons.

Documents are built here with python-docx; list definitions are written into numbering.xml by hand
because python-docx has no API for them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from minerva.errors import ExtractionError
from minerva.extractors import docx as docx_reader
from minerva.extractors.docx import format_number, read_docx
from minerva.extractors.package import OLE_MAGIC
from minerva.extractors.registry import reader_for

DATA = Path(__file__).parent / "data" / "docx"
W = nsdecls("w")


class ListMaker:
    """Adds abstractNum/num definitions to a python-docx document and numbers paragraphs with them."""

    def __init__(self, doc: docx.document.Document) -> None:
        self.doc = doc
        self.numbering = doc.part.numbering_part.element
        self.next_id = 100

    def abstract(self, *levels: tuple[str, str], start: int = 1, font: str | None = None) -> int:
        """One abstractNum; each level is (numFmt, lvlText)."""
        aid, self.next_id = self.next_id, self.next_id + 1
        rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{rpr}</w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        el = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{aid}">{lvls}</w:abstractNum>')
        self.numbering.insert(0, el)
        return aid

    def num(self, abstract_id: int, restart_at: int | None = None) -> int:
        """A w:num instance of the abstract list, restarted with startOverride when asked."""
        nid, self.next_id = self.next_id, self.next_id + 1
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
            if restart_at is not None
            else ""
        )
        self.numbering.append(
            parse_xml(f'<w:num {W} w:numId="{nid}"><w:abstractNumId w:val="{abstract_id}"/>'
                      f"{override}</w:num>")
        )
        return nid

    def item(self, text: str, num_id: int, ilvl: int = 0, container=None) -> None:
        paragraph = (container or self.doc).add_paragraph(text)
        numpr = parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        paragraph._p.get_or_add_pPr().append(numpr)


def save(doc: docx.document.Document, tmp_path: Path, name: str = "t.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


def items(path: Path) -> list[tuple[str, str]]:
    return [(b.label, b.text) for b in read_docx(path).blocks if b.kind == "item"]


def test_registered_for_docx_and_docm():
    assert reader_for(Path("a.docx")) is read_docx
    assert reader_for(Path("a.DOCM")) is read_docx


def test_macro_enabled_docm_is_read(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("宏文档正文")
    path = tmp_path / "macro.docm"
    with zipfile.ZipFile(save(doc, tmp_path)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main", b"ms-word.document.macroEnabled.main")
            dst.writestr(info, data)
    assert [b.text for b in read_docx(path).blocks] == ["宏文档正文"]


def test_numbered_heading_keeps_heading_kind_and_label(tmp_path):
    doc = docx.Document()
    lists = ListMaker(doc)
    num = lists.num(lists.abstract(("chineseCounting", "第%1章")))
    for text in ("问题描述", "原因分析"):
        lists.item(text, num)
        doc.paragraphs[-1].style = doc.styles["Heading 1"]
    blocks = read_docx(save(doc, tmp_path)).blocks
    assert [(b.kind, b.level, b.label, b.visible) for b in blocks] == [
        ("heading", 1, "第一章", "第一章 问题描述"), ("heading", 1, "第二章", "第二章 原因分析"),
    ]


def test_title_and_heading_styles(tmp_path):
    doc = docx.Document()
    doc.add_heading("客诉整改报告", level=0)
    doc.add_heading("一、问题描述", level=1)
    doc.add_heading("1.1 现象", level=2)
    doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("本地化样式名的标题", style="标题 3")
    outlined = doc.add_paragraph("大纲级别段落")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
    doc.add_paragraph("正文")
    blocks = read_docx(save(doc, tmp_path)).blocks
    assert [(b.kind, b.level) for b in blocks] == [
        ("title", 0), ("heading", 1), ("heading", 2), ("heading", 3), ("heading", 2), ("paragraph", None),
    ]


def test_decimal_numbering_restarts_with_start_override(tmp_path):
    doc = docx.Document()
    lists = ListMaker(doc)
    decimal = lists.abstract(("decimal", "%1."))
    first = lists.num(decimal)
    for text in ("甲", "乙", "丙"):
        lists.item(text, first)
    doc.add_paragraph("中间段落")
    second = lists.num(decimal, restart_at=1)
    lists.item("丁", second)
    lists.item("戊", second)
    assert items(save(doc, tmp_path)) == [
        ("1.", "甲"), ("2.", "乙"), ("3.", "丙"), ("1.", "丁"), ("2.", "戊"),
    ]


def test_second_num_without_override_continues_like_word(tmp_path):
    doc = docx.Document()
    lists = ListMaker(doc)
    decimal = lists.abstract(("decimal", "%1."))
    lists.item("甲", lists.num(decimal))
    lists.item("乙", lists.num(decimal))
    assert items(save(doc, tmp_path)) == [("1.", "甲"), ("2.", "乙")]


@pytest.mark.parametrize(
    ("fmt", "template", "labels"),
    [
        ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
        ("decimal", "（%1）", ["（1）", "（2）", "（3）"]),
        ("decimal", "第%1条", ["第1条", "第2条", "第3条"]),
        ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
        ("upperRoman", "%1.", ["I.", "II.", "III."]),
    ],
)
def test_number_formats(tmp_path, fmt, template, labels):
    doc = docx.Document()
    lists = ListMaker(doc)
    num = lists.num(lists.abstract((fmt, template)))
    for text in ("a", "b", "c"):
        lists.item(text, num)
    assert [label for label, _ in items(save(doc, tmp_path))] == labels


def test_chinese_and_circled_numbers_past_ten():
    assert [format_number(n, "chineseCounting") for n in (10, 11, 20, 21, 100, 105)] == [
        "十", "十一", "二十", "二十一", "一百", "一百零五",
    ]
    assert format_number(20, "decimalEnclosedCircle") == "⑳"
    assert format_number(12, "unknownFormat") == "12"


def test_multilevel_labels_reset_deeper_level(tmp_path):
    doc = docx.Document()
    lists = ListMaker(doc)
    num = lists.num(lists.abstract(("decimal", "%1."), ("decimal", "%1.%2")))
    lists.item("原因", num)
    lists.item("人", num, ilvl=1)
    lists.item("机", num, ilvl=1)
    lists.item("措施", num)
    lists.item("临时", num, ilvl=1)
    assert [label for label, _ in items(save(doc, tmp_path))] == ["1.", "1.1", "1.2", "2.", "2.1"]


def test_bullets_from_style_and_symbol_font(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("样式项目符号", style="List Bullet")
    lists = ListMaker(doc)
    lists.item("符号字体项目符号", lists.num(lists.abstract(("bullet", "\uf0b7"), font="Symbol")))
    assert items(save(doc, tmp_path)) == [("•", "样式项目符号"), ("•", "符号字体项目符号")]


def test_bold_and_size_hints(tmp_path):
    doc = docx.Document()
    run = doc.add_paragraph().add_run("整改措施")
    run.bold, run.font.size = True, Pt(14)
    mixed = doc.add_paragraph()
    mixed.add_run("原因：").bold = True
    mixed.add_run("操作员未按规程作业")
    spaced = doc.add_paragraph()
    spaced.add_run("效果验证").bold = True
    spaced.add_run("  ")
    blocks = read_docx(save(doc, tmp_path)).blocks
    assert [(b.bold, b.size) for b in blocks] == [(True, 14.0), (False, None), (True, None)]


def test_header_and_footer_are_left_out(tmp_path):
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "页眉 公司机密"
    doc.sections[0].footer.paragraphs[0].text = "第 1 页"
    doc.add_paragraph("正文内容")
    assert [b.text for b in read_docx(save(doc, tmp_path)).blocks] == ["正文内容"]


def test_line_breaks_tabs_and_deleted_revisions(tmp_path):
    doc = docx.Document()
    paragraph = doc.add_paragraph()
    run = paragraph.add_run("第一行")
    run.add_break()
    run.add_text("第二行")
    run.add_tab()
    run.add_text("尾")
    deleted = f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
    paragraph._p.append(parse_xml(deleted))
    assert read_docx(save(doc, tmp_path)).blocks[0].text == "第一行\n第二行 尾"


def test_table_rows_and_merged_cells(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横向合并"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "纵向合并"
    table.cell(1, 0).add_paragraph("第二段")
    block = read_docx(save(doc, tmp_path)).blocks[0]
    assert block.kind == "table"
    assert block.rows == [["横向合并", "", "02"], ["10\n第二段", "11", "纵向合并"], ["20", "21", ""]]
    assert block.text.splitlines()[0] == "横向合并 |  | 02"


def test_cell_numbering_label_and_nested_table(tmp_path):
    doc = docx.Document()
    lists = ListMaker(doc)
    num = lists.num(lists.abstract(("decimal", "%1、")))
    table = doc.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.paragraphs[0].text = "措施："
    lists.item("更换刀具", num, container=cell)
    lists.item("首件检验", num, container=cell)
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内", "表"
    assert read_docx(save(doc, tmp_path)).blocks[0].rows == [["措施：\n1、更换刀具\n2、首件检验", "内 | 表"]]


def test_body_order_and_provenance(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("表前")
    doc.add_paragraph("")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "表一"
    doc.add_paragraph("表后")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "表二"
    path = save(doc, tmp_path)
    blocks = read_docx(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "表前"), ("table", "表一"), ("paragraph", "表后"), ("table", "表二"),
    ]
    sources = [(b.source.paragraph, b.source.table) for b in blocks]
    assert sources == [(0, None), (None, 0), (2, None), (None, 1)]
    assert all(b.source.file == str(path) for b in blocks)


def test_content_control_paragraphs_are_read(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("前")
    paragraph = "<w:p><w:r><w:t>控件内文字</w:t></w:r></w:p>"
    sdt = parse_xml(f"<w:sdt {W}><w:sdtPr/><w:sdtContent>{paragraph}</w:sdtContent></w:sdt>")
    doc.element.body.insert(1, sdt)
    assert [(b.text, b.source.paragraph) for b in read_docx(save(doc, tmp_path)).blocks] == [
        ("前", 0), ("控件内文字", 1),
    ]


def reason(path: Path) -> str:
    with pytest.raises(ExtractionError) as info:
        read_docx(path)
    return info.value.reason


def test_corrupt_bytes(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"this is not a zip file at all")
    assert reason(path) == "corrupt"


def test_zip_without_document_part(tmp_path):
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    assert reason(path) == "corrupt"


def test_broken_document_xml_is_corrupt(tmp_path):
    path = tmp_path / "broken.docx"
    good = save(docx.Document(), tmp_path, "ok.docx")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = b"<w:document><w:body>" if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info, data)
    assert reason(path) == "corrupt"


def test_ole_file_renamed_docx_is_legacy(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    assert reason(path) == "legacy-format"


def test_encrypted_ooxml(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    assert reason(path) == "encrypted"


def test_document_without_text_is_empty(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("")
    doc.add_paragraph("   ")
    assert reason(save(doc, tmp_path)) == "empty"


def test_zip_bomb_guard(tmp_path, monkeypatch):
    doc = docx.Document()
    doc.add_paragraph("正文" * 100)
    path = save(doc, tmp_path)
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    assert reason(path) == "too-large"


def test_corpus_typed_numbering_gets_no_labels():
    """dev-007 types its numbers ("1.概述", "（1）…") as text; Word shows no automatic numbers."""
    blocks = read_docx(DATA / "dev-007.docx").blocks
    assert not [b for b in blocks if b.label or b.kind == "item"]
    texts = [b.text for b in blocks]
    first = texts.index("2.原因")
    assert texts[first + 1].startswith("（1）") and texts[first + 4] == "3.解决措施"
    assert blocks[0].kind == "title" and [b.level for b in blocks if b.kind == "heading"] == [1] * 5


def test_corpus_auto_numbered_lists_restart():
    """dev-006 numbers each list with its own w:num (startOverride 1); labels restart per list."""
    blocks = read_docx(DATA / "dev-006.docx").blocks
    runs: list[list[str]] = []
    previous = None
    for block in blocks:
        if block.kind == "item" and block.label != "•":
            if previous is None or previous.kind != "item":
                runs.append([])
            runs[-1].append(block.label)
        previous = block
    assert runs == [["1.", "2."], ["1.", "2.", "3."], ["1.", "2."], ["1.", "2.", "3."]]
    bullets = [b.text for b in blocks if b.label == "•"]
    assert len(bullets) == 8 and bullets[0].startswith("钢网U3")
