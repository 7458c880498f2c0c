"""OCR of scanned pages and pictures: text and layout through the PDF line stages, the cache, and
the needs-ocr failure when the ``minerva[ocr]`` extra is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import minerva
import minerva.extractors.limits
from minerva.errors import ExtractionError
from minerva.extractors import ocr
from minerva.extractors.registry import read_document
from tests.conftest import CORPUS

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
needs_engine = pytest.mark.skipif(not ocr.available(),
                                  reason="the OCR extra is not installed: pip install 'minerva[ocr]'")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="no CJK font (apt-get install fonts-noto-cjk)")
LINES = [(40, "客户投诉整改报告"), (24, "一、问题描述"),
         (24, "客户反馈外壳划伤，不良率2.5%。"), (24, "二、原因分析"), (24, "装配工位未放置防护垫，转运中磕碰。")]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MINERVA_CACHE", str(cache))
    monkeypatch.delenv("MINERVA_OCR", raising=False)
    return cache / "ocr"


def _picture() -> Image.Image:
    image = Image.new("RGB", (1240, 700), "white")
    draw = ImageDraw.Draw(image)
    y = 60
    for size, text in LINES:
        font = ImageFont.truetype(str(FONT), size)
        x = (1240 - draw.textlength(text, font=font)) / 2 if size == 40 else 120
        draw.text((x, y), text, font=font, fill="black")
        y += int(size * 2.4)
    return image


@needs_engine
@needs_font
def test_picture_read_into_blocks_and_cached(tmp_path: Path, private_cache: Path, monkeypatch) -> None:
    path = tmp_path / "scan.png"
    _picture().save(path, dpi=(150, 150))
    doc = read_document(path)
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "客户投诉整改报告" and doc.blocks[0].kind == "title"
    assert "一、问题描述" in texts and "装配工位未放置防护垫，转运中磕碰。" in texts
    assert all(b.source.file == str(path) and b.source.page == 1 for b in doc.blocks)
    cached = list(private_cache.rglob("*.json"))
    assert len(cached) == 1 and json.loads(cached[0].read_text(encoding="utf-8"))["boxes"]

    def no_engine():
        raise AssertionError("OCR ran again although the page is cached")

    monkeypatch.setattr(ocr, "_get_engine", no_engine)
    assert [b.text for b in read_document(path).blocks] == texts


@needs_engine
@needs_font
def test_scanned_page_inside_a_digital_pdf(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(595.3, 841.9))
    sheet.setFont("STSong-Light", 12)
    sheet.drawString(72, 760, "第一页是数字文本。")
    sheet.showPage()
    sheet.drawImage(ImageReader(_picture()), 0, 841.9 - 337, width=595.3, height=337)
    sheet.save()
    doc = read_document(path)
    assert doc.warnings == []
    assert [b.source.page for b in doc.blocks][:1] == [1] and doc.blocks[0].text == "第一页是数字文本。"
    assert any(b.text == "装配工位未放置防护垫，转运中磕碰。" and b.source.page == 2 for b in doc.blocks)


@needs_engine
def test_scanned_corpus_page_keeps_its_table() -> None:
    doc = read_document(CORPUS / "dev-014.scan.pdf")
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows[0][1:3] == ["原因分析", "整改措施"] and len(table.rows) == 4
    cases = minerva.extract(CORPUS / "dev-014.scan.pdf")[0].cases
    assert [c.problem for c in cases] == ["瓷碗、瓷盘到货碎裂", "礼盒外包装压瘪变形", "破损后补发慢"] or len(cases) == 3


def test_without_the_extra_scans_need_ocr(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "_import_engine", lambda: None)
    with pytest.raises(ExtractionError) as info:
        read_document(CORPUS / "dev-014.scan.pdf")
    assert info.value.reason == "needs-ocr" and "pip install 'minerva[ocr]'" in str(info.value)
    picture = tmp_path / "page.png"
    Image.new("RGB", (200, 100), "white").save(picture)
    with pytest.raises(ExtractionError) as info:
        read_document(picture)
    assert info.value.reason == "needs-ocr" and "pip install 'minerva[ocr]'" in info.value.detail


def test_ocr_switched_off_by_environment(monkeypatch) -> None:
    monkeypatch.setenv("MINERVA_OCR", "off")
    assert not ocr.available()
    with pytest.raises(ExtractionError) as info:
        read_document(CORPUS / "dev-014.scan.pdf")
    assert info.value.reason == "needs-ocr" and "MINERVA_OCR" in info.value.detail


def test_huge_picture_is_too_large(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: True)
    path = tmp_path / "huge.png"
    Image.new("1", (12000, 12000)).save(path)
    with pytest.raises(ExtractionError) as info:
        read_document(path, limits=minerva.extractors.limits.Limits(max_image_pixels=10_000_000))
    assert info.value.reason == "too-large"


def test_glyphs_and_sizes_from_boxes() -> None:
    boxes = [ocr.TextBox("客户投诉整改报告", [[100, 10], [500, 10], [500, 70], [100, 70]], 0.99),
             ocr.TextBox("装配工位未放置防护垫", [[50, 100], [360, 100], [360, 140], [50, 140]], 0.99),
             ocr.TextBox("转运中磕碰，不良率2.5%", [[50, 150], [372, 150], [372, 190], [50, 190]], 0.99)]
    chars = ocr.glyphs(boxes, 0.5)
    assert "".join(c["text"] for c in chars) == "".join(b.text for b in boxes)
    sizes = sorted({c["size"] for c in chars})
    assert len(sizes) == 2 and sizes[1] > 1.5 * sizes[0]  # one body size, one title size
    assert all(a["x1"] <= b["x0"] + 1e-6 for a, b in zip(chars, chars[1:]) if a["top"] == b["top"])


def test_ingest_counts_ocr_pages(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    import shutil

    from minerva.knowledge.base import KnowledgeBase
    from tests.conftest import CORPUS

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(CORPUS / "dev-014.scan.pdf", archive)
    shutil.copy(CORPUS / "dev-014.pdf", archive / "dev-014-digital.pdf")
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        summary = kb.ingest(archive, workers=1, progress=False)
    assert summary.failed == 0
    assert 0 < summary.ocr_pages < summary.pages
