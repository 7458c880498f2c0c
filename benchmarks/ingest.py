"""Ingest benchmark on a synthetic archive of N reports (Word and PDF, several layouts).

    python -m benchmarks.ingest 200            # archive in a temporary folder
    python -m benchmarks.ingest 200 --keep out/ # keep the archive and databases in out/
    python -m benchmarks.ingest 40 --scans 10   # also OCR speed on 10 of the PDFs rasterised to scans

Prints files/s, PDF pages/s and peak memory for one worker and for every core, bare pdfplumber
text extraction on the same PDFs for comparison, and a rerun with nothing changed (and one with
every file touched but not changed, which has to hash). Each ingest runs in its own process so
that its peak memory is its own.

``make_archive(folder, n)`` is importable for other benchmarks. The reports are rendered with the
example archive's renderers (``examples/build_archive.py``: python-docx; reportlab with the CID
font STSong-Light), so Word numbering, tables and running PDF headers look like the real thing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCTS = ["电烤箱", "蓝牙耳机", "电动牙刷", "后桥安装支架", "控制臂衬套", "注塑外壳", "PCB控制板", "电子血压计",
            "陶瓷洗手盆", "瓶装饮用水", "速冻水饺", "儿童座椅", "LED灯管", "空调遥控器", "不锈钢保温杯"]
DEFECTS = ["外包装破损", "外壳划伤", "焊点虚焊", "尺寸超差", "表面缩痕", "开机无显示", "异响", "漏水",
           "色差明显", "标签错贴", "螺丝松动", "异物混入", "功能失效", "锈蚀起泡", "批次号模糊"]
CAUSES = ["纸箱边压强度不足，堆码后压塌", "内衬泡沫厚度不够，缓冲不足", "焊接电流设定偏低，熔核尺寸不足",
          "电极帽磨损后未及时修磨", "首件检验只做外观检查，未做破坏性试验", "模具冷却水路堵塞，局部温度偏高",
          "注塑保压时间设置过短", "来料检验只做功能抽检，没有检查焊点质量", "作业员未按SOP操作，漏装垫片",
          "检具未定期校准，测量偏差未被发现", "供应商擅自变更原材料牌号", "仓库潮湿，产品受潮后锈蚀",
          "装配工位未放置防护垫，转运中磕碰", "出厂检验抽样数量不足", "新员工岗前培训流于形式"]
MEASURES = ["外箱更换为五层瓦楞纸箱，边压强度不低于8.5kN/m", "泡沫护角加厚至25mm并增加EPE缓冲板",
            "点焊电流调整至10.5kA并锁定参数", "焊机加装电极修磨计数器，达到500点自动报警",
            "首件及每班末件增加撕裂试验", "清洗模具冷却水路并每月点检一次", "保压时间由3秒调整为5秒并经DOE验证",
            "IQC增加焊点放大镜检查，按AQL 0.65抽样", "修订SOP并对全体作业员重新培训考核",
            "检具纳入计量管理，每季度送检", "与供应商签订变更通知协议，变更须书面批准",
            "仓库加装除湿机，湿度控制在60%以下", "装配工位加装防护垫并每班点检",
            "出厂检验改为全检，连续三批合格后恢复抽检",
            "新员工岗前培训增加实操考核，考核合格方可上岗", "对库存成品全部返检，不良品隔离报废",
            "对客户处在途库存全部挑选更换", "更新PFMEA及控制计划，将该项列为特殊特性"]
ORGS = ["浙江美辰电器有限公司", "芜湖恒锐汽车部件有限公司", "深圳康泰诺医疗器械有限公司", "佛山华洁卫浴有限公司",
        "福建闽泉饮品有限公司", "苏州精工塑胶制品有限公司", "东莞宏达电子科技有限公司", "青岛海润食品有限公司"]
CUSTOMERS = ["华东连锁卖场", "华骏汽车股份有限公司", "某三甲医院设备科", "线上旗舰店买家", "区域经销商"]
DETAILS = ["客户已拒收不良产品，并要求我司在十个工作日内提交书面整改报告。",
           "我司接到投诉后立即成立专项小组，对库存及在途产品进行排查。",
           "经现场确认，不良现象集中在同一生产日期的两个批次。",
           "客户同时反映近三个月同类问题已出现两次，要求彻底解决。",
           "本次投诉涉及金额约十二万元，客户对我司质量管理提出了严重关切。"]
LAYOUTS = ("four-part", "8d", "table", "per-problem")
RENDERS = ("docx-styled", "pdf", "docx-plain", "pdf")


def _builder():
    """The example archive's renderers, loaded from their file (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location("minerva_build_archive", ROOT / "examples" / "build_archive.py")
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module


