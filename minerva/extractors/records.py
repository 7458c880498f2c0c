"""Classified lines of one report -> cases (problem, causes, measures, effect).

Reports organise the same facts in a few recurring ways: an analysis section and a measures
section aligned by numbering; one block per problem with its own causes and measures; several
defects with their own causes sharing one list of measures; 8D forms; problem|cause|measure
tables. The walk below records what it reads into *groups* (a labelled run of causes, measures
or effect text, attached to a problem when it sits inside that problem's block); ``assemble``
then decides which problems exist and which groups belong to each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minerva.extractors import vocab
from minerva.extractors.effect import judge, result_told, share_effect
from minerva.extractors.fields import is_detail_line, only_assignment
from minerva.extractors.layout import Line, announces_complaints, role_of
from minerva.extractors.markers import parse_marker, split_inline
from minerva.extractors.naming import (
    before_figures,
    by_cue,
    filed_under_customer,
    heading_name,
    is_generic,
    only_an_index,
    problem_name,
    stated_under_label,
)
from minerva.extractors.narrative import stated_problem, told_in
from minerva.extractors.referenced import Listed, answered_by_number, first_sentence
from minerva.extractors.registers import column_roles, header_index, rows_by_problem_number, table_cases
from minerva.extractors.relabel import relabel
from minerva.extractors.similarity import overlap, shared_bigrams
from minerva.extractors.single import one_complaint
from minerva.extractors.spans import HAN, cell_items, clean, counts, is_placeholder, items, sentences, stated_cause
from minerva.model import Case, Span, span_for

_STATEMENT = re.compile(r"[；;。]|（[1１一]）|\([1１]\)")  # marks a line of content, not a name
_INLINE_ROLE = re.compile(r"(?:^|(?<=[。；;，,]))(?:([^。；;，,：:]{0,12}?(?:原因|措施|对策))"
                          r"(?:如下|是|为|有|主要有)?[：:]|((?:主要|直接)?原因)(?:是|在于)(?![：:]))")
_ACCOUNT = re.compile(r"^[^，,。；;：:]{1,16}?(?:说明|解释|补充|介绍)[：:]")
_FIVE_WHY = re.compile(r"为什么.{1,40}[？?]|^\s*[—-]{2}")
_GROUP_LABEL = re.compile(r"(?:^|(?<=[。；;]))\s*([^。；;，,：:（(①1]{1,10}"
                          r"|(?:针对|关于|对于)[^。；;，,：:]{2,16}[，,][^。；;：:]{0,20})(?<!\d)[：:]\s*(?=[（(①-⑳\d一-龥])")
# A label that counts rounds or stages (第一轮（7月）：, 第二次：) says when, not which complaint.
_ROUND = re.compile(r"^第[一二三四五六七八九十\d]{1,3}(轮|次|阶段|步|期)(?:[（(][^）)]*[）)])?$")
_TOPIC_LEAD = re.compile(r"^(针对|关于|对于)")
# Topic labels that _GROUP_LABEL misses: 针对X， opening an enumeration (针对条码扫描不良，一是…), and
# X的原因： after the sentence that introduces it (…进行了检测，塌箱问题的原因：一是…).
_TOPIC_LABEL = re.compile(r"(?:^\s*((?:针对|对于)[^。；;，,：:]{2,16})[，,：:]"
                          r"(?=\s*(?:一是|首先|[（(]1[)）]|1[、.．]|①))"
                          r"|(?<=[，,])\s*([^。；;，,：:（(]{2,12}的原因)[：:]\s*(?=[（(①-⑳\d一-龥]))")


@dataclass
class Group:
    """A run of causes, measures or effect text under one label."""

    role: str
    label: str = ""
    number: int | None = None
    kind: str = "unspecified"
    problem: int | None = None
    spans: list[Span] = field(default_factory=list)
    topic: bool = False
    from_label: Span | None = None
    unnamed: bool = False  # opened by a label that names no role (see relabel.py)


@dataclass
class Problem:
    text: str
    number: int | None = None
    source: object = None
    alts: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    analysis: bool = False
    loose: list[Span] = field(default_factory=list)


@dataclass
class _State:
    role: str | None = None
    section_rank: int = 99
    section_head: tuple = ()  # rank and shape of the heading that opened the present section
    problem: int | None = None
    problem_rank: int = 99
    problem_shapes: set = field(default_factory=set)
    group: Group | None = None
    kind: str = "unspecified"
    after_colon: bool = False
    candidate_style: str | None = None
    problem_shape: tuple = ()
    inline_scope: bool = False
    implicit_cause: bool = False
    stating: bool = False  # inside a section that states the problem (问题描述)


class _Walk:
    """One pass over a report's lines, filling problems, groups and facts."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.groups: list[Group] = []
        self.candidates: list[tuple[str, object]] = []
        self.facts: list[str] = []
        self.summary: list[str] = []
        self.preamble: list[str] = []
        self.tables: list[Case] = []
        self.header: list[str] | None = None  # the last case-table header, for tables that continue it
        self.listed: list[Listed] = []  # numbered lines of a facts section (see referenced.py)
        self.stated: list[str] = []  # what a 问题描述 section says
        self.st = _State()

    # -- headings -----------------------------------------------------------------------------
    def heading(self, line: Line) -> None:
        st = self.st
        if line.rank == 0:
            return
        if line.problem_marker is not None and self._reenter(line):
            return
        if line.problem_marker is not None or line.opens_problem or (
                line.role is None and self._sibling_problem(line)):
            self._open_problem(line)
            if line.inline:
                self.content_text(line.inline, line)
            return
        if line.role is None:
            self._label(line)
            return
        if (line.role == "boilerplate" and line.inline and st.problem is not None and st.role == "facts"
                and _ACCOUNT.match(clean(line.block.text))):
            # minutes: 工程部李东说明：… under a complaint is the department's account of why
            self._open_role("cause", "", line, number=None)
            self.content_text(line.inline, line)
            return
        if (line.role == st.role and st.group is not None and st.group.label and not st.group.spans
                and not line.qualifier):
            if line.inline:
                self.content_text(line.inline, line)
            return
        if st.problem is not None and self._leaves_problem(line):
            st.problem = None
        if line.role == "measure":
            st.kind = measure_kind(line.block.text)
        if st.problem is None:
            st.section_rank = line.rank
            if not line.qualifier and line.role != st.role:  # 应急处置方面 under 整改措施 is a part of it
                st.section_head = (line.rank, line.shape)
        else:
            st.problem_shapes.add(line.shape)
        self._open_role(line.role, line.qualifier, line, number=None)
        if line.inline:
            self.content_text(line.inline, line)

    def _reenter(self, line: Line) -> bool:
        """问题一：整改措施 after 问题一：X names a section of problem one, not a new problem (slide
        decks give each part of a problem its own slide)."""
        role, qualifier = role_of(line.text)
        number = line.problem_marker.value
        known = [k for k, p in enumerate(self.problems) if p.number == number]
        st = self.st
        if not known:
            return False
        name = clean(line.text).rstrip("：:")
        if role in ("cause", "measure", "effect") and not qualifier:
            st.problem, st.problem_rank, st.problem_shapes, st.problem_shape = known[-1], line.rank, set(), line.shape
            if role == "measure":
                st.kind = measure_kind(line.block.text)
            self._open_role(role, "", line, number=None)
        elif st.role in ("cause", "measure", "effect") and (st.problem is None or not name.strip("：: ")):
            # a bare 问题1： inside a measure section points at problem one, wherever the walk stands
            problem = self.problems[known[-1]]
            # 投诉1：对顾客按价签价退还差价；… is what was done; under 结果, 问题B：… is how it went
            told = _STATEMENT.search(name) is not None or st.role == "effect"
            if name and not told and name != problem.text and name not in problem.alts:
                problem.alts.append(name)
            self._open_role(st.role, "", line, number=None)
            st.group.problem = known[-1]
            if told:
                self.content_text(name, line)
        else:
            return False
        if line.inline:
            self.content_text(line.inline, line)
        return True

    def _sibling_problem(self, line: Line) -> bool:
        """A plain sub-heading of an analysis section, or the next sibling of such a problem."""
        st = self.st
        if st.problem is None:
            return st.role == "analysis" and line.rank > st.section_rank
        return line.rank == st.problem_rank and line.shape == st.problem_shape

    def _leaves_problem(self, line: Line) -> bool:
        st = self.st
        if line.rank <= st.problem_rank:
            return True
        return bool(st.problem_shapes) and line.shape not in st.problem_shapes

    def _open_problem(self, line: Line) -> None:
        st = self.st
        within = st.role if line.problem_marker is not None and st.role == "cause" else None
        marker = line.problem_marker or line.marker
        in_analysis = st.role == "analysis" or (st.problem is not None and self.problems[st.problem].analysis)
        stated = line.role == "facts" and line.inline.strip()  # 不良现象：X names X
        heading = clean(line.inline if stated else line.text)
        head, dash, tail = heading.partition("——")
        if dash and head.strip() and role_of(tail)[0] is not None:  # 乳液分层——鱼骨图要因分析
            heading = head.strip()
        name, alts = heading_name(heading)
        self.problems.append(Problem(name, marker.value if marker else None, line.block.source, alts,
                                     analysis=in_analysis and line.problem_marker is None))
        # the labels after a stated complaint (原因分析：, 永久对策：) are its own, though they look alike
        st.problem, st.problem_rank, st.problem_shapes = len(self.problems) - 1, line.rank - bool(stated), set()
        st.problem_shape = line.shape
        st.role, st.group, st.inline_scope = "facts", None, False
        if within:  # 原因分析 / 问题1 X： / ①…: the causes of problem one
            self._open_role(within, "", line, number=None)

    def _open_role(self, role: str, qualifier: str, line: Line | None, number: int | None,
                   topic: bool = True) -> None:
        st = self.st
        st.role = role
        st.after_colon = False
        st.inline_scope = False
        st.implicit_cause = False
        generic = vocab.load("sections")["generic_qualifiers"]
        label = "" if qualifier in generic or _ROUND.match(qualifier) else qualifier
        st.group = Group(role, label, number, st.kind if role == "measure" else "unspecified", st.problem,
                         topic=topic or role == "cause")
        st.stating = role == "facts" and line is not None and line.heading and any(
            w in line.block.text for w in vocab.load("sections")["problem_statements"])
        if line is not None and label and line.role is None and not line.inline:
            st.group.from_label = Span(clean(line.text), line.block.source)
        self.groups.append(st.group)

    def _label(self, line: Line) -> None:
        """A heading that names no role: a sub-group (defect type, measure theme) of the section."""
        st = self.st
        raw = clean(line.text)
        text = raw.removeprefix("针对")
        if (st.problem is None and (line.rank, line.shape) == st.section_head and (
                st.role in ("measure", "effect") or (st.role == "cause" and line.block.source.row is not None))):
            # a heading like the section's own that names no role, after the measures (下月工作安排) or
            # in a form (家长意见 | …), is a part of its own; after the causes (已做的整改) it may name
            # the measures, which its items tell (relabel.py)
            st.role, st.group = None, None
        elif st.problem is not None and line.rank < st.problem_rank:
            st.problem, st.role, st.group = None, None, None  # 四、7月重点工作 after 三、's complaints
        elif st.role in ("cause", "measure", "effect"):
            if st.problem is not None and line.rank <= st.problem_rank:
                st.problem = None
            number = line.marker.value if line.marker else None
            self._open_role(st.role, text, line, number, topic=raw != text)
            st.group.unnamed = not _category(text)  # 人, 机, 料 under 鱼骨分析 name kinds of cause
        elif st.role == "facts" and st.problem is None:
            if counts(text) and line.block.text.rstrip().endswith(("：", ":")):
                st.after_colon = True  # 本月本店收到2起客诉： counts the complaints its items name
                return
            if not is_generic(text):  # 影响范围, 缺陷描述: a part of the account, not a defect
                self.candidates.append((_defect_name(text), line.block.source))
        elif st.role in (None, "summary", "boilerplate") and line.rank <= 1:
            st.role, st.group = None, None

    # -- content ------------------------------------------------------------------------------
    def content(self, line: Line) -> None:
        if self.st.inline_scope and line.marker is None:
            self.st.role, self.st.group = None, None
        self.st.inline_scope = False
        if line.block.kind == "table":
            rows, shift = line.block.rows or [], 0
            at = header_index(rows)
            guessed = at is not None and "problem" not in column_roles(rows[at])
            if (guessed and self.st.role in ("cause", "measure") and not _names_both(rows)
                    and self._section_table(rows, line)):
                return  # 库存处理 | 状态 | 数量 | 处理方式: rows of what is done, under the measures
            if at is not None:
                self.header = rows[at]
            elif self.header and rows and len(rows[0]) == len(self.header):
                rows, shift = [self.header, *rows], -1  # rows that go on after a category row, under its header
            elif self.st.role in ("cause", "measure") and not _names_both(rows) and self._section_table(rows, line):
                return
            elif self._role_table(rows, line):
                return
            if self._rows_of_numbered_problems(rows, line):
                return
            self.tables.extend(table_cases(rows, line.block.source, shift))
            return
        text = line.block.visible if line.marker and line.marker.style == "cn_shi" else line.text
        if self.st.implicit_cause and line.marker is not None:
            self._open_role("measure", "", None, None)
        if line.marker and line.marker.style != "cn_shi" and self.st.role in ("cause", "measure"):
            inline = split_inline(line.block.visible)
            for item in inline[1] if inline and not inline[0] else [text]:
                self._add(clean(stated_cause(item) if self.st.role == "cause" else item), line)
            return
        if line.marker and (self.st.role == "facts" or self._announced(text)) and self._candidate(line, text):
            # （一）维修后手机数据丢失。3月6日，顾客…: the item's first sentence names it
            self.candidates.append((_defect_name(first_sentence(text)), line.block.source))
            return
        if self.st.role == "facts" and self.st.problem is not None and self._implied_role(line, text):
            return
        self.content_text(text, line)

    def _rows_of_numbered_problems(self, rows: list[list[str]], line: Line) -> bool:
        """A table whose problem column says 问题一 / 问题二: each row's cause or measure goes to that
        problem, stated above under the same number."""
        numbered = {p.number: k for k, p in enumerate(self.problems) if p.number is not None}
        found = rows_by_problem_number(rows)
        if not found or not all(number in numbered for number, _, _ in found):
            return False
        for number, role, text in found:
            group = Group(role, "", None, self.st.kind if role == "measure" else "unspecified", numbered[number])
            group.spans.append(span_for(role, clean(text), line.block.source))
            self.groups.append(group)
        return True

    def _section_table(self, rows: list[list[str]], line: Line) -> bool:
        """A table inside a cause or measure section (序号 | 对策内容 | 责任人 | 完成日期): the cells of
        the column named for the section's role are its causes or measures."""
        for h, header in enumerate(rows[:2]):
            roles = column_roles(header)
            if self.st.role in roles:
                k = roles.index(self.st.role)
                for row in rows[h + 1:]:
                    if k < len(row) and row[k].strip():
                        for item in cell_items(row[k], by_sentence=False):  # ①…②…, line breaks
                            self._add(item, line)
                return True
        return False

    def _role_table(self, rows: list[list[str]], line: Line) -> bool:
        """A table whose header names causes or measures and no problem (序号 | 措施内容 | 类型 | 责任部门;
        序号 | 原因分析 | 整改措施 under a complaint's heading), outside a section of that role: the
        report's (or that complaint's) causes and measures, as under their headings."""
        for header in rows[:2]:
            named = [r for r in column_roles(header) if r in ("problem", "cause", "measure")]
            if named and "problem" not in named:
                for role in dict.fromkeys(named):
                    self._open_role(role, "", None, None)
                    self._section_table(rows, line)
                return True
        return False

    def _implied_role(self, line: Line, text: str) -> bool:
        """Inside a problem's block, 经查… states causes and an unheaded numbered list holds measures."""
        if line.marker is not None and line.marker.style not in ("bullet", "cn_shi"):
            self._open_role("measure", "", None, None)
            self._add(clean(text), line)
            return True
        cues = tuple(vocab.load("sections")["cause_cues"])
        found = next((k for k in range(len(text))
                      if (k == 0 or text[k - 1] == "。") and text.startswith(cues, k)), None)
        if found == 0:
            self._open_role("cause", "", None, None)
            self._spans(re.sub(r"^[^，,：:]{0,8}[，,：:]", "", text), line)
            self.st.implicit_cause = True
            return True
        if found is not None:  # 客户反映X。经核查，原因是Y。措施：Z: the description, then what was found
            self._fact(text[:found], line)
            self._open_role("cause", "", None, None)
            rest = re.sub(r"^[^，,：:]{0,8}[，,：:]", "", text[found:])
            self.content_text(re.sub(rf"^(?:{vocab.alternation(cues)})[，,：:]?", "", rest), line)
            self.st.implicit_cause = True
            return True
        return False

    def _announced(self, item: str) -> bool:
        """Outside any section, a paragraph announced the complaints its items list (本月共收到投诉17件，
        主要集中在以下三个方面：): its items are complaints, as under a facts heading. An item that
        also says what was found (经排查…, 原因是…) tells a whole account and is read as such
        (told_items.py)."""
        st = self.st
        sections = vocab.load("sections")
        if (st.role is not None or st.problem is not None or not self.preamble
                or any(cue in item for cue in sections["cause_cues"])):
            return False
        return st.candidate_style is not None or (st.after_colon and announces_complaints(self.preamble[-1]))

    def _candidate(self, line: Line, text: str) -> bool:
        """Items listed after an intro such as 不良分类如下： name the defects (problems)."""
        st = self.st
        style = line.marker.style if line.marker else None
        if st.after_colon:
            st.candidate_style, st.after_colon = style, False
            return True
        if st.candidate_style is not None:
            if style == st.candidate_style:
                return True
            st.candidate_style = None
        return False

    def content_text(self, text: str, line: Line) -> None:
        st = self.st
        split = _INLINE_ROLE.search(text)
        if split and st.role in ("facts", "analysis", "cause", "measure", None) and split.start() > 0:
            before, after = text[: split.start()], text[split.end():]
            role, qualifier = role_of(split.group(1) or split.group(2))
            if role in ("cause", "measure") and role != st.role:
                self.content_text(before, line)
                self._open_role(role, qualifier, line, None)
                st.inline_scope = True
                if after.strip():
                    self.content_text(after, line)
                return
        if st.role in ("facts", "analysis"):
            self._fact(text, line)
        elif st.role == "measure" and line.marker is None and (result := result_told(text)):
            self._ensure_group("effect").spans.append(Span(result, line.block.source))
        elif st.role in ("cause", "measure"):
            self._spans(text, line)
        elif st.role == "effect" and not _signature(text) and (judge(text) is not None
                                                               or not _not_a_span(text.strip())):
            self._ensure_group("effect").spans.append(Span(text.strip(), line.block.source))
        elif st.role == "summary":
            self.summary.append(text)
        elif st.role is None and self._told_result(text):  # after the measures: 至今未再发生投诉
            self._ensure_group("effect").spans.append(Span(text.strip(), line.block.source))
        elif st.role is None and st.problem is None:
            self._preamble(text, line)
        st.after_colon = text.rstrip().endswith(("：", ":"))

    def _told_result(self, text: str) -> bool:
        """A paragraph outside any section, after measures were stated, that says whether they
        worked (a letter: 整改措施自10月20日起执行，至今未再发生异物投诉): the effect."""
        return (any(g.role == "measure" and g.spans for g in self.groups)
                and not _not_a_span(text.strip()) and judge(text) is not None)

    def _preamble(self, text: str, line: Line) -> None:
        """Text outside any section: the complaints it lists, or an effect told in passing."""
        sections = vocab.load("sections")
        if any(term in text for term in sections["effect"]) and judge(text) is not None:
            self._ensure_group("effect").spans.append(Span(text.strip(), line.block.source))
            self.st.role = None
            return
        self.preamble.append(text)
        inline = split_inline(text)
        if inline and any(cue in inline[0] for cue in sections["candidate_cues"]):
            self.candidates.extend((_defect_name(x), line.block.source) for x in inline[1])

    def _fact(self, text: str, line: Line) -> None:
        if self.st.problem is not None:
            problem = self.problems[self.st.problem]
            problem.description.append(text)
            if not self.st.problem_shapes:
                problem.loose.append(Span(text, line.block.source))
        else:
            self.facts.append(text)
            if self.st.stating:
                self.stated.append(text)
            if line.marker is not None and line.marker.value and self.st.role == "facts":
                self.listed.append(Listed(line.marker.value, clean(text), line.block.source))
            inline = split_inline(text)
            if inline and self.st.role == "facts":
                self.candidates.extend((_defect_name(x), None) for x in inline[1])
        self.st.after_colon = text.rstrip().endswith(("：", ":"))

    def _spans(self, text: str, line: Line) -> None:
        if _FIVE_WHY.search(text):
            return
        if text.strip().startswith(tuple(vocab.load("sections")["closings"])) or _SEPARATOR.match(text.strip()):
            self.st.role, self.st.group = None, None  # 此致, ———回复———: what follows is no part of it
            return
        if _not_a_span(text.strip()):
            return
        fields = set(vocab.load("sections")["field_labels"])
        groups = sorted(((next(g for g in m.groups() if g), m.end(), m.start())
                         for pattern in (_GROUP_LABEL, _TOPIC_LABEL) for m in pattern.finditer(text)),
                        key=lambda g: g[2])
        groups = [g for g in groups if (role_of(g[0])[0] is None or role_of(g[0])[1]) and g[0].strip() not in fields]
        if groups:
            head = text[: groups[0][2]]
            if head.strip() and not head.rstrip().endswith(("，", ",")):  # …进行了检测， introduces
                self._spans_plain(head, line)
            for k, (label, start, _) in enumerate(groups):
                end = groups[k + 1][2] if k + 1 < len(groups) else len(text)
                label = re.split(r"[，,]", _TOPIC_LEAD.sub("", label))[0]
                role, qualifier = role_of(re.sub(r"(?<=原因)[是为]$", "", label))  # 滑轨异响的原因是：
                self._open_role(self.st.role, qualifier if role else label, line, None)
                self.st.group.unnamed = role is None
                self._spans_plain(text[start:end], line)
            return
        self._spans_plain(text, line)

    def _spans_plain(self, text: str, line: Line) -> None:
        stripped = text.strip()
        if stripped.endswith(("：", ":")) and "（1）" not in stripped and "(1)" not in stripped:
            return
        if line.marker and line.marker.style == "cn_shi":
            first, _, rest = stripped.partition("。")
            if rest and len(first) <= 20:
                self._open_role(self.st.role, clean(first), line, line.marker.value, topic=False)
                stripped = rest
        lead, found = items(stripped)
        if lead.endswith(("：", ":")):
            head, _, _ = lead.rstrip("：:").rpartition("。")
            found = sentences(head) + found if head else found
        if lead and not lead.endswith(("：", ":")) and len(found) > 1:
            lead = re.sub(r"[，,]?\s*(并|并且|同时|及)$", "", clean(lead))
            found = [lead] + found if self.st.role == "measure" and len(lead) > 6 else found
        for item in found:
            if item.endswith(("如下", "以下")) or len(item) < 4:
                continue
            self._add(item, line)

    def _add(self, text: str, line: Line) -> None:
        parts = [p.strip() for p in re.split(r"[；;]", text)]
        if len(parts) > 1 and all(len(HAN.findall(p)) >= 6 for p in parts):
            for part in parts:  # …并恢复照明；2、电工每日巡查: the next item's number is no part of it
                marker, rest = parse_marker(part)
                self._add(rest if marker is not None and marker.value is not None else part, line)
            return
        if not text or is_placeholder(text) or _not_a_span(text):
            return
        group = self._ensure_group(self.st.role or "measure")
        group.spans.append(span_for(group.role, text, line.block.source, group.kind))

    def _ensure_group(self, role: str) -> Group:
        st = self.st
        if st.group is None or st.group.role != role:
            st.group = Group(role, "", None, st.kind if role == "measure" else "unspecified", st.problem)
            self.groups.append(st.group)
        return st.group


