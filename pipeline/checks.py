"""`pipeline check`: every rule over every draft and content page, all findings at once.

Rules come in three lists, so a later stage adds one by appending a function:

* `DRAFT_RULES` (a readable draft with valid types): schema for its status, history,
  photos, narrative house style, courtroom photos, the approval record;
* `TEXT_RULES` (any Markdown file, drafts and content pages alike): privacy of the
  parties, safety of the Markdown (raw HTML, script links), link paths;
* `REPO_RULES` (once per whole-repository check): CODEOWNERS drift, and later the
  required pages.

Privacy comes first: a religious court's parties (divorce, inheritance, custody)
must never be identifiable, so those rules are errors and lean towards reporting.

Decisions worth knowing:

* The court's own telephone and fax numbers (`court.phone`, `court.fax`) are allowed:
  they are the institution's published contact, not a person's. Every other number is
  reported.
* E-mail addresses on the court's own domain (of `court.email` and `court.site_url`)
  and on any `.go.id` domain (government institutions, which publish them) are
  allowed; any other address may be a person's and is reported.
* Raw HTML in a draft's narrative is an error (the narrative is Markdown only; the
  one exception is Material's excerpt marker `<!-- more -->`). Content pages may use
  HTML for layout (`<div class="grid cards" markdown>`), but nothing that can run
  script: script-like elements, `on...=` handlers, `javascript:`/`vbscript:`/`data:`
  URLs. Markdown is parsed with markdown-it-py (CommonMark) to tell code from text;
  because MkDocs renders with Python-Markdown, which accepts some tags CommonMark
  does not, text outside code is also scanned for anything tag-like.
* Photo files are inspected from their headers (format, size, metadata, and the JPEG
  or PNG end marker for truncation), about 0.03 ms a photo; a full decode
  (`photos.inspect`, about 20 ms for a camera photo) runs with `deep_photos=True`.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from . import approval, steps
from .config import Settings, Step, today_in
from .drafts import DRAFTS_DIR, INDEX, Draft, Source
from .findings import Finding, PipelineError, Severity, error, warning
from .i18n import N_, _

CONTENT_DIR = "content"

# ---------------------------------------------------------------------------- rule table


@dataclass(frozen=True)
class Rule:
    """A rule: its id (shown in brackets after each message), its severity and the usual fix."""

    id: str
    severity: Severity
    hint: str

    def at(self, path: str, line: int | None, field_: str, message: str, hint: str | None = None) -> Finding:
        make = error if self.severity is Severity.ERROR else warning
        return make(path, line, field_, self.id, message, _(self.hint) if hint is None else hint)


E, W = Severity.ERROR, Severity.WARNING
RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("schema", E, N_("see DESIGN section 3 for the fields of a draft")),
    Rule("schema.id", E, N_("rename the folder to YYYY-MM-DD-slug, e.g. 2026-11-20-rapat-evaluasi")),
    Rule("schema.required", E, N_("fill in the field before taking the step")),
    Rule("schema.person", E, N_("use a person id from the people in site_config/pipeline.yml")),
    Rule("schema.category", E, N_("use one of the categories in site_config/pipeline.yml")),
    Rule("schema.date", E, N_("the date of an event that took place, as YYYY-MM-DD")),
    Rule("schema.history", E, N_("history is written by the pipeline's steps only; undo the hand edit")),
    Rule("approval", E, N_("approval is recorded only by `pipeline approve`")),
    Rule("photos.path", E, N_("give a path inside the draft folder, such as photos/IMG_0012.jpg")),
    Rule("photos.missing", E, N_("add the photo with `pipeline photos add`, or fix the path")),
    Rule("photos.caption", E, N_("write a caption: what happens in the photo, and who (by function, not a party's name)")),
    Rule("photos.alt", E, N_("describe the photo for readers who cannot see it")),
    Rule("photos.selected", E, N_("mark at least one photo `selected: true`")),
    Rule("photos.duplicate", W, N_("list each photo once")),
    Rule("photo-not-image", E, N_("give a photo file; if it is one, copy it again from the camera")),
    Rule("photo-truncated", E, N_("copy the photo again from the camera or phone; the transfer did not finish")),
    Rule("photo-bomb", E, N_("scale it down; a camera photo is far smaller, so this file may be a decompression bomb")),
    Rule("photo-metadata", E, N_("remove the file and add it again without its metadata: in a browser, upload it "
                                 "through /admin/ of the website; with the tool, `pipeline photos add DRAFT FILE`")),
    Rule("narrative.title", E, N_("adjust the title's length")),
    Rule("narrative.summary", E, N_("one or two sentences for the news index and RSS")),
    Rule("narrative.words", E, N_("write the narrative: what happened, who took part (by function), why it matters")),
    Rule("narrative.dateline", W, N_("start with `Kota, Hari DD Bulan YYYY -`, or leave it out and publishing adds it")),
    Rule("narrative.date", E, N_("make the dateline's date and day match the event date")),
    Rule("narrative.initials", W, N_("end the narrative with the reporter's initials in brackets, e.g. (rm)")),
    Rule("narrative.time", W, N_("write times as `pukul 08.00 WIB`")),
    Rule("privacy.nik", E, N_("remove the ID number (NIK); it identifies a person")),
    Rule("privacy.phone", E, N_("remove the phone number; give the court's own contact instead")),
    Rule("privacy.email", E, N_("remove the address; only the court's own and .go.id addresses may be published")),
    Rule("privacy.case", E, N_("give the case number or the name, never both; parties must not be identifiable")),
    Rule("privacy.party", E, N_("name the party by role only (Penggugat, Tergugat), or by initials")),
    Rule("privacy.name", E, N_("write the initials, or the person's role in the case")),
    Rule("privacy.witness", E, N_("write the witness's initials, or only `saksi`")),
    Rule("privacy.child", E, N_("write the child's initials, or only `anak`")),
    Rule("privacy.parent", E, N_("write the initials, or leave the parents out")),
    Rule("privacy.address", E, N_("cut the address to the kabupaten/kota")),
    Rule("privacy.courtroom", E, N_("a photo in a courtroom needs an open hearing and the presiding judge's permission")),
    Rule("safety.html", E, N_("write Markdown only; images and links have Markdown syntax")),
    Rule("safety.scheme", E, N_("link to an https:// address or to a page of the site")),
    Rule("safety.path", E, N_("keep links and images inside the draft folder (or content/ for pages)")),
    Rule("safety.fence", E, N_("close the code block with ``` on a line of its own")),
    Rule("safety.attr", E, N_("an attribute list may set only classes (.name), an id (#name), title, alt, width, "
                             "height and loading; write \\{ for a brace meant as text")),
    Rule("check", E, N_("give files under drafts/ or content/")),
]}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


# ---------------------------------------------------------------------------- context


@dataclass
class Ctx:
    """What a rule sees: the repository, settings, the source file and, for a valid draft, the draft.

    `status` is the status the draft is checked at (its own, or the step it is about to
    take); `markdown` is the parsed body, shared by the rules.
    """

    root: Path
    settings: Settings
    source: Source
    kind: str  # "draft" or "page"
    folder: Path
    draft: Draft | None = None
    status: Step | None = None
    today: date | None = None
    deep_photos: bool = False
    inspected: set[str] = field(default_factory=set)
    _markdown: "Markdown | None" = None

    @property
    def shown(self) -> str:
        return self.source.shown

    @property
    def markdown(self) -> "Markdown":
        if self._markdown is None:
            self._markdown = parse_markdown(self.source)
        return self._markdown

    def at_least(self, step: Step) -> bool:
        return self.status is not None and self.status.index >= step.index


# ---------------------------------------------------------------------------- Markdown


@dataclass(frozen=True)
class Piece:
    """A piece of the body: text, HTML, a link or an image, with its file line."""

    kind: str  # text | html | link | image | code
    value: str
    line: int


@dataclass(frozen=True)
class Markdown:
    pieces: list[Piece]
    first_paragraph: str
    first_paragraph_line: int

    def of(self, *kinds: str) -> Iterator[Piece]:
        return (p for p in self.pieces if p.kind in kinds)


_MD = None


def _markdown_it():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark")
        # see every link: markdown-it would otherwise drop javascript: links to plain text
        md.validateLink = lambda url: True
        _MD = md
    return _MD


def _fence_closed(token, body: str) -> bool:
    """Whether a fence markdown-it found ends with a closing fence (Python-Markdown needs one, or
    it renders what follows as Markdown, raw HTML included, where markdown-it reads code)."""
    if not token.map:
        return True
    lines = body.split("\n")
    last = token.map[1] - 1
    if last <= token.map[0] or last >= len(lines):
        return False
    closing = lines[last].strip()
    return len(closing) >= len(token.markup) and set(closing) == {token.markup[0]}


def parse_markdown(source: Source) -> Markdown:
    """The body's text, raw HTML, links and images, each with its line in the file."""
    pieces: list[Piece] = []
    first, first_line = "", source.body_line
    base = source.body_line
    try:
        tokens = _markdown_it().parse(source.body)
    except RecursionError:
        return Markdown([Piece("text", source.body, base)], "", base)
    for index, token in enumerate(tokens):
        line = base + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            pieces.append(Piece("html", token.content, line))
        elif token.type in ("fence", "code_block"):
            pieces.append(Piece("code", token.content, line))
            if token.type == "fence" and not _fence_closed(token, source.body):
                pieces.append(Piece("unclosed", token.markup, line))
        elif token.type == "inline":
            if not first and index > 0 and tokens[index - 1].type == "paragraph_open" and token.level == 1:
                first, first_line = token.content, line
            current = line
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    current += 1
                elif child.type == "text":
                    pieces.append(Piece("text", child.content, current))
                    current += child.content.count("\n")
                elif child.type == "html_inline":
                    pieces.append(Piece("html", child.content, current))
                elif child.type == "code_inline":
                    pieces.append(Piece("code", child.content, current))
                elif child.type == "link_open":
                    pieces.append(Piece("link", str(child.attrs.get("href", "")), current))
                elif child.type == "image":
                    pieces.append(Piece("image", str(child.attrs.get("src", "")), current))
                    pieces.append(Piece("text", child.content, current))
    return Markdown(pieces, first, first_line)


