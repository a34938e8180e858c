"""The run on GitHub: step summary, outputs, annotations, failure issues, links, push.

Everything runs the real CLI against real loopback servers: the page server for the docs site
(tests/pageserver.py) and a fake of the GitHub REST API that keeps issue state
(tests/fakegithub.py). Actions' files are temporary files named by the same variables Actions
sets; pushes go to a real bare git repository.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import git
import pytest
from fakegithub import REPOSITORY, TOKEN, FakeGitHub, github_fixture  # noqa: F401
from pageserver import PageServer, Reply, page_path, server_fixture  # noqa: F401
from trackpages import ALPHA, GAMMA, ROWS, page_text, with_row, without_row

from scraper import PROJECT_URL
from scraper.cli import main
from scraper.github import annotation, cause_key, output_lines
from scraper.publish.links import Links, resolve_links, web_url

LANGS = "en,de"
CHANGED_EN = page_text("en", with_row(ROWS, GAMMA, retirement=ROWS[2].retirement.replace(day=28)))


# -- helpers -----------------------------------------------------------------------------------


def serve(server: PageServer, **pages: str | Reply) -> None:
    for lang, body in pages.items():
        server.route(page_path(lang, "md"), body if isinstance(body, Reply) else Reply(200, body))


def tracker(
    server: PageServer, data: Path, day: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    options = ["--base-url", server.url, "--data-dir", str(data), "--date", day]
    code = main(["run", *options, "--languages", LANGS, "-q", *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    git.Repo.init(folder)
    return folder


@pytest.fixture
def actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The variables GitHub Actions sets, pointing at temporary files."""
    files = {"summary": tmp_path / "summary.md", "output": tmp_path / "output.txt"}
    for path in files.values():
        path.write_text("", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files["summary"]))
    monkeypatch.setenv("GITHUB_OUTPUT", str(files["output"]))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_RUN_ID", "4242")
    return files


