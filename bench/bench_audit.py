"""Speed of `deprecation-tracker audit`, run by hand: `uv run python bench/bench_audit.py`.

Builds a 10,000-file tree in a temporary directory (Python, TypeScript, Go, YAML, JSON, TOML,
Markdown, .env and notebooks of about 2 KB each, 1 in 20 using a model id; plus a .gitignore'd
folder, node_modules and a venv that must be skipped) and times the whole command, process start
included, best of 3.                                                              [target: < 5 s]

The snapshot is the newest English capture in ../shared/corpus when present, else a small record
built here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
sys.path.insert(0, str(ROOT))

from scraper.read.records import PageRecord  # noqa: E402

FILES = 10_000
PER_DIRECTORY = 100
IDS = (
    "claude-3-haiku-20240307",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "claude-3-5-sonnet-latest",
    "claude-sonnet-4-5",
    "claude-3-opus-20240229",
)
# (suffix, a line of that language) used to fill files to about 2 KB
KINDS = (
    (".py", 'def handler_{n}(event):\n    return {{"ok": True, "id": {n}}}  # Claude mention\n'),
    (".ts", "export function handler{n}(x: number): number {{ return x * {n}; }}\n"),
    (".go", "func handler{n}(x int) int {{ return x * {n} }}\n"),
    (".yaml", "key_{n}:\n  value: {n}\n  enabled: true\n"),
    (".json", '{{"key": {n}, "name": "value-{n}"}}\n'),
    (".toml", 'key_{n} = "{n}"\n'),
    (".md", "Paragraph {n} about the service and how it calls the API.\n"),
    (".env", "VAR_{n}=value{n}\n"),
)


def build_tree(root: Path) -> None:
    for index in range(FILES):
        directory = root / f"pkg{index // PER_DIRECTORY:03d}"
        directory.mkdir(exist_ok=True)
        suffix, line = KINDS[index % len(KINDS)]
        body = "".join(line.format(n=n) for n in range(2048 // len(line)))
        if index % 20 == 0:
            body += f'MODEL = "{IDS[index // 20 % len(IDS)]}"\n'
        name = f"file{index}{suffix}" if suffix != ".env" else f"file{index}.env"
        (directory / name).write_text(body, "utf-8")
    (root / ".gitignore").write_text("generated/\n", "utf-8")
    for skipped in ("generated", "node_modules/pkg", ".venv/lib"):
        (root / skipped).mkdir(parents=True)
        for index in range(200):
            (root / skipped / f"m{index}.js").write_text(f'"{IDS[0]}"\n', "utf-8")


def snapshot(path: Path) -> None:
    from scraper.track.pipeline import LatestDocument, LatestLanguage

    record = _record()
    document = LatestDocument(
        languages={"en": LatestLanguage(snapshot_date=None, record=record.normalized())},
        findings=[],
    )
    path.write_text(document.model_dump_json(), "utf-8")


def _record() -> PageRecord:
    captures = sorted(CORPUS.glob("en__*.md")) if CORPUS.is_dir() else []
    if captures:
        from scraper.read.parse import parse_file

        return parse_file(captures[-1], None)
    sys.path.insert(0, str(ROOT / "tests"))
    from recordparts import history, record, status

    return record(
        "en",
        [status("claude-3-haiku-20240307", "deprecated", date(2026, 2, 1), date(2026, 4, 20))],
        [
            history(
                date(2025, 6, 30),
                "Opus three",
                ("claude-3-opus-20240229", date(2026, 1, 5), "claude-opus-4-6"),
            )
        ],
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        tree = base / "tree"
        tree.mkdir()
        start = time.perf_counter()
        build_tree(tree)
        print(f"built {FILES} files in {time.perf_counter() - start:.1f} s")
        latest = base / "latest.json"
        snapshot(latest)
        command = [sys.executable, "-m", "scraper", "audit", str(tree), "--snapshot", str(latest)]
        command += ["--today", "2026-11-23", "--format", "json"]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=base)
            times.append(time.perf_counter() - start)
        report = json.loads(result.stdout)
        summary = report["summary"]
        print(result.stderr.strip())
        best = min(times)
        print(
            f"audit of {summary['files_scanned']} files: {best:.2f} s best of 3 "
            f"({summary['files_scanned'] / best:,.0f} files/s, {summary['findings']} findings) "
            f"[target < 5 s]"
        )


if __name__ == "__main__":
    main()
