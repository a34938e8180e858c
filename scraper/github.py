"""How a run reports itself on GitHub: Actions step summary, outputs, annotations, and issues.

- On GitHub Actions (`GITHUB_ACTIONS=true`, or `run --github`), the run writes a readable summary
  to `$GITHUB_STEP_SUMMARY`, sets step outputs in `$GITHUB_OUTPUT` and prints held and failed
  languages as workflow annotations (`::warning title=...::`).
- With `run --github-issues`, one issue per cause (a language failing, a language held back, a
  commit or push failure) is kept open, labelled `deprecation-tracker`: opened the first time,
  commented on while it lasts, commented on and closed once the cause is gone.

The issues client is its own small httpx client with timeouts, separate from `fetch.py` (which
reads the docs site and nothing else): it talks only to the GitHub REST API, only on request, and
any failure to reach it is a warning, never a lost run.
"""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scraper import __version__
from scraper.publish.links import Links
from scraper.publish.report import (
    change_key,
    count_changes,
    count_findings,
    held_sentence,
    not_updated,
)
from scraper.words import counted

if TYPE_CHECKING:
    import httpx

    from scraper.runner import Outcome, RunResult

LABEL = "deprecation-tracker"
LABEL_COLOR = "d93f0b"
DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
TIMEOUT = 15.0  # seconds per request: a slow API must not hold the nightly job
MAX_PAGES = 10  # of 100 open issues each; far more than one tracker ever has
SUMMARY_REPORT_LIMIT = 900_000  # bytes; Actions refuses a step summary over 1 MiB
_MARKER = "<!-- deprecation-tracker cause: {key} -->"
_MARKER_RE = re.compile(r"<!-- deprecation-tracker cause: (?P<key>[\w:.-]+) -->")
_NEXT_LINK = re.compile(r'<(?P<url>[^>]+)>;\s*rel="next"')


# -- what went wrong: causes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    """One reason a run needs a person: the unit of one issue."""

    key: str  # stable across runs: "failed:de", "held:de", "publish"
    title: str
    details: str


# (outcome status, issue title): a table, so another kind of cause is one more row.
_LANGUAGE_CAUSES = {
    "failed": "{lang}: the page could not be read",
    "held": "{lang}: a reading was held back (the last good snapshot stays)",
}
PUBLISH_TITLE = "The day's data could not be committed or pushed"


def publish_error(result: RunResult, push_error: str | None) -> str | None:
    """The commit or push failure of this run, if any, in one message."""
    errors = [e for e in (result.commit_error, push_error) if e]
    return "; ".join(errors) or None


def causes(result: RunResult, push_error: str | None = None) -> list[Cause]:
    """Every cause this run found, in the report's language order.

    A hold is a cause for as long as it lasts, even on a night its language failed to be read:
    its issue stays open until a reading is published again.
    """
    found = []
    for o in result.outcomes.values():
        if o.status == "failed":
            title = _LANGUAGE_CAUSES["failed"].format(lang=o.language)
            found.append(Cause(f"failed:{o.language}", title, o.message))
        if (hold := result.holds.get(o.language)) is not None:
            title = _LANGUAGE_CAUSES["held"].format(lang=o.language)
            said = held_sentence(o.language, hold.held_since, hold.reason)
            found.append(Cause(f"held:{o.language}", title, said))
    if error := publish_error(result, push_error):
        found.append(Cause("publish", PUBLISH_TITLE, error))
    return found


def checked_keys(result: RunResult, *, published: bool) -> set[str]:
    """Causes this run could have seen: only these may be closed as gone.

    A language left out of the run (`--languages`) says nothing about its issues; a run that
    did not commit (`--no-commit`) says nothing about publishing.
    """
    keys = {f"{status}:{lang}" for lang in result.outcomes for status in _LANGUAGE_CAUSES}
    return keys | {"publish"} if published else keys


# -- Actions: outputs, annotations, summary ------------------------------------------------------


def outputs(
    result: RunResult, push_error: str | None = None, *, pushed: bool = False
) -> dict[str, str]:
    """The step outputs a workflow can branch on (all strings, as Actions has them).

    `events` is the day's count of changes (`report.count_changes`, as the report and the commit
    subject count them); `findings` how many findings came or went.
    """
    by_status: dict[str, list[str]] = {}
    for outcome in result.outcomes.values():
        by_status.setdefault(outcome.status, []).append(outcome.language)
    return {
        "changed": "true" if result.written else "false",
        "events": str(count_changes(result.events)),
        "findings": str(count_findings(result.events)),
        "commit": result.commit or "",
        "pushed": "true" if pushed else "false",
        "failed_languages": ",".join(by_status.get("failed", [])),
        "held_languages": ",".join(by_status.get("held", [])),
    }


