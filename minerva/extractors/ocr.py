"""OCR of scanned pages and pictures (the optional ``minerva[ocr]`` extra: RapidOCR, PP-OCRv4 on onnxruntime).

A page picture is recognised into text boxes (text, quadrilateral, score); each box becomes a
run of pseudo characters in the shape pdfplumber gives for a digital PDF (text, x0, x1, top,
bottom, size, fontname), spread over the box by character width, so the PDF reader's own stages
build the lines, join wrapped lines into paragraphs, drop running headers and page numbers, and
order slides. Ruling lines found in the picture (OpenCV morphology) give table grids the same way
pdfplumber's "lines" strategy does, so ruled tables stay tables.

Recognised boxes are cached as JSON by the sha256 of the page picture (and the engine), in
``$MINERVA_CACHE/ocr`` (default ``~/.cache/minerva/ocr``): a rerun does not OCR again.
``MINERVA_OCR=off`` switches OCR off (scanned pages then fail with ``needs-ocr``).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import statistics
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.extractors import pdf as pdf_reader
from minerva.extractors.limits import check_pages, current
from minerva.extractors.registry import register
from minerva.model import Document

INSTALL_HINT = "pip install 'minerva[ocr]'"
ENGINE = "rapidocr-onnxruntime/ppocr-v4/no-cls"  # part of the cache key: change it when the engine changes
MIN_DPI, MAX_DPI = 150, 220  # scans are rendered at their own resolution within these bounds
_BOX_TO_EM = 1.4  # detection box height / font size, for boxes too short to measure by width
_lock = threading.Lock()
_engine = None


@dataclass
class TextBox:
    """One recognised line piece: text, its quadrilateral in image pixels and the engine's score."""

    text: str
    points: list[list[float]]
    score: float
    bullet: tuple[float, float] | None = None  # x0, x1 of a bullet dot left of the text (not recognised)

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.points)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.points)

    @property
    def top(self) -> float:
        return min(p[1] for p in self.points)

    @property
    def bottom(self) -> float:
        return max(p[1] for p in self.points)


# --- engine ------------------------------------------------------------------------------------------


def available() -> bool:
    """OCR can run: the extra is installed and MINERVA_OCR does not switch it off."""
    if os.environ.get("MINERVA_OCR", "").strip().lower() in {"0", "off", "no", "false"}:
        return False
    return _import_engine() is not None


def unavailable_reason() -> str:
    if os.environ.get("MINERVA_OCR", "").strip().lower() in {"0", "off", "no", "false"}:
        return "OCR is switched off by MINERVA_OCR"
    return f"OCR is not installed: {INSTALL_HINT}"


def _import_engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    return RapidOCR


def _get_engine():
    global _engine
    with _lock:
        if _engine is None:
            engine_class = _import_engine()
            if engine_class is None:
                raise RuntimeError(unavailable_reason())
            threads = os.environ.get("MINERVA_OCR_THREADS", "")
            options = {"intra_op_num_threads": int(threads), "inter_op_num_threads": 1} if threads.isdigit() else {}
            _engine = engine_class(**options)
        return _engine


def cache_dir() -> Path:
    root = os.environ.get("MINERVA_CACHE") or Path.home() / ".cache" / "minerva"
    return Path(root) / "ocr"


