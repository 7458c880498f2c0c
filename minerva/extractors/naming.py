"""Naming a problem as an engineer would: the complaint itself, not who reported it or how.

A clause that states a complaint usually carries a reporting frame (业主反映…, 客户投诉称…,
不知道为什么…); a news title wraps it in the organisation's answer (X就“Y”致歉, 关于…的整改报告).
The name is what is left without the frame. The frame words are data
(``resources/problem_names.json``).
"""

from __future__ import annotations

import re
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.spans import HAN, clean, counts
from minerva.model import Case

_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’]{4,40})[”\"」』’]")
_EDGE = " \t，,。；;：:、!！?？"
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
_TRAILING_ASIDE = re.compile(r"[（(][^（()）]{2,}[）)]$")
_MIN = 4
_PLACE_ENDS = ("中", "内", "里", "上")  # 锅内, 产品中: where a thing was found
_ON_MATTER = re.compile(r"就(.{4,40}?)(?:问题|一事|事件|事宜)?(?:发表|作出|发布|公开)?(?:致歉|道歉|回应|说明|声明)")
_BRACKET_TAG = re.compile(r"^[【\[［][^】\]］]{1,8}[】\]］]\s*")
_INCIDENT_TAG = re.compile(r"^[“\"][\d·.\-]{3,8}[”\"]")  # “10·17”轮椅旅客漏接: the date tag is no part of it
# 回应门店饮品原料过期问题: the matter an answer is about
_ANSWERED = re.compile(r"(?:回应|通报|说明|致歉|道歉)(?:了)?(.{4,40}?)的?(?:问题|一事|事件|事宜)$")
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_ABOUT = re.compile(r"关于(.+)的([^的]{1,8})$")


@cache
def _words() -> dict[str, tuple[str, ...]]:
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in vocab.load("problem_names").items()}


@cache
def _frame() -> re.Pattern[str]:
    w = _words()
    who = "|".join(map(re.escape, w["reporters"]))
    verb = "|".join(map(re.escape, w["reporting_verbs"]))
    return re.compile(rf"^.{{0,12}}?(?:{who}).{{0,6}}?(?:{verb})(?:称|说|表示|的)?[，,：:]?")


def problem_name(text: str) -> str:
    """``text`` without its reporting frame, lead words and tail words (unchanged if too little is left)."""
    name = _INCIDENT_TAG.sub("", text.strip(_EDGE)).strip(_EDGE)
    tagless = _BRACKET_TAG.sub("", name)  # 【投诉上报】南站接驾绕路: the mail's tag says what kind of message it is
    name = tagless if len(HAN.findall(tagless)) >= _MIN else name
    frame = _frame().match(name)
    if frame and len(name) - frame.end() >= _MIN:
        name = name[frame.end():].strip(_EDGE)
    own = vocab.load("sections")["self_references"]  # 我院病房…: the organisation, not a lead word
    for lead in _words()["lead_words"]:
        if name.startswith(lead) and len(name) - len(lead) >= _MIN and not name.startswith(tuple(own)):
            name = name[len(lead):].strip(_EDGE)
            break
    for tail in _words()["tail_words"]:
        if name.endswith(tail) and len(name) - len(tail) >= _MIN:
            name = name[: -len(tail)].strip(_EDGE)
            break
    name = _without_aside(name).strip(_EDGE)  # 现场实测温度17度(户主表示刚开完空调): the remark is no part of it
    name = _without_count(name)
    for word in _words()["consequence_connectives"]:  # 阀门延迟导致碱水渗入牛奶中 -> 碱水渗入牛奶中
        at = name.rfind(word)
        if at >= 0 and len(name) - at - len(word) >= _MIN:
            name = name[at + len(word):].strip(_EDGE)
            break
    return name or text


_AGENDA = re.compile(r"^(?:议题|议程|事项)[一二三四五六七八九十\d]{1,3}\s*[：:、.．]\s*")
_FILING_LEAD = re.compile(r"^(?:批号\s*[A-Za-z0-9\-]+|(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日的?"
                    r"|\d{4}\s*年\s*\d{1,2}\s*月(?!份)的?)\s*")
