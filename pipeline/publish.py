"""Step G7: approved coverage becomes news posts, all or nothing; a post can be taken down; nothing leaks.

`publish` turns each `approved` draft whose approval record holds into a post for
Material's blog plugin at `content/<blog>/posts/<id>/index.md`, with its photos'
web variants beside it, and marks the draft `published`. The post is generated from
our own fields at publish time (DESIGN: generator independence): front matter
(title, date, categories, slug, description, and `court_draft: <id>`, the marker
unpublish and the leak guard look for), the dateline, the narrative, a gallery and
an HTML comment `<!-- court-draft: <id> -->` that survives into the built page.

All or nothing: the whole batch (post folders, photo variants, the drafts' new
front matter) is written into a temporary folder beside `content/` first; only then
is it switched in, by renames. A failure at any point, an interrupt included, undoes
the renames already made, so `content/` and `drafts/` are left exactly as they were.

`unpublish` takes a post out of `content/` at once and sends its draft back to
`narrated` with the reason in its history; the draft keeps the source.

`leak_guard` reads the built site and reports anything that comes from a draft that
is not published: its post marker, its id (in URLs, the sitemap, the feeds and the
search index), its title or its summary.

Authors: the blog plugin's `authors` stays off. Its authors need an `.authors.yml`
with an avatar for each person, and staff photos and names on every post are more
than a court's news needs; the reporter is shown the court's way instead, by the
initials that end every narrative (`(rm)`, checked by `pipeline check`).
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import yaml

from . import approval, drafts, workflow
from .config import CONFIG_DIR, MKDOCS_FILE, Settings, Step
from .drafts import Draft
from .cms import ADMIN_DIR
from .files import atomic_write, remove_stale
from .findings import Finding, PipelineError, error
from .i18n import _
from .postformat import MARKER_KEY, GalleryPhoto, render_post

RULE = "publish"
LEAK_RULE = "leak"
MARKER_RE = re.compile(r"<!-- court-draft: ([a-z0-9-]+) -->|data-court-draft=\"([a-z0-9-]+)\"")


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class NewsLayout:
    """Where the news section lives, from `site_config/mkdocs.yml`."""

    docs_dir: Path
    blog_dir: str
    per_page: int = 10          # posts on each page of the news index (the blog's `pagination_per_page`)

    @property
    def posts_dir(self) -> Path:
        return self.docs_dir / self.blog_dir / "posts"



class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (`!ENV`, `!!python/name:`)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def news_layout(root: Path) -> NewsLayout:
    """The docs folder and blog folder, checked against what publishing relies on."""
    shown = f"{CONFIG_DIR}/{MKDOCS_FILE}"
    path = Path(root) / CONFIG_DIR / MKDOCS_FILE
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PipelineError(error(shown, None, "", RULE, _("cannot read the MkDocs settings: {error}").format(error=exc),
                                  _("run `pipeline build` to see what is wrong with them"))) from None
    blog = None
    for entry in config.get("plugins") or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in ("blog", "material/blog"):
            blog = options or {}
    if blog is None:
        raise PipelineError(error(shown, None, "plugins", RULE, _("the blog plugin is not configured"),
                                  _("news posts are published for Material's blog plugin: add `- blog:` to plugins")))
    docs = (path.parent / str(config.get("docs_dir") or "docs")).resolve()
    per_page = blog.get("pagination_per_page")
    return NewsLayout(docs, str(blog.get("blog_dir") or "blog").strip("/"),
                      per_page if isinstance(per_page, int) and not isinstance(per_page, bool) and per_page > 0 else 10)


# --------------------------------------------------------------------------- publishing


@dataclass(frozen=True)
class PostChange:
    """One post a publish adds: which draft, where, which files."""

    draft_id: str
    title: str
    post_dir: str               # relative to the repository root
    files: tuple[str, ...]      # names inside post_dir
    draft_path: str             # drafts/<id>/index.md, which goes approved -> published


@dataclass(frozen=True)
class PublishResult:
    """What a publish did (or, with `dry_run`, would do)."""

    changes: tuple[PostChange, ...]
    already: tuple[str, ...] = ()
    dry_run: bool = False
    seconds: float = 0.0
    findings: tuple[Finding, ...] = field(default_factory=tuple)


@dataclass
class _Staged:
    draft: Draft
    post_dir: Path          # staged post folder
    target: Path            # content/.../posts/<id>
    draft_file: Path        # staged index.md of the draft, status published
    files: tuple[str, ...]


def _move(src: Path, dst: Path) -> None:
    """One step of the switch (a rename); tests replace it to fail at a chosen step."""
    os.replace(src, dst)


def _shown(path: Path, root: Path) -> str:
    return drafts.shown_path(path, root)


def _candidates(root: Path, settings: Settings, ids: Sequence[str] | None) -> tuple[list[Draft], list[str], list[Finding]]:
    """The drafts to publish, the ids already published, and why any named draft cannot be published."""
    chosen: list[Draft] = []
    already: list[str] = []
    problems: list[Finding] = []
    if not ids:
        for folder in drafts.list_drafts(root):
            if drafts.link_findings(folder, root):
                continue  # linked out of the repository: `pipeline check` reports it, nothing in it is read
            try:
                draft = drafts.from_source(drafts.read_source(folder / drafts.INDEX, root), folder)
            except PipelineError:
                continue  # `pipeline check` reports it; an unreadable draft is never published
            if draft.status is Step.APPROVED:
                chosen.append(draft)
        return chosen, already, problems
    seen = set()
    for draft_id in ids:
        try:
            draft = drafts.load(root, draft_id)
        except PipelineError as exc:
            problems += exc.findings
            continue
        if draft.id in seen:
            continue
        seen.add(draft.id)
        if draft.status is Step.PUBLISHED:
            already.append(draft.id)
        elif draft.status is not Step.APPROVED:
            problems.append(error(draft.shown, draft.line("status"), "status", RULE,
                                  _("status is {status}; only an approved draft is published").format(
                                      status=draft.status.value),
                                  _("it needs correction and the Kasubag PTIP's approval first")))
        else:
            chosen.append(draft)
    return chosen, already, problems


def _problems(root: Path, settings: Settings, layout: NewsLayout, draft: Draft, by: str) -> list[Finding]:
    """Everything that stops `draft` from being published, at once."""
    linked = drafts.link_findings(draft.folder, root)
    if linked:
        return linked
    # in github mode the record must carry the publish workflow's signature: no key, no publishing
    found = approval.assess(draft, settings, key=approval.signing_key(), require_key=True).errors
    found += workflow.requirements(root, settings, draft, Step.PUBLISHED)
    if by != workflow.SYSTEM_ACTOR:
        why = workflow.role_problem(settings, by, settings.steps[Step.PUBLISHED].roles, _("publishing"))
        if why:
            found.append(error(draft.shown, None, "by", RULE, why, _("ask a person with that role to publish")))
    if drafts.id_date(draft.id) != draft.meta.date:
        found.append(error(draft.shown, draft.line("date"), "date", RULE,
                           _("the date {date} is not the date in the draft id {id}").format(
                               date=draft.meta.date.isoformat(), id=draft.id),
                           _("the post's address is made of both; rename the draft folder or fix the date")))
    if draft.meta.category not in settings.categories:
        found.append(error(draft.shown, draft.line("category"), "category", RULE,
                           _("unknown category {category!r}").format(category=draft.meta.category),
                           _("use one of: {categories}").format(categories=", ".join(settings.categories))))
    target = layout.posts_dir / draft.id
    if target.exists() or target.is_symlink():
        found.append(error(_shown(target, root), None, "", RULE, _("a post folder with this name already exists"),
                           _("remove it if it is left over, or take the old post down with `{command}`").format(
                               command=f"pipeline unpublish {draft.id}")))
    found += photo_problems(draft)
    return _unique(found)


def photo_problems(draft: Draft) -> list[Finding]:
    """A selected photo outside the draft folder or missing: the post cannot be made (publish, preview)."""
    found = []
    folder = draft.folder.resolve()
    for index, photo in enumerate(draft.meta.photos):
        if not photo.selected:
            continue
        path = (draft.folder / photo.file).resolve()
        if not path.is_relative_to(folder):
            found.append(error(draft.shown, draft.line("photos", index, "file"), f"photos[{index}].file", RULE,
                               _("{file!r} is outside the draft folder").format(file=photo.file),
                               _("keep photos in the draft's photos/")))
        elif not path.is_file():
            found.append(error(draft.shown, draft.line("photos", index, "file"), f"photos[{index}].file", RULE,
                               _("{file!r} does not exist").format(file=photo.file), _("add the photo or unselect it")))
    return found


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    out, seen = [], set()
    for finding in findings:
        if finding not in seen:
            seen.add(finding)
            out.append(finding)
    return out


def stage_post(root: Path, settings: Settings, draft: Draft, out: Path) -> tuple[str, ...]:
    """Write the post folder of `draft` into `out` (a new folder): web variants of the selected photos, then index.md.

    What `publish` moves into `content/`, and what `pipeline preview` builds; returns the file names.
    """
    from . import photos as photos_module

    selected = draft.selected_photos
    sources = [draft.folder / p.file for p in selected]
    out.mkdir(parents=True)
    rendered = photos_module.render_variants(
        sources, out, settings.photos, cache=photos_module.default_cache(root), progress=False,
        shown=[_shown(s, root) for s in sources]) if sources else []
    gallery = []
    for photo, variants in zip(selected, rendered):
        variants.thumbnail.path.unlink(missing_ok=True)  # the post does not show thumbnails
        widest = variants.of("jpeg")[0]
        gallery.append(GalleryPhoto(photo.caption, photo.alt,
                                    tuple((v.path.name, v.width) for v in variants.of("webp")),
                                    tuple((v.path.name, v.width) for v in variants.of("jpeg")),
                                    widest.width, widest.height))
    (out / "index.md").write_text(render_post(draft, settings, gallery), encoding="utf-8")
    return tuple(sorted(p.name for p in out.iterdir()))


def _stage_draft(draft: Draft, staging: Path, settings: Settings, by: str, at: datetime) -> Path:
    """The draft's front matter after step G7, written to a copy of the draft in `staging`.

    The copy holds the draft's index.md and (hard links to) its selected photos, so
    `workflow.mark_published` checks the approval digest against the same bytes.
    """
    clone = staging / "drafts" / draft.id
    clone.mkdir(parents=True)
    shutil.copyfile(draft.path, clone / drafts.INDEX)
    for photo in draft.selected_photos:
        target = clone / photo.file
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(draft.folder / photo.file, target)
        except OSError:
            shutil.copyfile(draft.folder / photo.file, target)
    copy = drafts.from_source(drafts.read_source(clone / drafts.INDEX, staging), clone)
    workflow.mark_published(copy, by, settings=settings, at=at)
    return clone / drafts.INDEX


def publish(root: Path, settings: Settings, ids: Sequence[str] | None = None, *, by: str = workflow.SYSTEM_ACTOR,
            dry_run: bool = False, at: datetime | None = None) -> PublishResult:
    """Publish every approved draft (or the named ones) as news posts; all or nothing.

    Raises `PipelineError` with every reason when any chosen draft cannot be
    published, and then writes nothing. Drafts already published are listed in
    `already` and left alone, so publishing twice changes nothing the second time.
    """
    started = time.perf_counter()
    root = Path(root)
    layout = news_layout(root)
    with switch_lock(root):
        if not dry_run:   # a dry run writes nothing, not even the completion of an earlier switch
            recover(root, settings, layout)
        return _publish(root, settings, layout, ids, by, dry_run, at, started)


def _publish(root: Path, settings: Settings, layout: NewsLayout, ids: Sequence[str] | None, by: str,
             dry_run: bool, at: datetime | None, started: float) -> PublishResult:
    chosen, already, problems = _candidates(root, settings, ids)
    for draft in chosen:
        problems += _problems(root, settings, layout, draft, by)
    if problems:
        raise PipelineError(_unique(problems))
    if not chosen:
        return PublishResult((), tuple(already), dry_run, time.perf_counter() - started)
    at = workflow.court_time(at, settings) if at else workflow.now(settings)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".publish-"))
    keep_staging = False
    try:
        staged = []
        for draft in chosen:
            post_dir = staging / "posts" / draft.id
            files = stage_post(root, settings, draft, post_dir)
            draft_file = _stage_draft(draft, staging, settings, by, at)
            staged.append(_Staged(draft, post_dir, layout.posts_dir / draft.id, draft_file, files))
        changes = tuple(PostChange(s.draft.id, s.draft.meta.title, _shown(s.target, root), s.files, s.draft.shown)
                        for s in staged)
        if not dry_run:
            # from here on a kill leaves the journal behind, and the next run completes the switch
            atomic_write(staging / JOURNAL, json.dumps({"kind": "publish", "ids": [s.draft.id for s in staged]}))
            keep_staging = _switch(root, staging, staged, layout)
    except OSError as exc:
        raise PipelineError(_os_finding(exc, root)) from None
    finally:
        if not keep_staging:
            shutil.rmtree(staging, ignore_errors=True)
    return PublishResult(changes, tuple(already), dry_run, time.perf_counter() - started)


def _os_finding(exc: OSError, root: Path) -> Finding:
    where = _shown(Path(exc.filename), root) if exc.filename else "content/"
    hint = (_("free some disk space and publish again") if exc.errno == errno.ENOSPC
            else _("check the folder's permissions and publish again"))
    return error(where, None, "", RULE, _("cannot write: {error}; nothing was published").format(
        error=exc.strerror or exc), hint)


def _switch(root: Path, staging: Path, staged: list[_Staged], layout: NewsLayout) -> bool:
    """Rename the staged batch into place; on any failure undo every rename made. Returns True
    only when undoing failed too and the staging folder must be kept for a person to finish."""
    done: list[tuple[Path, Path]] = []   # (where it is now, where it came from)
    created: list[Path] = []
    try:
        for folder in [layout.posts_dir.parent, layout.posts_dir]:
            if not folder.is_dir():
                folder.mkdir()
                created.append(folder)
        backups = staging / "backup"
        backups.mkdir()
        for item in staged:
            linked = drafts.link_findings(item.draft.folder, root)
            if linked:
                raise PipelineError(linked)
            if item.draft.path.read_text(encoding="utf-8") != item.draft.source.text:
                raise PipelineError(error(item.draft.shown, None, "", RULE, _("the draft changed on disk while publishing"),
                                          _("publish again")))
            if item.target.exists() or item.target.is_symlink():
                raise PipelineError(error(_shown(item.target, root), None, "", RULE,
                                          _("a post folder with this name appeared while publishing"), _("publish again")))
        for item in staged:
            _move(item.post_dir, item.target)
            done.append((item.target, item.post_dir))
        for item in staged:
            backup = backups / f"{item.draft.id}.md"
            os.link(item.draft.path, backup)
            _move(item.draft_file, item.draft.path)
            done.append((backup, item.draft.path))
        return False
    except BaseException:
        failed = _undo(done, created)
        if failed:
            raise PipelineError([error(_shown(now, root), None, "", RULE,
                                       _("publishing failed and could not be undone: {error}").format(error=why),
                                       _("move {now} back to {back} by hand (the batch is kept in {staging})").format(
                                           now=_shown(now, root), back=_shown(back, root), staging=_shown(staging, root)))
                                 for now, back, why in failed]) from None
        raise


def _undo(done: list[tuple[Path, Path]], created: list[Path]) -> list[tuple[Path, Path, str]]:
    failed = []
    for now, back in reversed(done):
        try:
            os.replace(now, back)
        except OSError as exc:
            failed.append((now, back, exc.strerror or str(exc)))
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            pass
    return failed


# --------------------------------------------------------------------------- unpublishing


@dataclass(frozen=True)
class UnpublishResult:
    draft_id: str
    removed: str | None       # the post folder taken out of content/, if there was one
    draft_path: str


def find_post(layout: NewsLayout, draft_id: str) -> Path | None:
    """The post folder generated from draft `draft_id` (by its marker), or None."""
    candidate = layout.posts_dir / draft_id
    needle = f"\n{MARKER_KEY}: {draft_id}\n"
    if (candidate / "index.md").is_file() and needle in (candidate / "index.md").read_text(encoding="utf-8"):
        return candidate
    if not layout.posts_dir.is_dir():
        return None
    for index in layout.posts_dir.glob("*/index.md"):
        try:
            if needle in index.read_text(encoding="utf-8"):
                return index.parent
        except (OSError, UnicodeDecodeError):
            continue
    return None


def unpublish(root: Path, settings: Settings, draft_id: str, by: str, reason: str, *,
              at: datetime | None = None) -> UnpublishResult:
    """Take a published post out of `content/` now; the draft goes back to `narrated` with the reason.

    The post folder is renamed out first, then the draft's step is recorded; if
    recording fails (wrong person, no reason) the folder is put back, so nothing changes.
    """
    root = Path(root)
    layout = news_layout(root)
    with switch_lock(root):
        recover(root, settings, layout)
        return _unpublish(root, settings, layout, draft_id, by, reason, at)


def _unpublish(root: Path, settings: Settings, layout: NewsLayout, draft_id: str, by: str, reason: str,
               at: datetime | None) -> UnpublishResult:
    draft = drafts.load(root, draft_id)
    post = find_post(layout, draft.id)
    aside = None
    at = workflow.court_time(at, settings) if at else workflow.now(settings)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".unpublish-"))
    try:
        atomic_write(staging / JOURNAL, json.dumps({"kind": "unpublish", "id": draft.id, "by": by, "reason": reason,
                                                    "at": at.isoformat(), "before": _digest(draft.source.text)}))
        if post is not None:
            aside = staging / post.name
            _move(post, aside)
        try:
            workflow.mark_unpublished(draft, by, reason, settings=settings, at=at)
        except BaseException:
            if aside is not None:
                os.replace(aside, post)
            raise
    except OSError as exc:
        raise PipelineError(_os_finding(exc, root)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return UnpublishResult(draft.id, _shown(post, root) if post is not None else None, draft.shown)


# --------------------------------------------------------------------------- a switch cut short

JOURNAL = "journal.json"
STAGING_PREFIXES = (".publish-", ".unpublish-")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def switch_lock(root: Path) -> Iterator[None]:
    """One publish or unpublish at a time in a repository (a lock on its folder, gone with the process)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock, as before
        yield
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(error(".", None, "", RULE, _("another publish or unpublish is running in this repository"),
                                      _("wait for it to finish, then run again"))) from None
        yield
    finally:
        os.close(fd)


