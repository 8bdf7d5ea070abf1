"""Render synthetic articles in the input formats the pipeline reads.

Called by `bench.corpus`. Scraped text pages look like the seed (navigation lines,
category, date-time line, title, wire dateline, body, trailing boilerplate); HTML pages
carry Open Graph / `article:` meta; RSS feeds hold several items; JSONL and CSV records
have the documented fields (sometimes under an accepted alias such as `body`, `date`).
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
from email.utils import format_datetime
from functools import cache

from bench.compose import SyntheticArticle
from bench.expressions import MONTHS, day_month
from etl.reference import read_rows

CATEGORIES = {"de": ("Gesellschaft", "Politik", "Wirtschaft"), "en": ("Society", "Politics", "Economy"),
              "ru": ("Общество", "Политика", "Экономика")}  # fmt: skip
CSV_FIELDS = ("url", "title", "published", "lang", "source", "text")


@cache
def _boilerplate(lang: str, where: str) -> tuple[str, ...]:
    return tuple(r["text"] for r in read_rows("boilerplate.csv")
                 if r["lang"] == lang and r["where"] == where and r["match"] == "line")  # fmt: skip


def dateline(a: SyntheticArticle) -> str:
    """ "MOSKAU, 19. Mai (BelTA) – ", "МОСКВА, 19 мая. /ТАСС/. ", "MINSK, 19 May (BelTA) - "."""
    place = a.dateline_place.nominative[a.lang].upper()
    day = day_month(a.lang, a.published.date())
    name = a.source.dateline_name(a.lang)
    if a.lang == "ru" and a.source.name in ("TASS", "RIA Novosti"):
        return f"{place}, {day}. /{name}/. "
    dash = " - " if a.lang == "en" else " – "
    return f"{place}, {day} ({name}){dash}"


def body_text(a: SyntheticArticle) -> str:
    return dateline(a) + "\n\n".join(a.paragraphs)


def _date_line(a: SyntheticArticle) -> str:
    d = a.published
    return f"{d.day} {MONTHS[a.lang][d.month - 1].capitalize() if a.lang != 'ru' else MONTHS['ru'][d.month - 1]} {d.year}, {d:%H:%M}"


def text_page(rng: random.Random, a: SyntheticArticle) -> str:
    """A scraped page: navigation, category, date-time line, title, body, boilerplate."""
    head = list(
        rng.sample(_boilerplate(a.lang, "head"), k=min(3, len(_boilerplate(a.lang, "head"))))
    )
    tail = list(_boilerplate(a.lang, "tail"))[: rng.randint(1, 3)]
    lines = [
        *head,
        rng.choice(CATEGORIES[a.lang]),
        _date_line(a),
        "",
        a.title,
        "",
        body_text(a),
        *tail,
    ]
    return "\n".join(lines) + "\n"


def html_page(rng: random.Random, a: SyntheticArticle) -> str:
    """A saved article page with meta tags, navigation and a footer around the text."""
    e = html.escape
    paragraphs = [dateline(a) + a.paragraphs[0], *a.paragraphs[1:]]
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    nav = "".join(
        f"<li><a href='/{i}'>{e(x)}</a></li>" for i, x in enumerate(_boilerplate(a.lang, "head"))
    )
    return f"""<!DOCTYPE html>
<html lang="{a.lang}"><head><meta charset="utf-8"><title>{e(a.title)} | {e(a.source.name)}</title>
<meta property="og:title" content="{e(a.title)}"><meta property="og:site_name" content="{e(a.source.name)}">
<meta property="og:url" content="{e(a.url)}"><meta property="article:published_time" content="{a.published.isoformat()}">
<meta property="article:section" content="{e(rng.choice(CATEGORIES[a.lang]))}"></head>
<body><header><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{e(a.title)}</h1>
{body}
</article></main><footer><p>© {a.published.year} {e(a.source.name)}</p></footer></body></html>
"""


def record(rng: random.Random, a: SyntheticArticle) -> dict[str, str]:
    """A JSON record; one in five uses the aliases body/date/language."""
    fields = {"url": a.url, "title": a.title, "published": a.published.isoformat(),
              "lang": a.lang, "source": a.source.name, "text": body_text(a)}  # fmt: skip
    if rng.random() < 0.2:
        fields = {"link": fields["url"], "headline": fields["title"], "date": fields["published"],
                  "language": a.lang, "agency": a.source.name, "body": fields["text"]}  # fmt: skip
    return fields


def jsonl_line(rng: random.Random, a: SyntheticArticle) -> str:
    return json.dumps(record(rng, a), ensure_ascii=False) + "\n"


def csv_file(articles: list[SyntheticArticle]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for a in articles:
        writer.writerow(
            [a.url, a.title, a.published.isoformat(), a.lang, a.source.name, body_text(a)]
        )
    return out.getvalue()


def rss_feed(articles: list[SyntheticArticle]) -> str:
    """An RSS 2.0 feed of one source; each item carries its full text as content:encoded."""
    e = html.escape
    first = articles[0]
    items = []
    for a in articles:
        content = "".join(
            f"<p>{e(p)}</p>" for p in [dateline(a) + a.paragraphs[0], *a.paragraphs[1:]]
        )
        items.append(
            f"<item><title>{e(a.title)}</title><link>{e(a.url)}</link><guid>{e(a.url)}</guid>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{e(first.source.name)}</title><link>https://{first.source.host}/</link>"
        f"<language>{first.lang}</language><description>News</description>"
        + "\n".join(items)
        + "</channel></rss>\n"
    )
