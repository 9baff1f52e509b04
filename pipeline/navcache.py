"""Render Material's navigation once for all the pages that see the same one.

Material renders `partials/nav.html` (the sidebar) and `partials/tabs.html` for every
page; at 3,000 posts that was a fifth of the template time, although no post is in
the navigation. What those templates print depends on the page only through:

- which navigation items are active (a post makes the news section active),
- comparisons of the page with the items (`nav_item == page`, `index == page`,
  `page in nav_item.pages`): when one is true, the page is "held": its item is
  printed from the page (title, link, the metadata Material reads) with the page's
  own table of contents (`partials/toc.html`) inside,
- the `url` filter, which makes every link relative to the page (MkDocs'
  `normalize_url`; the blog plugin's wrapper changes a link only on its own views,
  which are in the navigation, so never served from here).

A relative link from page P to a target T depends only on P's folder D: how many
parts it has and how many of its first parts T shares. When no target lies in or
under D, that is the same for every page whose folder has the same parent as D. So
the key is: the template, the navigation, the active items and the parent of D; a
page whose folder holds a target is rendered as usual.

A held page (a further page of a news listing: `berita/page/7/`) adds to the key
which items hold it and what its item prints of it; its table of contents is left
out of the cached sidebar as a marker and rendered for the page, from the page (what
`partials/toc.html` reads: the page's `toc`, `config`, `lang`). A first render of
each such key checks that claim: the table of contents rendered where the sidebar
included it must be the one rendered for the page, else held pages are no longer
cached.

Installed from the `court` plugin's `env` event through Jinja's `template_class`,
around Material's own templates (nothing in a template changes): a theme or override
that replaces one of the cached partials turns the cache off for it (`_is_theme_own`).
`tests/test_navcache.py` compares sites built with and without it byte for byte.
"""

from __future__ import annotations

import itertools
import posixpath
import threading
from pathlib import Path

from jinja2 import Environment, Template
from mkdocs.structure.pages import Page

# The partials rendered through the cache, and the partials they import.
CACHED = {"partials/nav.html": "partials/nav-item.html", "partials/tabs.html": "partials/tabs-item.html"}
# The partial a held page's item includes (its table of contents), and what stands for it in the cache.
TOC = "partials/toc.html"
_TOC_MARK = "\x00court-nav-toc\x00"


def _parts(path: str) -> tuple[str, ...]:
    """`path` as MkDocs' `get_relative_url` splits it (normalised, without leading slash)."""
    path = posixpath.normpath("/" + path)[1:]
    return tuple(path.split("/")) if path else ()


def _folder(url: str) -> tuple[str, ...]:
    """The folder `get_relative_url` makes links relative to: `url` without a file name."""
    folder, _, name = url.rpartition("/")
    return _parts(folder if "." in name else url)


