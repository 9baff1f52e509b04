"""Page freshness (steps F1 to F3): which pages have not been updated in time, and for whom.

A page's last update is the later of its last git commit and a `reviewed:` date in
its front matter. Commit dates for every file come from ONE `git log` pass, not a
process per file: that is what keeps a 3,000-post site under a second. Policies in
`pipeline.yml` (`freshness.policies`) say by path pattern how old a page may get;
the first matching policy wins, and a page may set its own `review_in` (days).

The same data stamps every built page with "Terakhir diperbarui: <tanggal>" and an
overdue page with a visible notice (see `SiteDates`, used by the `court` plugin).
"""

from __future__ import annotations

import codecs
import html
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal
from zoneinfo import ZoneInfo

import yaml

from .config import Settings, today_in
from .findings import Finding, PipelineError, error, warning
from .i18n import N_, _

CONTENT_DIR = "content"

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_KEYS_NEEDING_YAML = re.compile(r"^(?:reviewed|review_in)[ \t]*:", re.M)
_SIMPLE_DATE = re.compile(r"^date[ \t]*:[ \t]*['\"]?(\d{4}-\d{2}-\d{2})(?:[ T][0-9:.+\-Z ]*)?['\"]?[ \t]*$", re.M)
_ANY_DATE_KEY = re.compile(r"^date[ \t]*:", re.M)
_TITLE_KEY = re.compile(r"^title[ \t]*:[ \t]*['\"]?(.+?)['\"]?[ \t]*$", re.M)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)

try:  # libyaml is ~10x faster than the pure-Python loader on thousands of posts
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def indonesian_date(day: date) -> str:
    """`date(2026, 11, 25)` -> `25 November 2026`, as the site and the reports show dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob: `*` within one folder, `**` across folders, `?` one character."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


@lru_cache(maxsize=256)
def matcher(pattern: str) -> re.Pattern[str]:
    return _glob_regex(pattern)


# --------------------------------------------------------------------------- git


@dataclass(frozen=True)
class GitHistory:
    """What git knows: whether the folder is in a repository, whether it is shallow, commit dates."""

    available: bool
    shallow: bool
    committed: dict[str, date] = field(default_factory=dict)  # path inside the docs folder -> date


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "log.showSignature=false", *args], cwd=folder,
                          capture_output=True, check=False)


def is_shallow(folder: Path) -> bool | None:
    """True in a shallow clone, False in a full one, None outside a git repository."""
    try:
        done = _git(folder, "rev-parse", "--is-shallow-repository")
    except FileNotFoundError:  # git not installed
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() == b"true"


# `--relative` (run in the docs folder) keeps only its files; no pathspec, because with one git
# also compares every commit with its parent to simplify the history: twice the tree diffs.
_LOG_ARGS = ("log", "-z", "--name-only", "--no-renames", "--relative", "--format=%x01%ct")
CACHE_FILE = Path(".cache") / "court" / "git-dates.json"


@dataclass
class _GitPass:
    """A `git log` under way, and what a previous pass already knew (the cache, for commits up to `base`)."""

    shallow: bool | None
    head: str = ""
    docs: str = ""
    process: subprocess.Popen | None = None
    known: dict[str, int] = field(default_factory=dict)  # path -> commit time, from the cache
    cache: Path | None = None


def _cache_file(docs_dir: Path) -> Path:
    return docs_dir.resolve().parent / CACHE_FILE


def _start_git_log(docs_dir: Path, use_cache: bool = True) -> _GitPass:
    """Start `git log` (only the commits since the cached pass, when there is one); None outside git.

    The commit dates of a history that only grew do not change, so a later pass reads
    only the new commits. A rewritten history (the cached commit is gone) is read whole.
    """
    try:
        done = _git(docs_dir, "rev-parse", "--is-shallow-repository", "HEAD")
    except FileNotFoundError:  # git not installed
        return _GitPass(None)
    lines = done.stdout.decode().split()
    if not lines or lines[0] not in ("true", "false"):
        return _GitPass(None)
    shallow = lines[0] == "true"
    if done.returncode != 0 or len(lines) < 2:  # a repository without a commit yet
        return _GitPass(shallow)
    head = lines[1]
    work = _GitPass(shallow, head, str(docs_dir.resolve()))
    revision = head  # the whole history
    if use_cache and not shallow:
        work.cache = _cache_file(docs_dir)
        cached = _read_cache(work.cache, docs_dir)
        if cached is not None:
            base, known = cached
            if base == head:
                work.known = known
                return work
            if _git(docs_dir, "merge-base", "--is-ancestor", base, head).returncode == 0:
                work.known = known
                revision = f"{base}..{head}"
    work.process = subprocess.Popen(["git", "-c", "log.showSignature=false", *_LOG_ARGS, revision], cwd=docs_dir,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return work


def _read_cache(path: Path, docs_dir: Path) -> tuple[str, dict[str, int]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("docs") != str(docs_dir.resolve()) or not isinstance(data.get("head"), str):
            return None
        return data["head"], {str(k): int(v) for k, v in data["times"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _finish_git_log(work: _GitPass, tz: ZoneInfo) -> GitHistory:
    if work.shallow is None:
        return GitHistory(available=False, shallow=False)
    times = work.known
    if work.process is not None:
        output, _ = work.process.communicate()
        if work.process.returncode != 0:
            return GitHistory(available=True, shallow=bool(work.shallow))
        newer = _parse_log(output)
        times = {**work.known, **newer} if work.known else newer
        if work.cache is not None:
            try:
                from .files import atomic_write

                atomic_write(work.cache, json.dumps({"docs": work.docs, "head": work.head, "times": times}))
            except OSError:  # a read-only checkout: no cache, same answer
                pass
    days: dict[int, date] = {}
    committed = {}
    for name, stamp in times.items():
        day = days.get(stamp)
        if day is None:
            day = days[stamp] = datetime.fromtimestamp(stamp, tz).date()
        committed[name] = day
    return GitHistory(available=True, shallow=bool(work.shallow), committed=committed)


def _parse_log(output: bytes) -> dict[str, int]:
    """`{path: commit time}` of each path's first (newest) appearance in `git log -z --name-only`."""
    committed: dict[str, int] = {}
    stamp = 0
    for token in output.split(b"\0"):
        if token.startswith(b"\x01"):
            stamp = int(token[1:])
            continue
        if token.startswith(b"\n"):  # the first name after a commit's header line
            token = token[1:]
            if token.startswith(b"\x01"):  # a commit that touched nothing here
                stamp = int(token[1:])
                continue
        if token:
            committed.setdefault(os.fsdecode(token), stamp)
    return committed