def output_lines(values: Mapping[str, str]) -> str:
    """`$GITHUB_OUTPUT` syntax: `name=value`, or a heredoc with a unique delimiter if multiline."""
    lines = []
    for name, value in values.items():
        if "\n" in value or "\r" in value:
            delimiter = f"EOF_{uuid.uuid4().hex}"
            lines += [f"{name}<<{delimiter}", value, delimiter]
        else:
            lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, title: str, message: str) -> str:
    """A workflow command line, e.g. `::warning title=de held back::reason`."""
    return f"::{level} title={_escape_property(title)}::{_escape_data(message)}"


# outcome status → (annotation level, title): failed pages fail the job, held ones warn
_ANNOTATIONS = {
    "failed": ("error", "{lang}: page not read"),
    "held": ("warning", "{lang}: reading held back"),
}


def annotation_lines(result: RunResult, push_error: str | None = None) -> list[str]:
    lines = []
    for outcome in result.outcomes.values():
        if outcome.status in _ANNOTATIONS:
            level, title = _ANNOTATIONS[outcome.status]
            message = _details(outcome)
            lines.append(annotation(level, title.format(lang=outcome.language), message))
    if error := publish_error(result, push_error):
        lines.append(annotation("error", "commit or push failed", error))
    return lines


WARNINGS_PER_LANGUAGE = 5  # annotations are for pointing, the record has them all


def reading_warnings(result: RunResult, data_dir: Path) -> list[str]:
    """Warning annotations for what a reading published tonight did not fully understand.

    Only languages accepted in this run (first or changed), so a standing warning is not
    repeated every night; held readings are annotated as held already.
    """
    from scraper.track.store import Store

    store = Store(data_dir)
    lines = []
    for outcome in result.outcomes.values():
        record = store.latest(outcome.language) if outcome.status in ("first", "changed") else None
        if record is None:
            continue
        title = f"{outcome.language}: not fully understood"
        lines += [
            annotation("warning", title, f"{w.where}: {w.message}")
            for w in record.warnings[:WARNINGS_PER_LANGUAGE]
        ]
    return lines


_STATUS_WORDS = {
    "first": "first snapshot",
    "changed": "changed",
    "unchanged": "unchanged",
    "held": "**held back**",
    "failed": "**failed**",
}


def step_summary(
    result: RunResult,
    *,
    links: Links,
    run_url: str | None = None,
    push_error: str | None = None,
    pushed: bool = False,
    report: str | None = None,
) -> str:
    """The run as Markdown for `$GITHUB_STEP_SUMMARY`: verdict, one row per language, report."""
    day = result.day.isoformat()
    report_path = f"diffs/{day}.md"
    where_report = f"[{report_path}]({links.blob_url(report_path) or report_path})"
    out = [
        f"## Claude model deprecations: run of {day}",
        "",
        _verdict(result, links, push_error, pushed),
    ]
    out += ["", "| Language | Result | Details |", "|---|---|---|"]
    for outcome in result.outcomes.values():
        word = _STATUS_WORDS.get(outcome.status, outcome.status)
        out.append(f"| `{outcome.language}` | {word} | {_cell(_details(outcome))} |")
    if result.holds:
        out += [
            "",
            "**Held back** (the last good snapshot stays until a reading is published again):",
        ]
        out += [
            f"- {_cell(held_sentence(lang, hold.held_since, hold.reason))}"
            for lang, hold in result.holds.items()
        ]
    if result.findings:
        where = links.blob_url("snapshots/latest.json") or "snapshots/latest.json"
        out += [
            "",
            f"{counted(len(result.findings), 'inconsistency')} within pages or between languages "
            f"(listed in [snapshots/latest.json]({where})).",
        ]
    if error := publish_error(result, push_error):
        out += ["", f"**Not published:** {_cell(error)}"]
    if run_url:
        out += ["", f"[This run]({run_url})"]
    if report:
        # The day's report, one heading level down so it sits under this summary's heading.
        report = re.sub(r"^(#+) ", r"\1## ", report.strip(), flags=re.MULTILINE)
        if len(report.encode()) > SUMMARY_REPORT_LIMIT:
            cut = report.encode()[:SUMMARY_REPORT_LIMIT].decode(errors="ignore")
            cut = cut.rsplit("\n", 1)[0]
            report = f"{cut}\n\n… (cut here; the whole report: {where_report})"
        out += ["", "---", "", report]
    return "\n".join(out) + "\n"


def _details(outcome: Outcome) -> str:
    """An outcome's message; a held one says since when its page is not updated."""
    if outcome.status == "held" and outcome.held_since is not None:
        return not_updated(outcome.held_since, outcome.message)
    return outcome.message


