"""How a news post is written: the Markdown `publish` generates from a draft, and the gallery links the build fixes.

Shared by publishing (step G7, `publish.py`), which writes posts, and the build (the
`court` plugin), which points a post's gallery at where MkDocs puts its images; so
that a build imports none of the publishing steps (approval, workflow, photos).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, Sequence
from urllib.parse import quote

import yaml

if TYPE_CHECKING:
    from .config import Settings
    from .drafts import Draft

MARKER_KEY = "court_draft"
MARKER_HTML = "<!-- court-draft: {} -->"
SEPARATOR = "<!-- more -->"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
# Picture sizes for the browser: full column width on a phone, about 680 px on a wide screen.
SIZES = "(min-width: 76.25em) 680px, 100vw"


def dateline(settings: Settings, day: date) -> str:
    """`Kota, Jumat 20 November 2026 -`: the court's city and the event date in Indonesian."""
    return f"{settings.court.city}, {DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year} -"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~])")


def markdown_text(text: str) -> str:
    """Draft text as literal Markdown inline text: HTML escaped, Markdown punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def attr(text: str) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


@dataclass(frozen=True)
class GalleryPhoto:
    """One selected photo as the post shows it: its words and its web variants (file names in the post folder)."""

    caption: str
    alt: str
    webp: tuple[tuple[str, int], ...]   # (file name, width), widest first
    jpeg: tuple[tuple[str, int], ...]
    width: int                          # of the widest variant
    height: int


def gallery_html(draft_id: str, photos: Sequence[GalleryPhoto]) -> str:
    """The gallery: each photo a `<picture>` (WebP with a JPEG fallback, `srcset`) opening in the lightbox.

    Every piece of draft text in it is escaped. The `<img>` carries `off-glb` so the
    glightbox plugin does not wrap it a second time: the link around it already opens
    the widest JPEG in the lightbox.
    """
    if not photos:
        return ""
    out = [f'<div class="court-galeri" data-court-draft="{attr(draft_id)}">']
    for photo in photos:
        def srcset(files: Iterable[tuple[str, int]]) -> str:
            return ", ".join(f"{quote(name)} {width}w" for name, width in files)

        big = quote(photo.jpeg[0][0])
        middle = photo.jpeg[len(photo.jpeg) // 2]
        height = round(photo.height * middle[1] / photo.width)
        out += [
            '<figure class="court-foto">',
            f'<a class="glightbox" href="{big}" data-type="image" data-title="{attr(photo.caption)}">',
            "<picture>",
            f'<source type="image/webp" srcset="{srcset(photo.webp)}" sizes="{SIZES}">',
            f'<img class="off-glb" src="{quote(middle[0])}" srcset="{srcset(photo.jpeg)}" sizes="{SIZES}" '
            f'width="{middle[1]}" height="{height}" alt="{attr(photo.alt)}" loading="lazy" decoding="async">',
            "</picture>",
            "</a>",
            f"<figcaption>{attr(photo.caption)}</figcaption>",
            "</figure>",
        ]
    out.append("</div>")
    return "\n".join(out)


_GALLERY = re.compile(r'<div class="court-galeri"[^>]*>.*?</div>', re.S)
_URL_ATTR = re.compile(r'\b(src|href|srcset)="([^"]*)"')


def relink_gallery(text: str, page, files) -> str:
    """Point the gallery's image paths (beside the post's source) at where MkDocs puts the images.

    The post links its images relative to its own folder, as `render_post` writes
    them; the blog plugin gives the page a dated URL and the images another folder,
    and MkDocs does not rewrite links in raw HTML. The `court` plugin calls this on
    each page's Markdown, once URLs are known.
    """
    if 'class="court-galeri"' not in text:
        return text
    from posixpath import dirname, join, normpath
    from urllib.parse import unquote, urlsplit

    from mkdocs.utils import get_relative_url

    base = dirname(page.file.src_uri)

    def one(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "#")) or not parts.path:
            return url
        file = files.get_file_from_path(normpath(join(base, unquote(parts.path))))
        return get_relative_url(file.url, page.url) if file is not None else url

    def attribute(match: re.Match) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name == "srcset":
            value = ", ".join(" ".join([one(item.split()[0]), *item.split()[1:]])
                              for item in value.split(",") if item.strip())
        else:
            value = one(value)
        return f'{name}="{html.escape(value, quote=True)}"'

    return _GALLERY.sub(lambda block: _URL_ATTR.sub(attribute, block.group(0)), text)


def _lead_and_rest(body: str) -> tuple[str, str]:
    """Split the narrative at the author's `<!-- more -->`, or else after its first paragraph."""
    text = body.replace("\r\n", "\n").strip("\n")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == SEPARATOR:
            return "\n".join(lines[:index]).strip("\n"), "\n".join(lines[index + 1:]).strip("\n")
    parts = re.split(r"\n[ \t]*\n", text, maxsplit=1)
    return parts[0].strip("\n"), (parts[1].strip("\n") if len(parts) > 1 else "")


_NOT_A_PARAGRAPH = re.compile(r"^(?:[ ]{4}|\t|[ ]{0,3}(?:[#>|<]|[-*+][ \t]|\d+[.)][ \t]|```|~~~|!!!|\?\?\?))")


def render_post(draft: Draft, settings: Settings, photos: Sequence[GalleryPhoto]) -> str:
    """The post's `index.md`, generated from the draft's own fields."""
    from .checks import has_dateline

    meta = draft.meta
    front = {
        "title": meta.title,
        "date": meta.date,
        "categories": [meta.category],
        "slug": draft.id[len("YYYY-MM-DD-"):],
        "description": " ".join(meta.summary.split()),
        MARKER_KEY: draft.id,
    }
    lead, rest = _lead_and_rest(draft.body)
    if not has_dateline(lead):
        stamp = f"**{markdown_text(dateline(settings, meta.date))}**"
        lead = f"{stamp} {lead}" if lead and not _NOT_A_PARAGRAPH.match(lead) else f"{stamp}\n\n{lead}".rstrip()
    parts = [f"# {markdown_text(meta.title)}", lead, SEPARATOR]
    if rest:
        parts.append(rest)
    gallery = gallery_html(draft.id, photos)
    if gallery:
        parts.append(gallery)
    parts.append(MARKER_HTML.format(draft.id))
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)
    return f"---\n{head}---\n\n" + "\n\n".join(parts) + "\n"
