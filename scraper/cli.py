"""The `deprecation-tracker` command: a thin shell over the library.

Each sub-command parses its options, calls one library function and prints. Heavy modules
(httpx, pydantic, bs4, git) are imported inside the handlers so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from scraper import DEFAULT_BASE_URL, __version__
from scraper.cli_partners import (
    PLATFORM_NAMES,
    add_platform_options,
    calendar_with_platforms,
    platform_fates_in,
    platform_schemas,
    platforms_from,
    print_platforms,
)
from scraper.read.languages import LANGUAGES
from scraper.words import counted

if TYPE_CHECKING:
    from scraper.fetch import FetchOptions
    from scraper.publish.links import Links
    from scraper.runner import Outcome, RunResult
    from scraper.track.events import Event

# Exit codes of every command (README, "Exit codes"). 0: done, whether or not anything changed.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BUSY = 3  # another run holds the data directory
EXIT_STORE = 4  # files could not be written or committed (the next run finishes the commit)


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on stderr and exit status 2: what was wrong, and where to read
    more (argparse's default repeats the whole usage first, a screenful for some commands)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {_one_line(message)} (see --help)\n")


def _one_line(message: str) -> str:
    return " ".join(message.split())


# -- option values: each checked where it is parsed, so a bad one is a usage error ------------


def _languages(value: str) -> list[str]:
    """`--languages en,de ko` style: commas or repeated values, in any case (`EN,De`, `pt-br`):
    each is read as the page's own code (`en`, `de`, `pt-BR`), the one its URL uses."""
    chosen = [code.strip() for code in value.split(",") if code.strip()]
    if not chosen:
        raise argparse.ArgumentTypeError(f"no language code in {value!r}")
    return list(dict.fromkeys(_language(code) for code in chosen))


def _language(code: str) -> str:
    """One language code, in any case, as the page writes it."""
    by_fold = {known.casefold(): known for known in LANGUAGES}
    found = by_fold.get(code.strip().casefold())
    if found is None:
        raise argparse.ArgumentTypeError(
            f"unknown language {code!r}; choose from {', '.join(LANGUAGES)}"
        )
    return found


def _web_url(value: str) -> str:
    """An http(s) URL with a host (a site, a repository page, a published file)."""
    from urllib.parse import urlsplit

    problem = f"{value!r} is not an http(s) URL"
    if any(char.isspace() or not char.isprintable() for char in value):
        raise argparse.ArgumentTypeError(f"{problem} (it holds spaces or control characters)")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises for a port that is not a number in range)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{problem} ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{problem}, like https://example.com")
    return value


def _base_url(value: str) -> str:
    """`--base-url`: the site's root (the tracker adds /docs/LANG/about-claude/...)."""
    from urllib.parse import urlsplit

    url = _web_url(value)
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give the site's address without ?query or #fragment, "
            "e.g. https://platform.claude.com"
        )
    return url.rstrip("/")


def _file_or_url(value: str) -> str:
    """`--snapshot`: a file path, or an http(s) URL (any other scheme is refused)."""
    if "://" in value:
        return _web_url(value)
    _path(value)
    return value


def _path(value: str) -> Path:
    if not value or "\0" in value:
        raise argparse.ArgumentTypeError(f"{value!r} is not a path")
    return Path(value)


def _is(check: Callable[[Path], bool], path: Path) -> bool:
    try:
        return check(path)
    except (OSError, ValueError):  # a name the system cannot hold (too long, bad bytes)
        return False


def _directory(value: str) -> Path:
    """A folder to read or write: it may not exist yet, but it may not be a file."""
    path = _path(value)
    if _is(Path.exists, path) and not _is(Path.is_dir, path):
        raise argparse.ArgumentTypeError(f"{value}: is a file, not a folder")
    return path


def _existing_directory(value: str) -> Path:
    path = _directory(value)
    if not _is(Path.is_dir, path):
        raise argparse.ArgumentTypeError(f"{value}: no such folder")
    return path


def _existing_file(value: str) -> Path:
    path = _path(value)
    if not _is(Path.is_file, path):
        what = "is a directory" if _is(Path.is_dir, path) else "no such file"
        raise argparse.ArgumentTypeError(f"{value}: {what}")
    return path


def _existing_path(value: str) -> Path:
    path = _path(value)
    if not _is(Path.exists, path):
        raise argparse.ArgumentTypeError(f"{value}: no such file or directory")
    return path


def _count(value: str) -> int:
    """A whole number, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number, 0 or more")
    return number


def _wait_seconds(value: str) -> float:
    """Seconds to wait: 0 (do not wait) or more, finite."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds, 0 or more")
    return seconds


