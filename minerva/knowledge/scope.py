"""Whose report it is: organisation names reduced to the scope in which a cause can recur.

A cause "comes back" only for the organisation that fixed it: an SMT line's stencil cleaning
says nothing about a hotel, and two suppliers with the same defect share a common cause, not a
recurrence. Names are written differently from report to report (深圳市声悦智能科技有限公司,
声悦智能科技有限公司质量部, 常州恒岳精密注塑 and 常州恒岳注塑), so they are reduced, and then
matched by their trade name rather than compared whole; the words taken off are data
(``resources/org_scope.json``). Reports that name no organisation share one scope, as
an archive kept by one department usually does (where other reports name theirs, recurrence
leaves them out: see ``graph.recurring_causes``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache

from minerva.knowledge.disjoint import DisjointSets
from minerva.knowledge.text import vocabulary

NO_ORGANISATION = ""


def org_scope(org: str | None) -> str:
    """The reduced name of an organisation (``NO_ORGANISATION`` when none is given)."""
    if not org:
        return NO_ORGANISATION
    words = _words()
    name = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", org))
    changed = True
    while changed:
        changed = False
        for word in words["endings"]:
            if name.endswith(word) and len(name) - len(word) >= 2:
                name, changed = name[: -len(word)], True
                break
    for suffix in words["regions"]:
        at = name.find(suffix)
        if 0 < at <= 4 and len(name) - at - len(suffix) >= 4:
            name = name[at + len(suffix):]
            break
    return name


# A trade name starts a reduced name, or follows a short place name (深圳 安居源物业): the shared
# run must start within this many characters of the other name's start.
TRADE_NAME_LEAD = 4


def organisation_scopes(names: Iterable[str | None]) -> dict[str, str]:
    """Per organisation name, the scope of the organisation it names: names that
    :func:`same_organisation` joins, directly or through others, share one scope, the reduced
    name most of them reduce to (the shortest on a tie)."""
    written = Counter(n for n in names if n and org_scope(n))
    distinct = sorted(written)
    names_of = DisjointSets(len(distinct))
    named = [_named(n) for n in distinct]
    cores = [core for _, core in named]
    by_char: dict[str, list[int]] = {}
    for i, core in enumerate(cores):
        for ch in set(core[: TRADE_NAME_LEAD + 2]):
            by_char.setdefault(ch, []).append(i)
    for i, core in enumerate(cores):
        for j in sorted({j for ch in set(core[: TRADE_NAME_LEAD + 2]) for j in by_char[ch] if j > i}):
            if names_of.root(i) != names_of.root(j) and _same_named(named[i], named[j]):
                names_of.join(i, j)
    out: dict[str, str] = {}
    for group in names_of.groups():
        members = [distinct[i] for i in group]
        votes = Counter()
        for n in members:
            votes[org_scope(n)] += written[n]
        scope = min(votes, key=lambda s: (-votes[s], len(s), s))
        out.update(dict.fromkeys(members, scope))
    return out


def same_organisation(a: str | None, b: str | None) -> bool:
    """Whether two organisation names name one organisation: their reduced names share a run of
    at least three characters (or the whole of a two-character name) that starts one name and
    starts within ``TRADE_NAME_LEAD`` characters of the other. 第一人民医院 and 第二人民医院 share
    人民医院, which starts neither, so they stay two. Names that both start with a place are two
    organisations when the places differ (江阴清源供水 / 宣城市清源供水, 芜湖恒锐 / 常州恒锐), and
    when the place is the same, what follows it must be the same trade name (绍兴柯美针织 and
    绍兴柯桥恒美印染 share only 绍兴柯)."""
    return _same_named(_named(a), _named(b))


# Within one place, two trade names written differently are one when they start alike and are
# this alike overall (农商银行澄南 / 农村商业银行澄南, 恒岳精密注塑 / 恒岳注塑; not 远驰供应链管理 /
# 汇通供应链管理): difflib's ratio, twice the matched characters over both lengths.
SAME_PLACE_RATIO = 0.7
_ORDINALS = re.compile(r"[一二三四五六七八九十百\d]")  # 第一/第二人民医院, 二分公司: numbered, never alike


def _named(name: str | None) -> tuple[str | None, str]:
    """(the place a name starts with, or None; the reduced name) of an organisation name."""
    return _place(name), _core(name)


def _same_named(a: tuple[str | None, str], b: tuple[str | None, str]) -> bool:
    (place_a, core_a), (place_b, core_b) = a, b
    if place_a and place_b:
        if place_a != place_b:
            return False
        rest_a, rest_b = core_a.removeprefix(place_a), core_b.removeprefix(place_b)
        return _same_core(rest_a, rest_b) or (
            bool(rest_a) and bool(rest_b) and rest_a[0] == rest_b[0]
            and _ORDINALS.findall(rest_a) == _ORDINALS.findall(rest_b)
            and SequenceMatcher(None, rest_a, rest_b, autojunk=False).ratio() >= SAME_PLACE_RATIO)
    return _same_core(core_a, core_b)


def _place(name: str | None) -> str | None:
    """The city or county a name starts with, after any province: written with 市/县/区 (江州市), or
    a leading word jieba's dictionary tags as a place name (江阴, 绍兴); None when it names none."""
    if not name:
        return None
    text = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", name))
    words = _words()
    for province in words["provinces"]:
        if text.startswith(province) and len(text) - len(province) >= 3:
            text = text[len(province):].removeprefix("省")
            break
    for suffix in words["regions"]:
        at = text.find(suffix)
        if 0 < at <= TRADE_NAME_LEAD and len(text) - at - len(suffix) >= 2:
            return text[:at]
    first = _first_word(text)
    if first is not None and len(text) - len(first) >= 2:
        return first
    return None


def _first_word(text: str) -> str | None:
    """The first word of ``text`` when jieba's dictionary tags it a place name (ns)."""
    import jieba
    import jieba.posseg  # a dictionary load, paid only when organisations are compared

    jieba.setLogLevel(logging.WARNING)  # its loading messages are noise for a library user
    for pair in jieba.posseg.dt.cut(text[:8]):
        return pair.word if pair.flag == "ns" and len(pair.word) >= 2 else None
    return None


def _core(name: str | None) -> str:
    """The reduced name without a leading province (上海禾膳餐饮管理 -> 禾膳餐饮管理)."""
    core = org_scope(name)
    for province in _words()["provinces"]:
        if core.startswith(province) and len(core) - len(province) >= 3:
            return core[len(province):]
    return core


def _same_core(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return a == b
    run = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if run.size < 3 and not run.size == min(len(a), len(b)) == 2:
        return False
    return (run.a == 0 and run.b <= TRADE_NAME_LEAD) or (run.b == 0 and run.a <= TRADE_NAME_LEAD)


@cache
def _words() -> dict[str, list[str]]:
    words = vocabulary("org_scope")
    words["endings"] = sorted([*words["departments"], *words["legal_forms"]], key=len, reverse=True)
    words["provinces"] = sorted(words.get("provinces", []), key=len, reverse=True)
    return words
