"""Nothing a draft writes runs in a browser (issue 17, item 3).

First line: `pipeline check` refuses script in a narrative, a title, a summary, a
caption, including the tricks that got past it (attr_list `{:onclick}`, an unclosed
fence, entity-encoded schemes). Second line: whatever a post carries, the built site
(the post, the news index, the search index, the feeds) holds nothing that runs: the
posts are written by `publish.render_post` straight from hostile drafts, skipping the
check, and built with MkDocs. Last, a real browser opens such a post, the news index and
a search, and no payload fires.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from lxml import html as lxml_html

import draftkit
from conftest import FIXTURE_COURT
from pipeline import checks, config, drafts, publish, sanitize, site
from pipeline.mkdocs_plugin import FeedItem, json_feed, rss_feed

ID = draftkit.DRAFT_ID
MARK = "1337"   # every payload's script sets window.__xss to 1337 or calls alert(1337)
RUN = f"window.__xss={MARK};alert({MARK})"


def safety(repo: Path, settings) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in checks.check_paths(repo, settings) if f.rule.startswith("safety.")]


# --------------------------------------------------------------------------- first line: the check


@pytest.mark.parametrize("body, rule, words", [
    ('![foto](photos/foto-1.jpg){:onclick="alert(1)"}\n', "safety.html", "attribute list"),
    ("Paragraf ini.\n{: href='javascript:alert(1)' }\n", "safety.html", "attribute list"),
    ('Paragraf ini.\n{: data-title="x" }\n', "safety.attr", "sets data-title"),
    ("![foto](photos/foto-1.jpg){: style=\"background:red\" }\n", "safety.attr", "sets style"),
    ("Teks.\n\n```\n<img src=x onerror=alert(1)>\n", "safety.fence", "never closed"),
    ("- butir\n\n      <img src=x onerror=alert(1)>\n", "safety.html", "onerror="),
])
def test_check_closes_the_narrative_bypasses(repo: Path, settings, body: str, rule: str, words: str):
    draftkit.write(repo, "collected", body=body)
    found = safety(repo, settings)
    assert len(found) == 1 and found[0][0] == rule and words in found[0][1], found


def test_check_keeps_what_narratives_and_pages_use(repo: Path, settings):
    body = draftkit.NARRATIVE.replace("(rm)", "![Foto](photos/foto-1.jpg){ loading=lazy title=\"Foto 1\" .lebar #foto }\n\n"
                                              "```\n<b>kode</b>\n```\n\n(rm)")
    draftkit.write(repo, "narrated", body=body)
    assert safety(repo, settings) == []


@pytest.mark.parametrize("field, value", [
    ("title", "Rapat <img src=x onerror=alert(1)> Kinerja"),
    ("title", "Rapat &lt;/title&gt;&lt;script&gt; Evaluasi Kinerja"),
    ("summary", draftkit.SUMMARY + ' "><script>alert(1)</script>'),
    ("summary", draftkit.SUMMARY + " &#106;avascript:alert(1)"),
])
def test_check_reads_title_and_summary(repo: Path, settings, field: str, value: str):
    draftkit.write(repo, "narrated", **{field: json.dumps(value)})
    found = [f for f in checks.check_paths(repo, settings) if f.rule.startswith("safety.")]
    assert [(f.rule, f.field) for f in found] == [("safety.html", field)]
    assert found[0].line == (2 if field == "title" else 8)


def test_check_reads_captions(repo: Path, settings):
    photos = ("  - file: photos/foto-1.jpg\n    caption: '<img src=x onerror=alert(1)>'\n"
              "    alt: Ketua Pengadilan berbicara\n    selected: true")
    draftkit.write(repo, "narrated", photos=photos)
    assert [f.field for f in checks.check_paths(repo, settings) if f.rule.startswith("safety.")] == ["photos[0].caption"]


@pytest.mark.parametrize("link", ['<a href="&#106;avascript:alert(1)">klik</a>',
                                  '<a href="&#x6A;avascript:alert(1)">klik</a>',
                                  '<a href="jav&#x09;ascript:alert(1)">klik</a>',
                                  '<a href="java&NewLine;script:alert(1)">klik</a>'])
def test_check_refuses_encoded_schemes_in_content_pages(repo: Path, settings, link: str):
    (repo / "content" / "tautan.md").write_text(f"# Tautan\n\n<p>{link}</p>\n", encoding="utf-8")
    assert safety(repo, settings) == [("safety.scheme", f"an encoded script address in HTML: '<p>{link}</p>'")]


# --------------------------------------------------------------------------- second line: the sanitiser


def test_sanitiser_keeps_the_post_markup():
    post = ('<h2 id="acara">Acara<a class="headerlink" href="#acara" title="Permanent link">&para;</a></h2>\n'
            '<div class="admonition note"><p class="admonition-title">Catatan</p><p>Teks</p></div>\n'
            '<table><thead><tr><th style="text-align: center;">A</th></tr></thead></table>\n'
            '<div class="court-galeri" data-court-draft="x"><figure class="court-foto">'
            '<a class="glightbox" data-type="image" href="f-960.jpg" data-title="Ketua &amp; tamu">'
            '<picture><source type="image/webp" srcset="f-960.webp 960w, f-480.webp 480w" sizes="100vw">'
            '<img class="off-glb" src="f-480.jpg" srcset="f-960.jpg 960w" sizes="100vw" width="480" height="320" '
            'alt="Podium" loading="lazy" decoding="async"></picture></a><figcaption>Ketua</figcaption></figure></div>\n'
            "<!-- court-draft: x -->")
    cleaned = sanitize.clean_html(post)
    for kept in ['class="headerlink" href="#acara"', 'style="text-align: center;"', 'data-court-draft="x"',
                 'srcset="f-960.webp 960w, f-480.webp 480w"', 'loading="lazy"', 'decoding="async"',
                 "<figcaption>Ketua</figcaption>", 'class="admonition note"', "<!-- court-draft: x -->"]:
        assert kept in cleaned, kept
    # glightbox shows data-title as HTML: the caption's text is escaped once more
    assert 'data-title="Ketua &amp;amp; tamu"' in cleaned


@pytest.mark.parametrize("payload, gone", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">a</a>', "javascript"),
    ('<a href="jav&#x09;ascript:alert(1)">a</a>', "ascript"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
    ('<img srcset="data:image/png;base64,AAAA 1x">', "data:"),
    ('<a href="vbscript:msgbox(1)">a</a>', "vbscript"),
    ('<a class="glightbox" data-type="external" href="https://x.org">a</a>', "external"),
    ('<a class="glightbox" data-description="&lt;img src=x onerror=alert(1)&gt;">a</a>', "onerror"),
    ('<div id="__config">{}</div>', "__config"),
    ('<p style="background:url(javascript:alert(1))">p</p>', "style"),
    ("<svg><script>alert(1)</script></svg>", "alert"),
])
def test_sanitiser_strips_script(payload: str, gone: str):
    cleaned = sanitize.clean_html(payload)
    assert gone not in cleaned and sanitize.script_problems(cleaned) == []


def test_feeds_carry_escaped_text(settings):
    from datetime import datetime, timezone

    title = str(sanitize_escape("<script>alert(1)</script> & co"))
    item = FeedItem(title, "https://x.go.id/berita/a/", datetime(2026, 11, 20, tzinfo=timezone.utc), title, ())
    rss = ET.fromstring(rss_feed(settings, [item], "https://x.go.id/"))
    for node in [*rss.iter("title"), *rss.iter("description")]:
        assert sanitize.script_problems(node.text or "") == []
    text = json_feed(settings, [item], "https://x.go.id/")
    assert "<" not in text and json.loads(text)["items"][0]["title"] == "<script>alert(1)</script> & co"


def sanitize_escape(value: str) -> str:
    meta = {"title": value}
    sanitize.escape_meta(meta)
    return meta["title"]


# --------------------------------------------------------------------------- hostile posts, built


def _scheme_variants():
    """`javascript:` as an attacker writes it: entities for letters, tabs and newlines inside."""
    def encode(word_and_choices):
        word, choices = word_and_choices
        out = []
        for char, how in zip(word, choices):
            out.append({0: char, 1: f"&#{ord(char)};", 2: f"&#x{ord(char):X};", 3: f"{char}&#x09;",
                        4: f"{char}&Tab;"}[how])
        return "".join(out)
    return st.sampled_from(["javascript:", "JaVaScRiPt:", "vbscript:", " javascript:"]).flatmap(
        lambda word: st.tuples(st.just(word), st.lists(st.integers(0, 4), min_size=len(word), max_size=len(word)))
    ).map(encode)


NARRATIVE_PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src="x" onerror="{RUN}">',
    f"<svg onload=\"{RUN}\"></svg>",
    f'<a href="javascript:{RUN}">klik</a>',
    f"[klik](javascript:{RUN})",
    f"![foto](javascript:{RUN})",
    "![foto](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTMzNyk+)",
    f"[klik](vbscript:{RUN})",
    f'![foto](foto-1-480.jpg){{:onclick="{RUN}"}}',
    f'![foto](foto-1-480.jpg){{: onerror="{RUN}" }}',
    f'[klik](https://x.org){{:href="javascript:{RUN}"}}',
    f'![foto](foto-1-480.jpg){{: data-title="<img src=x onerror={RUN}>" }}',
    f'![foto](foto-1-480.jpg){{: data-description="<img src=x onerror={RUN}>" }}',
    f"```\n<img src=x onerror=\"{RUN}\">",              # an unclosed fence
    f"- butir\n\n      <img src=x onerror=\"{RUN}\">",  # code to markdown-it, HTML to Python-Markdown
    f"## Judul <img src=x onerror=\"{RUN}\">",
    f"## Judul {{: data-toc-label='<img src=x onerror={RUN}>' }}",
]
TEXT_PAYLOADS = [
    f"<script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f'"><img src=x onerror="{RUN}">',
    f"&lt;/title&gt;&lt;img src=x onerror={RUN}&gt;",
    f"<img src=x onerror={RUN}>",
]


@st.composite
def hostile_post(draw, number: int):
    """A draft carrying payloads in its narrative and (some of) its title, summary and caption."""
    scheme = draw(_scheme_variants())
    narrative = draw(st.lists(st.sampled_from(NARRATIVE_PAYLOADS + [f'<a href="{scheme}{RUN}">klik</a>',
                                                                    f"[klik]({scheme}{RUN})"]),
                              min_size=1, max_size=3))
    before = draw(st.integers(0, len(narrative)))
    paragraphs = ["Kegiatan berlangsung di Ruang Rapat Utama."] * 2
    body = "\n\n".join(paragraphs[:1] + narrative[:before] + paragraphs[1:] + narrative[before:]) + "\n"
    text = st.one_of(st.just(""), st.sampled_from(TEXT_PAYLOADS))
    return {
        "id": f"2026-11-{10 + number:02d}-berita-{number}",
        "title": f"Berita Uji {number} " + draw(text),
        "summary": "Ringkasan kegiatan pengadilan hari ini. " + draw(text),
        "caption": "Ketua membuka acara " + draw(text),
        "alt": "Ketua berbicara " + draw(text),
        "body": body,
    }


def write_hostile_post(root: Path, settings, post: dict) -> drafts.Draft:
    """The post `publish` writes for this draft (its `render_post` and gallery), skipping the check."""
    photos = (f"  - file: photos/foto-1.jpg\n    caption: {json.dumps(post['caption'])}\n"
              f"    alt: {json.dumps(post['alt'])}\n    selected: true")
    draftkit.write(root, "narrated", draft_id=post["id"], title=json.dumps(post["title"]),
                   summary=json.dumps(post["summary"]), photos=photos, event_date=post["id"][:10],
                   body=post["body"])
    draft = drafts.load(root, post["id"])
    out = root / "content" / "berita" / "posts" / post["id"]
    out.mkdir(parents=True)
    for name in ("foto-1-960.jpg", "foto-1-480.jpg", "foto-1-960.webp"):
        shutil.copyfile(draft.folder / "photos" / "foto-1.jpg", out / name)
    gallery = [publish.GalleryPhoto(post["caption"], post["alt"], (("foto-1-960.webp", 960),),
                                    (("foto-1-960.jpg", 960), ("foto-1-480.jpg", 480)), 960, 640)]
    (out / "index.md").write_text(publish.render_post(draft, settings, gallery), encoding="utf-8")
    return draft


def page_problems(page_html: str) -> list[str]:
    """What in a built page could run a payload (Material's own scripts and icons are not payloads)."""
    root = lxml_html.fromstring(page_html)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "math"):
            found.append(f"<{element.tag}>")
        if element.tag == "script" and (MARK in (element.text or "") or "__xss" in (element.text or "")):
            found.append(f"<script>{(element.text or '')[:40]}")
        if element.tag == "svg" and any(name.startswith("on") for name in element.attrib):
            found.append("<svg on...>")
        for name, value in element.attrib.items():
            if name.startswith("on"):
                found.append(f"{element.tag} {name}=")
            elif name in sanitize.SCRIPT_ATTRIBUTES:
                urls = [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
                if any(sanitize.url_scheme(url) in sanitize.SCRIPT_SCHEMES for url in urls):
                    found.append(f"{element.tag} {name}={value[:40]}")
            elif name in sanitize.HTML_ATTRIBUTES or (name == "data-title" and "<" in value):
                found.append(f"{element.tag} {name}={value[:40]}")
    return found


def assert_site_is_inert(site_dir: Path, ids: list[str]) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    rss = ET.fromstring((site_dir / "feed_rss.xml").read_bytes())
    feed_json = (site_dir / "feed.json").read_text(encoding="utf-8")
    assert "<" not in feed_json and all(i["url"].startswith("https://") for i in json.loads(feed_json)["items"])
    for page in [site_dir / "berita" / "index.html", *(site_dir / "berita" / i / "index.html" for i in ids)]:
        assert page_problems(page.read_text(encoding="utf-8")) == [], page
    for draft_id in ids:
        entries = [e for e in index["docs"] if e["location"].startswith(f"berita/{draft_id}/")]
        assert entries, draft_id
        for entry in entries:
            assert sanitize.script_problems(entry["title"]) == [] and sanitize.script_problems(entry["text"]) == [], entry
        items = [i for i in rss.iter("item") if draft_id in (i.findtext("link") or "")]
        assert len(items) == 1
        for node in items[0]:
            assert sanitize.script_problems(node.text or "") == [], (node.tag, node.text)
            if node.tag in ("link", "guid"):
                assert node.text.startswith("https://")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """The sample site without its sample posts, outside git (pages dated from their files)."""
    root = tmp_path_factory.mktemp("xss") / "template"
    shutil.copytree(FIXTURE_COURT / "site_config", root / "site_config")
    shutil.copytree(FIXTURE_COURT / "content", root / "content")
    shutil.rmtree(root / "content" / "berita" / "posts")
    (root / "content" / "berita" / "posts").mkdir()
    (root / "drafts").mkdir()
    return root


_COUNTER = itertools.count()


@hsettings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(posts=st.tuples(*(hostile_post(n) for n in range(4))))
def test_no_payload_survives_publish_and_build(small_site: Path, tmp_path: Path, posts):
    root = tmp_path / f"site-{next(_COUNTER)}"
    shutil.copytree(small_site, root)
    settings = config.load_settings(root)
    for post in posts:
        draft = write_hostile_post(root, settings, post)
        # the first line: every one of these drafts is refused by `pipeline check`
        assert any(f.rule.startswith("safety.") for f in checks.check_draft(root, settings, draft)), post
    result = site.build(root)
    assert result.findings == []
    assert_site_is_inert(result.site_dir, [p["id"] for p in posts])
    shutil.rmtree(root)


def test_a_card_without_a_summary_prints_its_excerpt_cleaned(small_site: Path, tmp_path: Path):
    """A post written by hand (no `description`): its card prints the excerpt, which is sanitized."""
    root = tmp_path / "site"
    shutil.copytree(small_site, root)
    post = root / "content" / "berita" / "posts" / "2026-11-21-tanpa-ringkasan" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: Tanpa ringkasan\ndate: 2026-11-21\ncategories:\n  - Kegiatan\n---\n\n"
                    f"# Tanpa ringkasan\n\nPembuka <img src=x onerror=\"{RUN}\"> rapat.\n\n<!-- more -->\n\n"
                    "Lanjutan.\n", encoding="utf-8")
    result = site.build(root)
    assert result.findings == []
    listing = (result.site_dir / "berita" / "index.html").read_text(encoding="utf-8")
    assert "Pembuka" in listing and "rapat." in listing
    assert page_problems(listing) == []


