"""The HTML reader: it must give the records the Markdown reader gives for the same content.

The core acceptance test renders every `.md` capture of the corpus as a platform.claude.com page
(`platform_html.py`) and compares records; the two 2025 HTML captures are pinned by hand; small
fixtures of our own cover the traps of the real markup one by one.
"""

from __future__ import annotations

import functools
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import corpus_params
from fixtures import SAMPLE_HISTORY, SAMPLE_PARAMETERS, SAMPLE_ROWS, Style, page
from hypothesis import given, settings
from hypothesis import strategies as st
from platform_html import PAGE_URL, render_platform_html, render_soft_404

from scraper.read.document import Block, Callout, Heading, ListItem, Paragraph, Table
from scraper.read.extract import PageError
from scraper.read.languages import LANGUAGES
from scraper.read.parse import NotThePage, language_from_name, parse_file, parse_text
from scraper.read.read_html import html_to_markdown, read_html
from scraper.read.read_md import read_markdown
from scraper.read.records import PageRecord


def _both(markdown: str, lang: str) -> tuple[PageRecord, PageRecord]:
    url = PAGE_URL.format(lang=lang)
    from_md = parse_text(markdown, url=url + ".md", language=lang, fmt="md")
    html = render_platform_html(markdown, lang=lang)
    from_html = parse_text(html, url=url, language=lang, fmt="html")
    return from_md, from_html


# --- the core acceptance test: the same content gives the same record ------------------------


@functools.cache
def _rendered(path: Path) -> str:
    lang = language_from_name(path.name) or "en"
    return render_platform_html(path.read_text(encoding="utf-8"), lang=lang)


@pytest.mark.parametrize("path", corpus_params("*.md"))
def test_platform_html_of_a_capture_gives_the_markdown_record(path: Path) -> None:
    markdown = path.read_text(encoding="utf-8")
    lang = language_from_name(path.name) or "en"
    url = PAGE_URL.format(lang=lang)
    from_md = parse_text(markdown, url=url, language=lang, fmt="md")
    from_html = parse_text(_rendered(path), url=url, language=lang, fmt="html")
    assert from_md.models, "the capture itself should parse"
    assert from_html.source.format == "html"
    assert from_html.model_dump(exclude={"source"}) == from_md.model_dump(exclude={"source"})
    # Stricter: the intermediate documents are equal too, block for block.
    doc_md, doc_html = read_markdown(markdown), read_html(_rendered(path))
    assert (doc_html.blocks, doc_html.title) == (doc_md.blocks, doc_md.title)
    assert doc_html.meta["lang"] == lang


@settings(max_examples=30, deadline=None)
@given(
    lang=st.sampled_from(LANGUAGES),
    style=st.builds(
        Style,
        bullet=st.sampled_from("-*+"),
        front_matter=st.booleans(),
        status_backticks=st.booleans(),
        pad=st.booleans(),
        aligned_separator=st.booleans(),
        english_beside=st.sampled_from([None, "after", "inside", "fullwidth"]),
        history_separator=st.sampled_from([": ", " : ", "："]),
        indent_callouts=st.booleans(),
        heading_ids=st.sampled_from([None, "braces", "escaped", "anchor"]),
        lower_case_headers=st.booleans(),
        absolute_links=st.booleans(),
        source_line=st.booleans(),
        source_comment=st.booleans(),
    ),
    note=st.sampled_from([None, "A **bold** remark about `claude-omega-1`."]),
)
def test_platform_html_of_any_shape_gives_the_markdown_record(
    lang: str, style: Style, note: str | None
) -> None:
    markdown = page(
        lang, SAMPLE_ROWS, SAMPLE_HISTORY, SAMPLE_PARAMETERS, style=style, status_note=note
    )
    from_md, from_html = _both(markdown, lang)
    assert len(from_md.models) == len(SAMPLE_ROWS)
    assert from_html.model_dump(exclude={"source"}) == from_md.model_dump(exclude={"source"})


# --- the 2025 docs site (full HTML captures) -------------------------------------------------


