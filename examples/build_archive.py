"""Render the example report sources in ``examples/sources`` into ``examples/archive``.

Usage::

    python examples/build_archive.py

Each ``examples/sources/NN-name.md`` file starts with a front matter block::

    ---
    render: docx-styled      # one of docx-styled, docx-plain, pdf
    org: 某某有限公司          # organisation, used for the docx page header / pdf metadata
    ---

followed by one block per line (blank lines between blocks are ignored):

``# title``, ``## heading 1``, ``### heading 2``, ``- bullet``, ``1. auto-numbered item``,
``| a | b |`` table rows (header row, then a ``|---|`` separator; ``<br>`` breaks a line inside
a cell), ``@pagebreak``; anything else is a paragraph (typed numbering such as 一、（1）① stays
in the text).

Renderers:

* ``docx-styled`` -- python-docx with Title / Heading 1 / Heading 2 styles, real Word automatic
  numbering for ``1.`` runs (each run restarts at 1 through its own ``w:num`` with a
  ``startOverride``), "List Bullet" bullets, "Table Grid" tables, 宋体 as East Asian font and the
  organisation name in the page header.
* ``docx-plain`` -- every line a Normal paragraph; headings are only bold runs; list numbers and
  bullets are typed into the text.
* ``pdf`` -- reportlab platypus with the CID font STSong-Light on A4, CJK word wrap, running
  header (current report title) and footer "第 N 页 共 M 页", tables as ruled grids.

The output is deterministic: fixed document metadata, fixed zip timestamps for docx and
reportlab's invariant mode for pdf, so running the script twice produces identical bytes.
Only python-docx and reportlab are needed.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
ARCHIVE = HERE / "archive"

RENDERS = ("docx-styled", "docx-plain", "pdf")
FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
SOURCE_NAME = re.compile(r"^\d\d-[A-Za-z0-9_-]+\.md$")
OUTPUT_NAME = re.compile(r"^\d\d-[A-Za-z0-9_-]+\.(docx|pdf)$")

EAST_ASIAN_BODY = "宋体"
EAST_ASIAN_HEADING = "黑体"
LATIN_FONT = "Times New Roman"
PDF_FONT = "STSong-Light"


# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # title | h1 | h2 | bullet | number | table | pagebreak | para
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # table rows, header first
    number: int = 0  # position inside a run of numbered items (1-based)
    run: int = 0  # index of the numbered run this item belongs to
    lead: str = ""  # a paragraph's bold run-in label (**D2 问题描述：**…), the start of ``text``


@dataclass
class Source:
    path: Path
    meta: dict[str, str]
    blocks: list[Block]

    @property
    def render(self) -> str:
        return self.meta["render"]

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), self.path.stem)

    @property
    def org(self) -> str:
        return self.meta.get("org", "")


_NUMBER_RE = re.compile(r"^\d+\.\s+(.*)$")
_RUN_IN_RE = re.compile(r"^\*\*([^*]{1,30}[：:])\*\*(.+)$")  # **D2 问题描述：**text: a bold label run in
_SEPARATOR_RE = re.compile(r"^\|\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _split_row(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def parse_front_matter(text: str, path: Path) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{path.name}: missing front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration as exc:
        raise ValueError(f"{path.name}: unterminated front matter") from exc
    meta: dict[str, str] = {}
    for raw in lines[1:end]:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    if meta.get("render") not in RENDERS:
        raise ValueError(f"{path.name}: render must be one of {RENDERS}, got {meta.get('render')!r}")
    return meta, "\n".join(lines[end + 1 :])


def _unmarked(text: str) -> str:
    """Bold markers (**…**) other than a paragraph's run-in label are dropped: a reader sees bold
    type, never the asterisks."""
    return text.replace("**", "")


def parse_body(body: str) -> list[Block]:
    blocks: list[Block] = []
    table: list[list[str]] | None = None
    run_index = -1
    counter = 0

    def close_table() -> None:
        nonlocal table
        if table is not None:
            blocks.append(Block("table", rows=table))
            table = None

    for raw in body.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if table is None:
                table = []
            if not _SEPARATOR_RE.match(line):
                table.append([_unmarked(cell) for cell in _split_row(line)])
            continue
        if not line:
            # blank lines separate blocks; they neither close a table row group
            # (tables have no blank lines inside) nor break a numbered run
            close_table()
            continue
        close_table()
        if line.startswith("### "):
            block = Block("h2", line[4:].strip())
        elif line.startswith("## "):
            block = Block("h1", line[3:].strip())
        elif line.startswith("# "):
            block = Block("title", line[2:].strip())
        elif line.startswith("- "):
            block = Block("bullet", line[2:].strip())
        elif line == "@pagebreak":
            block = Block("pagebreak")
        elif m := _NUMBER_RE.match(line):
            block = Block("number", m.group(1).strip())
        elif m := _RUN_IN_RE.match(line):
            block = Block("para", m.group(1) + m.group(2), lead=m.group(1))
        else:
            block = Block("para", line)
        block.text = block.lead + _unmarked(block.text[len(block.lead):])
        blocks.append(block)
    close_table()

    # assign numbers: a run is a maximal sequence of consecutive "number" blocks
    previous = None
    for block in blocks:
        if block.kind == "number":
            if previous != "number":
                run_index += 1
                counter = 0
            counter += 1
            block.number = counter
            block.run = run_index
        previous = block.kind
    return blocks


def load_source(path: Path) -> Source:
    meta, body = parse_front_matter(path.read_text(encoding="utf-8"), path)
    return Source(path, meta, parse_body(body))


# --------------------------------------------------------------------------- docx helpers


def _set_run_fonts(rpr_owner, east_asian: str, latin: str | None = LATIN_FONT) -> None:
    """Set explicit fonts on a style/run rPr, dropping theme font attributes that would win."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    if latin:
        rfonts.set(qn("w:ascii"), latin)
        rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _new_document(src: Source) -> docx.document.Document:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _set_run_fonts(normal.element, EAST_ASIAN_BODY)
    cp = document.core_properties
    cp.title = src.title
    cp.author = src.org or "minerva"
    cp.last_modified_by = "minerva build_archive"
    cp.comments = f"minerva example archive, source {src.path.name}"
    cp.keywords = "客诉整改报告"
    cp.subject = ""
    cp.category = src.render
    cp.revision = 1
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    return document