def _add_language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languages",
        type=_languages,
        action="extend",
        metavar="LANGS",
        help=f"comma-separated language codes (default: all 12: {','.join(LANGUAGES)})",
    )
    parser.add_argument(
        "--base-url",
        type=_base_url,
        default=DEFAULT_BASE_URL,
        metavar="URL",
        help=f"site to read the page from, e.g. a mirror or a local server (default: "
        f"{DEFAULT_BASE_URL})",
    )
    parser.add_argument(
        "--page-deadline",
        type=_seconds,
        default=180.0,
        metavar="SECONDS",
        help="give up on a language whose page is not read within this time, retries "
        "included (default: 180)",
    )
    parser.add_argument(
        "--total-deadline",
        type=_seconds,
        default=900.0,
        metavar="SECONDS",
        help="give up on every language not read within this time (default: 900)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print every request, retry and redirect (on stderr)",
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above 0")
    return seconds


def _fetch_options(args: argparse.Namespace) -> FetchOptions:
    from scraper.fetch import FetchOptions

    return FetchOptions(
        base_url=args.base_url,
        page_deadline=args.page_deadline,
        total_deadline=args.total_deadline,
    )


def _fetch_progress(args: argparse.Namespace) -> Callable[[str], None] | None:
    """Per-request lines (each retry, redirect) only with --verbose."""
    if not args.verbose:
        return None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-02-20") from None


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=_directory,
        default=Path.cwd(),
        metavar="DIR",
        help="where snapshots/ and diffs/ live; committed to the git repository there "
        "(created if missing) (default: the current directory)",
    )
    parser.add_argument("--no-commit", action="store_true", help="write files but do not commit")
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing when all went well; problems (held back, failed, errors) still print",
    )
    parser.add_argument(
        "--lock-wait",
        type=_wait_seconds,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for another run on the same data directory before giving up "
        f"with exit status {EXIT_BUSY} (default: 10)",
    )


