"""Word .docx reader: body paragraphs and tables in reading order, Word's automatic numbering rebuilt.

The package is read with zipfile and lxml rather than python-docx: python-docx drops the number
labels Word draws from numbering.xml, skips content controls, and refuses macro-enabled .docm files.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from minerva.errors import ExtractionError
from minerva.extractors.package import check_package
from minerva.extractors.registry import register
from minerva.model import Block, Document, SourceRef

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_UNPACKED = 200 * 1024 * 1024
BULLET = "•"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


VAL = w("val")
P, TBL, TR, TC, R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
PPR, RPR = w("pPr"), w("rPr")
WRAPPERS = {w("sdt"), w("sdtContent"), w("customXml")}
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
RUN_SKIP = {w("del"), w("moveFrom"), PPR, w("sdtPr"), MC_FALLBACK}
RUN_TEXT = {w("t"): None, w("tab"): " ", w("ptab"): " ", w("br"): "\n", w("cr"): "\n",
            w("noBreakHyphen"): "-"}
El = etree._Element
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@register(".docx", ".docm")
def read_docx(path: Path) -> Document:
    """Read a Word file into blocks; every failure becomes an ExtractionError with a reason."""
    path = Path(path)
    try:
        check_package(path, "a Word 97-2003 binary file")
        with zipfile.ZipFile(path) as zf:
            blocks = _Reader(path, *_load_parts(path, zf)).read()
    except ExtractionError:
        raise
    except Exception as exc:  # any parser failure means the package is damaged
        raise ExtractionError(path, "corrupt", f"{type(exc).__name__}: {exc}") from exc
    if not blocks:
        raise ExtractionError(path, "empty", "the document body has no text")
    return Document(path=str(path), blocks=blocks)


def _load_parts(path: Path, zf: zipfile.ZipFile) -> tuple[El, _Styles, El | None]:
    """Find the main document, styles and numbering parts through the package relationships."""
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise ExtractionError(path, "too-large", "unpacked size exceeds 200 MB")
    if any(i.flag_bits & 0x1 for i in infos):
        raise ExtractionError(path, "encrypted", "zip entries are encrypted")
    names = {i.filename for i in infos}
    main = _related(zf, names, "", "officeDocument") or "word/document.xml"
    if main not in names:
        raise ExtractionError(path, "corrupt", f"no {main} in the package")
    styles_name = _related(zf, names, main, "styles")
    numbering_name = _related(zf, names, main, "numbering")
    styles = _Styles(_xml(zf, styles_name) if styles_name else None)
    numbering = _xml(zf, numbering_name) if numbering_name else None
    return _xml(zf, main), styles, numbering


def _related(zf: zipfile.ZipFile, names: set[str], source: str, rel_type: str) -> str | None:
    """Zip name of the first part ``source`` relates to with a relationship type ending in rel_type."""
    folder, base = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels not in names:
        return None
    for rel in _xml(zf, rels).iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/" + rel_type) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            name = posixpath.normpath(name)
            if name in names:
                return name
    return None


def _xml(zf: zipfile.ZipFile, name: str) -> El:
    """Parse one part; Strict OOXML is mapped onto the transitional namespace the reader knows."""
    return etree.fromstring(zf.read(name).replace(STRICT_NS, W_NS.encode()), _PARSER)


def _on_off(parent: El | None, tag: str) -> bool | None:
    """Value of a toggle such as <w:b/>; None when the property is not set here."""
    el = _find(parent, tag)
    if el is None:
        return None
    return el.get(VAL, "true").lower() not in {"0", "false", "off", "none"}


def _path(*tags: str) -> str:
    return "/".join(w(t) for t in tags)


def _find(parent: El | None, *tags: str) -> El | None:
    """parent/w:tag/w:tag..., None when any step is missing (absent properties are common)."""
    return parent.find(_path(*tags)) if parent is not None else None


def _val(parent: El | None, *tags: str) -> str | None:
    el = _find(parent, *tags)
    return el.get(VAL) if el is not None else None


def _int(el: El | None, default: int | None = None) -> int | None:
    try:
        return int(el.get(VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


@dataclass
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None
    bold: bool | None


def _style(el: El) -> _Style:
    return _Style(
        name=_val(el, "name") or el.get(w("styleId"), ""),
        based_on=_val(el, "basedOn"),
        num_id=_val(el, "pPr", "numPr", "numId"),
        ilvl=_int(_find(el, "pPr", "numPr", "ilvl")),
        outline=_int(_find(el, "pPr", "outlineLvl")),
        bold=_on_off(el.find(RPR), "b"),
    )


class _Styles:
    """Paragraph and character styles with basedOn inheritance, as Word resolves them."""

    def __init__(self, root: El | None) -> None:
        els = list(root.iter(w("style"))) if root is not None else []
        self.by_id = {el.get(w("styleId"), ""): _style(el) for el in els}
        defaults = [el.get(w("styleId")) for el in els
                    if el.get(w("type")) == "paragraph" and el.get(w("default")) in {"1", "true"}]
        self.default_para = defaults[0] if defaults else None
        self.default_bold = bool(_on_off(_find(root, "docDefaults", "rPrDefault", "rPr"), "b"))

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and its ancestors, nearest first; cycles in basedOn are cut."""
        out: list[_Style] = []
        while style_id in self.by_id and len(out) < 20:
            style = self.by_id[style_id]
            if style in out:
                break
            out.append(style)
            style_id = style.based_on
        return out

    def heading_level(self, style_id: str | None) -> int | None:
        """Level from a 'heading N'/'标题 N' name or the nearest outline level (10 means body text)."""
        for style in self.chain(style_id):
            match = re.fullmatch(r"(?:heading|标题)\s*([1-9])", style.name.strip(), re.IGNORECASE)
            if match:
                return int(match.group(1))
            if style.outline is not None:
                return style.outline + 1
        return None

    def is_title(self, style_id: str | None) -> bool:
        style = self.by_id.get(style_id or "")
        return style is not None and style.name.strip().lower() in {"title", "标题"}

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None

    def bold(self, style_id: str | None) -> bool | None:
        return next((s.bold for s in self.chain(style_id) if s.bold is not None), None)

    def run_bold(self, para_style: str | None, rpr: El | None) -> bool:
        """Direct formatting wins over the character style, which wins over the paragraph style."""
        for value in (_on_off(rpr, "b"), self.bold(_val(rpr, "rStyle")), self.bold(para_style)):
            if value is not None:
                return value
        return self.default_bold


