"""The site as a visitor gets it: the repository's own court built once, checked in its HTML and in chromium.

The browser tests load the home page, the news index, a post, a profile page, the contact
page and the 404 page at a desktop (1280 px) and a phone (375 px) width, and on each: no
serious or critical axe-core violation, no request to any host but 127.0.0.1, and a
screenshot in `test-artifacts/screenshots/` (the folder CI keeps). They name no court and no
person: what they expect comes from the site's own pipeline.yml and content, so they pass in
a fork as they do here. The placeholder tests build the fixture court.
"""

from __future__ import annotations

import functools
import http.server
import json
import posixpath
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html

from conftest import REPO
from pipeline import pages, site
from pipeline.config import load_settings
from pipeline.findings import PipelineError

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}
ONE_DATE = re.compile(r"^[1-9][0-9]? (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober"
                      r"|November|Desember) [0-9]{4}$")


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Path:
    """The repository's own site_config/ and content/, built once for the session; returns site/."""
    root = tmp_path_factory.mktemp("shipped") / "repo"
    for name in ("site_config", "content"):
        shutil.copytree(REPO / name, root / name)
    site.build(root)
    return root / "site"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a web server configured for it does: 404.html for a missing page."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code != 404 or not missing.is_file():
            return super().send_error(code, message, explain)
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def server(shipped: Path):
    """The built site on 127.0.0.1 for the session (`url` is its root)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(shipped)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _posts(site_dir: Path) -> list[Path]:
    """Built post pages, newest first (their folders are named by date)."""
    return sorted((p for p in (site_dir / "berita").glob("20??-??-??-*/index.html")), reverse=True)


def _newest(site_dir: Path) -> Path:
    """The newest post's page; a court with no news yet (a fork after `init --remove-samples`) skips the test."""
    posts = _posts(site_dir)
    if not posts:
        pytest.skip("the repository's court has no news posts yet")
    return posts[0]


def _doc(site_dir: Path, rel: str):
    return html.parse(str(site_dir / rel)).getroot()


# --------------------------------------------------------------------------- the built HTML


def test_every_page_has_share_meta_and_a_canonical_url(shipped: Path):
    site_url = load_settings(REPO).court.site_url.rstrip("/")
    pages_seen = 0
    for path in shipped.rglob("index.html"):
        doc = html.parse(str(path)).getroot()
        if doc.find(".//meta[@http-equiv='refresh']") is not None:
            continue  # a redirect page
        meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
        if "noindex" in (meta.get("robots") or ""):
            continue  # not a page of the site to share (the /admin/ editor)
        rel = path.relative_to(shipped).as_posix()
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card", "twitter:image"):
            assert meta.get(key), (rel, key)
        assert meta["og:image"].startswith(site_url + "/"), (rel, meta["og:image"])
        canonical = doc.find(".//link[@rel='canonical']")
        assert canonical is not None and canonical.get("href") == meta["og:url"], rel
        pages_seen += 1
    assert pages_seen > 30
    newest = _doc(shipped, _newest(shipped).relative_to(shipped).as_posix())
    image = newest.find(".//meta[@property='og:image']").get("content")
    assert "/berita/" in image and image.endswith((".jpg", ".jpeg")), image  # a post shares its own photo
    assert newest.find(".//meta[@property='og:type']").get("content") == "article"


def test_nothing_is_loaded_from_another_host(shipped: Path):
    """Stylesheets, scripts, images, fonts, icons: all from the site (links to other sites are fine)."""
    for path in shipped.rglob("*.html"):
        doc = html.parse(str(path)).getroot()
        loaded = [e.get("src") for e in doc.iter("script", "img", "source", "iframe") if e.get("src")]
        loaded += [e.get("href") for e in doc.iter("link") if e.get("rel") in ("stylesheet", "preconnect", "icon")]
        loaded += [item.split()[0] for e in doc.iter("img", "source") for item in (e.get("srcset") or "").split(",")
                   if item.strip()]
        outside = [u for u in loaded if urlsplit(u).netloc or u.startswith("//")]
        assert not outside, (path.relative_to(shipped).as_posix(), outside)
    css = (shipped / "assets" / "court" / "court.css").read_text(encoding="utf-8")
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)


