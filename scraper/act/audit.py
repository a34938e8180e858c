"""Audit a code base for Claude model ids that are deprecated, retired or legacy.

`audit(paths, record, today)` walks source and config files (skipping what git and build tools
leave behind), finds every model id spelling (see `model_ids`), resolves it against one page
record (normally English, from `snapshots/latest.json`) and says, for each use, the model's
state, the days until or since its retirement, and what replaces it. `render_text`,
`render_json` and `render_sarif` format the result; nothing here writes files.
"""

from __future__ import annotations

import json
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple

from scraper.act.reference import (  # noqa: F401  (catalog: part of this module's API)
    ModelFacts,
    Reference,
    ReferenceSource,
    about,
    catalog,
    reference_of,
    source_words,
)
from scraper.read.languages import LANGUAGE_NAMES, STATES
from scraper.read.model_ids import (
    IdMatch,
    IdResolver,
    Platform,
    families,
    find_ids,
    looks_like_model,
    normalize,
)
from scraper.words import counted, plural

# `audit` starts in a fraction of a second: pydantic, pathspec and the partner-platform modules
# are imported only where they are used (tests/test_startup.py keeps it so).
if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from scraper.publish.platform_fates import PlatformFate
    from scraper.read.records import PageRecord, RetirementKind, State

ALLOW_FILE = ".deprecation-tracker-allow"
DEFAULT_MAX_BYTES = 5_000_000
FAIL_ON = ("deprecated", "retired")

# File kinds scanned, by suffix; `.env` files are matched by name (see `_is_scanned`).
SCANNED_SUFFIXES = frozenset(
    {
        *(".py", ".pyi", ".ipynb"),
        *(".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"),
        ".go",
        *(".yaml", ".yml", ".json", ".jsonc", ".toml"),
        *(".md", ".mdx", ".markdown"),
        ".env",
    }
)
# Directories never entered: version control, dependencies, caches and build outputs.
SKIP_DIRS = frozenset(
    {
        *(".git", ".hg", ".svn"),
        *("node_modules", ".venv", "venv", "site-packages", ".eggs"),
        *("__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"),
        *("dist", "build", "target", ".next", ".nuxt", ".ipynb_checkpoints"),
        ".tracker",  # this tool's run log
    }
)
# A directory holding one of these is an environment, whatever its name.
ENV_MARKERS = ("pyvenv.cfg", "conda-meta")
# The tracker's own data: `snapshots/` and `diffs/` beside `snapshots/latest.json`.
DATA_DIRS = ("snapshots", "diffs")

# Most urgent first; models not on the page last.
URGENCY: dict[State | None, int] = {
    "retired": 0,
    "deprecated": 1,
    "legacy": 2,
    "active": 3,
    None: 4,
}
# A state at or past another: `--fail-on deprecated` also fails on retired.
STATE_RANK = {state: index for index, state in enumerate(STATES)}


class AuditError(Exception):
    """The audit cannot start (a path that does not exist, an unreadable allow-list)."""


# -- what the page says about each model -------------------------------------------------------


def effective_state(facts: ModelFacts, today: date) -> State | None:
    """The page's state, except that a fixed retirement date already reached means retired."""
    fixed = facts.retirement_date is not None and facts.retirement_not_before is False
    if fixed and facts.retirement_date is not None and facts.retirement_date <= today:
        return "retired"
    return facts.state_on_page


