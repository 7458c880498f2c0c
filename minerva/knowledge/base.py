"""The knowledge base as notebooks use it: ``kb = minerva.open("minerva.db")``.

One object over the store, the graph built from it and (later) the recommender, so a notebook
needs a single import. The graph is built on first use and rebuilt after an ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

from minerva.knowledge.records import Failure, StoredCase, StoredReport
from minerva.knowledge.store import Store

T = TypeVar("T")

# How cached derived values (search index, case vectors) are computed; a change rebuilds caches
# made by an older minerva (2: cases in content order, not id order; 3: a case's vector holds the
# other statements of its problem).
DERIVED_VERSION = "3"


class Listing(list, Generic[T]):
    """A list of records that can also become a pandas DataFrame."""

    def __init__(self, items: Iterable[T], row: Callable[[T], dict]) -> None:
        super().__init__(items)
        self._row = row

    def rows(self) -> list[dict]:
        return [self._row(item) for item in self]

    def _repr_html_(self) -> str:
        from minerva.display import listing_html

        return listing_html(self.rows())

    def to_pandas(self):
        """A DataFrame with one row per record (pandas is imported only here)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install 'minerva[notebook]'") from exc
        return pd.DataFrame(self.rows())


def case_row(stored: StoredCase) -> dict[str, Any]:
    case = stored.case
    return {
        "case_id": stored.id,
        "report_id": stored.report_id,
        "report": stored.report_title,
        "org": stored.org,
        "date": stored.date,
        "problem": case.problem,
        "causes": [c.text for c in case.causes],
        "measures": [m.text for m in case.measures],
        "measure_kinds": [m.kind for m in case.measures],
        "effect": case.effect,
        "effective": case.effective,
        "fields": dict(case.fields),
        "files": list(stored.files),
    }


def report_row(report: StoredReport) -> dict[str, Any]:
    return {
        "report_id": report.id,
        "title": report.title,
        "org": report.org,
        "date": report.date,
        "cases": len(report.cases),
        "files": list(report.files),
    }


def failure_row(failure: Failure) -> dict[str, Any]:
    return {"path": failure.path, "reason": failure.reason, "message": failure.message}