# ---------------------------------------------------------------------------- privacy (pipeline/privacy.py)

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]

from .privacy import _strings, nik_valid, privacy_text, rule_privacy  # noqa: E402,F401 - the rules live in privacy.py


# ---------------------------------------------------------------------------- safety and paths

DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "file")
SCRIPT_TAGS = re.compile(r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|form|base|meta|link|style|svg|"
                         r"math|template|portal)\b", re.IGNORECASE)
EVENT_ATTR = re.compile(r"(?:^|[\s\"'/{:;,])on[a-z]+\s*=", re.IGNORECASE)
SCHEME_IN_TEXT = re.compile(r"(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
TAG_LIKE = re.compile(r"<\s*/?[A-Za-z][^<>]*>|<!--")
EXCERPT_MARKER = "<!-- more -->"
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _scheme(url: str) -> str | None:
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", unquote(url)).lower()
    match = SCHEME.match(cleaned)
    return match.group(1) if match else None


def rule_safety(ctx: Ctx) -> list[Finding]:
    """No HTML that can run script (none at all in a draft), no script or data links, no `on...=` attributes."""
    found = []
    draft = ctx.kind == "draft"
    for piece in ctx.markdown.of("html", "text"):
        value = piece.value
        if piece.kind == "html":
            if draft and value.strip() != EXCERPT_MARKER:
                if value.lstrip().startswith("<!--"):
                    what = _("an HTML comment (hidden text is still published in the page source) in the narrative")
                else:
                    what = _("raw HTML {html!r} in the narrative").format(html=value.strip()[:40])
                found.append(rule("safety.html").at(ctx.shown, piece.line, "", what))
                continue
            if value.lstrip().startswith("<!--"):
                continue
            if SCRIPT_TAGS.search(value) or EVENT_ATTR.search(value) or SCHEME_IN_TEXT.search(value):
                found.append(rule("safety.html").at(ctx.shown, piece.line, "",
                                                    _("HTML that can run script: {html!r}").format(html=value.strip()[:60]),
                                                    _("remove it; pages may use HTML for layout only")))
        else:
            tag = TAG_LIKE.search(value)
            if tag and (draft or SCRIPT_TAGS.search(value) or EVENT_ATTR.search(value)):
                found.append(rule("safety.html").at(ctx.shown, piece.line, "",
                                                    _("something that MkDocs renders as HTML: {html!r}").format(
                                                        html=tag.group(0)[:40])))
            elif "{" in value and (EVENT_ATTR.search(value) or SCHEME_IN_TEXT.search(value)):
                found.append(rule("safety.html").at(ctx.shown, piece.line, "",
                                                    _("an attribute list that sets a script attribute"),
                                                    _("attribute lists may set only classes, ids, sizes and titles")))
    seen_lines: set[int] = set()
    found = [f for f in found if not (f.line in seen_lines or seen_lines.add(f.line))]  # one per line
    for piece in ctx.markdown.of("link", "image"):
        scheme = _scheme(piece.value)
        if scheme in DANGEROUS_SCHEMES:
            found.append(rule("safety.scheme").at(ctx.shown, piece.line, "",
                                                  (_("a {scheme}: image") if piece.kind == "image"
                                                   else _("a {scheme}: link")).format(scheme=scheme)))
    seen_lines = {f.line for f in found}
    return found + [f for f in _hidden_script(ctx, found) if not (f.line in seen_lines or seen_lines.add(f.line))]


# Attribute-list keys that set neither a script, a URL, a style nor text glightbox shows as HTML.
ATTR_LIST_KEYS = {".", "id", "title", "alt", "width", "height", "loading", "lang", "dir", "align", "decoding"}
ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")
# Worth asking Python-Markdown about: a tag, a brace, an entity, a script scheme.
MIGHT_RUN = re.compile(r"<|\{|&[#\w]|script|data\s*:", re.IGNORECASE)
# Front-matter text a page, the search index, a feed or a <meta> shows.
SHOWN_FIELDS = {"title", "summary", "description", "caption", "alt", "subtitle"}


def _hidden_script(ctx: Ctx, found_so_far: list[Finding]) -> list[Finding]:
    """What the piece scan above cannot see: entity-encoded schemes in HTML, attribute lists,
    unclosed fences, script in front-matter text, and (asking Python-Markdown, MkDocs'
    renderer, when nothing else was found) anything the narrative renders into that can run."""
    found = []
    shown = ctx.shown
    for piece in ctx.markdown.of("unclosed"):
        found.append(rule("safety.fence").at(shown, piece.line, "", _(
            "a code block opened with {fence} is never closed: MkDocs shows what follows as text and HTML, "
            "not as code").format(fence=piece.value)))
    for piece in ctx.markdown.of("html"):
        if SCHEME_IN_TEXT.search(_decoded(piece.value)) and not SCHEME_IN_TEXT.search(piece.value):
            found.append(rule("safety.scheme").at(shown, piece.line, "", _(
                "an encoded script address in HTML: {html!r}").format(html=piece.value.strip()[:60])))
    for piece in ctx.markdown.of("text"):
        for match in ATTR_LIST.finditer(_facts_filled(ctx, piece.value)):
            keys = _attr_list_keys(match.group(1))
            bad = [key for key in keys if key.lower() not in ATTR_LIST_KEYS]
            if bad:
                found.append(rule("safety.attr").at(shown, piece.line, "", _(
                    "an attribute list sets {keys}: {text!r}").format(keys=", ".join(bad), text=match.group(0)[:60])))
    found += _front_matter_script(ctx)
    if not found and not any(f.rule.startswith("safety.") for f in found_so_far) and \
            MIGHT_RUN.search(_facts_filled(ctx, ctx.source.body)):
        problems = _rendered_problems(ctx)
        if problems:
            match = re.search(r"<|\{|&#|script|data\s*:", ctx.source.body, re.IGNORECASE)
            line = ctx.source.line_of_offset(match.start()) if match else ctx.source.body_line
            found.append(rule("safety.html").at(shown, line, "", _(
                "MkDocs renders this text into HTML that can run script ({what})").format(what=", ".join(problems)),
                _("remove it; write Markdown only (the check reads it as code or text, MkDocs does not)")))
    return found


def _facts_filled(ctx: Ctx, text: str) -> str:
    """A content page's text with its `{{ court.* }}` placeholders as the plain word they become.

    The build replaces them with escaped facts from pipeline.yml (pipeline/pages.py) before
    Markdown sees the page; read raw, `{{ court.name }}` looks like an attribute list.
    Drafts get no placeholders (publish escapes their braces), so theirs are read as written.
    """
    if ctx.kind == "draft" or "{{" not in text:
        return text
    from .pages import PLACEHOLDER

    return PLACEHOLDER.sub("court", text)


def _decoded(value: str) -> str:
    """HTML as a browser reads an address in it: character references decoded, tabs and newlines dropped."""
    import html

    return re.sub(r"[\t\n\r]", "", html.unescape(value))


def _attr_list_keys(text: str) -> list[str]:
    """The attributes Python-Markdown's attr_list would set from `{text}` (`.` for a class)."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    try:
        attrs, _rest = get_attrs_and_remainder(text)
    except Exception:  # noqa: BLE001 - a text it cannot read sets nothing
        return []
    return list(dict.fromkeys(key for key, _value in attrs))


def _front_matter_script(ctx: Ctx) -> list[Finding]:
    """Titles, summaries, captions and alt texts are plain text: no tags, no entities, no script addresses."""
    import html

    from .files import dotted

    found = []
    source = ctx.source
    if not isinstance(source.data, dict):
        return found
    for loc, value in _strings(source.data):
        if not loc or loc[-1] not in SHOWN_FIELDS:
            continue
        what = None
        if TAG_LIKE.search(value) or SCRIPT_TAGS.search(value):
            what = _("HTML")
        elif EVENT_ATTR.search(value) or SCHEME_IN_TEXT.search(_decoded(value)):
            what = _("script")
        elif html.unescape(value) != value:
            what = _("an HTML character reference")
        if what:
            found.append(rule("safety.html").at(ctx.shown, source.line(*loc), dotted(loc), _(
                "{what} in {field}: {value!r}").format(what=what, field=dotted(loc), value=value.strip()[:60]),
                _("write plain text: the site shows this field as it is written")))
    return found


_RENDERERS: dict[str, Any] = {}


def _renderer(root: Path):
    """Python-Markdown with the extensions of site_config/mkdocs.yml, as MkDocs renders pages."""
    import markdown

    from . import publish

    key = str(root)
    if key not in _RENDERERS:
        names = ["toc", "tables", "fenced_code"]
        try:
            import yaml

            from .config import CONFIG_DIR, MKDOCS_FILE

            text = (Path(root) / CONFIG_DIR / MKDOCS_FILE).read_text(encoding="utf-8")
            config = yaml.load(text, Loader=publish._TolerantLoader) or {}
            for entry in config.get("markdown_extensions") or []:
                name = entry if isinstance(entry, str) else next(iter(entry), None)
                if isinstance(name, str) and name not in names:
                    names.append(name)
        except (OSError, ValueError, AttributeError, TypeError):
            pass
        try:  # all of them at once; each on its own only when that fails (a fresh check built each twice)
            _RENDERERS[key] = markdown.Markdown(extensions=names)
        except Exception:  # noqa: BLE001 - an extension MkDocs itself would fail on
            loaded = []
            for name in names:
                try:
                    markdown.Markdown(extensions=[name])
                    loaded.append(name)
                except Exception:  # noqa: BLE001
                    continue
            _RENDERERS[key] = markdown.Markdown(extensions=loaded)
    return _RENDERERS[key]


def _rendered_problems(ctx: Ctx) -> list[str]:
    from .sanitize import script_problems

    md = _renderer(ctx.root)
    md.reset()
    try:
        rendered = md.convert(_facts_filled(ctx, ctx.source.body))
    except Exception:  # noqa: BLE001 - MkDocs' build reports what it cannot render
        return []
    # raw HTML blocks are stashed; the serialised output holds them as they will be published
    return script_problems(rendered)


def rule_link_paths(ctx: Ctx) -> list[Finding]:
    """Relative links and images stay inside the draft's folder (a page's: inside content/); a draft's must exist."""
    found = []
    draft = ctx.kind == "draft"
    boundary = ctx.folder.resolve() if draft else (ctx.root / CONTENT_DIR).resolve()
    for piece in ctx.markdown.of("link", "image"):
        url = piece.value.strip()
        if not url or url.startswith(("#", "//", "mailto:", "tel:")):
            continue
        scheme = _scheme(url)
        if scheme and len(scheme) > 1:
            continue
        path = unquote(urlsplit(url).path) if not scheme else url
        image = piece.kind == "image"
        if scheme or path.startswith(("/", "\\")) or "\\" in path:
            if draft:
                found.append(rule("safety.path").at(ctx.shown, piece.line, "",
                                                    (_("image {url!r} is an absolute path") if image
                                                     else _("link {url!r} is an absolute path")).format(url=url),
                                                    _("give a path relative to the draft folder, e.g. photos/IMG_1.jpg")))
            continue
        if not path:
            continue
        target = (ctx.source.path.parent / path).resolve()
        if not target.is_relative_to(boundary):
            if draft:
                what = _("image {url!r} leads out of the draft folder") if image else _("link {url!r} leads out of the draft folder")
            else:
                what = _("image {url!r} leads out of content/") if image else _("link {url!r} leads out of content/")
            found.append(rule("safety.path").at(ctx.shown, piece.line, "", what.format(url=url)))
        elif draft and not target.exists():
            found.append(rule("photos.missing").at(ctx.shown, piece.line, "", (
                _("image {url!r}: file not found") if image else _("link {url!r}: file not found")).format(url=url)))
    return found