def _verdict(result: RunResult, links: Links, push_error: str | None, pushed: bool) -> str:
    attention = [
        f"`{o.language}` {_STATUS_WORDS[o.status].strip('*')}"
        for o in result.outcomes.values()
        if o.status in ("held", "failed")
    ]
    changes = count_changes(result.events)
    findings = count_findings(result.events)
    if changes:
        languages = len({e.language for e in result.events if change_key(e) is not None})
        said = f"{counted(changes, 'change')} in {counted(languages, 'language')}"
        said += f"; {counted(findings, 'finding')} came or went." if findings else "."
    elif findings:
        said = f"No change on the pages; {counted(findings, 'finding')} came or went."
    elif result.written:
        said = "New snapshots, no change events."
    else:
        said = "No change: nothing written, nothing committed."
    if result.commit:
        url = links.commit_url(result.commit)
        sha = f"`{result.commit[:12]}`"
        said += f" Committed {f'[{sha}]({url})' if url else sha}{' and pushed' if pushed else ''}."
    if publish_error(result, push_error):
        attention.append("the commit or push")
    if attention:
        return f"⚠️ {said} **Needs attention:** {', '.join(attention)}."
    return f"✅ {said}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


# -- the GitHub REST API ------------------------------------------------------------------------


class GitHubError(Exception):
    """The GitHub API could not be reached or refused a request."""


@dataclass
class IssuesClient:
    """The few issue endpoints the tracker uses, for one repository."""

    api_url: str
    repository: str  # "owner/name"
    token: str
    timeout: float = TIMEOUT
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> IssuesClient:
        import httpx

        self._client = httpx.Client(
            base_url=self.api_url.rstrip("/"),
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": f"claude-deprecation-tracker/{__version__}",
            },
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        import httpx

        if self._client is None:
            raise RuntimeError("use IssuesClient as a context manager")
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise GitHubError(f"{method} {path}: {type(error).__name__}: {error}") from None
        if response.status_code >= 400 and not (method == "GET" and response.status_code == 404):
            message = response.text[:200].strip() or response.reason_phrase
            raise GitHubError(f"{method} {path}: HTTP {response.status_code}: {message}")
        return response

    @property
    def _repo(self) -> str:
        return f"/repos/{self.repository}"

    def open_issues(self, label: str = LABEL) -> list[dict[str, Any]]:
        """Open issues (not pull requests) with `label`, following pagination."""
        issues: list[dict[str, Any]] = []
        url: str | None = f"{self._repo}/issues"
        params: dict[str, Any] | None = {"state": "open", "labels": label, "per_page": 100}
        for _ in range(MAX_PAGES):
            if url is None:
                break
            response = self._request("GET", url, params=params)
            if response.status_code == 404:
                raise GitHubError(f"repository {self.repository} not found (or issues disabled)")
            issues += [i for i in _json(response) if "pull_request" not in i]
            match = _NEXT_LINK.search(response.headers.get("link", ""))
            url, params = (match["url"], None) if match else (None, None)
        return issues

    def ensure_label(self, name: str = LABEL) -> None:
        if self._request("GET", f"{self._repo}/labels/{name}").status_code != 404:
            return
        self._request(
            "POST",
            f"{self._repo}/labels",
            json={
                "name": name,
                "color": LABEL_COLOR,
                "description": "Opened and closed by the deprecation tracker's nightly run",
            },
        )

    def create_issue(self, title: str, body: str, labels: Sequence[str] = (LABEL,)) -> int:
        response = self._request(
            "POST", f"{self._repo}/issues", json={"title": title, "body": body, "labels": labels}
        )
        return int(_json(response)["number"])

    def comment(self, number: int, body: str) -> None:
        self._request("POST", f"{self._repo}/issues/{number}/comments", json={"body": body})

    def close(self, number: int) -> None:
        self._request(
            "PATCH",
            f"{self._repo}/issues/{number}",
            json={"state": "closed", "state_reason": "completed"},
        )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise GitHubError(f"{response.request.url}: the API answered with no JSON") from None


@dataclass
class IssueSync:
    """What `sync_issues` did, by issue number."""

    opened: list[int] = field(default_factory=list)
    commented: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)

    def describe(self) -> str:
        parts = [
            f"{verb} {', '.join(f'#{n}' for n in numbers)}"
            for verb, numbers in (
                ("opened", self.opened),
                ("commented on", self.commented),
                ("closed", self.closed),
            )
            if numbers
        ]
        return f"failure issues: {'; '.join(parts)}" if parts else "failure issues: none open"


def cause_key(issue: Mapping[str, Any]) -> str | None:
    match = _MARKER_RE.search(str(issue.get("body") or ""))
    return match["key"] if match else None


