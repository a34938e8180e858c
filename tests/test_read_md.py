"""The Markdown reader on our own small pages: every shape the page's `.md` has been seen in."""

from __future__ import annotations

import pytest
from fixtures import SAMPLE_PARAMETERS, Style, page
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.read.document import Callout, Document, Heading, ListItem, Paragraph, Table
from scraper.read.languages import LANGUAGES
from scraper.read.read_md import read_markdown, split_row


def blocks_of(doc: Document, kind: type) -> list:  # type: ignore[type-arg]
    return [b for b in doc.blocks if isinstance(b, kind)]


def headings(doc: Document) -> list[tuple[int, str, str]]:
    return [(h.level, h.text, h.anchor) for h in blocks_of(doc, Heading)]


# --- title, front matter, subtitle, source lines --------------------------------------------


def test_front_matter_without_h1() -> None:
    doc = read_markdown(
        "---\n"
        "title: Retiring things\n"
        "url: https://example.com/docs/en/retiring\n"
        'description: "Which things retire: and when"\n'
        "---\n"
        "\n"
        "First paragraph.\n"
        "\n"
        "## Overview\n"
    )
    assert doc.title == "Retiring things"
    assert doc.meta["url"] == "https://example.com/docs/en/retiring"
    assert doc.meta["description"] == "Which things retire: and when"
    # The front matter is not read as text, a thematic break or a setext heading.
    assert doc.blocks == [Paragraph("First paragraph."), Heading(2, "Overview", "overview")]


def test_h1_subtitle_and_rule() -> None:
    doc = read_markdown("# Retiring things\n\nA line under the title.\n\n---\n\nBody.\n")
    assert doc.title == "Retiring things"
    assert doc.blocks == [
        Heading(1, "Retiring things", "retiring-things"),
        Paragraph("A line under the title."),
        Paragraph("Body."),
    ]


def test_dashes_right_under_a_line_make_a_setext_heading() -> None:
    # CommonMark: a paragraph line directly followed by `---` is an H2, not a subtitle + rule.
    doc = read_markdown("Subtitle\n---\n")
    assert headings(doc) == [(2, "Subtitle", "subtitle")]


@pytest.mark.parametrize(
    "line",
    ["**Source:** https://example.com/docs/en/p", "Source: https://example.com/docs/en/p"],
)
def test_source_line_under_h1_goes_to_meta(line: str) -> None:
    doc = read_markdown(f"# Title - Mirror\n\n{line}\n\n- [Nav](/en/home)\n\nBody.\n")
    assert doc.meta["source"] == "https://example.com/docs/en/p"
    assert not any("Source" in b.text for b in doc.blocks if not isinstance(b, Table))
    assert blocks_of(doc, Paragraph) == [Paragraph("Body.")]


def test_source_line_in_the_body_stays_text() -> None:
    doc = read_markdown("# T\n\nBody first.\n\nSource: https://example.com/x\n")
    assert "source" not in doc.meta
    assert Paragraph("Source: https://example.com/x", ()) in doc.blocks


def test_source_comment_goes_to_meta() -> None:
    doc = read_markdown("<!-- Source: https://example.com/docs/fr/p -->\n# Titre\n\nTexte.\n")
    assert doc.meta["source"] == "https://example.com/docs/fr/p"
    assert doc.title == "Titre"
    assert doc.blocks == [Heading(1, "Titre", "titre"), Paragraph("Texte.")]


def test_other_comments_vanish() -> None:
    doc = read_markdown("Before <!-- hidden\nover lines --> after.\n")
    assert doc.blocks == [Paragraph("Before after.")]
    assert doc.meta == {}


# --- headings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "anchor"),
    [
        ("## 模型状态 \\{#model-status}", "模型状态", "model-status"),
        ("## Estado {#model-status}", "Estado", "model-status"),
        ("## [\u200b](#model-status) Statut", "Statut", "model-status"),
        ("## [](#model-status) Statut", "Statut", "model-status"),
        ("### [\u200b](#2025-01-21%3A-claude-2%2C-x) 2025-01-21: A, x", "2025-01-21: A, x",
         "2025-01-21-claude-2-x"),
        ("## Model status ##", "Model status", "model-status"),
        ("### 2026-04-14 : Two things", "2026-04-14 : Two things", "2026-04-14-two-things"),
        ("## `code` and **bold**", "code and bold", "code-and-bold"),
    ],
)  # fmt: skip
def test_heading_ids_and_text(line: str, text: str, anchor: str) -> None:
    (heading,) = read_markdown(line + "\n").blocks
    assert isinstance(heading, Heading)
    assert (heading.text, heading.anchor) == (text, anchor)


