"""Vocabularies kept as JSON data files in ``resources/`` so users can extend them.

A user can point ``MINERVA_RESOURCES`` at a folder holding files of the same names; their terms
are added to the bundled ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path

_BUNDLED = Path(__file__).with_name("resources")


@cache
def load(name: str) -> dict:
    """The merged vocabulary ``name``.json (bundled, plus a user folder if set)."""
    data = _read(_BUNDLED / f"{name}.json")
    extra = os.environ.get("MINERVA_RESOURCES")
    if extra and (Path(extra) / f"{name}.json").exists():
        for key, value in _read(Path(extra) / f"{name}.json").items():
            if isinstance(value, list):
                data[key] = list(dict.fromkeys([*data.get(key, []), *value]))
            else:
                data[key] = value
    data.pop("_doc", None)
    return data


def alternation(words) -> str:
    """``words`` as one regular-expression alternation, escaped, longest first, so that a longer
    word wins over a shorter one it starts with (有限公司 before 公司)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def fingerprint() -> str:
    """A short hash of every vocabulary in force (bundled and user files).

    Stored with each ingested file beside the extractor version, so that editing a vocabulary
    makes the next ingest read the archive again.
    """
    return _fingerprint(os.environ.get("MINERVA_RESOURCES", ""))


@cache
def _fingerprint(extra: str) -> str:
    digest = hashlib.sha256()
    folders = [_BUNDLED]
    if extra and Path(extra).is_dir():
        folders.append(Path(extra))
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
