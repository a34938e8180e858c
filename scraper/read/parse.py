"""One entry point from a body (bytes or text, Markdown or HTML) to a PageRecord.

Also says which language a body is in and whether it is the page at all (not a soft 404,
a status table present, the language asked for), so the fetcher and `parse` share one check.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from scraper.read.document import Callout, Document, Heading, ListItem, Paragraph, strip_controls
from scraper.read.extract import PageError, extract_plain
from scraper.read.languages import LANGUAGES, distinctive_words
from scraper.read.plain import PageRecord, Source, SourceFormat
from scraper.read.read_md import read_markdown

if TYPE_CHECKING:
    from scraper.read import records

_SOFT_404 = re.compile(r"<title>\s*Not Found\b|^#\s*Not Found\b|\bPage not found\b", re.I | re.M)
_LANG_LINK = re.compile(r"/docs/(" + "|".join(map(re.escape, LANGUAGES)) + r")/")
_LANG_LINK_OLD = re.compile(r"/(" + "|".join(map(re.escape, LANGUAGES)) + r")/docs/")
_FILE_PREFIX = re.compile(r"^(" + "|".join(map(re.escape, LANGUAGES)) + r")__")
# Scripts that name a language by themselves, with the share of the prose's letters they
# must reach (Japanese mixes kana with kanji; translations keep English model names).
_SCRIPTS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("ko", re.compile(r"[\uac00-\ud7af]+"), 0.1),
    ("ja", re.compile(r"[\u3040-\u30ff]+"), 0.05),
    ("ru", re.compile(r"[\u0400-\u04ff]+"), 0.15),
    ("zh", re.compile(r"[\u4e00-\u9fff]+"), 0.15),
)
# Characters that only one of the two Chinese scripts uses (a few frequent ones on this page).
_SIMPLIFIED = re.compile(r"[弃态迁这为们简层选择说问时览旧历状发将请关门单应]")
_TRADITIONAL = re.compile(r"[棄態遷這為們簡層選擇說問時覽舊歷狀發將請關門單應]")
_WORDS = re.compile(r"[^\W\d_]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_PROSE_SAMPLE = 8000  # characters: the Overview and the prose sections, plenty to decide
_MIN_WORD_HITS = 6  # a few sentences of prose; a title and a list of terms decide nothing


class NotThePage(PageError):
    """The body is something else: a soft 404, another language, or no status table."""


def sniff_format(text: str) -> SourceFormat:
    head = text.lstrip()[:500].lower()
    return "html" if head.startswith(("<!doctype html", "<html")) or "<head" in head else "md"


def is_soft_404(text: str) -> bool:
    """A "Not Found" page (served with HTTP 200 by the docs site), with no table in it."""
    head = text[:20000]
    # Every spelling the pattern accepts contains "not found", and no other character folds
    # to those letters: a plain search rules out a real page in ~0.1 ms, where the
    # case-insensitive pattern alone takes ~1.5 ms (twice a page when fetching).
    if "not found" not in head.lower() or not _SOFT_404.search(head):
        return False
    # HTML pages carry `|` in their scripts: only a <table> proves real content there.
    return "<table" not in text if sniff_format(text) == "html" else "|" not in head


def read_document(text: str, fmt: SourceFormat) -> Document:
    """Read a body into a Document; a body nested beyond what can be read is a PageError."""
    try:
        if fmt == "html":
            from scraper.read.read_html import read_html  # bs4 is a heavy import: only when needed

            return read_html(text)
        return read_markdown(text)
    except RecursionError:  # a backstop: the readers flatten deep nesting themselves
        raise PageError(f"the {fmt} body nests too deeply to be read") from None


def decode(body: bytes) -> str:
    """The body as text, without control characters (see `document.strip_controls`)."""
    return strip_controls(body.decode("utf-8", errors="replace"))


def language_from_name(name: str) -> str | None:
    """The `LANG__` prefix of an archive file name (`ko__2025-12-21__mirror.md`)."""
    match = _FILE_PREFIX.match(Path(name).name)
    return match.group(1) if match else None


def language_from_url(url: str) -> str | None:
    match = _LANG_LINK.search(url) or _LANG_LINK_OLD.search(url)
    return match.group(1) if match else None


def text_language(doc: Document) -> str | None:
    """The language the page's own prose is written in (script, then common words), if clear.

    Tables are left out (model ids and dates), and so are links and metadata.
    """
    prose = " ".join(
        b.text for b in doc.blocks if isinstance(b, Heading | Paragraph | ListItem | Callout)
    )[:_PROSE_SAMPLE]
    letters = 0  # counted once a script is seen: most pages have none of these scripts
    for code, script, share in _SCRIPTS:
        count = sum(map(len, script.findall(prose)))  # runs, not one string per character
        if count >= 5 and not letters:
            letters = len(_NOT_LETTERS.sub("", prose)) or 1
        if count >= 5 and count >= share * letters:
            if code != "zh":
                return code
            simplified, traditional = (
                len(_SIMPLIFIED.findall(prose)),
                len(_TRADITIONAL.findall(prose)),
            )
            if simplified == traditional:
                return None
            return "zh-CN" if simplified > traditional else "zh-TW"
    words = Counter(map(str.casefold, _WORDS.findall(prose)))
    hits = {code: sum(words[w] for w in own) for code, own in _distinctive_words().items()}
    ranked = sorted(hits.items(), key=lambda pair: pair[1], reverse=True)
    (best, most), (_, second) = ranked[0], ranked[1]
    if most >= _MIN_WORD_HITS and most >= 2 * second:
        return best
    return None


@functools.cache
def _distinctive_words() -> dict[str, frozenset[str]]:
    return distinctive_words()


def guess_language(text: str, doc: Document) -> str | None:
    """The page's own language: from its prose, else its metadata, links or script."""
    if found := text_language(doc):
        return found
    for key in ("url", "source", "canonical"):
        if key in doc.meta and (found := language_from_url(doc.meta[key])):
            return found
    if doc.meta.get("lang") in LANGUAGES:
        return doc.meta["lang"]
    links = Counter(_LANG_LINK.findall(text)) + Counter(_LANG_LINK_OLD.findall(text))
    if links:
        return str(links.most_common(1)[0][0])
    return None


