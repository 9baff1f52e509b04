"""Publish 50 approved drafts of 10 photos each into a site of 3,000 posts, then build it.

Prints, in one run: the seconds `pipeline publish` takes (photo variants rendered
cold, then the switch), the build of the site that follows (Material's blog plugin,
with the court plugin's fixes), and next to it the build of the same pages with the
news section as plain pages (the blog plugin removed), with their ratio.

    /tmp/venv/bin/python bench/publish.py                       # 3,000 posts, 50 drafts x 10 photos
    /tmp/venv/bin/python bench/publish.py --posts 300 --drafts 5 --photos 3   # a quick look
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sitegen  # noqa: E402

WIB = timezone(timedelta(hours=7), "+07:00")
# The bench signs its approval records as the publish workflow would, with a key of its own.
BENCH_KEY = "bench-approval-key-0123456789abcdef0123456789"
CATEGORIES = ["Kegiatan", "Rapat", "Sosialisasi", "Pelayanan", "Pembinaan"]
SENTENCE = ("Pimpinan dan seluruh pegawai Pengadilan Agama Payakumbuh mengikuti kegiatan ini dengan tertib "
            "untuk meningkatkan kualitas pelayanan kepada masyarakat pencari keadilan. ")


def photo_bytes(number: int, size: tuple[int, int]) -> bytes:
    """A camera-like JPEG (gradient and noise, so it compresses like a photo), different for each number."""
    from PIL import Image, ImageDraw

    rng = random.Random(number)
    noise = Image.effect_noise(size, 40).convert("RGB")
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = Image.blend(Image.blend(base, tint, 0.5), noise, 0.25)
    ImageDraw.Draw(image).rectangle([rng.randrange(size[0] // 2), rng.randrange(size[1] // 2),
                                     size[0] // 2 + rng.randrange(size[0] // 2), size[1] - 1], outline=(255, 255, 255),
                                    width=12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def write_approved_drafts(root: Path, count: int, photos: int, size: tuple[int, int]) -> list[str]:
    """`count` drafts taken to `approved` with a valid approval record, `photos` selected photos each."""
    from pipeline import approval, config, drafts, workflow
    from pipeline.config import Step

    settings = config.load_settings(root)
    ids = []
    first = config.today_in(settings) - timedelta(days=40)   # events and steps in the past, as checks require
    start = datetime(first.year, first.month, first.day, 8, 0, tzinfo=WIB)
    for number in range(count):
        day = first + timedelta(days=number % 25)
        title = f"Liputan Kegiatan Pengadilan Nomor {number + 1}"
        draft_id = drafts.make_id(day, title)
        folder = root / "drafts" / draft_id
        (folder / "photos").mkdir(parents=True)
        lines = []
        for i in range(photos):
            (folder / "photos" / f"foto-{i + 1}.jpg").write_bytes(photo_bytes(number * 100 + i, size))
            lines += [f"  - file: photos/foto-{i + 1}.jpg", f"    caption: Suasana kegiatan nomor {number + 1}, foto {i + 1}",
                      f"    alt: Para pegawai mengikuti kegiatan di ruang utama, foto {i + 1}", "    selected: true"]
        at = [start + timedelta(days=number % 25, minutes=30 * k) for k in range(4)]
        history = "\n".join(f"  - {{step: {s}, by: {b}, at: {t.isoformat()}}}" for s, b, t in
                            zip(["collected", "selected", "narrated", "corrected"], ["rina", "rina", "rina", "dewi"], at))
        body = (SENTENCE * 3 + "\n\n" + SENTENCE * 4 + "\n\n" + SENTENCE * 3 + "\n\n(rm)\n")
        (folder / "index.md").write_text(
            "---\n"
            f"title: {title}\n"
            f"date: {day.isoformat()}\n"
            "location: Ruang Sidang Utama\n"
            f"category: {CATEGORIES[number % len(CATEGORIES)]}\n"
            "reporter: rina\n"
            "status: corrected\n"
            "summary: Pimpinan dan seluruh pegawai mengikuti kegiatan untuk meningkatkan kualitas pelayanan.\n"
            "photos:\n" + "\n".join(lines) + "\n"
            "history:\n" + history + "\n"
            "---\n" + body, encoding="utf-8")
        draft = drafts.load(root, draft_id)
        approved_at = at[-1] + timedelta(hours=1)
        fields = {"approved_by": "dewi", "approved_at": approved_at, "approval_digest": workflow.approval_digest(draft),
                  "approval_pr": 100 + number, "approval_review": 9000 + number,
                  "approval_login": "dewi-ptip-pyk", "approval_commit": "0" * 40}
        # signed as the publish workflow signs (the bench's own key, given to `pipeline publish` below)
        fields["approval_signature"] = approval.sign(draft_id, fields, BENCH_KEY.encode())
        workflow.record_step(draft, Step.APPROVED, "dewi", settings=settings, at=approved_at,
                             extra={"pr": 100 + number, "review": 9000 + number}, fields=fields)
        ids.append(draft_id)
    return ids


def timed_publish(root: Path) -> tuple[float, float, str]:
    """`pipeline publish` in a fresh process: wall seconds, CPU seconds (with its worker processes), output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), "publish"],
                          env={**os.environ, "PIPELINE_APPROVAL_KEY": BENCH_KEY},
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"publish failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000, help="posts already in the site")
    parser.add_argument("--drafts", type=int, default=50)
    parser.add_argument("--photos", type=int, default=10, help="selected photos per draft")
    parser.add_argument("--photo-size", default="2048x1365", help="pixels of each camera photo (after intake)")
    parser.add_argument("--keep", type=Path, help="work under this folder and keep it")
    parser.add_argument("--rounds", type=int, default=1, help="build each site this many times, alternating")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.photo_size.lower().split("x"))

    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        work = args.keep or Path(tmp)
        root = sitegen.generate_site(work / "site", args.posts)
        started = time.perf_counter()
        ids = write_approved_drafts(root, args.drafts, args.photos, size)
        print(f"setup: {args.posts} posts, {len(ids)} approved drafts x {args.photos} photos {size[0]}x{size[1]} "
              f"({time.perf_counter() - started:.1f} s, not timed below)", flush=True)

        wall, cpu, output = timed_publish(root)
        published = output.count("Diterbitkan:")
        print(f"publish: {wall:6.1f} s wall, {cpu:6.1f} s CPU  ({published} posts, photo variants rendered cold)",
              flush=True)
        again_wall, _, again = timed_publish(root)
        print(f"publish again: {again_wall:6.1f} s wall  ({'nothing to do' if 'Tidak ada' in again else again.strip()})",
              flush=True)

        plain = work / "plain"
        if plain.exists():
            shutil.rmtree(plain)
        shutil.copytree(root, plain, ignore=shutil.ignore_patterns("site", ".cache"))
        sitegen._remove_blog_plugin(plain / "site_config" / "mkdocs.yml")
        runs: dict[str, list[sitegen.BuildTime]] = {"blog plugin": [], "plain pages": []}
        for _ in range(args.rounds):   # alternating, so a busy moment hits both alike
            for label, where in (("blog plugin", root), ("plain pages", plain)):
                runs[label].append(took := sitegen.timed_build(where))
                pages = sum(1 for _ in (where / "site").rglob("index.html"))
                print(f"build ({label}):   {took.wall:6.1f} s wall, {took.cpu:6.1f} s CPU  ({pages} pages)", flush=True)
        blog_time, plain_time = (sitegen.BuildTime(min(t.wall for t in r), min(t.cpu for t in r)) for r in runs.values())
        if args.rounds > 1:
            print(f"best of {args.rounds}: blog {blog_time.wall:.1f} s wall, {blog_time.cpu:.1f} s CPU; "
                  f"plain {plain_time.wall:.1f} s wall, {plain_time.cpu:.1f} s CPU")
        print(f"blog / plain = {blog_time.wall / plain_time.wall:.2f} wall, {blog_time.cpu / plain_time.cpu:.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
