"""Role-tagged clauses -> cases, for documents whose structure names no roles.

A reply letter, a news item or a notice says what the complaint was, why it happened and what
was done in running text. Once each clause has a role (``roles.py``), cases are assembled the
way a reader does it:

* consecutive clauses of one role in one sentence form one span, unless an enumeration item
  (（2）, 二是) opens a new one or the learnt boundary model says the clause starts one;
* a problem opens a new case when it starts a numbered line, a heading or a register row; any
  other problem clause restates the current complaint (``problem_alt``), and the plainest,
  shortest statement names the case (a one-complaint report: its title, when the title quotes
  the complaint or shares its words);
* causes, measures and effects belong to the problems open when they are stated; those stated
  before any problem (a news item that leads with the company's answer) go to the first one;
* several problems stated one after another share the causes and measures that follow them;
* a letter that lists the complaints and then answers each in a paragraph opening 关于X问题，…
  is read from those paragraphs: the list only announces them.

The structure path asks the same reader about the text inside a complaint block: ``told_in``
gives the causes and measures a description tells without labels, ``stated_problem`` the clause
of a description that states the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from minerva.evaluate import normalise, similarity
from minerva.extractors import effect, vocab
from minerva.extractors.clauses import clauses_of
from minerva.extractors.fields import split_details
from minerva.extractors.layout import lines_of
from minerva.extractors.naming import (
    after_cue,
    answered_matter,
    is_frame_only,
    is_generic,
    is_hypothetical,
    problem_name,
    title_problem,
)
from minerva.extractors.roles import Tagged, model, tag
from minerva.extractors.similarity import overlap
from minerva.extractors.spans import HAN
from minerva.model import Block, Case, Document, Measure, SourceRef, Span

_MIN_PROB = {"problem": 0.5, "cause": 0.45, "measure": 0.45, "effect": 0.5}
_PARALLEL_SCALE = 0.6  # how much less sure a numbered line's opening must be when its siblings are problems
_MIN_CHARS = 4
_MIN_EVIDENCE = 3  # spans the model must have read before it may overrule a structural reading
_PROBLEM_CHARS = 30   # a problem as an engineer names it is short
_TITLE_NAME_CHARS = 30
_TITLE_OVERLAP = 0.25  # a headline that shares no words with the complaint names something else
# 您反映“X”的问题 / 接到“关于X问题”的反映: a reply that quotes the complaint it answers
_QUOTED_COMPLAINT = re.compile(r"(?:反映|投诉|举报)(?:了|的)?[“\"「]([^”\"」]{4,40})[”\"」]的?(?:问题|情况|一事)"
                               r"|(?:接到|收到)[^“\"「，,。]{0,8}[“\"「]([^”\"」]{4,40})[”\"」]的?(?:反映|投诉|来信|举报)")


_READING = re.compile(r"\d\.\d")  # a measured value (0.52mm), unlike a count (4套)

# A clause that opens with one of these words starts the statement of a cause, even where the
# model reads the clause alone as background (由于新交付楼盘集中在7月至9月，安装维修队人手不足).
_CAUSE_LEAD = re.compile(r"^(?:主要)?(?:由于|因为|原因在于|原因是|原因为|系因|再加上|加上|加之)")


@dataclass
class Piece:
    """A span of one role: consecutive clauses merged."""

    role: str
    texts: list[str]
    source: SourceRef
    opens: bool          # starts a numbered line, heading or table row
    row: tuple | None
    probs: list[float] = field(default_factory=list)
    rivals: list[float] = field(default_factory=list)  # per clause, the probability of the likeliest other role
    topic: bool = False  # a paragraph's opening 关于X问题，… named it

    @property
    def text(self) -> str:
        return "，".join(self.texts)

    @property
    def strength(self) -> float:
        """How plainly the span states its role: mean probability, less what speaks for another
        role (a cause stated as a complaint), less for very long spans."""
        mean = sum(self.probs) / len(self.probs) if self.probs else 0.0
        rival = sum(self.rivals) / len(self.rivals) if self.rivals else 0.0
        return mean - 0.5 * rival - 0.01 * max(0, len(self.text) - _PROBLEM_CHARS)


@dataclass
class _Open:
    cases: list[Case] = field(default_factory=list)
    acted: bool = False


def role_of(t: Tagged, scale: float = 1.0) -> str:
    """The clause's role, or ``other`` when the model is not sure enough (``scale`` < 1 asks less);
    a clause that only supposes a problem (若…发现…) reports none, and a plan under a closing
    section (下一步计划) is no measure taken."""
    best = max((r for r in _MIN_PROB), key=t.p)
    if best == "problem" and is_hypothetical(t.clause.text):
        return "other"
    if best == "measure" and t.clause.section == "summary":
        return "other"  # 下一步计划, 2024年工作打算: plans, not what was done
    return best if t.p(best) >= scale * _MIN_PROB[best] else "other"


def _rival(t: Tagged, role: str) -> float:
    return max(t.p(r) for r in _MIN_PROB if r != role)


def _parallel_items(tagged: list[Tagged], scale: float) -> set[int]:
    """Numbered lines that open like their siblings: when two or more numbered lines begin with a
    plain problem statement (1、小区电梯经常停运。经查…), a sibling that begins with a likely one
    (2、地下车库照明不足。) states a problem too, though the model alone is less sure of it."""
    leads = [t for k, t in enumerate(tagged) if t.clause.numbered and t.clause.first
             and (k == 0 or tagged[k - 1].clause.line != t.clause.line)]
    sure = [t for t in leads if role_of(t, scale) == "problem"]
    if len(sure) < 2:
        return set()
    return {id(t) for t in leads if max(_MIN_PROB, key=t.p) == "problem"}


# How much the clause after 导致/造成 must read as a defect: 造成了家长不必要的焦虑 tells a complaint's
# harm, not what a cause led to.
_CONSEQUENCE_DEFECT = 0.2
_CAUSE_MIN_HAN = 8  # Han characters: 经初步分析，导致召回的… opens with a frame, not a cause


def _shows_cause(t: Tagged, role: str, after: Tagged | None) -> bool:
    """Whether the sentence shows the clause to be a cause: it ends in 所致, or, read as nothing
    else, the next clause of its sentence opens with 导致/造成 (what it led to), telling a defect
    unless the clause itself opens with 由于 (由于X，致使Y: the sentence says X is the cause)."""
    shapes = vocab.load("cause_shapes")
    if t.clause.text.rstrip("。；;，, ").endswith(tuple(shapes["cause_endings"])):
        return True
    return (role == "other" and len(HAN.findall(t.clause.text)) >= _CAUSE_MIN_HAN
            and after is not None and after.clause.sentence == t.clause.sentence
            and after.clause.text.startswith(tuple(shapes["consequence_leads"]))
            and (bool(_CAUSE_LEAD.match(t.clause.text))
                 or after.p("problem") + after.p("cause") >= _CONSEQUENCE_DEFECT))


def follows_report(prev: Tagged, t: Tagged) -> bool:
    """Whether ``t`` says what the clause before it in its sentence reports (很多旅客反映，X; 有网友发帖，
    说X): a statement, not a question, after a clause that only says who reported."""
    text = t.clause.text.strip()
    return (prev.clause.sentence == t.clause.sentence and is_frame_only(prev.clause.text)
            and not text.endswith(("？", "?")) and not is_hypothetical(text) and len(HAN.findall(text)) >= _MIN_CHARS)


def _cause_opening(text: str) -> str | None:
    """The words that open a clause stating a cause (真正原因是, 原因二是, 漏水的直接原因是), if it
    has them: one of ``cause_openings``, after at most a short "X的" naming what it caused."""
    found = _opening_pattern().match(text)
    return found.group() if found and len(text) - found.end() >= 4 else None


@cache
def _opening_pattern() -> re.Pattern[str]:
    openings = vocab.alternation(vocab.load("cause_shapes")["cause_openings"])
    return re.compile(rf"^(?:[^，,。；;：:]{{1,10}}?的)?(?:{openings})[：:，,]?")


def pieces(tagged: list[Tagged], scale: float = 1.0) -> list[Piece]:
    """Merge consecutive same-role clauses of a sentence into spans, where the boundary model says
    the next clause continues the span."""
    m = model()
    out: list[Piece] = []
    prev: Tagged | None = None
    parallel = _parallel_items(tagged, scale)
    lead: Tagged | None = None  # 由于…, left as other, that opens the cause after it
    framed: int | None = None  # the sentence a cause opening (原因是…) made a cause
    topics = [_topic_opening(tagged, k) for k in range(len(tagged))]
    if sum(bool(x) for x in topics) < 2:  # one such paragraph restates the letter's one complaint
        topics = [None] * len(tagged)
    for k, t in enumerate(tagged):
        if k and topics[k - 1] and _ORDINAL_TOPIC.match(tagged[k - 1].clause.text.strip()):
            continue  # 关于第一点，胀杯问题。: the name was read with the point it follows
        role = role_of(t, scale * _PARALLEL_SCALE if id(t) in parallel else scale)
        if role in ("other", "problem") and _shows_cause(t, role, tagged[k + 1] if k + 1 < len(tagged) else None):
            role = "cause"
        if t.clause.labelled_problem:  # 案例二：安装师傅迟到: the writer said it is a problem
            role = "problem"
        opening = _cause_opening(t.clause.text)
        if opening or (framed == t.clause.sentence and role in ("other", "problem")):
            role, framed = "cause", t.clause.sentence
            if opening:
                t = replace(t, clause=replace(t.clause, text=t.clause.text[len(opening):].lstrip("：:，, ")))
        topic = topics[k]
        if topic:  # 关于晚间网速下降问题，经核查… opens the paragraph that answers that complaint
            role, t = "problem", replace(t, clause=replace(t.clause, text=topic))
        c = t.clause
        row = (c.source.table, c.source.row) if c.source.row is not None else None
        if role == "other":
            prev = None
            lead = t if _CAUSE_LEAD.match(c.text) else None
            continue
        if role == "cause" and lead is not None and lead.clause.sentence == c.sentence:
            out.append(Piece(role, [_CAUSE_LEAD.sub("", lead.clause.text)], lead.clause.source, False, row,
                             [t.p(role)], [_rival(t, role)]))
            prev = lead
        lead = None
        joins = (prev is not None and out and out[-1].role == role and prev.clause.sentence == c.sentence
                 and not c.item and not m.starts_span(prev.clause, c, role))
        if joins:
            out[-1].texts.append(c.text)
            out[-1].probs.append(t.p(role))
            out[-1].rivals.append(_rival(t, role))
        else:
            # a row of a register opens a case; a row of a two-column form is one of its fields
            new_row = row is not None and c.columns >= 3 and (not out or out[-1].row != row)
            opens = (c.heading or (c.numbered and c.first and c.sentence != getattr(prev, "sentence", None)) or new_row
                     or bool(topic))
            sure = [1.0] if topic else [t.p(role)]  # a paragraph's own label names its complaint plainly
            out.append(Piece(role, [c.text], c.source, opens, row, sure, [0.0] if topic else [_rival(t, role)],
                             topic=bool(topic)))
        prev = t
    return [p for p in out if len(normalise(p.text)) >= _MIN_CHARS or p.role == "problem"]


_TOPIC = re.compile(r"^(?:关于|针对|对于)(.{3,24}?)(?:的)?(?:问题|情况|事项|一事)$")


_ORDINAL_TOPIC = re.compile(r"^(?:关于|针对|对于)第[一二三四五六七八九十\d]{1,2}(?:点|项|个问题|条)$")


def _topic_opening(tagged: list[Tagged], k: int) -> str | None:
    """The complaint a paragraph opens by naming (关于5月3日中断修复超时问题，…; 关于第一点，胀杯问题。),
    or None. A letter that answers several complaints gives each its paragraph so."""
    c = tagged[k].clause
    if c.heading or not c.first or (k and tagged[k - 1].clause.line == c.line):
        return None
    if _ORDINAL_TOPIC.match(c.text.strip()) and k + 1 < len(tagged) and tagged[k + 1].clause.line == c.line:
        name = tagged[k + 1].clause.text.strip()
        return name if 2 <= len(HAN.findall(name)) <= 16 else None
    found = _TOPIC.match(c.text.strip())
    if not found or found.group(1) in vocab.load("sections")["generic_qualifiers"]:
        return None
    name = found.group(1)
    words = vocab.load("problem_names")
    if name.startswith(tuple(words["back_references"])) or any(  # 关于您反映的…问题 answers the letter
            w in name for w in words["reporting_verbs"]):
        return None
    return name if len(HAN.findall(name)) >= 3 else None


def _new_case(p: Piece) -> Case:
    return Case(problem=p.text, source=p.source)


def assemble(tagged: list[Tagged], title: str | None = None, scale: float = 1.0) -> list[Case]:
    """Cases from role-tagged clauses (see the module docstring); ``scale`` < 1 accepts roles the
    model is less sure of, for a document that would otherwise give nothing."""
    found = pieces(tagged, scale)
    topics = [k for k, p in enumerate(found) if p.topic]
    if len(topics) >= 2 and all(p.role == "problem" for p in found[:topics[0]]):
        found = found[topics[0]:]  # the complaints a letter lists before it answers each by name
    named: dict[int, list[Piece]] = {}
    cases: list[Case] = []
    group = _Open()
    pending: list[Piece] = []
    effects: dict[int, list[str]] = {}
    for p in found:
        if p.role == "problem":
            if not group.cases or (group.acted and p.opens) or (p.opens and not _restates(group, p)):
                if group.acted or not group.cases:
                    group = _Open()
                case = _new_case(p)
                group.cases.append(case)
                cases.append(case)
                named[id(case)] = [p]
            else:
                named[id(group.cases[-1])].append(p)
            continue
        if not group.cases:
            pending.append(p)
            continue
        group.acted = True
        for case in group.cases:
            _attach(case, p, effects)
    if pending:
        if not cases:
            cases.append(_unnamed_case(tagged, title, pending[0]))
        for p in pending:
            _attach(cases[0], p, effects)
    for case in cases:
        _name(case, named.get(id(case), []))
        _set_effect(case, effects.get(id(case)))
    kept = [c for c in cases if c.causes or c.measures or c.effect] or cases[:1]
    if len(kept) == 1 and pending:  # causes or measures came before any problem statement
        _name_by_cue(kept[0], tagged, scale)
    if len(kept) == 1 and title:
        _name_by_title(kept[0], title)
    if len(kept) == 1:
        _name_by_quote(kept[0], tagged)
    return kept


def _name_by_cue(case: Case, tagged: list[Tagged], scale: float) -> None:
    """A letter or notice of one complaint states it, after a cue (贵司反映X, 客户投诉X), before
    anything it found or did. When the model read that account (a purchase, a batch, a delivery)
    as background, so that a cause came before any problem statement, the cue's statement names
    the case."""
    for t in tagged:
        if role_of(t, scale) in ("cause", "measure", "effect"):
            return
        name = after_cue(t.clause.text)
        if name:
            case.rename(problem_name(name))
            case.source = t.clause.source
            return


def _name_by_quote(case: Case, tagged: list[Tagged]) -> None:
    """A reply that quotes the complaint it answers (您反映“幼儿园不公开食谱”的问题) names it so."""
    for t in tagged:
        quoted = _QUOTED_COMPLAINT.search(t.clause.text)
        name = problem_name(quoted.group(1) or quoted.group(2)) if quoted else None
        if name and not is_generic(name):
            case.rename(name)
            return


def _name_by_title(case: Case, title: str) -> None:
    """A report of one complaint usually names it in its title (X就“Y”致歉, 关于Y的整改报告);
    that name is the case's, and the clause that stated it becomes an alternative."""
    name = title_problem(title)
    quoted = name in title and any(q + name in title for q in "“\"「『‘")
    said = [case.problem, *case.problem_alt]
    related = any(overlap(name, text) >= _TITLE_OVERLAP for text in said)
    if not is_generic(name) and not is_frame_only(name) and len(name) <= _TITLE_NAME_CHARS and (quoted or related):
        case.rename(name)


