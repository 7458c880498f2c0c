"""Tokenisation, concept clustering, 5M1E and measure kinds.

The hand-labelled pairs (tests/data/concept_pairs.jsonl) were written from the gold files before
the clustering existed. A pair is ``same`` when a quality engineer filing lessons learned would
put both phrases under one entry: the same thing went wrong (or the same action was taken) on the
same kind of object, whatever the product, numbers or wording. Pairs that could not be decided
were left out. Each pair comes from two different reports; the ``note`` says why.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import jieba
import pytest

from minerva.knowledge import concepts, merging
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
    items,
    measure_kind,
)
from minerva.knowledge.records import StoredCase
from minerva.knowledge.text import Analyzer, Lexicon, char_bigrams, default_analyzer, tokens
from minerva.model import Measure, SourceRef, Span

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"

# Target of the issue, reached on the development pairs. The other pair sets (see
# minerva.knowledge.merging.pair_sets) were labelled afterwards by someone who saw neither the
# clustering nor the theme catalogues; they show what to expect on reports the catalogues were
# not written from. Their floors are the figures reached when this was written (see the note on
# the issue), so that a change to the catalogues that loses ground elsewhere is seen.
TARGET = 0.85
# examples/cause precision 0.86 -> 0.83 when lines were split at semicolons: one labelled phrase
# (钢网开孔局部堵塞，锡膏印刷量偏少；SPI检测阈值设置过宽…) became two, and its first half now merges
# with a stencil cause labelled different.
OTHER_SETS_REACHED = {
    ("examples", "cause"): (0.83, 0.84),
    ("examples", "measure"): (0.82, 0.75),
    ("examples", "problem"): (0.95, 0.92),
    ("fresh-2", "cause"): (0.80, 0.90),
    ("fresh-2", "measure"): (0.83, 0.90),
    ("fresh-2", "problem"): (0.90, 0.90),
    ("fresh-3", "cause"): (0.80, 0.65),
    ("fresh-3", "measure"): (0.95, 0.80),
    ("fresh-3", "problem"): (0.75, 0.64),
}
EXAMPLES = Path(__file__).parent.parent / "examples" / "archive"


def gold_cases(duplicate: tuple[str, ...] = ()) -> list[StoredCase]:
    """Every gold case of the corpus as a stored case, one report id per gold report.

    Reports named in ``duplicate`` are stored a second time from another file under the same
    report id, as the store does for a draft and a signed copy of one report.
    """
    by_report: dict[int, list[StoredCase]] = {}
    for sc in merging.gold_cases(CORPUS, last=merging.LABELLED_ON):
        by_report.setdefault(sc.report_id, []).append(sc)
    out: list[StoredCase] = []
    for report in by_report.values():
        name = report[0].files[0].removesuffix(".docx")
        for file in [f"{name}.docx", f"{name}.pdf"] if name in duplicate else [f"{name}.docx"]:
            for sc in report:
                case = replace(sc.case, causes=[Span(s.text, SourceRef(file)) for s in sc.case.causes],
                               measures=[Measure(m.text, SourceRef(file)) for m in sc.case.measures])
                out.append(StoredCase(len(out) + 1, sc.report_id, sc.report_title, sc.org, sc.date, [file], case))
    return out



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


@pytest.fixture(scope="module")
def pair_sets() -> dict[str, tuple[list[StoredCase], list[dict]]]:
    return merging.pair_sets(DATA, EXAMPLES)


def test_labelled_pairs_are_well_formed(pair_sets):
    assert set(pair_sets) >= {"dev", "examples", "fresh-2", "fresh-3"}
    for name, (cases, pairs) in pair_sets.items():
        corpus = {kind: {t for sc in cases for t, _ in items(sc, kind)} for kind in KINDS}
        counts = {(k, s): sum(p["kind"] == k and p["same"] is s for p in pairs) for k in KINDS for s in (True, False)}
        assert all(counts[(k, s)] >= 10 for k in KINDS for s in (True, False)), (name, counts)
        for p in pairs:
            assert p["a"] in corpus[p["kind"]] and p["b"] in corpus[p["kind"]], (name, p)
            assert p["a_report"] != p["b_report"] and p["note"]


@pytest.mark.parametrize("kind", KINDS)
def test_labelled_pairs_reach_target(kind, pair_sets):
    cases, pairs = pair_sets["dev"]
    score = merging.score_pairs(cases, pairs, kind)
    assert score.precision >= TARGET and score.recall >= TARGET, score


@pytest.mark.parametrize(("name", "kind"), sorted(OTHER_SETS_REACHED))
def test_other_pair_sets_do_not_regress(name, kind, pair_sets):
    cases, pairs = pair_sets[name]
    score = merging.score_pairs(cases, pairs, kind)
    floor_p, floor_r = OTHER_SETS_REACHED[(name, kind)]
    assert score.precision >= floor_p and score.recall >= floor_r, score


# Fine concepts (the same thing in other words) on the same pairs, whose "same" is the looser
# "one lessons-learned entry": recall is low by design. Floors are the figures reached (precision,
# recall); the thresholds were chosen on an audit (see FINE_THRESHOLDS), not on these pairs.
FINE_REACHED = {
    ("dev", "cause"): (1.0, 0.05), ("dev", "measure"): (1.0, 0.19), ("dev", "problem"): (1.0, 0.36),
    ("examples", "cause"): (1.0, 0.13), ("examples", "measure"): (0.83, 0.15),
    ("examples", "problem"): (1.0, 0.35),
    ("fresh-2", "cause"): (1.0, 0.18), ("fresh-2", "measure"): (0.85, 0.21), ("fresh-2", "problem"): (1.0, 0.38),
    ("fresh-3", "cause"): (1.0, 0.14), ("fresh-3", "measure"): (1.0, 0.22), ("fresh-3", "problem"): (1.0, 0.21),
}


@pytest.mark.parametrize(("name", "kind"), sorted(FINE_REACHED))
def test_fine_concepts_are_precise_on_the_pairs(name, kind, pair_sets):
    cases, pairs = pair_sets[name]
    score = merging.score_pairs(cases, pairs, kind, fine_threshold=concepts.FINE_THRESHOLDS[kind])
    floor_p, floor_r = FINE_REACHED[(name, kind)]
    assert score.precision >= floor_p and score.recall >= floor_r, score


@pytest.mark.parametrize("kind", KINDS)
def test_fine_concepts_nest_in_coarse_ones(kind):
    cases = gold_cases()
    fine = concepts_of(cases, kind, fine=True)
    coarse = concepts_of(cases, kind)
    assert fine.coarse.assignment == coarse.assignment
    assert len(fine.concepts) > len(coarse.concepts)
    for key, fine_id in fine.assignment.items():
        assert fine.concepts[fine_id].parent == coarse.assignment[key]


def test_a_generic_word_alone_joins_no_causes(tmp_path, monkeypatch):
    """灭蝇灯位置不当, a punch's guide pillar worn so holes sit off position, and foam not cut away
    at a handle's position share only 位置: three causes, whatever the level."""
    causes = ["灭蝇灯位置不当", "冲孔模导柱磨损，冲孔位置偏移1.2mm", "包装泡沫在把手位置未做避让，运输中受压",
              "纸箱边压强度不足，堆码后压塌", "外箱纸箱抗压强度不足"]
    ids = concepts.cluster(causes, "cause")
    assert len(set(ids[:3])) == 3 and ids[3] == ids[4]
    analyzer = default_analyzer()
    monkeypatch.setattr(analyzer, "lexicon", replace(analyzer.lexicon, generic=frozenset()))
    assert len(set(concepts.cluster(causes, "cause")[:3])) < 3