def git_history(docs_dir: Path, tz: ZoneInfo, use_cache: bool = True) -> GitHistory:
    """The date of the last commit of every file under `docs_dir`, from a single `git log` pass.

    `git log` lists the newest commit first, so the first time a path appears is its
    last commit, exactly what `git log -1 -- PATH` would say, for all files at once.
    """
    return _finish_git_log(_start_git_log(Path(docs_dir), use_cache), tz)


def collect(docs_dir: Path, tz: ZoneInfo, use_cache: bool = True, history_dir: Path | None = None
            ) -> tuple[GitHistory, dict[str, "PageInfo"], list[Finding]]:
    """Git's dates and the pages' own, gathered at the same time: git works while the files are read.

    `history_dir`: the folder whose git history dates the pages of `docs_dir` (the
    preview builds a copy of some of `content/` outside the repository).
    """
    docs_dir = Path(docs_dir)
    work = _start_git_log(Path(history_dir) if history_dir else docs_dir, use_cache)
    try:
        pages, findings = scan_pages(docs_dir, GitHistory(False, False), tz)
    finally:
        history = _finish_git_log(work, tz)
    committed = history.committed
    pages = {rel: replace(page, committed=committed.get(rel)) if rel in committed else page
             for rel, page in pages.items()}
    return history, pages, findings


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageInfo:
    """One Markdown page and the dates that say how fresh it is."""

    path: str  # inside content/, with forward slashes
    title: str
    committed: date | None  # last git commit
    reviewed: date | None  # `reviewed:` in the front matter
    review_in: int | None  # `review_in:` days, the page's own policy
    published: date | None  # `date:` in the front matter (news posts)
    modified: date  # file modification time: the fallback for files git does not know

    @property
    def updated(self) -> date:
        """The later of the last commit and the review; the file's own date if git has neither."""
        known = [d for d in (self.committed, self.reviewed) if d is not None]
        return max(known) if known else self.modified

    @property
    def updated_by(self) -> Literal["git", "reviewed", "file"]:
        if self.reviewed is not None and (self.committed is None or self.reviewed >= self.committed):
            return "reviewed"
        return "git" if self.committed is not None else "file"


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf"^{key}[ \t]*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


