"""Read the page's Markdown (the `.md` twin, or a mirror's Markdown-like text) into a Document.

Handles every shape seen so far: YAML front matter or none, an H1 or none, ATX and setext
headings, explicit heading ids (`{#id}`, `\\{#id}`, `[​](#id) Title`), `-`/`*`/`+` bullets,
MDX callouts (`<Note>` ... `</Note>`, indented or not) and GFM pipe tables in any padding.
"""

from __future__ import annotations

import re

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

# The closing `#`s are stripped in code: a regex `(.*?)\s*#*\s*$` backtracks quadratically.
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HEADING_ID = re.compile(r"\\?\{#([^{}\s]+)\\?\}\s*$")
_LEADING_ANCHOR = re.compile(r"^\[[\s\u200b]*\]\(#([^)\s]+)\)\s*")
_BULLET = re.compile(r"^(\s*)(?:([-*+])|(\d+)[.)])\s+(.*)$")
_CALLOUT_OPEN = re.compile(
    r"^\s*<(Note|Warning|Tip|Info|Check|Callout)\b[^>]*>(.*)$", re.IGNORECASE
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_MAX_CELLS = 64  # the page's tables have 3 or 4 columns
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*$")
_SOURCE_LINE = re.compile(r"^\s*(\*\*)?Source:(\*\*)?\s*(\S+)\s*$", re.IGNORECASE)

# Inline Markdown, in the order it is undone.
# Bracket and paren runs exclude their own opener, so a line of `[` or `(` stays linear.
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_MARKUP = re.compile(r"[\[<*_`\\!]")
_WHOLE_CODE = re.compile(r"^\s*`([^`]*)`\s*$")
_CODE_SPAN = re.compile(r"`[^`]*`")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Spans are bounded (the page's bold runs are a sentence at most): no quadratic scans.
_STRONG = re.compile(r"\*\*(.{1,500}?)\*\*|(?<!\w)__(.{1,500}?)__(?!\w)")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?!\s)(.{1,500}?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)(.{1,500}?)(?<!\s)_(?!\w)"
)
_CODE = re.compile(r"`+([^`]*)`+")
# Escaped characters are set aside as Unicode noncharacters (U+FDD0..., meant for internal
# use and stripped from input by `document.strip_controls`): plain str.replace, no callbacks.
_ESCAPABLE = "\\`*_{}[]()#+-.!|<>~"
_ESCAPED = {"\\" + char: chr(0xFDD0 + n) for n, char in enumerate(_ESCAPABLE)}
_UNESCAPE = str.maketrans({chr(0xFDD0 + n): char for n, char in enumerate(_ESCAPABLE)})


def read_markdown(text: str) -> Document:
    """Read Markdown text into a Document (pure; never raises on odd input)."""
    return _read(strip_controls(text), nested=False)


