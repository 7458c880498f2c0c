"""From a new complaint to past cases like it, and to the measures that fixed them.

Retrieval ranks stored cases by BM25 on two signals: jieba words with synonyms mapped to one
form (so 快递 finds 物流), and character bigrams (so a word jieba splits wrongly still counts).
Suggestions are measure *concepts* from the graph, never five phrasings of one measure, scored
by how similar the cases holding them are, how many reports support them, and whether they
worked: measures reported ineffective are demoted and labelled so. Every suggestion carries
its evidence, so a user can open the report it came from.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from minerva.knowledge.bm25 import BM25
from minerva.knowledge.concepts import ConceptSet, concept_fivem1e, concepts_of
from minerva.knowledge.records import StoredCase
from minerva.knowledge.text import char_bigrams, tokens

# How far down the ranked cases suggestions are gathered from.
CASES_CONSIDERED = 12
# Weight of the character-bigram ranking beside the word ranking.
CHAR_WEIGHT = 0.6
# Multipliers by effect evidence: proven measures first, unproven next, failed ones last.
EFFECT_WEIGHT = {True: 1.0, None: 0.8, False: 0.35}
# Bonus per extra supporting report (log scale) and for being seen in several similar cases.
SUPPORT_BONUS = 0.08
AGREEMENT_BONUS = 0.25


@dataclass(frozen=True)
class Evidence:
    """One past case behind a suggestion, with where to find it."""

    report: str | None
    org: str | None
    date: str | None
    file: str | None
    page: int | None
    paragraph: int | None
    problem: str
    wording: str
    effective: bool | None
    similarity: float


@dataclass(frozen=True)
class CaseHit:
    """A past case similar to the complaint; ``score`` is relative to the best hit (0..1]."""

    case: StoredCase
    score: float


@dataclass(frozen=True)
class Suggestion:
    measure: str
    wordings: tuple[str, ...]
    score: float
    effective: bool | None
    effect_counts: dict
    kind: str
    support_reports: int
    causes: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        out = asdict(self)
        out["wordings"] = list(self.wordings)
        out["causes"] = list(self.causes)
        out["evidence"] = [asdict(e) for e in self.evidence]
        return out


@dataclass(frozen=True)
class LikelyCause:
    cause: str
    fivem1e: str
    score: float
    wordings: tuple[str, ...]


@dataclass
class Recommendation:
    """What ``suggest`` returns: measures best first, likely causes by 5M1E, the similar cases."""

    query: str
    suggestions: list[Suggestion] = field(default_factory=list)
    causes: list[LikelyCause] = field(default_factory=list)
    cases: list[CaseHit] = field(default_factory=list)

    def causes_by_5m1e(self) -> dict[str, list[LikelyCause]]:
        grouped: dict[str, list[LikelyCause]] = defaultdict(list)
        for cause in self.causes:
            grouped[cause.fivem1e].append(cause)
        return dict(grouped)

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "causes": [asdict(c) | {"wordings": list(c.wordings)} for c in self.causes],
        }


def case_text(sc: StoredCase) -> str:
    """What a complaint is matched against: the problem (twice, it matters most) and its causes."""
    case = sc.case
    parts = [case.problem, case.problem, *case.problem_alt, *(c.text for c in case.causes)]
    return "。".join(p for p in parts if p)


class Recommender:
    """Indexes stored cases once; ``similar`` and ``suggest`` then answer in milliseconds."""

    def __init__(self, cases: list[StoredCase], measures: ConceptSet | None = None,
                 causes: ConceptSet | None = None) -> None:
        self.cases = sorted(cases, key=lambda sc: sc.id)
        self._by_id = {sc.id: sc for sc in self.cases}
        self.measures = measures or concepts_of(self.cases, "measure")
        self.causes = causes or concepts_of(self.cases, "cause")
        texts = [case_text(sc) for sc in self.cases]
        self.words = BM25.build([tokens(t) for t in texts])
        self.chars = BM25.build([char_bigrams(t) for t in texts])
        self._effect = self._effect_evidence()
        self._kind = self._declared_kinds()

    def _effect_evidence(self) -> dict[int, dict]:
        """Per measure concept: how often it was reported effective, ineffective, not evaluated."""
        counts: dict[int, dict] = defaultdict(lambda: dict.fromkeys(("effective", "ineffective", "not_evaluated"), 0))
        seen: set[tuple[int, int]] = set()
        for sc in self.cases:
            for i in range(len(sc.case.measures)):
                concept = self.measures.of(sc.id, i).id
                if (concept, sc.report_id) in seen:
                    continue
                seen.add((concept, sc.report_id))
                key = {True: "effective", False: "ineffective", None: "not_evaluated"}[sc.case.effective]
                counts[concept][key] += 1
        return counts

    def _declared_kinds(self) -> dict[int, str]:
        """Per measure concept, the kind (temporary, permanent, preventive) most often declared."""
        votes: dict[int, list[str]] = defaultdict(list)
        for (case_id, i), concept in self.measures.assignment.items():
            votes[concept].append(self._by_id[case_id].case.measures[i].kind)
        out = {}
        for concept, kinds in votes.items():
            declared = [k for k in kinds if k != "unspecified"]
            out[concept] = max(sorted(set(declared)), key=declared.count) if declared else "unspecified"
        return out

    def similar(self, text: str, k: int = 10) -> list[CaseHit]:
        """The stored cases closest to ``text``, best first (one hit per report and problem)."""
        words = self.words.scores(tokens(text))
        chars = self.chars.scores(char_bigrams(text))
        top_w = max(words.values(), default=0.0) or 1.0
        top_c = max(chars.values(), default=0.0) or 1.0
        combined: dict[int, float] = defaultdict(float)
        for doc, score in words.items():
            combined[doc] += score / top_w
        for doc, score in chars.items():
            combined[doc] += CHAR_WEIGHT * score / top_c
        ranked = sorted(combined.items(), key=lambda item: (-item[1], item[0]))
        best = ranked[0][1] if ranked else 1.0
        return [CaseHit(self.cases[doc], score / best) for doc, score in ranked[:k]]

    def suggest(self, text: str, k: int = 5) -> Recommendation:
        """Measures for a new complaint, best first, each with its evidence."""
        hits = self.similar(text, CASES_CONSIDERED)
        rec = Recommendation(query=text, cases=hits[:10])
        scores: dict[int, list[float]] = defaultdict(list)
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        cause_of: dict[int, set[str]] = defaultdict(set)
        for hit in hits:
            sc = hit.case
            for i, measure in enumerate(sc.case.measures):
                concept = self.measures.of(sc.id, i).id
                if any(e.report == sc.report_title and e.problem == sc.case.problem for e in evidence[concept]):
                    continue
                scores[concept].append(hit.score)
                evidence[concept].append(_evidence(sc, measure, hit.score))
                cause_of[concept].update(c.text for c in sc.case.causes)
        ranked = []
        for concept_id, values in scores.items():
            concept = self.measures.concepts[concept_id]
            effect = self._effect[concept_id]
            verdict = _verdict(effect)
            score = max(values) + AGREEMENT_BONUS * (sum(values) - max(values))
            score *= 1 + SUPPORT_BONUS * math.log1p(concept.support_reports - 1)
            score *= EFFECT_WEIGHT[verdict]
            ranked.append((score, concept_id, verdict, effect))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        for score, concept_id, verdict, effect in ranked[:k]:
            concept = self.measures.concepts[concept_id]
            rec.suggestions.append(Suggestion(
                measure=concept.label, wordings=concept.texts, score=round(score, 4), effective=verdict,
                effect_counts=dict(effect), kind=self._kind.get(concept_id, "unspecified"),
                support_reports=concept.support_reports,
                causes=tuple(sorted(cause_of[concept_id])), evidence=tuple(evidence[concept_id])))
        rec.causes = self._likely_causes(hits)
        return rec

    def _likely_causes(self, hits: list[CaseHit]) -> list[LikelyCause]:
        """Causes found in the similar cases, one per cause concept, in the wording of the most
        similar case that names it (a concept's own label may come from another industry)."""
        best: dict[int, tuple[float, str]] = {}
        for hit in hits:
            for j, cause in enumerate(hit.case.case.causes):
                concept = self.causes.of(hit.case.id, j).id
                if concept not in best or hit.score > best[concept][0]:
                    best[concept] = (hit.score, cause.text)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:8]
        out = []
        for concept_id, (score, wording) in ranked:
            concept = self.causes.concepts[concept_id]
            out.append(LikelyCause(wording, concept_fivem1e(concept), round(score, 4), concept.texts))
        return out


def _verdict(effect: dict) -> bool | None:
    """Proven when reported effective more often than not; failed when reported ineffective more."""
    if effect["ineffective"] > effect["effective"]:
        return False
    if effect["effective"]:
        return True
    return None


def _evidence(sc: StoredCase, measure, similarity: float) -> Evidence:
    source = measure.source
    return Evidence(
        report=sc.report_title, org=sc.org, date=sc.date,
        file=(source.file if source else None) or (sc.files[0] if sc.files else None),
        page=source.page if source else None, paragraph=source.paragraph if source else None,
        problem=sc.case.problem, wording=measure.text, effective=sc.case.effective,
        similarity=round(similarity, 4))
