from minerva.knowledge.bm25 import BM25


def test_rare_shared_terms_rank_first():
    docs = [["耳机", "充电", "不良"], ["纸箱", "破损", "运输"], ["耳机", "蓝牙", "断连"], ["客服", "态度"]]
    index = BM25.build(docs)
    ranked = index.search(["纸箱", "破损"], k=2)
    assert ranked[0][0] == 1
    assert len(ranked) == 1


def test_longer_documents_are_normalised():
    docs = [["破损"], ["破损"] + ["其他"] * 30]
    index = BM25.build(docs)
    (first, s1), (second, s2) = index.search(["破损"])
    assert first == 0 and s1 > s2


def test_empty_index_and_unknown_terms():
    assert BM25.build([]).search(["x"]) == []
    assert BM25.build([["a"]]).search(["b"]) == []
