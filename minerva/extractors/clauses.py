"""Report lines -> clauses: the units whose role (problem, cause, measure, effect) is read from
what they say.

Many real documents carry no section headings: a reply letter states the cause in one sentence
and the measures in the next, a news item runs three measures together after a colon. So the
text is cut into sentences (。；！？, line breaks, inline enumerations such as （1）…（2）… or
一是…二是…) and each sentence into comma clauses. Each clause keeps where it came from and the
context a reader would use: the heading above it and the role that heading names, whether its
line is numbered, and for table cells the column header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minerva.extractors.layout import Line
from minerva.extractors.markers import split_inline_rest, strip_marker
from minerva.model import SourceRef

_SENTENCE_END = set("。；;！!？?\n")
_CLAUSE_END = set("，,：:")
_OPEN, _CLOSE = "（(“‘《【「『[", "）)”’》】」』]"
_EDGE = " \t\n，,；;。.：:、"
_CN = "[一二三四五六七八九十]"
_SHI_ITEM = re.compile(rf"{_CN}是|其{_CN}")
_ENUM_SHI = re.compile(rf"(?:^|(?<=[，,；;。：:\s]))(?=(?:{_CN}是|其{_CN}|第{_CN}，)[^\u4e00-\u9fff]?)")


@dataclass
class Clause:
    """One clause of a report with the context its role is read from."""

    text: str
    source: SourceRef
    line: int                  # index of its line in the report
    sentence: int              # index of its sentence in the report
    first: bool                # first clause of its sentence
    last: bool                 # last clause of its sentence
    heading: bool = False      # the clause is a heading line
    section: str | None = None  # role named by the nearest heading above (cause, measure ...)
    numbered: bool = False     # its line or item carries a number label
    column: str = ""           # header of its table column, for table cells
    item: bool = False         # it opens an inline enumeration item (（1）, 一是)
    columns: int = 0           # width of its table, for table cells
    labelled_problem: bool = False  # a heading its writer labelled as a problem (问题一：…, 案例二：…)
    labelled: bool = False     # its own line opens with a label naming ``section`` (原因：…)


def _inside_number(text: str, i: int) -> bool:
    """A comma or colon between digits (2,310只, 9:16) separates no clauses."""
    return text[i] in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _split_outside_brackets(text: str, ends: set[str]) -> list[str]:
    """Cut ``text`` after each character of ``ends`` that is not inside brackets or quotes."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in ends and depth == 0 and not _inside_number(text, i):
            out.append(text[start: i + 1])
            start = i + 1
    out.append(text[start:])
    return [p for p in out if p.strip(_EDGE)]


def sentences(text: str) -> list[tuple[str, bool]]:
    """Sentences of a paragraph as (text, opens an enumeration item)."""
    out: list[tuple[str, bool]] = []
    inline = split_inline_rest(text)
    pieces: list[tuple[str, bool]]
    if inline is not None:
        lead, items, rest = inline
        pieces = ([(lead, False)] if lead.strip(_EDGE) else []) + [(it, True) for it in items]
        pieces += [(rest, False)] if rest.strip(_EDGE) else []
    else:
        pieces = [(text, False)]
    for piece, is_item in pieces:
        parts = [p for p in _ENUM_SHI.split(piece) if p.strip(_EDGE)]
        for k, part in enumerate(parts):
            item = is_item or (len(parts) > 1 and bool(_SHI_ITEM.match(part)))
            for j, sent in enumerate(_split_outside_brackets(part, _SENTENCE_END)):
                out.append((sent, item and j == 0 and (k > 0 or is_item or item)))
    return out


def _clean(text: str) -> str:
    return strip_marker(text.strip()).strip(_EDGE)


def clauses_of(lines: list[Line]) -> list[Clause]:
    """Every clause of a report's lines, in reading order."""
    out: list[Clause] = []
    section: str | None = None
    sent_no = 0
    for i, line in enumerate(lines):
        src = line.block.source
        numbered = line.marker is not None or bool(line.block.label)
        if line.block.kind == "table" and line.block.rows:
            if not is_tally(line.block.rows):
                sent_no = _table_clauses(line, i, sent_no, section, out)
            continue
        if line.heading:
            if line.role is not None or line.rank <= 2:
                section = line.role
            head = _clean(line.text)
            if head and not line.inline:
                labelled = line.marker is not None and line.marker.style == "problem"
                out.append(Clause(head, src, i, sent_no, True, True, heading=True, section=section,
                                  numbered=numbered, labelled_problem=labelled))
                sent_no += 1
            if not line.inline:
                continue
            body = line.inline
        else:
            body = line.text
        sent_no = _text_clauses(body, src, i, sent_no, out, section=section, numbered=numbered,
                                labelled=line.heading and line.role is not None)
    return out


def _text_clauses(text: str, source: SourceRef, line: int, sent_no: int, out: list[Clause], **context) -> int:
    """Append the clauses of ``text``, sentence by sentence, to ``out``; the next sentence number."""
    for sent, item in sentences(text):
        parts = [p for p in (_clean(p) for p in _split_outside_brackets(sent, _CLAUSE_END)) if p]
        for j, part in enumerate(parts):
            out.append(Clause(part, source, line, sent_no, j == 0, j == len(parts) - 1, item=item and j == 0,
                              **context))
        sent_no += 1
    return sent_no


_COUNT = re.compile(r"^[\d,.，．\s%‰+\-－—–/件次个起户台元万]*$")


def is_tally(rows: list[list[str]]) -> bool:
    """Whether a table only counts complaints by category (投诉类别 | 件数 | 占比 | 同比): each row
    names a category and gives figures. It states no complaint, cause or measure."""
    def names_one_category(row: list[str]) -> bool:
        cells = [c.strip() for c in row if c.strip()]
        figures = sum(1 for c in cells if _COUNT.match(c))
        return len(cells) - figures == 1 and figures >= 1

    body = rows[1:]
    return len(body) >= 2 and all(map(names_one_category, body))


def _table_clauses(line: Line, index: int, sent_no: int, section: str | None, out: list[Clause]) -> int:
    rows = line.block.rows or []
    header = [c.strip() for c in rows[0]] if rows else []
    src = line.block.source
    for r, row in enumerate(rows[1:] if len(rows) > 1 else rows, start=1 if len(rows) > 1 else 0):
        for c, cell in enumerate(row):
            ref = SourceRef(file=src.file, page=src.page, paragraph=src.paragraph, table=src.table, row=r, cell=c)
            column = header[c] if c < len(header) and len(rows) > 1 else ""
            for part_text in cell.split("\n"):
                sent_no = _text_clauses(part_text, ref, index, sent_no, out, section=section, column=column,
                                        columns=len(row))
    return sent_no