def sync_issues(
    client: IssuesClient,
    found: Iterable[Cause],
    checked: set[str],
    *,
    day: str,
    run_url: str | None,
) -> IssueSync:
    """One open issue per cause: open new ones, comment on lasting ones, close resolved ones."""
    done = IssueSync()
    open_by_key: dict[str, dict[str, Any]] = {}
    for issue in sorted(client.open_issues(), key=lambda i: int(i["number"])):
        key = cause_key(issue)
        if key:
            open_by_key.setdefault(key, issue)
    run = f" ([run]({run_url}))" if run_url else ""
    current = set()
    label_ready = False
    for cause in found:
        current.add(cause.key)
        if cause.key in open_by_key:
            number = int(open_by_key[cause.key]["number"])
            client.comment(number, f"Still happening on {day}{run}:\n\n{_quote(cause.details)}")
            done.commented.append(number)
            continue
        if not label_ready:
            client.ensure_label()
            label_ready = True
        body = "\n".join(
            [
                f"The nightly run of {day}{run} reports:",
                "",
                _quote(cause.details),
                "",
                "This issue is kept up to date by `deprecation-tracker run --github-issues`: a "
                "comment on each run where this still happens, closed by itself when it stops.",
                "",
                _MARKER.format(key=cause.key),
            ]
        )
        done.opened.append(client.create_issue(cause.title, body))
    for key, issue in open_by_key.items():
        if key in checked and key not in current:
            number = int(issue["number"])
            client.comment(number, f"Resolved: the run of {day}{run} no longer sees this.")
            client.close(number)
            done.closed.append(number)
    return done


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


# -- after a run -----------------------------------------------------------------------------------


def run_url(env: Mapping[str, str]) -> str | None:
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repository, run_id = env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    return f"{server}/{repository}/actions/runs/{run_id}" if repository and run_id else None


def on_actions(env: Mapping[str, str]) -> bool:
    return env.get("GITHUB_ACTIONS", "").lower() == "true"


def report_run(
    result: RunResult,
    *,
    data_dir: Path,
    links: Links,
    env: Mapping[str, str],
    actions: bool,
    issues: bool,
    published: bool,
    push_error: str | None = None,
    pushed: bool = False,
    out: TextIO | None = None,
) -> list[str]:
    """Tell GitHub about a finished run; returns the warnings (already printed as annotations).

    `actions`: summary, outputs and annotations; `issues`: keep the failure issues in step.
    Nothing here changes the run's result: problems become warnings.
    """
    out = out or sys.stdout
    warnings: list[str] = []
    url = run_url(env)
    if actions:
        for line in annotation_lines(result, push_error) + reading_warnings(result, data_dir):
            print(line, file=out)
        warnings += _write_actions_files(result, data_dir, links, env, url, push_error, pushed)
    if issues:
        warnings += _update_issues(result, env, url, published, push_error, out)
    for warning in warnings:
        print(
            annotation("warning", "deprecation-tracker", warning) if actions else warning, file=out
        )
    return warnings


def _write_actions_files(
    result: RunResult,
    data_dir: Path,
    links: Links,
    env: Mapping[str, str],
    url: str | None,
    push_error: str | None,
    pushed: bool,
) -> list[str]:
    warnings = []
    report_path = data_dir / "diffs" / f"{result.day.isoformat()}.md"
    report = report_path.read_text(encoding="utf-8") if report_path.is_file() else None
    texts = {
        "GITHUB_STEP_SUMMARY": step_summary(
            result, links=links, run_url=url, push_error=push_error, pushed=pushed, report=report
        ),
        "GITHUB_OUTPUT": output_lines(outputs(result, push_error, pushed=pushed)),
    }
    for variable, text in texts.items():
        target = env.get(variable)
        if not target:
            warnings.append(f"{variable} is not set; not written")
            continue
        try:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            warnings.append(f"could not write {variable} ({target}): {error.strerror or error}")
    return warnings


def _update_issues(
    result: RunResult,
    env: Mapping[str, str],
    url: str | None,
    published: bool,
    push_error: str | None,
    out: TextIO,
) -> list[str]:
    token, repository = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY")
    if not token or not repository:
        return [
            "--github-issues needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name) in the "
            "environment; issues were not updated"
        ]
    api_url = env.get("GITHUB_API_URL") or DEFAULT_API_URL
    try:
        with IssuesClient(api_url, repository, token) as client:
            done = sync_issues(
                client,
                causes(result, push_error),
                checked_keys(result, published=published),
                day=result.day.isoformat(),
                run_url=url,
            )
    except GitHubError as error:
        return [f"could not update the failure issues (the run itself is unaffected): {error}"]
    print(done.describe(), file=out)
    return []