def _read(text: str, *, nested: bool) -> Document:
    """`nested`: the body of a callout, where a callout tag is plain text (no recursion)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta: dict[str, str] = {}
    text = _strip_front_matter(text, meta)
    text = _drop_comments(text, meta)
    lines = text.split("\n")
    blocks: list[Block] = []
    title: str | None = meta.get("title")
    i = 0
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            raw = " ".join(part.strip() for part in paragraph)
            paragraph.clear()
            source = _SOURCE_LINE.match(raw)
            if source and not any(isinstance(b, Paragraph) for b in blocks):
                meta.setdefault("source", source.group(3))
                return
            plain, strong = inline(raw)
            if plain:
                blocks.append(Paragraph(plain, strong))

    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush_paragraph()
            i += 1
            continue
        if _FENCE.match(line):
            flush_paragraph()
            fence = _FENCE.match(line).group(1)  # type: ignore[union-attr]
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                i += 1
            i += 1
            continue
        atx = _ATX.match(line)
        if atx:
            flush_paragraph()
            heading = _heading(len(atx.group(1)), _atx_text(atx.group(2)))
            if heading.level == 1 and title is None:
                title = heading.text
            blocks.append(heading)
            i += 1
            continue
        if (
            paragraph
            and len(paragraph) == 1
            and _SETEXT.match(line)
            and not _BULLET.match(paragraph[0])
        ):
            raw = paragraph.pop()
            level = 1 if line.strip().startswith("=") else 2
            heading = _heading(level, raw)
            if heading.level == 1 and title is None:
                title = heading.text
            blocks.append(heading)
            i += 1
            continue
        if _THEMATIC_BREAK.match(line) and not paragraph:
            i += 1
            continue
        callout = None if nested else _CALLOUT_OPEN.match(line)
        if callout:
            flush_paragraph()
            i = _read_callout(lines, i, callout, blocks)
            continue
        if line.lstrip().startswith("|"):
            flush_paragraph()
            i = _read_table(lines, i, blocks)
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush_paragraph()
            i = _read_list_item(lines, i, bullet, blocks)
            continue
        paragraph.append(line)
        i += 1
    flush_paragraph()
    if title is None and "title" in meta:
        title = meta["title"]
    return Document(blocks=blocks, title=clean_text(title) if title else None, meta=meta)


def inline(raw: str) -> tuple[str, tuple[str, ...]]:
    """Undo inline Markdown: return plain text and the plain text of its bold spans."""
    if not _MARKUP.search(raw):  # most table cells: nothing to undo
        return clean_text(raw), ()
    code = _WHOLE_CODE.match(raw)
    if code:  # a model id in backticks
        return clean_text(code.group(1)), ()
    # Each pattern runs only where its markup can be: a link needs `](`, a tag `<`.
    if "](" in raw:
        raw = _IMAGE.sub(r"\1", raw)
        raw = _LINK.sub(r"\1", raw)
    if "<" in raw:
        raw = _AUTOLINK.sub(r"\1", raw)
        raw = _BREAK.sub(" ", raw)
        raw = _TAG.sub("", raw)
    strong: tuple[str, ...] = ()
    if "**" in raw or "__" in raw:
        strong = tuple(
            s
            for s in (
                clean_text(_plain_span(m.group(1) or m.group(2) or ""))
                for m in _STRONG.finditer(raw)
            )
            if s
        )
    return clean_text(_plain_span(raw)), strong


def _plain_span(raw: str) -> str:
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(match.group(1))
        return f"\x00{len(codes) - 1}\x00"

    if "`" in raw:
        raw = _CODE.sub(keep_code, raw)
    # Escaped characters are literal: set them aside before undoing bold and emphasis.
    if "\\" in raw:
        for escape, mark in _ESCAPED.items():  # `\\` first: runs of backslashes pair up
            raw = raw.replace(escape, mark)
    if "*" in raw or "_" in raw:
        raw = _STRONG.sub(lambda m: m.group(1) or m.group(2) or "", raw)
        raw = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or "", raw)
    if codes:
        raw = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))].strip(), raw)
    return raw.translate(_UNESCAPE)


def _heading(level: int, raw: str) -> Heading:
    anchor = None
    explicit = _HEADING_ID.search(raw)
    if explicit:
        anchor = explicit.group(1)
        raw = raw[: explicit.start()]
    leading = _LEADING_ANCHOR.match(raw)
    if leading:
        anchor = anchor or leading.group(1)
        raw = raw[leading.end() :]
    text, _ = inline(raw)
    return Heading(level=level, text=text, anchor=slugify(anchor or text))


def _read_callout(lines: list[str], i: int, opening: re.Match[str], blocks: list[Block]) -> int:
    tag = opening.group(1)
    closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    body: list[str] = []
    rest = opening.group(2)
    while True:
        end = closing.search(rest)
        if end:
            body.append(rest[: end.start()])
            i += 1
            break
        body.append(rest)
        i += 1
        if i >= len(lines):
            break
        rest = lines[i]
    inner = _read("\n".join(part.strip() for part in body), nested=True)
    texts = [b.text for b in inner.blocks if not isinstance(b, Table | Heading)]
    strong = tuple(s for b in inner.blocks if not isinstance(b, Table | Heading) for s in b.strong)
    blocks.append(Callout(kind=tag.lower(), text=clean_text(" ".join(texts)), strong=strong))
    return i


def _read_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    raw_rows: list[list[str]] = []
    closed: list[bool] = []
    overfull: list[int] = []
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        if not _TABLE_SEPARATOR.match(lines[i]):
            line = lines[i].rstrip()
            closed.append(line.endswith("|") and not line.endswith("\\|"))
            cells = split_row(lines[i])
            width = len(raw_rows[0]) if raw_rows else len(cells)
            if any(cells[width:]):  # empty cells past the header's hold nothing to lose
                overfull.append(len(raw_rows))
                cells = split_row(lines[i], limit=width)
            if len(cells) > _MAX_CELLS:  # junk, not the page's: keep its text in one last cell
                cells[_MAX_CELLS - 1 :] = [" | ".join(cells[_MAX_CELLS - 1 :])]
            raw_rows.append(cells)
        i += 1
    if raw_rows:
        header = tuple(inline(cell)[0] for cell in raw_rows[0])
        rows = tuple(tuple(inline(cell)[0] for cell in row) for row in raw_rows[1:])
        most_closed = sum(closed) * 2 > len(closed)
        unclosed = tuple(n for n, ok in enumerate(closed[1:], start=1) if most_closed and not ok)
        blocks.append(Table(header=header, rows=rows, unclosed=unclosed, overfull=tuple(overfull)))
    return i


def split_row(line: str, *, limit: int | None = None) -> list[str]:
    """Split a pipe-table row into raw cells; `|` inside backticks or escaped stays in the cell.

    An escaped `\\|` becomes a plain `|` (as in GFM, also inside code spans); a backtick with no
    closing one later in the row is literal, so a typo cannot swallow the rest of the row.
    `limit`: at most that many cells, the last one holding the rest of the row as written.
    """
    splits = -1 if limit is None else max(limit - 1, 0)
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    plain = "\\" not in line and not any("|" in m.group(0) for m in _CODE_SPAN.finditer(line))
    if plain:  # the usual row: a plain split
        return [cell.strip() for cell in line.split("|", splits)]
    cells: list[str] = []
    current: list[str] = []
    in_code = False
    escaped = False
    last_tick = line.rfind("`")  # a slice per backtick would be quadratic on a row of them
    for position, char in enumerate(line):
        if escaped:
            if char != "|":
                current.append("\\")
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "`":
            in_code = not in_code and last_tick > position
            current.append(char)
        elif char == "|" and not in_code and len(cells) != splits:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    cells.append("".join(current).strip())
    return cells


def _read_list_item(lines: list[str], i: int, first: re.Match[str], blocks: list[Block]) -> int:
    indent = len(first.group(1))
    parts = [first.group(4)]
    i += 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            break
        starts_block = (
            _BULLET.match(line) or _ATX.match(line) or line.lstrip().startswith(("|", "<"))
        )
        # Only a more deeply indented bullet continues this item (as a nested one).
        if starts_block and (len(line) - len(line.lstrip()) <= indent or not _BULLET.match(line)):
            break
        parts.append(line.strip())
        i += 1
    plain, strong = inline(" ".join(parts))
    blocks.append(ListItem(text=plain, strong=strong, ordered=first.group(3) is not None))
    return i


def _strip_front_matter(text: str, meta: dict[str, str]) -> str:
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 4)
    if end < 0:
        return text
    body = text[4:end]
    pairs = [line.split(":", 1) for line in body.split("\n") if ":" in line]
    keys = [key.strip() for key, _ in pairs if key[:1] not in (" ", "\t")]
    if not keys or not all(_FRONT_MATTER_KEY.match(key) for key in keys):
        return text
    for key, value in pairs:
        if key[:1] != " ":
            meta[key.strip()] = value.strip().strip("'\"")
    after = text.find("\n", end + 4)
    return text[after + 1 :] if after >= 0 else ""


def _atx_text(raw: str) -> str:
    """A heading's text without its optional closing `#`s."""
    return raw.strip().rstrip("#").rstrip()


