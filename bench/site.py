"""Bench: build, link check and freshness on a court site of 3,000 news posts and 5,000 commits.

Generates the sample site plus N posts (each with a photo and links to the previous
post and to a heading of a service page), and a git history of M commits written
with `git fast-import` (one commit per post at its date, the rest edits of pages and
posts), then measures in one run:

* build: `pipeline.site.build` (MkDocs, strict, with the court plugin's page stamps);
* links: `pipeline.links.check` over the built site (goal: under a tenth of the build);
* freshness: `pipeline.freshness.report`, one `git log` pass (goal: under 1 s);
* freshness the naive way: one `git log -1 -- FILE` process per page, as
  mkdocs-git-revision-date-localized-plugin does (goal: ours at least 20x faster).

Run:
    /tmp/venv/bin/python bench/site.py                    # 3,000 posts, 5,000 commits
    /tmp/venv/bin/python bench/site.py --posts 300 --commits 500 --keep /tmp/site-300
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import freshness, links, site  # noqa: E402
from pipeline.config import load_settings  # noqa: E402

TZ = ZoneInfo("Asia/Jakarta")
TOPICS = ["Rapat Koordinasi", "Sosialisasi e-Court", "Apel Pagi", "Pelatihan Pelayanan Prima", "Sidang Keliling",
          "Peringatan Hari Besar", "Kunjungan Kerja", "Donor Darah", "Evaluasi Zona Integritas", "Rapat Pembinaan"]
WORDS = ("pengadilan agama pelayanan masyarakat pegawai pimpinan kegiatan peserta hakim panitera sekretaris ruang "
         "sidang utama pencari keadilan informasi perkara aplikasi integritas kinerja evaluasi laporan berlangsung "
         "tertib lancar diikuti seluruh unit kerja rencana tindak lanjut kualitas transparan akuntabel").split()
EDITABLE = ["index.md", "kontak.md", "pengumuman.md", "informasi-publik.md", "profil/sejarah.md",
            "profil/visi-misi.md", "layanan/biaya-perkara.md", "layanan/jadwal-sidang.md",
            "layanan/pendaftaran-perkara.md"]


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (40, 120, 60)).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _post(rng: random.Random, n: int, day: date, previous: str | None, categories: list[str]) -> tuple[str, str]:
    topic = TOPICS[n % len(TOPICS)]
    slug = f"{topic.lower().replace(' ', '-')}-{n}"
    folder = f"{day.isoformat()}-{slug}"
    words = " ".join(rng.choice(WORDS) for _ in range(140))
    see_also = f"Baca juga [berita sebelumnya](../{previous}/index.md). " if previous else ""
    text = (f"---\ntitle: {topic} Nomor {n}\ndate: {day.isoformat()}\ncategories:\n  - {categories[n % len(categories)]}\n"
            f"slug: {slug}\ndescription: {topic} di Pengadilan Agama Payakumbuh, liputan nomor {n}.\n---\n\n"
            f"# {topic} Nomor {n}\n\n**Payakumbuh -** {words[:300]}\n\n<!-- more -->\n\n{words[300:]}\n\n"
            f"{see_also}Informasi biaya ada di [Biaya Perkara](../../../layanan/biaya-perkara.md#biaya-perkara).\n\n"
            f"![Suasana kegiatan {topic.lower()}](foto.jpg)\n\n(rm)\n")
    return folder, text


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def generate(root: Path, posts: int, commits: int, today: date) -> int:
    """The sample site plus `posts` posts under git with `commits` commits; return the commit count."""
    if commits < posts + 1:
        raise SystemExit(f"--commits must be at least --posts + 1 ({posts + 1})")
    rng = random.Random(2026)
    settings = load_settings(REPO)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    start = today - timedelta(days=posts + 5)
    edits = commits - posts - 1
    # the edit commits, spread over the history: (after post number, file)
    edit_plan = sorted((rng.randrange(posts), rng.random()) for _ in range(edits))
    stream = io.BytesIO()
    mark = 0

    def commit(when: datetime, message: str, changes: list[bytes]) -> None:
        nonlocal mark
        mark += 1
        stamp = b"%d +0700" % int(when.timestamp())
        stream.write(b"commit refs/heads/main\nmark :%d\n" % mark)
        stream.write(b"author Operator <operator@pa-payakumbuh.go.id> " + stamp + b"\n")
        stream.write(b"committer Operator <operator@pa-payakumbuh.go.id> " + stamp + b"\n")
        stream.write(_data(message.encode()))
        if mark > 1:
            stream.write(b"from :%d\n" % (mark - 1))
        for change in changes:
            stream.write(change)

    def put(path: str, payload: bytes) -> bytes:
        return f"M 100644 inline {path}\n".encode() + _data(payload)

    # the photo, stored once and referenced by every post
    stream.write(b"blob\nmark :1000000\n" + _data(_photo()))
    initial = []
    for base in ("site_config", "content"):
        for file in sorted((REPO / base).rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                initial.append(put(file.relative_to(REPO).as_posix(), file.read_bytes()))
    commit(datetime.combine(start, datetime.min.time(), TZ), "sample site", initial)
    texts: dict[str, str] = {}
    folders: list[str] = []
    plan = iter(edit_plan)
    pending = next(plan, None)
    for n in range(posts):
        day = start + timedelta(days=n + 1)
        folder, text = _post(rng, n, day, folders[-1] if folders else None, settings.categories)
        folders.append(folder)
        path = f"content/berita/posts/{folder}/index.md"
        texts[path] = text
        when = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=15)
        commit(when, f"berita: {folder}", [put(path, text.encode()),
                                           f"M 100644 :1000000 content/berita/posts/{folder}/foto.jpg\n".encode()])
        while pending is not None and pending[0] == n:
            when += timedelta(minutes=7)
            if pending[1] < 0.5:  # an edit of a page
                page = f"content/{EDITABLE[int(pending[1] * 2 * len(EDITABLE))]}"
                old = texts.get(page) or (REPO / page).read_text(encoding="utf-8")
                texts[page] = old + f"\nDiperbarui {when.date().isoformat()}.\n"
            else:  # a correction to a recent post
                page = f"content/berita/posts/{folders[max(0, len(folders) - 1 - rng.randrange(20))]}/index.md"
                texts[page] = texts[page].replace("(rm)\n", "(rm)\n\nRalat: ejaan diperbaiki.\n", 1)
            commit(when, f"perbarui {page}", [put(page, texts[page].encode())])
            pending = next(plan, None)
    stream.write(b"done\n")
    subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=root, input=stream.getvalue(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=root, check=True)
    return mark


def naive_dates(docs_dir: Path) -> dict[str, date]:
    """One `git log -1` process per page: what a per-file plugin does."""
    out = {}
    for file in sorted(docs_dir.rglob("*.md")):
        rel = file.relative_to(docs_dir).as_posix()
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", rel], cwd=docs_dir, capture_output=True,
                              text=True, check=True)
        if done.stdout.strip():
            out[rel] = datetime.fromtimestamp(int(done.stdout), TZ).date()
    return out


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temp folder)")
    args = parser.parse_args()

    scratch = None
    if args.keep:
        if args.keep.exists():
            shutil.rmtree(args.keep)
        root = args.keep
    else:
        scratch = tempfile.mkdtemp(prefix="bench-site-")
        root = Path(scratch) / "repo"
    try:
        today = datetime.now(TZ).date()
        started = time.perf_counter()
        made = generate(root, args.posts, args.commits, today)
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True,
                               check=True).stdout.strip()
        pages = sum(1 for _ in (root / "content").rglob("*.md"))
        print(f"site: {args.posts} posts, {pages} Markdown pages, {count} commits "
              f"(generated in {time.perf_counter() - started:.1f} s)  [{root}]")
        assert int(count) == made
        settings = load_settings(root)

        # CPU seconds next to wall seconds: on a shared machine the wall clock also counts other people's work
        cpu = time.process_time()
        result = site.build(root)
        build_cpu = time.process_time() - cpu
        print(f"build:                {result.seconds:8.2f} s   ({build_cpu:.2f} s CPU; {result.pages} pages)")

        cpu = time.process_time() + _children_cpu()
        report = links.check(root, result.site_dir, site_url=settings.court.site_url)
        links_cpu = time.process_time() + _children_cpu() - cpu  # with its worker processes
        print(f"links (in process):   {report.seconds:8.2f} s   ({links_cpu:.2f} s CPU; {report.references} references "
              f"in {report.pages} pages, {len(report.findings)} broken; {report.seconds / result.seconds:.1%} of the "
              f"build's wall time, {links_cpu / build_cpu:.1%} of its CPU time; goal < 10%; right after the build, "
              f"as in `pipeline run`)")

        # `pipeline links` on its own runs in a fresh process, without the build's objects around
        code = ("import sys, time, os; from pathlib import Path; from pipeline import links; "
                "c = time.process_time(); r = links.check(Path(sys.argv[1]), Path(sys.argv[2]), site_url=sys.argv[3]); "
                "t = os.times(); print(f'{r.seconds:.2f} {time.process_time() - c + t.children_user + t.children_system:.2f}')")
        own = subprocess.run([sys.executable, "-c", code, str(root), str(result.site_dir), settings.court.site_url],
                             capture_output=True, text=True, check=True, cwd=REPO).stdout.split()
        print(f"links (own process):  {float(own[0]):8.2f} s   ({own[1]} s CPU; as `pipeline links` after "
              f"`pipeline build`; {float(own[0]) / result.seconds:.1%} of the build's wall time)")

        cache = root / freshness.CACHE_FILE
        timings = []
        for _ in range(3):  # best of three, each cold: no cache of an earlier pass, as in a fresh CI clone
            cache.unlink(missing_ok=True)
            started = time.perf_counter()
            fresh = freshness.report(root, settings)
            timings.append(time.perf_counter() - started)
        ours = min(timings)
        print(f"freshness (one pass): {ours:8.2f} s   ({fresh.scanned} pages read, {len(fresh.statuses)} "
              f"policed, {len(fresh.stale)} stale; cold, best of 3: {', '.join(f'{t:.2f}' for t in timings)}; "
              f"goal < 1 s)")
        started, cpu = time.perf_counter(), _children_cpu()
        git_only = freshness.git_history(root / "content", TZ, use_cache=False)
        print(f"  of which git log:   {time.perf_counter() - started:8.2f} s   ({len(git_only.committed)} files; "
              f"{_children_cpu() - cpu:.2f} s of git CPU, run while the pages are read)")
        started = time.perf_counter()
        freshness.report(root, settings)
        print(f"freshness (warm):     {time.perf_counter() - started:8.2f} s   (HEAD unchanged since the last pass: "
              f"no git log)")
        started, cpu = time.perf_counter(), _children_cpu()
        naive = naive_dates(root / "content")
        naive_seconds = time.perf_counter() - started
        print(f"freshness (naive):    {naive_seconds:8.2f} s   ({_children_cpu() - cpu:.2f} s of git CPU; "
              f"{len(naive)} git processes, one per page)")
        print(f"speed-up:             {naive_seconds / ours:8.1f} x  (cold one pass against naive; goal >= 20x)")
        mismatched = [p for p, d in naive.items() if git_only.committed.get(p) != d]
        print(f"same dates both ways: {'yes' if not mismatched else f'NO, {len(mismatched)} differ'}")
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