def test_setext_headings() -> None:
    doc = read_markdown("Big title\n=========\n\nSmaller\n-------\n\nText.\n")
    assert doc.title == "Big title"
    assert headings(doc) == [(1, "Big title", "big-title"), (2, "Smaller", "smaller")]
    assert blocks_of(doc, Paragraph) == [Paragraph("Text.")]


def test_fenced_code_is_skipped() -> None:
    doc = read_markdown("Text.\n\n```python\n# not a heading\n| not | a table |\n```\n\nMore.\n")
    assert doc.blocks == [Paragraph("Text."), Paragraph("More.")]


# --- lists and callouts ---------------------------------------------------------------------


@pytest.mark.parametrize("bullet", ["-", "*", "+"])
def test_bullets_keep_their_bold_terms(bullet: str) -> None:
    doc = read_markdown(
        f"Terms:\n{bullet} **Active**: usable.\n{bullet} **Legacy (Alt):** frozen,\n"
        "  still usable.\n"
    )
    assert doc.blocks == [
        Paragraph("Terms:"),
        ListItem("Active: usable.", ("Active",)),
        ListItem("Legacy (Alt): frozen, still usable.", ("Legacy (Alt):",)),
    ]


def test_ordered_list() -> None:
    (item,) = read_markdown("1. First step\n").blocks
    assert item == ListItem("First step", (), ordered=True)


def test_one_line_note() -> None:
    doc = read_markdown("<Note>These models left on **July 1, 2030**.</Note>\n\nAfter.\n")
    assert doc.blocks == [
        Callout("note", "These models left on July 1, 2030.", ("July 1, 2030",)),
        Paragraph("After."),
    ]


@pytest.mark.parametrize("indent", ["", "  ", "    "])
def test_multi_line_callouts_with_indented_bodies(indent: str) -> None:
    doc = read_markdown(
        f"<Warning>\n{indent}First line of the body\n{indent}and its second line.\n\n"
        f"{indent}Another paragraph with [a link](/docs/x).\n</Warning>\n\nOutside.\n"
    )
    assert doc.blocks == [
        Callout("warning", "First line of the body and its second line. Another paragraph with "
                "a link."),
        Paragraph("Outside."),
    ]  # fmt: skip


def test_callout_tags_are_case_insensitive_and_may_carry_attributes() -> None:
    doc = read_markdown('<tip title="x">\nA tip.\n</tip>\n')
    assert doc.blocks == [Callout("tip", "A tip.")]


def test_unclosed_callout_does_not_raise() -> None:
    doc = read_markdown("<Note>\nNever closed.\n\n## Heading\n")
    assert blocks_of(doc, Callout)[0].kind == "note"


# --- tables ---------------------------------------------------------------------------------


def test_table_with_backticked_ids_and_aligned_separator() -> None:
    doc = read_markdown(
        "| API model name | State |\n"
        "|:---------------|:------|\n"
        "| `claude-a-1`   | Active |\n"
        "| claude-b-2     | Retired|\n"
    )
    assert doc.blocks == [
        Table(("API model name", "State"), (("claude-a-1", "Active"), ("claude-b-2", "Retired")))
    ]


def test_table_padded_by_display_width() -> None:
    doc = read_markdown(
        "| モデル                | 状態     |\n"
        "| --------------------- | -------- |\n"
        "| `claude-a-1`          | 提供中   |\n"
        "| `claude-b-2`          | 非推奨   |\n"
    )
    (table,) = doc.blocks
    assert table == Table(("モデル", "状態"), (("claude-a-1", "提供中"), ("claude-b-2", "非推奨")))


