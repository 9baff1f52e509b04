"""The cold-build speedups change no page: the navigation cache, one Markdown parser, the lightbox markup by text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipeline import navcache, site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import sitegen  # noqa: E402
from news import differences  # noqa: E402

POSTS = 10
POST = "berita/2026-11-30-monitoring-dan-evaluasi-zona-integritas-1/index.html"
# one page of each kind: a post, a paginated news index page, a category page, a static page
KINDS = (POST, "berita/page/2/index.html", "berita/kategori/rapat/index.html", "profil/sejarah/index.html")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same generated site built with no speedup, with the nav cache and one parser, and with all."""
    tmp = tmp_path_factory.mktemp("navcache")
    caches: list[navcache.NavCache] = []
    install = navcache.NavCache.install

    def recording(self, env):
        caches.append(self)
        install(self, env)

    variants = {"none": dict(nav_cache=False, lightbox_by_text=False, one_parser=False),
                "nav": dict(lightbox_by_text=False), "both": {}}
    sites = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(navcache.NavCache, "install", recording)
        for name, options in variants.items():
            root = sitegen.generate_site(tmp / name, POSTS)
            sitegen.set_plugin_options(root, "blog", pagination_per_page=4)
            if options:
                sitegen.set_plugin_options(root, "court", **options)
            site.build(root)
            sites[name] = root / "site"
    return sites, caches


def test_nav_cache_and_one_parser_build_the_same_bytes(builds):
    sites, caches = builds
    for kind in KINDS:
        assert (sites["none"] / kind).is_file(), kind
    assert differences(sites["none"], sites["nav"]) == []
    cache = caches[0]  # the "nav" build: it served every post after the first (nav and tabs)
    # and the further pages of each listing after the first of them (berita/page/3/ after page/2/),
    # their own tables of contents put in
    held = sum(1 for key in cache.html if key[0] == "held")
    assert held >= 1 and cache.misses == 2 + held and cache.hits >= 2 * (POSTS - 1) + 1
    assert any(navcache._TOC_MARK in html for key, html in cache.html.items() if key[0] == "held")
    for page in ("berita/page/2/index.html", "berita/page/3/index.html"):
        html = (sites["nav"] / page).read_text(encoding="utf-8")
        assert "\x00" not in html and 'data-md-component="toc"' in html, page


def test_lightbox_by_text_is_the_document_glightbox_writes(builds):
    sites, _ = builds
    pages = sorted(p.relative_to(sites["nav"]) for p in sites["nav"].rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        theirs = (sites["nav"] / page).read_text(encoding="utf-8")   # glightbox's own re-parse
        ours = (sites["both"] / page).read_text(encoding="utf-8")
        if "init-glightbox" in theirs:
            assert LexborHTMLParser(ours).html == theirs, page
        else:  # not a page of the docs (404.html): neither touches it
            assert ours == theirs, page
        if page.name == "index.html":  # glightbox's wrapper around the content is gone
            assert ours.count("<html") == 1 and ours.count("<body") == 1, page
    post = (sites["both"] / POST).read_text(encoding="utf-8")
    assert post.count('id="init-glightbox"') == 1 and post.count("glightbox.min.css") == 1
    assert post.index("glightbox.min.css") < post.index("</head>") < post.index('id="init-glightbox"')


def test_an_overridden_nav_partial_is_not_cached(tmp_path):
    """A fork's nav-item.html may print anything of the page: the cache stays out of its way."""
    root = sitegen.generate_site(tmp_path / "fork", 3)
    import material

    source = (Path(material.__file__).parent / "templates" / "partials" / "nav-item.html").read_text(encoding="utf-8")
    partials = root / "site_config" / "overrides" / "partials"
    partials.mkdir(parents=True, exist_ok=True)
    macro = "{% macro render(nav_item, path, level, parent) %}"
    assert macro in source
    # Material's partial, printing the page's URL in each item
    (partials / "nav-item.html").write_text(source.replace(macro, macro + "<!-- nav of {{ page.url }} -->"),
                                            encoding="utf-8")
    site.build(root)
    for post in (root / "site" / "berita").glob("2026-*/index.html"):
        url = post.parent.relative_to(root / "site").as_posix() + "/"
        assert f"<!-- nav of {url} -->" in post.read_text(encoding="utf-8")


@pytest.mark.parametrize("url, folder", [
    ("berita/a/", ("berita", "a")), ("berita/a/index.html", ("berita", "a")), ("", ()),
    ("profil/sejarah.html", ("profil",)), ("x/./y/../z/", ("x", "z")),
])
def test_folder_is_the_one_links_are_relative_to(url, folder):
    assert navcache._folder(url) == folder


def test_one_parser_is_shared_only_in_its_thread_and_for_the_same_settings():
    import threading

    from mkdocs.structure import pages as pages_module

    from pipeline import mdpool

    settings = {"extensions": ["toc", "tables"], "extension_configs": {"toc": {"permalink": True}}}
    mdpool.install()
    try:
        shared = pages_module.markdown.Markdown(**settings)
        assert pages_module.markdown.Markdown(**settings) is shared
        assert pages_module.markdown.Markdown(extensions=["toc"], extension_configs={}) is not shared
        elsewhere = []
        thread = threading.Thread(target=lambda: elsewhere.append(pages_module.markdown.Markdown(**settings)))
        thread.start()
        thread.join()
        assert elsewhere and elsewhere[0] is not shared
    finally:
        mdpool.uninstall()
    import markdown

    assert pages_module.markdown is markdown
