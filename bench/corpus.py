"""The synthetic corpus generator: `python -m bench corpus --articles N --out DIR [--seed S]`.

Writes N articles in batches of 1,430 (one folder each): 1,000 records in one JSONL
file (70 %), 300 scraped text pages (21 %), 40 HTML pages, 60 items in RSS feeds of up to
20 items and 30 rows in one CSV file. One batch is generated at a time, from its own
`random.Random(f"{seed}:{batch}")`, and streamed to disk, so memory stays flat at any N,
batches can be generated on several processes, and the same seed gives the same files.
1,000,000 articles make ~700 batches and ~240,000 files. A hidden `.manifest.json`
(skipped by `diplotime ingest`) records what was written.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import formats
from bench.compose import SyntheticArticle, compose

log = logging.getLogger(__name__)

BATCH = 1_430
SHARES = (("jsonl", 1_000), ("text", 300), ("html", 40), ("rss", 60), ("csv", 30))
FEED_ITEMS = 20
MANIFEST = ".manifest.json"


@dataclass
class CorpusStats:
    """What a corpus holds: articles per format, files and bytes."""

    articles: int = 0
    seed: int = 0
    files: int = 0
    bytes: int = 0
    by_format: dict[str, int] = field(default_factory=dict)

    def add(self, other: CorpusStats) -> None:
        self.articles += other.articles
        self.files += other.files
        self.bytes += other.bytes
        for k, v in other.by_format.items():
            self.by_format[k] = self.by_format.get(k, 0) + v


def plan(size: int) -> list[tuple[str, int]]:
    """How many articles of each format a batch of `size` gets (proportional, sums to size)."""
    counts = [(fmt, size * share // BATCH) for fmt, share in SHARES]
    rest = size - sum(n for _, n in counts)
    counts[0] = (counts[0][0], counts[0][1] + rest)
    return counts


class _BatchWriter:
    """Writes one batch folder; keeps at most one feed per language in memory."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder, self.rng = folder, rng
        self.stats = CorpusStats()
        folder.mkdir(parents=True, exist_ok=True)

    def _write(self, name: str, text: str, fmt: str, articles: int) -> None:
        data = text.encode("utf-8")
        (self.folder / name).write_bytes(data)
        self.stats.files += 1
        self.stats.bytes += len(data)
        self.stats.articles += articles
        self.stats.by_format[fmt] = self.stats.by_format.get(fmt, 0) + articles

    def jsonl(self, articles: Iterator[SyntheticArticle]) -> None:
        lines = [formats.jsonl_line(self.rng, a) for a in articles]
        if lines:
            self._write("articles.jsonl", "".join(lines), "jsonl", len(lines))

    def pages(self, articles: Iterator[SyntheticArticle], fmt: str) -> None:
        render = formats.text_page if fmt == "text" else formats.html_page
        for i, a in enumerate(articles):
            self._write(
                f"{fmt}-{i:04d}.{'txt' if fmt == 'text' else 'html'}", render(self.rng, a), fmt, 1
            )

    def feeds(self, articles: Iterator[SyntheticArticle]) -> None:
        pending: dict[str, list[SyntheticArticle]] = {}
        n = 0
        for a in articles:
            group = pending.setdefault(a.lang, [])
            group.append(a)
            if len(group) == FEED_ITEMS:
                self._write(f"feed-{n:02d}.rss", formats.rss_feed(group), "rss", len(group))
                pending[a.lang], n = [], n + 1
        for group in pending.values():
            if group:
                self._write(f"feed-{n:02d}.rss", formats.rss_feed(group), "rss", len(group))
                n += 1

    def csv(self, articles: Iterator[SyntheticArticle]) -> None:
        rows = list(articles)
        if rows:
            self._write("records.csv", formats.csv_file(rows), "csv", len(rows))


def write_batch(args: tuple[Path, int, int, int]) -> CorpusStats:
    """Generate and write batch number `index` of `size` articles under `out`."""
    out, seed, index, size = args
    rng = random.Random(f"{seed}:{index}")
    writer = _BatchWriter(out / f"batch-{index:05d}", rng)
    serial = index * BATCH
    for fmt, n in plan(size):
        articles = (compose(rng, serial + i) for i in range(n))  # consumed before serial moves on
        if fmt == "jsonl":
            writer.jsonl(articles)
        elif fmt in ("text", "html"):
            writer.pages(articles, fmt)
        elif fmt == "rss":
            writer.feeds(articles)
        else:
            writer.csv(articles)
        serial += n
    return writer.stats


def write_corpus(out: Path, articles: int, *, seed: int = 0, workers: int = 1) -> CorpusStats:
    """Write `articles` synthetic articles under `out` (created); returns what was written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [
        (out, seed, i, min(BATCH, articles - i * BATCH))
        for i in range((articles + BATCH - 1) // BATCH)
    ]
    total = CorpusStats(seed=seed)
    if workers <= 1 or len(jobs) < 2:
        results: Iterator[CorpusStats] = map(write_batch, jobs)
        for stats in results:
            total.add(stats)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for stats in pool.imap_unordered(write_batch, jobs):
                total.add(stats)
    (out / MANIFEST).write_text(json.dumps(asdict(total), indent=1), encoding="utf-8")
    log.info("wrote %d articles in %d files (%.1f MB) to %s", total.articles, total.files,
             total.bytes / 1e6, out)  # fmt: skip
    return total


def read_manifest(out: Path) -> CorpusStats | None:
    """The stats of a corpus written earlier, or None when there is none."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return None
    return CorpusStats(**json.loads(path.read_text(encoding="utf-8")))