def _name(case: Case, candidates: list[Piece]) -> None:
    """The plainest, shortest statement of the problem names the case; the others are alternatives."""
    if not candidates:
        return
    best = max(candidates, key=lambda p: (not is_frame_only(p.text), p.strength))
    text, details = split_details(best.text)
    case.problem, case.source, case.fields = problem_name(text), best.source, {**details, **case.fields}
    alts: list[str] = [best.text] if case.problem != best.text else []
    for p in candidates:
        if p is not best and not any(similarity(normalise(p.text), normalise(x)) >= 0.8 for x in [best.text, *alts]):
            alts.append(p.text)
    case.problem_alt = alts


def _unnamed_case(tagged: list[Tagged], title: str | None, first: Piece) -> Case:
    """A report whose clauses state measures but no problem clearly: the matter a clause says the
    statement answers (针对…相关事宜) names it, else the clause most like a problem statement, else
    the title, else what the first span says happened."""
    for t in tagged:  # 针对…被异常扣费相关事宜，公司发布声明称…: the matter the statement answers
        matter = answered_matter(t.clause.text)
        if matter:
            return Case(problem=matter, source=t.clause.source, problem_alt=[t.clause.text])
    best = max((t for t in tagged if not is_hypothetical(t.clause.text)
                and not is_frame_only(t.clause.text)), key=lambda t: t.p("problem"), default=None)
    if best is not None and best.p("problem") >= 0.2:
        return Case(problem=problem_name(best.clause.text), source=best.clause.source, problem_alt=[best.clause.text])
    if title:
        return Case(problem=title_problem(title), source=first.source, problem_alt=[title])
    # 阀门切换延迟，导致碱水渗入牛奶中: what a cause led to is the problem
    return Case(problem=problem_name(first.text), source=first.source, problem_alt=[first.text])


