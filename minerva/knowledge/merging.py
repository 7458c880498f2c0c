"""How well concepts merge: precision and recall on hand-labelled phrase pairs.

A labelled pair (``concept_pairs.jsonl``: kind, a, b, same, note) says whether a quality engineer
would file two phrases from different reports under one entry. Every phrase of that kind in a
collection of cases is clustered as the knowledge base does, and a pair counts as merged when
both phrases land in one concept. Recall is over the ``same`` pairs, precision over the merged
labelled pairs.

``sweep`` is how the thresholds in :mod:`minerva.knowledge.concepts` were chosen: it clusters
without the one-case-keeps-its-phrases-apart rule, so the distinct phrases one case lists (which
are different by construction) join the labelled different pairs as negatives; the labelled
pairs alone hold too few negatives to see over-merging.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from minerva.evaluate import load_gold, load_jsonl
from minerva.extractors import extract
from minerva.knowledge.concepts import Kind, case_key, cluster, items
from minerva.knowledge.records import StoredCase
from minerva.model import Case, Measure, SourceRef, Span


@dataclass(frozen=True)
class PairScore:
    kind: Kind
    precision: float
    recall: float
    true_merges: int
    false_merges: int
    missed: int


def load_pairs(path: Path) -> list[dict]:
    return load_jsonl(path)


def gold_cases(source: Path, first_report_id: int = 1, last: str | None = None) -> list[StoredCase]:
    """The cases of gold records: every ``*.gold.json`` of a folder (up to the name ``last``), or
    one such file.

    Report ids are numbered from ``first_report_id``, one per gold report.
    """
    paths = sorted(source.glob("*.gold.json")) if source.is_dir() else [source]
    if last is not None:
        paths = [p for p in paths if p.name.removesuffix(".gold.json") <= last]
    out: list[StoredCase] = []
    report_id = first_report_id - 1
    for path in paths:
        gold = load_gold(path)
        file = path.name.removesuffix(".gold.json").removesuffix(".json") + ".docx"
        for report in gold["reports"]:
            report_id += 1
            for c in report["cases"]:
                case = Case(
                    problem=c["problem"],
                    causes=[Span(t, SourceRef(file)) for t in c["causes"]],
                    measures=[Measure(t, SourceRef(file)) for t in c["measures"]],
                    effect=c.get("effect"),
                    effective=c.get("effective"),
                    problem_alt=list(c.get("problem_alt") or []),
                )
                out.append(StoredCase(len(out) + 1, report_id, report["title"], report["org"], report["date"],
                                      [file], case))
    return out


def extracted_cases(files: Iterable[Path], first_report_id: int = 1) -> list[StoredCase]:
    """The cases minerva extracts from ``files``, numbered from ``first_report_id``."""
    out: list[StoredCase] = []
    report_id = first_report_id - 1
    for path in files:
        for report in extract(path):
            report_id += 1
            for case in report.cases:
                out.append(StoredCase(len(out) + 1, report_id, report.title, report.org, report.date,
                                      [path.name], case))
    return out


def _rows(cases: Sequence[StoredCase], kind: Kind) -> list[tuple[str, Hashable]]:
    """Every phrase of ``kind`` with the case it belongs to."""
    return [(text, case_key(sc)) for sc in cases for text, _ in items(sc, kind)]


def _concept_of(rows: list[tuple[str, Hashable]], kind: Kind, threshold: float | None,
                keep_cases_apart: bool, fine_threshold: float | None = None) -> dict[str, int]:
    groups = [g for _, g in rows] if keep_cases_apart else None
    labels = cluster([t for t, _ in rows], kind, groups=groups, threshold=threshold, fine_threshold=fine_threshold)
    return dict(zip((t for t, _ in rows), labels))


def score_pairs(cases: Sequence[StoredCase], pairs: Iterable[dict], kind: Kind,
                threshold: float | None = None, fine_threshold: float | None = None) -> PairScore:
    """Precision and recall of "same concept" on the labelled ``pairs`` of ``kind`` (of the fine
    concepts when ``fine_threshold`` is given)."""
    concept = _concept_of(_rows(cases, kind), kind, threshold, keep_cases_apart=True, fine_threshold=fine_threshold)
    tp = fp = fn = 0
    for pair in (p for p in pairs if p["kind"] == kind):
        if pair["a"] not in concept or pair["b"] not in concept:
            raise KeyError(f"labelled pair not in the collection: {pair['a']!r} / {pair['b']!r}")
        merged = concept[pair["a"]] == concept[pair["b"]]
        tp += merged and pair["same"]
        fp += merged and not pair["same"]
        fn += pair["same"] and not merged
    return PairScore(kind, tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn)


def sweep(cases: Sequence[StoredCase], pairs: Iterable[dict], kind: Kind,
          thresholds: Iterable[float]) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, F1) per threshold, with within-case pairs as negatives."""
    pairs = [p for p in pairs if p["kind"] == kind]
    rows = _rows(cases, kind)
    by_case: dict[Hashable, set[str]] = {}
    for text, group in rows:
        by_case.setdefault(group, set()).add(text)
    negatives = {frozenset(ab) for texts in by_case.values() for ab in combinations(sorted(texts), 2)}
    negatives |= {frozenset((p["a"], p["b"])) for p in pairs if not p["same"]}
    positives = sum(p["same"] for p in pairs)
    out = []
    for threshold in thresholds:
        concept = _concept_of(rows, kind, threshold, keep_cases_apart=False)
        fp = sum(concept[a] == concept[b] for a, b in map(tuple, negatives))
        tp = sum(concept[p["a"]] == concept[p["b"]] for p in pairs if p["same"])
        precision, recall = tp / max(tp + fp, 1), tp / max(positives, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        out.append((round(threshold, 3), precision, recall, f1))
    return out


LABELLED_ON = "dev-044"  # the pairs were labelled on the dev sources up to this one


def pair_sets(data: Path, examples: Path) -> dict[str, tuple[list[StoredCase], list[dict]]]:
    """The labelled pair sets shipped with the tests, each with the cases it is scored on.

    ``dev``: pairs from the gold files of ``data/corpus``. ``examples``: pairs between the example
    archive (as minerva extracts it) and the dev corpus. ``fresh-N``: pairs between reports written
    afresh for the test (``data/concept_heldoutN/reports.json``) and the dev corpus. Only ``dev``
    was in view when the theme catalogues were first written.
    """
    dev = gold_cases(data / "corpus", last=LABELLED_ON)
    sets = {"dev": (dev, load_pairs(data / "concept_pairs.jsonl"))}
    extracted = extracted_cases(sorted(examples.glob("*.*")), first_report_id=10_000)
    sets["examples"] = (dev + _renumber(extracted, 100_000), load_pairs(data / "concept_pairs_examples.jsonl"))
    for n, folder in enumerate(sorted(data.glob("concept_heldout[0-9]*")), start=1):
        fresh = gold_cases(folder / "reports.json", first_report_id=10_000 * (n + 1))
        sets[f"fresh-{folder.name.removeprefix('concept_heldout')}"] = (
            dev + _renumber(fresh, 100_000 * (n + 1)), load_pairs(folder / "pairs.jsonl"))
    return sets


def _renumber(cases: list[StoredCase], offset: int) -> list[StoredCase]:
    for sc in cases:
        sc.id += offset
    return cases
