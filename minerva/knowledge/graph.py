"""Knowledge graph of problems, causes and measures across reports, and the causes that came back.

Nodes are concepts (:mod:`minerva.knowledge.concepts`) and reports; edges say which problems
had which causes and which measures were taken, counted over distinct cases. Measures carry the
evidence of whether they worked, so a cause that returns after a measure was declared effective
shows which fixes did not hold.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx

from minerva.extractors import extractor_version
from minerva.knowledge.addressing import answered_cause, plain_bigrams
from minerva.knowledge.concepts import (
    FINE_WORD_FLOOR,
    KINDS,
    Concept,
    ConceptSet,
    case_key,
    concept_fivem1e,
    concept_measure_kind,
    concepts_of,
    phrase_key,
    word_product,
    word_vectors,
)
from minerva.knowledge.disjoint import DisjointSets
from minerva.knowledge.records import StoredCase, content_order
from minerva.knowledge.scope import NO_ORGANISATION, org_scope, organisation_scopes

GRAPH_VERSION = "2"

_HAS_DIGIT = re.compile(r"\d")

EFFECT_KEYS = {True: "effective", False: "ineffective", None: "not_evaluated"}


def node_id(kind: str, ident: int) -> str:
    """Graph node name: ``cause:3``, ``report:12`` ..."""
    return f"{kind}:{ident}"


def build_graph(cases: list[StoredCase], sets: dict[str, ConceptSet] | None = None,
                scope: str | None = None) -> nx.DiGraph:
    """Problem, cause, measure and report nodes, linked by the cases that connect them.

    A report stored from several files may reach here as several copies of its cases; each
    case is counted once by :func:`~minerva.knowledge.concepts.case_key`. ``sets`` passes concepts
    already clustered from the same cases (the knowledge base shares them with the recommender).
    ``scope`` names the one organisation every report belongs to, when the user says so (an
    archive whose letterheads are missing or name customers): recurrence then ignores the
    organisation read from each report.
    """
    ordered = sorted(cases, key=content_order)
    unique = _unique_cases(ordered)
    sets = sets or graph_concepts(ordered)
    graph = nx.DiGraph(extractor_version=extractor_version(), graph_version=GRAPH_VERSION, scope=scope or "")
    _add_reports(graph, ordered)
    for kind in KINDS:
        members = _members(unique, sets[kind])
        coarse = sets[kind].coarse
        for concept in sets[kind].concepts:
            attrs = _concept_attrs(concept, members[concept.id])
            if coarse is not None and concept.parent is not None:
                attrs["coarse_kind"] = concept.parent
                attrs["coarse_label"] = coarse.concepts[concept.parent].label
            graph.add_node(node_id(kind, concept.id), **attrs)
    for sc in unique:
        _add_case_edges(graph, sc, sets)
    return graph


def graph_concepts(cases: list[StoredCase]) -> dict[str, ConceptSet]:
    """The concepts the graph is made of: problems by family (coarse concepts), causes and
    measures as fine concepts, each knowing its coarse kind. A recurrence is the same cause
    again, not the same kind of cause, so causes and measures are counted fine."""
    return {"problem": concepts_of(cases, "problem"),
            "cause": concepts_of(cases, "cause", fine=True),
            "measure": concepts_of(cases, "measure", fine=True)}


def _unique_cases(cases: list[StoredCase]) -> list[StoredCase]:
    """The first stored copy of every distinct case."""
    seen: dict[tuple[int, str], StoredCase] = {}
    for sc in cases:
        seen.setdefault(case_key(sc), sc)
    return list(seen.values())


def _members(unique: list[StoredCase], concepts: ConceptSet) -> dict[int, list[tuple[StoredCase, int]]]:
    """Concept id -> (case, item position) of every item it holds in the distinct cases."""
    by_id = {sc.id: sc for sc in unique}
    out: dict[int, list[tuple[StoredCase, int]]] = defaultdict(list)
    for (case_id, index), concept_id in concepts.assignment.items():
        if case_id in by_id:
            out[concept_id].append((by_id[case_id], index))
    return out


def _add_reports(graph: nx.DiGraph, cases: list[StoredCase]) -> None:
    """Report nodes with their files, their organisation's scope (names that name one organisation
    share it), a digest of what they say (``content``) and the causes they state with figures
    (``facts``). Two stored reports that say the same thing, or state the same
    measured cause (灯管已使用约1,900小时 ... 420mJ/cm²), are copies of one report whatever their
    dates: an event that comes back is measured again."""
    files: dict[int, set[str]] = defaultdict(set)
    content: dict[int, set[str]] = defaultdict(set)
    facts: dict[int, set[str]] = defaultdict(set)
    for sc in cases:
        files[sc.report_id].update(sc.files)
        content[sc.report_id].add(_case_content(sc))
        facts[sc.report_id].update(k for k in (phrase_key(c.text) for c in sc.case.causes) if _HAS_DIGIT.search(k))
        graph.add_node(node_id("report", sc.report_id), kind="report", title=sc.report_title, org=sc.org, date=sc.date)
    scopes = organisation_scopes(sc.org for sc in cases)
    for report_id, names in files.items():
        node = graph.nodes[node_id("report", report_id)]
        node["scope"] = scopes.get(node["org"], NO_ORGANISATION)
        node["files"] = sorted(names)
        node["content"] = hashlib.sha256("\n".join(sorted(content[report_id])).encode()).hexdigest()[:16]
        node["facts"] = sorted(facts[report_id])


def _case_content(sc: StoredCase) -> str:
    case = sc.case
    return "|".join([phrase_key(case.problem), *sorted(phrase_key(c.text) for c in case.causes),
                     *sorted(phrase_key(m.text) for m in case.measures)])


def _concept_attrs(concept: Concept, members: list[tuple[StoredCase, int]]) -> dict:
    """Support, dates and, by kind, the 5M1E category or the measure kind and effect evidence."""
    holding = list({case_key(sc): sc for sc, _ in members}.values())
    dates = sorted(sc.date for sc in holding if sc.date)
    attrs = {
        "kind": concept.kind,
        "label": concept.label,
        "phrasings": len(concept.texts),
        "texts": list(concept.texts),
        "reports": sorted({sc.report_id for sc in holding}),
        "support_reports": concept.support_reports,
        "support_cases": concept.support_cases,
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
    }
    if concept.kind == "cause":
        attrs["fivem1e"] = concept_fivem1e(concept)
    if concept.kind == "measure":
        declared = [sc.case.measures[i].kind for sc, i in members]
        attrs["measure_kind"] = concept_measure_kind(concept, declared)
        effect = Counter(EFFECT_KEYS[sc.case.effective] for sc in holding)
        attrs.update({key: effect[key] for key in EFFECT_KEYS.values()})
    return attrs


def _add_case_edges(graph: nx.DiGraph, sc: StoredCase, sets: dict[str, ConceptSet]) -> None:
    problem = node_id("problem", sets["problem"].of(sc.id).id)
    cause_nodes = [node_id("cause", sets["cause"].of(sc.id, i).id) for i in range(len(sc.case.causes))]
    for node, span in zip(cause_nodes, sc.case.causes):  # the cause as each report words it, keyed
        graph.nodes[node].setdefault("worded", {}).setdefault(str(sc.report_id), span.text)  # by text: JSON keeps that
    causes = _distinct(cause_nodes)
    worded: dict[str, str] = {}
    for i, m in enumerate(sc.case.measures):
        worded.setdefault(node_id("measure", sets["measure"].of(sc.id, i).id), m.text)
    measures = list(worded)
    report = sc.report_id
    answered: dict[str, set[str]] = defaultdict(set)  # measure -> the causes it answers by its words
    for cause, measure in _answers(sc, sets):
        answered[measure].add(cause)
    _count(graph, node_id("report", report), problem, "reports", report)
    for cause in causes:
        _count(graph, problem, cause, "caused_by", report)
        for measure in measures:
            evidence = {"report": report, "date": sc.date, "effective": sc.case.effective,
                        "answers": cause in answered[measure],
                        "answers_other": bool(answered[measure] - {cause}),
                        "text": worded[measure]}
            _count(graph, cause, measure, "addressed_by", report, evidence)
    for measure in measures:
        _count(graph, problem, measure, "addressed_by", report)


def _answers(sc: StoredCase, sets: dict[str, ConceptSet]) -> set[tuple[str, str]]:
    """(cause, measure) node pairs of the case where the measure answers that cause by its words
    (:mod:`minerva.knowledge.addressing`)."""
    causes = [c.text for c in sc.case.causes]
    out = set()
    for i, measure in enumerate(sc.case.measures):
        found = answered_cause(measure.text, causes, plain_bigrams)
        if found is not None:
            out.add((node_id("cause", sets["cause"].of(sc.id, found).id),
                     node_id("measure", sets["measure"].of(sc.id, i).id)))
    return out


def _distinct(nodes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(nodes))


def _count(
    graph: nx.DiGraph, source: str, target: str, relation: str, report: int, evidence: dict | None = None
) -> None:
    """Add one case to an edge: ``cases`` counts cases, ``reports`` lists the distinct reports and
    cause -> measure edges keep each case's ``evidence`` (report, date, effective)."""
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, relation=relation, cases=0, reports=[])
    edge = graph.edges[source, target]
    edge["cases"] += 1
    if report not in edge["reports"]:
        edge["reports"].append(report)
    if evidence is not None:
        edge.setdefault("evidence", []).append(evidence)


