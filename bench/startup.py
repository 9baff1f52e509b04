"""Benchmark: start-up of the `pipeline` command (goal: `pipeline --help` under 150 ms).

    .venv/bin/python bench/startup.py                 # 15 runs each, 200 drafts for the check
    .venv/bin/python bench/startup.py --runs 30 --drafts 500

Prints, measured in the same run, hyperfine-style (mean, min, max of fresh
processes, after one warm-up): `python -c pass` (the interpreter alone, the
baseline), `import pipeline.cli`, `pipeline --help`, `pipeline advance --help`,
and `pipeline --help` once more without the bytecode cache. The processes run
with Python's bytecode cache in a temporary PYTHONPYCACHEPREFIX, as an
installed or once-run `pipeline` has it, even when the shell sets
PYTHONDONTWRITEBYTECODE (then every start compiles our modules from source:
that, not imports, was most of the 168 ms once measured for `--help`);
then `pipeline check` as a fresh process over a generated repository next to
the same check in-process, so the difference is the start-up a process pays.
Also lists the heaviest imports of `import pipeline.cli` (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def timed(argv: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    env = env if env is not None else ENV
    subprocess.run(argv, capture_output=True, check=True, env=env)  # warm-up: the file cache, .pyc files
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - started)
    return times


def row(label: str, times: list[float], base: float | None = None, note: str = "") -> None:
    mean = statistics.mean(times)
    extra = f"  +{(mean - base) * 1000:6.0f} ms over python" if base is not None else ""
    print(f"{label:34}{mean * 1000:8.0f} {min(times) * 1000:8.0f} {max(times) * 1000:8.0f}{extra}  {note}")


def heaviest_imports(module: str, count: int = 8) -> list[tuple[int, str]]:
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True, env=ENV).stderr
    rows = []
    for line in err.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


import check as check_bench  # noqa: E402 - bench/check.py: the repository generator, the fresh-process env

ENV: dict[str, str] = {}  # set in main(): the bytecode cache in a temporary folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--drafts", type=int, default=200, help="drafts in the repository for `pipeline check` (0: skip)")
    args = parser.parse_args()
    py = sys.executable
    pycache = tempfile.TemporaryDirectory(prefix="bench-startup-pyc-")
    ENV.update(check_bench.fresh_env(Path(pycache.name)))
    print(f"PYTHONDONTWRITEBYTECODE in this shell: {os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}; "
          "the runs below use a bytecode cache unless said")
    print(f"{'ms (fresh process)':34}{'mean':>8} {'min':>8} {'max':>8}")
    base = timed([py, "-c", "pass"], args.runs)
    row("python -c pass (baseline)", base)
    b = statistics.mean(base)
    row("import pipeline.cli", timed([py, "-c", "import pipeline.cli"], args.runs), b)
    row("pipeline --help", timed([py, "-m", "pipeline", "--help"], args.runs), b, "goal: under 150 ms")
    row("pipeline advance --help", timed([py, "-m", "pipeline", "advance", "--help"], args.runs), b)
    row("pipeline --help, no bytecode cache", timed([py, "-m", "pipeline", "--help"], args.runs,
                                                    check_bench.fresh_env(None)), b, "PYTHONDONTWRITEBYTECODE=1")
    print("\nheaviest imports of `import pipeline.cli` (cumulative us):")
    for micros, name in heaviest_imports("pipeline.cli"):
        print(f"  {micros:9d}  {name.strip()}")
    if args.drafts:
        from pipeline import checks, config

        with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
            root = check_bench.make_repo(Path(tmp), args.drafts)
            command = timed([py, "-m", "pipeline", "--root", str(root), "check"], max(3, args.runs // 5))
            settings = config.load_settings(root)
            in_process, _found = check_bench.best_of(3, lambda: checks.check_paths(root, settings))
        print(f"\n{'s':34}{'mean':>8} {'min':>8} {'max':>8}")
        print(f"{f'pipeline check, {args.drafts} drafts':34}{statistics.mean(command):8.2f} {min(command):8.2f} "
              f"{max(command):8.2f}  (new process)")
        print(f"{'check in process (best of 3)':34}{in_process:8.2f}  -> start-up and settings cost "
              f"{min(command) - in_process:.2f} s of the process")


if __name__ == "__main__":
    main()