def _add_snapshot_options(
    parser: argparse.ArgumentParser,
    *,
    data_dir_default: str = "the current directory",
    snapshot_help: str = "a published snapshots/latest.json, as a file or an http(s) URL",
) -> argparse._MutuallyExclusiveGroup:
    """`--data-dir` / `--snapshot`: where commands that act on the records read them."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--data-dir",
        type=_directory,
        default=None,
        metavar="DIR",
        help="a data directory the tracker writes (reads DIR/snapshots/latest.json) "
        f"(default: {data_dir_default})",
    )
    source.add_argument(
        "--snapshot",
        type=_file_or_url,
        metavar="FILE_OR_URL",
        help=snapshot_help,
    )
    return source


def _add_link_options(parser: argparse.ArgumentParser) -> None:
    """Where the data is published, for the links in feeds and reports."""
    parser.add_argument(
        "--site-url",
        type=_web_url,
        metavar="URL",
        help="the published site (e.g. your GitHub Pages URL): the feeds' home page, and where "
        "their feed_url points; with neither this nor a repository known, the feeds link to the "
        "English page only",
    )
    parser.add_argument(
        "--repo-url",
        type=_web_url,
        metavar="URL",
        help="the repository's web page (default: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY on "
        "GitHub Actions, else the data repository's 'origin' remote, else relative links)",
    )


def _add_github_options(parser: argparse.ArgumentParser) -> None:
    github = parser.add_argument_group("GitHub")
    github.add_argument(
        "--push",
        action="store_true",
        help="push the run's commit to 'origin'; if the branch moved there, rebase and retry "
        "(3 attempts, never forced)",
    )
    github.add_argument(
        "--github",
        action="store_true",
        help="write the step summary, outputs and annotations for GitHub Actions (automatic "
        "when GITHUB_ACTIONS=true)",
    )
    github.add_argument(
        "--github-issues",
        action="store_true",
        help="open one issue per failing or held language (or failed push), comment while it "
        "lasts, close it when it is gone; needs GITHUB_TOKEN and GITHUB_REPOSITORY "
        "(GITHUB_API_URL optional). An unreachable API is a warning, not a failed run",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="deprecation-tracker",
        description="Track Anthropic's Claude model deprecations page in all 12 languages: "
        "which models are going away, when, and what replaces them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="print the record of one page (a saved file or a URL) as JSON",
        description="Read one page (Markdown or HTML; a file or a URL) and print its record as "
        "JSON. The language is --lang, else a LANG__ file-name prefix, else found in the URL "
        "or the page.",
    )
    parse.add_argument("source", type=_file_or_url, metavar="FILE_OR_URL")
    parse.add_argument(
        "--lang",
        type=_language,
        metavar="LANG",
        help=f"the page's language ({', '.join(LANGUAGES)})",
    )
    parse.add_argument(
        "--markdown",
        action="store_true",
        help="print the page as readable Markdown instead (HTML pages go through markdownify)",
    )
    parse.add_argument(
        "--platform",
        choices=PLATFORM_NAMES,
        help="read it as this partner platform's lifecycle page (default: told from the file "
        "name, the URL or the page)",
    )
    parse.add_argument(
        "--data-dir",
        type=_existing_directory,
        default=Path.cwd(),
        metavar="DIR",
        help="a partner page's undated ids are resolved against the English snapshot here "
        "(default: the current directory)",
    )

    fetch = commands.add_parser(
        "fetch",
        help="fetch and read the page in every language; print a summary or write records",
        description="Fetch the page in each language (the .md twin first, the HTML page as "
        "fallback), read it, and print one line per language. With --out, write one record "
        "per language as JSON. Exits 1 if any language failed.",
    )
    _add_language_options(fetch)
    fetch.add_argument("--out", type=_directory, metavar="DIR", help="write LANG.json records here")
    fetch.add_argument("--json", action="store_true", help="print all records as one JSON object")

    run = commands.add_parser(
        "run",
        help="the nightly job: fetch, compare with the last snapshots, write and commit changes",
        description="Fetch and read every language, compare each with its latest snapshot, and "
        "write only what changed: snapshots/<lang>/<date>.json (+ the page's Markdown), "
        "snapshots/latest/, snapshots/latest.json, diffs/<date>.md|.json and the feeds; then "
        "commit them. A reading that looks broken is held back (the last good snapshot stays) "
        "and the run exits 1 after writing everything else. A run that was interrupted (killed, "
        "or its commit failed) is finished first. Exit status: 0 done (changed or not), 1 some "
        "language held back or failed, 2 usage error, 3 another run is using the data "
        "directory, 4 files could not be written or committed.",
    )
    _add_language_options(run)
    _add_data_options(run)
    run.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="run as of this day (UTC; default: today); not before the newest snapshot",
    )
    _add_link_options(run)
    _add_github_options(run)
    add_platform_options(run)

    replay = commands.add_parser(
        "replay",
        help="backfill history from an archive of captures, one nightly run per capture day",
        description="Process captures named LANG__YYYY-MM-DD__anything.(md|html|txt) in date "
        "order as nightly runs, committing with the capture dates. When a language has several "
        "captures on one day, the page's own Markdown is preferred, then HTML, then mirror text. "
        "Captures not newer than the history already in the data directory are skipped, so "
        "replaying an archive twice changes nothing. Exit status as for run (1: a capture could "
        "not be read, or a language is still held back at the end).",
    )
    replay.add_argument(
        "archive", type=_existing_directory, metavar="DIR", help="folder of captures"
    )
    replay.add_argument(
        "--languages",
        type=_languages,
        action="extend",
        metavar="LANGS",
        help="only these languages (default: every language found)",
    )
    _add_data_options(replay)
    replay.add_argument(
        "--rebuild",
        action="store_true",
        help="build the history from scratch; refused unless the data directory has no "
        "snapshots/ or diffs/ yet",
    )
    _add_link_options(replay)
    replay.add_argument(
        "--platforms",
        type=platforms_from,
        default=None,
        metavar="LIST",
        help="replay these partner platforms' captures (PLATFORM__YYYY-MM-DD__name.md|html), "
        f"comma-separated of {', '.join(PLATFORM_NAMES)}, or 'none' (default: all found)",
    )

    _add_history_commands(commands)

    check = commands.add_parser(
        "check",
        help="print where each translation stands: current, lagging or conflict, and why",
        description="Print each translation's verdict against the English page (current; "
        "lagging N days: it still says what English said earlier; conflict: it says what "
        "English never said) and the findings behind it, from DIR/diffs/translations.json. "
        "Exits 0, or 1 when --fail-on is met (for CI).",
    )
    check.add_argument(
        "--data-dir",
        type=_directory,
        default=Path.cwd(),
        metavar="DIR",
        help="the data directory the tracker writes (default: the current directory)",
    )
    check.add_argument("--json", action="store_true", help="print diffs/translations.json as is")
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing; the exit status answers (with --fail-on, the languages that "
        "meet it are still named on stderr)",
    )
    check.add_argument(
        "--fail-on",
        choices=("conflict", "lagging"),
        help="exit 1 if a translation is in conflict (or, with 'lagging', lagging or in conflict)",
    )

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the page record",
        description="Print the JSON Schema generated from the record models.",
    )
    schema.add_argument("--write", type=_directory, metavar="DIR", help="write schema files to DIR")
    _add_site_parser(commands)
    _add_audit_parser(commands)
    return parser


def _add_site_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    site = commands.add_parser(
        "site",
        help="build the static web page: models, timeline chart, translations, latest changes",
        description="Build a self-contained static site (index.html with inline CSS, JS and "
        "SVG; no network; works from file:// and on GitHub Pages): every model's state, "
        "retirement countdown and replacement, a timeline of every model's life, the "
        "translations matrix, the latest changes with links to the day reports, and the "
        "feeds and calendar (copied beside it). With --snapshot only the records are known.",
    )
    _add_snapshot_options(site)
    site.add_argument(
        "--out", type=_directory, required=True, metavar="DIR", help="folder to write the site to"
    )
    site.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="build as of this day (countdowns, the chart's today line; default: today, UTC)",
    )
    site.add_argument(
        "--days",
        type=_count,
        default=5,
        metavar="N",
        help="how many of the latest days with changes to show (default: 5)",
    )
    site.add_argument(
        "--repo-url",
        type=_web_url,
        metavar="URL",
        help="the repository that publishes the data, as for `run` (e.g. "
        "https://github.com/OWNER/REPO): day reports are linked there instead of copied "
        "into the site",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. `argv` None is this process's own command line (the console script,
    `python -m scraper`): the process ends when the command returns."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        print(f"{parser.prog}: error: give a command (see --help)", file=sys.stderr)
        return EXIT_USAGE
    handler = {
        "parse": _cmd_parse,
        "fetch": _cmd_fetch,
        "run": _cmd_run,
        "replay": _cmd_replay,
        "schema": _cmd_schema,
        "calendar": _cmd_calendar,
        "timeline": _cmd_timeline,
        "export-sqlite": _cmd_export_sqlite,
        "site": _cmd_site,
        "audit": _cmd_audit,
        "check": _cmd_check,
    }[args.command]
    try:
        if argv is None and args.command in _WITHOUT_COLLECTOR:
            with _collector_paused_until_exit():
                return handler(args)
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


# Short batches (fetch: 12 pages) that run without the cycle collector as a process's command.
_WITHOUT_COLLECTOR = frozenset({"fetch"})


@contextlib.contextmanager
def _collector_paused_until_exit() -> Iterator[None]:
    """Run the process's command without the cycle collector, then freeze what it built.

    A short batch leaves little cyclic garbage, but the collector would pass ~100 times over
    the ~75,000 objects pydantic and httpx build at import, and again over everything as the
    interpreter exits: ~12% of a fetch's CPU. Frozen objects are not scanned again (nor
    collected: the process ends next).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _cmd_parse(args: argparse.Namespace) -> int:
    from scraper.read.extract import PageError
    from scraper.read.parse import (
        decode,
        file_format,
        markdown_copy,
        parse_text,
        read_file,
        read_page_bytes,
    )

    source: str = args.source
    if not args.markdown:
        from scraper.cli_partners import parse_partner

        partner = parse_partner(source, args.platform, args.data_dir)
        if partner is not None:
            return partner
    notices: list[str] = []
    try:
        if source.startswith(("http://", "https://")):
            from scraper.fetch import fetch_url

            text, fmt, url = fetch_url(source)
            if args.markdown:
                print(markdown_copy(text, fmt))
                return EXIT_OK
            record = parse_text(text, url=url, language=args.lang, fmt=fmt, notices=notices)
        else:
            path = Path(source)
            if not path.exists():
                print(f"error: {source}: no such file", file=sys.stderr)
                return EXIT_USAGE
            if path.is_dir():
                print(
                    f"error: {source}: is a directory; give one saved page (replay reads a "
                    "folder of captures)",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            if args.markdown:
                text = decode(read_page_bytes(path))
                print(markdown_copy(text, file_format(path, text)))
                return EXIT_OK
            record = read_file(path, args.lang, notices=notices)[0]
    except PageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:  # FetchError is one, and names the URL itself
        message = str(error) if source.startswith(("http://", "https://")) else f"{source}: {error}"
        print(f"error: {message}", file=sys.stderr)
        return EXIT_FAILED
    sys.stdout.write(record.to_json())
    for notice in notices:
        print(f"warning: {record.language}: {notice}", file=sys.stderr)
    for warning in record.warnings:
        print(f"warning: {record.language}: {warning.where}: {warning.message}", file=sys.stderr)
    return EXIT_OK


def _cmd_fetch(args: argparse.Namespace) -> int:
    from scraper.fetch import fetch_languages

    languages = args.languages or list(LANGUAGES)
    results = fetch_languages(languages, _fetch_options(args), progress=_fetch_progress(args))
    # The summary is the output, on stdout; with --json the records are, and it goes to stderr.
    summary = sys.stderr if args.json else sys.stdout
    failed = 0
    records = {}
    for lang in languages:
        result = results[lang]
        if result.status == "not_modified":
            print(f"{lang:6} not modified since last time", file=summary)
            continue
        if result.page is None:
            failed += 1
            print(f"{lang:6} FAILED  {result.error}", file=summary)
            continue
        page = result.page  # the summary counts the page as read: no models (pydantic) needed
        counts = (
            f"{counted(len(page.models), 'model')}, "
            f"{counted(len(page.deprecations), 'history section')}"
        )
        warn = f", {counted(len(page.warnings), 'warning')}" if page.warnings else ""
        print(f"{lang:6} ok      {result.format:4} {counts}{warn}", file=summary)
        if not (args.out or args.json):
            continue
        record = result.record  # what is written is the models' record
        assert record is not None
        records[lang] = record
        if args.out:
            try:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{lang}.json").write_text(record.to_json(), encoding="utf-8")
            except OSError as error:
                return _error(f"cannot write {_os_problem(error, args.out)}")
    if args.json:
        from scraper.read.records import dump_json

        # page_record gives each record in its canonical order already
        data = {lang: record.model_dump(mode="json") for lang, record in records.items()}
        print(dump_json(data), end="")
    return EXIT_FAILED if failed else EXIT_OK


def _progress(args: argparse.Namespace) -> Callable[[str], None] | None:
    if args.quiet:
        return None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _kept(outcome: Outcome) -> str:
    if outcome.kept is not None:
        return f"kept the last good snapshot from {outcome.kept}"
    return "no snapshot yet; nothing written for it"


def _held_text(outcome: Outcome) -> str:
    """`English not updated since 2 March 2026: <why>` (or the bare reason, if undated)."""
    from scraper.publish.report import held_sentence

    if outcome.held_since is None:
        return outcome.message
    return held_sentence(outcome.language, outcome.held_since, outcome.message)


def _print_run(result: RunResult, *, quiet: bool = False) -> None:
    """One line per language, the changes, and what was written; with `quiet`, only the
    languages held back or failed (a run that went well prints nothing)."""
    from scraper.publish.report import not_updated

    if result.recovered and not quiet:
        print(result.recovered)
    for outcome in result.outcomes.values():
        if quiet and outcome.status not in ("held", "failed"):
            continue
        message = outcome.message.removeprefix(f"{outcome.language}: ")  # the line says it
        if outcome.status == "held" and outcome.held_since is not None:
            message = not_updated(outcome.held_since, message)
        line = f"{outcome.language:6} {outcome.status:9} {message}"
        if outcome.status in ("held", "failed"):
            line += f"; {_kept(outcome)}"
        print(line)
    if quiet:
        return
    _print_events(result.events)
    files = counted(len(result.written), "file")
    if result.commit:
        print(f"committed {result.commit[:12]} ({files})")
    elif result.commit_error:
        print(f"wrote {files}; not committed (see the error below)")
    elif result.written:
        print(f"wrote {files} (not committed)")
    elif result.ok:
        print("nothing changed; nothing written")
    else:
        print("nothing written")


def _print_events(events: Sequence[Event]) -> None:
    """The run's changes as the report words them; findings once, as the report counts them
    (not a line per language: most findings are the same on every translation)."""
    from scraper.publish.report import finding_counts, told_lines
    from scraper.read.languages import language_rank

    by_language: dict[str, list[Event]] = {}
    for event in events:
        by_language.setdefault(event.language, []).append(event)
    for lang in sorted(by_language, key=language_rank):
        for told in told_lines(by_language[lang]):
            print(f"  {lang}: {told.line.plain()}")
    findings = finding_counts(events, nouns=True)
    if findings:
        print(f"  {findings} (diffs/translations.md)")


def _store_errors(handler: Callable[[], int]) -> int:
    """Run `handler`, turning data-directory problems into a message and an exit status."""
    from scraper.runner import HistoryOrderError
    from scraper.track.store import BusyError, StoreError

    try:
        return handler()
    except HistoryOrderError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BusyError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BUSY
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_STORE
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"error: cannot write{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_STORE


def _links(args: argparse.Namespace) -> Links:
    import os

    from scraper.publish.links import resolve_links

    return resolve_links(args.data_dir, os.environ, site_url=args.site_url, repo_url=args.repo_url)


def _push(data_dir: Path) -> str | None:
    """Push the run's commit; returns the error, if it failed."""
    from scraper.track.store import PushError, push

    try:
        branch = push(data_dir)
    except PushError as error:
        print(f"error: {error}", file=sys.stderr)
        return str(error)
    print(f"pushed to origin/{branch}")
    return None


def _forget_unpublished(result: RunResult, data_dir: Path) -> None:
    """The changes never reached the repository: a `304` next time must not hide them."""
    from scraper.track.store import Store

    changed = [o.language for o in result.outcomes.values() if o.status in ("first", "changed")]
    Store(data_dir).forget_http_validators(changed)


def _after_run(args: argparse.Namespace, result: RunResult, links: Links) -> str | None:
    """Push (`--push`) and report to GitHub (`--github`, `--github-issues`, or on Actions).

    Returns why the day's data was not published (commit or push failed), or None.
    """
    import os

    from scraper.github import on_actions, publish_error, report_run

    push_error = _push(args.data_dir) if args.push and result.commit else None
    failure = publish_error(result, push_error)
    if failure:
        _forget_unpublished(result, args.data_dir)
    actions = args.github or on_actions(os.environ)
    if actions or args.github_issues:
        report_run(
            result,
            data_dir=args.data_dir,
            links=links,
            env=os.environ,
            actions=actions,
            issues=args.github_issues,
            published=not args.no_commit,
            push_error=push_error,
            pushed=bool(args.push and result.commit and push_error is None),
        )
    return failure


def _cmd_run(args: argparse.Namespace) -> int:
    return _store_errors(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from scraper.runner import run

    links = _links(args)
    result = run(
        args.data_dir,
        languages=args.languages or list(LANGUAGES),
        base_url=args.base_url,
        commit=not args.no_commit,
        day=args.date,
        progress=_fetch_progress(args),  # per-request lines only with --verbose
        options=_fetch_options(args),
        links=links,
        lock_wait=args.lock_wait,
        platforms=args.platforms,
        platform_urls=dict(args.platform_url),
    )
    _print_run(result, quiet=args.quiet)
    bad_platforms = print_platforms(result.platforms.outcomes, quiet=args.quiet)
    not_published = _after_run(args, result, links)
    bad = [o for o in result.outcomes.values() if o.status in ("held", "failed")]
    if bad:
        print(
            f"error: {len(bad)} of {counted(len(result.outcomes), 'language')} held back or failed "
            f"({', '.join(o.language for o in bad)}; see above)",
            file=sys.stderr,
        )
    if result.commit_error:
        print(f"error: {result.commit_error}", file=sys.stderr)
        return EXIT_STORE
    if not_published:  # the push failed: committed here, not on the remote
        print(f"error: not published: {not_published}", file=sys.stderr)
        return EXIT_STORE
    return EXIT_FAILED if bad or bad_platforms else EXIT_OK


def _cmd_replay(args: argparse.Namespace) -> int:
    if not args.archive.is_dir():
        print(f"error: {args.archive}: not a folder of captures", file=sys.stderr)
        return EXIT_USAGE
    return _store_errors(lambda: _replay(args))


def _replay(args: argparse.Namespace) -> int:
    from scraper.publish.report import count_changes, count_findings
    from scraper.runner import replay

    changes = findings = 0

    def count(result: RunResult) -> None:  # the days' events are counted, not kept
        nonlocal changes, findings
        # a partner platform's event is one change on its page
        changes += count_changes(result.events) + len(result.platforms.events)
        findings += count_findings(result.events)

    results = replay(
        args.archive,
        args.data_dir,
        languages=args.languages,
        commit=not args.no_commit,
        progress=_progress(args),
        links=_links(args),
        rebuild=args.rebuild,
        lock_wait=args.lock_wait,
        platforms=args.platforms,
        on_day=count,
        keep_events=False,
    )
    if results and results[0].recovered and args.quiet:
        print(results[0].recovered)
    commits = sum(1 for r in results if r.commit)
    last = {lang: o for r in results for lang, o in r.outcomes.items()}  # each language's last day
    held = sorted(lang for lang, o in last.items() if o.status == "held")
    if not args.quiet:
        print(
            f"replayed {counted(len(results), 'day')}: {counted(changes, 'change')}, "
            f"{counted(findings, 'finding')} came or went, {counted(commits, 'commit')}"
            + (f"; still held back: {', '.join(held)}" if held else "")
        )
    for lang in held:
        said = _held_text(last[lang])
        print(f"held: {lang}: {said}; {_kept(last[lang])}", file=sys.stderr)
    failed = [o for r in results for o in r.outcomes.values() if o.status == "failed"]
    for outcome in failed:
        print(f"failed: {outcome.message}", file=sys.stderr)
    partners = [o for r in results for o in r.platforms.outcomes.values()]
    partners_failed = any(o.status in ("failed", "held") for o in partners)
    for partner in partners:
        if partner.status in ("failed", "held", "not_understood"):
            print(f"{partner.status}: {partner.platform}: {partner.message}", file=sys.stderr)
    error = next((r.commit_error for r in results if r.commit_error), None)
    if error:
        print(f"error: {error} (the replay stopped there)", file=sys.stderr)
        return EXIT_STORE
    return EXIT_FAILED if failed or held or partners_failed else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from scraper.publish.translations import render_check
    from scraper.track.translations import (
        TranslationsError,
        failing_languages,
        load_translations,
    )

    try:
        document = load_translations(args.data_dir / "diffs" / "translations.json")
    except TranslationsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        sys.stdout.write(document.to_json() if args.json else render_check(document))
    failing = failing_languages(document, args.fail_on)
    if failing:
        print(f"failed: --fail-on {args.fail_on} met by {', '.join(failing)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from scraper.act.audit import audit_report_schema
    from scraper.act.timeline import timeline_schema
    from scraper.publish.catalog import models_schema
    from scraper.publish.report import day_schema
    from scraper.read.records import dump_json, page_record_schema
    from scraper.track.latest import latest_schema
    from scraper.track.translations import translations_schema

    schemas = {
        "page-record.schema.json": page_record_schema(),
        "latest.schema.json": latest_schema(),
        "day-events.schema.json": day_schema(),
        "timeline.schema.json": timeline_schema(),
        "translations.schema.json": translations_schema(),
        "models.schema.json": models_schema(),
        "audit-report.schema.json": audit_report_schema(),
        **platform_schemas(),
    }
    if args.write:
        try:
            args.write.mkdir(parents=True, exist_ok=True)
            for name, schema in schemas.items():
                (args.write / name).write_text(dump_json(schema), encoding="utf-8")
                print(f"wrote {args.write / name}", file=sys.stderr)
        except OSError as error:
            return _error(f"cannot write {_os_problem(error, args.write)}")
    else:
        print(dump_json(schemas), end="")
    return EXIT_OK


# -- calendar, timeline, export-sqlite ------------------------------------------------------------


def _add_history_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    calendar = commands.add_parser(
        "calendar",
        help="write the retirement calendar (iCalendar) from the latest snapshot",
        description="Write an iCalendar file with one all-day event per model retirement, "
        "alarms 90, 30 and 7 days before, 'not sooner than' dates marked tentative. Each model "
        "keeps its UID; SEQUENCE rises when its date moves (counted from the data directory's "
        "snapshot history, and from the previous --out file if there is one).",
    )
    _add_snapshot_options(calendar)
    calendar.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the calendar here (default: print it); an existing file is read first so "
        "SEQUENCE keeps rising",
    )
    calendar.add_argument(
        "--platforms",
        action="store_true",
        help="add one event per model and partner platform (Amazon Bedrock's EOL, Google "
        "Cloud's shutdown, Foundry's retirement), from DATA_DIR/snapshots/platforms.json",
    )

    timeline = commands.add_parser(
        "timeline",
        help="each model's life from the snapshot history: first seen, states, dates, removal",
        description="Read the history of one language's snapshots (the git history of the data "
        "directory, else its dated snapshot files) and print, per model, each day something "
        "changed: first seen, each state, deprecation and retirement dates, replacements, and "
        "when it left the status table or the page.",
    )
    timeline.add_argument("model", nargs="?", metavar="MODEL", help="only this model id")
    _add_snapshot_options(timeline)
    timeline.add_argument(
        "--language",
        default="en",
        type=_language,
        metavar="LANG",
        help="whose page history to read (default: en)",
    )
    timeline.add_argument("--json", action="store_true", help="print JSON (timeline.schema.json)")

    export = commands.add_parser(
        "export-sqlite",
        help="write the whole history (models, versions, events, findings) to a SQLite file",
        description="Write a SQLite database for sqlite3 or Datasette with the tables "
        "snapshots, models, model_versions (each version over time, removals kept), events "
        "(from diffs/) and findings (from snapshots/latest.json).",
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the database file to write")
    export.add_argument(
        "--data-dir",
        type=_directory,
        default=Path.cwd(),
        metavar="DIR",
        help="the data directory to read (default: the current directory)",
    )
    export.add_argument(
        "--languages",
        type=_languages,
        action="extend",
        metavar="LANGS",
        help="only these languages (default: every language with snapshots)",
    )
    export.add_argument("--replace", action="store_true", help="overwrite FILE if it exists")


def _error(message: str, code: int = EXIT_FAILED) -> int:
    print(f"error: {_one_line(message)}", file=sys.stderr)
    return code


def _os_problem(error: OSError, where: object) -> str:
    """`data/x.json: Permission denied`: the file the system names (else `where`), and why."""
    return f"{error.filename or where}: {error.strerror or error}"


def _cmd_calendar(args: argparse.Namespace) -> int:
    from scraper.publish.calendar import (
        CalendarError,
        calendar_language,
        read_previous,
        retirement_calendar,
        revisions,
    )
    from scraper.publish.published import SnapshotError, load_latest
    from scraper.track.history import load_history

    if args.out is not None and args.out.is_dir():
        return _error(f"{args.out} is a directory; give a file name", EXIT_USAGE)
    try:
        document = load_latest(args.data_dir, args.snapshot)
        previous = None
        if args.out is not None and args.out.is_file():
            previous = read_previous(args.out.read_bytes())
        language = calendar_language(document.languages)
        record = document.languages[language] if language else None
        history = None
        if language and args.snapshot is None:
            data_dir = args.data_dir or Path.cwd()
            history = revisions(load_history(data_dir, language, source="files"))
        text = retirement_calendar(
            record.record if record else None,
            history=history,
            previous=previous,
            as_of=record.snapshot_date if record else None,
        )
        if args.platforms:
            text = calendar_with_platforms(text, args.data_dir or Path.cwd())
    except (SnapshotError, CalendarError) as error:
        return _error(str(error))
    except OSError as error:  # a file that cannot be read (permissions, a device)
        return _error(_os_problem(error, args.out))
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    tmp = args.out.with_name(args.out.name + ".tmp")
    try:
        tmp.write_bytes(text.encode("utf-8"))
        tmp.replace(args.out)
    except OSError as error:
        return _error(f"{args.out}: {error.strerror or error}")
    retirements = counted(text.count("BEGIN:VEVENT"), "retirement")
    print(f"wrote {args.out} ({retirements})", file=sys.stderr)
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace) -> int:
    import difflib

    from scraper.act.timeline import render_text, timeline_document
    from scraper.read.records import dump_json
    from scraper.track.history import HistoryError, load_history

    if args.snapshot is not None:
        return _error(
            "--snapshot gives one snapshot, not a history; timeline needs a data directory "
            "with its snapshots (--data-dir DIR, e.g. a clone of the repository that publishes "
            "them)",
            EXIT_USAGE,
        )
    data_dir = args.data_dir or Path.cwd()
    try:
        history = load_history(data_dir, args.language)
    except HistoryError as error:
        return _error(str(error), EXIT_USAGE)
    except OSError as error:
        return _error(_os_problem(error, data_dir))
    for problem in history.skipped:
        print(f"warning: {problem}", file=sys.stderr)
    if not history.snapshots:
        return _error(
            f"{data_dir}: no snapshots of {args.language} (snapshots/{args.language}/"
            "YYYY-MM-DD.json); run `deprecation-tracker run` or `replay` there first, or pass "
            "--data-dir"
        )
    document = timeline_document(history, args.model)
    if args.model and not document.models:
        known = [t.model_id for t in timeline_document(history).models]
        close = difflib.get_close_matches(args.model, known, n=3, cutoff=0.6)
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else f"; {counted(len(known), 'model')} known"
        )
        return _error(f"{args.model}: never seen in the {history.describe()}{hint}", EXIT_USAGE)
    if args.json:
        sys.stdout.write(dump_json(document.model_dump(mode="json")))
    else:
        sys.stdout.write(render_text(document))
    return EXIT_OK


def _cmd_export_sqlite(args: argparse.Namespace) -> int:
    from scraper.act.export import ExportError, export_sqlite
    from scraper.track.history import HistoryError

    try:
        summary = export_sqlite(
            args.data_dir, args.file, replace=args.replace, languages=args.languages
        )
    except (ExportError, HistoryError) as error:
        return _error(str(error), EXIT_USAGE)
    except OSError as error:
        return _error(f"{args.file}: {error}")
    for problem in summary.skipped:
        print(f"warning: {problem}", file=sys.stderr)
    for language, source in summary.sources.items():
        print(f"{language}: {source}", file=sys.stderr)
    counts = ", ".join(
        counted(count, _TABLE_ROW[table]) if table in _TABLE_ROW else f"{count} {table}"
        for table, count in summary.rows.items()
    )
    print(f"wrote {summary.path}: {counts}")
    return EXIT_OK


# export-sqlite's tables, as one row of each is called ("1 snapshot", "2 snapshots").
_TABLE_ROW = {
    "snapshots": "snapshot",
    "models": "model",
    "model_versions": "model version",
    "events": "event",
    "findings": "finding",
}


def _reports_base(repo_url: str | None) -> str | None:
    """Where day reports are read online: the repository's files on its default branch (a
    URL that already names a branch, …/blob/main, is taken as it is)."""
    from scraper.publish.links import Links

    if repo_url is None or "/blob/" in repo_url:
        return repo_url
    return Links(repo_url=repo_url.rstrip("/")).blob_url("")


def _cmd_site(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from scraper.publish.published import SnapshotError
    from scraper.publish.site import SiteError, build_site, read_site_input, write_site

    today = args.today or datetime.now(UTC).date()
    try:
        site = read_site_input(args.data_dir, args.snapshot, days=args.days)
        files = build_site(site, today, repo_url=_reports_base(args.repo_url))
        written = write_site(args.out, files)
    except (SnapshotError, SiteError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {counted(len(written), 'file')} to {args.out} (open {args.out / 'index.html'})")
    return EXIT_OK


# -- audit ---------------------------------------------------------------------------------------


def _byte_size(value: str) -> int:
    """`5000000`, `500k`, `5M`: a size in bytes."""
    units = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}
    text = value.strip().lower().removesuffix("b")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        size = int(float(number) * factor)
    except (ValueError, OverflowError):  # not a number, nan, inf
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a size like 5000000, 500k or 5M"
        ) from None
    if size <= 0:
        raise argparse.ArgumentTypeError(f"{value!r}: the size must be positive")
    return size


def _add_audit_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    audit = commands.add_parser(
        "audit",
        help="find Claude model ids in code and config that are deprecated, retired or legacy",
        description="Scan source and config files (Python, TypeScript/JavaScript, Go, YAML, "
        "JSON, TOML, .env, notebooks, Markdown) for Claude model ids (dated ids, aliases, "
        "Bedrock and Vertex AI spellings), and report each use of a model the page lists as "
        "legacy, deprecated or retired: where, the model, its state, days until or since its "
        "retirement, and the recommended replacement. Skips .git, virtual environments, "
        "node_modules, build outputs, the tracker's own snapshots/ and diffs/, and what "
        ".gitignore files ignore. Exit status: 0, or 1 with --fail-on when a use is at or past "
        "that state; 2 for usage errors.",
        epilog=f"Allow-list: a file {ALLOW_FILE_NAME} (in the current directory or a scanned "
        "one; or --allow FILE) with one rule a line: a path glob (.gitignore syntax, relative "
        "to the file), a model id, or `path-glob model-id` (that model allowed in those "
        "paths); # starts a comment.",
    )
    audit.add_argument(
        "paths",
        nargs="*",
        type=_existing_path,
        metavar="PATH",
        help="files or directories (default: .)",
    )
    audit.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="text (grouped by model, most urgent first), json, or sarif (SARIF 2.1.0, for "
        "GitHub code scanning) (default: text)",
    )
    audit.add_argument(
        "--fail-on",
        choices=("deprecated", "retired"),
        help="exit 1 when any use is of a model at or past this state (for CI)",
    )
    audit.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="count days to retirement from this day (default: today, UTC)",
    )
    audit.add_argument(
        "--all",
        action="store_true",
        help="also list active models and model-like ids the page does not name",
    )
    audit.add_argument(
        "--allow",
        type=_existing_file,
        action="append",
        metavar="FILE",
        help=f"allow-list file(s) to use instead of the {ALLOW_FILE_NAME} files found",
    )
    audit.add_argument(
        "--max-size",
        type=_byte_size,
        default=5_000_000,
        metavar="BYTES",
        help="skip files larger than this, e.g. 500k or 5M (default: 5M)",
    )
    source = _add_snapshot_options(
        audit,
        data_dir_default="the current directory if it has one",
        snapshot_help="a published snapshots/latest.json or snapshots/models.json, as a file or "
        f"an http(s) URL (default: ${SNAPSHOT_ENV} if set)",
    )
    source.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="read the live English page from this site (a mirror, a local server) instead of "
        f"any data; without data the page is read from {DEFAULT_BASE_URL}",
    )


