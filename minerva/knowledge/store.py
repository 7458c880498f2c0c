"""The knowledge base: every archive file and the reports in it, in one SQLite file or a
PostgreSQL database (``database.py``).

Reports are recognised by content, so the Word draft, the signed PDF, a copy in another folder
and a re-rendering of one report are stored as one report linked to all of those files. Each
link keeps what was extracted from that file (its own cases with page or paragraph provenance);
the report is shown with the content of its *representative* file, the first by path. That keeps
the store a pure function of the set of files it was given: the order files were ingested in,
or an interrupted run resumed later, cannot change what ``reports()`` and ``cases()`` return.

Every change to a file is one transaction, so a process killed at any moment leaves the file
either fully stored or not touched; readers can look while an ingest is writing.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from minerva.extractors.markers import strip_marker
from minerva.knowledge.database import Database, DatabaseError, connect, is_url, shown
from minerva.knowledge.records import Failure, StoredCase, StoredReport
from minerva.model import Case, Measure, SourceRef, Span

SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE files (
    id {key},
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    mtime DOUBLE PRECISION NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    reason TEXT,
    message TEXT,
    warnings TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);
CREATE TABLE reports (
    id {key},
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE report_files (
    id {key},
    report_id BIGINT NOT NULL REFERENCES reports(id),
    file_id BIGINT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    title TEXT,
    org TEXT,
    date TEXT,
    source TEXT,
    UNIQUE (report_id, file_id)
);
CREATE INDEX report_files_file ON report_files(file_id);
CREATE TABLE cases (
    id {key},
    report_file_id BIGINT NOT NULL REFERENCES report_files(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    problem TEXT NOT NULL,
    problem_alt TEXT NOT NULL,
    effect TEXT,
    effective INTEGER,
    source TEXT,
    fields TEXT
);
CREATE INDEX cases_link ON cases(report_file_id, ordinal);
CREATE TABLE causes (
    id {key},
    case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT
);
CREATE INDEX causes_case ON causes(case_id, ordinal);
CREATE TABLE measures (
    id {key},
    case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT
);
CREATE INDEX measures_case ON measures(case_id, ordinal);
-- a looser fingerprint of each report, to recognise a copy whose text differs a little (OCR)
CREATE TABLE report_prints (
    report_id {given_key} REFERENCES reports(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    print TEXT NOT NULL
);
CREATE INDEX report_prints_title ON report_prints(title);
-- the link whose content stands for the report: its first file by path, first occurrence in it
CREATE VIEW representative AS
SELECT * FROM (
    SELECT rf.*, f.path AS path,
           ROW_NUMBER() OVER (PARTITION BY rf.report_id ORDER BY f.path, rf.ordinal) AS rank
    FROM report_files rf JOIN files f ON f.id = rf.file_id
) AS ranked WHERE rank = 1;
-- values derived from the store (search index, concepts), and the user's settings
CREATE TABLE derived (name TEXT PRIMARY KEY, stamp TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# How much of each text goes into a report key (in normalised characters), see report_key.
_PROBLEM_CHARS = 16
_ITEM_CHARS = 8
_MIN_ITEM_CHARS = 4
# Fingerprint: how much of each text, and the share of parts two copies of a report share at least.
_PRINT_CHARS = 6
_SAME_PRINT = 0.6


class StoreError(Exception):
    """The database cannot be used: not a minerva store, or written by a newer minerva."""


class NoStoreError(StoreError):
    """Opened only to read, the database holds no knowledge base yet."""


@dataclass(frozen=True)
class StoredFile:
    """One archive file as last seen: its content hash, stat and how extraction went."""

    path: str
    sha256: str
    size: int
    mtime: float
    version: str
    status: str
    reason: str | None
    message: str | None
    warnings: list[str]
    extracted_at: str


def normalise(text: str | None) -> str:
    """Text reduced to what survives every rendering: no numbering label, width, case,
    whitespace or punctuation (NFKC; letters and digits only)."""
    text = unicodedata.normalize("NFKC", strip_marker(text or "")).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def report_key(report: dict) -> str:
    """The content key of a report (a ``Report.to_dict()``): equal for every copy of one report.

    An exact hash of all the normalised text is not enough: on the development corpus the Word
    and PDF renderings of a report mostly agree after normalisation, but PDF table cells can lose
    a clipped tail ("1.8N.m" read as "1.8N") or gain a stray fragment as an extra measure ("待").
    So the key is a fingerprint of the parts extraction gets right on every rendering:

    * the normalised title;
    * the start (16 characters) of each case's problem, sorted - this also fixes the case count;
    * the sorted set of the starts (8 characters) of the causes and of the measures, leaving out
      fragments shorter than 4 characters.

    Dates and organisations are left out on purpose: a draft and its signed copy may carry
    different dates. The price is that two reports with the same title, problems and opening
    words of every cause and measure are taken for one; a rendering whose extraction differs
    in those openings is stored as a second report rather than merged with a wrong one.
    """
    cases = report.get("cases") or []
    problems = sorted(normalise(c.get("problem"))[:_PROBLEM_CHARS] for c in cases)
    causes = _starts(t for c in cases for t in c.get("causes") or [])
    measures = _starts(t for c in cases for t in c.get("measures") or [])
    text = "\n".join(["k1", normalise(report.get("title")), "|".join(problems), "|".join(causes), "|".join(measures)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_print(report: dict) -> tuple[str, set[str]]:
    """(normalised title, fingerprint): short starts of the problems, causes and measures, which
    a few misread characters change only here and there, unlike the exact content key."""
    cases = report.get("cases") or []
    parts = {"p:" + normalise(c.get("problem"))[:_PRINT_CHARS] for c in cases}
    parts |= {"i:" + t[:_PRINT_CHARS] for c in cases for t in map(normalise, [*(c.get("causes") or []),
                                                                           *(c.get("measures") or [])])
              if len(t) >= _MIN_ITEM_CHARS}
    return normalise(report.get("title")), parts


def _starts(texts) -> list[str]:
    norm = (normalise(t) for t in texts)
    return sorted({t[:_ITEM_CHARS] for t in norm if len(t) >= _MIN_ITEM_CHARS})


class Store:
    """A minerva knowledge base in one SQLite file or a PostgreSQL database (a ``postgresql://``
    URL); created on first use.

    The ingesting process is the only writer. ``reports()`` and ``cases()`` come back ordered by
    their representative file's path, then by their place in that file.
    """

    def __init__(self, location: str | Path, create: bool = True) -> None:
        """Open the store at ``location``; with ``create`` off, a database without one is an error
        (a command that only reads must not leave an empty store behind)."""
        self.location = str(location) if is_url(location) else Path(location)
        try:
            self._db: Database = connect(location)
        except DatabaseError as exc:
            raise StoreError(str(exc)) from exc
        try:
            self._open_schema(create)
        except StoreError:
            self._db.close()
            raise
        except self._db.errors as exc:
            self._db.close()
            raise StoreError(f"{shown(self.location)}: not a minerva store ({exc})") from exc

    @property
    def path(self) -> Path | str:
        """Where the store is: a file path, or a server URL."""
        return self.location

    def _open_schema(self, create: bool) -> None:
        """Check the schema version; create the schema in a new store (under a lock, so two
        processes opening one new store at once do not both create it); upgrade an older one."""
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return
        if not create and not version:
            self._refuse_foreign()
            raise NoStoreError(f"no knowledge base at {shown(self.location)}")
        with self._tx():
            self._db.lock_schema()
            version = self._schema_version()
            if version == SCHEMA_VERSION:
                return
            if version in (1, 2, 3):
                self._upgrade(version)
                return
            self._refuse_foreign()
            self._run(_SCHEMA)
            self._db.set_schema_version(SCHEMA_VERSION)

    def _refuse_foreign(self) -> None:
        """A database without minerva's schema must be empty before minerva calls it its own."""
        if self._db.holds_tables():
            raise StoreError(f"{shown(self.location)}: a database that is not a minerva store")

    def _upgrade(self, version: int) -> None:
        """Version 2 adds report fingerprints (reports stored before have none: exact keys only);
        version 3 adds the labelled details of cases (none for cases stored before); version 4
        makes the derived-value cache and the settings part of the schema (a store made before
        may lack them). Only SQLite stores are older than version 3; PostgreSQL stores made at
        version 3 already hold both tables, so for them only the version number changes."""
        if version < 2:
            self._run(_SCHEMA[_SCHEMA.index("CREATE TABLE report_prints"):_SCHEMA.index("-- the link whose content")])
        if version < 3:
            self._db.execute("ALTER TABLE cases ADD COLUMN fields TEXT")
        if version < 4:
            cache_and_settings = _SCHEMA[_SCHEMA.index("CREATE TABLE derived"):]
            self._run(cache_and_settings.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
        self._db.set_schema_version(SCHEMA_VERSION)

    def _run(self, script: str) -> None:
        for statement in self._db.ddl(script).split(";"):
            if statement.strip():
                self._db.execute(statement)

    def _schema_version(self) -> int:
        version = self._db.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{shown(self.location)} has store schema version {version}, written by a newer "
                             f"minerva; this one reads version {SCHEMA_VERSION}: upgrade minerva")
        return version

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[Database]:
        """One write transaction: all of it is stored, or (error, interrupt, kill) none of it."""
        with self._db.transaction() as db:
            yield db

    # ------------------------------------------------------------------ writing

    def replace_file(self, path: str, sha256: str, size: int, mtime: float, version: str,
                     reports: list[dict] | None, failure: Failure | None, warnings: list[str] | None = None) -> None:
        """Store what one file holds now, replacing whatever it held before, in one transaction.

        ``reports`` are ``Report.to_dict()`` records (none for a failed file). A report already
        known by its key gets this file as one more link; reports no file links to any more are
        deleted. A report occurring twice in one file is stored at its first place. ``warnings``
        are the reader's (pages needing OCR, ...); by default those the reports carry.
        """
        if reports and failure is not None:
            raise ValueError("a file is either read (reports) or failed, not both")
        status, reason, message = ("failed", failure.reason, failure.message) if failure else ("ok", None, None)
        if warnings is None:
            warnings = list(dict.fromkeys(w for r in reports or [] for w in r.get("warnings") or []))
        with self._tx() as db:
            db.execute(
                "INSERT INTO files (path, sha256, size, mtime, version, status, reason, message, warnings,"
                " extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET"
                " sha256 = excluded.sha256, size = excluded.size, mtime = excluded.mtime,"
                " version = excluded.version, status = excluded.status, reason = excluded.reason,"
                " message = excluded.message, warnings = excluded.warnings, extracted_at = excluded.extracted_at",
                (path, sha256, size, mtime, version, status, reason, message,
                 json.dumps(warnings, ensure_ascii=False), _now()))
            file_id = db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()[0]
            old = self._unlink(file_id)
            for ordinal, report in enumerate(reports or []):
                self._insert_report(file_id, ordinal, report)
            self._drop_orphans(old)

    def update_stat(self, path: str, size: int, mtime: float) -> None:
        """Record a new size/mtime for a file whose content hash did not change."""
        with self._tx() as db:
            db.execute("UPDATE files SET size = ?, mtime = ? WHERE path = ?", (size, mtime, path))

    def remove_file(self, path: str) -> None:
        """Forget a file and every report only it held."""
        with self._tx() as db:
            row = db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
            if row is None:
                return
            old = self._unlink(row[0])
            db.execute("DELETE FROM files WHERE id = ?", (row[0],))
            self._drop_orphans(old)

    def _unlink(self, file_id: int) -> list[int]:
        """Drop a file's report links (their cases go with them); the reports it linked to."""
        old = [r for (r,) in self._db.execute("SELECT report_id FROM report_files WHERE file_id = ?", (file_id,))]
        self._db.execute("DELETE FROM report_files WHERE file_id = ?", (file_id,))
        return old

    def _drop_orphans(self, report_ids: list[int]) -> None:
        for report_id in report_ids:
            self._db.execute("DELETE FROM reports WHERE id = ? AND NOT EXISTS"
                             " (SELECT 1 FROM report_files WHERE report_id = ?)", (report_id, report_id))

    def _insert_report(self, file_id: int, ordinal: int, report: dict) -> None:
        db = self._db
        report_id = self._report_id(report)
        if report_id is None:
            title, parts = report_print(report)
            report_id = db.insert("INSERT INTO reports (key) VALUES (?)", (report_key(report),))
            db.execute("INSERT INTO report_prints (report_id, title, print) VALUES (?, ?, ?)",
                       (report_id, title, json.dumps(sorted(parts), ensure_ascii=False)))
        link = db.insert(
            "INSERT INTO report_files (report_id, file_id, ordinal, title, org, date, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (report_id, file_id, ordinal, report.get("title"), report.get("org"), report.get("date"),
             _json(report.get("source"))))
        if link is None:
            return
        for case_no, case in enumerate(report.get("cases") or []):
            self._insert_case(link, case_no, case)

    def _report_id(self, report: dict) -> int | None:
        """The stored report this one is a copy of: same content key, or else the same title and a
        fingerprint at least ``_SAME_PRINT`` alike (a re-scan whose OCR misread a character)."""
        row = self._db.execute("SELECT id FROM reports WHERE key = ?", (report_key(report),)).fetchone()
        if row:
            return row[0]
        title, parts = report_print(report)
        best, best_score = None, _SAME_PRINT
        for report_id, stored in self._db.execute("SELECT report_id, print FROM report_prints WHERE title = ?",
                                                  (title,)):
            other = set(json.loads(stored))
            score = len(parts & other) / len(parts | other) if parts | other else 1.0
            if score >= best_score:
                best, best_score = report_id, score
        return best

    def _insert_case(self, link_id: int, ordinal: int, case: dict) -> None:
        db = self._db
        prov = case.get("provenance") or {}
        effective = case.get("effective")
        case_id = db.insert(
            "INSERT INTO cases (report_file_id, ordinal, problem, problem_alt, effect, effective, source, fields)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (link_id, ordinal, case["problem"], json.dumps(case.get("problem_alt") or [], ensure_ascii=False),
             case.get("effect"), None if effective is None else int(effective), _json(prov.get("problem")),
             _json(case.get("fields") or None)))
        sources = prov.get("causes") or []
        db.executemany("INSERT INTO causes (case_id, ordinal, text, source) VALUES (?, ?, ?, ?)",
                       [(case_id, i, text, _json(_at(sources, i))) for i, text in enumerate(case.get("causes") or [])])
        sources, kinds = prov.get("measures") or [], prov.get("measure_kinds") or []
        db.executemany("INSERT INTO measures (case_id, ordinal, text, kind, source) VALUES (?, ?, ?, ?, ?)",
                       [(case_id, i, text, _at(kinds, i) or "unspecified", _json(_at(sources, i)))
                        for i, text in enumerate(case.get("measures") or [])])

    # ------------------------------------------------------------------ reading

    def file_state(self, path: str) -> tuple[str, str] | None:
        """(sha256, extractor version) of the file as stored, or None if it is not stored."""
        row = self._db.execute("SELECT sha256, version FROM files WHERE path = ?", (path,)).fetchone()
        return (row[0], row[1]) if row else None

    def files(self) -> list[StoredFile]:
        rows = self._db.execute("SELECT path, sha256, size, mtime, version, status, reason, message, warnings,"
                                " extracted_at FROM files ORDER BY path")
        return [StoredFile(*row[:8], json.loads(row[8]), row[9]) for row in rows]

    def failures(self) -> list[Failure]:
        rows = self._db.execute("SELECT path, reason, message FROM files WHERE status = 'failed' ORDER BY path")
        return [Failure(path, reason or "corrupt", message or "") for path, reason, message in rows]

    def counts(self) -> dict[str, int]:
        """Files stored (read and failed) and the distinct reports, cases, causes and measures."""
        one = self._db.execute
        return {
            "files": one("SELECT count(*) FROM files").fetchone()[0],
            "failed": one("SELECT count(*) FROM files WHERE status = 'failed'").fetchone()[0],
            "reports": one("SELECT count(*) FROM reports").fetchone()[0],
            "cases": one("SELECT count(*) FROM cases JOIN representative r ON r.id = cases.report_file_id")
            .fetchone()[0],
            "causes": one("SELECT count(*) FROM causes JOIN cases c ON c.id = causes.case_id"
                          " JOIN representative r ON r.id = c.report_file_id").fetchone()[0],
            "measures": one("SELECT count(*) FROM measures JOIN cases c ON c.id = measures.case_id"
                            " JOIN representative r ON r.id = c.report_file_id").fetchone()[0],
        }

    def reports(self) -> list[StoredReport]:
        """Every distinct report with all its files and its representative file's cases."""
        files: dict[int, list[str]] = defaultdict(list)
        for report_id, path in self._db.execute(
                "SELECT rf.report_id, f.path FROM report_files rf JOIN files f ON f.id = rf.file_id"
                " ORDER BY f.path, rf.ordinal"):
            files[report_id].append(path)
        reports = [StoredReport(id=rid, key=key, title=title, org=org, date=date, files=files[rid])
                   for rid, key, title, org, date in self._db.execute(
                       "SELECT r.report_id, reports.key, r.title, r.org, r.date FROM representative r"
                       " JOIN reports ON reports.id = r.report_id ORDER BY r.path, r.ordinal")]
        by_id = {r.id: r for r in reports}
        causes, measures = self._spans()
        for row in self._db.execute(
                "SELECT c.id, r.report_id, c.problem, c.problem_alt, c.effect, c.effective, c.source, c.fields"
                " FROM cases c JOIN representative r ON r.id = c.report_file_id ORDER BY r.path, r.ordinal, c.ordinal"):
            case_id, report_id, problem, alt, effect, effective, source, fields = row
            report = by_id[report_id]
            case = Case(problem=problem, causes=causes.get(case_id, []), measures=measures.get(case_id, []),
                        effect=effect, effective=None if effective is None else bool(effective),
                        problem_alt=json.loads(alt), source=_source(source), fields=json.loads(fields or "{}"))
            report.cases.append(StoredCase(id=case_id, report_id=report_id, report_title=report.title,
                                           org=report.org, date=report.date, files=list(report.files), case=case))
        return reports

    def cases(self) -> list[StoredCase]:
        """Every distinct case, in report order then document order."""
        return [case for report in self.reports() for case in report.cases]

    def cases_by_id(self, ids: list[int]) -> list[StoredCase]:
        """The stored cases with these ids, in the order asked (for evidence of a few hits)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(
            "SELECT c.id, r.report_id, r.title, r.org, r.date, c.problem, c.problem_alt, c.effect, c.effective,"
            f" c.source, c.fields FROM cases c JOIN report_files r ON r.id = c.report_file_id WHERE c.id IN ({marks})",
            ids).fetchall()
        files: dict[int, list[str]] = defaultdict(list)
        report_ids = sorted({row[1] for row in rows})
        for report_id, path in self._db.execute(
                "SELECT rf.report_id, f.path FROM report_files rf JOIN files f ON f.id = rf.file_id"
                f" WHERE rf.report_id IN ({','.join('?' * len(report_ids))}) ORDER BY f.path, rf.ordinal",
                report_ids):
            files[report_id].append(path)
        causes: dict[int, list[Span]] = defaultdict(list)
        for case_id, text, source in self._db.execute(
                f"SELECT case_id, text, source FROM causes WHERE case_id IN ({marks}) ORDER BY case_id, ordinal", ids):
            causes[case_id].append(Span(text, _source(source)))
        measures: dict[int, list[Measure]] = defaultdict(list)
        for case_id, text, kind, source in self._db.execute(
                f"SELECT case_id, text, kind, source FROM measures WHERE case_id IN ({marks})"
                " ORDER BY case_id, ordinal", ids):
            measures[case_id].append(Measure(text, _source(source), kind))
        found = {}
        for case_id, report_id, title, org, date, problem, alt, effect, effective, source, fields in rows:
            case = Case(problem=problem, causes=causes[case_id], measures=measures[case_id], effect=effect,
                        effective=None if effective is None else bool(effective), problem_alt=json.loads(alt),
                        source=_source(source), fields=json.loads(fields or "{}"))
            found[case_id] = StoredCase(case_id, report_id, title, org, date, files[report_id], case)
        return [found[i] for i in ids if i in found]

    # ------------------------------------------------------------------ derived data

    def stamp(self) -> str:
        """Changes whenever what the store holds changes: the key of anything derived from it."""
        one = self._db.execute
        links = one("SELECT count(*), coalesce(max(id), 0) FROM report_files").fetchone()
        cases = one("SELECT count(*), coalesce(max(id), 0) FROM cases").fetchone()
        files = one("SELECT count(*), coalesce(max(extracted_at), '') FROM files").fetchone()
        return ":".join(map(str, (*links, *cases, *files)))

    def get_derived(self, name: str, stamp: str) -> str | None:
        """A cached derived value (JSON text) if it was computed for ``stamp``."""
        row = self._db.execute("SELECT value FROM derived WHERE name = ? AND stamp = ?", (name, stamp)).fetchone()
        return row[0] if row else None

    def put_derived(self, name: str, stamp: str, value: str) -> None:
        """Cache a value derived from the store (an index, concepts); replaced on the next change."""
        with self._tx() as db:
            db.execute("INSERT INTO derived (name, stamp, value) VALUES (?, ?, ?) ON CONFLICT (name)"
                       " DO UPDATE SET stamp = excluded.stamp, value = excluded.value", (name, stamp, value))

    # ------------------------------------------------------------------ settings

    def setting(self, name: str) -> str | None:
        """A value the user set for this base (``set_setting``), or None."""
        row = self._db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str | None) -> None:
        """Keep ``value`` for this base under ``name`` (None removes it)."""
        with self._tx() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE name = ?", (name,))
            else:
                db.execute("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name)"
                           " DO UPDATE SET value = excluded.value", (name, value))

    def _spans(self) -> tuple[dict[int, list[Span]], dict[int, list[Measure]]]:
        """Causes and measures of the representative cases, by case id, in document order."""
        causes: dict[int, list[Span]] = defaultdict(list)
        for case_id, text, source in self._db.execute(
                "SELECT x.case_id, x.text, x.source FROM causes x JOIN cases c ON c.id = x.case_id"
                " JOIN representative r ON r.id = c.report_file_id ORDER BY x.case_id, x.ordinal"):
            causes[case_id].append(Span(text, _source(source)))
        measures: dict[int, list[Measure]] = defaultdict(list)
        for case_id, text, kind, source in self._db.execute(
                "SELECT x.case_id, x.text, x.kind, x.source FROM measures x JOIN cases c ON c.id = x.case_id"
                " JOIN representative r ON r.id = c.report_file_id ORDER BY x.case_id, x.ordinal"):
            measures[case_id].append(Measure(text, _source(source), kind))
        return causes, measures


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _source(text: str | None) -> SourceRef | None:
    return None if text is None else SourceRef(**json.loads(text))


def _at(items: list, i: int):
    return items[i] if i < len(items) else None
