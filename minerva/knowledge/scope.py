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
    cores = [_core(n) for n in distinct]
    by_char: dict[str, list[int]] = {}
    for i, core in enumerate(cores):
        for ch in set(core[: TRADE_NAME_LEAD + 2]):
            by_char.setdefault(ch, []).append(i)
    places = {i: {chain[0]} if chain else set() for i, (chain, _) in enumerate(named)}  # per group root
    for i, core in enumerate(cores):
        for j in sorted({j for ch in set(core[: TRADE_NAME_LEAD + 2]) for j in by_char[ch] if j > i}):
            a, b = names_of.root(i), names_of.root(j)
            # never join, through a name without a place, two groups of different places
            if a != b and len(places[a] | places[b]) <= 1 and _same_named(named[i], named[j]):
                names_of.join(a, b)
                places[a] = places[a] | places[b]
    out: dict[str, str] = {}
    taken: set[str] = set()
    for group in sorted(names_of.groups(), key=lambda g: -sum(written[distinct[i]] for i in g)):
        members = [distinct[i] for i in group]
        votes = Counter()
        for n in members:
            votes[org_scope(n)] += written[n]
        scope = min(votes, key=lambda s: (-votes[s], len(s), s))
        if scope in taken:  # two organisations that reduce alike (即墨区 / 叶县 市场监督管理局) stay two
            scope = min(members, key=lambda n: (-written[n], len(n), n))
        taken.add(scope)
        out.update(dict.fromkeys(members, scope))
    return out


def same_organisation(a: str | None, b: str | None) -> bool:
    """Whether two organisation names name one organisation: their reduced names share a run of
    at least three characters (or the whole of a two-character name) that starts one name and
    starts within ``TRADE_NAME_LEAD`` characters of the other. 第一人民医院 and 第二人民医院 share
    人民医院, which starts neither, so they stay two. Names that both start with a place are two
    organisations when the places differ (江阴清源供水 / 宣城市清源供水, 芜湖恒锐 / 常州恒锐), and
    when the place is the same, what follows it must start with the same two characters, the
    trade name (常州恒岳精密注塑 / 常州恒岳注塑 one; 绍兴柯美针织 / 绍兴柯桥恒美印染 two)."""
    return _same_named(_named(a), _named(b))


def _named(name: str | None) -> tuple[tuple[str, ...], str]:
    """(the places a name starts with, outermost first; the reduced name without them)."""
    places = _places(name)
    rest = _core(name)
    for place in places:
        if rest.startswith(place) and len(rest) - len(place) >= 2:
            rest = rest[len(place):]
            for suffix in _words()["place_suffixes"]:
                if rest.startswith(suffix) and len(rest) - len(suffix) >= 2:
                    rest = rest[len(suffix):]
                    break
    return places, rest


def _same_named(a: tuple[tuple[str, ...], str], b: tuple[tuple[str, ...], str]) -> bool:
    (places_a, rest_a), (places_b, rest_b) = a, b
    if places_a and places_b:
        if any(x != y for x, y in zip(places_a, places_b)):
            return False  # 江阴 / 宣城, or 佛山顺德 / 佛山南海
        # a district one name gives and the other writes without its suffix (绍兴市柯桥区 / 绍兴柯桥)
        deeper = places_a[len(places_b):] or places_b[len(places_a):]
        for place in deeper:
            rest_a, rest_b = rest_a.removeprefix(place), rest_b.removeprefix(place)
        return rest_a == rest_b or max(_leading_run(rest_a, rest_b), _leading_run(rest_b, rest_a)) >= 2
    return _same_core(_core_of(places_a, rest_a), _core_of(places_b, rest_b))


def _core_of(places: tuple[str, ...], rest: str) -> str:
    return "".join(places) + rest


def _places(name: str | None) -> tuple[str, ...]:
    """The city, county or district names a name starts with, after any province: each written
    with 市/县/区 (江州市, 佛山市顺德区), or a leading word jieba's dictionary tags as a place name
    (江阴, 绍兴); empty when it names none."""
    if not name:
        return ()
    text = _abbreviated(re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", name)))
    without = _without_province(text)
    text = without.removeprefix("省") if without != text else text
    words = _words()
    places: list[str] = []
    while len(places) < 3:
        found = [(at, suffix) for suffix in words["place_suffixes"]
                 if 0 < (at := text.find(suffix)) <= TRADE_NAME_LEAD]
        if found:  # the first suffix: 即墨区市场监督管理局 is in 即墨, not in 即墨区
            at, suffix = min(found)
            if len(text) - at - len(suffix) >= 2:
                places.append(text[:at])
                text = text[at + len(suffix):]
                continue
        first = _first_word(text) if not places else None
        if first is not None and len(text) - len(first) >= 2:
            places.append(first)
            text = text[len(first):]
            continue
        break
    return tuple(places)


def _first_word(text: str) -> str | None:
    """The first word of ``text`` when jieba's dictionary tags it a place name (ns)."""
    for pair in _tagger().cut(text[:8]):
        return pair.word if pair.flag == "ns" and len(pair.word) >= 2 else None
    return None


@cache
def _tagger():
    """jieba's part-of-speech tagger: a dictionary load, paid only when organisations are compared."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # its loading messages are noise for a library user
    return jieba.posseg.dt


def _core(name: str | None) -> str:
    """The reduced name without a leading province (上海禾膳餐饮管理 -> 禾膳餐饮管理)."""
    return _without_province(_abbreviated(org_scope(name)))


def _without_province(text: str) -> str:
    """``text`` without a leading province name, when enough is left to name something."""
    for province in _words()["provinces"]:
        if text.startswith(province) and len(text) - len(province) >= 3:
            return text[len(province):]
    return text


def _same_core(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return a == b
    need = 2 if min(len(a), len(b)) == 2 else 3
    return _leading_run(a, b) >= need or _leading_run(b, a) >= need


def _leading_run(a: str, b: str) -> int:
    """The longest run that starts ``a`` and starts within ``TRADE_NAME_LEAD`` characters of
    ``b`` (捷运通快递有限公司南京分拨中心 / 捷运通快递南京分拨中心: 捷运通快递, though 南京分拨中心 is longer)."""
    best = 0
    for start in range(min(TRADE_NAME_LEAD, len(b) - 1) + 1):
        n = 0
        while n < len(a) and start + n < len(b) and a[n] == b[start + n]:
            n += 1
        best = max(best, n)
    return best


def _abbreviated(name: str) -> str:
    """``name`` with the long forms of ``abbreviations`` written short (农村商业银行 -> 农商银行)."""
    for long, short in _words()["abbreviations"].items():
        name = name.replace(long, short)
    return name


@cache
def _words() -> dict:
    """The word lists, prepared; a copy, since ``vocabulary`` hands every caller the same dict."""
    words = dict(vocabulary("org_scope"))
    words["endings"] = sorted([*words["departments"], *words["legal_forms"]], key=len, reverse=True)
    words["provinces"] = sorted(words.get("provinces", []), key=len, reverse=True)
    pairs = (entry.split("=", 1) for entry in words.get("abbreviations", []) if "=" in entry)
    words["abbreviations"] = dict(sorted(pairs, key=lambda pair: -len(pair[0])))
    return words
