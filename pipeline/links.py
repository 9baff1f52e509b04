"""Link checks on the built site: every internal link, image and `#fragment` must resolve.

Internal references are checked by parsing `site/` with lexbor (selectolax, an
HTML5 parser as browsers have): one pass collects every page's ids and references,
a second resolves them against the files and ids found. That checks a 3,000-post
site's 190,000 references in about two seconds, anchors included, where LinkChecker's
local-file mode took 37 s for 1,000 posts and missed every broken anchor. LinkChecker
does what it is good at: external links (`external=True`), with its per-host rate
limit and robots.txt handling.

Each broken reference is a `Finding` at the Markdown source of the page it is on
(the `court` plugin records which source built which page), with the line of the
source where the link appears when it can be found.
"""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .config import CONFIG_DIR, MKDOCS_FILE
from .files import atomic_write
from .cms import ADMIN_DIR
from .findings import Finding, PipelineError, error, warning
from .i18n import _
from .site import collector_paused

PAGE_MAP_DIR = Path(".cache") / "court"
_SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "sms", "geo", "ftp", "irc", "news"}
_MKDOCS_SHOWN = f"{CONFIG_DIR}/{MKDOCS_FILE}"


# --------------------------------------------------------------------------- the page map


def page_map_path(site_dir: Path) -> Path:
    """Where the build records which Markdown source made each HTML page: beside site/, never inside."""
    site_dir = Path(site_dir).resolve()
    return site_dir.parent / PAGE_MAP_DIR / f"{site_dir.name}-pages.json"


def write_page_map(site_dir: Path, docs_prefix: str, pages: dict[str, str | None]) -> None:
    """Record `{html path in site/: source path in the docs folder, or None when generated}`."""
    data = {"site_dir": str(Path(site_dir).resolve()), "docs": docs_prefix, "pages": pages}
    atomic_write(page_map_path(site_dir), json.dumps(data, ensure_ascii=False, sort_keys=True))