_HEAD_BYTES = 8192


def _read_head(path: str) -> str:
    """The front matter and first heading live at the top: read 8 KB, or all when the front matter is longer."""
    with open(path, "rb") as fh:
        data = fh.read(_HEAD_BYTES)
        if len(data) == _HEAD_BYTES and data.startswith(b"---") and b"\n---" not in data[3:]:
            data += fh.read()
        complete = not fh.read(1)
    # a cut at 8 KB may fall inside a character: the incremental decoder keeps that tail back
    return codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)


def _read_page(file: str, mtime: float, rel: str, shown: str, committed: date | None, tz: ZoneInfo,
               findings: list[Finding]) -> PageInfo:
    modified = datetime.fromtimestamp(mtime, tz).date()
    try:
        text = _read_head(file)
    except UnicodeDecodeError:
        findings.append(error(shown, None, "", "freshness", _("not UTF-8 text"), _("save the file as UTF-8")))
        return PageInfo(rel, rel, committed, None, None, None, modified)
    reviewed = review_in = published = None
    title = ""
    match = _FRONT_MATTER.match(text)
    body = text[match.end():] if match else text
    if match:
        block = match.group(1) or ""
        title_match = _TITLE_KEY.search(block)
        title = title_match.group(1) if title_match else ""
        simple = _SIMPLE_DATE.search(block)
        if simple:
            published = _as_date(simple.group(1))
        if _KEYS_NEEDING_YAML.search(block) or (not simple and _ANY_DATE_KEY.search(block)):
            try:
                meta = yaml.load(block, Loader=_Loader)  # noqa: S506 - a safe loader
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                findings.append(error(shown, mark.line + 2 if mark else 1, "", "freshness",
                                      _("invalid YAML front matter: {error}").format(error=getattr(exc, "problem", None) or exc),
                                      _("fix the YAML syntax at that line")))
                meta = {}
            if not isinstance(meta, dict):
                meta = {}
            if "reviewed" in meta:
                reviewed = _as_date(meta["reviewed"])
                if reviewed is None:
                    findings.append(error(shown, _line_of_key(text, "reviewed"), "reviewed", "freshness",
                                          _("expected a date such as 2026-11-20; received {value!r}").format(
                                              value=meta["reviewed"]),
                                          _("write the date the page was last checked, as YYYY-MM-DD")))
            if "review_in" in meta:
                value = meta["review_in"]
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    review_in = value
                else:
                    findings.append(error(shown, _line_of_key(text, "review_in"), "review_in", "freshness",
                                          _("expected a whole number of days greater than 0; received {value!r}").format(
                                              value=value),
                                          _("e.g. `review_in: 90` to have the page reviewed every 90 days")))
            if published is None and "date" in meta:
                value = meta["date"]
                published = _as_date(value.get("created") if isinstance(value, dict) else value)
    if not title:
        heading = _HEADING.search(body)
        title = heading.group(1) if heading else rel
    return PageInfo(rel, title, committed, reviewed, review_in, published, modified)


def scan_pages(docs_dir: Path, history: GitHistory, tz: ZoneInfo, shown_prefix: str = CONTENT_DIR
               ) -> tuple[dict[str, PageInfo], list[Finding]]:
    """Every Markdown page under `docs_dir` with its dates; bad `reviewed`/`review_in` values as findings."""
    pages: dict[str, PageInfo] = {}
    findings: list[Finding] = []
    committed = history.committed

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".md") and entry.is_file():
                    rel = prefix + entry.name
                    pages[rel] = _read_page(entry.path, entry.stat().st_mtime, rel, f"{shown_prefix}/{rel}",
                                            committed.get(rel), tz, findings)

    walk(str(docs_dir), "")
    return pages, findings


