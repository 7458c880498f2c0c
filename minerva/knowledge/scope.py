"""Whose report it is: organisation names reduced to the scope in which a cause can recur.

A cause "comes back" only for the organisation that fixed it: an SMT line's stencil cleaning
says nothing about a hotel, and two suppliers with the same defect share a common cause, not a
recurrence. Names are written differently from report to report (深圳市声悦智能科技有限公司,
声悦智能科技有限公司质量部), so they are reduced before they are compared; the words taken off
are data (``resources/org_scope.json``). Reports that name no organisation share one scope, as
an archive kept by one department usually does (where other reports name theirs, recurrence
leaves them out: see ``graph.recurring_causes``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

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


@cache
def _words() -> dict[str, list[str]]:
    words = vocabulary("org_scope")
    words["endings"] = sorted([*words["departments"], *words["legal_forms"]], key=len, reverse=True)
    return words
