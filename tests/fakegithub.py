"""A fake of the few GitHub REST endpoints the tracker uses: a real HTTP server on 127.0.0.1.

It keeps state like the real API (issues with labels, bodies and states; comments; labels),
checks the token, paginates with a `Link` header, and records every call, so tests assert what
the tracker asked for and what GitHub would now show. `fail_with` turns every answer into an
error status (e.g. 503) to test that an API outage never costs a run.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

TOKEN = "test-token"
REPOSITORY = "someone/their-tracker"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    authorization: str


@dataclass
class Issue:
    number: int
    title: str
    body: str
    labels: list[str]
    state: str = "open"
    state_reason: str | None = None
    comments: list[str] = field(default_factory=list)
    pull_request: bool = False

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "title": self.title,
            "body": self.body,
            "state": self.state,
            "state_reason": self.state_reason,
            "labels": [{"name": name} for name in self.labels],
            "comments": len(self.comments),
        }
        if self.pull_request:
            data["pull_request"] = {"url": "https://example.invalid/pr"}
        return data


class FakeGitHub:
    """The fake API; `url` is its base (what GITHUB_API_URL would be)."""

    def __init__(self, repository: str = REPOSITORY, page_size: int = 100) -> None:
        self.repository = repository
        self.page_size = page_size  # the most items per page, whatever per_page asks for
        self.issues: dict[int, Issue] = {}
        self.labels: set[str] = set()
        self.calls: list[Call] = []
        self.fail_with: int | None = None
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def add_issue(self, title: str, body: str, labels: list[str], **extra: Any) -> Issue:
        with self._lock:
            number = len(self.issues) + 1
            issue = Issue(number, title, body, list(labels), **extra)
            self.issues[number] = issue
            return issue

    def open_issues(self) -> list[Issue]:
        return [i for i in self.issues.values() if i.state == "open" and not i.pull_request]

    def writes(self) -> list[tuple[str, str]]:
        """(method, path) of every call that changed something, in order."""
        return [(c.method, c.path) for c in self.calls if c.method != "GET"]

    # -- the endpoints -------------------------------------------------------------------------
    def answer(self, call: Call) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            self.calls.append(call)
            if self.fail_with:
                return self.fail_with, {"message": "Service Unavailable"}, {}
            if call.authorization != f"Bearer {TOKEN}":
                return 401, {"message": "Bad credentials"}, {}
            prefix = f"/repos/{self.repository}/"
            if not call.path.startswith(prefix):
                return 404, {"message": "Not Found"}, {}
            rest = call.path[len(prefix) :]
            for (method, pattern), handler in _ROUTES.items():
                match = re.fullmatch(pattern, rest)
                if match and method == call.method:
                    return handler(self, call, *match.groups())
            return 404, {"message": "Not Found"}, {}

    def _list_issues(self, call: Call) -> tuple[int, Any, dict[str, str]]:
        state = call.query.get("state", "open")
        wanted = [name for name in call.query.get("labels", "").split(",") if name]
        found = [
            i
            for i in sorted(self.issues.values(), key=lambda i: -i.number)
            if (state == "all" or i.state == state) and all(n in i.labels for n in wanted)
        ]
        size = min(int(call.query.get("per_page", 30)), self.page_size)
        page = int(call.query.get("page", 1))
        chunk = found[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(found):
            query = "&".join(f"{k}={v}" for k, v in {**call.query, "page": page + 1}.items())
            headers["Link"] = f'<{self.url}{call.path}?{query}>; rel="next"'
        return 200, [i.as_json() for i in chunk], headers

    def _create_issue(self, call: Call) -> tuple[int, Any, dict[str, str]]:
        body = call.body or {}
        if not body.get("title"):
            return 422, {"message": "Validation Failed"}, {}
        number = len(self.issues) + 1
        labels = list(body.get("labels", []))
        self.labels.update(labels)  # GitHub creates unknown labels on the fly too
        self.issues[number] = Issue(number, body["title"], body.get("body", ""), labels)
        return 201, self.issues[number].as_json(), {}

    def _comment(self, call: Call, number: str) -> tuple[int, Any, dict[str, str]]:
        issue = self.issues.get(int(number))
        if issue is None:
            return 404, {"message": "Not Found"}, {}
        issue.comments.append(call.body["body"])
        return 201, {"id": len(issue.comments), "body": call.body["body"]}, {}

    def _edit_issue(self, call: Call, number: str) -> tuple[int, Any, dict[str, str]]:
        issue = self.issues.get(int(number))
        if issue is None:
            return 404, {"message": "Not Found"}, {}
        issue.state = call.body.get("state", issue.state)
        issue.state_reason = call.body.get("state_reason", issue.state_reason)
        return 200, issue.as_json(), {}

    def _get_label(self, call: Call, name: str) -> tuple[int, Any, dict[str, str]]:
        if name in self.labels:
            return 200, {"name": name}, {}
        return 404, {"message": "Not Found"}, {}

    def _create_label(self, call: Call) -> tuple[int, Any, dict[str, str]]:
        name = call.body["name"]
        if name in self.labels:
            return 422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]}, {}
        self.labels.add(name)
        return 201, {"name": name}, {}


_ROUTES = {
    ("GET", r"issues"): FakeGitHub._list_issues,
    ("POST", r"issues"): FakeGitHub._create_issue,
    ("POST", r"issues/(\d+)/comments"): FakeGitHub._comment,
    ("PATCH", r"issues/(\d+)"): FakeGitHub._edit_issue,
    ("GET", r"labels/([^/]+)"): FakeGitHub._get_label,
    ("POST", r"labels"): FakeGitHub._create_label,
}


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        call = Call(
            method=self.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query).items()},
            body=json.loads(raw) if raw else None,
            authorization=self.headers.get("Authorization", ""),
        )
        status, payload, headers = self.server.fake.answer(call)  # type: ignore[attr-defined]
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PATCH = _handle

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(name="github")
def github_fixture() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    try:
        yield fake
    finally:
        fake.close()
