"""Scoring predictions against gold records: normalisation, span matching, case pairing, counts."""

from __future__ import annotations

import copy

import pytest

from minerva.evaluate import THRESHOLD, normalise, score_document, similarity

GOLD = {
    "reports": [
        {
            "title": "客户投诉整改报告",
            "org": "甲方电子有限公司",
            "date": "2023-05-12",
            "cases": [
                {
                    "problem": "蓝牙耳机外壳划伤",
                    "problem_alt": ["产品外观不良"],
                    "causes": ["包装内衬材料过硬，运输中摩擦外壳", "装配工位未放置防护垫"],
                    "measures": ["更换EPE珍珠棉内衬", "装配工位增加防护垫，每班点检", "对库存成品进行全检"],
                    "effect": "不良率降至0.1%",
                    "effective": True,
                },
                {
                    "problem": "充电仓无法充电",
                    "causes": ["Pogo Pin接触压力不足"],
                    "measures": ["Pogo Pin行程加长至1.0mm"],
                    "effect": None,
                    "effective": None,
                },
            ],
        }
    ]
}


def _case(doc: dict, k: int = 0) -> dict:
    return doc["reports"][0]["cases"][k]


def test_gold_against_itself_is_perfect() -> None:
    score = score_document(GOLD, GOLD)
    assert score.counts == {"cases": [2, 2, 2], "causes": [3, 3, 3], "measures": [4, 4, 4]}
    for key in ("cases", "causes", "measures"):
        assert score.f1(key) == 1.0
    for key in ("org", "date", "effective"):
        assert score.accuracy(key) == 1.0


def test_missing_measure_lowers_recall_only() -> None:
    pred = copy.deepcopy(GOLD)
    del _case(pred)["measures"][1]
    score = score_document(GOLD, pred)
    tp, npred, ngold = score.counts["measures"]
    assert (tp, npred, ngold) == (3, 3, 4)
    # Within the first case: 2 of its 3 measures found.
    one = copy.deepcopy(GOLD)
    one["reports"][0]["cases"] = [_case(GOLD)]
    pred_one = copy.deepcopy(one)
    del _case(pred_one)["measures"][1]
    tp, npred, ngold = score_document(one, pred_one).counts["measures"]
    assert tp / ngold == pytest.approx(2 / 3)
    assert tp / npred == 1.0
    assert score_document(one, pred_one).f1("measures") == pytest.approx(0.8)


def test_problem_alt_pairs_cases() -> None:
    pred = copy.deepcopy(GOLD)
    _case(pred)["problem"] = "产品外观不良"
    score = score_document(GOLD, pred)
    assert score.counts["cases"] == [2, 2, 2]
    assert score.counts["measures"][0] == 4


def test_unrelated_problem_pairs_nothing() -> None:
    pred = copy.deepcopy(GOLD)
    _case(pred)["problem"] = "电池鼓包漏液"
    score = score_document(GOLD, pred)
    assert score.counts["cases"] == [1, 2, 2]
    # Causes and measures of an unpaired case are not credited even when identical.
    assert score.counts["causes"] == [1, 3, 3]
    assert score.counts["measures"] == [1, 4, 4]
    assert score.right["effective"] == [0, 0]


def test_cases_pair_one_to_one_regardless_of_order() -> None:
    pred = copy.deepcopy(GOLD)
    pred["reports"][0]["cases"].reverse()
    assert score_document(GOLD, pred).counts["cases"] == [2, 2, 2]
    twice = copy.deepcopy(GOLD)
    twice["reports"][0]["cases"] = [_case(GOLD), _case(GOLD)]
    one = copy.deepcopy(GOLD)
    one["reports"][0]["cases"] = [_case(GOLD)]
    assert score_document(one, twice).counts["cases"] == [1, 2, 1]


def test_enumerators_and_punctuation_do_not_matter() -> None:
    pred = copy.deepcopy(GOLD)
    case = _case(pred)
    case["causes"] = ["（1）包装内衬材料过硬, 运输中摩擦外壳。", "2、装配工位未放置防护垫；"]
    case["measures"] = ["1. 更换EPE珍珠棉内衬", "- 装配工位增加防护垫，每班点检！", "第三条：对库存成品进行全检。"]
    score = score_document(GOLD, pred)
    assert score.counts["causes"] == [3, 3, 3]
    assert score.counts["measures"] == [4, 4, 4]


def test_empty_prediction() -> None:
    score = score_document(GOLD, {"reports": []})
    assert score.counts["cases"] == [0, 0, 2]
    assert score.f1("cases") == 0.0
    assert score.right["org"] == [0, 1]
    assert score.right["date"] == [0, 1]
    assert score_document({"reports": []}, {"reports": []}).f1("cases") == 1.0


def test_effective_counted_only_where_gold_judges() -> None:
    pred = copy.deepcopy(GOLD)
    _case(pred)["effective"] = False
    _case(pred, 1)["effective"] = True
    assert score_document(GOLD, pred).right["effective"] == [0, 1]


def test_date_prefix_and_org_similarity() -> None:
    pred = copy.deepcopy(GOLD)
    pred["reports"][0]["date"] = "2023-05"
    pred["reports"][0]["org"] = "甲方电子有限公司品质部"
    score = score_document(GOLD, pred)
    assert score.right["date"] == [0, 1]
    assert score.right["org"] == [1, 1]
    coarse = copy.deepcopy(GOLD)
    coarse["reports"][0]["date"] = "2023-05"
    assert score_document(coarse, GOLD).right["date"] == [1, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（1）更换内衬。", "更换内衬"),
        ("1、更换内衬", "更换内衬"),
        ("2. 更换内衬", "更换内衬"),
        ("一、（一）更换内衬", "更换内衬"),
        ("第一条 更换内衬", "更换内衬"),
        ("第1步：更换内衬", "更换内衬"),
        ("- 更换内衬", "更换内衬"),
        ("a) 更换内衬", "更换内衬"),
        ("Ａ．更换 EPE 内衬！", "更换EPE内衬"),
        ("更换 内衬，每班点检。", "更换内衬每班点检"),
        ("不良率12%", "不良率12"),
        (None, ""),
    ],
)
def test_normalise(text: str | None, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_strips_circled_numbers() -> None:
    assert normalise("① 更换内衬；") == "更换内衬"


def test_normalise_follows_the_corpus_rule_for_leading_numbers() -> None:
    # The corpus scoring rule strips a leading "3." as an enumerator even before "8mm"; scores
    # computed here must agree with it, so this is kept on purpose.
    assert normalise("3.8mm垫片更换为2.0mm") == normalise("5.8mm垫片更换为2.0mm")


def test_similarity() -> None:
    assert similarity("更换内衬", "更换内衬") == 1.0
    assert similarity("", "更换内衬") == 0.0
    # A span inside a longer one is credited by its share of the longer one.
    assert similarity("更换珍珠棉内衬", "更换珍珠棉内衬并点检") == pytest.approx(0.7)
    assert similarity("更换珍珠棉内衬", "更换珍珠棉内衬并每班点检") < THRESHOLD
    assert similarity("更换珍珠棉内衬", "更换珍珠绵内衬") == pytest.approx(6 / 7)
    assert similarity("更换内衬", "电池鼓包") < THRESHOLD
