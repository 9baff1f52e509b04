"""The incremental build: after any change, the same tree byte for byte as a cold build, rendering less."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from pipeline import buildcache, site
from pipeline.findings import PipelineError

from conftest import git

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import sitegen  # noqa: E402

EPOCH = "1796000000"  # 2026-11-30: both builds of a comparison are made as of the same moment
POSTS = 25  # two pages of the news index (20 a page)


def differences(a: Path, b: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"{prefix}{n} (one side only)" for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{n}" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


@pytest.fixture(scope="module")
def news_site(tmp_path_factory) -> Path:
    root = sitegen.generate_site(tmp_path_factory.mktemp("cache") / "site", POSTS)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "site")
    return root


@pytest.fixture(scope="module")
def built_site(news_site: Path, tmp_path_factory) -> Path:
    """The news site built cold once, with its cache (copied for each test)."""
    root = tmp_path_factory.mktemp("built") / "site"
    shutil.copytree(news_site, root, symlinks=True)
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        site.build(root, cold=True)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if before is None else os.environ.update(SOURCE_DATE_EPOCH=before)
    return root


@pytest.fixture
def root(built_site: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, symlinks=True)
    return copy


def cold_copy(root: Path, tmp_path: Path) -> Path:
    """The same tree built cold in another folder: what the incremental build must equal."""
    other = tmp_path / "cold"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(root, other, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    site.build(other, cold=True)
    return other / "site"


def post_file(root: Path, index: int) -> Path:
    return sorted((root / "content" / "berita" / "posts").iterdir())[index] / "index.md"


def edit_post(root: Path) -> None:
    path = post_file(root, POSTS // 2)
    path.write_text(path.read_text(encoding="utf-8").replace("# ", "# Diperbarui: ", 1) + "\nKalimat baru.\n",
                    encoding="utf-8")


def add_post(root: Path) -> None:
    sitegen.add_post(root, "Rapat Baru")


def remove_post(root: Path) -> None:
    shutil.rmtree(post_file(root, 3).parent)


def retitle_page(root: Path) -> None:
    path = root / "content" / "profil" / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# ", "# Tentang ", 1), encoding="utf-8")


def add_photo(root: Path) -> None:
    folder = post_file(root, 5).parent
    (folder / "foto-9.jpg").write_bytes(sitegen.tiny_jpeg(9))
    path = folder / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![Foto tambahan](foto-9.jpg)\n", encoding="utf-8")


@pytest.mark.parametrize("change", [edit_post, add_post, remove_post, retitle_page, add_photo])
def test_an_incremental_build_equals_a_cold_one(root, tmp_path, change):
    change(root)
    result = site.build(root)
    assert not result.cold
    assert differences(root / "site", cold_copy(root, tmp_path)) == []


def test_nothing_changed_renders_nothing_and_keeps_every_file(root):
    before = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("index.html")}
    result = site.build(root)
    assert (result.cold, result.rendered) == (False, 0)
    assert {p: p.stat().st_mtime_ns for p in (root / "site").rglob("index.html")} == before


def test_an_edited_post_renders_few_pages(root):
    edit_post(root)
    result = site.build(root)
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    # the post, its two neighbours, the index page, the year's archive and the category list it is on
    assert 0 < result.rendered <= 8 < pages


def written_by(root: Path, build) -> set[str]:
    """The pages of `site/` that `build()` wrote (rendered again), by path."""
    before = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("index.html")}
    build()
    return {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html")
            if before.get(p) != p.stat().st_mtime_ns}


def test_a_new_post_renders_only_the_pages_that_show_it(root):
    written = written_by(root, lambda: (add_post(root), site.build(root)))
    assert {"berita/index.html", "berita/2026-12-01-rapat-baru/index.html",
            "berita/arsip/2026/index.html", "berita/kategori/rapat/index.html"} <= written
    # the pages that show neither the post nor the newest posts' cards stay as they were (this
    # court's home page has no cards: the next test gives a page some)
    assert not written & {"index.html", "profil/index.html", "kontak/index.html",
                          "berita/kategori/sosialisasi/index.html", "berita/arsip/2020/index.html"}


def test_a_page_whose_template_shows_the_newest_posts_is_rendered_again_for_a_new_one(root, tmp_path):
    """What the render asked for is what the key holds: a fork's own template showing news cards on any page."""
    (root / "site_config" / "overrides" / "aside.html").write_text(
        '{% extends "main.html" %}{% block content %}{{ super() }}'
        '{% for card in court_news(2) %}<p class="aside">{{ card.title }}</p>{% endfor %}{% endblock %}',
        encoding="utf-8")
    profile = root / "content" / "profil" / "index.md"
    profile.write_text("---\ntemplate: aside.html\n---\n" + profile.read_text(encoding="utf-8"), encoding="utf-8")
    site.build(root)
    add_post(root)
    result = site.build(root)
    assert not result.cold
    assert 'class="aside">Rapat Baru</p>' in (root / "site" / "profil" / "index.html").read_text(encoding="utf-8")
    assert "kontak/index.html" not in written_by(root, lambda: (edit_post(root), site.build(root)))
    assert differences(root / "site", cold_copy(root, tmp_path)) == []


