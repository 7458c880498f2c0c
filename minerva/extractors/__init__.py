"""Readers (file -> Document) and the stages that turn a Document into Reports.

Importing this package registers every bundled reader with the registry.
"""

import hashlib
import json
from pathlib import Path

from minerva.extractors import docx, legacy, ocr, pdf, pptx, text, vocab, xlsx  # noqa: F401  (register their readers)
from minerva.extractors.pipeline import extract, reports_of, sections_of
from minerva.extractors.registry import read_document, register, supported_suffixes
from minerva.extractors.script import to_simplified

# Stored with every ingested file; bump it when a change to reading or extraction changes what a
# file yields, so that the next ingest extracts every file again. tests/test_extractor_version.py
# fails when the vendored corpus yields something new under an unchanged version.
EXTRACTOR_VERSION = "0.46.0"


def extractor_version() -> str:
    """What a stored extraction depends on: the code version and the vocabularies in force."""
    return f"{EXTRACTOR_VERSION}+{vocab.fingerprint()}"


def extraction_digest(paths: list[Path]) -> str:
    """A hash of everything extraction yields for ``paths`` (file names, not folders, in the
    provenance): when it changes under the same ``EXTRACTOR_VERSION``, the version is out of date."""
    digest = hashlib.sha256()
    for path in paths:
        records = json.dumps([r.to_dict() for r in extract(path)], ensure_ascii=False, sort_keys=True)
        digest.update(path.name.encode())
        digest.update(records.replace(json.dumps(str(path))[1:-1], path.name).encode())
    return digest.hexdigest()[:16]


__all__ = ["EXTRACTOR_VERSION", "extract", "extraction_digest", "extractor_version", "read_document", "register",
           "reports_of", "sections_of", "supported_suffixes", "to_simplified"]