@pytest.mark.parametrize("kind", KINDS)
def test_themes_are_what_lifts_the_pairs(kind, pair_sets, monkeypatch):
    """Without the theme catalogues, the same clustering scores lower on the example pairs."""
    cases, pairs = pair_sets["examples"]
    with_themes = merging.score_pairs(cases, pairs, kind)
    monkeypatch.setattr(concepts, "THEME_BONUS", 0.0)
    monkeypatch.setattr(concepts, "THEME_APART", 1.0)
    words_only = merging.score_pairs(cases, pairs, kind)
    assert with_themes.recall > words_only.recall


@pytest.mark.parametrize("kind", ["cause", "problem"])
def test_themes_do_not_lower_recall_below_words_alone_on_never_tuned_pairs(kind, pair_sets, monkeypatch):
    """Themes only add merges: a word twin that average linkage over theme-boosted similarities
    would leave outside its theme-mates' concept is joined to it (WORD_TWIN_FACTOR). fresh-3 was
    never used to tune anything; before the rule its cause recall was 0.667 against 0.741."""
    cases, pairs = pair_sets["fresh-3"]
    with_themes = merging.score_pairs(cases, pairs, kind)
    monkeypatch.setattr(concepts, "THEME_BONUS", 0.0)
    monkeypatch.setattr(concepts, "THEME_APART", 1.0)
    words_only = merging.score_pairs(cases, pairs, kind)
    assert with_themes.recall >= words_only.recall, (with_themes, words_only)