# --------------------------------------------------------------------------- policies


@dataclass(frozen=True)
class PageStatus:
    """One page measured against its policy: when it was updated, when it is due, how late."""

    path: str
    title: str
    owner: str
    owner_name: str
    kind: Literal["review", "newest", "page"]  # "page": the page's own `review_in`
    policy: str  # the pattern, or "review_in"
    max_age_days: int
    updated: date | None  # None: no page matches the policy at all (no news post yet)
    updated_by: str  # git | reviewed | file | published | none
    due: date | None
    overdue_days: int  # > 0: late by that many days; <= 0: days left, negated

    @property
    def missing(self) -> bool:
        """A `newest` policy with no page at all: the news section has never had a post."""
        return self.updated is None

    @property
    def stale(self) -> bool:
        return self.missing or self.overdue_days > 0

    @property
    def urgency(self) -> tuple:
        """Sorts most overdue first, a policy with no page at all before everything."""
        return (not self.missing, -self.overdue_days)

    def as_dict(self) -> dict:
        return {"path": f"{CONTENT_DIR}/{self.path}", "title": self.title, "owner": self.owner,
                "owner_name": self.owner_name, "kind": self.kind, "policy": self.policy,
                "max_age_days": self.max_age_days, "updated": self.updated and self.updated.isoformat(),
                "updated_by": self.updated_by, "due": self.due and self.due.isoformat(),
                "overdue_days": self.overdue_days, "stale": self.stale}


def _status(page: PageInfo, day: date, updated_by: str, kind, policy: str, max_age: int, owner: str,
            settings: Settings, today: date) -> PageStatus:
    person = settings.person(owner)
    due = day + timedelta(days=max_age)
    return PageStatus(page.path, page.title, owner, person.name if person else owner, kind, policy, max_age,
                      day, updated_by, due, (today - due).days)


