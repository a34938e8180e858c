"""What compiling bytecode at install saves, run by hand:
`uv run python bench/bench_bytecode.py [PAIRS]`.

Installs the tool twice from the lock file into throwaway environments (no dev tools, the tool
itself installed as a package, not in place): once with uv's `--compile-bytecode` (as the
nightly job and README's first command do), once without. Then times, PAIRS times (default 9)
side by side in alternating order, `deprecation-tracker fetch` of the 12 corpus pages from a
loopback server in each, the second with PYTHONDONTWRITEBYTECODE=1 so every start is a first
start (Python compiles every module it imports, ~180 of them, from source). Prints the medians
and the median of the per-pair ratios. Needs uv and its cache (runs `uv sync --offline`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import ROOT, newest_pages, serve


def install(target: Path, compile_bytecode: bool) -> Path:
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(target), "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("UV_COMPILE_BYTECODE", None)
    command = ["uv", "sync", "--locked", "--offline", "--no-dev", "--no-editable", "--quiet"]
    if compile_bytecode:
        command.append("--compile-bytecode")
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    return target / "bin" / "python"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False, cwd=cwd, env=env)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{done.stderr.decode()}")
    return took


def main() -> int:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    if shutil.which("uv") is None:
        raise SystemExit("needs uv on PATH")
    server, base = serve(newest_pages())
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        start = time.perf_counter()
        compiled = install(work / "compiled", compile_bytecode=True)
        plain = install(work / "plain", compile_bytecode=False)
        print(f"two environments installed in {time.perf_counter() - start:.1f} s")
        args = ["-m", "scraper", "fetch", "--base-url", base]
        # cwd outside the checkout: `-m scraper` finds the installed package, not the source
        warm_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cold_env = {**warm_env, "PYTHONDONTWRITEBYTECODE": "1"}
        warm_cmd, cold_cmd = [str(compiled), *args], [str(plain), *args]
        timed(warm_cmd, work, warm_env), timed(cold_cmd, work, cold_env)  # warm the disk cache
        warm, cold, ratios = [], [], []
        try:
            for index in range(pairs):
                if index % 2:
                    took_cold = timed(cold_cmd, work, cold_env)
                    took_warm = timed(warm_cmd, work, warm_env)
                else:
                    took_warm = timed(warm_cmd, work, warm_env)
                    took_cold = timed(cold_cmd, work, cold_env)
                warm.append(took_warm)
                cold.append(took_cold)
                ratios.append(took_cold / took_warm)
        finally:
            server.shutdown()
    print(f"python {sys.version.split()[0]}; {pairs} paired runs; medians")
    print(f"fetch of 12 pages, bytecode compiled at install: {statistics.median(warm):.3f} s")
    print(f"fetch of 12 pages, every module compiled at start: {statistics.median(cold):.3f} s")
    print(f"ratio cold/compiled: {statistics.median(ratios):.2f}x (median of pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
