"""Invisible format characters (Unicode category Cf: U+200F right-to-left mark, U+200E, U+202A..E,
U+2066..9, U+FEFF, U+200B, ...) never reach a record: they are stripped where text enters, like
ESC, C0 and C1 controls (issue 13). A U+200F in an id, a date or a label reads as if it were not
there, in both readers, raw or written as an HTML entity.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from fixtures import page
from platform_html import PAGE_URL, render_platform_html

from scraper.read.document import clean_text, strip_controls
from scraper.read.parse import decode, parse_text
from scraper.read.records import PageRecord

RLM = "\u200f"
SAMPLES = ["\u200f", "\u200e", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u200b",
           "\u200d", "\u2060", "\xad", "\u061c", "\U000e0041"]  # fmt: skip


def test_every_format_character_of_this_python_is_stripped() -> None:
    every = "".join(
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
    )
    assert len(every) > 150
    assert strip_controls(f"a{every}b") == "ab"
    assert clean_text(f" a {every} b ") == "a b"


def test_visible_text_is_left_alone() -> None:
    text = "claude-é 2025年6月30日 Не ранее «x» 👍 ‐–— …"
    assert strip_controls(text) == text


def _record(text: str, fmt: str) -> PageRecord:
    url = PAGE_URL.format(lang="en")
    return parse_text(decode(text.encode()), url=url, language="en", fmt=fmt)  # type: ignore[arg-type]


def _values(record: PageRecord) -> dict[str, object]:
    data = record.model_dump(mode="json")
    data.pop("source")
    return data


def _marked(text: str, mark: str) -> str:
    """The page with `mark` inside an id, a date, a state word, a replacement and the title."""
    for plain in ("claude-alpha-5`", "March 1, 2027", "Deprecated", "Model deprecations",
                  "`claude-gamma-3-20240601`", "April 30, 2026"):  # fmt: skip
        assert plain in text
        text = text.replace(plain, plain[:3] + mark + plain[3:])
    return text


@pytest.mark.parametrize("mark", SAMPLES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_format_character_never_reaches_the_record(fmt: str, mark: str) -> None:
    clean = page("en")
    marked = _marked(clean, mark)
    if fmt == "html":
        clean, marked = (render_platform_html(t, lang="en") for t in (clean, marked))
    record = _record(marked, fmt)
    assert not any(unicodedata.category(c) == "Cf" for c in record.to_json())
    assert _values(record) == _values(_record(clean, fmt))


@pytest.mark.parametrize("entity", ["&rlm;", "&#x200F;", "&#8207;", "&lrm;", "&#xFEFF;"])
def test_an_html_entity_for_a_format_character_is_stripped_too(entity: str) -> None:
    clean = render_platform_html(page("en"), lang="en")
    marked = clean.replace(
        "Not sooner than March 1, 2027", f"Not sooner than{entity} March 1, 2027"
    )
    marked = marked.replace(">claude-alpha-5<", f">claude-{entity}alpha-5<")
    assert marked.count(entity) >= 2
    record = _record(marked, "html")
    assert RLM not in record.to_json() and "\u200e" not in record.to_json()
    assert _values(record) == _values(_record(clean, "html"))
