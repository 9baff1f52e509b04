"""How the news section's build scales: Material's blog plugin against plain pages, same run.

Builds the sample site with N generated posts (bench/sitegen.py) four ways, each in a
fresh interpreter, and prints the seconds next to each other:

  plain     the same pages with the blog plugin removed (the baseline), MkDocs' and its
            plugins' own work: the `court` plugin's cold-build speedups off (below)
  stock     the blog plugin as first configured (month archive, 10 a page, dated URLs), fixes off
  fixes     the same settings with our fixes in the `court` plugin (pipeline/news.py)
  ours      site_config/mkdocs.yml as it is now (yearly archive, 20 a page, flat URLs), fixes on
  config    (only with --only) the settings of `ours` with the fixes off
  before    (only with --only) `ours` without the cold-build speedups: Material's navigation
            rendered for every page (pipeline/navcache.py), glightbox re-parsing every page
            (pipeline/lightbox.py), a Markdown parser built per page (pipeline/mdpool.py)

and, for `ours`, the largest HTML page, to see that no page grows with the posts.
`plain` is built by MkDocs' own build function; the others by `pipeline build --cold`.
`--incremental` then builds `ours` again the way `pipeline build` does after a pull
request's change (pipeline/buildcache.py): with nothing changed, after one edited
post, after one added post (each `--rounds` times from the same tree, the fastest
counting, as for the cold builds), each followed by a cold build of the same sources:
the tree is checked byte for byte against it, and the incremental build's time is
given as a share of it (the two built one after the other: a machine that is slower
now than for the first builds moves both).
`--compare` also checks that `stock` and `fixes` built byte-identical trees.
`--titles-in-body` leaves `title:` out of the posts' front matter (MkDocs then
parses each post's Markdown for its title, which is what made `Page.__eq__` slow).

    /tmp/venv/bin/python bench/news.py --posts 3000
    /tmp/venv/bin/python bench/news.py --posts 300 --compare --only stock fixes
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sitegen  # noqa: E402

# The blog settings as first configured (the foundation's mkdocs.yml): an archive by
# month, 10 posts a page, post URLs berita/yyyy/MM/dd/slug/.
FIRST_CONFIG = {"archive": True, "archive_name": "Arsip", "archive_date_format": "MMMM yyyy",
                "archive_url_format": "arsip/{date}", "archive_url_date_format": "yyyy/MM",
                "pagination_per_page": 10, "post_url_format": "{date}/{slug}", "post_url_date_format": "yyyy/MM/dd"}
VARIANTS = ("plain", "stock", "fixes", "ours", "config", "before")
# The `court` plugin's options that turn its cold-build speedups off.
NO_SPEEDUPS = {"nav_cache": False, "lightbox_by_text": False, "one_parser": False}


def prepare(work: Path, variant: str, posts: int, meta_title: bool) -> Path:
    root = sitegen.generate_site(work / variant, posts, blog=variant != "plain", meta_title=meta_title)
    if variant in ("stock", "fixes"):
        sitegen.set_plugin_options(root, "blog", **FIRST_CONFIG)
    if variant in ("stock", "config"):
        sitegen.set_plugin_options(root, "court", news_speedups=False)
    if variant in ("plain", "before"):
        sitegen.set_plugin_options(root, "court", **NO_SPEEDUPS)
    return root


def largest_pages(site: Path, count: int = 3) -> list[tuple[int, str]]:
    sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    return sorted(sizes, reverse=True)[:count]


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (sitemap.xml.gz holds the build time: skipped)."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"{prefix}{n} (one side only)" for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{n}" for n in mismatch + errors if n != "sitemap.xml.gz")
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def edit_post(root: Path) -> None:
    path = sorted((root / "content" / "berita" / "posts").iterdir())[len(list((root / "content" / "berita" / "posts")
                                                                              .iterdir())) // 2] / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("<!-- more -->", "Kalimat suntingan.\n\n<!-- more -->", 1),
                    encoding="utf-8")


def incremental(work: Path, root: Path, times: dict, posts: int, rounds: int = 1) -> bool:
    """Time `pipeline build` after no change, an edit and a new post; True when a tree differs from a cold build.

    Each incremental build is followed by a cold build of the same sources (a copy
    without `site/` and `.cache/`), timed too: the ratio printed is the fastest
    incremental build against the fastest of those cold builds made beside it, so a
    machine that slows down between the first cold builds and these does not move it.
    With `rounds` > 1 each is timed that many times from the same tree (restored from a
    copy in between).
    """
    failed = False
    before = work / "ours-before-change"
    check = work / "ours-cold-check"
    for label, change in (("no change", None), ("one post edited", edit_post),
                          ("one post added", lambda root: sitegen.add_post(root, "Rapat Bench Baru"))):
        runs, colds, diff = [], [], []
        for round_ in range(rounds):
            if rounds > 1:
                if round_ == 0:
                    shutil.rmtree(before, ignore_errors=True)
                    shutil.copytree(root, before, symlinks=True)
                else:
                    shutil.rmtree(root)
                    shutil.copytree(before, root, symlinks=True)
            if change is not None:
                change(root)
            runs.append(sitegen.timed_build(root, "incremental"))
            shutil.rmtree(check, ignore_errors=True)
            shutil.copytree(root, check, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
            colds.append(sitegen.timed_build(check, "cold"))
            diff = diff or differences(root / "site", check / "site")
        took = sitegen.BuildTime(min(t.wall for t in runs), min(t.cpu for t in runs))
        cold = sitegen.BuildTime(min(t.wall for t in colds), min(t.cpu for t in colds))
        best = f" (best of {rounds})" if rounds > 1 else ""
        line = (f"incremental ({label}) {posts} posts: {took.wall:6.1f} s wall{best}, {took.cpu:6.1f} s CPU; "
                f"cold build of the same tree beside it {cold.wall:6.1f} s{best}: {took.wall / cold.wall:.2f} of cold")
        if "plain" in times:
            line += f" ({took.wall / times['plain'].wall:.2f} of the plain build above)"
        failed = failed or bool(diff)
        print(line + ("; tree byte-identical to a cold build" if not diff else
                      f"; {len(diff)} files differ from a cold build: " + ", ".join(diff[:5])), flush=True)
    shutil.rmtree(before, ignore_errors=True)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--only", nargs="+", choices=VARIANTS, default=list(VARIANTS[:4]))
    parser.add_argument("--compare", action="store_true", help="check stock and fixes build identical trees")
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    parser.add_argument("--titles-in-body", action="store_true", help="posts without `title:` in front matter")
    parser.add_argument("--rounds", type=int, default=1, help="build each variant this many times, alternating")
    parser.add_argument("--incremental", action="store_true",
                        help="also time incremental builds of `ours` (needs `ours` in --only)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="news-bench-") as tmp:
        work = args.keep or Path(tmp)
        roots = {variant: prepare(work, variant, args.posts, not args.titles_in_body) for variant in args.only}
        runs: dict[str, list[sitegen.BuildTime]] = {variant: [] for variant in args.only}
        for round_ in range(args.rounds):   # alternating, so a busy moment hits every variant alike
            for variant, root in roots.items():
                runs[variant].append(took := sitegen.timed_build(root, "mkdocs" if variant == "plain" else "cold"))
                pages = sum(1 for _ in (root / "site").rglob("index.html"))
                print(f"{variant:6} {args.posts} posts: {took.wall:6.1f} s wall, {took.cpu:6.1f} s CPU  ({pages} pages)",
                      flush=True)
        # the fastest of the rounds: the least disturbed by other work on the machine
        times = {v: sitegen.BuildTime(min(t.wall for t in r), min(t.cpu for t in r)) for v, r in runs.items()}
        if args.rounds > 1:
            for variant, took in times.items():
                print(f"{variant:6} best of {args.rounds}: {took.wall:6.1f} s wall, {took.cpu:6.1f} s CPU")
        if "plain" in times:
            base = times["plain"]
            for variant in (v for v in args.only if v != "plain"):
                print(f"{variant:6} / plain = {times[variant].wall / base.wall:.2f} wall, "
                      f"{times[variant].cpu / base.cpu:.2f} CPU")
        if "ours" in times:
            for size, path in largest_pages(work / "ours" / "site"):
                print(f"largest page (ours): {size:8d} bytes  {path}")
        if args.incremental and "ours" in times:
            if incremental(work, roots["ours"], times, args.posts, args.rounds):
                return 1
        if args.compare:
            diff = differences(work / "stock" / "site", work / "fixes" / "site")
            print("stock vs fixes: byte-identical" if not diff else
                  f"stock vs fixes: {len(diff)} files differ: " + ", ".join(diff[:10]))
            return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
