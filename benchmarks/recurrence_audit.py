"""Recurrence and relapse claims against a blind audit by a quality engineer.

    python -m benchmarks.recurrence_audit

``tests/data/recur_audit/base.json`` holds every case of a base built from the Word renderings of
the development corpus, every extraction set and the example archive (643 files); ``claims.json``
the 22 claims that base made on 2026-12-05 (10 recurrences, 12 relapses) as they were shown to an
engineer who never saw the code, and ``labels.jsonl`` that engineer's verdicts. The base's cases
are linked again with the code in force and its claims compared with the judged ones: how many
are still made, the share of those judged right, and how many new claims nobody judged.
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


def scores():
    cases = stored_cases()
    files = {sc.report_id: sc.files[0] for sc in cases}
    claims = json.loads((DATA / "claims.json").read_text(encoding="utf-8"))
    verdicts = {row["id"]: row["verdict"] for row in load_jsonl(DATA / "labels.jsonl")}
    return audit_score(build_graph(cases), files, claims, verdicts)


def main() -> None:
    for kind, s in scores().items():
        print(f"{kind:10s} judged {s.audited:3d}  still made {s.still_made:3d}  right {s.accepted:3d}  "
              f"precision {s.precision:.3f}  new, not judged {s.new}")


if __name__ == "__main__":
    main()
