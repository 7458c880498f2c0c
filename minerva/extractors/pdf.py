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
from itertools import pairwise
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from minerva.errors import ExtractionError
from minerva.extractors.limits import check_pages
from minerva.extractors.markers import continues_inline
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

# Characters set full width in CJK text (ideographs, CJK and general punctuation, circled numbers).
_WIDE = re.compile(
    r"[\u2010-\u206f\u2460-\u24ff\u25a0-\u27bf\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\uffef]"
)
_PRIVATE_USE = re.compile(r"^[\ue000-\uf8ff]")  # Symbol/Wingdings bullets come out as private-use codes
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
_PAGE_NUMBER = re.compile(  # matched against the line with all whitespace removed
    r"^(?:第\d+页(?:[,，/／]?共\d+页)?|共\d+页[,，/／]?第\d+页|[-–—]\d+[-–—]|\d+/\d+"
    r"|(?:page|p\.)\d+(?:(?:of|/)\d+)?|\d{1,4})$",
    re.I,
)
_FINAL = set("。；：;:！？!?）)】」』”")  # a line ending short on one of these ended its paragraph
_EDGE_ZONE = 0.12  # top/bottom share of the page where running headers and footers live
_SLIDE_MAX_CHARS = 1000  # a landscape page with more text than this is a document, not a slide
_HEADING_RATIO = 1.12  # a font this much larger than the body text marks a heading
_SCAN_SHARE = 0.3  # a textless page with pictures over this share of it is a scan (OCR'd)


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
    has_text: bool
    images: bool
    slide: bool
    rules: list[float]  # y of long horizontal rules (header/footer separators)
    scanned: bool = False  # no text layer, a picture covering much of the page: a scan
    ocr: bool = False  # the lines came from OCR of the page picture


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
    """Read a PDF into ordered blocks; raise ExtractionError when it cannot be read.

    Scanned pages (no text layer, a picture over much of the page) are read by OCR when the
    ``minerva[ocr]`` extra is installed (``minerva.extractors.ocr``); their recognised lines go
    through the same line -> block stages as the text of digital pages.
    """
    path = Path(path)
    _check_file(path)
    return build_document(path, list(_pages(path)))


def _check_file(path: Path) -> None:
    """Catch non-PDFs and truncated downloads early: pdfminer would half-read a cut-off file."""
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, fh.seek(0, 2) - 4096))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise ExtractionError(path, "corrupt", "not a PDF file (no %PDF header)")
    if b"%%EOF" not in tail:
        raise ExtractionError(path, "corrupt", "the file is truncated (no %%EOF at its end)")


def _pages(path: Path) -> Iterator[_Page]:
    """Open the file once and read page by page, releasing each page's objects as we go."""
    from minerva.extractors import ocr  # OCR imports the layout functions below

    renderer = None
    try:
        with pdfplumber.open(path) as pdf:
            if not pdf.pages:
                raise ExtractionError(path, "empty", "the PDF has no pages")
            check_pages(path, len(pdf.pages))
            for page in pdf.pages:
                read = _page(page)
                if read.scanned and ocr.available():
                    renderer = renderer or ocr.PdfRenderer(path)
                    read = ocr.page_from_image(renderer.render(page.page_number, read.width), page.page_number,
                                               renderer.dpi, (read.width, read.height))
                yield read
                page.close()
    except (PdfminerException, PSException, MalformedPDFException) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFEncryptionError):
            raise ExtractionError(path, "encrypted", "the PDF is password protected") from exc
        raise ExtractionError(path, "corrupt", f"{type(cause).__name__}: {cause}") from exc
    finally:
        if renderer is not None:
            renderer.close()


def _page(page: pdfplumber.page.Page) -> _Page:
    """One page's lines and tables in reading order."""
    number, width, height = page.page_number, float(page.width), float(page.height)
    chars = [c for c in page.chars if c.get("upright", True) and c["size"] >= 3]  # no watermarks
    edges = page.lines + page.rects
    grids = [[list(row.cells) for row in t.rows] for t in (page.find_tables() if edges else [])]
    has_text = any(c["text"].strip() for c in page.chars)
    out = layout_page(number, width, height, chars, edges, grids, has_text, bool(page.images))
    out.scanned = not has_text and _picture_share(page.images, width, height) >= _SCAN_SHARE
    return out


