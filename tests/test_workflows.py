"""The GitHub Actions workflows are code: linted with zizmor, pinned, and checked for what the
tool relies on (the run step's options exist, validators are saved on failure days, the job
fails only after everything was pushed, permissions are the least each job needs)."""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scraper.cli import build_parser

WORKFLOWS = Path(__file__).parents[1] / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+\b")


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = job["steps"]
    return found


def step_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps(job) if str(s.get("uses", "")).startswith(action + "@")]


def test_both_workflows_are_there() -> None:
    assert [p.name for p in FILES] == ["ci.yml", "nightly.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if USES.match(line)]
    assert lines, f"{path.name} uses no action?"
    for line in lines:
        match = USES.match(line)
        assert match is not None
        assert PINNED.match(match["ref"]), f"{path.name}: not pinned to a 40-hex sha: {line}"
        assert VERSION_COMMENT.match(match["rest"]), f"{path.name}: no `# vX.Y.Z`: {line}"


def test_the_same_action_is_pinned_to_the_same_sha_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := USES.match(line):
                action, _, sha = match["ref"].partition("@")
                pins.setdefault(action, set()).add(sha + match["rest"])
    assert {a: len(p) for a, p in pins.items()} == {a: 1 for a in pins}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_zizmor_finds_nothing(path: Path) -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is a dev dependency: run `uv sync`"
    completed = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},  # offline: no GitHub token
    )
    findings = json.loads(completed.stdout or "[]")
    summary = [(f["ident"], f["desc"]) for f in findings]
    assert completed.returncode == 0 and summary == [], completed.stdout + completed.stderr