def image_key(image) -> str:
    """sha256 of the picture's pixels (mode and size included) and the engine."""
    digest = hashlib.sha256(f"{ENGINE}|{image.mode}|{image.size}|".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def recognize(image) -> list[TextBox]:
    """Text boxes of one picture, from the cache when this picture was read before."""
    image = image.convert("RGB")
    key = image_key(image)
    path = cache_dir() / key[:2] / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [TextBox(b["text"], b["points"], b["score"]) for b in data["boxes"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    import numpy as np

    result, _ = _get_engine()(np.asarray(image), use_cls=False)  # pages are upright; cls flips lines
    boxes = [TextBox(str(text), [[float(x), float(y)] for x, y in points], float(score))
             for points, text, score in (result or []) if str(text).strip()]
    _store(path, {"engine": ENGINE, "size": list(image.size),
                  "boxes": [{"text": b.text, "points": b.points, "score": b.score} for b in boxes]})
    return boxes


def _store(path: Path, data: dict) -> None:
    """Write atomically (temp file + rename), so parallel workers never read half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time


# --- pictures -> pages -------------------------------------------------------------------------------


class PdfRenderer:
    """Renders PDF pages to pictures with pdfium (pdfplumber's own dependency)."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self.doc = pdfium.PdfDocument(str(path))
        self.dpi = float(MIN_DPI)

    def render(self, number: int, width_pt: float):
        page = self.doc[number - 1]
        try:
            self.dpi = _render_dpi(page, width_pt)
            limit = current().max_image_pixels
            w, h = page.get_size()
            pixels = w * h * (self.dpi / 72) ** 2
            if pixels > limit:
                self.dpi *= math.sqrt(limit / pixels)
            return page.render(scale=self.dpi / 72, grayscale=False).to_pil().convert("RGB")
        finally:
            page.close()

    def close(self) -> None:
        self.doc.close()


def _render_dpi(page, width_pt: float) -> float:
    """The resolution the scan was made at (its biggest picture's pixels per inch), within bounds."""
    best = 0.0
    try:
        for obj in page.get_objects(filter=(3,)):  # FPDF_PAGEOBJ_IMAGE
            left, _, right, _ = obj.get_pos()
            px = obj.get_size()[0]
            if right - left > 0.3 * width_pt:
                best = max(best, px * 72 / (right - left))
    except Exception:  # noqa: BLE001  (any pdfium trouble: render at the default resolution)
        best = 0.0
    return min(MAX_DPI, max(MIN_DPI, best or MIN_DPI))


def page_from_image(image, number: int, dpi: float, size_pt: tuple[float, float] | None = None):
    """One page picture -> the PDF reader's page record (lines and ruled tables, in points)."""
    boxes = recognize(image)
    angle = _skew(boxes)
    if angle == 0.0:
        angle = _rule_skew(image)
    if abs(angle) > 0.05:
        image, boxes = _deskew(image, boxes, angle)
    _find_bullets(image, boxes)
    scale = 72.0 / dpi
    if size_pt is not None:
        scale = size_pt[0] / image.size[0]
    width, height = image.size[0] * scale, image.size[1] * scale
    chars = glyphs(boxes, scale)
    edges = rules(image, scale)
    grids = pdf_reader.grids_from_edges(edges)
    page = pdf_reader.layout_page(number, width, height, chars, edges, grids, bool(chars), True)
    page.ocr = page.scanned = True
    return page


def _find_bullets(image, boxes: list[TextBox]) -> None:
    """Bullet dots the recogniser drops: a small round blob left of a line, about level with it."""
    try:
        import cv2
        import numpy as np
    except ImportError:
        return
    dark = (np.asarray(image.convert("L")) < 160).astype(np.uint8)
    for box in boxes:
        em = _em(box)
        left, right = int(max(0, box.x0 - 3 * em)), int(box.x0 - 0.15 * em)
        top, bottom = int(max(0, box.top)), int(box.bottom) + 1
        if right - left < 3 or bottom - top < 3:
            continue
        crop = np.ascontiguousarray(dark[top:bottom, left:right])
        count, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
        best = None
        for x, y, w, h, area in stats[1:count]:
            middle = y + h / 2
            if (0.15 * em <= w <= 0.6 * em and 0.15 * em <= h <= 0.6 * em and abs(w - h) <= 0.35 * max(w, h)
                    and area >= 0.5 * w * h and 0.2 < middle / (bottom - top) < 0.8):
                if best is None or x > best[0]:
                    best = (x, w)
        if best is None or count - 1 > 1:  # a dot alone, not a dot among other marks (a table, a word)
            continue
        x0 = left + best[0]
        if any(other is not box and other.x1 > x0 and other.x0 < box.x0 and other.bottom > box.top
               and other.top < box.bottom for other in boxes):
            continue  # other text between the dot and the line: not its bullet
        box.bullet = (x0, x0 + best[1])


def _skew(boxes: list[TextBox]) -> float:
    """Page rotation in degrees, from the slope of long text boxes (scans are rarely straight)."""
    slopes = []
    for box in boxes:
        (ax, ay), (bx, by) = box.points[0], box.points[1]
        if bx - ax > 200:
            slopes.append(math.degrees(math.atan2(by - ay, bx - ax)))
    return statistics.median(slopes) if len(slopes) >= 3 else 0.0


def _rule_skew(image) -> float:
    """Page rotation from long horizontal rules (table borders), for pages of short text boxes."""
    try:
        import cv2
        import numpy as np
    except ImportError:
        return 0.0
    dark = (np.asarray(image.convert("L")) < 190).astype(np.uint8) * 255
    w = dark.shape[1]
    mask = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(60, w // 25), 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    angles = []
    for label in range(1, count):
        if stats[label][2] > w / 4 and stats[label][3] < 0.05 * stats[label][2] + 10:
            ys, xs = np.nonzero(labels == label)
            angles.append(math.degrees(math.atan(np.polyfit(xs, ys, 1)[0])))
    return statistics.median(angles) if angles else 0.0


def _deskew(image, boxes: list[TextBox], angle: float):
    """Rotate the picture (and the boxes with it) so that text lines run level."""
    w, h = image.size
    rotated = image.rotate(angle, resample=3, fillcolor="white", center=(w / 2, h / 2))  # 3: bicubic
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)

    def turn(x: float, y: float) -> list[float]:  # PIL rotates counter-clockwise by angle (y down)
        dx, dy = x - w / 2, y - h / 2
        return [w / 2 + dx * cos + dy * sin, h / 2 - dx * sin + dy * cos]

    return rotated, [TextBox(b.text, [turn(x, y) for x, y in b.points], b.score, b.bullet) for b in boxes]


def _width(ch: str) -> float:
    """Advance of a character in ems, roughly, for spreading a box's text over its width."""
    kind = unicodedata.east_asian_width(ch)
    if kind in ("W", "F") or (kind == "A" and ch not in "×±°·"):  # ambiguous ones (①, “) are wide in CJK fonts
        return 1.0
    if ch.isspace():
        return 0.3
    if ch.isdigit():
        return 0.5
    if ch.isupper():
        return 0.68
    if ch.islower():
        return 0.47
    if ch in ".,:;'!|`":
        return 0.28
    if ch in "%@&":
        return 0.85
    return 0.4


_TIGHT = set("，。：；（）、！？“”‘’《》 ")


def _em(box: TextBox) -> float:
    """Font size of a box in pixels: from its width over the text's advance when the line is long
    enough (the detector pads a box by about the same amount on every side), else its height."""
    w, h = box.x1 - box.x0, box.bottom - box.top
    units = sum(_width(ch) for ch in box.text)
    wide = [_width(ch) == 1.0 for ch in box.text]
    units += 0.25 * sum(1 for i in range(1, len(wide))  # CJK-Latin autospacing
                        if wide[i] != wide[i - 1] and box.text[i] not in _TIGHT and box.text[i - 1] not in _TIGHT)
    if units >= 4:
        em = (w - h) / (units - 1)
        if 0.4 * h <= em <= 1.1 * h:
            return em
    return h / _BOX_TO_EM


def _snap(values: list[float], weights: list[float]) -> list[float]:
    """One body size for the page: sizes near the most used one take it; the others are grouped
    (within 12 %) and take their group's median. OCR size estimates scatter by some 10 %."""
    if not values:
        return []
    ranked = sorted(zip(values, weights))
    half, acc, body = sum(weights) / 2, 0.0, ranked[-1][0]
    for value, weight in ranked:
        acc += weight
        if acc >= half:
            body = value
            break
    body = round(body * 2) / 2
    out = [body if 0.85 * body <= v <= 1.2 * body else v for v in values]
    rest = sorted((v, i) for i, v in enumerate(out) if v != body)
    group: list[tuple[float, int]] = []
    for item in [*rest, None]:
        if item is not None and group and item[0] <= group[0][0] * 1.12:
            group.append(item)
            continue
        if group:
            median = round(statistics.median(v for v, _ in group) * 2) / 2
            for _, j in group:
                out[j] = median
        group = [item] if item is not None else []
    return out


def glyphs(boxes: list[TextBox], scale: float) -> list[dict]:
    """Pseudo characters in PDF points, one per character of each box, spread by width."""
    sizes = _snap([_em(b) * scale for b in boxes], [float(len(b.text)) for b in boxes])
    chars = []
    for box, size in zip(boxes, sizes):
        text = box.text.strip()
        x0, x1 = box.x0 * scale, box.x1 * scale
        top, bottom = box.top * scale, box.bottom * scale
        pad = max(0.0, min((bottom - top - size) / 2, (x1 - x0) / 4))
        x0, x1, top, bottom = x0 + pad, x1 - pad, top + pad, bottom - pad
        if bottom - top < 1:
            continue
        advances = [_width(ch) for ch in text]
        unit = (x1 - x0) / max(sum(advances), 0.1)
        if box.bullet is not None:
            bx0, bx1 = box.bullet[0] * scale, box.bullet[1] * scale
            chars.append({"text": "•", "x0": bx0, "x1": bx1, "top": top, "bottom": bottom, "size": size,
                          "width": bx1 - bx0, "height": bottom - top, "fontname": "OCR", "upright": True})
        x = x0
        for ch, adv in zip(text, advances):
            w = adv * unit
            chars.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": bottom, "size": size,
                          "width": w, "height": bottom - top, "fontname": "OCR", "upright": True})
            x += w
    return chars


def rules(image, scale: float) -> list[dict]:
    """Horizontal and vertical ruling lines of a picture as pdfplumber-like edges (in points)."""
    try:
        import cv2
        import numpy as np
    except ImportError:
        return []
    gray = np.asarray(image.convert("L"))
    dark = (gray < 190).astype(np.uint8) * 255
    h, w = dark.shape
    found: dict[str, list[list[float]]] = {"h": [], "v": []}
    for orientation, kernel in (("h", (max(60, w // 25), 1)), ("v", (1, max(60, h // 25)))):
        mask = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for left, top, width, height, _ in stats[1:count]:
            if orientation == "h" and height <= 15 + 0.02 * width:
                found["h"].append([float(left), float(left + width), top + height / 2])
            elif orientation == "v" and width <= 15 + 0.02 * height:
                found["v"].append([float(top), float(top + height), left + width / 2])
    _close_gaps(found["h"], found["v"], reach=0.05 * w)
    _close_gaps(found["v"], found["h"], reach=0.05 * h)
    edges = [_edge("h", a * scale, b * scale, y * scale, y * scale) for a, b, y in found["h"]]
    edges += [_edge("v", x * scale, x * scale, a * scale, b * scale) for a, b, x in found["v"]]
    return edges


def _close_gaps(lines: list[list[float]], across: list[list[float]], reach: float) -> None:
    """A ruling line stopping short of a crossing line (a faint scan) is drawn on to it.

    ``lines`` are [start, end, position] along one axis, ``across`` the same for the other axis.
    """
    for line in lines:
        start, end, pos = line
        crossing = [c for c in across if c[0] - 5 <= pos <= c[1] + 5]
        before = [c[2] for c in crossing if start - reach <= c[2] < start]
        after = [c[2] for c in crossing if end < c[2] <= end + reach]
        if before:
            line[0] = max(before)
        if after:
            line[1] = min(after)


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {"orientation": orientation, "object_type": "line", "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "width": x1 - x0, "height": bottom - top}


# --- picture files -------------------------------------------------------------------------------


@register(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
def read_image(path: Path) -> Document:
    """A scanned page (or a multi-page TIFF) read by OCR."""
    path = Path(path)
    if not available():
        raise ExtractionError(path, "needs-ocr", f"a picture needs OCR ({unavailable_reason()})")
    from PIL import Image, ImageSequence, UnidentifiedImageError

    limits = current()
    try:
        with Image.open(path) as im:
            if im.size[0] * im.size[1] > limits.max_image_pixels:
                raise ExtractionError(path, "too-large", f"{im.size[0]}x{im.size[1]} pixels, over the limit of "
                                                         f"{limits.max_image_pixels}")
            frames = getattr(im, "n_frames", 1)
            check_pages(path, frames, limits)
            dpi = _file_dpi(im.info.get("dpi"))
            pages = []
            for number, frame in enumerate(ImageSequence.Iterator(im), 1):
                picture = _fit(frame.convert("RGB"))
                pages.append(page_from_image(picture, number, dpi * picture.size[0] / frame.size[0]))
    except UnidentifiedImageError as exc:
        raise ExtractionError(path, "corrupt", "not a picture file Pillow can read") from exc
    return pdf_reader.build_document(path, pages)


def _file_dpi(dpi) -> float:
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return 150.0
    return value if 72 <= value <= 1200 else 150.0


def _fit(image, longest: int = 3000):
    """Big pictures are shrunk for OCR (text stays readable, recognition stays fast)."""
    if max(image.size) <= longest:
        return image
    ratio = longest / max(image.size)
    return image.resize((round(image.size[0] * ratio), round(image.size[1] * ratio)), 3)
