"""Word 97-2003 .doc, WPS and RTF files: converted to .docx by LibreOffice, then read as Word.

LibreOffice (``soffice`` or ``libreoffice`` on PATH) runs headless with a private profile folder
per call, so that parallel workers never share (and lock) one profile, and under a time limit
(``Limits.convert_timeout``; the whole process group is killed when it overruns). The converted
file is read by the .docx reader and every block's provenance names the original file. Without
LibreOffice, ``antiword`` reads .doc files as plain text (paragraphs and ``|``-ruled tables);
without either the file fails with ``converter-missing`` naming what to install.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.extractors.docx import read_docx
from minerva.extractors.limits import check_zip, current
from minerva.extractors.package import OLE_MAGIC
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
                "for .doc only, apt-get install antiword also works)")


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH (``MINERVA_SOFFICE`` overrides)."""
    override = os.environ.get("MINERVA_SOFFICE")
    if override:
        return shutil.which(override) or (override if Path(override).is_file() else None)
    return shutil.which("soffice") or shutil.which("libreoffice")


@register(".doc", ".dot", ".wps", ".rtf")
def read_legacy(path: Path) -> Document:
    path = Path(path)
    kind = _sniff(path)
    if kind == "zip":  # a .docx saved under an old suffix
        check_zip(path)
        return _renamed(read_docx_copy(path), path)
    soffice = find_soffice()
    if soffice is not None:
        return _via_libreoffice(path, soffice)
    if kind == "ole" and path.suffix.lower() in (".doc", ".dot") and shutil.which("antiword"):
        return _via_antiword(path)
    raise ExtractionError(path, "converter-missing", f"reading {path.suffix} files needs LibreOffice: {INSTALL_HINT}")


# Streams that hold the text of a Word 97 / WPS / Works file; an OLE file with none is damaged.
_TEXT_STREAMS = ("WordDocument", "CONTENTS", "Contents", "MatOST")


def _sniff(path: Path) -> str:
    """What the bytes are: OLE (Word/WPS 97), RTF, a zip (a renamed .docx) or text/HTML; else corrupt."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes() if path.stat().st_size < 64 * 1024 * 1024 else head
        if any(name.encode("utf-16-le") in data for name in ("EncryptedPackage", "EncryptionInfo")):
            raise ExtractionError(path, "encrypted", "password-protected Office file")
        if len(data) > len(head) and not any(name.encode("utf-16-le") in data for name in _TEXT_STREAMS):
            raise ExtractionError(path, "corrupt", "an OLE container with no document stream (damaged file)")
        return "ole"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path):
        return "zip"
    if _looks_like_text(head):  # "Word" files that are HTML or MHT, as web systems export them
        return "text"
    raise ExtractionError(path, "corrupt", f"not a Word 97-2003, WPS or RTF file (unknown bytes in a {path.suffix})")


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return controls <= len(text) // 100 and bool(text.strip())
    return False


def read_docx_copy(path: Path) -> Document:
    """The .docx reader on a copy named .docx (it checks nothing by suffix, but keep errors honest)."""
    with tempfile.TemporaryDirectory(prefix="minerva-doc-") as tmp:
        copy = Path(tmp, "document.docx")
        shutil.copyfile(path, copy)
        return read_docx(copy)


def _via_libreoffice(path: Path, soffice: str) -> Document:
    timeout = current().convert_timeout
    with tempfile.TemporaryDirectory(prefix="minerva-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input{path.suffix.lower()}"
        shutil.copyfile(path, source)  # a plain name: no option-like or exotic characters reach soffice
        outdir = work / "out"
        cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(outdir), str(source)]
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=tmp, env=env, start_new_session=True)
        except OSError as exc:
            detail = f"could not start {soffice}: {exc}; {INSTALL_HINT}"
            raise ExtractionError(path, "converter-missing", detail) from exc
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise ExtractionError(path, "timeout", f"LibreOffice took longer than {timeout:g} s to convert it") from exc
        except BaseException:
            _kill_group(proc)
            raise
        converted = outdir / "input.docx"
        if not converted.exists():
            message = err.decode("utf-8", "replace").strip().splitlines()
            detail = next((line for line in message if "javaldx" not in line), "no output")
            raise ExtractionError(path, "corrupt", "LibreOffice could not convert it (damaged or password-"
                                                   f"protected?): {detail[:200]}")
        check_zip(converted)
        try:
            doc = read_docx(converted)
        except ExtractionError as exc:
            raise ExtractionError(path, exc.reason, exc.detail) from exc
    if _mojibake(doc):
        raise ExtractionError(path, "corrupt", "LibreOffice read it only as unreadable characters (damaged file)")
    if not any(b.kind == "table" for b in doc.blocks) and path.suffix.lower() in (".doc", ".dot"):
        rescued = _tables_lost(path)
        if rescued is not None:
            return rescued
    return _renamed(doc, path)


def _mojibake(doc: Document) -> bool:
    """Whether the text is mostly characters no report is written in (Hangul, private use,
    control and unassigned code points): what a damaged file imported as plain text looks like."""
    text = "".join(b.text for b in doc.blocks)
    if len(text) < 50:
        return False
    odd = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3" or "\ue000" <= ch <= "\uf8ff"
              or unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    return odd / len(text) > 0.15


def _tables_lost(path: Path) -> Document | None:
    """LibreOffice drops some Word 97 tables (rows without table properties) into one paragraph;
    antiword still sees their cell marks. When it finds a table the conversion lost, read the
    file with antiword instead."""
    if not shutil.which("antiword"):
        return None
    try:
        doc = _via_antiword(path)
    except ExtractionError:
        return None
    if any(b.kind == "table" and b.rows and len(b.rows) >= 2 for b in doc.blocks):
        doc.warnings.append("read with antiword: LibreOffice lost a table of this file")
        return doc
    return None


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def _renamed(doc: Document, path: Path) -> Document:
    """Provenance names the user's file, not the converted copy."""
    file = str(path)
    for block in doc.blocks:
        block.source = dataclasses.replace(block.source, file=file)
    doc.path = file
    return doc


