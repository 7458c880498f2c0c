"""Recurrence claims against the claims engineers listed for the recurrence sets.

    python -m benchmarks.recurrence [--suffix .docx]

Builds a base from each set's renderings (``tests/data/recur1``: looked at while the scoped
same-cause rule was made; ``recur2`` and ``recur3``: written afterwards and kept blind), then prints how many
pairs of reports the base claims as recurrences, how many a listed claim joins (precision), how
many listed pairs it finds (recall), how many decoys it claims, and how many listed relapsed
measures it names. Sources only are kept; renderings are made with ``tests/data/render.py``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from minerva.knowledge.base import KnowledgeBase
from minerva.knowledge.recurrence_check import score_recurrences

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SETS = ("recur1", "recur2", "recur3")


def score_set(folder: Path, suffix: str, workdir: Path, renderings: Path | None = None):
    """The recurrence score of a base built from the ``suffix`` renderings (in ``renderings``,
    default beside the sources) of the set in ``folder``."""
    archive = workdir / folder.name
    archive.mkdir(parents=True)
    for source in sorted(folder.glob("*.src.md")):
        rendering = (renderings or folder) / (source.name.removesuffix(".src.md") + suffix)
        shutil.copy(rendering, archive / rendering.name)
    with KnowledgeBase(workdir / f"{folder.name}.db") as kb:
        kb.ingest(archive, workers=1, progress=False)
        names = {r["report_id"]: Path(r["files"][0]).name.split(".")[0] for r in kb.reports().rows()}
        return score_recurrences(kb.graph, names, folder)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suffix", default=".docx")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in SETS:
            s = score_set(DATA / name, args.suffix, Path(tmp))
            print(f"{name}: claimed {s.claimed}, right {s.right} (precision {s.precision:.3f}), "
                  f"listed {s.listed} (recall {s.recall:.3f}), decoys claimed {s.decoys}; "
                  f"relapsed measures named {s.relapses_found} of {s.relapses_listed}")


if __name__ == "__main__":
    main()
