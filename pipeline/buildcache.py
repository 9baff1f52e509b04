"""Incremental builds: re-render only the pages whose inputs changed; the rest of `site/` stays.

MkDocs renders every page on every build (3,000 posts: 25 s or more). This module
runs the same steps as `mkdocs.commands.build.build`, in the same order, but first
gives every page a key: a digest of everything its HTML is made from —

- for every page: the configuration, theme overrides, this package's own files and
  the versions of the build's libraries (the global key), the navigation (titles and URLs), its place (URL), its
  source, and the inputs of its freshness stamp;
- a post: the names and sizes of the files beside it (its photos);
- any other page: the sources of all non-post pages (announcements, placeholders);
- a page whose last render showed the newest posts as cards (the home page): the keys
  of as many newest posts as it asked for (`PageRecord.news`, what the render did, not
  a guess: a new post then renders again only the pages that show it);
- a blog view (index, archive, category page): its position among its pages, their
  number, and the keys of the posts it lists.

A page whose key and output file are as recorded in the cache is not rendered: its
file stays, and what rendering it would have left behind (its search-index entries,
its feed item, its source in the page map) is replayed from the cache. MkDocs' own
sitemap is written again only when a page's URL or date changes (a theme's own sitemap
template, which may print anything, on every build). Anything the
keys cannot speak for gives a cold build: another Markdown extension or plugin than
the ones reasoned about here, a changed global key, a cache that is missing,
unreadable or of another format. A cold build cleans `site/` as MkDocs does; an
incremental one writes changed pages atomically and deletes the files no page makes
any more. `tests/test_buildcache.py` compares both ways, byte for byte.

The cache is JSON under `.cache/court/` (never pickle: the workflows restore it from
the CI cache) and is written only after a build without warnings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from .files import atomic_write

log = logging.getLogger("mkdocs.court.cache")

FORMAT = 7
# The plugins whose side effects this module replays (the rest of their work is in the
# page's HTML). Any other plugin in mkdocs.yml makes every build cold.
KNOWN_PLUGINS = frozenset({"court", "search", "material/search", "blog", "material/blog", "glightbox"})
# The libraries whose version changes what a page looks like.
LIBRARIES = ("mkdocs", "mkdocs-material", "mkdocs-glightbox", "markdown", "pymdown-extensions", "jinja2",
             "court-site-pipeline", "nh3", "selectolax")
# How many newest posts a quick render (`rerender`) takes the other pages to show as cards.
NEWEST = 12
_H1 = re.compile(r"^#[ \t]+.*$|^.+\n=+[ \t]*$", re.M)


@dataclass
class PageRecord:
    """What the cache knows of one built page (keyed by its path in `site/`)."""

    key: str
    digest: str  # of the HTML file as written
    search: list = field(default_factory=list)  # the search plugin's entries for the page
    feed: dict | None = None  # the court plugin's feed item
    source: str | None = None  # the page map's entry (None: a generated page)
    title: str | None = None  # the title its rendering found (Material's excerpts read it)
    stat: list = field(default_factory=list)  # [size, mtime_ns] of the file as written: no need to read it
    news: int = 0  # how many of the newest posts its render showed as cards (the court plugin's `court_news`)


@dataclass
class Cache:
    global_key: str
    pages: dict[str, PageRecord] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)  # files in site/ made by templates and plugins
    outputs: list[str] = field(default_factory=list)  # every file the build left in site/
    copied: dict[str, list] = field(default_factory=dict)  # static file -> [source size, source mtime_ns, size]
    heads: dict[str, list] = field(default_factory=dict)  # converted excerpt heads (pipeline/news.py HEADS)
    front_matter: dict[str, object] = field(default_factory=dict)  # parsed posts' front matter (news.FRONT_MATTER)
    templates: dict[str, list] = field(default_factory=dict)  # MkDocs' sitemap: [its key, [[file, size, mtime, sha]]]
    settings: dict[str, dict] = field(default_factory=dict)  # posts' validated settings (news.SETTINGS)


@dataclass
class BuildStats:
    """What a build did: pages rendered and reused, files removed; `cold` when nothing was reused."""

    cold: bool
    rendered: list[str] = field(default_factory=list)  # paths in site/ of the pages rendered
    reused: int = 0
    removed: int = 0
    pages: int = 0  # index.html pages in site/
    reason: str = ""
    state: "LiveState | None" = None  # what the build was made of, for `pipeline serve`'s quick renders
    phases: dict[str, float] = field(default_factory=dict)  # seconds from the start to the end of each step


@dataclass
class LiveState:
    """The objects of a finished build: `rerender` draws changed pages again with them."""

    config: object
    files: object
    nav: object
    env: object
    titles: dict = field(default_factory=dict)  # what each navigation page's title was made from
    front: dict = field(default_factory=dict)  # each post's front matter as read
    news: dict | None = None  # page -> how many newest posts it shows as cards (None: not known, no cache)
    close: object = None  # ends the build (its plugins' shutdown), once these objects are no longer used


class _CompiledTemplates:
    """Jinja's compiled templates kept for the next build in this process (`pipeline serve`).

    In memory only: Jinja checks each template's source checksum, and nothing compiled
    is ever read back from disk (a restored CI cache is not code we run).
    """

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], object] = {}

    def install(self, env) -> None:
        import jinja2

        store = self.code

        class Cache(jinja2.BytecodeCache):
            def load_bytecode(self, bucket) -> None:
                code = store.get((bucket.key, bucket.checksum))
                if code is not None:
                    bucket.code = code

            def dump_bytecode(self, bucket) -> None:
                store[(bucket.key, bucket.checksum)] = bucket.code

        env.bytecode_cache = Cache()


_TEMPLATES = _CompiledTemplates()


def cache_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / "pages.json"


# The cache this process saved last, and the size and time of its file then: a build after
# it in the same process (`pipeline serve`) takes it as it is, instead of reading it back.
_SAVED: tuple[Path, list, Cache] | None = None


def load(cache_dir: Path) -> Cache | None:
    """The cache in `cache_dir`, or None when missing, unreadable or of another format."""
    path = cache_path(cache_dir).resolve()
    if _SAVED is not None and _SAVED[0] == path and _SAVED[1] and _stat(path) == _SAVED[1]:
        return _SAVED[2]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        pages = {dest: PageRecord(**record) for dest, record in data["pages"].items()}
        return Cache(str(data["global"]), pages, [str(e) for e in data["extras"]], [str(o) for o in data["outputs"]],
                     {str(k): list(v) for k, v in data["copied"].items()},
                     {str(k): [str(v[0]), list(v[1])] for k, v in data["heads"].items()},
                     {str(k): v for k, v in data["front_matter"].items()},
                     {str(k): [str(v[0]), [list(f) for f in v[1]]] for k, v in data["templates"].items()},
                     {str(k): dict(v) for k, v in data["settings"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(cache_dir: Path, cache: Cache) -> None:
    data = {"format": FORMAT, "global": cache.global_key, "extras": sorted(cache.extras), "outputs": sorted(cache.outputs),
            "copied": dict(sorted(cache.copied.items())), "heads": dict(sorted(cache.heads.items())),
            "front_matter": dict(sorted(cache.front_matter.items())), "templates": dict(sorted(cache.templates.items())),
            "settings": dict(sorted(cache.settings.items())),
            "pages": {dest: record.__dict__ for dest, record in sorted(cache.pages.items())}}
    global _SAVED
    path = cache_path(cache_dir).resolve()
    _SAVED = None
    atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    _SAVED = (path, _stat(path), cache)


def _sha(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _tree_digest(folder: Path | None) -> list:
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted((p.relative_to(folder).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                  for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def global_key(config) -> tuple[str, str]:
    """The digest of what every page depends on, and why the cache cannot be used ("" when it can)."""
    names = list(config.plugins)
    unknown = [n for n in names if n not in KNOWN_PLUGINS]
    if unknown:
        return "", f"plugin {unknown[0]!r} is not one the cache knows"
    from . import news

    if not news.extensions_are_safe(config.markdown_extensions):
        return "", "a Markdown extension the cache does not know"
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    config_file = Path(config.config_file_path)
    settings = config_file.parent / "pipeline.yml"
    return _sha(FORMAT, versions, config_file.read_bytes(),
                settings.read_bytes() if settings.is_file() else b"",
                _tree_digest(Path(config.theme.custom_dir) if config.theme.custom_dir else None),
                _tree_digest(Path(__file__).parent)), ""  # this package: a checkout's code changes, its version may not


def _title_source(page) -> object:
    """What a navigation item's title is made from, without rendering the page."""
    explicit = page.__dict__.get("title")  # set from mkdocs.yml's nav (weak_property stores it here)
    if explicit is not None or page.file.abs_src_path is None:
        return explicit or page.title
    return _title_from_text(page, page.file.content_string)


