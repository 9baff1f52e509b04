"""Coverage drafts: `drafts/<id>/index.md`, read into a typed `Draft`, written back minimally.

A draft is the court's own record of one piece of coverage (DESIGN section 3): YAML
front matter (title, date, reporter, status, photos, history, approval record) and a
Markdown narrative. Front matter is split the way python-frontmatter does it (a `---`
line first, the next `---` line closes it) but parsed with ruamel so every problem has
a line number, and so a step can rewrite only the lines it changes: key order, quoting
and comments stay, and the narrative is kept byte for byte.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from io import StringIO
from pathlib import Path
from typing import Any, Callable, Literal

import yaml
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .config import Step, validation_findings
from .files import YamlSyntaxError, atomic_write, line_of, load_yaml, round_trip_yaml
from .findings import Finding, PipelineError, error
from .i18n import N_, _

DRAFTS_DIR = "drafts"
INDEX = "index.md"
PHOTOS_DIR = "photos"
RULE = "schema"
TYPE_HINT = N_("compare with a draft made by `pipeline new`: text in quotes if needed, dates as YYYY-MM-DD")

# `YYYY-MM-DD-slug`: the event date, then lowercase ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
SLUG_MAX = 60
# python-frontmatter's YAML boundary: a line of three or more dashes.
FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*\r?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Photo(_Model):
    """One photo of the coverage; only `selected` ones go onto the website."""

    file: str = Field(min_length=1, description="path relative to the draft folder, e.g. photos/IMG_0012.jpg")
    caption: str = ""
    alt: str = ""
    selected: bool = False
    courtroom: bool = False
    hearing: Literal["open", "closed"] | None = None
    permitted_by: str | None = None


class AcceptedMatch(_Model):
    """A privacy finding reviewed as not personal data: the exact text and why (covered by the approval digest)."""

    text: str = Field(min_length=2)
    reason: str = Field(min_length=3)


class HistoryEntry(BaseModel):
    """One step taken: `{step, by, at}`, plus `reason` for a return; written by the pipeline only.

    Extra keys (for example the pull request of an approval) are kept, so a later
    stage can record what it needs without a schema change here.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    step: str = Field(min_length=1)
    by: str = Field(min_length=1)
    at: AwareDatetime
    reason: str | None = None


class FrontMatter(_Model):
    """The front matter of `drafts/<id>/index.md`, typed. Which fields are required grows with `status` (see checks)."""

    title: str
    date: date
    location: str = ""
    category: str = ""
    reporter: str
    status: Step
    summary: str = ""
    hearing: Literal["open", "closed"] | None = None
    photos: list[Photo] = []
    privacy_accepted: list[AcceptedMatch] = []
    history: list[HistoryEntry] = []
    approved_by: str | None = None
    approved_at: AwareDatetime | None = None
    approval_digest: str | None = None
    approval_pr: int | None = None
    approval_review: int | None = None
    # github mode: the reviewer's login, the commit they reviewed, and the publish workflow's signature
    approval_login: str | None = None
    approval_commit: str | None = None
    approval_signature: str | None = None


@dataclass(frozen=True)
class Source:
    """A Markdown file split into its front matter and body, with the line where each starts.

    `head + front + tail == text`; `tail` is the closing `---` line and the body, kept
    byte for byte when the front matter is rewritten. `data` holds the front matter as
    plain values; `tree` (ruamel, with line numbers) is parsed only when a message
    needs a line, because round-trip parsing costs twenty times more.
    """

    path: Path
    shown: str
    text: str
    head: str
    front: str
    tail: str
    body: str
    body_line: int
    data: Any

    @property
    def has_front_matter(self) -> bool:
        return bool(self.head)

    @property
    def line_offset(self) -> int:
        """Add to a 1-based line of the YAML text to get the line in the file."""
        return self.head.count("\n")

    @cached_property
    def tree(self) -> Any:
        """The front matter as a ruamel round-trip tree (positions of every key), or None."""
        if not self.head:
            return None
        try:
            return load_yaml(self.front, self.line_offset)
        except Exception:  # noqa: BLE001 - the fast parser accepted it; no lines is the worst case
            return None

    def line(self, *loc: str | int) -> int | None:
        """The file line of a front-matter key, e.g. `source.line("photos", 0, "alt")`."""
        found = line_of(self.tree, loc, self.line_offset) if self.head else None
        return found or (self.line_offset if self.head else None)

    def line_of_offset(self, offset: int) -> int:
        """The 1-based file line of a character offset in the body."""
        return self.body_line + self.body.count("\n", 0, offset)