class KnowledgeBase:
    """Reports, cases and the knowledge graph of one store (a file, or a PostgreSQL database)."""

    def __init__(self, path: str | Path = "minerva.db", create: bool = True) -> None:
        self.store = Store(path, create=create)
        self.path = self.store.path  # a file path, or a postgresql:// URL
        self._graph = None
        self._cases: list[StoredCase] | None = None
        self._concepts = None
        self._recommender = None

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(self, archive: str | Path, **options):
        """Extract every report file under ``archive`` into the store (see ``minerva.knowledge.ingest``)."""
        from minerva.knowledge.ingest import ingest

        summary = ingest(Path(archive), self.store, **options)
        self._graph = self._cases = self._concepts = self._recommender = None
        self.prepare()
        return summary

    def prepare(self) -> None:
        """Build (or load) the search index now, so the next open answers at once: the index is
        cached in the store and only rebuilt after the store changes."""
        self.recommender  # noqa: B018  (building it is the point)

    def _stored_cases(self) -> list[StoredCase]:
        if self._cases is None:
            self._cases = self.store.cases()
        return self._cases

    @property
    def fine_concepts(self) -> dict:
        """Fine problem, cause and measure concepts (the same thing in other words), ConceptSet
        by kind; each set's ``coarse`` holds the coarse concepts. Clustered once per base."""
        if self._concepts is None:
            from minerva.knowledge.concepts import KINDS, concepts_of

            self._concepts = {kind: concepts_of(self._stored_cases(), kind, fine=True) for kind in KINDS}
        return self._concepts

    @property
    def concepts(self) -> dict:
        """Coarse problem, cause and measure concepts (the same kind of thing), ConceptSet by kind:
        what suggestions are gathered by."""
        return {kind: fine.coarse for kind, fine in self.fine_concepts.items()}

    @property
    def recommender(self):
        """The recommender over this base; its index is cached in the store until the store changes."""
        if self._recommender is None:
            from minerva.knowledge.graph import relapses_by_kind
            from minerva.knowledge.index import SearchIndex, lexicon_stamp
            from minerva.knowledge.recommend import Recommender

            stamp = f"{self.store.stamp()}|{lexicon_stamp()}|{self.scope or ''}|{DERIVED_VERSION}"
            cached = self.store.get_derived("search-index", stamp)
            index = SearchIndex.from_json(cached) if cached else None
            if index is None:
                concepts = self.concepts
                index = SearchIndex.build(self._stored_cases(), concepts["measure"], concepts["cause"],
                                          relapses_by_kind(self.graph))
                self.store.put_derived("search-index", stamp, index.to_json())
            self._recommender = Recommender(index=index, loader=self.store.cases_by_id,
                                            vectors=self._case_vectors(stamp))
        return self._recommender

    def _case_vectors(self, stamp: str):
        """The cases' sentence vectors when the semantic extra is installed (see ``semantic``):
        the matrix is cached for this store state, and each case's vector by its text, so that
        after an ingest only new cases are embedded."""
        from minerva.knowledge.semantic import CaseVectors, encoder

        enc = encoder()
        if enc is None:
            return None
        cached = self.store.get_derived("case-vectors", stamp)
        vectors = CaseVectors.from_json(cached, enc) if cached else None
        if vectors is None:
            by_text = self.store.get_derived("case-vector-texts", enc.name)
            vectors = CaseVectors.build(self._stored_cases(), enc, by_text,
                                        lambda value: self.store.put_derived("case-vector-texts", enc.name, value))
            self.store.put_derived("case-vectors", stamp, vectors.to_json())
        return vectors

    def similar(self, text: str, k: int = 10) -> list:
        """The past cases closest to a new complaint, best first (``CaseHit`` with ``.case``, ``.score``)."""
        return self.recommender.similar(text, k)

    def suggest(self, text: str, k: int = 5, min_closeness: float | None = None):
        """Measures for a new complaint, ranked, each with its wordings, effect record and evidence;
        ``min_closeness`` overrides how close a past case must be for any suggestion."""
        if min_closeness is None:
            return self.recommender.suggest(text, k)
        return self.recommender.suggest(text, k, min_closeness)

    def reports(self) -> Listing[StoredReport]:
        return Listing(self.store.reports(), report_row)

    def cases(self) -> Listing[StoredCase]:
        return Listing(self.store.cases(), case_row)

    def failures(self) -> Listing[Failure]:
        return Listing(self.store.failures(), failure_row)

    @property
    def graph(self):
        """The networkx knowledge graph (problem, cause and measure concepts, reports)."""
        if self._graph is None:
            from minerva.knowledge.graph import build_graph

            fine = self.fine_concepts
            self._graph = build_graph(self._stored_cases(),
                                      {"problem": fine["problem"].coarse, "cause": fine["cause"],
                                       "measure": fine["measure"]}, scope=self.scope)
        return self._graph

    @property
    def scope(self) -> str | None:
        """The one organisation every report of this base belongs to, if the user named it
        (``set_scope``); None: each report's own organisation."""
        return self.store.setting("scope")

    def set_scope(self, organisation: str | None) -> None:
        """Name the organisation the whole archive belongs to (None: read it from each report), for
        an archive whose reports lack letterheads or name their customers: a cause then recurs
        across all its reports. Kept in the base for every later command."""
        self.store.set_setting("scope", organisation.strip() if organisation and organisation.strip() else None)
        self._graph = self._recommender = None

    def recurring_causes(self) -> list:
        """Causes that came back for the same organisation and problem over time, oldest first."""
        from minerva.knowledge.graph import recurring_causes

        return recurring_causes(self.graph)

    def common_causes(self) -> list:
        """Causes found by several organisations, the most widely shared first."""
        from minerva.knowledge.graph import common_causes

        return common_causes(self.graph)


def open_kb(path: str | Path = "minerva.db") -> KnowledgeBase:
    """Open (or create) the knowledge base stored at ``path``: a file, or a ``postgresql://`` URL
    (extra ``minerva[postgres]``) for a base a team shares on a server."""
    return KnowledgeBase(path)
