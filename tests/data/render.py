"""Render report sources (``*.src.md``) into Word and PDF files beside them.

    python tests/data/render.py tests/data/fresh tests/data/train_public

Each source is rendered three ways with the example archive's renderers: ``NAME.docx`` (Word
styles and automatic numbering), ``NAME.plain.docx`` (typed numbering, bold headings) and
``NAME.pdf`` (wrapped lines, running header and page footer). The sources use the body syntax of
the development corpus; their front matter lists ``render:`` as the collector suggested, but
every rendering is made so that each layout is tried on each text.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "examples"))

import build_archive as ba  # noqa: E402


def load(path: Path) -> ba.Source:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    meta = {}
    for line in head.splitlines()[1:]:
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    meta["render"] = "docx-styled"
    return ba.Source(path, meta, ba.parse_body(body))


def render_folder(folder: Path, out: Path | None = None, plain: bool = True) -> list[Path]:
    """Render every source of ``folder`` into ``out`` (default: beside it) with its gold copied
    along when ``out`` is elsewhere; returns the rendered files."""
    out = out or folder
    made = []
    for path in sorted(folder.glob("*.src.md")):
        src = load(path)
        stem = path.name.removesuffix(".src.md")
        ba.render_docx_styled(src, out / f"{stem}.docx")
        made.append(out / f"{stem}.docx")
        if plain:
            ba.render_docx_plain(src, out / f"{stem}.plain.docx")
            made.append(out / f"{stem}.plain.docx")
        ba.render_pdf(src, out / f"{stem}.pdf")
        made.append(out / f"{stem}.pdf")
        if out != folder:
            gold = folder / f"{stem}.gold.json"
            (out / gold.name).write_bytes(gold.read_bytes())
    return made


def main(argv: list[str]) -> int:
    for folder in map(Path, argv or [HERE / "fresh", HERE / "train_public"]):
        for path in render_folder(folder):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
