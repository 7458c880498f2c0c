"""Report date, read from the header and signature lines; which lines those are (also used by
``organisation``)."""

from __future__ import annotations

import re

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


def report_date(lines: list[Line]) -> str | None:
    """A labelled report date wins; else a date on a short header or signature line."""
    head, tail = header_lines(lines), closing_lines(lines)
    for line in head + tail:
        found = _REPLY_DATE_LABEL.search(line.block.text)
        if found and (day := parse_date(line.block.text[found.end():])):
            return day
    for line in head + tail:
        for m in _REPORT_DATE_LABEL.finditer(line.block.text):
            before = line.block.text[: m.end()]
            if _OTHER_DATE_LABEL.search(before):
                continue
            found = parse_date(line.block.text[m.end():])
            if found:
                return found
    texts = [signature(line.block.text) for line in head + list(reversed(tail))]
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


def closing_lines(lines: list[Line]) -> list[Line]:
    """The last lines of the report's own text, where it signs: in an e-mail thread, those before
    the first quoted earlier message (-----原始邮件----- / 发件人：), which another party may have signed."""
    end = next((i for i, line in enumerate(lines) if i > 2 and _QUOTED.match(line.block.text)), len(lines))
    return lines[max(0, end - 6): end]


def header_lines(lines: list[Line]) -> list[Line]:
    """Lines before the first section heading (the header block of the report)."""
    out = []
    for line in lines[:12]:
        if line.heading and line.rank != 0 and (line.role not in (None, "boilerplate") or line.problem_marker):
            break  # a 抄送：/分送： line is a header field, not the first section
        out.append(line)
    return out


_SIGNED = re.compile(r"(?:^|[。！!？?])([^。！!？?]{2,40}?)[，,\s]*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日?)$")


def signature(text: str) -> str:
    """A paragraph that ends in its signature (…感谢您的支持！绵阳市照明管理处，2022年3月1日): the
    signature alone, its name before its date, as a signature line would hold them."""
    found = _SIGNED.search(text)
    return f"{found.group(1).strip()} {found.group(2)}" if found and found.start() > 0 else text
