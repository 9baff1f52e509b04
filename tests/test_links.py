"""Link checks on a real MkDocs build of a scratch site with planted broken links, images and anchors."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import links, site
from pipeline.cli import cli

SITE_URL = "https://www.pa-payakumbuh.go.id/"
POST = "berita/posts/2026-11-12-sosialisasi-e-court-advokat/index.md"


def append(root: Path, rel: str, *lines: str) -> list[int]:
    """Append `lines` to content/REL; return their line numbers."""
    path = root / "content" / rel
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    first = text.count("\n") + 2  # after a blank line
    path.write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return list(range(first, first + len(lines)))


def insert_after_heading(root: Path, rel: str, line: str) -> int:
    """Put `line` right after the page's first heading (inside a post's excerpt); return its number."""
    path = root / "content" / rel
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith("# ")) + 1
    lines[at:at] = ["", line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 2


@pytest.fixture
def planted(scratch_repo: Path) -> tuple[Path, set[tuple[str, int, str]]]:
    """The sample site with eight broken references MkDocs' strict build lets through, and good ones."""
    root = scratch_repo
    expected: set[tuple[str, int, str]] = set()

    lines = append(root, "profil/sejarah.md",
                   "Baca [visi kami](visi-misi.md#visi) dan [misi kami](visi-misi.md#tidak-ada).")
    expected.add(("content/profil/sejarah.md", lines[0], "anchor"))  # another page, no such heading
    lines = append(root, "kontak.md", "[Kembali ke atas](#bagian-hilang)", "[Surel](mailto:a@example.org)")
    expected.add(("content/kontak.md", lines[0], "anchor"))  # this page, no such heading
    lines = append(root, "layanan/index.md", "- [Layanan lain](../profil/)", "- [Jadwal lama](../jadwal-lama/)")
    expected.add(("content/layanan/index.md", lines[1], "link"))  # a folder URL that does not exist
    lines = append(root, "pengumuman.md", "![Denah gedung](/gambar/denah.png)")
    expected.add(("content/pengumuman.md", lines[0], "image"))  # a site-absolute path to nothing
    lines = append(root, "index.md", '<img src="gambar/logo-hilang.png" alt="Logo pengadilan">',
                   '<a href="https://example.org/luar">situs luar</a>')
    expected.add(("content/index.md", lines[0], "image"))  # raw HTML: MkDocs never looks at it
    lines = append(root, "informasi-publik.md", '<a href="laporan-2025.pdf">Laporan 2025</a>')
    expected.add(("content/informasi-publik.md", lines[0], "link"))
    lines = append(root, "profil/visi-misi.md", "[Kembali ke visi](#visi) atau [ke bagian tujuan](#tujuan)")
    expected.add(("content/profil/visi-misi.md", lines[0], "anchor"))
    # in a post's excerpt: it is also on the news index, the archive and a category page,
    # but reported once, at the post
    line = insert_after_heading(root, POST, "Lihat juga [pelatihan](../2026-10-02-pelatihan-keamanan-informasi/"
                                            "index.md#tidak-ada) dan [fotonya](foto-1.jpg).")
    expected.add((f"content/{POST}", line, "anchor"))
    return root, expected


def test_clean_sample_site_has_no_broken_references(scratch_repo):
    result = site.build(scratch_repo)
    report = links.check(scratch_repo, result.site_dir, site_url=SITE_URL)
    assert report.findings == []
    assert report.pages >= 25 and report.references > 500


