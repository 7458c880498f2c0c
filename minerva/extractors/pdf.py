"""PDF reader: page characters -> lines -> paragraphs, ruled tables and slides, in reading order.

pdfplumber gives every character with its position, font and size. Grouping them ourselves (rather
than using ``extract_text``) lets us join Chinese text without spurious spaces, undo hard line
wraps, drop running headers, footers and page numbers, and read ruled tables cell by cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from minerva.errors import ExtractionError
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

# Characters set full width in CJK text: no space is ever needed next to them.
_WIDE = re.compile(
    r"[\u2010-\u206f\u2460-\u24ff\u25a0-\u27bf\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")  # Symbol/Wingdings bullets come out as private-use codes
_BOLD_FONT = re.compile(r"bold|black|heavy|simhei|heiti", re.I)
_ENUMERATOR = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]"
    r"|[(（]\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*[)）]"
    r"|\d{1,2}\s*[、．)）]|\d{1,2}(?:\.\d{1,2})*\.(?![\d.])|\d{1,2}(?:\.\d{1,2})+\s"
    r"|[①-⑳⑴-⒇⒈-⒛❶-❿➀-➓]|[•·●○◆◇■□▪▫►▶➢✓✔※★☆]|[-–—*]\s"
    r"|D[1-8](?!\d)|第[一二三四五六七八九十百\d]+[条章节款项部步]"
    r"|(?:问题|原因|措施|对策|案例|步骤)[一二三四五六七八九十\d]{1,3}(?=[：:、.．\s)）]|$)"
    r"|【|[A-Za-z][、)）]|[A-Z]\.\s|Step\s*\d)"
)
_PAGE_NUMBER = re.compile(
    r"^(?:第\d+页(?:[,，/／]?共\d+页)?|共\d+页[,，/／]?第\d+页|[-–—]\d+[-–—]|\d+/\d+"
    r"|(?:page|p\.)\d+(?:(?:of|/)\d+)?|\d{1,4})$",
    re.I,
)
_FINAL = set("。；：;:！？!?）)】」』”")
_EDGE_ZONE = 0.12  # top/bottom share of the page where running headers and footers live
_SLIDE_MAX_CHARS = 1000


@dataclass
class _Line:
    """A run of characters on one baseline, with what paragraph joining needs to know."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    hang: float  # where text starts after a leading bullet or number (hanging indent)
    first_width: float  # width of the first glyph: tells a character wrap from a word wrap


@dataclass
class _Table:
    rows: list[list[str]]
    top: float
    page: int


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[_Line | _Table]
    chars: int
    images: bool
    slide: bool
    rules: list[float]  # y of long horizontal rules (header/footer separators)


@dataclass
class _Raw:
    """What pdfplumber gives for a page; taken inside the error guard, processed outside it."""

    number: int
    width: float
    height: float
    chars: list[dict]
    tables: list[list[list[tuple | None]]]
    images: bool
    rules: list[float]


@dataclass
class _Stats:
    """Typical body text geometry, used to tell a wrapped line from a new paragraph."""

    body: float
    body_bold: bool
    left: float
    right: float
    pitches: dict[float, float]

    def pitch(self, size: float) -> float:
        """Sizes seen too rarely borrow the body's spacing factor (a title wrapped once)."""
        if size in self.pitches:
            return self.pitches[size]
        return size * self.pitches.get(self.body, 1.75 * self.body) / self.body


@register(".pdf")
def read_pdf(path: Path) -> Document:
    """Read a PDF into ordered blocks; raise ExtractionError when it cannot be read."""
    path = Path(path)
    _check_file(path)
    pages = [_page(raw) for raw in _raw_pages(path)]
    return _document(path, pages)


def _check_file(path: Path) -> None:
    """Catch non-PDFs and truncated downloads early: pdfminer would half-read a cut-off file."""
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise ExtractionError(path, "corrupt", "not a PDF file (no %PDF header)")
    if b"%%EOF" not in tail:
        raise ExtractionError(path, "corrupt", "the file is truncated (no %%EOF at its end)")


def _raw_pages(path: Path) -> Iterator[_Raw]:
    """Open the file once and yield each page's characters and tables, closing pages as we go."""
    try:
        with pdfplumber.open(path) as pdf:
            if not pdf.pages:
                raise ExtractionError(path, "empty", "the PDF has no pages")
            for page in pdf.pages:
                yield _raw(page)
                page.close()
    except PdfminerException as exc:
        raise _failure(path, exc.args[0] if exc.args else exc) from exc
    except (PSException, MalformedPDFException, ValueError, KeyError, TypeError) as exc:
        raise _failure(path, exc) from exc