@dataclass
class _Level:
    fmt: str
    text: str
    start: int
    restart: int | None
    legal: bool
    pstyle: str | None


def _level(el: El) -> _Level:
    """One list level; Word 2010 hides custom numFmts in mc:AlternateContent, so read its Fallback."""
    return _Level(
        fmt=_val(el, "numFmt") or _val(el.find(f".//{MC_FALLBACK}"), "numFmt") or "decimal",
        text=_val(el, "lvlText") or "",
        start=_int(_find(el, "start"), 1) or 0,
        restart=_int(_find(el, "lvlRestart")),
        legal=bool(_on_off(el, "isLgl")),
        pstyle=_val(el, "pStyle"),
    )


class _Numbering:
    """Counters for numbering.xml lists, so item labels come out as Word draws them.

    Counters belong to the abstract list, as in Word: a second w:num of the same abstractNum
    continues the count unless it carries a startOverride, which restarts it on first use.
    """

    def __init__(self, root: El | None, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, El] = {}
        self.nums: dict[str, El] = {}
        if root is not None:
            self.abstract = {a.get(w("abstractNumId"), ""): a for a in root.iter(w("abstractNum"))}
            self.nums = {n.get(w("numId"), ""): n for n in root.iter(w("num"))}
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        self.cache: dict[str, tuple[str, dict[int, _Level], set[int]] | None] = {}

    def _abstract_id(self, num_id: str, depth: int = 0) -> str | None:
        """abstractNumId of a num, following numStyleLink to the list style's own definition."""
        abs_id = _val(self.nums.get(num_id), "abstractNumId")
        link = _val(self.abstract.get(abs_id or ""), "numStyleLink")
        if link is not None and depth < 5:
            linked_num, _ = self.styles.numbering(link)
            if linked_num and linked_num != num_id:
                return self._abstract_id(linked_num, depth + 1)
        return abs_id if abs_id in self.abstract else None

    def _resolve(self, num_id: str) -> tuple[str, dict[int, _Level], set[int]] | None:
        """(abstract id, levels with overrides applied, levels whose start is overridden)."""
        if num_id not in self.cache:
            abs_id = self._abstract_id(num_id)
            if abs_id is None:
                self.cache[num_id] = None
                return None
            lvls = self.abstract[abs_id].findall(w("lvl"))
            levels = {int(lv.get(w("ilvl"), "0")): _level(lv) for lv in lvls}
            restarted: set[int] = set()
            for ov in self.nums[num_id].findall(w("lvlOverride")):
                ilvl = int(ov.get(w("ilvl"), "0"))
                lvl, start = _find(ov, "lvl"), _int(_find(ov, "startOverride"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                if ilvl in levels and (start is not None or lvl is not None):
                    levels[ilvl].start = levels[ilvl].start if start is None else start
                    restarted.add(ilvl)
            self.cache[num_id] = (abs_id, levels, restarted)
        return self.cache[num_id]

    def label(self, num_id: str, ilvl: int | None, style_id: str | None) -> str | None:
        """Advance the list and return the label; None when the paragraph is not really numbered."""
        resolved = self._resolve(num_id) if num_id not in {"", "0"} else None
        if resolved is None:
            return None
        abs_id, levels, restarted = resolved
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if lv.pstyle and lv.pstyle == style_id), 0)
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(abs_id, [None] * 10)
        if num_id not in self.used:
            self.used.add(num_id)
            for i in restarted:
                counters[i] = None
        counters[ilvl] = levels[ilvl].start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, len(counters)):
            restart = levels[deeper].restart if deeper in levels else None
            if ilvl < (deeper if restart is None else restart):
                counters[deeper] = None
        return _render(levels, counters, ilvl)