def _not_a_span(text: str) -> bool:
    """Closing remarks, sign-offs and dates that follow a list but are not part of it."""
    sections = vocab.load("sections")
    if text.startswith((*sections["summary_openers"], *sections["closings"])):
        return True
    if re.match(rf"^({'|'.join(sections['field_labels'])})\s*[：:]", text) or is_detail_line(text):
        return True
    if only_assignment(text):  # 责任人/完成日期：杜文杰／7月15日 after the measures
        return True
    if len(text) <= 16 and re.fullmatch(r"[\d年月日.\-/〇零一二三四五六七八九十\s]+", text):
        return True
    suffixes = tuple(vocab.load("org_suffixes")["suffixes"])
    signed = _SIGNED_ON.sub("", text)  # 某某电器有限公司 2024年7月1日: who signed, and when
    signed = _SIGNING_UNIT.sub("", signed)  # 某某有限公司 运营部: the company and its department
    if len(signed) > 30 or re.search(r"[，,；;]", signed):
        return False
    unit = _SIGNING_UNIT_JOINED.search(signed)  # 某某有限公司营运部, written as one word
    return signed.endswith(suffixes) or bool(unit and signed[:unit.start()].endswith(suffixes))


_SIGNING_UNIT = re.compile(r"(?<=\S)\s+[\u4e00-\u9fff]{1,8}(?:部|科|室|处|组|中心)$")
_SIGNING_UNIT_JOINED = re.compile(r"(?<=公司|集团|分行|支行|医院)[\u4e00-\u9fff]{1,8}(?:部|科|室|处|组|中心)$")
_SIGNED_ON = re.compile(r"\s+\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?$")