def _failure(path: Path, exc: BaseException) -> ExtractionError:
    if isinstance(exc, PDFEncryptionError):
        return ExtractionError(path, "encrypted", "the PDF is password protected")
    return ExtractionError(path, "corrupt", f"{type(exc).__name__}: {exc}")


def _raw(page) -> _Raw:
    chars = [c for c in page.chars if c.get("upright", True) and c["size"] >= 3]
    edges = page.lines + page.rects
    tables = []
    if edges:
        for table in page.find_tables():
            rows = [list(row.cells) for row in table.rows]
            if sum(cell is not None for row in rows for cell in row) >= 2:
                tables.append(rows)
    rules = [e["top"] for e in edges if e["width"] > 0.3 * page.width and e["height"] < 2]
    return _Raw(page.page_number, float(page.width), float(page.height), chars, tables, bool(page.images), rules)


def _page(raw: _Raw) -> _Page:
    """Turn one page's characters into lines and tables sorted in reading order."""
    boxes = [_bbox(rows) for rows in raw.tables]
    free = [c for c in raw.chars if not any(_inside(c, box) for box in boxes)]
    slide = raw.width > raw.height and len(free) <= _SLIDE_MAX_CHARS
    lines = [_line(chars, raw.number) for chars in _rows(free, split=slide)]
    if slide:
        lines = _slide_order(lines)
    else:
        lines.sort(key=lambda line: (line.top, line.x0))
    tables = [_Table(_table_rows(rows, raw.chars, raw.number), box[1], raw.number) for rows, box in
              zip(raw.tables, boxes, strict=True)]
    items: list[_Line | _Table] = list(lines)
    for table in tables:
        at = next((i for i, item in enumerate(items) if item.top > table.top), len(items))
        items.insert(at, table)
    glyphs = sum(bool(c["text"].strip()) for c in raw.chars)
    return _Page(raw.number, raw.width, raw.height, items, glyphs, raw.images, slide, raw.rules)


def _bbox(rows: list[list[tuple | None]]) -> tuple[float, float, float, float]:
    cells = [c for row in rows for c in row if c is not None]
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _inside(char: dict, box: Sequence[float]) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# --- characters -> lines ---------------------------------------------------------------------------


def _rows(chars: list[dict], split: bool = False) -> list[list[dict]]:
    """Cluster characters into lines by vertical overlap; on slides also split at wide gaps."""
    rows: list[list[dict]] = []
    band = (0.0, 0.0)
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        overlap = min(band[1], c["bottom"]) - max(band[0], c["top"])
        if rows and overlap >= 0.5 * min(band[1] - band[0], c["bottom"] - c["top"]):
            rows[-1].append(c)
            band = (band[0], max(band[1], c["bottom"]))
        else:
            rows.append([c])
            band = (c["top"], c["bottom"])
    out = []
    for row in rows:
        row = _dedupe(sorted(row, key=lambda c: c["x0"]))
        out.extend(_split_wide(row) if split else [row])
    return [row for row in out if any(c["text"].strip() for c in row)]


def _dedupe(row: list[dict]) -> list[dict]:
    """Drop glyphs drawn twice on the same spot (fake bold, shadows)."""
    kept: list[dict] = []
    for c in row:
        if kept and c["text"] == kept[-1]["text"] and abs(c["x0"] - kept[-1]["x0"]) < 0.3 * max(c["width"], 1):
            continue
        kept.append(c)
    return kept


def _split_wide(row: list[dict]) -> list[list[dict]]:
    """Separate text boxes that share a baseline (slides): a gap of three em or more."""
    parts = [[row[0]]]
    for prev, c in zip(row, row[1:]):
        if c["x0"] - prev["x1"] >= 3 * max(prev["size"], c["size"]):
            parts.append([])
        parts[-1].append(c)
    return parts