_INCIDENT_TAILS = ("质量事故", "事故")
# 售票窗口拒办改签引发旅客投诉: what followed the problem is no part of its name
_COMPLAINT_FOLLOWED = re.compile(r"(?:引发|引起|造成|导致)了?"
                                 r"(?:(?:旅客|乘客|客户|顾客|用户|业主|市民|消费者|家长|患者|游客)"
                                 r"的?(?:投诉|不满|客诉|质疑)?|(?:投诉|不满|客诉|质疑))$")


def plainly(name: str) -> str:
    """A name without what files it rather than says it: an agenda item's number (议题一：), a batch
    number or a date before it (批号20231015…, 11月6日午餐配送延误), a 质量事故 or what it led to
    (…引发旅客投诉) after it; unchanged when too little would be left. A product's code stays:
    labellers keep it (H05VV-F电源线导体电阻超标)."""
    plain = _COMPLAINT_FOLLOWED.sub("", _FILING_LEAD.sub("", _AGENDA.sub("", name)))
    for tail in _INCIDENT_TAILS:
        if plain.endswith(tail) and len(HAN.findall(plain)) - len(tail) >= _MIN:
            plain = plain[: -len(tail)]
            break
    return plain if len(HAN.findall(plain)) >= _MIN else name


def without_finding(name: str) -> str:
    """A name that says who found the problem, or in what check (客户IQC来料检验发现X, 签收时发现X),
    or at what stage it appeared (在洗瓶和压盖工序出现X), named by what was found; unchanged when
    what precedes the finding verb is a place (锅内发现X: then only the thing found follows) or
    too little would be left."""
    staged = _at_stage().match(name)
    if staged and len(HAN.findall(staged.group(1))) >= _MIN:
        return staged.group(1).strip(_EDGE)
    found = _found_by().match(name)
    if not found or len(HAN.findall(found.group(2))) < _MIN:
        return name
    before = found.group(1)
    if before.endswith(_PLACE_ENDS):
        return name
    if before and not any(w in before for w in (*_words()["reporters"], *_words()["inspections"])):
        return name
    return found.group(2).strip(_EDGE)


@cache
def _at_stage() -> re.Pattern[str]:
    stages = vocab.alternation(_words()["process_stages"])
    verbs = vocab.alternation(_words()["appearance_verbs"])
    return re.compile(rf"^[^，,。；;：:]{{0,20}}?在[^，,。；;：:]{{1,16}}?(?:{stages})中?(?:{verbs})(.+)$")


@cache
def _found_by() -> re.Pattern[str]:
    verbs = "|".join(map(re.escape, _words()["finding_verbs"]))
    return re.compile(rf"^([^，,。；;：:]{{0,24}}?)(?:{verbs})[：:，,]?(.+)$")


def _without_aside(name: str) -> str:
    """``name`` without a bracketed aside at its end, when enough is left to name something."""
    aside = _TRAILING_ASIDE.search(name)
    return name[: aside.start()] if aside and len(HAN.findall(name[: aside.start()])) >= _MIN else name


@cache
def _count_frame() -> re.Pattern[str]:
    units = "|".join(map(re.escape, _words()["count_units"]))
    return re.compile(rf"^(?P<what>[^，,。；;]*?)(?:中|里|内)?(?:共|合计|累计|其中)?有\s*\d+\s*(?:{units})"
                      rf"[^，,。；;]{{0,16}}?出现(?P<defect>[^，,。；;].*)$")


def _without_count(name: str) -> str:
    """What showed the defect and the defect, without how many did (已安装的中空玻璃中有27块出现内部
    结露 -> 中空玻璃内部结露; 共有4支在输液30分钟内出现针座渗液 -> 针座渗液): the count is detail."""
    found = _count_frame().match(name)
    if not found or len(HAN.findall(re.split(r"[，,。；;]", found.group("defect"))[0])) < _MIN:
        return name
    what = found.group("what").strip(_EDGE)
    what = what.rsplit("的", 1)[-1] if len(HAN.findall(what.rsplit("的", 1)[-1])) >= 2 else what
    return (what if len(HAN.findall(what)) >= 2 else "") + found.group("defect").strip(_EDGE)


