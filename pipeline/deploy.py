"""Deploys that switch atomically, check themselves and roll back (the last mile of step G7).

Two targets, chosen in `pipeline.yml` (`deploy:`):

- `dir`: every deploy copies `site/` into `releases/<time>/`, then points the `current`
  symlink at it by making a new link under a temporary name and renaming it over the
  old one, so the web server sees the old site or the new one, never a mix. The newest
  `keep_releases` releases stay for rollbacks.
- `git`: the built site becomes one new commit on a branch (`gh-pages`) that is pushed
  to a remote without force. History is never rewritten: a rollback is a new commit
  that brings back the previous tree.

After a switch, a smoke check reads the home page, the newest post and the feed from
what was deployed (the files behind `current`, or the tree fetched back from the
remote); if it fails, the deploy rolls itself back. Every deploy and rollback is
appended to a JSON-lines log in the deploy folder.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator
from xml.etree import ElementTree as ET

from . import __version__
from .config import Settings
from .files import remove_stale
from .findings import Finding, PipelineError, error
from .i18n import _

LOG_NAME = "deploy-log.jsonl"
RELEASES = "releases"
CURRENT = "current"
SITE_DIR = "site"
FEED = "feed_rss.xml"
TOOL = f"court-site-pipeline {__version__}"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
NO_RELEASE = "0" * 40
_RELEASE = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")
_ROLLBACK_TO = re.compile(r"^Rollback-To: ([0-9a-f]{40})$", re.M)


@dataclass(frozen=True)
class DeployResult:
    """What a deploy or rollback did: which release is live now, and which was before."""

    target: str
    action: str  # "deploy" | "rollback"
    release: str  # dir: the release folder; git: the commit now at the branch's tip
    previous: str | None
    restored: str  # the release now live: for a git rollback, the earlier commit whose tree came back
    changed: bool
    checked: tuple[str, ...]
    seconds: float
    findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------- shared


def deploy_dir(root: Path, settings: Settings) -> Path:
    """The deploy folder (`deploy.path`, relative to the repository root): releases, or the git cache; and the log."""
    path = Path(settings.deploy.path)
    return path if path.is_absolute() else Path(root) / path


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def append_log(base: Path, entry: dict) -> None:
    """Append one JSON line to the deploy log, flushed to disk before returning."""
    base.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"time": _iso(_now()), **entry}, ensure_ascii=False, sort_keys=True) + "\n"
    with open(base / LOG_NAME, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def read_log(root: Path, settings: Settings) -> list[dict]:
    """Every entry of the deploy log, oldest first."""
    path = deploy_dir(root, settings) / LOG_NAME
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@contextmanager
def _locked(base: Path) -> Iterator[None]:
    """One deploy at a time; the lock goes with the process, so a crash leaves none behind."""
    base.mkdir(parents=True, exist_ok=True)
    fd = os.open(base / ".deploy.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(error(str(base), None, "", "deploy", _("another deploy is running"),
                                      _("wait for it to finish, then run again"))) from None
        yield
    finally:
        os.close(fd)


def smoke_check(read: Callable[[str], bytes | None], site_url: str, shown: str) -> tuple[list[Finding], tuple[str, ...]]:
    """Read the home page, the feed and the newest post it names; return (findings, paths checked).

    `read(path)` returns a file's bytes from the deployed release, or None when it is missing.
    """
    rule = "deploy-smoke"
    findings: list[Finding] = []
    checked = ["index.html", FEED]
    home = read("index.html")
    if home is None:
        findings.append(error(f"{shown}/index.html", None, "", rule, _("the home page is missing")))
    elif b"<html" not in home.lower() or b"</html>" not in home.lower():
        findings.append(error(f"{shown}/index.html", None, "", rule, _("the home page is not a complete HTML page")))
    feed = read(FEED)
    if feed is None:
        findings.append(error(f"{shown}/{FEED}", None, "", rule, _("the news feed is missing")))
        return findings, tuple(checked)
    try:
        items = ET.fromstring(feed).findall("./channel/item")
    except ET.ParseError as exc:
        findings.append(error(f"{shown}/{FEED}", None, "", rule, _("the news feed is not valid XML: {error}").format(error=exc)))
        return findings, tuple(checked)
    if not items:
        return findings, tuple(checked)
    link = (items[0].findtext("link") or "").strip()
    title = (items[0].findtext("title") or "").strip()
    base = site_url.rstrip("/") + "/"
    if not link.startswith(base):
        findings.append(error(f"{shown}/{FEED}", None, "item[0].link", rule,
                              _("the newest post's link {link!r} is not under the site URL {base!r}").format(link=link, base=base)))
        return findings, tuple(checked)
    path = link[len(base):].split("#", 1)[0].split("?", 1)[0]
    path = f"{path}index.html" if not path or path.endswith("/") else path
    checked.append(path)
    page = read(path)
    if page is None:
        findings.append(error(f"{shown}/{path}", None, "", rule, _("the newest post ({title}) is missing").format(title=title)))
    elif title and title not in html.unescape(page.decode("utf-8", "replace")):
        findings.append(error(f"{shown}/{path}", None, "", rule, _("the newest post's page does not show its title {title!r}").format(title=title)))
    return findings, tuple(checked)


def guard_findings(root: Path, site_dir: Path, settings: Settings) -> list[Finding]:
    """What must be clean before anything goes live: internal links, and the leak guard.

    The single hook point for the checks other stages own; each returns findings,
    and any error refuses the deploy.
    """
    from . import links, publish

    findings = list(links.check(root, site_dir, site_url=settings.court.site_url).errors)
    findings += [f for f in publish.leak_guard(root, site_dir) if f.is_error]
    return findings


def _site_dir(root: Path) -> Path:
    site_dir = Path(root) / SITE_DIR
    if not (site_dir / "index.html").is_file():
        raise PipelineError(error(SITE_DIR, None, "", "deploy", _("the site is not built (site/index.html is missing)"),
                                  _("run `pipeline build` (or `pipeline run`) first")))
    return site_dir


def _refuse_unclean(root: Path, site_dir: Path, settings: Settings) -> None:
    findings = [f for f in guard_findings(root, site_dir, settings) if f.is_error]
    if findings:
        raise PipelineError(findings + [error(SITE_DIR, None, "", "deploy", _("not deployed: the site has the problems above"),
                                              _("fix them, build again, then deploy"))])


def deploy(root: Path, settings: Settings) -> DeployResult:
    """Deploy the built `site/` to the target in `pipeline.yml`; roll back by itself if the smoke check fails."""
    root = Path(root)
    site_dir = _site_dir(root)
    _refuse_unclean(root, site_dir, settings)
    base = deploy_dir(root, settings)
    with _locked(base):
        if settings.deploy.target == "dir":
            return _DirTarget(root, settings, base).deploy(site_dir)
        return _GitTarget(root, settings, base).deploy(site_dir)


def rollback(root: Path, settings: Settings) -> DeployResult:
    """Go back one release: the one before the live one."""
    root = Path(root)
    base = deploy_dir(root, settings)
    with _locked(base):
        if settings.deploy.target == "dir":
            return _DirTarget(root, settings, base).rollback()
        return _GitTarget(root, settings, base).rollback()


def _source_commit(root: Path) -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root, capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return done.stdout.strip() or None


def _failed(findings: list[Finding], note: str, shown: str) -> PipelineError:
    return PipelineError(findings + [error(shown, None, "", "deploy", note)])


# ---------------------------------------------------------------- dir target


def _copy_file(src: str, dst: str) -> str:
    """Copy one file of a release. A seam: tests swap it for a disk that fills up."""
    return shutil.copy2(src, dst)


def _release_key(name: str) -> tuple[str, int]:
    match = _RELEASE.match(name)
    return (match.group(1), int(match.group(2) or 0)) if match else ("", 0)


class _DirTarget:
    """`releases/<time>/` folders and a `current` symlink switched with one rename."""

    def __init__(self, root: Path, settings: Settings, base: Path):
        self.root, self.settings, self.base = root, settings, base
        self.releases = base / RELEASES
        self.current = base / CURRENT

    def shown(self, *parts: str) -> str:
        try:
            path = self.base.resolve().relative_to(self.root.resolve())
        except ValueError:
            path = self.base
        return "/".join([path.as_posix(), *parts])

    def release_names(self) -> list[str]:
        if not self.releases.is_dir():
            return []
        return sorted((p.name for p in self.releases.iterdir() if p.is_dir() and _RELEASE.match(p.name)), key=_release_key)

    def live(self) -> str | None:
        """The release `current` points at, or None before the first deploy."""
        if not self.current.is_symlink():
            if self.current.exists():
                raise PipelineError(error(self.shown(CURRENT), None, "", "deploy", _("not a symlink"),
                                          _("move it away; `current` must be the link the deploy switches")))
            return None
        return Path(os.readlink(self.current)).name

    def new_name(self) -> str:
        """A release name that sorts after every existing one, even within the same second."""
        stamp, sequence = _now().strftime("%Y%m%dT%H%M%SZ"), 0
        existing = self.release_names()
        if existing and _release_key(existing[-1]) >= (stamp, 0):
            stamp, sequence = _release_key(existing[-1])
            sequence = max(sequence, 1) + 1
        name = f"{stamp}-{sequence}" if sequence else stamp
        while (self.releases / name).exists():  # a leftover that is not a release folder
            sequence = max(sequence, 1) + 1
            name = f"{stamp}-{sequence}"
        return name

    def switch(self, release: str | None) -> None:
        """Point `current` at `release` (None: remove it) atomically: a new link renamed over the old."""
        if release is None:
            self.current.unlink(missing_ok=True)
            return
        temporary = self.base / f".{CURRENT}.{os.getpid()}.tmp"
        temporary.unlink(missing_ok=True)
        os.symlink(f"{RELEASES}/{release}", temporary)
        try:
            os.replace(temporary, self.current)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def read(self, path: str) -> bytes | None:
        try:
            return (self.current / path).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def log(self, action: str, release: str | None, previous: str | None, result: str, **extra) -> None:
        append_log(self.base, {"action": action, "target": "dir", "release": release, "previous": previous,
                               "result": result, "source_commit": _source_commit(self.root), "tool": TOOL, **extra})

    def deploy(self, site_dir: Path) -> DeployResult:
        started = time.perf_counter()
        previous = self.live()
        name = self.new_name()
        self.releases.mkdir(parents=True, exist_ok=True)
        # a killed deploy leaves its copy and its new link; the next one (under the same lock) removes them
        remove_stale([*self.releases.glob(".*.partial"), *self.base.glob(f".{CURRENT}.*.tmp")])
        partial = self.releases / f".{name}.partial"
        try:
            shutil.copytree(site_dir, partial, symlinks=True, copy_function=_copy_file)
            os.rename(partial, self.releases / name)
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            self.log("deploy", name, previous, "failed", reason=f"copy failed: {exc}")
            raise PipelineError(error(self.shown(RELEASES, name), None, "", "deploy", _("copying the site failed: {error}").format(error=exc),
                                      _("free disk space or fix permissions; the live site is unchanged"))) from None
        return self._switch_and_check("deploy", name, previous, started, discard_on_failure=True)

    def rollback(self) -> DeployResult:
        started = time.perf_counter()
        live = self.live()
        if live is None:
            raise PipelineError(error(self.shown(CURRENT), None, "", "deploy-rollback", _("nothing is deployed yet")))
        older = [n for n in self.release_names() if _release_key(n) < _release_key(live)]
        if not older:
            raise PipelineError(error(self.shown(RELEASES), None, "", "deploy-rollback",
                                      _("no release older than the live one ({live}) to go back to").format(live=live),
                                      _("raise deploy.keep_releases to keep more releases")))
        return self._switch_and_check("rollback", older[-1], live, started, discard_on_failure=False)

    def _switch_and_check(self, action: str, release: str, previous: str | None, started: float,
                          discard_on_failure: bool) -> DeployResult:
        try:
            self.switch(release)
        except OSError as exc:
            if discard_on_failure:
                shutil.rmtree(self.releases / release, ignore_errors=True)
            self.log(action, release, previous, "failed", reason=f"switch failed: {exc}")
            raise PipelineError(error(self.shown(CURRENT), None, "", "deploy", _("switching `current` failed: {error}").format(error=exc),
                                      _("the live site is unchanged ({previous})").format(previous=previous or _('nothing deployed')))) from None
        findings, checked = smoke_check(self.read, self.settings.court.site_url, self.shown(CURRENT))
        if findings:
            self.switch(previous)
            if discard_on_failure:
                shutil.rmtree(self.releases / release, ignore_errors=True)
            self.log(action, release, previous, "failed", reason="smoke check failed",
                     problems=[f.text() for f in findings])
            self.log("rollback", previous, release, "ok", automatic=True)
            raise _failed(findings, _("the smoke check failed; rolled back to {previous}").format(previous=previous or _('nothing deployed')),
                          self.shown(CURRENT))
        self.log(action, release, previous, "ok", checked=list(checked))
        if action == "deploy":
            self.prune()
        return DeployResult("dir", action, release, previous, release, True, checked, time.perf_counter() - started)

    def prune(self) -> list[str]:
        """Remove releases beyond the newest `keep_releases`; never the live one."""
        names = self.release_names()
        keep = set(names[-self.settings.deploy.keep_releases:]) | {self.live()}
        removed = [n for n in names if n not in keep]
        for name in removed:
            shutil.rmtree(self.releases / name)
        return removed


# ---------------------------------------------------------------- git target


class _GitTarget:
    """A branch on a remote holding one commit per release; pushed without force, so history stays."""

    def __init__(self, root: Path, settings: Settings, base: Path):
        self.root, self.settings, self.base = root, settings, base
        self.branch = settings.deploy.branch
        self.repo = base / "repo.git"
        self.remote = self._remote_url()
        self.shown = f"{self.branch}@{settings.deploy.remote}"

    def _remote_url(self) -> str:
        remote = self.settings.deploy.remote.strip()
        if not remote:
            raise PipelineError(error("site_config/pipeline.yml", None, "deploy.remote", "deploy",
                                      _("empty, but deploy.target is git"),
                                      _("set deploy.remote to a git URL, a path, or a remote name such as origin")))
        if re.match(r"^[A-Za-z0-9_.-]+$", remote) and not (self.root / remote).exists():
            named = subprocess.run(["git", "remote", "get-url", remote], cwd=self.root, capture_output=True, text=True)
            if named.returncode == 0:
                return named.stdout.strip()
        if "://" in remote or re.match(r"^[^/]+@[^:]+:", remote):
            return remote
        path = Path(remote)
        return str(path if path.is_absolute() else (self.root / path).resolve())

    def git(self, *args: str, input: str | None = None, env: dict | None = None, check: bool = True) -> str:
        done = subprocess.run(["git", f"--git-dir={self.repo}", *args], capture_output=True, text=True,
                              input=input, env={**os.environ, **(env or {})})
        if check and done.returncode != 0:
            detail = (done.stderr.strip() or done.stdout.strip()).splitlines()
            command = next(a for a in args if not a.startswith("-"))
            reason = detail[-1] if detail else f"exit status {done.returncode}"
            raise PipelineError(error(self.shown, None, "", "deploy", _("git {command} failed: {reason}").format(command=command, reason=reason),
                                      _("check deploy.remote and your access to it; the live site is unchanged")))
        return done.stdout.strip()

    def prepare(self) -> str | None:
        """The local cache of the remote branch, fetched fresh; return the branch's tip (None: no branch yet)."""
        if not (self.repo / "HEAD").is_file():
            self.repo.mkdir(parents=True, exist_ok=True)
            self.git("init", "--bare", "-q")
        heads = self.git("ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}")
        if not heads:
            return None
        self.git("fetch", "-q", self.remote, f"+refs/heads/{self.branch}:refs/deploy/tip")
        return self.git("rev-parse", "refs/deploy/tip")

    def identity(self) -> dict:
        """Author and committer for the deploy commits: the environment's, git's, or the tool's."""
        env = {}
        for role in ("AUTHOR", "COMMITTER"):
            for key, config_key, fallback in (("NAME", "user.name", "court-site-pipeline"),
                                              ("EMAIL", "user.email", "pipeline@localhost")):
                if f"GIT_{role}_{key}" not in os.environ:
                    value = subprocess.run(["git", "config", config_key], cwd=self.root, capture_output=True,
                                           text=True).stdout.strip()
                    env[f"GIT_{role}_{key}"] = value or fallback
        return env

    def tree_of(self, site_dir: Path) -> str:
        """A git tree of the built site (plus `.nojekyll`, so GitHub Pages serves folders starting with `_`)."""
        index = {"GIT_INDEX_FILE": str(self.repo / "deploy.index")}
        self.git(f"--work-tree={site_dir}", "add", "-A", "-f", ".", env=index)
        blob = self.git("hash-object", "-w", "--stdin", input="")
        self.git("update-index", "--add", "--cacheinfo", f"100644,{blob},.nojekyll", env=index)
        return self.git("write-tree", env=index)

    def commit(self, tree: str, parent: str | None, message: str) -> str:
        args = ["commit-tree", tree, "-F", "-"] + (["-p", parent] if parent else [])
        return self.git(*args, input=message, env=self.identity())

    def push(self, commit: str) -> str:
        """Push without force and fetch the branch back: return what the remote now holds."""
        self.git("push", "-q", self.remote, f"{commit}:refs/heads/{self.branch}")
        self.git("fetch", "-q", self.remote, f"+refs/heads/{self.branch}:refs/deploy/pushed")
        return self.git("rev-parse", "refs/deploy/pushed")

    def reader(self, commit: str) -> Callable[[str], bytes | None]:
        def read(path: str) -> bytes | None:
            done = subprocess.run(["git", f"--git-dir={self.repo}", "cat-file", "blob", f"{commit}:{path}"],
                                  capture_output=True)
            return done.stdout if done.returncode == 0 else None
        return read

    def log(self, action: str, release: str | None, previous: str | None, result: str, **extra) -> None:
        append_log(self.base, {"action": action, "target": "git", "remote": self.settings.deploy.remote,
                               "branch": self.branch, "release": release, "previous": previous, "result": result,
                               "source_commit": _source_commit(self.root), "tool": TOOL, **extra})

    def deploy(self, site_dir: Path) -> DeployResult:
        started = time.perf_counter()
        tip = self.prepare()
        tree = self.tree_of(site_dir)
        if tip is not None and self.git("rev-parse", f"{tip}^{{tree}}") == tree:
            findings, checked = smoke_check(self.reader(tip), self.settings.court.site_url, self.shown)
            self.log("deploy", tip, tip, "unchanged")
            if findings:
                raise _failed(findings, _("the live site fails the smoke check"), self.shown)
            return DeployResult("git", "deploy", tip, tip, tip, False, checked, time.perf_counter() - started)
        source = _source_commit(self.root)
        message = (f"Deploy the site built from {source[:12] if source else 'an uncommitted tree'}\n\n"
                   f"Source-Commit: {source or 'none'}\nDeployed-By: {TOOL}\n")
        commit = self.commit(tree, tip, message)
        return self._push_and_check("deploy", commit, tip, started, commit)

    def live_release(self, tip: str) -> str:
        """The release whose tree is live: the tip, or the commit a rollback at the tip brought back."""
        seen = set()
        commit = tip
        while commit not in seen:
            seen.add(commit)
            match = _ROLLBACK_TO.search(self.git("log", "-1", "--format=%B", commit))
            if not match:
                return commit
            commit = match.group(1)
            if commit == NO_RELEASE:
                return commit
        return commit

    def rollback(self) -> DeployResult:
        started = time.perf_counter()
        tip = self.prepare()
        if tip is None:
            raise PipelineError(error(self.shown, None, "", "deploy-rollback", _("nothing is deployed yet")))
        live = self.live_release(tip)
        older = self.git("rev-parse", "-q", "--verify", f"{live}^1", check=False) if live != NO_RELEASE else ""
        if not older:
            raise PipelineError(error(self.shown, None, "", "deploy-rollback",
                                      _("no release older than the live one ({live}) to go back to").format(live=live[:12])))
        commit = self.commit(self.git("rev-parse", f"{older}^{{tree}}"), tip,
                             f"Roll back to {older[:12]}\n\nRollback-To: {older}\nDeployed-By: {TOOL}\n")
        return self._push_and_check("rollback", commit, tip, started, older)

    def _push_and_check(self, action: str, commit: str, tip: str | None, started: float, restored: str) -> DeployResult:
        try:
            pushed = self.push(commit)
        except PipelineError as exc:
            self.log(action, commit, tip, "failed", reason=exc.findings[0].message)
            raise
        if pushed != commit:
            self.log(action, commit, tip, "failed", reason=f"the remote holds {pushed}, not the pushed commit")
            raise PipelineError(error(self.shown, None, "", "deploy", _("the remote branch moved while deploying"),
                                      _("someone else deployed at the same time; run again")))
        findings, checked = smoke_check(self.reader(pushed), self.settings.court.site_url, self.shown)
        if findings:
            self.log(action, commit, tip, "failed", reason="smoke check failed", problems=[f.text() for f in findings])
            restore_tree = self.git("rev-parse", f"{tip}^{{tree}}") if tip else EMPTY_TREE
            back = self.commit(restore_tree, commit,
                               f"Roll back: the smoke check of {commit[:12]} failed\n\n"
                               f"Rollback-To: {tip or NO_RELEASE}\nDeployed-By: {TOOL}\n")
            self.push(back)
            self.log("rollback", back, commit, "ok", automatic=True, restored=tip)
            raise _failed(findings, _("the smoke check failed; rolled back to {tip}").format(tip=tip[:12] if tip else _('an empty site')),
                          self.shown)
        extra = {"restored": restored} if action == "rollback" else {}
        self.log(action, commit, tip, "ok", checked=list(checked), **extra)
        return DeployResult("git", action, commit, tip, restored, True, checked, time.perf_counter() - started)
