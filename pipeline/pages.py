"""What the `court` plugin adds to pages: the court's facts in content, news cards, announcements.

Court facts (name, address, phone, officials, hours, links) are written once, in
`site_config/pipeline.yml`, and content pages take them through placeholders:

    {{ court.name }}, {{ court.address }}, {{ court.links.sipp }}, {{ court.officials.ketua.name }}

A placeholder whose value is a list or a mapping becomes a Markdown block (put it on a
line of its own): `{{ court.hours }}` a table, `{{ court.officials }}` a table of
positions and names, `{{ court.jurisdiction }}` a numbered list, `{{ court.links }}` a
list of links; and two blocks made of several facts: `{{ court.contact }}` (the
contact block) and `{{ court.profiles }}` (the officials' short profiles and LHKPN).
`{{ court.announcements }}` lists the pages in `content/pengumuman/`, newest first.
An unknown placeholder fails the build, naming the page.

Text values are escaped for Markdown and HTML; links and e-mail addresses are
validated in `pipeline.yml` (no spaces, quotes or brackets) and go in as they are.

News cards: the home page, the news index and the category pages show each post as a
card (the first photo's smallest web variant, date, title, summary). A card is made
once per post per build from what the blog plugin has already read (the post's
Markdown and front matter), with one regular-expression search, so listing pages cost
the same however many posts there are.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from .config import Court
from .postformat import MONTHS, markdown_text

PLACEHOLDER = re.compile(r"\{\{\s*court\.([A-Za-z0-9_.]+)\s*\}\}")
ANNOUNCEMENTS_DIR = "pengumuman"

# Labels of the service links the site knows (site text, Indonesian); other keys show as written.
LINK_LABELS = {
    "sipp": "SIPP: penelusuran perkara",
    "jadwal_sidang": "Jadwal sidang (SIPP)",
    "ecourt": "e-Court: pendaftaran perkara elektronik",
    "gugatan_mandiri": "Gugatan Mandiri",
    "putusan": "Direktori Putusan Mahkamah Agung",
    "siwas": "SIWAS: pengaduan",
    "survei": "Survei kepuasan masyarakat",
    "lhkpn": "e-LHKPN (KPK)",
    "jdih": "JDIH Mahkamah Agung",
    "mahkamah_agung": "Mahkamah Agung Republik Indonesia",
    "badilag": "Direktorat Jenderal Badan Peradilan Agama",
}
GROUPS = {"pimpinan": "Pimpinan", "hakim": "Hakim", "pejabat": "Pejabat Struktural dan Fungsional"}


class UnknownPlaceholder(ValueError):
    """A `{{ court.x }}` that `pipeline.yml` has no value for."""


def indonesian_date(value: date | datetime | None) -> str:
    """`3 November 2026`: the one way the site writes a date."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


# --------------------------------------------------------------------------- placeholders


def _raw(path: tuple[str, ...]) -> bool:
    """Values validated as links or addresses: inserted as they are (escaping would break them)."""
    return path[0] in ("site_url", "email", "links")


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def contact_block(court: Court) -> str:
    """The contact block: name, address, then one line per way of reaching the court."""
    t = markdown_text
    lines = [f"**{t(court.name)}**", "", t(court.address + (f" {court.postal_code}" if court.postal_code else "")), ""]
    if court.phone:
        lines.append(f"- Telepon: {t(court.phone)}")
    if court.fax:
        lines.append(f"- Faksimile: {t(court.fax)}")
    lines.append(f"- Surel: [{court.email}](mailto:{court.email})")
    lines.append(f"- Situs: [{_host(court.site_url)}]({court.site_url})")
    return "\n".join(lines)


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    out = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    out += [f"| {markdown_text(a)} | {markdown_text(b)} |" for a, b in rows]
    return "\n".join(out)