# -- records of the result ---------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFinding:
    """One use of a model id in a file."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}  # the schema says so

    path: str = field(metadata=about("The file, relative to the current directory, `/`-separated."))
    line: int = field(metadata=about("1-based line (in the file, or in the cell: see line_in)."))
    column: int = field(metadata=about("1-based column, in characters."))
    end_column: int = field(metadata=about("Column just after the id."))
    line_in: Literal["file", "cell"] = field(
        metadata=about("`cell` only for a notebook cell that could not be located in the file.")
    )
    cell: int | None = field(metadata=about("1-based notebook cell, for .ipynb files."))
    written: str = field(metadata=about("The id as written."))
    platform: Platform = field(metadata=about("Whose spelling: anthropic, bedrock or vertex."))
    model_id: str | None = field(metadata=about("The page's model id it stands for; null if none."))
    state: State | None = field(
        metadata=about(
            "As of `today`: the page's state, or retired once a fixed retirement date "
            "has passed; null for an id not on the page."
        )
    )
    state_on_page: State | None
    retirement_date: date | None
    retirement_not_before: bool | None
    retirement_kind: RetirementKind = field(
        metadata=about(
            "What the page says of the retirement: date, not_sooner_than, "
            "to_be_announced, coarse (e.g. 'Q3 2027', see retirement_label), not_applicable, "
            "unrecognised (see retirement_label); `date` for an id not on the page."
        )
    )
    retirement_label: str = field(metadata=about("The retirement as the page prints it."))
    days_until_retirement: int | None = field(metadata=about("Negative: days since retirement."))
    replacement: str | None = field(metadata=about("The page's recommended replacement."))
    judged_by: Literal["anthropic", "bedrock", "vertex", "foundry"] = field(
        default="anthropic",
        metadata=about(
            "Whose dates judged it: a platform's id by that platform's own page, when "
            "it lists the model (then state and dates are the platform's).",
        ),
    )
    platform_fate: str | None = field(
        default=None, metadata=about("The platform's fate in words, when `judged_by` a platform.")
    )


@dataclass(frozen=True)
class AuditSummary:
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}  # the schema says so

    files_scanned: int
    files_with_findings: int
    findings: int
    allowed: int = field(metadata=about("Uses left out by the allow-list."))
    skipped_binary: int
    skipped_large: int
    skipped_ignored: int = field(metadata=about("Files and directories ignored by .gitignore."))
    skipped_other_kinds: int = field(
        metadata=about(
            "Files of kinds the audit does not read (not source, config, notebooks, "
            "Markdown or .env: images, .txt, .rs, lock files, ...).",
        )
    )
    skipped_dirs: int = field(
        metadata=about(
            "Directories not entered: .git, environments, dependencies, build outputs, "
            "the tracker's own data, symbolic links (never followed)."
        )
    )
    skipped_unreadable: int = field(metadata=about("Files and directories that could not be read."))


@dataclass(frozen=True)
class AuditReport:
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}  # the schema says so

    today: date
    language: str = field(metadata=about("The page record the ids were checked against."))
    source: ReferenceSource = field(
        metadata=about("Where the page's facts came from, and the day they are of.")
    )
    findings: list[AuditFinding]
    summary: AuditSummary


# -- the allow-list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AllowRule:
    """`path-glob`, `model-id`, or both on one line (that model allowed in those paths)."""

    base: str  # directory of the allow file, with a trailing separator
    paths: GitIgnoreSpec | None
    model: str | None


def read_allow_list(path: Path) -> list[AllowRule]:
    """Rules from an allow file: one per line, `#` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AuditError(f"{path}: cannot read the allow-list ({error})") from None
    base = os.path.join(os.path.abspath(path.parent), "")
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if len(words) > 2:
            raise AuditError(
                f"{path}:{number}: expected `path-glob`, `model-id` or `path-glob model-id`, "
                f"got {line!r}"
            )
        model = words[-1] if _is_id(words[-1]) else None
        globs = [word for word in words if word != model]
        if len(globs) > 1 or (len(words) == 2 and model is None):
            raise AuditError(f"{path}:{number}: the second word must be a model id: {line!r}")
        spec = git_ignore_spec(globs) if globs else None
        rules.append(AllowRule(base=base, paths=spec, model=model))
    return rules


def _is_id(word: str) -> bool:
    matches = list(find_ids(word))
    return len(matches) == 1 and matches[0].written == word


def _allowed(
    rules: Sequence[AllowRule],
    full_path: str,
    written: str,
    model_id: str | None,
    resolve: Callable[[str], str | None],
) -> bool:
    for rule in rules:
        if rule.paths is not None:
            if not full_path.startswith(rule.base):
                continue
            relative = full_path[len(rule.base) :].replace(os.sep, "/")
            if not rule.paths.match_file(relative):
                continue
        if rule.model is not None:
            same_text = rule.model.lower() == written.lower()
            same_model = model_id is not None and resolve(rule.model) == model_id
            if not (same_text or same_model):
                continue
        return True
    return False


# -- walking the tree --------------------------------------------------------------------------