def test_zizmor_would_catch_an_unpinned_action(tmp_path: Path) -> None:
    """The lint test above can fail: the same call on a bad workflow reports it."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "name: bad\non: push\npermissions: {}\njobs:\n  a:\n    name: a\n"
        "    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    completed = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
    )
    assert completed.returncode != 0
    assert "unpinned-uses" in {f["ident"] for f in json.loads(completed.stdout)}


# -- nightly.yml ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nightly() -> dict[str, Any]:
    return load("nightly.yml")


def test_nightly_runs_on_an_off_peak_schedule_and_by_hand(nightly: dict[str, Any]) -> None:
    [schedule] = nightly["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    assert int(minute) not in (0, 15, 30, 45)  # the busiest minutes on GitHub's scheduler
    assert int(hour) != 0  # midnight UTC is when most daily jobs start
    assert "workflow_dispatch" in nightly["on"]
    assert nightly["concurrency"]["group"].startswith("nightly")
    assert nightly["concurrency"]["cancel-in-progress"] is False


def test_nightly_permissions_are_the_least_each_job_needs(nightly: dict[str, Any]) -> None:
    assert nightly["permissions"] == {}
    jobs = nightly["jobs"]
    assert jobs["track"]["permissions"] == {"contents": "write", "issues": "write"}
    assert jobs["keepalive"]["permissions"] == {"actions": "write"}
    assert jobs["pages"]["permissions"] == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
    }


def test_the_run_step_uses_options_the_tool_has(nightly: dict[str, Any]) -> None:
    track = nightly["jobs"]["track"]
    [run_step] = [s for s in steps(track) if "deprecation-tracker run" in str(s.get("run", ""))]
    words = shlex.split(run_step["run"])
    assert words[:4] == ["uv", "run", "--no-dev", "deprecation-tracker"]
    args = build_parser().parse_args(words[4:])
    assert args.command == "run" and args.push and args.github_issues
    assert run_step["continue-on-error"] is True and run_step["id"] == "track"
    assert run_step["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    whole = (WORKFLOWS / "nightly.yml").read_text(encoding="utf-8")
    assert "--force" not in whole and "push -f" not in whole


def test_validators_are_restored_before_and_saved_after_the_run_even_on_failure(
    nightly: dict[str, Any],
) -> None:
    track = nightly["jobs"]["track"]
    order = steps(track)
    [restore] = step_using(track, "actions/cache/restore")
    [save] = step_using(track, "actions/cache/save")
    [run_step] = [s for s in order if s.get("id") == "track"]
    assert order.index(restore) < order.index(run_step) < order.index(save)
    assert restore["with"]["path"] == save["with"]["path"] == ".tracker"
    assert save["if"] == "always()"
    assert save["with"]["key"] == restore["with"]["key"]
    assert restore["with"]["key"].startswith(restore["with"]["restore-keys"])
    assert not step_using(track, "actions/cache")  # not the combined action: it skips failures


def test_the_job_fails_last_after_everything_was_saved(nightly: dict[str, Any]) -> None:
    order = steps(nightly["jobs"]["track"])
    last = order[-1]
    assert last["if"] == "steps.track.outcome == 'failure'"
    assert last["run"].strip().endswith("exit 1")


def test_uv_and_python_are_pinned_and_match_ci(nightly: dict[str, Any]) -> None:
    ci = load("ci.yml")
    assert re.fullmatch(r"\d+\.\d+\.\d+", nightly["env"]["UV_VERSION"])
    assert nightly["env"]["UV_VERSION"] == ci["env"]["UV_VERSION"]
    assert nightly["env"]["UV_PYTHON"] == ci["env"]["UV_PYTHON"] == "3.11"
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11"' in pyproject
    for workflow in (nightly, ci):
        for job in workflow["jobs"].values():
            for step in step_using(job, "astral-sh/setup-uv"):
                assert step["with"]["version"] == "${{ env.UV_VERSION }}"
            for step in step_using(job, "actions/setup-python"):
                assert step["with"]["python-version"] == "${{ env.UV_PYTHON }}"


def test_keepalive_reenables_this_workflow_through_the_api(nightly: dict[str, Any]) -> None:
    keepalive = nightly["jobs"]["keepalive"]
    assert keepalive["if"] == "github.event_name == 'schedule'"
    assert "needs" not in keepalive  # runs even when the track job failed
    [step] = steps(keepalive)
    assert "gh api --method PUT" in step["run"] and "/enable" in step["run"]


def test_pages_deploys_the_site_from_the_default_branch_only(nightly: dict[str, Any]) -> None:
    pages = nightly["jobs"]["pages"]
    assert pages["needs"] == "track"
    assert "default_branch" in pages["if"] and "!cancelled()" in pages["if"]
    assert pages["environment"]["name"] == "github-pages"
    [build] = [s for s in steps(pages) if "deprecation-tracker site" in str(s.get("run", ""))]
    assert "--out _site" in build["run"]
    [upload] = step_using(pages, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_site"
    assert step_using(pages, "actions/deploy-pages")


# -- ci.yml ----------------------------------------------------------------------------------------


def test_ci_runs_the_one_test_command_with_least_privilege() -> None:
    ci = load("ci.yml")
    assert set(ci["on"]) == {"push", "pull_request"}
    assert ci["permissions"] == {}
    assert ci["concurrency"]["cancel-in-progress"] is True
    [job] = ci["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert [s["run"] for s in steps(job) if "run" in s] == ["bash .ci/run"]
    [uv] = step_using(job, "astral-sh/setup-uv")
    assert uv["with"]["enable-cache"] is True
    [checkout] = step_using(job, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False


def test_the_site_command_of_the_pages_job_is_one_the_tool_has(nightly: dict[str, Any]) -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert "site" in commands.choices
    pages = steps(nightly["jobs"]["pages"])
    [build] = [s for s in pages if "deprecation-tracker site" in s.get("run", "")]
    line = next(x for x in build["run"].splitlines() if "deprecation-tracker site" in x)
    args = parser.parse_args(shlex.split(line)[4:])
    assert args.command == "site"


def test_the_nightly_job_compiles_bytecode_once_at_install(nightly: dict[str, Any]) -> None:
    """uv's option, for every uv command of the workflow, and the tool's own (editable) modules
    compiled in the install step, before the run step that imports them."""
    assert nightly["env"]["UV_COMPILE_BYTECODE"] == "1"
    order = steps(nightly["jobs"]["track"])
    [install] = [s for s in order if s.get("name") == "Install the tracker"]
    [run_step] = [s for s in order if s.get("id") == "track"]
    lines = [shlex.split(line) for line in install["run"].strip().splitlines()]
    assert lines[0][:4] == ["uv", "sync", "--locked", "--no-dev"]
    assert lines[1] == ["uv", "run", "--no-dev", "python", "-m", "compileall", "-q", "scraper"]
    assert order.index(install) < order.index(run_step)


def test_readme_first_command_installs_with_bytecode_and_runs_the_job() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)\n```", readme, re.DOTALL)
    assert first is not None
    [line] = first[1].splitlines()  # one line that sets up and runs the job
    install, _, run = line.partition(" && ")
    assert shlex.split(install) == ["python3", "-m", "pip", "install", "uv"]
    words = shlex.split(run)
    assert words[:2] == ["uv", "run"] and "--compile-bytecode" in words and "--no-dev" in words
    tool = words.index("deprecation-tracker")
    assert build_parser().parse_args(words[tool + 1 :]).command == "run"
