"""The `court` MkDocs plugin: the court's identity from pipeline.yml, and the news feeds.

The feeds are written here from the blog posts MkDocs has already rendered, rather
than through mkdocs-rss-plugin, which pulls in GitPython and asks git about every page.
"""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from email.utils import format_datetime
from itertools import islice
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree as ET

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page
from markupsafe import Markup

from . import mdpool, news, pages, postformat, sanitize
from .config import Settings, load_settings
from .findings import ConfigError
from .files import atomic_write
from .i18n import _
from .lightbox import Lightbox
from .navcache import NavCache

_log = logging.getLogger("mkdocs.plugins.court")

FEED_RSS = "feed_rss.xml"
FEED_JSON = "feed.json"
FEED_SIZE = 20


@dataclass(frozen=True)
class FeedItem:
    """A post in the feeds; `title` and `summary` are HTML (escaped text), as the pages print them."""

    title: str
    url: str
    published: datetime
    summary: str
    categories: tuple[str, ...]


def _as_datetime(value: object, tz) -> datetime | None:
    if isinstance(value, dict):  # Material allows `date: {created: ...}`
        value = value.get("created")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(9, 0), tz)
    return None


class CourtPlugin(BasePlugin):
    """Fills site_name, site_url, copyright and `extra.court` from the court's settings."""

    settings: Settings
    blog_dir = "berita"
    blog_plugin = None
    # The folder whose git history dates the pages (None: docs_dir); the preview builds a
    # copy of part of content/ elsewhere and sets it to content/ (pipeline/preview.py).
    dates_from: Path | None = None
    # Settings already loaded from this root (the preview's, reloaded when pipeline.yml changes).
    given_settings: Settings | None = None
    # `news_speedups: false` turns off the blog plugin fixes of pipeline/news.py
    # (bench/news.py uses it to measure the build without them).
    # `nav_cache: false` renders Material's navigation for every page (pipeline/navcache.py);
    # `lightbox_by_text: false` lets glightbox re-parse every page (pipeline/lightbox.py);
    # `one_parser: false` lets MkDocs build a Markdown parser per page (pipeline/mdpool.py).
    config_scheme = (("news_speedups", config_options.Type(bool, default=True)),
                     ("nav_cache", config_options.Type(bool, default=True)),
                     ("lightbox_by_text", config_options.Type(bool, default=True)),
                     ("one_parser", config_options.Type(bool, default=True)))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent.parent
        try:
            self.settings = self.given_settings or load_settings(root)
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        court = self.settings.court
        config.site_name = court.name
        config.site_url = self.site_url = court.site_url
        config.copyright = f"Hak cipta &copy; {court.name}"
        config.site_description = config.site_description or f"Situs resmi {court.name}"
        config.extra["court"] = self.facts = court.model_dump()
        # The court's emblem is the header logo and the favicon (pipeline.yml: court.logo),
        # when the file is there; without it the theme keeps its own icon.
        self.logo = court.logo if self._site_file(config, court.logo) else None
        if self.logo:
            config.theme["logo"] = self.logo
            config.theme["favicon"] = self.logo
        self.social_image = court.social_image if self._site_file(config, court.social_image) else self.logo
        blog = config.plugins.get("material/blog") or config.plugins.get("blog")
        self.blog = blog
        self._cards: dict[str, pages.Card] = {}
        # the incremental build's hooks: how many newest posts the page being rendered asked
        # for as cards (its key then holds theirs), and a post's reading before its card is made
        self.news_asked = 0
        self.prepare_post: Callable[[Page], None] | None = None
        self.announcements: list[pages.Announcement] = []
        if blog is not None:
            self.blog_dir = blog.config.blog_dir
        self.blog_plugin = blog if blog is not None and self.config["news_speedups"] else None
        news.install(self.blog_plugin is not None)
        self.items: list[FeedItem] = []
        self.lightbox = Lightbox.take_over(config.plugins) if self.config["lightbox_by_text"] else None
        return config

    @staticmethod
    def _site_file(config: MkDocsConfig, path: str) -> bool:
        """True when `path` will be in the built site: a file in the theme overrides or in content/."""
        folders = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
        return any((folder / path).is_file() for folder in folders)

    @event_priority(-100)  # after the blog plugin (-50) has collected its posts
    def on_files(self, files, *, config: MkDocsConfig):
        if self.blog_plugin is not None and self.blog_plugin.config.enabled:
            news.speed_up_posts(self.blog_plugin)
        self.files = files
        self.announcements = pages.read_announcements(files)
        return files

    def on_env(self, env, *, config: MkDocsConfig, files):
        """Template helpers: the news cards, the announcements, the one date format, the share image."""
        mdpool.uninstall()
        env.globals["court_card"] = self.card
        env.globals["court_news"] = self.latest_news
        env.globals["court_announcements"] = lambda count=3: self.announcements[:count]
        env.globals["court_share_image"] = self.share_image
        env.filters["court_date"] = pages.indonesian_date
        self.nav_cache = None
        if self.config["nav_cache"]:
            self.nav_cache = NavCache()
            self.nav_cache.install(env)
        return env

    def card(self, post) -> pages.Card | None:
        """The card of a post or of its excerpt, made once per build."""
        post = getattr(post, "post", post)
        file = getattr(post, "file", None)
        if file is None or not self._is_post(post):
            return None
        card = self._cards.get(file.src_uri)
        if card is None:
            if self.prepare_post is not None:
                self.prepare_post(post)
            card = self._cards[file.src_uri] = pages.card_for(post, self.files)
        return card

    def latest_news(self, count: int = 6) -> list[pages.Card]:
        """The newest posts as cards."""
        self.news_asked = max(self.news_asked, count)
        return [self.card(p) for p in self.newest_posts(count)]

    def newest_posts(self, count: int) -> list:
        """The `count` newest posts that are not drafts (the blog keeps its posts sorted, newest first)."""
        view = getattr(self.blog, "blog", None) if self.blog is not None else None
        return list(islice((p for p in getattr(view, "posts", None) or () if not p.config.draft), count))

    def share_image(self, page) -> str | None:
        """The absolute URL of the image shown when `page` is shared: its first photo, or the court's image."""
        card = self.card(page) if page is not None else None
        path = (card.thumb.large or card.thumb.jpeg) if card is not None and card.thumb is not None else \
            self.social_image
        return (self.site_url or "/").rstrip("/") + "/" + path.lstrip("/") if path else None

    @event_priority(-100)  # after the blog plugin (-50) has set URLs and created the post's excerpt
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files):
        markdown = self._fill_placeholders(markdown, page)  # court facts, into the text and the meta first
        sanitize.escape_meta(page.meta)  # before anything prints the page's title or description
        markdown = postformat.relink_gallery(markdown, page, files)
        if self.blog_plugin is not None and self.blog_plugin.config.enabled:
            news.speed_up_excerpt(page, markdown, self.blog_plugin, config)
        return markdown

    def _fill_placeholders(self, markdown: str, page: Page) -> str:
        """`{{ court.name }}` and the like from pipeline.yml (pipeline/pages.py); an unknown one fails the build."""
        court = self.settings.court
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = pages.fill_text(page.meta[key], court, self.facts)
        markdown, unknown = pages.fill(markdown, court, self.facts,
                                       lambda: pages.announcements_block(self.announcements, page.file.src_uri))
        for placeholder in dict.fromkeys(unknown):
            _log.warning("Doc file '%s': %s", page.file.src_uri,
                         _("unknown placeholder {placeholder}: pipeline.yml has no such court fact "
                           "(see README, \"Court facts in pages\")").format(placeholder=placeholder))
        return markdown

    # Freshness (pipeline/freshness.py): one `git log` per build gives every page's date.
    # On `nav`, not `pre_build`: failing before the blog plugin's `files` event makes its
    # shutdown fail too (it removes a temporary folder only that event recreates).
    def on_nav(self, nav, *, config: MkDocsConfig, files) -> None:
        from . import freshness
        from .findings import PipelineError

        root = Path(config.config_file_path).resolve().parent.parent
        try:
            self.dates = freshness.site_dates(root, self.settings, Path(config.docs_dir), history_dir=self.dates_from)
        except PipelineError as exc:
            raise PluginError(str(exc)) from None
        for finding in self.dates.findings:
            _log.warning("Doc file '%s': %s", finding.path.split("/", 1)[-1], finding.text())
        self.page_sources: dict[str, str | None] = {}
        if self.config["one_parser"]:
            mdpool.install()  # until on_env: MkDocs converts the pages in between

    @event_priority(-100)  # last: the stamp goes around the finished page text
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files) -> str:
        if self.lightbox is not None:
            html = self.lightbox.unwrap(html)
        generated = getattr(page.file, "generated_by", None)
        self.page_sources[page.file.dest_uri] = None if generated else page.file.src_uri
        if self._is_post(page):  # after glightbox (priority 0) wrapped the images
            html = sanitize.clean_html(html)
            sanitize.clean_toc(page.toc)
        elif "title" not in page.meta and page.title and "&" in page.title:
            # Material prints a title without front matter through `striptags`, which decodes
            # entities: `&lt;/title&gt;` would close <title>. As front matter it is printed as it is.
            page.meta["title"] = Markup(page.title)
        return self.dates.stamp(html, page.file.src_uri, self._newest_post(page))

    def stamp_key(self, page: Page) -> list:
        """What the page's freshness stamp is made from (the incremental build's page key)."""
        return self.dates.stamp_key(page.file.src_uri, self._newest_post(page))

    def forget(self, page: Page) -> None:
        """Drop what was made of `page` once per build (its card): its text changed (`pipeline serve`)."""
        self._cards.pop(page.file.src_uri, None)

    def replay(self, page: Page, feed: dict | None, source: str | None) -> None:
        """What rendering `page` leaves here, for a page the incremental build did not render."""
        self.page_sources[page.file.dest_uri] = source
        if feed is not None:
            self.items.append(FeedItem(feed["title"], feed["url"], datetime.fromisoformat(feed["published"]),
                                       feed["summary"], tuple(feed["categories"])))

    @staticmethod
    def feed_record(item: FeedItem) -> dict:
        return {"title": item.title, "url": item.url, "published": item.published.isoformat(),
                "summary": item.summary, "categories": list(item.categories)}

    def _newest_post(self, page: Page) -> list[str]:
        """The newest post a blog view lists, as a one-item list (the stamp takes the newest anyway).

        All pages of a paginated view share one list of posts: going through it once per
        view, not once per page, keeps 3,000 posts from making this quadratic.
        """
        posts = getattr(page, "posts", None) or ()
        if not posts:
            return []
        cache = self.__dict__.setdefault("_newest_cache", {})
        key = id(posts)
        if key not in cache or cache[key][0] is not posts or cache[key][1] is not self.dates:
            dated = [(self.dates.pages[p.file.src_uri].updated, p.file.src_uri) for p in posts
                     if p.file.src_uri in self.dates.pages]
            cache[key] = (posts, self.dates, [max(dated)[1]] if dated else [])
        return cache[key][2]

    def _is_post(self, page: Page) -> bool:
        return page.file.src_uri.startswith(f"{self.blog_dir}/posts/")

    @event_priority(-100)  # after the blog plugin has resolved the post's metadata
    def _feed_item(self, context, *, page: Page, config: MkDocsConfig, nav):
        if self._is_post(page):
            published = _as_datetime(page.meta.get("date"), self.settings.court.tz)
            if published is not None:
                summary = str(page.meta.get("description") or "")
                categories = tuple(str(c) for c in page.meta.get("categories") or ())
                self.items.append(FeedItem(page.title or "", page.canonical_url or page.abs_url or page.url,
                                           published, summary, categories))
        return context

    @event_priority(-110)  # after the blog plugin (-100) rendered the excerpts a view lists
    def _clean_excerpts(self, context, *, page: Page, config: MkDocsConfig, nav):
        for excerpt in context.get("posts") or ():
            if isinstance(excerpt, news.LazyExcerpt):
                excerpt.clean_on_read()  # only if a template prints it
            else:
                excerpt.content = sanitize.clean_excerpt(excerpt.content or "")
            sanitize.clean_toc(excerpt.toc)
        sanitize.clean_toc(page.toc)  # the view's, holding the excerpts' entries
        return context

    on_page_context = CombinedEvent(_feed_item, _clean_excerpts)

    def on_build_error(self, *, error: Exception) -> None:
        mdpool.uninstall()

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.lightbox.add(output, page, config) if self.lightbox is not None else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        items = sorted(self.items, key=lambda i: (i.published, i.url), reverse=True)[:FEED_SIZE]
        site_dir = Path(config.site_dir)
        atomic_write(site_dir / FEED_RSS, rss_feed(self.settings, items, config.site_url or ""))
        atomic_write(site_dir / FEED_JSON, json_feed(self.settings, items, config.site_url or ""))
        from .links import write_page_map  # which source built which page, for `pipeline links`

        docs = Path(config.docs_dir).resolve()
        root = Path(config.config_file_path).resolve().parent.parent
        write_page_map(site_dir, docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs),
                       self.page_sources)


