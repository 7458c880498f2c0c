"""What the knowledge base holds: reports and cases as stored, with every file they came from.

These are the plain records that pass between the store, the graph and the recommender, so each
of those stages can be built and tested from hand-made records without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minerva.model import Case


@dataclass
class StoredCase:
    """A case with the report it belongs to (one report may sit in several files)."""

    id: int
    report_id: int
    report_title: str | None
    org: str | None
    date: str | None
    files: list[str]
    case: Case


def content_order(sc: StoredCase) -> tuple[str, int]:
    """Where a case sits: its report's first file by path, then its place in that file (ids rise in
    document order inside one file's transaction). Derived results built in this order do not
    depend on which files parallel workers finished first, which decides the ids across files."""
    return (sc.files[0] if sc.files else "", sc.id)


@dataclass
class StoredReport:
    """A report recognised by content: drafts, signed copies and re-scans share one ``key``."""

    id: int
    key: str
    title: str | None
    org: str | None
    date: str | None
    files: list[str]
    cases: list[StoredCase] = field(default_factory=list)


@dataclass(frozen=True)
class Failure:
    """A file that could not be read, and why (an ExtractionError reason)."""

    path: str
    reason: str
    message: str
