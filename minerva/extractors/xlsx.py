"""Excel .xlsx reader (openpyxl, read-only, cached values): tracking sheets as tables.

Each worksheet is one page: its title row (a lone, usually bold and merged, cell on the first
row) or else its sheet name becomes the title (first sheet) or a heading, rows with one filled
cell become paragraphs, and runs of rows with several filled cells become table blocks, line
breaks inside cells kept. ``SourceRef.page`` is the sheet's index (1-based) and ``row`` the
sheet row number.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.extractors.limits import check_pages
from minerva.extractors.package import check_package, missing
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d+$", re.I)
MAX_ROWS = 200_000  # rows read from one sheet
MAX_COLUMNS = 1_000  # columns kept in one row


@register(".xlsx", ".xlsm")
def read_xlsx(path: Path) -> Document:
    path = Path(path)
    check_package(path, "an Excel 97-2003 file")
    try:
        import openpyxl
    except ImportError as exc:
        raise missing(path, "openpyxl", "openpyxl") from exc
    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many kinds on a damaged package)
        raise ExtractionError(path, "corrupt", f"{type(exc).__name__}: {exc}") from exc
    try:
        sheets = list(book.worksheets)
        check_pages(path, len(sheets), what="sheets")
        blocks: list[Block] = []
        tables = [0]
        for index, sheet in enumerate(sheets, 1):
            blocks.extend(_sheet(sheet, index, str(path), first=not blocks, tables=tables))
    finally:
        book.close()
    if not blocks:
        raise ExtractionError(path, "empty", "no cell holds text")
    return Document(str(path), blocks, pages=len(sheets))


def _rows(sheet) -> list[tuple[int, list[str], list[bool]]]:
    """(row number, cell texts, cell bold) for every row that holds something."""
    out = []
    for n, row in enumerate(sheet.iter_rows(), 1):
        if n > MAX_ROWS:
            break
        cells = list(row)[:MAX_COLUMNS]
        texts = [_text(getattr(c, "value", None)) for c in cells]
        if not any(texts):
            continue
        number = next((c.row for c in cells if getattr(c, "row", None)), n)
        bold = [bool(t) and _bold(c) for c, t in zip(cells, texts)]
        out.append((number, texts, bold))
    return out


def _bold(cell) -> bool:
    try:
        return bool(cell.font and cell.font.b)
    except (AttributeError, IndexError, KeyError):
        return False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return "\n".join(line.strip() for line in text.strip().split("\n"))


def _sheet(sheet, index: int, file: str, first: bool, tables: list[int]) -> list[Block]:
    rows = _rows(sheet)
    blocks: list[Block] = []
    title_kind = "title" if first else "heading"
    level = 0 if first else 1
    if rows and _lone(rows[0][1]) is not None and rows[0][0] <= 3 and len(rows[0][1][_lone(rows[0][1])]) <= 60:
        number, texts, _ = rows.pop(0)
        text = texts[_lone(texts)]
        blocks.append(Block(title_kind, text, SourceRef(file, page=index, row=number), level=level, bold=True))
    else:
        name = (sheet.title or "").strip()
        if name and not _DEFAULT_SHEET.match(name):
            blocks.append(Block(title_kind, name, SourceRef(file, page=index), level=level, bold=True))
    table: list[tuple[int, list[str]]] = []

    def flush() -> None:
        if not table:
            return
        lo = min(min(i for i, t in enumerate(r) if t) for _, r in table)
        hi = max(max(i for i, t in enumerate(r) if t) for _, r in table)
        grid = [r[lo:hi + 1] + [""] * (hi + 1 - len(r[lo:hi + 1])) for _, r in table]
        text = "\n".join(" | ".join(cell.replace("\n", " ") for cell in row) for row in grid)
        blocks.append(Block("table", text, SourceRef(file, page=index, table=tables[0], row=table[0][0]),
                            rows=grid))
        tables[0] += 1
        table.clear()

    previous = None
    for number, texts, bold in rows:
        lone = _lone(texts)
        gap = previous is not None and number > previous + 1
        previous = number
        if gap:
            flush()
        if lone is None or (table and lone > _first_column(table) and not gap):
            table.append((number, texts))
            continue
        flush()
        text = texts[lone]
        blocks.append(Block("paragraph", text, SourceRef(file, page=index, row=number), bold=bold[lone]))
    flush()
    return blocks


def _lone(texts: list[str]) -> int | None:
    """Index of the only filled cell of a row, None when several (or none) are filled."""
    filled = [i for i, t in enumerate(texts) if t]
    return filled[0] if len(filled) == 1 else None


def _first_column(table: list[tuple[int, list[str]]]) -> int:
    return min(min(i for i, t in enumerate(r) if t) for _, r in table)
