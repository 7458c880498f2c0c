"""Traditional characters -> simplified, so that one set of vocabularies reads both scripts.

Reports from Taiwan, Hong Kong or a translation site are written in traditional characters
(臨柜人員制度掌握不準). Every vocabulary, cue list and model in minerva is simplified, so the
text is converted (OpenCC ``t2s``) before the later stages look at it, and the spans they return
are mapped back to the file's own characters: records keep what the document says.

The conversion is kept one character for one character (OpenCC phrase rules that change a
length are undone character by character), so an offset in the simplified text is the same
offset in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from minerva.model import Block, Document

_PIECES = re.compile(r"([，,；;：:。\s]+)")
_MIN_CHANGED = 3  # a simplified text with a stray variant character is not a traditional one


@cache
def _converter():
    try:
        import opencc
    except ImportError:  # optional: without it traditional text is read as it is
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length (unchanged without OpenCC)."""
    conv = _converter()
    if conv is None or not text:
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    return "".join(new if len(new := conv.convert(ch)) == 1 else ch for ch in text)


@dataclass
class Restorer:
    """Maps spans of the simplified document back to the characters of the original."""

    simplified: str
    original: str

    def __call__(self, span: str | None) -> str | None:
        if not span:
            return span
        at = self.simplified.find(span)
        if at >= 0:
            return self.original[at: at + len(span)]
        parts = _PIECES.split(span)
        if len(parts) == 1:
            return span
        return "".join(self(p) if k % 2 == 0 else p for k, p in enumerate(parts))


def simplify(doc: Document) -> tuple[Document, Restorer | None]:
    """The document with every block in simplified characters, and how to restore spans.

    Returns the document itself and ``None`` when it holds (almost) no traditional characters.
    """
    originals: list[str] = []
    converted: list[str] = []
    blocks: list[Block] = []
    changed = 0
    for block in doc.blocks:
        rows = None
        if block.rows is not None:
            rows = [[to_simplified(c) for c in row] for row in block.rows]
            for row, new in zip(block.rows, rows):
                originals.extend(row)
                converted.extend(new)
        text = to_simplified(block.text)
        label = to_simplified(block.label)
        changed += sum(a != b for a, b in zip(block.text, text))
        originals.extend([block.text, block.label])
        converted.extend([text, label])
        blocks.append(replace(block, text=text, label=label, rows=rows))
    if changed < _MIN_CHANGED:
        return doc, None
    sep = "\n"
    return replace(doc, blocks=blocks), Restorer(sep.join(converted), sep.join(originals))
