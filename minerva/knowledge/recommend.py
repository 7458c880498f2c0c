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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from minerva.knowledge.addressing import answered_cause
from minerva.knowledge.concepts import ConceptSet
from minerva.knowledge.index import QueryAnalyzer, SearchIndex
from minerva.knowledge.records import StoredCase
from minerva.knowledge.semantic import CaseVectors

# How far down the ranked cases suggestions are gathered from.
CASES_CONSIDERED = 12
# Weight of the character-bigram ranking beside the word ranking.
CHAR_WEIGHT = 0.6
# Multipliers by effect evidence: proven measures first, unproven next, failed ones last.
EFFECT_WEIGHT = {True: 1.0, None: 0.8, False: 0.35}
# A measure counts its case's similarity (relative to the closest case) squared: ranked cases sit
# close together (meaning is rescaled over the 30 nearest), so a second case's proven measures
# outranked the closest case's unevaluated ones, and a good top five held two reports' halves.
# Chosen on the looked-at complaint sets (dev queries, queries_dev2): squared, no Hit@5 fell and
# Recall@5 rose on each; a higher power lost dev queries. See the README for the blind figures.
CASE_SHARPNESS = 2
# Bonus per extra supporting report (log scale) and for being seen in several similar cases.
SUPPORT_BONUS = 0.08
AGREEMENT_BONUS = 0.25
# Likely causes come only from cases at least this similar to the complaint, relative to the best.
CAUSE_MIN_SIMILARITY = 0.5
# Below this closeness (see Recommender.closeness) nothing in the base is like the complaint and
# suggest says so instead of listing unrelated measures. Chosen on the dev queries (none of them
# abstains); on the first blind fresh complaints it abstains on 60 % of those no report answers and
# on 1 % of answerable ones (words alone: 52 %, 3.5 %).
ABSTAIN_BELOW = 0.019
# With the semantic extra, closeness also counts how near in meaning the nearest case is: each 0.01
# of its cosine above MEANING_PIVOT multiplies the words' closeness by e^0.2 (a case worded apart
# but meaning the same gets closer, one sharing stray words with an unrelated complaint farther).
# The ratio of the two weights of a logistic regression on the dev queries and the development
# no-answer complaints (ln closeness, cosine); the pivot puts every dev query above ABSTAIN_BELOW.
# Blind fresh complaints (both sets, 130 answerable, 45 not): 5 and 24 abstain, against 8 and 23
# with words alone.
MEANING_WEIGHT = 20.0
MEANING_PIVOT = 0.91
# With the semantic extra: how much the meaning of a case counts beside its words, and over how
# many of the closest cases its similarity is rescaled (the closest scores 1, the last 0).
# Chosen on the dev queries; see the README for the figures on the blind fresh complaints.
SEMANTIC_WEIGHT = 0.6
SEMANTIC_SPREAD = 30


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
class Relapsed:
    """An organisation declared the measure effective, and the cause it answered came back."""

    org: str | None
    effective_date: str
    recurred_date: str
    cause: str


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
    addresses: str | None = None
    relapsed: tuple[Relapsed, ...] = ()  # where it was declared effective and its cause came back

    def to_dict(self) -> dict:
        out = asdict(self)
        out["wordings"] = list(self.wordings)
        out["causes"] = list(self.causes)
        out["evidence"] = [asdict(e) for e in self.evidence]
        out["relapsed"] = [asdict(r) for r in self.relapsed]
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
    closeness: float = 0.0   # how like the complaint the closest stored case is (see ABSTAIN_BELOW)
    reason: str | None = None  # why there are no suggestions, when there are none
    ranked_by: tuple[str, ...] = ("words",)  # ("words", "meaning") with the semantic extra

    def _repr_html_(self) -> str:
        from minerva.display import recommendation_html

        return recommendation_html(self)

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
            "closeness": round(self.closeness, 4),
            "reason": self.reason,
            "ranked_by": list(self.ranked_by),
        }


