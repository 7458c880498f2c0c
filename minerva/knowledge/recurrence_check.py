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

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from minerva.evaluate import THRESHOLD, load_jsonl, similarity
from minerva.knowledge.graph import Recurrence, recurring_causes


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
    for _, pair, relapses in _claimed_pairs(graph, report_names):
        claimed.setdefault(pair, []).extend(text for r in relapses for text in graph.nodes[r.measure]["texts"])
    right = set(claimed) & listed
    relapses = [(c["earlier"], c["later"], m) for c in claims for m in c["relapsed_measures"]]
    found = sum(any(similarity(m, said) >= THRESHOLD for said in claimed.get((a, b), []))
                for a, b, m in relapses)
    return RecurrenceScore(len(claimed), len(right), len((set(claimed) & decoys) - listed), len(listed),
                           len(relapses), found)


@dataclass(frozen=True)
class AuditScore:
    kind: str           # "recurrence" or "relapse"
    audited: int        # claims an engineer judged
    still_made: int     # of them, claims the code makes today
    accepted: int       # of those, judged right
    new: int            # claims made today that nobody judged

    @property
    def precision(self) -> float:
        return self.accepted / self.still_made if self.still_made else 0.0


def audit_score(graph: nx.DiGraph, report_files: dict[int, str], claims: list[dict],
                verdicts: dict[str, str]) -> dict[str, AuditScore]:
    """The recurrence and relapse claims of ``graph`` against claims an engineer judged (``claims``:
    what was shown, by id; ``verdicts``: id -> "yes"/"no"). A recurrence is known by its two
    reports' files, a relapse by those and the measure's wording (its ``measure``, else the first
    text the claim quotes)."""
    made: list[tuple] = []  # (kind, earlier file, later file, wordings)
    for recurrence, pair, relapses in _claimed_pairs(graph, report_files):
        wordings = {recurrence.label, *(t for c in recurrence.causes for t in graph.nodes[c]["texts"])}
        made.append(("recurrence", *pair, wordings))
        made.extend(("relapse", *pair, {r.label}) for r in relapses)

    def matches(claim: dict, claimed: tuple) -> bool:
        files = ((claim["earlier"]["file"], claim["later"]["file"]) if claim["kind"] == "recurrence"
                 else (claim["earlier_file"], claim["later_file"]))
        said = claim.get("measure") or _quoted(claim["claim"])
        return (claimed[0] == claim["kind"] and claimed[1:3] == files
                and any(similarity(said, w) >= THRESHOLD for w in claimed[3]))

    out = {}
    for kind in ("recurrence", "relapse"):
        judged = [c for c in claims if c["kind"] == kind and c["id"] in verdicts]
        still = [c for c in judged if any(matches(c, m) for m in made)]
        known = [m for m in made if m[0] == kind and any(matches(c, m) for c in judged)]
        out[kind] = AuditScore(kind, len(judged), len(still), sum(verdicts[c["id"]] == "yes" for c in still),
                               sum(m[0] == kind for m in made) - len(known))
    return out


def _claimed_pairs(graph: nx.DiGraph, names: dict[int, str]) -> Iterator[tuple[Recurrence, tuple[str, str], list]]:
    """Each pair of consecutive reports a recurrence of ``graph`` joins, by their ``names``, with
    the relapses charged to the earlier one."""
    for recurrence in recurring_causes(graph):
        for a, b in zip(recurrence.occurrences, recurrence.occurrences[1:]):
            relapses = [r for r in recurrence.relapsed_measures if r.effective_report == a.report_id]
            yield recurrence, (names[a.report_id], names[b.report_id]), relapses


def _quoted(claim: str) -> str:
    return claim.split("«", 1)[1].split("»", 1)[0]
