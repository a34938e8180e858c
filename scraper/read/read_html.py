"""Read the page's HTML into a Document, the same one `read_md` gives for the same content.

Two layouts are read:

- today's platform.claude.com page (server-rendered Next.js): the article is streamed, so in
  document order it comes after placeholders and the site footer, inside a React segment
  (`<div hidden id="S:0">`) that a script moves into its `<template id="B:0">` placeholder; the
  article text is repeated in `<script>self.__next_f.push(...)</script>` payloads. Tables sit in
  `div.overflow-x-auto`, status-table ids in a click-to-copy `<span data-state="closed">`,
  history-table ids in `<code>`; headings carry an empty anchor element before their text.
- the 2025 docs site: a big nav and sidebar, the H1 (`#page-title`) in a header above the
  `.mdx-content` / `.prose` body, plain tables with `<code>` ids, percent-encoded heading ids.

The article root is the innermost article-like element (`article`, `main`, `.mdx-content`,
`.prose`, ...) around the status table; scripts, styles, navigation, footers, tables of contents,
buttons and hidden elements are dropped; the root is then walked into blocks in DOM order.

Callouts (the MDX `<Note>`, `<Warning>`, `<Tip>`, `<Info>`, `<Check>` of the Markdown) are
recognised in these forms, the first being the one `tests/platform_html.py` renders:

    <div class="callout callout-note" data-callout-type="note" role="note">
      <svg .../><div class="callout-content"><p>...</p></div>
    </div>

- any element with `data-callout-type`, `data-callout` or `data-admonition` naming the kind;
- a class naming the kind: `callout-warning`, `warning-callout`, `admonition-tip`, `alert-info`,
  or a `callout`/`admonition` class beside a bare kind class (`callout tip`);
- `role="note"` (a note unless a class names the kind), `role="alert"` (a warning), and
  `<aside>` with a kind class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString, PageElement, PreformattedString

from scraper.read.document import (
    Block,
    Callout,
    Document,
    Heading,
    ListItem,
    Paragraph,
    Table,
    clean_text,
    slugify,
    strip_controls,
)
from scraper.read.extract import MODEL_ID

# Never content: their text is code, data, or a copy of the article (the streaming payloads).
_NOT_CONTENT = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "canvas",
    "video",
    "audio",
    "object",
    "input",
    "select",
    "textarea",
    "link",
    "meta",
    "head",
)
# Site chrome, dropped inside the article root too.
_CHROME = ("nav", "footer")
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ARTICLE_CLASSES = frozenset({"mdx-content", "prose", "markdown", "markdown-body", "article"})
_ARTICLE_IDS = frozenset({"content", "content-area", "article", "main-content"})
_TOC = re.compile(r"(^|[-_])(toc|table-of-contents)($|[-_])", re.IGNORECASE)
_SCREEN_READER_ONLY = frozenset({"sr-only", "visually-hidden", "screen-reader-text"})
_STREAM_SEGMENT = re.compile(r"^S:(\d+)$")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(
    r"\s*[-–—|]\s*(?:Claude(?: API)? Docs|Claude Developer Platform|Anthropic)\s*$",
    re.IGNORECASE,
)
_CALLOUT_KINDS = frozenset({"note", "warning", "tip", "info", "check", "caution", "danger"})
_CALLOUT_CLASS = re.compile(
    r"^(?:(?:callout|admonition|alert)[-_](?P<after>[a-z]+)|(?P<before>[a-z]+)[-_](?:callout|admonition))$"
)
_ANCHOR_MARKS = frozenset({"", "#", "¶", "§", "🔗"})
# Deeper elements are read as plain text: the walker (and markdownify) recurse once per level,
# and real pages nest about 30 deep; a run of unclosed tags nests thousands deep.
MAX_DEPTH = 120


def read_html(text: str) -> Document:
    """Read an HTML page into a Document (pure; never raises on odd input)."""
    page = _prepare(text)
    walker = _Walker()
    if page.outer_h1 is not None:
        walker.blocks.append(_heading(page.outer_h1))
    walker.walk(page.root)
    walker.flush()
    title = next((b.text for b in walker.blocks if isinstance(b, Heading) and b.level == 1), None)
    return Document(blocks=walker.blocks, title=title or page.head_title, meta=page.meta)


def html_to_markdown(text: str) -> str:
    """A readable Markdown copy of the article, for people and text diffs.

    Tables stay pipe tables, callouts become MDX tags (`<Note>` ... `</Note>`), heading ids
    that differ from the heading's own slug are kept as `{#id}` and the canonical URL (and the
    title, when the page has no H1) go in a front matter block, as in the `.md` twin; so
    `read_markdown` reads the copy back into the same blocks and title as `read_html`.
    """
    from markdownify import MarkdownConverter  # only this function needs it

    page = _prepare(text)
    root = page.root
    for heading in root.find_all(_HEADINGS):
        _mark_heading_for_markdown(heading)
    for element in list(root.find_all(True)):
        kind = _callout_kind(element)
        if kind is not None and element.parent is not None:
            _mark_callout_for_markdown(element, kind)
    for cell in root.find_all(["td", "th"]):
        _escape_pipes(cell)
    converter = MarkdownConverter(heading_style="ATX", bullets="-", escape_misc=False)
    body = str(converter.convert_soup(root)).strip()
    if page.outer_h1 is not None:
        body = f"# {_heading(page.outer_h1).text}\n\n{body}"
    front = {"url": page.meta.get("canonical")}
    if root.find("h1") is None and page.outer_h1 is None:
        front["title"] = page.head_title  # no H1 on the page: the title goes in front matter
    lines = [f"{key}: {value}" for key, value in sorted(front.items()) if value]
    if lines:
        body = "---\n" + "\n".join(lines) + "\n---\n\n" + body
    return strip_controls(re.sub(r"\n{3,}", "\n\n", body)) + "\n"


@dataclass
class _Page:
    root: Tag
    outer_h1: Tag | None  # the page's H1 when it sits outside the article root
    head_title: str | None
    meta: dict[str, str] = field(default_factory=dict)


def _prepare(text: str) -> _Page:
    # Class and rel stay plain strings (`_classes` splits them): a quarter faster to build.
    soup = BeautifulSoup(strip_controls(text), "lxml", multi_valued_attributes=None)
    _flatten_deep(soup, MAX_DEPTH)
    meta = _head_meta(soup)
    head_title = _head_title(soup)
    _place_streamed_segments(soup)
    _drop([tag for tag in _tags(soup) if tag.name in _NOT_CONTENT])
    _drop([tag for tag in _tags(soup) if _is_hidden(tag)])
    root = _article_root(soup)
    _drop([tag for tag in _tags(root) if _is_chrome(tag)])
    outer_h1 = _nearest_h1(root) if root.find("h1") is None else None
    return _Page(root=root, outer_h1=outer_h1, head_title=head_title, meta=meta)


def _flatten_deep(soup: BeautifulSoup, limit: int) -> None:
    """Replace what nests deeper than `limit` by its text, so no walk can exceed the stack."""
    depth: dict[int, int] = {}
    too_deep: list[Tag] = []
    for tag in _tags(soup):
        level = depth[id(tag)] = depth.get(id(tag.parent), 0) + 1
        if level == limit and tag.find(True) is not None:
            too_deep.append(tag)
    for tag in too_deep:
        text = tag.get_text()
        tag.clear()
        tag.append(text)


def _tags(node: Tag) -> list[Tag]:
    # A plain walk: much faster than find_all with a function filter.
    return [d for d in node.descendants if isinstance(d, Tag)]


def _drop(elements: list[Tag]) -> None:
    for element in elements:
        if not element.decomposed:  # already gone with an enclosing element
            element.decompose()


def _nearest_h1(root: Tag) -> Tag | None:
    """The page's H1 laid out above the body (2025 site): the one closest to it in the tree."""
    for ancestor in root.parents:
        for h1 in ancestor.find_all("h1"):
            if not _inside_chrome(h1):
                return h1
    return None