class Recommender:
    """Answers ``similar`` and ``suggest`` from a :class:`SearchIndex` in milliseconds.

    Built from stored cases (the index is made on the spot) or from a cached index plus a
    ``loader`` that fetches the few stored cases a result shows as evidence.
    """

    def __init__(self, cases: list[StoredCase] | None = None, measures: ConceptSet | None = None,
                 causes: ConceptSet | None = None, *, index: SearchIndex | None = None,
                 loader: Callable[[list[int]], list[StoredCase]] | None = None,
                 vectors: CaseVectors | None = None) -> None:
        if index is None:
            index = SearchIndex.build(cases or [], measures, causes)
            by_id = {sc.id: sc for sc in cases or []}
            loader = loader or (lambda ids: [by_id[i] for i in ids])
        if loader is None:
            raise ValueError("a cached index needs a loader for the cases it shows")
        self.index = index
        self.vectors = vectors if vectors is not None and len(vectors.matrix) == len(index.case_ids) else None
        self._load = loader
        self._doc = {case_id: doc for doc, case_id in enumerate(index.case_ids)}
        self._query = QueryAnalyzer(index.vocabulary())

    def words_only(self) -> Recommender:
        """The same base ranked by words alone (what the semantic extra adds is measured against it)."""
        return Recommender(index=self.index, loader=self._load)

    def _bigrams(self, text: str) -> list[str]:
        """Character bigrams in the index's canonical words, cut without jieba (see QueryAnalyzer)."""
        return self._query.analyze(text)[1]

    def _scores(self, text: str) -> tuple[np.ndarray, float]:
        """Every stored case's combined score for ``text``, and how close the closest one is: its
        character-bigram BM25 score over the most the complaint's bigrams could score (each held
        by that case alone), comparable across complaints of any length and bases of any size;
        with the semantic extra, scaled by how near in meaning the nearest case is
        (``MEANING_WEIGHT``)."""
        words, bigrams = self._query.analyze(text)
        by_word = self.index.words.score_array(words)
        by_char = self.index.chars.score_array(bigrams)
        best_char = by_char.max(initial=0.0)
        combined = by_word / (by_word.max(initial=0.0) or 1.0) + CHAR_WEIGHT * by_char / (best_char or 1.0)
        closeness = float(best_char) / (max(len(bigrams), 1) * self.index.chars.ceiling())
        if self.vectors is not None and combined.size:
            similarity = self.vectors.similarity(text)
            combined = combined + SEMANTIC_WEIGHT * (combined.max() or 1.0) * _rescaled(similarity)
            closeness = min(1.0, closeness * math.exp(MEANING_WEIGHT * (float(similarity.max()) - MEANING_PIVOT)))
        return combined, closeness

    @staticmethod
    def _ranked(combined: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not combined.size or combined.max() <= 0:
            return []
        k = min(k, int((combined > 0).sum()))
        top = np.argpartition(-combined, k - 1)[:k]
        ranked = sorted(((int(doc), float(combined[doc])) for doc in top), key=lambda item: (-item[1], item[0]))
        best = ranked[0][1]
        return [(doc, score / best) for doc, score in ranked]

    def _hits(self, combined: np.ndarray, k: int) -> list[CaseHit]:
        ranked = self._ranked(combined, k)
        cases = self._load([self.index.case_ids[doc] for doc, _ in ranked])
        return [CaseHit(sc, score) for sc, (_, score) in zip(cases, ranked)]

    def similar(self, text: str, k: int = 10) -> list[CaseHit]:
        """The stored cases closest to ``text``, best first."""
        return self._hits(self._scores(text)[0], k)

    def closeness(self, text: str) -> float:
        """How like ``text`` the closest stored case is, from 0 to 1 (see ``_scores``)."""
        return self._scores(text)[1]

    def suggest(self, text: str, k: int = 5, min_closeness: float = ABSTAIN_BELOW) -> Recommendation:
        """Measures for a new complaint, best first, each with its evidence; none, with the reason,
        when no stored case is at least ``min_closeness`` close to it (a higher bar abstains on
        more complaints the base cannot answer, and on more it can; see the README)."""
        combined, closeness = self._scores(text)
        hits = self._hits(combined, CASES_CONSIDERED)
        rec = Recommendation(query=text, cases=hits[:10], closeness=closeness,
                             ranked_by=("words", "meaning") if self.vectors is not None else ("words",))
        if not hits or rec.closeness < min_closeness:
            rec.reason = (f"no past case is close to this complaint (closeness {rec.closeness:.3f}, "
                          f"below {min_closeness})" if hits else "the knowledge base holds no similar case")
            return rec
        scores: dict[int, list[float]] = defaultdict(list)
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        case_causes: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for hit in hits:
            sc = hit.case
            concepts = self.index.measure_concepts[self._doc[sc.id]]
            for measure, concept in zip(sc.case.measures, concepts):
                if any(e.report == sc.report_title and e.problem == sc.case.problem for e in evidence[concept]):
                    continue
                scores[concept].append(hit.score ** CASE_SHARPNESS)
                evidence[concept].append(_evidence(sc, measure, hit.score))
                case_causes[concept].append(tuple(c.text for c in sc.case.causes))
        ranked = []
        for concept, values in scores.items():
            record = self.index.measures[concept]
            verdict = _verdict(record["effect"])
            score = max(values) + AGREEMENT_BONUS * (sum(values) - max(values))
            score *= 1 + SUPPORT_BONUS * math.log1p(record["support_reports"] - 1)
            score *= EFFECT_WEIGHT[verdict]
            ranked.append((score, concept, verdict))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        for score, concept, verdict in ranked[:k]:
            record = self.index.measures[concept]
            closest = evidence[concept][0].wording
            rec.suggestions.append(Suggestion(
                measure=closest, wordings=tuple(dict.fromkeys([closest, *record["texts"]])), score=round(score, 4),
                effective=verdict, effect_counts=dict(record["effect"]), kind=record["kind"],
                support_reports=record["support_reports"],
                causes=tuple(sorted({c for causes in case_causes[concept] for c in causes})),
                evidence=tuple(evidence[concept]), addresses=addressed_cause(
                    [(e.wording, causes) for e, causes in zip(evidence[concept], case_causes[concept])],
                    self._bigrams),
                relapsed=tuple(Relapsed(**r) for r in record.get("relapsed", []))))
        rec.causes = self._likely_causes(hits)
        return rec

    def _likely_causes(self, hits: list[CaseHit]) -> list[LikelyCause]:
        """Causes found in the similar cases, one per cause concept, in the wording of the most
        similar case that names it (a concept's own label may come from another industry). Only
        cases close to the best hit count: a far case's causes belong to another problem."""
        best: dict[int, tuple[float, str]] = {}
        for hit in hits:
            if hit.score < CAUSE_MIN_SIMILARITY:
                continue
            concepts = self.index.cause_concepts[self._doc[hit.case.id]]
            for cause, concept in zip(hit.case.case.causes, concepts):
                if concept not in best or hit.score > best[concept][0]:
                    best[concept] = (hit.score, cause.text)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:8]
        out = []
        for concept, (score, wording) in ranked:
            record = self.index.causes[concept]
            out.append(LikelyCause(wording, record["fivem1e"], round(score, 4), tuple(record["texts"])))
        return out


def _rescaled(similarity: np.ndarray) -> np.ndarray:
    """Cosine similarities mapped so that the closest case scores 1 and the SEMANTIC_SPREAD-th 0:
    an encoder's raw cosines sit in a narrow band whose level says little."""
    spread = min(SEMANTIC_SPREAD, similarity.size)
    floor = np.partition(similarity, similarity.size - spread)[similarity.size - spread]
    top = similarity.max()
    return np.clip((similarity - floor) / (top - floor), 0.0, None) if top > floor else np.zeros_like(similarity)


def addressed_cause(cases: list[tuple[str, tuple[str, ...]]],
                    bigrams: Callable[[str], list[str]]) -> str | None:
    """The cause a measure answers, from the cases that took it (each: the measure's wording there
    and the case's causes), closest case first: in the first case where one does, the cause that
    shares most of the measure's words (``addressing.answered_cause``); else the closest case's
    only cause; None when no cause can be told. ``bigrams`` cuts text into the character bigrams
    compared."""
    for wording, causes in cases:
        found = answered_cause(wording, causes, bigrams)
        if found is not None:
            return causes[found]
    if cases and len(cases[0][1]) == 1:
        return cases[0][1][0]
    return None


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
