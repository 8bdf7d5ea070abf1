"""`diplotime evaluate`: score extraction against annotated gold files.

Gold items are sentences or short passages with their publication date
(`tests/gold/{de,en,ru}.jsonl`), or sample files named by path and locator
(`tests/gold/articles.jsonl`), read exactly as `diplotime ingest` reads them. Matching follows tests/gold/CONVENTIONS.md: a
predicted milestone matches a gold one of the same item when `end` and
`precision` agree, one-to-one, same type preferred. Dates are scored by
precision/recall/F1 over milestones; type and status by accuracy on matched
pairs; organisations by micro precision/recall/F1 on matched pairs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from etl import metadata
from etl.extraction import extract
from etl.readers import read_path
from etl.records import Document, Milestone


@dataclass
class Score:
    """Counts for one slice (a language, or everything)."""

    items: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    type_right: int = 0
    status_right: int = 0
    org_tp: int = 0
    org_fp: int = 0
    org_fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("items", "gold", "predicted", "matched", "type_right", "status_right",
                     "org_tp", "org_fp", "org_fn"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def dates(self) -> tuple[float, float, float]:
        return self._f1(self.matched, self.predicted - self.matched, self.gold - self.matched)

    def organisations(self) -> tuple[float, float, float]:
        return self._f1(self.org_tp, self.org_fp, self.org_fn)

    def accuracy(self, right: int) -> float:
        return right / self.matched if self.matched else 1.0


def _gold_key(m: dict) -> tuple[str, str]:
    return m["end"], m["precision"]


def match(predicted: Sequence[Milestone], gold: Sequence[dict]) -> list[tuple[Milestone, dict]]:
    """One-to-one pairs with equal end and precision; same-type pairs are taken first."""
    pairs: list[tuple[Milestone, dict]] = []
    free_pred = list(predicted)
    free_gold = list(gold)
    for same_type in (True, False):
        for g in list(free_gold):
            for p in free_pred:
                if (p.end.isoformat(), p.precision) != _gold_key(g):
                    continue
                if same_type and p.type != g["type"]:
                    continue
                pairs.append((p, g))
                free_pred.remove(p)
                free_gold.remove(g)
                break
    return pairs


def score_item(item_id: str, predicted: Sequence[Milestone], gold: Sequence[dict]) -> Score:
    s = Score(items=1, gold=len(gold), predicted=len(predicted))
    pairs = match(predicted, gold)
    s.matched = len(pairs)
    for p, g in pairs:
        s.type_right += p.type == g["type"]
        s.status_right += p.status == g["status"]
        got, want = set(p.organisations), set(g.get("organisations") or [])
        s.org_tp += len(got & want)
        s.org_fp += len(got - want)
        s.org_fn += len(want - got)
        if p.type != g["type"] or p.status != g["status"]:
            s.misses.append(f"{item_id}: {p.type}/{p.status} vs gold {g['type']}/{g['status']}")
    matched_gold = {id(g) for _, g in pairs}
    matched_pred = {id(p) for p, _ in pairs}
    for g in gold:
        if id(g) not in matched_gold:
            s.misses.append(f"{item_id}: missed {g['type']} {g['timex']} ({g['end']}, {g['precision']})")
    for p in predicted:
        if id(p) not in matched_pred:
            s.misses.append(f"{item_id}: extra {p.type} {p.timex} ({p.end}, {p.precision}) from {p.date_text!r}")
    return s


def _document_for(item: dict, base: Path) -> Document | None:
    """The sample article a file-based gold item names, read as ingest reads it."""
    path = base / item["file"]
    for doc in read_path(path):
        if isinstance(doc, Document) and doc.locator == item.get("locator", ""):
            return metadata.complete(doc, now=datetime.now(UTC))
    return None


def evaluate_items(items: Iterable[dict], base: Path = Path(".")) -> dict[str, Score]:
    """Scores per language for gold items (text items and file items)."""
    scores: dict[str, Score] = defaultdict(Score)
    for item in items:
        if "file" in item:
            doc = _document_for(item, base)
            if doc is None:
                scores[item["lang"]].misses.append(f"{item['file']} {item.get('locator', '')}: not readable")
                continue
            predicted = extract(doc.text, doc.published, doc.lang).milestones
            item_id = f"{item['file']} {item.get('locator', '')}".strip()
        else:
            published = date.fromisoformat(item["published"][:10])
            predicted = extract(item["text"], published, item["lang"]).milestones
            item_id = item["id"]
        scores[item["lang"]].add(score_item(item_id, predicted, item["milestones"]))
    return dict(scores)


def evaluate_files(paths: Sequence[Path]) -> dict[str, Score]:
    items: list[dict] = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            items.extend(json.loads(line) for line in f if line.strip())
    return evaluate_items(items)


def render(scores: dict[str, Score], *, by_lang: bool = True, misses: int = 0) -> str:
    total = Score()
    for s in scores.values():
        total.add(s)
    rows = [(lang, scores[lang]) for lang in sorted(scores)] if by_lang else []
    rows.append(("all", total))
    header = (f"{'slice':<6}{'items':>6}{'gold':>6}{'pred':>6}  {'date P':>7}{'R':>7}{'F1':>7}"
              f"  {'type':>6}{'status':>7}  {'org P':>6}{'R':>6}{'F1':>6}")  # fmt: skip
    lines = [header]
    for name, s in rows:
        p, r, f = s.dates()
        op, orr, of = s.organisations()
        lines.append(
            f"{name:<6}{s.items:>6}{s.gold:>6}{s.predicted:>6}  {p:>7.3f}{r:>7.3f}{f:>7.3f}"
            f"  {s.accuracy(s.type_right):>6.3f}{s.accuracy(s.status_right):>7.3f}"
            f"  {op:>6.3f}{orr:>6.3f}{of:>6.3f}"
        )
    for line in total.misses[:misses]:
        lines.append("  " + line)
    return "\n".join(lines)
