"""One Markdown parser for all the pages of a build, reset between pages, instead of one built per page.

MkDocs' `Page.render` builds a new `markdown.Markdown` for every page: loading the
extensions and building the parser took as long as a quarter of converting the
pages themselves (8% of a 3,000-post build). `Markdown.reset()` is made for reuse:
it clears the parser's state and calls every extension's `reset`, and a new parser
ends its construction with the same call. The four helpers MkDocs registers per
page (raw HTML, anchors, relative links, title) are registered again under the
same names by each `render`, which replaces the previous page's.

`install()` puts it in place, around the pages' conversion only (the `court`
plugin: from its `nav` event to its `env` event, the span of MkDocs' `_populate_page`
loop); it gives the shared parser only for the same extensions and settings, and
only in the thread that installed it, and builds a new one otherwise. `tests/test_navcache.py` builds sites both ways and
compares the trees byte for byte.
"""

from __future__ import annotations

import copy
import threading
import types

import markdown
from mkdocs.structure import pages as pages_module


class _SharedMarkdown(types.ModuleType):
    """The `markdown` package as `mkdocs.structure.pages` sees it, with a `Markdown` that reuses one parser."""

    def __init__(self) -> None:
        super().__init__("markdown")
        self._made: tuple[dict, markdown.Markdown] | None = None
        self._thread = threading.get_ident()  # a build in another thread (serve) gets parsers of its own

    def __getattr__(self, name: str):
        return getattr(markdown, name)

    def Markdown(self, **settings) -> markdown.Markdown:  # noqa: N802 - stands in for the class
        if threading.get_ident() != self._thread:
            return markdown.Markdown(**settings)
        if self._made is not None and self._made[0] == settings:
            return self._made[1].reset()
        parser = markdown.Markdown(**settings)
        try:
            self._made = (copy.deepcopy(settings), parser)
        except Exception:  # noqa: BLE001 - settings that cannot be copied: a parser per page, as MkDocs does
            self._made = None
        return parser


def install() -> None:
    """Let `Page.render` reuse one parser in this thread (until `uninstall`)."""
    pages_module.markdown = _SharedMarkdown()


def uninstall() -> None:
    pages_module.markdown = markdown