@dataclass(frozen=True)
class Draft:
    """A readable, schema-valid draft: its id, folder, typed front matter and the source it came from."""

    id: str
    folder: Path
    meta: FrontMatter
    source: Source

    @property
    def path(self) -> Path:
        return self.folder / INDEX

    @property
    def shown(self) -> str:
        return self.source.shown

    @property
    def status(self) -> Step:
        return self.meta.status

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def selected_photos(self) -> list[Photo]:
        return [p for p in self.meta.photos if p.selected]

    def line(self, *loc: str | int) -> int | None:
        """The file line of a front-matter key, e.g. `draft.line("photos", 0, "alt")`."""
        return self.source.line(*loc)


# --- ids -------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """`Rapat Evaluasi Kinerja, November 2026` -> `rapat-evaluasi-kinerja-november-2026` (ASCII, at most 60 chars)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug or (words[0][:SLUG_MAX] if words else "")


def make_id(event_date: date, title: str) -> str:
    """The draft id for an event: `YYYY-MM-DD-slug`."""
    slug = slugify(title)
    if not slug:
        raise PipelineError(error("", None, "title", RULE, _("cannot make an id from the title {title!r}").format(title=title),
                                  _("use a title with letters or digits")))
    return f"{event_date.isoformat()}-{slug}"


def id_problem(draft_id: str) -> str | None:
    """Why `draft_id` is not a valid `YYYY-MM-DD-slug` id, or None when it is."""
    match = ID_PATTERN.match(draft_id)
    if not match:
        return _("draft id {id!r} is not YYYY-MM-DD-slug "
                 "(the event date, then lowercase letters, digits and single hyphens)").format(id=draft_id)
    try:
        date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return _("draft id {id!r} starts with {start}, which is not a date").format(
            id=draft_id, start=f"{match[1]}-{match[2]}-{match[3]}")
    if len(match[4]) > SLUG_MAX:
        return _("draft id {id!r} has a slug longer than {max} characters").format(id=draft_id, max=SLUG_MAX)
    return None


def id_date(draft_id: str) -> date | None:
    match = ID_PATTERN.match(draft_id)
    try:
        return date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        return None


# --- reading ---------------------------------------------------------------------------


def shown_path(path: Path, root: Path) -> str:
    """`path` relative to the repository root, with forward slashes, as messages show it."""
    try:
        return Path(path).relative_to(root).as_posix()  # the common case, without touching the disk
    except ValueError:
        pass
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def split_front_matter(text: str) -> tuple[str, str, str]:
    """Split `text` into (opening `---` line, YAML, closing line + body), like python-frontmatter.

    Without front matter the first two are empty and the whole text is the body.
    """
    lines = text.splitlines(keepends=True)
    first = lines[0].lstrip("\ufeff") if lines else ""
    if not lines or not FM_BOUNDARY.match(first.rstrip("\n")):
        return "", "", text
    for index in range(1, len(lines)):
        if FM_BOUNDARY.match(lines[index].rstrip("\n")):
            return lines[0], "".join(lines[1:index]), "".join(lines[index:])
    return "", "", text


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """libyaml's parser with YAML 1.2 core-schema scalars, as ruamel reads them.

    `yes`, `no`, `on` and `off` stay text and `010` is ten; a duplicate key is an
    error. Anything this loader rejects is read again by ruamel for its message.
    """


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
):
    _FastLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    if value.startswith(("0o", "0x")):
        return int(value, 0)
    return int(value, 10)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    seen = set()
    for key_node, _ in node.value:
        key = (key_node.tag, key_node.value) if isinstance(key_node, yaml.ScalarNode) else id(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        try:
            seen.add(key)
        except TypeError:
            pass
    return loader.construct_mapping(node, deep=True)


_FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_FastLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def parse_front(front: str, line_offset: int) -> Any:
    """Front-matter YAML as plain values: libyaml when it can, ruamel (with its line-numbered errors) when not."""
    try:
        return _load_plain(front)
    except Exception:  # noqa: BLE001 - any doubt goes to the careful parser below
        pass
    return plain(load_yaml(front, line_offset))


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _load_plain(front: str) -> Any:
    """`plain(yaml.load(front, Loader=_FastLoader))`, built from libyaml's nodes in one walk.

    Text, mappings and lists (nearly every node of a draft) are taken from the node
    as they are; every other node is made by the loader's own constructors. Most of
    a check's YAML time was PyYAML's generic construction followed by `plain`'s copy.
    """
    loader = _FastLoader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        budget = [MAX_VALUES]

        def walk(node: yaml.Node, depth: int) -> Any:
            budget[0] -= 1
            if budget[0] < 0 or depth > 40:
                raise _TooBig("front matter is too large or nested too deeply (YAML aliases?)")
            tag = node.tag
            if tag == _STR and isinstance(node, yaml.ScalarNode):
                return node.value
            if tag == _MAP and isinstance(node, yaml.MappingNode):
                loader.flatten_mapping(node)  # merge keys (`<<: *base`), as construct_mapping does
                out = {}
                seen = set()
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):  # unhashable for PyYAML too
                        raise yaml.constructor.ConstructorError(None, None, "a key that is not a scalar",
                                                                key_node.start_mark)
                    if (key_node.tag, key_node.value) in seen:  # as _construct_mapping: by the key's text
                        raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key_node.value!r}",
                                                                key_node.start_mark)
                    seen.add((key_node.tag, key_node.value))
                    key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node)
                    out[key if isinstance(key, str) else str(key)] = walk(value_node, depth + 1)
                return out
            if tag == _SEQ and isinstance(node, yaml.SequenceNode):
                return [walk(item, depth + 1) for item in node.value]
            return plain(loader.construct_object(node, deep=True))

        return walk(node, 0)
    finally:
        loader.dispose()