@pytest.mark.parametrize(
    "separator", ["|---|---|", "| --- | --- |", "|:--|--:|", "|:-:|:-:|", " | :-- | :-- |"]
)
def test_separator_shapes(separator: str) -> None:
    (table,) = read_markdown(f"| a | b |\n{separator}\n| 1 | 2 |\n").blocks
    assert table == Table(("a", "b"), (("1", "2"),))


def test_pipes_escaped_or_in_code_stay_in_their_cell() -> None:
    (table,) = read_markdown("| a | b | c |\n|---|---|---|\n| x \\| y | `p|q` | `r\\|s` |\n").blocks
    assert table == Table(("a", "b", "c"), (("x | y", "p|q", "r|s"),))


def test_unmatched_backtick_does_not_swallow_the_row() -> None:
    (table,) = read_markdown("| a | b | c |\n|---|---|---|\n| `claude-x | Active | N/A |\n").blocks
    assert table == Table(("a", "b", "c"), (("`claude-x", "Active", "N/A"),))


def test_table_cells_lose_links_and_formatting() -> None:
    (table,) = read_markdown(
        "| Parameter | Replacement |\n|---|---|\n"
        "| `knob_a`, `knob_b` | Use [prompts](https://example.com/p) or [hints](/docs/h). |\n"
        "| **bold** _it_ | \\*literal\\* |\n"
    ).blocks
    assert table == Table(
        ("Parameter", "Replacement"),
        (("knob_a, knob_b", "Use prompts or hints."), ("bold it", "*literal*")),
    )


def test_ragged_rows_are_kept_as_they_are() -> None:
    (table,) = read_markdown("| a | b | c |\n|---|---|---|\n| 1 | 2 |\n").blocks
    assert isinstance(table, Table)
    assert table.rows == (("1", "2"),)  # kept short: extract warns about rows that do not fit


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="|`\\"),
            max_size=12,
        ).map(str.strip),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=0, max_value=3),
)
@settings(max_examples=100, deadline=None)
def test_split_row_round_trips_plain_cells(cells: list[str], padding: int) -> None:
    pad = " " * padding
    line = "|" + "|".join(f"{pad}{c}{pad}" for c in cells) + "|"
    assert split_row(line) == cells


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "See [the guide](/docs/en/guide) now.",
        "See [the guide](https://platform.example.com/docs/en/guide) now.",
        "See [the guide](https://example.com/a_(b)) now.",
        'See [the guide](/docs/en/guide#part "Title") now.',
        "See <https://example.com/the-guide> now.",
    ],
)
def test_links_reduce_to_their_text(markdown: str) -> None:
    (paragraph,) = read_markdown(markdown).blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text in ("See the guide now.", "See https://example.com/the-guide now.")


# --- the same content in every formatting the page has used ---------------------------------


def body_text(doc: Document) -> list[tuple[str, str]]:
    """What a reader sees, from the first H2 on; table headers compared without case."""
    out: list[tuple[str, str]] = []
    started = False
    for block in doc.blocks:
        started = started or (isinstance(block, Heading) and block.level == 2)
        if not started:
            continue
        if isinstance(block, Table):
            header = " | ".join(block.header).casefold()
            out.append(("table", header + "\n" + "\n".join(" | ".join(r) for r in block.rows)))
        else:
            out.append((type(block).__name__, block.text))
    return out


VARIANTS = [
    Style(),
    Style(bullet="*"),
    Style(pad=False),
    Style(aligned_separator=False),
    Style(indent_callouts=True),
    Style(status_backticks=False),
    Style(absolute_links=True),
    Style(heading_ids="braces"),
    Style(heading_ids="escaped"),
    Style(heading_ids="anchor"),
    Style(lower_case_headers=True),
    Style(front_matter=True),
    Style(source_line=True),
    Style(source_comment=True),
    Style(
        bullet="*", pad=False, aligned_separator=False, indent_callouts=True,
        status_backticks=False, absolute_links=True, heading_ids="escaped",
        lower_case_headers=True, front_matter=True,
    ),
]  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_formatting_variants_give_the_same_text(lang: str) -> None:
    reference = read_markdown(page(lang, parameters=SAMPLE_PARAMETERS))
    expected = body_text(reference)
    assert ("table", expected[-1][1]) == expected[-1]  # the parameter table is in the comparison
    for style in VARIANTS:
        doc = read_markdown(page(lang, parameters=SAMPLE_PARAMETERS, style=style))
        assert body_text(doc) == expected, style
        assert doc.title == reference.title, style