def _tracked(root: Path, folder: Path) -> bool:
    """Whether git tracks anything in `folder`: a real leftover never is, one that came in a commit is not ours."""
    import subprocess

    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", folder.name], cwd=root, capture_output=True)
    except FileNotFoundError:
        return False
    return done.returncode == 0 and bool(done.stdout)


def recover(root: Path, settings: Settings, layout: NewsLayout | None = None) -> list[str]:
    """Complete the switch of a publish or unpublish that was killed; remove staging leftovers an hour old.

    Called (under the lock) by every publish and unpublish before its own work, so a
    kill at any point needs no manual step. A publish cut short is rolled back item by
    item: a post already in content/ whose draft is still `approved` goes back out, and
    the run that follows publishes that draft afresh (its approval checked again). A
    draft already switched is published with its post. An unpublish cut short is rolled
    forward: the post comes out and the step is recorded, as the person asked. The
    journal names drafts only; every path is derived from the id, so a journal cannot
    point a rename elsewhere, and one that git tracks (it came in a commit) is refused.
    Returns the ids completed.
    """
    root = Path(root)
    layout = layout or news_layout(root)
    done: list[str] = []
    leftovers = sorted(p for p in root.iterdir() if p.name.startswith(STAGING_PREFIXES) and p.is_dir()
                       and not p.is_symlink())
    for staging in leftovers:
        journal_file = staging / JOURNAL
        if not journal_file.is_file():
            remove_stale([staging])   # killed while staging: nothing was switched
            continue
        shown = _shown(journal_file, root)
        if _tracked(root, staging):
            raise PipelineError(error(shown, None, "", RULE,
                                      _("a publish journal is in git: a command cut short never commits one"),
                                      _("remove the folder from git with `git rm -r {folder}` and commit").format(
                                          folder=staging.name)))
        try:
            journal = json.loads(journal_file.read_text(encoding="utf-8"))
            kind = journal["kind"]
            if kind == "publish":
                ids = [str(i) for i in journal["ids"]]
            elif kind == "unpublish":
                ids = [str(journal["id"])]
            else:
                raise ValueError(kind)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PipelineError(error(shown, None, "", RULE, _("cannot read the journal: {problem}").format(
                problem=exc), _("move the folder away and check content/ and drafts/ by hand"))) from None
        bad = [i for i in ids if drafts.id_problem(i)]
        if bad:
            raise PipelineError(error(shown, None, "", RULE, _("the journal names no draft id: {value}").format(
                value=bad[0]), _("move the folder away and check content/ and drafts/ by hand")))
        if kind == "publish":
            done += _roll_back_publish(root, layout, staging, ids)
        else:
            done += _roll_forward_unpublish(root, settings, layout, staging, journal)
        shutil.rmtree(staging)
    return done


