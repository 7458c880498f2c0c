"""Ingest an archive folder into the store: walk it, skip what is already stored, extract the rest
in worker processes, and store each file in its own transaction.

Workers only read files and return plain data (``extract_file``); this process is the only
writer. A run that is interrupted (Ctrl-C, SIGKILL) leaves every file either fully stored or not
at all, and the next run picks up the files that are missing, changed or stored by an older
extractor. One bad file never stops the run: it is stored as a failure with its reason.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from minerva.errors import ExtractionError
from minerva.extractors import extractor_version, read_document, reports_of, supported_suffixes
from minerva.knowledge.records import Failure
from minerva.knowledge.store import Store, StoredFile


@dataclass
class IngestSummary:
    """What one run did (``failures``: this run's failed files by reason) and the store after it."""

    seen: int = 0
    skipped: int = 0
    extracted: int = 0
    warned: int = 0
    failed: int = 0
    removed: int = 0
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    failures: Counter[str] = field(default_factory=Counter)
    counts: dict[str, int] = field(default_factory=dict)


def skipped(relative: Path) -> bool:
    """Word lock files (~$x.docx) and hidden files or folders below the folder being walked."""
    return relative.name.startswith(("~$", ".")) or any(p.startswith(".") for p in relative.parts[:-1])


def archive_files(archive: Path) -> list[Path]:
    """Report files below ``archive`` (every suffix a reader is registered for), sorted by path."""
    suffixes = set(supported_suffixes())
    found = []
    for folder, dirs, names in os.walk(archive):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(folder, name)
            if path.suffix.lower() in suffixes and not skipped(path.relative_to(archive)) and path.is_file():
                found.append(path)
    return sorted(found, key=str)


def sha256_of(path: str | Path) -> str:
    """Content hash, read in chunks so large files do not sit in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_file(path: str) -> dict:
    """Worker: read one file; plain picklable data back, never an exception for a bad file.

    ``{"path", "sha256", "size", "mtime", "version", "pages", "warnings", "reports": [Report.to_dict()]}``,
    or the same keys with ``"failure": {"reason", "message"}`` instead of the reports.
    """
    out: dict = {"path": path, "sha256": "", "size": 0, "mtime": 0.0, "version": extractor_version(), "pages": 0,
                 "warnings": []}
    try:
        stat = os.stat(path)
        out.update(size=stat.st_size, mtime=stat.st_mtime, sha256=sha256_of(path))
        doc = read_document(path)
        out["pages"] = doc.pages or 0
        out["ocr_pages"] = doc.ocr_pages
        out["warnings"] = list(doc.warnings)
        out["reports"] = [report.to_dict() for report in reports_of(doc)]
    except ExtractionError as exc:
        out["failure"] = {"reason": exc.reason, "message": exc.detail or str(exc)}
    except Exception as exc:  # any bug or library error on one file must not stop the archive
        out["failure"] = {"reason": "corrupt", "message": f"{type(exc).__name__}: {exc}"}
    return out


def ingest(archive: Path, store: Store, workers: int | None = None, executor: Executor | None = None,
           prune: bool = False, timeout: float = 120, progress: bool = True) -> IngestSummary:
    """Bring ``store`` up to date with the report files under ``archive``.

    ``workers``: files extracted at once (default: one process per CPU). ``executor``: run the
    extractions there instead of in our own process pool, e.g. a Dask
    ``Client.get_executor()``; set ``workers`` to its capacity. A file still running after
    ``timeout`` seconds is stored as failed ("timeout"); in our own pool its worker is killed.
    ``prune`` forgets stored files under ``archive`` that are no longer there.

    Our pool starts fresh interpreters ("spawn"), so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard.
    """
    started = time.perf_counter()
    root = Path(os.path.abspath(archive))
    if not root.is_dir():
        raise NotADirectoryError(f"{archive}: not a folder")
    summary = IngestSummary()
    known = {f.path: f for f in store.files()}
    paths = archive_files(root)
    summary.seen = len(paths)
    todo = [str(p) for p in paths if not _unchanged(p, known.get(str(p)), store)]
    summary.skipped = summary.seen - len(todo)
    if prune:
        summary.removed = _prune(store, root, known, {str(p) for p in paths})
    with _Bar(len(todo), progress) as bar, _Runner(executor, workers, timeout) as runner:
        for result in runner.results(todo):
            _store(store, result, summary)
            bar.advance(summary)
    summary.counts = store.counts()
    summary.seconds = time.perf_counter() - started
    if progress:
        Console().print(summary_table(summary))
    return summary


def _unchanged(path: Path, known: StoredFile | None, store: Store) -> bool:
    """Whether ``path`` is stored as it is now, by this extractor.

    Same size and mtime is taken as unchanged without reading the file (as make and git do);
    otherwise the content hash decides, and a new stat with the old content is recorded so the
    next run need not hash it again. A file that timed out is tried again (the limit may have
    been raised); other failures are not, as they would fail the same way.
    """
    if known is None or known.version != extractor_version() or known.reason == "timeout":
        return False
    try:
        stat = path.stat()
        if stat.st_size == known.size and stat.st_mtime == known.mtime:
            return True
        if sha256_of(path) != known.sha256:
            return False
    except OSError:
        return False
    store.update_stat(str(path), stat.st_size, stat.st_mtime)
    return True


def _prune(store: Store, root: Path, known: dict[str, StoredFile], present: set[str]) -> int:
    """Forget stored files below ``root`` that the walk did not find; how many."""
    prefix = os.path.join(str(root), "")
    gone = [path for path in known if path.startswith(prefix) and path not in present]
    for path in gone:
        store.remove_file(path)
    return len(gone)


def _store(store: Store, result: dict, summary: IngestSummary) -> None:
    failure = result.get("failure")
    path = result["path"]
    store.replace_file(path, result["sha256"], result["size"], result["mtime"],
                       result.get("version", extractor_version()), None if failure else result.get("reports") or [],
                       Failure(path, failure["reason"], failure["message"]) if failure else None,
                       warnings=result.get("warnings") or [])
    summary.pages += result.get("pages") or 0
    summary.ocr_pages += result.get("ocr_pages") or 0
    if failure:
        summary.failed += 1
        summary.failures[failure["reason"]] += 1
    else:
        summary.extracted += 1
        summary.warned += bool(result.get("warnings"))


def _failed(path: str, reason: str, message: str) -> dict:
    """A failure found by this process (time limit, crashed worker), with the file's hash and stat."""
    out: dict = {"path": path, "sha256": "", "size": 0, "mtime": 0.0, "failure": {"reason": reason, "message": message}}
    try:
        stat = os.stat(path)
        out.update(size=stat.st_size, mtime=stat.st_mtime, sha256=sha256_of(path))
    except OSError:
        pass
    return out


def _ready() -> None:
    """A no-op task: once it has run, a worker has started and imported the extractors."""


def _worker_init() -> None:
    """Leave Ctrl-C to the ingesting process (it stops the workers), and end this worker when
    that process dies: after a SIGKILL nobody else stops it, and it would wait for work forever
    (the pool's queue keeps its own pipe open)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """Fresh interpreters ("spawn": no threads, locks or database handle inherited), started
    before any file is given to them so a file's time limit does not include starting Python."""
    # Native libraries (the OCR engine) use every core by default; share the cores among workers.
    os.environ.setdefault("MINERVA_OCR_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init)
    for future in [pool.submit(_ready) for _ in range(workers)]:
        future.result()
    return pool


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now, hung workers included (no public way to do so before Python 3.14)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()


class _Runner:
    """Runs ``extract_file`` over paths with at most ``workers`` in flight, under a time limit.

    Keeping no more files in flight than there are workers means a file's clock starts when a
    worker takes it. Our own pool is killed and restarted when a file overruns its limit; the
    other files then in flight are run again. When a worker process dies, every file in flight
    fails with it: those files are run again one at a time, so only the one that kills a worker
    when alone is recorded as crashed. A foreign executor cannot be restarted: an overrunning
    file is recorded and left to finish, a crash is recorded for the files it took down.
    """

    def __init__(self, executor: Executor | None, workers: int | None, timeout: float) -> None:
        self.owned = executor is None
        self.size = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.executor: Executor | None = executor
        self.running: dict[Future, tuple[str, float]] = {}
        self.pending: deque[str] = deque()
        self.suspects: deque[str] = deque()

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        for future in self.running:
            future.cancel()
        if self.owned and self.executor is not None:
            if exc_type is None:
                self.executor.shutdown(wait=True)
            else:
                _kill(self.executor)

    def results(self, paths: Iterable[str]) -> Iterator[dict]:
        """One ``extract_file`` result per path, in completion order."""
        self.pending.extend(paths)
        if self.owned and self.pending:
            self.size = min(self.size, len(self.pending))
        while self.pending or self.suspects or self.running:
            self._fill()
            yield from self._collect()

    def _fill(self) -> None:
        if self.suspects:
            if not self.running:
                self._submit(self.suspects.popleft())
            return
        while self.pending and len(self.running) < self.size:
            self._submit(self.pending.popleft())

    def _submit(self, path: str) -> None:
        if self.executor is None:
            self.executor = _new_pool(self.size)
        self.running[self.executor.submit(extract_file, path)] = (path, time.monotonic())

    def _collect(self) -> Iterator[dict]:
        first_deadline = min(started for _, started in self.running.values()) + self.timeout
        done, _ = wait(self.running, timeout=max(0.0, first_deadline - time.monotonic()),
                       return_when=FIRST_COMPLETED)
        crashed = []
        for future in sorted(done, key=lambda f: self.running[f][1]):
            path, _ = self.running.pop(future)
            try:
                result = future.result()
            except BrokenExecutor:
                crashed.append(path)
                continue
            except Exception as exc:  # a foreign executor's own failure, e.g. a lost Dask worker
                result = _failed(path, "corrupt", f"worker failed: {type(exc).__name__}: {exc}")
            yield result
        if crashed:
            yield from self._crashed(crashed)
        yield from self._expired()

    def _crashed(self, paths: list[str]) -> Iterator[dict]:
        if self.owned:
            paths += [path for path, _ in self.running.values()]
            self.running.clear()
            self._restart()
            if len(paths) > 1:
                self.suspects.extend(sorted(paths))
                return
        for path in paths:
            yield _failed(path, "corrupt", "worker crashed")

    def _expired(self) -> Iterator[dict]:
        now = time.monotonic()
        late = [future for future, (_, started) in self.running.items() if now - started >= self.timeout]
        for future in late:
            path, _ = self.running.pop(future)
            future.cancel()
            yield _failed(path, "timeout", f"extraction took longer than {self.timeout:g} s")
        if late and self.owned:
            again = [path for path, _ in self.running.values()]
            self.running.clear()
            self._restart()
            self.pending.extendleft(reversed(again))

    def _restart(self) -> None:
        """Kill our pool; a new one is started when the next file is submitted."""
        _kill(self.executor)
        self.executor = None


class _Bar:
    """The progress bar: files done, PDF pages per second, failures so far, time left."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.started = time.perf_counter()
        self.progress = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[failed]} failed"), TimeRemainingColumn(),
            console=Console(stderr=True), disable=not enabled or not total)
        self.task = self.progress.add_task("ingest", total=total, rate="", failed=0)

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, summary: IngestSummary) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        rate = f"{summary.pages / elapsed:.1f} pages/s" if summary.pages else ""
        if summary.ocr_pages:
            rate += f" ({summary.ocr_pages} OCR)"
        self.progress.update(self.task, advance=1, rate=rate, failed=summary.failed)


def summary_table(summary: IngestSummary) -> Table:
    """This run's files, the store's totals and this run's failures by reason."""
    table = Table(title="minerva ingest", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    rate = summary.extracted + summary.failed
    rows = [
        ("files seen", summary.seen), ("unchanged (skipped)", summary.skipped),
        ("extracted", summary.extracted), ("  of which with warnings", summary.warned), ("failed", summary.failed),
        ("removed (pruned)", summary.removed),
        ("PDF pages read", summary.pages),
        ("of them by OCR", summary.ocr_pages),
        ("time", f"{summary.seconds:.1f} s ({rate / summary.seconds if summary.seconds else 0:.1f} files/s)"),
    ]
    rows += [(f"{name} in store", summary.counts.get(name, 0))
             for name in ("reports", "cases", "causes", "measures", "failed")]
    rows += [(f"failed now: {reason}", n) for reason, n in sorted(summary.failures.items())]
    for name, value in rows:
        table.add_row(name, str(value))
    return table
