"""`pipeline preview [DRAFT]`: a draft as `pipeline publish` will publish it, on the pages it will show on, in seconds.

A full build of ten years of news takes a minute; what an editor checks before
publishing is the post itself (dateline, gallery, theme) and the pages that list it:
the home page's cards and the first page of the news index. So the preview builds
a reduced copy of `content/` in a temporary folder, with only:

- every page that is not a news post (the navigation, the static pages, the home page);
- the newest posts the listings show: the home page's cards (`HOME_CARDS`) and page 1
  of the news index (`pagination_per_page` of the blog plugin), with every post tied
  with the last of them, and every pinned post;
- the newest post of each year and of each category, so the archive and category
  links of the news section's navigation are the real ones;
- the posts those pages link to (else MkDocs' strict link check would fail on them);
- the draft, rendered by `publish.stage_post`, the very function `pipeline publish` uses.

Each page carries the date of the real build: the `court` plugin reads the commit
dates of `content/` (its `dates_from`), not of the copy. What differs from the real
site: the pages of the news index after the first, the archive and category pages
list only the posts in the copy (the pagination links of the index too), the search
finds only them, and the feeds hold only them.

The first build writes only the pages that show the drafts (their posts, the home
page, the news index); the server starts then, and the other pages of the copy are
written while the first are already served. Saving the draft (its index.md or a
photo) renders it again and reloads the browser: only the draft's post, the home
page, the news index and the archive and category pages that list it (now or
before the save) are written; every other page keeps its output (MkDocs' dirty
build, told by `KeepPages` which pages to leave alone). A change to a page of
`content/` that is not a post, or to `site_config/`, rebuilds the copy from scratch;
posts added to `content/` meanwhile are seen when the preview is started again.

Without DRAFT, every draft not yet published that has its narrative (status
`narrated` or later) is shown as if published together: that is what the site will
look like when the drafts now in the editorial steps are out, and what a court checks
before a publishing day. "The whole site" is not rebuilt: the old posts do not change
when drafts are published, and `pipeline serve` shows them. A draft that cannot be
read is reported and left out.

Nothing is written into `content/` or `drafts/` (photo variants go to the photo
cache in `.cache/photos/`, as publishing does); the temporary folder is removed when
the preview stops (Ctrl+C).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import unquote

from mkdocs.plugins import BasePlugin, event_priority

from . import drafts, postformat, publish
from .config import CONFIG_DIR, Settings, Step
from .drafts import Draft
from .findings import Finding, PipelineError, error, warning
from .i18n import _

RULE = "preview"
# The news cards of the home page (site_config/overrides/home.html: `court_news(6)`).
HOME_CARDS = 6
# Statuses whose drafts a preview without DRAFT shows: those with their narrative.
SHOWN_STEPS = (Step.NARRATED, Step.CORRECTED, Step.APPROVED)
MAX_LINKED_POSTS = 200
POLL_SECONDS = 0.1      # where the system cannot watch: the folders polled are small (a draft, the other pages)
SETTLE_SECONDS = 0.05   # a save is often several events (write, rename): wait for them to end

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_MARKER = re.compile(rf"^{postformat.MARKER_KEY}[ \t]*:[ \t]*([a-z0-9-]+)[ \t]*$", re.M)
_TEMPLATE = re.compile(r"^template[ \t]*:", re.M)
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+?\.md)(?:#[^)\s>]*)?>?(?:\s+[\"'][^)]*[\"'])?\s*\)"
                      r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+?\.md)(?:#\S*)?>?", re.M)


# --------------------------------------------------------------------------- the posts of content/


@dataclass(frozen=True)
class PostHead:
    """What choosing the newest posts needs from a post's front matter."""

    src: str                      # inside the docs folder, e.g. berita/posts/<id>/index.md
    created: datetime             # naive UTC, as the blog orders posts
    pin: bool
    draft: bool                   # `draft: true`: the blog leaves it out of every listing
    categories: tuple[str, ...]
    marker: str | None            # the draft a published post came from (`court_draft:`)

    @property
    def order(self) -> tuple[bool, datetime]:
        return (self.pin, self.created)