class NavCache:
    """The rendered navigation partials of one build, by what they depend on."""

    def __init__(self) -> None:
        self.html: dict[tuple, str] = {}
        self.hits = 0
        self.misses = 0
        self._plans: dict[int, _NavPlan] = {}
        self._serials = itertools.count()
        self._toc: tuple | None = None      # Material's `partials/toc.html` and its own render: held pages are cached
        # per thread (`pipeline serve` draws with one build's objects while the next one runs): whether a held
        # page's sidebar is being rendered for the cache, and the contexts it included the table of contents with
        self._local = threading.local()

    def install(self, env: Environment) -> None:
        """Serve the navigation partials of `env` from this cache (for templates loaded from now on)."""
        base = env.template_class
        cache = self
        names = {name for name in CACHED if _is_theme_own(env, name)}
        if not names:
            return

        class CachedNavTemplate(base):  # type: ignore[misc, valid-type]
            @classmethod
            def from_code(cls, environment, code, globals, uptodate=None):  # noqa: A002 - Jinja's name
                template = super().from_code(environment, code, globals, uptodate)
                if template.name in names:
                    cache.wrap(template)
                return template

        env.template_class = CachedNavTemplate
        for name in names:  # loaded already, before the class was set: wrap the cached object
            template = env.get_template(name)
            if not getattr(template, "_court_nav_cached", False):
                self.wrap(template)
        if "partials/nav.html" in names and _is_theme_own(env, TOC, "partials/toc-item.html"):
            self._mark_toc(env.get_template(TOC))

    def _mark_toc(self, template: Template) -> None:
        """`partials/toc.html` prints a marker while a held page's sidebar is rendered for the cache."""
        if getattr(template, "_court_toc_marked", False):
            return
        render = template.root_render_func
        self._toc = (template, render)

        def marked_render(context):
            included = getattr(self._local, "included", None)
            if included is not None:
                included.append(context)
                yield _TOC_MARK
            else:
                yield from render(context)

        template.root_render_func = marked_render
        template._court_toc_marked = True

    def _toc_html(self, context) -> str:
        """The page's table of contents, as `partials/toc.html` prints it."""
        template, render = self._toc
        return template.environment.concat(list(render(template.new_context(context.get_all(), True))))

    def wrap(self, template: Template) -> None:
        render = template.root_render_func
        name = template.name

        def cached_render(context):
            key = self.key(name, context)
            if key is None:
                yield from render(context)
                return
            html = self.html.get(key)
            if html is None:
                self.misses += 1
                if key[0] != "held":
                    html = self.html[key] = template.environment.concat(list(render(context)))
                else:
                    html = self._held(key, render, context)
                    if html is None:
                        yield from render(context)
                        return
            else:
                self.hits += 1
            yield html.replace(_TOC_MARK, self._toc_html(context)) if _TOC_MARK in html else html

        template.root_render_func = cached_render
        template._court_nav_cached = True

    def _held(self, key: tuple, render, context) -> str | None:
        """A held page's sidebar with a marker for its table of contents; None (and no more held pages) when the
        table of contents it included is not the one `_toc_html` prints for the page."""
        concat, toc_render = context.environment.concat, self._toc[1]
        included = self._local.included = []
        try:
            html = concat(list(render(context)))
        finally:
            self._local.included = None
        if html.count(_TOC_MARK) != len(included) or len(included) > 1 or any(
                concat(list(toc_render(c))) != self._toc_html(context) for c in included):
            self._toc = None
            return None
        self.html[key] = html
        return html

    def key(self, name: str, context) -> tuple | None:
        """What the partial's output depends on for this page, or None when the page is in the navigation."""
        page, nav = context.get("page"), context.get("nav")
        url = getattr(page, "url", None)
        if nav is None or not isinstance(url, str):
            return None
        plan = self._plan(nav, context.get("config"))
        folder = _folder(url)
        if not folder or folder in plan.targets:
            return None
        key = (name, plan.serial, id(context.get("config")), context.get("base_url"), folder[:-1], len(folder),
               tuple([getattr(item, "active", None) for item in plan.items]))
        if not plan.may_hold(page):
            return key
        if name != "partials/nav.html" or self._toc is None:
            return None
        holders = plan.holders(page)
        if holders is None:
            return None
        return ("held", *key, holders, _as_item(page, context))

    def _plan(self, nav, config) -> "_NavPlan":
        plan = self._plans.get(id(nav))
        if plan is None or plan.nav is not nav or not plan.unchanged():
            plan = self._plans[id(nav)] = _NavPlan(nav, config, next(self._serials))
        return plan


