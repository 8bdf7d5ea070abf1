"""Extraction alone and the peer, timed in this process on the same pre-read articles.

Called by `bench.run`. Documents are read and completed exactly as the pipeline does
(`etl.readers.read_path`, `etl.metadata.complete`) before the clock starts, so the
numbers are extraction only: `etl.extraction.extract` on one core, and `bench.peer`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import peer
from etl import metadata
from etl.extraction import extract
from etl.readers import iter_files, read_path
from etl.records import Document


@dataclass(frozen=True)
class Rate:
    articles: int
    seconds: float
    found: int  # milestones (diplotime) or dates (peer)

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def read_documents(folders: Iterable[Path], limit: int, seed: int = 0) -> list[Document]:
    """Up to `limit` documents from the folders, shuffled so formats and languages mix."""
    now = datetime.now(UTC)
    docs: list[Document] = []
    for path in iter_files(folders):
        for item in read_path(path):
            if isinstance(item, Document):
                docs.append(metadata.complete(item, now=now))
    random.Random(seed).shuffle(docs)
    return docs[:limit]


def time_extraction(docs: list[Document]) -> Rate:
    started = time.perf_counter()
    found = sum(len(extract(d.text, d.published, d.lang).milestones) for d in docs)
    return Rate(len(docs), time.perf_counter() - started, found)


def time_peer(docs: list[Document]) -> Rate:
    for lang, warm in (("en", "on 3 September"), ("de", "am 3. September"), ("ru", "3 сентября")):
        peer.extract(f"Warm-up {warm}.", None, lang)  # dateparser loads languages lazily
    started = time.perf_counter()
    found = sum(len(peer.extract(d.text, d.published, d.lang)) for d in docs)
    return Rate(len(docs), time.perf_counter() - started, found)
