"""5M1E filing of causes against 100 causes labelled by a quality engineer (tests/data/fivem1e).

The floor is what the keyword vocabulary reaches today; issue "A knowledge graph whose claims an
engineer would sign" asks for 0.8."""

from __future__ import annotations

from benchmarks.fivem1e import LABELS, score
from minerva.evaluate import load_jsonl

STRICT_FLOOR = 0.33
LENIENT_FLOOR = 0.52


def test_fivem1e_against_labelled_causes():
    rows = load_jsonl(LABELS)
    assert len(rows) == 100 and {r["label"] for r in rows} <= set("人机料法环测")
    result = score(rows)
    assert result["strict"] >= STRICT_FLOOR and result["lenient"] >= LENIENT_FLOOR, result
