"""5M1E filing of causes against 100 causes labelled by a quality engineer (tests/data/fivem1e).

The classifier (minerva.knowledge.fivem1e) learned from 314 other causes filed by another quality
engineer (train.jsonl), none of them among these 100. The keyword vocabulary alone reaches strict
0.35, lenient 0.61; the classifier 0.60, 0.80; the floors sit just below. Issue "A knowledge graph whose
claims an engineer would sign" asks for 0.8."""

from __future__ import annotations

from benchmarks.fivem1e import LABELS, score
from minerva.evaluate import load_jsonl

STRICT_FLOOR = 0.58
LENIENT_FLOOR = 0.79


def test_fivem1e_against_labelled_causes():
    rows = load_jsonl(LABELS)
    assert len(rows) == 100 and {r["label"] for r in rows} <= set("人机料法环测")
    result = score(rows)
    assert result["strict"] >= STRICT_FLOOR and result["lenient"] >= LENIENT_FLOOR, result


def test_training_causes_are_not_the_scored_ones():
    train = load_jsonl(LABELS.with_name("train.jsonl"))
    assert len(train) >= 300 and {r["label"] for r in train} <= set("人机料法环测")
    assert not {r["cause"] for r in train} & {r["cause"] for r in load_jsonl(LABELS)}


def test_a_second_engineer_shows_the_bar_is_within_human_reach():
    """The same 100 causes filed again, blind to the first labels: two engineers agree far more
    on 85 of them, so the issue's 0.8 is within human reach and the gap is the classifier's."""
    from benchmarks.fivem1e import SECOND, agreement

    second = load_jsonl(SECOND)
    assert [r["cause"] for r in second] == [r["cause"] for r in load_jsonl(LABELS)]
    humans = agreement(load_jsonl(LABELS), second)
    assert humans["strict"] >= 0.8 and humans["lenient"] >= humans["strict"], humans