def _picture_share(images: list[dict], width: float, height: float) -> float:
    """How much of the page its pictures cover (overlaps counted twice, capped at 1)."""
    area = 0.0
    for im in images:
        w = min(im["x1"], width) - max(im["x0"], 0)
        h = min(im["bottom"], height) - max(im["top"], 0)
        area += max(w, 0) * max(h, 0)
    return min(1.0, area / max(width * height, 1.0))


def layout_page(number: int, width: float, height: float, chars: list[dict], edges: list[dict],
                grids: list[list[list[tuple | None]]], has_text: bool, images: bool) -> _Page:
    """Characters (pdfplumber's dicts: text, x0, x1, top, bottom, size, fontname), ruling edges and
    table grids of one page -> its lines and tables in reading order. OCR pages come in here too."""
    grids = [g for g in grids if sum(cell is not None for row in g for cell in row) >= 2]
    boxes = [_bbox(grid) for grid in grids]
    chars = [_hung_back(c, boxes) for c in chars]
    free = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    slide = width > height and len(free) <= _SLIDE_MAX_CHARS
    lines = [_line(row, number) for row in _rows(free, split=slide)]
    lines = _slide_order(lines) if slide else sorted(lines, key=lambda line: (line.top, line.x0))
    items: list[_Line | _Table] = list(lines)
    for grid, box in zip(grids, boxes, strict=True):
        rows = [[_cell_text(cell, chars, number) if cell else "" for cell in row] for row in grid]
        at = next((i for i, item in enumerate(items) if item.top > box[1]), len(items))
        items.insert(at, _Table(rows, box[1], number))
    rules = [e["top"] for e in edges if e["width"] > 0.3 * width and e["height"] < 2]
    return _Page(number, width, height, items, has_text, images, slide, rules)


def grids_from_edges(edges: list[dict], tolerance: float = 3.0) -> list[list[list[tuple | None]]]:
    """Table grids (rows of cell boxes) from ruling edges, as pdfplumber's "lines" strategy finds them."""
    if not edges:
        return []
    merged = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    cells = intersections_to_cells(edges_to_intersections(merged, tolerance, tolerance))
    return [[list(row.cells) for row in Table(None, group).rows] for group in cells_to_tables(cells)]


def _bbox(grid: list[list[tuple | None]]) -> tuple[float, float, float, float]:
    cells = [c for row in grid for c in row if c is not None]
    x0s, tops, x1s, bottoms = zip(*cells, strict=True)
    return min(x0s), min(tops), max(x1s), max(bottoms)


def _hung_back(char: dict, boxes: list[tuple[float, float, float, float]]) -> dict:
    """Punctuation that Word lets hang past a table's right edge, moved back into its cell."""
    if char["text"] not in _FINAL and char["text"] not in "，、,.":
        return char
    for box in boxes:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if box[2] < x <= box[2] + char["x1"] - char["x0"] and box[1] <= y <= box[3]:
            shift = char["x1"] - box[2] + 0.1
            return char | {"x0": char["x0"] - shift, "x1": char["x1"] - shift}
    return char


def _inside(char: dict, box: Sequence[float]) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# --- characters -> lines ---------------------------------------------------------------------------


