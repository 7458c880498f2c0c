"""Fuzz the readers with mutated real report files: nothing may crash or hang.

    python -m benchmarks.fuzz 500               # 500 mutants, seed 0, 30 s limit per file
    python -m benchmarks.fuzz 200 --seed 7 --timeout 20 --scans

Mutants of the vendored corpus files (tests/data/corpus: .docx .pdf .doc .pptx .xlsx, and with
``--scans`` the scanned PDFs) are truncated, have bytes flipped, zip members shuffled, rewritten
with garbage or given huge declared sizes, PDF xref tables and stream lengths corrupted. Each is
extracted in a worker process under a time limit; the counts by outcome are printed: ``ok``, the
ExtractionError reasons, and the failures that must never happen (``uncaught:<type>``, ``hang``,
``worker-died``). ``tests/test_fuzz.py`` runs the same with a small count.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import queue
import random
import re
import struct
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
SUFFIXES = (".docx", ".pdf", ".doc", ".pptx", ".xlsx")
BAD = ("uncaught", "hang", "worker-died")


def sources(scans: bool = False) -> list[Path]:
    files = sorted(p for p in CORPUS.iterdir() if p.name.endswith(SUFFIXES))
    return [p for p in files if scans or not p.name.endswith(".scan.pdf")]


# --- mutations ---------------------------------------------------------------------------------------


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 32, 256))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, body in members:
            zf.writestr(info.filename, body)
    return buf.getvalue()


def shuffle_zip(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    rng.shuffle(members)
    return _zip(members)


def garble_zip_member(data: bytes, rng: random.Random) -> bytes:
    """One XML part truncated, filled with noise, or made a deep nest (parsers must cope)."""
    members = _members(data)
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    k = rng.choice(xml or range(len(members)))
    info, body = members[k]
    choice = rng.randrange(4)
    if choice == 0:
        body = body[: rng.randrange(1, max(2, len(body)))]
    elif choice == 1:
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096)))
    elif choice == 2:
        body = b"<a>" * 50000 + b"</a>" * 50000
    else:
        body = body.replace(b"<", b"<<", rng.randrange(1, 5))
    members[k] = (info, body)
    return _zip(members)


def drop_zip_member(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    members.pop(rng.randrange(len(members)))
    return _zip(members)


def huge_declared_sizes(data: bytes, rng: random.Random) -> bytes:
    """Central directory entries claiming gigabytes once inflated (what zip bombs look like)."""
    out = bytearray(data)
    for match in re.finditer(rb"PK\x01\x02", data):
        if rng.random() < 0.7:
            size = rng.choice((0xFFFFFFF0, 0x7FFFFFFF, 3 << 30))
            out[match.start() + 24: match.start() + 28] = struct.pack("<I", size)
    return bytes(out)


def corrupt_xref(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for match in re.finditer(rb"xref|startxref|/Length \d+|/Count \d+|/Size \d+", data):
        if rng.random() < 0.5:
            start = match.start() + rng.randrange(len(match.group()))
            for i in range(start, min(len(out), start + rng.randrange(1, 40))):
                out[i] = rng.choice(b"0123456789 \n/<>[]R")
    return bytes(out)


def nest_pdf(data: bytes, rng: random.Random) -> bytes:
    """A deep array spliced into a PDF object (recursion limits)."""
    at = data.find(b"obj", rng.randrange(max(1, len(data) // 2)))
    at = at + 3 if at >= 0 else len(data) // 2
    return data[:at] + b"[" * rng.choice((1000, 100000)) + data[at:]


def mutations_for(path: Path) -> list:
    common = [truncate, flip]
    if path.suffix in (".docx", ".pptx", ".xlsx"):
        return common + [shuffle_zip, garble_zip_member, drop_zip_member, huge_declared_sizes]
    if path.suffix == ".pdf":
        return common + [corrupt_xref, nest_pdf]
    return common


def make_mutants(n: int, seed: int, folder: Path, scans: bool = False) -> list[tuple[Path, str]]:
    rng = random.Random(seed)
    files = sources(scans)
    # .doc conversions take a LibreOffice start each: keep them a small share of the mix
    weights = [0.3 if p.suffix == ".doc" else 1.0 for p in files]
    out = []
    for i in range(n):
        source = rng.choices(files, weights)[0]
        mutation = rng.choice(mutations_for(source))
        try:
            data = mutation(source.read_bytes(), rng)
        except (zipfile.BadZipFile, ValueError, IndexError):
            data = flip(source.read_bytes(), rng)
        target = folder / f"{i:04d}-{mutation.__name__}-{source.name}"
        target.write_bytes(data)
        out.append((target, mutation.__name__))
    return out


# --- running ------------------------------------------------------------------------------------------


def _worker(jobs, results) -> None:
    import logging

    import minerva

    logging.disable(logging.WARNING)  # pdfminer reports every damaged object it skips

    while True:
        job = jobs.get()
        if job is None:
            return
        try:
            reports = minerva.extract(job)
            results.put((job, "ok", len(reports)))
        except minerva.ExtractionError as exc:
            results.put((job, exc.reason, exc.detail[:200]))
        except BaseException as exc:  # noqa: BLE001  (what the fuzzer is looking for)
            results.put((job, f"uncaught:{type(exc).__name__}", str(exc)[:200]))


class Runner:
    """One worker process fed one file at a time; killed and replaced when a file overruns."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.jobs, self.results = self.ctx.Queue(), self.ctx.Queue()
        self.proc = self.ctx.Process(target=_worker, args=(self.jobs, self.results), daemon=True)
        self.proc.start()

    def run(self, path: Path) -> tuple[str, str]:
        self.jobs.put(str(path))
        deadline = time.monotonic() + self.timeout + (0 if self.warm else 30)  # the first pays the imports
        while True:
            try:
                _, outcome, detail = self.results.get(timeout=1.0)
                return outcome, str(detail)
            except queue.Empty:
                if not self.proc.is_alive():
                    self._start()
                    return "worker-died", f"exit code {self.proc.exitcode}"
                if time.monotonic() > deadline:
                    self.proc.kill()
                    self.proc.join()
                    self._start()
                    self.warm = False
                    return "hang", f"no answer in {self.timeout:g} s"

    warm = False

    def close(self) -> None:
        self.jobs.put(None)
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()