def read_source(path: Path, root: Path, *, require_front_matter: bool = True) -> Source:
    """Read and split a Markdown file and parse its front matter; raise `PipelineError` when unreadable.

    Never a traceback: unreadable bytes, broken YAML or front matter that is not a
    mapping all become one finding with the file and the line.
    """
    path = Path(path)
    shown = shown_path(path, root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError(error(shown, None, "", RULE, _("file not found"),
                                  _("a draft is a folder drafts/<id>/ holding index.md"))) from None
    except OSError as exc:
        raise PipelineError(error(shown, None, "", RULE, _("cannot read the file: {error}").format(
            error=exc.strerror or exc))) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise PipelineError(error(shown, line, "", RULE, _("not UTF-8 text"), _("save the file as UTF-8"))) from None
    if "\x00" in text:
        raise PipelineError(error(shown, text[:text.index("\x00")].count("\n") + 1, "", RULE,
                                  _("the file holds NUL characters; it is not a text file"),
                                  _("save it as plain UTF-8 Markdown")))
    head, front, tail = split_front_matter(text)
    if not head:
        if require_front_matter:
            raise PipelineError(error(shown, 1, "", RULE, _("no front matter: the file must start with a '---' line"),
                                      _("start index.md with ---, the YAML fields, then --- (see `pipeline new`)")))
        return Source(path, shown, text, "", "", text, text, 1, None)
    offset = head.count("\n")
    try:
        data = parse_front(front, offset)
    except YamlSyntaxError as exc:
        raise PipelineError(error(shown, exc.line, "", RULE, exc.message, _("fix the YAML syntax at that line"))) from None
    except _TooBig as exc:
        raise PipelineError(error(shown, offset + 1, "", RULE, str(exc),
                                  _("write the front matter as simple `key: value` lines"))) from None
    except Exception as exc:  # noqa: BLE001 - ruamel raises plain exceptions on a few pathological inputs
        raise PipelineError(error(shown, offset + 1, "", RULE, _("invalid YAML ({error})").format(error=type(exc).__name__),
                                  _("write the front matter as simple `key: value` lines"))) from None
    if data is not None and not isinstance(data, dict):
        raise PipelineError(error(shown, offset + 1, "", RULE,
                                  _("front matter must be a mapping of fields; received {received}").format(
                                      received=_describe(data)),
                                  _("write the front matter as `key: value` lines")))
    closing = tail.splitlines(keepends=True)[0]
    body = tail[len(closing):]
    body_line = offset + front.count("\n") + 2
    return Source(path, shown, text, head, front, tail, body, body_line, data)


class _TooBig(ValueError):
    """Front matter that expands (through YAML aliases) into more values than any draft has."""


MAX_VALUES = 20_000


def plain(node: Any) -> Any:
    """Parsed YAML as plain dicts (text keys), lists and scalars, the values pydantic validates.

    Aliases are expanded with a budget, so a "billion laughs" document is an error, not
    an exhausted machine; a recursive alias is an error too.
    """
    budget = [MAX_VALUES]

    def walk(value: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > 40:
            raise _TooBig("front matter is too large or nested too deeply (YAML aliases?)")
        if isinstance(value, dict):
            return {(k if isinstance(k, str) else str(k)): walk(v, depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple, set)):
            return [walk(v, depth + 1) for v in value]
        if isinstance(value, datetime):
            return datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                            value.microsecond, tzinfo=value.tzinfo)
        if isinstance(value, str):
            return str(value)
        return value

    return walk(node, 0)


def from_source(source: Source, folder: Path) -> Draft:
    """Validate a source's front matter into a `Draft`; raise `PipelineError` with every type problem."""
    if not source.data:
        raise PipelineError(error(source.shown, source.line_offset or None, "", RULE, _("front matter is empty"),
                                  _("a draft needs at least title, date, reporter and status")))
    try:
        meta = FrontMatter.model_validate(source.data)
    except ValidationError as exc:
        found = validation_findings(exc, source.tree, source.shown, source.line_offset, rule=RULE)
        raise PipelineError([replace(f, hint=f.hint or _(TYPE_HINT)) for f in found]) from None
    return Draft(folder.name, folder, meta, source)


def drafts_dir(root: Path) -> Path:
    return Path(root) / DRAFTS_DIR


def list_drafts(root: Path) -> list[Path]:
    """Every draft folder (a folder of `drafts/` holding `index.md`), sorted by id."""
    base = drafts_dir(root)
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / INDEX).is_file())