TEXT_RULES: list[Callable[[Ctx], list[Finding]]] = [rule_privacy, rule_safety, rule_link_paths]


# ---------------------------------------------------------------------------- photo files

try:
    from .photos import ALLOWED_FORMATS, PHOTO_SUFFIXES, metadata_in
except ImportError:  # pragma: no cover - photos stage missing
    ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "GIF", "BMP")
    PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif", ".bmp"})
    metadata_in = None


def inspect_photo(path: Path | str, shown: str, settings: Settings, *, deep: bool = False) -> list[Finding]:
    """What is wrong with one image file, read from its header (or fully decoded with `deep`).

    One open per photo: Pillow reads the header (format, size, EXIF/XMP/comments),
    then the last bytes are read from the same file for the JPEG or PNG end marker.
    """
    if deep:
        from . import photos

        return photos.inspect(Path(path), shown, settings.photos)
    from PIL import Image, UnidentifiedImageError

    found: list[str] = []
    truncated = False
    try:
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if not fh.read(1):
                return [rule("photo-not-image").at(shown, None, "", _("empty file (0 bytes)"))]
            fh.seek(0)
            im = Image.open(fh, formats=ALLOWED_FORMATS)
            w, h = im.size
            if w * h > settings.photos.max_pixels:
                return [rule("photo-bomb").at(shown, None, "", _(
                    "image too large to open safely ({width} x {height} = {pixels:,} pixels; the limit is {limit:,})").format(
                    width=w, height=h, pixels=w * h, limit=settings.photos.max_pixels))]
            found = metadata_in(im) if metadata_in else []
            if im.format in ("JPEG", "PNG"):
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 16))
                tail = fh.read().rstrip(b"\x00\r\n ")
                truncated = not tail.endswith(b"\xff\xd9") if im.format == "JPEG" else b"IEND" not in tail
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        if "truncated" in str(exc) or "File Read" in str(exc):
            return [rule("photo-truncated").at(shown, None, "", _("truncated image: the file ends before the picture does"))]
        detail = "" if isinstance(exc, UnidentifiedImageError) else f" ({exc})"
        return [rule("photo-not-image").at(shown, None, "", _("not an image (JPEG, PNG, WebP, TIFF, GIF or BMP)") + detail)]
    out = []
    if truncated:
        out.append(rule("photo-truncated").at(shown, None, "", _("truncated image: the file ends before the picture does")))
    if found:
        out.append(rule("photo-metadata").at(shown, None, "", _("photo still carries metadata: {blocks}").format(
            blocks=", ".join(found))))
    return out


