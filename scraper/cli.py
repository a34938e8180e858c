"""The `deprecation-tracker` command: a thin shell over the library.

Each sub-command parses its options, calls one library function and prints. Heavy modules
(httpx, pydantic, bs4, git) are imported inside the handlers so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scraper import DEFAULT_BASE_URL, __version__
from scraper.languages import LANGUAGES

if TYPE_CHECKING:
    from scraper.fetch import FetchOptions
    from scraper.track import RunResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _languages(value: str) -> list[str]:
    """`--languages en,de ko` style: commas or repeated values; codes are case-sensitive."""
    chosen = [code.strip() for code in value.split(",") if code.strip()]
    by_fold = {code.casefold(): code for code in LANGUAGES}
    result = []
    for code in chosen:
        if code in LANGUAGES:
            result.append(code)
        elif code.casefold() in by_fold:
            result.append(by_fold[code.casefold()])
        else:
            raise argparse.ArgumentTypeError(
                f"unknown language {code!r}; choose from {', '.join(LANGUAGES)}"
            )
    return result


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
        type=Path,
        default=Path.cwd(),
        metavar="DIR",
        help="where snapshots/ and diffs/ live; committed to the git repository there "
        "(created if missing) (default: the current directory)",
    )
    parser.add_argument("--no-commit", action="store_true", help="write files but do not commit")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")


def _add_snapshot_options(parser: argparse.ArgumentParser) -> None:
    """`--data-dir` / `--snapshot`: where commands that act on the records read them."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="a data directory the tracker writes (reads DIR/snapshots/latest.json) "
        "(default: the current directory)",
    )
    source.add_argument(
        "--snapshot",
        metavar="FILE_OR_URL",
        help="a published snapshots/latest.json, as a file or an http(s) URL",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    parse.add_argument("source", metavar="FILE_OR_URL")
    parse.add_argument("--lang", choices=LANGUAGES, help="the page's language")
    parse.add_argument(
        "--markdown",
        action="store_true",
        help="print the page as readable Markdown instead (HTML pages go through markdownify)",
    )

    fetch = commands.add_parser(
        "fetch",
        help="fetch and read the page in every language; print a summary or write records",
        description="Fetch the page in each language (the .md twin first, the HTML page as "
        "fallback), read it, and print one line per language. With --out, write one record "
        "per language as JSON. Exits 1 if any language failed.",
    )
    _add_language_options(fetch)
    fetch.add_argument("--out", type=Path, metavar="DIR", help="write LANG.json records here")
    fetch.add_argument("--json", action="store_true", help="print all records as one JSON object")

    run = commands.add_parser(
        "run",
        help="the nightly job: fetch, compare with the last snapshots, write and commit changes",
        description="Fetch and read every language, compare each with its latest snapshot, and "
        "write only what changed: snapshots/<lang>/<date>.json (+ the page's Markdown), "
        "snapshots/latest/, snapshots/latest.json, diffs/<date>.md|.json and the feeds; then "
        "commit them. A reading that looks broken is held back (the last good snapshot stays) "
        "and the run exits 1 after writing everything else.",
    )
    _add_language_options(run)
    _add_data_options(run)
    run.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="run as of this day (UTC; default: today), for tests and backfills",
    )

    replay = commands.add_parser(
        "replay",
        help="backfill history from an archive of captures, one nightly run per capture day",
        description="Process captures named LANG__YYYY-MM-DD__anything.(md|html|txt) in date "
        "order as nightly runs, committing with the capture dates. When a language has several "
        "captures on one day, the page's own Markdown is preferred, then HTML, then mirror text.",
    )
    replay.add_argument("archive", type=Path, metavar="DIR", help="folder of captures")
    replay.add_argument(
        "--languages",
        type=_languages,
        action="extend",
        metavar="LANGS",
        help="only these languages (default: every language found)",
    )
    _add_data_options(replay)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the page record",
        description="Print the JSON Schema generated from the record models.",
    )
    schema.add_argument("--write", type=Path, metavar="DIR", help="write schema files to DIR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {
        "parse": _cmd_parse,
        "fetch": _cmd_fetch,
        "run": _cmd_run,
        "replay": _cmd_replay,
        "schema": _cmd_schema,
    }[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _cmd_parse(args: argparse.Namespace) -> int:
    from scraper.extract import PageError
    from scraper.parse import (
        decode,
        file_format,
        markdown_copy,
        parse_text,
        read_file,
        read_page_bytes,
    )

    source: str = args.source
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
    from scraper.records import dump_json

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
        if result.record is None:
            failed += 1
            print(f"{lang:6} FAILED  {result.error}", file=summary)
            continue
        record = result.record
        records[lang] = record
        counts = f"{len(record.models)} models, {len(record.deprecations)} history sections"
        warn = f", {len(record.warnings)} warnings" if record.warnings else ""
        print(f"{lang:6} ok      {result.format:4} {counts}{warn}", file=summary)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{lang}.json").write_text(record.to_json(), encoding="utf-8")
    if args.json:
        data = {
            lang: record.normalized().model_dump(mode="json") for lang, record in records.items()
        }
        print(dump_json(data), end="")
    return EXIT_FAILED if failed else EXIT_OK


def _progress(args: argparse.Namespace) -> Callable[[str], None] | None:
    if args.quiet:
        return None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _print_run(result: RunResult) -> None:
    for outcome in result.outcomes.values():
        print(f"{outcome.language:6} {outcome.status:9} {outcome.message}")
    for event in result.events:
        print(f"  {event.summary()}")
    if result.commit:
        print(f"committed {result.commit[:12]} ({len(result.written)} files)")
    elif result.written:
        print(f"wrote {len(result.written)} files (not committed)")
    else:
        print("nothing changed; nothing written")


def _cmd_run(args: argparse.Namespace) -> int:
    from scraper.track import run

    result = run(
        args.data_dir,
        languages=args.languages or list(LANGUAGES),
        base_url=args.base_url,
        commit=not args.no_commit,
        day=args.date,
        progress=_fetch_progress(args),  # per-request lines only with --verbose
        options=_fetch_options(args),
    )
    _print_run(result)
    if not result.ok:
        print(
            "error: some languages were held back or failed (see above); their last good "
            "snapshots were kept",
            file=sys.stderr,
        )
    return EXIT_OK if result.ok else EXIT_FAILED


def _cmd_replay(args: argparse.Namespace) -> int:
    from scraper.track import replay

    if not args.archive.is_dir():
        print(f"error: {args.archive}: not a folder of captures", file=sys.stderr)
        return EXIT_USAGE
    results = replay(
        args.archive,
        args.data_dir,
        languages=args.languages,
        commit=not args.no_commit,
        progress=_progress(args),
    )
    events = sum(len(r.events) for r in results)
    commits = sum(1 for r in results if r.commit)
    held = sorted({o.language for r in results for o in r.outcomes.values() if o.status == "held"})
    print(
        f"replayed {len(results)} days: {events} events, {commits} commits"
        + (f"; held at least once: {', '.join(held)}" if held else "")
    )
    failed = [o for r in results for o in r.outcomes.values() if o.status == "failed"]
    for outcome in failed:
        print(f"failed: {outcome.message}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from scraper.records import dump_json, page_record_schema
    from scraper.report import day_schema
    from scraper.track import latest_schema

    schemas = {
        "page-record.schema.json": page_record_schema(),
        "latest.schema.json": latest_schema(),
        "day-events.schema.json": day_schema(),
    }
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            (args.write / name).write_text(dump_json(schema), encoding="utf-8")
            print(f"wrote {args.write / name}", file=sys.stderr)
    else:
        print(dump_json(schemas), end="")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