def fuzz(n: int, seed: int = 0, timeout: float = 30.0, scans: bool = False, verbose: bool = False) -> dict:
    """Run ``n`` mutants; returns counts by outcome and the bad cases (path, mutation, outcome, detail)."""
    counts: Counter[str] = Counter()
    bad = []
    with tempfile.TemporaryDirectory(prefix="minerva-fuzz-") as tmp:
        runner = Runner(timeout)
        try:
            for path, mutation in make_mutants(n, seed, Path(tmp), scans):
                started = time.monotonic()
                outcome, detail = runner.run(path)
                runner.warm = True
                counts[outcome] += 1
                if outcome.startswith(BAD):
                    bad.append((path.name, mutation, outcome, detail))
                if verbose:
                    print(f"{time.monotonic() - started:6.2f}s {outcome:18s} {path.name}", file=sys.stderr)
        finally:
            runner.close()
    return {"counts": counts, "bad": bad}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds one file may take")
    ap.add_argument("--scans", action="store_true", help="also mutate the scanned PDFs (OCR: slow)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    started = time.monotonic()
    result = fuzz(a.n, a.seed, a.timeout, a.scans, a.verbose)
    print(f"{a.n} mutants in {time.monotonic() - started:.1f} s (seed {a.seed})")
    for outcome, count in result["counts"].most_common():
        print(f"  {outcome:20s} {count}")
    for row in result["bad"]:
        print("BAD", *row)
    return 1 if result["bad"] else 0


if __name__ == "__main__":
    sys.exit(main())