@pytest.mark.parametrize("path", corpus_params("en__2025-05-*.html"))
def test_2025_capture_parses_without_warnings(path: Path) -> None:
    record = parse_file(path)
    assert record.warnings == []
    assert record.language == "en"
    assert record.title == "Model deprecations"
    assert record.state_terms.model_dump() == {
        "active": ["Active"],
        "legacy": ["Legacy"],
        "deprecated": ["Deprecated"],
        "retired": ["Retired"],
    }
    # Older pages list retired models too; their 4th column is "Retired", not a tentative date.
    retired = record.model("claude-1.0")
    assert retired is not None
    assert (retired.state, retired.deprecated_on, retired.retirement_date) == (
        "retired",
        date(2024, 9, 4),
        date(2024, 11, 6),
    )
    deprecated = record.model("claude-2.0")
    assert deprecated is not None
    assert (deprecated.state, deprecated.deprecated_on, deprecated.retirement_date) == (
        "deprecated",
        date(2025, 1, 21),
        None,
    )
    assert deprecated.retirement_label == "N/A"
    active = record.model("claude-3-7-sonnet-20250219")
    assert active is not None
    assert (active.state, active.deprecated_on, active.retirement_date) == ("active", None, None)

    older, newer = sorted(record.deprecations, key=lambda d: d.announced_on)
    assert older.announced_on == date(2024, 9, 4)
    assert older.anchor == "2024-09-04-claude-1-and-instant-models"
    assert [e.model_id for e in older.entries] == [
        "claude-1.0",
        "claude-1.1",
        "claude-1.2",
        "claude-1.3",
        "claude-instant-1.0",
        "claude-instant-1.1",
        "claude-instant-1.2",
    ]
    assert {(e.retirement_date, e.replacement) for e in older.entries} == {
        (date(2024, 11, 6), "claude-3-5-haiku-20241022")
    }
    assert newer.announced_on == date(2025, 1, 21)
    assert [e.model_id for e in newer.entries] == [
        "claude-2.0",
        "claude-2.1",
        "claude-3-sonnet-20240229",
    ]
    assert {(e.retirement_date, e.replacement) for e in newer.entries} == {
        (date(2025, 7, 21), "claude-3-5-sonnet-20241022")
    }
    assert all(d.retired_on is None for d in record.deprecations)


@pytest.mark.parametrize("path", corpus_params("en__2025-05-02__*.html"))
def test_2025_05_02_capture(path: Path) -> None:
    record = parse_file(path)
    assert len(record.models) == 16
    assert record.model("claude-sonnet-4-20250514") is None
    history = {d.announced_on: d.anchor for d in record.deprecations}
    assert history[date(2025, 1, 21)] == "2025-01-21-claude-2-claude-2-1-and-claude-3-sonnet-models"
    # That site rendered no H1: the title comes from <title>, without " - Anthropic".
    blocks = read_html(path.read_text(encoding="utf-8")).blocks
    assert not any(isinstance(b, Heading) and b.level == 1 for b in blocks)


@pytest.mark.parametrize("path", corpus_params("en__2025-05-27__*.html"))
def test_2025_05_27_capture(path: Path) -> None:
    started = time.perf_counter()
    record = parse_file(path)
    assert time.perf_counter() - started < 3.0, "a 2.2 MB page should parse in well under 3 s"
    assert len(record.models) == 18
    for model_id in ("claude-sonnet-4-20250514", "claude-opus-4-20250514"):
        model = record.model(model_id)
        assert model is not None
        assert (model.state, model.deprecated_on, model.retirement_date) == ("active", None, None)
    # The percent-encoded heading id (`2025-01-21%3A-claude-2%2C-...`) gives a plain slug.
    history = {d.announced_on: d.anchor for d in record.deprecations}
    assert history[date(2025, 1, 21)] == "2025-01-21-claude-2-claude-2-1-and-claude-sonnet-3-models"
    assert record.sections[0].anchor == "model-deprecations"  # the H1 sits outside the body
    assert "Was this page helpful" not in " ".join(s.text for s in record.sections)


