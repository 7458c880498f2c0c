"""The extraction stages in order: read -> simplified script -> lines -> reports -> cases (from
structure, or from clause roles when the structure names none or the clauses disagree with it;
rows that only point at another case's problem folded into it), with title, organisation and date."""

from __future__ import annotations

from pathlib import Path

from minerva.extractors import vocab
from minerva.extractors.answered_lists import read_by_answer
from minerva.extractors.attribution import attribute_causes
from minerva.extractors.clauses import clauses_of
from minerva.extractors.fields import only_assignment, says_nothing, without_assignment, without_label
from minerva.extractors.heading_names import name_by_labelled_complaint
from minerva.extractors.layout import lines_of, outline, split_reports
from minerva.extractors.limits import Limits
from minerva.extractors.meta import report_date
from minerva.extractors.naming import name_unnamed, plainly, title_problem, without_finding
from minerva.extractors.narrative import agrees, assemble, best_guess
from minerva.extractors.organisation import report_org
from minerva.extractors.pointers import fold_pointers
from minerva.extractors.records import build_cases
from minerva.extractors.registers import names_columns
from minerva.extractors.registry import read_document
from minerva.extractors.reread import move_done_to_measures
from minerva.extractors.roles import tag
from minerva.extractors.script import Restorer, simplify
from minerva.extractors.sectioned import read_by_part
from minerva.extractors.stated import add_stated_causes
from minerva.extractors.told_items import read_by_item
from minerva.extractors.turns import trim_causes
from minerva.extractors.verification import ruled_out, without_verdict
from minerva.model import Case, Document, Report, Section


def reports_of(doc: Document) -> list[Report]:
    """Every report in an already-read document; documents that report no complaint give [].

    Cases come from the document's structure (headings that name roles, forms, tables) where it
    has one, and otherwise from what its clauses say (``roles`` + ``narrative``).
    """
    doc, restore = simplify(doc)
    lines = lines_of(doc)
    out = []
    parts = split_reports(lines)
    cover = _cover(lines, parts)
    cover_org, cover_date = report_org(cover), report_date(cover)
    for part in parts:
        headline = part.headline
        if headline and any(w in headline for w in vocab.load("sections")["not_a_report"]):
            continue
        body = part.lines[1:] if part.title_line is part.lines[0] else part.lines
        cases = build_cases(body, headline)
        floor = _trust_floor(body)
        warnings = list(doc.warnings)
        if not cases or floor is not None:  # a named register is read by structure alone
            tagged = tag(clauses_of(body), len(body))
            if not cases or not agrees(cases, tagged, floor):
                told = assemble(tagged, headline)
                by_part = read_by_part(cases, tagged) if len(cases) >= 2 else None
                cases = by_part if by_part and len(told) < len(by_part) else told or cases
            else:
                move_done_to_measures(cases, tagged)
                add_stated_causes(cases, tagged)
            cases = read_by_item(body, tagged, cases) or cases
            cases = read_by_answer(body, tagged, cases) or cases
        if not cases:
            cases = assemble(tagged, headline, scale=_RELAXED) or best_guess(tagged, headline)
            if cases:
                warnings.append("no clause states a problem, cause or measure plainly: this case was read "
                                "from weaker signals and may be incomplete")
        if not cases:
            continue
        cases = fold_pointers(cases, body)
        trim_causes(cases)
        for case in cases:
            case.causes = [c for c in case.causes if not ruled_out(c.text)]
            for c in case.causes:
                c.text = without_verdict(c.text)
            case.measures = [m for m in case.measures if not only_assignment(m.text) and not says_nothing(m.text)]
            for m in case.measures:
                m.text = without_label(without_assignment(m.text))
        _name_from_title(cases, headline)
        _name_by_finding(cases)
        if name_unnamed(cases, headline):
            warnings.append("a case had no problem name in the text: it is named by what else was read for it")
        name_by_labelled_complaint(cases, body)
        attribute_causes(cases)
        source = part.title_line.block.source if part.title_line else (lines[0].block.source if lines else None)
        report = Report(title=part.title, org=report_org(part.lines) or cover_org,
                        date=report_date(part.lines) or cover_date,
                        cases=cases, source=source, warnings=warnings)
        out.append(_restored(report, restore) if restore else report)
    return out


# How far the clauses must agree with a structural reading for it to be kept: less where
# headings name the roles (原因分析, D4), more where the structure was only numbering and bold.
_TRUST_NAMED = 0.3
_TRUST_UNNAMED = 0.5
# How much less sure of a role the model may be when a report would otherwise give no case.
_RELAXED = 0.6


def _cover(lines: list, parts: list) -> list:
    """The lines before a file's first report (an organisation's name above the reports it
    compiles): where every report of the file finds its organisation and date if it names none."""
    if not parts or not parts[0].lines or parts[0].lines[0] is lines[0]:
        return []
    first = next(i for i, line in enumerate(lines) if line is parts[0].lines[0])
    return lines[:first]


def _trust_floor(lines) -> float | None:
    """How far the clauses must agree with the structural reading: not at all (None) for a register
    whose columns are named, a little where headings, labels or 8D steps name causes or measures,
    more where the structure was only numbering and bold lines."""
    if any(ln.block.kind == "table" and names_columns(ln.block.rows or []) for ln in lines):
        return None
    if any(ln.heading and ln.role in ("cause", "measure") for ln in lines):
        return _TRUST_NAMED
    return _TRUST_UNNAMED


def _name_from_title(cases: list[Case], title: str | None) -> None:
    """A case named after the report title (or a part of it) is named by the problem the title names."""
    for case in cases:
        if title and case.problem and case.problem in title:
            name = title_problem(case.problem)
            if name != case.problem:
                case.rename(name)


def _name_by_finding(cases: list[Case]) -> None:
    """Whoever read the case, a name that says who found the problem is named by what was found, and
    one filed under a number (议题一：, 批号…) by what it says; the name as written
    becomes an alternative. A register's row keeps its cell as logged
    (用户开箱发现X is the complaint as the ledger records it)."""
    for case in cases:
        if case.source is not None and case.source.row is not None:
            continue
        name = plainly(without_finding(case.problem))
        if name != case.problem:
            case.rename(name)


def _restored(report: Report, restore: Restorer) -> Report:
    """The report's text in the document's own characters (see ``script``)."""
    report.title, report.org = restore(report.title), restore(report.org)
    for case in report.cases:
        _restore_case(case, restore)
    return report


def _restore_case(case: Case, restore: Restorer) -> None:
    case.problem = restore(case.problem)
    case.problem_alt = [restore(p) for p in case.problem_alt]
    case.effect = restore(case.effect)
    for span in [*case.causes, *case.measures]:
        span.text = restore(span.text)


def extract(path: str | Path, limits: Limits | None = None) -> list[Report]:
    """Read one report file and return the reports it holds (raises ExtractionError).

    ``limits`` caps file size, pages, unpacked size and image pixels (default: the environment).
    """
    return reports_of(read_document(path, limits=limits))


def sections_of(path: str | Path) -> list[tuple[str | None, Section]]:
    """(report title, section tree) for each report in a file, for inspecting how it was read."""
    lines = lines_of(read_document(path))
    return [(part.title, outline(part.lines)) for part in split_reports(lines)]