def test_a_removed_post_is_deleted_from_the_site(root):
    gone = post_file(root, 3).parent.name
    assert (root / "site" / "berita" / gone / "index.html").is_file()
    remove_post(root)
    site.build(root)
    assert not (root / "site" / "berita" / gone).exists()


def test_a_page_changed_by_hand_in_site_is_rendered_again(root):
    page = root / "site" / "profil" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    result = site.build(root)
    assert result.rendered == 1 and page.read_bytes() == original


def test_a_changed_setting_makes_a_cold_build(root):
    settings = root / "site_config" / "pipeline.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert site.build(root).cold


def test_an_unreadable_cache_makes_a_cold_build_not_an_error(root):
    cache = buildcache.cache_path(root / site.BUILD_CACHE)
    for text in ("{not json", json.dumps({"format": buildcache.FORMAT, "pages": {"x": {"key": 1}}})):
        cache.write_text(text, encoding="utf-8")
        result = site.build(root)
        assert result.cold and result.rendered > POSTS
        assert json.loads(cache.read_text(encoding="utf-8"))["format"] == buildcache.FORMAT


def test_a_plugin_the_cache_does_not_know_makes_every_build_cold(root):
    mkdocs_yml = root / "site_config" / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - tags\n", 1),
                          encoding="utf-8")
    site.build(root)
    assert site.build(root).cold


def test_a_failed_build_keeps_the_cache_it_had(root):
    cache = buildcache.cache_path(root / site.BUILD_CACHE)
    before = cache.read_bytes()
    path = post_file(root, 1)
    path.write_text(path.read_text(encoding="utf-8") + "\n[rusak](tidak-ada.md)\n", encoding="utf-8")
    with pytest.raises(PipelineError):
        site.build(root)
    assert cache.read_bytes() == before