def profiles_block(court: Court) -> str:
    """Each official by group: position, name, short profile and LHKPN."""
    out: list[str] = []
    for group, title in GROUPS.items():
        people = [o for o in court.officials if o.group == group]
        if not people:
            continue
        out += [f"## {title}", ""]
        for person in people:
            out += [f"### {markdown_text(person.name)}", "", f"**{markdown_text(person.position)}**", ""]
            if person.profile:
                out += [markdown_text(person.profile), ""]
            lhkpn = f"LHKPN: {markdown_text(person.lhkpn)}" if person.lhkpn else "LHKPN: belum dilaporkan"
            if court.links.get("lhkpn"):
                lhkpn += f" ([e-LHKPN]({court.links['lhkpn']}))"
            out += [lhkpn, ""]
    return "\n".join(out).rstrip("\n")


def _block(path: tuple[str, ...], value: Any) -> str:
    """A list or mapping from the settings as Markdown."""
    if path == ("hours",):
        return _table(("Hari", "Jam pelayanan"), [(h["days"], h["hours"]) for h in value])
    if path == ("officials",):
        return _table(("Jabatan", "Nama"), [(o["position"], o["name"]) for o in value])
    if path == ("links",):
        return "\n".join(f"- [{markdown_text(LINK_LABELS.get(k, k))}]({v})" for k, v in value.items())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(f"{n}. {markdown_text(v)}" for n, v in enumerate(value, 1))
    raise UnknownPlaceholder(".".join(path))


def resolve(court: Court, facts: dict, key: str, announcements: Callable[[], str] | None = None) -> str:
    """The Markdown for `{{ court.<key> }}`; raise `UnknownPlaceholder` for a key without a value."""
    if key == "contact":
        return contact_block(court)
    if key == "profiles":
        return profiles_block(court)
    if key == "announcements" and announcements is not None:
        return announcements()
    path = tuple(key.split("."))
    value: Any = facts
    for part in path:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list):  # officials.ketua: the item with that id
            value = next((v for v in value if isinstance(v, dict) and v.get("id") == part), None)
            if value is None:
                raise UnknownPlaceholder(key)
        else:
            raise UnknownPlaceholder(key)
    if isinstance(value, (list, dict)):
        return _block(path, value)
    text = str(value)
    return text if _raw(path) else markdown_text(text)


def fill(markdown: str, court: Court, facts: dict, announcements: Callable[[], str] | None = None) -> tuple[str, list[str]]:
    """`markdown` with every placeholder replaced; the unknown ones are returned, left as written."""
    if "{{" not in markdown:
        return markdown, []
    unknown: list[str] = []

    def one(match: re.Match) -> str:
        try:
            return resolve(court, facts, match.group(1), announcements)
        except UnknownPlaceholder:
            unknown.append(match.group(0))
            return match.group(0)

    return PLACEHOLDER.sub(one, markdown), unknown


def fill_text(text: str, court: Court, facts: dict) -> str:
    """A front-matter value (title, description) with its inline placeholders as plain text."""
    if "{{" not in text:
        return text

    def one(match: re.Match) -> str:
        try:
            value = resolve(court, facts, match.group(1))
        except UnknownPlaceholder:
            return match.group(0)
        return value if "\n" not in value else match.group(0)

    return html.unescape(re.sub(r"\\(.)", r"\1", PLACEHOLDER.sub(one, text)))


# --------------------------------------------------------------------------- news cards


@dataclass(frozen=True)
class Thumb:
    """The photo of a card: site-relative URLs of the smallest JPEG (and WebP) variant."""

    jpeg: str
    webp: str | None = None
    width: int | None = None
    height: int | None = None
    large: str | None = None   # a bigger JPEG, for og:image


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    published: datetime | date | None
    summary: str
    thumb: Thumb | None

    @property
    def date_text(self) -> str:
        return indonesian_date(self.published)

    @property
    def date_iso(self) -> str:
        return self.published.date().isoformat() if isinstance(self.published, datetime) else (
            self.published.isoformat() if self.published else "")


_GALLERY_IMG = re.compile(r'<div class="court-galeri".*?(?:<source type="image/webp" srcset="([^"]*)"[^>]*>\s*)?'
                          r'<img\b([^>]*)>', re.S)
