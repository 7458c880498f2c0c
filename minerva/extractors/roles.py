"""Clauses -> roles: whether a clause states the complaint problem, a cause, a measure or an
effect, read from what it says and where it stands.

The role of a clause is predicted by a multinomial logistic regression over

* its characters (1- to 3-grams, digits folded),
* cue words that say what a clause does (由于, 导致, 已, 加强, 此后未再 …; ``role_cues.json``),
  in the clause, at its start, in the clauses before and after it and in its sentence,
* its context: the role the heading above names, whether it is a heading, numbered, an
  enumeration item, first or last in its sentence, its table column header, where in the report.

The weights are data (``resources/role_model.json``), rebuilt from labelled clauses by
``scripts/train_roles.py``; nothing is pickled. Scoring needs no machine-learning library.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from minerva.extractors import vocab
from minerva.extractors.clauses import Clause
from minerva.model import SourceRef

ROLES = ("problem", "cause", "measure", "effect", "other")
_MODEL = Path(__file__).with_name("resources") / "role_model.json"
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Tagged:
    """A clause with its predicted role and the probability of each role."""

    clause: Clause
    role: str
    probs: dict[str, float]

    def p(self, role: str) -> float:
        return self.probs.get(role, 0.0)

    def told_as(self, role: str) -> Tagged:
        """The clause with the role the document itself gives it (a label before it, its place in a
        list), held for certain."""
        return replace(self, role=role, probs={role: 1.0})


def within(tagged: list[Tagged], start: int, end: int | None = None) -> list[Tagged]:
    """The clauses of lines ``start`` up to ``end`` (to the end when None)."""
    return [t for t in tagged if t.clause.line >= start and (end is None or t.clause.line < end)]


def _norm(text: str) -> str:
    return _DIGITS.sub("0", unicodedata.normalize("NFKC", text).lower())


@cache
def _cue_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per cue group: a pattern for its words anywhere, and one for its words at the start."""
    out = {}
    for group, words in vocab.load("role_cues").items():
        words = vocab.alternation(words)
        out[group] = (re.compile(words), re.compile(f"^.?(?:{words})"))
    return out


def cues(text: str) -> tuple[set[str], set[str]]:
    """Cue groups found in ``text`` and those it starts with."""
    found, lead = set(), set()
    for group, (anywhere, start) in _cue_patterns().items():
        if anywhere.search(text):
            found.add(group)
            if start.match(text):
                lead.add(group)
    return found, lead


def features(clauses: list[Clause], n_lines: int) -> list[list[str]]:
    """The feature names of every clause (see the module docstring)."""
    texts = [_norm(c.text) for c in clauses]
    cue_sets = [cues(t) for t in texts]
    by_sentence: dict[int, set[str]] = {}
    for c, (found, _) in zip(clauses, cue_sets):
        by_sentence.setdefault(c.sentence, set()).update(found)
    out = []
    for i, (c, text) in enumerate(zip(clauses, texts)):
        f = [f"g:{text[k:k + n]}" for n in (1, 2, 3) for k in range(len(text) - n + 1)]
        found, lead = cue_sets[i]
        f += [f"cue:{g}" for g in sorted(found)] + [f"lead:{g}" for g in sorted(lead)]
        f += [f"sent:{g}" for g in sorted(by_sentence[c.sentence] - found)]
        if i > 0:
            f += [f"prev:{g}" for g in sorted(cue_sets[i - 1][0])]
        if i + 1 < len(clauses):
            f += [f"next:{g}" for g in sorted(cue_sets[i + 1][0])]
        f.append(f"section:{c.section}")
        if c.heading:
            f.append("heading")
        if c.numbered:
            f.append("numbered")
        if c.item:
            f.append("item")
        f.append(f"first:{c.first}")
        f.append(f"last:{c.last}")
        if c.column:
            col = _norm(c.column)
            f += [f"col:{col[k:k + 2]}" for k in range(len(col) - 1)] or [f"col:{col}"]
        f.append(f"pos:{min(4, 5 * c.line // max(n_lines, 1))}")
        f.append(f"len:{min(len(text) // 8, 6)}")
        f.append("bias")
        out.append(f)
    return out