_SEPARATOR = re.compile(r"^[-—–=_*]{3,}\s*[^-—–=_*]{0,16}?\s*[-—–=_*]{3,}$")  # -----原始邮件-----
_SIGNATURE = re.compile(r"^[^。；;，,]{1,12}[：:]\s*[^\s。；;，,]{1,20}(\s{2,}.*)?$")


def _signature(text: str) -> bool:
    """Sign-off lines (工程部：王海    品质部：李文涛) that close a section but say nothing."""
    return bool(_SIGNATURE.match(text.strip())) and len(text) <= 60


def measure_kind(heading: str) -> str:
    kinds = vocab.load("measure_kinds")
    for kind in ("temporary", "preventive", "permanent"):
        if any(term.lower() in heading.lower() for term in kinds[kind]):
            return kind
    return "unspecified"


_COUNT = re.compile(r"[，,：:\s]*\d+(\.\d+)?\s*(PCS|pcs|起|套|件|单|台|条|例|次|个|只|批)[^，,；;。]*$")


def _is_defect(text: str) -> bool:
    return counts(text) and len(text) <= 60


def _defect_name(text: str) -> str:
    name = clean(text)
    name = filed_under_customer(name) or name
    head, sep, _ = name.partition("：")
    if sep and len(head) >= 2:
        name = head
    name = re.sub(r"(?<=.{4})[（(][^（）()]*[)）][；;。]?$", "", name)
    name = _COUNT.sub("", name)
    name = re.sub(r"(?<=.{4})[（(][^（）()]*[)）]$", "", name)
    name = re.sub(r"\s*(不良率|占比|占)\s*[\d.]+%.*$", "", name)
    return name.strip(" ，,；;。")


