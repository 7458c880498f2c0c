"""Time to build the knowledge graph and list recurring and common causes of a stored base.

    python -m benchmarks.suggest 10000 --keep /tmp/kb10k   # a synthetic base, once (minutes)
    python -m benchmarks.graph /tmp/kb10k/kb.db

Prints the cases read, then the seconds of ``build_graph``, ``recurring_causes`` and
``common_causes`` and what they found. Recurrence compares causes pairwise inside each
organisation, so an archive of few organisations and many reports is its worst case.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from minerva.knowledge.graph import build_graph, common_causes, recurring_causes
from minerva.knowledge.store import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path, help="a knowledge base written by minerva ingest")
    a = ap.parse_args(argv)
    if not a.db.exists():
        ap.error(f"{a.db}: no such knowledge base")
    cases = Store(a.db).cases()
    start = time.perf_counter()
    graph = build_graph(cases)
    built = time.perf_counter() - start
    start = time.perf_counter()
    recurring = recurring_causes(graph)
    listed = time.perf_counter() - start
    start = time.perf_counter()
    common = common_causes(graph)
    shared = time.perf_counter() - start
    print(f"{len(cases)} cases of {len({c.org for c in cases})} organisations")
    print(f"build_graph      {built:6.1f} s  {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print(f"recurring_causes {listed:6.1f} s  {len(recurring)} recurrences")
    print(f"common_causes    {shared:6.1f} s  {len(common)} common causes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