@pytest.mark.parametrize("path", corpus_params("en__2025-05-*.html"))
def test_markdown_copy_of_a_2025_capture_reads_back_the_same(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    copy = html_to_markdown(html)
    assert "| `claude-1.0` | Retired | September 4, 2024 | November 6, 2024 |" in copy
    assert "<nav" not in copy and "__NEXT_DATA__" not in copy
    assert read_markdown(copy).blocks == read_html(html).blocks


def _newest_per_language() -> list[object]:
    newest: dict[str | None, object] = {}
    for param in corpus_params("*.md"):
        path = param.values[0]  # type: ignore[attr-defined]
        newest[language_from_name(path.name) if path else None] = param
    return list(newest.values())


@pytest.mark.parametrize("path", _newest_per_language())
def test_markdown_copy_of_a_rendered_capture_reads_back_the_same(path: Path) -> None:
    html = _rendered(path)
    copy, doc = read_markdown(html_to_markdown(html)), read_html(html)
    assert (copy.blocks, copy.title) == (doc.blocks, doc.title)


# --- small fixtures: one trap of the real markup each ----------------------------------------


def _doc(body: str, head: str = "") -> list[Block]:
    return read_html(f"<html><head>{head}</head><body>{body}</body></html>").blocks


STATUS = (
    "<table><thead><tr><th>Model</th><th>State</th><th>Deprecated</th><th>Retires</th></tr>"
    "</thead><tbody>{rows}</tbody></table>"
)
ROW = "<tr><td>{id}</td><td>Active</td><td>N/A</td><td>N/A</td></tr>"


def test_rendered_fixture_page_ignores_payload_nav_footer_and_placeholder() -> None:
    html = render_platform_html(page("en", SAMPLE_ROWS, SAMPLE_HISTORY), lang="en")
    # The traps are really there: the payload, the footer and nav come before the article.
    assert html.index("self.__next_f.push") > html.index("<article")
    assert html.index("<footer") < html.index("<article") and html.index("<nav") < html.index(
        "<article"
    )
    assert "claude-payload-only-1" in html and "Loading…" in html
    record = parse_text(html, url=PAGE_URL.format(lang="en"), language="en")
    assert [m.model_id for m in record.models] == sorted(r.model_id for r in SAMPLE_ROWS)
    text = " ".join(s.text for s in record.sections) + " ".join(b.title for b in record.sections)
    for stray in ("payload-only", "Loading", "Anthropic PBC", "Products", "Copy page", "Search"):
        assert stray not in text


def test_script_payloads_are_never_read() -> None:
    payload = STATUS.format(rows=ROW.format(id="claude-from-script-1"))
    blocks = _doc(
        f"<script>self.__next_f.push([1,'{payload}'])</script>"
        f"<article><h2>Status</h2><p>Text.</p>{STATUS.format(rows=ROW.format(id='claude-real-1'))}"
        "</article><script type='application/json'>{\"claude-json-1\": 1}</script>"
    )
    tables = [b for b in blocks if isinstance(b, Table)]
    assert [t.rows[0][0] for t in tables] == ["claude-real-1"]
    assert "claude-from-script" not in repr(blocks) and "claude-json" not in repr(blocks)


def test_streamed_article_after_the_footer_is_read_in_place() -> None:
    blocks = _doc(
        "<main><p>Before.</p><!--$?--><template id='B:0'></template><p>Loading</p><!--/$-->"
        "<p>After.</p></main><footer><h2>Site footer</h2><p>Links</p></footer>"
        "<div hidden id='S:0'><h1>Title</h1><h2>Status</h2>"
        f"{STATUS.format(rows=ROW.format(id='claude-real-1'))}</div>"
        "<div hidden><p>Hidden menu</p></div><p style='display: none'>Hidden too</p>"
    )
    texts = [getattr(b, "text", None) for b in blocks]
    assert texts[:3] == ["Before.", "Title", "Status"]
    assert texts[-1] == "After."
    assert not {"Loading", "Site footer", "Links", "Hidden menu", "Hidden too"} & set(texts)


def test_status_ids_inside_click_to_copy_spans_and_code() -> None:
    rows = (
        '<tr><td><span data-state="closed" class="cursor-pointer"><span>claude-a-1</span>'
        '<svg><path d="M0"/></svg><span class="sr-only">Copy</span></span></td>'
        "<td>Active</td><td>N/A</td><td>N/A</td></tr>"
        "<tr><td><code>claude-b-2</code></td><td>Active</td><td>N/A</td><td>N/A</td></tr>"
        "<tr><td><button data-state='closed'>claude-c-3</button></td><td>Active</td>"
        "<td>N/A</td><td>N/A</td></tr>"
    )
    blocks = _doc(
        f'<article><h2>S</h2><h2>T</h2><div class="overflow-x-auto">'
        f"{STATUS.format(rows=rows)}</div></article>"
    )
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert [row[0] for row in table.rows] == ["claude-a-1", "claude-b-2", "claude-c-3"]
    assert table.header == ("Model", "State", "Deprecated", "Retires")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (  # the 2025 site: the anchor link nests in a div, the text in a span
            '<h2 id="model-status"><div class="absolute"><a href="#model-status">\u200b'
            "<div><svg></svg></div></a></div><span>Model status</span></h2>",
            Heading(2, "Model status", "model-status"),
        ),
        (  # percent-encoded id of a history heading
            '<h3 id="2025-01-21%3A-claude-2%2C-and-more"><a href="#x"></a>2025-01-21: Claude 2, '
            "and more</h3>",
            Heading(3, "2025-01-21: Claude 2, and more", "2025-01-21-claude-2-and-more"),
        ),
        (  # no id on the heading: the empty anchor's target names it
            '<h2><a href="#modellstatus" aria-hidden="true"></a>Modell<em>status</em></h2>',
            Heading(2, "Modellstatus", "modellstatus"),
        ),
        (  # an anchor element carrying the id
            '<h2><a id="english-slug" name="english-slug"></a>Estado del modelo</h2>',
            Heading(2, "Estado del modelo", "english-slug"),
        ),
        ("<h4>Plain <code>text</code> only</h4>", Heading(4, "Plain text only", "plain-text-only")),
        (  # a link in the text is text, not the anchor
            '<h2 id="see-also"><a href="#see-also"></a>See <a href="#other">other</a></h2>',
            Heading(2, "See other", "see-also"),
        ),
    ],
)
def test_heading_anchor_and_text(heading: str, expected: Heading) -> None:
    assert _doc(heading) == [expected]


