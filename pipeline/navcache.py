"""Render Material's navigation once for all the pages that see the same one.

Material renders `partials/nav.html` (the sidebar) and `partials/tabs.html` for every
page; at 3,000 posts that was a fifth of the build, although no post is in the
navigation. What those templates print depends on the page only through:

- which navigation items are active (a post makes the news section active),
- comparisons of the page with the items (`nav_item == page`, `index == page`,
  `page in nav_item.pages`): when any is true, the page's own table of contents is
  printed, so such a page is never served from the cache,
- the `url` filter, which makes every link relative to the page (MkDocs'
  `normalize_url`; the blog plugin's wrapper changes a link only on its own views,
  which are in the navigation, so never served from here).

A relative link from page P to a target T depends only on P's folder D: how many
parts it has and how many of its first parts T shares. When no target lies in or
under D, that is the same for every page whose folder has the same parent as D (see
`_folder_key`). So the key is: the template, the navigation, the active items and
the parent of D; and a page whose folder holds a target is rendered as usual.

Installed from the `court` plugin's `env` event through Jinja's `template_class`,
around Material's own templates (nothing in a template changes): a theme or override
that replaces one of the cached partials turns the cache off for it (`_is_theme_own`).
`tests/test_navcache.py` compares sites built with and without it byte for byte.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from jinja2 import Environment, Template

# The partials rendered through the cache, and the partials they import.
CACHED = {"partials/nav.html": "partials/nav-item.html", "partials/tabs.html": "partials/tabs-item.html"}


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
        self._targets: dict[int, tuple[object, frozenset[tuple[str, ...]]]] = {}

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
                html = self.html[key] = template.environment.concat(list(render(context)))
            else:
                self.hits += 1
            yield html

        template.root_render_func = cached_render
        template._court_nav_cached = True

    def key(self, name: str, context) -> tuple | None:
        """What the partial's output depends on for this page, or None when the page is in the navigation."""
        page, nav = context.get("page"), context.get("nav")
        url = getattr(page, "url", None)
        if nav is None or not isinstance(url, str):
            return None
        folder = _folder(url)
        if not folder or folder in self._link_targets(nav, context.get("config")):
            return None
        state = []
        stack = list(reversed(list(nav.items)))
        while stack:
            item = stack.pop()
            if item is page or item == page:
                return None
            views = getattr(item, "pages", None)
            if isinstance(views, list) and page in views:
                return None
            state.append((id(item), bool(getattr(item, "active", False))))
            stack.extend(reversed(getattr(item, "children", None) or ()))
        return (name, id(nav), id(context.get("config")), context.get("base_url"), folder[:-1], len(folder),
                tuple(state))

    def _link_targets(self, nav, config) -> frozenset[tuple[str, ...]]:
        """Every folder holding a link target of the navigation partials (items, home page, logo)."""
        known = self._targets.get(id(nav))
        if known is not None and known[0] is nav:
            return known[1]
        urls = [getattr(nav.homepage, "url", None) if getattr(nav, "homepage", None) else None]
        if config is not None:
            urls += [(config.get("extra") or {}).get("homepage"), (config.get("theme") or {}).get("logo")]
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            urls.append(getattr(item, "url", None))
            stack.extend(getattr(item, "children", None) or ())
        prefixes = set()
        for target in (u for u in urls if isinstance(u, str)):
            parts = _parts(target)
            prefixes.update(parts[:n] for n in range(1, len(parts) + 1))
        self._targets[id(nav)] = (nav, frozenset(prefixes))
        return self._targets[id(nav)][1]


def _is_theme_own(env: Environment, name: str) -> bool:
    """True when `name` and the partial it imports are the theme's (Material's), not an override."""
    import material

    theme_dir = Path(material.__file__).resolve().parent / "templates"
    for template in (name, CACHED[name]):
        try:
            _, filename, _ = env.loader.get_source(env, template)
        except Exception:  # noqa: BLE001 - no such template: nothing to cache
            return False
        if not filename or not Path(filename).resolve().is_relative_to(theme_dir):
            return False
    return True