def _numbered(items: list[str]) -> str:
    return "\n\n".join(f"{i}. {text}。" for i, text in enumerate(items, 1))


def report_markdown(rng: random.Random, n: int, layout: str) -> str:
    """One invented report in the example sources' markup, wording drawn from small vocabularies."""
    org, customer = rng.choice(ORGS), rng.choice(CUSTOMERS)
    date = f"20{rng.randint(19, 24)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    problems = [(rng.choice(PRODUCTS), rng.choice(DEFECTS)) for _ in range(rng.randint(2, 4))]
    product, defect = problems[0]
    causes = rng.sample(CAUSES, rng.randint(2, 4))
    measures = rng.sample(MEASURES, rng.randint(2, 5))
    details = " ".join(rng.sample(DETAILS, rng.randint(1, 4)))
    effect = (f"整改后连续{rng.randint(3, 8)}批出货，{defect}不良率由{rng.randint(2, 9)}%"
              f"降至0.{rng.randint(1, 5)}%，整改措施有效。")
    if layout == "8d":
        return (f"# 8D报告——{product}{defect}（编号{n:04d}）\n\n客户：{customer}    供应商：{org}\n\n日期：{date}\n\n"
                f"## D1 成立小组\n\n组长：质量经理；成员：工艺工程师、SQE、生产主管。\n\n"
                f"## D2 问题描述\n\n{date}，{customer}反馈{product}{defect}。{details}\n\n"
                f"## D3 临时措施\n\n- {measures[0]}。\n\n- 对客户处在途库存全部挑选更换。\n\n"
                f"## D4 根本原因\n\n{_numbered(causes)}\n\n## D5 永久措施\n\n{_numbered(measures[1:])}\n\n"
                f"## D6 效果验证\n\n{effect}\n\n## D7 预防措施\n\n更新PFMEA及控制计划，同类产品同步实施上述措施。\n\n"
                f"## D8 团队祝贺\n\n经客户确认本8D关闭。\n")
    if layout == "table":
        rows = []
        for p, d in problems:
            cs, ms = rng.sample(CAUSES, 2), rng.sample(MEASURES, 2)
            rows.append(f"| {p}{d} | ①{cs[0]}<br>②{cs[1]} | ①{ms[0]}<br>②{ms[1]} | 张工 | {date} |")
        return (f"# 客户投诉分析及整改措施报告（{n:04d}）\n\n{org} 品质部\n\n日期：{date}\n\n## 一、投诉概况\n\n"
                f"{customer}近期投诉共{rng.randint(10, 90)}件。{details}主要问题、原因及整改措施见下表。\n\n"
                "| 问题 | 原因 | 措施 | 责任人 | 完成时间 |\n|---|---|---|---|---|\n" + "\n".join(rows) +
                f"\n\n## 二、整改效果\n\n{effect}\n")
    if layout == "per-problem":
        parts = []
        for k, (p, d) in enumerate(problems, 1):
            parts.append(f"### 问题{'一二三四'[k - 1]}：{p}{d}\n\n原因：\n\n{_numbered(rng.sample(CAUSES, 2))}\n\n"
                         f"措施：\n\n{_numbered(rng.sample(MEASURES, rng.randint(2, 3)))}")
        return (f"# {product}客户投诉整改报告（{n:04d}）\n\n{org} 质量管理部\n\n{date}\n\n## 一、投诉概述\n\n"
                f"{customer}反馈我司产品质量问题共{rng.randint(5, 40)}例。{details}\n\n## 二、问题及整改\n\n"
                + "\n\n".join(parts) + f"\n\n## 三、效果验证\n\n{effect}\n")
    return (f"# 关于{product}{defect}客诉的整改报告（{n:04d}）\n\n{org} 品质保证部\n\n报告日期：{date}\n\n"
            f"## 一、基本情况\n\n{date}，{customer}反馈我司{product}{defect}。{details}\n\n"
            f"## 二、原因分析\n\n{_numbered(causes)}\n\n## 三、整改措施\n\n{_numbered(measures)}\n\n"
            f"## 四、效果验证\n\n{effect}\n")


