"""Suggestions for complaints worded by people who never saw the code (tests/data/queries_fresh,
issue 14), against a base of the reports they are about: one rendering of each report of the
vendored development corpus, the example archive and the first fresh extraction set.

Floors are the figures reached when last measured (benchmarks/fresh_queries.py prints the same
figures over every rendering). The first fresh extraction set is now training data of the clause
role model, so its reports are extracted better than unseen ones would be: with a role model that
never saw them, Hit@5 was 0.62 (README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from minerva.evaluate import load_jsonl
from minerva.knowledge.evaluation import build, evaluate
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (DATA / "corpus", ROOT / "examples" / "archive", DATA / "fresh")
PREFERRED = (".docx", ".doc", ".xlsx", ".pdf", ".pptx")
FLOORS = {"hit@5": 0.85, "mrr": 0.66}


def _one_rendering_each(folder: Path) -> Path:
    for source in SOURCES:
        stems: dict[str, list[Path]] = {}
        for path in source.iterdir():
            if path.suffix in PREFERRED and not path.name.endswith(".gold.json"):
                stems.setdefault(path.name.split(".")[0], []).append(path)
        for paths in stems.values():
            best = min(paths, key=lambda p: PREFERRED.index(p.suffix) + (0.5 if p.name.count(".") > 1 else 0))
            (folder / f"{source.name}--{best.name}").symlink_to(best)
    return folder


@pytest.fixture(scope="module")
def fresh_base(tmp_path_factory):
    folder = _one_rendering_each(tmp_path_factory.mktemp("archive"))
    return build(folder, tmp_path_factory.mktemp("kb") / "kb.db"), folder


@pytest.fixture(scope="module")
def fresh_result(fresh_base):
    recommender, folder = fresh_base
    queries = load_jsonl(DATA / "queries_fresh" / "queries.jsonl")
    return evaluate(recommender, [q for q in queries if q["expect"]], folder)


def test_suggest_says_when_nothing_fits(fresh_base):
    """Issue 14 asks for 80 % abstentions on no-answer complaints with at most 5 % on answerable
    ones; closeness reaches 60 % and 1 % here (README), and these floors keep it there."""
    recommender, _ = fresh_base
    queries = load_jsonl(DATA / "queries_fresh" / "queries.jsonl")
    quiet = [not recommender.suggest(q["query"]).suggestions for q in queries]
    unanswered = [q for q, still in zip(queries, quiet) if still]
    no_answer = sum(1 for q in queries if not q["expect"])
    right, wrong = (0.55, 0.03) if recommender.vectors is not None else (0.45, 0.08)  # words alone: 52 %, 3.5 %
    assert sum(1 for q in unanswered if not q["expect"]) >= right * no_answer
    assert sum(1 for q in unanswered if q["expect"]) <= wrong * (len(queries) - no_answer)
    rec = recommender.suggest(next(q["query"] for q in unanswered))
    assert rec.reason and "closeness" in rec.reason and rec.to_dict()["suggestions"] == []


def test_fresh_complaints_find_past_measures(fresh_result):
    ours, baseline = fresh_result["suggest"], fresh_result["baseline"]
    for key, floor in FLOORS.items():
        assert ours[key] >= floor, fresh_result
    assert ours["hit@5"] >= baseline["hit@5"] + 0.3, fresh_result


# The second fresh set (tests/data/queries_fresh2), written after the semantic weight was chosen:
# with the semantic extra Hit@5 0.844, MRR 0.739 here (words alone 0.822 / 0.732).
SECOND_FLOORS = {"hit@5": 0.80, "mrr": 0.68}


def test_a_second_blind_set_finds_past_measures_and_abstains_where_nothing_fits(fresh_base):
    recommender, folder = fresh_base
    queries = load_jsonl(DATA / "queries_fresh2" / "queries.jsonl")
    answerable = [q for q in queries if q["expect"]]
    result = evaluate(recommender, answerable, folder)
    for key, floor in SECOND_FLOORS.items():
        assert result["suggest"][key] >= floor, result
    assert result["suggest"]["hit@5"] >= result["baseline"]["hit@5"] + 0.3, result
    no_answer = [q for q in queries if not q["expect"]]
    assert sum(not recommender.suggest(q["query"]).suggestions for q in no_answer) >= 0.45 * len(no_answer)
    assert sum(not recommender.suggest(q["query"]).suggestions for q in answerable) <= 0.10 * len(answerable)


def _meets_floors(fresh_base, name: str, floors: dict, lead: float):
    """Asserts a blind set's floors (by whether the semantic extra is installed) and its lead over
    paragraph BM25; returns a counter of its complaints answered with nothing."""
    recommender, folder = fresh_base
    queries = load_jsonl(DATA / name / "queries.jsonl")
    result = evaluate(recommender, [q for q in queries if q["expect"]], folder)
    for key, floor in floors[recommender.vectors is not None].items():
        assert result["suggest"][key] >= floor, (name, result)
    assert result["suggest"]["hit@5"] >= result["baseline"]["hit@5"] + lead, (name, result)

    def quiet(answerable: bool) -> int:
        return sum(not recommender.suggest(q["query"]).suggestions for q in queries if bool(q["expect"]) == answerable)

    return quiet


# The third fresh set (tests/data/queries_fresh3), written after meaning joined closeness and never
# tuned on: Hit@5 0.725, MRR 0.598 with the semantic extra, 0.700 / 0.521 by words alone.
THIRD_FLOORS = {True: {"hit@5": 0.70, "mrr": 0.56}, False: {"hit@5": 0.66, "mrr": 0.49}}


def test_a_third_blind_set_finds_past_measures(fresh_base):
    """Below the issue's bars (README of the set), and held there: floors, a clear lead over
    paragraph BM25 (0.375), and at most 6 of 40 answerable complaints left unanswered."""
    quiet = _meets_floors(fresh_base, "queries_fresh3", THIRD_FLOORS, lead=0.25)
    assert quiet(True) <= 6


# The fourth fresh set (tests/data/queries_fresh4), written to judge CASE_SHARPNESS after it was
# chosen: Hit@5 0.800, MRR 0.667 with the semantic extra, 0.775 / 0.648 by words alone (before it:
# 0.775 / 0.640).
FOURTH_FLOORS = {True: {"hit@5": 0.77, "mrr": 0.63}, False: {"hit@5": 0.75, "mrr": 0.61}}


def test_a_fourth_blind_set_finds_past_measures_and_abstains_where_nothing_fits(fresh_base):
    recommender, _ = fresh_base
    quiet = _meets_floors(fresh_base, "queries_fresh4", FOURTH_FLOORS, lead=0.3)
    if recommender.vectors is not None:  # 4 of 40 and 10 of 20
        assert quiet(True) <= 5 and quiet(False) >= 8


# The fifth fresh set (tests/data/queries_fresh5), written to judge a retrained role model: Hit@5
# 0.825, MRR 0.663 with the semantic extra, 0.725 / 0.578 by words alone (README of the set).
FIFTH_FLOORS = {True: {"hit@5": 0.80, "mrr": 0.63}, False: {"hit@5": 0.70, "mrr": 0.55}}


def test_a_fifth_blind_set_finds_past_measures(fresh_base):
    recommender, _ = fresh_base
    quiet = _meets_floors(fresh_base, "queries_fresh5", FIFTH_FLOORS, lead=0.35)
    assert quiet(True) <= (5 if recommender.vectors is not None else 8)  # 4 and 7 of 40 when it came


def test_a_looked_at_set_in_customers_words(fresh_base):
    """tests/data/queries_dev2, read while working (its README): Hit@5 0.820, MRR 0.621 (words
    alone 0.800 / 0.565), quiet on 2 of 50 answerable and 9 of 20 no-answer complaints."""
    recommender, folder = fresh_base
    queries = load_jsonl(DATA / "queries_dev2" / "queries.jsonl")
    answerable = [q for q in queries if q["expect"]]
    result = evaluate(recommender, answerable, folder)["suggest"]
    assert result["hit@5"] >= 0.78 and result["mrr"] >= 0.54, result
    assert sum(not recommender.suggest(q["query"]).suggestions for q in answerable) <= 3
    assert sum(not recommender.suggest(q["query"]).suggestions for q in queries if not q["expect"]) >= 7


def test_meaning_in_closeness_abstains_wrongly_less_often(fresh_base):
    """With the semantic extra, closeness also counts how near in meaning the nearest case is: over
    both blind complaint sets, fewer answerable complaints get no suggestion than by words alone
    (5 of 130 against 7) and no fewer of those nothing answers (24 of 45 each)."""
    recommender, _ = fresh_base
    if recommender.vectors is None:
        pytest.skip("the semantic extra is not installed")
    queries = [q for name in ("queries_fresh", "queries_fresh2") for q in load_jsonl(DATA / name / "queries.jsonl")]

    def quiet(rec, answerable: bool) -> int:
        return sum(not rec.suggest(q["query"]).suggestions for q in queries if bool(q["expect"]) == answerable)

    words = recommender.words_only()
    assert quiet(recommender, True) < quiet(words, True)
    assert quiet(recommender, False) >= quiet(words, False)


def test_meaning_does_not_lose_to_words_on_either_blind_set(fresh_base):
    """With the semantic extra (tests/test_semantic.py), on both blind complaint sets: one
    rendering each, MRR 0.746 against 0.700 words alone, and 0.739 against 0.732."""
    recommender, folder = fresh_base
    if recommender.vectors is None:
        pytest.skip("the semantic extra is not installed")
    for name in ("queries_fresh", "queries_fresh2"):
        answerable = [q for q in load_jsonl(DATA / name / "queries.jsonl") if q["expect"]]
        both = evaluate(recommender, answerable, folder)["suggest"]
        words = evaluate(recommender.words_only(), answerable, folder)["suggest"]
        assert both["mrr"] >= words["mrr"] and both["hit@5"] >= words["hit@5"], (name, both, words)


def test_dev_queries_hold_in_the_whole_base(fresh_base):
    """The dev queries against every report here (issue 14: dev Hit@5 stays >= 0.90), not only
    the early sources they were written about (tests/test_recommend.py)."""
    recommender, folder = fresh_base
    result = evaluate(recommender, load_jsonl(DATA / "corpus" / "queries.jsonl"), folder)
    assert result["suggest"]["hit@5"] >= 0.90, result


def test_a_higher_closeness_bar_abstains_where_the_base_has_no_answer(fresh_base):
    """The development no-answer complaints (tests/data/queries_noanswer: other industries, and
    near misses in the industries of the base) against the dev queries, which all have answers:
    the default bar stays quiet on two fifths of the former and on none of the latter, and a user's
    higher bar (``--min-closeness``) buys more silence where nothing fits at a small cost."""
    recommender, _ = fresh_base
    no_answer = [q["query"] for q in load_jsonl(DATA / "queries_noanswer" / "queries.jsonl")]
    answerable = [q["query"] for q in load_jsonl(DATA / "corpus" / "queries.jsonl")]

    def quiet(queries, **bar):
        return sum(not recommender.suggest(q, **bar).suggestions for q in queries)

    meaning = recommender.vectors is not None  # words alone: 21 and 37 of 60, 0 and 2 of 45
    assert quiet(no_answer) >= (0.40 if meaning else 0.30) * len(no_answer)
    assert quiet(answerable) == 0
    assert quiet(no_answer, min_closeness=0.025) >= (0.65 if meaning else 0.60) * len(no_answer)
    assert quiet(answerable, min_closeness=0.025) <= (3 if meaning else 2)
