"""Problems listed once and answered by number further down.

A report to a regulator or head office often lists its problems in one section (二、存在问题：
（一）信用卡分期手续费告知不充分。…（二）…) and then answers them by number in the next ones
(问题（一）的原因：… / 针对问题（二）：…). The numbered lines are the problems, named by their
first sentence; each group whose label points at a number belongs to that problem.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from minerva.extractors.markers import parse_marker
from minerva.model import SourceRef


class Group(Protocol):
    role: str
    label: str
    problem: int | None


@dataclass(frozen=True)
class Listed:
    """A numbered line of a facts section: its number, its text and where it is."""

    number: int
    text: str
    source: SourceRef | None


def pointed_number(label: str) -> int | None:
    """The number a label points at (问题（一）, 问题二, 问题3, 问题B), or None."""
    marker, rest = parse_marker(label.strip())
    if marker is None or marker.style != "problem" or rest.strip(" 的：:，,"):
        return None
    return marker.value


def first_sentence(text: str) -> str:
    return re.split(r"[。；;]", text, maxsplit=1)[0].strip()


def answered_by_number(listed: Sequence[Listed], groups: Sequence[Group]) -> list[Listed] | None:
    """The listed lines that name the problems, when cause or measure groups point at two or more
    of them by number and every number pointed at was listed; None otherwise. Each pointing group
    is given its problem (the position of its line among those returned)."""
    numbers = [n.number for n in listed]
    if len(set(numbers)) != len(numbers):
        return None
    pointing = [(g, pointed_number(g.label)) for g in groups if g.role in ("cause", "measure") and g.label]
    pointing = [(g, n) for g, n in pointing if n is not None]
    pointed = {n for _, n in pointing}
    if len(pointed) < 2 or not pointed <= set(numbers):
        return None
    for g, n in pointing:
        g.problem = numbers.index(n)
    return list(listed)