def _head_meta(soup: BeautifulSoup) -> dict[str, str]:
    meta: dict[str, str] = {}
    html = soup.find("html")
    if isinstance(html, Tag) and (lang := _attr(html, "lang")):
        meta["lang"] = lang
    for link in soup.find_all("link"):
        if "canonical" in _classes(link, "rel") and (href := _attr(link, "href")):
            meta["canonical"] = href
            break
    else:
        for tag in soup.find_all("meta"):
            is_url = "og:url" in (_attr(tag, "property"), _attr(tag, "name"))
            if is_url and (content := _attr(tag, "content")):
                meta["canonical"] = content
                break
    return meta


def _head_title(soup: BeautifulSoup) -> str | None:
    title = soup.find("title")
    if not isinstance(title, Tag):
        return None
    text = _TITLE_SUFFIX.sub("", clean_text(title.get_text()))
    return text or None


def _place_streamed_segments(soup: BeautifulSoup) -> None:
    """Do what React's `$RC("B:n", "S:n")` does: move each streamed segment to its placeholder."""
    for segment in soup.find_all("div", id=_STREAM_SEGMENT):
        del segment["hidden"]
        match = _STREAM_SEGMENT.match(_attr(segment, "id"))
        placeholder = soup.find("template", id=f"B:{match.group(1)}") if match else None
        if not isinstance(placeholder, Tag):
            continue
        # The fallback shown while loading runs from the placeholder to the `<!--/$-->` mark.
        for sibling in list(placeholder.next_siblings):
            if isinstance(sibling, Comment) and sibling.strip() == "/$":
                break
            sibling.extract()
        placeholder.replace_with(segment.extract())


