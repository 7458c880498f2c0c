"""benchmarks.case_counts: how documents of each size lose their cases (merged, split, misnamed)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.case_counts import Tally, add, count

CORPUS = Path(__file__).parent / "data" / "corpus"


def gold(*problems: str) -> dict:
    return {"reports": [{"cases": [{"problem": p, "problem_alt": [], "causes": [], "measures": []}
                                   for p in problems]}]}


def test_a_two_complaint_letter_read_as_one_case_counts_as_merged() -> None:
    tallies = {s: Tally() for s in ("1", "2-3", "4+")}
    letter = gold("献血后手臂出现大面积淤青", "献血者没有收到检测结果短信")
    add(tallies, letter, [{"problem": "献血后手臂出现大面积淤青"}])
    add(tallies, gold("外箱压塌"), [{"problem": "快递员态度差"}, {"problem": "外箱压塌"}])
    two, one = tallies["2-3"], tallies["1"]
    assert (two.documents, two.gold, two.extracted, two.paired, two.merged, two.split) == (1, 2, 1, 1, 1, 0)
    assert (one.documents, one.gold, one.extracted, one.paired, one.merged, one.split) == (1, 1, 2, 1, 0, 1)
    assert tallies["4+"].documents == 0


def test_the_vendored_corpus_is_counted_from_its_files() -> None:
    tallies = count(CORPUS, ".docx")
    documents = sum(t.documents for t in tallies.values())
    assert documents >= 25
    assert sum(t.paired for t in tallies.values()) >= 0.9 * sum(t.gold for t in tallies.values())