def context_features(first_pass: list[dict[str, float]], clauses: list[Clause]) -> list[list[str]]:
    """What the first pass read around each clause: the roles of its neighbours, of the rest of
    its sentence, and which roles the report states before and after it (a reply states the
    complaint before the measures)."""
    best = [max(p, key=p.get) for p in first_pass]
    out = []
    for i, c in enumerate(clauses):
        f = []
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(clauses):
                f.append(f"ctx{off}:{best[j]}")
                if first_pass[j][best[j]] >= 0.8:
                    f.append(f"ctx{off}:{best[j]}!")
        f += [f"insent:{best[j]}" for j in range(max(0, i - 6), min(len(clauses), i + 7))
              if j != i and clauses[j].sentence == c.sentence]
        f += [f"before:{r}" for r in sorted(set(best[:i]))] + [f"after:{r}" for r in sorted(set(best[i + 1:]))]
        f.append(f"self:{best[i]}")
        out.append(f)
    return out


def boundary_features(prev: Clause, clause: Clause, role: str) -> list[str]:
    """Features of the gap between two clauses of one role in one sentence: does ``clause``
    continue ``prev``'s span or start a new one (同时…, 二是…, a new subject, a new verb)?"""
    a, b = _norm(prev.text), _norm(clause.text)
    f = [f"role:{role}", f"l1:{b[:1]}", f"l2:{b[:2]}", f"l3:{b[:3]}", f"p1:{a[-1:]}", f"p2:{a[-2:]}",
         f"blen:{min(len(b) // 4, 8)}", f"alen:{min(len(a) // 4, 8)}", "bias"]
    found, lead = cues(b)
    f += [f"lead:{g}" for g in sorted(lead)] + [f"cue:{g}" for g in sorted(found)]
    f += [f"pcue:{g}" for g in sorted(cues(a)[0])]
    if clause.item:
        f.append("item")
    return f


@dataclass(eq=False)  # compared and hashed by identity: one model is one set of weights in force
class RoleModel:
    """Weights of the clause role model, as stored in ``role_model.json``; ``boundary`` weighs
    whether a clause starts a new span of its role (``boundary_features``)."""

    classes: tuple[str, ...]
    weights: dict[str, list[float]]
    intercept: list[float]
    boundary: dict[str, float]
    context: RoleModel | None = None

    @classmethod
    def from_dict(cls, data: dict) -> RoleModel:
        context = cls.from_dict(data["context"]) if data.get("context") else None
        return cls(tuple(data["classes"]), data["weights"], data["intercept"], data.get("boundary", {}), context)

    @classmethod
    def load(cls, path: str | Path) -> RoleModel:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def starts_span(self, prev: Clause, clause: Clause, role: str) -> bool:
        """Whether ``clause`` opens a new span rather than continuing ``prev``'s."""
        score = sum(self.boundary.get(name, 0.0) for name in boundary_features(prev, clause, role))
        return score > 0

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        scores = list(self.intercept)
        get = self.weights.get
        for w in filter(None, map(get, feats)):
            scores[0] += w[0]
            scores[1] += w[1]
            scores[2] += w[2]
            scores[3] += w[3]
            scores[4] += w[4]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}


@cache
def model() -> RoleModel:
    """The role model in force: ``role_model.json`` under ``MINERVA_RESOURCES`` if present, else bundled."""
    extra = os.environ.get("MINERVA_RESOURCES")
    if extra and (Path(extra) / _MODEL.name).exists():
        return RoleModel.load(Path(extra) / _MODEL.name)
    return RoleModel.load(_MODEL)


def read_alone(texts: Sequence[str], role_model: RoleModel | None = None, column: str = "",
               columns: int = 0) -> dict[str, float]:
    """The mean probability of each role over ``texts``, each read as a clause on its own (a group's
    items, a column's cells under the header ``column`` of a table ``columns`` wide)."""
    clauses = [Clause(text=t, source=SourceRef(file=""), line=i, sentence=i, first=True, last=True,
                      column=column, columns=columns) for i, t in enumerate(texts)]
    tagged = tag(clauses, len(clauses), role_model)
    return {role: sum(t.p(role) for t in tagged) / len(tagged) for role in ROLES}


def tag(clauses: list[Clause], n_lines: int, role_model: RoleModel | None = None) -> list[Tagged]:
    """Each clause with its most probable role."""
    m = role_model or model()
    feats = features(clauses, n_lines)
    probs = [m.probabilities(f) for f in feats]
    if m.context is not None:
        probs = [m.context.probabilities(f + g) for f, g in zip(feats, context_features(probs, clauses))]
    return [Tagged(c, max(p, key=p.get), p) for c, p in zip(clauses, probs)]