def _line(chars: list[dict], page: int) -> _Line:
    glyphs = [c for c in chars if c["text"].strip()]
    text = _PRIVATE_USE.sub("•", _join_glyphs(chars), count=1) if _PRIVATE_USE.match(glyphs[0]["text"]) \
        else _join_glyphs(chars)
    sizes = Counter(round(c["size"] * 2) / 2 for c in glyphs)
    bold = sum(bool(_BOLD_FONT.search(c["fontname"])) for c in glyphs) * 2 > len(glyphs)
    return _Line(text, glyphs[0]["x0"], max(c["x1"] for c in glyphs), min(c["top"] for c in glyphs),
                 max(c["bottom"] for c in glyphs), sizes.most_common(1)[0][0], bold, page, _hang(glyphs, text),
                 glyphs[0]["x1"] - glyphs[0]["x0"])


def _hang(glyphs: list[dict], text: str) -> float:
    """x where the text after a leading bullet or number starts: wrapped lines align there."""
    match = _ENUMERATOR.match(text)
    if match:
        skip = len(re.sub(r"\s", "", match.group()))
        return glyphs[min(skip, len(glyphs) - 1)]["x0"]
    for prev, c in zip(glyphs[:4], glyphs[1:5]):
        if c["x0"] - prev["x1"] >= 0.5 * c["size"]:
            return c["x0"]
    return glyphs[0]["x0"]


def _join_glyphs(chars: list[dict]) -> str:
    """Glue a line's glyphs, deciding each space from the gap and the scripts on both sides."""
    base = _letter_spacing(chars)
    out: list[str] = []
    prev: dict | None = None
    spaced = False
    for c in chars:
        if not c["text"].strip():
            spaced = prev is not None
            continue
        if prev is not None and _space_between(prev, c, spaced, base):
            out.append(" ")
        out.append(c["text"])
        prev, spaced = c, False
    return "".join(out) + (" " if spaced else "")


