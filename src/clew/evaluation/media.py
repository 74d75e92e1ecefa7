"""Score ``clew media match`` against the demo's ground truth (``media.csv``).

Per distinct file (SHA-256) of the truth: was it matched as known (truth ``known``), flagged
possibly new (truth ``possibly_new``), and did a known match carry the true series?
Precision/recall count files that appear among the store's items.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clew.evaluation import precision_recall_f1
from clew.media.items import load_items
from clew.store.base import Store


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y", "t")


def _prf(predicted: set[str], actual: set[str]) -> dict[str, float | int]:
    tp = len(predicted & actual)
    precision, recall, f1 = precision_recall_f1(tp, len(predicted), len(actual))
    return {"tp": tp, "fp": len(predicted - actual), "fn": len(actual - predicted),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}  # fmt: skip


def evaluate(store: Store, truth: Any) -> dict[str, Any]:
    """``truth``: a truth folder (``clew.evaluation.truth.load``) or a loaded ``Truth``."""
    if isinstance(truth, (str, Path)):
        from clew.evaluation.truth import load

        truth = load(Path(truth))
    rows = [r for r in truth.media if r.get("sha256")]
    by_hash = {r[k]: r["sha256"] for r in rows for k in ("sha256", "sha1", "md5") if r.get(k)}
    item_file: dict[str, str] = {}
    for item in load_items(store):
        key = next((by_hash[h] for h in (item.sha256, item.sha1, item.md5) if h in by_hash), None)
        if key:
            item_file[item.item] = key
    seen = set(item_file.values())
    rows = [r for r in rows if r["sha256"] in seen]
    known_pred: set[str] = set()
    new_pred: set[str] = set()
    series_pred: dict[str, set[str]] = {}
    for m in store.select("media_matches", columns=["item", "match", "series"]):
        sha = item_file.get(m["item"])
        if sha is None:
            continue
        if m["match"] == "possibly-new":
            new_pred.add(sha)
        else:
            known_pred.add(sha)
            if m["series"]:
                series_pred.setdefault(sha, set()).add(m["series"])
    known_true = {r["sha256"] for r in rows if _flag(r.get("known"))}
    new_true = {r["sha256"] for r in rows if _flag(r.get("possibly_new"))}
    series_ok = sum(
        1
        for r in rows
        if r["sha256"] in known_pred & known_true and r.get("series") in series_pred.get(r["sha256"], ())
    )
    return {
        "files": len(rows),
        "known": _prf(known_pred, known_true),
        "possibly_new": _prf(new_pred, new_true),
        "series_correct": series_ok,
        "series_checked": len(known_pred & known_true),
    }
