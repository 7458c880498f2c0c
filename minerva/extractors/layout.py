"""Document blocks -> classified lines, split into the reports a file holds.

Each block becomes a :class:`Line`: its numbering marker parsed off, whether it reads as a
heading, which section role a heading names (cause, measure, effect ...) and any text that
follows an inline label such as ``原因：``. Key/value tables (8D forms) are unrolled into the
same lines so that one downstream stage handles forms and prose alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.markers import Marker, parse_marker, split_inline
from minerva.extractors.naming import defect_label, is_generic, unclosed
from minerva.extractors.spans import HAN, owner_labels
from minerva.extractors.verification import confirmed_causes
from minerva.model import Block, Document, Section

ROLES = ("facts", "analysis", "cause", "measure", "effect", "summary", "boilerplate")
_SENTENCE_END = "。；;！!？?"
_LATIN_TAIL = re.compile(r"[\sA-Za-z/&().,'\-（）]+$")
_LATIN_HEAD = re.compile(r"^[A-Za-z][A-Za-z\s/&().,'\-（）]*\s+(?=[\u4e00-\u9fff])")
_LABEL = re.compile(r"^([^：:。；;，,]{1,40}?)\s*[：:]\s*(.*)$", re.S)
_LABEL_TAIL = re.compile(r"(如下|分别是|主要有|主要是|主要为|有以下几方面|有以下几点|有以下|是|为|有"
                         r"|有[两二三四五六七八九十\d]{1,2}(?:个|点|条|项|方面)?)$")  # 室温偏低的原因有二：
# An aside in brackets after a label (原因（技术部许文涛分析）：, 措施（责任部门：品管部）：) is not part of it.
_ASIDE = re.compile(r"\s*[（(][^（）()]*[)）]$")
# A short wordless aside after a heading (鱼骨图, 编号与原因对应) is dropped before its role is read;
# a dated one (整改成效（截至12月15日）) is kept: a results slide placed before the problems it
# reports on would otherwise open the effect section ahead of them and split a case (dev-068).
_SHORT_ASIDE = re.compile(r"\s*[（(][^（）(),，\d]{1,10}[)）]$")
_STEP_DATE = re.compile(r"\s*(?:DATE|日期)\s*[:：]\s*[\d./-]+\s*$", re.I)
_AIMED_AT_CAUSE = re.compile(r"^(针对|对应)[^，,。]{0,12}原因(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)]?)?$")
_QUOTED = re.compile(r"《([^《》]{4,60})》")
_DATE_LEAD = re.compile(r"\d{1,4}\s*[年月]|\d{4}[-/.]\d")
_LEAD_IN = ("：", ":", "，", ",")
_REPORT_TITLE = re.compile(r"(报告|报告书|通报|说明|函|答复)(（[^）]*）|\([^)]*\))?$")


@dataclass
class Line:
    """One block as the record builder sees it."""

    text: str
    block: Block
    markers: list[Marker] = field(default_factory=list)
    heading: bool = False
    role: str | None = None
    qualifier: str = ""
    inline: str = ""
    rank: int = 9
    opens_problem: bool = False

    @property
    def marker(self) -> Marker | None:
        return self.markers[0] if self.markers else None

    @property
    def problem_marker(self) -> Marker | None:
        return next((m for m in self.markers if m.style == "problem"), None)

    @property
    def shape(self) -> tuple:
        """What a sibling heading looks like: numbering style, explicit level, trailing colon."""
        style = self.marker.style if self.marker else None
        colon = style is None and (self.block.text.rstrip().endswith(("：", ":")) or bool(self.inline))
        return (style, self.block.level if self.block.kind == "heading" else None, colon)


@dataclass
class ReportLines:
    """The lines of one report inside a file."""

    title: str | None
    lines: list[Line]
    title_line: Line | None = None
    headline: str | None = None  # what names its subject: the title, else its opening line


_STYLE_RANK = {"problem": 1, "8d": 1, "cn": 1, "cn_paren": 2, "num_multi": 3, "num_dot": 3, "num_comma": 3,
               "bracket": 3, "num_half": 4, "num_paren": 4, "paren_circled": 4, "circled": 5, "letter": 5,
               "cn_shi": 5, "cn_qi": 5, "bullet": 6}


def role_of(text: str) -> tuple[str | None, str]:
    """Role named by a heading text, and the qualifier before the role words ("虚焊原因" -> 虚焊),
    or after them and a colon (原因分析：问题一 锁扣弹开 -> 问题一 锁扣弹开)."""
    core = _clean_heading(text)
    if not core:
        return None, ""
    head, colon, tail = core.partition("：") if "：" in core else core.partition(":")
    if colon and head.strip().endswith(tuple(vocab.load("sections")["subject_labels"])):
        return None, ""  # 会议主题：…客诉分析 names what the document is about, not a section
    if colon and head.strip() and 0 < len(tail.strip()) <= 16:
        role, qualifier = role_of(head)
        if role is not None and not qualifier:
            return role, tail.strip()
    if _AIMED_AT_CAUSE.match(core):  # 针对发生原因, under 改善措施: the measures for that cause
        return "measure", ""
    sections = vocab.load("sections")
    best: tuple[int, str, str] | None = None
    for role in ROLES:
        for term in sections.get(role, []):
            t = term.lower()
            low = core.lower()
            if low == t or low.startswith(t) or low.endswith(t):
                qualifier = core[: len(core) - len(term)] if low.endswith(t) and low != t else ""
                if low.startswith(t) and len(core) > len(term) + 8 and not low.endswith(t):
                    continue
                if best is None or len(term) > best[0]:
                    best = (len(term), role, qualifier)
    if best is None and len(HAN.findall(core)) >= 6 and (asked := question_role(core)):
        return asked, ""  # 为什么不良品没有在我司被拦截: the answer gives the escape causes (为什么1 is a 5 Why step)
    if best is None or (best[1] == "facts" and re.search(r"(?:\s*[0-9一二三四五六七八九十]{1,2}|\s+[A-Z])$", core)):
        return None, ""  # Issue 1, 问题二, Problem A: a complaint's index, not the facts section
    qualifier = best[2].strip(" 的之及和与、").removeprefix("针对")
    return best[1], qualifier


@cache
def _found_on_inquiry() -> re.Pattern[str]:
    verbs = vocab.alternation(vocab.load("sections")["inquiry_verbs"])
    return re.compile(rf"^经[^，,。；;：:]{{0,12}}?(?:{verbs})$")


def _label_role(text: str) -> tuple[str | None, str]:
    """``role_of`` for a heading or a label before a colon, where 经技术部调查： also says what
    follows: what an inquiry found, the causes (经…核实： confirms what happened, the facts; in
    running text 经排查，… introduces no section)."""
    if _found_on_inquiry().match(_clean_heading(text)):
        return "cause", ""
    return role_of(text)


def announces_complaints(text: str) -> bool:
    """Whether a line says the complaints follow (收到学生投诉如下：, 投诉主要集中在以下三个方面：):
    it ends with a colon and holds a word for a complaint and a word that introduces a list."""
    sections = vocab.load("sections")
    return (text.rstrip().endswith(("：", ":")) and any(c in text for c in sections["problem_cues"])
            and any(c in text for c in sections["candidate_cues"]))


def _parent_roles(lines: list[Line]) -> list[str | None]:
    """For each line, the role of the nearest heading above it of a higher rank (the section it
    stands in)."""
    above: dict[int, str | None] = {}  # the role of the last heading at each rank
    out = []
    for line in lines:
        higher = [rank for rank in above if rank < line.rank]
        out.append(above[max(higher)] if higher else None)
        if line.heading:  # it closes the sections as deep as itself and opens its own
            above = {rank: role for rank, role in above.items() if rank < line.rank}
            above[line.rank] = line.role
    return out


@cache
def _owner_aside() -> re.Pattern[str]:
    return re.compile(rf"\s*[（(]\s*{owner_labels(joined=False)}\s*[：:][^（）()]*[)）]$")


def _clean_heading(text: str) -> str:
    text = text.strip().rstrip("：:").strip()
    text = _owner_aside().sub("", text) or text  # 永久对策（责任：生产部 罗志坚）: who answers for it
    bare = _SHORT_ASIDE.sub("", text)  # 困人原因分析（鱼骨图）, but not Describe The Problem (問題描述)
    if re.search(r"[\u4e00-\u9fff]", bare):
        text = bare
    if re.search(r"[\u4e00-\u9fff]", text):
        text = _LATIN_TAIL.sub("", text) or text
        text = _LATIN_HEAD.sub("", text)
    return text.strip()


def classify(block: Block) -> Line:
    """Parse numbering and decide whether ``block`` is a heading, and of what role."""
    text = block.visible.strip()
    markers: list[Marker] = []
    rest = text
    for _ in range(2):
        marker, after = parse_marker(rest)
        if marker is None:
            break
        markers.append(marker)
        rest = after
        if marker.style == "bracket":
            break
    line = Line(text=rest, block=block, markers=markers)
    line.rank = _rank(line)
    first = markers[0] if markers else None

    if first is not None and first.style == "8d":
        rest = _STEP_DATE.sub("", rest)
        role, qualifier = role_of(rest)
        label = _LABEL.match(rest)
        named = role_of(label.group(1)) if role is None and label and label.group(2).strip() else (None, "")
        if named[0]:  # D3 临时措施：①冻结库存… runs its content in after the step's name
            line.heading, line.role, line.qualifier, line.inline = True, *named, label.group(2).strip()
            return line
        # What the heading says wins over the step's usual role: writers number steps their own
        # way (D7 效果确认 where the canon has D6).
        line.heading, line.role = True, role or vocab.load("eightd").get(f"D{first.value}", None)
        line.qualifier = rest if role is None else qualifier
        if len(rest) > 40 and role is None:
            label = _LABEL.match(rest)
            line.inline = label.group(2) if label else rest
        return line
    if line.problem_marker is not None:
        line.heading = True
        line.text = rest.strip().rstrip("：:")
        return line
    if first is not None and first.style == "bracket":
        role, qualifier = role_of(first.raw.strip("【】"))
        line.heading, line.role, line.qualifier, line.inline = True, role, qualifier, rest
        return line

    explicit = block.kind in ("title", "heading")
    # a bilingual label is as long as its Chinese (效果确认 Effectiveness Verification, 描述（Description）)
    size = len(_clean_heading(rest)) if rest.rstrip().endswith(("）", ")")) or _LATIN_TAIL.search(rest) else len(rest)
    # 外箱改为五层纸箱；（责任：包装组）: an item that ends before its aside is no heading
    ends = tuple(_SENTENCE_END + "，,")
    short = (size <= 30 and not rest.endswith(ends) and not _SHORT_ASIDE.sub("", rest).rstrip().endswith(ends)
             and split_inline(block.visible) is None)
    role, qualifier = _label_role(rest) if size <= 30 else (None, "")
    if block.kind == "title":
        line.heading = True
        return line
    if role and not explicit and _states_after_label(first, block, rest, qualifier):
        short = False  # • 原因：配件包人工分装，无称重核对 is a labelled statement, read below
    if explicit or (role and short) or (short and (block.bold or _heading_marker(first))):
        line.heading = True
        if first is None and block.bold:
            line.rank = min(line.rank, 5)  # an unnumbered bold heading outranks the bullets below it
        line.role, line.qualifier = role, qualifier
        if role is None and rest.endswith(("：", ":")):
            line.text = rest.rstrip("：:")
        return line

    label = _LABEL.match(rest)
    if label and not unclosed(label.group(1)):  # 铜嵌件渗漏（5月对策：…）: the colon is an aside's
        prefix = _LABEL_TAIL.sub("", _ASIDE.sub("", label.group(1).strip()))
        role, qualifier = _label_role(prefix) if prefix else (None, "")
        if role in _ACTED + ("facts", "analysis") and _names_field(prefix):
            role = None
        if role and (len(prefix) <= 14 or prefix.endswith(tuple(vocab.load("sections")[role]))):
            line.heading, line.role, line.inline = True, role, label.group(2).strip()
            line.qualifier = qualifier if len(qualifier) <= 12 else ""
            return line
        addressed = label.group(1).strip().endswith(tuple(vocab.load("sections")["addressees"]))
        if not label.group(2).strip() and len(label.group(1)) <= 20 and first is None and not addressed:
            line.heading, line.text = True, label.group(1).strip()  # 韩所长： greets the reader, it heads nothing
    return line


def _names_field(label: str) -> bool:
    """A label that ends in a form field's name (分析日期, 整改责任人) dates or signs: it names no part
    of the report, whatever role its first word would give it."""
    return label.endswith(tuple(vocab.load("sections")["field_labels"]))


def _states_after_label(first: Marker | None, block: Block, rest: str, qualifier: str) -> bool:
    """A bulleted line whose role label is followed by what it says (• 对策：窑干后增加平衡养生48小时),
    not by the name of a problem (原因分析：问题一 锁扣弹开): the words after the colon are content."""
    _, colon, tail = rest.partition("：") if "：" in rest else rest.partition(":")
    if not (colon and qualifier and tail.strip().startswith(qualifier)) or block.bold:
        return False
    bulleted = (first is not None and first.style == "bullet") or block.kind == "item"
    return bulleted and parse_marker(tail.strip())[0] is None


def _heading_marker(marker: Marker | None) -> bool:
    return marker is not None and marker.style in ("cn", "cn_paren", "num_dot", "num_comma", "num_multi",
                                                  "num_paren", "num_half", "circled", "letter")


def _rank(line: Line) -> int:
    if line.block.kind == "title":
        return 0
    if line.block.kind == "heading" and line.block.level is not None:
        return line.block.level
    if line.marker is not None:
        rank = _STYLE_RANK.get(line.marker.style, 6)
        # a form cell's own numbering (原因分析 | 一、起翘 ①…) sits under the row's label (rank 2)
        # (问题1 / D4 name a complaint or a step whatever their place)
        in_cell = line.block.kind == "paragraph" and line.block.source.row is not None
        return max(rank, 3) if in_cell and line.marker.style not in ("problem", "8d") else rank
    return 2 if line.block.kind == "heading" else 7


_ABOUT_A_MATTER = re.compile(r"^关于.{4,30}?的?(?:问题|情况|事宜)$")
_ABOUT = re.compile(r"^关于[^，,。；;：:]{4,30}$")
_KEY_CHARS = 8  # the label of a key | value form row (承办单位负责人)
_ACTED = ("cause", "measure", "effect")
_TOLD_CHARS = 8  # a form row's value this long tells something; a shorter one names or dates


def unroll_table(block: Block) -> list[Block] | None:
    """A form of label | content rows (8D forms) read as headings and paragraphs.

    Empty cells are dropped first, since PDF table finders often merge a form with the key/value
    header table above it; key/value rows become ``key：value`` paragraphs for the metadata stage.
    """
    rows = [_fold_step(r) for r in ([c for c in row if c.strip()] for row in _join_continuations(block.rows or []))]
    labelled = [r for r in rows if len(r) == 2 and (role_of(r[0].split("\n")[0])[0] or _step_label(r[0]))]
    # a key | value form (工单编号 | …, 诉求内容 | …, 办理情况 | …) whose role rows are fewer than its
    # metadata rows is still a form: every row a short label and its value
    form = len(rows) >= 4 and all(len(r) == 2 and len(r[0].strip()) <= _KEY_CHARS for r in rows)
    if len(labelled) < 2 or (len(labelled) < len(rows) // 2 and not form):
        return None
    src = block.source
    out: list[Block] = []
    acted = False  # a cause, measure or effect section of the form has been read
    for r, row in enumerate(rows):
        ref = type(src)(file=src.file, page=src.page, paragraph=src.paragraph, table=src.table, row=r)
        if row in labelled or (form and acted and len(HAN.findall(row[1])) >= _TOLD_CHARS):
            # after the form's causes or measures, a row that tells something (家长意见 | 同意继续上课，
            # 不再要求退费) is a section of its own; a name or a date (回复日期 | …) stays a field
            heading = row[0].replace("\n", " ").strip()
            acted = acted or role_of(heading)[0] in _ACTED
            out.append(Block("heading", heading, ref))
            out.extend(Block("paragraph", part.strip(), ref) for part in row[1].split("\n") if part.strip())
        elif len(row) % 2 == 0:
            out.extend(Block("paragraph", f"{k.strip()}：{v.strip()}", ref) for k, v in zip(row[::2], row[1::2]))
        elif row:
            out.append(Block("paragraph", " ".join(row), ref))
    return out


def unroll_grid(block: Block) -> list[Block] | None:
    """An A3 / QRQC sheet: rows of section labels (① 问题描述 | ④ 对策) each above a row of their
    contents, read as one heading and its paragraphs per cell, in the labels' numbered order
    (column by column where they carry no number)."""
    rows = block.rows or []
    pairs: list[tuple[str, str, int]] = []
    r = 0
    while r + 1 < len(rows):
        labels, contents = rows[r], rows[r + 1]
        filled = [c for c in labels if c.strip()]
        if len(filled) < 2 or not all(_is_section_label(c) for c in filled) or \
                any(_is_section_label(c) for c in contents if c.strip()):
            return None
        for k, (label, content) in enumerate(zip(labels, contents)):
            if label.strip():
                pairs.append((label.strip(), content, k))
        r += 2
    if len(pairs) < 4 or r != len(rows):
        return None
    numbers = [parse_marker(label)[0] for label, _, _ in pairs]
    if all(n is not None and n.value is not None for n in numbers):
        order = sorted(range(len(pairs)), key=lambda i: numbers[i].value)
    else:
        order = sorted(range(len(pairs)), key=lambda i: (pairs[i][2], i))
    src = block.source
    out: list[Block] = []
    for i in order:
        label, content, _ = pairs[i]
        out.append(Block("heading", label.replace("\n", " "), src, level=1))  # the sheet's top sections
        out.extend(Block("paragraph", part.strip(), src) for part in content.split("\n") if part.strip())
    return out


def _is_section_label(cell: str) -> bool:
    text = cell.strip()
    marker, rest = parse_marker(text)
    return len(text) <= 40 and (role_of(rest if marker else text)[0] is not None or _step_label(text))


def _join_continuations(rows: list[list[str]]) -> list[list[str]]:
    """A row whose label cell is empty continues the row above (项目 | 内容 forms put each line of a
    step in its own row): its text joins the content of that row."""
    out: list[list[str]] = []
    for row in rows:
        filled = [c for c in row if c.strip()]
        if out and row and not row[0].strip() and len(filled) == 1 and len(out[-1]) >= 2:
            out[-1] = [*out[-1][:-1], f"{out[-1][-1]}\n{filled[0]}"]
        else:
            out.append(list(row))
    return out


def _fold_step(row: list[str]) -> list[str]:
    """D4 | 根本原因 | text: a step number in its own column joins the label beside it."""
    if len(row) == 3 and re.fullmatch(r"\s*D[0-8]\s*", row[0]) and len(row[1]) <= 30:
        return [f"{row[0].strip()} {row[1].strip()}", row[2]]
    return row


def _step_label(text: str) -> bool:
    marker = parse_marker(text)[0]
    return marker is not None and marker.style in ("8d", "problem", "bracket")


def _promote_title(lines: list[Line]) -> None:
    """Documents typed without a Title style: the first short, emphasised line is the title, or
    the subject line of an e-mail or memo (主题：答复：彩盒色差问题 -> 彩盒色差问题)."""
    if any(ln.rank == 0 for ln in lines[:3]):
        return
    if _subject_title(lines[:10]):
        return
    first = next((ln for ln in lines[:2] if ln.block.kind != "table"), None)
    if first is None or first.marker is not None:
        return
    text = first.block.text.strip()
    core = _clean_heading(text)  # a bilingual title is measured without its English half
    if len(core) <= 60 and not text.endswith(tuple(_SENTENCE_END + "：:，,")) and (
            first.heading or _REPORT_TITLE.search(core)):
        first.heading, first.rank, first.role, first.inline, first.text = True, 0, None, "", text


def _subject_title(lines: list[Line]) -> bool:
    sections = vocab.load("sections")
    prefix = re.compile(rf"^(?:({'|'.join(map(re.escape, sections['reply_prefixes']))})\s*[：:]\s*)+")
    for line in lines:
        label = _LABEL.match(line.block.text.strip())
        if label and label.group(1).strip() in sections["subject_labels"]:
            subject = prefix.sub("", label.group(2).strip()).strip()
            if subject:
                line.heading, line.rank, line.role, line.inline, line.text = True, 0, None, "", subject
                return True
    return False


def lines_of(doc: Document) -> list[Line]:
    """Every block of ``doc`` classified; grid tables stay as single table lines."""
    out = _lines(doc)
    _promote_title(out)
    _mark_problem_headings(out)
    _mark_earlier_complaints(out)
    _mark_repeated_forms(out)
    return out


_COMPLAINT_WORDS = ("投诉", "问题", "客诉")


def _mark_problem_headings(lines: list[Line]) -> None:
    """A plain heading whose block (up to its next sibling) holds its own cause or measure
    sub-sections introduces one problem, whatever words it uses (（一）轴承来料异音). So does a
    numbered paragraph too long to pass for a heading (一、彩盒印刷颜色偏红（实测ΔE 4.8，标准≤2.0）)
    when 原因： and 改善措施： follow it."""
    sections = vocab.load("sections")
    cues = tuple(sections["problem_cues"])
    section = None  # the role of the last top heading: a numbered line inside measures is a measure
    complaint_items: set[tuple[str, int]] = set()  # marker style and rank of complaints found so far
    announced = False  # the line before said the complaints follow (收到学生投诉如下：)
    listed_items: set[tuple[str, int]] = set()  # marker style and rank of complaints so announced
    parents = _parent_roles(lines)
    for i, line in enumerate(lines):
        under = parents[i]
        if line.heading and line.rank <= 2:
            # 典型投诉及整改情况 names complaints as well as what was done about them
            section = None if any(c in line.qualifier for c in _COMPLAINT_WORDS) else line.role
        plain = not line.heading and line.marker is not None and line.role is None
        numbered = plain and line.rank <= 2 and not line.text.rstrip().endswith(tuple(_SENTENCE_END))
        # 1. 美国客户投诉开衫水洗后缩水严重。… followed by 原因：/措施： is one complaint too, and so
        # is its sibling 2. 日本客户在卫衣中检出1根断针。… whatever words it uses; an item listed
        # after 收到学生投诉如下： (and its siblings) needs only its own 决定：
        listed = plain and (announced or (line.marker.style, line.rank) in listed_items)
        complaint = (plain and line.rank <= 5 and section not in ("cause", "measure", "effect")
                     and (any(c in line.text[:40] for c in cues) or listed
                          or (line.marker.style, line.rank) in complaint_items))
        announced = announces_complaints(line.block.text)
        # (1) 表面划伤：划伤长度5～30 mm… followed by 原因：/措施： names its defect in its label
        labelled = plain and section not in ("cause", "measure", "effect") and defect_label(line.text) is not None
        if numbered or complaint or labelled or (plain and _leads_labelled_parts(lines, i)):
            line.heading = line.opens_problem = _holds_roles(lines, i, line, either=listed)
            if complaint and line.opens_problem:
                complaint_items.add((line.marker.style, line.rank))
                if listed:
                    listed_items.add((line.marker.style, line.rank))
            continue
        if not line.heading or line.role is not None or line.rank == 0 or line.problem_marker:
            continue
        if (_clean_heading(line.text).endswith(tuple(sections["form_parts"]))
                or line.text.startswith(tuple(sections["appendix_labels"]))):
            continue  # 供应商回复栏, 附件：8D报告: where the answer goes, not a complaint
        roles = set()
        for other in lines[i + 1:]:
            if other.heading and (other.rank < line.rank or (other.rank == line.rank and
                                                              other.shape == line.shape)):
                break
            if other.heading and other.role in ("cause", "measure"):
                roles.add(other.role)
        # 一、关于种植手术收费高于报价的问题 over the paragraphs that answer it: a complaint's own part
        # and so does （一）关于夜间翻身护理不到位 under 调查核实情况: the complaint its findings are about
        core = _clean_heading(line.text)
        about = _ABOUT_A_MATTER.match(core) is not None or (under == "facts" and _ABOUT.match(core) is not None)
        line.opens_problem = (bool(roles) or about) and not is_generic(core)  # 设定目标 names no complaint
    _mark_sibling_problems(lines)


def _leads_labelled_parts(lines: list[Line], i: int) -> bool:
    """Line ``i`` is the lead of an item whose labelled parts (现状：/原因：/对策：) ran on in its own
    paragraph (• KS-2406-01 热水管爆管（客户） 现状：… 原因：… 对策：…): the lead names the complaint."""
    after = lines[i + 1] if i + 1 < len(lines) else None
    return (after is not None and after.heading and after.role in ("facts", "cause", "measure", "effect")
            and after.block.source == lines[i].block.source)


def _mark_sibling_problems(lines: list[Line]) -> None:
    """A plain heading in the shape and rank of one that opens a problem, under a section of the same
    kind, opens one too, though its causes and measures run in prose (一、排队时间长的问题 / 经查…原因
    有三：一是… next to 二、材料反复补交的问题 / 整改措施：…): the writer numbered them as the same
    kind of thing. Items of a facts section that its cause section answers one by one ((1)左耳放入
    充电仓后不充电 under 基本事实, (1)左耳不充电 under 原因分析) are not."""
    # each heading with the role of the section it is in
    headings = [(line, parent) for line, parent in zip(lines, _parent_roles(lines)) if line.heading]
    opening = {(ln.rank, ln.shape, parent) for ln, parent in headings if ln.opens_problem and ln.rank > 0}
    for line, parent in headings:
        if (not line.opens_problem and line.role is None and line.rank > 0 and not line.problem_marker
                and (line.rank, line.shape, parent) in opening):
            line.opens_problem = True


def _mark_earlier_complaints(lines: list[Line]) -> None:
    """Numbered paragraphs before the first one found to state a complaint (三、安检员上门未提前
    预约…。用户反映…) that share its numbering and are followed by their own 原因： and 措施：
    (一、燃气账单金额突增（68件）。…) state complaints too, though no cue word says so."""
    first = next((i for i, ln in enumerate(lines)
                  if ln.opens_problem and ln.marker is not None and ln.block.kind != "heading"), None)
    if first is None:
        return
    shape = (lines[first].marker.style, lines[first].rank)
    section = None
    for i, line in enumerate(lines[:first]):
        if line.heading and line.rank <= 2:
            section = line.role
        plain = not line.heading and line.marker is not None and line.role is None
        if (plain and (line.marker.style, line.rank) == shape and section not in ("cause", "measure", "effect")
                and _holds_roles(lines, i, line)):
            line.heading = line.opens_problem = True


def _mark_repeated_forms(lines: list[Line]) -> None:
    """Complaint sheets stacked in one file (不良现象：… 原因分析：… 永久对策：…, again and again):
    each labelled statement of the complaint that its own cause or measure labels follow opens a
    problem, named by what the label introduces."""
    stated = [i for i, ln in enumerate(lines) if ln.heading and ln.role == "facts" and ln.inline.strip()]
    if len(stated) < 2 or any(ln.heading and ln.role is None and 0 < ln.rank < lines[stated[0]].rank
                              for ln in lines):
        return  # headings above the labels name the problems already
    ends = [*stated[1:], len(lines)]
    answered = [any(ln.heading and ln.role in ("cause", "measure") for ln in lines[i + 1:end])
                for i, end in zip(stated, ends)]
    if all(answered):
        for i in stated:
            lines[i].opens_problem = True


def _holds_roles(lines: list[Line], i: int, line: Line, either: bool = False) -> bool:
    """Whether cause and measure headings (with ``either``, one of them) follow ``line`` before its
    next sibling number or the next heading as high as the one it is listed under."""
    roles = set()
    parent = next((ln.rank for ln in reversed(lines[:i]) if ln.heading and ln.rank < line.rank), -1)
    for other in lines[i + 1:]:
        if other.marker is not None and other.marker.style == line.marker.style and other.rank <= line.rank:
            break
        if other.heading and other.rank <= parent:
            break  # the last item listed under 一、问题: 二、原因分析 is the report's section, not the item's
        if other.heading and other.role in ("cause", "measure"):
            roles.add(other.role)
    return bool(roles) if either else roles >= {"cause", "measure"}


def join_split_tables(blocks: list[Block]) -> list[Block]:
    """Tables cut by a page break come back as one: same width, the next page's part has no header.

    A row cut in two by the break continues in the first row of the next part (its first cell is
    empty); that row is merged cell by cell into the last row of the previous part.
    """
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (block.kind == "table" and prev is not None and prev.kind == "table" and block.rows and prev.rows
                and block.source.page != prev.source.page and len(block.rows[0]) == len(prev.rows[0])
                and block.rows[0] != prev.rows[0]):
            rows = [list(r) for r in block.rows]
            merged = [list(r) for r in prev.rows]
            if rows and not rows[0][0].strip():
                first = rows.pop(0)
                merged[-1] = [a + b for a, b in zip(merged[-1], first)]
            merged.extend(rows)
            text = "\n".join(" | ".join(r) for r in merged)
            out[-1] = Block("table", text, prev.source, rows=merged)
            continue
        out.append(block)
    return out


def _lines(doc: Document) -> list[Line]:
    out: list[Line] = []
    for block in join_split_tables(doc.blocks):
        if block.kind == "table":
            unrolled = confirmed_causes(block)
            if unrolled is None and (grid := unroll_grid(block)) is not None:
                out.extend(classify(b) for b in grid)
                out.append(_end_of_sheet(block))
                continue
            if unrolled is None:
                unrolled = unroll_table(block)
            if unrolled is None:
                out.append(Line(text=block.text, block=block))
                continue
            out.extend(classify(b) for b in unrolled)
            continue
        block = _answered(block)
        if not block.text.strip():
            continue
        out.extend(_arrow_chain(block) or [classify(b) for b in _split_labelled_runs(block)])
    _split_run_in_first_items(out)
    return out


_QA = re.compile(r"^\s*(问|答|Q|A)\s*[：:]\s*")


def _answered(block: Block) -> Block:
    """A reply set out as 问：… 答：… pairs: the answer is read without its 答： (a bare 答： line is
    nothing), the question as a heading whose role is what it asks about (``question_role``)."""
    found = _QA.match(block.text) if block.kind == "paragraph" else None
    if not found:
        return block
    rest = block.text[found.end():]
    if found.group(1) in ("答", "A"):
        return replace(block, text=rest)
    return replace(block, text=rest, kind="heading", level=block.level or 2) if question_role(rest) else block


def question_role(text: str) -> str | None:
    """The role of the answer to a question (请说明焊缝开裂的根本原因 -> cause), None for no question."""
    sections = vocab.load("sections")
    if not any(w in text for w in sections["question_words"]) and not text.startswith("请"):
        return None
    roles = sections["question_roles"]
    return next((role for role in ("effect", "measure", "cause", "facts") if any(w in text for w in roles[role])), None)


_FIRST_SHI = re.compile(r"(?<=[。；;：:])\s*(?=一是)")


def _split_run_in_first_items(lines: list[Line]) -> None:
    """全年影响较大的投诉有三起。一是…, followed by paragraphs opening 二是…, 三是…: the first item
    runs on from the sentence that announces the run; it is read as the item it is, a line of its own."""
    for i in range(len(lines) - 2, -1, -1):
        line, after = lines[i], lines[i + 1]
        marker = after.marker
        if (line.block.kind != "paragraph" or line.marker is not None or marker is None
                or marker.style != "cn_shi" or marker.value != 2):
            continue
        cut = _FIRST_SHI.search(line.text)
        if cut is None or "二是" in line.text[cut.end():]:
            continue  # 一是…二是… both inside the paragraph: a run of its own
        lead, item = line.text[: cut.start()].strip(), line.text[cut.end():].strip()
        lines[i: i + 1] = [classify(replace(line.block, text=lead)),
                           classify(replace(line.block, text=item, label=""))]


def _end_of_sheet(block: Block) -> Line:
    """An A3 sheet's sections end with its grid: the notes, sign-offs and annexes below it belong
    to none of them (a heading of no content role closes the last one)."""
    return Line(text="", block=Block("heading", "", block.source, level=1), heading=True,
                role="boilerplate", rank=1)


_RUN_LABEL = re.compile(r"(?:(?<=[。；;])|(?<=\s))\s*([^：:。；;，,\s]{1,8})\s*[：:]")


def _split_labelled_runs(block: Block) -> list[Block]:
    """A paragraph that runs a complaint and its labelled parts together (1）发货错漏（9单）。原因：…。
    措施：…) is read as the lines it would have been: the complaint, then 原因：…, then 措施：….
    Only labels that name two different roles split it; other colons stay where they are. A
    complaint item (投诉1：保养后机油渗漏。5月6日…) is its first sentence, then what it tells."""
    if block.kind not in ("paragraph", "item"):
        return [block]
    marker, rest = parse_marker(block.text)
    if marker is not None and marker.style == "problem" and "。" in rest.rstrip("。"):
        head, _, tail = block.text.partition("。")
        return [replace(block, text=head), *_split_labelled_runs(replace(block, text=tail.strip(), label=""))]
    cuts = [(m.start(1), "owner" if _assigns(m.group(1)) else role_of(m.group(1))[0])
            for m in _RUN_LABEL.finditer(block.text)]
    cuts = [(at, role) for at, role in cuts if role in ("facts", "cause", "measure", "effect", "owner")]
    if len({role for _, role in cuts} - {"facts", "owner"}) < 2:
        return [block]
    bounds = [0, *(at for at, _ in cuts), len(block.text)]
    parts = [block.text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    parts[0] = parts[0].rstrip("。；;")  # the lead heads the labelled parts, as a line of its own would
    return [replace(block, text=part, label=block.label if k == 0 else "")
            for k, part in enumerate(parts) if part]


_ARROW = re.compile(r"\s*(?:→|->|⇒)\s*")
_OWNER_TAIL = re.compile(r"\s*[｜|][^｜|。；;]{1,24}$")  # …纳入点检表｜吴海峰／已完成: who, and by when


def _arrow_chain(block: Block) -> list[Line] | None:
    """An item written as a chain, complaint → cause → measure (KS-04 管材颜色深浅不一 → 色母切换供应商，
    着色力偏高 → 色母恢复原供应商；每批首件比色｜韩丽／7月20日), read as the complaint's line
    followed by a cause line and a measure line, as if labelled 原因： and 对策：."""
    if block.kind not in ("paragraph", "item"):
        return None
    parts = _ARROW.split(_OWNER_TAIL.sub("", block.text).strip().rstrip("。"))
    if len(parts) != 3 or any(len(HAN.findall(p)) < 4 for p in parts) or len(parts[0]) > 40:
        return None
    lead = classify(replace(block, text=parts[0]))
    told = [Line(text=text, block=replace(block, text=text, label=""), heading=True, role=role, inline=text)
            for role, text in zip(("cause", "measure"), parts[1:])]
    return [lead, *told]


def _assigns(label: str) -> bool:
    """Whether a run-in label says who does a measure and by when (责任人/完成日期): where the
    measure before it ends."""
    return re.fullmatch(owner_labels(), label) is not None


def _is_report_title(line: Line) -> bool:
    text = line.text.strip()
    if line.rank == 0:
        return True
    if not line.heading or len(text) > 60 or text.endswith(tuple(_SENTENCE_END)):
        return False
    if line.problem_marker is not None and line.problem_marker.raw.startswith(("篇", "第")):
        return "项" not in line.problem_marker.raw  # 第二篇 opens a report of a compilation, 第二项 an item
    # 关于…的情况说明 is a document's title (the official form), though 情况说明 alone names a section
    return bool(_REPORT_TITLE.search(text)) and (line.role is None or text.startswith("关于"))


def split_reports(lines: list[Line]) -> list[ReportLines]:
    """Split a compilation at its report titles; a single report keeps every line."""
    starts = [i for i, ln in enumerate(lines) if _is_report_title(ln)]
    if not starts or starts[0] > 8:
        starts = [0] + starts
    segments = []
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        segments.append((s, end))
    titled = sum(1 for seg in segments if _is_report_title(lines[seg[0]]) and not _attached(lines[seg[0]]))
    substantial = [seg for seg in segments if _has_body(lines[seg[0]:seg[1]])
                   or (titled >= 2 and _is_report_title(lines[seg[0]]) and _letter_of_its_own(lines[seg[0]:seg[1]]))]
    if len(substantial) <= 1:
        title_line = next((ln for ln in lines[:8] if _is_report_title(ln)), None)
        if title_line:
            return [ReportLines(title_line.text, lines, title_line, title_line.text)]
        return [ReportLines(_first_text(lines), lines, None, _opening(lines))]
    reports = []
    for s, e in substantial:
        head = lines[s]
        if _is_report_title(head):
            reports.append(ReportLines(head.text, lines[s:e], head, head.text))
        else:
            reports.append(ReportLines(_first_text(lines[s:e]), lines[s:e], head, _opening(lines[s:e])))
    return reports


def _attached(line: Line) -> bool:
    """附件：8D报告 belongs to the report it is attached to."""
    return line.text.strip().startswith(tuple(vocab.load("sections")["appendix_labels"]))


def _letter_of_its_own(lines: list[Line]) -> bool:
    """A titled part of a file of several (two reply letters, one after the other) that tells a
    complaint in a few paragraphs of its own, with no section named 原因 or 措施, and ends dated."""
    if _attached(lines[0]):
        return False
    paragraphs = [ln for ln in lines[1:] if ln.text.strip() and not ln.heading]
    signed = any(_SIGNED_DATE.match(ln.text.strip()) for ln in paragraphs[-4:])  # a letter of its own ends dated
    return (signed and len(paragraphs) >= 4
            and any(w in ln.text for ln in paragraphs for w in (*_COMPLAINT_WORDS, "反映", "反馈")))


_SIGNED_DATE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})$")


def _has_body(lines: list[Line]) -> bool:
    roles = {ln.role for ln in lines if ln.heading}
    if roles & {"cause", "measure"} or any(ln.block.kind == "table" for ln in lines):
        return True
    return sum(1 for ln in lines if re.search(r"原因|措施|对策", ln.text)) >= 2


def _opening(lines: list[Line]) -> str | None:
    """A report's opening line, unless it is running text: what names its subject when nothing is
    marked as its title (a news lead often quotes the complaint: 就“浴巾擦马桶”现象致歉); the name
    of the document quoted there (…发布《关于G1784次列车空调出风口有积灰的情况说明》) first."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    if not texts:
        return None
    for text in texts[:2]:
        for quoted in _QUOTED.findall(text):
            if quoted.endswith(tuple(vocab.load("sections")["own_titles"])):
                return quoted
    first = texts[0]
    if len(first) > 60 or any(ch in first[:-1] for ch in _SENTENCE_END):
        return None
    if first.startswith(tuple(vocab.load("sections")["salutations"])):
        return None  # 尊敬的网友： greets the reader, it names nothing
    return first


def _first_text(lines: list[Line]) -> str | None:
    """The title of a report that has none marked: its opening (see ``_opening``), unless that is
    a sentence, a greeting (尊敬的网友：), a date or a lead-in ending in a colon or comma."""
    text = _opening(lines)
    salutations = tuple(vocab.load("sections")["salutations"])
    if text is None or text.endswith(("。", *_LEAD_IN)) or _DATE_LEAD.match(text) or text.startswith(salutations) \
            or text.rstrip("：:，,!！").endswith(salutations):
        return None
    return text


def outline(lines: list[Line]) -> Section:
    """The section tree of a report: each heading holds the blocks and deeper headings after it.

    Depth comes from the heading's rank (Word heading level, or the numbering style's usual
    depth: 一、 above （一） above 1. above （1）); the records stage reads the same ranks.
    """
    root = Section(heading=None, level=-1)
    stack = [root]
    for line in lines:
        if line.heading and line.rank > 0:
            while len(stack) > 1 and stack[-1].level >= line.rank:
                stack.pop()
            section = Section(heading=line.block, level=line.rank, role=line.role)
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].blocks.append(line.block)
    return root
