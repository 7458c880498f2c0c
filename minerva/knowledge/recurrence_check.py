"""How right the recurrence claims of a base are, against the claims an engineer listed.

A recurrence set (``tests/data/recurN``) holds reports of a few organisations over the years,
``claims.jsonl`` (each true recurrence: the earlier and the later report, the cause as each words
it, and the measures of the earlier report that had been declared effective against it) and
``decoys.jsonl`` (pairs that look like a recurrence and are not: another organisation, another
specific cause, another problem, a report that is not later). Each pair of consecutive
occurrences of a recurrence in the base is one claimed pair of reports; it is right when a listed
claim joins the same two reports. A relapse is found when a listed relapsed measure matches one
the claim names (corpus similarity).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from minerva.evaluate import THRESHOLD, load_jsonl, similarity
from minerva.knowledge.graph import recurring_causes


@dataclass(frozen=True)
class RecurrenceScore:
    claimed: int        # pairs of reports the base claims
    right: int          # of them, pairs a listed claim joins
    decoys: int         # of them, pairs listed as decoys and joined by no claim
    listed: int         # pairs of reports the listed claims join
    relapses_listed: int
    relapses_found: int

    @property
    def precision(self) -> float:
        return self.right / self.claimed if self.claimed else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.listed if self.listed else 0.0

    @property
    def relapse_recall(self) -> float:
        return self.relapses_found / self.relapses_listed if self.relapses_listed else 0.0


def score_recurrences(graph: nx.DiGraph, report_names: dict[int, str], folder: Path) -> RecurrenceScore:
    """Score the recurrences of ``graph``, built from the set in ``folder``; ``report_names`` gives
    each stored report's source name (``r1-07``)."""
    claims = load_jsonl(folder / "claims.jsonl")
    decoys = {(d["earlier"], d["later"]) for d in load_jsonl(folder / "decoys.jsonl")}
    listed = {(c["earlier"], c["later"]) for c in claims}
    claimed: dict[tuple[str, str], list[str]] = {}
    for recurrence in recurring_causes(graph):
        for a, b in zip(recurrence.occurrences, recurrence.occurrences[1:]):
            pair = (report_names[a.report_id], report_names[b.report_id])
            claimed.setdefault(pair, []).extend(text for r in recurrence.relapsed_measures
                                                if r.effective_report == a.report_id
                                                for text in graph.nodes[r.measure]["texts"])
    right = set(claimed) & listed
    relapses = [(c["earlier"], c["later"], m) for c in claims for m in c["relapsed_measures"]]
    found = sum(any(similarity(m, said) >= THRESHOLD for said in claimed.get((a, b), []))
                for a, b, m in relapses)
    return RecurrenceScore(len(claimed), len(right), len((set(claimed) & decoys) - listed), len(listed),
                           len(relapses), found)
