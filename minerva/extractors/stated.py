"""Causes a case's own paragraph states that the structural reading left out.

A complaint told as one paragraph under its label (投诉1：保养后机油渗漏。…经检查为机油滤清器密封圈未
更换…已免费为客户更换机滤) is read by structure: the label names the problem, cue words find the
measures. A cause stated without a cue word is missed there, though the clause model reads it
plainly. Those clauses, inside the paragraph that names the case, are added to its causes.
"""

from __future__ import annotations

from minerva.extractors.narrative import pieces
from minerva.extractors.roles import Tagged
from minerva.extractors.similarity import overlap
from minerva.model import Case, Span

# How plainly the clause model must read a span as a cause before it is added to a structural case.
PLAIN = 0.7
# How much of an existing cause or the problem a span may share and still be a cause of its own.
SAME = 0.5


def add_stated_causes(cases: list[Case], tagged: list[Tagged]) -> None:
    """Add to each case the plain cause spans of the paragraph its problem was named in (only a
    paragraph that names one case, and only spans no case holds yet)."""
    causes = [p for p in pieces(tagged) if p.role == "cause" and sum(p.probs) / len(p.probs) >= PLAIN]
    held = [c.text for case in cases for c in case.causes]
    for case in cases:
        # the one complaint of a letter, named by its title, that no heading gave a cause: the
        # causes its paragraphs state plainly are its own, wherever they stand
        anywhere = len(cases) == 1 and not case.causes
        if not anywhere and (case.source is None or case.source.paragraph is None):
            continue
        if sum(other.source == case.source for other in cases) > 1:
            continue
        for piece in causes:
            known = [case.problem, *held]
            if (anywhere or piece.source == case.source) and all(overlap(piece.text, t) < SAME and piece.text not in t
                                                   for t in known):
                case.causes.append(Span(piece.text, piece.source))
                held.append(piece.text)
