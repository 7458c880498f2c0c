"""Readers registered by file suffix: adding a format is one module and one ``register`` call.

``read_document`` is the one entry point: it applies the size limits (``limits.Limits``) before a
reader runs and turns anything a reader raises into an :class:`ExtractionError` naming the file,
so hostile input never escapes as a stray exception.
"""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.extractors import limits as _limits
from minerva.extractors.limits import Limits
from minerva.model import Document

Reader = Callable[[Path], Document]

_READERS: dict[str, Reader] = {}
# Zip packages whose declared unpacked size is checked before a reader opens them.
ZIP_SUFFIXES = {".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm"}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Decorator: make ``reader`` the one used for files ending in ``suffixes``."""

    def deco(reader: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix.lower()] = reader
        return reader

    return deco


def supported_suffixes() -> list[str]:
    return sorted(_READERS)


def reader_for(path: Path) -> Reader:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ExtractionError(path, "unsupported", f"no reader for {path.suffix or 'files without a suffix'}")
    return reader


def read_document(path: str | Path, limits: Limits | None = None) -> Document:
    """Read ``path`` with the reader registered for its suffix.

    Every failure is an ExtractionError with one of ``minerva.errors.REASONS``; ``limits``
    (default: ``Limits.from_env()``) bounds file size, pages, unpacked zip size and image pixels.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    if not path.exists():
        raise ExtractionError(path, "corrupt", "file not found")
    if not path.is_file():
        raise ExtractionError(path, "unsupported", "not a regular file")
    if path.stat().st_size == 0:
        raise ExtractionError(path, "empty", "the file has no bytes")
    reader = reader_for(path)
    with _limits.using(limits):
        try:
            _limits.check_file_size(path, limits)
            if path.suffix.lower() in ZIP_SUFFIXES and zipfile.is_zipfile(path):
                _limits.check_zip(path, limits)
            _image_limit(limits)
            return reader(path)
        except ExtractionError as exc:
            if exc.path != str(path):  # raised on a converted copy: name the user's file
                raise ExtractionError(path, exc.reason, exc.detail) from exc
            raise
        except Exception as exc:  # noqa: BLE001  (any reader failure is this file's failure)
            raise ExtractionError(path, _reason(exc), f"{type(exc).__name__}: {exc}"[:500]) from exc


def _image_limit(limits: Limits) -> None:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover  (pdfplumber brings Pillow)
        return
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels


def _reason(exc: BaseException) -> str:
    """The failure reason for an exception a reader did not translate itself."""
    if isinstance(exc, MemoryError):
        return "too-large"
    if isinstance(exc, subprocess.TimeoutExpired | TimeoutError):
        return "timeout"
    if type(exc).__name__ == "DecompressionBombError":
        return "too-large"
    return "corrupt"
