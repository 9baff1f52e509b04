"""`pipeline preview`: the draft served as `pipeline publish` + `pipeline build` will make it, live, touching nothing.

A small court (the fixture's six posts and 24 older ones committed months ago, so the
preview has to leave posts out and take the pages' dates from git), one approved draft.
The preview runs as a real process on a free port of 127.0.0.1 and is read over HTTP.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import draftkit
import githubkit
from conftest import git
from pipeline import preview, publish, site
from pipeline.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import sitegen  # noqa: E402

ID = draftkit.DRAFT_ID
EPOCH = "1795665600"  # 2026-11-25 the court's morning: both builds are made as of the same moment
OLD_POSTS = 24
LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.S)


# The fixture court's home page lists no news; the shipped one does (site_config/overrides/home.html).
HOME = """{% extends "main.html" %}
{% block content %}{{ page.content }}
<ul class="court-cards">{% for card in court_news(6) %}<li><a href="{{ card.url | url }}">{{ card.title }}</a></li>{% endfor %}</ul>
{% endblock %}
"""


def add_old_posts(repo: Path, count: int = OLD_POSTS) -> list[str]:
    """A home page with the news cards, and `count` posts of 2025, committed on 5 January 2026
    (their pages say so in a real build)."""
    (repo / "site_config" / "overrides" / "home.html").write_text(HOME, encoding="utf-8")
    index = repo / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ntemplate: home.html\n", 1),
                     encoding="utf-8")
    rng = random.Random(3)
    ids = []
    for number in range(count):
        day = date(2025, 12, 20) - timedelta(days=number * 9)
        slug = f"kegiatan-lama-{number + 1}"
        folder = repo / "content" / "berita" / "posts" / f"{day.isoformat()}-{slug}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(sitegen.post_text(number, day, f"Kegiatan Lama {number + 1}",
                                                           ["Rapat", "Sosialisasi"][number % 2], slug, rng, 0),
                                         encoding="utf-8")
        ids.append(folder.name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "old news", env={"GIT_COMMITTER_DATE": "2026-01-05T10:00:00+07:00",
                                                     "GIT_AUTHOR_DATE": "2026-01-05T10:00:00+07:00"})
    return ids


@pytest.fixture
def court(repo, settings):
    add_old_posts(repo)
    draftkit.write(repo, "corrected")
    draftkit.photo(repo / "drafts" / ID / "photos" / "foto-1.jpg", size=(1000, 667))
    githubkit.approve(repo, settings, ID)
    return repo


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> bytes:
    """The page at `url`, waiting (up to `timeout`) for the server to answer."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return LIVERELOAD.sub(b"", answer.read())
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def fetch_until(url: str, text: bytes, timeout: float = 15) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        page = fetch(url)
        if text in page or time.monotonic() > deadline:
            return page
        time.sleep(0.1)


def snapshot(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for top in ("content", "drafts")
            for p in sorted((repo / top).rglob("*")) if p.is_file()}


def article(page: bytes) -> bytes:
    return re.search(rb"<article.*?</article>", page, re.S).group(0)