def inspection_record(rng: random.Random) -> str:
    """An appendix table of lot inspections, so that some reports run to several pages."""
    rows = [f"| L{rng.randint(10000, 99999)} | {rng.randint(200, 3000)} | {rng.randint(0, 3)} | 合格 |"
            for _ in range(rng.randint(20, 70))]
    head = "\n\n## 附：整改后批次检验记录\n\n| 批号 | 数量 | 不良数 | 判定 |\n|---|---|---|---|\n"
    return head + "\n".join(rows) + "\n"


def make_archive(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` invented reports under ``folder`` (year/organisation sub-folders), half of them
    PDFs; the same ``n`` and ``seed`` give the same files. Returns their paths."""
    build = _builder()
    rng = random.Random(seed)
    written = []
    for i in range(n):
        layout, render = LAYOUTS[i % len(LAYOUTS)], RENDERS[(i // len(LAYOUTS) + i) % len(RENDERS)]
        text = report_markdown(rng, i, layout)
        if rng.random() < 0.4:
            text += inspection_record(rng)
        org = ORGS[i % len(ORGS)]
        renderer, suffix = build.RENDERERS[render]
        out = folder / f"20{19 + i % 6}" / f"org{i % len(ORGS)}" / f"{i:04d}-{layout}{suffix}"
        out.parent.mkdir(parents=True, exist_ok=True)
        source = build.Source(Path(f"{i:04d}.md"), {"render": render, "org": org}, build.parse_body(text))
        renderer(source, out)
        written.append(out)
    return written


def measure(archive: Path, db: Path, workers: int) -> dict:
    """One ingest in this process: timings, the summary and peak memory (this process, workers)."""
    from minerva.knowledge.ingest import ingest
    from minerva.knowledge.store import Store

    started = time.perf_counter()
    with Store(db) as store:
        summary = ingest(archive, store, workers=workers, progress=False)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "files": summary.extracted + summary.failed, "skipped": summary.skipped,
            "failed": summary.failed, "pages": summary.pages, "counts": summary.counts,
            "rss_main_mb": _maxrss_mb(resource.RUSAGE_SELF), "rss_worker_mb": _maxrss_mb(resource.RUSAGE_CHILDREN)}


def _maxrss_mb(who: int) -> float:
    """Peak resident memory. For this process Linux's VmHWM, because ru_maxrss survives exec and
    would report the benchmark parent that forked us; for children the largest reaped worker."""
    status = Path("/proc/self/status")
    if who == resource.RUSAGE_SELF and status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1 << 20) if sys.platform == "darwin" else rss / 1024


def _measure_in_child(archive: Path, db: Path, workers: int) -> dict:
    """``measure`` in a new process; ``wall`` adds the start-up a user waits for too."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "benchmarks.ingest", "--measure", str(archive), str(db), str(workers)],
                         cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1]) | {"wall": time.perf_counter() - started}


def make_scans(pdfs: list[Path], folder: Path, dpi: int = 150) -> list[Path]:
    """Image-only copies of ``pdfs`` (each page rasterised, no text layer), like a scanned archive."""
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in pdfs:
        doc = pdfium.PdfDocument(str(path))
        images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
        doc.close()
        target = folder / f"{path.stem}.scan.pdf"
        images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
        out.append(target)
    return out


def ocr_speed(scans: Path, base: Path, workers: int) -> dict:
    """Ingest of the scanned copies with an empty OCR cache, in a child process."""
    cache = base / f"ocr-cache-{workers}"
    db = base / f"kb-scan-{workers}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "MINERVA_CACHE": str(cache)}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "benchmarks.ingest", "--measure", str(scans), str(db), str(workers)],
                         cwd=ROOT, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1]) | {"wall": time.perf_counter() - started}


def minerva_pdfs(pdfs: list[Path]) -> dict:
    """minerva's own reading and extraction of the same PDFs, one process, no store."""
    from minerva.extractors import read_document, reports_of

    started, pages = time.perf_counter(), 0
    for path in pdfs:
        doc = read_document(path)
        reports_of(doc)
        pages += doc.pages or 0
    return {"seconds": time.perf_counter() - started, "files": len(pdfs), "pages": pages}


def bare_pdfplumber(pdfs: list[Path]) -> dict:
    """pdfplumber's own page.extract_text() over the same PDFs, one process: the floor to compare with."""
    import pdfplumber

    started, pages = time.perf_counter(), 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return {"seconds": time.perf_counter() - started, "files": len(pdfs), "pages": pages}


def _line(name: str, m: dict) -> str:
    rate = m["files"] / m["seconds"] if m["files"] else 0
    pages = f"{m['pages'] / m['seconds']:7.1f}" if m.get("pages") else "      -"
    memory = f"{m['rss_main_mb']:6.0f} / {m['rss_worker_mb']:4.0f} MB" if "rss_main_mb" in m else ""
    return f"{name:<34} {m['seconds']:7.2f} s  {rate:7.1f} files/s  {pages} pages/s  {memory}"


def run(n: int, keep: Path | None, seed: int, scans: int = 10) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = keep or Path(tmp)
        archive = base / "archive"
        started = time.perf_counter()
        files = make_archive(archive, n, seed)
        pdfs = [p for p in files if p.suffix == ".pdf"]
        print(f"archive: {len(files)} files ({len(pdfs)} PDF) written in {time.perf_counter() - started:.1f} s "
              f"to {archive}")
        cores = os.cpu_count() or 1
        print(f"{'':<34} {'time':>9}  {'files/s':>13}  {'PDF pages/s':>13}  peak RSS main / worker")
        for workers in sorted({1, cores}):
            db = base / f"kb-{workers}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            first = _measure_in_child(archive, db, workers)
            print(_line(f"ingest, {workers} worker(s)", first))
            print(f"{'':<34} stored: {first['counts']['reports']} reports, {first['counts']['cases']} cases, "
                  f"{first['counts']['measures']} measures, {first['failed']} failed")
        again = _measure_in_child(archive, db, cores)
        print(_line("rerun, nothing changed", again | {"files": again["skipped"]}),
              f"(process wall time {again['wall']:.2f} s)")
        for path in files:
            os.utime(path)
        touched = _measure_in_child(archive, db, cores)
        print(_line("rerun, all touched (hashing)", touched | {"files": touched["skipped"]}),
              f"(process wall time {touched['wall']:.2f} s)")
        print("PDFs only, one process, no store:")
        print(_line("  minerva read + extract", minerva_pdfs(pdfs)))
        print(_line("  bare pdfplumber extract_text", bare_pdfplumber(pdfs)))
        if scans:
            from minerva.extractors import ocr

            if not ocr.available():
                print(f"scanned PDFs: skipped ({ocr.unavailable_reason()})")
                return
            scanned = make_scans(pdfs[:scans], base / "scans")
            print(f"scanned PDFs ({len(scanned)} files, OCR, empty cache):")
            for workers in sorted({1, cores}):
                print(_line(f"  ingest, {workers} worker(s)", ocr_speed(base / "scans", base, workers)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=200, help="reports in the synthetic archive")
    parser.add_argument("--keep", type=Path, help="folder to keep the archive and databases in")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scans", type=int, default=10, help="PDFs also measured as scans (OCR); 0 to skip")
    parser.add_argument("--measure", nargs=3, metavar=("ARCHIVE", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        archive, db, workers = args.measure
        print(json.dumps(measure(Path(archive), Path(db), int(workers))))
    else:
        run(args.n, args.keep, args.seed, args.scans)


if __name__ == "__main__":
    main()