# --------------------------------------------------------------------------- a real browser


def test_no_payload_runs_in_chromium(small_site: Path, tmp_path: Path, browser, serve_dir):
    root = tmp_path / "site"
    shutil.copytree(small_site, root)
    settings = config.load_settings(root)
    body = "\n\n".join([
        "Kegiatan penguji berlangsung di Ruang Rapat Utama.",
        f"[klik](javascript:{RUN}) dan [klik juga](&#106;avascript:{RUN})",
        f'![foto](foto-1-480.jpg){{:onclick="{RUN}"}}',
        f"<img src=x onerror=\"{RUN}\"> <script>{RUN}</script>",
        "<!-- more -->",
        f"```\n<img src=x onerror=\"{RUN}\">\n<svg onload=\"{RUN}\"></svg>",
    ]) + "\n"
    post = {"id": "2026-11-20-penguji", "title": f"Penguji </title><script>{RUN}</script><img src=x onerror={RUN}>",
            "summary": f'Ringkasan "><script>{RUN}</script><img src=x onerror={RUN}>',
            "caption": f"Ketua <img src=x onerror={RUN}>", "alt": f'Podium "><img src=x onerror={RUN}>', "body": body}
    write_hostile_post(root, settings, post)
    result = site.build(root)
    assert result.findings == []
    server = serve_dir(result.site_dir)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(server.url + f"berita/{post['id']}/", wait_until="load")
        assert "Penguji" in page.title()
        for link in page.locator("article a", has_text="klik").all():
            link.click(no_wait_after=True)
        page.locator(".court-galeri a.glightbox").first.click()  # the lightbox shows the caption as HTML
        page.wait_for_selector(".gslide-title:has-text('Ketua')", timeout=10000)
        assert page.evaluate("window.__xss") is None
        page.goto(server.url + "berita/", wait_until="networkidle")  # the search worker has its index
        assert page.locator(".md-post", has_text="Penguji").count() == 1
        assert page.evaluate("window.__xss") is None
        search = page.locator("input.md-search__input")  # Material's search shows its results as HTML
        search.click()
        search.press_sequentially("Penguji", delay=50)
        page.wait_for_selector(".md-search-result__item", timeout=20000)
        assert page.locator(".md-search-result__item").count() >= 1
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
    finally:
        page.close()
    assert dialogs == []


def test_content_page_titles_and_descriptions_are_escaped(small_site: Path, tmp_path: Path):
    """Pages are not sanitised (they may use HTML for layout), but what Material prints from their
    front matter or first heading is escaped: a description, a title, a heading decoded by `striptags`."""
    root = tmp_path / "site"
    shutil.copytree(small_site, root)
    (root / "content" / "pengumuman.md").write_text(
        f'---\ntitle: "Pengumuman </title><script>{RUN}</script>"\n'
        f"description: '\"><script>{RUN}</script>'\n---\n\nIsi pengumuman.\n", encoding="utf-8")
    (root / "content" / "uji-judul.md").write_text(  # not in nav: its title is its first heading
        f"# Uji &lt;/title&gt;&lt;script&gt;{RUN}&lt;/script&gt;\n\nIsi uji.\n", encoding="utf-8")
    result = site.build(root)
    assert result.findings == []
    for name in ("pengumuman", "uji-judul"):
        page = (result.site_dir / name / "index.html").read_text(encoding="utf-8")
        assert page_problems(page) == [], name
        assert "Isi " in page