def folder_of(root: Path, draft_id: str) -> Path:
    """The folder of draft `draft_id`; a clear error naming the known ids when there is none."""
    problem = id_problem(draft_id) if "/" not in draft_id and "\\" not in draft_id else None
    candidate = drafts_dir(root) / draft_id
    if "/" in draft_id or "\\" in draft_id or draft_id in {".", ".."}:
        # a path given instead of an id: accept drafts/<id> or drafts/<id>/index.md
        given = Path(draft_id)
        given = given if given.is_absolute() else Path(root) / given
        if given.name == INDEX:
            given = given.parent
        if given.resolve().parent == drafts_dir(root).resolve() and (given / INDEX).is_file():
            return given.resolve()
        problem = _("{id!r} is not a draft folder under drafts/").format(id=draft_id)
    elif (candidate / INDEX).is_file():
        return candidate
    known = [p.name for p in list_drafts(root)]
    close = [k for k in known if draft_id in k or k in draft_id][:5]
    hint = (_("known drafts: {drafts}").format(drafts=", ".join(close or known[:5])) if known
            else _("create one with `pipeline new`"))
    raise PipelineError(error(f"{DRAFTS_DIR}/{draft_id}", None, "id", RULE,
                              problem or _("no draft {id!r} (no {path})").format(
                                  id=draft_id, path=f"{DRAFTS_DIR}/{draft_id}/{INDEX}"), hint))


def link_findings(folder: Path, root: Path | None = None) -> list[Finding]:
    """A draft folder that resolves outside `drafts/`, or a `photos/` that resolves outside its draft.

    Either would let a step read or write files elsewhere on the machine through a
    link, so a draft like that is a finding of `pipeline check` and is refused (unread)
    by every step that loads it. A single photo that links out is `pipeline check`'s
    to report (photos.path); readers of photos skip it with `inside`. Without `root`,
    the folder is held to the folder it is listed in.
    """
    folder = Path(folder)
    base = drafts_dir(root) if root is not None else folder.parent
    real_base = Path(os.path.realpath(base))
    real_folder = Path(os.path.realpath(folder))
    shown = shown_path(folder, root if root is not None else base.parent)
    if real_folder.parent != real_base or (root is not None and Path(os.path.realpath(root)) != real_base.parent):
        return [error(shown, None, "", "safety.path",
                      _("the draft folder is a link leading out of drafts/ ({target})").format(target=real_folder),
                      _("replace the link with the draft folder itself"))]
    photos = folder / PHOTOS_DIR
    if photos.is_symlink() or photos.exists():
        real_photos = Path(os.path.realpath(photos))
        if real_photos.parent != real_folder:
            return [error(f"{shown}/{PHOTOS_DIR}", None, "", "safety.path",
                          _("photos/ is a link leading out of the draft folder ({target})").format(target=real_photos),
                          _("replace the link with a photos/ folder holding the photos"))]
    return []


def inside(draft: Draft, file: str) -> Path | None:
    """The real path of the draft's `file` when it is inside the draft folder (links followed), else None."""
    real_folder = os.path.realpath(draft.folder)
    real = os.path.realpath(os.path.join(draft.folder, file))
    return Path(real) if real.startswith(real_folder + os.sep) else None


def load(root: Path, draft_id: str) -> Draft:
    """Read and validate one draft by id; raise `PipelineError` with every problem found while reading.

    A draft folder or photos/ linked out of the repository is refused before anything in it is read.
    """
    folder = folder_of(root, draft_id)
    problems = link_findings(folder, root)
    if problems:
        raise PipelineError(problems)
    return from_source(read_source(folder / INDEX, root), folder)


