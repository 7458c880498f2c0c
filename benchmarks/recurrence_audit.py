"""Recurrence and relapse claims against blind audits by quality engineers.

    python -m benchmarks.recurrence_audit

``tests/data/recur_audit/base.json`` holds every case of a base built from the Word renderings of
the development corpus, every extraction set and the example archive (643 files); ``claims.json``
the 22 claims that base made on 2026-12-05 (10 recurrences, 12 relapses) as they were shown to an
engineer who never saw the code, and ``labels.jsonl`` that engineer's verdicts. The second audit
adds the recurrence set ``recur3`` (``base2_extra.json``: its 36 reports as minerva read them):
that base made 32 claims on 2026-12-06 (``claims2.json``), judged by another engineer
(``labels2.jsonl``). The third audit is of the 18 claims the same base made once one cause found
again under another problem concept counted (``claims3.json``, ``labels3.jsonl``, a third
engineer), the fourth of the 9 it made once causes worded alike counted across problem concepts
too (``claims4.json``, ``labels4.jsonl``, a fourth engineer); ``all of the second base`` is every
claim of that base. Each base's cases are linked again with
the code in force and its claims compared with the judged ones: how many are still made, the share
of those judged right, and how many new claims nobody judged.
"""

from __future__ import annotations

import json
from pathlib import Path

from minerva.evaluate import load_jsonl
from minerva.knowledge.graph import build_graph
from minerva.knowledge.records import StoredCase
from minerva.knowledge.recurrence_check import audit_score
from minerva.model import Case, Measure, SourceRef, Span

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "recur_audit"


def stored_cases(path: Path = DATA / "base.json") -> list[StoredCase]:
    """The base's cases as the store keeps them."""
    out = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        source = SourceRef(row["file"])
        case = Case(row["problem"], [Span(t, source) for t in row["causes"]],
                    [Measure(t, source) for t in row["measures"]], None, row["effective"])
        out.append(StoredCase(row["case_id"], row["report_id"], row["report"], row["org"], row["date"],
                              [row["file"]], case))
    return out


AUDITS = {"first": ("base.json", ("claims.json",), ("labels.jsonl",)),
          "second": ("base2_extra.json", ("claims2.json",), ("labels2.jsonl",)),
          "third": ("base2_extra.json", ("claims3.json",), ("labels3.jsonl",)),
          "fourth": ("base2_extra.json", ("claims4.json",), ("labels4.jsonl",)),
          "all of the second base": ("base2_extra.json", ("claims2.json", "claims3.json", "claims4.json"),
                                     ("labels2.jsonl", "labels3.jsonl", "labels4.jsonl"))}


def audit_cases(audit: str) -> list[StoredCase]:
    """The cases of the base ``audit`` was drawn from (the later ones add recur3 to the first's)."""
    cases = stored_cases()
    return cases if audit == "first" else cases + stored_cases(DATA / AUDITS[audit][0])


def scores(audit: str = "first"):
    _, claims_files, labels_files = AUDITS[audit]
    cases = audit_cases(audit)
    files = {sc.report_id: sc.files[0] for sc in cases}
    claims = [c for name in claims_files for c in json.loads((DATA / name).read_text(encoding="utf-8"))]
    verdicts = {row["id"]: row["verdict"] for name in labels_files for row in load_jsonl(DATA / name)}
    return audit_score(build_graph(cases), files, claims, verdicts)


def main() -> None:
    for audit in AUDITS:
        for kind, s in scores(audit).items():
            print(f"{audit:22s} {kind:10s} judged {s.audited:3d}  still made {s.still_made:3d}  right {s.accepted:3d}  "
                  f"precision {s.precision:.3f}  new, not judged {s.new}")


if __name__ == "__main__":
    main()