def _roll_back_publish(root: Path, layout: NewsLayout, staging: Path, ids: list[str]) -> list[str]:
    """Take out each post whose draft the killed run did not switch; leave switched ones as they are."""
    undone = []
    for draft_id in ids:
        post, draft_file = layout.posts_dir / draft_id, drafts.drafts_dir(root) / draft_id / drafts.INDEX
        staged_post = staging / "posts" / draft_id
        if not post.is_dir() or staged_post.exists() or not (staging / "drafts" / draft_id / drafts.INDEX).is_file():
            continue   # the post was not moved in, or the draft was switched too
        try:
            draft = drafts.from_source(drafts.read_source(draft_file, root), draft_file.parent)
        except PipelineError:
            continue
        if draft.status is Step.PUBLISHED or find_post(layout, draft_id) != post:
            continue
        staged_post.parent.mkdir(parents=True, exist_ok=True)
        _move(post, staged_post)
        undone.append(draft_id)
    return undone


def _roll_forward_unpublish(root: Path, settings: Settings, layout: NewsLayout, staging: Path, journal: dict) -> list[str]:
    """Finish taking the post down and record the step the person asked for."""
    draft_id = str(journal["id"])
    try:
        draft = drafts.load(root, draft_id)
    except PipelineError:
        return []
    if draft.status is not Step.PUBLISHED or _digest(draft.source.text) != journal.get("before"):
        return []   # the step was recorded (or the draft changed since): nothing to finish
    post = find_post(layout, draft_id)
    if post is not None:
        _move(post, staging / post.name)
    at = datetime.fromisoformat(str(journal["at"]))
    workflow.mark_unpublished(draft, str(journal["by"]), str(journal["reason"]), settings=settings, at=at)
    return [draft_id]


