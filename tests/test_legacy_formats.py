"""PowerPoint, Excel and legacy Word readers: blocks, provenance and failure reasons."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from pptx import Presentation
from pptx.util import Inches, Pt

import minerva
from minerva.errors import REASONS, ExtractionError
from minerva.extractors import legacy
from minerva.extractors.limits import Limits
from minerva.extractors.registry import read_document
from tests.conftest import CORPUS

SOFFICE = legacy.find_soffice()


def _deck(path: Path) -> Path:
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = "客诉品质异常改善报告"
    first.placeholders[1].text = "深圳市声悦智能科技有限公司 品质部"
    second = prs.slides.add_slide(prs.slide_layouts[1])  # title and content: bulleted body
    second.shapes.title.text = "二、原因分析"
    body = second.placeholders[1].text_frame
    body.text = "弹片高度低于设计值"
    body.add_paragraph().text = "定位柱有注塑毛边"
    third = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    third.shapes.title.text = "三、改善对策"
    box = third.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(8), Inches(1)).text_frame
    box.text = "1、修正冲压模具"
    run = box.paragraphs[0].runs[0]
    run.font.size = Pt(18)
    numbered = box.add_paragraph()
    numbered.text = "固件去抖时间调整为1秒"
    numbered._p.get_or_add_pPr().append(numbered._p.makeelement(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}buAutoNum", {"type": "arabicPeriod"}))
    table = third.shapes.add_table(2, 2, Inches(0.5), Inches(3), Inches(8), Inches(1)).table
    for r, row in enumerate([["问题", "措施"], ["虚焊", "调整炉温\n增加AOI"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    fourth = prs.slides.add_slide(prs.slide_layouts[5])
    fourth.shapes.title.text = "三、改善对策（续）"
    fourth.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(8), Inches(1)).text_frame.text = "2、更新SOP"
    prs.save(path)
    return path


def test_pptx_slides_titles_bullets_tables(tmp_path: Path) -> None:
    doc = read_document(_deck(tmp_path / "deck.pptx"))
    assert doc.slides and doc.pages == 4
    got = [(b.kind, b.label, b.text, b.source.page) for b in doc.blocks if b.kind != "table"]
    assert got[:3] == [("title", "", "客诉品质异常改善报告", 1),
                       ("paragraph", "", "深圳市声悦智能科技有限公司 品质部", 1),
                       ("heading", "", "二、原因分析", 2)]
    assert ("item", "•", "弹片高度低于设计值", 2) in got  # the master's bullet on a body placeholder
    assert ("item", "1.", "固件去抖时间调整为1秒", 3) in got  # automatic numbering rebuilt
    assert ("paragraph", "", "1、修正冲压模具", 3) in got  # typed numbering stays text
    assert ("paragraph", "", "2、更新SOP", 4) in got
    assert not any("续" in text for _, _, text, _ in got)  # a continued slide opens no new section
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows == [["问题", "措施"], ["虚焊", "调整炉温\n增加AOI"]] and table.source.page == 3


def test_pptx_field_rows_become_a_table(tmp_path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "客户投诉跟踪表"
    frame = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(8), Inches(3)).text_frame
    frame.text = "序号    问题描述    原因    措施"
    frame.add_paragraph().text = "1    外壳划伤    转运磕碰    增加防护垫"
    frame.add_paragraph().text = "2    漏装垫片        修订SOP"
    prs.save(tmp_path / "t.pptx")
    table = next(b for b in read_document(tmp_path / "t.pptx").blocks if b.kind == "table")
    assert table.rows[2] == ["2", "漏装垫片", "", "修订SOP"]


def _typed_rows(tmp_path: Path, lines: list[str]) -> list:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "客诉记录"
    frame = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(8), Inches(3)).text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    prs.save(tmp_path / "t.pptx")
    return read_document(tmp_path / "t.pptx").blocks


def test_pptx_typed_table_keeps_its_group_rows(tmp_path: Path) -> None:
    blocks = _typed_rows(tmp_path, ["序号    问题描述    原因    措施", "一、产品质量类",
                                    "1    外壳划伤    转运磕碰    增加防护垫", "二、服务类",
                                    "2    态度冷淡    培训不足    服务用语培训"])
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows[0] == ["序号", "问题描述", "原因", "措施"] and len(table.rows) == 5
    assert table.rows[3] == ["二、服务类", "", "", ""]


def test_pptx_typed_form_keeps_the_lines_of_each_content_cell(tmp_path: Path) -> None:
    blocks = _typed_rows(tmp_path, ["D3 临时措施    1、库存186件全检", "2、隔离在途减振垫",
                                    "D5 永久纠正措施    针对问题一：", "1）修订WPS-017", "针对问题二：",
                                    "1）供应商恢复原配方", "D6 效果验证    连续3个月未再发生", "编制：沈佳"])
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == [["D3 临时措施", "1、库存186件全检\n2、隔离在途减振垫"],
                          ["D5 永久纠正措施", "针对问题一：\n1）修订WPS-017\n针对问题二：\n1）供应商恢复原配方"],
                          ["D6 效果验证", "连续3个月未再发生"]]
    assert blocks[-1].text == "编制：沈佳"


def _sheet(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户投诉跟踪表"
    ws["A1"] = "2023年客户投诉跟踪表"
    ws["A1"].font = Font(bold=True)
    ws.merge_cells("A1:E1")
    ws["A2"] = "制表单位：福建闽泉饮品有限公司    制表日期：2023年7月3日"
    ws.append(["序号", "客诉内容", "原因", "措施", "效果"])
    ws.append([1, "瓶身套标起皱", "①收缩炉温度偏低\n②套标周长偏大", "收缩炉温度调整至180℃", "未再收到同类客诉"])
    ws.append([2, "罐内异物", "过滤网破损", "过滤网点检改为每班一次", None])
    stats = wb.create_sheet("月度统计")
    stats.append(["月份", "客诉件数"])
    stats.append(["1月", 2])
    wb.save(path)
    return path


def test_xlsx_title_paragraphs_tables_and_rows(tmp_path: Path) -> None:
    doc = read_document(_sheet(tmp_path / "track.xlsx"))
    kinds = [(b.kind, b.source.page, b.source.row) for b in doc.blocks]
    assert kinds == [("title", 1, 1), ("paragraph", 1, 2), ("table", 1, 3), ("heading", 2, None), ("table", 2, 1)]
    table = doc.blocks[2]
    assert table.rows[0] == ["序号", "客诉内容", "原因", "措施", "效果"]
    assert table.rows[1][2] == "①收缩炉温度偏低\n②套标周长偏大"  # line breaks kept inside cells
    assert table.rows[2] == ["2", "罐内异物", "过滤网破损", "过滤网点检改为每班一次", ""]
    reports = minerva.extract(tmp_path / "track.xlsx")
    assert [c.problem for c in reports[0].cases] == ["瓶身套标起皱", "罐内异物"]
    assert reports[0].org == "福建闽泉饮品有限公司"


@pytest.mark.parametrize("suffix", [".pptx", ".xlsx"])
def test_zip_packages_fail_with_reasons(tmp_path: Path, suffix: str) -> None:
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    ole = tmp_path / f"old{suffix}"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    locked = tmp_path / f"locked{suffix}"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"))
    for path, reason in ((broken, "corrupt"), (ole, "legacy-format"), (locked, "encrypted")):
        with pytest.raises(ExtractionError) as info:
            read_document(path)
        assert info.value.reason == reason and str(path) in str(info.value)


def test_zip_bomb_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (12 * 1024 * 1024))
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "too-large"
    with pytest.raises(ExtractionError) as info:
        read_document(_sheet(tmp_path / "small.xlsx"), limits=Limits(max_unpacked_bytes=1000))
    assert info.value.reason == "too-large"


def test_limits_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINERVA_MAX_FILE_MB", "0.001")
    with pytest.raises(ExtractionError) as info:
        read_document(_sheet(tmp_path / "track.xlsx"))
    assert info.value.reason == "too-large"
    monkeypatch.setenv("MINERVA_MAX_FILE_MB", "100")
    monkeypatch.setenv("MINERVA_MAX_PAGES", "1")
    with pytest.raises(ExtractionError) as info:
        read_document(tmp_path / "track.xlsx")
    assert info.value.reason == "too-large" and "sheets" in info.value.detail


def test_unexpected_reader_errors_become_extraction_errors(tmp_path: Path, monkeypatch) -> None:
    from minerva.extractors import registry

    def boom(path: Path):
        raise KeyError("surprise")

    monkeypatch.setitem(registry._READERS, ".boom", boom)
    path = tmp_path / "x.boom"
    path.write_bytes(b"data")
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "corrupt" and info.value.reason in REASONS and "KeyError" in info.value.detail


def test_doc_without_any_converter_names_what_to_install(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.doc"
    shutil.copyfile(CORPUS / "dev-007.doc", path)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    monkeypatch.delenv("MINERVA_SOFFICE", raising=False)
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "converter-missing"
    assert "libreoffice" in info.value.detail.lower() and str(path) in str(info.value)


def test_random_bytes_named_doc_are_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "corrupt"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_by_libreoffice_keeps_original_provenance(tmp_path: Path) -> None:
    path = tmp_path / "报告 (1).doc"
    shutil.copyfile(CORPUS / "dev-007.doc", path)
    doc = read_document(path)
    assert doc.path == str(path) and all(b.source.file == str(path) for b in doc.blocks)
    docx_titles = [b.text for b in read_document(CORPUS / "dev-007.docx").blocks if b.kind in ("title", "heading")]
    assert [b.text for b in doc.blocks if b.kind in ("title", "heading")] == docx_titles
    reports = minerva.extract(path)
    assert reports and reports[0].cases


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_rtf_and_docx_converted_in_the_test(tmp_path: Path) -> None:
    rtf = tmp_path / "note.rtf"
    rtf.write_text(r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}}\f0 Complaint rectification report\par}")
    assert "Complaint rectification report" in [b.text for b in read_document(rtf).blocks]
    # a .doc made here from a .docx with LibreOffice
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(CORPUS / "dev-012.docx")],
                   capture_output=True, timeout=120, check=True)
    made = tmp_path / "dev-012.doc"
    assert [c.problem for r in minerva.extract(made) for c in r.cases] == \
        [c.problem for r in minerva.extract(CORPUS / "dev-012.docx") for c in r.cases]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_converter_timeout(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    shutil.copyfile(CORPUS / "dev-007.doc", path)
    with pytest.raises(ExtractionError) as info:
        read_document(path, limits=Limits(convert_timeout=0.01))
    assert info.value.reason == "timeout"


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_antiword_fallback_without_libreoffice(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.doc"
    shutil.copyfile(CORPUS / "dev-009.doc", path)
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    doc = read_document(path)
    assert doc.blocks[0].text == "客户投诉整改措施报告"
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows[1][1] == "M8×25螺栓中混入M8×20螺栓"