def read_into(case: Case, tagged: list[Tagged]) -> None:
    """Add to ``case`` the causes, measures and effect its clauses state (``tagged``: the clauses
    of the part of the report that tells this case)."""
    effects: dict[int, list[str]] = {}
    for p in pieces(tagged):
        if p.role in ("cause", "measure", "effect"):
            _attach(case, p, effects)
    _set_effect(case, effects.get(id(case)))


def _set_effect(case: Case, texts: list[str] | None) -> None:
    """The effect statements read for a case, joined, and whether they say the measures worked."""
    if texts:
        case.effect = "；".join(texts)
        case.effective = effect.judge(case.effect)


def _restates(group: _Open, p: Piece) -> bool:
    text = normalise(p.text)
    return any(similarity(text, normalise(x)) >= 0.6 for c in group.cases for x in [c.problem, *c.problem_alt])


@cache
def _no_action() -> re.Pattern[str]:
    shapes = vocab.load("measure_shapes")
    purpose = vocab.alternation(shapes["purpose_leads"])
    frame = vocab.alternation(shapes["time_frames"])
    return re.compile(rf"(?:(?:{purpose})[^，,；;。]{{0,12}}|(?:{frame})[，,]?)[。；;]?")


def _states_no_action(text: str) -> bool:
    """Whether a measure span only says what a measure is for (以消除安全隐患) or when (在此期间),
    not what was done (``resources/measure_shapes.json``)."""
    return _no_action().fullmatch(text.strip()) is not None