_ATTR = re.compile(r'\b(src|srcset|width|height)="([^"]*)"')
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _smallest(srcset: str) -> tuple[str, int | None]:
    items = []
    for item in srcset.split(","):
        parts = item.split()
        if parts:
            width = int(parts[1][:-1]) if len(parts) > 1 and parts[1][:-1].isdigit() else None
            items.append((width or 10**9, parts[0], width))
    _, url, width = min(items)
    return url, width


def first_photo(markdown: str) -> tuple[str, str | None, int | None, int | None, str] | None:
    """The first photo of a post: (smallest JPEG, smallest WebP, width, height, larger JPEG), paths as written."""
    gallery = _GALLERY_IMG.search(markdown)
    if gallery:
        attrs = {m.group(1): html.unescape(m.group(2)) for m in _ATTR.finditer(gallery.group(2))}
        if "src" in attrs:
            jpeg, width = _smallest(attrs["srcset"]) if attrs.get("srcset") else (attrs["src"], None)
            webp = _smallest(html.unescape(gallery.group(1)))[0] if gallery.group(1) else None
            height = None
            if width and attrs.get("width", "").isdigit() and attrs.get("height", "").isdigit():
                height = round(int(attrs["height"]) * width / int(attrs["width"]))
            return jpeg, webp, width, height, attrs["src"]
    image = _MD_IMAGE.search(markdown)
    if image:
        return image.group(1), None, None, None, image.group(1)
    return None


def _site_url(path: str, src_uri: str, files) -> str | None:
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or path.startswith(("/", "#")):
        return None
    file = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(parts.path))))
    return file.url if file is not None else None


def card_for(post, files) -> Card:
    """The card of a blog post (Material's `Post`), from its front matter and the Markdown it was read from."""
    src_uri = post.file.src_uri
    thumb = None
    photo = first_photo(getattr(post, "markdown", "") or "")
    if photo is not None:
        jpeg = _site_url(photo[0], src_uri, files)
        if jpeg is not None:
            webp = _site_url(photo[1], src_uri, files) if photo[1] else None
            thumb = Thumb(jpeg, webp, photo[2], photo[3], _site_url(photo[4], src_uri, files) or jpeg)
    created = None
    config = getattr(post, "config", None)
    if config is not None and getattr(config, "date", None) is not None:
        created = config.date.created
    meta = post.meta or {}
    # kept as they are: the build has escaped them into markup already (pipeline/sanitize.py)
    title = post.title or meta.get("title") or ""
    summary = meta.get("description") or ""
    return Card(title if isinstance(title, str) else str(title), post.url, created,
                summary if isinstance(summary, str) else str(summary), thumb)


# --------------------------------------------------------------------------- announcements


@dataclass(frozen=True)
class Announcement:
    title: str
    src_uri: str
    url: str
    published: date | None

    @property
    def date_text(self) -> str:
        return indonesian_date(self.published)


def read_announcements(files) -> list[Announcement]:
    """The pages in `content/pengumuman/`, newest first (their front matter read once per build)."""
    from mkdocs.utils.meta import get_data

    out = []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(ANNOUNCEMENTS_DIR + "/") or file.name == "index":
            continue
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        body, meta = get_data(text)
        title = str(meta.get("title") or "")
        if not title:
            title = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), file.name)
        day = meta.get("date")
        out.append(Announcement(title, file.src_uri, file.url, day if isinstance(day, date) else None))
    return sorted(out, key=lambda a: (a.published or date.min, a.src_uri), reverse=True)


def announcements_block(items: list[Announcement], page_src: str) -> str:
    """A Markdown list of announcements, linked relative to the page that shows it."""
    if not items:
        return "Belum ada pengumuman."
    base = posixpath.dirname(page_src)
    lines = []
    for item in items:
        link = posixpath.relpath(item.src_uri, base or ".")
        when = f" ({item.date_text})" if item.published else ""
        lines.append(f"- [{markdown_text(item.title)}]({link}){when}")
    return "\n".join(lines)
