"""`deprecation-tracker audit` against ripgrep, run by hand:
`uv run python bench/bench_audit.py [PAIRS]`.

Builds a 10,000-file tree in a temporary directory (Python, TypeScript, Go, YAML, JSON, TOML,
Markdown and .env files of about 2 KB each, 1 in 20 using a model id, and a third of the files
of kinds the audit does not read: text, Rust, lock files, binary blobs; plus a .gitignore'd
folder, node_modules and a venv that must be skipped), then times, PAIRS times (default 9), side
by side in alternating order, the whole `audit` command (process start included) and `rg` with
the audit's id pattern over the same tree. Prints the medians and the median of the per-pair
ratios (the machine is shared: a pair runs back to back under the same load). [target: <= 2x rg]

Needs ripgrep on PATH (`apt-get install ripgrep`, `brew install ripgrep`); without it only the
audit is timed.

The snapshot is the newest English capture in ../shared/corpus when present, else a small record
built here.

Run it with bytecode compiled (`uv run python -m compileall -q scraper`): without .pyc files
(PYTHONDONTWRITEBYTECODE=1) every start of the audit also compiles the tool's modules.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
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
    # kinds the audit does not read (it says how many it skipped)
    (".txt", "Line {n} of a plain text file about Claude.\n"),
    (".rs", "fn handler_{n}(x: u32) -> u32 {{ x * {n} }}\n"),
    (".lock", 'name = "package-{n}"\nversion = "1.{n}.0"\n'),
    (".bin", "\0\1\2\3 blob {n}\n"),
)
# rg's spelling of `model_ids._CORE`: the same candidates, found the same way
RG_PATTERN = r"(?i)claude(?:-[a-z0-9]+(?:\.[0-9]+)*)*(?::[0-9]+)?(?:@(?:[0-9]{8}|latest))?"


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
    from scraper.track.latest import LatestDocument, LatestLanguage

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


def timed(command: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall, CPU, result) of one run; CPU (user + system) is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return took, cpu, result


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    ripgrep = shutil.which("rg")
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        tree = base / "tree"
        tree.mkdir()
        start = time.perf_counter()
        build_tree(tree)
        print(f"built {FILES} files in {time.perf_counter() - start:.1f} s")
        latest = base / "latest.json"
        snapshot(latest)
        audit = [sys.executable, "-m", "scraper", "audit", str(tree), "--snapshot", str(latest)]
        audit += ["--today", "2026-11-23", "--format", "json"]
        grep = [ripgrep, "--count-matches", "-e", RG_PATTERN, str(tree)] if ripgrep else None
        timed(audit, base)  # warm the disk cache
        audits, greps = [], []
        for index in range(pairs):
            if grep is not None and index % 2:  # alternate which of the pair runs first
                greps.append(timed(grep, base))
            audits.append(timed(audit, base))
            if grep is not None and not index % 2:
                greps.append(timed(grep, base))
        result = audits[-1][2]
        summary = json.loads(result.stdout)["summary"]
        print(result.stderr.strip())
        wall = statistics.median(run[0] for run in audits)
        cpu = statistics.median(run[1] for run in audits)
        print(
            f"audit of {summary['files_scanned']} files: {wall:.3f} s wall, {cpu:.3f} s CPU "
            f"(medians of {pairs}; {summary['findings']} findings)"
        )
        if grep is None:
            print("rg not found: install ripgrep to compare  [target <= 2x rg]")
            return
        rg_wall = statistics.median(run[0] for run in greps)
        rg_cpu = statistics.median(run[1] for run in greps)
        print(f"rg over the same tree: {rg_wall:.3f} s wall, {rg_cpu:.3f} s CPU (all threads)")
        ratios = [a[0] / g[0] for a, g in zip(audits, greps, strict=True)]
        low, _, high = statistics.quantiles(ratios, n=4)
        cpu_ratio = statistics.median(a[1] / g[1] for a, g in zip(audits, greps, strict=True))
        print(
            f"ratio audit/rg: {statistics.median(ratios):.1f}x wall (median of pairs; quartiles "
            f"{low:.1f}-{high:.1f}), {cpu_ratio:.1f}x CPU  [target <= 2x]"
        )


if __name__ == "__main__":
    main()