@dataclass
class _Counts:
    scanned: int = 0
    binary: int = 0
    large: int = 0
    ignored: int = 0
    other_kinds: int = 0
    dirs: int = 0
    unreadable: int = 0


class _IgnoreFile(NamedTuple):
    """One .gitignore: its directory (with a trailing separator) and its rules."""

    base: str
    spec: GitIgnoreSpec
    # Each rule's own pattern: a path that none of them matches is left alone by this file,
    # told without pathspec's check (which costs as much as reading the file).
    searches: tuple[Callable[[str], object], ...]

    def decides(self, path: str) -> bool | None:
        """True: ignored, False: kept (a `!` rule), None: no rule of this file matches."""
        for search in self.searches:
            if search(path):
                result: bool | None = self.spec.check_file(path).include
                return result
        return None


_Ignores = list[_IgnoreFile]


def git_ignore_spec(lines: Iterable[str]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec  # only for a tree with a .gitignore, or an allow-list

    return GitIgnoreSpec.from_lines(lines)


def _gitignore(directory: str) -> _Ignores:
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            spec = git_ignore_spec(handle.read().splitlines())
    except OSError:
        return []
    # Every rule pathspec makes of a .gitignore line has a regex; one without one (should a
    # later pathspec make such) sends every path to pathspec's own check.
    searches = tuple(
        regex.search if regex is not None else _any_path
        for pattern in spec.patterns
        if pattern.include is not None
        for regex in [getattr(pattern, "regex", None)]
    )
    return [_IgnoreFile(os.path.join(directory, ""), spec, searches)]


def _any_path(path: str) -> bool:
    return True


def _ancestor_ignores(root: str) -> _Ignores:
    """The .gitignore files above `root` up to its repository's top (none outside a repo)."""
    chain: list[str] = []
    current = root
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            break
        parent = os.path.dirname(current)
        if parent == current:
            return []
        chain.append(parent)
        current = parent
    ignores: _Ignores = []
    for directory in reversed(chain):
        ignores += _gitignore(directory)
    return ignores


# The .gitignore rules that apply in one directory: (its path relative to each .gitignore's
# directory, `/`-separated with a trailing `/`, that file), outermost first.
_Rules = list[tuple[str, _IgnoreFile]]


def _rules_in(ignores: _Ignores, directory: str) -> _Rules:
    """Computed once per directory, so each file costs one rule check, not path arithmetic."""
    full = os.path.join(directory, "")
    return [
        (full[len(ignore.base) :].replace(os.sep, "/"), ignore)
        for ignore in ignores
        if full.startswith(ignore.base)
    ]


def _is_ignored(rules: _Rules, name: str) -> bool:
    """Git's rule: the last matching pattern, from the outermost .gitignore in, decides.
    `name` ends with `/` for a directory."""
    ignored = False
    for relative, ignore in rules:
        decided = ignore.decides(relative + name)
        if decided is not None:
            ignored = decided
    return ignored


def _is_scanned(name: str) -> bool:
    dot = name.rfind(".")
    return (dot >= 0 and name[dot:].lower() in SCANNED_SUFFIXES) or name.startswith(".env.")


def _skip_dir(directory: str, name: str, data_dirs: frozenset[str]) -> bool:
    full = os.path.join(directory, name)
    if name in SKIP_DIRS or name.endswith(".egg-info") or full in data_dirs:
        return True
    if any(os.path.exists(os.path.join(full, marker)) for marker in ENV_MARKERS):
        return True
    return name in DATA_DIRS and os.path.isfile(os.path.join(directory, "snapshots", "latest.json"))


_name = attrgetter("name")


def _files(
    roots: Sequence[Path], counts: _Counts, data_dirs: frozenset[str]
) -> Iterator[tuple[str, bool]]:
    """Absolute paths of the files to scan under `roots`, in a stable order (a directory's
    files by name, then its subdirectories by name), each with whether its directory listing
    says it is a regular file. A file given directly is scanned whatever its kind; .gitignore
    still applies inside directories. Every file or directory passed over is counted in
    `counts` under the reason."""
    for root in roots:
        full_root = os.path.abspath(root)
        if os.path.isfile(full_root):
            yield full_root, False
            continue
        yield from _walk(full_root, _ancestor_ignores(full_root), counts, data_dirs)


def _walk(
    top: str, outer: _Ignores, counts: _Counts, data_dirs: frozenset[str]
) -> Iterator[tuple[str, bool]]:
    # depth first with a stack of its own: no recursion limit, however deep the tree
    stack = [(top, outer)]
    while stack:
        directory, above = stack.pop()
        ignores = above + _gitignore(directory)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            counts.unreadable += 1
            continue
        rules = _rules_in(ignores, directory) if ignores else []
        subdirectories = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.is_symlink() or _skip_dir(directory, name, data_dirs):
                    counts.dirs += 1  # a symlink is never followed: no loop can trap the walk
                elif rules and _is_ignored(rules, name + "/"):
                    counts.ignored += 1
                else:
                    subdirectories.append(entry.path)
            elif not _is_scanned(name):
                counts.other_kinds += 1
            elif rules and _is_ignored(rules, name):
                counts.ignored += 1
            else:
                yield entry.path, entry.is_file(follow_symlinks=False)
        stack.extend((path, ignores) for path in reversed(subdirectories))


# -- finding ids in one file -------------------------------------------------------------------

# Every id `find_ids` reports is `claude` (in any case: no other character matches one of its
# letters case-insensitively) and at least one more part, starting with `-`, `:` or `@`. A file
# (or a line) whose bytes, lowered, hold none is passed over undecoded: the lowering and a plain
# search cost a fifth of one case-insensitive search.
_ID_START = re.compile(rb"claude[-:@]")


class _Hit(NamedTuple):  # named tuples here: cheaper to define at each start than dataclasses
    line: int
    column: int
    written: str
    line_in: Literal["file", "cell"] = "file"
    cell: int | None = None


def _positions(text: str) -> Callable[[int], tuple[int, int]]:
    """offset → (line, column), 1-based, from a table of line starts built once."""
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)

    def where(offset: int) -> tuple[int, int]:
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    return where