# ---------------------------------------------------------------------------- draft rules


def rule_schema(ctx: Ctx) -> list[Finding]:
    """Valid id, known people and category, a past event date, and the fields the status requires."""
    draft, settings, shown = ctx.draft, ctx.settings, ctx.shown
    meta = draft.meta
    found = []
    from .drafts import id_date, id_problem

    problem = id_problem(draft.id)
    if problem:
        found.append(rule("schema.id").at(shown, None, "id", problem))
    elif id_date(draft.id) != meta.date:
        found.append(warning(shown, draft.line("date"), "date", "schema.id",
                             _("the event date {date} differs from the date in the id {id}").format(
                                 date=meta.date.isoformat(), id=draft.id),
                             _("rename the folder so its id starts with the event date")))
    person = settings.person(meta.reporter)
    if person is None:
        found.append(rule("schema.person").at(shown, draft.line("reporter"), "reporter",
                                              _("unknown person {person!r}").format(person=meta.reporter)))
    elif person.role not in settings.steps[Step.COLLECTED].roles:
        found.append(rule("schema.person").at(shown, draft.line("reporter"), "reporter",
                                              _("{person} has the role {role}; a reporter needs {roles}").format(
                                                  person=person.id, role=person.role.value,
                                                  roles=_(" or ").join(r.value for r in settings.steps[Step.COLLECTED].roles))))
    if meta.category and meta.category not in settings.categories:
        found.append(rule("schema.category").at(shown, draft.line("category"), "category",
                                                _("unknown category {category!r}").format(category=meta.category),
                                                _("use one of: {categories}").format(categories=", ".join(settings.categories))))
    if meta.date > (ctx.today or today_in(settings)):
        found.append(rule("schema.date").at(shown, draft.line("date"), "date",
                                            _("the event date {date} is in the future").format(date=meta.date.isoformat())))
    if not meta.title.strip():
        found.append(rule("schema.required").at(shown, draft.line("title"), "title", _("title is empty")))
    if ctx.at_least(Step.NARRATED):
        for key, what in (("category", _("a category is required once the draft is narrated")),
                          ("location", _("the place of the event is required once the draft is narrated")),
                          ("summary", _("a summary is required once the draft is narrated"))):
            if not str(getattr(meta, key)).strip():
                found.append(rule("schema.required").at(shown, draft.line(key), key, what))
    return found


