"""The blog plugin fixes: the same site byte for byte, linear work, and pages that do not grow with the posts."""

from __future__ import annotations

import filecmp
import json
import re
import sys
from copy import deepcopy
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.blog.structure.config import PostConfig

from pipeline import news, site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import sitegen  # noqa: E402

SEP = "<!-- more -->"


@pytest.mark.parametrize("text, safe", [
    ("# T\n\nLead.\n\n<!-- more -->\n\nRest.\n", True),
    ("Lead.\n\n<!-- more -->\n\nRest with [a link](x.md) and ![photo](a.jpg){ loading=lazy }.\n", True),
    ("Lead.\n<!-- more -->\n\nRest.\n", False),                    # not a block of its own
    ("Lead.\n\n<!-- more --> trailing\n\nRest.\n", False),
    ("Lead.\n\n<!-- more -->\n\n   \n", False),                    # nothing after it: no "continue" link
    ("Lead [x][1].\n\n<!-- more -->\n\n[1]: https://example.org\n", False),
    ("Lead[^1].\n\n<!-- more -->\n\n[^1]: note\n", False),
    ("Lead.\n\n<!-- more -->\n\n# Another title\n", False),
    ("Lead.\n\n<!-- more -->\n\nAnother\n=====\n", False),
    ("## Lead {#dup}\n\n<!-- more -->\n\nText { #lead }\n", False),
    ("```\ncode\n\n<!-- more -->\n\n```\n", False),                # inside a fence
    ("<div>\n\n<!-- more -->\n\n</div>\n", False),
    ("No separator at all.\n", False),
])
def test_head_only_is_safe(text, safe):
    assert news.head_only_is_safe(text, SEP) is safe


# What `news._tail_unsafe` answers, as the one regex it was first written as.
_TAIL_UNSAFE = re.compile(
    r"^[ ]{0,3}\[[^\]\n]+\]:|^[ ]{0,3}\*\[[^\]\n]+\]:|\[\^|^[ ]{0,3}#(?!#)|^[ ]{0,3}=+[ \t]*$"
    r"|\{[^}\n]*#[^}\n]*\}|\bid\s*=", re.M)
# Text made of the pieces the regex looks for, and of word and non-word characters around them.
_TAIL_TEXT = st.lists(st.sampled_from(
    ["\n", " ", "   ", "    ", "[", "]", "]:", "^", "*", "#", "##", "=", "==", "\t", "{", "}", "{ #x }", "id", "id =",
     "=", "a", "é", "_", "-", "x", "tidak", "[a]: u", "*[HTML]: h", "[^1]", "\u0661"]), max_size=40).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_TAIL_TEXT | st.text(max_size=60))
def test_tail_check_finds_exactly_what_the_single_regex_finds(tail):
    assert news._tail_unsafe(tail) is (_TAIL_UNSAFE.search(tail) is not None)


class _Page:
    """A page as `Page.__eq__` sees it: a title and a file."""

    def __init__(self, title, file):
        self.title, self.file = title, file

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.title == other.title and self.file == other.file


class _Post(_Page):
    pass


def test_post_list_answers_in_exactly_like_the_list():
    files = [object() for _ in range(5)]
    posts = [_Post(f"t{i}", files[i]) for i in range(5)]
    fast = news.PostList(posts)
    probes = [posts[2], _Post("t2", files[2]), _Post("other", files[2]), _Post("t2", object()),
              _Page("t1", files[1]), object(), None]
    assert [p in fast for p in probes] == [p in list(posts) for p in probes]
    fast.append(_Post("late", object()))          # changed after wrapping: the plain scan again
    assert fast[-1] in fast


def _build_pair(tmp_path: Path, posts: int, **gen) -> tuple[Path, Path]:
    stock = sitegen.generate_site(tmp_path / "stock", posts, **gen)
    sitegen.set_plugin_options(stock, "court", news_speedups=False)
    fixed = sitegen.generate_site(tmp_path / "fixed", posts, **gen)
    for root in (stock, fixed):
        sitegen.set_plugin_options(root, "blog", pagination_per_page=4)
        # posts the fixes must leave to Material: links in the head, an unsafe tail
        posts_dir = root / "content" / "berita" / "posts"
        first, second = sorted(posts_dir.iterdir())[:2]
        index = first / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace(
            "\n\n<!-- more -->", " Lihat [profil](../../../profil/index.md).\n\n<!-- more -->"), encoding="utf-8")
        index = second / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n[ref]: https://example.org\n", encoding="utf-8")
        site.build(root)
    return stock / "site", fixed / "site"


