"""Checks shared by the readers of Office zip packages (.pptx, .xlsx): tell OLE files from zips."""

from __future__ import annotations

import zipfile
from pathlib import Path

from minerva.errors import ExtractionError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_package(path: Path, legacy: str) -> None:
    """Password-protected Office files and renamed Office 97 files are OLE, not zip; say which."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if any(name.encode("utf-16-le") in data for name in ("EncryptedPackage", "EncryptionInfo")):
            raise ExtractionError(path, "encrypted", "password-protected Office file")
        raise ExtractionError(path, "legacy-format", f"{legacy} with a {path.suffix} suffix")
    if not zipfile.is_zipfile(path):
        raise ExtractionError(path, "corrupt", "not a zip package")


def missing(path: Path, module: str, package: str) -> ExtractionError:
    return ExtractionError(path, "converter-missing", f"reading {path.suffix} files needs the Python package "
                                                      f"{package} ({module} could not be imported): "
                                                      f"pip install {package}")
