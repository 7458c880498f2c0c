"""The one error type users catch: a file minerva could not read, and why."""

from __future__ import annotations

from pathlib import Path

REASONS = (
    "encrypted",
    "corrupt",
    "empty",
    "unsupported",
    "legacy-format",
    "needs-ocr",
    "too-large",
    "timeout",
    "converter-missing",
)


class ExtractionError(Exception):
    """A file could not be read. ``reason`` is one of REASONS; the message names the file."""

    def __init__(self, path: str | Path, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown extraction failure reason {reason!r}")
        self.path = str(path)
        self.reason = reason
        self.detail = detail
        msg = f"{self.path}: {reason}"
        super().__init__(f"{msg}: {detail}" if detail else msg)