def _via_antiword(path: Path) -> Document:
    """Plain text of a .doc (antiword): lines are paragraphs, ``|`` rows are tables."""
    timeout = current().convert_timeout
    try:
        proc = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(path, "timeout", f"antiword took longer than {timeout:g} s") from exc
    text = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 or not text.strip():
        err = proc.stderr.decode("utf-8", "replace").strip()
        reason = "encrypted" if "encrypt" in err.lower() else ("empty" if proc.returncode == 0 else "corrupt")
        raise ExtractionError(path, reason, f"antiword: {err[:200] or 'no text'}")
    blocks = antiword_blocks(text, str(path))
    if not blocks:
        raise ExtractionError(path, "empty", "the document has no text")
    return Document(str(path), blocks)


def antiword_blocks(text: str, file: str) -> list[Block]:
    """antiword's text: ``|cell|cell|`` grid rows (a wrapped row continues on lines whose first
    cell is empty) and ``cell |cell | |`` runs (cells of rows antiword could not lay out; an
    empty cell ends a row) become tables; other lines paragraphs."""
    blocks: list[Block] = []
    table: list[list[str]] = []
    counts = {"paragraph": 0, "table": 0}

    def add_table(rows: list[list[str]]) -> None:
        width = max(len(r) for r in rows)
        rows = [[cell.strip() for cell in r] + [""] * (width - len(r)) for r in rows]
        blocks.append(Block("table", "\n".join(" | ".join(r) for r in rows), SourceRef(file, table=counts["table"]),
                            rows=rows))
        counts["table"] += 1

    def flush() -> None:
        if table:
            add_table(table)
            table.clear()

    for group in re.split(r"\n\s*\n", text):
        lines = [line for line in group.split("\n") if line.strip()]
        if not lines:
            continue
        joined = "\n".join(lines)
        if joined.count(" |") >= 4 and not lines[0].strip().startswith("|"):
            flush()
            rows = _cell_runs(joined)
            if len(rows) >= 2:
                add_table(rows)
                continue
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
                cells = [cell.strip() for cell in stripped[1:-1].split("|")]
                if table and not cells[0] and len(cells) == len(table[-1]):  # a wrapped row continues
                    table[-1] = [a + b for a, b in zip(table[-1], cells)]
                else:
                    table.append(cells)
                continue
            flush()
            blocks.append(Block("paragraph", stripped, SourceRef(file, paragraph=counts["paragraph"])))
            counts["paragraph"] += 1
        flush()
    return blocks


def _cell_runs(text: str) -> list[list[str]]:
    rows: list[list[str]] = [[]]
    for cell in text.split(" |"):
        cell = cell.strip("\n")
        if not cell.strip():
            if rows[-1]:
                rows.append([])
            continue
        rows[-1].append(cell.strip())
    return [r for r in rows if len(r) >= 2]
