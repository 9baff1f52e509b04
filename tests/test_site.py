"""A real MkDocs build of the sample site, asserted on the generated HTML and feeds."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from lxml import html

from pipeline import site
from pipeline.findings import ConfigError, PipelineError


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture court's site built once for this module (a build takes a second or two)."""
    import shutil

    from tests.conftest import FIXTURE_COURT

    root = tmp_path_factory.mktemp("built") / "repo"
    root.mkdir()
    for name in ("site_config", "content"):
        shutil.copytree(FIXTURE_COURT / name, root / name)
    result = site.build(root)
    assert result.site_dir == root / "site"
    return root


def by_class(doc, cls: str, tag: str = "*") -> list:
    return doc.xpath(f'//{tag}[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')


def _posts(root: Path) -> list[Path]:
    return sorted((root / "content" / "berita" / "posts").glob("*/index.md"))


def _post_title(md: Path) -> str:
    return next(line[7:].strip() for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("title: "))


def test_html_is_indonesian_with_court_identity(built: Path):
    page = html.parse(str(built / "site" / "index.html")).getroot()
    assert page.get("lang") == "id"
    footer = by_class(page, "court-identity")[0].text_content()
    assert "Pengadilan Agama Payakumbuh" in footer
    assert "Jln. Soekarno - Hatta No. 214" in footer
    assert "(0752) 7970992" in footer
    header = by_class(page, "md-header__topic")[0].text_content()
    assert "Pengadilan Agama Payakumbuh" in header


def test_navigation_has_the_required_sections(built: Path):
    page = html.parse(str(built / "site" / "index.html")).getroot()
    tabs = [a.text_content().strip() for a in by_class(page, "md-tabs__link")]
    assert tabs == ["Beranda", "Profil", "Layanan", "Informasi Publik", "Berita", "Pengumuman", "Kontak"]
    for path in ("profil/visi-misi", "profil/sejarah", "profil/struktur-organisasi", "profil/wilayah-yurisdiksi",
                 "layanan/pendaftaran-perkara", "layanan/biaya-perkara", "layanan/jadwal-sidang",
                 "layanan/layanan-disabilitas", "informasi-publik", "pengumuman", "kontak"):
        assert (built / "site" / path / "index.html").is_file(), path


def test_every_sample_post_reachable_from_news_index(built: Path):
    site_dir = built / "site"
    seen: set[str] = set()
    pages = [site_dir / "berita" / "index.html"]
    visited = set()
    while pages:  # follow the index's pagination, if any
        current = pages.pop()
        visited.add(current)
        doc = html.parse(str(current)).getroot()
        doc.make_links_absolute("http://x" + "/" + current.parent.relative_to(site_dir).as_posix() + "/")
        for a in doc.xpath("//article//h2//a"):
            seen.add(a.get("href").removeprefix("http://x"))
        for a in doc.xpath("//nav[contains(@class, 'md-pagination')]//a"):
            target = site_dir / a.get("href").removeprefix("http://x/") / "index.html"
            if target not in visited:
                pages.append(target)
    titles = {html.parse(str(site_dir / url.strip("/") / "index.html")).getroot().xpath("//h1")[0].text_content().rstrip("¶")
              for url in seen}
    posts = _posts(built)
    assert len(posts) >= 6
    assert titles == {_post_title(p) for p in posts}


def test_each_sample_is_marked_and_its_photos_exist(built: Path):
    for md in _posts(built):
        text = md.read_text(encoding="utf-8")
        assert "sample: true" in text and "Contoh berita" in text, md
        slug = next(line[6:].strip() for line in text.splitlines() if line.startswith("slug: "))
        (page_path,) = (built / "site" / "berita").glob(f"*{slug}/index.html")
        doc = html.parse(str(page_path)).getroot()
        images = doc.xpath("//article//img")
        assert len(images) >= 2, md
        for img in images:
            assert (page_path.parent / img.get("src")).resolve().is_file(), img.get("src")
            assert img.get("alt")
        # photos open in a lightbox
        assert by_class(doc, "glightbox", "a")


