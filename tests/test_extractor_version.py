"""Stored extractions are redone when extraction changes: a change to what the vendored corpus
yields must come with a new ``EXTRACTOR_VERSION`` (stored with every ingested file), recorded by
``scripts/record_extraction_digest.py``."""

from __future__ import annotations

import json
from pathlib import Path

from minerva.extractors import EXTRACTOR_VERSION, extraction_digest

DATA = Path(__file__).parent / "data"
RECORD = DATA / "extraction_digest.json"


def test_what_the_corpus_yields_is_recorded_under_the_present_extractor_version() -> None:
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    digest = extraction_digest(sorted((DATA / "corpus").glob("*.docx")))
    if digest != record["digest"]:
        assert EXTRACTOR_VERSION != record["extractor_version"], (
            "extraction yields something new: raise EXTRACTOR_VERSION in minerva/extractors/__init__.py, "
            "then run python scripts/record_extraction_digest.py")
    assert (record["extractor_version"], record["digest"]) == (EXTRACTOR_VERSION, digest), (
        "run python scripts/record_extraction_digest.py to record the new version's output")


def test_the_digest_follows_what_is_extracted() -> None:
    files = sorted((DATA / "corpus").glob("*.docx"))[:2]
    assert extraction_digest(files) == extraction_digest(files)
    assert extraction_digest(files) != extraction_digest(files[:1])