def test_no_placeholder_is_left_and_every_required_page_is_in_the_navigation(shipped: Path):
    settings = load_settings(REPO)
    for path in shipped.rglob("*.html"):
        assert "{{ court." not in path.read_text(encoding="utf-8"), path
    linked = set()  # each page's navigation shows its own tab's pages (navigation.prune): all of them together
    for path in shipped.rglob("index.html"):
        where = path.parent.relative_to(shipped).as_posix()
        for nav in html.parse(str(path)).getroot().xpath("//nav[contains(@class, 'md-nav--primary')]"):
            linked |= {posixpath.normpath(posixpath.join(where, a.get("href"))).strip("./").removesuffix("index.html")
                       .strip("/") for a in nav.iter("a") if a.get("href") and "://" not in a.get("href")}
    for required in settings.freshness.required_pages:
        url = re.sub(r"(^|/)index\.md$", r"\1", required).removesuffix(".md").strip("/")
        assert url in linked or (url == "" and "" in linked), required


def test_home_page_shows_the_newest_news_as_cards_with_photos(shipped: Path):
    _newest(shipped)
    home = _doc(shipped, "index.html")
    cards = home.xpath("//ul[contains(@class, 'court-cards')]//article")
    assert 1 <= len(cards) <= 6
    newest = _doc(shipped, _newest(shipped).relative_to(shipped).as_posix())
    assert cards[0].xpath(".//h3//a")[0].text_content().strip() == newest.xpath("//h1")[0].text_content().strip("¶ ")
    for card in cards:
        img = card.find(".//img")
        assert img is not None and (shipped / img.get("src")).is_file(), img.get("src") if img is not None else card
        assert ONE_DATE.match(card.find(".//time").text_content().strip())
    quick = home.xpath("//ul[contains(@class, 'court-quick')]//a")
    assert len(quick) >= 6
    assert home.xpath("//*[@id='jam-pelayanan']")


def test_news_index_cards_have_thumbnails_and_dates_are_written_one_way(shipped: Path):
    _newest(shipped)
    index = _doc(shipped, "berita/index.html")
    articles = index.xpath("//article[contains(@class, 'md-post--excerpt')]")
    assert articles and all(a.find(".//img") is not None for a in articles)
    for rel in ("index.html", "berita/index.html", _newest(shipped).relative_to(shipped).as_posix()):
        dates = [t.text_content().strip() for t in _doc(shipped, rel).iter("time")]
        assert dates and all(ONE_DATE.match(d) for d in dates), (rel, dates)


