"""Render a Markdown capture of the page as HTML laid out like today's platform.claude.com page.

No raw copy of today's HTML is kept, so the HTML reader is tested on this rendering of the `.md`
captures (see PAGE_NOTES.md, "The HTML page"): the article is a streamed React segment placed
after the site nav, a loading placeholder and the site footer; a `self.__next_f.push` payload
repeats the article text (and a fake status table) in a script; tables sit in
`div.overflow-x-auto`; status-table ids are click-to-copy `<span data-state="closed">`, history
ids stay in `<code>`; headings have an empty anchor link before their text and an `id` (the
explicit `{#id}` of the Markdown, else the slug of the heading text); MDX callouts become
`<div class="callout callout-note" data-callout-type="note" role="note">`, the form documented
in `scraper.read.read_html`. Front matter and a mirror's `Source:` line become `<head>` metadata.
"""

from __future__ import annotations

import html
import json
import re

from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from scraper.read.document import clean_text, slugify
from scraper.read.extract import MODEL_ID

PAGE_URL = "https://platform.claude.com/docs/{lang}/about-claude/model-deprecations"

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^(\s{0,3}#{1,6}\s+)(.*?)\s*$")
_HEADING_ID = re.compile(r"\s*\\?\{#([^}\s]+)\\?\}\s*$")
_LEADING_ANCHOR = re.compile(r"^\[[\s\u200b]*\]\(#([^)\s]+)\)\s*")
_CALLOUT_OPEN = re.compile(r"^\s*<(Note|Warning|Tip|Info|Check|Callout)\b[^>]*>(.*)$", re.I)
_SOURCE_LINE = re.compile(r"^\s*(?:\*\*)?Source:(?:\*\*)?\s*(\S+)\s*$", re.I)
_ID_MARK = re.compile(r"\s*⟦id:([^⟧]*)⟧\s*")
_CALLOUT_MARK = re.compile(r"<p>⟦callout:(\d+)⟧</p>")


def render_platform_html(markdown: str, *, lang: str) -> str:
    """The page as platform.claude.com would serve it, with `markdown` as its article."""
    text = markdown.replace("\r\n", "\n").lstrip("\ufeff")
    meta, text = _front_matter(text)
    text, source = _drop_source_line(text)
    text, callouts = _cut_callouts(_mark_heading_ids(text))
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    rendered = _CALLOUT_MARK.sub(
        lambda m: _callout_html(*callouts[int(m.group(1))], parser), parser.render(text)
    )
    article = BeautifulSoup(f"<article>{rendered}</article>", "lxml")
    for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        _anchor_heading(article, heading)
    for table in article.find_all("table"):
        _platform_table(article, table)
    h1 = article.find("h1")
    title = clean_text(h1.get_text()) if h1 else meta.get("title", "")
    url = meta.get("url") or source or PAGE_URL.format(lang=lang)
    return _PAGE.format(
        lang=html.escape(lang),
        title=html.escape(title),
        description=html.escape(meta.get("description", "")),
        url=html.escape(url),
        article=article.article.decode_contents() if article.article else "",
        payload=_payload(markdown),
        toc="".join(
            f'<li><a href="#{h.get("id")}">{html.escape(h.get_text())}</a></li>'
            for h in article.find_all(["h2", "h3"])
        ),
    )


def render_soft_404() -> str:
    """The "Not Found" page the site answers with HTTP 200 for a missing page."""
    return _PAGE.format(
        lang="en",
        title="Not Found",
        description="",
        url="https://platform.claude.com/docs/en/not-found",
        article="<h1>Not Found</h1><p>We could not find the page you were looking for.</p>"
        '<p><a href="/docs/en/home">Go to the docs home</a></p>',
        payload=json.dumps("Not Found"),
        toc="",
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n") or (end := text.find("\n---", 4)) < 0:
        return {}, text
    pairs = [line.split(":", 1) for line in text[4:end].split("\n") if ":" in line]
    if not pairs or not all(key.strip().isidentifier() for key, _ in pairs):
        return {}, text
    after = text.find("\n", end + 4)
    meta = {key.strip(): value.strip().strip("'\"") for key, value in pairs}
    return meta, text[after + 1 :] if after >= 0 else ""


def _drop_source_line(text: str) -> tuple[str, str | None]:
    """A mirror's `Source: URL` line under the title is not page content: it becomes metadata."""
    lines = text.split("\n")
    for number, line in enumerate(lines[:6]):
        if match := _SOURCE_LINE.match(line):
            return "\n".join([*lines[:number], "", *lines[number + 1 :]]), match.group(1)
    return text, None


def _mark_heading_ids(text: str) -> str:
    """Move an explicit heading id (`{#id}`, `[​](#id) Title`) into a marker read after render."""
    lines = text.split("\n")
    in_fence = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        atx = None if in_fence else _ATX.match(line)
        if atx is None:
            continue
        prefix, raw = atx.groups()
        anchor = None
        if explicit := _HEADING_ID.search(raw):
            anchor, raw = explicit.group(1), raw[: explicit.start()]
        if leading := _LEADING_ANCHOR.match(raw):
            anchor, raw = anchor or leading.group(1), raw[leading.end() :]
        if anchor:
            lines[number] = f"{prefix}{raw} ⟦id:{anchor}⟧"
    return "\n".join(lines)


def _cut_callouts(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Replace MDX callouts with markers; return their bodies (read as `read_md` reads them)."""
    lines = text.split("\n")
    out: list[str] = []
    bodies: list[tuple[str, str]] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        opening = None if in_fence else _CALLOUT_OPEN.match(line)
        if opening is None:
            out.append(line)
            i += 1
            continue
        closing = re.compile(rf"</{opening.group(1)}\s*>", re.I)
        body: list[str] = []
        rest = opening.group(2)
        while True:
            if end := closing.search(rest):
                body.append(rest[: end.start()])
                break
            body.append(rest)
            i += 1
            if i >= len(lines):
                break
            rest = lines[i]
        i += 1
        out += ["", f"⟦callout:{len(bodies)}⟧", ""]
        bodies.append((opening.group(1).lower(), "\n".join(part.strip() for part in body)))
    return "\n".join(out), bodies


def _callout_html(kind: str, body: str, parser: MarkdownIt) -> str:
    return (
        f'<div class="callout callout-{kind} my-4 flex gap-3 rounded-lg border px-4 py-3" '
        f'data-callout-type="{kind}" role="note">'
        '<svg class="mt-1 h-4 w-4" aria-hidden="true" viewBox="0 0 16 16"><path d="M8 1v14"/></svg>'
        f'<div class="callout-content min-w-0">{parser.render(body)}</div></div>'
    )


def _anchor_heading(article: BeautifulSoup, heading: Tag) -> None:
    text = heading.get_text()
    explicit = _ID_MARK.search(text)
    for node in heading.find_all(string=_ID_MARK):
        node.replace_with(_ID_MARK.sub("", node))
    anchor = explicit.group(1) if explicit else slugify(clean_text(heading.get_text()))
    heading["id"] = anchor
    heading["class"] = "group relative scroll-mt-24"
    link = article.new_tag("a", href=f"#{anchor}", attrs={"aria-hidden": "true", "tabindex": "-1"})
    link["class"] = "absolute -left-5 opacity-0 group-hover:opacity-100"
    heading.insert(0, link)


def _platform_table(article: BeautifulSoup, table: Tag) -> None:
    wrapper = article.new_tag("div", attrs={"class": "overflow-x-auto"})
    table.wrap(wrapper)
    rows = table.find_all("tr")
    header = rows[0].find_all(["th", "td"]) if rows else []
    first = [row.find("td") for row in rows[1:]]
    ids = [cell for cell in first if cell is not None]
    is_status = len(header) >= 4 and sum(
        bool(MODEL_ID.match(clean_text(c.get_text()))) for c in ids
    ) * 2 > len(ids)
    if not is_status:
        return
    for cell in ids:
        model_id = clean_text(cell.get_text())
        cell.clear()
        span = article.new_tag("span", attrs={"data-state": "closed"})
        span["class"] = "inline-flex cursor-pointer items-center gap-1 font-mono"
        span.append(model_id)
        icon = article.new_tag("svg", attrs={"aria-hidden": "true"})
        icon.append(article.new_tag("rect"))
        span.append(icon)
        cell.append(span)


def _payload(markdown: str) -> str:
    """An RSC payload in the shape of Next.js' `self.__next_f.push([1, "..."])`, as JSON."""
    fake_table = (
        "| API model name | Current state | Deprecated | Tentative retirement date |\n"
        "| claude-payload-only-1 | Active | N/A | Not sooner than January 1, 2099 |\n"
        "<table><tr><td>claude-payload-only-2</td><td>Retired</td></tr></table>"
    )
    rsc = f'0:["$","article",null,{{"children":{json.dumps(markdown + fake_table)}}}]\n'
    # Next.js escapes `<` in inline scripts, so the payload never closes its <script> early.
    return json.dumps(rsc, ensure_ascii=False).replace("<", "\\u003c")


_PAGE = """<!DOCTYPE html>
<html lang="{lang}" class="h-full antialiased">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Claude API Docs</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}">
<script src="/_next/static/chunks/webpack-0a1b2c3d.js" async=""></script>
</head>
<body class="min-h-full">
<div class="flex min-h-screen flex-col">
<header class="sticky top-0 z-30 border-b">
<nav aria-label="Main"><a href="/docs/{lang}/home">Claude API Docs</a>
<a href="/docs/{lang}/about-claude/models/overview#claude-opus-4-1-20250805">claude-opus-4-1</a>
<a href="/docs/{lang}/about-claude/model-deprecations#2025-01-21-claude-2-claude-2-1">History</a>
<button type="button">Search</button></nav>
</header>
<div class="flex flex-1">
<aside class="hidden w-72 lg:block"><nav aria-label="Sidebar"><h5>About Claude</h5>
<ul><li><a href="/docs/{lang}/about-claude/models/overview">Models overview</a></li>
<li><a href="/docs/{lang}/about-claude/model-deprecations">Model deprecations</a></li></ul>
</nav></aside>
<main class="min-w-0 flex-1 px-8">
<!--$?--><template id="B:0"></template><div class="animate-pulse space-y-4">
<div class="h-8 w-1/2 rounded bg-gray-200"></div><p class="text-gray-400">Loading…</p></div>
<!--/$-->
</main>
</div>
<footer class="border-t px-8 py-12"><h2>Products</h2>
<ul><li><a href="https://claude.com/product">Claude</a></li><li>claude-sonnet-4-5 pricing</li></ul>
<p>© 2026 Anthropic PBC</p></footer>
</div>
<div hidden id="S:0"><div class="flex gap-12"><article class="mdx-content prose max-w-none">
<div class="mb-4 flex justify-end">
<button type="button" data-state="closed">Copy page</button></div>
{article}
</article>
<nav class="toc hidden xl:block" aria-label="On this page"><p>On this page</p><ul>{toc}</ul></nav>
</div></div>
<script>$RC=function(b,c){{/* moves segment c into placeholder b */}};$RC("B:0","S:0")</script>
<script>self.__next_f.push([1,{payload}])</script>
</body>
</html>
"""
