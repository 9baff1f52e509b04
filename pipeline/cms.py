"""The browser editor: Sveltia CMS at `/admin/` of the site, configured from `pipeline.yml`.

Court staff who cover events are not programmers. Sveltia CMS (npm `@sveltia/cms`)
edits our draft folders in a browser and saves through pull requests (its editorial
workflow: branches `cms/<collection>/<slug>`, labels for draft / in review / ready),
signed in with a fine-grained GitHub token, so there is no server of ours. It
re-encodes every uploaded photo in the browser (WebP, long edge capped), which drops
EXIF and GPS before anything is committed.

Three generated or vendored files live in `content/admin/` (MkDocs copies them as
static files, so they are in no search index, sitemap or feed):

- `config.yml`: the collection over `drafts/`, its fields with Indonesian labels and
  the rules `pipeline check` enforces where the CMS can express them, written by
  `pipeline generate` from `pipeline.yml` (people, categories, photo size cap,
  repository), so a court configures everything in one place;
- `index.html`: loads the script with Subresource Integrity, under a Content
  Security Policy that lets the page fetch scripts only from the site itself and
  talk only to the GitHub API;
- `sveltia-cms.js` and its licence, vendored at the pinned version by
  `pipeline cms vendor` (the tarball's npm integrity is checked).

The script is served from the site itself rather than a CDN: a court's site should
depend on no third-party host at run time (a CDN outage or compromise would reach
the page staff sign in on), and the repository then holds exactly the code staff
run. `pipeline check` reports when the files drift from `pipeline.yml` or the pin.

The bridge (`bridge`, run by `.github/workflows/cms-bridge.yml`) turns the CMS's pull
requests into our editorial steps; it never approves: that stays the Kasubag PTIP's
review (DESIGN section 3).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from . import i18n
from .config import CONFIG_DIR, CONFIG_FILE, Role, Settings, Step
from .drafts import SLUG_MAX
from ruamel.yaml.comments import CommentedSeq

from .files import atomic_write, round_trip_yaml, write_if_changed
from .findings import Finding, PipelineError, error
from .i18n import N_, _

ADMIN_DIR = "admin"  # inside the site (and content/): served at /admin/
ADMIN_PATH = f"content/{ADMIN_DIR}"
CONFIG_NAME = "config.yml"
INDEX_NAME = "index.html"
RULE = "cms"
FIX_HINT = N_("run `pipeline generate` and commit content/admin/")

# What `content/admin/` serves from npm packages, pinned: each tarball's integrity (as the
# registry publishes it, `npm view NAME@VERSION dist.integrity`) and each file's SHA-256.
# To move to another version: change version and integrity, run `pipeline cms vendor`,
# copy the hashes it prints here, then run `pipeline generate`.
@dataclass(frozen=True)
class Vendored:
    """One npm package we serve files from: its pinned version and integrity, and file -> SHA-256."""

    package: str
    version: str
    integrity: str
    files: dict[str, tuple[str, str]]  # member in the tarball -> (name in content/admin/, SHA-256)


SCRIPT_NAME = "sveltia-cms.js"
ICON_FONT_NAME = "material-symbols.woff2"
VENDORED = (
    Vendored("@sveltia/cms", "0.221.1",
             "sha512-J+Qoik9kGMk2L7vNpOQrnDmFRi+NB6vwJ0f657YtsxWH0P8WYSYRRSRC2pQ/jGGbVlM//Pg/WIgmkpswqoo3gQ==",
             {"package/dist/sveltia-cms.js":
              (SCRIPT_NAME, "2fc783907e1a4a70783f155cc28435c70b8f79792f2aab75e787984e84aa413a"),
              "package/LICENSE.txt":
              ("sveltia-cms.LICENSE.txt", "dcbe3c626d85741f6fabefed0b34d07a2e92c032f63aa21c0279062363859c32")}),
    # The editor's icons: Sveltia loads this font from a CDN, which the page's CSP refuses.
    Vendored("@fontsource-variable/material-symbols-outlined", "5.3.7",
             "sha512-d6kLamaMdad40AYoyJEBgCH63fRLklC7GW7bgb7WWbPh/UzuW483Dlyfmn3vxpiNsHLIMBOcYYkZDtOC9Y3MUA==",
             {"package/files/material-symbols-outlined-latin-wght-normal.woff2":
              (ICON_FONT_NAME, "98db9feefa170bf76e9c19d19af6dd62054165efc89c4b506c361e069719e884"),
              "package/LICENSE":
              ("material-symbols.LICENSE.txt", "18aabf190848725e2576eefb5c29ba06aac1029d02132252a7f312eac2e50cf3")}),
)
SVELTIA = VENDORED[0]
# Subresource Integrity of the script in index.html (the SHA-384 of the pinned file).
SCRIPT_SRI = "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"

# Sveltia's editorial workflow: the branch of an entry and the labels of its stages.
BRANCH_PREFIX = "cms/"
LABEL_PREFIXES = ("sveltia-cms/", "decap-cms/", "netlify-cms/")
STAGE_DRAFT, STAGE_REVIEW, STAGE_READY = "draft", "pending_review", "pending_publish"
COLLECTION = "drafts"

# Where the page may connect: itself, and the GitHub API (sign-in and saving). Sveltia's
# optional loads from CDNs (fonts, a WebP encoder for Safari, map and HEIC modules) are refused.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' blob: data:; media-src 'self' blob:; font-src 'self' data:; "
       "connect-src 'self' data: blob: https://api.github.com; worker-src 'self' blob:; frame-src 'none'; "
       "object-src 'none'; base-uri 'self'; form-action 'none'")


@contextmanager
def _language(settings: Settings) -> Iterator[None]:
    """Render in the court's language whatever this run's `--lang`, so the drift check is stable."""
    previous = i18n._language  # noqa: SLF001 - the one switch i18n offers, restored below
    i18n.set_language(getattr(settings, "language", None) or i18n.DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        i18n.set_language(previous)


# --------------------------------------------------------------------------- config.yml


def _reporters(settings: Settings) -> list[dict[str, str]]:
    roles = set(settings.steps[Step.COLLECTED].roles)
    return [{"label": p.name, "value": p.id} for p in settings.people if p.role in roles]


def _people(settings: Settings) -> list[dict[str, str]]:
    return [{"label": p.name, "value": p.id} for p in settings.people]


def _length_pattern(low: int, high: int, message: str, *, optional: bool = False) -> list[str]:
    """A Sveltia `pattern` for a text of `low` to `high` characters (or empty when `optional`)."""
    regex = f"^[\\s\\S]{{{low},{high}}}$"
    return [f"^$|{regex[1:]}" if optional else regex, message]


def config_data(settings: Settings) -> dict[str, Any]:
    """The Sveltia CMS configuration for these settings, as plain values (see `render_config`)."""
    narrative = settings.narrative
    cap = settings.photos.max_long_edge
    hearing = [{"label": _("open to the public"), "value": "open"},
               {"label": _("closed (family cases)"), "value": "closed"}]
    photo_fields = [
        {"name": "file", "label": _("Photo"), "widget": "image", "choose_url": False,
         "accept": "image/jpeg,image/png,image/webp",
         "hint": _("Upload from the phone or camera. The browser re-encodes it before saving: location (GPS) "
                   "and camera data are removed, the long edge is at most {cap} pixels.").format(cap=cap)},
        {"name": "caption", "label": _("Caption"), "widget": "string", "required": False,
         "hint": _("What happens in the photo, and who (by function, never a party's name). Required for a "
                   "selected photo.")},
        {"name": "alt", "label": _("Alt text"), "widget": "string", "required": False,
         "hint": _("Describe the photo for readers who cannot see it. Required for a selected photo.")},
        {"name": "selected", "label": _("Selected for the website"), "widget": "boolean", "default": False,
         "required": False, "hint": _("Step G4: mark the photos that go onto the website (at least one).")},
        {"name": "courtroom", "label": _("Taken in a courtroom"), "widget": "boolean", "default": False,
         "required": False,
         "hint": _("A courtroom photo needs an open hearing and the presiding judge's permission.")},
        {"name": "hearing", "label": _("Hearing"), "widget": "select", "options": hearing, "required": False,
         "hint": _("Only for a courtroom photo: a closed hearing may not be photographed.")},
        {"name": "permitted_by", "label": _("Permitted by"), "widget": "select", "options": _people(settings),
         "required": False, "hint": _("Only for a courtroom photo: who permitted it.")},
    ]
    fields = [
        {"name": "title", "label": _("Title"), "widget": "string",
         "minlength": narrative.title_min, "maxlength": narrative.title_max,
         "pattern": _length_pattern(narrative.title_min, narrative.title_max,
                                    _("{low} to {high} characters").format(low=narrative.title_min,
                                                                          high=narrative.title_max)),
         "hint": _("The headline of the news post, {low} to {high} characters.").format(
             low=narrative.title_min, high=narrative.title_max)},
        {"name": "date", "label": _("Date of the event"), "widget": "datetime", "type": "date",
         "format": "YYYY-MM-DD", "hint": _("The day the event took place (not in the future).")},
        {"name": "location", "label": _("Place"), "widget": "string", "required": False,
         "hint": _("Where the event took place. Required from the narrated step on.")},
        {"name": "category", "label": _("Category"), "widget": "select", "options": list(settings.categories),
         "required": False, "hint": _("Required from the narrated step on.")},
        {"name": "reporter", "label": _("Reporter"), "widget": "select", "options": _reporters(settings),
         "hint": _("Who covered the event.")},
        {"name": "summary", "label": _("Summary"), "widget": "text", "required": False,
         "pattern": _length_pattern(narrative.summary_min, narrative.summary_max,
                                    _("{low} to {high} characters").format(low=narrative.summary_min,
                                                                          high=narrative.summary_max),
                                    optional=True),
         "hint": _("One or two sentences for the news index and RSS, {low} to {high} characters. Required "
                   "from the narrated step on.").format(low=narrative.summary_min, high=narrative.summary_max)},
        {"name": "hearing", "label": _("Hearing (whole event)"), "widget": "select", "options": hearing,
         "required": False, "hint": _("Only when the event is a hearing: a closed hearing allows no photos.")},
        {"name": "photos", "label": _("Photos"), "label_singular": _("photo"), "widget": "list",
         "required": False, "summary": "{{fields.caption}} ({{fields.file}})", "fields": photo_fields,
         "hint": _("Step G4: add the photos, then fill in caption and alt text of those you select.")},
        {"name": "body", "label": _("Narrative"), "widget": "markdown", "required": False,
         "modes": ["rich_text", "raw"], "editor_components": [],
         "buttons": ["bold", "italic", "heading-two", "heading-three", "bulleted-list", "numbered-list",
                     "link", "quote"],
         "hint": _("Step G5: the content script (form {form}), at least {words} words, Markdown only. "
                   "End with the reporter's initials in brackets, e.g. (rm).").format(
             form=settings.codes.coverage_form, words=narrative.min_words)},
    ]
    return {
        "backend": {
            "name": "github",
            "repo": settings.cms.repo,
            "branch": settings.cms.branch,
            "cms_label_prefix": LABEL_PREFIXES[0],
            "auth_methods": ["token"],
            "commit_messages": {
                "create": "Liputan baru: {{slug}} (oleh {{author-login}})",
                "update": "Liputan diperbarui: {{slug}} (oleh {{author-login}})",
                "uploadMedia": "Foto diunggah: {{path}} (oleh {{author-login}})",
            },
        },
        "publish_mode": "editorial_workflow",
        # an empty optional field is left out, not written as '' (the draft schema reads a missing key)
        "output": {"omit_empty_optional_fields": True},
        "app_title": _("{court}: coverage").format(court=settings.court.short_name),
        "site_url": settings.court.site_url,
        "show_preview_links": False,
        # the draft id: `YYYY-MM-DD-` and a slug of at most drafts.SLUG_MAX characters
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-", "trim": True,
                 "maxlength": 11 + SLUG_MAX},
        # Required by Sveltia; the one collection below sets its own, inside each draft.
        "media_folder": COLLECTION,
        "media_libraries": {"default": {"config": {
            "max_file_size": 30_000_000,
            "slugify_filename": True,
            "transformations": {"raster_image": {"format": "webp", "quality": settings.photos.jpeg_quality,
                                                 "width": cap, "height": cap}},
        }}},
        "collections": [{
            "name": COLLECTION,
            "label": _("Coverage drafts"),
            "label_singular": _("coverage"),
            "description": _("Event coverage in progress (SOP section G). Saving opens a pull request; the "
                             "Kasubag PTIP reviews and approves it on GitHub."),
            "folder": "drafts",
            "path": "{{slug}}/index",
            "slug": "{{fields.date}}-{{title}}",
            "media_folder": "photos",
            "public_folder": "photos",
            "format": "yaml-frontmatter",
            "create": True,
            "delete": False,
            "duplicate": False,
            "publish": False,
            "summary": "{{title}} ({{date}})",
            "sortable_fields": ["date", "title"],
            "editor": {"preview": False},
            "fields": fields,
        }],
    }


CONFIG_HEADER = """\
# Sveltia CMS settings of the browser editor at /admin/.
#
# GENERATED by `pipeline generate` from site_config/pipeline.yml: do not edit by hand.
# After changing people, categories, photos or cms there, run `pipeline generate` and
# commit content/admin/; `pipeline check` reports it when the two disagree.
"""


def render_config(settings: Settings) -> str:
    """The text of `content/admin/config.yml` (YAML, in the court's language)."""
    with _language(settings):
        data = config_data(settings)
    out = StringIO()
    round_trip_yaml().dump(data, out)
    return CONFIG_HEADER + out.getvalue()


def render_index(settings: Settings) -> str:
    """The text of `content/admin/index.html`: the pinned script with its integrity, under a strict CSP."""
    with _language(settings):
        title = _("{court}: coverage editor").format(court=settings.court.short_name)
        noscript = _("This editor needs JavaScript.")
    from html import escape

    return f"""<!doctype html>
<!-- GENERATED by `pipeline generate` from site_config/pipeline.yml: do not edit by hand. -->
<html lang="id">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <meta http-equiv="Content-Security-Policy" content="{CSP}">
  <meta name="referrer" content="no-referrer">
  <title>{escape(title)}</title>
  <style>
    /* the icons from this site: Sveltia's own @font-face points at a CDN the CSP refuses */
    @font-face {{font-family: "Court Symbols"; font-style: normal; font-weight: 100 700; font-display: block;
      src: url("{ICON_FONT_NAME}") format("woff2");}}
    .material-symbols-outlined {{font-family: "Court Symbols" !important;}}
  </style>
</head>
<body>
  <noscript>{escape(noscript)}</noscript>
  <!-- Sveltia CMS {SVELTIA.version} ({SVELTIA.package} on npm, MIT licence: sveltia-cms.LICENSE.txt) -->
  <script src="{SCRIPT_NAME}" integrity="{SCRIPT_SRI}" crossorigin="anonymous"></script>
</body>
</html>
"""


def expected_files(settings: Settings) -> dict[str, str]:
    """The generated files of `content/admin/` and their text; raises PipelineError without a repository."""
    if not settings.cms.repo:
        raise PipelineError(error(f"{CONFIG_DIR}/{CONFIG_FILE}", None, "cms.repo", RULE,
                                  _("no GitHub repository for the browser editor"),
                                  _("set `cms: {repo: OWNER/NAME}` to the repository the site is kept in")))
    return {CONFIG_NAME: render_config(settings), INDEX_NAME: render_index(settings)}


def write(root: Path, settings: Settings) -> list[str]:
    """Write the generated files of `content/admin/`; return the paths whose content changed."""
    return [f"{ADMIN_PATH}/{name}" for name, text in expected_files(settings).items()
            if write_if_changed(Path(root) / ADMIN_PATH / name, text)]


def script_sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def editor_present(root: Path) -> bool:
    """Whether this court serves the browser editor (a court may leave `content/admin/` out)."""
    return (Path(root) / ADMIN_PATH).is_dir()


def cms_findings(root: Path, settings: Settings) -> list[Finding]:
    """What `pipeline check` says about `content/admin/`: generated files drifted, or the script is not the pin.

    A court without the browser editor (no `content/admin/`) gets no findings.
    """
    folder = Path(root) / ADMIN_PATH
    if not editor_present(root):
        return []
    try:
        expected = expected_files(settings)
    except PipelineError as exc:
        return exc.findings
    findings = []
    for name, text in expected.items():
        shown = f"{ADMIN_PATH}/{name}"
        try:
            actual = (folder / name).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            actual = None
        if actual is None:
            findings.append(error(shown, None, "", RULE, _("missing"), _(FIX_HINT)))
        elif actual != text:
            line = next((i for i, (a, b) in enumerate(zip(actual.splitlines(), text.splitlines()), 1) if a != b),
                        min(len(actual.splitlines()), len(text.splitlines())) + 1)
            findings.append(error(shown, line, "", RULE,
                                  _("differs from what site_config/pipeline.yml gives (first at this line)"),
                                  _(FIX_HINT)))
    for pin in VENDORED:
        for name, digest in pin.files.values():
            shown = f"{ADMIN_PATH}/{name}"
            try:
                actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
            except FileNotFoundError:
                findings.append(error(shown, None, "", RULE, _("missing"), _("run `pipeline cms vendor`")))
                continue
            if actual != digest:
                findings.append(error(shown, None, "", RULE,
                                      _("is not the file of {package} {version} as pinned").format(
                                          package=pin.package, version=pin.version),
                                      _("run `pipeline cms vendor` to fetch the pinned version again")))
    return findings


# --------------------------------------------------------------------------- vendoring


def _npm_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def vendor(root: Path, *, npm: str = "npm") -> dict[str, str]:
    """Fetch the pinned packages from the npm registry into `content/admin/`; return name -> SHA-256 written.

    `npm pack` downloads each tarball; its SHA-512 must equal the pinned integrity
    (the one the registry published) before anything is read from it, and only the
    files we serve are taken out. Nothing is written unless every package verified.
    """
    if shutil.which(npm) is None:
        raise PipelineError(error(ADMIN_PATH, None, "", RULE, _("npm is not installed"),
                                  _("install Node.js and npm (Debian: apt-get install npm), then run again")))
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pin in VENDORED:
            spec = f"{pin.package}@{pin.version}"
            folder = Path(tmp, str(len(files)))
            folder.mkdir()
            done = subprocess.run([npm, "pack", "--silent", spec], cwd=folder, capture_output=True, text=True)
            tarballs = list(folder.glob("*.tgz"))
            if done.returncode != 0 or len(tarballs) != 1:
                raise PipelineError(error(ADMIN_PATH, None, "", RULE,
                                          _("npm pack {spec} failed: {detail}").format(
                                              spec=spec, detail=(done.stderr or done.stdout).strip()[-300:]),
                                          _("check the connection to the npm registry")))
            if _npm_integrity(tarballs[0].read_bytes()) != pin.integrity:
                raise PipelineError(error(ADMIN_PATH, None, "", RULE,
                                          _("the downloaded {spec} does not match its pinned integrity").format(
                                              spec=spec),
                                          _("do not use it; compare the pin in pipeline/cms.py with "
                                            "`npm view {spec} dist.integrity`").format(spec=spec)))
            with tarfile.open(tarballs[0]) as archive:
                for member in archive.getmembers():
                    if member.name in pin.files and member.isfile():
                        files[pin.files[member.name][0]] = archive.extractfile(member).read()
            missing = sorted(name for name, _digest in pin.files.values() if name not in files)
            if missing:
                raise PipelineError(error(ADMIN_PATH, None, "", RULE,
                                          _("{spec} has no {files}").format(spec=spec, files=", ".join(missing))))
    target = Path(root) / ADMIN_PATH
    for name, content in files.items():
        atomic_write(target / name, content)
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


# --------------------------------------------------------------------------- the pull-request bridge


@dataclass
class BridgeResult:
    """What the bridge did to one pull request: files changed, steps taken, and the comment for it."""

    branch: str = ""
    draft_id: str = ""
    person: str = ""
    skipped: str = ""  # why nothing was done (not a CMS pull request)
    refused: bool = False  # an unknown author or a broken draft: the job fails, the comment says why
    changed: list[str] = field(default_factory=list)  # paths written, relative to the tree
    steps: list[str] = field(default_factory=list)
    photos: list[tuple[str, str]] = field(default_factory=list)  # (upload, normalised copy)
    missing: list[Finding] = field(default_factory=list)
    comment: str = ""


class _Event:
    """The fields of a `pull_request` event the bridge reads, checked (the payload is the PR author's too)."""

    def __init__(self, payload: Any):
        pr = payload.get("pull_request") if isinstance(payload, dict) else None
        if not isinstance(pr, dict):
            raise PipelineError(error("event", None, "pull_request", RULE,
                                      _("not a pull_request event payload"),
                                      _("pass the file GitHub names in $GITHUB_EVENT_PATH")))

        def text(*keys: str) -> str:
            node: Any = pr
            for key in keys:
                node = node.get(key) if isinstance(node, dict) else None
            return node if isinstance(node, str) else ""

        self.number = pr.get("number") if isinstance(pr.get("number"), int) else 0
        self.author = text("user", "login")
        self.branch = text("head", "ref")
        self.head_repo = text("head", "repo", "full_name")
        self.base_repo = text("base", "repo", "full_name")
        self.labels = [label.get("name", "") for label in pr.get("labels") or [] if isinstance(label, dict)]

    @property
    def stage(self) -> str:
        """The editorial-workflow stage the labels say (draft, pending_review, pending_publish)."""
        found = STAGE_DRAFT
        for name in self.labels:
            for prefix in LABEL_PREFIXES:
                if isinstance(name, str) and name.startswith(prefix) and name[len(prefix):] in (STAGE_REVIEW,
                                                                                                STAGE_READY):
                    found = name[len(prefix):]
        return found


BRANCH_PATTERN = re.compile(rf"^{re.escape(BRANCH_PREFIX)}{COLLECTION}/([a-z0-9-]+)$")


def is_normalised(path: Path, settings: Settings) -> bool:
    """Whether a photo is already what the intake writes: a JPEG without metadata or ICC profile, within the cap.

    The bridge runs on every push, so a photo it normalised before must not be re-encoded again.
    """
    from PIL import Image

    from . import photos

    try:
        with Image.open(path) as im:
            return (im.format == "JPEG" and im.mode in ("RGB", "L") and not im.info.get("icc_profile")
                    and max(im.size) <= settings.photos.max_long_edge and not photos.metadata_in(im))
    except Exception:  # noqa: BLE001 - anything unreadable goes through the intake, which explains it
        return False


def _intake_photos(root: Path, draft_dir: Path, settings: Settings, result: BridgeResult) -> None:
    """Normalise every photo of the draft that is not yet normalised; point `photos:` at the copies.

    The browser's upload (`x.webp`) is replaced by the intake's `x.jpg`: the copy is written
    first, then index.md, then the upload is removed, so a run stopped at any point is
    completed by the next one. A bad file stops nothing else: the check reports it.
    """
    from . import drafts, photos

    folder = draft_dir / drafts.PHOTOS_DIR
    if not folder.is_dir():
        return
    renamed: dict[str, str] = {}
    for src in sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()
                      and not p.name.startswith(".") and p.suffix.lower() in photos.PHOTO_SUFFIXES):
        if is_normalised(src, settings):
            continue
        with tempfile.TemporaryDirectory(dir=folder, prefix=".intake-") as tmp:
            try:
                made = photos.intake(src, Path(tmp), settings.photos, shown=_rel(root, src))
            except PipelineError:
                continue  # `pipeline check` reports the file with its fix
            target = _free_name(folder, photos.safe_stem(src.name), made.read_bytes(), src)
            os.replace(made, target)
        renamed[f"{drafts.PHOTOS_DIR}/{src.name}"] = f"{drafts.PHOTOS_DIR}/{target.name}"
        result.photos.append((_rel(root, src), _rel(root, target)))
        result.changed.append(_rel(root, target))
    if not renamed:
        return
    moved = {old: new for old, new in renamed.items() if old != new}
    if moved:
        source = drafts.read_source(draft_dir / drafts.INDEX, root)

        def change(tree: Any) -> None:
            for entry in tree.get("photos") or []:
                if isinstance(entry, dict) and entry.get("file") in moved:
                    entry["file"] = moved[entry["file"]]

        drafts.edit_source(source, change)
        result.changed.append(_rel(root, draft_dir / drafts.INDEX))
        for old in moved:
            (draft_dir / old).unlink(missing_ok=True)
            result.changed.append(_rel(root, draft_dir / old))