@pytest.mark.parametrize("dense_limit", [6000, 1])
def test_word_twins_stay_together_whatever_their_themes(dense_limit, monkeypatch):
    """Two causes worded almost alike whose themes say they differ end in one concept, in both
    the dense and the large-collection path."""
    monkeypatch.setattr(concepts, "DENSE_LIMIT", dense_limit)
    twin_a, twin_b = "钢网开口未做内缩，锡膏量偏多", "钢网开口未内缩导致锡膏量偏多"
    themes = {twin_a: {"x": 1.0}, twin_b: {"y": 1.0}}
    monkeypatch.setattr(concepts, "_theme_weights", lambda text, kind: themes.get(text, {"z": 1.0}))
    monkeypatch.setattr(concepts, "THEME_APART", 0.0)
    ids = concepts.cluster([twin_a, twin_b, "客服回复不及时"], "cause")
    assert ids[0] == ids[1] != ids[2]
    monkeypatch.setattr(concepts, "WORD_TWIN_FACTOR", 100.0)
    if dense_limit > 1:  # without the rule, the dense path keeps them apart
        apart = concepts.cluster([twin_a, twin_b, "客服回复不及时"], "cause")
        assert apart[0] != apart[1]


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
        ("", "unknown"),
        ("（ ）", "unknown"),
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
    monkeypatch.setattr(concepts, "_word_similarity", no_dense)
    phrases = ["纸箱边压强度不足，堆码后压塌", "纸箱边压强度偏低，堆码时压塌", "外箱纸箱抗压强度不足",
               "客服回复不及时，态度冷淡", "客服人员态度冷淡，回复慢", "纸箱边压强度不足，堆码后压塌"]
    ids = concepts.cluster(phrases, "cause")
    assert ids[0] == ids[1] == ids[5]
    assert ids[3] == ids[4] != ids[0]
    apart = concepts.cluster(phrases[:5], "cause", groups=["case-1", "case-1", "case-2", "case-3", "case-4"])
    assert apart[0] != apart[1]
    fine = concepts.cluster(phrases, "cause", fine_threshold=0.5)
    assert fine[0] == fine[1] == fine[5] != fine[2] and fine[3] == fine[4]


def test_large_collections_merge_on_shared_themes_too(monkeypatch):
    film, oxide = "耳机充电触点电镀层有助焊剂残留，形成绝缘膜", "热电偶与电磁阀插接端子氧化，接触电阻大"
    other = "快递员为完成时效考核提前点击签收"
    monkeypatch.setattr(concepts, "DENSE_LIMIT", 1)
    ids = concepts.cluster([film, oxide, other], "cause")
    assert ids[0] == ids[1] != ids[2]
    monkeypatch.setattr(concepts, "THEME_BONUS", 0.0)
    assert len(set(concepts.cluster([film, oxide, other], "cause"))) == 3