def is_frame_only(text: str) -> bool:
    """Whether a clause only says who reported (据兴宁市民反映) and nothing of the problem."""
    name = text.strip(_EDGE)
    frame = _frame().match(name)
    return bool(frame) and len(HAN.findall(name[frame.end():])) < _MIN


def title_problem(title: str) -> str:
    """The problem a title names: its quoted words, else the title without its frame words and
    without the parts that only say what kind of document it is (8D Report 纠正措施报告 — X)."""
    quoted = next((q for q in _QUOTED.finditer(title)
                   if not any(w in title[max(0, q.start() - 4):q.start()] for w in _words()["answer_words"])
                   and len(HAN.findall(q.group(1))) >= 2  # “10·17”事件 tags an incident, it names none
                   and not _names_a_thing(title[:q.start()], title[q.end():])), None)
    if quoted:  # 就“员工用浴巾擦马桶”致歉 names it; 公司回应“已完成OTA推送” quotes the answer
        return quoted.group(1).strip(_EDGE)
    parts = [title]
    for sep in _words()["title_separators"]:
        parts = [p for part in parts for p in part.split(sep)]
    parts = [p for part in parts for p in _halves(part)]
    kept = [p for p in (p.strip(_EDGE) for p in parts) if p and not is_generic(p)]
    matters = [m.group(1) for m in map(_ANSWERED.search, kept) if m and len(HAN.findall(m.group(1))) >= _MIN]
    if matters:  # 立即关店!星巴克中国回应门店饮品原料过期问题: what was answered, not what was done
        return problem_name(matters[0])
    asked = [p for p in kept if not any(w in p for w in _words()["answer_words"]) and not _acts(p)]
    kept = asked or kept  # 游客上厕所要买门票？当地通报：景区闭门整改 -> the question, not the answer
    name = max(kept, key=len) if kept else title.strip(_EDGE)
    about = about_name(name)
    if about:
        return about
    matter = next(filter(None, map(answered_matter, kept)), None)  # 就…等相关问题进行回应
    if matter:
        return matter
    on = _ON_MATTER.search(title)  # 杨国福官方微博就门店出现老鼠问题发表致歉信 -> 门店出现老鼠
    if on:
        return problem_name(on.group(1))
    for frame in _words()["title_frames"]:
        if frame in name and len(name) - len(frame) >= _MIN:
            name = name.replace(frame, "", 1)
    name = re.sub(r"^.{0,20}?就", "", name) if "就" in name[:21] else name
    return problem_name(name)


@cache
def _matter() -> re.Pattern[str]:
    """针对6日因系统升级导致部分用户被异常扣费相关事宜: a matter named at the end of its clause, or
    before the answer to it (就…等相关问题进行回应)."""
    w = _words()
    return re.compile(rf"(?:{vocab.alternation(w['matter_leads'])})(.{{4,40}}?)等?的?(?:相关)?"
                      rf"(?:{vocab.alternation(w['matter_nouns'])})(?:{vocab.alternation(w['matter_answers'])})?$")


def answered_matter(clause: str) -> str | None:
    """The matter a statement says it answers (针对X相关事宜, 关于X的情况, 就X一事), named without what
    led to it (X导致Y -> Y) or who spread it (网传, 有媒体报道: ``hearsay_leads``); None when the
    clause names no such matter, only a generic one, or only who reported it (针对网民反映的问题)."""
    found = _matter().search(clause.strip(_EDGE))
    if (not found or len(HAN.findall(found.group(1))) < _MIN or is_generic(found.group(1))
            or is_frame_only(found.group(1))):
        return None
    matter = found.group(1)
    for lead in _words()["hearsay_leads"]:
        if matter.startswith(lead) and len(HAN.findall(matter[len(lead):])) >= _MIN:
            matter = matter[len(lead):]
            break
    return problem_name(matter)


