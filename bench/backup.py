"""Benchmark: `backup.create` plus `backup.verify` against plain `tar` plus `sha256sum`.

    /tmp/venv/bin/python bench/backup.py                 # 3,000 posts, 2 photos each (~700 MB)
    /tmp/venv/bin/python bench/backup.py --posts 500 --rounds 1

Generates the 3,000-post site (`bench/sitegen.py`) with photos that do not
compress (JPEGs of noise, about 58 KB each, like camera photos they are already
compressed), and a `site/` that mirrors what a build holds for it (each post's
page and its photos), without running MkDocs over 3,000 posts: the backup reads
bytes, it does not care how they were made. The git history holds the settings
only (committing 700 MB would take longer than the whole benchmark); a real
repository's bundle adds the time git needs to pack its history.

Then, in rounds that alternate so both see the same machine load and a warm page
cache, measures:

- baseline: `tar cf` of content/ drafts/ site_config/ site/, then `sha256sum` of
  every file in the same tree (GNU tar and coreutils, as an operator would);
- ours: `backup.create` (one pass: each file read once, hashed while it streams
  into the archive, manifest and git bundle, fsync, rename) then `backup.verify`
  (every byte of the archive read again and compared with the manifest).

Goal (issue 8): ours at least 0.8 times the baseline's throughput (MB/s of the tree).
Prints the median of the rounds.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sitegen  # noqa: E402

from pipeline import backup  # noqa: E402
from pipeline.config import load_settings  # noqa: E402

FOLDERS = ["content", "drafts", "site_config", "site"]


def noise_jpegs(count: int, seed: int = 8) -> list[bytes]:
    """Distinct JPEGs of noise: they do not compress further, like camera photos."""
    from PIL import Image

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        image = Image.frombytes("RGB", (320, 240), rng.randbytes(320 * 240 * 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        out.append(buffer.getvalue())
    return out


def generate(root: Path, posts: int, photos: int) -> None:
    """The sample site plus `posts` posts with `photos` photos each, its mirror in site/, and a git repository."""
    sitegen.generate_site(root, posts=posts, photos=photos)
    pictures = noise_jpegs(48)
    site = root / "site"
    number = 0
    for folder in sorted((root / "content" / "berita" / "posts").iterdir()):
        page = site / "berita" / folder.name
        page.mkdir(parents=True)
        text = (folder / "index.md").read_text(encoding="utf-8")
        (page / "index.html").write_text(f"<!doctype html><html><body>{text * 3}</body></html>\n", encoding="utf-8")
        for photo in sorted(folder.glob("*.jpg")):
            data = pictures[number % len(pictures)]
            number += 1
            photo.write_bytes(data)
            (page / photo.name).write_bytes(data)
    (site / "index.html").write_text("<!doctype html><html><body>Beranda</body></html>\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "site_config"], ["commit", "-q", "-m", "settings"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)


def tree_bytes(root: Path) -> tuple[int, int]:
    files = size = 0
    for folder in FOLDERS:
        for path in (root / folder).rglob("*"):
            if path.is_file():
                files += 1
                size += path.stat().st_size
    return files, size


def baseline(root: Path, out: Path) -> float:
    """GNU tar of the four folders, then sha256sum of every file in them."""
    started = time.perf_counter()
    subprocess.run(["tar", "cf", str(out), *FOLDERS], cwd=root, check=True)
    listing = subprocess.run(["find", *FOLDERS, "-type", "f", "-print0"], cwd=root, check=True, capture_output=True).stdout
    subprocess.run(["xargs", "-0", "sha256sum"], cwd=root, input=listing, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    out.unlink()
    return seconds


def ours(root: Path, settings, folder: Path) -> tuple[float, float]:
    started = time.perf_counter()
    made = backup.create(root, settings, to=folder)
    created = time.perf_counter() - started
    report = backup.verify(made.archive)
    if not report.ok:
        raise SystemExit("\n".join(f.text() for f in report.findings))
    seconds = time.perf_counter() - started
    shutil.rmtree(folder)
    return created, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--photos", type=int, default=2, help="photos per post")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        root = Path(tmp) / "repo"
        started = time.perf_counter()
        generate(root, args.posts, args.photos)
        files, size = tree_bytes(root)
        settings = load_settings(root)
        mb = size / 1e6
        print(f"tree: {files} files, {mb:.0f} MB ({args.posts} posts x {args.photos} photos, and site/) "
              f"generated in {time.perf_counter() - started:.1f} s")
        baseline(root, Path(tmp) / "warm.tar")  # warm the page cache for both sides
        base, mine, creates = [], [], []
        for _ in range(args.rounds):
            base.append(baseline(root, Path(tmp) / "baseline.tar"))
            created, total = ours(root, settings, Path(tmp) / "backups")
            creates.append(created)
            mine.append(total)
        b, m, c = statistics.median(base), statistics.median(mine), statistics.median(creates)
        print(f"baseline  tar cf + sha256sum          {b:6.2f} s  {mb / b:7.0f} MB/s   (rounds: "
              + ", ".join(f"{s:.2f}" for s in base) + ")")
        print(f"ours      backup create + verify      {m:6.2f} s  {mb / m:7.0f} MB/s   (rounds: "
              + ", ".join(f"{s:.2f}" for s in mine) + ")")
        print(f"          of which create (with fsync) {c:5.2f} s, verify {m - c:.2f} s")
        ratio = b / m
        print(f"ours / baseline throughput: {ratio:.2f}x (goal: at least 0.80x) -> {'met' if ratio >= 0.8 else 'NOT met'}")


if __name__ == "__main__":
    main()