def test_a_cold_build_is_what_mkdocs_own_build_makes(root, tmp_path):
    """The incremental build runs MkDocs' steps itself: with nothing to reuse, it must equal MkDocs' build."""
    from mkdocs.commands.build import build as mkdocs_build

    other = tmp_path / "mkdocs"
    shutil.copytree(root, other, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    config = site.load_mkdocs_config(other)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    assert differences(root / "site", other / "site") == []


def test_the_pages_a_change_is_seen_on_are_written_before_the_rest(root):
    add_post(root)
    seen: list[bool] = []
    index = root / "site" / "berita" / "index.html"
    second = root / "site" / "berita" / "page" / "2" / "index.html"
    before = second.read_bytes()
    result = site.build(root, shown_first=lambda: seen.append(
        "Rapat Baru" in index.read_text(encoding="utf-8") and second.read_bytes() == before))
    assert seen == [True] and second.read_bytes() != before and not result.cold


def test_a_photo_replaced_by_an_older_one_of_the_same_size_is_copied_again(root, tmp_path):
    """Not "newer than the copy": a source not as it was last copied (`cp -p`, a restore keeping dates)."""
    photo = post_file(root, 4).parent / "foto-1.jpg"
    other = sitegen.tiny_jpeg(77)
    assert len(other) == photo.stat().st_size   # the same size, other bytes
    stamp = photo.stat().st_mtime_ns - 10**12
    photo.write_bytes(other)
    os.utime(photo, ns=(stamp, stamp))
    site.build(root)
    assert (root / "site" / "berita" / photo.parent.name / "foto-1.jpg").read_bytes() == other


def test_a_change_to_the_pipeline_s_own_code_makes_a_cold_build(root, monkeypatch):
    """A court updates its checkout: the version number may stay, the pages may not."""
    from pipeline import buildcache as module

    digest, package = module._tree_digest, Path(module.__file__).parent
    monkeypatch.setattr(module, "_tree_digest", lambda folder: digest(folder) + [["changed.py", "x"]]
                        if folder == package else digest(folder))
    assert site.build(root).cold


def test_a_cancelled_build_keeps_the_cache_and_the_next_one_completes(root, tmp_path):
    cache = buildcache.cache_path(root / site.BUILD_CACHE)
    before = cache.read_bytes()
    add_post(root)
    asked = iter([False, False, True])   # two pages, then the server wants its turn
    with pytest.raises(buildcache.BuildCancelled):
        site.build(root, cancelled=lambda: next(asked, True))
    assert cache.read_bytes() == before
    site.build(root)
    assert differences(root / "site", cold_copy(root, tmp_path)) == []


def test_the_excerpts_of_unchanged_posts_are_not_converted_again(root, monkeypatch):
    """A new post shifts every page of the news index: their excerpts come from the cache, not the parser."""
    from pipeline import news

    news.HEADS.clear()   # as in a fresh process: only the cache knows them
    conversions = []
    shared = news.HeadExcerpt._shared_parser
    monkeypatch.setattr(news.HeadExcerpt, "_shared_parser", lambda self: conversions.append(1) or shared(self))
    add_post(root)
    site.build(root)
    assert len(conversions) == 1   # the new post's


def test_a_site_restored_with_rounded_times_is_still_current(root):
    """actions/cache restores site/ from a tar: whole seconds. The pages' digests still match."""
    for path in (root / "site").rglob("*"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns // 10**9 * 10**9 - 10**9))
    assert site.build(root).rendered == 0
    assert site.build(root).rendered == 0


def test_front_matter_of_unchanged_posts_is_not_parsed_again(root, tmp_path, monkeypatch):
    """A fresh process reads each post's front matter from the cache: only the new post's is parsed."""
    from pipeline import news

    def fresh_process() -> None:
        news.FRONT_MATTER.clear()
        monkeypatch.setattr(news._RememberingLoader, "parsed", {})

    parsed = []
    stored = news._stored
    monkeypatch.setattr(news, "_stored", lambda value, seen: (not seen and parsed.append(value)) or stored(value, seen))
    fresh_process()
    add_post(root)
    site.build(root)
    assert [value["title"] for value in parsed] == ["Rapat Baru"]
    fresh_process()
    assert differences(root / "site", cold_copy(root, tmp_path)) == []
    posts = list((root / "content" / "berita" / "posts").glob("*/index.md"))
    assert len(parsed) == 1 + len(posts)   # a cold build parses every post's


def test_the_sitemap_is_written_again_only_when_its_pages_urls_or_dates_change(root, tmp_path, monkeypatch):
    sitemap = root / "site" / "sitemap.xml"
    written = lambda: (sitemap.stat().st_mtime_ns, (root / "site" / "sitemap.xml.gz").stat().st_mtime_ns)  # noqa: E731
    before = written()
    edit_post(root)
    site.build(root)
    assert written() == before  # same URLs, same date: the file of the last build stays
    add_post(root)
    site.build(root)
    assert written() != before and "rapat-baru" in sitemap.read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86_400))  # the next day: every <lastmod> changes
    before = written()
    site.build(root)
    assert written() != before
    sitemap.write_text("dirusak", encoding="utf-8")  # changed by hand in site/: made again
    site.build(root)
    assert differences(root / "site", cold_copy(root, tmp_path)) == []


def test_a_theme_s_own_sitemap_is_written_by_every_build(root, tmp_path):
    """A court's sitemap template may print anything of a page (here its title): it is not keyed, only rendered."""
    (root / "site_config" / "overrides" / "sitemap.xml").write_text(
        "{% for file in pages %}{{ file.page.title }}\n{% endfor %}", encoding="utf-8")
    site.build(root)
    path = post_file(root, POSTS // 2)
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Judul Baru ", 1), encoding="utf-8")
    site.build(root)
    assert "Judul Baru" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert differences(root / "site", cold_copy(root, tmp_path)) == []


def test_settings_of_unchanged_posts_are_not_validated_again(root, tmp_path, monkeypatch):
    """A fresh process takes each post's validated settings (date, categories, slug) from the cache."""
    from material.plugins.blog.structure.config import PostConfig

    from pipeline import news

    def fresh_process() -> None:
        news.SETTINGS.clear()
        monkeypatch.setattr(news._RememberedPostConfig, "validated", {})

    validated = []
    validate = PostConfig.validate
    monkeypatch.setattr(PostConfig, "validate", lambda self: validated.append(self.get("slug")) or validate(self))
    fresh_process()
    add_post(root)
    site.build(root)
    assert validated == ["rapat-baru"]
    fresh_process()
    assert differences(root / "site", cold_copy(root, tmp_path)) == []
    posts = list((root / "content" / "berita" / "posts").glob("*/index.md"))
    assert len(validated) == 1 + len(posts)   # a cold build validates every post's