def _is_hidden(tag: Tag) -> bool:
    hidden = tag.has_attr("hidden") or bool(_DISPLAY_NONE.search(_attr(tag, "style")))
    if not hidden and not (_classes(tag) & _SCREEN_READER_ONLY):
        return False
    # A hidden element holding a table or the title is a streamed article, not clutter.
    return tag.find(["table", "h1"]) is None


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME:
        return True
    if tag.name == "aside":
        return _callout_kind(tag) is None
    if tag.name == "header":
        return tag.find("h1") is None
    if tag.name == "button":
        return tag.find_parent(["td", "th"]) is None  # copy buttons in cells hold the id
    return bool(_TOC.search(_attr(tag, "id")) or any(_TOC.search(c) for c in _classes(tag)))


def _inside_chrome(tag: Tag) -> bool:
    return any(p.name in (*_CHROME, "aside") for p in tag.parents)


def _article_root(soup: BeautifulSoup) -> Tag:
    tables = [t for t in soup.find_all("table") if not _inside_chrome(t)]
    anchor = next((t for t in tables if _looks_like_status_table(t)), None)
    if anchor is None:
        anchor = tables[0] if tables else soup.find("h2")
    body = soup.find("body")
    fallback: Tag = body if isinstance(body, Tag) else soup
    if not isinstance(anchor, Tag):
        return fallback
    for parent in anchor.parents:
        if _is_article_like(parent) and len(parent.find_all(_HEADINGS, limit=2)) >= 2:
            return parent
    return fallback


def _is_article_like(tag: Tag) -> bool:
    return (
        tag.name in ("article", "main")
        or bool(_classes(tag) & _ARTICLE_CLASSES)
        or _attr(tag, "id") in _ARTICLE_IDS
        or _attr(tag, "role") in ("main", "article")
    )


