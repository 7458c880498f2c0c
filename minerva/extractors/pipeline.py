"""The extraction stages in order: read -> lines -> reports -> cases, with title/org/date."""

from __future__ import annotations

from pathlib import Path

from minerva.extractors import vocab
from minerva.extractors.layout import lines_of, outline, split_reports
from minerva.extractors.limits import Limits
from minerva.extractors.meta import report_date, report_org
from minerva.extractors.records import build_cases
from minerva.extractors.registry import read_document
from minerva.model import Document, Report, Section


def reports_of(doc: Document) -> list[Report]:
    """Every report in an already-read document; documents that report no complaint give []."""
    lines = lines_of(doc)
    out = []
    for part in split_reports(lines):
        if part.title and any(w in part.title for w in vocab.load("sections")["not_a_report"]):
            continue
        body = part.lines[1:] if part.title_line is part.lines[0] else part.lines
        cases = build_cases(body, part.title)
        if not cases:
            continue
        source = part.title_line.block.source if part.title_line else (lines[0].block.source if lines else None)
        out.append(Report(title=part.title, org=report_org(part.lines), date=report_date(part.lines),
                          cases=cases, source=source, warnings=list(doc.warnings)))
    return out


def extract(path: str | Path, limits: Limits | None = None) -> list[Report]:
    """Read one report file and return the reports it holds (raises ExtractionError).

    ``limits`` caps file size, pages, unpacked size and image pixels (default: the environment).
    """
    return reports_of(read_document(path, limits=limits))


def sections_of(path: str | Path) -> list[tuple[str | None, Section]]:
    """(report title, section tree) for each report in a file, for inspecting how it was read."""
    lines = lines_of(read_document(path))
    return [(part.title, outline(part.lines)) for part in split_reports(lines)]