def rule_history(ctx: Ctx) -> list[Finding]:
    """The history follows the transitions table, in time order, each step by a person holding its role."""
    draft, settings, shown = ctx.draft, ctx.settings, ctx.shown
    history = draft.meta.history
    r = rule("schema.history")
    if not history:
        return [r.at(shown, draft.line("history"), "history",
                     _("history is empty: every draft starts with a `collected` entry"),
                     _("create drafts with `pipeline new`, which records the first step"))]
    found = []
    status: Step | None = None
    previous: datetime | None = None
    limit = datetime.now(settings.court.tz) + timedelta(minutes=5)
    for index, entry in enumerate(history):
        def where(index: int = index) -> tuple:  # the line costs a ruamel parse: only when reported
            return shown, draft.line("history", index), f"history[{index}]"

        valid_step = entry.step == steps.UNPUBLISHED or entry.step in {s.value for s in Step}
        if not valid_step:
            found.append(r.at(*where(), _("unknown step {step!r}").format(step=entry.step)))
            break
        returning = entry.step == Step.NARRATED.value and status in steps.RETURNS
        if not steps.allowed(status, entry.step, reason=entry.reason):
            if returning or entry.step == steps.UNPUBLISHED:
                why = _("{step} cannot follow {before} without a reason")
            else:
                why = _("{step} cannot follow {before}")
            found.append(r.at(*where(), why.format(step=entry.step, before=status.value if status else _("the start"))))
        if not (entry.by == steps.SYSTEM_ACTOR and entry.step == Step.PUBLISHED.value):
            why = steps.role_problem(settings, entry.by, steps.roles_for(settings, entry.step, returning=returning),
                                        _("the step {step}").format(step=entry.step))
            if why:
                found.append(r.at(*where(), why))
        if previous and entry.at < previous:
            found.append(r.at(*where(), _("time {time} is earlier than the step before it").format(time=entry.at.isoformat())))
        if entry.at > limit:
            found.append(r.at(*where(), _("time {time} is in the future").format(time=entry.at.isoformat())))
        previous = entry.at
        status = steps.status_after(entry.step)
    if status is not None and status is not draft.status:
        found.append(r.at(shown, draft.line("status"), "status",
                          _("status is {status} but the history ends at {last}").format(
                              status=draft.status.value, last=status.value),
                          _("the status changes only through `pipeline advance`, `return` and `approve`")))
    return found


ABSOLUTE = re.compile(r"^(?:[/\\]|[A-Za-z]:)")


def _photo_path_problem(draft: Draft, file: str) -> tuple[str | None, bool]:
    """(why `file` is not a path inside the draft folder, or None; whether it is an existing file).

    One lstat per part of the path; resolving happens only when a part is a symbolic
    link, because resolving every photo of 500 drafts costs more than the rest of the check.
    """
    if ABSOLUTE.match(file):
        return _("{file!r} is an absolute path").format(file=file), False
    if "\\" in file:
        return _("{file!r} uses backslashes; use forward slashes").format(file=file), False
    parts = file.split("/")
    if ".." in parts:
        return _("{file!r} leads out of the draft folder").format(file=file), False
    if _scheme(file):
        return _("{file!r} is an address, not a file in the draft folder").format(file=file), False
    current = str(draft.folder)
    mode = 0
    for part in parts:
        if not part or part == ".":
            continue
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None, False
        if stat.S_ISLNK(mode):
            target = (draft.folder / file).resolve()
            if not target.is_relative_to(draft.folder.resolve()):
                return _("{file!r} links out of the draft folder").format(file=file), False
            return None, target.is_file()
    return None, stat.S_ISREG(mode)


def rule_photos(ctx: Ctx) -> list[Finding]:
    """Each photo is a file inside the draft folder that opens as an image; selected ones have caption and alt."""
    draft, shown = ctx.draft, ctx.shown
    found = []
    seen: set[str] = set()
    selected_status = ctx.at_least(Step.SELECTED)
    for index, photo in enumerate(draft.meta.photos):
        def line(index: int = index) -> int | None:  # looked up only when reported (a ruamel parse)
            return draft.line("photos", index, "file")

        name = f"photos[{index}].file"
        if photo.file in seen:
            found.append(rule("photos.duplicate").at(shown, line(), name, _("{file} is listed twice").format(file=photo.file)))
        seen.add(photo.file)
        problem, is_file = _photo_path_problem(draft, photo.file)
        if problem:
            found.append(rule("photos.path").at(shown, line(), name, problem))
            continue
        if not is_file:
            found.append(rule("photos.missing").at(shown, line(), name, _("{file}: file not found").format(file=photo.file)))
            continue
        path = os.path.join(draft.folder, photo.file)
        if path not in ctx.inspected:
            ctx.inspected.add(path)
            for finding in inspect_photo(path, shown, ctx.settings, deep=ctx.deep_photos):
                found.append(Finding(shown, line(), name, finding.rule, finding.severity,
                                     f"{photo.file}: {finding.message}", finding.hint))
        if selected_status and photo.selected:
            for key in ("caption", "alt"):
                if not getattr(photo, key).strip():
                    what = _("missing caption for a selected photo") if key == "caption" \
                        else _("missing alt text for a selected photo")
                    found.append(rule(f"photos.{key}").at(shown, draft.line("photos", index, key) or line(),
                                                          f"photos[{index}].{key}", what))
    if selected_status and not draft.selected_photos:
        found.append(rule("photos.selected").at(shown, draft.line("photos"), "photos",
                                                _("no selected photo: a selected draft needs at least one")))
    return found