def rss_feed(settings: Settings, items: list[FeedItem], site_url: str) -> bytes:
    """RSS 2.0, the format feed readers and the monitor's freshness check read."""
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = f"Berita {settings.court.name}"
    ET.SubElement(channel, "link").text = site_url
    ET.SubElement(channel, "description").text = f"Berita terbaru dari {settings.court.name}"
    ET.SubElement(channel, "language").text = "id"
    if items:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(items[0].published)
    for item in items:
        node = ET.SubElement(channel, "item")
        # Readers show an item's title and description as HTML: they stay escaped text.
        ET.SubElement(node, "title").text = item.title
        ET.SubElement(node, "link").text = item.url
        ET.SubElement(node, "guid", isPermaLink="true").text = item.url
        ET.SubElement(node, "pubDate").text = format_datetime(item.published)
        ET.SubElement(node, "description").text = item.summary
        for category in item.categories:
            ET.SubElement(node, "category").text = category
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(settings: Settings, items: list[FeedItem], site_url: str) -> str:
    """JSON Feed 1.1 (jsonfeed.org)."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Berita {settings.court.name}",
        "home_page_url": site_url,
        "feed_url": site_url.rstrip("/") + "/" + FEED_JSON,
        "language": "id",
        "items": [
            {"id": i.url, "url": i.url, "title": html.unescape(i.title), "summary": html.unescape(i.summary),
             "date_published": i.published.isoformat(), "tags": list(i.categories)}
            for i in items
        ],
    }
    # JSON Feed's title and summary are plain text; < > & are written as \\u escapes, so a
    # reader that shows them as HTML anyway (or a browser sniffing the file) finds no tag.
    text = json.dumps(feed, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
