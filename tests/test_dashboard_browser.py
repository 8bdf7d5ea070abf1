"""End to end: the real dashboard on the ingested samples, in headless Chromium.

Starts `python -m dashboard dashboard --db <tmp> --port <free>`, opens a shared link
(`/?org=CSTO`), checks the founding example's milestones are in the chart's data (each
mark carries its event's id, founder and member milestone ids), downloads the CSV and
compares it byte for byte with `diplotime export`, does the same for the Tracker page's
plans, and saves screenshots to tests/artifacts/timeline.png and tracker.png.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dashboard import queries
from dashboard.db import Database
from dashboard.filters import Filters

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
SEED_TITLE = "OVKS, GUS und SOZ wollen einen Fahrplan"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dashboard exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.pipeline import ingest

    db = tmp_path_factory.mktemp("browser") / "diplotime.duckdb"
    ingest([ROOT / "data" / "samples"], db)  # the samples include the seed article
    return db


@pytest.fixture(scope="module")
def server(samples_db: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "dashboard", "--db", str(samples_db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def seed_ids(db_path: Path) -> dict[tuple[str, date], str]:
    """The founding example's milestones as ingested: (type, date) -> id."""
    df = queries.milestones(Database(db_path), Filters(orgs=("CSTO",), query=SEED_TITLE))
    return {(r.type, r.end): r.milestone_id for r in df.itertuples()}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_timeline_in_a_real_browser(server: str, samples_db: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    seed = seed_ids(samples_db)
    for key in [
        ("consultation", date(2025, 2, 17)),
        ("session", date(2025, 5, 19)),
        ("signing", date(2025, 12, 31)),
    ]:
        assert key in seed, f"extraction did not find the seed's {key}"
    expected_csv = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "milestones", "--org", "CSTO", "--db", str(samples_db)],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
            page.goto(f"{server}/?org=CSTO", wait_until="domcontentloaded")
            page.wait_for_selector(".main-svg", timeout=60_000)
            page.wait_for_timeout(1_000)  # let the chart finish its first layout
            ids = page.evaluate(
                """() => [...document.querySelectorAll('.js-plotly-plot')]
                    .flatMap(el => (el.data || []).flatMap(t => (t.customdata || []).flat()))"""
            )
            assert set(seed.values()) <= set(ids)
            assert "org=CSTO" in page.url
            with page.expect_download() as download:
                page.get_by_role("button", name="Download milestones (CSV)").click()
            got = Path(download.value.path()).read_bytes()
            assert got == expected_csv
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
            check_tracker_page(page, server, samples_db)
        finally:
            browser.close()


def check_tracker_page(page, server: str, samples_db: Path) -> None:
    """The Tracker page from a shared link: its download equals `diplotime export plans`."""
    expected = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "plans", "--outcome", "overdue",
         "--outcome", "met late", "--db", str(samples_db)],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    page.goto(f"{server}/tracker?outcome=overdue&outcome=met+late", wait_until="domcontentloaded")
    button = page.get_by_role("button", name="Download plans (CSV)")
    button.wait_for(timeout=60_000)
    with page.expect_download() as download:
        button.click()
    assert Path(download.value.path()).read_bytes() == expected
    assert "Deploy" not in page.inner_text("header")  # toolbarMode viewer
    page.screenshot(path=str(ARTIFACTS / "tracker.png"), full_page=True)