def _looks_like_status_table(table: Tag) -> bool:
    read = _table(table)
    ids = [row[0] for row in read.rows if row]
    return (
        len(read.header) >= 4
        and bool(ids)
        and sum(bool(MODEL_ID.match(cell)) for cell in ids) * 2 > len(ids)
    )


class _Walker:
    """Turns an element tree into blocks; inline content between blocks becomes paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._run: list[PageElement] = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if _is_block(child):
                    self.flush()
                    self._block(child)
                else:
                    self._run.append(child)
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                self._run.append(child)

    def flush(self) -> None:
        if self._run:
            text, strong = _inline(self._run)
            self._run = []
            if text:
                self.blocks.append(Paragraph(text, strong))

    def _block(self, tag: Tag) -> None:
        kind = _callout_kind(tag)
        if kind is not None:
            self.blocks.append(_callout(tag, kind))
        elif tag.name in _HEADINGS:
            self.blocks.append(_heading(tag))
        elif tag.name == "p" and not _holds_block(tag):
            text, strong = _inline(tag.contents)
            if text:
                self.blocks.append(Paragraph(text, strong))
        elif tag.name in ("ul", "ol") and tag.find("li", recursive=False):
            for item in tag.find_all("li", recursive=False):
                self._list_item(item, ordered=tag.name == "ol")
        elif tag.name == "li":
            self._list_item(tag, ordered=False)
        elif tag.name == "table":
            self.blocks.append(_table(tag))
        elif tag.name in ("pre", "hr"):
            pass  # code blocks are skipped, as `read_md` skips fenced code
        else:
            self.walk(tag)
            self.flush()

    def _list_item(self, item: Tag, *, ordered: bool) -> None:
        # Nested lists stay in their item's text, as in `read_md`.
        text, strong = _inline(item.contents)
        if text:
            self.blocks.append(ListItem(text=text, strong=strong, ordered=ordered))


def _is_block(tag: Tag) -> bool:
    return (
        tag.name in _BLOCK_TAGS
        or _callout_kind(tag) is not None
        or _holds_block(tag)  # a div inside a span makes the span a container
    )


def _holds_block(tag: Tag) -> bool:
    return any(isinstance(d, Tag) and d.name in _BLOCK_TAGS for d in tag.descendants)


def _inline(nodes: list[PageElement]) -> tuple[str, tuple[str, ...]]:
    """Plain text of inline content (block edges become spaces) and its bold spans."""
    parts: list[str] = []
    strong: list[str] = []
    for node in nodes:
        _collect(node, parts, strong)
    return clean_text("".join(parts)), tuple(s for s in strong if s)


def _collect(node: PageElement, parts: list[str], strong: list[str] | None) -> None:
    if isinstance(node, NavigableString):
        if not isinstance(node, PreformattedString):
            parts.append(str(node))
        return
    if not isinstance(node, Tag):
        return
    if node.name == "br":
        parts.append(" ")
    elif node.name == "img":
        parts.append(_attr(node, "alt"))
    elif node.name == "code":
        parts.append(node.get_text().strip())
    elif node.name in ("strong", "b"):
        inner: list[str] = []
        for child in node.children:
            _collect(child, inner, None)
        if strong is not None:
            strong.append(clean_text("".join(inner)))
        parts.extend(inner)
    else:
        edge = " " if node.name in _BLOCK_TAGS else ""
        parts.append(edge)
        for child in node.children:
            _collect(child, parts, strong)
        parts.append(edge)


def _heading(tag: Tag) -> Heading:
    level = int(tag.name[1])
    anchor_id = ""
    for link in tag.find_all("a", href=True):
        href = _attr(link, "href")
        if href.startswith("#") and clean_text(link.get_text()) in _ANCHOR_MARKS:
            anchor_id = anchor_id or href[1:]
            link.extract()  # the empty anchor before the text is not part of it
    text, _ = _inline(tag.contents)
    if level == 1:
        # An H1 id is a layout id (`page-title`); the top section is named by the title's slug.
        return Heading(level=1, text=text, anchor=slugify(text))
    inner = tag.find(lambda t: t.has_attr("id") or t.has_attr("name"))
    own = _attr(tag, "id") or _attr(inner, "id") or _attr(inner, "name")
    return Heading(level=level, text=text, anchor=slugify(own or anchor_id or text))


def _table(tag: Tag) -> Table:
    rows: list[tuple[str, ...]] = []
    for row in _children(tag, "tr", within=("thead", "tbody", "tfoot")):
        cells = _children(row, "th", "td")
        rows.append(tuple(_inline(cell.contents)[0] for cell in cells))
    if not rows:
        return Table(header=(), rows=())
    header, *body = rows
    overfull = tuple(n for n, row in enumerate(body, start=1) if any(row[len(header) :]))
    return Table(header=header, rows=tuple(body), overfull=overfull)


def _children(tag: Tag, *names: str, within: tuple[str, ...] = ()) -> list[Tag]:
    """Child elements named `names`, also those one level down in a `within` wrapper."""
    found: list[Tag] = []
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name in names:
                found.append(child)
            elif child.name in within:
                found += _children(child, *names)
    return found


def _callout(tag: Tag, kind: str) -> Callout:
    # Like `read_md`: the callout's text is the text of its paragraphs and list items.
    inner = _Walker()
    inner.walk(tag)
    inner.flush()
    kept = [b for b in inner.blocks if not isinstance(b, Table | Heading)]
    return Callout(
        kind=kind,
        text=clean_text(" ".join(b.text for b in kept)),
        strong=tuple(s for b in kept for s in b.strong),
    )


def _callout_kind(tag: Tag) -> str | None:
    for name in ("data-callout-type", "data-callout", "data-admonition"):
        if value := _attr(tag, name).strip().lower():
            return value
    classes = {c.lower() for c in _classes(tag)}
    for name in classes:
        match = _CALLOUT_CLASS.match(name)
        kind = match and (match.group("after") or match.group("before"))
        if kind in _CALLOUT_KINDS:
            return kind
    named = sorted(classes & _CALLOUT_KINDS)
    if classes & {"callout", "admonition"}:
        return named[0] if named else "callout"
    role = _attr(tag, "role")
    if role in ("note", "alert") or tag.name == "aside":
        if named:
            return named[0]
        return {"note": "note", "alert": "warning"}.get(role)
    return None


def _mark_heading_for_markdown(tag: Tag) -> None:
    heading = _heading(tag)  # also drops the heading's empty anchor link
    for child in list(tag.children):
        child.extract()
    tag.append(heading.text)
    if tag.name != "h1" and heading.anchor != slugify(heading.text):
        tag.append(f" {{#{heading.anchor}}}")


def _mark_callout_for_markdown(tag: Tag, kind: str) -> None:
    name = kind.capitalize()
    tag.insert_before(_paragraph(f"<{name}>"))
    tag.insert_after(_paragraph(f"</{name}>"))
    tag.name = "div"


def _escape_pipes(cell: Tag) -> None:
    """A `|` in a cell's text is written `\\|` in the copy (markdownify leaves it bare), so that
    it does not split the copy's row, whose rest would be lost or shifted."""
    for string in cell.find_all(string=True):
        if "|" in string and not isinstance(string, PreformattedString):
            string.replace_with(string.replace("|", "\\|"))


def _paragraph(text: str) -> Tag:
    paragraph = BeautifulSoup("", "lxml").new_tag("p")
    paragraph.string = text
    return paragraph


def _attr(tag: Tag | None, name: str) -> str:
    value = tag.get(name) if tag is not None else None
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _classes(tag: Tag, name: str = "class") -> set[str]:
    value = tag.get(name)
    if isinstance(value, list):
        return {str(v) for v in value}
    return set(value.split()) if isinstance(value, str) else set()
