"""Groups under labels no vocabulary knows take the role of what they say.

A report's sections are named in the writer's words. 原因： is known; 处理与改善：, 决议： or
闭环动作： may not be, and until now such a label was read as a sub-group of the section above it,
so an e-mail's 原因： swallowed the actions listed under 处理与改善：. Here each group opened by
a label that names no role is read by the role model, its items as standalone clauses, and takes
another role when the model reads that role in its items, on average, well above the role it was
given. Groups under a label the vocabulary does know keep their role: the writer
named it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from minerva.extractors.roles import read_alone
from minerva.model import Span, span_for

RELABELLED_ROLES = ("cause", "measure", "effect")
# Read alone, out of its section, a clause often reads as nothing in particular (problem or other):
# what counts is how the roles compare. The role read must average at least SURE over the group's
# items and LEAD times the role the group was given.
SURE = 0.15
LEAD = 3.0


class Group(Protocol):
    """What is read of a record builder's group: its role, items, measure kind, problem, and
    whether a label that names no role opened it."""

    role: str
    spans: list[Span]
    kind: str
    problem: int | None
    unnamed: bool


def role_read(texts: Sequence[str]) -> dict[str, float]:
    """The mean probability of each role the model reads in ``texts``, each read on its own."""
    read = read_alone(texts)
    return {role: read[role] for role in RELABELLED_ROLES}


def relabel(groups: Sequence[Group]) -> int:
    """Give a group opened by an unknown label the role its items read as, when the label stands
    where a new section would: straight after a group of the same problem and role that a known
    label opened (原因： then 处理与改善：), or as the first section-level group after the problems'
    own (三、目前情况 after 投诉一/二/三). A run of unknown labels (问题A：, 问题B： inside a cause
    section) names topics, not roles, and keeps its role. Only a role as late as any seen before is
    taken (cause, then measure, then effect), the order reports are written in: an unknown label
    after the measures does not go back to causes. Returns how many groups changed."""
    changed = 0
    previous = None
    latest = 0
    for group in groups:
        if not group.spans:
            continue
        if group.unnamed and group.role in RELABELLED_ROLES and previous is not None and (
                (not previous.unnamed and previous.role == group.role and previous.problem == group.problem)
                or (group.problem is None and previous.problem is not None)):
            read = role_read([s.text for s in group.spans])
            later = RELABELLED_ROLES[max(latest, RELABELLED_ROLES.index(group.role)):]
            best = max(later, key=read.get)
            if best != group.role and read[best] >= SURE and read[best] >= LEAD * read[group.role]:
                group.spans = [span_for(best, s.text, s.source, group.kind) for s in group.spans]
                group.role = best
                changed += 1
        if group.role in RELABELLED_ROLES:
            latest = max(latest, RELABELLED_ROLES.index(group.role))
        previous = group
    return changed
