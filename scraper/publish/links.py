"""Where the data is published, so feeds and reports link to the user's own repository.

`resolve_links` decides once per run, in this order: the `--site-url` / `--repo-url` options,
else `GITHUB_REPOSITORY` (+ `GITHUB_SERVER_URL`) when running on GitHub Actions, else the
`origin` remote of the data repository, else nothing, and then every link is relative. Nothing
here points at this project's own repository: a copy of the workflow links to the copy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER_URL = "https://github.com"
# git@host:owner/name(.git) and ssh://git@host/owner/name(.git)
_SCP_REMOTE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")


@dataclass(frozen=True)
class Links:
    """Base URLs of the published data; both None means relative links only."""

    repo_url: str | None = None
    site_url: str | None = None

    @property
    def home_page_url(self) -> str:
        """The page a feed describes: the site, else the repository, else the data root."""
        return self.site_url or self.repo_url or "../"

    def data_url(self, path: str) -> str:
        """A data file (e.g. `diffs/feed.json`) as published in the repository.

        `raw/HEAD` is the default branch, whichever it is called. Without a repository the
        link is relative to the `diffs/` folder, where the feeds and day reports sit.
        """
        if self.repo_url:
            return f"{self.repo_url}/raw/HEAD/{path}"
        if self.site_url:  # `site` copies the feeds and calendar to the same paths
            return f"{self.site_url}/{path}"
        return path.removeprefix("diffs/") if path.startswith("diffs/") else f"../{path}"

    def commit_url(self, sha: str) -> str | None:
        return f"{self.repo_url}/commit/{sha}" if self.repo_url else None

    def blob_url(self, path: str) -> str | None:
        return f"{self.repo_url}/blob/HEAD/{path}" if self.repo_url else None


def resolve_links(
    data_dir: Path,
    env: Mapping[str, str],
    *,
    site_url: str | None = None,
    repo_url: str | None = None,
) -> Links:
    """The run's links: options first, then the Actions environment, then git's `origin`."""
    repo = repo_url or _actions_repository(env) or origin_url(data_dir)
    return Links(
        repo_url=_clean_base(repo) if repo else None,
        site_url=_clean_base(site_url) if site_url else None,
    )


def _actions_repository(env: Mapping[str, str]) -> str | None:
    repository = env.get("GITHUB_REPOSITORY", "").strip()
    if not repository:
        return None
    server = env.get("GITHUB_SERVER_URL", "").strip() or DEFAULT_SERVER_URL
    return f"{server.rstrip('/')}/{repository}"


def origin_url(data_dir: Path) -> str | None:
    """The web URL of the data repository's `origin` remote, or None (no repo, no origin)."""
    import git

    try:
        repo = git.Repo(data_dir, search_parent_directories=True)
        urls = list(repo.remote("origin").urls)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError, git.GitCommandError):
        return None
    return web_url(urls[0]) if urls else None


def web_url(remote: str) -> str | None:
    """A git remote as the repository's web page: no credentials, no `.git`, https.

    `git@github.com:o/r.git`, `ssh://git@github.com/o/r`, and
    `https://x-access-token:…@github.com/o/r.git` all give `https://github.com/o/r`.
    Local paths and file:// remotes have no web page: None.
    """
    remote = remote.strip()
    scp = _SCP_REMOTE.match(remote)
    if scp and "://" not in remote:
        host, path = scp["host"], scp["path"]
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("http", "https", "ssh", "git") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
        if parts.scheme in ("http", "https") and parts.port:
            host = f"{host}:{parts.port}"
        if parts.scheme == "http":
            # A plain-http server is most likely a local one; keep its scheme so links work.
            return _clean_base(urlunsplit(("http", host, path, "", "")))
    path = path.strip("/").removesuffix(".git")
    return f"https://{host}/{path}" if path else None


def _clean_base(url: str) -> str:
    url = url.strip().rstrip("/")
    return url.removesuffix(".git")