def _title_from_text(page, text: str) -> object:
    """What `page`'s title would be made from, were its source `text`."""
    from mkdocs.utils.meta import get_data

    explicit = page.__dict__.get("title")
    if explicit is not None:
        return explicit
    markdown, meta = get_data(text)
    first = _H1.search(markdown)
    return [meta.get("title"), first.group(0) if first else None]


def nav_key(nav) -> str:
    def walk(items) -> list:
        out = []
        for item in items:
            if item.is_page:
                out.append(["P", item.file.src_uri, item.url, _title_source(item)])
            elif item.is_section:
                out.append(["S", item.title, walk(item.children)])
            else:
                out.append(["L", item.title, item.url])
        return out

    return _sha(walk(nav.items))


# Each source's digest by its path, size and time, for the builds of one process (`pipeline serve`
# builds again and again; a file saved again has another time).
_DIGESTS: dict[tuple, str] = {}


def _source_digest(file) -> str:
    if file.abs_src_path is None or file.generated_by is not None:
        return _sha(file.content_bytes)
    try:
        info = os.stat(file.abs_src_path)
    except OSError:
        return _sha(file.content_bytes)
    mark = (file.abs_src_path, info.st_size, info.st_mtime_ns, info.st_ino)
    digest = _DIGESTS.get(mark)
    if digest is None:
        if len(_DIGESTS) > 100_000:
            _DIGESTS.clear()
        digest = _DIGESTS[mark] = _sha(file.content_bytes)
    return digest


