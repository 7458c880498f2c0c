"""Spans a structural case files as causes that its clauses, read in context, say were done.

A label that names a cause in running text (原因是…) makes the structural walk file the rest of the
paragraph under causes, though the paragraph goes on to what was done (…Excel无法自动识别。该问题已
在3月5日的修复版本中修复，并将兼容性检查加入回归测试). When the structural reading is kept, a cause
span whose every clause the role model reads surely as a measure, and hardly as a cause, is moved
to the case's measures.
"""

from __future__ import annotations

from minerva.evaluate import normalise
from minerva.extractors.roles import Tagged
from minerva.model import Case, Measure

# How surely each clause of a cause span must read as a measure, and how little as a cause.
SURE = 0.8
DOUBT = 0.1


def move_done_to_measures(cases: list[Case], tagged: list[Tagged]) -> int:
    """Move each case's cause spans that read as what was done to its measures; how many moved."""
    clauses = [(normalise(t.clause.text), t) for t in tagged]
    clauses = [(text, t) for text, t in clauses if len(text) >= 2]
    moved = 0
    for case in cases:
        kept = []
        for span in case.causes:
            text = normalise(span.text)
            inside = [t for c, t in clauses if c in text]
            if inside and all(t.p("measure") >= SURE and t.p("cause") <= DOUBT for t in inside):
                case.measures.append(Measure(span.text, span.source))
                moved += 1
            else:
                kept.append(span)
        case.causes = kept
    return moved