def _differences(a: Path, b: Path) -> list[str]:
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors if n != "sitemap.xml.gz")
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


@pytest.mark.parametrize("meta_title", [True, False], ids=["title-in-front-matter", "title-in-body"])
def test_fixes_build_the_same_site_byte_for_byte(tmp_path, meta_title):
    stock, fixed = _build_pair(tmp_path, 24, meta_title=meta_title)
    assert len(list(fixed.rglob("index.html"))) > 40
    assert _differences(stock, fixed) == []


def test_fixes_are_on_in_the_court_site(scratch_repo):
    from mkdocs.commands.build import build as mkdocs_build

    from pipeline.site import load_mkdocs_config

    config = load_mkdocs_config(scratch_repo)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    blog = config.plugins["material/blog"]
    assert isinstance(blog.blog.posts, news.PostList)
    assert all(type(post.excerpt) is news.HeadExcerpt for post in blog.blog.posts)


_EXCERPT = re.compile(r'<article class="md-post md-post--excerpt">.*?</article>', re.S)


def _listing_pages(site_dir: Path) -> list[Path]:
    """The news index and category pages, every page of them."""
    news_dir = site_dir / "berita"
    return [news_dir / "index.html", *news_dir.glob("page/*/index.html"), *news_dir.glob("kategori/**/index.html")]


def test_no_page_grows_with_the_number_of_posts(tmp_path):
    """Three times the posts over the same years: no listing page holds more than a page of posts,
    the rest of a listing page stays the same, and post pages stay the same size (within 5%)."""
    found = {}
    for posts in (40, 120):
        root = sitegen.generate_site(tmp_path / str(posts), posts, years=2)
        sitegen.set_plugin_options(root, "blog", pagination_per_page=5)   # every first page full at 40
        result = site.build(root)
        listings = [p.read_text(encoding="utf-8") for p in _listing_pages(result.site_dir)]
        post_sizes = [p.stat().st_size for p in (result.site_dir / "berita").glob("20*/index.html")]
        assert len(post_sizes) >= posts   # the generated posts and the samples
        found[posts] = (max(len(_EXCERPT.findall(page)) for page in listings),
                        max(len(_EXCERPT.sub("", page)) for page in listings),
                        max(post_sizes))
    (excerpts_40, chrome_40, post_40), (excerpts_120, chrome_120, post_120) = found[40], found[120]
    assert excerpts_40 == excerpts_120 == 5, found
    assert chrome_120 <= chrome_40 * 1.05, found
    assert post_120 <= post_40 * 1.05, found


def test_an_excerpt_is_sanitized_whenever_its_content_is_read():
    """After the blog rendered a view's excerpts, the court plugin asks each to clean its content when read."""
    excerpt = news.LazyExcerpt.__new__(news.LazyExcerpt)
    assert excerpt.content is None
    raw = '<p>Rapat <img src="x" onerror="alert(1)"><script>alert(2)</script></p>\n<!-- more -->'
    excerpt.content = raw
    assert excerpt.content == raw  # the blog's own rendering still finds its separator
    excerpt.clean_on_read()
    assert excerpt.content == '<p>Rapat <img src="x"></p>\n'
    excerpt.content = '<p><a href="javascript:alert(3)">lagi</a></p>'   # rendered again for another view
    excerpt.clean_on_read()
    assert "javascript" not in excerpt.content and "lagi" in excerpt.content


_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
            | st.dates() | st.datetimes() | st.datetimes(timezones=st.sampled_from(
                [timezone.utc, timezone(timedelta(hours=7)), timezone(timedelta(hours=-3, minutes=-30))])))