def _render(levels: dict[int, _Level], counters: list[int | None], ilvl: int) -> str:
    """Fill the lvlText template (%1, %2, ...) with each level's counter in its number format."""
    level = levels[ilvl]
    if level.fmt == "bullet":
        return BULLET

    def sub(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1
        if k not in levels:
            return ""
        value = counters[k] if counters[k] is not None else levels[k].start
        return format_number(value, "decimal" if level.legal else levels[k].fmt)

    return re.sub(r"%([1-9])", sub, level.text)


_CN_COUNT = ("零一二三四五六七八九", "十百千")
_CN_LEGAL = ("零壹贰叁肆伍陆柒捌玖", "拾佰仟")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _chinese(n: int, digits: str, units: str, short_ten: bool) -> str:
    """Chinese numerals: 十一, 二十, 一百零五 (short_ten drops the 一 of 一十 as Word does)."""
    if not 0 < n < 10000:
        return "〇" if n == 0 else str(n)
    text, out = str(n), ""
    for i, ch in enumerate(text):
        pos = len(text) - 1 - i
        if ch != "0":
            out += digits[int(ch)] + (units[pos - 1] if pos else "")
        elif not out.endswith(digits[0]) and text[i + 1:].strip("0"):
            out += digits[0]
    return out[1:] if short_ten and 10 <= n < 20 else out


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letter(n: int) -> str:
    """Word repeats the letter after z: a..z, aa..zz, aaa..."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _enclosed(n: int, ranges: tuple[tuple[int, int, int], ...], fallback: str) -> str:
    for low, high, first in ranges:
        if low <= n <= high:
            return chr(first + n - low)
    return fallback.format(n)


_CIRCLED = ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))
_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalEnclosedCircle": lambda n: _enclosed(n, _CIRCLED, "{}"),
    "decimalEnclosedParen": lambda n: _enclosed(n, ((1, 20, 0x2474),), "({})"),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "chineseCounting": lambda n: _chinese(n, *_CN_COUNT, short_ten=True),
    "chineseLegalSimplified": lambda n: _chinese(n, *_CN_LEGAL, short_ten=False),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "none": lambda n: "",
}
_ALIASES = {"chineseCountingThousand": "chineseCounting", "japaneseCounting": "chineseCounting",
            "taiwaneseCounting": "chineseCounting", "taiwaneseCountingThousand": "chineseCounting",
            "decimalEnclosedCircleChinese": "decimalEnclosedCircle", "decimalFullWidth2": "decimalFullWidth",
            "taiwaneseDigital": "ideographDigital", "japaneseDigitalTenThousand": "ideographDigital"}


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word numFmt; unknown formats fall back to decimal."""
    return _FORMATS.get(_ALIASES.get(fmt, fmt), str)(n)


def _flat(el: El) -> Iterator[El]:
    """Children of ``el`` with content controls (w:sdt) and custom XML wrappers opened."""
    for child in el:
        if child.tag in WRAPPERS:
            yield from _flat(child)
        else:
            yield child


def _runs(el: El) -> Iterator[El]:
    """Runs of a paragraph in order, leaving out deleted revisions."""
    for child in el:
        if child.tag == R:
            yield child
        elif child.tag not in RUN_SKIP:
            yield from _runs(child)


def _run_text(run: El) -> str:
    """Text of a run: breaks become newlines and tabs spaces; text boxes and field codes are left out."""
    return "".join(RUN_TEXT[child.tag] or child.text or "" for child in run if child.tag in RUN_TEXT)


class _Reader:
    """Walks the body once, in order, so list counters advance as Word's do."""

    def __init__(self, path: Path, body_root: El, styles: _Styles, numbering: El | None) -> None:
        self.file = str(path)
        self.body = body_root.find(w("body"))
        self.styles = styles
        self.numbering = _Numbering(numbering, styles)
        self.paragraphs = 0
        self.tables = 0

    def read(self) -> list[Block]:
        if self.body is None:
            raise ValueError("document.xml has no w:body")
        blocks: list[Block] = []
        for el in _flat(self.body):
            if el.tag == P:
                block = self._paragraph(el, SourceRef(self.file, paragraph=self.paragraphs))
                self.paragraphs += 1
            elif el.tag == TBL:
                block = self._table(el, SourceRef(self.file, table=self.tables))
                self.tables += 1
            else:
                continue
            if block is not None:
                blocks.append(block)
        return blocks

    def _paragraph(self, p: El, source: SourceRef) -> Block | None:
        """One paragraph as a block; the list counter advances even when its text is empty."""
        ppr = p.find(PPR)
        style_id = _val(ppr, "pStyle") or self.styles.default_para
        label = self._label(ppr, style_id)
        texts, bold, size = [], True, None
        for run in _runs(p):
            rpr = run.find(RPR)
            if _on_off(rpr, "vanish"):
                continue
            text = _run_text(run)
            texts.append(text)
            if text.strip():
                bold = bold and self.styles.run_bold(style_id, rpr)
                sz = _val(rpr, "sz")
                size = max(size or 0.0, int(sz) / 2) if sz and sz.isdigit() else size
        text = "".join(texts).strip()
        if not text:
            return None
        kind, level = self._kind(ppr, style_id, label)
        return Block(kind, text, source, label=label or "", level=level, bold=bold, size=size)

    def _label(self, ppr: El | None, style_id: str | None) -> str | None:
        """Number label from direct numPr, falling back to the style's numPr for missing parts."""
        style_num, style_ilvl = self.styles.numbering(style_id)
        num_id = _val(ppr, "numPr", "numId") or style_num
        ilvl = _int(_find(ppr, "numPr", "ilvl"), style_ilvl)
        return None if num_id is None else self.numbering.label(num_id, ilvl, style_id)

    def _kind(self, ppr: El | None, style: str | None, label: str | None) -> tuple[str, int | None]:
        """Title and Heading styles, or an outline level set on the paragraph, beat list numbering."""
        if self.styles.is_title(style):
            return "title", 0
        outline = _int(_find(ppr, "outlineLvl"))
        level = self.styles.heading_level(style) if outline is None else outline + 1
        if level is not None and level < 10:
            return "heading", level
        return ("item" if label is not None else "paragraph"), None

    def _table(self, tbl: El, source: SourceRef) -> Block | None:
        rows = self._rows(tbl)
        if not any(cell.strip() for row in rows for cell in row):
            return None
        return Block("table", _table_text(rows), source, rows=rows)

    def _rows(self, tbl: El) -> list[list[str]]:
        """Cell text per grid column: a merged cell's text appears once, the columns it covers are ""."""
        rows = []
        for tr in (el for el in _flat(tbl) if el.tag == TR):
            row = [""] * (_int(_find(tr, "trPr", "gridBefore"), 0) or 0)
            for tc in (el for el in _flat(tr) if el.tag == TC):
                merges = [_find(tc, "tcPr", tag) for tag in ("vMerge", "hMerge")]
                continued = any(m is not None and m.get(VAL, "continue") == "continue" for m in merges)
                row.append("" if continued else self._cell(tc))
                row.extend([""] * ((_int(_find(tc, "tcPr", "gridSpan"), 1) or 1) - 1))
            rows.append(row)
        return rows

    def _cell(self, tc: El) -> str:
        parts = []
        for el in _flat(tc):
            if el.tag == P:
                block = self._paragraph(el, SourceRef(self.file))
                if block is not None:
                    parts.append(block.visible)
            elif el.tag == TBL:
                parts.append(_table_text(self._rows(el)).strip())
        return "\n".join(p for p in parts if p)


def _table_text(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(row) for row in rows)
