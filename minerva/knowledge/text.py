"""Chinese text to comparable features: jieba tokens with a domain lexicon, and char bigrams.

Phrases from different reports name the same cause in other words, so they are compared on
normalised tokens (NFKC, lower case, synonyms mapped to one canonical word, stop words and
numbers dropped) and on character bigrams, which still match where jieba splits a word wrongly.

The lexicon is three plain-text files in ``resources/``: ``domain_dict.txt`` (jieba userdict
format), ``synonyms.txt`` (one group a line, first word canonical), ``stopwords.txt`` and
``generic_words.txt`` (words left out when causes are compared for concepts). To add
your own words, put files of the same names in a folder and point ``MINERVA_RESOURCES`` at it (the
same variable the extractor vocabularies use), or pass the folder to :meth:`Lexicon.load`; your
entries are added to the bundled ones and your synonym groups join any bundled group they share a
word with.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

BUNDLED = Path(__file__).with_name("resources")
DICT_FILE = "domain_dict.txt"
SYNONYM_FILE = "synonyms.txt"
STOPWORD_FILE = "stopwords.txt"
GENERIC_FILE = "generic_words.txt"

# A token holding a digit is a quantity, date, model or part number: specific to one report.
_HAS_DIGIT = re.compile(r"\d")
# A lone letter or symbol that is not a Chinese character is a unit or model fragment (μ of μm).
_CJK = re.compile(r"[\u3400-\u9fff]")
# Runs of characters that make words; punctuation and spaces split a phrase into clauses.
_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class Lexicon:
    """Domain words, synonym map and stop words, merged from one or more resource folders."""

    words: tuple[tuple[str, int | None, str | None], ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()

    @classmethod
    def load(cls, *folders: str | Path) -> Lexicon:
        """The bundled lexicon plus the files found in ``folders`` (later folders extend earlier)."""
        words: list[tuple[str, int | None, str | None]] = []
        groups: list[list[str]] = []
        stop: set[str] = set()
        generic: set[str] = set()
        for folder in (BUNDLED, *map(Path, folders)):
            words.extend(_dict_entries(folder / DICT_FILE))
            groups.extend(line.split() for line in _lines(folder / SYNONYM_FILE))
            stop.update(normalize(line) for line in _lines(folder / STOPWORD_FILE))
            generic.update(normalize(line) for line in _lines(folder / GENERIC_FILE))
        return cls(tuple(words), _synonym_map(groups), frozenset(stop), frozenset(generic))


def normalize(text: str) -> str:
    """NFKC and lower case, so full-width letters and digits compare equal to ASCII ones."""
    return unicodedata.normalize("NFKC", text).lower()


class Analyzer:
    """Tokenises phrases with a private jieba instance, built on first use and kept."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._jieba: jieba.Tokenizer | None = None

    def tokens(self, text: str) -> list[str]:
        """Canonical content words of ``text`` in order (synonyms mapped, noise dropped)."""
        out: list[str] = []
        for clause in _WORD_RUN.findall(normalize(text)):
            out.extend(self._clause_tokens(clause))
        return out

    def bigrams(self, text: str) -> list[str]:
        """Character bigrams of each clause after synonym mapping and stop-word removal.

        Built from the joined canonical tokens, so a segmentation error does not hide a shared
        word and two synonyms still share their canonical form's bigrams.
        """
        out: list[str] = []
        for clause in _WORD_RUN.findall(normalize(text)):
            joined = "".join(self._clause_tokens(clause))
            if len(joined) == 1:
                out.append(joined)
            out.extend(joined[i : i + 2] for i in range(len(joined) - 1))
        return out

    def _clause_tokens(self, clause: str) -> list[str]:
        out: list[str] = []
        for raw in self._tokenizer().lcut(clause):
            token = raw.strip()
            if not token or self._is_noise(token):
                continue
            out.append(self.lexicon.synonyms.get(token, token))
        return out

    def _is_noise(self, token: str) -> bool:
        if token in self.lexicon.stopwords or _HAS_DIGIT.search(token):
            return True
        if len(token) == 1 and not _CJK.match(token):
            return True
        rest = token.lstrip("".join(c for c in token if c.isnumeric()))
        return rest != token and (not rest or rest in self.lexicon.stopwords)

    def _tokenizer(self) -> jieba.Tokenizer:
        if self._jieba is None:
            self._jieba = _build_tokenizer(self.lexicon)
        return self._jieba