_FRONT = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(min_size=1, max_size=8), inner, max_size=4), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), _FRONT, max_size=6))
def test_front_matter_comes_back_from_the_cache_as_yaml_gave_it(meta):
    """What libyaml's loader makes of a post's front matter, written to the cache as JSON and read back, is equal
    value for value and type for type; what JSON cannot give back exactly is not written at all."""
    text = yaml.safe_dump(meta, allow_unicode=True)
    parsed = yaml.load(text, news._RememberingLoader.__bases__[0])
    stored = news._stored(parsed, set())
    if stored is None:
        return
    back = news._restored(json.loads(json.dumps(stored)))

    def typed(value):
        if isinstance(value, dict):
            return {k: typed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [typed(v) for v in value]
        return (type(value), value, getattr(value, "tzinfo", None) and value.utcoffset())

    assert typed(back) == typed(parsed)


def test_front_matter_json_cannot_give_back_exactly_is_not_stored():
    shared = ["a"]
    offset = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Jakarta"))
    for value in ({"a": shared, "b": shared}, {"t": {1, 2}}, {"b": b"x"}, {1: "x"}, {"\x00date": "x"}, {"d": offset}):
        assert news._stored(value, set()) is None, value
    assert news._stored({"d": date(2026, 1, 2), "c": [1.5, None, True]}, set()) == {
        "d": {"\x00date": "2026-01-02"}, "c": [1.5, None, True]}


_WHEN = st.dates() | st.datetimes() | st.datetimes(timezones=st.just(timezone(timedelta(hours=7))))
_SETTING = st.fixed_dictionaries({}, optional={
    "date": _WHEN | st.fixed_dictionaries({"created": _WHEN}, optional={"updated": _WHEN}) | st.text(max_size=5),
    "categories": st.lists(st.sampled_from(["Kegiatan", "Berita", 3]), max_size=3),
    "authors": st.lists(st.text(max_size=4), max_size=2),
    "draft": st.booleans() | st.none() | st.text(max_size=2),
    "pin": st.booleans(),
    "readtime": st.integers(0, 30) | st.text(max_size=2),
    "slug": st.text(max_size=10),
})


def _validated(config_class, patch: dict):
    config = config_class("post.md")
    config.load_dict(deepcopy(patch))
    failed, warnings = config.validate()
    return [k for k, _ in failed], [str(w) for _, w in warnings], dict(config.data)


@settings(max_examples=400, deadline=None)
@given(_SETTING)
def test_post_settings_validated_once_are_what_material_validates(patch):
    """The remembered validation gives what Material's gives (errors, warnings, values) the first time and every
    time after, each time values of its own."""
    expected = _validated(PostConfig, patch)
    first = _validated(news._RememberedPostConfig, patch)
    again = _validated(news._RememberedPostConfig, patch)
    assert first == expected and again == expected
    values = again[2]
    if not again[0] and values.get("categories"):
        values["categories"].append("changed")
        values["date"]["created"] = None
        assert _validated(news._RememberedPostConfig, patch) == expected


def _typed(value):
    if isinstance(value, dict):
        return type(value), {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value), value, getattr(value, "tzinfo", None) and value.utcoffset()


@settings(max_examples=300, deadline=None)
@given(_SETTING)
def test_post_settings_from_the_cache_are_what_material_validates(patch):
    """Settings validated in one build, written to the cache as JSON and read back by the next process, are
    Material's, value for value and type for type (a `DateDict`, a time's offset)."""
    expected = _validated(PostConfig, patch)
    news.SETTINGS.clear()
    news._RememberedPostConfig.validated.clear()
    _validated(news._RememberedPostConfig, patch)
    stored = json.loads(json.dumps(news.SETTINGS))
    news.SETTINGS.clear()
    news.SETTINGS.update(stored)
    news._RememberedPostConfig.validated.clear()   # a fresh process: only the cache knows them
    again = _validated(news._RememberedPostConfig, patch)
    assert again[:2] == expected[:2] and _typed(again[2]) == _typed(expected[2])
    if stored:
        assert not expected[0] and not expected[1]  # only what validated cleanly is kept


def test_canonical_urls_and_build_date_are_mkdocs_own(monkeypatch):
    class Bare:
        url = "berita/2026/01/02/sidang-keliling/"

    for base in ("https://pa.example.go.id", "https://pa.example.go.id/situs/", "", None):
        ours, theirs = Bare(), Bare()
        news._set_canonical_url(ours, base)
        news._MKDOCS_CANONICAL(theirs, base)
        assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url)
    for epoch in ("1767225600", "1767312000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert news._build_date() == news._MKDOCS_BUILD_DATE()
    assert news._build_date() == "2026-01-02"
