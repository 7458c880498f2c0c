"""Themes: named kinds of cause, measure and problem, recognised by patterns kept as data.

Two reports often name the same kind of cause with no word in common (镀金层氧化 and
助焊剂残留形成绝缘膜 both leave an insulating film on a contact), and two causes of one
family often share most words yet differ (钢网厚度偏厚 and 刮刀压力偏大). Word similarity
cannot see either, so a catalogue of themes, like the cause codes a quality department files
lessons under, adds what a quality engineer knows. Each theme is a list of regular
expressions over the normalised phrase (NFKC, lower case); a phrase has every theme one of
whose patterns it matches.

The catalogues are ``resources/{cause,measure,problem}_themes.json``. A file of the same
name in the folder named by ``MINERVA_RESOURCES`` adds themes, or patterns to a bundled
theme of the same name.
"""

from __future__ import annotations

import re
from functools import cache

from minerva.knowledge.text import normalize, vocabulary

CATALOGUES = {"cause": "cause_themes", "measure": "measure_themes", "problem": "problem_themes"}


@cache
def _patterns(kind: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    name = CATALOGUES.get(kind)
    if name is None:
        return ()
    out = []
    for theme, patterns in vocabulary(name).items():
        try:
            out.append((theme, re.compile("|".join(f"(?:{p})" for p in patterns))))
        except re.error as exc:
            raise ValueError(f"{name}.json: theme {theme!r} has a bad pattern: {exc}") from exc
    return tuple(out)


def themes_of(text: str, kind: str) -> frozenset[str]:
    """Names of the themes of ``kind`` ("cause", "measure" or "problem") that ``text`` matches."""
    norm = normalize(text)
    return frozenset(theme for theme, pattern in _patterns(kind) if pattern.search(norm))


def themes() -> dict[str, list[str]]:
    """Theme names per kind, in catalogue order."""
    return {kind: [theme for theme, _ in _patterns(kind)] for kind in CATALOGUES}