def read_outputs(path: Path) -> dict[str, str]:
    """The last value of each output (Actions keeps the last one written)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        values[name] = value
    return values


@pytest.fixture
def api(github: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> FakeGitHub:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_RUN_ID", "77")
    return github


# -- Actions: summary, outputs, annotations ------------------------------------------------------


def test_a_changed_page_sets_outputs_and_writes_a_summary_with_the_days_report(
    server: PageServer,
    data: Path,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, _, _ = tracker(server, data, "2026-03-01", capsys)
    assert code == 0
    actions["summary"].write_text("", encoding="utf-8")

    serve(server, en=CHANGED_EN)
    code, out, _ = tracker(server, data, "2026-03-02", capsys)
    assert code == 0
    head = git.Repo(data).head.commit.hexsha
    outputs = read_outputs(actions["output"])
    events = json.loads((data / "diffs" / "2026-03-02.json").read_text(encoding="utf-8"))
    findings = [e for e in events["events"] if e["type"].startswith("finding_")]
    assert findings  # German now lags: they are counted apart, never as changes
    # `events` counts changes as the report, the commit subject and the summary do.
    assert outputs == {
        "changed": "true",
        "events": "1",
        "findings": str(len(findings)),
        "commit": head,
        "pushed": "false",
        "failed_languages": "",
        "held_languages": "",
    }
    # Only the status row moved (the history is the same); German now lags: findings appeared.
    page_events = [e for e in events["events"] if not e["type"].startswith("finding_")]
    assert len(page_events) == 1
    summary = actions["summary"].read_text(encoding="utf-8")
    assert summary.startswith("## Claude model deprecations: run of 2026-03-02\n")
    assert f"Committed [`{head[:12]}`](https://github.example/{REPOSITORY}/commit/{head})" in (
        summary
    )
    assert "| `en` | changed | 1 change |" in summary and "| `de` | unchanged |" in summary
    assert f"✅ 1 change in 1 language; {len(findings)} findings came or went." in summary
    assert "1 change on [the English page]" in summary  # the day's report, the same count
    assert f"[This run](https://github.example/{REPOSITORY}/actions/runs/4242)" in summary
    # The day's report follows, one heading level down.
    assert "### Model deprecations: changes on 2 March 2026" in summary
    assert GAMMA in summary
    assert "::" not in out  # nothing to warn about


def test_an_unchanged_run_says_so_in_outputs_and_summary(
    server: PageServer,
    data: Path,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys)
    actions["summary"].write_text("", encoding="utf-8")
    code, _, _ = tracker(server, data, "2026-03-02", capsys)
    assert code == 0
    outputs = read_outputs(actions["output"])
    assert (outputs["changed"], outputs["events"], outputs["commit"]) == ("false", "0", "")
    assert "✅ No change: nothing written, nothing committed." in actions["summary"].read_text(
        encoding="utf-8"
    )


def test_failed_and_held_languages_become_outputs_annotations_and_a_failed_exit(
    server: PageServer,
    data: Path,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys)
    serve(server, en=page_text("en", without_row(ROWS, ALPHA)), de=Reply(404, "gone\n"))
    code, out, err = tracker(server, data, "2026-03-02", capsys)
    assert code == 1
    outputs = read_outputs(actions["output"])
    assert (outputs["failed_languages"], outputs["held_languages"]) == ("de", "en")
    lines = out.splitlines()
    held = [line for line in lines if line.startswith("::warning title=en%3A reading held back::")]
    failed = [line for line in lines if line.startswith("::error title=de%3A page not read::")]
    assert len(held) == 1 and ALPHA in held[0]
    assert len(failed) == 1 and "404" in failed[0]
    summary = actions["summary"].read_text(encoding="utf-8")
    assert "**Needs attention:** `en` held back, `de` failed." in summary
    assert "error: 2 of 2 languages held back or failed (en, de; see above)" in err


def test_github_flag_without_actions_variables_warns_and_still_runs(
    server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys, "--github")
    assert code == 0
    assert "::warning title=deprecation-tracker::GITHUB_STEP_SUMMARY is not set" in out
    assert (data / "snapshots" / "latest.json").is_file()


def test_workflow_command_values_are_escaped() -> None:
    line = annotation("warning", "de: held, twice", "50% of rows\nvanished")
    assert line == "::warning title=de%3A held%2C twice::50%25 of rows%0Avanished"
    text = output_lines({"a": "1", "b": "two\nlines"})
    first, heredoc = text.split("\n", 1)
    assert first == "a=1"
    name, delimiter = heredoc.splitlines()[0].split("<<")
    assert name == "b" and heredoc.splitlines()[1:] == ["two", "lines", delimiter]


# -- failure issues against the fake API ---------------------------------------------------------


def test_one_issue_per_cause_commented_while_it_lasts_and_closed_when_gone(
    server: PageServer, data: Path, api: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys, "--github-issues")
    assert code == 0 and api.issues == {} and "failure issues: none open" in out

    # Day 2: de fails, en is held back: two causes, two issues.
    serve(server, en=page_text("en", without_row(ROWS, ALPHA)), de=Reply(404, "gone\n"))
    code, out, _ = tracker(server, data, "2026-03-02", capsys, "--github-issues")
    assert code == 1
    assert sorted(i.title for i in api.open_issues()) == [
        "de: the page could not be read",
        "en: a reading was held back (the last good snapshot stays)",
    ]
    assert all(i.labels == ["deprecation-tracker"] for i in api.open_issues())
    assert "deprecation-tracker" in api.labels
    de_issue = next(i for i in api.open_issues() if i.title.startswith("de:"))
    assert cause_key(de_issue.as_json()) == "failed:de"
    assert f"https://github.example/{REPOSITORY}/actions/runs/77" in de_issue.body
    assert "404" in de_issue.body
    assert "opened #1, #2" in out or "opened #2, #1" in out
    assert all(c.authorization == f"Bearer {TOKEN}" for c in api.calls)

    # Day 3: the same causes: comments on the same issues, nothing new opened.
    code, out, _ = tracker(server, data, "2026-03-03", capsys, "--github-issues")
    assert code == 1
    assert len(api.issues) == 2
    assert all(len(i.comments) == 1 for i in api.open_issues())
    assert de_issue.comments[0].startswith("Still happening on 2026-03-03")

    # Day 4: de is back, and en's removal, seen on a third day, is accepted: both issues are
    # commented on and closed.
    serve(server, de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-04", capsys, "--github-issues")
    assert code == 0
    assert api.open_issues() == []
    for issue in api.issues.values():
        assert (issue.state, issue.state_reason) == ("closed", "completed")
        assert issue.comments[-1].startswith("Resolved: the run of 2026-03-04")
    assert "closed #1, #2" in out
    assert len(api.issues) == 2


def test_a_hold_keeps_its_issue_open_while_it_lasts_even_on_a_failed_night_and_closes_it(
    server: PageServer,
    data: Path,
    api: FakeGitHub,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    assert tracker(server, data, "2026-03-01", capsys, "--github-issues")[0] == 0
    said = (
        f"English not updated since 2 March 2026: {ALPHA} (active) disappeared from the status "
        "table but nothing says it was retired"
    )
    # Day 2: English is held back: one issue, saying since when and why.
    serve(server, en=page_text("en", without_row(ROWS, ALPHA)))
    assert tracker(server, data, "2026-03-02", capsys, "--github-issues")[0] == 1
    [issue] = api.open_issues()
    assert cause_key(issue.as_json()) == "held:en" and said in issue.body
    # Day 3: English cannot even be read; its hold goes on, and so does the issue.
    actions["summary"].write_text("", encoding="utf-8")
    serve(server, en=Reply(404, "gone\n"))
    server.route(page_path("en", "html"), Reply(404, "gone\n"))
    assert tracker(server, data, "2026-03-03", capsys, "--github-issues")[0] == 1
    assert issue in api.open_issues()
    assert (
        issue.comments[-1].startswith("Still happening on 2026-03-03")
        and said in issue.comments[-1]
    )
    summary = actions["summary"].read_text(encoding="utf-8")
    assert f"- {said}" in summary  # the step summary says it, though tonight's outcome failed
    latest = json.loads((data / "snapshots" / "latest.json").read_text(encoding="utf-8"))
    assert latest["languages"]["en"]["held_since"] == "2026-03-02"
    # Day 4: the page as last published: the hold ends, the issue is closed.
    serve(server, en=page_text("en"))
    server.route(page_path("en", "html"), Reply(404, "gone\n"))
    assert tracker(server, data, "2026-03-04", capsys, "--github-issues")[0] == 0
    assert api.open_issues() == []
    assert (issue.state, issue.comments[-1][:31]) == ("closed", "Resolved: the run of 2026-03-04")


def test_the_step_summary_says_since_when_a_held_page_is_not_updated(
    server: PageServer,
    data: Path,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys)
    serve(server, en=page_text("en", without_row(ROWS, ALPHA)))
    tracker(server, data, "2026-03-02", capsys)
    tracker(server, data, "2026-03-03", capsys)
    summary = actions["summary"].read_text(encoding="utf-8").split("## Claude model")[-1]
    assert "| `en` | **held back** | not updated since 2 March 2026: " in summary
    assert "- English not updated since 2 March 2026: " in summary


def test_issues_of_languages_left_out_of_the_run_and_other_issues_stay_open(
    server: PageServer, data: Path, api: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = "<!-- deprecation-tracker cause: {} -->"
    fr = api.add_issue("fr failing", marker.format("failed:fr"), ["deprecation-tracker"])
    mine = api.add_issue("a person's issue", "no marker here", ["deprecation-tracker"])
    pull = api.add_issue(
        "a PR", marker.format("failed:de"), ["deprecation-tracker"], pull_request=True
    )
    api.labels.add("deprecation-tracker")
    serve(server, en=page_text("en"), de=page_text("de"))
    code, _, _ = tracker(server, data, "2026-03-01", capsys, "--github-issues")
    assert code == 0
    assert (fr.state, mine.state, pull.state) == ("open", "open", "open")
    assert api.writes() == []


def test_open_issues_are_found_across_pages(
    server: PageServer, data: Path, api: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    api.page_size = 2
    for n in range(5):
        api.add_issue(f"other {n}", "", ["deprecation-tracker"])
    de = api.add_issue(
        "de", "<!-- deprecation-tracker cause: failed:de -->", ["deprecation-tracker"]
    )
    serve(server, en=page_text("en"), de=page_text("de"))
    code, _, _ = tracker(server, data, "2026-03-01", capsys, "--github-issues")
    assert code == 0
    assert de.state == "closed"
    pages = [c.query.get("page", "1") for c in api.calls if c.path.endswith("/issues")]
    assert pages == ["1", "2", "3"]


@pytest.mark.parametrize("outage", ["503", "unreachable"])
def test_an_api_outage_is_a_warning_and_changes_nothing_else(
    server: PageServer,
    data: Path,
    api: FakeGitHub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    outage: str,
) -> None:
    if outage == "503":
        api.fail_with = 503
    else:
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{probe.getsockname()[1]}")
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys, "--github-issues")
    assert code == 0
    assert "could not update the failure issues (the run itself is unaffected)" in out
    assert ("HTTP 503" in out) if outage == "503" else ("ConnectError" in out)
    assert git.Repo(data).head.is_valid()  # the run was committed all the same

    serve(server, de=Reply(404, "gone\n"))
    code, out, _ = tracker(server, data, "2026-03-02", capsys, "--github-issues")
    assert code == 1  # the run's own verdict, not the API's
    assert api.issues == {}


def test_issues_without_a_token_is_a_warning(
    server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys, "--github-issues")
    assert code == 0
    assert "--github-issues needs GITHUB_TOKEN and GITHUB_REPOSITORY" in out


# -- links: where the data is published -------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("git@github.com:someone/tracker.git", "https://github.com/someone/tracker"),
        ("ssh://git@github.com/someone/tracker", "https://github.com/someone/tracker"),
        (
            "https://x-access-token:secret@github.com/someone/tracker.git",
            "https://github.com/someone/tracker",
        ),
        (
            "https://gitlab.example/group/sub/tracker.git/",
            "https://gitlab.example/group/sub/tracker",
        ),
        ("/srv/git/tracker.git", None),
        ("file:///srv/git/tracker.git", None),
    ],
)
def test_a_remote_becomes_its_web_page_without_credentials(
    remote: str, expected: str | None
) -> None:
    assert web_url(remote) == expected


def test_links_come_from_options_then_actions_then_origin(data: Path) -> None:
    git.Repo(data).create_remote("origin", "git@github.com:me/mine.git")
    env = {"GITHUB_REPOSITORY": "ci/repo", "GITHUB_SERVER_URL": "https://ghe.example/"}
    assert resolve_links(data, {}) == Links(repo_url="https://github.com/me/mine")
    assert resolve_links(data, env).repo_url == "https://ghe.example/ci/repo"
    chosen = resolve_links(
        data, env, repo_url="https://x.example/r/", site_url="https://s.example/"
    )
    assert chosen == Links(repo_url="https://x.example/r", site_url="https://s.example")
    assert chosen.home_page_url == "https://s.example"
    assert Links().data_url("diffs/feed.json") == "feed.json"  # relative to diffs/
    assert Links().home_page_url == "../"


def test_feeds_link_to_the_users_own_repository(
    server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git.Repo(data).create_remote("origin", "https://github.com/me/mine.git")
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys)
    serve(server, en=CHANGED_EN)
    code, _, _ = tracker(server, data, "2026-03-02", capsys)
    assert code == 0
    feed = json.loads((data / "diffs" / "feed.json").read_text(encoding="utf-8"))
    assert feed["home_page_url"] == "https://github.com/me/mine"
    assert feed["feed_url"] == "https://github.com/me/mine/raw/HEAD/diffs/feed.json"
    atom = (data / "diffs" / "feed.atom").read_text(encoding="utf-8")
    assert 'href="https://github.com/me/mine/raw/HEAD/diffs/feed.atom"' in atom
    everything = "".join(
        p.read_text(encoding="utf-8") for p in (data / "diffs").iterdir() if p.is_file()
    )
    # Only the JSON Feed extension's `about` names the tool's own documentation; no data link does.
    about = f"{PROJECT_URL}#json-feed-extension"
    assert "claude-deprecation-tracker/claude-deprecation-tracker" not in everything.replace(
        about, ""
    )


def test_without_any_repository_the_feed_links_are_relative(
    server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys)
    serve(server, en=CHANGED_EN)
    tracker(server, data, "2026-03-02", capsys, "--site-url", "https://me.example/deps/")
    feed = json.loads((data / "diffs" / "feed.json").read_text(encoding="utf-8"))
    assert (feed["home_page_url"], feed["feed_url"]) == (
        "https://me.example/deps",
        "https://me.example/deps/diffs/feed.json",
    )


# -- push: rebase and retry, never force --------------------------------------------------------


@pytest.fixture
def remote(tmp_path: Path) -> tuple[Path, Path]:
    """A bare 'origin' with one commit, and a shallow clone of it as the data directory (as
    actions/checkout makes by default: one commit deep)."""
    bare = tmp_path / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main")
    seed = git.Repo.clone_from(str(bare), tmp_path / "seed")
    _commit_file(seed, ".gitignore", ".tracker/\n", "ignore the run log")
    _commit_file(seed, "README.md", "my tracker\n", "start")
    seed.git.push("origin", "HEAD:refs/heads/main")
    clone = git.Repo.clone_from(f"file://{bare}", tmp_path / "data", branch="main", depth=1)
    assert (Path(clone.git_dir) / "shallow").is_file()
    return bare, Path(clone.working_dir)


def _commit_file(repo: git.Repo, name: str, text: str, message: str) -> str:
    path = Path(repo.working_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    repo.index.add([name])
    actor = git.Actor("someone", "someone@example.invalid")
    return str(repo.index.commit(message, author=actor, committer=actor).hexsha)


def _other_clone(bare: Path, tmp_path: Path, name: str) -> git.Repo:
    return git.Repo.clone_from(str(bare), tmp_path / name, branch="main")


def test_push_rebases_on_a_branch_that_moved_and_never_forces(
    server: PageServer,
    remote: tuple[Path, Path],
    tmp_path: Path,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bare, data = remote
    # As on a fresh CI runner: git has no user identity, the tracker's own is used.
    (tmp_path / "empty.gitconfig").write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty.gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))  # gitpython reads ~/.gitconfig itself
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys, "--push")
    assert code == 0 and "pushed to origin/main" in out
    first = git.Repo(bare).commit("main").hexsha

    # Someone else pushes meanwhile (a README edit); our next run must rebase on it.
    other = _other_clone(bare, tmp_path, "other")
    theirs = _commit_file(other, "README.md", "my tracker, edited\n", "edit readme")
    other.git.push("origin", "HEAD:refs/heads/main")
    serve(server, en=CHANGED_EN)
    code, out, err = tracker(server, data, "2026-03-02", capsys, "--push")
    assert code == 0, err
    history = [c.hexsha for c in git.Repo(bare).iter_commits("main")]
    assert history[1] == theirs and first in history  # ours on top of theirs, nothing lost
    assert str(git.Repo(bare).commit("main").message).startswith(f"en: {GAMMA} retirement")
    assert git.Repo(data).head.commit.hexsha == history[0]
    assert git.Repo(data).head.commit.committer.name == "deprecation-tracker"
    assert read_outputs(actions["output"])["pushed"] == "true"


def test_a_push_that_cannot_rebase_fails_the_run_opens_an_issue_and_refetches(
    server: PageServer,
    remote: tuple[Path, Path],
    tmp_path: Path,
    api: FakeGitHub,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bare, data = remote
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys, "--push")
    # Someone pushes a conflicting edit of the data itself.
    other = _other_clone(bare, tmp_path, "other")
    theirs = _commit_file(other, "snapshots/latest.json", "{}\n", "hand edit")
    other.git.push("origin", "HEAD:refs/heads/main")

    serve(server, en=CHANGED_EN)
    code, _, err = tracker(server, data, "2026-03-02", capsys, "--push", "--github-issues")
    assert code == 4  # data not published: written here, not committed or pushed
    assert "rebasing on it failed" in err and "nothing was forced" in err
    assert git.Repo(bare).commit("main").hexsha == theirs  # the remote is untouched
    repo = git.Repo(data)
    assert not (Path(repo.git_dir) / "rebase-merge").exists()  # the rebase was aborted
    [issue] = api.open_issues()
    assert issue.title == "The day's data could not be committed or pushed"
    # en changed but never reached the repository: its validators are gone, so no 304 hides it.
    cache = json.loads((data / ".tracker" / "http-cache.json").read_text(encoding="utf-8"))
    assert "en" not in cache and "de" in cache


def test_a_run_that_did_not_commit_does_not_push(
    server: PageServer, remote: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bare, data = remote
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys, "--push", "--no-commit")
    assert code == 0 and "pushed" not in out
    assert [c.message for c in git.Repo(bare).iter_commits("main")] == [
        "start",
        "ignore the run log",
    ]


def test_a_refused_push_fails_at_once_without_rebasing(
    server: PageServer,
    remote: tuple[Path, Path],
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    bare, data = remote
    log = bare / "pushes.log"
    hook = bare / "hooks" / "pre-receive"  # like a protected branch: every push is declined
    hook.write_text(f'#!/bin/sh\necho attempt >> "{log}"\necho "protected branch" >&2\nexit 1\n')
    hook.chmod(0o755)
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, err = tracker(server, data, "2026-03-01", capsys, "--push")
    assert code == 4  # data not published: written here, not committed or pushed
    assert "push to origin/main was refused" in err and "protected branch" in err
    assert log.read_text().splitlines() == ["attempt"]  # no retry: waiting would not help
    assert read_outputs(actions["output"])["pushed"] == "false"
    assert "::error title=commit or push failed::" in out
    assert "**Not published:**" in actions["summary"].read_text(encoding="utf-8")


def test_push_without_an_origin_says_how_to_add_one(
    server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, _, err = tracker(server, data, "2026-03-01", capsys, "--push")
    assert code == 4  # data not published: written here, not committed or pushed
    assert "no 'origin' remote to push to (add one: git remote add origin URL)" in err
    assert git.Repo(data).head.is_valid()  # committed locally all the same


def test_a_failed_commit_keeps_the_files_fails_the_run_and_opens_an_issue(
    server: PageServer,
    data: Path,
    api: FakeGitHub,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    tracker(server, data, "2026-03-01", capsys, "--github-issues")
    lock = Path(git.Repo(data).git_dir) / "index.lock"  # another git process holds the index
    lock.write_text("")
    serve(server, en=CHANGED_EN)
    code, _, err = tracker(server, data, "2026-03-02", capsys, "--github-issues")
    assert code == 4  # data not published: written here, not committed or pushed
    assert "error: git could not add" in err and "index.lock exists" in err
    assert (data / "diffs" / "2026-03-02.md").is_file()  # written, waiting to be committed
    assert read_outputs(actions["output"])["commit"] == ""
    [issue] = api.open_issues()
    assert issue.title == "The day's data could not be committed or pushed"
    assert "index.lock exists" in issue.body

    cache = json.loads((data / ".tracker" / "http-cache.json").read_text(encoding="utf-8"))
    assert "en" not in cache and "de" in cache  # en's change is fetched again next time

    # The next night starts from a fresh checkout (as on Actions, with .tracker/ restored from
    # the cache): the interrupted day is finished, its files committed, and the issue closed.
    lock.unlink()
    repo = git.Repo(data)
    repo.git.checkout("--", ".")
    repo.git.clean("-fdq", "--", "snapshots", "diffs")
    code, _, _ = tracker(server, data, "2026-03-03", capsys, "--github-issues")
    assert code == 0
    assert "diffs/2026-03-02.md" in {str(p) for p in repo.head.commit.stats.files}
    assert issue.state == "closed"


def test_a_huge_report_is_cut_to_fit_the_step_summary_limit() -> None:
    from datetime import date

    from scraper.github import SUMMARY_REPORT_LIMIT, step_summary
    from scraper.runner import RunResult

    report = "# Model deprecations\n" + "- a line of the report\n" * 60_000
    links = Links(repo_url="https://github.com/me/mine")
    summary = step_summary(RunResult(day=date(2026, 3, 2)), links=links, report=report)
    assert len(summary.encode()) < SUMMARY_REPORT_LIMIT + 2_000 < 1024 * 1024
    assert summary.rstrip().endswith(
        "(cut here; the whole report: [diffs/2026-03-02.md]"
        "(https://github.com/me/mine/blob/HEAD/diffs/2026-03-02.md))"
    )
    assert "### Model deprecations" in summary


def test_what_a_new_reading_did_not_understand_becomes_a_warning_annotation(
    server: PageServer,
    data: Path,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    odd = with_row(ROWS, ALPHA, label="Shimmering")  # not one of the page's four state words
    serve(server, en=page_text("en", odd), de=page_text("de"))
    code, out, _ = tracker(server, data, "2026-03-01", capsys)
    assert code == 0  # a first reading has nothing to be held against
    warnings = [line for line in out.splitlines() if line.startswith("::warning")]
    assert warnings and all(
        line.startswith("::warning title=en%3A not fully understood::") for line in warnings
    )
    assert any("Shimmering" in line for line in warnings)
    # The next night, nothing new was read: no repeated warnings.
    code, out, _ = tracker(server, data, "2026-03-02", capsys)
    assert "::warning" not in out