def _save_docx(document: docx.document.Document, out: Path) -> None:
    """Save with fixed zip timestamps and member order so the bytes are reproducible."""
    buf = io.BytesIO()
    document.save(buf)
    buf.seek(0)
    result = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, data)
    _write_if_changed(out, result.getvalue())


def _write_if_changed(out: Path, data: bytes) -> None:
    if out.exists() and out.read_bytes() == data:
        return
    out.write_bytes(data)


def _add_cell_text(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    for i, part in enumerate(text.split("<br>")):
        run = paragraph.add_run(part.strip())
        run.bold = bold or None
        if i < len(text.split("<br>")) - 1:
            run.add_break(WD_BREAK.LINE)


def _add_table(document, rows: list[list[str]], style: str | None) -> None:
    ncols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    if style:
        table.style = document.styles[style]
    for r, row in enumerate(rows):
        for c in range(ncols):
            text = row[c] if c < len(row) else ""
            _add_cell_text(table.cell(r, c), text, bold=(r == 0))


class _DecimalNumbering:
    """A "%1." decimal abstract numbering plus one w:num (restarting at 1) per list run."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        existing = [int(a.get(qn("w:abstractNumId"))) for a in self.numbering.xpath("w:abstractNum")]
        self.abstract_id = max(existing, default=-1) + 1
        self.numbering.insert(self._abstract_insert_index(), self._abstract_num())
        self.num_ids: dict[int, int] = {}

    def _abstract_insert_index(self) -> int:
        # schema order: all w:abstractNum elements come before any w:num
        children = list(self.numbering)
        for i, child in enumerate(children):
            if child.tag == qn("w:num"):
                return i
        return len(children)

    def _abstract_num(self):
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(self.abstract_id))
        nsid = OxmlElement("w:nsid")
        nsid.set(qn("w:val"), f"{0x4D494E00 + self.abstract_id:08X}")  # "MIN\0" + id
        abstract.append(nsid)
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "singleLevel")
        abstract.append(multi)
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), "0")
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1."),
                         ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "420")
        ind.set(qn("w:hanging"), "420")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
        return abstract

    def num_id_for_run(self, run: int) -> int:
        if run not in self.num_ids:
            num = self.numbering.add_num(self.abstract_id)
            override = num.add_lvlOverride(ilvl=0)
            override.add_startOverride(1)
            self.num_ids[run] = num.numId
        return self.num_ids[run]

    @staticmethod
    def apply(paragraph, num_id: int) -> None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id


def render_docx_styled(src: Source, out: Path) -> None:
    document = _new_document(src)
    for name in ("Title", "Heading 1", "Heading 2"):
        _set_run_fonts(document.styles[name].element, EAST_ASIAN_HEADING)
    header = document.sections[0].header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.text = src.org
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    numbering = _DecimalNumbering(document)
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "bullet": "List Bullet"}
    for block in src.blocks:
        if block.kind in styles:
            document.add_paragraph(block.text, style=styles[block.kind])
        elif block.kind == "number":
            paragraph = document.add_paragraph(block.text, style="List Paragraph")
            numbering.apply(paragraph, numbering.num_id_for_run(block.run))
        elif block.kind == "table":
            _add_table(document, block.rows, "Table Grid")
        elif block.kind == "pagebreak":
            document.add_page_break()
        else:
            _add_body_paragraph(document, block)
    _save_docx(document, out)


def _add_body_paragraph(document, block: Block) -> None:
    """A body paragraph; its run-in label, if any, as a bold run."""
    paragraph = document.add_paragraph()
    if block.lead:
        paragraph.add_run(block.lead).bold = True
    paragraph.add_run(block.text[len(block.lead):])


def render_docx_plain(src: Source, out: Path) -> None:
    document = _new_document(src)
    for block in src.blocks:
        if block.kind in ("title", "h1", "h2"):
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = True
        elif block.kind == "number":
            document.add_paragraph(f"{block.number}. {block.text}")
        elif block.kind == "bullet":
            document.add_paragraph(f"• {block.text}")
        elif block.kind == "table":
            _add_table(document, block.rows, None)
        elif block.kind == "pagebreak":
            document.add_page_break()
        else:
            _add_body_paragraph(document, block)
    _save_docx(document, out)


# --------------------------------------------------------------------------- pdf


# Chinese punctuation that must not start a line; reportlab's list is Japanese-oriented and
# lacks the full-width comma, semicolon etc., so extend it.  Both wrap paths read a module
# global at wrap time (textsplit.wordSplit for single-style paragraphs, paragraph.cjkFragSplit
# otherwise) and let such a character hang in the right margin instead of starting a line.
_CN_CANNOT_START = "，；：！？）》”’〉"


def _register_pdf_font() -> None:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    for module in (rl_textsplit, rl_paragraph):
        missing = "".join(ch for ch in _CN_CANNOT_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


def _pdf_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=PDF_FONT, fontSize=10.5, leading=17, wordWrap="CJK",
                          spaceAfter=4)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER,
                                spaceBefore=6, spaceAfter=12),
        "h1": ParagraphStyle("h1", parent=base, fontSize=14, leading=21, spaceBefore=10, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=6, spaceAfter=4),
        "list": ParagraphStyle("list", parent=base, leftIndent=22, bulletIndent=6, bulletFontName=PDF_FONT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=14, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontSize=10, leading=14, spaceAfter=0,
                                   alignment=TA_CENTER),
    }


class _RunningTitle(Flowable):
    """Zero-size marker: the running header shows the last report title drawn on the page."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self) -> None:
        self.canv.minerva_header = self.title


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers page output so every page can carry "第 N 页 共 M 页" and its running header."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []
        self.minerva_header = ""

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._draw_marks(number, total)
            super().showPage()
        super().save()

    def _draw_marks(self, number: int, total: int) -> None:
        width, height = A4
        self.saveState()
        self.setFont(PDF_FONT, 9)
        self.setFillColor(colors.grey)
        header = _fit(self.minerva_header, PDF_FONT, 9, width - 40 * mm)
        self.drawString(20 * mm, height - 14 * mm, header)
        self.setStrokeColor(colors.grey)
        self.setLineWidth(0.5)
        self.line(20 * mm, height - 15.5 * mm, width - 20 * mm, height - 15.5 * mm)
        self.drawCentredString(width / 2, 10 * mm, f"第 {number} 页 共 {total} 页")
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut text character by character so it fits ``width`` (CJK has no word boundaries)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _pdf_table(rows: list[list[str]], styles: dict[str, ParagraphStyle], avail: float) -> Table:
    ncols = max(len(r) for r in rows)
    grid = [row + [""] * (ncols - len(row)) for row in rows]
    natural = [
        max(pdfmetrics.stringWidth(p.strip(), PDF_FONT, 10) for row in grid for p in row[c].split("<br>"))
        + 10.0  # LEFTPADDING + RIGHTPADDING plus a little slack
        for c in range(ncols)
    ]
    # short columns (names, dates) keep their natural width so they never wrap mid-word;
    # the long ones share what is left in proportion to their natural width
    narrow = {c for c in range(ncols) if natural[c] <= avail * 0.16}
    if len(narrow) == ncols or sum(natural[c] for c in narrow) > avail * 0.5:
        narrow = set()
    rest = avail - sum(natural[c] for c in narrow)
    wide_total = sum(natural[c] for c in range(ncols) if c not in narrow)
    col_widths = [natural[c] if c in narrow else rest * natural[c] / wide_total for c in range(ncols)]
    col_widths = _at_least_one_character(col_widths, natural)
    data = []
    for r, row in enumerate(grid):
        style = styles["cellhead"] if r == 0 else styles["cell"]
        data.append([Paragraph("<br/>".join(escape(p.strip()) for p in cell.split("<br>")), style)
                     for cell in row])
    table = Table(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


_CELL_PADDING = 8.0  # LEFTPADDING + RIGHTPADDING below


def _at_least_one_character(widths: list[float], natural: list[float]) -> list[float]:
    """Widths where, when a column's share leaves no room inside its padding (a 序号 column beside
    ten long ones: reportlab refuses the table), each narrow column gets its padding and one
    character, taken from the columns wider than that. Other tables keep their widths."""
    if all(w > _CELL_PADDING for w in widths):
        return widths
    floor = [min(n, _CELL_PADDING + 10.0) for n in natural]
    short = sum(max(f - w, 0.0) for w, f in zip(widths, floor))
    spare = sum(w - f for w, f in zip(widths, floor) if w > f)
    return [f if w <= f else w - short * (w - f) / spare for w, f in zip(widths, floor)]


def render_pdf(src: Source, out: Path) -> None:
    _register_pdf_font()
    styles = _pdf_styles()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
        title=src.title,
        author=src.org,
        subject="客诉整改报告",
        creator="minerva build_archive",
        invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    story: list[Flowable] = []
    for block in src.blocks:
        if block.kind == "title":
            story.append(_RunningTitle(block.text))
            story.append(Paragraph(escape(block.text), styles["title"]))
        elif block.kind in ("h1", "h2"):
            story.append(Paragraph(escape(block.text), styles[block.kind]))
        elif block.kind == "number":
            story.append(Paragraph(escape(block.text), styles["list"], bulletText=f"{block.number}."))
        elif block.kind == "bullet":
            story.append(Paragraph(escape(block.text), styles["list"], bulletText="●"))
        elif block.kind == "table":
            story.append(Spacer(1, 4))
            story.append(_pdf_table(block.rows, styles, doc.width))
            story.append(Spacer(1, 8))
        elif block.kind == "pagebreak":
            story.append(PageBreak())
        else:
            story.append(Paragraph(escape(block.text), styles["body"]))
    doc.build(story, canvasmaker=_NumberedCanvas)
    _write_if_changed(out, buf.getvalue())


# --------------------------------------------------------------------------- main

RENDERERS = {
    "docx-styled": (render_docx_styled, ".docx"),
    "docx-plain": (render_docx_plain, ".docx"),
    "pdf": (render_pdf, ".pdf"),
}


def build(sources_dir: Path = SOURCES, archive_dir: Path = ARCHIVE) -> list[Path]:
    archive_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for path in sorted(sources_dir.glob("*.md")):
        if not SOURCE_NAME.match(path.name):
            continue  # README.md and the like
        src = load_source(path)
        renderer, suffix = RENDERERS[src.render]
        out = archive_dir / (path.stem + suffix)
        renderer(src, out)
        written.append(out)
    # drop stale renderings of sources that were removed or switched format
    keep = {p.name for p in written}
    for old in archive_dir.iterdir():
        if OUTPUT_NAME.match(old.name) and old.name not in keep:
            old.unlink()
    return written


def main() -> int:
    written = build()
    for out in written:
        print(out.relative_to(HERE.parent))
    print(f"{len(written)} files in {ARCHIVE.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
