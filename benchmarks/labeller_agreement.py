"""How far two people agree when they label the same documents, beside how far minerva agrees.

    python -m benchmarks.labeller_agreement

A second labeller, who saw neither the code nor the first labels, labelled 40 public texts and 12
formal reports of the blind set ``tests/data/fresh4`` (``second_labeller/``). The first labels are
scored as gold against the second as a prediction, and minerva's extraction (styled Word) against
the first, on the same documents: where people already disagree, no extractor can score higher
against either of them. Only totals are printed, so the set stays blind.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import minerva
from minerva.evaluate import Score, load_gold, score_document
from tests.builders import rendered

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
FRESH4 = DATA / "fresh4"
SECOND = FRESH4 / "second_labeller"


def part(name: str) -> str:
    return "formal" if name.startswith(("f4-fa", "f4-fb")) else "public"


def main() -> int:
    people: dict[str, Score] = {}
    machine: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as tmp:
        rendered(FRESH4, Path(tmp))
        for second in sorted(SECOND.glob("*.gold.json")):
            name = second.name.removesuffix(".gold.json")
            first = load_gold(FRESH4 / second.name)
            people.setdefault(part(name), Score()).add(score_document(first, load_gold(second)))
            pred = {"reports": [r.to_dict() for r in minerva.extract(Path(tmp) / f"{name}.docx")]}
            machine.setdefault(part(name), Score()).add(score_document(first, pred))
    print("F1 against the first labels: cases, causes, measures")
    for key in sorted(people):
        docs = sum(1 for p in SECOND.glob("*.gold.json") if part(p.name) == key)
        for who, scores in (("second labeller", people), ("minerva", machine)):
            s = scores[key]
            print(f"  {key:7s} ({docs:2d} documents)  {who:16s} "
                  + "  ".join(f"{k} {s.f1(k):.3f}" for k in ("cases", "causes", "measures")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