def rule_courtroom(ctx: Ctx) -> list[Finding]:
    """A courtroom photo needs an open hearing and a recorded permission; a closed hearing allows no photos."""
    draft, shown, settings = ctx.draft, ctx.shown, ctx.settings
    r = rule("privacy.courtroom")
    found = []
    if draft.meta.hearing == "closed" and draft.meta.photos:
        found.append(r.at(shown, draft.line("hearing"), "hearing",
                          _("a closed hearing allows no photos; this draft has {count}").format(count=len(draft.meta.photos)),
                          _("remove the photos of a closed hearing (family cases are heard behind closed doors)")))
        return found
    for index, photo in enumerate(draft.meta.photos):
        hearing = photo.hearing or draft.meta.hearing
        name = f"photos[{index}]"

        def line(index: int = index) -> int | None:
            return draft.line("photos", index)

        if hearing == "closed":
            found.append(r.at(shown, draft.line("photos", index, "hearing") or line(), f"{name}.hearing",
                              _("a photo of a closed hearing may not be kept or published")))
            continue
        if not photo.courtroom:
            continue
        if hearing != "open":
            found.append(r.at(shown, line(), f"{name}.hearing",
                              _("a courtroom photo needs `hearing: open` (only an open hearing may be photographed)")))
        if not photo.permitted_by:
            found.append(r.at(shown, line(), f"{name}.permitted_by",
                              _("a courtroom photo needs `permitted_by`: the person who permitted it")))
        elif settings.person(photo.permitted_by) is None:
            found.append(r.at(shown, draft.line("photos", index, "permitted_by") or line(), f"{name}.permitted_by",
                              _("unknown person {person!r}").format(person=photo.permitted_by),
                              _("use a person id from site_config/pipeline.yml")))
    return found


WORD = re.compile(r"[^\W\d_][\w'’-]*")
DATELINE_START = re.compile(r"^[*_\s]*([A-Z][\w .'-]{1,40}?),\s*(?:(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|"
                            r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\d)")
DATELINE = re.compile(r"^[*_\s]*(?P<city>[A-Z][\w .'-]{1,40}?),\s*(?P<day>[A-Za-z']+),?\s+(?P<d>\d{1,2})\s+"
                      r"(?P<month>[A-Za-z]+)\s+(?P<y>\d{4})\s*[*_]*\s*[-–—]")
# The narrative form of the same facts, at the start of the first sentence: `Pada hari Jumat, 20 November 2026, ...`
NARRATIVE_DATELINE = re.compile(r"^[*_\s]*Pada\s+hari\s+(?P<day>[A-Za-z']+)\s*,?\s+(?:tanggal\s+)?(?P<d>\d{1,2})\s+"
                                r"(?P<month>[A-Za-z]+)\s+(?P<y>\d{4})\b", re.IGNORECASE)
INITIALS = re.compile(r"^\(\s*([a-z]{1,6}(?:\s*/\s*[a-z]{1,6})*)\s*\)$")
TIME_WORD = re.compile(r"\b(?P<word>pukul|jam|pkl\.?)\s+(?P<h>\d{1,2})(?P<sep>[.:])(?P<m>\d{2})\b(?P<zone>\s*(?:WIB|WITA|WIT)\b)?",
                       re.IGNORECASE)
BARE_TIME = re.compile(r"(?<![\w.:])(?P<h>\d{1,2}):(?P<m>\d{2})(?P<zone>\s*(?:WIB|WITA|WIT))\b")


def count_words(markdown: Markdown) -> int:
    """Words of the narrative's text, not counting the reporter's initials at the end."""
    return sum(len(WORD.findall(p.value)) for p in markdown.of("text") if not INITIALS.match(p.value.strip()))


def rule_narrative(ctx: Ctx) -> list[Finding]:
    """Title and summary lengths, minimum words, and the court's house style (dateline, initials, times)."""
    draft, settings, shown = ctx.draft, ctx.settings, ctx.shown
    rules = settings.narrative
    meta = draft.meta
    found = []
    title = meta.title.strip()
    if title and not rules.title_min <= len(title) <= rules.title_max:
        found.append(rule("narrative.title").at(shown, draft.line("title"), "title",
                                                _("title has {count} characters; it needs {min} to {max}").format(
                                                    count=len(title), min=rules.title_min, max=rules.title_max)))
    summary = meta.summary.strip()
    if summary and ctx.at_least(Step.NARRATED) and not rules.summary_min <= len(summary) <= rules.summary_max:
        found.append(rule("narrative.summary").at(shown, draft.line("summary"), "summary",
                                                  _("summary has {count} characters; it needs {min} to {max}").format(
                                                      count=len(summary), min=rules.summary_min, max=rules.summary_max)))
    if not draft.body.strip():
        if ctx.at_least(Step.NARRATED):
            found.append(rule("narrative.words").at(shown, draft.source.body_line, "body",
                                                    _("the narrative is empty")))
        return found
    markdown = ctx.markdown
    words = count_words(markdown)
    if ctx.at_least(Step.NARRATED) and words < rules.min_words:
        found.append(rule("narrative.words").at(shown, draft.source.body_line, "body",
                                                _("the narrative has {count} words; it needs at least {min}").format(
                                                    count=words, min=rules.min_words)))
    found += _dateline(ctx, markdown)
    if ctx.at_least(Step.NARRATED):
        found += _initials(ctx)
    found += _times(ctx, markdown)
    return found


def has_dateline(text: str) -> bool:
    """Whether a first paragraph opens with a dateline of its own (then publishing adds none)."""
    return bool(DATELINE_START.match(text) or NARRATIVE_DATELINE.match(text))