def _attach(case: Case, p: Piece, effects: dict[int, list[str]]) -> None:
    text = normalise(p.text)
    if p.role == "cause":
        if not any(similarity(text, normalise(c.text)) >= 0.8 for c in case.causes):
            case.causes.append(Span(p.text, p.source))
    elif p.role == "measure":
        if _states_no_action(p.text):
            return
        if not any(similarity(text, normalise(m.text)) >= 0.8 for m in case.measures):
            case.measures.append(Measure(p.text, p.source))
    elif p.role == "effect":
        effects.setdefault(id(case), []).append(p.text)


def agrees(cases: list[Case], tagged: list[Tagged], floor: float = 0.5) -> bool:
    """Whether cases read from the document's structure say what its clauses say.

    Structure can mislead on documents written elsewhere (a bold line that is no heading, a
    label that is no section), so the structural reading is kept only when the clauses inside
    its causes and measures are, on average, read as causes and measures by the role model.
    """
    probs = []
    clauses = [(normalise(t.clause.text), t) for t in tagged]
    # the model reads Chinese: clauses without a Chinese character are no evidence either way
    clauses = [(text, t) for text, t in clauses if len(text) >= 2 and HAN.search(text)]
    for case in cases:
        for role, spans in (("cause", case.causes), ("measure", case.measures)):
            for span in spans:
                text = normalise(span.text)
                inside = [t for c, t in clauses if c in text]
                if inside:
                    probs.append(sum(t.p(role) for t in inside) / len(inside))
    return len(probs) < _MIN_EVIDENCE or sum(probs) / len(probs) >= floor