def _acts(part: str) -> bool:
    """Whether a headline part says what was done (立即关店, 责令济源工厂停产自查, 北京处罚4家企业)."""
    cues = vocab.load("role_cues")
    if part.startswith(tuple(cues["measure_time"])):
        return True
    acted = (*_words()["action_words"], *cues["measure_verb"])
    return any(w in part for w in acted) and not any(w in part for w in cues["defect"])


def _names_a_thing(before: str, after: str) -> bool:
    """Whether a quote that opens a part of a title is a product the rest of the part states the
    problem of (8D报告——“阳光玫瑰”葡萄礼盒运输破损), not the complaint itself."""
    separators = "|".join(map(re.escape, _words()["title_separators"]))
    if before.strip() and not re.search(rf"(?:{separators})\s*$", before):
        return False
    rest = re.split(separators, after, maxsplit=1)[0]
    lead = ("的", "问题", "事件", "一事", "事", *_words()["reporting_verbs"], *_words()["answer_words"],
            *_words()["document_kinds"])
    return len(HAN.findall(rest)) >= 4 and not rest.strip().startswith(lead)


def about_name(title: str) -> str | None:
    """What a 关于X的<document> title is about (关于G1784次列车空调出风口有积灰的情况说明 -> G1784次
    列车空调出风口有积灰), named as a problem; None for a title of another shape."""
    about = _ABOUT.search(title.strip(_EDGE))
    if about and about.group(2).endswith(_words()["document_kinds"]) and len(about.group(1)) >= _MIN:
        return problem_name(about.group(1))
    return None


def _halves(part: str) -> list[str]:
    """A headline's two halves set apart by a space (茶叶现苍蝇引关注 胖东来致歉并下架排查), when both
    are phrases of their own; a space inside a phrase (KX-32 电烤箱) splits nothing."""
    pieces = part.split()
    if len(pieces) > 1 and all(len(HAN.findall(p)) >= _MIN for p in pieces):
        return pieces
    return [part]


def is_generic(name: str) -> bool:
    """Whether a name (or a part of a title) says only what kind of document it is or that there
    was a complaint (8D Report, 客诉质量问题), not which problem."""
    rest = name.lower()
    for word in sorted((*_words()["document_kinds"], *_words()["generic_words"]), key=len, reverse=True):
        rest = rest.replace(word.lower(), " ")
    chinese = len(re.sub(r"[\W\d_a-z]", "", rest))
    english = len(re.findall(r"[a-z]{3,}", rest))
    return chinese < 2 and english < 2


# A problem heading longer than this that states the defect in its first clause is named by that
# clause (安装座角焊缝存在气孔及未熔合，抽查12件中5件超标，…): the rest is detail.
_NAME_CHARS = 30
_FIRST_CLAUSE = re.compile(r"^[^，,；;。]{6,}?(?=[，,；;。])")
# Its name also ends where bracketed detail closes it: 彩盒印刷颜色偏红（专色7691C，实测ΔE 4.8）.
_TRAILING_DETAIL = re.compile(r"^([^，,；;。（(]{4,}?)[（(][^）)]*(?:[）)]\s*(?:[，,；;。].*)?)?$")


# A heading that files the complaint under customer and product (宁波嘉禾服饰有限公司：T/C府绸（品号
# HF-P2108，藏青）批间色差) names it by the defect after the product's bracketed specification.
_SPEC_THEN_DEFECT = re.compile(r"^[^（(，,。；;]{2,24}[（(][^（）()]*(?:\d|品号|型号|规格|批号|款号|货号)"
                               r"[^（）()]*[)）]([^，,。；;（()）]{3,16})$")


@cache
def _customer_label() -> re.Pattern[str]:
    suffixes = vocab.alternation(vocab.load("org_suffixes")["suffixes"])
    complained = vocab.alternation(_words()["reporting_verbs"])
    return re.compile(rf"^[^：:，,。；;]{{2,30}}?(?:{suffixes})(?:{complained})?\s*[：:]\s*")