ALLOW_FILE_NAME = ".deprecation-tracker-allow"
SNAPSHOT_ENV = "DEPRECATION_TRACKER_SNAPSHOT"  # scraper.act.reference.SNAPSHOT_ENV (a test checks)


def _cmd_audit(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from scraper.act import audit
    from scraper.act.reference import NoReference, PageUnreadable, load_reference

    notes: list[str] = []
    today = args.today or datetime.now(UTC).date()
    page = None
    if args.base_url:  # the fetcher (httpx) is imported only when the live page is asked for
        from scraper.fetch import FetchOptions

        page = FetchOptions(base_url=args.base_url)
    try:
        reference = load_reference(
            data_dir=args.data_dir,
            snapshot=args.snapshot,
            page=page,  # a page read now is of today's date, whatever --today says
            notes=notes,
        )
    except PageUnreadable as error:
        return _error(str(error))
    except NoReference as error:
        return _error(str(error), EXIT_USAGE)
    for note in notes:
        print(f"note: {_one_line(note)}", file=sys.stderr)
    data_dir = None if args.snapshot else args.data_dir or Path.cwd()
    options = audit.AuditOptions(
        today=today,
        max_bytes=args.max_size,
        include_all=args.all,
        allow_files=args.allow or (),
        data_dirs=[data_dir] if data_dir else [],
        platform_fates=platform_fates_in(data_dir) if data_dir else {},
    )
    try:
        report = audit.audit(audit.unique(args.paths or [Path(".")]), reference, options)
    except audit.AuditError as error:
        return _error(str(error), EXIT_USAGE)
    if args.format == "json":
        sys.stdout.write(audit.render_json(report))
    elif args.format == "sarif":
        sys.stdout.write(audit.render_sarif(report, __version__))
    else:
        sys.stdout.write(audit.render_text(report))
    print(audit.summary_line(report), file=sys.stderr)
    return EXIT_FAILED if audit.fails(report, args.fail_on) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