@pytest.mark.parametrize("lang", LANGUAGES)
def test_heading_ids_do_not_change_text_but_give_english_anchors(lang: str) -> None:
    plain = read_markdown(page(lang))
    for mode in ("braces", "escaped", "anchor"):
        doc = read_markdown(page(lang, style=Style(heading_ids=mode)))
        assert [h[:2] for h in headings(doc)] == [h[:2] for h in headings(plain)]
        anchors = {h[2] for h in headings(doc)}
        assert {"overview", "model-status", "deprecation-history"} <= anchors


def test_windows_line_endings_and_bom() -> None:
    text = "\ufeff" + page("en").replace("\n", "\r\n")
    assert read_markdown(text) == read_markdown(page("en"))


def test_reader_never_raises_on_odd_input() -> None:
    for odd in [
        "",
        "\n\n",
        "|",
        "| |\n|-|",
        "<Note>",
        "---\n",
        "---\ntitle: x\n",
        "#",
        "* ",
        "```",
    ]:
        assert isinstance(read_markdown(odd), Document)


@given(st.text(max_size=300))
@settings(max_examples=100, deadline=None)
def test_reader_never_raises(text: str) -> None:
    assert isinstance(read_markdown(text), Document)


def test_front_matter_only_when_it_looks_like_one() -> None:
    # A rule at the very top followed by prose is not front matter.
    doc = read_markdown("---\nJust prose, no keys here\n---\n\nBody.\n")
    assert "Body." in [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert doc.meta == {}


def test_source_line_of_a_translated_page() -> None:
    # Mirrors put it right under the H1, before the translation's subtitle.
    doc = read_markdown(page("de", style=Style(source_line=True)))
    assert doc.meta["source"].endswith("/docs/de/about-claude/model-deprecations")
    assert blocks_of(doc, Paragraph)[0] == Paragraph("Testseite mit erfundenem Text.")


def test_a_row_left_open_in_a_closed_table_is_marked() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4\n| 5 | 6 |\n"
    (table,) = [b for b in read_markdown(text).blocks if isinstance(b, Table)]
    assert table.rows == (("1", "2"), ("3", "4"), ("5", "6"))
    assert table.unclosed == (2,)
    # A table whose lines are all open is a style, not damage.
    open_style = "| a | b\n|---|---\n| 1 | 2\n| 3 | 4\n"
    (table,) = [b for b in read_markdown(open_style).blocks if isinstance(b, Table)]
    assert table.unclosed == ()


def test_a_row_with_more_cells_than_the_header_keeps_the_rest_in_its_last_cell() -> None:
    # A `|` inside a cell: which cell cannot be told, so the last one keeps the rest of the
    # line as written (a typed value read from it would be a guess); empty cells past the
    # header's are nothing lost.
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |x  y| `z` |\n| 5 | 6 | |\n| 7 | `p|q` |\n"
    (table,) = [b for b in read_markdown(text).blocks if isinstance(b, Table)]
    assert table.rows == (("1", "2"), ("3", "4 |x y| z"), ("5", "6", ""), ("7", "p|q"))
    assert table.overfull == (2,)
    assert split_row("| 3 | 4 \\| x | y |", limit=2) == ["3", "4 | x | y"]
    assert split_row("| 3 | 4 | x |", limit=1) == ["3 | 4 | x"]


def test_a_status_row_cut_after_its_date_warns() -> None:
    # In Japanese "not sooner than" follows the date: a cut there loses only the qualifier.
    from fixtures import SOURCE

    from scraper.read.extract import extract

    text = page("ja")
    line = next(ln for ln in text.splitlines() if ln.startswith("| `claude-alpha-5`"))
    cut = line[: line.index("日以降") + 1]
    record = extract(read_markdown(text.replace(line, cut)), language="ja", source=SOURCE)
    assert [w.message for w in record.warnings] == [
        "the row is not closed with '|' like the others: cut short?"
    ]
