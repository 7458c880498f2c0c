"""Report title, organisation and date, read from the header and signature lines."""

from __future__ import annotations

import re
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.layout import Line
from minerva.extractors.markers import CN_DIGITS, cn_number

_CN_NUM = "〇零一二三四五六七八九十"
_DATE_PATTERNS = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([./\-])(\d{1,2})\4(\d{1,2}))(?!\d)"),
    re.compile(rf"([{_CN_NUM}]{{4}})年([{_CN_NUM}]{{1,3}})月([{_CN_NUM}]{{1,3}})日"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*(?:[-—~至]\s*\d{1,2}\s*)?月(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\d)"),
]
_REPORT_DATE_LABEL = re.compile(
    r"(报告日期|编制日期|制表日期|日期|Report Date|Date|统计周期|报告时间)\s*[:：]?\s*", re.I)
_OTHER_DATE_LABEL = re.compile(r"(投诉日期|Complaint Date|发生日期|完成日期|到货日期|生产日期"
                               r"|提交日期|留言日期|来信日期|来电日期|受理日期)\s*[:：]?\s*$", re.I)
# The day an answer was given: the date of a reply or a message board's answered complaint,
# before its publication or submission date (已发布2025-02-12 … 已回复2025-03-06).
_REPLY_DATE_LABEL = re.compile(r"(回复日期|答复日期|回复时间|答复时间|办结日期|办结时间|已回复|已答复)\s*[:：|]?\s*")


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO (YYYY-MM-DD, or YYYY-MM / YYYY when that is all)."""
    for k, pattern in enumerate(_DATE_PATTERNS):
        m = pattern.search(text)
        if not m:
            continue
        if k == 1:
            year = "".join(str(CN_DIGITS.get(ch, 0)) for ch in m.group(1))
            month, day = cn_number(m.group(2)), cn_number(m.group(3))
            return f"{year}-{month:02d}-{day:02d}" if month and day else None
        if k == 0:
            y = int(m.group(1))
            mo, d = (int(m.group(2)), int(m.group(3))) if m.group(2) else (int(m.group(5)), int(m.group(6)))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y}-{mo:02d}-{d:02d}"
            continue
        if k == 2:
            mo = int(m.group(2))
            if "-" in m.group(0) or "至" in m.group(0) or "~" in m.group(0) or "—" in m.group(0):
                return m.group(1)
            return f"{m.group(1)}-{mo:02d}" if 1 <= mo <= 12 else m.group(1)
        return m.group(1)
    m = _YEAR_LAST.search(text)  # templates from abroad: 11.05.2023 (day first), 04-08-2003 (month first)
    if m:
        a, b = int(m.group(1)), int(m.group(3))
        month, day = (b, a) if m.group(2) == "." or a > 12 else (a, b)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{m.group(4)}-{month:02d}-{day:02d}"
    return None


_YEAR_LAST = re.compile(r"(?<![\d.\-/])(\d{1,2})([./\-])(\d{1,2})\2((?:19|20)\d{2})(?![\d.\-/])")


def _is_meta_line(line: Line) -> bool:
    return len(line.block.text) <= 90 and not line.heading or line.block.kind == "title"


def report_date(lines: list[Line]) -> str | None:
    """A labelled report date wins; else a date on a short header or signature line."""
    head, tail = _head(lines), _tail(lines)
    for line in head + tail:
        found = _REPLY_DATE_LABEL.search(line.block.text)
        if found and parse_date(line.block.text[found.end():]):
            return parse_date(line.block.text[found.end():])
    for line in head + tail:
        for m in _REPORT_DATE_LABEL.finditer(line.block.text):
            before = line.block.text[: m.end()]
            if _OTHER_DATE_LABEL.search(before):
                continue
            found = parse_date(line.block.text[m.end():])
            if found:
                return found
    texts = [_signed(line.block.text) for line in head + list(reversed(tail))]
    found = [parse_date(_drop_other_dates(text)) for text in texts
             if len(text) <= 90 and not re.search(r"[，,。；;]", text)]
    found = [f for f in found if f]
    full = [f for f in found if len(f) == 10]
    return (full or found or [_reply_date(lines)])[0]


_REPLY_DATE = re.compile(r"(?:于|在)?(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:作出|作了|进行了)?"
                         r"(?:答复|回复|回应|通报|发布)")


_REPLY_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日[，,]?[^。；;]{0,30}?"
                        r"(?:进行了|作出了?)?(?:答复|回复|回应|通报)")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月")


def _reply_date(lines: list[Line]) -> str | None:
    """For a reply or news item with no dated header or signature: the date the organisation
    answered on (…车埠水厂工作人员…于2022年12月28日答复); a day given without its year
    (对此，12月17日，…卫生健康局进行了回复) takes the year of the last full date before it, the next
    year if its month comes earlier (else of the first full date after it)."""
    for line in lines:
        found = _REPLY_DATE.search(line.block.text)
        if found:
            return parse_date(found.group(1))
    text = "\n".join(line.block.text for line in lines)
    for found in _REPLY_DAY.finditer(text):
        earlier = _FULL_DATE.findall(text[: found.start()])
        later = _FULL_DATE.findall(text[found.end():])
        if earlier:
            year = int(earlier[-1][0]) + (int(found.group(1)) < int(earlier[-1][1]))
        elif later:
            year = int(later[0][0])
        else:
            continue
        return parse_date(f"{year}年{found.group(1)}月{found.group(2)}日")
    return None


def _drop_other_dates(text: str) -> str:
    return re.sub(r"(投诉日期|Complaint Date|发生日期)\s*[:：]?\s*\S+", "", text, flags=re.I)


_QUOTED = re.compile(r"^\s*(?:-{2,}\s*(?:原始邮件|Original Message|转发邮件|Forwarded message)"
                     r"|(?:发件人|From)\s*[:：])", re.I)


def _tail(lines: list[Line]) -> list[Line]:
    """The last lines of the report's own text, where it signs: in an e-mail thread, those before
    the first quoted earlier message (-----原始邮件----- / 发件人：), which another party may have signed."""
    end = next((i for i, line in enumerate(lines) if i > 2 and _QUOTED.match(line.block.text)), len(lines))
    return lines[max(0, end - 6): end]


def _head(lines: list[Line]) -> list[Line]:
    """Lines before the first section heading (the header block of the report)."""
    out = []
    for line in lines[:12]:
        if line.heading and line.rank != 0 and (line.role not in (None, "boilerplate") or line.problem_marker):
            break  # a 抄送：/分送： line is a header field, not the first section
        out.append(line)
    return out


def _org_suffixes() -> str:
    """The endings of organisation names as one alternation, longest first."""
    return "|".join(sorted(map(re.escape, vocab.load("org_suffixes")["suffixes"]), key=len, reverse=True))


def report_org(lines: list[Line]) -> str | None:
    """The reporting organisation: a labelled own-side field, else a name line in header/signature."""
    orgs = vocab.load("org_suffixes")
    suffix = _org_suffixes()
    depts = "|".join(sorted(map(re.escape, orgs["departments"]), key=len, reverse=True))
    name = re.compile(rf"([\u4e00-\u9fff（）()A-Za-z0-9·]{{2,40}}?(?:{suffix}))(?=(?:{depts})|[^\u4e00-\u9fff]|$)")
    name_loose = re.compile(rf"([\u4e00-\u9fff（）()A-Za-z0-9·]{{2,40}}(?:{suffix}))")
    own = "|".join(map(re.escape, orgs["own_labels"]))
    other = "|".join(map(re.escape, orgs["other_labels"]))
    head, tail = _head(lines), _tail(lines)
    for line in head + tail:
        text = line.block.text.replace(" | ", "：") if line.block.kind == "table" else line.block.text
        for m in re.finditer(rf"(?:{own})\s*[:：]\s*", text):  # a form's cells: Supplier | 佛山…有限公司
            found = name_loose.search(text[m.end():])
            if found:
                return _trim_org(found.group(1))
    for line in head + list(reversed(tail)):
        text = _signed(line.block.text.strip())
        if line.rank == 0 or len(text) > 60 or text.endswith(("：", ":")):
            continue
        text = re.sub(rf"(?:{other})[^:：]{{0,12}}[:：]\s*\S+", "", text)
        text = re.sub(r"^[^:：]{1,8}[:：]", "", text).strip()
        if re.search(r"[。，,；;]", text):
            continue
        found = name.search(text) or name_loose.search(text)
        if found and not _speaks().search(found.group(1)):  # a headline: 网友投诉万州区人民医院
            return _trim_org(found.group(1))
    return acting_org(lines)


@cache
def _speaks() -> re.Pattern[str]:
    """People and stating verbs: a 'name' that holds one is a clause about somebody (张先生表示到游客中心)."""
    orgs = vocab.load("org_suffixes")
    return re.compile("|".join(map(re.escape, orgs["not_brands"] + orgs["brand_verbs"])))


_SIGNED = re.compile(r"(?:^|[。！!？?])([^。！!？?]{2,40}?)[，,\s]*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日?)$")


def _signed(text: str) -> str:
    """A paragraph that ends in its signature (…感谢您的支持！绵阳市照明管理处，2022年3月1日): the
    signature alone, its name before its date, as a signature line would hold them."""
    found = _SIGNED.search(text)
    return f"{found.group(1).strip()} {found.group(2)}" if found and found.start() > 0 else text


_TIME_LEAD = re.compile(r"^(?:\d{1,4}[年月日时号]|[上下]午|当[晚天日]|今[天日]|昨[天日]|目前|随后|同时"
                        r"|近日|日前|晚间|早上|傍晚|凌晨|后续|此后|今后|[许后])+")


# A brand that answers from its own account (上海航空官方微博发文回应, 胖东来官方称…) is named
# without a suffix such as 公司.
_OWN_ACCOUNT = re.compile(r"^(?:.{0,12}?[，, ])?([\u4e00-\u9fffA-Za-z0-9·]{2,10}?)"
                          r"(?:官方微博|官方微信|官微|官方账号|官方公众号|官方(?=称|表示|回应|迅速|发布|通报|致歉))")


_PREPOSITION = re.compile(r"^(?:据|由|向|与|被)(?=[\u4e00-\u9fff])")
_NOT_A_NAME = ("我", "本", "该", "涉事", "现在", "此", "各", "相关", "有关", "其", "这", "那")


def acting_org(lines: list[Line]) -> str | None:
    """The organisation that answers in a text without a header or signature naming one: the name
    that opens the most clauses in which it acts or replies (无锡硕放机场针对此事发布情况通报,
    广丰区教体局已责令该校退还费用)."""
    orgs = vocab.load("org_suffixes")
    suffix = _org_suffixes()
    verb = "|".join(sorted(map(re.escape, orgs["answer_verbs"]), key=len, reverse=True))
    voices = "|".join(sorted(map(re.escape, orgs["brand_voices"]), key=len, reverse=True))
    opening = re.compile(rf"^([\u4e00-\u9fffA-Za-z0-9·]{{1,18}}?(?:{suffix}))(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日)?"
                         rf"(?:\d{{5}})?(?:{voices})?(?:近日|日前|今日|昨日|昨天|\d{{1,2}}月\d{{1,2}}日)?"
                         rf"(?:通过[^，,。]{{1,12}}?)?(?:针对此事|对此|就此事?)?(?:进行了|作出了?|做出了?|给予了?)?(?:{verb})")
    handed = "|".join(map(re.escape, orgs["handed_to"]))
    handed_to = re.compile(rf"(?:{handed})([\u4e00-\u9fffA-Za-z0-9·]{{2,18}}?(?:{suffix}))(?:办理|处理|调查|核实|答复)")
    addressed = re.compile(rf"^([\u4e00-\u9fffA-Za-z0-9·]{{2,18}}?(?:{suffix}))[:：]\s*(?:经|您好|你好|网友|现)")
    generic = re.compile(rf"^(?:{'|'.join(map(re.escape, orgs['generic_trades']))}).{{0,2}}?(?:{suffix})$|某")
    counts: dict[str, int] = {}

    def count(name: str, weight: int = 1) -> None:
        if len(re.findall(r"[\u4e00-\u9fff]", name)) >= 2 and not name.startswith(_NOT_A_NAME) \
                and not generic.search(name) and not _speaks().search(name):  # 张先生表示到游客中心
            counts[name] = counts.get(name, 0) + weight

    for line in lines:
        text = line.block.text.strip()
        for found in (addressed.match(text), *handed_to.finditer(text)):
            if found:
                count(found.group(1), 2)
        for clause in re.split(r"[，,。；;：:！!？?]", text):
            bare = _PREPOSITION.sub("", _TIME_LEAD.sub("", clause.strip()))  # 据…局工作人员介绍
            found = opening.match(bare) or _OWN_ACCOUNT.match(clause.strip())
            if found:
                count(found.group(1))
    return max(counts, key=counts.get) if counts else brand_org(lines)


def brand_org(lines: list[Line]) -> str | None:
    """A brand that answers under its bare name, with no 公司 or 局 to mark it (嘀嗒出行发布官方情况说明,
    贝泰妮回复记者, 戴尔方面表示, 云南白药(000538)今日公告): a name that opens a clause before a stating
    verb, alone or through who speaks for it, and that the text names at least twice."""
    orgs = vocab.load("org_suffixes")
    voices = "|".join(sorted(map(re.escape, orgs["brand_voices"]), key=len, reverse=True))
    verbs = "|".join(sorted(map(re.escape, orgs["brand_verbs"]), key=len, reverse=True))
    opening = re.compile(rf"^([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9·]{{1,9}}?)\s?(?:[（(]\d{{6}}[)）])?"
                         rf"((?:{voices})*)(?:今日|今天|昨日|昨天)?(?:在官网|通过官网)?(?:{verbs})")
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


def _trim_org(text: str) -> str:
    orgs = vocab.load("org_suffixes")
    for dept in sorted(orgs["departments"], key=len, reverse=True):
        if text.endswith(dept) and len(text) > len(dept) + 2:
            rest = text[: -len(dept)].rstrip()
            if rest.endswith(("公司", "集团", "医院", "银行", "支行", "分行")):
                return rest
    return text.strip()