def page_keys(global_key: str, files, nav, court, blog) -> tuple[dict[str, str], dict[str, str]]:
    """Every documentation page's key (see the module's docstring) by its path in `site/`, and each post's own.

    The newest posts a page shows as cards are not in its key here: `with_news` adds them.
    """
    from material.plugins.blog.structure import View

    doc_files = files.documentation_pages()
    source = {f.src_uri: _source_digest(f) for f in doc_files}
    beside: dict[str, list] = {}
    for f in files:
        if not f.is_documentation_page():
            try:
                size = os.path.getsize(f.abs_src_path) if f.abs_src_path else len(f.content_bytes)
            except OSError:
                size = -1
            beside.setdefault(f.src_uri.rpartition("/")[0], []).append([f.src_uri, size])
    base = [global_key, nav_key(nav)]

    def neighbours(page) -> list:  # <link rel="prev/next"> (and a footer, when the theme shows one)
        return [[p.url, source.get(p.file.src_uri) if p.file else p.title] if p is not None else None
                for p in (page.previous_page, page.next_page)]

    posts = _posts(blog)
    listed = {}  # what a post's excerpt and card are made from
    for post in posts:
        uri = post.file.src_uri
        listed[uri] = _sha(uri, post.url, source[uri], beside.get(uri.rpartition("/")[0], []))
    static = _sha(sorted((uri, digest) for uri, digest in source.items() if uri not in listed))
    keys = {}
    for f in doc_files:
        page, uri = f.page, f.src_uri
        if uri in listed:
            keys[f.dest_uri] = _sha(base, listed[uri], f.dest_uri, neighbours(page), court.stamp_key(page))
            continue
        common = [base, uri, f.dest_uri, page.url, source.get(uri), neighbours(page), static, court.stamp_key(page)]
        if isinstance(page, View):
            keys[f.dest_uri] = _sha(common, _position(page), len(page.pages or ()),
                                    [listed.get(p.file.src_uri) for p in _shown_posts(blog, page)])
        else:
            keys[f.dest_uri] = _sha(common)
    return keys, listed


def with_news(key: str, news: int, court, listed: dict[str, str]) -> str:
    """`key` of a page that shows the `news` newest posts as cards: with their keys."""
    return _sha(key, [listed[p.file.src_uri] for p in court.newest_posts(news)]) if news else key


def _posts(blog) -> list:
    return list(getattr(getattr(blog, "blog", None), "posts", None) or ()) if blog is not None else []


class _Order(list):
    """Pages to render, the ones a reader looks at first in front; `first`: how many those are."""

    first: int = 0