class _NavPlan:
    """What `NavCache.key` needs of one navigation, gathered once per build."""

    def __init__(self, nav, config, serial: int) -> None:
        self.nav, self.serial = nav, serial
        self.items: list = []
        self.lists: list[tuple[list, int]] = []  # every list of items, to notice a change
        self.ids: set[int] = set()
        self.files: set[int] = set()
        self.others: list = []  # items with an `==` of their own: compared as the template does
        urls = [getattr(nav.homepage, "url", None) if getattr(nav, "homepage", None) else None]
        if config is not None:
            urls += [(config.get("extra") or {}).get("homepage"), (config.get("theme") or {}).get("logo")]
        stack = [nav.items]
        while stack:
            items = stack.pop()
            self.lists.append((items, len(items)))
            for item in items:
                self.items.append(item)
                urls.append(getattr(item, "url", None))
                # `page in item.pages`: a blog view and its further pages
                for member in (item, *(getattr(item, "pages", None) or ())):
                    if type(member).__eq__ not in _PLAIN_EQ:
                        self.others.append(member)
                    self.ids.add(id(member))
                    if getattr(member, "file", None) is not None:
                        self.files.add(id(member.file))
                children = getattr(item, "children", None)
                if children:
                    stack.append(children)
        self.lists += [(pages, len(pages)) for item in self.items
                       if isinstance(pages := getattr(item, "pages", None), list)]
        # the items and the members of their `pages` by their `File` (only those can equal a page)
        self.by_file: dict[int, list] = {}
        self.listed_by_file: dict[int, list] = {}
        for number, item in enumerate(self.items):
            if getattr(item, "file", None) is not None:
                self.by_file.setdefault(id(item.file), []).append((number, item))
            for member in getattr(item, "pages", None) or ():
                if getattr(member, "file", None) is not None:
                    self.listed_by_file.setdefault(id(member.file), []).append((number, member))
        prefixes = set()
        for target in (u for u in urls if isinstance(u, str)):
            parts = _parts(target)
            prefixes.update(parts[:n] for n in range(1, len(parts) + 1))
        self.targets = frozenset(prefixes)

    def unchanged(self) -> bool:
        return all(len(items) == length for items, length in self.lists)

    def holders(self, page) -> tuple | None:
        """Which items equal `page` and which list it in their `pages`: the comparisons the sidebar makes with it.

        None when an item or the page compares in a way of its own (not as MkDocs' `Page`
        does: equal only with the same `File` object, so only those are compared).
        """
        if self.others or type(page).__eq__ not in _PLAIN_EQ:
            return None
        file = id(getattr(page, "file", None))
        equal = sorted({n for n, item in self.by_file.get(file, ()) if item == page}
                       | {n for n, item in enumerate(self.items) if item is page})
        listing = sorted({n for n, member in self.listed_by_file.get(file, ()) if member == page})
        return tuple(equal), tuple(listing)

    def may_hold(self, page) -> bool:
        """False when no item equals `page` and no view lists it (without comparing titles, which can cost a render).

        MkDocs' `Page.__eq__` needs the same `File` object (`File` compares by identity);
        sections, links and the blog's posts and views compare as `Page` does or by identity.
        """
        if id(page) in self.ids or type(page).__eq__ not in _PLAIN_EQ:
            return True
        file = getattr(page, "file", None)
        return (file is not None and id(file) in self.files) or any(member == page for member in self.others)


# MkDocs' `Page.__eq__` (same kind, title and `File` object) and identity.
_PLAIN_EQ = (object.__eq__, Page.__eq__)


def _as_item(page, context) -> tuple:
    """What `nav-item.html` prints of a held page (its item is the page then): Material 9's reads of `nav_item`,
    its link through the theme's `url` filter (the blog's points a further page at its listing), and whether its
    table of contents has entries (the item is then a label too)."""
    meta = getattr(page, "meta", None) or {}
    typeset = getattr(page, "typeset", None)
    toc = list(getattr(page, "toc", None) or ())
    if toc and getattr(toc[0], "level", None) == 1:
        toc = list(toc[0].children or ())
    link = context.environment.filters["url"]
    href = link(context, page.url) if getattr(link, "jinja_pass_arg", None) is not None else link(page.url)
    return (type(page), str(page.title), href, getattr(page, "active", None),
            bool(getattr(page, "children", None)), bool(getattr(page, "encrypted", None)),
            repr([meta.get(k) for k in ("icon", "subtitle", "status")]),
            getattr(typeset, "title", None) if typeset else None, bool(toc))


def _is_theme_own(env: Environment, name: str, imported: str | None = None) -> bool:
    """True when `name` and the partial it imports are the theme's (Material's), not an override."""
    import material

    theme_dir = Path(material.__file__).resolve().parent / "templates"
    for template in (name, imported or CACHED[name]):
        try:
            _, filename, _ = env.loader.get_source(env, template)
        except Exception:  # noqa: BLE001 - no such template: nothing to cache
            return False
        if not filename or not Path(filename).resolve().is_relative_to(theme_dir):
            return False
    return True
