"""Extraction quality of the renderings that need a converter or OCR (issue thresholds).

Vendored in tests/data/corpus: the LibreOffice Word 97 ``.doc`` of every docx-styled source and
a handful of single-page scans (``.scan.pdf``, the pdf-lo pages as pictures). ``.doc`` must score
within 0.03 of the ``.docx`` of the same sources; scans F1 >= 0.85 cases, 0.80 causes, 0.85
measures. A rendering is skipped, saying why, when its converter or the OCR extra is missing.
"""

from __future__ import annotations

import pytest

import minerva
from minerva.evaluate import Score, load_gold, score_document
from minerva.extractors import legacy, ocr
from tests.conftest import CORPUS, EARLIER

SCAN_BARS = {"cases": 0.85, "causes": 0.80, "measures": 0.85}
DOC_MARGIN = 0.03


def _score(suffix: str, names: list[str]) -> Score:
    total = Score()
    for name in names:
        pred = {"reports": [r.to_dict() for r in minerva.extract(CORPUS / f"{name}{suffix}")]}
        total.add(score_document(load_gold(CORPUS / f"{name}.gold.json"), pred))
    return total


def _names(suffix: str) -> list[str]:
    files = CORPUS.glob(f"dev-*{suffix}")
    return sorted(p.name[: -len(suffix)] for p in files
                  if p.name.count(".") == suffix.count(".") and p.name.split(".")[0] <= EARLIER)


@pytest.mark.skipif(legacy.find_soffice() is None, reason="LibreOffice is not installed (apt-get install "
                                                          "libreoffice-writer-nogui): .doc files cannot be converted")
def test_doc_scores_like_docx() -> None:
    names = _names(".doc")
    assert len(names) >= 15 and all((CORPUS / f"{n}.docx").exists() for n in names)
    doc, docx = _score(".doc", names), _score(".docx", names)
    for key in ("cases", "causes", "measures"):
        assert doc.f1(key) >= docx.f1(key) - DOC_MARGIN, f".doc {key} F1 {doc.f1(key):.3f} vs .docx {docx.f1(key):.3f}"


@pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed: pip install 'minerva[ocr]'")
def test_scans_read_by_ocr() -> None:
    names = _names(".scan.pdf")
    assert len(names) >= 5
    score = _score(".scan.pdf", names)
    for key, bar in SCAN_BARS.items():
        assert score.f1(key) >= bar, f"scans {key} F1 {score.f1(key):.3f} < {bar}"


def test_pptx_and_xlsx_renderings() -> None:
    for suffix in (".pptx", ".xlsx"):
        names = _names(suffix)
        assert names, f"no {suffix} files vendored"
        score = _score(suffix, names)
        for key in ("cases", "causes", "measures"):
            assert score.f1(key) >= 0.90, f"{suffix} {key} F1 {score.f1(key):.3f}"
