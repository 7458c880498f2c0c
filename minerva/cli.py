"""The ``minerva`` command line: extract reports from files and archives."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.tree import Tree

from minerva.errors import ExtractionError
from minerva.extractors import extract as extract_file
from minerva.extractors import supported_suffixes
from minerva.model import Report

app = typer.Typer(help="Mine customer-complaint rectification reports.", no_args_is_help=True,
                  add_completion=False)
console = Console()


@app.callback()
def _root() -> None:
    """Mine customer-complaint rectification reports."""

err = Console(stderr=True, soft_wrap=True)


def _files(paths: list[Path]) -> list[Path]:
    """The report files named, with folders walked (hidden files and Word lock files skipped)."""
    out: list[Path] = []
    suffixes = set(supported_suffixes())
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in suffixes and not _skipped(f.relative_to(path)):
                    out.append(f)
        else:
            out.append(path)
    return out


def _skipped(relative: Path) -> bool:
    """Word lock files (~$x.docx) and hidden files or folders below the folder being walked."""
    return relative.name.startswith(("~$", ".")) or any(p.startswith(".") for p in relative.parts[:-1])


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or folders."),
    as_json: bool = typer.Option(False, "--json", help="Print the records as JSON."),
    out: Path | None = typer.Option(None, "--out", help="Write NAME.json per input file into this folder."),
) -> None:
    """Extract problem-cause-measure records from report files."""
    files = _files(paths)
    failures = 0
    results = {}
    written: set[Path] = set()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for f in files:
        try:
            reports = extract_file(f)
        except ExtractionError as exc:
            failures += 1
            err.print(f"[red]cannot read[/red] {exc}")
            reports = []
            if out is None:
                continue
        for warning in dict.fromkeys(w for r in reports for w in r.warnings):
            err.print(f"[yellow]warning[/yellow] {f}: {warning}")
        payload = {"file": str(f), "reports": [r.to_dict() for r in reports]}
        if out is not None:
            target = _output_name(out, f, written)
            target.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        elif as_json:
            results[str(f)] = payload
        else:
            _show(f, reports)
    if as_json:
        console.print_json(json.dumps(results, ensure_ascii=False))
    elif out is not None:
        console.print(f"wrote {len(files)} file(s) to {out} ({failures} could not be read)")
    if failures and failures == len(files):
        raise typer.Exit(1)


def _output_name(out: Path, source: Path, written: set[Path]) -> Path:
    """NAME.json (NAME = file name less its last suffix); a second input of the same NAME gets NAME.2.json."""
    stem = source.name.rsplit(".", 1)[0]
    target, k = out / f"{stem}.json", 1
    while target in written:
        k += 1
        target = out / f"{stem}.{k}.json"
    if k > 1:
        err.print(f"[yellow]note[/yellow] {source}: another input is also named {stem}; wrote {target.name}")
    written.add(target)
    return target


def _show(path: Path, reports: list[Report]) -> None:
    tree = Tree(f"[bold]{path}[/bold]  {len(reports)} report(s)")
    for r in reports:
        node = tree.add(f"[bold cyan]{r.title}[/bold cyan]  {r.org or '-'}  {r.date or '-'}")
        for c in r.cases:
            verdict = {True: "[green]effective[/green]", False: "[red]not effective[/red]"}.get(
                c.effective, "[dim]not evaluated[/dim]")
            case = node.add(f"[bold]问题[/bold] {c.problem}  {verdict}")
            for cause in c.causes:
                case.add(f"[yellow]原因[/yellow] {cause.text}")
            for m in c.measures:
                case.add(f"[green]措施[/green] {m.text} [dim]({m.kind}, {m.source})[/dim]")
            if c.effect:
                case.add(f"[magenta]效果[/magenta] {c.effect}")
    console.print(tree)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