def parse_text(
    text: str,
    *,
    url: str,
    language: str | None = None,
    fmt: SourceFormat | None = None,
    sha256: str | None = None,
    require_language: bool = False,
    notices: list[str] | None = None,
) -> records.PageRecord:
    """Parse a page body into its record (see `parse_plain`)."""
    from scraper.read.records import page_record

    page = parse_plain(
        text,
        url=url,
        language=language,
        fmt=fmt,
        sha256=sha256,
        require_language=require_language,
        notices=notices,
    )
    return page_record(page)


def parse_plain(
    text: str,
    *,
    url: str,
    language: str | None = None,
    fmt: SourceFormat | None = None,
    sha256: str | None = None,
    require_language: bool = False,
    notices: list[str] | None = None,
) -> PageRecord:
    """Read a page body into plain records (no pydantic; `parse_text` gives the record). The
    language is `language`, else found in the URL or the page.

    With `require_language`, a body that is really another language's page (a missing
    translation may come back as the English page) raises NotThePage. Without it, such a
    mismatch is added to `notices` (when given) and the page is read as `language`.
    """
    fmt = fmt or sniff_format(text)
    if is_soft_404(text):
        raise NotThePage(f"{url}: the server answered with a 'Not Found' page (soft 404)")
    doc = read_document(text, fmt)
    if require_language and language is not None:
        found = guess_language(text, doc)
        if found is not None and found != language:
            raise NotThePage(
                f"{language}: the server sent the {found} page instead (translation missing?)"
            )
    label = language or language_from_url(url)
    if notices is not None and label is not None:
        own = text_language(doc)
        if own is not None and own != label:
            notices.append(
                f"the page's own text is in {own}, but it is labelled {label}; read as {label}"
            )
    lang = label or guess_language(text, doc) or "en"
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return extract_plain(doc, language=lang, source=Source(url=url, format=fmt, sha256=digest))


def file_format(path: Path, text: str) -> SourceFormat:
    """How a saved page is read: HTML by its suffix, else by its content."""
    return "html" if path.suffix.lower() in (".html", ".htm") else sniff_format(text)


def markdown_copy(text: str, fmt: SourceFormat) -> str:
    """The page as readable Markdown: the body itself, or HTML converted with markdownify."""
    if fmt == "html":
        from scraper.read.read_html import html_to_markdown

        try:
            return html_to_markdown(text)
        except RecursionError:
            raise PageError("the HTML body nests too deeply to be converted") from None
    return text


# A saved page larger than this is not the page (the live one is about 30 KB of Markdown and
# under 1 MB of HTML); reading it whole would only cost memory.
MAX_FILE_BYTES = 5_000_000


def read_page_bytes(path: Path) -> bytes:
    """A saved page's bytes; PageError for a directory or a file past MAX_FILE_BYTES."""
    if path.is_dir():
        raise PageError(f"{path}: is a directory, not a page (replay reads a folder of captures)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PageError(
            f"{path}: {size / 1e6:.1f} MB is too large for a page (at most "
            f"{MAX_FILE_BYTES / 1e6:g} MB); is it the right file?"
        )
    with path.open("rb") as file:
        return file.read(MAX_FILE_BYTES + 1)  # a file that grew since stat() stays capped


def parse_file(
    path: Path, language: str | None = None, *, url: str | None = None
) -> records.PageRecord:
    """Parse a saved capture (see `read_file`)."""
    return read_file(path, language, url=url)[0]


def read_file(
    path: Path,
    language: str | None = None,
    *,
    url: str | None = None,
    notices: list[str] | None = None,
) -> tuple[records.PageRecord, str]:
    """Parse a saved capture; returns the record and the text it was read from.

    The language comes from `language` or the `LANG__` prefix; `url` (default: the path) is
    what the record names as its source.
    """
    body = read_page_bytes(path)
    text = decode(body)
    record = parse_text(
        text,
        url=url or str(path),
        language=language or language_from_name(path.name),
        fmt=file_format(path, text),
        sha256=hashlib.sha256(body).hexdigest(),
        notices=notices,
    )
    return record, text