def best_guess(tagged: list[Tagged], title: str | None, floor: float = 0.1) -> list[Case]:
    """One case from the clauses most like a problem, a cause and a measure, however unsure the
    model is: for a document that states a complaint in ways the model has not seen. Empty when
    not even the likeliest problem clause reaches ``floor``."""
    if not tagged:
        return []
    top = {role: max(t.p(role) for t in tagged) for role in ("problem", "cause", "measure")}
    if top["problem"] < floor:
        return []
    best = max(tagged, key=lambda t: t.p("problem"))
    case = Case(problem=problem_name(best.clause.text), source=best.clause.source,
                problem_alt=[best.clause.text] + ([title] if title else []))
    for t in tagged:
        if t is best:
            continue
        for role in ("cause", "measure"):
            if t.p(role) >= max(floor, 0.5 * top[role]) and t.p(role) >= t.p("problem"):
                if role == "cause":
                    case.causes.append(Span(t.clause.text, t.clause.source))
                else:
                    case.measures.append(Measure(t.clause.text, t.clause.source))
                break
    return [case]


def _tagged(texts: list[str]) -> list[Tagged]:
    """Role-tagged clauses of loose paragraphs (a complaint block's description), read as a document."""
    doc = Document("description", [Block("paragraph", t, SourceRef("description", paragraph=i))
                                   for i, t in enumerate(texts)])
    lines = lines_of(doc)
    return tag(clauses_of(lines), len(lines))


