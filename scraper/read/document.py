"""The intermediate document both readers produce: headings, text blocks, callouts and tables.

The Markdown reader (`read_md`) and the HTML reader (`read_html`) turn their input into this one
shape, so the table, date and state logic in `extract` exists once. Everything here is plain text:
markup is gone, except that bold spans of a block are kept aside in `strong` because the Overview
list of lifecycle terms is recognised by them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListItem:
    text: str
    strong: tuple[str, ...] = ()
    ordered: bool = False


@dataclass(frozen=True)
class Callout:
    kind: str  # note | warning | tip | info | check | (lower-case tag name)
    text: str
    strong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Rows (numbered from 1 after the header) whose line was left open when the table's other
    # lines close with `|`: a row cut short, whose last cell may have lost words.
    unclosed: tuple[int, ...] = ()
    # Rows (numbered the same) with text in more cells than the header has. In Markdown that is
    # a `|` inside a cell (which one cannot be told): the row's last cell keeps the rest of its
    # line, `|`s included, as written. In HTML, extra cells: kept after the header's.
    overfull: tuple[int, ...] = ()


Block = Heading | Paragraph | ListItem | Callout | Table


@dataclass
class Document:
    """A page read into blocks, in reading order."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    # Values found outside the body: front matter keys, <html lang>, a canonical URL.
    meta: dict[str, str] = field(default_factory=dict)


# The characters that are never text: C0 controls (ESC among them) except tab and newline (CR
# is a line end the readers normalise), DEL and C1, the noncharacters U+FDD0..U+FDEF (`read_md`
# uses them internally), and every invisible format character (Unicode category Cf: bidi marks,
# embeddings, overrides and isolates, zero-width spaces and joiners, the BOM, soft hyphens, tag
# characters). They are listed by hand (Unicode 15.1) because scanning all code points at import
# takes a quarter of a second; `tests/test_format_characters.py` checks the list against the
# running Python's Unicode tables.
FORMAT_CHARACTERS = (
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_CONTROLS = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{FORMAT_CHARACTERS}]+")


def strip_controls(text: str) -> str:
    """Drop control characters (ESC, C0, C1) and invisible format characters (bidi marks and
    overrides, zero-width characters) from the page's text; every printable character stays.

    Applied where text enters (decoding a body, each reader), so none of them can reach a
    terminal, a report, the calendar or a commit message. Of a terminal escape sequence only
    its ESC goes: `ESC [ a` may as well be a stray ESC and `[` before the letter `a` of a word,
    and removing it whole would change `claude-alpha-5` into the valid-looking `claude-lpha-5`.
    What stays (`[31m`) is written in the value, which then reads as not understood.
    """
    # No control, bidi mark or noncharacter is printable; line ends and tabs are kept but not
    # printable either, so a page's text (all printable between its lines) skips the pattern
    # (~0.2 ms a page, twice a page when fetching).
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return _CONTROLS.sub("", text)


_NON_SLUG = re.compile(r"[^\w]+", re.UNICODE)


def clean_text(text: str) -> str:
    """Collapse whitespace, drop controls and format characters, normalise Unicode (NFC)."""
    text = text.replace("\xa0", " ")
    text = strip_controls(text)  # HTML entities (`&#27;`, `&rlm;`) decode after reading
    # split() and `\s` know the same whitespace (Py_UNICODE_ISSPACE): one pass, no regex
    return " ".join(unicodedata.normalize("NFC", text).split())


def slugify(text: str) -> str:
    """The anchor form used for headings: lower case, runs of punctuation become one hyphen.

    Also normalises anchors the page already carries: percent-encoded ids of the 2025 site
    (`2025-01-21%3A-claude-2%2C-...`) and plain slugs give the same result.
    """
    text = unquote(text).casefold()
    return _NON_SLUG.sub("-", text).replace("_", "-").strip("-")