@dataclass(frozen=True)
class Occurrence:
    """A report in which a cause was found."""

    report_id: int
    date: str
    title: str | None


@dataclass(frozen=True)
class Relapse:
    """A measure declared effective against a cause in one report, and the later report where the
    same cause came back; ``label`` is the measure as the report that declared it effective words it."""

    measure: str
    label: str
    effective_report: int
    effective_date: str
    recurred_report: int
    recurred_date: str


@dataclass(frozen=True)
class Recurrence:
    """A cause found again by the same organisation for the same problem family, in reports at
    different dates, oldest first; ``label`` is the cause as the first of them words it.
    ``scope`` is the organisation's reduced name (empty when the reports name none), ``problem``
    the problem concept both reports filed it under."""

    cause: str
    label: str
    fivem1e: str | None
    occurrences: tuple[Occurrence, ...]
    relapsed_measures: tuple[Relapse, ...]
    scope: str = ""
    problem: str = ""
    problem_label: str = ""
    causes: tuple[str, ...] = ()  # every cause node taken for this cause (``cause`` first)


@dataclass(frozen=True)
class CommonCause:
    """A kind of cause that several organisations found: shared experience, not a recurrence."""

    cause: str
    label: str
    fivem1e: str | None
    organisations: tuple[str, ...]
    reports: tuple[int, ...]