def told_in(texts: list[str], source: SourceRef | None) -> Case:
    """The causes, measures and effect a complaint's description tells in running text (经检查为密封圈
    未更换…。已免费更换机滤…), for a complaint whose structure gives it no causes or no measures;
    ``source`` is where the description is."""
    case = Case(problem="", source=source)
    effects: dict[int, list[str]] = {}
    for p in pieces(_tagged(texts)):
        if p.role != "problem":
            _attach(case, replace(p, source=source), effects)
    _set_effect(case, effects.get(id(case)))
    return case


def stated_problem(texts: list[str], floor: float = 0.5) -> str | None:
    """The clause of a problem description that states the problem most plainly (判定为导体直流电阻
    超标, not the date, the lot or who tested it), named without its frame; None when no clause
    reads as a problem statement at least ``floor`` sure. Of several, one in words goes before one
    that gives a measured value (低于标准规定的0.60mm is the reading, 判定为绝缘厚度超标 the problem)."""
    tagged = [t for t in _tagged(texts) if not is_hypothetical(t.clause.text)]
    stated = [t for t in tagged if t.p("problem") >= floor and max(_MIN_PROB, key=t.p) == "problem"]
    best = max(stated, key=lambda t: (not _READING.search(t.clause.text), t.p("problem")), default=None)
    return problem_name(best.clause.text) if best is not None else None
