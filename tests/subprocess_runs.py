"""The real `python -m scraper` in a subprocess, against a loopback page server, and ways to
look at the data directory and git history it leaves (for kill, lock and commit-failure tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from scraper.track.store import KILL_ENV

LANGS = "en,de"


def command(server_url: str, data: Path | str, day: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scraper",
        "run",
        "--base-url",
        server_url,
        "--data-dir",
        str(data),
        "--date",
        day,
        "--languages",
        LANGS,
        *extra,
    ]


def environment(kill_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != KILL_ENV}
    if kill_at is not None:
        env[KILL_ENV] = kill_at
    return env


def start(
    server_url: str,
    data: Path | str,
    day: str,
    *extra: str,
    kill_at: str | None = None,
    cwd: Path | None = None,
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(server_url, data, day, *extra),
        env=environment(kill_at),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(
    server_url: str,
    data: Path | str,
    day: str,
    *extra: str,
    kill_at: str | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(server_url, data, day, *extra),
        env=environment(kill_at),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def git(data: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=data, capture_output=True, text=True, check=True)
    return done.stdout


def history(data: Path) -> list[tuple[str, str]]:
    """(tree, message) of every commit, newest first: equal histories, whatever the clock."""
    log = git(data, "log", "--format=%T%x00%B%x01")
    return [
        (tree, message.strip())
        for entry in log.split("\x01")
        if entry.strip()
        for tree, message in [entry.strip("\n").split("\x00", 1)]
    ]


def uncommitted(data: Path) -> list[str]:
    """Data files that differ from HEAD or are not in git at all."""
    status = git(data, "status", "--porcelain", "--untracked-files=all", "--", "snapshots", "diffs")
    return status.splitlines()


def tree(data: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data)): p.read_bytes()
        for folder in ("snapshots", "diffs")
        for p in sorted((data / folder).rglob("*"))
        if p.is_file()
    }


def event_ids(data: Path, day: str) -> list[str]:
    path = data / "diffs" / f"{day}.json"
    if not path.is_file():
        return []
    return [e["id"] for e in json.loads(path.read_text(encoding="utf-8"))["events"]]


def wait_for_git(data: Path, timeout: float = 10.0) -> None:
    """A git child of a killed run finishes on its own: wait until it let go of the index."""
    lock = data / ".git" / "index.lock"
    deadline = time.monotonic() + timeout
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def in_process(server_url: str, data: Path | str, day: str, *extra: str) -> tuple[int, str, str]:
    """The same command in this process (cheaper than a new interpreter): code, stdout, stderr."""
    import contextlib
    import io

    from scraper.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(command(server_url, data, day, *extra)[3:])
    return code, out.getvalue(), err.getvalue()