def _read_page_map(site_dir: Path) -> tuple[str, dict[str, str | None]]:
    path = page_map_path(site_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", {}
    if data.get("site_dir") != str(Path(site_dir).resolve()):
        return "", {}
    return data.get("docs", ""), data.get("pages", {})


def configured_site_dir(root: Path) -> Path | None:
    """`site_dir` of site_config/mkdocs.yml as MkDocs resolves it (beside the file; default `site`),
    read without loading MkDocs and its plugins (most of `pipeline links`' start-up); None when
    only MkDocs can tell (`INHERIT`, a tag such as `!ENV`, a file that does not parse)."""
    import yaml

    path = Path(root) / _MKDOCS_SHOWN
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # no tag is run
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    keys = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    if "INHERIT" in keys:
        return None
    value = keys.get("site_dir")
    if value is None:
        return Path(os.path.abspath(path.parent / "site"))
    if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:str" or not value.value:
        return None
    return Path(os.path.abspath(path.parent / value.value))  # as MkDocs' SiteDir option does


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Reference:
    """One `href`/`src` on one built page; `in_content`: inside the page's own text, not the theme."""

    page: str  # html path inside site/
    url: str
    kind: str  # link | image
    text: str  # link text or alt text, to find the line in the Markdown
    in_content: bool


@dataclass
class _Page:
    ids: set[str]
    content: list[tuple[str, str, str]]  # (url, kind, text) in the page's own text: reported at its source
    theme: set[tuple[str, str]]  # (url, kind) of the navigation, header and footer


# Material for MkDocs: the page's own text (first where Material puts it, then anywhere), and
# a post's excerpt on a blog index (an article of its own inside the text's first level)
_CONTENT_PATH = ("div", "main", "div")  # body > div > main > div > div.md-content
_CONTENT_CLASS = "md-content"
_CONTENT = "div.md-content"
_EXCERPT_CLASS = "md-post--excerpt"
# Every element a page's ids and references are on, in as few selections as possible: the text's
# (a fifth of a page) keep their element, for the link or alt text; the rest are the theme's.
_TEXT_ATTRIBUTES = ("href", "src", "srcset", "data", "poster")
_TEXT = ", ".join(f"[{name}]" for name in _TEXT_ATTRIBUTES)
_IDS = "[id], a[name]"
_IN_TEXT = _IDS + ", " + _TEXT
_IN_THEME = "[id], a[name], [href], [src], [srcset]"
_IMAGE_TAGS = {"img", "source"}
_NOT_REFERENCES = {("link", "preconnect"), ("link", "dns-prefetch")}


def _srcset_urls(value: str) -> list[str]:
    """`a.jpg 480w, b.jpg 960w` -> `[a.jpg, b.jpg]`; a plain URL is a one-item list (a data: URL stays whole)."""
    value = value.strip()
    if value.lower().startswith("data:") or "," not in value:
        return [value.split()[0]] if value else []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _add_ids(tag: str, attributes: dict, ids: list[str]) -> None:
    """The anchors an element makes: its id, and an `a`'s name."""
    value = attributes.get("id")
    if value is not None:
        ids.append(value)
    if tag == "a":
        value = attributes.get("name")
        if value is not None:
            ids.append(value)


def _theme_refs(elements, ids: list[str]) -> set[tuple[str, str]]:
    """(url, kind) of the navigation, header and footer (`img src` and every `srcset` are images);
    their ids go to `ids` (one pass: most of a page's elements with attributes are the theme's)."""
    images: set[str] = set()
    others: list[str] = []
    for element in elements:
        attributes = element.attributes
        tag = element.tag
        _add_ids(tag, attributes, ids)
        value = attributes.get("src")
        if value is not None:
            if tag == "img":
                images.update(_srcset_urls(value))  # a src is a one-item srcset
            else:
                others.append(value.strip())
        value = attributes.get("srcset")
        if value is not None:
            images.update(_srcset_urls(value))
        value = attributes.get("href")
        if value is not None:
            others.append(value.strip())
    refs = {(url, "image") for url in images if url}
    refs.update((url, "link") for url in others if url and url not in images)
    return refs


def _text_refs(elements, ids: list[str] | None = None) -> list[tuple[str, str, str]]:
    """The references in the page's own text, each (url, kind) once, with the link or alt text;
    with `ids`, the elements' ids (and each `a`'s name) are added to it."""
    refs: dict[tuple[str, str], str] = {}
    for element in elements:
        tag = element.tag
        attributes = element.attributes
        if ids is not None:
            _add_ids(tag, attributes, ids)
        if tag == "link" and any((tag, rel) in _NOT_REFERENCES for rel in (attributes.get("rel") or "").split()):
            continue
        text = None
        for name, value in attributes.items():
            if name not in _TEXT_ATTRIBUTES or value is None:
                continue
            if text is None:
                text = (attributes.get("alt") or "" if tag == "img"
                        else " ".join(element.text(deep=True).split()) if tag == "a" else "")
            kind = "image" if tag in _IMAGE_TAGS or name == "poster" else "link"
            for url in _srcset_urls(value) if name == "srcset" else (value.strip(),):
                if url and (url, kind) not in refs:
                    refs[(url, kind)] = text
    return [(url, kind, text) for (url, kind), text in refs.items()]


def _has_class(element, name: str) -> bool:
    return name in (element.attributes.get("class") or "").split()


def _content(tree):
    """The page's own text: where Material puts it (found by walking down, not by searching), else any."""
    body = tree.body
    level = [body] if body is not None else []
    for tag in _CONTENT_PATH:
        level = [child for parent in level for child in parent.iter() if child.tag == tag]
    for element in level:
        for child in element.iter():
            if child.tag == "div" and _has_class(child, _CONTENT_CLASS):
                return child
    return tree.css_first(_CONTENT) or body


def _excerpts(content) -> list:
    """A blog index's post excerpts: `article.md-post--excerpt` in a `div` right inside the text."""
    return [article for block in content.iter() if block.tag == "div"
            for article in block.iter() if article.tag == "article" and _has_class(article, _EXCERPT_CLASS)]


def _parse(site_dir: str, page: str) -> tuple:
    """(ids, text references, theme references) of one built page.

    Parsed with lexbor (selectolax), a browser's HTML5 parser: it parses these pages
    about four times faster than lxml's libxml2, and with the extraction below a page
    costs half the instructions it did (parsing was most of the check's time).
    """
    with open(f"{site_dir}/{page}", "rb") as fh:
        tree = LexborHTMLParser(fh.read())
    content = _content(tree)
    ids: list[str] = []
    if content is None:  # pragma: no cover - lexbor always makes a body
        return ids, _text_refs(tree.css(_IN_TEXT), ids), ()
    excerpts = _excerpts(content)
    if excerpts:  # a post's excerpt in a blog view: its ids count, its links are checked on the post itself
        _theme_refs(content.css(_IDS), ids)
        for excerpt in excerpts:
            excerpt.decompose()
        text = _text_refs(content.css(_TEXT))
    else:
        text = _text_refs(content.css(_IN_TEXT), ids)
    content.decompose()
    theme = _theme_refs(tree.css(_IN_THEME), ids)
    return ids, text, tuple(theme)


def _parse_many(site_dir: str, pages: list[str]) -> list[tuple]:
    return [(page, *_parse(site_dir, page)) for page in pages]


def _parse_all(site_dir: Path, pages: list[str]) -> dict[str, _Page]:
    """Parse every page in this process: worker processes were measured no faster on a 2-CPU machine."""
    return {page: _Page({i for i in ids if i is not None}, text_refs, set(theme))
            for page, ids, text_refs, theme in _parse_many(str(site_dir), pages)}


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Broken:
    """A reference that does not resolve, and why."""

    ref: Reference
    field: str  # link | image | anchor
    reason: str
    target: str = ""  # what it points at, inside site/ (`#id` appended for an anchor)


@dataclass(frozen=True)
class LinkReport:
    """What `check` found: the findings, and how much it looked at."""

    pages: int
    references: int
    external: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def _site_base(site_url: str) -> tuple[str, str]:
    parts = urlsplit(site_url or "")
    return parts.netloc.lower(), (parts.path or "/")


def _resolve(page: str, url: str, kind: str, files: set[str], dirs: set[str], pages: dict[str, _Page],
             host: str, base_path: str) -> tuple[str, str, str] | None:
    """None when the reference resolves; otherwise (field, reason, target)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in _SKIP_SCHEMES:
        return None
    if scheme or parts.netloc:
        if scheme not in ("", "http", "https") or parts.netloc.lower() != host:
            return None  # external
        path = unquote(parts.path) or "/"
        if not path.startswith(base_path) and path + "/" != base_path:
            return None  # same host, outside the site's folder
        target = path[len(base_path):] if path.startswith(base_path) else ""
    elif parts.path.startswith("/"):
        path = unquote(parts.path)
        if not path.startswith(base_path) and path + "/" != base_path:
            return (kind, _("points outside the site (the site lives under {base})").format(base=base_path), path)
        target = path[len(base_path):] if path.startswith(base_path) else ""
    elif parts.path:
        folder = page.rpartition("/")[0]
        path = unquote(parts.path) if "%" in parts.path else parts.path
        target = f"{folder}/{path}" if folder else path
    else:
        target = page  # only a fragment (or a query): this page
    normal = posixpath.normpath(target) if target else "."
    if normal.startswith("../") or normal == "..":
        return (kind, _("points outside the site"), normal)
    if normal == ".":
        normal = ""
    if normal in files:
        resolved = normal
    elif (normal in dirs or normal == "") and (f"{normal}/index.html" if normal else "index.html") in files:
        resolved = f"{normal}/index.html" if normal else "index.html"
    else:
        missing = _("no image '{path}' in the built site") if kind == "image" else _("no page or file '{path}' in the built site")
        return (kind, missing.format(path=normal or "/"), normal)
    fragment = unquote(parts.fragment)
    if fragment and resolved.endswith(".html"):
        target_page = pages.get(resolved)
        if target_page is not None and fragment not in target_page.ids:
            missing = (_("no heading or element with id '{id}' on this page") if resolved == page
                       else _("no heading or element with id '{id}' on '{page}'"))
            return ("anchor", missing.format(id=fragment, page=resolved),
                          f"#{fragment}" if resolved == page else f"{resolved}#{fragment}")
    return None


def _shared_key(url: str, depth: int) -> str | None:
    """The same target from every page at this depth: the theme's links climb to the site root first."""
    if url.startswith("#") or not url:
        return None
    if "://" in url[:12] or url.startswith("/"):
        return url
    climbs = 0
    while url.startswith("../", climbs * 3):
        climbs += 1
    return "/" + url[climbs * 3:] if climbs == depth else None


EDITOR_PREFIX = f"{ADMIN_DIR}/"


def _scan_site(site_dir: Path) -> tuple[dict[str, _Page], set[str], set[str]]:
    files: set[str] = set()
    dirs: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    dirs.add(prefix + entry.name)
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    files.add(prefix + entry.name)

    walk(str(site_dir), "")
    # the browser editor (/admin/) is an application, not a page: its links are its own
    pages = _parse_all(site_dir, sorted(f for f in files if f.endswith(".html") and not f.startswith(EDITOR_PREFIX)))
    return pages, files, dirs


def _line_of(source_text: str, candidates: list[str]) -> int | None:
    lines = source_text.splitlines()
    for candidate in candidates:
        if not candidate or len(candidate) < 2:
            continue
        for number, line in enumerate(lines, 1):
            if candidate in line:
                return number
    return None


def _candidates(ref: Reference) -> list[str]:
    parts = urlsplit(ref.url)
    out = [ref.url, unquote(ref.url)]
    if parts.fragment:
        out.append("#" + parts.fragment)
    path = unquote(parts.path).rstrip("/")
    name = posixpath.basename(path)
    if name == "index.html":
        name = posixpath.basename(posixpath.dirname(path))
    if name and name not in (".", ".."):
        out.append(name)
        stem = name.rsplit(".", 1)[0]
        if stem != name:
            out.append(stem)
    if ref.text:
        out.append(ref.text)
    return out


class _Sources:
    """Source files, read once, to find the line of a link."""

    def __init__(self, root: Path):
        self.root = root
        self.texts: dict[str, str] = {}

    def line(self, shown: str, ref: Reference) -> int | None:
        if shown not in self.texts:
            try:
                self.texts[shown] = (self.root / shown).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[shown] = ""
        return _line_of(self.texts[shown], _candidates(ref))


def _hint(broken: Broken) -> str:
    if broken.field == "anchor":
        return _("link to the id of an existing heading (see the target page's table of contents)")
    if broken.field == "image":
        return _("put the image file beside the page, or fix its file name")
    return _("fix the link, or create the page it points to")


def _broken(field_name: str) -> str:
    """`broken link '...': why`, for each kind of reference."""
    if field_name == "anchor":
        return _("broken anchor '{url}': {reason}")
    if field_name == "image":
        return _("broken image '{url}': {reason}")
    return _("broken link '{url}': {reason}")


def _findings(broken: list[Broken], root: Path, docs_prefix: str, page_map: dict[str, str | None],
              site_shown: str) -> list[Finding]:
    sources = _Sources(root)
    findings: dict[tuple, Finding] = {}
    theme: dict[tuple, list[Broken]] = defaultdict(list)
    for item in broken:
        ref = item.ref
        src = page_map.get(ref.page) if ref.in_content else None
        if ref.in_content and src is None and ref.page not in page_map and not page_map:
            shown, line = f"{site_shown}/{ref.page}", None  # no page map: name the built page
        elif src is None:
            theme[(item.target, item.field)].append(item)
            continue
        else:
            shown = f"{docs_prefix}/{src}" if docs_prefix else src
            line = sources.line(shown, ref)
        key = (shown, ref.url)  # an image and the lightbox link around it: one finding, as an image
        if key not in findings or (item.field == "image" and findings[key].field == "link"):
            findings[key] = error(shown, line, item.field, "links", _broken(item.field).format(
                url=ref.url, reason=item.reason), _hint(item))
    for (_target, field_name), items in theme.items():
        first, reason = items[0].ref, items[0].reason
        pages = sorted({i.ref.page for i in items})
        page = f"{site_shown}/{pages[0]}"
        where = (_("on {page} and {count} other pages").format(page=page, count=len(pages) - 1) if len(pages) > 1
                 else _("on {page}").format(page=page))
        key = (_MKDOCS_SHOWN, first.url, field_name)
        findings.setdefault(key, error(_MKDOCS_SHOWN, None, field_name, "links",
                                       _broken(field_name).format(url=first.url, reason=reason) + " "
                                       + _("(in the navigation, theme or a generated page {where})").format(where=where),
                                       _("fix the nav entry, the template override, or the blog settings")))
    return list(findings.values())


def _resolve_all(pages: dict[str, _Page], files: set[str], dirs: set[str], host: str,
                 base_path: str) -> tuple[list[Broken], int]:
    """Every reference of every page resolved: (the broken ones, how many were looked at)."""
    broken = []
    count = 0
    # The theme's links climb to the site root first, so pages at the same depth share their
    # outcome: resolved once, then looked up (most of the references are these).
    shared: dict[tuple[int, str, str], tuple[str, str, str] | None] = {}
    alone: set[tuple[int, str, str]] = set()  # depends on the page's own folder
    for name, page in pages.items():
        depth = name.count("/")
        count += len(page.theme) + len(page.content)
        for url, kind in page.theme:
            key = (depth, url, kind)
            if key in shared:
                problem = shared[key]
            elif key in alone or _shared_key(url, depth) is None:
                alone.add(key)
                problem = _resolve(name, url, kind, files, dirs, pages, host, base_path)
            else:
                problem = shared[key] = _resolve(name, url, kind, files, dirs, pages, host, base_path)
            if problem is not None:
                broken.append(Broken(Reference(name, url, kind, "", False), *problem))
        for url, kind, text in page.content:
            problem = _resolve(name, url, kind, files, dirs, pages, host, base_path)
            if problem is not None:
                broken.append(Broken(Reference(name, url, kind, text, True), *problem))
    return broken, count


def check(root: Path, site_dir: Path | None = None, *, site_url: str = "", external: bool = False,
          external_options: "ExternalOptions | None" = None) -> LinkReport:
    """Check the built site at `site_dir` (default `root/site`); every problem is a finding.

    Broken internal references are errors. With `external`, links to other sites
    found in the pages' text are checked by LinkChecker; a broken one is a warning
    (another site being down is not the court's error to fix at once).
    """
    started = time.perf_counter()
    root = Path(root)
    site_dir = Path(site_dir) if site_dir else root / "site"
    if not (site_dir / "index.html").is_file():
        raise PipelineError(error(_shown(site_dir, root), None, "", "links", _("no built site here (index.html missing)"),
                                  _("run `pipeline build` first")))
    docs_prefix, page_map = _read_page_map(site_dir)
    # Hundreds of thousands of small values are made here; after a build in the same process,
    # each garbage collection would also walk all of MkDocs' objects. None is needed meanwhile.
    with collector_paused():
        pages, files, dirs = _scan_site(site_dir)
    host, base_path = _site_base(site_url)
    broken, count = _resolve_all(pages, files, dirs, host, base_path)
    site_shown = _shown(site_dir, root)
    findings = _findings(broken, root, docs_prefix, page_map, site_shown)
    externals = _external_refs(pages, host)
    if external and externals:
        findings += check_external(externals, root, docs_prefix, page_map, site_shown,
                                   external_options or ExternalOptions())
    return LinkReport(len(pages), count, len(externals), time.perf_counter() - started, findings)


def _shown(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- external links


@dataclass(frozen=True)
class ExternalOptions:
    """How LinkChecker treats other people's servers: politely."""

    requests_per_second: float = 2.0  # per host
    threads: int = 4
    timeout: int = 20
    robots: bool = True
    user_agent: str = "court-site-pipeline (LinkChecker)"


def _external_refs(pages: dict[str, _Page], host: str) -> dict[str, list[Reference]]:
    """`{url: references}` for links in the pages' text to other sites (theme links are the theme's business)."""
    out: dict[str, list[Reference]] = defaultdict(list)
    for name, page in pages.items():
        for url, kind, text in page.content:
            parts = urlsplit(url)
            if parts.scheme.lower() in ("http", "https") and parts.netloc and parts.netloc.lower() != host:
                out[parts._replace(fragment="").geturl()].append(Reference(name, url, kind, text, True))
    return dict(out)


def _linkchecker_command() -> list[str]:
    return [sys.executable, "-m", "linkcheck"]


def run_linkchecker(urls: list[str], options: ExternalOptions) -> list[dict[str, str]]:
    """Check `urls` with the LinkChecker CLI (no recursion); return its CSV rows for the broken ones."""
    config = (f"[checking]\nthreads={options.threads}\nmaxrequestspersecond={options.requests_per_second}\n"
              f"timeout={options.timeout}\nuseragent={options.user_agent}\n"
              "[filtering]\ncheckextern=1\n[output]\nstatus=0\nwarnings=0\n")
    with tempfile.TemporaryDirectory(prefix="court-linkchecker-") as folder:
        rc = Path(folder) / "linkcheckerrc"
        rc.write_text(config, encoding="utf-8")
        command = [*_linkchecker_command(), "--config", str(rc), "--recursion-level", "0", "--stdin",
                   "--output", "csv", "--no-warnings"]
        if not options.robots:
            command.append("--no-robots")
        env = {**os.environ, "HOME": folder}  # no user configuration, cookies or state of LinkChecker's own
        try:
            done = subprocess.run(command, input="\n".join(urls) + "\n", capture_output=True, text=True, env=env,
                                  timeout=max(120, options.timeout * 4 + len(urls) / options.requests_per_second))
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PipelineError(error("site", None, "", "links", _("LinkChecker did not run: {error}").format(error=exc),
                                      _("check that linkchecker is installed (pip install linkchecker)"))) from None
    if done.returncode not in (0, 1):
        message = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(error("site", None, "", "links", _("LinkChecker failed (exit {code}): {error}").format(
                                  code=done.returncode, error=message),
                                  _("run the same check with `linkchecker --stdin` to see the details")))
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    return [row for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")
            if row.get("valid", "").strip().lower() == "false"]


def check_external(externals: dict[str, list[Reference]], root: Path, docs_prefix: str,
                   page_map: dict[str, str | None], site_shown: str, options: ExternalOptions) -> list[Finding]:
    """LinkChecker's verdicts on external links, as warnings at the Markdown source of each page using them."""
    rows = run_linkchecker(sorted(externals), options)
    sources = _Sources(root)
    findings = []
    for row in rows:
        url = row.get("urlname", "").strip()
        result = " ".join((row.get("result") or "invalid").split())
        if len(result) > 200:
            result = result[:197] + "..."
        seen = set()
        for ref in externals.get(url, []):
            src = page_map.get(ref.page)
            if src is not None:
                shown = f"{docs_prefix}/{src}" if docs_prefix else src
                line = sources.line(shown, ref)
            else:
                shown, line = f"{site_shown}/{ref.page}", None
            if (shown, url) in seen:
                continue
            seen.add((shown, url))
            findings.append(warning(shown, line, "link", "external-links",
                                    _("external link '{url}' is broken: {result}").format(url=url, result=result),
                                    _("fix or remove the link; if the other site is only down for now, check again later")))
    return findings
