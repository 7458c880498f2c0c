"""The ``minerva`` command line: extract reports from files, ingest archives into a knowledge base."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from minerva.errors import ExtractionError
from minerva.extractors import extract as extract_file
from minerva.extractors import supported_suffixes
from minerva.knowledge.ingest import ingest as ingest_archive
from minerva.knowledge.ingest import skipped
from minerva.knowledge.store import Store, StoreError
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
                if f.is_file() and f.suffix.lower() in suffixes and not skipped(f.relative_to(path)):
                    out.append(f)
        else:
            out.append(path)
    return out


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


@app.command()
def ingest(
    archive: Path = typer.Argument(..., exists=True, file_okay=False, metavar="ARCHIVE_DIR",
                                   help="Folder of report files (walked)."),
    db: Path = typer.Option(Path("minerva.db"), "--db", help="Knowledge base file, created if missing."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Worker processes (default: one per CPU)."),
    prune: bool = typer.Option(False, "--prune", help="Forget stored files no longer in the archive."),
    timeout: float = typer.Option(120.0, "--timeout", min=0.1, help="Seconds a file may take before it fails."),
) -> None:
    """Extract every report under ARCHIVE_DIR into the knowledge base; unchanged files are skipped."""
    try:
        with Store(db) as store:
            ingest_archive(archive, store, workers=workers, prune=prune, timeout=timeout, progress=True)
            root = os.path.join(os.path.abspath(archive), "")
            failed = [f for f in store.failures() if f.path.startswith(root)]
            warned = [f for f in store.files() if f.warnings and f.path.startswith(root)]
    except StoreError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        err.print("interrupted: the files stored so far are kept; run the same command again to go on")
        raise typer.Exit(130) from None
    if failed:
        console.print(f"[bold]{len(failed)} file(s) could not be read[/bold] (minerva failures --db {db}):")
        _print_rows([(f.reason, f.path, f.message) for f in failed])
    if warned:
        console.print(f"[bold]{len(warned)} file(s) read only in part[/bold]:")
        _print_rows([("warning", f.path, w) for f in warned for w in f.warnings])


@app.command()
def failures(
    db: Path = typer.Option(Path("minerva.db"), "--db", help="Knowledge base file."),
    as_json: bool = typer.Option(False, "--json", help="Print the failures as JSON."),
) -> None:
    """List the files of the knowledge base that could not be read, and why."""
    if not db.is_file():
        err.print(f"[red]error[/red] no knowledge base at {db} (run minerva ingest first)")
        raise typer.Exit(1)
    try:
        with Store(db) as store:
            failed = store.failures()
    except StoreError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        console.print_json(json.dumps([asdict(f) for f in failed], ensure_ascii=False))
    elif failed:
        _print_rows([(f.reason, f.path, f.message) for f in failed])
    else:
        console.print("no failures")


def _open_existing(db: Path):
    from minerva.knowledge.base import KnowledgeBase

    if not db.is_file():
        err.print(f"[red]error[/red] no knowledge base at {db} (run minerva ingest first)")
        raise typer.Exit(1)
    try:
        return KnowledgeBase(db)
    except StoreError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def similar(
    text: str = typer.Argument(..., help="The new complaint, as the customer or clerk wrote it."),
    db: Path = typer.Option(Path("minerva.db"), "--db", help="Knowledge base file."),
    top: int = typer.Option(10, "--top", min=1, help="How many past cases."),
    as_json: bool = typer.Option(False, "--json", help="Print the cases as JSON."),
) -> None:
    """Past cases closest to a new complaint."""
    with _open_existing(db) as kb:
        hits = kb.similar(text, top)
    if as_json:
        console.print_json(json.dumps([{"score": round(h.score, 4), "report": h.case.report_title,
                                        "org": h.case.org, "date": h.case.date, "files": h.case.files,
                                        **h.case.case.to_dict()} for h in hits], ensure_ascii=False))
        return
    table = Table("score", "problem", "report", "date", "effective", box=None)
    for h in hits:
        table.add_row(f"{h.score:.2f}", h.case.case.problem, h.case.report_title or "-", h.case.date or "-",
                      _verdict(h.case.case.effective))
    console.print(table)


@app.command()
def suggest(
    text: str = typer.Argument(..., help="The new complaint, as the customer or clerk wrote it."),
    db: Path = typer.Option(Path("minerva.db"), "--db", help="Knowledge base file."),
    top: int = typer.Option(5, "--top", min=1, help="How many measures."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: suggestions and causes."),
) -> None:
    """Measures that fixed similar complaints before, with their evidence and the likely causes."""
    with _open_existing(db) as kb:
        rec = kb.suggest(text, top)
    if as_json:
        print(json.dumps(rec.to_dict(), ensure_ascii=False))
        return
    if not rec.suggestions:
        console.print("no similar past case found")
        return
    tree = Tree(f"[bold]{text}[/bold]")
    for rank, s in enumerate(rec.suggestions, 1):
        node = tree.add(f"{rank}. [bold]{s.measure}[/bold]  score {s.score:.2f}  {_verdict(s.effective)}  "
                        f"({s.kind}, {s.support_reports} report(s))")
        for e in s.evidence[:3]:
            where = f"p.{e.page}" if e.page else (f"¶{e.paragraph}" if e.paragraph is not None else "")
            node.add(f"[dim]{e.report or '-'} | {e.org or '-'} | {e.date or '-'} | {e.file} {where}[/dim]")
    causes = tree.add("[bold]likely causes (5M1E)[/bold]")
    for group, items in rec.causes_by_5m1e().items():
        branch = causes.add(group)
        for c in items:
            branch.add(c.cause)
    console.print(tree)


def _verdict(effective: bool | None) -> str:
    return {True: "[green]effective[/green]", False: "[red]not effective[/red]"}.get(
        effective, "[dim]not evaluated[/dim]")


@app.command("eval-suggest")
def eval_suggest(
    corpus: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of reports with queries.jsonl."),
    queries: Path | None = typer.Option(None, "--queries", help="Queries file (default CORPUS/queries.jsonl)."),
) -> None:
    """Hit@5, Recall@5 and MRR of suggest on a query set, beside a paragraph-BM25 baseline."""
    import tempfile

    from minerva.knowledge.evaluation import build, evaluate, load_queries, report_lines

    items = load_queries(queries or corpus / "queries.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate(build(corpus, Path(tmp) / "kb.db"), items, corpus)
    for line in report_lines(result):
        console.print(line, highlight=False)


@app.command("export-graph")
def export_graph(
    out: Path = typer.Argument(..., help="Output file: .graphml, or .json for node-link JSON."),
    db: Path = typer.Option(Path("minerva.db"), "--db", help="Knowledge base file."),
) -> None:
    """Write the knowledge graph (problems, causes, measures, reports) as GraphML or node-link JSON."""
    from minerva.knowledge.graph import build_graph, to_graphml, to_node_link

    if not db.is_file():
        err.print(f"[red]error[/red] no knowledge base at {db} (run minerva ingest first)")
        raise typer.Exit(1)
    if out.suffix.lower() not in {".graphml", ".json"}:
        err.print(f"[red]error[/red] {out}: use a .graphml or .json file name")
        raise typer.Exit(2)
    with Store(db) as store:
        graph = build_graph(store.cases())
    (to_graphml if out.suffix.lower() == ".graphml" else to_node_link)(graph, out)
    console.print(f"wrote {out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


def _print_rows(rows: list[tuple[str, str, str]]) -> None:
    """(reason, path, message) as one unwrapped line each, so paths can be copied and grepped."""
    for reason, path, message in rows:
        console.print(f"{reason:<16} {path}  {message}", soft_wrap=True, markup=False, highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
