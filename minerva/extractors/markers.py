"""Typed numbering at the start of a line: 一、 （一） 1. 1、 (1) 1) ① • D4 问题一 【原因】.

Reports mix numbering systems freely; what matters downstream is the *style* of a marker (so
that siblings can be recognised) and its ordinal value (so that an analysis list can be
aligned with a measures list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_CIRCLED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽"
_CN = "[一二三四五六七八九十]{1,3}"


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一, 十二, 二十三)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = CN_DIGITS.get(tens, 0) if tens else 1
        o = CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    value = 0
    for ch in text:
        if ch not in CN_DIGITS:
            return None
        value = value * 10 + CN_DIGITS[ch]
    return value


@dataclass(frozen=True)
class Marker:
    """A numbering label: ``style`` groups siblings, ``value`` is its ordinal."""

    style: str
    value: int | None
    raw: str


# (style, pattern). Order matters: the first match wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # D0 read by OCR as "Do" (a letter o for the zero) before Chinese text is still step D0
    ("8d", re.compile(r"^\s*(D[0-8]|(?i:discipline)\s*[0-8]|D[Oo](?=\s*[\u4e00-\u9fff]))"
                      r"(?![0-9A-Za-z])\s*[.、:：]?\s*")),
    ("problem", re.compile(
        rf"^\s*((?:问题|投诉事项|投诉问题|事项|篇)[（(]?({_CN}|\d{{1,2}}|[A-Ha-h](?![A-Za-z]))[)）]?(?![)）]?\s*的)"
        # 问题1、2整改后…: a list of numbers refers to problems, it labels none
        rf"(?![)）]?\s*[、，,和及与]\s*(?:{_CN}|\d))"
        rf"|第({_CN}|\d{{1,2}})(?:篇|项|部分)"
        rf"|(?:投诉|客诉|案例)({_CN}|\d{{1,2}})(?=\s*[:：、.．]))\s*[:：、.．]?\s*")),
    ("cn_paren", re.compile(rf"^\s*([（(]\s*({_CN})\s*[)）])\s*[、.．]?\s*")),
    ("cn", re.compile(rf"^\s*(({_CN})\s*[、.．，,])\s*")),
    # 第一起是…, 第二起…: incidents counted one by one, each a paragraph of its own
    ("cn_qi", re.compile(rf"^\s*(第({_CN})(?:起|件)(?:是)?)\s*[，,：:]?\s*")),
    ("cn_shi", re.compile(rf"^\s*((?:第)?({_CN})是)\s*[，,：:]?\s*")),
    ("num_paren", re.compile(r"^\s*([（(]\s*(\d{1,2})\s*[)）])\s*[、.．]?\s*")),
    ("paren_circled", re.compile(rf"^\s*([{PAREN_CIRCLED}])\s*")),
    ("circled", re.compile(rf"^\s*([{CIRCLED}])\s*[、.．]?\s*")),
    ("num_multi", re.compile(r"^\s*(([1-9]\d?)[.．]\d{1,2}(?:[.．]\d{1,2})*)\.?\s*"
                             r"(?![倍毫米厘公斤克吨元万秒分小时天度寸个台件套批层级升伏瓦兆])(?=[\u4e00-\u9fff【（(])")),
    ("num_dot", re.compile(r"^\s*((\d{1,2})\s*[.．](?![\d%]))\s*")),
    ("num_comma", re.compile(r"^\s*((\d{1,2})\s*、)\s*")),
    ("num_half", re.compile(r"^\s*((\d{1,2})\s*[)）])\s*")),
    ("letter", re.compile(r"^\s*(([a-zA-Z])[.、)）](?![A-Za-z]))\s*")),
    ("bracket", re.compile(r"^\s*(【([^】]{1,12})】)\s*")),
    ("bullet", re.compile(r"^\s*([•·●▪■◆◇□○►▶➢✓√\-–*])\s*")),
]


_REFERENCE_LIST = re.compile(r"[、，,/／;；\s]+")


def references(text: str) -> list[str]:
    """The codes a cell lists when it points at several items (Q1、Q2, 投诉一、投诉三, 1/2)."""
    return [part for part in _REFERENCE_LIST.split(text.strip()) if part]


def parse_marker(text: str) -> tuple[Marker | None, str]:
    """Split a leading numbering label off ``text``: (marker, rest)."""
    for style, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end():]
        if style == "bullet" and text.lstrip()[:1] in "-–" and text.lstrip()[1:2].isdigit():
            continue
        if style == "8d" and rest[:1].isdigit():
            continue
        raw = m.group(1)
        value = _value(style, m)
        return Marker(style, value, raw), rest.strip()
    return None, text.strip()


def _value(style: str, m: re.Match[str]) -> int | None:
    if style in ("circled", "paren_circled"):
        chars = CIRCLED if style == "circled" else PAREN_CIRCLED
        return chars.index(m.group(1)) + 1
    if style == "8d":
        return int(m.group(1)[-1].replace("o", "0").replace("O", "0"))
    if style == "letter":
        return ord(m.group(2).lower()) - ord("a") + 1
    if style in ("bracket", "bullet"):
        return None
    value = next(g for g in m.groups()[1:] if g)
    if len(value) == 1 and value.isascii() and value.isalpha():  # 问题A, 问题B: lettered problems
        return ord(value.lower()) - ord("a") + 1
    return cn_number(value)


def strip_marker(text: str) -> str:
    """The text without its leading numbering label(s)."""
    marker, rest = parse_marker(text)
    while marker is not None and marker.style != "bracket":
        marker, rest2 = parse_marker(rest)
        if marker is None or marker.style == "bracket":
            break
        rest = rest2
    return rest


# Inline enumerations inside a running paragraph: （1）… （2）… or ①…②… or 1、…2、…
_INLINE = {
    "num_paren": re.compile(r"[（(]\s*(\d{1,2})\s*[)）]"),
    "circled": re.compile(rf"([{CIRCLED}])"),
    "cn_shi": re.compile(rf"(?:^|(?<=[。；;，,：:\s]))(?:第)?({_CN})是"),
    "ordinal": re.compile(r"(?:^|(?<=[。；;，,：:\s]))((?:第|其)[一二三四五六七八九十])[，,、]"),
    "num_comma": re.compile(r"(?:^|(?<=[。；;，,：:\s]))(\d{1,2})[、.．](?![\d%])"),
    "cn_paren": re.compile(rf"[（(]({_CN})[)）]"),
}


def split_inline(text: str) -> tuple[str, list[str]] | None:
    """Split ``text`` at an inline enumeration that counts 1, 2, 3…: (lead-in, items).

    Returns None unless at least two consecutive ordinals are found, so that a lone "(1)" or a
    number in running text is not mistaken for a list.
    """
    found = split_inline_rest(text)
    return (found[0], found[1]) if found else None


def split_inline_rest(text: str) -> tuple[str, list[str], str] | None:
    """As ``split_inline``, with what the paragraph says after the sentence its last item ends
    (一是…；二是…。措施：…), which belongs to no item."""
    best: tuple[str, list[str], str] | None = None
    for style, pattern in _INLINE.items():
        hits = list(pattern.finditer(text))
        if len(hits) < 2:
            continue
        values = [_inline_value(style, h.group(1)) for h in hits]
        start = next((i for i, v in enumerate(values) if v == 1), None)
        if start is None:
            continue
        chosen = [hits[start]]
        expect = 2
        for h, v in zip(hits[start + 1:], values[start + 1:]):
            if v == expect:
                chosen.append(h)
                expect += 1
        if len(chosen) < 2:
            continue
        lead = text[: chosen[0].start()].strip()
        items = []
        end = len(text)
        for i, h in enumerate(chosen):
            end = chosen[i + 1].start() if i + 1 < len(chosen) else _last_item_end(text, h.end())
            items.append(text[h.end(): end].strip(" ，,、：:"))
        if best is None or len(items) > len(best[1]):
            best = (lead, items, text[end:].strip())
    return best


def continues_inline(text: str, line: str) -> bool:
    """Does ``line``, opening with a label such as （2）, go on with an inline enumeration that
    ``text`` runs (…；（1）…；)? Then it is the next item of a wrapped paragraph, not a new block."""
    marker, _ = parse_marker(line)
    pattern = _INLINE.get(marker.style) if marker is not None else None
    if pattern is None or not marker.value or marker.value < 2:
        return False
    return any(h.start() > 0 and _inline_value(marker.style, h.group(1)) == marker.value - 1
               for h in pattern.finditer(text))


def _last_item_end(text: str, start: int) -> int:
    """The last inline item runs to the end of its sentence, not of the paragraph."""
    stop = text.find("。", start)
    return len(text) if stop < 0 else stop + 1


def _inline_value(style: str, token: str) -> int | None:
    if style == "circled":
        return CIRCLED.index(token) + 1
    if style == "ordinal":
        return cn_number(token[1:])
    return cn_number(token)