def test_the_404_page_and_the_search_speak_indonesian(shipped: Path):
    doc = _doc(shipped, "404.html")
    assert doc.xpath("//h1")[0].text_content().strip() == "Halaman tidak ditemukan"
    assert "Not found" not in doc.text_content()
    config = json.loads((shipped / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["pipeline"] == ["trimmer"]  # no English stemmer or stop words on Indonesian text


# --------------------------------------------------------------------------- placeholders


def test_placeholders_fill_court_facts_escaped():
    settings = load_settings(REPO)
    court = settings.court.model_copy(update={"name": "PA <b>Uji</b> *Satu*"})
    facts = court.model_dump()
    text, unknown = pages.fill("# {{ court.name }}\n\n{{court.links.sipp}}\n\n{{ court.hours }}\n", court, facts)
    assert unknown == []
    assert "# PA &lt;b&gt;Uji&lt;/b&gt; \\*Satu\\*" in text
    assert court.links["sipp"] in text and "| Hari |" in text
    _, unknown = pages.fill("{{ court.nama }} {{ court.officials.nobody.name }}", court, facts)
    assert unknown == ["{{ court.nama }}", "{{ court.officials.nobody.name }}"]


def test_an_unknown_placeholder_fails_the_build_naming_the_page(scratch_repo: Path):
    page = scratch_repo / "content" / "kontak.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nTelepon: {{ court.telepon }}\n", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        site.build(scratch_repo)
    finding = caught.value.findings[0]
    assert finding.path == "content/kontak.md"
    assert "{{ court.telepon }}" in finding.message and "pipeline.yml" in finding.message


def test_a_card_uses_the_smallest_variant_of_the_first_gallery_photo():
    golden = (Path(__file__).parent / "data" / "golden" / "2026-11-20-rapat-evaluasi-kinerja" / "index.md")
    jpeg, webp, width, height, large = pages.first_photo(golden.read_text(encoding="utf-8"))
    assert (jpeg, webp, width, height, large) == ("foto-1-480.jpg", "foto-1-480.webp", 480, 320, "foto-1-960.jpg")
    assert pages.first_photo("Teks.\n\n![Foto](foto-2.jpg){ loading=lazy }\n")[0] == "foto-2.jpg"
    assert pages.first_photo("Tanpa foto.") is None


# --------------------------------------------------------------------------- in the browser

PAGES = {  # name: path on the site (the post: the newest)
    "beranda": "",
    "berita": "berita/",
    "berita-terbaru": None,
    "profil": "profil/",
    "kontak": "kontak/",
    "404": "halaman-yang-tidak-ada/",
}


class Visit:
    """A browser page that records every request and refuses those to other hosts."""

    def __init__(self, browser, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


def _axe_problems(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return [f"{v['id']} ({v['impact']}): {', '.join(v['nodes'][:5])}" for v in result
            if v["impact"] in ("serious", "critical")]


def test_pages_have_no_serious_axe_violation_and_load_nothing_from_other_hosts(browser, server, shipped: Path):
    newest = _newest(shipped).parent.relative_to(shipped).as_posix() + "/"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    outside: set[str] = set()
    for label, width in WIDTHS.items():
        visit = Visit(browser, width)
        try:
            for name, path in PAGES.items():
                response = visit.page.goto(server.url + (newest if path is None else path), wait_until="load")
                assert response.status == (404 if name == "404" else 200), name
                visit.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load too
                visit.page.wait_for_timeout(150)
                visit.page.evaluate("window.scrollTo(0, 0)")
                # Material fades tab labels in (staggered opacity transitions) after load and scroll:
                # let them finish, or axe measures half-transparent labels
                visit.page.wait_for_timeout(1000)
                found = _axe_problems(visit.page)
                if found:
                    problems[f"{name} at {width}px"] = found
                visit.page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        finally:
            visit.close()
        outside |= set(visit.outside)
    assert not problems, json.dumps(problems, indent=1)
    assert not outside, sorted(outside)
    assert all((SCREENSHOTS / f"{n}-{w}.png").is_file() for n in PAGES for w in WIDTHS)


def test_the_home_page_stays_light_on_a_phone(browser, server, shipped: Path):
    """Under 500 KB transferred, counting text gzip-compressed as a web server sends it."""
    import gzip

    _newest(shipped)  # the weight that matters is the cards' photos

    visit = Visit(browser, WIDTHS["phone"])
    responses = []
    visit.page.on("response", lambda response: responses.append(response))
    try:
        visit.page.goto(server.url, wait_until="load")
        for _ in range(12):  # scroll down like a visitor, so every lazy image loads
            visit.page.mouse.wheel(0, 700)
            visit.page.wait_for_timeout(80)
        visit.page.wait_for_load_state("networkidle")
        sizes = {}
        for response in responses:
            body = response.body()
            kind = response.headers.get("content-type", "")
            textual = kind.startswith("text/") or any(t in kind for t in ("javascript", "json", "svg", "xml"))
            sizes[response.url] = len(gzip.compress(body)) if textual else len(body)
    finally:
        visit.close()
    assert sum(1 for url in sizes if url.endswith((".jpg", ".webp", ".png"))) >= 3  # the cards' photos loaded
    assert sum(sizes.values()) < 500_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert not visit.outside


def test_clicking_a_photo_opens_the_lightbox(browser, server, shipped: Path):
    newest = _newest(shipped).parent.relative_to(shipped).as_posix() + "/"
    visit = Visit(browser, WIDTHS["desktop"])
    try:
        visit.page.goto(server.url + newest, wait_until="load")
        visit.page.locator("article a.glightbox").first.click()
        visit.page.wait_for_selector(".glightbox-container .gslide-image img", state="visible", timeout=5000)
        assert visit.page.locator(".glightbox-container").count() == 1
    finally:
        visit.close()


def _word_only_in(index: dict, location: str) -> str:
    """A long word of the post's own text that no other page of the search index has."""
    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z]{9,}", re.sub(r"<[^>]+>", " ", text))}

    mine = set().union(*(words(d["text"]) for d in index["docs"] if d["location"].startswith(location)))
    others = set().union(*(words(d["text"] + " " + d["title"]) for d in index["docs"]
                           if not d["location"].startswith(location)))
    return sorted(mine - others)[0]


def test_the_search_finds_a_post_by_a_word_of_its_text(browser, server, shipped: Path):
    newest = _newest(shipped).parent.relative_to(shipped).as_posix() + "/"
    index = json.loads((shipped / "search" / "search_index.json").read_text(encoding="utf-8"))
    word = _word_only_in(index, newest)
    visit = Visit(browser, WIDTHS["desktop"])
    try:
        visit.page.goto(server.url, wait_until="load")
        field = visit.page.locator("input.md-search__input")
        field.click()
        field.press_sequentially(word, delay=20)  # typed, as a visitor does (the search listens to keys)
        link = visit.page.locator(".md-search-result__list a").first
        link.wait_for(state="visible", timeout=10000)
        assert newest in link.get_attribute("href"), (word, link.get_attribute("href"))
        assert _axe_problems(visit.page) == []  # the open search dialog and its results too
    finally:
        visit.close()


def test_pipeline_check_reads_placeholders_as_text_and_still_finds_attribute_lists(scratch_repo: Path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    page = scratch_repo / "content" / "uji.md"
    page.write_text("# Selamat Datang di {{ court.name }}\n\n{{ court.contact }}\n\n"
                    "Hubungi [SIPP]({{ court.links.sipp }}).\n", encoding="utf-8")
    clean = CliRunner().invoke(cli, ["--root", str(scratch_repo), "check", str(page)])
    assert clean.exit_code == 0, clean.output
    page.write_text("# Judul {{ court.name }}\n\nTeks {: onclick=\"alert(1)\" }\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["--root", str(scratch_repo), "check", str(page)])
    assert bad.exit_code == 1 and "safety." in bad.output and "attribute list" in bad.output, bad.output
    assert "court.name" not in bad.output  # the placeholder is not what it finds


def test_a_hostile_title_and_summary_are_escaped_once_in_cards_and_share_meta(tmp_path: Path):
    root = tmp_path / "repo"
    for name in ("site_config", "content"):
        shutil.copytree(REPO / name, root / name)
    posts = root / "content" / "berita" / "posts"
    if not list(posts.glob("*/index.md")):  # a court without news yet: one of the fixture court's posts
        from conftest import FIXTURE_COURT

        sample = sorted((FIXTURE_COURT / "content" / "berita" / "posts").iterdir())[-1]
        shutil.copytree(sample, posts / sample.name)
    post = sorted(posts.glob("*/index.md"))[-1]   # the newest
    text = post.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", lambda m: 'title: "Rapat <script>alert(1)</script> & Evaluasi"', text, count=1)
    text = re.sub(r"(?m)^description: .*$", lambda m: 'description: "Ringkas <img src=x onerror=alert(2)> & isi"',
                  text, count=1)
    post.write_text(text, encoding="utf-8")
    site_dir = site.build(root).site_dir
    built = _posts(site_dir)[0].relative_to(site_dir).as_posix()
    for rel in ("index.html", "berita/index.html", built):
        page = (site_dir / rel).read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page, rel
        assert "&amp;lt;" not in page, rel  # escaped once, not twice
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "Rapat &lt;script&gt;alert(1)&lt;/script&gt; &amp; Evaluasi" in home
    assert "Ringkas &lt;img src=x onerror=alert(2)&gt; &amp; isi" in home
    meta = (site_dir / built).read_text(encoding="utf-8")
    assert 'property="og:title" content="Rapat &lt;script&gt;alert(1)&lt;/script&gt; &amp; Evaluasi"' in meta
