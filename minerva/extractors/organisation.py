"""The organisation a report speaks for: a labelled own-side field, a name line in the header or
signature, else the organisation that acts in the text (a reply, a news item). Name endings, labels
and the words of people and generic parties are data (``resources/org_suffixes.json``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.layout import Line
from minerva.extractors.meta import closing_lines, header_lines, signature


def _org_suffixes() -> str:
    """The endings of organisation names as one alternation, longest first."""
    return vocab.alternation(vocab.load("org_suffixes")["suffixes"])


@dataclass(frozen=True)
class _NamePatterns:
    name: re.Pattern[str]        # a name ending in a suffix, before a department or the line's end
    name_loose: re.Pattern[str]  # a name ending in a suffix anywhere
    name_first: re.Pattern[str]  # the shortest name ending in a suffix at the start
    own_labels: tuple[re.Pattern[str], ...]  # 报告单位：, Supplier:, then the generic 单位：
    other_field: re.Pattern[str]  # 客户：…, the other side's field with its value
    other_start: re.Pattern[str]  # a line that opens with the other side's label


@cache
def _name_patterns() -> _NamePatterns:
    """Built once: the vocabularies they come from are read once per process."""
    orgs = vocab.load("org_suffixes")
    suffix = _org_suffixes()
    depts = vocab.alternation(orgs["departments"])
    generic = set(orgs["generic_own_labels"])
    own = "|".join(map(re.escape, [w for w in orgs["own_labels"] if w not in generic]))
    weak = "|".join(map(re.escape, sorted(generic)))
    other = "|".join(map(re.escape, orgs["other_labels"]))
    return _NamePatterns(
        re.compile(rf"([\u4e00-\u9fff（）()A-Za-z0-9·]{{2,40}}?(?:{suffix}))(?=(?:{depts})|[^\u4e00-\u9fff]|$)"),
        re.compile(rf"([\u4e00-\u9fff（）()A-Za-z0-9·]{{2,40}}(?:{suffix}))"),
        re.compile(rf"([\u4e00-\u9fff（）()A-Za-z0-9·]{{2,40}}?(?:{suffix}))"),
        tuple(re.compile(rf"(?:{labels})(?:/[^:：/]{{1,4}})?\s*[:：]\s*") for labels in (own, weak)),
        re.compile(rf"(?:{other})[^:：]{{0,12}}[:：]\s*\S+"),
        re.compile(rf"^\s*(?:{other})[^:：]{{0,4}}[:：]"))


def report_org(lines: list[Line]) -> str | None:
    """The reporting organisation: a labelled own-side field, else a name line in header/signature."""
    p = _name_patterns()
    head, tail = header_lines(lines), closing_lines(lines)
    for own_label in p.own_labels:  # 回复人/日期 | 徐州晶瑞… before 发出单位 | 江苏鸿润…
        for line in head + tail:
            text = _cells(line)
            for m in own_label.finditer(text):  # a form's cells: Supplier | 佛山…有限公司
                found = p.name_loose.search(text[m.end():])
                if found and not _sentence_word(found.group(1)):  # …破肚率超过3%的批次不得出厂 is no name
                    return _trim_org(found.group(1))
                bare = _before_department(text[m.end():])  # 供方：常州恒岳注塑（品质保证部）
                if bare:
                    return bare
    for line in head + list(reversed(tail)):
        text = signature(_cells(line).strip())
        if line.rank == 0 or len(text) > 60 or text.endswith(("：", ":")):
            continue
        if line.marker is not None:  # （一）广州某门窗有限公司投诉：… is a numbered complaint, not a name line
            continue
        if p.other_start.match(text):  # 致：中晟置业集团有限公司 采购中心: the addressee throughout
            continue
        text = p.other_field.sub("", text)
        text = re.sub(r"^[^:：]{1,8}[:：]", "", text).strip()
        if re.search(r"[。，,；;]", _LATIN_NAME.sub("", text)):  # not Co., Ltd. after the Chinese name
            continue
        found = p.name.search(text) or p.name_loose.search(text)
        if found and _speaks().search(found.group(1)):  # 清河市第二人民医院患者服务中心: the first name
            found = p.name_first.match(found.group(1))
        if found and not _speaks().search(found.group(1)) and not _sentence_word(found.group(1)):
            return _trim_org(found.group(1))  # not a headline: 网友投诉万州区人民医院
        bare = _before_department(text)
        if bare:  # a signature: 湖州林语木业 生产技术部
            return bare
    return acting_org(lines)


# An English name after the Chinese one (宁波嘉力电线电缆有限公司 Ningbo Jiali Wire & Cable Co., Ltd.)
_LATIN_NAME = re.compile(r"\s+[A-Za-z][A-Za-z0-9&.,'()\s-]*$")


def _sentence_word(name: str) -> bool:
    return any(w in name for w in vocab.load("org_suffixes")["not_in_names"])


def _cells(line: Line) -> str:
    """A line's text, a table row's cells as label：value."""
    return line.block.text.replace(" | ", "：") if line.block.kind == "table" else line.block.text


@cache
def _department_line() -> re.Pattern[str]:
    orgs = vocab.load("org_suffixes")
    ends = "".join(orgs["department_endings"])
    return re.compile(rf"^\s*([\u4e00-\u9fff]{{2,12}})(?:\s+|\s*[（(])[\u4e00-\u9fff]{{1,6}}[{ends}][)）]?"
                      rf"\s*(?:$|[/／\s，,])")


def _before_department(text: str) -> str | None:
    """The name a signature puts before its department (宏晟塑胶 品保课), when it names no
    suffix: not a signing label (编制), a department itself, or a person (张工 品质部)."""
    found = _department_line().match(text)
    if not found:
        return None
    name = found.group(1)
    orgs = vocab.load("org_suffixes")
    if (any(role in name for role in orgs["signing_roles"]) or name.endswith(tuple(orgs["department_endings"]))
            or (len(name) <= 3 and name.startswith(tuple(orgs["surnames"])))):
        return None
    return name


@cache
def _speaks() -> re.Pattern[str]:
    """People and stating verbs: a 'name' that holds one is a clause about somebody (张先生表示到游客中心)."""
    orgs = vocab.load("org_suffixes")
    return re.compile("|".join(map(re.escape, orgs["not_brands"] + orgs["brand_verbs"])))


_TIME_LEAD = re.compile(r"^(?:\d{1,4}[年月日时号]|[上下]午|当[晚天日]|今[天日]|昨[天日]|目前|随后|同时"
                        r"|近日|日前|晚间|早上|傍晚|凌晨|后续|此后|今后|[许后])+")


# A brand that answers from its own account (上海航空官方微博发文回应, 胖东来官方称…) is named
# without a suffix such as 公司.
_OWN_ACCOUNT = re.compile(r"^(?:.{0,12}?[，, ])?([\u4e00-\u9fffA-Za-z0-9·]{2,10}?)"
                          r"(?:官方微博|官方微信|官微|官方账号|官方公众号|官方(?=称|表示|回应|迅速|发布|通报|致歉))")


_QA_MARK = re.compile(r"^[A-Za-z]\s+(?=[\u4e00-\u9fff])")  # A 湖南省市场监督管理局回应: (a Q&A's answer)
_PREPOSITION = re.compile(r"^(?:据|由|向|与|被)(?=[\u4e00-\u9fff])")
_NOT_A_NAME = ("我", "本", "该", "涉事", "现在", "此", "各", "相关", "有关", "其", "这", "那")


@dataclass(frozen=True)
class _ActingPatterns:
    opening: re.Pattern[str]    # …局近日通过问政平台进行了回复: a named organisation acting
    handed_to: re.Pattern[str]  # 转交…区政府办理
    addressed: re.Pattern[str]  # …人民政府：经核查…
    generic: re.Pattern[str]    # 物业公司, 某超市: no organisation's name
    issuer: re.Pattern[str]     # 城关区教育局关于…问题的情况说明: the one that issues it


@cache
def _acting_patterns() -> _ActingPatterns:
    orgs = vocab.load("org_suffixes")
    suffix = _org_suffixes()
    verb = vocab.alternation(orgs["answer_verbs"])
    voices = vocab.alternation(orgs["brand_voices"])
    seat = r"(?:[（(][\u4e00-\u9fff]{2,4}[)）][\u4e00-\u9fff]{0,6}?)?"  # 微盟电子(昆山)有限公司
    opening = re.compile(rf"^([\u4e00-\u9fffA-Za-z0-9·]{{1,18}}?{seat}"
                         rf"(?:{suffix}))[)）]?在?(?:\d{{4}}[年/.-]\d{{1,2}}[月/.-]\d{{1,2}}日?)?"
                         rf"(?:\d{{5}})?(?:{voices})?(?:近日|日前|今日|今天|当天|当日|昨日|昨天|\d{{1,2}}月\d{{1,2}}日)?"
                         rf"(?:通过[^，,。]{{1,12}}?)?(?:针对此事|对此|就此事?)?(?:进行了|作出了?|做出了?|给予了?)?(?:{verb})")
    issuer = re.compile(rf"^([\u4e00-\u9fffA-Za-z0-9·]{{2,18}}?(?:{suffix}))关于.{{2,60}}的"
                        rf"(?:情况说明|情况通报|通报|处理决定|处理意见|回复|答复|公告|声明|说明)$")
    handed = "|".join(map(re.escape, orgs["handed_to"]))
    handed_to = re.compile(rf"(?:{handed})([\u4e00-\u9fffA-Za-z0-9·]{{2,18}}?(?:{suffix}))(?:办理|处理|调查|核实|答复)")
    addressed = re.compile(rf"^([\u4e00-\u9fffA-Za-z0-9·]{{2,18}}?(?:{suffix}))[:：]\s*(?:经|您好|你好|网友|现)")
    generic = re.compile(rf"^(?:{'|'.join(map(re.escape, orgs['generic_trades']))}).{{0,2}}?(?:{suffix})$|某")
    return _ActingPatterns(opening, handed_to, addressed, generic, issuer)


def acting_org(lines: list[Line]) -> str | None:
    """The organisation that answers in a text without a header or signature naming one: the name
    that opens the most clauses in which it acts or replies (无锡硕放机场针对此事发布情况通报,
    广丰区教体局已责令该校退还费用)."""
    p = _acting_patterns()
    counts: dict[str, int] = {}

    def count(name: str, weight: int = 1) -> None:
        if len(re.findall(r"[\u4e00-\u9fff]", name)) >= 2 and not name.startswith(_NOT_A_NAME) \
                and not p.generic.search(name) and not _speaks().search(name):  # 张先生表示到游客中心
            counts[name] = counts.get(name, 0) + weight

    for line in lines:
        text = line.block.text.strip()
        for found in (p.addressed.match(text), *p.handed_to.finditer(text)):
            if found:
                count(found.group(1), 2)
        for clause in re.split(r"[，,。；;：:！!？?]", text):
            bare = _PREPOSITION.sub("", _TIME_LEAD.sub("", _QA_MARK.sub("", clause.strip())))  # 据…局工作人员介绍
            issued = p.issuer.match(clause.strip())
            if issued:
                count(issued.group(1), 2)
            found = p.opening.match(bare) or _OWN_ACCOUNT.match(clause.strip())
            if found:
                count(found.group(1))
    return max(counts, key=counts.get) if counts else brand_org(lines)


def brand_org(lines: list[Line]) -> str | None:
    """A brand that answers under its bare name, with no 公司 or 局 to mark it (嘀嗒出行发布官方情况说明,
    贝泰妮回复记者, 戴尔方面表示, 云南白药(000538)今日公告): a name that opens a clause before a stating
    verb, alone or through who speaks for it, and that the text names at least twice."""
    orgs = vocab.load("org_suffixes")
    opening = _brand_opening()
    surnames = tuple(orgs["surnames"]) + ("小", "老")
    people, generic, trades = (tuple(orgs[k]) for k in ("not_brands", "generic_parties", "generic_trades"))
    whole = "\n".join(line.block.text for line in lines)
    counts: dict[str, int] = {}
    for line in lines:
        for clause in re.split(r"[，,。；;：:！!？?\n]", line.block.text):
            found = opening.match(_TIME_LEAD.sub("", clause.strip()))
            if not found:
                continue
            name, voiced = found.group(1), found.group(2)
            if len(name) <= 3 and name.startswith(surnames) and not voiced:
                continue  # 周嘉表示, 小赵称: a person
            if (name.startswith(_NOT_A_NAME + generic + trades + people) or name.endswith(people + generic)
                    or whole.count(name) < 2 or re.search(rf"(?:{'|'.join(people)}){re.escape(name)}", whole)):
                continue
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None


@cache
def _brand_opening() -> re.Pattern[str]:
    """A bare name opening a clause, then who speaks for it and a stating verb (戴尔方面表示)."""
    orgs = vocab.load("org_suffixes")
    voices = vocab.alternation(orgs["brand_voices"])
    verbs = vocab.alternation(orgs["brand_verbs"])
    return re.compile(rf"^([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9·]{{1,9}}?)\s?(?:[（(]\d{{6}}[)）])?"
                      rf"((?:{voices})*)(?:今日|今天|昨日|昨天)?(?:在官网|通过官网)?(?:{verbs})")


def _trim_org(text: str) -> str:
    orgs = vocab.load("org_suffixes")
    for dept in sorted(orgs["departments"], key=len, reverse=True):
        if text.endswith(dept) and len(text) > len(dept) + 2:
            rest = text[: -len(dept)].rstrip()
            if rest.endswith(("公司", "集团", "医院", "银行", "支行", "分行")):
                return rest
    return text.strip()
