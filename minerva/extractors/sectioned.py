"""Structure gives the cases, clauses give their roles.

A report that marks each complaint (问题一：…, 投诉2：…, a heading per complaint) but says what it
found and did under them in prose, or under labels its structure misreads, is read one complaint
at a time: the structural reading says where each complaint's part begins, and the role model
reads the causes, measures and effects inside that part. Reading such a report as one narrative
instead loses the boundaries its writer drew between the complaints.
"""

from __future__ import annotations

from minerva.evaluate import normalise, similarity
from minerva.extractors.narrative import read_into
from minerva.extractors.roles import Tagged, within
from minerva.model import Case


def read_by_part(cases: list[Case], tagged: list[Tagged]) -> list[Case] | None:
    """The structural ``cases`` with causes, measures and effects read from the clauses of each
    one's part; None when the cases cannot all be found, in order, among the clauses."""
    starts = [_start(case, tagged) for case in cases]
    if None in starts or starts != sorted(starts) or len(set(starts)) < len(starts):
        return None
    out = []
    for case, start, end in zip(cases, starts, [*starts[1:], None]):
        part = [_as_labelled(t) for t in within(tagged, start, end)]
        read = Case(problem=case.problem, problem_alt=list(case.problem_alt), source=case.source,
                    fields=dict(case.fields))
        read_into(read, part)
        out.append(read)
    return out if any(c.causes or c.measures for c in out) else None


def _as_labelled(t: Tagged) -> Tagged:
    """A clause whose own line opens with a label naming its role (原因：外机冷媒泄漏) has that role:
    the writer said so, however short and plain the clause."""
    if t.clause.labelled and t.clause.section in ("cause", "measure", "effect"):
        return t.told_as(t.clause.section)
    return t


def _start(case: Case, tagged: list[Tagged]) -> int | None:
    """The line that states the case's problem: the first clause from the case's source that is
    part of its problem statement."""
    names = [normalise(n) for n in (case.problem, *case.problem_alt) if n]
    for t in tagged:
        text = normalise(t.clause.text)
        if t.clause.source == case.source and text and any(text in n or similarity(text, n) >= 0.6 for n in names):
            return t.clause.line
    return None