def start_preview(repo: Path, port: int, tmp: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TMPDIR": str(tmp), "PIPELINE_LANG": "en"}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "preview", *args, "--port", str(port)], cwd=repo,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)   # Ctrl+C
    out, err = process.communicate(timeout=30)
    return out, err


def test_the_preview_is_what_publish_and_build_make(court, settings, tmp_path, monkeypatch):
    repo = court
    temp = tmp_path / "tmp"
    temp.mkdir()
    before = snapshot(repo)
    original = (repo / "drafts" / ID / "index.md").read_bytes()
    port = free_port()
    process = start_preview(repo, port, temp, ID)
    try:
        base = f"http://127.0.0.1:{port}/"
        post_url = f"{base}berita/{ID}/"
        post, home, news = fetch(post_url), fetch(base), fetch(f"{base}berita/")
        assert [p.name for p in temp.iterdir() if p.name.startswith("pipeline-preview-")]
        # the other pages follow while the first are served: a static page, an older post
        assert b"<article" in fetch(f"{base}kontak/")
        assert b"Kegiatan Lama 1" in fetch(f"{base}berita/2025-12-20-kegiatan-lama-1/")

        # saving the draft shows the change: its narrative on the post, its title on the home page and news index
        text = original.decode().replace("Kegiatan ditutup pukul 11.00 WIB", "Kegiatan berakhir pukul 11.30 WIB")
        text = text.replace("title: Rapat Evaluasi Kinerja Bulan November 2026", "title: Rapat Evaluasi Kinerja Diperbarui")
        (repo / "drafts" / ID / "index.md").write_text(text, encoding="utf-8")
        assert b"berakhir pukul 11.30 WIB" in fetch_until(post_url, b"berakhir pukul 11.30 WIB")
        assert b"Rapat Evaluasi Kinerja Diperbarui" in fetch_until(base, b"Rapat Evaluasi Kinerja Diperbarui")
        assert b"Rapat Evaluasi Kinerja Diperbarui" in fetch(f"{base}berita/")
    finally:
        out, err = stop(process)
    assert process.returncode == 0, err
    assert f"Preview of the post: {base}berita/{ID}/" in out
    assert "Rendered again in" in out
    assert list(temp.iterdir()) == []                       # Ctrl+C removed the temporary folder
    (repo / "drafts" / ID / "index.md").write_bytes(original)
    assert snapshot(repo) == before                         # nothing written into content/ or drafts/

    # the same draft published and built for real, as of the same moment
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    publish.publish(repo, settings)
    site.build(repo)
    built = repo / "site"
    assert post == (built / "berita" / ID / "index.html").read_bytes()
    assert home == (built / "index.html").read_bytes()
    assert news == (built / "berita" / "index.html").read_bytes()
    assert b"Payakumbuh, Jumat 20 November 2026" in article(post) and b'class="court-galeri"' in article(post)
    assert b"5 Januari 2026" not in post          # the draft's page: today's date, as after publishing
    old = (built / "berita" / "2025-12-20-kegiatan-lama-1" / "index.html").read_bytes()
    assert b"5 Januari 2026" in old               # the dates come from git in both


def test_the_preview_builds_only_the_newest_posts(court, settings):
    shown = preview.Preview(court, settings, [ID])
    try:
        shown.build()
        posts = sorted(p.parent.name for p in (shown.docs / "berita" / "posts").glob("*/index.md"))
    finally:
        shown.close()
    assert not shown.folder.exists()
    assert ID in posts
    assert "2025-12-20-kegiatan-lama-1" in posts
    assert f"2025-{12 - (OLD_POSTS * 9) // 31:02d}" not in " ".join(posts)
    oldest = sorted(p.name for p in (court / "content" / "berita" / "posts").iterdir())[0]
    assert oldest not in posts
    assert len(posts) < 6 + OLD_POSTS + 1


def test_a_saved_draft_renders_as_a_fresh_preview_of_it(court, settings, monkeypatch):
    """Every page the incremental re-render leaves or writes is the page a fresh preview of the saved draft makes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    running = preview.Preview(court, settings, [ID])
    fresh = None
    try:
        running.build()
        running.complete()
        source = court / "drafts" / ID / "index.md"
        text = source.read_text(encoding="utf-8").replace("category: Rapat", "category: Sosialisasi")
        source.write_text(text.replace("Kegiatan ditutup pukul 11.00", "Kegiatan ditutup pukul 11.45"),
                          encoding="utf-8")
        report = running.refresh()
        assert report is not None and not report.full and report.rendered < 12
        assert running.refresh() is None                      # nothing changed since
        fresh = preview.Preview(court, settings, [ID])
        fresh.build()
        fresh.complete()
        pages = sorted(p.relative_to(fresh.site).as_posix() for p in fresh.site.rglob("*.html"))
        assert {"berita/kategori/sosialisasi/index.html", "berita/kategori/rapat/index.html",
                "berita/arsip/2025/index.html", "berita/arsip/2026/index.html", "berita/page/2/index.html",
                "kontak/index.html", "berita/2025-12-20-kegiatan-lama-1/index.html"} <= set(pages)
        for name in pages:
            assert (running.site / name).read_bytes() == (fresh.site / name).read_bytes(), name
        post = (running.site / "berita" / ID / "index.html").read_text(encoding="utf-8")
        assert "11.45" in post and "Sosialisasi" in post
    finally:
        running.close()
        if fresh is not None:
            fresh.close()


def test_without_a_draft_every_narrated_draft_is_shown_together(repo, settings):
    draftkit.write(repo, "narrated")
    draftkit.write(repo, "corrected", draft_id="2026-11-12-sosialisasi-posbakum", title="Sosialisasi Posbakum",
                   event_date="2026-11-12")
    draftkit.write(repo, "collected", draft_id="2026-11-13-baru-dikumpulkan", title="Baru Dikumpulkan",
                   event_date="2026-11-13")
    broken = repo / "drafts" / "2026-11-14-rusak"
    broken.mkdir()
    (broken / "index.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    shown = preview.Preview(repo, settings)
    try:
        report = shown.build()
        shown.complete()
        news = (shown.site / "berita" / "index.html").read_text(encoding="utf-8")
    finally:
        shown.close()
    assert sorted(s.draft_id for s in shown.shown) == ["2026-11-12-sosialisasi-posbakum", ID]
    assert "Sosialisasi Posbakum" in news and "Rapat Evaluasi Kinerja Bulan November 2026" in news
    assert "Baru Dikumpulkan" not in news
    assert [f.path for f in report.findings] == ["drafts/2026-11-14-rusak/index.md"]
    assert report.findings[0].hint == "left out of the preview"


def head(src: str, day: str, *, pin: bool = False, draft: bool = False, categories=("Rapat",)) -> preview.PostHead:
    return preview.PostHead(src, datetime.fromisoformat(day), pin, draft, tuple(categories), None)


def test_choose_posts_takes_ties_pins_and_each_year_and_category():
    heads = [head("a", "2026-11-03"), head("b", "2026-11-02"), head("c", "2026-11-02"), head("d", "2026-11-01"),
             head("e", "2020-01-01", pin=True), head("f", "2026-11-04", draft=True),
             head("g", "2024-05-01"), head("h", "2024-04-01"), head("i", "2023-01-01", categories=("Kegiatan",)),
             head("j", "2022-01-01", categories=("Kegiatan",))]
    chosen = {h.src for h in preview.choose_posts(heads, 3)}
    # e pinned (first in the listings), then a and b, and c tied with b; f a draft (never listed);
    # g 2024's newest, i 2023's and Kegiatan's newest, j 2022's
    assert chosen == {"e", "a", "b", "c", "g", "i", "j"}


def test_reading_post_heads(tmp_path):
    post = tmp_path / "index.md"
    post.write_text("---\ntitle: T\ndate: 2026-11-20 10:30\ncategories:\n  - Rapat\n  - Kegiatan\npin: true\n"
                    "court_draft: 2026-11-20-x\n---\n# T\n", encoding="utf-8")
    got = preview._post_head(str(post), "berita/posts/x/index.md")
    assert (got.created, got.pin, got.draft, got.categories, got.marker) == (
        datetime(2026, 11, 20, 10, 30), True, False, ("Rapat", "Kegiatan"), "2026-11-20-x")
    post.write_text("---\ndate:\n  created: 2025-01-02\ncategories: [Rapat]\ndraft: yes\n---\n", encoding="utf-8")
    got = preview._post_head(str(post), "p.md")
    assert (got.created, got.draft, got.categories) == (datetime(2025, 1, 2), True, ("Rapat",))


def test_linked_posts_are_resolved_from_the_page():
    text = "See [the meeting](../berita/posts/2026-01-02-rapat/index.md#top) and [x](https://e.org/a.md)."
    assert preview.linked_posts(text, "profil/index.md", "berita/posts/") == {"berita/posts/2026-01-02-rapat/index.md"}


def test_unknown_draft_is_refused(repo):
    result = CliRunner().invoke(cli, ["--root", str(repo), "preview", "2026-01-01-tidak-ada"])
    assert result.exit_code == 1
    assert "no draft '2026-01-01-tidak-ada' (no drafts/2026-01-01-tidak-ada/index.md)" in result.output
    assert "Traceback" not in result.output


@pytest.mark.lang("id")
def test_a_draft_without_its_photo_is_refused_in_indonesian(repo):
    draftkit.write(repo, "narrated")
    (repo / "drafts" / ID / "photos" / "foto-1.jpg").unlink()
    result = CliRunner().invoke(cli, ["--root", str(repo), "preview", ID])
    assert result.exit_code == 1
    assert "photos[0].file: 'photos/foto-1.jpg' tidak ada" in result.output


def test_a_port_in_use_is_a_usage_error(repo):
    draftkit.write(repo, "narrated")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--root", str(repo), "preview", ID, "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.output