def _rows(chars: list[dict], split: bool = False) -> list[list[dict]]:
    """Cluster characters into lines by vertical overlap; on slides also split at wide gaps."""
    rows: list[list[dict]] = []
    top = bottom = 0.0
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        overlap = min(bottom, c["bottom"]) - max(top, c["top"])
        if rows and overlap >= 0.5 * min(bottom - top, c["bottom"] - c["top"]):
            rows[-1].append(c)
            bottom = max(bottom, c["bottom"])
        else:
            rows.append([c])
            top, bottom = c["top"], c["bottom"]
    out = []
    for row in rows:
        part: list[dict] = []
        for c in sorted(row, key=lambda c: c["x0"]):
            last = part[-1] if part else None
            if last and c["text"] == last["text"] and abs(c["x0"] - last["x0"]) < 0.3 * c["width"]:
                continue  # a glyph drawn twice (fake bold, shadow)
            if split and last and c["x0"] - last["x1"] >= 3 * max(c["size"], last["size"]):
                out.append(part)  # text boxes side by side on a slide
                part = []
            part.append(c)
        out.append(part)
    return [row for row in out if any(c["text"].strip() for c in row)]


def _line(chars: list[dict], page: int) -> _Line:
    glyphs = [c for c in chars if c["text"].strip()]
    text = _PRIVATE_USE.sub("•", _join_glyphs(chars))
    size = Counter(round(c["size"] * 2) / 2 for c in glyphs).most_common(1)[0][0]
    bold = sum(bool(_BOLD_FONT.search(c["fontname"])) for c in glyphs) * 2 > len(glyphs)
    x0, x1 = glyphs[0]["x0"], max(c["x1"] for c in glyphs)
    top, bottom = min(c["top"] for c in glyphs), max(c["bottom"] for c in glyphs)
    return _Line(text, x0, x1, top, bottom, size, bold, page, _hang(glyphs, text), glyphs[0]["x1"] - x0)


def _hang(glyphs: list[dict], text: str) -> float:
    """x where the text after a leading bullet or number starts: wrapped lines align there."""
    match = _ENUMERATOR.match(text)
    if match:
        return glyphs[min(len(re.sub(r"\s", "", match.group())), len(glyphs) - 1)]["x0"]
    for prev, c in pairwise(glyphs[:5]):
        if c["x0"] - prev["x1"] >= 0.5 * c["size"]:  # "1.<tab>text"
            return c["x0"]
    return glyphs[0]["x0"]