def _dateline(ctx: Ctx, markdown: Markdown) -> list[Finding]:
    text, line = markdown.first_paragraph, markdown.first_paragraph_line
    if not has_dateline(text):
        return []
    meta = ctx.draft.meta
    expected = f"{ctx.settings.court.city}, {DAYS[meta.date.weekday()]} {meta.date.day} {MONTHS[meta.date.month - 1]} {meta.date.year} -"
    match = NARRATIVE_DATELINE.match(text) or DATELINE.match(text)
    r = rule("narrative.dateline")
    if not match:
        return [r.at(ctx.shown, line, "body", _("the dateline does not read `Kota, Hari DD Bulan YYYY -`"),
                     _("write `{expected}`, or leave it out and publishing adds it").format(expected=expected))]
    day = match["day"].replace("'", "").capitalize()
    month = match["month"].capitalize()
    if day not in DAYS or month not in MONTHS:
        return [r.at(ctx.shown, line, "body", _("the dateline's day or month is not in Indonesian ({day}, {month})").format(
                     day=match["day"], month=match["month"]), _("write `{expected}`").format(expected=expected))]
    try:
        said = date(int(match["y"]), MONTHS.index(month) + 1, int(match["d"]))
    except ValueError:
        return [rule("narrative.date").at(ctx.shown, line, "body", _("the dateline's date does not exist"),
                      _("write `{expected}`").format(expected=expected))]
    if said != meta.date:
        return [rule("narrative.date").at(ctx.shown, line, "body",
                      _("the dateline says {said} but the event date is {date}").format(
                          said=said.isoformat(), date=meta.date.isoformat()),
                      _("write `{expected}`").format(expected=expected))]
    if DAYS.index(day) != said.weekday():
        return [rule("narrative.date").at(ctx.shown, line, "body",
                      _("{date} is a {weekday}, not a {day}").format(
                          date=f"{said.day} {month} {said.year}", weekday=DAYS[said.weekday()], day=day),
                      _("write `{expected}`").format(expected=expected))]
    return []


def _initials(ctx: Ctx) -> list[Finding]:
    body = ctx.draft.body
    lines = [l.strip() for l in body.splitlines() if l.strip()]
    person = ctx.settings.person(ctx.draft.meta.reporter)
    expected = f"({person.signature})" if person else "(xx)"
    line = ctx.source.body_line + len(body.rstrip().splitlines()) - 1
    match = INITIALS.match(lines[-1]) if lines else None
    if not match:
        return [rule("narrative.initials").at(ctx.shown, line, "body", _("the narrative does not end with the "
                                              "reporter's initials"),
                                              _("end it with {initials} on its own line").format(initials=expected))]
    given = {part.strip() for part in match.group(1).split("/")}
    if person and person.signature not in given:
        return [rule("narrative.initials").at(ctx.shown, line, "body",
                                              _("the initials {given} are not the reporter's {initials}").format(
                                                  given=lines[-1], initials=expected))]
    return []


def _times(ctx: Ctx, markdown: Markdown) -> list[Finding]:
    found = []
    r = rule("narrative.time")
    for piece in markdown.of("text"):
        for match in TIME_WORD.finditer(piece.value):
            good = (match["word"] == "pukul" and len(match["h"]) == 2 and match["sep"] == "."
                    and match["zone"] is not None)
            if not good:
                found.append(r.at(ctx.shown, piece.line, "body", _("time written as {text!r}").format(text=match.group(0).strip()),
                                  _("write `{expected}`").format(expected=f"pukul {int(match['h']):02d}.{match['m']} WIB")))
        for match in BARE_TIME.finditer(piece.value):
            found.append(r.at(ctx.shown, piece.line, "body", _("time written as {text!r}").format(text=match.group(0).strip()),
                              _("write `{expected}`").format(expected=f"pukul {int(match['h']):02d}.{match['m']}{match['zone']}")))
    return found


def rule_approval(ctx: Ctx) -> list[Finding]:
    """An approved draft carries an intact, signed approval record; no other draft carries one.

    With `PIPELINE_APPROVAL_KEY` set the signature is verified (a forged record is an
    error); without it an unsigned record is still an error, and a signed one on an
    approved draft is reported as not verifiable here.
    """
    draft = ctx.draft
    if draft.status in (Step.APPROVED, Step.PUBLISHED):
        verdict = approval.assess(draft, ctx.settings, check_digest=draft.status is Step.APPROVED,
                                  key=approval.signing_key())
        found = list(verdict.findings)
        if verdict.signature == "unchecked" and draft.status is Step.APPROVED and not verdict.errors:
            found.append(approval.cannot_verify(draft))
        return found
    present = [key for key in approval.APPROVAL_FIELDS if getattr(draft.meta, key) is not None]
    if present:
        return [rule("approval").at(ctx.shown, draft.line(present[0]), present[0],
                                    _("a {status} draft carries an approval record ({fields})").format(
                                        status=draft.status.value, fields=", ".join(present)),
                                    _("remove those fields; approval is recorded by `pipeline approve`"))]
    return []


DRAFT_RULES: list[Callable[[Ctx], list[Finding]]] = [
    rule_schema, rule_history, rule_photos, rule_courtroom, rule_narrative, rule_approval,
]


# ---------------------------------------------------------------------------- repository rules


def rule_codeowners(root: Path, settings: Settings) -> list[Finding]:
    """`.github/CODEOWNERS` says what pipeline.yml says (the Kasubag's review is the approval gate)."""
    try:
        from . import codeowners
    except ImportError:  # pragma: no cover
        return []
    if not (Path(root) / ".github").is_dir():
        return []
    return codeowners.codeowners_findings(root, settings)


def rule_required_pages(root: Path, settings: Settings) -> list[Finding]:
    """Every page of `freshness.required_pages` exists and has text (courts are assessed on them)."""
    from .freshness import required_page_findings

    return required_page_findings(root, settings)


def rule_generated(root: Path, settings: Settings) -> list[Finding]:
    """The pull-request template and job-summary checklist say what pipeline.yml says (`pipeline generate`)."""
    from .generated import drift_findings

    if not (Path(root) / ".github").is_dir():
        return []
    return drift_findings(root, settings)


def rule_cms(root: Path, settings: Settings) -> list[Finding]:
    """`content/admin/` (the browser editor) says what pipeline.yml says, and serves the pinned script."""
    from . import cms

    return cms.cms_findings(root, settings)


REPO_RULES: list[Callable[[Path, Settings], list[Finding]]] = [rule_codeowners, rule_generated, rule_required_pages,
                                                            rule_cms]


# ---------------------------------------------------------------------------- running


def _draft_ctx(root: Path, settings: Settings, folder: Path, **kwargs) -> tuple[Ctx | None, list[Finding]]:
    from . import drafts

    try:
        source = drafts.read_source(folder / INDEX, root)
    except PipelineError as exc:
        return None, exc.findings
    ctx = Ctx(root, settings, source, "draft", folder, **kwargs)
    try:
        ctx.draft = drafts.from_source(source, folder)
    except PipelineError as exc:
        return ctx, exc.findings
    if ctx.status is None:
        ctx.status = ctx.draft.status
    return ctx, []


