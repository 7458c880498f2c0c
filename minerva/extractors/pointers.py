"""Rows that point at a problem stated elsewhere in the report.

A report often states its problems once (a problem table, a list, a heading each) and then gives a
table of measures with a column saying which problem each row answers: 对应问题 | 整改措施 | 责任人,
filled with the problem's code (Q1, 1), a short form of its name (饭菜异物 for 第二餐厅饭菜中出现异物)
or a word for all of them (共性问题, 以上全部问题, Q1、Q2、Q3). A part named 共性措施 or 共性整改, row or
heading, gives its measures to every problem. Read row by row, such a table gives
one "case" per row, named by the pointer. Here each such row gives its measures to the problems it
points at and is no case of its own. Rows of a register are complaints in their own right: a row
only points when the problem it names was stated outside its table and it states no cause, or its
table gives a row per cause of each problem (rows sharing a name).
"""

from __future__ import annotations

import re
from functools import cache

from minerva.evaluate import normalise
from minerva.extractors import vocab
from minerva.extractors.layout import Line, role_of
from minerva.extractors.markers import references
from minerva.extractors.similarity import bigrams
from minerva.model import Case

# Share of a pointer's character bigrams the problem it points at must hold (饭菜异物 -> 第二餐厅饭菜中
# 出现异物 holds 饭菜 and 异物 of 饭菜 菜异 异物).
POINTER_OVERLAP = 0.6
# A pointer is a short form: at most this many characters once normalised.
POINTER_CHARS = 12
_CODE = re.compile(r"^(?:[A-Za-z]{0,3}[-.]?\d{1,3}|问题[\d一二三四五六七八九十]{1,3}|[\d一二三四五六七八九十]{1,2})$")


def fold_pointers(cases: list[Case], lines: list[Line]) -> list[Case]:
    """``cases`` without the rows that only point at other cases, whose measures and effect go to
    the cases they point at."""
    repeated = _repeated(cases)
    codes = _codes(cases, lines, repeated)
    targets = [c for c in cases if not _could_point(c, repeated) and not _for_all(c)]
    if not targets:
        return cases
    out = []
    for case in cases:
        if _for_all(case):
            pointed = targets
        else:
            pointed = _pointed(case, targets, codes) if _could_point(case, repeated) else None
        if not pointed:
            out.append(case)
            continue
        for target in pointed:
            _give(case, target)
    return out


def _could_point(case: Case, repeated: set[int]) -> bool:
    """A table row named by a short text that states no cause, or that shares its name with other
    rows of its table (问题 | 原因类别 | 根本原因, a row per cause of each problem): it may only point
    at a problem."""
    return (case.source is not None and case.source.row is not None
            and (not case.causes or id(case) in repeated) and len(normalise(case.problem)) <= POINTER_CHARS)


def _repeated(cases: list[Case]) -> set[int]:
    """The table-row cases whose table has another row of the same name."""
    seen: dict[tuple, list[Case]] = {}
    for case in cases:
        if case.source is not None and case.source.row is not None:
            seen.setdefault((case.source.file, case.source.table, normalise(case.problem)), []).append(case)
    return {id(c) for rows in seen.values() if len(rows) > 1 for c in rows}


def _for_all(case: Case) -> bool:
    """A part of the report, row or heading, that gives measures common to every problem (共性措施,
    共性整改): named by a word for all of them, alone or before a word for measures."""
    if case.causes:
        return False
    text = normalise(case.problem)
    role, qualifier = role_of(text)
    return text in _all_words() or (role == "measure" and qualifier in _all_words())


def _pointed(case: Case, targets: list[Case], codes: dict[str, Case]) -> list[Case]:
    text = case.problem.strip()
    if text in _all_words():
        return targets
    parts = references(text)
    if parts and all(p in codes for p in parts):
        return list({id(codes[p]): codes[p] for p in parts}.values())
    own = bigrams(normalise(text))
    if not own:
        return []
    elsewhere = [t for t in targets if t.source is None or t.source.table != case.source.table]
    scored = [(len(own & bigrams(normalise(t.problem))) / len(own), t) for t in elsewhere]
    best = max((s for s, _ in scored), default=0.0)
    chosen = [t for s, t in scored if s == best]
    return chosen if best >= POINTER_OVERLAP and len(chosen) == 1 else []


def _codes(cases: list[Case], lines: list[Line], repeated: set[int]) -> dict[str, Case]:
    """The code each table-row case carries in its row (Q1 | 处方药未经审方即发货 | …; 1 | …)."""
    by_index = {ln.block.source.table: ln.block.rows for ln in lines
                if ln.block.kind == "table" and ln.block.rows and ln.block.source.table is not None}
    out: dict[str, Case] = {}
    for case in cases:
        src = case.source
        if src is None or src.row is None or _could_point(case, repeated):
            continue
        rows = by_index.get(src.table)
        if not rows or src.row >= len(rows):
            continue
        for cell in rows[src.row]:  # 序号 1 and 编号 Q1 may both name the row
            if _CODE.match(cell.strip()):
                out.setdefault(cell.strip(), case)
    return out


def _give(pointer: Case, target: Case) -> None:
    """The pointing row's causes and measures (those the target does not hold yet) and effect to
    the target."""
    for held, given in ((target.causes, pointer.causes), (target.measures, pointer.measures)):
        texts = {normalise(x.text) for x in held}
        held.extend(x for x in given if normalise(x.text) not in texts)
    if pointer.effect and not target.effect:
        target.effect, target.effective = pointer.effect, pointer.effective


@cache
def _all_words() -> frozenset[str]:
    return frozenset(vocab.load("problem_names")["all_problems"])