def test_archive_and_categories_list_the_posts(built: Path):
    site_dir = built / "site" / "berita"
    archive = html.parse(str(site_dir / "arsip" / "2026" / "index.html")).getroot()
    listed = {a.text_content().strip() for a in archive.xpath("//article//h2//a")}
    assert listed == {_post_title(p) for p in _posts(built)}
    nav = html.parse(str(site_dir / "index.html")).getroot().xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    assert {"2026", "Rapat", "Sosialisasi"} <= {a.text_content().strip() for a in nav.xpath(".//a")}
    assert "Arsip" in nav.text_content() and "Kategori" in nav.text_content()
    rapat = html.parse(str(site_dir / "kategori" / "rapat" / "index.html")).getroot()
    assert [a.text_content().strip() for a in rapat.xpath("//article//h2//a")] == [
        "Rapat Evaluasi Kinerja Bulan November 2026"]


def test_dates_are_indonesian(built: Path):
    doc = html.parse(str(built / "site" / "berita" / "index.html")).getroot()
    dates = [t.text_content() for t in doc.xpath("//time")]
    assert "Jumat, 20 November 2026" in dates


def test_rss_and_json_feeds_list_every_post(built: Path):
    import json

    titles = {_post_title(p) for p in _posts(built)}
    rss = ET.parse(built / "site" / "feed_rss.xml").getroot()
    items = rss.findall("./channel/item")
    assert {i.findtext("title") for i in items} == titles
    assert all(i.findtext("link").startswith("https://www.pa-payakumbuh.go.id/berita/") for i in items)
    dates = [i.findtext("pubDate") for i in items]
    assert dates[0].startswith("Fri, 20 Nov 2026")
    feed = json.loads((built / "site" / "feed.json").read_text(encoding="utf-8"))
    assert {i["title"] for i in feed["items"]} == titles


def test_strict_build_names_the_source_file(scratch_repo: Path):
    page = scratch_repo / "content" / "kontak.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nLihat [halaman lama](tidak-ada.md).\n", encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        site.build(scratch_repo)
    (finding,) = info.value.findings
    assert finding.path == "content/kontak.md"
    assert "tidak-ada.md" in finding.message


def test_broken_mkdocs_yml_names_file_and_line(scratch_repo: Path):
    path = scratch_repo / "site_config" / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: [true"),
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        site.build(scratch_repo)
    (finding,) = info.value.findings
    assert finding.path == "site_config/mkdocs.yml"
    assert finding.line is not None and finding.line >= 6


def test_bad_mkdocs_value_names_the_key(scratch_repo: Path):
    path = scratch_repo / "site_config" / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: maybe"),
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        site.build(scratch_repo)
    (finding,) = info.value.findings
    assert finding.field == "use_directory_urls"
    assert finding.line == next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                                if line.startswith("use_directory_urls"))
    assert "bool" in finding.message.lower()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_says_where_and_that_it_watches_then_rebuilds(scratch_repo: Path):
    """`pipeline serve` prints its URL at once, serves the site there and rebuilds after an edit."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "--root", str(scratch_repo), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = [proc.stdout.readline(), proc.stdout.readline()]
        assert f"http://127.0.0.1:{port}/" in first[0], first
        assert "content/" in first[1] and "site_config/" in first[1]

        def page(path: str) -> str:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                        return response.read().decode("utf-8")
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else ""
                    time.sleep(0.3)

        assert "Pengumuman" in page("pengumuman/")
        notice = scratch_repo / "content" / "pengumuman.md"
        notice.write_text(notice.read_text(encoding="utf-8") + "\nPengumuman baru: libur nasional.\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while "libur nasional" not in page("pengumuman/"):
            assert time.monotonic() < deadline, "the edit was not rebuilt"
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def test_serve_on_a_taken_port_is_a_clear_error(scratch_repo: Path):
    import socket

    from click.testing import CliRunner

    from pipeline.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--root", str(scratch_repo), "serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "--port" in result.output