def _letter_spacing(chars: list[dict]) -> float:
    """Typical gap between wide characters: letter-spaced titles (报 告) are not word gaps."""
    gaps = sorted(b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]) if _wide(a["text"]) and _wide(b["text"]))
    return max(0.0, gaps[len(gaps) // 2]) if len(gaps) >= 3 else 0.0


def _wide(text: str) -> bool:
    return bool(text) and bool(_WIDE.match(text[-1]))


def _space_between(a: dict, b: dict, spaced: bool, base: float) -> bool:
    """Latin words keep their spaces; CJK text gets one only at a field-separating gap."""
    gap = b["x0"] - a["x1"]
    em = max(a["size"], b["size"])
    wide_a, wide_b = _wide(a["text"][-1]), _wide(b["text"][0])
    if wide_a and wide_b:
        return gap - base >= 0.6 * em
    if not wide_a and not wide_b:
        return spaced or gap >= 0.15 * em
    wide = a["text"][-1] if wide_a else b["text"][0]
    return gap >= 0.5 * em or (spaced and unicodedata.category(wide).startswith("L"))


def _glue(text: str, more: str, char_wrap: bool) -> str:
    """Join a wrapped line: a space only between two Latin words broken at a word boundary."""
    if text.endswith((" ", "-")):
        return text + more
    if text and more and not _wide(text[-1]) and not _wide(more[0]) and not char_wrap:
        return f"{text} {more}"
    return text + more


def _table_rows(rows: list[list[tuple | None]], chars: list[dict], page: int) -> list[list[str]]:
    return [[_cell_text(cell, chars, page) if cell else "" for cell in row] for row in rows]


def _cell_text(box: tuple, chars: list[dict], page: int) -> str:
    """Wrapped lines in a cell are joined; a line opening with an enumerator keeps its break."""
    lines = [_line(row, page) for row in _rows([c for c in chars if _inside(c, box)])]
    if not lines:
        return ""
    right = max(line.x1 for line in lines)
    text = lines[0].text
    for prev, cur in zip(lines, lines[1:]):
        if _ENUMERATOR.match(cur.text):
            text = text.rstrip() + "\n" + cur.text
        else:
            text = _glue(text, cur.text, prev.x1 + cur.first_width > right + 0.5)
    return text.strip()


def _slide_order(lines: list[_Line]) -> list[_Line]:
    """Read text boxes on a slide one after the other: top to bottom, side-by-side left first."""
    boxes: list[list[_Line]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        above = [b for b in boxes if 0 <= line.top - b[-1].bottom < 1.5 * b[-1].size
                 and line.x0 < b[-1].x1 and line.x1 > b[-1].x0]
        if len(above) == 1:
            above[0].append(line)
        else:
            boxes.append([line])
    boxes.sort(key=lambda b: b[0].top)
    bands: list[list[list[_Line]]] = []
    for box in boxes:
        if bands and box[0].top - bands[-1][0][0].top < box[0].size:
            bands[-1].append(box)
        else:
            bands.append([box])
    return [line for band in bands for box in sorted(band, key=lambda b: b[0].x0) for line in box]


# --- running headers, footers and page numbers -----------------------------------------------------


def _drop_running(pages: list[_Page], body: float) -> None:
    """Remove lines repeated at the top or bottom of most pages, page numbers and lone headers."""
    edges = {page.number: _edge_lines(page) for page in pages}
    seen = Counter(key for page in pages for key in {_running_key(line, page) for line in edges[page.number]})
    repeated = {key for key, n in seen.items() if n >= 2 and n >= 0.5 * len(pages)}
    texts = Counter(_shape(item.text) for page in pages for item in page.items if isinstance(item, _Line))
    for page in pages:
        drop = {id(line) for line in edges[page.number] if _running_key(line, page) in repeated
                or _PAGE_NUMBER.match(re.sub(r"\s+", "", line.text)) or _lone_header(line, page, body, texts)}
        page.items = [item for item in page.items if id(item) not in drop]


def _running_key(line: _Line, page: _Page) -> tuple[str, bool, float]:
    """Same text, same edge, same size: a title repeating the running header is not dropped."""
    return _shape(line.text), line.top < page.height / 2, line.size


def _edge_lines(page: _Page) -> list[_Line]:
    """The first and last two lines of a page when they sit in the header or footer zone."""
    lines = sorted((item for item in page.items if isinstance(item, _Line)), key=lambda line: line.top)
    top = [line for line in lines[:2] if line.top < _EDGE_ZONE * page.height]
    bottom = [line for line in lines[-2:] if line.bottom > (1 - _EDGE_ZONE) * page.height]
    return top + [line for line in bottom if line not in top]


def _shape(text: str) -> str:
    """Text with digits and spaces normalised, so "第 2 页" on every page compares equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _lone_header(line: _Line, page: _Page, body: float, texts: Counter) -> bool:
    """A header on a one-page file: small print set off by a rule, or repeating the title."""
    if line.size >= body - 0.25:
        return False
    ruled = any(line.bottom <= y <= line.bottom + 2 * line.size or line.top - 2 * line.size <= y <= line.top
                for y in page.rules)
    return ruled or texts[_shape(line.text)] >= 2


# --- lines -> blocks -------------------------------------------------------------------------------


def _stats(lines: list[_Line], width: float = 0.0) -> _Stats:
    """Body font size, margins and line pitch: the yardstick for wrapped lines."""
    if not lines:
        return _Stats(10.0, False, 0.0, 0.0, {})
    weight = Counter()
    for line in lines:
        weight[line.size] += len(line.text)
    body = weight.most_common(1)[0][0]
    body_lines = [line for line in lines if abs(line.size - body) < 0.6]
    bold = sum(len(line.text) for line in body_lines if line.bold) * 2 > sum(len(line.text) for line in body_lines)
    left = min(line.x0 for line in body_lines)
    ends = sorted((line.x1 for line in body_lines), reverse=True)
    right = max(ends[min(len(ends) // 10, 2)], min(width - left, ends[0]))  # symmetric margins
    return _Stats(body, bold, left, right, _pitches(lines, body))


def _page_stats(whole: _Stats, page: _Page) -> _Stats:
    """Margins of one slide; font sizes and pitch still come from the whole deck."""
    own = _stats([item for item in page.items if isinstance(item, _Line)])
    return replace(whole, left=own.left, right=own.right)


def _pitches(lines: list[_Line], body: float) -> dict[float, float]:
    """Line pitch inside a paragraph, per font size: the smallest baseline step seen repeatedly."""
    found: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        step = b.top - a.top
        if a.page == b.page and a.size == b.size and 0.9 * a.size <= step <= 2.0 * a.size:
            found.setdefault(a.size, []).append(step)
    out = {}
    for size, steps in found.items():
        steps.sort()
        repeated = [p for p, q in zip(steps, steps[1:]) if q - p <= 0.6]
        if repeated and (size == body or len(steps) >= 3):
            out[size] = repeated[0]
    return out


def _continues(group: list[_Line], line: _Line, st: _Stats, slides: bool) -> bool:
    """Is ``line`` the wrapped continuation of the paragraph in ``group``?"""
    prev, first = group[-1], group[0]
    em = prev.size
    if _ENUMERATOR.match(line.text) or abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return False
    if line.page != prev.page:
        return (not slides and st.right - prev.x1 < 1.8 * em and prev.text.rstrip()[-1:] not in _FINAL
                and line.x0 < st.left + 0.5 * em)
    step = line.top - prev.top
    if step <= 0 or step > 1.15 * st.pitch(em) + 1:
        return False
    if _centered(prev, line, st):
        return True
    short = st.right - prev.x1
    if short > max(4 * em, 0.25 * (st.right - st.left)) or (short > 1.2 * em and prev.text.rstrip()[-1:] in _FINAL):
        return False
    hanging = first.hang > first.x0 + 0.5 * em and abs(line.x0 - first.hang) < 0.5 * em
    indented = line.x0 > max(st.left, prev.x0) + 0.8 * em and not hanging
    outdented = len(group) > 1 and line.x0 < prev.x0 - 0.8 * em
    return not (indented or outdented)


def _centered(a: _Line, b: _Line, st: _Stats) -> bool:
    """Two lines centred on the text column (a wrapped title): their indents end no paragraph."""
    middle = st.left + st.right
    return (max(a.x0, b.x0) > st.left + 2.5 * a.size
            and abs(a.x0 + a.x1 - middle) < 3 * a.size and abs(b.x0 + b.x1 - middle) < 3 * a.size)


def _blocks(pages: list[_Page], stats: dict[int, _Stats], slides: bool, path: Path) -> list[Block]:
    blocks: list[Block] = []
    group: list[_Line] = []

    def flush() -> None:
        if group:
            blocks.append(_text_block(group, stats[group[0].page], path))
            group.clear()

    for page in pages:
        for item in page.items:
            if isinstance(item, _Table):
                flush()
                blocks.append(_table_block(item, path))
            elif group and _continues(group, item, stats[page.number], slides):
                group.append(item)
            else:
                flush()
                group.append(item)
        if slides:
            flush()
    flush()
    return blocks


def _text_block(group: list[_Line], st: _Stats, path: Path) -> Block:
    text = group[0].text
    for prev, cur in zip(group, group[1:]):
        text = _glue(text, cur.text, prev.x1 + cur.first_width > st.right + 0.5)
    text, first = text.strip(), group[0]
    heading = (first.size >= 1.15 * st.body or (first.bold and not st.body_bold)) and len(text) <= 60
    return Block("heading" if heading else "paragraph", text, SourceRef(str(path), page=first.page),
                 bold=first.bold, size=first.size)


def _table_block(table: _Table, path: Path) -> Block:
    text = "\n".join(" | ".join(cell.replace("\n", " ") for cell in row) for row in table.rows)
    return Block("table", text, SourceRef(str(path), page=table.page), rows=table.rows)


def _mark_titles(blocks: list[Block], body: float, slides: bool) -> None:
    """Title: largest text near the top of the first page; on slides each slide's largest line."""
    pages: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind != "table":
            pages.setdefault(block.source.page, []).append(block)
    for number, page in sorted(pages.items()):
        first = number == min(pages)
        if not (first or slides):
            continue
        top = max(block.size or 0 for block in page)
        pick = next((b for b in page[: None if slides else 3] if b.size == top and len(b.text) <= 60), None)
        if pick is not None and (slides or top >= 1.15 * body):
            pick.kind = "title" if first else "heading"


def _document(path: Path, pages: list[_Page]) -> Document:
    textless = [page for page in pages if not page.chars]
    if len(textless) == len(pages):
        if any(page.images for page in pages):
            raise ExtractionError(path, "needs-ocr", "scanned PDF without a text layer, needs OCR")
        raise ExtractionError(path, "empty", "no text on any page")
    slides = sum(page.slide for page in pages) * 2 > len(pages)
    lines = [item for page in pages for item in page.items if isinstance(item, _Line)]
    _drop_running(pages, _stats(lines).body)
    lines = [item for page in pages for item in page.items if isinstance(item, _Line)]
    whole = _stats(lines, max(page.width for page in pages))
    stats = {page.number: _page_stats(whole, page) if slides else whole for page in pages}
    blocks = _blocks(pages, stats, slides, path)
    _mark_titles(blocks, whole.body, slides)
    warnings = []
    ocr = [str(page.number) for page in textless if page.images]
    if ocr:
        warnings.append(f"pages {', '.join(ocr)} have no text layer and need OCR")
    return Document(str(path), blocks, pages=len(pages), slides=slides, warnings=warnings)
