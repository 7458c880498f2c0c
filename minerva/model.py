"""Domain model: the typed records that flow through minerva's stages.

file -> Document (Blocks with SourceRef) -> Sections -> Reports (Cases) -> knowledge base.
Every stage returns these plain dataclasses so each can be tested alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

BlockKind = Literal["title", "heading", "paragraph", "item", "table"]


def place(page: int | None, paragraph: int | None, page_label: str = "p.{}") -> str:
    """A page and paragraph as a reader looks them up: ``p.3 ¶2``, ``p.3`` or ``¶12``."""
    parts = [page_label.format(page)] if page is not None else []
    if paragraph is not None:
        parts.append(f"¶{paragraph}")
    return " ".join(parts)


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of text came from: file plus page (PDF) or paragraph/table index (Word)."""

    file: str
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def location(self) -> str:
        """Where in the file: ``p.3 ¶2``, ``¶12`` or ``table 2 row 3`` (empty when only the file is known)."""
        parts = [place(self.page, self.paragraph)] if self.page is not None or self.paragraph is not None else []
        if self.table is not None:
            parts.append(f"table {self.table}" + (f" row {self.row}" if self.row is not None else ""))
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.file} {self.location()}".strip()


@dataclass
class Block:
    """One visual unit of a document in reading order.

    ``text`` is what the reader found in the file. ``label`` is a number label that the file
    shows but the text does not contain (Word automatic numbering, bullets); typed numbering stays
    in ``text``. ``level`` is a heading level given by the file itself (Title 0, Heading 1 -> 1);
    ``bold``/``size`` are hints for recognising headings that carry no style.
    """

    kind: BlockKind
    text: str
    source: SourceRef
    label: str = ""
    level: int | None = None
    bold: bool = False
    size: float | None = None
    rows: list[list[str]] | None = None

    @property
    def visible(self) -> str:
        """The text as a reader of the page sees it, number label included."""
        if self.label and self.label[-1] not in "、)）】 " and self.label not in "•·●▪■◆-*":
            return f"{self.label} {self.text}"
        return f"{self.label}{self.text}" if self.label else self.text


@dataclass
class Document:
    """A file read into ordered blocks. ``slides`` marks decks (one section a page);
    ``ocr_pages`` counts the pages whose text came from OCR of their picture."""

    path: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    slides: bool = False
    warnings: list[str] = field(default_factory=list)
    ocr_pages: int = 0


@dataclass
class Section:
    """A heading with the blocks under it and its sub-sections."""

    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    level: int = 0
    role: str | None = None

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_blocks(self) -> list[Block]:
        out = list(self.blocks)
        for child in self.children:
            out.extend(child.all_blocks())
        return out


@dataclass
class Span:
    """A piece of report text (a cause, a measure, ...) with where it was found."""

    text: str
    source: SourceRef | None = None

    def __str__(self) -> str:
        return self.text


MeasureKind = Literal["temporary", "permanent", "preventive", "unspecified"]


@dataclass
class Measure(Span):
    kind: MeasureKind = "unspecified"


def span_for(role: str, text: str, source: SourceRef | None = None, kind: MeasureKind = "unspecified") -> Span:
    """A span of ``text`` in the type its role calls for: a Measure (with its kind) for a measure."""
    return Measure(text, source, kind=kind) if role == "measure" else Span(text, source)


@dataclass
class Case:
    """One complaint problem with the causes found and the measures taken for it."""

    problem: str
    causes: list[Span] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    effect: str | None = None
    effective: bool | None = None
    problem_alt: list[str] = field(default_factory=list)
    source: SourceRef | None = None
    fields: dict[str, str] = field(default_factory=dict)  # labelled details: 订单号, 数量, 机型 ...

    def rename(self, name: str) -> None:
        """Name the problem ``name``; the name it had becomes its first alternative."""
        self.problem, self.problem_alt = name, [self.problem, *self.problem_alt]

    def _repr_html_(self) -> str:
        from minerva.display import case_html

        return case_html(self)

    def to_dict(self) -> dict:
        out = {
            "problem": self.problem,
            "problem_alt": list(self.problem_alt),
            "causes": [c.text for c in self.causes],
            "measures": [m.text for m in self.measures],
            "effect": self.effect,
            "effective": self.effective,
            "provenance": {
                "problem": self.source.to_dict() if self.source else None,
                "causes": [c.source.to_dict() if c.source else None for c in self.causes],
                "measures": [m.source.to_dict() if m.source else None for m in self.measures],
                "measure_kinds": [m.kind for m in self.measures],
            },
        }
        if self.fields:
            out["fields"] = dict(self.fields)
        return out


@dataclass
class Report:
    """One rectification report: a file may hold several (a compilation)."""

    title: str | None
    org: str | None = None
    date: str | None = None
    cases: list[Case] = field(default_factory=list)
    source: SourceRef | None = None
    warnings: list[str] = field(default_factory=list)

    def _repr_html_(self) -> str:
        from minerva.display import report_html

        return report_html(self)

    def to_dict(self) -> dict:
        out = {
            "title": self.title,
            "org": self.org,
            "date": self.date,
            "cases": [c.to_dict() for c in self.cases],
            "source": self.source.to_dict() if self.source else None,
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out
