"""The ``minerva`` command line: extract reports from files, ingest archives into a knowledge base."""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from dataclasses import asdict
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from minerva.errors import ExtractionError
from minerva.extractors import extract as extract_file
from minerva.extractors import supported_suffixes
from minerva.knowledge.database import is_url, shown
from minerva.knowledge.ingest import ingest as ingest_archive
from minerva.knowledge.ingest import skipped
from minerva.knowledge.recommend import ABSTAIN_BELOW
from minerva.knowledge.scheduler import SchedulerError, dask_executor
from minerva.knowledge.store import NoStoreError, Store, StoreError
from minerva.model import Block, Case, Report, Section, SourceRef, place

app = typer.Typer(help="Mine customer-complaint rectification reports.", no_args_is_help=True,
                  add_completion=False)
console = Console()


@app.callback()
def _root() -> None:
    """Mine customer-complaint rectification reports."""

err = Console(stderr=True, soft_wrap=True)
DB_HELP = "Knowledge base file, or a postgresql:// URL."


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
            err.print(f"[red]cannot read[/red] {escape(str(exc))}")
            reports = []
            if out is None:
                continue
        for warning in dict.fromkeys(w for r in reports for w in r.warnings):
            err.print(f"[yellow]warning[/yellow] {escape(str(f))}: {escape(warning)}")
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
        console.print(f"wrote {len(files)} file(s) to {escape(str(out))} ({failures} could not be read)")
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
        err.print(f"[yellow]note[/yellow] {escape(str(source))}: another input is also named {escape(stem)}; "
                  f"wrote {escape(target.name)}")
    written.add(target)
    return target


def _show(path: Path, reports: list[Report]) -> None:
    tree = Tree(f"[bold]{escape(str(path))}[/bold]  {len(reports)} report(s)")
    for r in reports:
        node = tree.add(f"[bold cyan]{escape(str(r.title))}[/bold cyan]  {escape(r.org or '-')}  {r.date or '-'}")
        for c in r.cases:
            case = node.add(f"[bold]问题[/bold] {escape(c.problem)}  {_verdict(c.effective)}")
            if c.fields:
                case.add("[dim]" + escape("  ".join(f"{k}：{v}" for k, v in c.fields.items())) + "[/dim]")
            for cause in c.causes:
                case.add(f"[yellow]原因[/yellow] {escape(cause.text)}")
            for m in c.measures:
                case.add(f"[green]措施[/green] {escape(m.text)} [dim]({m.kind}, {escape(str(m.source))})[/dim]")
            if c.effect:
                case.add(f"[magenta]效果[/magenta] {escape(c.effect)}")
    console.print(tree)


@app.command()
def ingest(
    archive: Path = typer.Argument(..., exists=True, file_okay=False, metavar="ARCHIVE_DIR",
                                   help="Folder of report files (walked)."),
    db: str = typer.Option("minerva.db", "--db", help="Knowledge base file (created if missing), or a postgresql URL."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Worker processes (default: one per CPU)."),
    prune: bool = typer.Option(False, "--prune", help="Forget stored files no longer in the archive."),
    timeout: float = typer.Option(120.0, "--timeout", min=0.1, help="Seconds a file may take before it fails."),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                         help="Extract on the workers of this Dask scheduler (tcp://host:8786; "
                                              "extra minerva[dask]) instead of local processes."),
) -> None:
    """Extract every report under ARCHIVE_DIR into the knowledge base; unchanged files are skipped."""
    try:
        with Store(db) as store, ExitStack() as cluster:
            executor = None
            if scheduler:
                executor, capacity = cluster.enter_context(dask_executor(scheduler))
                workers = workers or capacity
            ingest_archive(archive, store, workers=workers, executor=executor, prune=prune, timeout=timeout,
                           progress=True)
            from minerva.knowledge.semantic import encoder

            embedding = " and embedding new cases (semantic extra, ~20 ms a case)" if encoder() else ""
            with console.status(f"indexing for similar/suggest{embedding}"):
                from minerva.knowledge.base import KnowledgeBase

                with KnowledgeBase(db) as kb:
                    kb.prepare()
            root = os.path.join(os.path.abspath(archive), "")
            failed = [f for f in store.failures() if f.path.startswith(root)]
            warned = [f for f in store.files() if f.warnings and f.path.startswith(root)]
    except (StoreError, SchedulerError) as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        err.print("interrupted: the files stored so far are kept; run the same command again to go on")
        raise typer.Exit(130) from None
    if failed:
        console.print(f"[bold]{len(failed)} file(s) could not be read[/bold] "
                      f"(minerva failures --db {escape(shown(db))}):")
        _print_rows([(f.reason, f.path, f.message) for f in failed])
    if warned:
        console.print(f"[bold]{len(warned)} file(s) read only in part[/bold]:")
        _print_rows([("warning", f.path, w) for f in warned for w in f.warnings])


