"""benchmarks.span_losses: where causes and measures are lost (cut, read as another role, missed)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.span_losses import ROLES, Tally, add, count

CORPUS = Path(__file__).parent / "data" / "corpus"


def case(problem: str, causes: list[str], measures: list[str]) -> dict:
    return {"problem": problem, "problem_alt": [], "causes": causes, "measures": measures, "effect": None}


def test_each_lost_span_lands_in_one_bin() -> None:
    gold = {"reports": [{"cases": [case("外箱压塌", ["纸箱边压强度不足", "堆码超过六层"],
                                        ["外箱改用五层瓦楞纸箱", "每批来料抽测边压强度", "仓库限高六层"])]}]}
    extracted = [case("外箱压塌", ["仓库限高六层"],  # a measure read as a cause
                      ["外箱改用五层瓦楞纸箱", "每批来料抽测边压强度，确保纸箱强度符合标准要求并留存检测记录备查",
                       "给客户补发新品"])]
    tally = {role: Tally() for role in ROLES}
    add(tally, gold, extracted)
    causes, measures = tally["causes"], tally["measures"]
    assert (causes.gold, causes.matched, causes.gold_missed) == (2, 0, 2)
    assert (causes.extracted, causes.extracted_other_role) == (1, 1)
    assert (measures.gold, measures.matched, measures.gold_cut_longer, measures.gold_other_role) == (3, 1, 1, 1)
    assert (measures.extracted, measures.extracted_cut, measures.extracted_not_in_gold) == (3, 1, 1)


def test_the_vendored_corpus_matches_most_of_its_spans() -> None:
    tally = count(CORPUS, ".docx")
    for role in ROLES:
        t = tally[role]
        assert t.gold >= 100
        assert t.matched >= 0.85 * t.gold
        lost = t.gold_cut_longer + t.gold_cut_shorter + t.gold_other_role + t.gold_missed
        assert t.matched + lost == t.gold
