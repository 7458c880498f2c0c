"""Extraction on a Dask cluster, for archives too large for one machine's cores.

``ingest`` runs extractions behind the ``concurrent.futures.Executor`` interface; a Dask client
offers one (``Client.get_executor()``). This module connects to a scheduler by address, checks
that its workers can run minerva's extractor at all (they need minerva installed, at the version
doing the ingest), and hands the executor and the cluster's capacity to ``ingest``. The optional
extra ``minerva[dask]`` installs ``distributed``; without it the local process pool is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

CONNECT_SECONDS = 10


class SchedulerError(Exception):
    """The Dask scheduler cannot be used: the extra is missing, nobody answers, no workers, or
    the workers cannot run minerva. The message names the address."""


def _worker_version() -> str:
    """Run on a worker: the extractor it would read files with (ImportError there if it has no
    minerva); the version carries a fingerprint of the vocabularies in force."""
    from minerva.extractors import extractor_version

    return extractor_version()


@contextmanager
def dask_executor(address: str, connect_seconds: float | None = None) -> Iterator[tuple[Executor, int]]:
    """An executor on the scheduler at ``address`` and how many files it runs at once (its
    workers' threads), for ``ingest(..., executor=, workers=)``; closed on leaving. Connecting
    gives up after ``connect_seconds`` (default ``CONNECT_SECONDS``)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise SchedulerError(f"{address}: the Dask extra is not installed (pip install 'minerva[dask]')") from exc
    try:
        client = Client(address, timeout=connect_seconds or CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"{address}: no Dask scheduler answers ({type(exc).__name__}: {exc})") from exc
    with client:
        capacity = sum(client.nthreads().values())
        if not capacity:
            raise SchedulerError(f"{address}: the scheduler has no workers")
        _check_workers(client, address)
        yield client.get_executor(pure=False), capacity


def _check_workers(client, address: str) -> None:
    """Every worker reads files as this process would, or nothing is sent to them: a worker
    without minerva would fail every file, and another version or other vocabularies
    (``MINERVA_RESOURCES``) would store other records than a local ingest."""
    from minerva.extractors import extractor_version

    here = extractor_version()
    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # the error raised on a worker, re-raised here
        raise SchedulerError(f"{address}: the workers cannot run minerva ({type(exc).__name__}: {exc})") from exc
    other = {worker: v for worker, v in versions.items() if v != here}
    if other:
        worker, version = next(iter(other.items()))
        raise SchedulerError(f"{address}: worker {worker} reads files with minerva {version}, this process with "
                             f"{here}; install the same minerva and vocabularies on every worker")
