"""Generate a large court website for benchmarks: the sample site plus N news posts.

Shared by the bench scripts (`bench/publish.py`, and any other that needs ten years
of coverage). Deterministic: the same arguments give the same tree, byte for byte.

    import sys; sys.path.insert(0, "bench")      # or run a script that lives in bench/
    import sitegen
    root = sitegen.generate_site(tmp / "site-3000", posts=3000)             # news via the blog plugin
    plain = sitegen.generate_site(tmp / "plain-3000", posts=3000, blog=False)  # same pages, no blog plugin

The result is a repository root (`site_config/`, `content/`, `drafts/`) that
`pipeline.site.build(root)` and the `pipeline --root ROOT ...` commands accept.
With `blog=False` the posts stay at the same source paths but the blog plugin is
removed from `mkdocs.yml`, so they build as ordinary pages (outside the nav): the
baseline the news section's build time is compared with.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The tests' court (people rina, dewi...): benches run the same in a fork whatever its site_config/ holds.
FIXTURE_COURT = REPO / "tests" / "fixture_court"

TOPICS = [
    ("Rapat Koordinasi", "Rapat"), ("Rapat Evaluasi Kinerja", "Rapat"), ("Rapat Pembinaan Pegawai", "Pembinaan"),
    ("Sosialisasi Aplikasi e-Court", "Sosialisasi"), ("Sosialisasi Layanan Pos Bantuan Hukum", "Sosialisasi"),
    ("Apel Pagi dan Pengarahan Pimpinan", "Pembinaan"), ("Pelatihan Pelayanan Prima", "Pembinaan"),
    ("Pelayanan Sidang Keliling", "Pelayanan"), ("Peresmian Ruang Layanan Terpadu", "Pelayanan"),
    ("Peringatan Hari Besar Nasional", "Kegiatan"), ("Kunjungan Kerja Pengadilan Tinggi Agama", "Kegiatan"),
    ("Donor Darah Bersama", "Kegiatan"), ("Monitoring dan Evaluasi Zona Integritas", "Rapat"),
]
WORDS = ("pengadilan agama pelayanan masyarakat pegawai pimpinan kegiatan peserta hakim panitera sekretaris "
         "ruang sidang utama pencari keadilan informasi perkara aplikasi integritas kinerja evaluasi laporan "
         "berlangsung tertib lancar diikuti seluruh unit kerja rencana tindak lanjut kualitas transparan "
         "akuntabel koordinasi kegiatan bulan tahun pagi siang berkelanjutan komitmen bersama").split()
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
DAYS = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


def tiny_jpeg(seed: int = 0) -> bytes:
    """A small real JPEG (Pillow), so posts carry images beside them like real ones."""
    from PIL import Image

    image = Image.new("RGB", (64, 48), ((seed * 37) % 256, (seed * 91) % 256, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def post_text(number: int, day: date, title: str, category: str, slug: str, rng: random.Random,
              photos: int, city: str = "Payakumbuh", meta_title: bool = True) -> str:
    """One post in the shape `pipeline publish` writes: front matter, dateline, narrative, photos.

    `meta_title=False` leaves `title:` out of the front matter (the title is then only the
    `# heading`, which MkDocs finds by parsing the Markdown), as hand-written posts often do.
    """
    summary = _sentence(rng) + " " + _sentence(rng)
    dateline = f"{city}, {DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year} -"
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(4, 6))]
    images = "\n\n".join(f"![Foto kegiatan {title} nomor {i}](foto-{i}.jpg){{ loading=lazy }}"
                         for i in range(1, photos + 1))
    return (
        "---\n"
        + (f"title: {title}\n" if meta_title else "")
        + f"date: {day.isoformat()}\n"
        f"categories:\n  - {category}\n"
        f"slug: {slug}\n"
        f"description: {summary}\n"
        f"bench_post: {number}\n"
        "---\n\n"
        f"# {title}\n\n"
        f"**{dateline}** {paragraphs[0]}\n\n<!-- more -->\n\n"
        + "\n\n".join(paragraphs[1:]) + "\n\n" + images + "\n"
    )


def post_ids(posts: int, *, end: date = date(2026, 11, 30), years: int = 10, seed: int = 6) -> list[tuple[str, date, str, str]]:
    """`(id, date, title, category)` of `posts` posts spread over `years` years up to `end`."""
    rng = random.Random(seed)
    span = years * 365
    out = []
    for number in range(posts):
        day = end - timedelta(days=(number * span) // max(posts, 1))
        topic, category = TOPICS[rng.randrange(len(TOPICS))]
        title = f"{topic} {MONTHS[day.month - 1]} {day.year} ({number + 1})"
        slug = f"{topic.lower().replace(' ', '-').replace('/', '-')}-{number + 1}"
        out.append((f"{day.isoformat()}-{slug}", day, title, category))
    return out


def add_post(root: Path, title: str, *, day: date = date(2026, 12, 1), category: str = "Rapat") -> Path:
    """A new post (newer than the generated ones by default) in `ROOT/content/berita/posts/`; returns its folder."""
    slug = title.lower().replace(" ", "-")
    folder = Path(root) / "content" / "berita" / "posts" / f"{day.isoformat()}-{slug}"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(
        f"---\ntitle: {title}\ndate: {day.isoformat()}\ncategories:\n  - {category}\nslug: {slug}\n"
        f"description: {title}.\n---\n\n# {title}\n\nPembukaan.\n\n<!-- more -->\n\nLanjutan.\n", encoding="utf-8")
    return folder


def generate_site(dest: Path, posts: int = 3000, *, blog: bool = True, photos: int = 1, seed: int = 6,
                  years: int = 10, meta_title: bool = True) -> Path:
    """Write a repository root at `dest` (replaced if it exists) with `posts` generated news posts.

    `blog=False` removes the blog plugin from `site_config/mkdocs.yml` (same source
    files otherwise). `photos` small JPEGs sit beside each post. Returns `dest`.
    """
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(FIXTURE_COURT / "site_config", dest / "site_config")
    shutil.copytree(FIXTURE_COURT / "content", dest / "content")
    (dest / "drafts").mkdir()
    if not blog:
        _remove_blog_plugin(dest / "site_config" / "mkdocs.yml")
    rng = random.Random(seed)
    jpeg = tiny_jpeg(seed)
    posts_dir = dest / "content" / "berita" / "posts"
    for number, (post_id, day, title, category) in enumerate(post_ids(posts, years=years, seed=seed)):
        folder = posts_dir / post_id
        folder.mkdir(parents=True)
        slug = post_id[len("YYYY-MM-DD-"):]
        (folder / "index.md").write_text(post_text(number + 1, day, title, category, slug, rng, photos,
                                                   meta_title=meta_title), encoding="utf-8")
        for i in range(1, photos + 1):
            (folder / f"foto-{i}.jpg").write_bytes(jpeg)
    return dest


def _edit_mkdocs(mkdocs_yml: Path, edit) -> None:
    """Apply `edit(tree)` to mkdocs.yml, keeping the rest of the file as it is."""
    from pipeline.files import round_trip_yaml

    yaml = round_trip_yaml()
    tree = yaml.load(mkdocs_yml.read_text(encoding="utf-8"))
    edit(tree)
    out = io.StringIO()
    yaml.dump(tree, out)
    mkdocs_yml.write_text(out.getvalue(), encoding="utf-8")


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _remove_blog_plugin(mkdocs_yml: Path) -> None:
    """Drop the `blog` entry from `plugins:`."""
    _edit_mkdocs(mkdocs_yml, lambda tree: tree.__setitem__(
        "plugins", [p for p in tree["plugins"] if _plugin_name(p) not in ("blog", "material/blog")]))


def set_plugin_options(root: Path, plugin: str, **options) -> None:
    """Set options of one plugin in `ROOT/site_config/mkdocs.yml`, e.g. `("court", news_speedups=False)`."""
    def edit(tree) -> None:
        plugins = tree["plugins"]
        for i, entry in enumerate(plugins):
            if _plugin_name(entry) == plugin:
                if isinstance(entry, str):
                    plugins[i] = entry = {plugin: {}}
                if entry[plugin] is None:
                    entry[plugin] = {}
                entry[plugin].update(options)
                return
        raise KeyError(f"plugin {plugin!r} not in mkdocs.yml")

    _edit_mkdocs(Path(root) / "site_config" / "mkdocs.yml", edit)


@dataclass(frozen=True)
class BuildTime:
    """Seconds of one build: wall clock, and CPU time of the building process.

    On a shared machine the CPU seconds vary less than the wall clock; a bench
    prints both.
    """

    wall: float
    cpu: float


# How `timed_build` builds: `pipeline build --cold`, `pipeline build` (incremental, with
# the cache the last build left), or MkDocs' own build function (the plain baseline).
BUILDS = {
    "cold": "site.build(root, cold=True)",
    "incremental": "site.build(root)",
    "mkdocs": ("config = site.load_mkdocs_config(root); config.plugins.on_startup(command='build', dirty=False); "
               "build(config); config.plugins.on_shutdown()"),
}


def timed_build(root: Path, how: str = "cold") -> BuildTime:
    """Build ROOT in a fresh interpreter and time it; `how` is one of `BUILDS`.

    A fresh process per build, so no build profits from what another one warmed in memory.
    """
    code = ("import sys, time; from pathlib import Path; from pipeline import site; "
            "from mkdocs.commands.build import build; root = Path(sys.argv[1]); "
            f"t, c = time.perf_counter(), time.process_time(); {BUILDS[how]}; "
            "print(time.perf_counter() - t, time.process_time() - c)")
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"build of {root} failed:\n{done.stderr[-3000:]}")
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return BuildTime(float(wall), float(cpu))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--plain", action="store_true", help="without the blog plugin")
    parser.add_argument("--photos", type=int, default=1)
    args = parser.parse_args()
    print(generate_site(args.dest, args.posts, blog=not args.plain, photos=args.photos))
