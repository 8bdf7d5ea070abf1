"""Identity: the ids of articles without a URL must not change with the implementation."""

from __future__ import annotations

import re
import unicodedata

from etl.identity import article_id, normalise_text
from etl.records import Document

ODD_SPACES = "  MINSK,\u00a019 May (BelTA)\u2009–\u3000The CSTO\r\n\r\nmet\x1c\x1dagain.\u2028 "


def test_normalise_text_collapses_every_unicode_space_as_the_regular_expression_did() -> None:
    every_space = "".join(chr(c) for c in range(0x110000) if re.match(r"\s", chr(c)))
    for text in (ODD_SPACES, f"a{every_space}b{every_space}", "", " ", "Ä\u0308 ÖL"):
        expected = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
        assert normalise_text(text) == expected


def test_an_article_without_url_keeps_its_id() -> None:
    doc = Document(path="p", locator="", format="text", text=ODD_SPACES, title="Ein\u00a0Titel ")
    assert normalise_text(ODD_SPACES) == "minsk, 19 may (belta) – the csto met again."
    assert article_id(doc) == "a7be5a266b995bcb86dc9a2a"  # as computed before 30 Nov 2026