def hits_in_text(text: str) -> list[_Hit]:
    hits = []
    line, counted = 1, 0
    for match in find_ids(text):
        line += text.count("\n", counted, match.start)  # matches come in order: count once
        counted = match.start
        column = match.start - text.rfind("\n", 0, match.start)
        hits.append(_Hit(line, column, match.written))
    return hits


def hits_in_bytes(data: bytes) -> list[_Hit]:
    """`hits_in_text` of the file's text (UTF-8, undecodable bytes replaced), decoding only the
    lines that may hold an id (most files: none). Ids never span lines, and a line decodes
    alone as it does within the whole (a newline byte is never part of a character)."""
    lowered = data.lower()
    hits = []
    line, counted, end = 1, 0, -1
    for candidate in _ID_START.finditer(lowered):
        if candidate.start() < end:  # its line is done
            continue
        start = lowered.rfind(b"\n", 0, candidate.start()) + 1
        end = lowered.find(b"\n", candidate.start())
        end = len(lowered) if end < 0 else end
        line += lowered.count(b"\n", counted, start)  # candidates come in order: count once
        counted = start
        for match in find_ids(data[start:end].decode("utf-8", errors="replace")):
            hits.append(_Hit(line, match.start + 1, match.written))
    return hits


def hits_in_notebook(text: str) -> list[_Hit]:
    """Ids in the cells' sources only (not outputs), at their line in the .ipynb file where
    the cell's line can be found there, else at their line within the cell."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return hits_in_text(text)  # not a notebook after all: scan it as JSON text
    where = _positions(text)
    hits: list[_Hit] = []
    cursor = 0
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        lines = source if isinstance(source, list) else str(source).splitlines(keepends=True)
        lines = [line for line in lines if isinstance(line, str)]
        cursor = max(cursor, _source_key(text, cursor))
        for index, line in enumerate(lines, start=1):
            matches = list(find_ids(line))
            if not matches:
                continue
            located = _locate(text, line, cursor)
            if located >= 0:
                cursor = located + 1
            for match in matches:
                offset = _file_offset(text, line, match, located)
                if offset is not None:
                    hits.append(_Hit(*where(offset), match.written, "file", number))
                else:
                    hits.append(_Hit(index, match.start + 1, match.written, "cell", number))
    return hits


def _source_key(text: str, cursor: int) -> int:
    found = text.find('"source"', cursor)
    while found > 0 and text[found - 1] == "\\":  # an escaped quote inside a string
        found = text.find('"source"', found + 1)
    return found if found >= 0 else cursor


def _locate(text: str, line: str, cursor: int) -> int:
    """Offset of the JSON string holding `line` (nbformat writes one string per line)."""
    for ascii_only in (False, True):
        found = text.find(json.dumps(line, ensure_ascii=ascii_only), cursor)
        if found >= 0:
            return found
    return -1


def _file_offset(text: str, line: str, match: IdMatch, located: int) -> int | None:
    """Where `match` (an offset in `line`) is in the file, checked against the file's text."""
    if located < 0:
        return None
    for ascii_only in (False, True):
        offset = located + len(json.dumps(line[: match.start], ensure_ascii=ascii_only)) - 1
        if text.startswith(match.written, offset):
            return offset
    return None