def reload(draft: Draft, root: Path | None = None) -> Draft:
    """The draft as it is on disk now."""
    root = root or draft.folder.parent.parent
    return from_source(read_source(draft.path, root), draft.folder)


# --- writing ---------------------------------------------------------------------------


def edit_front_matter(draft: Draft, change: Callable[[Any], None]) -> Draft:
    """Apply `change` to the round-trip YAML tree and write the file back, changing only what it touched.

    The body is kept byte for byte; key order, quoting and comments of the front matter
    are kept by ruamel. Refuses when the file changed on disk since `draft` was read,
    so a step never overwrites an edit it has not seen. The write is atomic.
    """
    problems = link_findings(draft.folder)
    if problems:
        raise PipelineError(problems)
    edit_source(draft.source, change)
    return from_source(read_source(draft.path, draft.folder.parent.parent), draft.folder)


def edit_source(source: Source, change: Callable[[Any], None]) -> None:
    """`edit_front_matter` for a source that need not be a valid draft (e.g. one `photos add` fills in)."""
    current = source.path.read_bytes().decode("utf-8", errors="replace")
    if current != source.text:
        raise PipelineError(error(source.shown, None, "", RULE, _("the file changed on disk since it was read"),
                                  _("run the command again")))
    rt = round_trip_yaml()
    try:
        tree = load_yaml(source.front, source.line_offset)
    except YamlSyntaxError as exc:
        raise PipelineError(error(source.shown, exc.line, "", RULE, exc.message, _("fix the YAML syntax at that line"))) from None
    if tree is None:
        tree = CommentedMap()
    change(tree)
    out = StringIO()
    rt.dump(tree, out)
    front = out.getvalue()
    if source.head.endswith("\r\n"):
        front = front.replace("\r\n", "\n").replace("\n", "\r\n")  # keep a Windows file's line endings
    atomic_write(source.path, source.head + front + source.tail)


def photo_entry(file: str) -> CommentedMap:
    """A new entry of `photos:`: the file, an empty caption and alt text, not selected yet (step G4 decides)."""
    return CommentedMap([("file", file), ("caption", ""), ("alt", ""), ("selected", False)])


def record_photos(folder: Path, root: Path, files: list[str]) -> list[str]:
    """Add an entry to the draft's `photos:` list for each of `files` not listed yet; return those added.

    `files` are paths relative to the draft folder (`photos/IMG_0012.jpg`). Only the
    `photos:` lines change: the other keys, their comments and the body stay as they
    were. A missing `photos:` key goes before `history:` (or at the end).
    """
    source = read_source(Path(folder) / INDEX, root)
    data = source.data if isinstance(source.data, dict) else {}
    listed = {p.get("file") for p in (data.get("photos") or []) if isinstance(p, dict)}
    added = [f for f in dict.fromkeys(files) if f not in listed]
    if not added:
        return []

    def change(tree: Any) -> None:
        photos = tree.get("photos")
        if not isinstance(photos, CommentedSeq):
            photos = CommentedSeq()
            keys = list(tree.keys())
            if "photos" in tree:
                tree["photos"] = photos
            elif "history" in keys:
                tree.insert(keys.index("history"), "photos", photos)
            else:
                tree["photos"] = photos
        if photos.fa.flow_style():
            photos.fa.set_block_style()
        for file in added:
            photos.append(photo_entry(file))

    edit_source(source, change)
    return added


def render_new(*, title: str, event_date: date, reporter: str, first_entry: Any, location: str = "",
               category: str = "", photos: list[str] = (), body: str = "") -> str:
    """The text of a fresh draft, in the layout of DESIGN section 3 (comments guide the operator).

    `first_entry` is the `collected` history entry, as `workflow.history_entry` makes it.
    """
    rt = round_trip_yaml()

    tree = CommentedMap()
    tree["title"] = title
    tree["date"] = event_date
    tree["location"] = location
    tree["category"] = category
    tree["reporter"] = reporter
    tree["status"] = Step.COLLECTED.value
    tree["summary"] = ""
    seq = CommentedSeq()
    for file in photos:
        seq.append(photo_entry(file))
    tree["photos"] = seq
    tree["history"] = CommentedSeq([first_entry])
    tree.yaml_add_eol_comment("date of the event", "date")
    tree.yaml_add_eol_comment("required from `narrated` on: one or two sentences", "summary")
    tree.yaml_add_eol_comment("appended by the pipeline, never edited by hand", "history")
    out = StringIO()
    rt.dump(tree, out)
    return f"---\n{out.getvalue()}---\n{body}"


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__