def test_h1_anchor_is_the_title_slug_and_title_comes_from_it() -> None:
    doc = read_html(
        "<html><head><title>Other - Claude API Docs</title></head><body>"
        '<h1 id="page-title">Model deprecations</h1></body></html>'
    )
    assert doc.blocks == [Heading(1, "Model deprecations", "model-deprecations")]
    assert doc.title == "Model deprecations"


def test_h1_above_the_body_is_the_nearest_one_not_the_site_logo() -> None:
    doc = read_html(
        "<html><body><header><h1>Docs logo</h1></header><div id='content-area'>"
        "<header><div>Models</div><h1 id='page-title'>Deprecations</h1></header>"
        "<div class='mdx-content prose'><h2>A</h2><h2>B</h2>"
        f"{STATUS.format(rows=ROW.format(id='claude-a-1'))}"
        "</div><div><p>Was this page helpful?</p></div></div></body></html>"
    )
    assert doc.title == "Deprecations"
    assert doc.blocks[:3] == [
        Heading(1, "Deprecations", "deprecations"),
        Heading(2, "A", "a"),
        Heading(2, "B", "b"),
    ]
    assert len(doc.blocks) == 4  # neither the logo, the eyebrow nor the feedback line


def test_title_meta_lang_and_canonical_from_the_head() -> None:
    doc = read_html(
        '<html lang="pt-BR"><head><title>Descontinuação - Claude API Docs</title>'
        '<link rel="canonical" href="https://platform.claude.com/docs/pt-BR/x"></head>'
        "<body><p>Text.</p></body></html>"
    )
    assert doc.title == "Descontinuação"
    assert doc.meta == {"lang": "pt-BR", "canonical": "https://platform.claude.com/docs/pt-BR/x"}
    og = read_html(
        '<html><head><title>T - Anthropic</title><meta property="og:url" content="/ja/docs/x">'
        "</head><body></body></html>"
    )
    assert (og.title, og.meta) == ("T", {"canonical": "/ja/docs/x"})


@pytest.mark.parametrize(
    ("markup", "kind"),
    [
        ('<div data-callout-type="note" class="callout"><svg></svg><p>{body}</p></div>', "note"),
        ('<div class="callout callout-warning"><div><p>{body}</p></div></div>', "warning"),
        ('<div class="my-4 tip-callout rounded">{body}</div>', "tip"),
        ('<div class="callout info border">{body}</div>', "info"),
        ('<aside class="admonition caution">{body}</aside>', "caution"),
        ('<div role="note"><p>{body}</p></div>', "note"),
        ('<div role="alert" class="rounded">{body}</div>', "warning"),
        ('<div data-callout="check"><p>{body}</p></div>', "check"),
    ],
)
def test_callout_forms(markup: str, kind: str) -> None:
    body = "Retired <strong>June 1, 2026</strong>.</p><p>See <a href='/x'>the guide</a>."
    blocks = _doc("<article>" + markup.format(body=body) + "<p>After.</p></article>")
    assert blocks == [
        Callout(kind, "Retired June 1, 2026. See the guide.", ("June 1, 2026",)),
        Paragraph("After."),
    ]


def test_plain_aside_and_toc_are_not_content() -> None:
    blocks = _doc(
        "<article><h2>A</h2><aside><p>Sidebar</p></aside><div class='toc'><p>On this page</p>"
        "</div><div id='table-of-contents'><ul><li>A</li></ul></div><p>Kept.</p>"
        "<pre><code>code is skipped</code></pre><header><p>Breadcrumb</p></header></article>"
    )
    assert blocks == [Heading(2, "A", "a"), Paragraph("Kept.")]


