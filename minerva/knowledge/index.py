"""The search index behind ``similar`` and ``suggest``, built once and cached in the store.

Building it means segmenting every case with jieba and clustering every cause and measure into
concepts: seconds for a large archive. So the index is kept as JSON in the store, keyed by the
store's content stamp and the lexicon in force, and an unchanged base opens by loading it.
Queries are segmented without jieba, by longest match against the index's own vocabulary and
the synonym table (:class:`QueryAnalyzer`), so a fresh process answers without loading jieba's
dictionary.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from minerva.knowledge.bm25 import BM25
from minerva.knowledge.concepts import ConceptSet, concept_fivem1e, concepts_of
from minerva.knowledge.records import StoredCase, content_order
from minerva.knowledge.text import BUNDLED, Lexicon, default_analyzer, normalize

INDEX_VERSION = "2"
EFFECT_KEYS = {True: "effective", False: "ineffective", None: "not_evaluated"}
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+")
_HAS_DIGIT = re.compile(r"\d")


def case_text(sc: StoredCase) -> str:
    """What a complaint is matched against: the problem (twice, it matters most) and its causes."""
    case = sc.case
    parts = [case.problem, case.problem, *case.problem_alt, *(c.text for c in case.causes)]
    return "。".join(p for p in parts if p)


@dataclass
class SearchIndex:
    """Per case: its ids and concept ids; two BM25 indices; the concepts' labels and evidence."""

    case_ids: list[int]
    report_ids: list[int]
    measure_concepts: list[list[int]]
    cause_concepts: list[list[int]]
    words: BM25
    chars: BM25
    measures: list[dict]
    causes: list[dict]

    @classmethod
    def build(cls, cases: list[StoredCase], measures: ConceptSet | None = None,
              causes: ConceptSet | None = None, relapses: dict[int, list[dict]] | None = None) -> SearchIndex:
        """``relapses``: per measure concept, where the cause it answered came back after it was
        declared effective (``graph.relapses_by_kind``)."""
        ordered = sorted(cases, key=content_order)
        measures = measures or concepts_of(ordered, "measure")
        causes = causes or concepts_of(ordered, "cause")
        analyzer = default_analyzer()
        texts = [case_text(sc) for sc in ordered]
        return cls(
            case_ids=[sc.id for sc in ordered],
            report_ids=[sc.report_id for sc in ordered],
            measure_concepts=[[measures.of(sc.id, i).id for i in range(len(sc.case.measures))] for sc in ordered],
            cause_concepts=[[causes.of(sc.id, i).id for i in range(len(sc.case.causes))] for sc in ordered],
            words=BM25.build([analyzer.tokens(t) for t in texts]),
            chars=BM25.build([analyzer.bigrams(t) for t in texts]),
            measures=_measure_records(ordered, measures, relapses or {}),
            causes=[{"label": c.label, "texts": list(c.texts), "fivem1e": concept_fivem1e(c)}
                    for c in causes.concepts],
        )

    def to_json(self) -> str:
        return json.dumps({
            "version": INDEX_VERSION, "case_ids": self.case_ids, "report_ids": self.report_ids,
            "measure_concepts": self.measure_concepts, "cause_concepts": self.cause_concepts,
            "words": _bm25_dump(self.words), "chars": _bm25_dump(self.chars),
            "measures": self.measures, "causes": self.causes,
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SearchIndex | None:
        data = json.loads(text)
        if data.get("version") != INDEX_VERSION:
            return None
        return cls(data["case_ids"], data["report_ids"], data["measure_concepts"], data["cause_concepts"],
                   _bm25_load(data["words"]), _bm25_load(data["chars"]), data["measures"], data["causes"])

    def vocabulary(self) -> set[str]:
        return set(self.words.postings)


def lexicon_stamp() -> str:
    """Changes when the lexicon files (bundled or ``MINERVA_RESOURCES``) change."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    folders = [BUNDLED]
    extra = os.environ.get("MINERVA_RESOURCES")
    if extra and Path(extra).is_dir():
        folders.append(Path(extra))
    for folder in folders:
        for path in sorted(folder.glob("*")):
            if path.suffix in {".txt", ".json"}:
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _measure_records(cases: list[StoredCase], measures: ConceptSet, relapses: dict[int, list[dict]]) -> list[dict]:
    """Label, wordings, support, effect evidence (per distinct report), declared kind and relapses."""
    effect: dict[int, Counter] = defaultdict(Counter)
    kinds: dict[int, Counter] = defaultdict(Counter)
    seen: set[tuple[int, int]] = set()
    for sc in cases:
        for i, measure in enumerate(sc.case.measures):
            concept = measures.of(sc.id, i).id
            if measure.kind != "unspecified":
                kinds[concept][measure.kind] += 1
            if (concept, sc.report_id) not in seen:
                seen.add((concept, sc.report_id))
                effect[concept][EFFECT_KEYS[sc.case.effective]] += 1
    out = []
    for c in measures.concepts:
        kind = min(kinds[c.id].items(), key=lambda kv: (-kv[1], kv[0]))[0] if kinds[c.id] else "unspecified"
        out.append({"label": c.label, "texts": list(c.texts), "support_reports": c.support_reports,
                    "effect": {key: effect[c.id][key] for key in EFFECT_KEYS.values()}, "kind": kind,
                    "relapsed": relapses.get(c.id, [])})
    return out


def _bm25_dump(index: BM25) -> dict:
    return {"lengths": index.lengths,
            "postings": {t: [x for pair in p for x in pair] for t, p in index.postings.items()}}


def _bm25_load(data: dict) -> BM25:
    index = BM25()
    index.lengths = data["lengths"]
    for token, flat in data["postings"].items():
        index.postings[token] = list(zip(flat[::2], flat[1::2]))
    return index


class QueryAnalyzer:
    """Segments a query by longest match against the index vocabulary and the lexicon.

    Gives the same canonical words jieba gives the stored cases wherever the query uses a word
    the index knows (or a synonym of one); characters it cannot place still feed the bigrams.
    """

    MAX_WORD = 8

    def __init__(self, vocabulary: set[str], lexicon: Lexicon | None = None) -> None:
        lexicon = lexicon or default_analyzer().lexicon
        surface: dict[str, str | None] = {w: w for w in vocabulary}
        for word, _, _ in lexicon.words:
            w = normalize(word)
            surface.setdefault(w, lexicon.synonyms.get(w, w))
        for word, canonical in lexicon.synonyms.items():
            surface[word] = canonical
        for word in lexicon.stopwords:
            if word not in vocabulary:
                surface[word] = None
        self.surface = surface
        self.stopwords = lexicon.stopwords

    def analyze(self, text: str) -> tuple[list[str], list[str]]:
        """(words, bigrams) of a query, in the index's canonical forms."""
        words: list[str] = []
        bigrams: list[str] = []
        for clause in re.findall(r"\w+", normalize(text)):
            stream: list[str] = []
            for run in _CJK_RUN.findall(clause):
                if "\u3400" <= run[0] <= "\u9fff":
                    self._segment(run, words, stream)
                elif not _HAS_DIGIT.search(run) and len(run) > 1 and run not in self.stopwords:
                    word = self.surface.get(run) or run
                    words.append(word)
                    stream.append(word)
            joined = "".join(stream)
            bigrams.extend(joined[i: i + 2] for i in range(len(joined) - 1))
        return words, bigrams

    def _segment(self, run: str, words: list[str], stream: list[str]) -> None:
        i = 0
        while i < len(run):
            for size in range(min(self.MAX_WORD, len(run) - i), 0, -1):
                piece = run[i: i + size]
                if piece in self.surface:
                    canonical = self.surface[piece]
                    if canonical is not None:
                        words.append(canonical)
                        stream.append(canonical)
                    i += size
                    break
            else:
                stream.append(run[i])
                i += 1