def test_every_planted_problem_is_found_at_its_source_line_and_nothing_else(planted):
    root, expected = planted
    result = site.build(root)  # strict: MkDocs itself lets all of these through

    report = links.check(root, result.site_dir, site_url=SITE_URL)

    found = {(f.path, f.line, f.field) for f in report.findings}
    assert found == expected
    assert all(f.is_error and f.rule == "links" for f in report.findings)
    messages = {f.path: f.message for f in report.findings}
    assert messages["content/profil/sejarah.md"] == (
        "broken anchor '../visi-misi/#tidak-ada': no heading or element with id 'tidak-ada' on "
        "'profil/visi-misi/index.html'")
    assert messages["content/kontak.md"] == (
        "broken anchor '#bagian-hilang': no heading or element with id 'bagian-hilang' on this page")
    assert messages["content/layanan/index.md"] == (
        "broken link '../jadwal-lama/': no page or file 'jadwal-lama' in the built site")
    assert messages["content/pengumuman.md"] == (
        "broken image '/gambar/denah.png': no image 'gambar/denah.png' in the built site")
    assert messages["content/index.md"] == (
        "broken image 'gambar/logo-hilang.png': no image 'gambar/logo-hilang.png' in the built site")


def test_without_the_page_map_findings_name_the_built_page(planted):
    root, expected = planted
    result = site.build(root)
    links.page_map_path(result.site_dir).unlink()

    report = links.check(root, result.site_dir, site_url=SITE_URL)

    assert len(report.findings) == len(expected)
    assert {f.path for f in report.findings} >= {"site/kontak/index.html", "site/profil/sejarah/index.html"}


def test_a_broken_link_in_the_theme_is_reported_once_at_mkdocs_yml(scratch_repo):
    override = scratch_repo / "site_config" / "overrides" / "partials" / "copyright.html"
    override.write_text(override.read_text(encoding="utf-8") + '\n<a href="{{ \'kebijakan-privasi/\' | url }}">'
                        "Kebijakan privasi</a>\n", encoding="utf-8")
    result = site.build(scratch_repo)

    report = links.check(scratch_repo, result.site_dir, site_url=SITE_URL)

    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.path == "site_config/mkdocs.yml"
    assert "no page or file 'kebijakan-privasi'" in finding.message
    assert "other pages" in finding.message


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_exits_1_on_broken_links_and_0_when_clean(planted):
    root, expected = planted
    runner = CliRunner()
    assert runner.invoke(cli, ["--root", str(root), "build"]).exit_code == 0
    broken = runner.invoke(cli, ["--root", str(root), "links"])
    assert broken.exit_code == 1
    assert "content/kontak.md:" in broken.output and f"{len(expected)} rusak" in broken.output
    github = runner.invoke(cli, ["--root", str(root), "links", "--format", "github"])
    assert "::error file=content/pengumuman.md,line=" in github.output


def test_no_built_site_is_a_clear_error(scratch_repo):
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(scratch_repo), "links"])
    assert result.exit_code == 1
    assert "no built site here" in result.output and "pipeline build" in result.output


# --------------------------------------------------------------------------- external links


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        if self.path == "/robots.txt":
            body, status = b"User-agent: *\nDisallow: /pribadi/\n", 200
        elif self.path == "/ada.html":
            body, status = b"<html><body>ada</body></html>", 200
        else:
            body, status = b"not found", 404
        self.server.hits.append(self.path)
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if self.path.endswith(".html") else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server
    server.shutdown()
    server.server_close()


def test_external_links_through_linkchecker_against_a_local_server(scratch_repo, local_server):
    base, server = local_server
    lines = append(scratch_repo, "layanan/jadwal-sidang.md",
                   f"Lihat [SIPP]({base}/ada.html) dan [e-Court]({base}/hilang.html).",
                   f"Juga [arsip pribadi]({base}/pribadi/x.html).")
    result = site.build(scratch_repo)

    offline = links.check(scratch_repo, result.site_dir, site_url=SITE_URL)
    assert offline.findings == [] and offline.external == 3
    assert server.hits == []  # nothing leaves the machine without --external

    report = links.check(scratch_repo, result.site_dir, site_url=SITE_URL, external=True,
                         external_options=links.ExternalOptions(requests_per_second=20, timeout=5))

    assert [(f.path, f.line, f.rule, f.severity.value) for f in report.findings] == [
        ("content/layanan/jadwal-sidang.md", lines[0], "external-links", "warning")]
    assert report.findings[0].message == f"external link '{base}/hilang.html' is broken: 404 Not Found"
    assert "/ada.html" in server.hits and "/hilang.html" in server.hits
    assert "/robots.txt" in server.hits and "/pribadi/x.html" not in server.hits  # robots.txt obeyed


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_pipeline_run_checks_links_after_the_build(scratch_repo):
    runner = CliRunner()
    clean = runner.invoke(cli, ["--root", str(scratch_repo), "run"])
    assert clean.exit_code == 0, clean.output
    assert "rujukan di" in clean.output and "semuanya valid" in clean.output
    assert "halaman dipantau" in clean.output  # freshness comes after the links
    line = append(scratch_repo, "kontak.md", "[Kembali](#tidak-ada)")[0]
    broken = runner.invoke(cli, ["--root", str(scratch_repo), "run"])
    assert broken.exit_code == 1
    assert f"content/kontak.md:{line}: anchor: jangkar rusak '#tidak-ada'" in broken.output
    assert "halaman dipantau" not in broken.output