def _build_tokenizer(lexicon: Lexicon) -> jieba.Tokenizer:
    import jieba  # here, not at the top: answering a query never segments with jieba (0.1 s saved)

    # jieba logs its dictionary loading at DEBUG to stderr; that is noise for a library user.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in lexicon.words:
        tokenizer.add_word(normalize(word), freq, tag)
    for word in sorted({*lexicon.synonyms, *lexicon.synonyms.values()}):
        tokenizer.add_word(word)
    return tokenizer


@cache
def default_analyzer() -> Analyzer:
    """The analyzer for the bundled lexicon plus ``MINERVA_RESOURCES`` if set (built once)."""
    extra = os.environ.get("MINERVA_RESOURCES")
    return Analyzer(Lexicon.load(*([extra] if extra else [])))


def tokens(text: str) -> list[str]:
    """Canonical content words of ``text`` with the default analyzer."""
    return default_analyzer().tokens(text)


def char_bigrams(text: str) -> list[str]:
    """Character bigrams of ``text`` with the default analyzer."""
    return default_analyzer().bigrams(text)


@cache
def vocabulary(name: str) -> dict[str, list[str]]:
    """The keyword lists of ``resources/NAME.json``, plus the same file under ``MINERVA_RESOURCES``."""
    paths = [BUNDLED / f"{name}.json"]
    extra = os.environ.get("MINERVA_RESOURCES")
    if extra and (Path(extra) / f"{name}.json").exists():
        paths.append(Path(extra) / f"{name}.json")
    merged: dict[str, list[str]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for key, words in json.load(fh).items():
                if not key.startswith("_"):
                    merged[key] = list(dict.fromkeys([*merged.get(key, []), *map(normalize, words)]))
    return merged


def classify(text: str, vocab: dict[str, list[str]]) -> str | None:
    """The vocabulary key whose words ``text`` uses most (by matched length), else None.

    Words are matched longest first without overlap, so 来料检验 counts for 测 and not also
    for 料; on a tie the key whose first word appears earliest wins (the subject comes first).
    """
    norm = normalize(text)
    taken = [False] * len(norm)
    score: Counter[str] = Counter()
    first: dict[str, int] = {}
    words = sorted(((w, k) for k, ws in vocab.items() for w in ws if w), key=lambda wk: (-len(wk[0]), wk[0]))
    for word, key in words:
        start = norm.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                score[key] += len(word)
                first[key] = min(first.get(key, start), start)
            start = norm.find(word, start + 1)
    if not score:
        return None
    return min(score, key=lambda k: (-score[k], first[k]))


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [s for s in (line.strip() for line in fh) if s and not s.startswith("#")]


def _dict_entries(path: Path) -> Iterable[tuple[str, int | None, str | None]]:
    for line in _lines(path):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        yield parts[0], freq, tag


def _synonym_map(groups: list[list[str]]) -> dict[str, str]:
    """Word -> canonical word; a group sharing a word with an earlier one joins that group."""
    canon: dict[str, str] = {}
    for group in groups:
        words = [normalize(w) for w in group]
        target = next((canon[w] for w in words if w in canon), words[0])
        for word in words:
            old = canon.get(word)
            if old is not None and old != target:
                canon.update({w: target for w, c in canon.items() if c == old})
            canon[word] = target
    return {w: c for w, c in canon.items() if w != c}
