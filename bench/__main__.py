"""Command line of the benchmark.

    python -m bench corpus --articles N --out DIR [--seed S] [--workers W]
    python -m bench run [--articles 100000] [--workers N] [--keep DIR] [--seed S]
    python -m bench dashboard --db FILE [--factor K] [--reps 20]
    python -m bench stages --corpus DIR [--articles 4000]
    python -m bench floor --corpus DIR [--articles 20000] [--workers N] [--rounds 2]

`run` prints the table on stdout (progress goes to stderr). At 1,000,000 articles:
`nohup python -m bench run --articles 1000000 --keep /tmp/bench1m > /tmp/bench_1m.log 2>&1 &`
(about 3.3 GB of corpus on disk; `--keep` lets a second run reuse it). Quicker, for the
query targets alone: `python -m bench dashboard --db /tmp/bench100k/diplotime.duckdb
--factor 10` repeats the ingested articles 10 times in a copy and times the dashboard there.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from bench import floor, stages
from bench.corpus import write_corpus
from bench.report import render
from bench.run import Options, dashboard_only, run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("corpus", help="write a synthetic corpus")
    c.add_argument("--articles", type=int, required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    r = sub.add_parser("run", help="measure ingest, extraction, the peer and the dashboard")
    r.add_argument("--articles", type=int, default=100_000)
    r.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="'all cores' (default: os.cpu_count())",
    )
    r.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="keep corpus and databases here (reused when it matches)",
    )
    r.add_argument("--seed", type=int, default=0)
    r.add_argument(
        "--single-sample", type=int, default=10_000, help="articles for the 1-worker ingest"
    )
    r.add_argument(
        "--extract-sample", type=int, default=2_000, help="articles for extraction alone"
    )
    r.add_argument("--peer-sample", type=int, default=300, help="articles for the dateparser peer")
    r.add_argument("--reps", type=int, default=20, help="repetitions per dashboard interaction")
    d = sub.add_parser("dashboard", help="time the dashboard on a database, optionally scaled up")
    d.add_argument("--db", type=Path, required=True)
    d.add_argument("--factor", type=int, default=1, help="repeat every article K times in a copy")
    d.add_argument("--reps", type=int, default=20)
    s = sub.add_parser("stages", help="CPU per article of each ingest stage, on a corpus")
    s.add_argument("--corpus", type=Path, required=True, help="a folder written by `corpus`")
    s.add_argument("--articles", type=int, default=4_000)
    f = sub.add_parser("floor", help="ingest speed with extraction replayed: what the rest costs")
    f.add_argument("--corpus", type=Path, required=True, help="a folder written by `corpus`")
    f.add_argument("--articles", type=int, default=20_000, help="whole batches up to this many")
    f.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    f.add_argument("--rounds", type=int, default=2, help="pairs of usual and replayed runs")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s", stream=sys.stderr)
    if args.command == "corpus":
        stats = write_corpus(args.out, args.articles, seed=args.seed, workers=args.workers)
        print(
            f"{stats.articles:,} articles, {stats.files:,} files, {stats.bytes / 1e6:,.1f} MB in {args.out}"
        )
        return 0
    if args.command == "stages":
        title = f"diplotime ingest stages on {args.corpus} (CPU of one process)"
        print(render(stages.rows([args.corpus], args.articles), title))
        return 0
    if args.command == "floor":
        title = (f"diplotime ingest with extraction as usual and replayed, on {args.corpus} "
                 f"({args.workers} workers; runs in the order they alternated)")  # fmt: skip
        print(render(floor.rows(args.corpus, args.articles, args.workers, args.rounds), title))
        return 0
    if args.command == "dashboard":
        rows, title = dashboard_only(args.db, args.factor, args.reps)
        print(render(rows, title))
        return 0
    opts = Options(articles=args.articles, workers=args.workers, keep=args.keep, seed=args.seed,
                   single_sample=args.single_sample, extract_sample=args.extract_sample,
                   peer_sample=args.peer_sample, reps=args.reps)  # fmt: skip
    rows, title = run(opts)
    print(render(rows, title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