def _run(ctx: Ctx, rules: Iterable[Callable[[Ctx], list[Finding]]]) -> list[Finding]:
    found = []
    for fn in rules:
        try:
            found += fn(ctx)
        except PipelineError as exc:
            found += exc.findings
    return found


def check_draft(root: Path, settings: Settings, draft: Draft, *, status: Step | None = None,
                approval: bool = True, deep_photos: bool = False, today: date | None = None) -> list[Finding]:
    """Every rule over one draft, as if it were at `status` (default: its own)."""
    ctx = Ctx(root, settings, draft.source, "draft", draft.folder, draft=draft, status=status or draft.status,
              today=today, deep_photos=deep_photos)
    rules = [r for r in DRAFT_RULES if approval or r is not rule_approval]
    return _run(ctx, rules) + _run(ctx, TEXT_RULES)


def step_requirements(root: Path, settings: Settings, draft: Draft, step: Step) -> list[Finding]:
    """What must hold before `draft` may reach `step` (errors only; empty when it may).

    `selected` and `narrated` need the fields of that status (selected photos with
    caption and alt text; summary, category and a long enough body); `corrected`,
    `approved` and `published` need every automated check to pass.
    """
    if step in (Step.CORRECTED, Step.APPROVED, Step.PUBLISHED):
        found = check_draft(root, settings, draft, status=step, approval=False)
    else:
        found = status_requirements(root, settings, draft, step)
    return [f for f in found if f.is_error]


def status_requirements(root: Path, settings: Settings, draft: Draft, status: Step) -> list[Finding]:
    """The fields and photos a draft needs at `status` (schema, photos, narrative length), errors only."""
    ctx = Ctx(root, settings, draft.source, "draft", draft.folder, draft=draft, status=status)
    return [f for f in _run(ctx, [rule_schema, rule_photos, rule_courtroom, rule_narrative]) if f.is_error]


def check_draft_folder(root: Path, settings: Settings, folder: Path, *, deep_photos: bool = False,
                       today: date | None = None, inspected: set[str] | None = None) -> list[Finding]:
    """Every rule over the draft in `folder`; a draft that does not parse still gets the text rules.

    A draft folder or photos/ that links out of the repository is reported, and nothing in it read.
    """
    from . import drafts

    linked = drafts.link_findings(folder, root)
    if linked:
        return linked
    ctx, found = _draft_ctx(root, settings, folder, deep_photos=deep_photos, today=today)
    if ctx is None:
        return found
    if inspected is not None:
        ctx.inspected = inspected
    if ctx.draft is not None:
        found += _run(ctx, DRAFT_RULES)
    return found + _run(ctx, TEXT_RULES)


def check_page(root: Path, settings: Settings, path: Path) -> list[Finding]:
    """A content page: its front matter must parse; then privacy, safety and link paths."""
    from . import drafts

    try:
        source = drafts.read_source(path, root, require_front_matter=False)
    except PipelineError as exc:
        return exc.findings
    ctx = Ctx(root, settings, source, "page", path.parent)
    return _run(ctx, TEXT_RULES)


def _photo_files(base: Path) -> Iterator[str]:
    """Image files under `base`, as strings (os.walk: a Path per photo costs more than checking it)."""
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in PHOTO_SUFFIXES:
                yield os.path.join(folder, name)


def check_paths(root: Path, settings: Settings, paths: Iterable[Path] | None = None, *,
                deep_photos: bool = False, today: date | None = None) -> list[Finding]:
    """Check every draft and content page (default), or the drafts and pages that `paths` name.

    A path inside `drafts/<id>/` checks that draft; a Markdown file or folder inside
    `content/` checks those pages; image files are inspected wherever they are. With
    no paths the repository rules run too.
    """
    from . import drafts

    root = Path(root).resolve()
    content = root / CONTENT_DIR
    drafts_base = root / DRAFTS_DIR
    folders: set[Path] = set()
    pages: set[Path] = set()
    images: set[str] = set()  # paths as strings, as `inspected` holds them
    found: list[Finding] = []
    if paths is None:
        folders.update(drafts.list_drafts(root))
        if drafts_base.is_dir():
            for folder in drafts_base.iterdir():
                if folder.is_dir() and not folder.name.startswith(".") and not (folder / INDEX).is_file():
                    found.append(warning(f"{DRAFTS_DIR}/{folder.name}", None, "", "schema",
                                         _("a folder in drafts/ without index.md"),
                                         _("create drafts with `pipeline new`, or remove the folder")))
        pages.update(content.rglob("*.md") if content.is_dir() else [])
        images.update(_photo_files(drafts_base))
        images.update(_photo_files(content))
    else:
        for given in paths:
            path = Path(given).resolve()
            shown = drafts.shown_path(path, root)
            if path.is_relative_to(drafts_base) and path != drafts_base:
                folder = drafts_base / path.relative_to(drafts_base).parts[0]
                if (folder / INDEX).is_file():
                    folders.add(folder)
                else:
                    found.append(rule("check").at(shown, None, "", _("not inside a draft folder holding index.md"),
                                                  _("create drafts with `pipeline new`")))
                if path.is_file() and path.suffix.lower() in PHOTO_SUFFIXES:
                    images.add(str(path))
            elif path == drafts_base:
                folders.update(drafts.list_drafts(root))
                images.update(_photo_files(drafts_base))
            elif path.is_relative_to(content):
                if path.is_dir():
                    pages.update(path.rglob("*.md"))
                    images.update(_photo_files(path))
                elif path.suffix.lower() == ".md":
                    pages.add(path)
                elif path.suffix.lower() in PHOTO_SUFFIXES:
                    images.add(str(path))
            elif path == root:
                return check_paths(root, settings, None, deep_photos=deep_photos, today=today)
            else:
                found.append(rule("check").at(shown, None, "", _("not under drafts/ or content/")))
    inspected: set[str] = set()
    for folder in sorted(folders):
        found += check_draft_folder(root, settings, folder, deep_photos=deep_photos, today=today,
                                    inspected=inspected)
    for page in sorted(pages):
        found += check_page(root, settings, page)
    for image in sorted(images - inspected):  # the drafts' listed photos were inspected with their draft
        found += inspect_photo(image, drafts.shown_path(Path(image), root), settings, deep=deep_photos)
    if paths is None:
        for fn in REPO_RULES:
            try:
                found += fn(root, settings)
            except PipelineError as exc:
                found += exc.findings
    return found
