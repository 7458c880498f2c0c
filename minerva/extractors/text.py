"""Plain-text and Markdown reports, in whatever encoding the writer's machine used.

Chinese archives hold UTF-8 (with or without BOM), GB18030/GBK and UTF-16 text files; the
encoding is detected from the bytes, not assumed.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def decode(data: bytes, path: Path) -> str:
    """Decode report bytes: BOMs first, then strict UTF-8, then GB18030, then a detector."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if len(data) >= 4 and data[1::2].count(0) > len(data) // 4:
        return data.decode("utf-16-le", errors="replace")
    if len(data) >= 4 and data[0::2].count(0) > len(data) // 4:
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError(path, "corrupt", "the bytes are not text in any known encoding")
    return str(best)


@register(".txt", ".md", ".markdown", ".text")
def read_text(path: Path) -> Document:
    """Blank lines separate paragraphs; Markdown headings, bullets and pipe tables are kept."""
    text = decode(path.read_bytes(), path)
    markdown = path.suffix.lower() in {".md", ".markdown"}
    raw_lines = text.splitlines()
    skip = _front_matter_end(raw_lines) if markdown else 0
    doc = Document(path=str(path))
    table: list[list[str]] = []
    table_line = 0
    for lineno, raw in enumerate(raw_lines, 1):
        if lineno <= skip:
            continue
        line = raw.strip().replace("\u3000", " ").strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if not table:
                table_line = lineno
            if not _MD_RULE.match(line):
                table.append([c.strip().replace("<br>", "\n") for c in line[1:-1].split("|")])
            continue
        if table:
            doc.blocks.append(_table_block(table, path, table_line))
            table = []
        if not line or line == "@pagebreak":
            continue
        doc.blocks.append(_line_block(line, path, lineno, markdown))
    if table:
        doc.blocks.append(_table_block(table, path, table_line))
    if not doc.blocks:
        raise ExtractionError(path, "empty", "the file holds no text")
    return doc


def _front_matter_end(lines: list[str]) -> int:
    """Lines taken by YAML front matter: a first line ``---`` closed by ``---`` after ``key: value`` lines."""
    if not lines or lines[0].strip() != "---":
        return 0
    for k, line in enumerate(lines[1:40], 2):
        if line.strip() == "---":
            return k
        if line.strip() and not re.match(r"^[A-Za-z_][\w-]*\s*:", line):
            return 0
    return 0


def _line_block(line: str, path: Path, lineno: int, markdown: bool) -> Block:
    source = SourceRef(file=str(path), paragraph=lineno)
    if markdown:
        m = _MD_HEADING.match(line)
        if m:
            level = len(m.group(1)) - 1
            return Block("title" if level == 0 else "heading", m.group(2).strip(), source, level=level)
        m = _MD_BULLET.match(line)
        if m:
            return Block("item", m.group(1).strip(), source, label="•")
    return Block("paragraph", line, source)


def _table_block(rows: list[list[str]], path: Path, lineno: int) -> Block:
    text = "\n".join(" | ".join(r) for r in rows)
    return Block("table", text, SourceRef(file=str(path), paragraph=lineno), rows=rows)