def filed_under_customer(text: str) -> str | None:
    """The complaint a line files under its customer (河北冀泉饮料有限公司：纸箱封箱开胶 -> 纸箱封箱开胶);
    None when the line opens with no customer's name."""
    customer = _customer_label().match(text)
    if customer and len(HAN.findall(text[customer.end():])) >= _MIN:
        return text[customer.end():].strip(_EDGE)
    return None


# A date or period that opens a complaint statement (4月27日，… 4月至5月上旬，…) is when, not what.
_LEAD_DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|[上中下]旬|底|初)?"
                        r"(?:[至到\-—~～](?:\d{4}年)?\d{1,2}月?(?:\d{1,2}日|[上中下]旬|底|初)?)?[^，,。；;]{0,4}[，,]")


# A reference code before the name (C1 Reply 回复：屏幕显示E2, Q3：…, 不符合项1（严重）：…): an index,
# never the problem.
_CODE_LABEL = re.compile(r"^(?:[^：:]{0,12}?\b[A-Za-z]{1,3}[-.]?\d{1,3}\b"
                         r"|(?:不符合项|不合格项|问题|投诉|客诉|缺陷|事项)\s*[\d一二三四五六七八九十]{1,3})[^：:]{0,12}[：:]\s*")


_RECORD_NUMBER = re.compile(r"^[A-Za-z]{1,6}[-_]?\d{2,}(?:[-_]\d+)+\s+")


# An item that files its detail under the defect (表面划伤：划伤长度5～30 mm，共183片) is named by it.
_DEFECT_LABEL = re.compile(r"^([^：:。；;，,（()）]{2,12})[：:]\s*")


def defect_label(text: str) -> str | None:
    """The defect a line files its detail under (表面划伤：划伤长度5～30 mm，共183片 -> 表面划伤); None
    when the label is a field (问题描述, 日期), an index (议题一), a kind of complaint (客户投诉) or
    who reported it (护理部反馈)."""
    found = _DEFECT_LABEL.match(text)
    if not found or len(HAN.findall(text[found.end():])) < _MIN:
        return None
    label = found.group(1).strip()
    if (len(HAN.findall(label)) < 2 or is_generic(label) or re.search(r"[\d一二三四五六七八九十]$", label)
            or any(f in label for f in _field_words()) or label.endswith(tuple(_words()["reporting_verbs"]))):
        return None  # 医院护理部反馈：X says who reported X
    return label


@cache
def _field_words() -> tuple[str, ...]:
    """Labels that name a field or a section, never a defect (问题描述, 日期, 基本情况)."""
    return (*vocab.load("table_columns")["problem"], *vocab.load("sections")["field_labels"],
            *vocab.load("sections")["facts"])


# A trailing aside that lists details or names a speaker (（4月，退货42件）, （发言：郝建）) is detail;
# a short synonym or a bare count (瓶口微裂纹（口裂）, 焊缝气孔（3件）) is not.
_DETAIL_ASIDE = re.compile(r"[（(](?:[^（()）]*[：:，,][^（()）]*|[\u4e00-\u9fff]{5,})[）)]$")


_SENTENCE_MARK = re.compile(r"[。，,；;！!？?）)]")


# 关于夜间翻身护理不到位导致压疮, 关于种植手术收费高于报价的问题: a heading about a complaint
_ABOUT_HEADING = re.compile(r"^关于([^，,。；;：:]{4,30}?)(?:的(?:问题|情况|事宜)|问题)?$")