# -- the audit ---------------------------------------------------------------------------------


@dataclass
class AuditOptions:
    today: date
    max_bytes: int = DEFAULT_MAX_BYTES
    include_all: bool = False  # also active models and unknown ids
    allow_files: Sequence[Path] = ()
    data_dirs: Sequence[Path] = ()
    cwd: Path = field(default_factory=Path.cwd)
    # Anthropic model id → its fates on the partner platforms (snapshots/platforms.json).
    platform_fates: Mapping[str, Sequence[PlatformFate]] = field(default_factory=dict)


def audit(
    paths: Sequence[Path], record: PageRecord | Reference, options: AuditOptions
) -> AuditReport:
    """Scan `paths` and check every model id found against `record` (a page record, or the
    facts `reference.load_reference` read from a data directory, a published file or the
    page)."""
    reference = record if isinstance(record, Reference) else reference_of(record)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise AuditError(f"no such file or directory: {', '.join(missing)}")
    facts = reference.facts
    resolver = IdResolver(facts)
    family_words = families(facts)
    rules = [rule for path in _allow_files(paths, options) for rule in read_allow_list(path)]
    data_dirs = frozenset(
        os.path.join(os.path.abspath(data_dir), name)
        for data_dir in options.data_dirs
        for name in DATA_DIRS
    )
    counts = _Counts()
    findings: list[AuditFinding] = []
    allowed = 0
    files_with_findings = 0
    cwd = os.path.join(os.path.abspath(options.cwd), "")
    if options.platform_fates:  # the partner platforms' modules, only when their dates are at hand
        from scraper.act.platform_audit import judged_on_platform
    for full, regular in _files(paths, counts, data_dirs):
        hits = _scan_file(full, options.max_bytes, counts, regular)
        if not hits:  # most files
            continue
        before = len(findings)
        for hit in hits:
            model_id = resolver.resolve(hit.written)
            if model_id is None and not (
                options.include_all
                and looks_like_model(normalize(hit.written).canonical, family_words)
            ):
                continue
            finding = _finding(full, cwd, hit, model_id, facts, options.today)
            if options.platform_fates:
                finding = judged_on_platform(finding, options.platform_fates, options.today)
            if finding.state == "active" and not options.include_all:
                continue
            if rules and _allowed(rules, full, hit.written, model_id, resolver.resolve):
                allowed += 1
                continue
            findings.append(finding)
        files_with_findings += len(findings) > before
    findings.sort(key=_urgency)
    return AuditReport(
        today=options.today,
        language=reference.source.language,
        source=reference.source,
        findings=findings,
        summary=AuditSummary(
            files_scanned=counts.scanned,
            files_with_findings=files_with_findings,
            findings=len(findings),
            allowed=allowed,
            skipped_binary=counts.binary,
            skipped_large=counts.large,
            skipped_ignored=counts.ignored,
            skipped_other_kinds=counts.other_kinds,
            skipped_dirs=counts.dirs,
            skipped_unreadable=counts.unreadable,
        ),
    )