def _drop_comments(text: str, meta: dict[str, str]) -> str:
    """Remove `<!-- ... -->` comments by scanning once (a regex rescans unclosed ones)."""
    if "<!--" not in text:
        return text
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:  # unclosed: the rest is text, as before
            break
        parts.append(text[position:start])
        parts.append(_comment_meta(text[start : end + 3], meta))
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def _comment_meta(comment: str, meta: dict[str, str]) -> str:
    source = re.search(r"Source:\s*(\S+)", comment)
    if source:
        meta.setdefault("source", source.group(1).rstrip("->").strip())
    return ""


# How a complete Markdown page can end: a sentence's punctuation, a closing bracket, quote or
# markup (`)` of a link, `**`, `` ` ``, `>` of a closing tag), or `---`.
_SENTENCE_END = frozenset(".!?:;。！？：；…)]}>*_`\"'”’»」』）】-|")


def unfinished_ending(text: str) -> str | None:
    """Why a Markdown body looks cut off (a table row or a sentence left unfinished), or None.

    Real pages end with a table row or a sentence; a body cut mid-transfer ends mid-row or
    mid-word. A heading at the end is not judged here (the guards compare what was lost).
    """
    lines = [line.rstrip() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line.strip()]
    if not lines:
        return "the body is empty"
    last = lines[-1].strip()
    if last.startswith("|"):
        if not last.endswith("|") or last.endswith("\\|"):
            return f"it ends inside a table row: {last[-60:]!r}"
        header = _table_start(lines)
        if header is not None and len(split_row(lines[header])) != len(split_row(last)):
            return f"its last table row has fewer cells than the table: {last[-60:]!r}"
        return None
    if _ATX.match(last) or _FENCE.match(last) or _THEMATIC_BREAK.match(last):
        return None
    if last[-1] not in _SENTENCE_END:
        return f"it ends mid-sentence: {last[-60:]!r}"
    return None


def _table_start(lines: list[str]) -> int | None:
    """The index of the header row of the table the last line belongs to."""
    i = len(lines) - 1
    while i > 0 and lines[i - 1].lstrip().startswith("|"):
        i -= 1
    return i if i < len(lines) - 1 else None
