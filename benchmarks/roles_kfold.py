"""Extraction quality when each report is read by a role model that was not trained on it.

    python -m benchmarks.roles_kfold [CORPUS_DIR] [--folds 5] [--names GLOB]

The clause role model is trained on the gold of the corpus itself, so in-sample figures flatter
it. Here the reports are split into K folds; for each fold a model is trained on the others
(scripts/train_roles.py) and every rendering of the fold's reports is extracted with it and
scored. Prints per-rendering F1 like ../shared/eval/eval_extract.py.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import train_roles  # noqa: E402

import minerva  # noqa: E402
from minerva.evaluate import Score, load_gold, score_document  # noqa: E402
from minerva.extractors import roles  # noqa: E402

SUFFIXES = {".docx": "docx-styled", ".plain.docx": "docx-plain", ".pdf": "pdf-lo", ".rl.pdf": "pdf-rl",
            ".slides.pdf": "pdf-slides", ".pptx": "pptx", ".xlsx": "xlsx", ".doc": "doc-lo"}


def renderings(corpus: Path, name: str) -> list[tuple[str, Path]]:
    out = []
    for path in sorted(corpus.glob(f"{name}.*")):
        suffix = path.name[len(name):]
        if suffix in SUFFIXES:
            out.append((SUFFIXES[suffix], path))
    return out


def run(corpus: Path, folds: int, pattern: str, dump: Path | None = None,
        models: Path | None = None, also: tuple[Path, ...] = ()) -> dict[str, Score]:
    rows, gaps = train_roles.load_rows([corpus, *also])
    reports = sorted({train_roles.report_of(n) for n in rows if n.startswith(f"{corpus.name}/")})
    scores: dict[str, Score] = {}
    saved = os.environ.get("MINERVA_RESOURCES")
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            test = [r for i, r in enumerate(reports) if i % folds == k]
            keep = [n for n in rows if train_roles.report_of(n) not in test]
            kept = models / f"fold{k}-of-{folds}.json" if models else None
            if kept is not None and kept.exists():
                data = json.loads(kept.read_text(encoding="utf-8"))
            else:
                data = train_roles.train({n: rows[n] for n in keep}, {n: gaps[n] for n in keep})
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    kept.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            (Path(tmp) / "role_model.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.environ["MINERVA_RESOURCES"] = tmp
            roles.model.cache_clear()
            for key in test:
                name = key.split("/", 1)[1]
                if not any(fnmatch.fnmatch(name, p) for p in pattern.split(",")):
                    continue
                gold = load_gold(corpus / f"{name}.gold.json")
                for kind, path in renderings(corpus, name):
                    try:
                        pred = {"reports": [r.to_dict() for r in minerva.extract(path)]}
                    except minerva.ExtractionError:
                        pred = {"reports": []}
                    if dump is not None:
                        dump.mkdir(parents=True, exist_ok=True)
                        (dump / f"{path.name}.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1),
                                                                encoding="utf-8")
                    for bucket in (kind, "overall"):
                        scores.setdefault(bucket, Score()).add(score_document(gold, pred))
    if saved is None:
        os.environ.pop("MINERVA_RESOURCES", None)
    else:
        os.environ["MINERVA_RESOURCES"] = saved
    roles.model.cache_clear()
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="?", default=ROOT / "tests/data/corpus")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--names", default="*", help="comma-separated globs of the reports to score")
    ap.add_argument("--dump", type=Path, help="write each prediction as JSON into this folder")
    ap.add_argument("--train-also", type=Path, action="append", default=[],
                    help="another folder of gold records whose reports always take part in training")
    ap.add_argument("--models", type=Path, help="keep the fold models here and reuse them on the next run "
                                                "(delete them after retraining choices change)")
    a = ap.parse_args(argv)
    scores = run(a.corpus, a.folds, a.names, a.dump, a.models, tuple(a.train_also))
    print(f"{'rendering':12s} {'cases':>7s} {'causes':>7s} {'measures':>8s} {'effective':>9s}")
    for kind in [*sorted(k for k in scores if k != "overall"), "overall"]:
        s = scores[kind]
        eff = s.accuracy("effective")
        print(f"{kind:12s} {s.f1('cases'):7.3f} {s.f1('causes'):7.3f} {s.f1('measures'):8.3f} "
              f"{'-' if eff is None else f'{eff:.3f}':>9s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
