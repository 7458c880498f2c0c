"""Small report files the tests draw themselves."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def _renderer():
    spec = importlib.util.spec_from_file_location("render", DATA / "render.py")
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    return render


def rendered(folder: Path, out: Path, plain: bool = False) -> Path:
    """``folder``'s report sources rendered into ``out`` (styled Word and PDF, plain Word too when
    ``plain``) with their gold beside them, as ``tests/data/render.py`` renders the sets: the
    repository keeps only sources and gold for the sets built since fresh4."""
    _renderer().render_folder(folder, out, plain=plain)
    return out


def partly_scanned_pdf(path: Path) -> None:
    """A PDF whose first page has text and whose second page is only a picture."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    picture = path.with_suffix(".png")
    Image.new("RGB", (200, 100), "gray").save(picture)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", 12)
    for y, line in enumerate(["客户投诉整改报告", "一、原因分析", "1、设备老化。", "二、整改措施", "1、更换设备。"]):
        pdf.drawString(72, 760 - 24 * y, line)
    pdf.showPage()
    pdf.drawImage(str(picture), 72, 500, 200, 100)
    pdf.save()
    picture.unlink()


def word_paragraphs(path: Path, paragraphs: list[str], headings: tuple[str, ...] = ()) -> Path:
    """A Word file at ``path`` holding ``paragraphs`` as plain paragraphs, as a letter is typed;
    those in ``headings`` in Word's Heading 1 style."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        if text in headings:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(path)
    return path
