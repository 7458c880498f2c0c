"""PowerPoint .pptx reader (python-pptx): slides in order, titles as headings, text frames and tables.

Each slide is one page of the document (``Document.slides``): its title placeholder becomes a
heading (the first slide's the document title), every text frame paragraph a paragraph or, when
PowerPoint draws a bullet or an automatic number in front of it, a list item whose ``label`` is
that bullet or number. Tables become table blocks, and so do runs of paragraphs typed as fields
separated by tabs or wide gaps (tracking sheets pasted into a deck). A slide repeating the title
before it, or marking it "（续）", continues that section. Shapes are read top to bottom, side by
side left first; group shapes are read through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.extractors.docx import format_number
from minerva.extractors.limits import check_pages
from minerva.extractors.markers import parse_marker
from minerva.extractors.package import check_package, missing
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TITLES = {"TITLE", "CENTER_TITLE", "VERTICAL_TITLE"}
_BODY = {"BODY", "OBJECT", "VERTICAL_BODY", "VERTICAL_OBJECT"}  # placeholders bulleted by the master
# buAutoNum schemes: (Word-style number format, text before, text after)
_AUTONUM = {
    "arabicPeriod": ("decimal", "", "."), "arabicParenR": ("decimal", "", ")"),
    "arabicParenBoth": ("decimal", "(", ")"), "arabicPlain": ("decimal", "", ""),
    "alphaLcPeriod": ("lowerLetter", "", "."), "alphaUcPeriod": ("upperLetter", "", "."),
    "alphaLcParenR": ("lowerLetter", "", ")"), "alphaUcParenR": ("upperLetter", "", ")"),
    "alphaLcParenBoth": ("lowerLetter", "(", ")"), "alphaUcParenBoth": ("upperLetter", "(", ")"),
    "romanLcPeriod": ("lowerRoman", "", "."), "romanUcPeriod": ("upperRoman", "", "."),
    "romanLcParenR": ("lowerRoman", "", ")"), "romanUcParenR": ("upperRoman", "", ")"),
    "circleNumDbPlain": ("decimalEnclosedCircle", "", ""), "circleNumWdBlackPlain": ("decimalEnclosedCircle", "", ""),
    "ea1ChsPeriod": ("chineseCounting", "", "."), "ea1ChsPlain": ("chineseCounting", "", ""),
    "ea1JpnChsDbPeriod": ("chineseCounting", "", "．"), "ea1ChtPeriod": ("chineseCounting", "", "."),
}
_CONTINUED = re.compile(r"\s*[(（]\s*(续|续表|续上页|接上页|cont\.?|continued)\s*[)）]\s*$|\s*[-—–]\s*续\s*$", re.I)
_FIELD_GAP = re.compile(r"\t| {4}")
MSO_GROUP = 6  # pptx.enum.shapes.MSO_SHAPE_TYPE.GROUP
_PRIVATE_BULLETS = {"\uf0a7": "▪", "\uf0b7": "•", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "◆", "\uf06c": "●"}


@register(".pptx", ".pptm")
def read_pptx(path: Path) -> Document:
    """Read a deck into blocks, one page a slide; failures become ExtractionError."""
    path = Path(path)
    check_package(path, "a PowerPoint 97-2003 file")
    try:
        from pptx import Presentation
    except ImportError as exc:
        raise missing(path, "pptx", "python-pptx") from exc
    try:
        deck = Presentation(str(path))
    except Exception as exc:  # noqa: BLE001  (python-pptx raises many kinds on a damaged package)
        raise ExtractionError(path, "corrupt", f"{type(exc).__name__}: {exc}") from exc
    slides = list(deck.slides)
    check_pages(path, len(slides), what="slides")
    blocks: list[Block] = []
    tables = 0
    for number, slide in enumerate(slides, 1):
        for block in _slide(slide, number, str(path), first=not blocks):
            if block.kind == "table":
                block.source = SourceRef(str(path), page=number, table=tables)
                tables += 1
            blocks.append(block)
    blocks = _field_tables(_drop_continued_titles(blocks))
    if not blocks:
        raise ExtractionError(path, "empty", "no text on any slide")
    return Document(str(path), blocks, pages=len(slides), slides=True)


def _drop_continued_titles(blocks: list[Block]) -> list[Block]:
    """A slide titled like the one before (or "...（续）") continues its section: no new heading.

    Decks cut long sections over several slides and repeat the title; kept, the repeats would
    open empty sections or look like the titles of further reports.
    """
    out: list[Block] = []
    last = None
    for block in blocks:
        if block.kind in ("title", "heading") and block.level is not None:
            bare = _CONTINUED.sub("", block.text).strip()
            if last is not None and (bare == last or bare != block.text.strip()):
                continue
            last = bare
        out.append(block)
    return out


def _fields(text: str) -> list[str]:
    return [field.strip() for field in _FIELD_GAP.split(text)]


def _field_tables(blocks: list[Block]) -> list[Block]:
    """Rows typed as fields separated by tabs or wide gaps, one paragraph a row, become a table.

    Three or more fields a row make a table of two rows or more; two fields (a label | content
    form) need three rows. Rows missing their trailing empty cells are padded. Inside a wide
    table a one-field line is a group row (一、产品质量类); inside a form it goes on with the
    content above it (the items of D3 临时措施), the form's last row taking only numbered lines.
    """
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        rows, j = _field_run(blocks, i)
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            text = "\n".join(" | ".join(row) for row in rows)
            out.append(Block("table", text, blocks[i].source, rows=rows))
            i = j
        else:
            out.append(blocks[i])
            i += 1
    return out


def _resumes(fields: Callable[[int], list[str]], j: int, reach: int = 8) -> bool:
    """Whether a two-field row follows within ``reach`` one-field lines: the form goes on."""
    for k in range(j + 1, j + 1 + reach):
        n = len(fields(k))
        if n != 1:
            return n == 2
    return False


def _field_run(blocks: list[Block], i: int) -> tuple[list[list[str]], int]:
    """The table rows typed from blocks[i] on, and where they end; no rows when there is no table."""
    def fields(k: int) -> list[str]:
        return _fields(blocks[k].text) if k < len(blocks) and blocks[k].kind == "paragraph" else []

    first = fields(i)
    if len(first) < 2:
        return [], i
    wide = len(first) >= 3
    rows: list[list[str]] = []
    j = i
    while j < len(blocks):
        row = fields(j)
        fits = len(row) >= 3 if wide else len(row) == 2
        if fits:
            rows.append(row)
        elif len(row) == 1 and wide and len(fields(j + 1)) >= 3:
            rows.append(row)  # a group row between rows
        elif len(row) == 1 and not wide and rows and (parse_marker(row[0])[0] is not None or _resumes(fields, j)):
            rows[-1][-1] += "\n" + row[0]
        else:
            break
        j += 1
    full = [r for r in rows if len(r) >= 2]
    if (wide and len(full) >= 2) or (not wide and len(full) >= 3):
        return rows, j
    return [], i


def _slide(slide, number: int, file: str, first: bool) -> Iterator[Block]:
    source = SourceRef(file, page=number)
    shapes = list(_ordered(slide.shapes))
    titles = [s for s in shapes if _placeholder(s) in _TITLES]
    for shape in titles[:1] + [s for s in shapes if s not in titles[:1]]:
        if getattr(shape, "has_table", False) and shape.has_table:
            rows = _table_rows(shape.table)
            if any(cell.strip() for row in rows for cell in row):
                text = "\n".join(" | ".join(cell.replace("\n", " ") for cell in row) for row in rows)
                yield Block("table", text, source, rows=rows)
            continue
        if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
            continue
        kind = _placeholder(shape)
        if kind in _TITLES:
            text = " ".join(p.text.strip() for p in shape.text_frame.paragraphs if p.text.strip())
            text = text.replace("\v", " ").strip()
            if text:
                yield Block("title" if first else "heading", text, source, level=0 if first else 1,
                            bold=True, size=_size(shape.text_frame.paragraphs))
                first = False
            continue
        yield from _text_blocks(shape, source, bulleted=kind in _BODY)


def _placeholder(shape) -> str | None:
    if not getattr(shape, "is_placeholder", False):
        return None
    try:
        kind = shape.placeholder_format.type
    except (AttributeError, ValueError, KeyError):
        return None
    return kind.name if kind is not None else "BODY"


def _ordered(shapes) -> Iterator:
    """Shapes top to bottom; shapes starting at about the same height left to right; groups opened."""
    def key(shape) -> tuple[int, int]:
        return int(shape.top or 0) // 228600, int(shape.left or 0)  # 0.25 inch bands

    for shape in sorted(shapes, key=key):
        if getattr(shape, "shape_type", None) == MSO_GROUP:
            yield from _ordered(shape.shapes)
        else:
            yield shape


def _text_blocks(shape, source: SourceRef, bulleted: bool) -> Iterator[Block]:
    counters: dict[int, int] = {}
    for para in shape.text_frame.paragraphs:
        text = para.text.replace("\v", "\n").strip()
        label = _bullet(para._p, para.level, counters, bulleted and bool(text))
        if not text:
            continue
        runs = [r for r in para.runs if r.text.strip()]
        bold = bool(runs) and all(r.font.bold for r in runs)
        yield Block("item" if label else "paragraph", text, source, label=label or "", bold=bold,
                    size=_size([para]))


def _bullet(p, level: int, counters: dict[int, int], bulleted: bool) -> str | None:
    """The bullet or automatic number PowerPoint draws before this paragraph, if any.

    Explicit buNone/buAutoNum/buChar on the paragraph decide; otherwise body placeholders take the
    master's bullet (drawn as •) and text boxes have none.
    """
    ppr = p.find(f"{A_NS}pPr")
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]
    if ppr is not None and ppr.find(f"{A_NS}buNone") is not None:
        counters.pop(level, None)
        return None
    auto = ppr.find(f"{A_NS}buAutoNum") if ppr is not None else None
    if auto is not None:
        try:
            start = int(auto.get("startAt", "1"))
        except ValueError:
            start = 1
        counters[level] = counters.get(level, start - 1) + 1
        fmt, before, after = _AUTONUM.get(auto.get("type", ""), ("decimal", "", "."))
        return f"{before}{format_number(counters[level], fmt)}{after}"
    counters.pop(level, None)
    char = ppr.find(f"{A_NS}buChar") if ppr is not None else None
    if char is not None:
        bullet = char.get("char", "•") or "•"
        return _PRIVATE_BULLETS.get(bullet, bullet)
    return "•" if bulleted else None


def _size(paragraphs) -> float | None:
    sizes = [r.font.size.pt for p in paragraphs for r in p.runs if r.font.size is not None and r.text.strip()]
    return max(sizes) if sizes else None


def _table_rows(table) -> list[list[str]]:
    """Cell texts; the cells a merged cell covers are empty, as in the Word reader."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell.is_spanned:
                cells.append("")
                continue
            parts = (p.text.replace("\v", "\n").strip() for p in cell.text_frame.paragraphs)
            cells.append("\n".join(part for part in parts if part))
        rows.append(cells)
    return rows
