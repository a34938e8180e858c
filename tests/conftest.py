"""Shared test helpers: where the real page captures live (`../shared/corpus`, beside the repo)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Runs track the partner platforms' pages by default; tests never reach the internet, so every
# run in this process (and its subprocesses, module-scoped fixtures included) leaves them out,
# and a test that wants them names them (`--platforms`, `platforms=`) with loopback URLs.
os.environ["DEPRECATION_TRACKER_PLATFORMS"] = "none"

CORPUS_DIR = (Path(__file__).parents[1] / ".." / "shared" / "corpus").resolve()
CORPUS_MISSING = (
    "../shared/corpus not found (the real page captures live beside the checkout; see README)"
)


def corpus_pages(pattern: str = "*") -> list[Path]:
    """Captures in `../shared/corpus/pages` matching `pattern`, sorted; [] when it is absent."""
    pages = CORPUS_DIR / "pages"
    return sorted(pages.glob(pattern)) if pages.is_dir() else []


def corpus_params(pattern: str = "*") -> list[object]:
    """`corpus_pages` as pytest params named by file; one skipped param when there are none."""
    found = corpus_pages(pattern)
    if not found:
        reason = CORPUS_MISSING
        if (CORPUS_DIR / "pages").is_dir():
            reason = f"no capture in {CORPUS_DIR / 'pages'} matches {pattern!r}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-corpus")]
    return [pytest.param(path, id=path.name) for path in found]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The corpus directory; skips the test when the captures are not there."""
    if not (CORPUS_DIR / "pages").is_dir():
        pytest.skip(CORPUS_MISSING)
    return CORPUS_DIR


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests behave the same on a laptop and in CI: no GitHub Actions variables leak in (a run
    would otherwise write CI's own step summary and link feeds to the CI repository)."""
    for name in (
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_OUTPUT",
        "GITHUB_REPOSITORY",
        "GITHUB_SERVER_URL",
        "GITHUB_RUN_ID",
        "GITHUB_API_URL",
        "GITHUB_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