def test_inline_text_matches_the_markdown_reader() -> None:
    markdown = (
        "- **Active** (Aktiv): a *model*  with `claude-x-1` and [a link](/x).\n"
        "- **Retired:** line one\n  line two\n\n"
        "1. First\n\nText\nnext with **bold** and __under__ and H<sub>2</sub>O.\n"
    )
    html = (
        "<ul><li><strong>Active</strong> (Aktiv): a <em>model</em>  with <code>claude-x-1</code>"
        ' and <a href="/x">a link</a>.</li><li><b>Retired:</b> line one\nline two</li></ul>'
        "<ol><li><p>First</p></li></ol><p>Text\nnext with <strong>bold</strong> and "
        "<strong>under</strong> and H<sub>2</sub>O.</p>"
    )
    assert _doc(html) == read_markdown(markdown).blocks
    assert _doc(html)[0] == ListItem(
        "Active (Aktiv): a model with claude-x-1 and a link.", ("Active",)
    )
    assert _doc("<p>one<br>two<br/>three</p>") == [Paragraph("one two three")]


def test_nested_list_stays_in_its_item() -> None:
    blocks = _doc("<ul><li>Outer<ul><li>inner one</li><li>inner two</li></ul></li></ul>")
    assert blocks == [ListItem("Outer inner one inner two")]


def test_cells_are_text_only() -> None:
    rows = (
        "<tr><td><p><code>claude-a-1</code></p></td><td><strong>Active</strong></td>"
        '<td>N/A<br></td><td>Not sooner than <a href="#d">June 1, 2027</a></td></tr>'
    )
    [table] = [b for b in _doc(STATUS.format(rows=rows)) if isinstance(b, Table)]
    assert table.rows == (("claude-a-1", "Active", "N/A", "Not sooner than June 1, 2027"),)


def test_soft_404_is_not_the_page() -> None:
    with pytest.raises(NotThePage, match="soft 404"):
        parse_text(render_soft_404(), url="https://platform.claude.com/docs/en/x", fmt="html")


def test_page_without_status_table_is_a_page_error() -> None:
    html = render_platform_html(page("de", status_table=False), lang="de")
    with pytest.raises(PageError, match="status table not found"):
        parse_text(html, url=PAGE_URL.format(lang="de"), fmt="html")


def test_markdown_copy_keeps_tables_callouts_and_ids() -> None:
    markdown = page(
        "ja", style=Style(heading_ids="escaped"), status_note="Preview **retired** soon."
    )
    html = render_platform_html(markdown, lang="ja")
    copy = html_to_markdown(html)
    for row in SAMPLE_ROWS:
        assert f"| {row.model_id} |" in copy
    assert "<Note>" in copy and "</Note>" in copy
    assert "{#model-status}" in copy
    assert "url: https://platform.claude.com/docs/ja/about-claude/model-deprecations" in copy
    assert "self.__next_f" not in copy and "Loading" not in copy
    assert read_markdown(copy).blocks == read_html(html).blocks


def test_a_pipe_in_a_cell_stays_in_that_cell_of_the_markdown_copy() -> None:
    # markdownify leaves a cell's `|` bare: the copy's row split there, and read back, its
    # retirement was "2027" (the rest dropped) where the HTML says "2027|年3月1日以降".
    html = render_platform_html(
        page("ja").replace("2027年3月1日以降", "2027\\|年3月1日以降", 1), lang="ja"
    )
    assert ">2027|年3月1日以降<" in html
    copy = html_to_markdown(html)
    assert "| 2027\\|年3月1日以降 |" in copy
    assert read_markdown(copy).blocks == read_html(html).blocks


def test_a_row_with_more_cells_than_the_header_warns_with_their_text() -> None:
    html = render_platform_html(page("en"), lang="en")
    row_end = html.index("</tr>", html.index(">claude-alpha-5<"))
    html = html[:row_end] + "<td>see the note</td><td></td>" + html[row_end:]
    [table] = [b for b in read_html(html).blocks if isinstance(b, Table) and b.rows][:1]
    assert table.overfull == (1,)
    record = parse_text(html, url=PAGE_URL.format(lang="en"), language="en", fmt="html")
    assert [(w.where, w.message) for w in record.warnings] == [
        (
            "model-status row 1",
            "the row has more cells than the table's 4 columns (a '|' inside a cell?); the "
            "cells past them are not read: 'see the note | '",
        )
    ]
