"""Fine concepts against audits by a quality engineer who never saw the code.

    python -m benchmarks.concept_audit

``tests/data/concept_audit/phrases.json`` holds every cause and measure of a base built from the
development corpus and the fresh set. Each audit file lists memberships of fine concepts (a
phrase and its concept's label) with the engineer's verdict: the same specific cause or measure,
or not. The audited memberships are re-clustered with the code in force, and for those still
joined the share the engineer accepted is printed (precision), with how many were joined.
``audit1`` chose the fine thresholds; ``audit2`` was drawn afterwards and is the test; ``audit3``
was drawn at the same settings from a larger base (``phrases3.json``: the dev corpus and every
fresh extraction set) and labelled by another engineer.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from minerva.evaluate import load_jsonl
from minerva.knowledge.concepts import FINE_THRESHOLDS, cluster

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "concept_audit"
AUDITS = ("audit1", "audit2", "audit3")
# The base each audit was drawn from: audit3 from a larger one (see tests/data/concept_audit/README.md).
PHRASES = {"audit1": "phrases.json", "audit2": "phrases.json", "audit3": "phrases3.json"}


@cache
def fine_membership(kind: str, phrases: str = "phrases.json") -> dict[str, int]:
    rows = json.loads((DATA / phrases).read_text(encoding="utf-8"))[kind]
    ids = cluster([t for t, _ in rows], kind, groups=[g for _, g in rows], fine_threshold=FINE_THRESHOLDS[kind])
    return dict(zip((t for t, _ in rows), ids))


def score(audit: str) -> dict[str, dict[str, int | float]]:
    """Per kind: memberships audited, still joined, accepted among those joined, and precision."""
    rows = [r for r in load_jsonl(DATA / f"{audit}.jsonl") if r["kind"] in ("cause", "measure")]
    out = {}
    for kind in ("cause", "measure"):
        concept = fine_membership(kind, PHRASES[audit])
        mine = [r for r in rows if r["kind"] == kind]
        joined = [r for r in mine if concept[r["phrase"]] == concept[r["concept_label"]]]
        accepted = sum(r["verdict"] == "yes" for r in joined)
        out[kind] = {"audited": len(mine), "joined": len(joined), "accepted": accepted,
                     "precision": accepted / len(joined) if joined else 1.0}
    return out


def main() -> int:
    for audit in AUDITS:
        for kind, s in score(audit).items():
            print(f"{audit} {kind:8s} audited {s['audited']:3d}  still joined {s['joined']:3d}  "
                  f"accepted {s['accepted']:3d}  precision {s['precision']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
