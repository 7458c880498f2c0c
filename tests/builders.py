"""Small report files the tests draw themselves."""

from __future__ import annotations

from pathlib import Path


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