def heading_name(text: str) -> tuple[str, list[str]]:
    """A problem heading's name and, when it was shortened, the whole heading as an alternative."""
    about = _ABOUT_HEADING.match(text.strip())
    if about and len(HAN.findall(about.group(1))) >= _MIN:
        name, alts = heading_name(about.group(1))
        return name, [*alts, text]
    numbered = _RECORD_NUMBER.match(text)  # KS-2406-04 管材颜色深浅不一: the complaint's file number
    if numbered and len(HAN.findall(text[numbered.end():])) >= _MIN:
        name, alts = heading_name(text[numbered.end():])
        return name, [*alts, text]
    coded = _CODE_LABEL.match(text)
    if coded and len(HAN.findall(text[coded.end():])) >= _MIN:
        name, alts = heading_name(text[coded.end():])
        return name, [*alts, text]
    dated = _LEAD_DATE.match(text)
    if dated and len(text) > _NAME_CHARS and len(HAN.findall(text[dated.end():])) >= _MIN:
        name, alts = heading_name(problem_name(text[dated.end():]))
        return name, [*alts, text] if text not in alts else alts
    # 美国经销商反馈D-41型民谣吉他到货后面板开裂: who reported is no part of it (but in 收费争议（25件）。
    # 用户反映… the heading's own name comes first)
    reported = _frame().match(text)
    if reported and not _SENTENCE_MARK.search(reported.group().rstrip("：:，, ")) and len(
            HAN.findall(text[reported.end():])) >= _MIN:
        name, alts = heading_name(text[reported.end():].strip(_EDGE))
        return name, [*alts, text]
    customer = _customer_label().match(text)
    if customer and len(HAN.findall(text[customer.end():])) >= _MIN:  # 宁波嘉禾服饰有限公司投诉：X names X
        name, alts = heading_name(text[customer.end():])
        return name, [*alts, text]
    label = defect_label(text)
    if label:
        return label, [text]
    defect = _SPEC_THEN_DEFECT.match(text)
    if defect and len(HAN.findall(defect.group(1))) >= 3:
        return defect.group(1).strip(), [text]
    detail = _DETAIL_ASIDE.search(text)
    if detail and len(HAN.findall(text[: detail.start()])) >= _MIN:  # X（4月，退货42件）, X（发言：…）
        return text[: detail.start()].strip(), [text]
    if len(text) <= _NAME_CHARS:
        return text, []
    detail = _TRAILING_DETAIL.match(text)
    if detail and len(HAN.findall(detail.group(1))) >= 4:
        return detail.group(1), [text]
    first = _FIRST_CLAUSE.match(text)  # …未熔合，抽查12件中5件超标: the figures after it are detail
    if first and unclosed(first.group()):
        first = None  # a comma inside brackets (酸奶（200g×4杯，生产日期…）) ends no clause
    if first and len(HAN.findall(first.group())) >= 6 and re.search(r"\d", text[first.end():]):
        return first.group(), [text]
    return text, []