def recurring_causes(graph: nx.DiGraph) -> list[Recurrence]:
    """Causes that came back in a later report of the same organisation and problem family,
    ordered by their first date.

    Within one organisation and problem family, two causes of one coarse kind are the same cause
    when they share words (word similarity at least ``FINE_WORD_FLOOR``, the floor every two
    members of a fine concept meet): a later report words its cause afresh (模具冷却水路堵塞 /
    模具运水通道内壁结垢), and in that narrow a scope a cause of the same kind that shares its
    words is that cause again, while the archive-wide fine concepts must tell apart every
    organisation's causes. One fine cause concept that the organisation filed under two problem
    concepts is one cause too, and so are two of its causes worded alike (``ACROSS_PROBLEMS``): the
    later report named the same complaint otherwise (快件破损 / 内件碎裂). Reports without a date
    cannot be placed in time and are left out. A date given only as a year or month is not later
    than a full date inside it (2022 vs 2022-07-21).
    Reports that name no organisation are one organisation when no report of the archive names
    one (a department's own archive); where others do, they cannot be placed and are left out,
    since two of them may come from two organisations. A cause that other organisations also found
    is listed by :func:`common_causes`, never here.
    """
    named = any(d.get("kind") == "report" and _scope_of(graph, node) != NO_ORGANISATION
                for node, d in graph.nodes(data=True))
    families: dict[tuple, dict[str, list[int]]] = defaultdict(dict)
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "cause":
            continue
        for (scope, problem), reports in _families(graph, node).items():
            if not (named and scope == NO_ORGANISATION):
                families[(data.get("coarse_kind", node), scope, problem)][node] = reports
    similar = _cause_similarity(graph)
    groups = [(scope, problem, causes, by_cause) for (_, scope, problem), by_cause in families.items()
              for causes in _same_causes(sorted(by_cause, key=_node_order), similar)]
    groups += _filed_under_several_problems(graph, families, similar)
    found = []
    for scope, problem, causes, by_cause in groups:
        occurrences = _occurrences(graph, [r for c in causes for r in by_cause[c]])
        if any(_later(a.date, b.date) for a in occurrences for b in occurrences):
            found.append((scope, problem, causes, occurrences))
    out = []
    for scope, problem, causes, occurrences in _not_covered(found):
        first = graph.nodes[causes[0]]
        earliest = str(occurrences[0].report_id)
        out.append(
            Recurrence(
                cause=causes[0],
                label=next((graph.nodes[c]["worded"][earliest] for c in causes
                            if earliest in graph.nodes[c].get("worded", {})), first["label"]),
                fivem1e=first.get("fivem1e"),
                occurrences=occurrences,
                relapsed_measures=tuple(r for c in causes for r in _relapses(graph, c, occurrences)),
                scope=scope,
                problem=problem,
                problem_label=graph.nodes[problem].get("label", ""),
                causes=tuple(causes),
            )
        )
    return sorted(out, key=lambda r: (r.occurrences[0].date, _node_order(r.cause), _node_order(r.problem)))