@app.command()
def failures(
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the failures as JSON."),
) -> None:
    """List the files of the knowledge base that could not be read, and why."""
    with _open_existing(db) as kb:
        failed = kb.store.failures()
    if as_json:
        console.print_json(json.dumps([asdict(f) for f in failed], ensure_ascii=False))
    elif failed:
        _print_rows([(f.reason, f.path, f.message) for f in failed])
    else:
        console.print("no failures")


def _fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` on stderr; the caller raises the returned Exit."""
    err.print(f"[red]error[/red] {escape(message)}")
    return typer.Exit(code)


def _open_existing(db: str):
    """The knowledge base at ``db``; exits non-zero, naming the file or server, when there is none."""
    from minerva.knowledge.base import KnowledgeBase

    missing = f"no knowledge base at {shown(db)} (run minerva ingest ARCHIVE_DIR --db {shown(db)} first)"
    if not is_url(db):
        if Path(db).is_dir():
            raise _fail(f"{db} is a folder, not a knowledge base file")
        if not Path(db).is_file():
            raise _fail(missing)
    try:
        return KnowledgeBase(db, create=False)
    except NoStoreError as exc:
        raise _fail(missing) from exc
    except StoreError as exc:
        raise _fail(str(exc), 2) from exc


@app.command()
def similar(
    text: str = typer.Argument(..., help="The new complaint, as the customer or clerk wrote it."),
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
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
        table.add_row(f"{h.score:.2f}", escape(h.case.case.problem), escape(h.case.report_title or "-"),
                      h.case.date or "-", _verdict(h.case.case.effective))
    console.print(table)


@app.command()
def suggest(
    text: str = typer.Argument(..., help="The new complaint, as the customer or clerk wrote it."),
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
    top: int = typer.Option(5, "--top", min=1, help="How many measures."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: suggestions and causes."),
    min_closeness: float = typer.Option(
        ABSTAIN_BELOW, "--min-closeness", min=0.0, max=1.0,
        help="How close a past case must be for any suggestion; higher abstains more often."),
) -> None:
    """Measures that fixed similar complaints before, with their evidence and the likely causes."""
    with _open_existing(db) as kb:
        rec = kb.suggest(text, top, min_closeness)
    if as_json:
        print(json.dumps(rec.to_dict(), ensure_ascii=False))
        return
    if not rec.suggestions:
        console.print(escape(rec.reason or "no similar past case found"), highlight=False)
        return
    tree = Tree(f"[bold]{escape(text)}[/bold]  [dim]ranked by {' and '.join(rec.ranked_by)}[/dim]")
    for rank, s in enumerate(rec.suggestions, 1):
        node = tree.add(f"{rank}. [bold]{escape(s.measure)}[/bold]  score {s.score:.2f}  {_verdict(s.effective)}  "
                        f"({s.kind}, {s.support_reports} report(s))")
        if s.addresses:
            node.add(f"[dim]addresses[/dim] {escape(s.addresses)}")
        for r in s.relapsed:
            node.add(f"[yellow]came back[/yellow] {escape(r.org or '-')}: declared effective "
                     f"{escape(r.effective_date)}, its cause found again {escape(r.recurred_date)}")
        for e in s.evidence[:3]:
            where = place(e.page, e.paragraph)
            line = f"{e.report or '-'} | {e.org or '-'} | {e.date or '-'} | {e.file} {where}"
            node.add(f"[dim]{escape(line)}[/dim]")
    causes = tree.add("[bold]likely causes (5M1E)[/bold]")
    for group, items in rec.causes_by_5m1e().items():
        branch = causes.add(group)
        for c in items:
            branch.add(escape(c.cause))
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
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
) -> None:
    """Write the knowledge graph (problems, causes, measures, reports) as GraphML or node-link JSON."""
    from minerva.knowledge.graph import to_graphml, to_node_link

    if out.suffix.lower() not in {".graphml", ".json"}:
        raise _fail(f"{out}: use a .graphml or .json file name", 2)
    with _open_existing(db) as kb:
        graph = kb.graph
        try:
            (to_graphml if out.suffix.lower() == ".graphml" else to_node_link)(graph, out)
        except OSError as exc:
            raise _fail(f"cannot write {out}: {exc.strerror or exc}") from exc
    console.print(f"wrote {escape(str(out))}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


# ------------------------------------------------------------------------------------ stats

@app.command()
def stats(
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
    top: int = typer.Option(10, "--top", min=1, help="How many items in each top list."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """What the knowledge base holds: counts, top problems, recurring causes, most effective measures."""
    with _open_existing(db) as kb:
        data = _stats(kb, top)
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    counts = Table("files", "reports", "cases", "causes", "measures", "failures", title=escape(shown(db)), box=None)
    counts.add_row(*(str(data["counts"][k]) for k in ("files", "reports", "cases", "causes", "measures", "failures")))
    console.print(counts)
    problems = _listing("top problems (by reports)", ["reports", "cases"], "problem")
    for p in data["top_problems"]:
        problems.add_row(str(p["reports"]), str(p["cases"]), escape(p["label"]))
    causes = _listing("recurring causes (same organisation and problem, by reports)",
                      ["reports", "5M1E", "first", "last"], "cause", "organisation",
                      "came back after (measures declared effective)")
    for c in data["recurring_causes"]:
        relapsed = c["relapsed_measures"]
        after = f"{relapsed[0]}" + (f" (+{len(relapsed) - 1} more)" if len(relapsed) > 1 else "") if relapsed else "-"
        fivem1e = c["fivem1e"] if c["fivem1e"] not in (None, "unknown") else "-"
        causes.add_row(str(c["reports"]), fivem1e, c["first_date"], c["last_date"], escape(c["label"]),
                       escape(c["organisation"] or "-"), escape(after))
    common = _listing("common causes across organisations", ["organisations", "reports", "5M1E"], "cause")
    for c in data["common_causes"]:
        fivem1e = c["fivem1e"] if c["fivem1e"] not in (None, "unknown") else "-"
        common.add_row(str(len(c["organisations"])), str(c["reports"]), fivem1e, escape(c["label"]))
    measures = _listing("most effective measures", ["effective", "ineffective", "not evaluated", "kind"], "measure")
    for m in data["effective_measures"]:
        measures.add_row(str(m["effective"]), str(m["ineffective"]), str(m["not_evaluated"]), m["kind"],
                         escape(m["label"]))
    for table in (problems, causes, common, measures):
        console.print(table if table.row_count else f"{table.title}: none")


def _listing(title: str, numbers: list[str], *texts: str) -> Table:
    """A left-titled table: short columns, then text columns that wrap instead of being cut."""
    table = Table(title=title, title_justify="left", title_style="bold", box=None)
    for name in numbers:
        table.add_column(name, no_wrap=True)
    for name in texts:
        table.add_column(name, overflow="fold", ratio=1)
    return table


def _stats(kb, top: int) -> dict:
    stored = kb.store.counts()
    counts = {"files": stored["files"], "reports": stored["reports"], "cases": stored["cases"],
              "causes": stored["causes"], "measures": stored["measures"], "failures": stored["failed"]}
    graph = kb.graph
    concepts = [(node, data) for node, data in graph.nodes(data=True) if data.get("kind") != "report"]
    problems = sorted((d for _, d in concepts if d["kind"] == "problem"),
                      key=lambda d: (-d["support_reports"], -d["support_cases"], d["label"]))
    measures = sorted((d for _, d in concepts if d["kind"] == "measure" and d.get("effective")),
                      key=lambda d: (-d["effective"], d["ineffective"], -d["support_reports"], d["label"]))
    recurring = sorted(kb.recurring_causes(), key=lambda r: (-len(r.occurrences), r.occurrences[0].date))
    return {
        "db": shown(kb.path),
        "counts": counts,
        "top_problems": [{"label": d["label"], "reports": d["support_reports"], "cases": d["support_cases"],
                          "wordings": list(d["texts"])} for d in problems[:top]],
        "recurring_causes": [{"label": r.label, "fivem1e": r.fivem1e, "reports": len(r.occurrences),
                              "first_date": r.occurrences[0].date, "last_date": r.occurrences[-1].date,
                              "report_titles": [o.title for o in r.occurrences],
                              "organisation": r.scope, "problem": r.problem_label,
                              "relapsed_measures": list(dict.fromkeys(x.label for x in r.relapsed_measures))}
                             for r in recurring[:top]],
        "common_causes": [{"label": c.label, "fivem1e": c.fivem1e, "organisations": list(c.organisations),
                           "reports": len(c.reports)} for c in kb.common_causes()[:top]],
        "effective_measures": [{"label": d["label"], "kind": d.get("measure_kind", "unspecified"),
                                "effective": d["effective"], "ineffective": d["ineffective"],
                                "not_evaluated": d["not_evaluated"], "reports": d["support_reports"]}
                               for d in measures[:top]],
    }


@app.command()
def scope(
    organisation: str | None = typer.Argument(None, help="The organisation every report of the base belongs to."),
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
    clear: bool = typer.Option(False, "--clear", help="Read the organisation from each report again."),
) -> None:
    """Name the one organisation a whole archive belongs to, for recurrence: for an archive whose
    reports lack letterheads or name their customers. Without arguments, print the current scope."""
    with _open_existing(db) as kb:
        if clear or organisation:
            kb.set_scope(None if clear else organisation)
            kb.prepare()
        named = kb.scope
    console.print(escape(f"every report belongs to {named}") if named
                  else "each report's own organisation (none named for the whole base)", highlight=False)


# ------------------------------------------------------------------------------------ show

@app.command()
def show(
    target: str = typer.Argument(..., metavar="FILE_OR_REPORT",
                                 help="A report file, or the id or title of a report in the knowledge base."),
    db: str = typer.Option("minerva.db", "--db", help=f"{DB_HELP} (for a report id or title)"),
    as_json: bool = typer.Option(False, "--json", help="Print the structure and records as JSON."),
) -> None:
    """How a file was read (sections, then reports and cases with provenance), or a stored report's cases."""
    path = Path(target)
    if path.is_dir():
        raise _fail(f"{path} is a folder: name one report file")
    if path.is_file():
        _show_file(path, as_json)
        return
    if not is_url(db) and not Path(db).exists() and (path.suffix.lower() in supported_suffixes() or os.sep in target
                                                      or "/" in target):
        raise _fail(f"no such file: {path}")
    with _open_existing(db) as kb:
        reports = _find_reports(kb.reports(), target)
    if not reports:
        raise _fail(f"no file {target} and no report with that id or title in {shown(db)}")
    if as_json:
        print(json.dumps([{"report_id": r.id, "title": r.title, "org": r.org, "date": r.date, "files": r.files,
                           "cases": [sc.case.to_dict() for sc in r.cases]} for r in reports], ensure_ascii=False))
        return
    for r in reports:
        tree = Tree(f"[bold cyan]#{r.id} {escape(r.title or '(untitled)')}[/bold cyan]  "
                    f"{escape(r.org or '-')}  {r.date or '-'}")
        files = tree.add(f"[bold]files[/bold] ({len(r.files)})")
        for f in r.files:
            files.add(escape(f))
        _cases_tree(tree, [sc.case for sc in r.cases])
        console.print(tree)


def _find_reports(reports: list, target: str) -> list:
    """By id; else by exact title; else every report whose title contains ``target``."""
    key = target.strip().lstrip("#")
    if key.isdigit():
        found = [r for r in reports if r.id == int(key)]
        if found:
            return found
    exact = [r for r in reports if (r.title or "") == target.strip()]
    if exact:
        return exact
    needle = target.strip().casefold()
    return [r for r in reports if needle and needle in (r.title or "").casefold()]


def _show_file(path: Path, as_json: bool) -> None:
    from minerva.extractors.pipeline import sections_of

    try:
        outline = sections_of(path)
        reports = extract_file(path)
    except ExtractionError as exc:
        raise _fail(f"cannot read {exc}") from exc
    if as_json:
        print(json.dumps({"file": str(path),
                          "sections": [{"report": title, "outline": _section_dict(section)}
                                       for title, section in outline],
                          "reports": [r.to_dict() for r in reports]}, ensure_ascii=False))
        return
    tree = Tree(f"[bold]{escape(str(path))}[/bold]  {len(outline)} part(s), {len(reports)} report(s)")
    structure = tree.add("[bold]structure[/bold] (sections as read)")
    for title, section in outline:
        _section_tree(structure.add(f"[bold cyan]{escape(title or '(no title)')}[/bold cyan]"), section)
    records = tree.add("[bold]records[/bold] (reports and cases found)")
    for r in reports:
        node = records.add(f"[bold cyan]{escape(r.title or '(untitled)')}[/bold cyan]  {escape(r.org or '-')}  "
                           f"{r.date or '-'}  [dim]{escape(_where(r.source, with_file=True))}[/dim]")
        _cases_tree(node, r.cases, with_file=True)
    if not reports:
        records.add("[dim]no report found (a procedure, template or unrelated document)[/dim]")
    console.print(tree)


def _section_tree(node: Tree, section: Section) -> None:
    for block in section.blocks:
        node.add(_block_line(block))
    for child in section.children:
        role = f" [magenta]{child.role}[/magenta]" if child.role else ""
        heading = child.heading.visible if child.heading else "(untitled)"
        where = _where(child.heading.source if child.heading else None)
        branch = node.add(f"[bold]{escape(heading)}[/bold]{role}  [dim]{escape(where)}[/dim]")
        _section_tree(branch, child)


def _block_line(block: Block) -> str:
    if block.kind == "table" and block.rows:
        text = f"table {len(block.rows)}×{max(len(r) for r in block.rows)}: " + " | ".join(block.rows[0])
    else:
        text = block.visible
    text = " ".join(text.split())
    if len(text) > 70:
        text = text[:69] + "…"
    return f"[dim]{block.kind}[/dim] {escape(text)}  [dim]{escape(_where(block.source))}[/dim]"


def _section_dict(section: Section) -> dict:
    return {
        "heading": section.heading.visible if section.heading else None,
        "role": section.role,
        "source": section.heading.source.to_dict() if section.heading else None,
        "blocks": [{"kind": b.kind, "text": b.visible, "source": b.source.to_dict()} for b in section.blocks],
        "children": [_section_dict(c) for c in section.children],
    }


def _cases_tree(node: Tree, cases: list[Case], with_file: bool = True) -> None:
    for c in cases:
        case = node.add(f"[bold]问题[/bold] {escape(c.problem)}  {_verdict(c.effective)}  "
                        f"[dim]{escape(_where(c.source, with_file))}[/dim]")
        for cause in c.causes:
            where = _where(cause.source, with_file)
            case.add(f"[yellow]原因[/yellow] {escape(cause.text)}  [dim]{escape(where)}[/dim]")
        for m in c.measures:
            where = _where(m.source, with_file)
            case.add(f"[green]措施[/green] {escape(m.text)}  [dim]({m.kind}) {escape(where)}[/dim]")
        if c.effect:
            case.add(f"[magenta]效果[/magenta] {escape(c.effect)}")


def _where(source: SourceRef | None, with_file: bool = False) -> str:
    """``file p.3`` / ``file ¶12`` / ``file table 2 row 3``, the file by name only."""
    if source is None:
        return ""
    name = Path(source.file).name if with_file and source.file else ""
    return f"{name} {source.location()}".strip()


# ------------------------------------------------------------------------------------ export

class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"
    graphml = "graphml"
    html = "html"


_SUFFIX_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".graphml": "graphml", ".html": "html",
                   ".htm": "html"}


@app.command()
def export(
    out: Path = typer.Option(..., "--out", "-o", help="Output file."),
    fmt: ExportFormat | None = typer.Option(None, "--format", "-f",
                                            help="xlsx, csv, json, graphml or html (default: from the -o suffix)."),
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
) -> None:
    """Export the knowledge base: xlsx/csv triples, gold-format json, graphml, or an offline html graph."""
    from minerva import export as exporters

    name = fmt.value if fmt else _SUFFIX_FORMATS.get(out.suffix.lower())
    if name is None:
        raise _fail(f"{out}: give --format (xlsx, csv, json, graphml, html) or a file name with that suffix", 2)
    writer = {"xlsx": exporters.to_xlsx, "csv": exporters.to_csv, "json": exporters.to_json,
              "graphml": exporters.to_graphml, "html": exporters.to_html}[name]
    unit = {"xlsx": "triples", "csv": "triples", "json": "reports", "graphml": "nodes", "html": "nodes"}[name]
    with _open_existing(db) as kb:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            count = writer(kb, out)
        except OSError as exc:
            raise _fail(f"cannot write {out}: {exc.strerror or exc}") from exc
    console.print(f"wrote {escape(str(out))} ({name}): {count} {unit}", highlight=False)


# ------------------------------------------------------------------------------------ draft

class DraftLayout(str, Enum):
    four_part = "four-part"
    eight_d = "8d"


@app.command()
def draft(
    text: str = typer.Argument(..., help="The new complaint, as the customer or clerk wrote it."),
    out: Path = typer.Option(Path("draft.docx"), "--out", "-o", help="Word file to write (.docx)."),
    layout: DraftLayout = typer.Option(DraftLayout.four_part, "--layout",
                                       help="four-part (问题/原因/措施/效果) or 8d (D1-D8)."),
    db: str = typer.Option("minerva.db", "--db", help=DB_HELP),
    top: int = typer.Option(5, "--top", min=1, help="How many measures to suggest."),
) -> None:
    """Write a Word draft of a rectification report for a new complaint, from similar past cases."""
    from minerva.draft import write_draft

    if not text.strip():
        raise _fail("the complaint text is empty", 2)
    if out.suffix.lower() != ".docx":
        raise _fail(f"{out}: the draft is a Word file, use a .docx name", 2)
    with _open_existing(db) as kb:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            rec = write_draft(kb, text, out, layout=layout.value, top=top)
        except OSError as exc:
            raise _fail(f"cannot write {out}: {exc.strerror or exc}") from exc
    if not rec.suggestions:
        err.print(f"[yellow]note[/yellow] {escape(rec.reason or 'no similar past case found')}: "
                  "the draft has the headings to fill in only")
    console.print(f"wrote {escape(str(out))} ({layout.value}): {len(rec.suggestions)} measure(s), "
                  f"{len(rec.causes)} cause(s)", highlight=False)


def _print_rows(rows: list[tuple[str, str, str]]) -> None:
    """(reason, path, message) as one unwrapped line each, so paths can be copied and grepped."""
    for reason, path, message in rows:
        console.print(f"{reason:<16} {path}  {message}", soft_wrap=True, markup=False, highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
