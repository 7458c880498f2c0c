"""Limits on what one file may cost to read, so that hostile input fails fast instead of exhausting memory.

``read_document(path, limits=Limits(...))`` sets them for one call; without it they come from the
environment (``MINERVA_MAX_FILE_MB``, ``MINERVA_MAX_PAGES``, ``MINERVA_MAX_UNPACKED_MB``,
``MINERVA_MAX_IMAGE_PIXELS``, ``MINERVA_CONVERT_TIMEOUT``) or the defaults below. Readers ask
``current()`` for the limits in force, so the reader signature stays ``reader(path)``.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from pathlib import Path

from minerva.errors import ExtractionError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one file may cost. ``too-large`` is raised past any of the size limits."""

    max_file_bytes: int = 200 * MB  # the file on disk
    max_pages: int = 2000  # PDF pages, slides, sheets, image frames
    max_unpacked_bytes: int = 300 * MB  # declared uncompressed size of a zip package (.docx .xlsx .pptx)
    max_member_ratio: int = 500  # one zip member expanding more than this many times (and past 10 MB)
    max_image_pixels: int = 120_000_000  # one image (PIL's decompression-bomb limit), one rendered page
    convert_timeout: float = 120.0  # seconds for one LibreOffice conversion

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults overridden by MINERVA_* environment variables (sizes in MB)."""
        env = {
            "max_file_bytes": ("MINERVA_MAX_FILE_MB", MB),
            "max_pages": ("MINERVA_MAX_PAGES", 1),
            "max_unpacked_bytes": ("MINERVA_MAX_UNPACKED_MB", MB),
            "max_member_ratio": ("MINERVA_MAX_ZIP_RATIO", 1),
            "max_image_pixels": ("MINERVA_MAX_IMAGE_PIXELS", 1),
            "convert_timeout": ("MINERVA_CONVERT_TIMEOUT", 1),
        }
        values = {}
        for f in fields(cls):
            name, unit = env[f.name]
            raw = os.environ.get(name, "").strip()
            if not raw:
                continue
            try:
                number = float(raw) * unit
            except ValueError:
                continue
            values[f.name] = number if f.name == "convert_timeout" else int(number)
        return cls(**values)


_CURRENT: ContextVar[Limits | None] = ContextVar("minerva_limits", default=None)


def current() -> Limits:
    """The limits of the read in progress (or the environment's, outside ``read_document``)."""
    return _CURRENT.get() or Limits.from_env()


@contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def check_file_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ExtractionError(path, "too-large",
                              f"{size / MB:.1f} MB is over the {limits.max_file_bytes / MB:.0f} MB limit")


def check_pages(path: Path, pages: int, limits: Limits | None = None, what: str = "pages") -> None:
    limits = limits or current()
    if pages > limits.max_pages:
        raise ExtractionError(path, "too-large", f"{pages} {what}, over the limit of {limits.max_pages}")


def check_zip(path: Path, limits: Limits | None = None) -> None:
    """Refuse zip bombs from the declared sizes in the central directory, before anything is inflated.

    zipfile stops inflating a member at its declared size, so the declared sizes bound the memory
    a reader can use; a member that lies about its size fails its CRC check (corrupt).
    """
    limits = limits or current()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError(path, "corrupt", f"not a readable zip package ({exc})") from exc
    total = sum(max(0, i.file_size) for i in infos)
    if total > limits.max_unpacked_bytes:
        raise ExtractionError(path, "too-large", f"unpacks to {total / MB:.0f} MB, over the "
                                                 f"{limits.max_unpacked_bytes / MB:.0f} MB limit")
    for info in infos:
        if info.file_size > 10 * MB and info.file_size > limits.max_member_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ExtractionError(path, "too-large", f"{info.filename} expands {ratio} times (a zip bomb?)")
    if len(infos) > 100_000:
        raise ExtractionError(path, "too-large", f"{len(infos)} members in the package")