def evaluate(pages: dict[str, PageInfo], settings: Settings, today: date) -> list[PageStatus]:
    """Measure every page against the first policy whose pattern matches it.

    A `review` policy holds each page to its age; a `newest` policy holds the newest
    page of the group (by its `date:`, for news posts) to it. A page's own
    `review_in` replaces the age of a `review` policy, or sets one where none matches.
    """
    policies = settings.freshness.policies
    fallback_owner = next((p.id for p in settings.people if p.role.value == "kasubag_ptip"), settings.people[0].id)
    statuses: list[PageStatus] = []
    newest: dict[int, PageInfo] = {}
    for page in pages.values():
        index = next((i for i, p in enumerate(policies) if matcher(p.pattern).match(page.path)), None)
        policy = policies[index] if index is not None else None
        if policy is not None and policy.kind == "newest":
            best = newest.get(index)
            if best is None or (page.published or page.updated, page.path) > (best.published or best.updated,
                                                                             best.path):
                newest[index] = page
            continue
        if page.review_in is not None:
            owner = policy.owner if policy else fallback_owner
            statuses.append(_status(page, page.updated, page.updated_by, "page", "review_in", page.review_in,
                                    owner, settings, today))
        elif policy is not None:
            statuses.append(_status(page, page.updated, page.updated_by, "review", policy.pattern,
                                    policy.max_age_days, policy.owner, settings, today))
    for index, page in newest.items():
        policy = policies[index]
        day, by = (page.published, "published") if page.published else (page.updated, page.updated_by)
        statuses.append(_status(page, day, by, "newest", policy.pattern, policy.max_age_days, policy.owner,
                                settings, today))
    for index, policy in enumerate(policies):
        if policy.kind == "newest" and index not in newest:
            # no news post at all is the stalest news there is: reported, never silently passed
            person = settings.person(policy.owner)
            statuses.append(PageStatus(policy.pattern, "", policy.owner, person.name if person else policy.owner,
                                       "newest", policy.pattern, policy.max_age_days, None, "none", None, 0))
    return statuses


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class FreshnessReport:
    """The freshness of the whole site on one day: every policed page, and problems found on the way."""

    today: date
    court: str
    statuses: tuple[PageStatus, ...]
    findings: tuple[Finding, ...]
    shallow: bool = False
    scanned: int = 0  # Markdown pages read

    @property
    def stale(self) -> list[PageStatus]:
        return [s for s in self.statuses if s.stale]

    def groups(self) -> list[tuple[str, str, list[PageStatus]]]:
        """`(owner id, owner name, statuses)`, most overdue first, in groups and within them."""
        by_owner: dict[str, list[PageStatus]] = {}
        for status in self.statuses:
            by_owner.setdefault(status.owner, []).append(status)
        groups = []
        for owner, items in by_owner.items():
            items.sort(key=lambda s: (s.urgency, s.path))
            groups.append((owner, items[0].owner_name, items))
        groups.sort(key=lambda g: (g[2][0].urgency, g[0]))
        return groups

    def stale_findings(self) -> list[Finding]:
        """Each overdue page as a warning at its source file, for annotations and `pipeline run`."""
        return [warning(f"{CONTENT_DIR}/{s.path}", None, "", "freshness",
                        _("no page at all matches {pattern}, so the rule \"{rule}\" fails (owner {owner})").format(
                            pattern=s.policy, rule=_policy_text_en(s), owner=s.owner)
                        if s.missing else
                        _("not updated since {updated}: due {due}, {days} days late ({rule}, owner {owner})").format(
                            updated=s.updated.isoformat(), due=s.due.isoformat(), days=s.overdue_days,
                            rule=_policy_text_en(s), owner=s.owner),
                        _("update the page, or record a review with `reviewed: YYYY-MM-DD` in its front matter")
                        if s.kind != "newest" else _("publish news coverage"))
                for s in self.stale]

    def summary(self) -> str:
        late = len(self.stale)
        return _("{pages} pages watched, {late} overdue for an update (as of {today}).").format(
            pages=len(self.statuses), late=late, today=shown_date(self.today))

    def render_text(self, width: int = 100) -> str:
        """Tables per owner (rich), for a terminal or a log."""
        from rich.console import Console
        from rich.table import Table

        console = Console(file=io.StringIO(), width=width, record=True, color_system=None, force_terminal=False)
        console.print(_("Content freshness report, {court}").format(court=self.court), style="bold")
        console.print(self.summary())
        if self.shallow:
            console.print(_("WARNING: shallow git clone; dates from git may be wrong."))
        for owner, name, items in self.groups():
            table = Table(title=_("Owner: {name} ({owner})").format(name=name, owner=owner), title_justify="left",
                          expand=False)
            table.add_column(_("Page (content/)"), overflow="fold", ratio=3)
            table.add_column(_("Updated"), no_wrap=True)
            table.add_column(_("Due"), no_wrap=True)
            table.add_column(_("Status"), no_wrap=True)
            table.add_column(_("Rule"), ratio=1)
            for s in items:
                table.add_row(s.path, shown_date(s.updated), shown_date(s.due),
                              _status_text(s), _policy_text(s, short=True))
            console.print(table)
        return console.export_text().rstrip() + "\n"

    def render_markdown(self) -> str:
        """For a GitHub issue or a job summary."""
        out = ["## " + _("Content freshness report, {court}").format(court=self.court), "", self.summary(), ""]
        if self.shallow:
            out += ["> " + _("**Warning:** shallow git clone; dates from git may be wrong."), ""]
        for owner, name, items in self.groups():
            out += ["### " + _("Owner: {name} ({owner})").format(name=name, owner=f"`{owner}`"), "",
                    _("| Page | Last updated | Due | Status | Rule |"), "|---|---|---|---|---|"]
            for s in items:
                status = f"**{_status_text(s)}**" if s.stale else _status_text(s)
                out.append(f"| `{CONTENT_DIR}/{s.path}` | {shown_date(s.updated)} | {shown_date(s.due)} "
                           f"| {status} | {_policy_text(s)} |")
            out.append("")
        return "\n".join(out)

    def render_json(self) -> str:
        data = {"today": self.today.isoformat(), "court": self.court, "shallow": self.shallow,
                "pages": len(self.statuses), "stale": len(self.stale),
                "owners": [{"owner": owner, "owner_name": name, "pages": [s.as_dict() for s in items]}
                           for owner, name, items in self.groups()],
                "findings": [f.as_dict() for f in self.findings]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# month names of the reports, in the staff's language (the site's dates stay Indonesian: indonesian_date)
_MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
                N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def shown_date(day: date | None) -> str:
    """`25 November 2026` in a report, in the staff's language; `-` for no date."""
    return f"{day.day} {_(_MONTH_NAMES[day.month - 1])} {day.year}" if day else "-"


def _status_text(s: PageStatus) -> str:
    if s.missing:
        return _("NONE: no page yet")
    if s.stale:
        return _("OVERDUE {days} days").format(days=s.overdue_days)
    if s.overdue_days == 0:
        return _("due today")
    return _("{days} days left").format(days=-s.overdue_days)


def _policy_text(s: PageStatus, short: bool = False) -> str:
    """The rule as the report's table shows it."""
    days = s.max_age_days
    if s.kind == "newest":
        return (_("news at most {days} days").format(days=days) if short
                else _("newest news ({pattern}) at most {days} days old").format(pattern=s.policy, days=days))
    if s.kind == "page":
        return _("review_in: {days} days").format(days=days)
    return (_("every {days} days").format(days=days) if short
            else _("{pattern}: review every {days} days").format(pattern=s.policy, days=days))


def _policy_text_en(s: PageStatus) -> str:
    """The rule as a finding names it."""
    if s.kind == "newest":
        return _("newest of {pattern} at most {days} days old").format(pattern=s.policy, days=s.max_age_days)
    if s.kind == "page":
        return _("review_in {days} days").format(days=s.max_age_days)
    return _("{pattern} every {days} days").format(pattern=s.policy, days=s.max_age_days)


def _shallow_error(root: Path) -> PipelineError:
    return PipelineError(error(str(root), None, "", "freshness",
                               _("shallow git clone: the history is cut off, so the last-update dates would be wrong"),
                               _("fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in "
                                 "actions/checkout), or pass --allow-shallow to accept wrong dates")))


def report(root: Path, settings: Settings, *, today: date | None = None, allow_shallow: bool = False,
           docs_dir: Path | None = None) -> FreshnessReport:
    """The freshness report of the repository at `root`.

    Raises `PipelineError` outside a git repository, or in a shallow clone unless
    `allow_shallow`: either way the commit dates would be wrong.
    """
    root = Path(root)
    docs_dir = Path(docs_dir) if docs_dir else root / CONTENT_DIR
    if not docs_dir.is_dir():
        raise PipelineError(error(f"{CONTENT_DIR}/", None, "", "freshness", _("folder not found"),
                                  _("run the command in the website repository, or pass --root")))
    history, pages, findings = collect(docs_dir, settings.court.tz)
    if not history.available:
        raise PipelineError(error(str(root), None, "", "freshness",
                                  _("not a git repository: the last-update dates come from the git history"),
                                  _("run it in a clone of the website repository")))
    if history.shallow and not allow_shallow:
        raise _shallow_error(root)
    today = today or today_in(settings)
    return FreshnessReport(today, settings.court.name, tuple(evaluate(pages, settings, today)), tuple(findings),
                           history.shallow, len(pages))


def newest_post(root: Path, settings: Settings, docs_dir: Path | None = None) -> date | None:
    """The date of the newest page under a `newest` policy (the news): what the live feed should show."""
    patterns = [matcher(p.pattern) for p in settings.freshness.policies if p.kind == "newest"]
    if not patterns:
        return None
    docs_dir = Path(docs_dir) if docs_dir else Path(root) / CONTENT_DIR
    pages, _ = scan_pages(docs_dir, GitHistory(False, False), settings.court.tz)
    days = [p.published or p.updated for p in pages.values() if any(m.match(p.path) for m in patterns)]
    return max(days) if days else None


# --------------------------------------------------------------------------- the built site


_NOTICE = ('<div class="admonition warning court-stale" role="note">'
           '<p class="admonition-title">Halaman ini perlu diperbarui</p>'
           "<p>Isi halaman ini seharusnya ditinjau ulang paling lambat {due}; informasinya mungkin sudah "
           "tidak berlaku. Untuk informasi terbaru, hubungi {court}.</p></div>\n")
_STAMP = ('\n<p class="court-updated"><small>Terakhir diperbarui: '
          '<time datetime="{iso}">{day}</time></small></p>\n')


@dataclass(frozen=True)
class SiteDates:
    """Last-update dates and overdue pages for one build, computed once (one `git log`), used per page."""

    court: str
    pages: dict[str, PageInfo]
    overdue: dict[str, PageStatus]
    findings: tuple[Finding, ...] = ()

    def updated(self, src_uri: str, posts: Iterable[str] = ()) -> date | None:
        """The page's date; a blog view (index, archive) also takes the newest of the posts it lists."""
        days = [self.pages[p].updated for p in (src_uri, *posts) if p in self.pages]
        return max(days) if days else None

    def stamp_key(self, src_uri: str, posts: Iterable[str] = ()) -> list:
        """What `stamp` adds to a page depends on: the incremental build's key (pipeline/buildcache.py)."""
        day = self.updated(src_uri, posts)
        late = self.overdue.get(src_uri) if day is not None else None
        return [day.isoformat() if day else None, late.due.isoformat() if late else None]

    def stamp(self, page_html: str, src_uri: str, posts: Iterable[str] = ()) -> str:
        """The page's HTML with the overdue notice on top and "Terakhir diperbarui" at the end."""
        day = self.updated(src_uri, posts)
        if day is None:
            return page_html
        late = self.overdue.get(src_uri)
        top = _NOTICE.format(due=indonesian_date(late.due), court=html.escape(self.court)) if late else ""
        return top + page_html + _STAMP.format(iso=day.isoformat(), day=indonesian_date(day))


def build_day(settings: Settings) -> date:
    """The day a build is made as: `SOURCE_DATE_EPOCH` at the court when set (reproducible builds,
    and the backup drill, which rebuilds as of the backed-up build), else today at the court."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), settings.court.tz).date()
    return today_in(settings)


def site_dates(root: Path, settings: Settings, docs_dir: Path, today: date | None = None,
               history_dir: Path | None = None) -> SiteDates:
    """The data behind the page stamps. A shallow clone is an error here too: it would publish wrong dates.

    Outside a git repository (a bare folder, a test) the files' own dates are used.
    `history_dir` as in `collect`.
    """
    history, pages, findings = collect(Path(docs_dir), settings.court.tz, history_dir=history_dir)
    if history.shallow:
        raise _shallow_error(Path(root))
    statuses = evaluate(pages, settings, today or build_day(settings))
    overdue = {s.path: s for s in statuses if s.stale and s.kind != "newest"}
    return SiteDates(settings.court.name, pages, overdue, tuple(findings))


# --------------------------------------------------------------------------- required pages


_NOT_TEXT = re.compile(r"^\s*(#.*|<!--.*?-->|!!!.*|\?\?\?.*|[-*_=]{3,})\s*$")


def required_page_findings(root: Path, settings: Settings) -> list[Finding]:
    """A page the court must have (`freshness.required_pages`) that is missing or has no text."""
    findings = []
    docs_dir = Path(root) / CONTENT_DIR
    for entry in settings.freshness.required_pages:
        shown = f"{CONTENT_DIR}/{entry}"
        file = docs_dir / entry
        if not file.is_file():
            findings.append(error(shown, None, "", "required-page",
                                  _("required page is missing; courts are assessed on it every quarter"),
                                  _("create {page}, or remove it from freshness.required_pages in "
                                    "site_config/pipeline.yml").format(page=shown)))
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            findings.append(error(shown, None, "", "required-page", _("not UTF-8 text"), _("save the file as UTF-8")))
            continue
        match = _FRONT_MATTER.match(text)
        body = text[match.end():] if match else text
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        words = [line for line in body.splitlines() if line.strip() and not _NOT_TEXT.match(line)]
        if not words:
            findings.append(error(shown, 1, "", "required-page",
                                  _("required page is empty: it has no text besides headings"),
                                  _("write the page's content; courts are assessed on it every quarter")))
    return findings