@pytest.mark.parametrize("setting, expected", [
    ("site_dir: ../site\n", "site"),
    ("site_dir: ../public/www\n", "public/www"),
    ("", "site_config/site"),  # MkDocs' default, beside mkdocs.yml
    ("site_dir: !ENV [SITE_DIR, ../site]\n", None),  # only MkDocs can tell
    ("INHERIT: base.yml\nsite_dir: ../site\n", None),
])
def test_site_dir_is_read_as_mkdocs_resolves_it_without_loading_mkdocs(tmp_path, setting, expected):
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "mkdocs.yml").write_text(
        "site_name: PA\ndocs_dir: ../content\n" + setting + "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    found = links.configured_site_dir(tmp_path)
    assert found == (None if expected is None else (tmp_path / expected).resolve())


def test_links_command_uses_the_configured_site_dir(planted):
    root, expected = planted
    mkdocs = root / "site_config" / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("site_dir: ../site", "site_dir: ../public"),
                      encoding="utf-8")
    assert site.build(root).site_dir.name == "public"
    result = CliRunner().invoke(cli, ["--lang", "en", "--root", str(root), "links"])
    assert result.exit_code == 1, result.output
    assert "content/kontak.md" in result.output and "public/kontak/index.html" not in result.output


def test_shared_outcomes_are_those_of_resolving_each_page_alone():
    """Theme links resolved once per shared target give what resolving every page would."""
    files = {"index.html", "berita/index.html", "berita/arsip/2024/index.html", "berita/a/index.html",
             "berita/b/index.html", "profil/index.html", "profil/visi/index.html", "berita/a/foto.jpg"}
    dirs = {"berita", "berita/arsip", "berita/arsip/2024", "berita/a", "berita/b", "profil", "profil/visi"}
    theme = {("../arsip/2024/", "link"), ("../arsip/1999/", "link"), ("foto.jpg", "image"), ("../", "link"),
             ("../../profil/", "link"), ("../../profil/#tidak-ada", "link"), ("../a/#visi", "link"),
             ("../../../luar/", "link"), ("a/../../b/", "link"), ("/berita/", "link"), ("#atas", "link")}
    pages = {name: links._Page({"atas"} if name.startswith("berita/a/") else set(), [], set(theme))
             for name in sorted(f for f in files if f.endswith(".html"))}
    host, base = links._site_base(SITE_URL)

    shared, count = links._resolve_all(pages, files, dirs, host, base)

    alone = {(name, url, links._resolve(name, url, kind, files, dirs, pages, host, base))
             for name, page in pages.items() for url, kind in page.theme}
    assert {(b.ref.page, b.ref.url, (b.field, b.reason, b.target)) for b in shared} == \
        {item for item in alone if item[2] is not None}
    assert count == len(pages) * len(theme)
    # the shared folder's outcome differs from page to page where it must: foto.jpg is only beside berita/a
    assert ("berita/a/index.html", "foto.jpg") not in {(b.ref.page, b.ref.url) for b in shared}
    assert ("berita/b/index.html", "foto.jpg") in {(b.ref.page, b.ref.url) for b in shared}