def _allow_files(paths: Sequence[Path], options: AuditOptions) -> list[Path]:
    if options.allow_files:
        for path in options.allow_files:
            if not path.is_file():
                raise AuditError(f"{path}: no such allow-list file")
        return list(options.allow_files)
    # by default: the allow file of the current directory and of each directory scanned
    found: dict[str, Path] = {}
    for directory in [options.cwd, *(path for path in paths if path.is_dir())]:
        candidate = directory / ALLOW_FILE
        if candidate.is_file():
            found.setdefault(os.path.abspath(candidate), candidate)
    return list(found.values())


def _scan_file(full: str, max_bytes: int, counts: _Counts, regular: bool = False) -> list[_Hit]:
    """The ids in one file, counting it as scanned or passed over (and why). `regular`: the
    directory listing says it is a regular file (not a link, a pipe or a device)."""
    try:
        descriptor = os.open(full, os.O_RDONLY)
    except OSError:
        counts.unreadable += 1
        return []
    try:
        data = _read_up_to(descriptor, max_bytes, regular)
    except OSError:
        counts.unreadable += 1
        return []
    finally:
        os.close(descriptor)
    if data is None:
        counts.large += 1
        return []
    if b"\0" in data:
        counts.binary += 1
        return []
    counts.scanned += 1
    if full.endswith(".ipynb"):
        if _ID_START.search(data.lower()) is None:
            return []
        return hits_in_notebook(data.decode("utf-8", errors="replace"))
    return hits_in_bytes(data)


# Most source files are smaller: read whole in one call, without asking their size first.
FIRST_READ = 65_536


def _read_up_to(descriptor: int, max_bytes: int, regular: bool) -> bytes | None:
    """The whole file, or None when it is larger than `max_bytes` (a larger regular file is
    not read past its first block). A regular file's short read is its end, so most files take
    one read: no size asked, no second read to see the end (20,000 calls fewer a tree)."""
    data = b""
    if regular:
        first = min(FIRST_READ, max_bytes + 1)
        data = os.read(descriptor, first)
        if len(data) < first:
            return data
    status = os.fstat(descriptor)
    if status.st_size > max_bytes:
        return None
    if stat.S_ISREG(status.st_mode):
        data += os.read(descriptor, max(0, status.st_size + 1 - len(data)))
    if len(data) > status.st_size or not stat.S_ISREG(status.st_mode):
        # it grew since fstat, or a special file: read on, up to the limit
        data += _read_all(descriptor, max_bytes + 1 - len(data))
    return data if len(data) <= max_bytes else None