def _free_name(folder: Path, stem: str, data: bytes, src: Path) -> Path:
    """`stem.jpg`, or `stem-2.jpg`...: the first name that is free, the upload itself, or already holds `data`."""
    n = 1
    while True:
        candidate = folder / (f"{stem}.jpg" if n == 1 else f"{stem}-{n}.jpg")
        if candidate == src or not candidate.exists() or candidate.read_bytes() == data:
            return candidate
        n += 1


def _rel(root: Path, path: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _contacts(settings: Settings) -> str:
    """Whom a person not in pipeline.yml asks: the operators and the Kasubag PTIP, by name."""
    who = [p for p in settings.people if p.role in (Role.OPERATOR, Role.KASUBAG_PTIP)]
    return ", ".join(f"{p.name}" + (f" (@{p.github})" if p.github else "") for p in who)


def bridge(root: Path, settings: Settings, payload: Any, *, at: datetime | None = None) -> BridgeResult:
    """Turn a Sveltia CMS pull request into our editorial steps, in the tree at `root` (the PR's head).

    `settings` come from the BASE branch, never from the tree judged: they map the
    author to a person and hold the roles and rules. The bridge gives a new draft its
    `collected` entry, runs every new photo through the intake, and at the review
    stages takes `selected` and `narrated` when their requirements hold, listing what
    is missing otherwise. It never approves and never writes approval fields: the
    Kasubag PTIP approves by reviewing the pull request.
    """
    from . import drafts, workflow

    event = _Event(payload)
    result = BridgeResult(branch=event.branch)
    match = BRANCH_PATTERN.match(event.branch)
    if not match:
        result.skipped = _("{branch} is not a branch of the browser editor (cms/drafts/<id>)").format(
            branch=event.branch or "?")
        return result
    if event.head_repo and event.base_repo and event.head_repo != event.base_repo:
        result.skipped = _("the pull request comes from another repository ({repo})").format(repo=event.head_repo)
        return result
    draft_id = result.draft_id = match.group(1)
    person = settings.person_by_github(event.author) if event.author else None
    if person is None:
        result.refused = True
        result.comment = "\n".join([
            _("### Browser editor: who is @{login}?").format(login=event.author or "?"),
            "",
            _("The GitHub account @{login} is not a person in site_config/pipeline.yml, so this coverage "
              "cannot be recorded in anyone's name and no step was taken.").format(login=event.author or "?"),
            "",
            _("Ask {contacts} to add `github: {login}` to your entry under `people` in "
              "site_config/pipeline.yml (on the main branch), then save the draft again.").format(
                contacts=_contacts(settings), login=event.author or "?"),
        ]) + "\n"
        return result
    result.person = person.id
    draft_dir = drafts.drafts_dir(root) / draft_id
    index = draft_dir / drafts.INDEX
    if not index.is_file():
        result.refused = True
        result.comment = _("### Browser editor\n\nThis branch has no {path}; nothing was done.\n").format(
            path=f"drafts/{draft_id}/index.md")
        return result

    _intake_photos(root, draft_dir, settings, result)

    source = drafts.read_source(index, root)
    data = source.data if isinstance(source.data, dict) else {}
    if not data.get("history") and not data.get("status"):
        why = workflow.role_problem(settings, person.id, settings.steps[Step.COLLECTED].roles,
                                    _("collecting coverage"))
        if why:
            result.missing.append(error(_rel(root, index), None, "reporter", RULE, why))
        else:
            moment = workflow.court_time(at, settings) if at else workflow.now(settings)
            entry = workflow.history_entry(Step.COLLECTED.value, person.id, moment)

            def collected(tree: Any) -> None:
                if "status" not in tree:
                    keys = list(tree.keys())
                    position = keys.index("reporter") + 1 if "reporter" in keys else len(keys)
                    tree.insert(position, "status", Step.COLLECTED.value)
                tree["history"] = CommentedSeq([entry])

            drafts.edit_source(source, collected)
            result.steps.append(Step.COLLECTED.value)
            if _rel(root, index) not in result.changed:
                result.changed.append(_rel(root, index))

    if event.stage in (STAGE_REVIEW, STAGE_READY) and not result.missing:
        for step in (Step.SELECTED, Step.NARRATED):
            try:
                draft = drafts.load(root, draft_id)
            except PipelineError as exc:
                result.missing += exc.findings
                break
            if draft.status.index >= step.index:
                continue
            try:
                workflow.advance(root, settings, draft_id, step, person.id, at=at)
            except PipelineError as exc:
                result.missing += [f for f in exc.findings if f.is_error]
                break
            result.steps.append(step.value)
            if _rel(root, index) not in result.changed:
                result.changed.append(_rel(root, index))
    result.comment = _bridge_comment(result, event, settings)
    return result


def _bridge_comment(result: BridgeResult, event: _Event, settings: Settings) -> str:
    """The pull-request comment, in Bahasa Indonesia: what was done, and what is missing for the next step."""
    if not (result.steps or result.photos or result.missing):
        return ""
    lines = [_("### Browser editor: {draft}").format(draft=result.draft_id), ""]
    for step in result.steps:
        rule = settings.steps[Step(step)]
        lines.append(_("- Step {sop} ({label}) recorded for {person}.").format(
            sop=rule.sop_step, label=rule.label or step, person=result.person))
    if result.photos:
        lines.append(_("- {count} photo(s) normalised (upright, sRGB, metadata removed, long edge at most "
                       "{cap} px): {files}.").format(count=len(result.photos), cap=settings.photos.max_long_edge,
                                                      files=", ".join(new for _old, new in result.photos)))
    if result.missing:
        lines += ["", _("**Not yet possible** at the stage \"{stage}\"; complete these in /admin/ and save "
                        "again:").format(stage=_(_STAGE_NAMES.get(event.stage, event.stage))), ""]
        for finding in result.missing:
            where = f"`{finding.field}`: " if finding.field else ""
            hint = f" ({finding.hint})" if finding.hint else ""
            lines.append(f"- {where}{finding.message}{hint}")
    lines += ["", _("The Kasubag PTIP corrects and approves this coverage by reviewing the pull request.")]
    return "\n".join(lines) + "\n"


_STAGE_NAMES = {STAGE_DRAFT: N_("Draft"), STAGE_REVIEW: N_("In Review"), STAGE_READY: N_("Ready")}