def _names_both(rows: list[list[str]]) -> bool:
    """The table's header names both causes and measures (序号 | 原因 | 对策 under 原因分析及对策)
    and its cause cells say something (not 对应原因 | 原因1, a pointer): each column is read for its
    own role, whichever section holds the table."""
    for h, header in enumerate(rows[:2]):
        roles = column_roles(header)
        if {"cause", "measure"} <= set(roles):
            k = roles.index("cause")
            cells = [len(HAN.findall(row[k])) for row in rows[h + 1:] if k < len(row)]
            return bool(cells) and sorted(cells)[len(cells) // 2] >= _TOLD_CAUSE
    return False


_TOLD_CAUSE = 6  # Han characters a cause cell holds when it states the cause, not its number


# -- assembly ---------------------------------------------------------------------------------
def build_cases(lines: list[Line], title: str | None) -> list[Case]:
    walk = _Walk()
    for line in lines:
        if line.heading:
            walk.heading(line)
        else:
            walk.content(line)
    if walk.tables and not walk.problems:
        _labelled_to_rows(walk.tables, walk.groups)
        effects = [s.text for g in walk.groups if g.role == "effect" for s in g.spans]
        share_effect(walk.tables, [[] for _ in walk.tables], effects, [])
        return walk.tables
    relabel(walk.groups)
    cases = assemble(walk, title)
    return cases + walk.tables


def _labelled_to_rows(tables: list[Case], groups: list[Group]) -> None:
    """Causes or measures under a sub-heading that names one table row's problem (原因分析 / （一）气压棒
    下沉, beside a table 问题 | 改善措施) are that row's: the table does not void the sections."""
    for g in groups:
        if g.role not in ("cause", "measure") or not g.label or not g.spans:
            continue
        scores = [max(overlap(g.label, t) for t in (case.problem, *case.problem_alt)) for case in tables]
        best = max(scores)
        if best < 0.5 or scores.count(best) > 1:
            continue
        case = tables[scores.index(best)]
        held = case.causes if g.role == "cause" else case.measures
        known = {span.text for span in held}
        held.extend(span for span in g.spans if span.text not in known)


def _labels_that_were_items(groups: list[Group]) -> None:
    """Short unpunctuated list items (1、更换设备) look like sub-headings; a "sub-heading" that
    nothing follows was an item, so it goes back into the list as a cause or measure."""
    for k, g in enumerate(groups):
        if g.spans or g.from_label is None or g.role not in ("cause", "measure"):
            continue
        g.spans.append(span_for(g.role, g.from_label.text, g.from_label.source, g.kind))
        g.label, g.topic = "", False
        if k and groups[k - 1].role == g.role and groups[k - 1].problem == g.problem and not groups[k - 1].label:
            groups[k - 1].spans.extend(g.spans)
            g.spans = []


def assemble(walk: _Walk, title: str | None) -> list[Case]:
    _labels_that_were_items(walk.groups)
    groups = [g for g in walk.groups if g.spans]
    problems = list(walk.problems)
    effects = [g for g in groups if g.role == "effect" and g.problem is not None]
    if len(problems) > 1 and effects and {g.problem for g in effects} == {len(problems) - 1}:
        for g in effects:
            g.problem = None
    shared = [g for g in groups if g.problem is None]
    listed = None if problems else answered_by_number(walk.listed, shared)
    if listed:
        problems = [Problem(first_sentence(n.text), n.number, n.source, [n.text]) for n in listed]
        shared = [g for g in groups if g.problem is None]
    if not problems:
        problems = _problems_from_groups(shared, walk.candidates)
        _name_aspects(problems, walk.facts + walk.preamble)
        if not problems and not any(g.role in ("cause", "measure") for g in groups):
            return []
        if not problems:
            single = _single_problem(walk, title)
            if single is None:
                return []  # nothing names the complaint: the clauses are read instead
            problems = [single]
    if walk.problems and walk.candidates:
        _upgrade(problems, walk.candidates)
    for p in problems:
        stated = stated_under_label(p.text, walk.facts + walk.preamble)
        if stated:
            p.alts, p.text = [p.text, *p.alts], stated
        elif only_an_index(p.text) and (told := by_cue(p.description) or stated_problem(_statements(p.description))):
            p.alts, p.text = [p.text, *p.alts], told  # 记录 1 / 问题描述：客户来电称…画面频繁出现马赛克
    _attach(problems, shared)
    cases = []
    for i, p in enumerate(problems):
        if p.analysis and p.loose and not any(g.role == "cause" and g.problem == i for g in groups):
            groups.append(Group("cause", "", None, problem=i, spans=[
                Span(text, span.source) for span in p.loose for text in items(span.text)[1]]))
        mine = [g for g in groups if g.problem in (i, -1)]
        causes = [s for g in mine if g.role == "cause" for s in g.spans]
        measures = [s for g in mine if g.role == "measure" for s in g.spans]
        effect = [s.text for g in mine if g.role == "effect" for s in g.spans]
        cases.append(Case(p.text, _dedupe(causes), _dedupe(measures), None, None, p.alts, p.source))
        cases[-1].effect = " ".join(effect) or None
        if (not causes or not measures) and p.description:  # 投诉1：X。经检查为…。已更换…
            told = told_in(p.description, p.source)
            cases[-1].causes, cases[-1].measures = causes or told.causes, measures or told.measures
            cases[-1].effect = cases[-1].effect or told.effect
    labels = [[g.label for g in groups if g.problem == i and g.label] for i in range(len(problems))]
    share_effect(cases, labels, [s.text for g in shared if g.role == "effect" for s in g.spans], walk.summary)
    return [c for c in cases if c.causes or c.measures]


def _dedupe(spans: list) -> list:
    seen, out = set(), []
    for s in spans:
        if s.text not in seen:
            seen.add(s.text)
            out.append(s)
    return out


def _statements(texts: list[str]) -> list[str]:
    """A description without its form rows (受理时间：… 受理渠道：… 业务类型：…): those file it."""
    return [t for t in texts if len(re.findall(r"[：:]", t)) < 2]


def _problems_from_groups(shared: list[Group], candidates: list[tuple[str, object]]) -> list[Problem]:
    for role in ("cause", "measure"):
        labelled = [g for g in shared if g.role == role and g.label and g.topic and not _category(g.label)]
        if candidates and not any(overlap(g.label, c[0]) >= 0.5 for g in labelled for c in candidates):
            labelled = []
        if len(labelled) >= 2 or (labelled and len(candidates) >= 1 and role == "cause"):
            problems = []
            for g in labelled:
                if any(overlap(g.label, p.text) > 0.8 for p in problems):
                    continue
                problems.append(Problem(g.label, g.number, g.spans[0].source))
            _upgrade(problems, candidates)
            return problems
    if len(candidates) >= 1:
        return [Problem(text, None, src) for text, src in candidates]
    return []


def _name_aspects(problems: list[Problem], facts: list[str]) -> None:
    """Labels such as 保安方面 say who was involved; the complaint itself is told in the facts.

    Take the facts sentence that talks most about the label and, in it, the longest clause that
    mentions it.
    """
    suffixes = tuple(vocab.load("sections")["aspect_suffixes"])
    found = [s for text in facts for s in re.split(r"[。；;]", text) if s.strip()]
    for p in problems:
        if not p.text.endswith(suffixes):
            continue
        who = p.text[: -2]
        scored = sorted(((shared_bigrams(who, s), k) for k, s in enumerate(found)), reverse=True)
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            continue
        clauses = [c for c in re.split(r"[，,]", found[scored[0][1]]) if shared_bigrams(who, c) or who in c]
        if clauses:
            p.alts.append(p.text)
            p.text = clean(max(clauses, key=len))


def _category(label: str) -> bool:
    """Labels such as 包装设计 or 人员方面 group causes by kind, not by complaint."""
    rest = label
    for word in sorted(vocab.load("sections")["cause_categories"], key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) <= 1


def _upgrade(problems: list[Problem], candidates: list[tuple[str, object]]) -> None:
    """Name each problem by the fuller defect description of the facts section, when one fits."""
    used: set[int] = set()
    for p in problems:
        scored = [(overlap(p.text, c[0]), k) for k, c in enumerate(candidates) if k not in used]
        if not scored:
            continue
        best, k = max(scored)
        if best >= 0.5:
            used.add(k)
            p.alts.append(p.text)
            p.text = problem_name(before_figures(candidates[k][0]))


def _attach(problems: list[Problem], shared: list[Group]) -> None:
    """Give each section-level group to its problem: by label, by numbering, or to all."""
    for g in shared:
        if g.role == "effect":
            continue
        target = None
        if g.label:
            scores = [max([overlap(g.label, p.text)] + [overlap(g.label, a) for a in p.alts]) for p in problems]
            best = max(scores, default=0)
            if best >= 0.34 and scores.count(best) == 1:
                target = scores.index(best)
            elif g.number is not None and 1 <= g.number <= len(problems) and _numbered(shared, g.role,
                                                                                       len(problems)):
                target = g.number - 1
        if target is not None:
            g.problem = target
            if g.label and g.label not in problems[target].alts and g.role == "cause":
                problems[target].alts.append(g.label)
    for role in ("cause", "measure"):
        _attach_in_order([g for g in shared if g.role == role and g.label], len(problems))
    for g in shared:
        if g.problem is None and g.role in ("cause", "measure"):
            g.problem = -1


def _attach_in_order(labelled: list[Group], n: int) -> None:
    """As many labelled groups of a role as problems, those placed by their label in the same order:
    the rest follow that order too (在电梯安全方面 after 服务态度, 报修响应 goes to the third problem)."""
    if len(labelled) != n or n < 2 or any(g.problem not in (None, k) for k, g in enumerate(labelled)):
        return
    for k, g in enumerate(labelled):
        g.problem = k


def _numbered(shared: list[Group], role: str, n: int) -> bool:
    numbers = [g.number for g in shared if g.role == role and g.label]
    return len(numbers) == n and numbers == list(range(1, n + 1))


def _single_problem(walk: _Walk, title: str | None) -> Problem | None:
    found = one_complaint(walk.facts, walk.preamble, title, walk.stated)
    return Problem(found[0], None, None, found[1]) if found else None
