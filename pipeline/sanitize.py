"""Nothing a draft writes runs in a browser: the second line behind `pipeline check`.

`pipeline check` refuses script in a narrative, a title or a summary; this module
makes sure that what slips past it (a parser difference, a new trick) still cannot
run on the site:

* `clean_html` sanitises the rendered HTML of every news post and its excerpt with
  nh3 (the Rust ammonia sanitiser) and an allow-list of what the site's posts use:
  text, headings with their permalinks, lists, tables, links, images with `srcset`,
  `<picture>`, figures, admonitions, details, and the gallery markup glightbox reads.
  Scripts, event handlers, styles and `javascript:`/`vbscript:`/`data:` URLs go.
  glightbox shows a link's `data-title` as HTML, so its value is escaped once more.
* `escape_meta` turns the front-matter values Material's templates print without
  escaping (`title`, `description`) into escaped markup.
* `script_problems` finds what could run in a piece of HTML (for `pipeline check`,
  which asks Python-Markdown, the renderer MkDocs uses, what a narrative becomes,
  and for the tests).

Content pages (reviewed by the court's own staff, and free to use HTML for layout)
are checked by `pipeline check` but not sanitised here.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

SCRIPT_SCHEMES = ("javascript", "vbscript", "data", "file")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements whose content is code, not text: removed with what they hold.
CODE_ELEMENTS = {"script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
                 "noscript", "noembed", "noframes", "xmp", "svg", "math", "textarea", "select", "title",
                 "portal", "base", "meta", "link", "form"}
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp", "small", "source", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "data-title", "data-width", "data-height", "data-desc-position", "data-gallery"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "div": {"data-court-draft"},
    "details": {"open"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# glightbox opens other kinds of slides (an iframe for "external"): images only.
ATTRIBUTE_VALUES = {"a": {"data-type": {"image"}}}
_SIZE = re.compile(r"^(?:auto|\d{1,5}(?:px|%|vw|vh)?)$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_COURT_MARKER = re.compile(r"<!-- court-draft: [a-z0-9-]+ -->")


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in `url` (an attribute's value, entities already decoded), lower case."""
    cleaned = _TAB_NEWLINE.sub("", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                             "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _url_allowed(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


def _filter(element: str, attribute: str, value: str) -> str | None:
    """What nh3's allow-list by name cannot say: values of srcset, glightbox's data-*, styles, ids."""
    if attribute == "srcset":
        urls = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
        return value if all(_url_allowed(url) for url in urls) else None
    if attribute == "data-title":
        return html.escape(value, quote=False)  # glightbox puts it into innerHTML: text stays text
    if attribute in ("data-width", "data-height"):
        return value if _SIZE.match(value.strip()) else None
    if attribute == "style":
        return value if re.fullmatch(r"\s*text-align\s*:\s*(?:left|right|center|justify)\s*;?\s*", value) else None
    if attribute == "id" and value.startswith("__"):
        return None  # Material's own elements (__config, __search, ...) must stay the ones it finds
    return value


@lru_cache(maxsize=1)
def _cleaner():
    import nh3

    return nh3.Cleaner(tags=TAGS, clean_content_tags=CODE_ELEMENTS, attributes=ATTRIBUTES,
                       tag_attribute_values=ATTRIBUTE_VALUES, attribute_filter=_filter, strip_comments=True,
                       link_rel=None, url_schemes=SAFE_SCHEMES)


@lru_cache(maxsize=1)
def _text_cleaner():
    import nh3

    return nh3.Cleaner(tags=set(), clean_content_tags=CODE_ELEMENTS, attributes={}, link_rel=None)


def clean_html(fragment: str) -> str:
    """`fragment` with only the allow-listed elements and attributes; the post markers kept."""
    markers = _COURT_MARKER.findall(fragment) if "court-draft" in fragment else []
    cleaned = _cleaner().clean(fragment)
    return cleaned + "".join("\n" + marker for marker in markers if marker not in cleaned)


@lru_cache(maxsize=8192)
def clean_excerpt(fragment: str) -> str:
    """`clean_html`, remembered: a post's excerpt is the same on each listing at the same depth."""
    return clean_html(fragment)


@lru_cache(maxsize=8192)
def clean_text(fragment: str) -> str:
    """`fragment` as escaped text, every tag removed (a table of contents entry; the same titles come again)."""
    return _text_cleaner().clean(fragment)


def clean_toc(toc) -> None:
    """Every entry of a MkDocs table of contents as text (its titles are printed without escaping)."""
    for item in toc or ():
        item.title = clean_text(item.title)
        clean_toc(item.children)


def escape_meta(meta: dict, keys=("title", "description", "subtitle")) -> None:
    """Front-matter strings Material prints as they are, as escaped markup (escaping markup again is a no-op)."""
    from markupsafe import escape

    for key in keys:
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = escape(value)


# --------------------------------------------------------------------------- finding script


SCRIPT_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data",
                     "xlink:href", "longdesc", "lowsrc", "dynsrc", "ping", "codebase", "manifest", "icon"}
# glightbox reads these as HTML (or as a selector whose HTML it copies)
HTML_ATTRIBUTES = {"data-description", "data-glightbox", "data-desc"}


def script_problems(fragment: str) -> list[str]:
    """What in `fragment` (HTML) could run script: elements, `on...` attributes, script URLs, HTML sinks.

    Parsed as a browser would read it (lxml's HTML parser); each problem described in a
    few words, in document order, once.
    """
    from lxml import etree
    from lxml import html as lxml_html

    if not fragment.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in CODE_ELEMENTS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{name}=")
            elif name in SCRIPT_ATTRIBUTES or name == "style":
                urls = [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
                for url in urls:
                    scheme = url_scheme(url) if name != "style" else None
                    if scheme in SCRIPT_SCHEMES:
                        found.append(f"{name}={scheme}:")
                if name == "style" and re.search(r"expression\s*\(|url\s*\(|javascript:", value, re.I):
                    found.append("style=")
            elif name in HTML_ATTRIBUTES:
                found.append(f"{name}=")
            elif name == "data-title" and "<" in value:
                found.append("data-title=<...>")
    return list(dict.fromkeys(found))
