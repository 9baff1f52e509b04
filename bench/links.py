"""Benchmark: `pipeline links` against the build it checks (goal: linear, under a tenth of the build).

    .venv/bin/python bench/links.py                          # 3,000 and 10,000 posts (about 10 minutes)
    .venv/bin/python bench/links.py --posts 300 1000         # a quicker run
    .venv/bin/python bench/links.py --keep /tmp/links-bench  # keep the sites; a later run reuses them

For each size, generates the sample site with N posts (bench/sitegen.py), builds it
with `pipeline.site.build` in a fresh interpreter (the baseline, measured in the same
run), then runs `pipeline --root ROOT links` as a fresh process (best of `--runs`,
after one warm-up, with a bytecode cache: start-up and settings included) and prints:

  build s      wall seconds of the build (CPU seconds beside it)
  links s      wall seconds of `pipeline links` (CPU seconds beside it)
  links/build  the ratio of the two wall clocks, and of the CPU seconds (goal: under 0.1)
  s/1000 pages links' seconds per 1,000 built pages: the same at every size when linear

and the growth from the smallest size to the largest against the growth in pages
(1.00 = linear). With `--keep`, a site already built there is not built again, and
its build figure is the one recorded when it was built.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check as check_bench  # noqa: E402 - the fresh-process timing and environment
import sitegen  # noqa: E402

DONE = re.compile(r"(\d+) internal references in (\d+) pages checked .*: (\d+) broken")


def prepare(work: Path, posts: int) -> tuple[Path, sitegen.BuildTime]:
    """The built N-post site under `work`, and its build time (recorded beside it for a later run)."""
    root = work / f"site-{posts}"
    record = work / f"site-{posts}.build.json"
    if (root / "site" / "index.html").is_file() and record.is_file():
        data = json.loads(record.read_text(encoding="utf-8"))
        return root, sitegen.BuildTime(data["wall"], data["cpu"])
    sitegen.generate_site(root, posts)
    built = sitegen.timed_build(root)
    record.write_text(json.dumps({"wall": built.wall, "cpu": built.cpu}), encoding="utf-8")
    return root, built


def links_run(root: Path, env: dict[str, str], runs: int) -> tuple[float, float, int, int]:
    """(wall s, CPU s, pages, references) of `pipeline links` as a fresh process, best of `runs`."""
    command = [sys.executable, "-m", "pipeline", "--lang", "en", "--root", str(root), "links"]
    wall, cpu = check_bench.fresh(command, env, runs)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    match = DONE.search(done.stdout + done.stderr)
    if not match:
        raise RuntimeError(f"unexpected output of pipeline links:\n{done.stdout[-1000:]}{done.stderr[-1000:]}")
    if int(match.group(3)):
        raise RuntimeError(f"the generated site has broken references:\n{done.stdout[-2000:]}")
    return wall, cpu, int(match.group(2)), int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[3000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="fresh `pipeline links` processes per size (best of)")
    parser.add_argument("--keep", type=Path, help="build the sites here and keep them (reused when present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-links-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env = check_bench.fresh_env(Path(tmp) / "pycache")
        rows = []
        for posts in sorted(args.posts):
            root, built = prepare(work, posts)
            wall, cpu, pages, references = links_run(root, env, args.runs)
            rows.append((posts, pages, references, built, wall, cpu))
            print(f"{posts} posts: built in {built.wall:.1f} s, links {wall:.2f} s", flush=True)
    print(f"\n{'posts':>7} {'pages':>7} {'refs':>8} {'build s':>9} {'(CPU)':>7} {'links s':>8} {'(CPU)':>7} "
          f"{'links/build':>12} {'(CPU)':>6} {'s/1000 pages':>13}")
    for posts, pages, references, built, wall, cpu in rows:
        print(f"{posts:7d} {pages:7d} {references:8d} {built.wall:9.1f} {built.cpu:7.1f} {wall:8.2f} {cpu:7.2f} "
              f"{wall / built.wall:12.3f} {cpu / built.cpu:6.3f} {wall / pages * 1000:13.2f}")
    print("goal: links/build under 0.1 at every size")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        pages_grew = last[1] / first[1]
        print(f"from {first[0]} to {last[0]} posts: pages x{pages_grew:.2f}, links x{last[4] / first[4]:.2f} wall, "
              f"x{last[5] / first[5]:.2f} CPU -> {last[4] / first[4] / pages_grew:.2f} / "
              f"{last[5] / first[5] / pages_grew:.2f} of linear (1.00 = linear), the build "
              f"x{last[3].wall / first[3].wall:.2f}")


if __name__ == "__main__":
    main()
