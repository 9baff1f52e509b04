"""The lightbox's stylesheet, script and start-up code, added to each page without re-parsing it.

mkdocs-glightbox's `post_page` parses every finished page with lexbor and writes it
out again, only to append the same <link>, <script> and <style> to <head> and the
same start-up <script> to <body> (12% of a 3,000-post build). `Lightbox` takes that
event away from it and inserts the same markup by text: glightbox's own code makes
the markup, from a skeleton page with the page's URL (so the relative links and the
options are exactly glightbox's), and it goes where glightbox appends it, before
`</head>` and `</body>`. The images are still wrapped by glightbox (its `page_content`),
which leaves the content inside a document of its own: `unwrap` takes it out.
"""

from __future__ import annotations

from types import SimpleNamespace

from mkdocs.utils import get_relative_url, normalize_url

_SKELETON = "<html><head></head><body></body></html>"
# glightbox's `page_content` writes a page's content out as a whole document (lexbor's).
_WRAPPER = ("<html><head></head><body>", "</body></html>")
# The files glightbox links each page to (mkdocs_glightbox/plugin.py, on_post_page).
_ASSETS = ("assets/stylesheets/glightbox.min.css", "assets/javascripts/glightbox.min.js")


class Lightbox:
    """glightbox's `post_page`, by text instead of a parse of the whole page."""

    def __init__(self, plugin) -> None:
        self.plugin = plugin
        self._markup: dict[tuple[str, str], tuple[str, str]] = {}

    @classmethod
    def take_over(cls, plugins) -> "Lightbox | None":
        """Remove glightbox's `post_page` from MkDocs' events; None when glightbox is not configured."""
        plugin = plugins.get("glightbox")
        handler = getattr(plugin, "on_post_page", None)
        events = plugins.events.get("post_page", [])
        if handler is None or handler not in events:
            return None
        events.remove(handler)
        return cls(plugin)

    def markup(self, page, config) -> tuple[str, str]:
        """What glightbox appends to <head> and to <body> of `page`.

        It differs between pages only by the two relative links glightbox computes
        (as here), so glightbox makes it once per pair, on a skeleton page.
        """
        links = tuple(get_relative_url(normalize_url(asset), page.url) for asset in _ASSETS)
        known = self._markup.get(links)
        if known is None:
            out = self.plugin.on_post_page(_SKELETON, page=SimpleNamespace(url=page.url, meta={}), config=config)
            known = self._markup[links] = (out[out.index("<head>") + 6:out.index("</head>")],
                                           out[out.index("<body>") + 6:out.rindex("</body>")])
        return known

    @staticmethod
    def unwrap(content: str) -> str:
        """A page's content without the <html><head><body> that glightbox's lexbor put around it.

        glightbox's re-parse of the whole page dropped them (a parser ignores such
        tags inside <body>); without it they would stay in the middle of the page.
        """
        start, end = _WRAPPER
        if content.startswith(start) and content.endswith(end):
            return content[len(start):-len(end)]
        return content

    def add(self, output: str, page, config) -> str:
        if "glightbox" in page.meta and page.meta.get("glightbox", True) is False:
            return output  # glightbox's own opt-out
        head_end, body_end = output.find("</head>"), output.rfind("</body>")
        if head_end < 0 or body_end < head_end:
            return self.plugin.on_post_page(output, page=page, config=config)  # not a whole page: glightbox's way
        head, body = self.markup(page, config)
        # Space after </body> belongs to the body (HTML's "after body" rule); glightbox's
        # script follows it there: moved in front of the script, the document is the same.
        after = body_end + len("</body>")
        space = output[after:len(output) - len(output[after:].lstrip())]
        return (output[:head_end] + head + output[head_end:body_end] + space + body + "</body>"
                + output[after + len(space):])