def _read_all(descriptor: int, limit: int) -> bytes:
    """Up to `limit` bytes, to the end."""
    chunks = []
    size = 0
    while size < limit:
        chunk = os.read(descriptor, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _finding(
    full: str, cwd: str, hit: _Hit, model_id: str | None, facts: dict[str, ModelFacts], today: date
) -> AuditFinding:
    shown = full[len(cwd) :] if full.startswith(cwd) else full
    model = facts.get(model_id) if model_id else None
    retirement = model.retirement_date if model else None
    return AuditFinding(
        path=shown.replace(os.sep, "/"),
        line=hit.line,
        column=hit.column,
        end_column=hit.column + len(hit.written),
        line_in=hit.line_in,
        cell=hit.cell,
        written=hit.written,
        platform=normalize(hit.written).platform,
        model_id=model_id,
        state=effective_state(model, today) if model else None,
        state_on_page=model.state_on_page if model else None,
        retirement_date=retirement,
        retirement_not_before=model.retirement_not_before if model else None,
        retirement_kind=model.retirement_kind if model else "date",
        retirement_label=model.retirement_label if model else "",
        days_until_retirement=(retirement - today).days if retirement else None,
        replacement=model.replacement if model else None,
    )


def _urgency(finding: AuditFinding) -> tuple[int, int, str, str, int, int]:
    days = finding.days_until_retirement
    return (
        URGENCY[finding.state],
        days if days is not None else 1_000_000,
        finding.model_id or finding.written.lower(),
        finding.path,
        finding.line,
        finding.column,
    )


def fails(report: AuditReport, fail_on: str | None) -> bool:
    """True when some finding is at or past the state `fail_on` (deprecated or retired)."""
    if fail_on is None:
        return False
    threshold = STATE_RANK[fail_on]
    return any(
        finding.state is not None and STATE_RANK[finding.state] >= threshold
        for finding in report.findings
    )


# -- output ------------------------------------------------------------------------------------


def _when(finding: AuditFinding) -> str:
    days = finding.days_until_retirement
    if finding.retirement_date is None or days is None:
        return ""
    if days == 0:
        relative = "today"
    elif days > 0:
        relative = f"in {days} day{'s' if days != 1 else ''}"
    else:
        relative = f"{-days} day{'s' if days != -1 else ''} ago"
    prefix = "not sooner than " if finding.retirement_not_before else ""
    return f"{prefix}{finding.retirement_date.isoformat()} ({relative})"


# How each state reads in a group heading; `{when}` is the retirement date and distance.
STATE_PHRASES: dict[State | None, tuple[str, str]] = {
    "retired": ("retired on {when}", "retired"),
    "deprecated": ("deprecated, retires {when}", "deprecated"),
    "legacy": ("legacy, retirement {when}", "legacy"),
    "active": ("active, retirement {when}", "active"),
    None: ("not on the page", "not on the page"),
}


def describe(finding: AuditFinding) -> str:
    """`retired on 2026-04-20 (217 days ago); replace with claude-haiku-4-5-20251001`;
    `deprecated, retirement to be announced`."""
    when = _when(finding)
    with_date, without = STATE_PHRASES[finding.state]
    text = with_date.format(when=when) if when else without
    if not when and finding.state not in (None, "retired"):
        # the words of a retirement without a day (track.events: imported only when needed)
        from scraper.track.events import undated_retirement_words

        undated = undated_retirement_words(finding.retirement_kind, finding.retirement_label)
        if undated:
            text = f"{without}, {undated}"
    if finding.platform_fate:  # a platform's id, judged by that platform's page
        # Past its end there, the platform's sentence already says when and how long ago.
        dated = when and finding.state != "retired"
        text = finding.platform_fate + (f"; {when}" if dated else "")
    if finding.replacement:
        text += f"; replace with {finding.replacement}"
    return text


def _location(finding: AuditFinding) -> str:
    if finding.cell is None:
        return f"{finding.path}:{finding.line}:{finding.column}"
    if finding.line_in == "cell":
        return f"{finding.path}: cell {finding.cell}, line {finding.line}:{finding.column}"
    return f"{finding.path}:{finding.line}:{finding.column} (cell {finding.cell})"


def render_text(report: AuditReport) -> str:
    """Findings grouped by model, most urgent first, one line per use."""
    if not report.findings:
        return "no Claude model ids to report\n"
    lines: list[str] = []
    current: tuple[str, str] | None = None
    for finding in report.findings:
        model = finding.model_id or finding.written.lower()
        if (model, finding.judged_by) != current:  # a platform's dates are a group of their own
            if current is not None:
                lines.append("")
            lines.append(f"{model}: {describe(finding)}")
            current = (model, finding.judged_by)
        spelling = finding.written
        if finding.platform != "anthropic":
            spelling += f" ({finding.platform})"
        lines.append(f"  {_location(finding)}  {spelling}")
    return "\n".join(lines) + "\n"


# Why files and directories were passed over, as the summary line words each count.
SKIP_REASONS = (
    ("skipped_other_kinds", "of other kinds"),
    ("skipped_binary", "binary"),
    ("skipped_large", "too large"),
    ("skipped_ignored", "ignored by .gitignore"),
    ("skipped_dirs", "directories not entered"),
    ("skipped_unreadable", "unreadable"),
)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def counted_with_commas(count: int, noun: str) -> str:
    """`1 file`, `10,000 files`."""
    return f"{count:,} {noun if count == 1 else plural(noun)}"


def summary_line(report: AuditReport) -> str:
    summary = report.summary
    models = len({finding.model_id or finding.written for finding in report.findings})
    counts = vars(summary)
    skipped = [f"{counts[name]:,} {what}" for name, what in SKIP_REASONS if counts[name]]
    text = (
        f"audit: {counted_with_commas(summary.files_scanned, 'file')} scanned, "
        f"{counted(summary.findings, 'finding')} ({counted(models, 'model')}) in "
        f"{counted(summary.files_with_findings, 'file')}"
    )
    if summary.allowed:
        text += f", {summary.allowed} allowed by the allow-list"
    if skipped:
        text += f"; skipped: {', '.join(skipped)}"
    return text + f"; checked against {source_words(report.source, language_name)}"


def render_json(report: AuditReport) -> str:
    return json_text(report)


def plain(value: Any) -> Any:
    """A record as JSON data: dataclasses as objects, dates as ISO days."""
    if is_dataclass(value):
        return {each.name: plain(getattr(value, each.name)) for each in fields(value)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_text(data: Any) -> str:
    """The text `scraper.read.records.dump_json` gives `plain(data)` (sorted keys, two-space
    indent, a newline), without importing the records: orjson writes it (a record as the object
    of its fields, so its keys are sorted too; dates as ISO days), `json` where orjson refuses
    (a path that is not UTF-8 holds lone surrogates). A test keeps the two the same."""
    import orjson

    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
    try:
        return orjson.dumps(data, default=_fields, option=option).decode() + "\n"
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(plain(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _fields(value: Any) -> dict[str, Any]:
    if not is_dataclass(value):
        raise TypeError(f"{type(value).__name__} is not a record")
    return vars(value)  # a frozen dataclass's instance dict is its fields


def audit_report_schema() -> dict[str, Any]:
    """The JSON Schema of `audit --format json`."""
    from pydantic import TypeAdapter

    # The records' annotations name these types: pydantic finds them in this namespace.
    from scraper.read.records import RetirementKind, State  # noqa: F401

    schema = TypeAdapter(AuditReport).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "audit-report.schema.json"
    return schema


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://github.com/claude-deprecation-tracker/claude-deprecation-tracker"
PAGE_URI = "https://platform.claude.com/docs/en/about-claude/model-deprecations"

# One SARIF rule per state: (rule id, level, short description).
SARIF_RULES: dict[State | None, tuple[str, str, str]] = {
    "retired": ("claude-model-retired", "error", "Retired Claude model: requests to it fail"),
    "deprecated": (
        "claude-model-deprecated",
        "warning",
        "Deprecated Claude model: it will be retired on its retirement date",
    ),
    "legacy": ("claude-model-legacy", "note", "Legacy Claude model: no longer updated"),
    "active": ("claude-model-active", "none", "Active Claude model (listed with --all)"),
    None: ("claude-model-unknown", "none", "Claude model id not on the deprecations page"),
}


def render_sarif(report: AuditReport, version: str) -> str:
    """SARIF 2.1.0 for GitHub code scanning: a rule per state, a result per use."""
    states = sorted({finding.state for finding in report.findings}, key=URGENCY.__getitem__)
    rule_index = {state: index for index, state in enumerate(states)}
    rules = []
    for state in states:
        rule_id, level, short = SARIF_RULES[state]
        rules.append(
            {
                "id": rule_id,
                "name": "".join(word.title() for word in rule_id.split("-")),
                "shortDescription": {"text": short},
                "fullDescription": {
                    "text": f"{short}. Move to the recommended replacement before the "
                    "retirement date."
                },
                "helpUri": PAGE_URI,
                "defaultConfiguration": {"level": level},
            }
        )
    results = [_sarif_result(finding, rule_index) for finding in report.findings]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "deprecation-tracker",
                        "version": version,
                        "informationUri": TOOL_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                # what was scanned and what was passed over, and why (as in `--format json`)
                "properties": {"summary": plain(report.summary)},
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(finding: AuditFinding, rule_index: dict[State | None, int]) -> dict[str, Any]:
    rule_id, level, _short = SARIF_RULES[finding.state]
    model = finding.model_id or finding.written
    message = f"`{finding.written}` uses {model}: {describe(finding)}."
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding.path)}}
    if finding.line_in == "file":
        location["region"] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endColumn": finding.end_column,
        }
    else:
        message += f" (notebook cell {finding.cell}, line {finding.line})"
    if not finding.path.startswith("/"):
        location["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index[finding.state],
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
    }


def _uri(path: str) -> str:
    from urllib.parse import quote

    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


def unique(values: Iterable[Path]) -> list[Path]:
    seen: dict[str, Path] = {}
    for value in values:
        seen.setdefault(os.path.abspath(value), value)
    return list(seen.values())