def _front_block(path: str) -> str:
    """The front matter of a Markdown file (without its --- lines), reading only the top of the file."""
    with open(path, "rb") as handle:
        data = handle.read(2048)
        if not data.startswith(b"---"):
            return ""
        while b"\n---" not in data[3:]:
            more = handle.read(8192)
            if not more:
                return ""
            data += more
    text = data.decode("utf-8", errors="replace")
    end = text.find("\n---", 3)
    first = text.find("\n")
    return text[first + 1:end + 1] if 0 <= first < end else ""


def _as_naive_utc(value: object) -> datetime | None:
    if isinstance(value, dict):   # Material allows `date: {created: ...}`
        value = value.get("created")
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return _as_naive_utc(datetime.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None


_KEY_LINE = re.compile(r"^(date|pin|draft|categories)[ \t]*:(.*)$", re.M)
_DATE_VALUE = re.compile(r"[ \t]*['\"]?(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)['\"]?[ \t]*(?:#.*)?")
_FLAG_VALUE = re.compile(r"[ \t]*(true|false|yes|no|on|off)[ \t]*(?:#.*)?", re.I)
_FLOW_VALUE = re.compile(r"[ \t]*\[([^\]\n]*)\][ \t]*")
_LIST_ITEMS = re.compile(r"(?:[ \t]*-[ \t]*[^\n]*(?:\n|\Z))+")


def _simple_values(block: str) -> tuple[datetime | None, dict[str, bool], tuple[str, ...]] | None:
    """Date, pin/draft flags and categories read by pattern; None when a key is written some other way."""
    created, flags, categories = None, {}, ()
    for match in _KEY_LINE.finditer(block):
        key, value = match.group(1), match.group(2)
        if key == "date":
            found = _DATE_VALUE.fullmatch(value)
            created = _as_naive_utc(found.group(1)) if found else None
            if created is None:
                return None
        elif key in ("pin", "draft"):
            found = _FLAG_VALUE.fullmatch(value)
            if not found:
                return None
            flags[key] = found.group(1).lower() in ("true", "yes", "on")
        else:
            flow = _FLOW_VALUE.fullmatch(value)
            if flow:
                categories = tuple(i.strip().strip("'\"") for i in flow.group(1).split(",") if i.strip())
            elif value.strip():
                return None
            else:
                items = _LIST_ITEMS.match(block, match.end() + 1)
                categories = tuple(line.strip()[1:].strip().strip("'\"")
                                   for line in (items.group(0).splitlines() if items else ()))
    return created, flags, categories


def _post_head(path: str, src: str) -> PostHead | None:
    """The post's date, pin, draft flag, categories and marker; None when it has no readable date."""
    block = _front_block(path)
    simple = _simple_values(block)
    if simple is not None:
        created, flags, categories = simple
    else:  # an unusual front matter: read it as the blog does
        import yaml

        try:
            meta = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
        except yaml.YAMLError:
            meta = {}
        meta = meta if isinstance(meta, dict) else {}
        created = _as_naive_utc(meta.get("date"))
        flags = {"pin": meta.get("pin") is True, "draft": meta.get("draft") is True}
        raw = meta.get("categories")
        categories = tuple(str(c) for c in raw) if isinstance(raw, list) else ()
    if created is None:
        return None
    marker = _MARKER.search(block) if postformat.MARKER_KEY in block else None
    return PostHead(src, created, flags.get("pin", False), flags.get("draft", False), categories,
                    marker.group(1) if marker else None)


def scan_posts(layout: publish.NewsLayout) -> list[PostHead]:
    """Every post under the blog's posts folder (its Markdown files) with what choosing among them needs."""
    heads: list[PostHead] = []

    def walk(folder: str, rel: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    walk(entry.path, f"{rel}{entry.name}/")
                elif entry.name.endswith(".md"):
                    head = _post_head(entry.path, rel + entry.name)
                    if head is not None:
                        heads.append(head)

    if layout.posts_dir.is_dir():
        walk(str(layout.posts_dir), f"{layout.blog_dir}/posts/")
    return heads


def choose_posts(heads: Sequence[PostHead], count: int) -> list[PostHead]:
    """The posts a preview needs: the `count` newest (and all tied with the last), every pinned one,
    and the newest of each year and of each category (the news section's navigation)."""
    shown = [h for h in heads if not h.draft]
    ordered = sorted(shown, key=lambda h: h.order, reverse=True)
    chosen: dict[str, PostHead] = {}
    if ordered:
        last = ordered[min(count, len(ordered)) - 1].order
        for head in ordered:
            if head.order < last and not head.pin:
                break
            chosen[head.src] = head
    years: set[int] = set()
    categories: set[str] = set()
    for head in ordered:   # newest first: the first of each year or category is its newest
        if head.created.year not in years:
            years.add(head.created.year)
            chosen.setdefault(head.src, head)
        for category in head.categories:
            if category not in categories:
                categories.add(category)
                chosen.setdefault(head.src, head)
    return [h for h in heads if h.src in chosen]


def linked_posts(markdown: str, src: str, posts_prefix: str) -> set[str]:
    """The posts (their paths in the docs folder) a page's Markdown links to."""
    found = set()
    for match in _MD_LINK.finditer(markdown):
        url = unquote(match.group(1) or match.group(2))
        if "://" in url or url.startswith("mailto:"):
            continue
        target = posixpath.normpath(url.lstrip("/") if url.startswith("/") else posixpath.join(posixpath.dirname(src), url))
        if target.startswith(posts_prefix):
            found.add(target)
    return found


# --------------------------------------------------------------------------- what is shown


@dataclass
class _Shown:
    """A draft in the preview: where its post sits in the copy, and the state of its files last rendered."""

    draft_id: str
    folder: Path
    signature: tuple = ()
    src: str = ""                 # the post's path in the docs folder
    url: str = ""                 # the post's address, once built
    problems: list[Finding] = field(default_factory=list)


def _signature(folder: Path) -> tuple:
    """Names, sizes and modification times of a folder's files: changes when any is saved."""
    out = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            try:
                stat = os.stat(os.path.join(base, name))
            except OSError:
                continue
            out.append((os.path.relpath(os.path.join(base, name), folder), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


class KeepPages(BasePlugin):
    """A MkDocs plugin for a dirty build: the pages in `keep` keep their output, every other page is rendered.

    With `spare_views`, the pages of the news index, archive and categories are kept
    too unless they list one of the `drafts` now or did last time (`views_before`). MkDocs skips a page, both reading
    and writing it, when its `File.is_modified()` says False. A kept post is read
    and converted as usual (its excerpt on the news pages comes out exactly as
    Material renders it then), only not written. Any other kept page is only read
    (`on_nav`): its front matter and Markdown, through the `pre_page` and
    `page_markdown` events, which is all the rendered pages take from it (its title
    in the navigation), without converting its Markdown.
    A kept post whose Markdown and address are those of an earlier build takes that
    build's conversion (`rendered_before`, by the preview) instead of converting again.
    It records the address of each draft's post (`urls`) and of each page it let
    MkDocs write (`rendered`). Without `theme_pages`, the theme's 404 page and
    sitemap are not written again either.
    """

    def __init__(self, keep: frozenset[str] = frozenset(), drafts: Iterable[str] = (),
                 views_before: frozenset[str] = frozenset(), posts_prefix: str = "blog/posts/",
                 theme_pages: bool = True, rendered_before: dict | None = None, spare_views: bool = True):
        super().__init__()
        self.spare_views = spare_views
        self.rendered_before = rendered_before
        self.posts_prefix = posts_prefix
        self.theme_pages = theme_pages
        self.keep = keep
        self.drafts = set(drafts)
        self.views_before = views_before
        self.views_now: set[str] = set()
        self.urls: dict[str, str] = {}
        self.rendered: set[str] = set()
        self.kept: list = []

    @event_priority(-200)  # after the blog plugin gave posts their addresses and made its views
    def on_files(self, files, *, config):
        untouched = self._untouched_views(config)   # also notes the views that list a draft now
        keep = set(self.keep) | (untouched if self.spare_views else set())
        self.read_whole: list = []
        self.read_whole_files: set = set()
        for file in _pages(files):
            if file.src_uri not in keep:
                file.is_modified = _yes
                self.rendered.add(file.url)
            elif self._is_post(file):
                file.is_modified = _yes   # converted (its excerpt is shown as Material renders it), not written
                self.read_whole.append(file)
                self.read_whole_files.add(file)
            else:
                file.is_modified = _no
                self.kept.append(file)
            if file.src_uri in self.drafts:
                self.urls[file.src_uri] = file.url
        return files

    def _is_post(self, file) -> bool:
        return file.src_uri.startswith(self.posts_prefix)

    def on_pre_page(self, page, *, config, files):
        if self.rendered_before is not None and page.file in self.read_whole_files:
            page.render = partial(_render_once, page, self.rendered_before)
        return page

    @event_priority(-200)  # every page read: from here on MkDocs writes, and writes only what is not kept
    def on_env(self, env, *, config, files):
        for file in self.read_whole:
            file.is_modified = _no
        if not self.theme_pages:   # the theme's own pages (404, sitemap) stay as the first build wrote them
            config.theme.static_templates = set()
        return env

    @event_priority(-200)  # after the navigation is complete, before MkDocs reads the other pages
    def on_nav(self, nav, *, config, files):
        from mkdocs.structure.pages import Page

        for file in self.kept:
            page = file.page if file.page is not None else Page(None, file, config)
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        return nav

    def _untouched_views(self, config) -> set[str]:
        """The pages of the news index, archive and categories that list none of the drafts (now, or
        in the build before: `views_before`), each page of a paginated view on its own."""
        blog = config.plugins.get("material/blog") or config.plugins.get("blog")
        index = getattr(blog, "blog", None)
        per_page = getattr(blog, "_config_pagination_per_page", None)
        out: set[str] = set()
        for view in [index, *getattr(index, "views", ())] if index is not None else ():
            pages = list(getattr(view, "pages", None) or [view])
            step = per_page(view) if callable(per_page) and len(pages) > 1 else None
            posts = list(getattr(view, "posts", ()))
            for number, page in enumerate(pages):
                listed = posts[number * step:(number + 1) * step] if step else posts
                src = page.file.src_uri
                if any(post.file.src_uri in self.drafts for post in listed):
                    self.views_now.add(src)
                elif src not in self.views_before:
                    out.add(src)
        return out


def _listed_once(list_templates: Callable, answers: dict) -> Callable:
    """`Environment.list_templates`, answered once per kind of call (in `answers`): MkDocs lists the
    theme's files in every build, always with the same filter (its `add_files_from_theme`)."""

    def listed(extensions=None, filter_func=None) -> list[str]:
        key = (tuple(extensions) if extensions is not None else None, filter_func is not None)
        if key not in answers:
            answers[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(answers[key])

    return listed


def _template_cache(root: Path) -> Path:
    """Where the theme's compiled templates are kept between previews (one folder per Jinja, theme, MkDocs version)."""
    from importlib.metadata import version

    try:
        tag = f"jinja2-{version('jinja2')}-material-{version('mkdocs-material')}-mkdocs-{version('mkdocs')}"
    except Exception:  # noqa: BLE001 - no metadata: no cache shared between versions
        return Path(tempfile.gettempdir()) / f"pipeline-preview-templates-{os.getpid()}"
    return Path(root) / ".cache" / "preview" / tag


def _render_once(page, before: dict, config, files) -> None:
    """`Page.render` for a kept post: the HTML, table of contents, title and anchors of the last
    conversion of the same Markdown at the same address, else a conversion (remembered)."""
    key = (page.url, page.markdown)
    known = before.get(page.file.src_uri)
    if known is not None and known[0] == key:
        page.content, toc, page._title_from_render, page.present_anchor_ids = known[1]
        page.toc = deepcopy(toc)   # the page's events may change it in place
        return
    type(page).render(page, config, files)
    before[page.file.src_uri] = (key, (page.content, deepcopy(page.toc), page._title_from_render,
                                       page.present_anchor_ids))


@contextmanager
def _whole_pages():
    """MkDocs writes each page in place; the preview serves while it writes the rest of the copy
    (`complete`), so during its builds a page is written beside and renamed over: a request
    reads the old page or the new one, never half of one."""
    from mkdocs import utils

    write_file = utils.write_file

    def whole(content: bytes, output_path: str) -> None:
        folder = os.path.dirname(output_path)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".preview-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, output_path)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise

    utils.write_file = whole
    try:
        yield
    finally:
        utils.write_file = write_file


def _pages(files) -> list:
    """Every Markdown page, the posts included (the blog plugin marks them excluded while it works)."""
    return [file for file in files if file.is_documentation_page()]


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


# --------------------------------------------------------------------------- the preview


@dataclass(frozen=True)
class BuildReport:
    """One build of the preview: how long, how many pages were rendered, which drafts could not be shown."""

    seconds: float
    rendered: int
    full: bool
    findings: tuple[Finding, ...] = ()


class Preview:
    """The reduced copy of the site in a temporary folder, built and rebuilt as the drafts change.

    `Preview(root, settings, ["2026-11-20-rapat"])` checks the drafts (raises
    `PipelineError`); `build()` makes the copy and builds it; `refresh()` renders again
    what changed; `close()` removes the folder.
    """

    def __init__(self, root: Path, settings: Settings, draft_ids: Sequence[str] = ()):
        self.root = Path(root).resolve()
        self.settings = settings
        self.layout = publish.news_layout(self.root)
        self.content = self.layout.docs_dir
        self.named = bool(draft_ids)
        self.shown: list[_Shown] = []
        findings: list[Finding] = []
        for draft_id in draft_ids:
            try:
                draft = drafts.load(self.root, draft_id)
            except PipelineError as exc:
                findings += exc.findings
                continue
            problems = self._problems(draft)
            findings += problems
            self.shown.append(_Shown(draft.id, draft.folder))
        if findings:
            raise PipelineError(findings)
        self.folder = Path(tempfile.mkdtemp(prefix="pipeline-preview-"))
        self.docs = self.folder / "docs"
        self.site = self.folder / "site"
        self.static_signature: tuple = ()
        self.posts_prefix = f"{self.layout.blog_dir}/posts/"
        self.pending_findings: list[Finding] = []   # drafts left out of a preview without DRAFT
        self._built = False
        self._rest: frozenset[str] = frozenset()     # pages the first build left for `complete()`
        self._lock = threading.RLock()
        self._search_base: list[dict] | None = None
        self._listings: dict = {}
        self._rendered_before: dict = {}   # the conversion of each kept post, for the next builds
        self._views: frozenset[str] = frozenset()

    # -- drafts

    def _problems(self, draft: Draft) -> list[Finding]:
        """Why a draft cannot be rendered as a post: links out of drafts/, missing photos, no date in its id."""
        found = drafts.link_findings(draft.folder, self.root)
        if found:
            return found
        if drafts.id_date(draft.id) is None:
            found.append(error(draft.shown, None, "id", RULE, _("the draft id does not start with a date"),
                               _("the post's address is made of it; name the folder YYYY-MM-DD-title")))
        return found + publish.photo_problems(draft)

    def _pending(self) -> list[_Shown]:
        """Without DRAFT: every draft not yet published that has its narrative; the unreadable ones reported."""
        shown, findings = [], []
        for folder in drafts.list_drafts(self.root):
            try:
                if drafts.link_findings(folder, self.root):
                    continue
                draft = drafts.from_source(drafts.read_source(folder / drafts.INDEX, self.root), folder)
            except PipelineError as exc:
                findings += [warning(f.path, f.line, f.field, RULE, f.message, _("left out of the preview"))
                             for f in exc.findings[:1]]
                continue
            if draft.status in SHOWN_STEPS and not self._problems(draft):
                shown.append(_Shown(draft.id, draft.folder))
        self.pending_findings = findings
        return shown

    # -- the copy

    def _static_files(self) -> list[tuple[Path, str]]:
        """Every file of content/ that is not under the posts folder, with its path inside it."""
        out = []
        posts = self.layout.posts_dir
        for folder, dirs, names in os.walk(self.content):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if here / d != posts)
            for name in sorted(names):
                path = here / name
                out.append((path, path.relative_to(self.content).as_posix()))
        return out

    def _snapshot_static(self) -> tuple:
        watched = [(p, rel) for p, rel in self._static_files()]
        config = [(p, p.relative_to(self.root).as_posix()) for p in sorted((self.root / CONFIG_DIR).rglob("*"))
                  if p.is_file()]
        out = []
        for path, rel in watched + config:
            try:
                stat = path.stat()
            except OSError:
                continue
            out.append((rel, stat.st_size, stat.st_mtime_ns))
        return tuple(out)

    def _make_copy(self) -> tuple[frozenset[str], list[Finding]]:
        """Write the reduced copy of content/ into the temporary docs folder; return the pages that list posts."""
        if self.docs.exists():
            shutil.rmtree(self.docs)
        self.docs.mkdir(parents=True)
        self.static_signature = self._snapshot_static()
        listing: set[str] = set()
        markdown: dict[str, str] = {}
        for path, rel in self._static_files():
            target = self.docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            if rel.endswith(".md"):
                text = path.read_text(encoding="utf-8", errors="replace")
                markdown[rel] = text
                front = _FRONT.match(text)
                if front and _TEMPLATE.search(front.group(1) or ""):
                    listing.add(rel)   # a page with its own template may list news (home.html does)
        listing |= {"index.md", f"{self.layout.blog_dir}/index.md"}
        if not self.named:
            self.shown = self._pending()
        ids = {s.draft_id for s in self.shown}
        heads = [h for h in scan_posts(self.layout) if h.marker not in ids]   # a published draft: shown as it is now
        by_src = {h.src: h for h in heads}
        chosen = {h.src for h in choose_posts(heads, max(self.layout.per_page, HOME_CARDS))}
        # the posts the copy links to, and the posts they link to: MkDocs' strict link check holds
        for shown in self.shown:
            markdown[f"{self.posts_prefix}{shown.draft_id}/index.md"] = (shown.folder / drafts.INDEX).read_text(
                encoding="utf-8", errors="replace")
        todo, seen, added = [*markdown, *chosen], set(), 0
        while todo and added < MAX_LINKED_POSTS:
            src = todo.pop()
            if src in seen:
                continue
            seen.add(src)
            try:
                text = markdown[src] if src in markdown else (self.content / src).read_text(
                    encoding="utf-8", errors="replace")
            except OSError:
                continue
            for target in linked_posts(text, src, self.posts_prefix):
                if target in by_src and target not in chosen:
                    chosen.add(target)
                    todo.append(target)
                    added += 1
        for src in sorted(chosen):
            self._copy_post(src)
        findings = []
        for shown in self.shown:
            findings += self._stage(shown)
        return frozenset(listing), findings

    def _copy_post(self, src: str) -> None:
        source = self.content / src
        target = self.docs / src
        if source.name == "index.md":
            shutil.copytree(source.parent, target.parent, dirs_exist_ok=True, copy_function=shutil.copy2)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

    def _stage(self, shown: _Shown) -> list[Finding]:
        """Render the draft's post into the copy (`publish.stage_post`), replacing the previous rendering."""
        shown.signature = _signature(shown.folder)
        try:
            draft = drafts.load(self.root, shown.draft_id)
            problems = self._problems(draft)
            if problems:
                raise PipelineError(problems)
            target = self.docs / self.posts_prefix / draft.id
            fresh = target.with_name(f".{draft.id}.new")
            shutil.rmtree(fresh, ignore_errors=True)
            publish.stage_post(self.root, self.settings, draft, fresh)
        except PipelineError as exc:
            shown.problems = list(exc.findings)
            return shown.problems
        except OSError as exc:
            shown.problems = [error(drafts.shown_path(shown.folder, self.root), None, "", RULE,
                                    _("cannot render the draft: {error}").format(error=exc.strerror or exc),
                                    _("check the draft's files, then save it again"))]
            return shown.problems
        old = target.with_name(f".{draft.id}.old")
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
        shutil.rmtree(old, ignore_errors=True)
        shown.src = f"{self.posts_prefix}{draft.id}/index.md"
        shown.problems = []
        return []

    # -- building

    def build(self) -> BuildReport:
        """Make the copy and build the pages that show the drafts (their posts, the home page, the news index);
        `complete()` renders the others. Raise `PipelineError` when a draft cannot be shown or the build fails."""
        with self._lock:
            return self._build()

    def _build(self) -> BuildReport:
        started = time.perf_counter()
        self._built = False
        listing, findings = self._make_copy()
        if findings:
            raise PipelineError(findings)
        self.listing = listing
        shutil.rmtree(self.site, ignore_errors=True)
        self._search_base = None
        first = frozenset(listing | {s.src for s in self.shown})
        keeper = self._run(frozenset(self._page_sources() - first), first=True)
        self._rest = frozenset(self._page_sources() - first)
        self._built = True
        return BuildReport(time.perf_counter() - started, len(keeper.rendered), True,
                           tuple(self.pending_findings))

    def complete(self) -> BuildReport | None:
        """Render the pages `build()` left for later (the other pages and posts of the copy), while serving."""
        with self._lock:
            if not self._built or not self._rest:
                return None
            started = time.perf_counter()
            keeper = self._run(frozenset(self._page_sources() - self._rest), spare_views=False)
            self._rest = frozenset()
            return BuildReport(time.perf_counter() - started, len(keeper.rendered), True)

    def _rebuild(self, started: float) -> BuildReport:
        first = self._build()
        rest = self.complete()
        return BuildReport(time.perf_counter() - started, first.rendered + (rest.rendered if rest else 0), True,
                           first.findings)

    def refresh(self) -> BuildReport | None:
        """Render again what changed since the last build; None when nothing did.

        A saved draft renders its post, the home page, the news index and the blog's
        own pages again; a change anywhere else in content/ or site_config/ (or a failed
        last build) rebuilds the copy. Raises `PipelineError` with the draft's problems,
        or the build's; the previous pages stay served.
        """
        with self._lock:
            started = time.perf_counter()
            if not self._built or self._snapshot_static() != self.static_signature:
                from .config import load_settings

                self.settings = load_settings(self.root)   # pipeline.yml may be what changed
                return self._rebuild(started)
            if not self.named and {s.draft_id for s in self._pending()} != {s.draft_id for s in self.shown}:
                return self._rebuild(started)
            changed = [s for s in self.shown if _signature(s.folder) != s.signature]
            if not changed:
                return None
            findings = []
            for shown in changed:
                findings += self._stage(shown)
            if findings:
                raise PipelineError(findings)
            drafts_src = {s.src for s in self.shown if s in changed}
            keep = frozenset(self._page_sources() - self.listing - drafts_src - self._rest)
            try:
                keeper = self._run(keep)
            except PipelineError:
                self._built = False
                raise
            self._rest = frozenset()
            return BuildReport(time.perf_counter() - started, len(keeper.rendered), False)

    def _page_sources(self) -> set[str]:
        return {p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md")}

    def _run(self, keep: frozenset[str], *, first: bool = False, spare_views: bool = True) -> KeepPages:
        """One dirty build of the copy writing every page but those in `keep`; the `first` of a copy also
        writes the theme's own pages (404, sitemap), which later builds leave as they are."""
        from . import site

        if first:
            self._rendered_before = {}
        keeper = KeepPages(keep, [s.src for s in self.shown], self._views, self.posts_prefix, theme_pages=first,
                           rendered_before=self._rendered_before, spare_views=spare_views)

        def prepare(config) -> None:
            court = config.plugins.get("court")
            if court is not None:
                court.dates_from = self.content
                court.given_settings = self.settings
            config.plugins["court-preview"] = keeper
            self._share_templates(config.theme, fresh=first)

        with _whole_pages():
            site.build(self.root, docs_dir=self.docs, site_dir=self.site, prepare=prepare, dirty=True)
        self._views = frozenset(keeper.views_now)
        for shown in self.shown:
            shown.url = keeper.urls.get(shown.src, shown.url)
        self._merge_search(keeper.rendered)
        return keeper

    def _share_templates(self, theme, *, fresh: bool) -> None:
        """The theme's templates compiled once, and its files listed once, for all builds of the preview.

        MkDocs makes a new Jinja environment per build (and the blog plugin one per
        translation), compiling every template again and listing the theme's files
        (thousands of icons, each matched against its patterns): half a rebuild. Each
        environment gets a bytecode cache (in `.cache/preview/`, shared by later
        previews) and the listing of the first; a full build lists afresh.
        """
        from jinja2 import FileSystemBytecodeCache

        if fresh:
            self._listings = {}
        make = type(theme).get_env.__get__(theme)
        cache = _template_cache(self.root)
        cache.mkdir(parents=True, exist_ok=True)

        def get_env():
            env = make()
            env.bytecode_cache = FileSystemBytecodeCache(str(cache))
            env.list_templates = _listed_once(env.list_templates, self._listings)
            return env

        theme.get_env = get_env

    # -- search: a dirty build indexes only the pages it rendered; the others keep their entries

    def _search_file(self) -> Path:
        return self.site / "search" / "search_index.json"

    def _merge_search(self, rendered: set[str]) -> None:
        try:
            data = json.loads(self._search_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if self._search_base is not None:
            kept = [e for e in self._search_base if e.get("location", "").split("#", 1)[0] not in rendered]
            data["docs"] = kept + list(data.get("docs", ()))
            self._search_file().write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                           encoding="utf-8")
        self._search_base = list(data.get("docs", ()))

    # -- what the preview watches, and where its pages are

    def watched(self) -> list[tuple[Path, bool]]:
        """(folder, recursive) pairs to watch: the drafts shown (all of drafts/ without DRAFT), the static
        parts of content/ and site_config/ (not the posts: thousands of folders to poll for nothing)."""
        out: list[tuple[Path, bool]] = []
        if self.named:
            out += [(s.folder, True) for s in self.shown]
        elif drafts.drafts_dir(self.root).is_dir():
            out.append((drafts.drafts_dir(self.root), True))
        out.append((self.root / CONFIG_DIR, True))
        posts = self.layout.posts_dir

        def add(folder: Path) -> None:
            if posts.is_relative_to(folder):
                out.append((folder, False))
                for child in sorted(folder.iterdir()):
                    if child.is_dir() and child != posts and not child.name.startswith("."):
                        add(child)
            else:
                out.append((folder, True))

        if self.content.is_dir():
            add(self.content)
        return out

    def urls(self) -> list[str]:
        """The addresses of the drafts' posts in the preview (relative to its root)."""
        return [s.url for s in self.shown if s.url]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# --------------------------------------------------------------------------- serving


def port_problem(host: str, port: int) -> OSError | None:
    """The error binding `host:port` gives now (the port taken), or None; checked before the first build."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc
    return None


def _complete(preview: Preview, on_build) -> None:
    """The rest of the copy, rendered while the first pages are already served."""
    try:
        preview.complete()
    except PipelineError as exc:
        if on_build:
            on_build(None, exc)


def serve(preview: Preview, host: str = "127.0.0.1", port: int = 8000, *,
          on_build: Callable[[BuildReport | None, PipelineError | None], None] | None = None) -> None:
    """Serve the built preview with live reload until interrupted (Ctrl+C, or SIGTERM); then stop watching.

    `on_build(report, problem)` is called after each rebuild (report None: nothing changed).
    """
    import logging

    from .liveserver import LiveServer, interruptible

    def builder() -> None:
        try:
            report = preview.refresh()
        except PipelineError as exc:
            if on_build:
                on_build(None, exc)
            return
        if on_build:
            on_build(report, None)

    server = LiveServer(builder=builder, host=host, port=port, root=str(preview.site),
                        polling_interval=POLL_SECONDS)

    def error_page(code: int) -> bytes | None:
        page = preview.site / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    server.build_delay = SETTLE_SECONDS
    for folder, recursive in preview.watched():
        server.watch(str(folder), recursive=recursive)
    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    with interruptible():
        rest = threading.Thread(target=_complete, args=(preview, on_build), daemon=True)
        rest.start()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            rest.join(timeout=60)   # its build's own temporary files go with it