# --------------------------------------------------------------------------- leak guard

EDITOR_DIR = ADMIN_DIR
SCANNED_SUFFIXES = {".html", ".xml", ".json", ".txt"}
MIN_TEXT_NEEDLE = 12


@dataclass(frozen=True)
class _Needle:
    draft_id: str
    status: str
    what: str          # "id", "title", "summary"
    pattern: re.Pattern
    probe: str         # lower-case text any match contains: a fast test before the pattern


def _probe(value: str) -> str:
    """The longest word of `value` that built files always write as is (lower case), or ''."""
    plain_words = [w for w in value.split() if w.isascii() and not any(c in w for c in _CHAR_FORMS)]
    return max(plain_words, key=len, default="").lower()


def _normal(text: str) -> str:
    return " ".join(html.unescape(text).split()).casefold()


_CHAR_FORMS = {
    "&": ("&amp;", "&#38;", "\\u0026"), "<": ("&lt;", "&#60;", "\\u003c"), ">": ("&gt;", "&#62;", "\\u003e"),
    '"': ("&quot;", "&#34;", '\\"'), "'": ("&#39;", "&#x27;", "\\u0027", "&rsquo;", "\u2019"),
}


def _char_pattern(char: str) -> str:
    """A character as built files may write it: itself, an HTML entity, a JSON escape."""
    if char in _CHAR_FORMS:
        return "(?:" + "|".join(re.escape(f) for f in (char, *_CHAR_FORMS[char])) + ")"
    if ord(char) > 127:
        return f"(?:{re.escape(char)}|\\\\u{ord(char):04x}|&#{ord(char)};)"
    return re.escape(char)