def _first(files, blog, pages: list) -> _Order:
    """`pages` with the changed posts, the first page of each listing and the home page in front."""
    from material.plugins.blog.structure import View

    post_uris = {p.file.src_uri for p in _posts(blog)}

    def early(file) -> bool:
        page = file.page
        return file.src_uri in post_uris or file.dest_uri == "index.html" or \
            (isinstance(page, View) and _position(page) == 0)

    order = _Order([f for f in pages if early(f)])
    order.first = len(order)
    order.extend(f for f in pages if not early(f))
    return order


def _position(view) -> int:
    """The view's place among the pages of its pagination (by identity: `Page.__eq__` is slow)."""
    return next((i for i, p in enumerate(view.pages or ()) if p is view), 0)


def _shown_posts(blog, view) -> list:
    """The posts a blog view lists (the slice Material's blog plugin renders for this page of the view)."""
    posts = list(view.posts or ())
    if blog._config_pagination(view) and view.pages:
        step = blog._config_pagination_per_page(view)
        at = _position(view)
        return posts[at * step: at * step + step]
    return posts


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _stat(path: Path) -> list:
    try:
        info = os.stat(path)
    except OSError:
        return []
    return [info.st_size, info.st_mtime_ns]


_SITEMAP = "sitemap.xml"


def _sitemap_key(global_key: str, env, files) -> str | None:
    """What MkDocs' own sitemap is made from (None: a theme's own sitemap template, which may read anything)."""
    from mkdocs import utils

    if not global_key or Path(env.get_template(_SITEMAP).filename).parent != Path(utils.__file__).parent.parent / "templates":
        return None
    return _sha(global_key, [[f.src_uri, None if f.page is None else
                              [f.page.is_link, f.page.canonical_url, f.page.abs_url, f.page.update_date]]
                             for f in files.documentation_pages()])


def _written(site_dir: Path, names: list[str]) -> list:
    return [[name, *_stat(Path(site_dir) / name), _file_digest(Path(site_dir) / name)] for name in names]


def _still_written(site_dir: Path, recorded: list) -> bool:
    """The files are as `_written` recorded them: same size and time, else same digest."""
    for name, *stat, digest in recorded:
        path = Path(site_dir) / name
        if _stat(path) != stat and _file_digest(path) != digest:
            return False
    return bool(recorded)


def _current_stat(cache: Cache | None, dest: str, key: str, site_dir: Path) -> list | None:
    """The page's file's [size, mtime] when its key is the recorded one and the file is as written (same size
    and time, else same digest); None when the page must be rendered again.

    The digest covers a `site/` restored from the CI cache, whose times are rounded.
    """
    record = cache.pages.get(dest) if cache else None
    if record is None or record.key != key:
        return None
    path = Path(site_dir) / dest
    if record.stat and _stat(path) == record.stat:
        return record.stat
    return _stat(path) if _file_digest(path) == record.digest else None


# --------------------------------------------------------------------------- the build


def _render_page(page, config, doc_files, nav, env, replace: bool) -> bytes | None:
    """`mkdocs.commands.build._build_page`, returning what it wrote; `replace`: atomically, over a file there."""
    from mkdocs import utils
    from mkdocs.commands.build import get_context
    from mkdocs.exceptions import BuildError

    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        if not output.strip():
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
            return None
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        if replace:
            atomic_write(Path(page.file.abs_dest_path), data, durable=False)
        else:
            utils.write_file(data, page.file.abs_dest_path)
        return data
    except Exception as e:
        message = f"Error building page '{page.file.src_uri}':"
        if not isinstance(e, BuildError):
            message += f" {e}"
        log.error(message)
        raise
    finally:
        page.active = False
        config._current_page = None


