"""Record what the vendored corpus yields under the present extractor version.

    python scripts/record_extraction_digest.py

Run it after a change to reading or extraction, once ``EXTRACTOR_VERSION`` in
``minerva/extractors/__init__.py`` has been raised, so that stored bases are read again at their
next ingest. It refuses to record new output under the version already recorded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from minerva.extractors import EXTRACTOR_VERSION, extraction_digest

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "tests" / "data" / "extraction_digest.json"
FILES = sorted((ROOT / "tests" / "data" / "corpus").glob("*.docx"))


def main() -> int:
    digest = extraction_digest(FILES)
    old = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    if old.get("digest") not in (None, digest) and old.get("extractor_version") == EXTRACTOR_VERSION:
        print(f"{RECORD}: the corpus yields something new under version {EXTRACTOR_VERSION}; "
              "raise EXTRACTOR_VERSION first", file=sys.stderr)
        return 1
    RECORD.write_text(json.dumps({"extractor_version": EXTRACTOR_VERSION, "digest": digest,
                                  "files": "tests/data/corpus/*.docx"}, indent=1) + "\n", encoding="utf-8")
    print(f"{RECORD}: version {EXTRACTOR_VERSION}, digest {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