def _text_needle(value: str) -> re.Pattern | None:
    """A title or summary as a pattern over the raw built files (case and spacing free)."""
    words = value.split()
    if len(" ".join(words)) < MIN_TEXT_NEEDLE:
        return None
    body = r"\s+".join("".join(_char_pattern(c) for c in word) for word in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


def _needles(root: Path) -> tuple[list[_Needle], set[str], set[str]]:
    """What would betray each draft that is not published; and the ids of published and of all drafts."""
    published: set[str] = set()
    known: set[str] = set()
    pending: list[tuple[str, str, str, str]] = []   # id, status, title, summary
    published_texts: set[str] = set()
    for folder in drafts.list_drafts(root):
        known.add(folder.name)
        try:
            if drafts.link_findings(folder, root):   # linked out of the repository: its id is watched, nothing read
                raise PipelineError(drafts.link_findings(folder, root))
            draft = drafts.from_source(drafts.read_source(folder / drafts.INDEX, root), folder)
        except PipelineError:
            pending.append((folder.name, "unreadable", "", ""))
            continue
        if draft.status is Step.PUBLISHED:
            published.add(draft.id)
            published_texts |= {_normal(draft.meta.title), _normal(draft.meta.summary)}
        else:
            pending.append((draft.id, draft.status.value, draft.meta.title, draft.meta.summary))
    needles = []
    for draft_id, status, title, summary in pending:
        needles.append(_Needle(draft_id, status, "id", re.compile(r"(?<![\w-])" + re.escape(draft_id) + r"(?![\w-])"),
                               draft_id))
        for what, value in (("title", title), ("summary", summary)):
            pattern = _text_needle(value)
            if pattern is not None and _normal(value) not in published_texts:
                needles.append(_Needle(draft_id, status, what, pattern, _probe(value)))
    return needles, published, known


def leak_guard(root: Path, site_dir: Path | None = None) -> list[Finding]:
    """Everything in the built site that comes from a draft that is not published (errors).

    Looks at every page, `sitemap.xml`, the RSS and JSON feeds and the search index
    for: a post marker of a draft that is not published (or not in `drafts/`), the id
    of such a draft (it is in every URL made from it), its title and its summary.
    """
    root = Path(root)
    site_dir = Path(site_dir) if site_dir else root / "site"
    if not site_dir.is_dir():
        return [error(_shown(site_dir, root), None, "", LEAK_RULE, _("there is no built site to check"),
                      _("build it first with `pipeline build`"))]
    needles, published, known = _needles(root)
    hits: dict[str, list[tuple[str, str]]] = {}
    editor = site_dir / EDITOR_DIR  # the browser editor: generated from pipeline.yml, never from a draft
    for path in sorted(p for p in site_dir.rglob("*") if p.suffix in SCANNED_SUFFIXES and p.is_file()
                       and not p.is_relative_to(editor)):
        raw = path.read_text(encoding="utf-8", errors="replace")
        lowered = raw.lower()
        shown = _shown(path, root)
        found: list[tuple[str, str]] = []
        for match in (MARKER_RE.finditer(raw) if "court-draft" in raw else ()):
            draft_id = match.group(1) or match.group(2)
            if draft_id not in published:
                found.append((draft_id, _("its post marker") if draft_id in known else _("its post marker (no such draft)")))
        for needle in needles:
            if needle.probe in lowered and needle.pattern.search(raw):
                found.append((needle.draft_id, {"id": _("its id"), "title": _("its title"),
                                                "summary": _("its summary")}.get(needle.what, needle.what)))
        for draft_id, what in found:
            hits.setdefault(draft_id, []).append((shown, what))
    statuses = {n.draft_id: n.status for n in needles}
    findings = []
    for draft_id, places in sorted(hits.items()):
        status = statuses.get(draft_id, _("not in drafts/") if draft_id not in known else "published")
        by_file: dict[str, list[str]] = {}
        for shown, what in places:
            by_file.setdefault(shown, [])
            if what not in by_file[shown]:
                by_file[shown].append(what)
        for shown, whats in list(by_file.items())[:20]:
            findings.append(error(shown, None, "", LEAK_RULE,
                                  _("comes from draft {draft} ({status}, not published): {what} found").format(
                                      draft=draft_id, status=status, what=", ".join(whats)),
                                  _("only published drafts may reach the site: check docs_dir in site_config/mkdocs.yml "
                                    "and that no draft is copied or linked into content/, then build again")))
        if len(by_file) > 20:
            findings.append(error(_shown(site_dir, root), None, "", LEAK_RULE,
                                  _("draft {draft} also shows in {count} more files").format(
                                      draft=draft_id, count=len(by_file) - 20), ""))
    return findings