def _prepare_only(page, config, files, record: PageRecord) -> None:
    """Read a post and run the Markdown plugins on it, without rendering: enough for its excerpt and card."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page._title_from_render = record.title
    finally:
        config._current_page = None


def _copy_static(file, previous: Cache | None, copied: dict[str, list]) -> None:
    """A static file into `site/`: all of them on a cold build, else the ones whose source is not as last copied.

    A source is as last copied when its size and modification time are the ones
    recorded then, and the copy in `site/` still has its size.
    """
    dest = Path(file.abs_dest_path)
    if file.generated_by is not None or file.abs_src_path is None:
        data = file.content_bytes
        if previous is None:
            file.copy_file()
        elif not dest.is_file() or dest.read_bytes() != data:
            atomic_write(dest, data, durable=False)
        return
    source = os.stat(file.abs_src_path)
    mark = [source.st_size, source.st_mtime_ns, source.st_size]
    copied[file.dest_uri] = mark
    if previous is None:
        file.copy_file()
        return
    try:
        if previous.copied.get(file.dest_uri) == mark and dest.stat().st_size == source.st_size:
            return
    except OSError:
        pass
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(handle)
    try:
        shutil.copyfile(file.abs_src_path, temporary)
        os.replace(temporary, dest)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _search_plugin(config):
    for name in ("material/search", "search"):
        if name in config.plugins:
            return config.plugins[name]
    return None


def _blog_plugin(config):
    for name in ("material/blog", "blog"):
        if name in config.plugins:
            return config.plugins[name]
    return None


class BuildCancelled(Exception):
    """`cancelled()` said so: the pages written stay (each is whole), the cache stays as it was."""


def build(config, cache_dir: Path | None, *, reuse: bool = True, live: bool = False,
          shown_first: Callable[[], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> tuple[BuildStats, Cache | None]:
    """Build like `mkdocs build`, reusing the pages the cache in `cache_dir` holds (None: no cache).

    `reuse=False` renders every page (a cold build) and makes a new cache. The pages
    a change is seen on first (the changed posts, the first page of each news listing,
    the home page) are rendered first, then `shown_first()` is called (`pipeline serve`
    reloads the browsers there); the order changes nothing in the output. `cancelled()`
    is asked before each page is rendered; True stops the build with `BuildCancelled`.
    `live`: keep what `rerender` needs in `stats.state` (reading every post's front
    matter again: 0.1 s at 3,000 posts, for nothing in a build that ends its process).
    Returns what it did and the cache to save once the build is known to have no warning.
    """
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template, _populate_page
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page
    from material.plugins.blog.structure import View

    def stop_if_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise BuildCancelled()

    inclusion = InclusionLevel.is_included
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def reached(phase: str) -> None:
        phases[phase] = round(time.perf_counter() - started, 3)

    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        site_dir = Path(config.site_dir)
        key, reason = global_key(config) if cache_dir is not None else ("", "no cache for this build")
        previous = load(cache_dir) if key and reuse else None
        if not reuse:
            reason = "a cold build was asked for"
        elif previous is not None and previous.global_key != key:
            previous, reason = None, "the configuration, theme or a library changed"
        elif previous is None and key:
            reason = reason or "no cache yet"
        stats = BuildStats(cold=previous is None, reason=reason, phases=phases)
        reached("configuration and cache")
        if previous is not None:
            from . import news

            news.HEADS.update((k, (v[0], v[1])) for k, v in previous.heads.items())
            news.FRONT_MATTER.update(previous.front_matter)
            news.SETTINGS.update(previous.settings)
        if previous is None:
            utils.clean_directory(str(site_dir))

        files = get_files(config)
        env = config.theme.get_env()
        _TEMPLATES.install(env)
        files.add_files_from_theme(env, config)
        reached("files")
        files = config.plugins.on_files(files, config=config)
        reached("plugins' files (the blog's posts)")
        stop_if_cancelled()
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        reached("navigation")
        stop_if_cancelled()

        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        court = config.plugins["court"]
        blog = _blog_plugin(config)
        keys, listed = page_keys(key, files, nav, court, blog) if key else ({}, {})
        current = {}  # the pages not rendered again: their files' [size, mtime]
        for dest, page_key in keys.items() if previous is not None else ():
            if dest in previous.pages:
                stat = _current_stat(previous, dest, with_news(page_key, previous.pages[dest].news, court, listed),
                                     site_dir)
                if stat is not None:
                    current[dest] = stat
        to_render = {f.dest_uri for f in doc_files} - current.keys()
        post_uris = {p.file.src_uri for p in _posts(blog)}
        prepared: set[str] = set()

        def prepare(file) -> None:  # once, for a page not rendered that a rendered one shows
            if file.dest_uri in current and file.src_uri not in prepared:
                prepared.add(file.src_uri)
                _prepare_only(file.page, config, files, previous.pages[file.dest_uri])

        court.prepare_post = lambda post: prepare(post.file)  # a card (the home page's) of a post not rendered
        reached("keys")

        for file in doc_files:
            if file.dest_uri in to_render:
                stop_if_cancelled()
                _populate_page(file.page, config, files)
            elif file.src_uri not in post_uris:
                prepare(file)  # the navigation prints its title

        reached("pages read")
        env = config.plugins.on_env(env, config=config, files=files)
        copied: dict[str, list] = {}
        for file in files:
            if not file.is_documentation_page() and inclusion(file.inclusion):
                _copy_static(file, previous, copied)
        reached("static files")
        search = _search_plugin(config)
        entries = search.search_index.entries if search is not None and search.config.enabled else None
        found: dict[str, list] = {}  # each page's search entries, put in the index in the pages' order
        records: dict[str, PageRecord] = {}
        for file in doc_files:
            if file.dest_uri in current:
                record = records[file.dest_uri] = previous.pages[file.dest_uri]
                record.stat = current[file.dest_uri]  # another time than recorded when its digest matched
                found[file.dest_uri] = record.search
                court.replay(file.page, record.feed, record.source)
                stats.reused += 1
        order = _first(files, blog, [f for f in doc_files if f.dest_uri in to_render])
        for number, file in enumerate(order):
            stop_if_cancelled()
            if number == order.first:
                reached("first pages rendered")
                if shown_first is not None:
                    shown_first()
            page = file.page
            if isinstance(page, View):
                for post in _shown_posts(blog, page):  # their excerpts: prepared as late as they are needed
                    prepare(post.file)
            before_search = len(entries) if entries is not None else 0
            before_feed = len(court.items)
            court.news_asked = 0
            data = _render_page(page, config, doc_files, nav, env, replace=previous is not None)
            stats.rendered.append(file.dest_uri)
            found[file.dest_uri] = entries[before_search:] if entries is not None else []
            if key and data is not None:
                feed = court.items[before_feed:]
                records[file.dest_uri] = PageRecord(
                    with_news(keys[file.dest_uri], court.news_asked, court, listed), hashlib.sha256(data).hexdigest(),
                    found[file.dest_uri], court.feed_record(feed[0]) if feed else None,
                    court.page_sources.get(file.dest_uri), page._title_from_render,
                    _stat(Path(file.page.file.abs_dest_path)), court.news_asked)
        if order.first >= len(order):
            reached("first pages rendered")
            if shown_first is not None:
                shown_first()
        reached("pages rendered")
        # after the pages (MkDocs: before), so that what a change is seen on comes sooner; nothing
        # in a page depends on them
        templates: dict[str, list] = {}
        for template in config.theme.static_templates:
            sitemap = _sitemap_key(key, env, files) if template == _SITEMAP else None
            known = previous.templates.get(template) if previous is not None and sitemap else None
            if known is not None and known[0] == sitemap and _still_written(site_dir, known[1]):
                templates[template] = known  # its pages' URLs and dates as last time: 0.3 s at 3,000 posts
                continue
            _build_theme_template(template, env, files, config, nav)
            if sitemap:
                templates[template] = [sitemap, _written(site_dir, [template, template + ".gz"])]
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        reached("templates (sitemap, 404 page)")
        if entries is not None:
            entries[:] = [entry for f in doc_files for entry in found.get(f.dest_uri, ())]

        log_level = config.validation.links.anchors
        for file in doc_files:
            if file.dest_uri in to_render:
                file.page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)
        reached("search index and feeds")
        log.debug("Build steps (seconds from the start): %s", phases)
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!")
        raise

    made = {f.dest_uri for f in files if inclusion(f.inclusion)}
    stats.pages = sum(1 for rel in made if rel.rpartition("/")[2] == "index.html")
    if previous is None:
        extras = [p for p in _site_files(site_dir) if p not in made]
    else:
        extras = previous.extras
        stats.removed = _remove(site_dir, set(previous.outputs) - made - set(extras))
    if live:
        stats.state = LiveState(config, files, nav, env, {p.file.src_uri: _title_source(p) for p in nav.pages},
                                {p.file.src_uri: front_matter(p.file.content_string) for p in _posts(blog)},
                                {dest: record.news for dest, record in records.items() if record.news} if key else None)
    from . import news

    heads = {k: list(news.HEADS[k]) for k in news.used_heads if k in news.HEADS}
    if previous is not None and len(previous.heads) < 2 * max(len(_posts(blog)), 100):
        heads = {**previous.heads, **heads}  # the heads no view rendered this time, for the next build
    front = {k: news.FRONT_MATTER[k] for k in news.used_front_matter if k in news.FRONT_MATTER}
    settings = {k: news.SETTINGS[k] for k in news.used_settings if k in news.SETTINGS}
    return stats, (Cache(key, records, extras, sorted(made | set(extras)), copied, heads, front, templates, settings)
                   if key else None)


def _site_files(site_dir: Path) -> list[str]:
    out = []
    for folder, _dirs, names in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        out.extend(name if rel == "." else f"{rel}/{name}" for name in names)
    return out


def _remove(site_dir: Path, stale: set[str]) -> int:
    """Delete what the last build made and this one does not (a cold build would not have it), and emptied folders."""
    for rel in stale:
        path = Path(site_dir) / rel
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == Path(site_dir) or any(folder.iterdir()):
                break
            folder.rmdir()
    return len(stale)


# --------------------------------------------------------------------------- quick renders (pipeline serve)


def front_matter(text: str) -> str | None:
    """The front matter block of a Markdown source (None: it has none)."""
    from mkdocs.utils.meta import YAML_RE

    match = YAML_RE.match(text)
    return match.group(1) if match else None


def rerender(state: LiveState, changed: dict[str, str]) -> list[str] | None:
    """Draw again, with the last build's objects, the pages whose text changed and the pages that show them.

    `changed`: source path in the docs folder -> its new text. Only for changes that leave the site's
    structure as it was — the text of existing pages, a post's body under the same
    front matter, the same navigation titles; returns None for anything else (the
    caller makes a real build), else the paths in `site/` written. What a quick
    render leaves out (search index, feeds, stamps' dates) the next build brings in.
    """
    from material.plugins.blog.structure import View
    from mkdocs.commands.build import _populate_page

    config, files, nav, env = state.config, state.files, state.nav, state.env
    blog, court = _blog_plugin(config), config.plugins["court"]
    posts = _posts(blog)
    post_uris = {p.file.src_uri for p in posts}
    pages = []
    for uri, text in changed.items():
        file = files.get_file_from_path(uri)
        if file is None or file.page is None or not file.is_documentation_page() or isinstance(file.page, View):
            return None
        if uri in post_uris:
            if state.front.get(uri) is None or front_matter(text) != state.front[uri]:
                return None
        elif uri in state.titles and _title_from_text(file.page, text) != state.titles[uri]:
            return None
        pages.append(file.page)
    shown = set()
    for page in pages:
        if page.file.src_uri in post_uris:
            from mkdocs.utils.meta import YAML_RE

            text = changed[page.file.src_uri]
            page.markdown = text[YAML_RE.match(text).end():].lstrip("\n")
        page.content = None
        page._title_from_render = None
        court.forget(page)
        _populate_page(page, config, files)
        shown.add(page.file.src_uri)
    others = [f.page for f in files.documentation_pages() if f.src_uri not in post_uris and f.page is not None]
    views = [p for p in others if isinstance(p, View)
             and any(q.file.src_uri in shown for q in _shown_posts(blog, p))]
    if shown - post_uris:  # another page's text: what every page that is not a post is keyed on
        statics = [p for p in others if not isinstance(p, View)]
    elif state.news is None:
        newest = {p.file.src_uri for p in posts[:NEWEST]}
        statics = [p for p in others if not isinstance(p, View)] if shown & newest else []
    else:  # the pages whose cards show a changed post
        statics = [f.page for f in files.documentation_pages() if f.page is not None and state.news.get(f.dest_uri)
                   and shown & {q.file.src_uri for q in court.newest_posts(state.news[f.dest_uri])}]
    for page in views:
        page.content = None
        _populate_page(page, config, files)  # afresh: rendering a view adds its excerpts' entries to its toc
    for page in statics:
        if page.content is None:  # not rendered by the last build
            _populate_page(page, config, files)
    written = []
    doc_files = files.documentation_pages()
    for page in {id(p): p for p in pages + views + statics}.values():
        if _render_page(page, config, doc_files, nav, env, replace=True) is not None:
            written.append(page.file.dest_uri)
    return written