def _join_glyphs(chars: list[dict]) -> str:
    """Glue a line's glyphs, deciding each space from the gap and the scripts on both sides."""
    wide_gaps = sorted(b["x0"] - a["x1"] for a, b in pairwise(chars) if _wide(a["text"]) and _wide(b["text"]))
    base = max(0.0, wide_gaps[len(wide_gaps) // 2]) if len(wide_gaps) >= 3 else 0.0  # letter-spaced 报 告
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
    return "".join(out) + (" " if spaced else "")  # a trailing space survives a wrap: "日期    报告"


def _wide(text: str) -> bool:
    return bool(text) and bool(_WIDE.match(text[-1]))


def _space_between(a: dict, b: dict, spaced: bool, base: float) -> bool:
    """Latin words keep their spaces; CJK text gets one only at a field-separating gap."""
    gap, em = b["x0"] - a["x1"], max(a["size"], b["size"])
    wide_a, wide_b = _wide(a["text"]), _wide(b["text"][:1])
    if wide_a and wide_b:  # a typed space between Chinese words separates them (headline parts)
        return (spaced and base < 0.1 * em) or gap - base >= 0.6 * em
    if not wide_a and not wide_b:
        return spaced or gap >= 0.15 * em
    wide = a["text"][-1] if wide_a else b["text"][0]  # "22PCS 不良率" keeps its typed space, "： SOP" not
    return gap >= 0.5 * em or (spaced and unicodedata.category(wide).startswith("L"))


def _glue(text: str, more: str, char_wrap: bool) -> str:
    """Join a wrapped line: a space only between two Latin words broken at a word boundary."""
    if not text.endswith((" ", "-")) and not _wide(text) and not _wide(more[:1]) and not char_wrap:
        return f"{text} {more}"
    return text + more


def _cell_text(box: tuple, chars: list[dict], page: int) -> str:
    """Wrapped lines in a cell are joined; a line opening with an enumerator keeps its break, and
    so does one after a line that ended a sentence with room to spare (the writer pressed Enter)."""
    lines = [_line(row, page) for row in _rows([c for c in chars if _inside(c, box)])]
    if not lines:
        return ""
    right = max(line.x1 for line in lines)
    text = lines[0].text
    for prev, cur in pairwise(lines):
        full = prev.x1 + cur.first_width > right + 0.5
        if _ENUMERATOR.match(cur.text) or (not full and prev.text.rstrip()[-1:] in _FINAL):
            text = text.rstrip() + "\n" + cur.text
        else:
            text = _glue(text, cur.text, full)
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
    bands: list[list[list[_Line]]] = []
    for box in sorted(boxes, key=lambda b: b[0].top):
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
    opening = sorted(_lines_of(pages[:1]), key=lambda line: line.top)[:2]
    titles = {_shape(line.text) for line in opening if line.size >= _HEADING_RATIO * body}  # what a header repeats
    for page in pages:
        drop = [line for line in edges[page.number] if _running_key(line, page) in repeated
                or _PAGE_NUMBER.match(re.sub(r"\s+", "", line.text)) or _lone_header(line, page, body, titles)]
        page.items = [item for item in page.items if all(item is not line for line in drop)]


def _running_key(line: _Line, page: _Page) -> tuple[str, bool, float]:
    """Same text, same edge, same size: a title repeating the running header is not dropped."""
    return _shape(line.text), line.top < page.height / 2, line.size


def _edge_lines(page: _Page) -> list[_Line]:
    """The first and last two lines of a page when they sit in the header or footer zone."""
    lines = sorted(_lines_of([page]), key=lambda line: line.top)
    top = [line for line in lines[:2] if line.top < _EDGE_ZONE * page.height]
    bottom = [line for line in lines[-2:] if line.bottom > (1 - _EDGE_ZONE) * page.height]
    return top + [line for line in bottom if line not in top]


def _shape(text: str) -> str:
    """Text with digits and spaces normalised, so "第 2 页" on every page compares equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _lone_header(line: _Line, page: _Page, body: float, titles: set[str]) -> bool:
    """A header that cannot repeat (one page): small print set off by a rule, or repeating the
    title. A section label that the page happens to open with (整改措施：) is neither."""
    if line.size >= body - 0.25:
        return False
    ruled = any(line.bottom <= y <= line.bottom + 2 * line.size or line.top - 2 * line.size <= y <= line.top
                for y in page.rules)
    return ruled or _shape(line.text) in titles


# --- lines -> blocks -------------------------------------------------------------------------------


def _body_font(lines: list[_Line]) -> tuple[float, bool]:
    """The size (and boldness) that most of the text is set in."""
    weight: Counter[float] = Counter()
    for line in lines:
        weight[line.size] += len(line.text)
    body = weight.most_common(1)[0][0] if weight else 10.0
    bold = sum(len(line.text) for line in lines if line.size == body and line.bold) * 2 > weight[body]
    return body, bold


def _margins(lines: list[_Line], body: float, width: float) -> tuple[float, float]:
    """Left and right edge of the body text; a page's margins are symmetric when lines reach them."""
    body_lines = [line for line in lines if abs(line.size - body) < 0.6] or lines
    if not body_lines:
        return 0.0, 0.0
    left = min(line.x0 for line in body_lines)
    ends = sorted((line.x1 for line in body_lines), reverse=True)
    return left, max(ends[min(len(ends) // 10, 2)], min(width - left, ends[0]))


def _pitches(lines: list[_Line], margins: dict[int, tuple[float, float]], body: float) -> dict[float, float]:
    """Line pitch inside a paragraph, per font size.

    A line filling the width was wrapped, so its step to the next line is a wrap step: take their
    median. Without such pairs (slides, lists), take the smallest step seen repeatedly.
    """
    steps: dict[float, list[float]] = {}
    wraps: dict[float, list[float]] = {}
    for a, b in pairwise(lines):
        step = b.top - a.top
        if a.page == b.page and a.size == b.size and 0.9 * a.size <= step <= 2.0 * a.size:
            steps.setdefault(a.size, []).append(step)
            if margins[a.page][1] - a.x1 < 1.8 * a.size and a.text.rstrip()[-1:] not in _FINAL:
                wraps.setdefault(a.size, []).append(step)
    out = {}
    for size, seen in steps.items():
        wrapped = sorted(wraps.get(size, []))
        repeated = [p for p, q in pairwise(sorted(seen)) if q - p <= 0.6]
        if len(wrapped) >= 2:
            out[size] = wrapped[len(wrapped) // 2]
        elif repeated and (size == body or len(seen) >= 3):
            out[size] = repeated[0]
    return out


def _continues(group: list[_Line], line: _Line, st: _Stats, slides: bool) -> bool:
    """Is ``line`` the wrapped continuation of the paragraph in ``group``?"""
    prev, first, em = group[-1], group[0], group[-1].size
    ends_sentence, short = prev.text.rstrip()[-1:] in _FINAL, st.right - prev.x1
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return False
    if _ENUMERATOR.match(line.text):  # a new item, unless the paragraph's own run-in list goes on
        return (line.page == prev.page and short < 2 * em and abs(line.x0 - st.left) < em
                and continues_inline(" ".join(g.text for g in group), line.text))
    hanging = first.hang > first.x0 + em / 2 and abs(line.x0 - first.hang) < em / 2
    if line.page != prev.page:  # a paragraph (or a bulleted item's hanging text) runs on over a page break,
        at_margin = line.x0 < st.left + em / 2 or hanging  # never over a slide's end
        return not slides and short < 1.8 * em and not ends_sentence and at_margin
    step = line.top - prev.top
    lenient = short < 1.8 * em and not ends_sentence and not slides  # Latin lines sit closer than CJK
    if step <= 0 or step > (1.5 if lenient else 1.15) * st.pitch(em) + 1:
        return False
    if _centered(prev, line, st):
        return True
    if short > max(4 * em, 0.25 * (st.right - st.left)) or (short > 1.2 * em and ends_sentence):
        return False
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
    tables = 0
    for page in pages:
        for item in page.items:
            if isinstance(item, _Line) and group and _continues(group, item, stats[page.number], slides):
                group.append(item)
                continue
            if group:
                blocks.append(_text_block(group, stats[group[0].page], path))
            group = [item] if isinstance(item, _Line) else []
            if isinstance(item, _Table):
                text = "\n".join(" | ".join(cell.replace("\n", " ") for cell in row) for row in item.rows)
                tables += 1
                blocks.append(Block("table", text, SourceRef(str(path), page=item.page, table=tables), rows=item.rows))
    if group:
        blocks.append(_text_block(group, stats[group[0].page], path))
    return blocks


def _text_block(group: list[_Line], st: _Stats, path: Path) -> Block:
    text = group[0].text
    for prev, cur in pairwise(group):
        text = _glue(text, cur.text, prev.x1 + cur.first_width > st.right + 0.5)
    text, first = text.strip(), group[0]
    larger = first.size >= _HEADING_RATIO * st.body
    heading = (larger or (first.bold and not st.body_bold)) and len(text) <= 60
    return Block("heading" if heading else "paragraph", text, SourceRef(str(path), page=first.page),
                 bold=first.bold, size=first.size)


def _number_paragraphs(blocks: list[Block]) -> None:
    """Number the text blocks of each page (p.3 ¶2), so every paragraph has a place of its own."""
    counts: Counter[int] = Counter()
    for block in blocks:
        if block.kind != "table" and block.source.page is not None:
            counts[block.source.page] += 1
            block.source = replace(block.source, paragraph=counts[block.source.page])


def _mark_titles(blocks: list[Block], body: float, slides: bool) -> None:
    """Title: largest text near the top of the first page; on slides each slide's largest line."""
    texts = [block for block in blocks if block.kind != "table"]
    numbers = sorted({block.source.page for block in texts})
    for number in numbers if slides else numbers[:1]:
        page = [block for block in texts if block.source.page == number]
        top = max(block.size or 0 for block in page)
        pick = next((b for b in page[: None if slides else 3] if b.size == top and len(b.text) <= 60), None)
        if pick is not None and (slides or top >= _HEADING_RATIO * body):
            pick.kind = "title" if number == numbers[0] else "heading"
    if slides or not texts or texts[0].kind != "title":
        return
    for prev, block in pairwise(texts):  # a compilation: the next report opens a page in the title's font
        if block.kind == "heading" and block.size == texts[0].size and block.source.page != prev.source.page:
            block.kind = "title"


def _close_title(blocks: list[Block]) -> None:
    """A title left with an open bracket goes on in the next short line, even when OCR measured
    that line in another size (8D纠正措施报告（客户投诉 / 破损）)."""
    at = next((i for i, b in enumerate(blocks) if b.kind != "table"), len(blocks))  # the opening text block
    if at + 1 >= len(blocks) or blocks[at].kind != "title":
        return
    title = blocks[at]
    rest = blocks[at + 1]
    opened = title.text.count("（") + title.text.count("(") - title.text.count("）") - title.text.count(")")
    if (opened > 0 and rest.kind in ("heading", "paragraph") and len(rest.text) <= 20
            and rest.text.rstrip().endswith(("）", ")")) and rest.source.page == title.source.page):
        title.text += rest.text
        del blocks[at + 1]


def _level_headings(blocks: list[Block]) -> None:
    """Heading levels from font sizes, as Word's heading styles give them: the largest heading size
    is level 1, the next level 2 (only where headings come in several sizes). Sizes within
    _HEADING_RATIO of each other are one level: OCR measures the same font a little differently."""
    levels: list[float] = []  # the smallest size of each level, largest level first
    for size in sorted({b.size for b in blocks if b.kind == "heading" and b.size}, reverse=True):
        if levels and size * _HEADING_RATIO > levels[-1]:
            levels[-1] = size
        else:
            levels.append(size)
    if len(levels) < 2:
        return
    for block in blocks:
        if block.kind == "heading" and block.size:
            block.level = 1 + next(i for i, smallest in enumerate(levels) if block.size >= smallest)


def _lines_of(pages: list[_Page]) -> list[_Line]:
    return [item for page in pages for item in page.items if isinstance(item, _Line)]


def build_document(path: Path, pages: list[_Page]) -> Document:
    """The blocks of a file's pages: running headers dropped, lines joined into paragraphs, titles."""
    textless = [page for page in pages if not page.has_text]
    if len(textless) == len(pages):
        if any(page.ocr for page in pages):
            raise ExtractionError(path, "empty", "OCR found no text on any page")
        if any(page.images for page in pages):
            detail = "scanned PDF without a text layer, needs OCR"
            if any(page.scanned for page in pages):
                from minerva.extractors.ocr import unavailable_reason

                detail += f" ({unavailable_reason()})"
            raise ExtractionError(path, "needs-ocr", detail)
        raise ExtractionError(path, "empty", "no text on any page")
    slides = sum(page.slide for page in pages) * 2 > len(pages)
    _drop_running(pages, _body_font(_lines_of(pages))[0])
    lines = _lines_of(pages)
    body, bold = _body_font(lines)
    whole = _margins(lines, body, max(page.width for page in pages))
    margins = {page.number: _margins(_lines_of([page]), body, 0.0) if slides else whole for page in pages}
    pitches = _pitches(lines, margins, body)
    stats = {number: _Stats(body, bold, left, right, pitches) for number, (left, right) in margins.items()}
    blocks = _blocks(pages, stats, slides, path)
    _mark_titles(blocks, body, slides)
    if not slides:
        _close_title(blocks)
    _number_paragraphs(blocks)
    if not slides:
        _level_headings(blocks)
    ocr = [str(page.number) for page in textless if page.images]
    warnings = [f"pages {', '.join(ocr)} have no text layer and need OCR"] if ocr else []
    if any(page.scanned for page in textless):
        from minerva.extractors.ocr import unavailable_reason

        warnings[0] += f" ({unavailable_reason()})"
    return Document(str(path), blocks, pages=len(pages), slides=slides, warnings=warnings,
                    ocr_pages=sum(page.ocr for page in pages))
