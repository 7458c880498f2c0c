"""Where an extraction set loses its causes and measures, whatever case holds them.

    python -m benchmarks.span_losses tests/data/fresh4 [more folders] [--suffix .docx]

For each folder of NAME.gold.json files, each NAME<suffix> is extracted and the document's causes
(then measures) are compared with the gold's, as the scorer's ``causes_any`` / ``measures_any``
compare them (paired one to one above the match threshold, ignoring which case holds them). Each
gold span that found no partner is put in one bin:

- ``cut``: an extracted span of the same role holds it, or lies inside it, but their lengths differ
  too much to match (a measure run on into its purpose, two measures read as one);
- ``other role``: extracted, but as another role (a cause read as a measure or as the problem);
- ``missed``: nowhere in what was extracted.

Each extracted span without a partner is ``cut`` likewise, ``other role`` when the gold holds it
as another role (or as the problem or effect), else ``not in gold``. Only totals are printed, so the
figures can be read on a blind set without seeing its documents.

On the seventeenth session's code the 112 public texts of the blind set ``fresh4`` gave, for
measures: 171 of 446 gold spans matched, 88 cut (72 of them inside a longer extracted span), 20
read as another role, 167 missed; for causes 18 of 130 matched, 27 cut, 29 read as another role,
56 missed. Its 24 formal reports: measures 177 of 194 matched, causes 90 of 102.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.case_counts import documents, folder_arguments
from minerva.evaluate import normalise, pair

ROLES = ("causes", "measures")
_MIN_CHARS = 4  # a shorter span inside another says nothing about where it was cut


@dataclass
class Tally:
    """Counts for one role of one folder."""

    gold: int = 0
    matched: int = 0
    gold_cut_longer: int = 0   # a longer extracted span holds the gold span
    gold_cut_shorter: int = 0  # the extracted span is a piece of the gold span
    gold_other_role: int = 0
    gold_missed: int = 0
    extracted: int = 0
    extracted_cut: int = 0
    extracted_other_role: int = 0
    extracted_not_in_gold: int = 0


def _inside(short: str, long_: str) -> bool:
    return len(short) >= _MIN_CHARS and short in long_


def _cut(a: str, spans: list[str]) -> str | None:
    """``longer`` when a span of ``spans`` holds ``a``, ``shorter`` when one lies inside it."""
    for b in spans:
        if _inside(a, b):
            return "longer"
        if _inside(b, a):
            return "shorter"
    return None


def _touches(a: str, spans: list[str]) -> bool:
    return _cut(a, spans) is not None


def _spans(cases: list[dict], role: str) -> list[str]:
    return list(dict.fromkeys(x for c in cases for x in c.get(role) or []))


def _named(cases: list[dict]) -> list[str]:
    """What a document says other than causes and measures: its problems and effects."""
    said = [[c.get("problem") or "", *(c.get("problem_alt") or []), c.get("effect") or ""] for c in cases]
    return [x for texts in said for x in texts if x]


def add(tally: dict[str, Tally], gold: dict, extracted: list[dict]) -> None:
    """Count one document: ``gold`` in the gold format, ``extracted`` its cases as dicts."""
    gold_cases = [c for r in gold["reports"] for c in r["cases"]]
    for role in ROLES:
        other = ROLES[1 - ROLES.index(role)]
        t = tally[role]
        golds, found = _spans(gold_cases, role), _spans(extracted, role)
        pairs = pair(golds, found)
        paired_gold, paired_found = {i for i, _ in pairs}, {j for _, j in pairs}
        found_n = [normalise(x) for k, x in enumerate(found) if k not in paired_found]
        found_other = [normalise(x) for x in _spans(extracted, other) + _named(extracted)]
        t.gold += len(golds)
        t.matched += len(pairs)
        for i, text in enumerate(golds):
            if i in paired_gold:
                continue
            text = normalise(text)
            cut = _cut(text, found_n)
            if cut == "longer":
                t.gold_cut_longer += 1
            elif cut == "shorter":
                t.gold_cut_shorter += 1
            elif _touches(text, found_other):
                t.gold_other_role += 1
            else:
                t.gold_missed += 1
        gold_n = [normalise(x) for i, x in enumerate(golds) if i not in paired_gold]
        gold_other = [normalise(x) for x in _spans(gold_cases, other) + _named(gold_cases)]
        t.extracted += len(found)
        for j, text in enumerate(found):
            if j in paired_found:
                continue
            if _touches(normalise(text), gold_n):
                t.extracted_cut += 1
            elif _touches(normalise(text), gold_other):
                t.extracted_other_role += 1
            else:
                t.extracted_not_in_gold += 1


def count(folder: Path, suffix: str) -> dict[str, Tally]:
    tally = {role: Tally() for role in ROLES}
    for gold, extracted in documents(folder, suffix):
        add(tally, gold, extracted)
    return tally


def main(argv: list[str] | None = None) -> int:
    a = folder_arguments(__doc__, argv)
    print(f"{'set':14s} {'role':9s} {'gold':>5s} {'match':>6s} {'in longer':>9s} {'in shorter':>10s} "
          f"{'other role':>10s} {'missed':>7s} | {'found':>5s} {'cut':>4s} {'other role':>10s} {'not in gold':>11s}")
    for folder in a.folders:
        for role, t in count(folder, a.suffix).items():
            print(f"{folder.name:14s} {role:9s} {t.gold:5d} {t.matched:6d} {t.gold_cut_longer:9d} "
                  f"{t.gold_cut_shorter:10d} {t.gold_other_role:10d} {t.gold_missed:7d} | {t.extracted:5d} "
                  f"{t.extracted_cut:4d} {t.extracted_other_role:10d} {t.extracted_not_in_gold:11d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