def unclosed(text: str) -> bool:
    """Whether ``text`` opens more brackets than it closes."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def is_hypothetical(text: str) -> bool:
    """Whether a clause supposes a problem (若徐先生发现家中供水不正常, 如有疑问) instead of reporting one."""
    return text.lstrip(_EDGE).startswith(tuple(_words()["hypothetical_leads"]))


_BARE_LABEL = re.compile(r"^(?:issue|problem|defect|问题|投诉|缺陷|不良)\s*[a-z0-9一二三四五六七八九十]{1,3}$", re.I)


def stated_under_label(label: str, texts: list[str]) -> str | None:
    """The problem a bare label stands for (Issue 1, 问题二), where the report states it once as
    ``Issue 1：流量调节器滚轮调好滴速后，滴速自行变快…``; None when no line does."""
    if not _BARE_LABEL.match(label.strip()):
        return None
    lead = re.compile(rf"^\s*{re.escape(label.strip())}\s*[：:]\s*(.{{4,}})", re.I)
    for text in texts:
        found = lead.match(text)
        if found:
            return before_figures(re.split(r"[。；;]", found.group(1))[0])
    return None


def before_figures(text: str) -> str:
    """A problem statement without the figures that follow it (滴速自行变快，20分钟内由40滴/分升到
    70滴/分以上，共11例 -> 滴速自行变快): its clauses up to the first that carries a number."""
    clauses = re.split(r"(?<=[，,])", text)
    kept = []
    for clause in clauses:
        if re.search(r"\d", clause):
            break
        kept.append(clause)
    name = "".join(kept).strip(_EDGE)
    return name if len(HAN.findall(name)) >= 6 else text


def by_cue(texts: list[str], continued: bool = False) -> str | None:
    """The first complaint a cue word introduces in ``texts``, cues taken in order of strength;
    ``continued``: also a complaint told in the clause after the one a reporting cue ends."""
    for cue in vocab.load("sections")["problem_cues"]:
        for text in texts:
            clauses = _clauses(text, keep=True)
            for k, clause in enumerate(clauses):
                name = after_cue(clause.rstrip("。；;，,：:"), (cue,))
                if not name and continued and k + 1 < len(clauses) and _ends_with_cue(clause, cue):
                    told = _without_their(clauses[k + 1].rstrip("。；;，,：:"))
                    if not told.startswith(_REQUESTS) and not told.endswith("时"):  # 请有关部门…, 使用…时
                        name = after_cue(cue + told, (cue,))
                if name:
                    return name
    return None


_REQUESTS = ("请", "希望", "要求", "建议", "恳请", "盼")


def _without_their(clause: str) -> str:
    """其…吃出一段扎带 (whose meal): the complaint without the pronoun that ties it to the reporter."""
    return clause[1:] if clause.startswith("其") and not clause.startswith(("其他", "其中", "其余", "其实")) else clause


def _ends_with_cue(clause: str, cue: str) -> bool:
    """有用户在小红书反映，其…吃出一段塑料扎带 (客户某公司4月投诉：X): the cue ends its clause and
    the next clause of the same sentence says what was reported; 投诉 only before a colon, since
    拨打热线投诉，次日又… goes on to what the customer did next."""
    ends = ("，", ",", "：", ":") if cue in ("反映", "反馈") else ("：", ":")  # 拨打热线投诉，次日又…
    return clause.rstrip("，,：:").endswith(cue) and clause.endswith(ends)


def _clauses(text: str, keep: bool = False) -> list[str]:
    """``text`` cut at its clause punctuation, except inside brackets (彩盒（料号PK-3306，批号…）开胶);
    ``keep`` keeps the punctuation that ends each clause."""
    out: list[str] = []
    for piece in re.split(r"(?<=[。；;，,：:])", text):
        if out and unclosed(out[-1]):
            out[-1] += piece
        else:
            out.append(piece)
    return out if keep else [c.rstrip("。；;，,：:") for c in out]


_VOICED = re.compile(r"^[^“”\"，,。；;]{0,8}“([^”]{2,20})”(?:[、，,]?“[^”]*”)*$")


def after_cue(clause: str, cues: tuple[str, ...] | None = None) -> str | None:
    """What a clause says after its problem cue (客户反馈：X, 现象为X; 发现… is kept whole), when that
    is a statement of at least four characters."""
    # a cue inside a document's name (所附《售后问题反馈单》) or a message's tag (【投诉上报】) introduces nothing
    masked = _BOOK_TITLE.sub(lambda m: "《" + "＿" * (len(m.group()) - 2) + "》", clause)
    masked = _BRACKET_TAG.sub(lambda m: "＿" * len(m.group()), masked)
    for cue in cues or vocab.load("sections")["problem_cues"]:
        if cue not in masked or is_hypothetical(clause):
            continue
        if cue == "发现":
            name = _finding(clause)
            if name is None:
                continue
        else:
            name = clause[masked.index(cue) + len(cue):]
        if name.startswith("的") or re.match(r"^(?:反映|反馈|投诉|举报)的", name):
            continue  # 您反映的情况已收悉, 投诉反映的情况基本属实: the cue qualifies a word, it introduces no complaint
        if name.startswith(("至", "到", "给")):
            continue  # 投诉至集团客服热线: where the complaint went, not what it says
        if name.startswith(("和", "及", "与", "或", "、")):
            continue  # 引起的客户投诉和索赔事件: the cue is one of two things named, it introduces neither
        if name.startswith(tuple(_words()["cue_nouns"])):
            continue  # 投诉处置机制不健全: the cue qualifies a noun, it introduces no complaint
        name = re.sub(r"^(?:内容|事项)(?:为|是|如下)?[：:]?", "", name.removeprefix("了"))  # 投诉内容为X
        for ref in vocab.load("sections")["self_references"]:
            name = name.removeprefix(ref)
        name = _without_aside(name)  # …脱落36块（该项目安装总数12,400块）: the figures are detail
        voiced = _VOICED.match(name)  # 我司水饺“一煮就破”“汤里全是馅”: the customer's own words name it
        if voiced and len(HAN.findall(voiced.group(1))) >= _MIN:
            return clean(voiced.group(1))
        told = _BRACKETED.sub("", name)  # 联名投诉信（签名业主86户）: what is outside the aside must name it
        if len(HAN.findall(told)) >= _MIN and (not counts(told) or _counts_a_defect(told)):
            return clean(name)  # 共发现不良品37套 counts the complaint, it does not name it; (共3,600件) is detail
    return None


def _finding(clause: str) -> str | None:
    """What a 发现 clause names: the clause from where it was found (两名旅客在热食中发现塑料碎片 ->
    热食中发现塑料碎片); None when it names no finding of the complaint."""
    at = clause.find("发现")
    before, after = clause[:at], clause[at + len("发现"):]
    if before.endswith(("没有", "没", "未", "未能", "无法", "难以")):
        return None  # 因而没有发现电动关阀不到位: what was missed is a cause, not the complaint
    if after.startswith("并"):
        return None  # 通过监控平台发现并上报: who noticed it, not what was found
    if len(HAN.findall(after)) < 2:
        return None  # 追溯生产过程发现: what was found follows in the next clause, as a cause
    if after.rstrip().endswith(_PLACE_ENDS):
        return None  # 发现我司电芯批次2408-11至2408-14中，K值超标…: where it was found; what, in the next clause
    if clause.strip().startswith("发现") and len(clause.strip()) <= len("发现") + 3:
        return None  # 发现日期, 发现人: a form's field label
    where = before.rfind("在")
    return clause[where + 1:] if where >= 0 and len(HAN.findall(clause[where + 1:])) >= 4 else clause


@cache
def _trailing_count() -> re.Pattern[str]:
    """A count of defective things that ends a name (6只, 2件); a count of complaints or orders (53单,
    12起) is not one."""
    return re.compile(rf"\s*\d[\d,，.]*\s*(?:{vocab.alternation(_words()['defect_count_units'])})$")


def _counts_a_defect(name: str) -> bool:
    """Whether a finding that ends in a count names the defect it counts (发现瓶口微裂纹6只), not
    only defective items (共发现不良品37套)."""
    cut = _trailing_count().sub("", name)
    core = re.split(r"发现|出现|有", cut)[-1]
    return (cut != name and not counts(cut) and len(HAN.findall(core)) >= _MIN
            and not core.endswith(tuple(_words()["defective_items"])))  # …果粒脱落的破损件216件 counts items


@cache
def _index() -> re.Pattern[str]:
    words = vocab.alternation(_words()["index_words"])
    return re.compile(rf"^\s*(?:{words})\s*[#＃.．]?\s*(?:\d{{1,3}}|[一二三四五六七八九十]{{1,3}})\s*$", re.I)


def only_an_index(name: str) -> bool:
    """Whether a problem's name only numbers it among others (记录 1, 案例二, Case 3)."""
    return bool(_index().match(name))


def name_unnamed(cases: list[Case], title: str | None) -> bool:
    """Whether any case came out without a name (a bare label with nothing after it); each such case
    takes its first other name, else the report's title, else its first cause, so that no case is
    shown without a problem."""
    unnamed = [c for c in cases if not c.problem.strip()]
    for case in unnamed:
        case.problem = (next((a for a in case.problem_alt if a.strip()), "") or (title or "").strip()
                        or next((c.text for c in case.causes), ""))
    return bool(unnamed)