def _not_covered(found: list[tuple]) -> list[tuple]:
    """Recurrences (scope, problem, causes, occurrences) less the ones inside one problem family
    that the same cause across families already covers: its causes among another's, its
    occurrences fewer. Only recurrences holding its first cause can cover one."""
    held = [(set(causes), set(occurrences)) for _, _, causes, occurrences in found]
    holding: dict[str, list[int]] = defaultdict(list)
    for k, (_, _, causes, _) in enumerate(found):
        for cause in causes:
            holding[cause].append(k)
    return [found[k] for k, (_, _, causes, _) in enumerate(found)
            if not any(j != k and held[k][0] <= held[j][0] and held[k][1] < held[j][1]
                       for j in holding[causes[0]])]


def _filed_under_several_problems(graph: nx.DiGraph, families: dict[tuple, dict[str, list[int]]],
                                  similar) -> list[tuple]:
    """Causes of one coarse kind that one organisation filed under several problem concepts and
    that are one cause: the same fine concept, or worded alike (word similarity at least
    ``ACROSS_PROBLEMS``). Each such cause is a group of its own (scope, problem of its earliest
    report, causes, reports by cause).

    A later report often names the same complaint otherwise (快件破损 / 内件碎裂, 窗口开放不足 /
    排队时间长) and its problem falls in another concept; the same cause found again by the same
    organisation still came back. Causes that share fewer words stay within one problem family."""
    found: dict[tuple, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    for (kind, scope, problem), by_cause in families.items():
        for cause, reports in by_cause.items():
            found[(kind, scope)][cause][problem] = reports

    def first_date(reports: list[int]) -> str:
        return min(graph.nodes.get(node_id("report", r), {}).get("date") or "9999" for r in reports)

    out = []
    for (_, scope), problems_of in found.items():
        causes = sorted(problems_of, key=_node_order)
        filed_under = [set(problems_of[c]) for c in causes]
        same = DisjointSets(len(causes))
        for i, j in combinations(range(len(causes)), 2):
            if (same.root(i) != same.root(j) and filed_under[i] != filed_under[j]
                    and similar(causes[i], causes[j]) >= ACROSS_PROBLEMS):
                same.join(i, j)
        for group in same.groups():
            members = [causes[k] for k in group]
            problems = {p: r for c in members for p, r in problems_of[c].items()}
            if len(problems) > 1:
                earliest = min(problems, key=lambda p: (first_date(problems[p]), _node_order(p)))
                out.append((scope, earliest, members,
                            {c: [r for reports in problems_of[c].values() for r in reports] for c in members}))
    return out


def _cause_similarity(graph: nx.DiGraph):
    """How alike two cause nodes are worded: the best word similarity of their phrasings, with
    IDF over every cause phrasing of the graph (vectors made once, on first use)."""
    vectors: dict[str, dict] = {}

    def similar(a: str, b: str) -> float:
        if not vectors:
            texts = sorted({t for n, d in graph.nodes(data=True) if d.get("kind") == "cause" for t in d["texts"]})
            vectors.update(zip(texts, word_vectors(texts, "cause")))
        return max(word_product(vectors[x], vectors[y])
                   for x in graph.nodes[a]["texts"] for y in graph.nodes[b]["texts"])
    return similar


def _same_causes(causes: list[str], similar) -> list[list[str]]:
    """The causes of one kind, organisation and problem family grouped where they share words
    (single linkage at ``FINE_WORD_FLOOR``), each group and the groups in the order given."""
    same = DisjointSets(len(causes))
    for i, j in combinations(range(len(causes)), 2):
        if same.root(i) != same.root(j) and similar(causes[i], causes[j]) >= FINE_WORD_FLOOR:
            same.join(i, j)
    return [[causes[k] for k in group] for group in same.groups()]


# Two causes of one organisation and kind filed under different problem concepts are one cause when
# their words are this alike (the family floor is FINE_WORD_FLOOR, 0.2; fine concepts join at 0.35
# on average). Set on recur1 (looked at: 7 -> 8 of 10 listed recurrences found, no decoy); the
# blind recur3 went 9 -> 11 of 20, no decoy (0.4 and 0.5 changed neither set).
ACROSS_PROBLEMS = 0.3


# Relapses kept per measure concept for suggestions: the latest ones, one per organisation and
# pair of dates (an archive of one organisation can hold hundreds).
RELAPSES_KEPT = 3


def relapses_by_kind(graph: nx.DiGraph) -> dict[int, list[dict]]:
    """Per coarse measure concept (what suggestions gather by), where it was declared effective and
    the cause it answered came back anyway: organisation, the two dates and the cause; the
    ``RELAPSES_KEPT`` latest, one per organisation and pair of dates."""
    found: dict[int, dict[tuple, dict]] = defaultdict(dict)
    for recurrence in recurring_causes(graph):
        org = graph.graph.get("scope") or graph.nodes[node_id("report", recurrence.occurrences[0].report_id)].get("org")
        for relapse in recurrence.relapsed_measures:
            kind = graph.nodes[relapse.measure].get("coarse_kind")
            if kind is not None:
                found[kind].setdefault((org, relapse.effective_date, relapse.recurred_date), {
                    "org": org, "effective_date": relapse.effective_date,
                    "recurred_date": relapse.recurred_date, "cause": recurrence.label})
    return {kind: sorted(rows.values(), key=lambda r: (r["recurred_date"], r["effective_date"]),
                         reverse=True)[:RELAPSES_KEPT]
            for kind, rows in found.items()}


def common_causes(graph: nx.DiGraph) -> list[CommonCause]:
    """Kinds of cause (coarse concepts) found by two or more organisations, the most widely shared
    first: shared experience, as a lessons-learned list files it. ``cause`` is the kind's first
    fine cause node, ``label`` the kind's label."""
    kinds: dict[object, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "cause":
            kinds[data.get("coarse_kind", node)].append(node)
    out = []
    for nodes in kinds.values():
        nodes.sort(key=_node_order)
        reports = sorted({r for n in nodes for r in graph.nodes[n].get("reports", [])})
        names = {}
        for report in reports:
            org = graph.nodes.get(node_id("report", report), {}).get("org")
            scope = _scope_of(graph, node_id("report", report))
            if scope != NO_ORGANISATION:
                names.setdefault(scope, graph.graph.get("scope") or org)
        if len(names) >= 2:
            first = graph.nodes[nodes[0]]
            votes = Counter(graph.nodes[n].get("fivem1e") for n in nodes)
            fivem1e = min(votes, key=lambda k: (-votes[k], str(k)))
            out.append(CommonCause(nodes[0], first.get("coarse_label", first["label"]), fivem1e,
                                   tuple(sorted(names.values())), tuple(reports)))
    return sorted(out, key=lambda c: (-len(c.organisations), -len(c.reports), _node_order(c.cause)))


def _families(graph: nx.DiGraph, cause: str) -> dict[tuple[str, str], list[int]]:
    """The reports that found ``cause``, grouped by (organisation scope, problem concept)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for problem, _, edge in graph.in_edges(cause, data=True):
        if edge.get("relation") != "caused_by":
            continue
        for report in edge.get("reports", []):
            groups[(_scope_of(graph, node_id("report", report)), problem)].append(report)
    return groups


def _scope_of(graph: nx.DiGraph, report: str) -> str:
    """The organisation scope of a report node: the one the user named for the whole archive,
    else that of the organisation read from the report."""
    if graph.graph.get("scope"):
        return org_scope(graph.graph["scope"])
    data = graph.nodes.get(report, {})
    scope = data.get("scope")  # set on every report node; a graph read back from an older export may lack it
    return scope if scope is not None else org_scope(data.get("org"))


def _occurrences(graph: nx.DiGraph, reports: Iterable[int]) -> tuple[Occurrence, ...]:
    """The dated reports, oldest first; a later copy of a report (same content, or a measured
    cause stated word for word) is no new occurrence."""
    found = []
    for report_id in dict.fromkeys(reports):
        data = graph.nodes.get(node_id("report", report_id), {})
        if data.get("date"):
            found.append((Occurrence(report_id, data["date"], data.get("title")), data))
    out: list[Occurrence] = []
    contents: set[str] = set()
    facts: set[str] = set()
    for occurrence, data in sorted(found, key=lambda f: (f[0].date, f[0].report_id)):
        mine = set(data.get("facts", ()))
        if data.get("content") not in contents and not mine & facts:
            out.append(occurrence)
        contents.add(data.get("content"))
        facts |= mine
    return tuple(out)


def _relapses(graph: nx.DiGraph, cause: str, occurrences: tuple[Occurrence, ...]) -> tuple[Relapse, ...]:
    """Measures declared effective for ``cause`` in one of these reports before a later one of
    them found the cause again. Where a report's measures tell which of them answered the cause
    (they share its words, :mod:`minerva.knowledge.addressing`), only those relapsed; where none
    does, every measure the report declared effective did, except those that answered another
    cause of the case."""
    mine = {o.report_id for o in occurrences}
    found: dict[int, list[tuple[Relapse, bool, bool]]] = defaultdict(list)
    for _, measure, edge in sorted(graph.out_edges(cause, data=True), key=lambda e: _node_order(e[1])):
        # (date, report) that declared it effective: did it answer this cause, did it answer another?
        answered: dict[tuple[str, int], tuple[bool, bool]] = {}
        worded: dict[int, str] = {}  # the measure as that report words it
        for e in edge.get("evidence", []):
            if e.get("effective") is True and e.get("date") and e["report"] in mine:
                key = (e["date"], e["report"])
                this, other = answered.get(key, (False, False))
                answered[key] = (this or e.get("answers", False), other or e.get("answers_other", False))
                worded.setdefault(e["report"], e.get("text") or graph.nodes[measure]["label"])
        for (date, report), (answers, other) in sorted(answered.items()):
            later = next((o for o in occurrences if _later(date, o.date)), None)
            if later is not None:
                relapse = Relapse(measure, worded[report], report, date, later.report_id, later.date)
                found[report].append((relapse, answers, other))
                break
    out: list[Relapse] = []
    for relapses in found.values():
        out.extend([r for r, answers, _ in relapses if answers]
                   or [r for r, _, other in relapses if not other])
    return tuple(out)


def _later(first: str, second: str) -> bool:
    """``second`` is strictly after ``first`` (ISO dates; a prefix is the same period)."""
    return second > first and not second.startswith(first)


def _node_order(node: str) -> tuple[str, int]:
    kind, _, ident = node.partition(":")
    return kind, int(ident)


def to_graphml(graph: nx.DiGraph, path: str | Path) -> None:
    """Write GraphML; lists and dicts become JSON strings and missing values are left out,
    since GraphML holds only scalars."""
    nx.write_graphml(_scalar_copy(graph), str(path))


def to_node_link(graph: nx.DiGraph, path: str | Path) -> None:
    """Write node-link JSON (UTF-8, Chinese kept readable); read back with
    ``networkx.node_link_graph(data, edges="edges")``."""
    data = nx.node_link_data(graph, edges="edges")
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _scalar_copy(graph: nx.DiGraph) -> nx.DiGraph:
    out = nx.DiGraph(**_scalars(graph.graph))
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_scalars(data))
    for source, target, data in graph.edges(data=True):
        out.add_edge(source, target, **_scalars(data))
    return out


def _scalars(attrs: dict) -> dict:
    return {
        key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, tuple, dict)) else value
        for key, value in attrs.items()
        if value is not None
    }
