"""Tokenisation, concept clustering, 5M1E and measure kinds.

The hand-labelled pairs (tests/data/concept_pairs.jsonl) were written from the gold files before
the clustering existed. A pair is ``same`` when a quality engineer filing lessons learned would
put both phrases under one entry: the same thing went wrong (or the same action was taken) on the
same kind of object, whatever the product, numbers or wording. Pairs that could not be decided
were left out. Each pair comes from two different reports; the ``note`` says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import pytest

from minerva.knowledge.concepts import (
    KINDS,
    THRESHOLDS,
    Concept,
    Phrasing,
    case_key,
    cluster,
    concept_measure_kind,
    concepts_of,
    fivem1e,
    measure_kind,
)
from minerva.knowledge.records import StoredCase
from minerva.knowledge.text import Analyzer, Lexicon, char_bigrams, default_analyzer, tokens
from minerva.model import Case, Measure, SourceRef, Span

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
PAIRS = DATA / "concept_pairs.jsonl"

# Target of the issue, and the figures this lexical method reaches on the pairs (see the reply
# to the issue and minerva/knowledge/concepts.py): recall misses 0.85 for every kind and cause
# precision misses it too, because many same-concept pairs share almost no words
# (e.g. 镀金层氧化 / 助焊剂残留形成绝缘膜, both "contact surface insulated").
TARGET = 0.85
REACHED = {
    "cause": (0.70, 0.54),
    "measure": (0.89, 0.71),
    "problem": (0.86, 0.75),
}


def gold_cases(duplicate: tuple[str, ...] = ()) -> list[StoredCase]:
    """Every gold case of the corpus as a stored case, one report id per gold report.

    Reports named in ``duplicate`` are stored a second time from another file under the same
    report id, as the store does for a draft and a signed copy of one report.
    """
    out: list[StoredCase] = []
    report_id = 0
    for path in sorted(CORPUS.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        name = path.name.removesuffix(".gold.json")
        copies = [f"{name}.docx", f"{name}.pdf"] if name in duplicate else [f"{name}.docx"]
        for report in gold["reports"]:
            report_id += 1
            for file in copies:
                for c in report["cases"]:
                    case = Case(
                        problem=c["problem"],
                        causes=[Span(t, SourceRef(file)) for t in c["causes"]],
                        measures=[Measure(t, SourceRef(file)) for t in c["measures"]],
                        effect=c["effect"],
                        effective=c["effective"],
                        problem_alt=list(c.get("problem_alt") or []),
                    )
                    meta = report["title"], report["org"], report["date"]
                    out.append(StoredCase(len(out) + 1, report_id, *meta, [file], case))
    return out


def texts_of(sc: StoredCase, kind: str) -> list[str]:
    if kind == "problem":
        return [sc.case.problem]
    return [s.text for s in (sc.case.causes if kind == "cause" else sc.case.measures)]


def load_pairs() -> list[dict]:
    with PAIRS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# -- text


def test_tokens_are_normalised_and_canonical():
    assert tokens("ＡＯＩ检测") == tokens("AOI检查") == ["aoi", "检验"]
    assert "破损" in tokens("纸箱压塌") and "快递" in tokens("物流商")


def test_numbers_units_and_stop_words_are_dropped():
    words = tokens("弹片高度按1.85±0.05mm管控，每批抽测32PCS，0.05μm，每两小时一次")
    assert not any(ch.isdigit() for w in words for ch in w)
    assert {"mm", "pcs", "μ", "两小时", "一次", "的"}.isdisjoint(words)
    assert {"弹片", "高度", "管控", "抽检"} <= set(words)


def test_domain_words_stay_whole():
    assert {"虚焊", "连锡", "来料检验", "边压强度"} <= set(tokens("来料检验未测边压强度，虚焊和连锡"))


def test_bigrams_survive_segmentation_and_use_synonyms():
    assert "定位" in char_bigrams("定位柱有注塑毛边")
    assert set(char_bigrams("纸箱压坏")) & set(char_bigrams("纸箱碎裂")) >= {"破损"}


def test_private_tokenizer_and_user_lexicon(tmp_path):
    (tmp_path / "synonyms.txt").write_text("# mine\n顶针 pogopin 弹针\n", encoding="utf-8")
    (tmp_path / "domain_dict.txt").write_text("弹针 50 n\n", encoding="utf-8")
    (tmp_path / "stopwords.txt").write_text("实测\n", encoding="utf-8")
    analyzer = Analyzer(Lexicon.load(tmp_path))
    assert analyzer.tokens("弹针实测氧化") == ["顶针", "氧化"]
    assert analyzer._tokenizer() is not jieba.dt
    assert default_analyzer().tokens("弹针实测氧化") != ["顶针", "氧化"]


def test_user_synonym_group_joins_bundled_group(tmp_path):
    (tmp_path / "synonyms.txt").write_text("货运 物流\n", encoding="utf-8")
    analyzer = Analyzer(Lexicon.load(tmp_path))
    assert analyzer.tokens("货运") == analyzer.tokens("快递") == ["快递"]


# -- clustering


def test_cluster_ids_are_stable_and_numbered_by_first_appearance():
    phrases = ["纸箱边压强度不足", "员工未经培训上岗", "纸箱边压强度不足。", "纸箱抗压强度不足"]
    first = cluster(phrases, "cause")
    assert first == cluster(list(phrases), "cause")
    assert first[0] == 0 and first[2] == 0 and first[1] == max(first[:2])
    assert first[3] == first[0] and first[1] != first[0]


def test_phrases_of_one_group_are_kept_apart():
    phrases = ["纸箱边压强度不足", "纸箱抗压强度不足"]
    assert len(set(cluster(phrases, "cause"))) == 1
    assert len(set(cluster(phrases, "cause", groups=["case-1", "case-1"]))) == 2


def test_thresholds_are_named_per_kind():
    assert set(THRESHOLDS) == set(KINDS)
    assert all(0 < t < 1 for t in THRESHOLDS.values())


def pair_scores(kind: str) -> tuple[float, float, int, int]:
    """Precision and recall of "same concept" on the labelled pairs, clustering the whole corpus."""
    cases = gold_cases()
    rows = [(text, case_key(sc)) for sc in cases for text in texts_of(sc, kind)]
    labels = cluster([t for t, _ in rows], kind, groups=[g for _, g in rows])
    concept = dict(zip((t for t, _ in rows), labels))
    tp = fp = fn = 0
    for pair in (p for p in load_pairs() if p["kind"] == kind):
        same = concept[pair["a"]] == concept[pair["b"]]
        tp += same and pair["same"]
        fp += same and not pair["same"]
        fn += pair["same"] and not same
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp + fn, fp


def test_labelled_pairs_are_well_formed():
    pairs = load_pairs()
    corpus = {kind: set() for kind in KINDS}
    for sc in gold_cases():
        for kind in KINDS:
            corpus[kind].update(texts_of(sc, kind))
    counts = {(k, s): sum(p["kind"] == k and p["same"] is s for p in pairs) for k in KINDS for s in (True, False)}
    assert counts[("cause", True)] >= 40 and counts[("measure", True)] >= 40 and counts[("problem", True)] >= 20
    assert all(counts[(k, False)] >= 10 for k in KINDS)
    for p in pairs:
        assert p["a"] in corpus[p["kind"]] and p["b"] in corpus[p["kind"]], p
        assert p["a_report"] != p["b_report"] and p["note"]


@pytest.mark.parametrize("kind", KINDS)
def test_labelled_pairs_do_not_regress(kind):
    precision, recall, _, _ = pair_scores(kind)
    floor_p, floor_r = REACHED[kind]
    assert precision >= floor_p, f"{kind}: precision {precision:.3f} < {floor_p}"
    assert recall >= floor_r, f"{kind}: recall {recall:.3f} < {floor_r}"


@pytest.mark.xfail(strict=True, reason="lexical similarity misses the 0.85 target; figures in REACHED")
@pytest.mark.parametrize("kind", KINDS)
def test_labelled_pairs_reach_target(kind):
    precision, recall, _, _ = pair_scores(kind)
    assert precision >= TARGET and recall >= TARGET, f"{kind}: P={precision:.3f} R={recall:.3f}"


# -- concepts from stored cases


def test_concepts_keep_provenance_and_count_reports_not_files():
    cases = gold_cases(duplicate=("dev-001",))
    concepts = concepts_of(cases, "measure")
    firmware = next(c for c in concepts.concepts if any("去抖时间由3秒" in t for t in c.texts))
    assert isinstance(firmware, Concept) and isinstance(firmware.phrasings[0], Phrasing)
    from_dev001 = [p for p in firmware.phrasings if p.file.startswith("dev-001.")]
    assert {p.file for p in from_dev001} == {"dev-001.docx", "dev-001.pdf"} and len(from_dev001) == 6
    assert len({p.report_id for p in from_dev001}) == 1
    by_id = {sc.id: sc for sc in cases}
    assert firmware.support_reports == len(firmware.report_ids) == len({p.report_id for p in firmware.phrasings})
    assert firmware.support_cases == len({case_key(by_id[p.stored_case_id]) for p in firmware.phrasings})
    assert firmware.support_cases == len(firmware.phrasings) - 3
    sc = next(sc for sc in cases if any("去抖时间由3秒" in m.text for m in sc.case.measures))
    index = next(i for i, m in enumerate(sc.case.measures) if "去抖时间由3秒" in m.text)
    assert concepts.of(sc.id, index) is firmware


def test_concepts_are_deterministic_whatever_the_input_order():
    cases = gold_cases()
    forward = concepts_of(cases, "cause")
    backward = concepts_of(list(reversed(cases)), "cause")
    assert forward == backward


def test_concept_label_is_one_of_its_phrasings():
    for concept in concepts_of(gold_cases(), "problem").concepts:
        assert concept.label in concept.texts


# -- 5M1E and measure kinds


@pytest.mark.parametrize(
    ("cause", "category"),
    [
        ("当事柜员服务意识淡薄，在业务高峰期情绪急躁，未能控制个人情绪，使用了服务忌语", "人"),
        ("交叉带分拣机故障停机累计达19小时，备用方案启动慢", "机"),
        ("变压器引脚氧化，来料可焊性不良", "料"),
        ("计费系统配置新套餐时，定向流量包的优先扣减顺序设置错误", "法"),
        ("冷却间靠近后门，纱窗破损，夏季虫害增多", "环"),
        ("来料检验只检查Pogo Pin外观和尺寸，未测量镀层厚度", "测"),
        ("说不清楚", "unknown"),
    ],
)
def test_fivem1e(cause, category):
    assert fivem1e(cause) == category


@pytest.mark.parametrize(
    ("measure", "kind"),
    [
        ("库存成品4500套全部进行入仓充电及回连测试", "temporary"),
        ("磁铁由N35升级为N45", "permanent"),
        ("更新PFMEA及作业指导书", "preventive"),
        ("对全体员工进行异物控制培训并考核", "preventive"),
    ],
)
def test_measure_kind_from_words(measure, kind):
    assert measure_kind(measure) == kind


def test_declared_measure_kind_wins_over_words():
    concept = Concept(0, "measure", "库存全检", (Phrasing("库存全检", 1, 1, None),), 1, 1)
    assert concept_measure_kind(concept) == "temporary"
    assert concept_measure_kind(concept, ["unspecified", "permanent"]) == "permanent"


def test_large_collections_cluster_without_a_dense_matrix(monkeypatch):
    from minerva.knowledge import concepts

    def no_dense(*args, **kwargs):
        raise AssertionError("dense similarity matrix used above DENSE_LIMIT")

    monkeypatch.setattr(concepts, "DENSE_LIMIT", 3)
    monkeypatch.setattr(concepts, "similarity_matrix", no_dense)
    phrases = ["纸箱边压强度不足，堆码后压塌", "纸箱边压强度偏低，堆码时压塌", "外箱纸箱抗压强度不足",
               "客服回复不及时，态度冷淡", "客服人员态度冷淡，回复慢", "纸箱边压强度不足，堆码后压塌"]
    ids = concepts.cluster(phrases, "cause")
    assert ids[0] == ids[1] == ids[5]
    assert ids[3] == ids[4] != ids[0]
    apart = concepts.cluster(phrases[:5], "cause", groups=["case-1", "case-1", "case-2", "case-3", "case-4"])
    assert apart[0] != apart[1]
