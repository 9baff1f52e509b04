"""Make Material's blog plugin scale to ten years of news (3,000 posts) without changing its output.

Where the blog plugin's time went, at 3,000 posts (bench/news.py):

1. `page in blog.posts` (in its `on_page_markdown` and `on_page_content`) is a list
   scan calling MkDocs' `Page.__eq__` for every pair of pages; `Page.__eq__`
   compares titles before files, and a title can mean parsing the page's Markdown.
   Quadratic. `PostList` answers it from a dict keyed by the page's `File` object:
   `File` has no `__eq__`, so two pages can only be equal when they share the same
   `File`, and the answer is exactly the one the scan gives.
2. Each post's excerpt is rendered again on every index, archive and category page
   listing it, and each time Material converts the WHOLE post, then keeps the part
   before `<!-- more -->`; it also builds a Markdown parser per post up front.
   `HeadExcerpt` converts only the part before the separator, only for posts where
   that provably gives the same HTML (`head_only_is_safe`), and when that part holds
   no link, image or HTML, converts it once per post: the view it is shown on then
   changes only the href of the title's anchor, filled in per view. `LazyExcerpt`
   builds a post's own parser only if Material's rendering needs it. Any other post
   keeps Material's rendering.
3. Each post's front matter is parsed with PyYAML's pure-Python parser; `install`
   gives the blog plugin libyaml's (same constructors, same values).

The `court` MkDocs plugin applies them (`news_speedups: false` turns them off).
`tests/test_news.py` builds sites with and without them and compares the trees
byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from copy import copy, deepcopy
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Iterable
from urllib.parse import urljoin, urlsplit

import yaml
from markdown import Markdown
from markdown.serializers import _escape_attrib_html
from markdown.treeprocessors import Treeprocessor
from material.plugins.blog import plugin as blog_module
from material.plugins.blog import structure as structure_module
from material.plugins.blog.structure import Excerpt, ExcerptTreeprocessor, _patch
from material.plugins.blog.structure.config import PostConfig
from material.plugins.blog.structure.options import DateDict
from mkdocs.structure import pages as pages_module
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from .sanitize import clean_excerpt

# Markdown extensions whose output for the part before the separator does not depend
# on what follows it, given the checks in `head_only_is_safe`. Any other extension
# in mkdocs.yml turns the excerpt fix off (Material's own rendering is used).
SAFE_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "pymdownx.details",
    "pymdownx.superfences",
    "markdown.extensions.admonition", "markdown.extensions.attr_list", "markdown.extensions.md_in_html",
    "markdown.extensions.tables", "markdown.extensions.toc", "markdown.extensions.fenced_code",
})

# Things after the separator that change how the part before it renders, each found
# only where a literal it needs is there (one regex of all of them tried every
# alternative at every character: 0.34 s for 3,000 posts, a tenth of it this way):
_TAIL_LINES = re.compile(
    r"^[ ]{0,3}(?:"
    r"\*?\[[^\]\n]+\]:"   # a reference-link, footnote or (with *) abbreviation definition used above it
    r"|#(?!#)"           # a level-1 heading would join the excerpt's table of contents
    r"|=+[ \t]*$)",      # the same, setext style
    re.M)
_EXPLICIT_ID = re.compile(r"\{[^}\n]*#[^}\n]*\}")  # an explicit id (attr_list) changes the ids generated above it
_ID_ATTRIBUTE = re.compile(r"id\s*=")              # the same, in HTML parsed by md_in_html (after a non-word character)
_WORD = re.compile(r"\w")


def _tail_unsafe(tail: str) -> bool:
    return ("[^" in tail  # footnotes
            or (("]:" in tail or "#" in tail or "=" in tail) and _TAIL_LINES.search(tail) is not None)
            or ("{" in tail and _EXPLICIT_ID.search(tail) is not None)
            or any(m.start() == 0 or not _WORD.match(tail, m.start() - 1) for m in _ID_ATTRIBUTE.finditer(tail)))


# Things before the separator that could make it something other than a top-level block:
_HEAD_UNSAFE = re.compile(r"^[ ]{0,3}(?:```|~~~|<)|\[\^|^[ ]{0,3}\*\[", re.M)
# A head with none of these characters has no link, image, HTML or attribute list.
_NO_LINKS = re.compile(r"^[^\[\]<>{}]*$")
# Stands in the cached HTML for the view's relative path to the post.
_BASE_TOKEN = "court-excerpt-base-5f0c2a"
# `Excerpt.more`: only its truth is read (Material's "continue reading" link), and
# `head_only_is_safe` guarantees the full render has something after the separator.
_MORE = "<!-- the rest of the post: see the post's own page -->"


def head_only_is_safe(markdown: str, separator: str) -> bool:
    """True when converting only the Markdown before `separator` gives the excerpt the full post gives.

    Holds when the separator is a top-level block of its own (at a line start, after
    a blank line, outside fences and HTML), nothing after it can change how the part
    above renders (reference, footnote or abbreviation definitions, explicit ids,
    level-1 headings), and something follows it (Material's "continue reading" link).
    """
    at = markdown.find(separator)
    if at < 0:
        return False
    head, tail = markdown[:at], markdown[at + len(separator):]
    if not (head == "" or head.endswith("\n\n")):
        return False
    first_line, _, rest = tail.partition("\n")
    if first_line.strip() or not rest.strip():
        return False
    return not _HEAD_UNSAFE.search(head) and not _tail_unsafe(tail)


def extensions_are_safe(extensions: Iterable[object]) -> bool:
    """True when every configured Markdown extension is one `head_only_is_safe` was reasoned for."""
    return all(isinstance(name, str) and name in SAFE_EXTENSIONS for name in extensions)


class PostList(list):
    """The blog's list of posts with a constant-time, exactly equivalent `in`.

    Material fills and sorts the list in its `on_files` and never changes it
    afterwards; should the length ever change, `in` falls back to the plain scan.
    """

    def __init__(self, posts: Iterable):
        super().__init__(posts)
        self._length = len(self)
        self._by_file: dict[int, list] = {}
        for post in self:
            self._by_file.setdefault(id(post.file), []).append(post)

    def __contains__(self, page: object) -> bool:
        if len(self) != self._length:
            return list.__contains__(self, page)
        file = getattr(page, "file", None)
        candidates = self._by_file.get(id(file), ()) if file is not None else ()
        # list.__contains__ tests `item is page or item == page` for each item in turn
        return any(post is page or post == page for post in candidates)


def _excerpt_parser(post, file, config, files, anchors: Treeprocessor) -> Markdown:
    """The parser `Excerpt.__init__` builds, with `anchors` as its "excerpt" tree processor."""
    config = _patch(config)
    md = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    md.treeprocessors.register(anchors, "excerpt", 0)
    md.treeprocessors.register(_RelativePathTreeprocessor(file, files, config), "relpath", 1)
    return md


class LazyExcerpt(Excerpt):
    """Material's `Excerpt`, building its Markdown parser on first use instead of for every post.

    Once `clean_on_read()` is called (the court plugin does, after the blog rendered
    the excerpts a view lists), its `content` is sanitized when read
    (`sanitize.clean_excerpt`) until it is rendered again: a card that shows the
    post's summary never prints, so never cleans, its excerpt.
    """

    _court_content: str | None = None
    _court_clean_on_read = False

    @property
    def content(self) -> str | None:
        raw = self._court_content
        if raw is None or not self._court_clean_on_read:
            return raw  # the blog's own rendering reads what it wrote (the separator still in it)
        return clean_excerpt(raw)  # remembered there

    @content.setter
    def content(self, value: str | None) -> None:
        self._court_content = value
        self._court_clean_on_read = False

    def clean_on_read(self) -> None:
        self._court_clean_on_read = True

    def __init__(self, post, config, files):  # noqa: D107 - the body of Excerpt.__init__ minus the parser
        self.file = copy(post.file)
        self.post = post
        self._set_canonical_url(config.site_url)
        self.config = post.config
        self.meta = post.meta
        self.authors = []
        self.categories = []
        self.more = None
        self._court_args = (config, files)
        self._court_md = None

    @property
    def md(self) -> Markdown:
        if self._court_md is None:
            config, files = self._court_args
            self._court_md = _excerpt_parser(self.post, self.file, config, files, ExcerptTreeprocessor(self.post))
        return self._court_md


class _TokenAnchors(Treeprocessor):
    """Material's ExcerptTreeprocessor, writing `_BASE_TOKEN` where the view's relative path goes."""

    def __init__(self) -> None:
        super().__init__()

    def run(self, root) -> None:
        main = True
        for el in root.iter("a"):
            anchor = el.get("href")
            if not anchor.startswith("#"):
                continue
            el.set("href", _BASE_TOKEN if main else _BASE_TOKEN + anchor)
            main = False


# Converted heads, by the parser's settings and the text: without links, nothing in a head
# depends on its post, so the same text converts the same. Kept for the process
# (`pipeline serve` builds again and again) and, through pipeline/buildcache.py, between
# builds; `used_heads`: the keys this build looked up.
HEADS: dict[str, tuple[str, list]] = {}
used_heads: set[str] = set()
_settings: dict[int, str] = {}


def head_key(config, text: str) -> str:
    digest = _settings.get(id(config))
    if digest is None:
        _settings.clear()
        digest = _settings[id(config)] = hashlib.sha256(json.dumps(
            [config.markdown_extensions, config.mdx_configs], sort_keys=True, default=str).encode()).hexdigest()
    return hashlib.sha256(f"{digest}\0{text}".encode()).hexdigest()


class HeadExcerpt(LazyExcerpt):
    """An excerpt that converts only the Markdown before the separator (see the module docstring)."""

    _court_cache: tuple[str, str, list] | None = None
    _court_safe: tuple[str, bool] | None = None
    _court_shared: dict[int, Markdown] = {}

    def _safe(self, separator: str) -> bool:
        """`head_only_is_safe` for the post's Markdown now, remembered while that Markdown stays the same."""
        markdown = self.post.markdown
        if self._court_safe is None or self._court_safe[0] is not markdown:
            self._court_safe = (markdown, head_only_is_safe(markdown, separator))
        return self._court_safe[1]

    def render(self, page, separator: str) -> None:
        if not self._safe(separator):  # changed since it was checked
            return super().render(page, separator)
        head = self.post.markdown.partition(separator)[0]
        text = head + separator
        if not self.post._title_from_render:
            text = "\n\n".join([f"# {self.post.title}", text])
        self.markdown = text
        self.more = _MORE
        if _NO_LINKS.match(text[:-len(separator)]) and _BASE_TOKEN not in text:
            if self._court_cache is None or self._court_cache[0] != text:
                key = head_key(self._court_args[0], text)
                used_heads.add(key)
                if key not in HEADS:
                    md = self._shared_parser()
                    md.reset()  # the state of a fresh parser: what the post's own parser has for its first render
                    HEADS[key] = (md.convert(text).split(separator, 1)[0], list(md.toc_tokens))
                self._court_cache = (text, *HEADS[key])
            _, html, tokens = self._court_cache
            self.content = html.replace(_BASE_TOKEN, _escape_attrib_html(get_relative_url(self.post.url, page.url)))
            self.toc = get_toc(tokens)
            return
        # Material's steps of Excerpt.render, on the head only
        self.file.url = page.url
        at = self.md.treeprocessors.get_index_for_name("excerpt")
        processor: ExcerptTreeprocessor = self.md.treeprocessors[at]
        processor.base = page
        self.content = self.md.convert(text).split(separator, 1)[0]
        self.toc = get_toc(getattr(self.md, "toc_tokens", []))
        self.file.url = self.post.url

    def _shared_parser(self) -> Markdown:
        """One parser for all cached heads of a build: without links, nothing in it depends on the post."""
        config, files = self._court_args
        md = self._court_shared.get(id(config))
        if md is None:
            self._court_shared.clear()
            md = self._court_shared[id(config)] = _excerpt_parser(self.post, self.file, config, files, _TokenAnchors())
        return md


# Parsed front matter by the digest of its YAML text, as `_stored` writes it: kept in the
# incremental build's cache (a fresh process then parses only the posts that changed).
FRONT_MATTER: dict[str, object] = {}
used_front_matter: set[str] = set()


class _RememberingLoader(yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader):
    """libyaml's safe loader that parses each front matter once: once per process (`pipeline serve` reads
    every post again on each build), and once while it stays the same for the builds that have a cache
    (`FRONT_MATTER`); a copy each time, since the blog changes the values it gets."""

    parsed: dict[str, tuple[str, object]] = {}

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._text = stream if isinstance(stream, str) else None

    def get_single_data(self):
        if self._text is None:
            return super().get_single_data()
        known = self.parsed.get(self._text)
        if known is None:
            key = hashlib.sha256(self._text.encode()).hexdigest()
            try:
                value = _restored(FRONT_MATTER[key])
            except (KeyError, ValueError, TypeError, AttributeError):  # not there, or not as `_stored` writes it
                value = super().get_single_data()
                stored = _stored(value, set())
                if stored is not None:
                    FRONT_MATTER[key] = stored
            if len(self.parsed) > 50_000:
                self.parsed.clear()
            known = self.parsed[self._text] = (key, value)
        used_front_matter.add(known[0])
        return deepcopy(known[1])


# How a date and a time are written in `FRONT_MATTER` (a key YAML gives no mapping: `_stored` refuses it).
_DATE, _DATETIME = "\x00date", "\x00datetime"


def _stored(value, seen: set[int]):
    """`value` (what YAML's safe loader made) as JSON, or None when JSON cannot give it back exactly:
    other types, a time zone that is not a fixed offset, a value shared by two places (YAML's aliases)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()} if value.tzinfo is None or type(value.tzinfo) is timezone else None
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if type(value) not in (dict, list) or id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, list):
        items = [_stored(item, seen) for item in value]
        return None if any(s is None and v is not None for s, v in zip(items, value)) else items
    if not all(isinstance(k, str) and not k.startswith("\x00") for k in value):
        return None
    out = {k: _stored(v, seen) for k, v in value.items()}
    return None if any(out[k] is None and v is not None for k, v in value.items()) else out


def _restored(stored):
    """The value `_stored` wrote, made again."""
    if isinstance(stored, list):
        return [_restored(item) for item in stored]
    if isinstance(stored, dict):
        if len(stored) == 1 and _DATE in stored:
            return date.fromisoformat(stored[_DATE])
        if len(stored) == 1 and _DATETIME in stored:
            return datetime.fromisoformat(stored[_DATETIME])
        return {k: _restored(v) for k, v in stored.items()}
    return stored


# Validated post settings by the digest of what they were validated from, as `_stored_settings`
# writes them: kept in the incremental build's cache, like `FRONT_MATTER`.
SETTINGS: dict[str, dict] = {}
used_settings: set[str] = set()
_DATE_DICT = "\x00dates"


def _stored_settings(data: dict) -> dict | None:
    out = {}
    for name, value in data.items():
        stored = _stored(dict(value) if type(value) is DateDict else value, set())
        if stored is None and value is not None:
            return None
        out[name] = {_DATE_DICT: stored} if type(value) is DateDict else stored
    return out


def _restored_settings(stored: dict) -> dict:
    return {name: DateDict(_restored(value[_DATE_DICT])) if type(value) is dict and _DATE_DICT in value
            else _restored(value) for name, value in stored.items()}


class _RememberedPostConfig(PostConfig):
    """Material's post settings, validated once for each front matter: once a process, and once while
    it stays the same for the builds that have a cache (`SETTINGS`).

    `pipeline serve` reads every post again on each build; validating 3,000 posts'
    settings took a quarter of the blog's reading (0.2 s of an incremental build).
    Only settings that validated without an error or a warning are remembered (a
    warning is logged again each build), and only of the types copied exactly here
    (a post's `links` are not).
    """

    validated: dict[str, dict] = {}

    def load_dict(self, patch: dict) -> None:
        super().load_dict(patch)
        self._court_key = repr(patch) if type(patch) is dict and _plain(patch) else None

    def validate(self):
        key = getattr(self, "_court_key", None)
        known = self.validated.get(key) if key is not None else None
        digest = hashlib.sha256(key.encode()).hexdigest() if key is not None else None
        if known is None and digest in SETTINGS:
            try:
                known = _restored_settings(SETTINGS[digest])
            except (KeyError, ValueError, TypeError, AttributeError):  # not as `_stored_settings` writes it
                known = None
        if known is not None and self.keys() == known.keys():
            self.data = {k: _fresh(v) for k, v in known.items()}
            self._remember(key, digest)
            return [], []
        failed, warnings = super().validate()
        if key is not None and not failed and not warnings and all(map(_copied_exactly, self.data.values())):
            self._remember(key, digest)
        return failed, warnings

    def _remember(self, key: str, digest: str) -> None:
        if key not in self.validated:
            if len(self.validated) > 50_000:
                self.validated.clear()
            self.validated[key] = {k: _fresh(v) for k, v in self.data.items()}
        if digest not in SETTINGS:
            stored = _stored_settings(self.data)
            if stored is None:
                return
            SETTINGS[digest] = stored
        used_settings.add(digest)


_SCALARS = frozenset((str, int, float, bool, type(None), date, datetime))


def _plain(value) -> bool:
    """Whether `value` is made of what YAML's safe loader makes, whose `repr` tells every value apart."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(map(_plain, value))
    return kind is dict and all(type(k) is str and _plain(v) for k, v in value.items())


def _copied_exactly(value) -> bool:
    """Whether `_fresh` gives `value` back as a value of its own."""
    if type(value) is DateDict:
        value = list(value.values())
    elif type(value) is not list:
        return value is None or type(value) in (str, bool, int, float)
    return all(v is None or type(v) in (str, bool, int, float, datetime) for v in value)


def _fresh(value):
    """A copy of a remembered setting (the blog and the court plugin change them)."""
    if isinstance(value, DateDict):
        return DateDict(dict(value))
    return list(value) if isinstance(value, list) else value


_MKDOCS_CANONICAL = Page._set_canonical_url
_MKDOCS_BUILD_DATE = pages_module.get_build_date


@lru_cache(maxsize=65_536)
def _canonical(base: str, url: str) -> tuple[str, str]:
    canonical = urljoin(base, url)
    return canonical, urlsplit(canonical).path


def _set_canonical_url(self, base: str | None) -> None:
    """MkDocs' own, each URL joined once (a build joined every post's twice: 0.3 s at 3,000 posts)."""
    if base:
        self.canonical_url, self.abs_url = _canonical(base if base.endswith("/") else base + "/", self.url)
    else:
        self.canonical_url = self.abs_url = None


_build_dates: dict[str, str] = {}


def _build_date() -> str:
    """MkDocs' `get_build_date`, formatted once for each `SOURCE_DATE_EPOCH` (every page asks for it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return _MKDOCS_BUILD_DATE()
    if epoch not in _build_dates:
        _build_dates[epoch] = _MKDOCS_BUILD_DATE()
    return _build_dates[epoch]


_MATERIAL_TRANSLATE = blog_module.BlogPlugin._translate
_translations: list = [None, None]  # the configuration of the build, its `partials/language.html` module


def _translate(self, key: str, config) -> str:
    """Material's `_translate` with one theme environment per build (it made one per call, five a build)."""
    if _translations[0] is not config:
        env = config.theme.get_env()
        _translations[:] = [config, env.get_template("partials/language.html", globals={"config": config}).module]
    return _translations[1].t(key)


def install(enabled: bool) -> None:
    """Switch the blog plugin to the fixes (or back to Material's own classes); call in on_config.

    Its excerpts become `LazyExcerpt`s, and its posts' front matter is parsed with
    libyaml's parser (`CSafeLoader`): the same scanner and parser in C, the same
    Python constructors, so the same values, at a fraction of the time. Its labels
    ("Arsip", "Kategori") are translated through one theme environment a build.
    Each post's settings are validated once a process, and every page's canonical
    URL and build date are made once for all pages that share them.
    """
    blog_module.Excerpt = LazyExcerpt if enabled else Excerpt
    blog_module.BlogPlugin._translate = _translate if enabled else _MATERIAL_TRANSLATE
    _translations[:] = [None, None]
    fast = enabled and getattr(yaml, "__with_libyaml__", False)
    structure_module.SafeLoader = _RememberingLoader if fast else yaml.SafeLoader
    structure_module.PostConfig = _RememberedPostConfig if enabled else PostConfig
    Page._set_canonical_url = _set_canonical_url if enabled else _MKDOCS_CANONICAL
    pages_module.get_build_date = _build_date if enabled else _MKDOCS_BUILD_DATE
    HeadExcerpt._court_shared.clear()
    used_heads.clear()
    used_front_matter.clear()
    used_settings.clear()


def speed_up_posts(blog_plugin) -> None:
    """Replace the blog's post list with a `PostList`, and format each date once (call after its on_files).

    Every excerpt on the news pages prints its post's date through Babel: at 3,000
    posts that was 18,000 calls for 3,000 dates.
    """
    view = getattr(blog_plugin, "blog", None)
    if view is not None and not isinstance(view.posts, PostList):
        view.posts = PostList(view.posts)
    if "_format_date" not in blog_plugin.__dict__:
        format_date, formatted = blog_plugin._format_date, {}

        def _format_date(date, format, config):  # noqa: A002 - the blog plugin's names
            key = (date, format, config.theme["language"])
            if key not in formatted:
                formatted[key] = format_date(date, format, config)
            return formatted[key]

        blog_plugin._format_date = _format_date


def speed_up_excerpt(page, markdown: str, blog_plugin, config) -> None:
    """Switch a post's excerpt to head-only rendering when that is provably the same for `markdown`.

    Call after the blog plugin's on_page_markdown, with the Markdown the page will have.
    """
    excerpt = getattr(page, "excerpt", None)
    if type(excerpt) is not LazyExcerpt:
        return
    separator = blog_plugin.config.post_excerpt_separator
    if extensions_are_safe(config.markdown_extensions) and head_only_is_safe(markdown, separator):
        excerpt.__class__ = HeadExcerpt
        excerpt._court_safe = (markdown, True)   # `markdown` becomes the post's Markdown: checked once
