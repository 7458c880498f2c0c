"""Readers registered by file suffix: adding a format is one module and one ``register`` call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.model import Document

Reader = Callable[[Path], Document]

_READERS: dict[str, Reader] = {}


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
        if path.suffix.lower() in {".doc", ".wps"}:
            raise ExtractionError(path, "legacy-format",
                                  "Word 97-2003/WPS binary files are not read yet; save as .docx")
        raise ExtractionError(path, "unsupported", f"no reader for {path.suffix or 'files without a suffix'}")
    return reader


def read_document(path: str | Path) -> Document:
    """Read ``path`` with the reader registered for its suffix."""
    path = Path(path)
    if not path.exists():
        raise ExtractionError(path, "corrupt", "file not found")
    if path.is_file() and path.stat().st_size == 0:
        raise ExtractionError(path, "empty", "the file has no bytes")
    return reader_for(path)(path)
