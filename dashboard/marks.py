"""The timeline's mark budget: how many marks a figure ships, and how to stay under it.

A browser draws a few thousand Plotly points smoothly; beyond that the page stalls.
A *mark* is every point a figure sends: a marker, each end of a band or a deadline
bar, each lane a connector touches, each end of a plan → outcome arrow. The detailed
timeline ships `detailed_marks` of them; when that is more than `MAX_MARKS` the
timeline counts events per lane and period instead, with the period (week, month,
quarter, year) chosen from lanes x span so the counts fit too (`choose_bucket`).

Called by `dashboard.tracker.event_points` (which decides in SQL, before reading rows)
and by `dashboard.charts.timeline` (which enforces the cap on whatever frame it gets).
No Streamlit, no database.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Literal

import pandas as pd

log = logging.getLogger(__name__)

MAX_MARKS = 5_000
Bucket = Literal["week", "month", "quarter", "year"]
BUCKETS: tuple[Bucket, ...] = ("week", "month", "quarter", "year")  # allow-list for date_trunc
_BUCKET_DAYS: dict[str, int] = {"week": 7, "month": 28, "quarter": 90, "year": 365}
STATUSES_PER_LANE = 2  # held and planned are separate marks in a lane's period
OTHER_LANES = "(other organisations)"
COUNT_COLUMNS = ["org", "bucket_start", "bucket", "status", "n"]


def buckets_in_span(bucket: str, lo: date, hi: date) -> int:
    """An upper bound of the periods of this kind that [lo, hi] touches."""
    return max(0, (hi - lo).days) // _BUCKET_DAYS[bucket] + 2


def choose_bucket(lanes: int, lo: date | None, hi: date | None, budget: int = MAX_MARKS) -> Bucket:
    """The finest period whose counts (lanes x periods x statuses) stay within the budget."""
    if lo is None or hi is None:
        return BUCKETS[0]
    for bucket in BUCKETS:
        if max(lanes, 1) * buckets_in_span(bucket, lo, hi) * STATUSES_PER_LANE <= budget:
            return bucket
    return BUCKETS[-1]


def detailed_marks(points: pd.DataFrame, links: pd.DataFrame | None = None) -> int:
    """The marks the detailed timeline draws for `tracker.event_points` rows (one per event
    and lane) and `tracker.plan_lines`: markers, band ends, connector ends, arrow ends.

    Arrows are counted at most once per lane of their plan (what `charts` draws, or fewer).
    """
    if points.empty:
        return 0
    spans = int((points["start"] != points["end"]).sum())
    lanes = points.groupby("event_id")["org"].transform("size")
    shared = int((lanes > 1).sum())
    arrows = 0
    if links is not None and not links.empty:
        arrows = 2 * sum(max(len(orgs), 1) for orgs in links["plan_orgs"])
    return len(points) + 2 * spans + shared + arrows


def aggregate(points: pd.DataFrame, bucket: Bucket) -> pd.DataFrame:
    """Event rows (one per lane) as counts per lane, period and status: org, bucket_start, bucket, status, n."""
    starts = pd.to_datetime(points["start"]).dt.to_period(
        {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}[bucket]
    )
    frame = pd.DataFrame(
        {
            "org": points["org"],
            "bucket_start": starts.dt.start_time.dt.date,
            "status": points["status"],
        }
    )
    counts = (
        frame.groupby(["org", "bucket_start", "status"], sort=True).size().reset_index(name="n")
    )
    return counts.assign(bucket=bucket)[COUNT_COLUMNS]


def fold_lanes(counts: pd.DataFrame, budget: int = MAX_MARKS) -> pd.DataFrame:
    """Counts within the budget: the quietest lanes merged into one when even years are too many.

    Holds for any budget of at least two lanes' worth of periods and statuses (at 5,000
    marks: 1,250 years).
    """
    if len(counts) <= budget:
        return counts
    totals = counts.groupby("org")["n"].sum().sort_values(ascending=False, kind="stable")
    per_lane = len(counts[["bucket_start", "status"]].drop_duplicates())  # the merged lane's too
    keep = set(totals.index[: max(budget // int(per_lane) - 1, 1)])
    log.info("timeline: %d lanes folded into %r to stay within %d marks",
             len(totals) - len(keep), OTHER_LANES, budget)  # fmt: skip
    folded = counts.assign(org=counts["org"].where(counts["org"].isin(keep), OTHER_LANES))
    merged = folded.groupby(["org", "bucket_start", "bucket", "status"], sort=True)["n"].sum()
    return merged.reset_index()[COUNT_COLUMNS]
