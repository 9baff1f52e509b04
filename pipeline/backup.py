"""Backups that restore: one archive of the site's data, its checksums and its git history.

Step F5 of the procedure ("back up the whole system and the website's data"). An
archive is a plain, uncompressed tar: the photos that make up most of the bytes do not
compress, and tar is readable by any machine the court will ever own. Each file is read
once, and its SHA-256 is computed while it streams into the archive; the manifest (size
and SHA-256 of every file, git commit, time, tool version) and a git bundle of the whole
history go into the archive's `.backup/` folder. The archive is written under a
temporary name and renamed when complete, so a half-written backup never looks like one.

A backup counts only if it restores: `verify` re-reads every byte against the manifest,
`restore` refuses anything that could write outside its destination, and `drill`
restores the newest backup, rebuilds the site from it and compares.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterator

from . import __version__
from .config import Settings
from .files import remove_stale
from .findings import Finding, PipelineError, error, warning
from .i18n import N_, _

FOLDERS = ("content", "drafts", "site_config", "site")
META_DIR = ".backup"
MANIFEST = f"{META_DIR}/manifest.json"
BUNDLE = f"{META_DIR}/history.bundle"
FORMAT = "court-site-backup/1"
TOOL = f"court-site-pipeline {__version__}"
SUFFIX = ".tar"
_NAME = re.compile(r"^backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar$")
_STAMP = "%Y%m%dT%H%M%SZ"
CHUNK = 1 << 20
_BLOCK = tarfile.BLOCKSIZE
_RECORD = tarfile.RECORDSIZE


@dataclass(frozen=True)
class BackupInfo:
    """One archive in the backup folder; its time comes from its name, which `create` gives it."""

    path: Path
    created: datetime
    size: int
    sequence: int = 0

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class CreateResult:
    archive: Path
    files: int
    bytes: int
    seconds: float
    commit: str | None
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found: every problem, not the first."""

    archive: Path
    files: int
    bytes: int
    seconds: float
    manifest: dict | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


@dataclass(frozen=True)
class RestoreResult:
    dest: Path
    files: int
    bytes: int
    git_restored: bool
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class DrillReport:
    archive: Path
    compared: int
    ignored: list[tuple[str, str]]
    seconds: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


@dataclass(frozen=True)
class PrunePlan:
    """Which archives stay (and why) and which go; `protected` is the newest one that verified."""

    keep: list[tuple[BackupInfo, tuple[str, ...]]]
    remove: list[BackupInfo]
    protected: BackupInfo | None


# ---------------------------------------------------------------- where backups live


def backup_dir(root: Path, settings: Settings, to: Path | str | None = None) -> Path:
    """The backup folder: `--to`, else `backup.target` (relative to the repository root)."""
    target = Path(to) if to is not None else Path(settings.backup.target)
    return target if target.is_absolute() else (Path(root) / target)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The archives in `folder` that `create` made, oldest first."""
    found = []
    if not Path(folder).is_dir():
        return found
    for entry in os.scandir(folder):
        match = _NAME.match(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            created = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=timezone.utc)
            found.append(BackupInfo(Path(entry.path), created, entry.stat().st_size, int(match.group(2) or 0)))
    return sorted(found, key=lambda b: (b.created, b.sequence))


def newest_backup_age(root: Path, settings: Settings, now: datetime | None = None) -> timedelta | None:
    """How old the newest backup is, or None when there is none."""
    backups = list_backups(backup_dir(root, settings))
    if not backups:
        return None
    return (now or datetime.now(timezone.utc)) - backups[-1].created


def backup_findings(root: Path, settings: Settings, now: datetime | None = None) -> list[Finding]:
    """A warning when the newest backup is older than `backup.max_age_hours`, or there is none.

    A missing folder at the default, relative target means backups are not kept on
    this machine (CI keeps them as artifacts): nothing to say. A missing absolute
    target is a disk that is not mounted: a warning.
    """
    folder = backup_dir(root, settings)
    limit = settings.backup.max_age_hours
    shown = _shown(folder, root)
    if not folder.is_dir():
        if not Path(settings.backup.target).is_absolute():
            return []
        return [warning(shown, None, "backup.target", "backup-age", _("the backup folder is not there"),
                        _("mount the backup disk, then run `pipeline backup create`"))]
    backups = list_backups(folder)
    if not backups:
        return [warning(shown, None, "backup.target", "backup-age", _("no backup found in this folder"),
                        _("run `pipeline backup create`"))]
    newest = backups[-1]
    age = (now or datetime.now(timezone.utc)) - newest.created
    if age > timedelta(hours=limit):
        hours = int(age.total_seconds() // 3600)
        return [warning(_shown(newest.path, root), None, "backup.max_age_hours", "backup-age",
                        _("the newest backup is {hours} hours old; the limit is {limit} hours").format(hours=hours, limit=limit),
                        _("run `pipeline backup create` and check the scheduled backup job"))]
    return []


# ---------------------------------------------------------------- create


def _open_output(path: Path) -> BinaryIO:
    """Open the temporary archive for writing. A seam: tests swap it for a disk that fills up."""
    return open(path, "xb")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


# Git as a restore runs it on a repository rebuilt from an archive: no system or global
# config (nor any GIT_* variable of the caller), no hooks, no fsmonitor command, no
# attributes file; only the bundle's objects and refs are taken from the archive.
_UNTRUSTED_GIT = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
                  "-c", "core.attributesFile=/dev/null", "-c", "core.untrackedCache=false",
                  "-c", "submodule.recurse=false", "-c", "core.symlinks=true")


def _untrusted_git(folder: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0",
               GIT_CEILING_DIRECTORIES=str(Path(folder).parent))
    return subprocess.run(["git", *_UNTRUSTED_GIT, *args], cwd=folder, capture_output=True, text=True,
                          input=input, env=env)


def _git_state(root: Path) -> dict | None:
    """Commit, branch and whether the work tree has changes; None outside git or before the first commit."""
    try:
        head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    except FileNotFoundError:
        return None
    if head.returncode != 0 or not (Path(root) / ".git").exists():
        return None
    branch = _git(root, "symbolic-ref", "--short", "-q", "HEAD").stdout.strip() or None
    dirty = bool(_git(root, "status", "--porcelain", "--untracked-files=no").stdout.strip())
    return {"commit": head.stdout.strip(), "branch": branch, "dirty": dirty}


@dataclass
class _Entry:
    name: str
    kind: str  # "dir" | "file" | "link"
    path: str
    mtime: float = 0
    link: str = ""


def _scan(root: Path) -> tuple[list[_Entry], list[Finding]]:
    """Every folder, file and link to back up, in a stable order; findings for what cannot be."""
    entries: list[_Entry] = []
    findings: list[Finding] = []
    real_root = os.path.realpath(root)

    def unreadable(exc: OSError) -> None:
        findings.append(error(_rel(exc.filename, root), None, "", "backup-create",
                              _("cannot read the folder: {error}").format(error=exc.strerror), _("fix its permissions and run again")))

    for top in FOLDERS:
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for folder, dirs, files in os.walk(base, onerror=unreadable):
            rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
            entries.append(_Entry(rel_folder, "dir", folder, os.lstat(folder).st_mtime))
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            dirs[:] = sorted(d for d in dirs if d not in links)  # os.walk does not follow links; they are recorded below
            for name in sorted(files + links):
                path = os.path.join(folder, name)
                rel = f"{rel_folder}/{name}"
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode):
                    entries.append(_Entry(rel, "file", path))
                elif stat.S_ISLNK(info.st_mode):
                    target = os.readlink(path)
                    inside = os.path.realpath(os.path.join(folder, target))
                    if os.path.isabs(target) or not (inside == real_root or inside.startswith(real_root + os.sep)):
                        findings.append(error(rel, None, "", "backup-create",
                                              _("a link leading out of the repository ({target})").format(target=target),
                                              _("replace the link with the file itself")))
                    else:
                        entries.append(_Entry(rel, "link", path, info.st_mtime, target))
                else:
                    findings.append(error(rel, None, "", "backup-create", _("not a regular file, folder or link"),
                                          _("remove it; only files belong in the site's folders")))
    return entries, findings


_TYPES = {"dir": tarfile.DIRTYPE, "file": tarfile.REGTYPE, "link": tarfile.SYMTYPE}


def _header(name: str, kind: str, *, size: int = 0, mtime: float = 0, mode: int = 0o644, link: str = "") -> bytes:
    """One tar header: plain ustar when the name fits (the common case, and fast), else PAX via tarfile."""
    size = size if kind == "file" else 0
    mode &= 0o7777
    mtime = int(mtime)  # a float would cost a PAX header per member
    if kind == "dir" and not name.endswith("/"):
        name += "/"  # as tarfile writes a folder
    raw = name.encode("utf-8", "surrogateescape")
    target = link.encode("utf-8", "surrogateescape")
    if raw.isascii() and target.isascii() and len(raw) <= 100 and len(target) <= 100 and 0 <= mtime < 8 ** 11 \
            and size < 8 ** 11:
        block = bytearray(_BLOCK)
        block[0:len(raw)] = raw
        block[100:108] = b"%07o\0" % mode
        block[108:116] = b"0000000\0"  # uid
        block[116:124] = b"0000000\0"  # gid
        block[124:136] = b"%011o\0" % size
        block[136:148] = b"%011o\0" % mtime
        block[148:156] = b" " * 8  # the checksum counts itself as spaces
        block[156:157] = _TYPES[kind]
        block[157:157 + len(target)] = target
        block[257:265] = tarfile.POSIX_MAGIC
        block[148:155] = b"%06o\0" % sum(block)
        return bytes(block)
    info = tarfile.TarInfo(name)
    info.type = _TYPES[kind]
    info.size = size
    info.mtime = mtime
    info.mode = mode
    info.linkname = link
    info.uname = info.gname = ""
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


class _Writer:
    """Writes tar members to a stream, counting bytes so each member is padded to a block."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.offset = 0
        self.buffer = bytearray(CHUNK)

    def write(self, data: bytes | memoryview) -> None:
        self.out.write(data)
        self.offset += len(data)

    def pad(self) -> None:
        rest = self.offset % _BLOCK
        if rest:
            self.write(b"\0" * (_BLOCK - rest))

    def add_bytes(self, name: str, data: bytes, mtime: float) -> str:
        self.write(_header(name, "file", size=len(data), mtime=mtime))
        self.write(data)
        self.pad()
        return hashlib.sha256(data).hexdigest()

    def add_file(self, name: str, path: str | Path) -> tuple[int, str]:
        """Stream one file into the archive once, hashing what is written; return (size, sha256)."""
        digest = hashlib.sha256()
        view = memoryview(self.buffer)
        with open(path, "rb", buffering=0) as src:
            info = os.fstat(src.fileno())
            self.write(_header(name, "file", size=info.st_size, mtime=info.st_mtime, mode=info.st_mode))
            left = info.st_size
            while left:
                count = src.readinto(view[:min(CHUNK, left)])
                if not count:
                    raise _Changed(name)
                digest.update(view[:count])
                self.write(view[:count])
                left -= count
            if src.read(1):
                raise _Changed(name)
        self.pad()
        return info.st_size, digest.hexdigest()

    def finish(self) -> None:
        self.write(b"\0" * (2 * _BLOCK))
        rest = self.offset % _RECORD
        if rest:
            self.write(b"\0" * (_RECORD - rest))


class _Changed(Exception):
    """A file changed size while it was being read."""


def _new_name(folder: Path, now: datetime) -> Path:
    """`backup-<UTC time>.tar`, with `-2`, `-3`... so that a newer backup always sorts after older ones."""
    stamp = now.astimezone(timezone.utc).strftime(_STAMP)
    sequence = 0
    same_second = [b.sequence for b in list_backups(folder) if b.created.strftime(_STAMP) == stamp]
    if same_second:
        sequence = max(max(same_second), 1) + 1
    path = folder / (f"backup-{stamp}-{sequence}{SUFFIX}" if sequence else f"backup-{stamp}{SUFFIX}")
    while path.exists():
        sequence = max(sequence, 1) + 1
        path = folder / f"backup-{stamp}-{sequence}{SUFFIX}"
    return path


def _prepare_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if not folder.parent.is_dir():
        raise PipelineError(error(str(folder), None, "backup.target", "backup-create",
                                  _("the backup folder's parent does not exist"),
                                  _("mount the backup disk, or set backup.target in site_config/pipeline.yml")))
    try:
        folder.mkdir(exist_ok=True)  # a concurrent create may have made it a moment ago
    except OSError as exc:
        raise PipelineError(error(str(folder), None, "backup.target", "backup-create",
                                  _("cannot create the backup folder: {error}").format(error=exc.strerror))) from None


def create(root: Path, settings: Settings, to: Path | str | None = None, now: datetime | None = None) -> CreateResult:
    """Write one archive of content/, drafts/, site_config/, site/ and the git history.

    Nothing is left behind on failure: the temporary file is removed and older
    backups are untouched. Raises `PipelineError` with every problem found.
    """
    started = time.perf_counter()
    root = Path(root)
    now = now or datetime.now(timezone.utc)
    folder = backup_dir(root, settings, to)
    notes: list[Finding] = []
    for needed in ("content", "site_config"):
        if not (root / needed).is_dir():
            raise PipelineError(error(needed, None, "", "backup-create", _("folder not found"),
                                      _("run the command in the website repository")))
    if not (root / "site").is_dir():
        notes.append(warning("site", None, "", "backup-create", _("the site is not built; the backup holds no site/"),
                             _("run `pipeline build` before `pipeline backup create`")))
    entries, findings = _scan(root)
    if findings:
        raise PipelineError(findings)
    _prepare_folder(folder)
    git = _git_state(root)
    if git is None:
        notes.append(warning(".git", None, "", "backup-create",
                             _("no git history to bundle (not a git repository, or no commit yet)"),
                             _("commit the site to git so the backup carries its history")))

    remove_stale(p for p in folder.iterdir() if _LEFTOVER.match(p.name))
    stamp = now.astimezone(timezone.utc).strftime(_STAMP)
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    partial = folder / f".backup-{stamp}.tar.{token}.partial"
    bundle = folder / f".backup-{stamp}.tar.{token}.bundle.tmp"
    final = partial
    created = now.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    from .site import recorded_build

    manifest: dict = {"format": FORMAT, "tool": TOOL, "created": created, "site_built": recorded_build(root),
                      "court": settings.court.name, "folders": [f for f in FOLDERS if (root / f).is_dir()],
                      "git": git, "dirs": [], "links": {}, "files": {}}
    total = 0
    out = None
    try:
        if git is not None:
            made = _git(root, "bundle", "create", "-q", str(bundle), "--all")
            if made.returncode != 0:
                detail = made.stderr.strip().splitlines() or [str(made.returncode)]
                raise PipelineError(error(".git", None, "", "backup-create", _("git bundle failed: {detail}").format(detail=detail[-1]),
                                          _("check the repository with `git fsck`")))
        out = _open_output(partial)
        writer = _Writer(out)
        writer.write(_header(META_DIR, "dir", mtime=now.timestamp(), mode=0o755))
        manifest["dirs"].append(META_DIR)
        for entry in entries:
            if entry.kind == "dir":
                writer.write(_header(entry.name, "dir", mtime=entry.mtime, mode=0o755))
                manifest["dirs"].append(entry.name)
            elif entry.kind == "link":
                writer.write(_header(entry.name, "link", mtime=entry.mtime, mode=0o777, link=entry.link))
                manifest["links"][entry.name] = entry.link
            else:
                size, digest = writer.add_file(entry.name, entry.path)
                manifest["files"][entry.name] = {"size": size, "sha256": digest}
                total += size
        if git is not None:
            size, digest = writer.add_file(BUNDLE, bundle)
            manifest["files"][BUNDLE] = {"size": size, "sha256": digest}
            manifest["git"]["bundle"] = BUNDLE
            total += size
        data = json.dumps(manifest, sort_keys=True).encode("utf-8") + b"\n"  # no indent: C encoder, 10x faster
        writer.add_bytes(MANIFEST, data, now.timestamp())
        writer.finish()
        out.flush()
        os.fsync(out.fileno())
        out.close()
        out = None
        with _naming_lock(folder):   # two backups in the same second: each gets its own name
            final = _new_name(folder, now)
            os.replace(partial, final)
        _fsync_dir(folder)
    except _Changed as exc:
        raise PipelineError(error(str(exc), None, "", "backup-create", _("the file changed while it was being backed up"),
                                  _("run the backup again when nobody is editing"))) from None
    except OSError as exc:
        where = _rel(exc.filename, root) if exc.filename else _shown(partial, root)
        hint = (_("free space on the backup disk, or choose another with --to") if exc.errno == 28
                else _("fix the file's permissions, or the backup disk, and run again"))
        raise PipelineError(error(where, None, "", "backup-create", _("backup failed: {error}").format(error=exc.strerror or exc), hint)) from None
    finally:
        if out is not None:
            try:
                out.close()
            except OSError:
                pass
        partial.unlink(missing_ok=True)
        bundle.unlink(missing_ok=True)
    return CreateResult(final, len(manifest["files"]), total, time.perf_counter() - started,
                        git["commit"] if git else None, notes)


# What a killed `create` leaves: `.backup-<time>.tar.<pid>[-<token>].partial` and `.bundle.tmp`.
_LEFTOVER = re.compile(r"^\.backup-\d{8}T\d{6}Z(?:-\d+)?\.tar\.[0-9a-f-]+\.(?:partial|bundle\.tmp)$")


@contextmanager
def _naming_lock(folder: Path) -> Iterator[None]:
    """Held (a lock on the folder itself, no file left behind) while a finished archive takes its
    name; a disk that cannot lock goes without."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass   # a file system without locks (some network shares): the name check alone
        yield
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- verify


def _read_manifest(data: bytes | None, shown: str) -> tuple[dict | None, list[Finding]]:
    if data is None:
        return None, [error(shown, None, MANIFEST, "backup-verify",
                            _("the manifest is missing: the archive is truncated, damaged, or not a backup"),
                            _("use another backup, and make a new one"))]
    try:
        manifest = json.loads(data)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
            raise ValueError(_("not a {format} manifest").format(format=FORMAT))
    except ValueError as exc:
        return None, [error(shown, None, MANIFEST, "backup-verify", _("the manifest is damaged: {error}").format(error=exc),
                            _("use another backup, and make a new one"))]
    return manifest, []


def _compare(manifest: dict, seen_files: dict[str, tuple[int, str | None]], seen_dirs: set[str],
             seen_links: dict[str, str], shown: str, rule: str) -> list[Finding]:
    """Every difference between what the manifest lists and what is there (a digest of None: not read yet)."""
    findings = []
    listed = manifest["files"]
    for name in sorted(set(listed) - set(seen_files)):
        findings.append(error(shown, None, name, rule, _("listed in the manifest but missing")))
    for name in sorted(set(seen_files) - set(listed) - {MANIFEST}):
        findings.append(error(shown, None, name, rule, _("present but not listed in the manifest (an extra file)")))
    for name in sorted(set(listed) & set(seen_files)):
        size, digest = seen_files[name]
        if size != listed[name].get("size"):
            findings.append(error(shown, None, name, rule,
                                  _("size {size} bytes differs from the manifest's {listed}").format(size=size, listed=listed[name].get("size"))))
        elif digest is not None and digest != listed[name].get("sha256"):
            findings.append(error(shown, None, name, rule, _("SHA-256 differs from the manifest: the file is damaged")))
    dirs = set(manifest.get("dirs", []))
    for name in sorted(dirs - seen_dirs):
        findings.append(error(shown, None, name, rule, _("folder listed in the manifest but missing")))
    for name in sorted(seen_dirs - dirs):
        findings.append(error(shown, None, name, rule, _("folder present but not listed in the manifest")))
    links = manifest.get("links", {})
    for name in sorted(set(links) | set(seen_links)):
        if links.get(name) != seen_links.get(name):
            findings.append(error(shown, None, name, rule,
                                  _("link {link!r} differs from the manifest's {listed!r}").format(link=seen_links.get(name), listed=links.get(name))))
    return findings


def verify(archive: Path) -> VerifyReport:
    """Re-read every byte of `archive` and compare it with its manifest.

    Detects a flipped byte (a SHA-256 or header checksum mismatch), a missing or extra
    file, and a truncated archive. Never raises for a damaged archive: the report says.
    """
    started = time.perf_counter()
    archive = Path(archive)
    shown = str(archive)
    rule = "backup-verify"
    findings: list[Finding] = []
    files: dict[str, tuple[int, str]] = {}
    dirs: set[str] = set()
    links: dict[str, str] = {}
    manifest_data: bytes | None = None
    total = 0
    try:
        fh = open(archive, "rb")
    except OSError as exc:
        return VerifyReport(archive, 0, 0, 0.0, None, [error(shown, None, "", rule, _("cannot open: {error}").format(error=exc.strerror))])
    with fh:
        size = os.fstat(fh.fileno()).st_size
        try:
            tar = tarfile.open(fileobj=fh, mode="r:")
        except tarfile.TarError as exc:
            return VerifyReport(archive, 0, 0, time.perf_counter() - started, None,
                                [error(shown, None, "", rule, _("not a readable tar archive ({error})").format(error=exc),
                                       _("the file is damaged or not a backup; use another backup"))])
        ended_early = None
        buffer = memoryview(bytearray(CHUNK))
        try:
            for member in tar:
                name = member.name
                if name in files or name in dirs or name in links:
                    findings.append(error(shown, None, name, rule, _("appears twice in the archive")))
                if member.isdir():
                    dirs.add(name)
                elif member.issym():
                    links[name] = member.linkname
                elif member.isreg():
                    fh.seek(member.offset_data)
                    if name == MANIFEST:
                        manifest_data = fh.read(member.size)
                        if len(manifest_data) != member.size:
                            raise tarfile.ReadError("unexpected end of data")
                        continue
                    files[name] = (member.size, _hash_span(fh, member.size, buffer))
                    total += member.size
                else:
                    findings.append(error(shown, None, name, rule, _("an entry that is not a file, folder or link")))
        except (tarfile.ReadError, EOFError) as exc:
            ended_early = f"{exc}"
        tail_at = tar.offset
        fh.seek(tail_at)
        tail = fh.read(2 * _BLOCK)
        if ended_early is not None or len(tail) < 2 * _BLOCK or tail.strip(b"\0") or tail_at + 2 * _BLOCK > size:
            findings.append(error(shown, None, "", rule,
                                  _("the archive ends early or is damaged at byte {byte} of {size} (truncated?)").format(byte=tail_at, size=size),
                                  _("use another backup, and make a new one")))
    manifest, problems = _read_manifest(manifest_data, shown)
    findings += problems
    if manifest is not None:
        findings += _compare(manifest, files, dirs, links, shown, rule)
    return VerifyReport(archive, len(files), total, time.perf_counter() - started, manifest, findings)


def _hash_span(fh: BinaryIO, size: int, view: memoryview | None = None) -> str:
    """SHA-256 of the next `size` bytes of `fh`; `view` is a reusable buffer (allocating one per file costs)."""
    digest = hashlib.sha256()
    view = view if view is not None else memoryview(bytearray(min(CHUNK, max(size, 1))))
    left = size
    while left:
        count = fh.readinto(view[:min(len(view), left)])
        if not count:
            raise tarfile.ReadError("unexpected end of data")
        digest.update(view[:count])
        left -= count
    return digest.hexdigest()


def _hash_file(path: Path) -> tuple[int, str]:
    with open(path, "rb", buffering=0) as fh:
        size = os.fstat(fh.fileno()).st_size
        return size, _hash_span(fh, size)


# ---------------------------------------------------------------- restore


# What an archive made by `create` holds: the backed-up folders, and in `.backup/` the manifest and bundle.
_ALLOWED_META = {META_DIR, MANIFEST, BUNDLE}
_LINK_HOPS = 40  # as the kernel's own limit on links followed while resolving one path


def _resolve_inside(name: str, links: dict[str, str]) -> str | None:
    """Follow `name` through the archive's own links, as the disk would once every entry is in place.

    Returns None when the path stays inside the destination, else why not ("out" or
    "loop"). Checking the lexical target alone is not enough: `content/sub -> ..` turns
    `content/berita/x.md -> ../sub/../../outside/secret` into a way out.
    """
    pending = [part for part in name.split("/") if part]
    resolved: list[str] = []
    hops = 0
    while pending:
        part = pending.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not resolved:
                return "out"
            resolved.pop()
            continue
        here = "/".join([*resolved, part])
        if here in links:
            hops += 1
            if hops > _LINK_HOPS:
                return "loop"
            target = links[here]
            if target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", target):
                return "out"
            pending = [p for p in target.split("/") if p] + pending
            continue
        resolved.append(part)
    return None


def _git_folder_refused(shown: str, folder: str) -> Finding:
    return error(shown, None, folder, "backup-restore",
                 _("refused: a git folder in the archive ({folder})").format(folder=folder),
                 _("a backup made by `pipeline backup create` holds none; do not restore it"))


def _git_folder(parts: tuple[str, ...]) -> str | None:
    """The `.git` folder a path lies in (`.git`, `content/.git`), or None."""
    for depth, part in enumerate(parts):
        if part.lower() == ".git":
            return "/".join(parts[:depth + 1])
    return None


def _unsafe(member: tarfile.TarInfo, names: dict[str, tarfile.TarInfo]) -> str | None:
    """Why writing `member` could escape the destination, or None when it cannot."""
    name = member.name
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        return _("an absolute path")
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return _("a path with '..'")
    if member.islnk():
        return _("a hard link")
    if not (member.isreg() or member.isdir() or member.issym()):
        return _("a device, pipe or other special entry")
    if member.issym():
        target = member.linkname
        if not target or target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", target):
            return _("a link to an absolute path ({target})").format(target=target)
        resolved = os.path.normpath(os.path.join(os.path.dirname(name), target))
        if resolved == ".." or resolved.startswith("../") or os.path.isabs(resolved):
            return _("a link leading out of the destination ({target})").format(target=target)
    for depth in range(1, len(parts)):
        parent = "/".join(parts[:depth])
        if parent in names and names[parent].issym():
            return _("a path through the link {link}").format(link=parent)
    return None


def _check_members(members: list[tarfile.TarInfo], shown: str) -> list[Finding]:
    findings = []
    names: dict[str, tarfile.TarInfo] = {}
    for member in members:
        if member.name in names:
            findings.append(error(shown, None, member.name, "backup-restore", _("appears twice in the archive"),
                                  _("the archive is not a backup made by this tool; do not restore it")))
        names[member.name] = member
    links = {m.name: m.linkname for m in members if m.issym()}
    git_folders: set[str] = set()
    for member in members:
        parts = PurePosixPath(member.name).parts
        git_folder = _git_folder(parts)
        if git_folder is not None:
            # the repository is rebuilt from the bundle alone: a config, hook or attribute
            # file from the archive would run its commands during the restore
            if git_folder not in git_folders:
                git_folders.add(git_folder)
                findings.append(_git_folder_refused(shown, git_folder))
            continue
        why = _unsafe(member, names)
        if why is None and parts and (parts[0] not in (*FOLDERS, META_DIR)
                                      or (parts[0] == META_DIR and member.name not in _ALLOWED_META)):
            why = _("{name} is not in a backed-up folder").format(name=member.name)
        if why is None and member.issym():
            escape = _resolve_inside(member.name, links)
            if escape == "out":
                why = _("a link leading out of the destination ({target})").format(target=member.linkname)
            elif escape == "loop":
                why = _("a link that loops ({target})").format(target=member.linkname)
        if why:
            findings.append(error(shown, None, member.name, "backup-restore", _("refused: {why}").format(why=why),
                                  _("the archive could write outside the destination; do not restore it")))
    return findings


def _links_leading_out(folder: Path, shown: str) -> list[Finding]:
    """Every link on disk under `folder` whose real target is outside it: the last word, after git wrote its files."""
    real = os.path.realpath(folder)
    findings = []
    for path, subdirs, names in os.walk(folder):
        for name in [*subdirs, *names]:
            full = os.path.join(path, name)
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not (target == real or target.startswith(real + os.sep)):
                    rel = os.path.relpath(full, folder).replace(os.sep, "/")
                    why = _("a link leading out of the destination ({target})").format(target=os.readlink(full))
                    findings.append(error(shown, None, rel, "backup-restore", _("refused: {why}").format(why=why),
                                          _("the archive could write outside the destination; do not restore it")))
    return findings


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def restore(archive: Path, dest: Path, force: bool = False) -> RestoreResult:
    """Unpack `archive` into `dest`, verify every file, and rebuild the git repository from the bundle.

    Everything happens in a staging folder beside `dest`; `dest` is replaced only once
    the restore has verified, so a failure half-way leaves it as it was. A non-empty
    `dest` is refused unless `force`, which replaces its contents.
    """
    archive, dest = Path(archive), Path(dest).absolute()
    shown = str(archive)
    rule = "backup-restore"
    if dest.exists() and not dest.is_dir():
        raise PipelineError(error(str(dest), None, "", rule, _("the destination is a file, not a folder"),
                                  _("choose a folder to restore into")))
    if not force and not _is_empty(dest):
        raise PipelineError(error(str(dest), None, "", rule, _("the destination is not empty"),
                                  _("choose an empty folder, or pass --force to replace its contents")))
    try:
        tar = tarfile.open(archive, mode="r:")
        members = tar.getmembers()
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise PipelineError(error(shown, None, "", rule, _("cannot read the archive: {error}").format(error=exc),
                                  _("the archive is damaged or truncated; use another backup"))) from None
    with tar:
        findings = _check_members(members, shown)
        if findings:
            raise PipelineError(findings)
        by_name = {m.name: m for m in members}
        if MANIFEST not in by_name:
            raise PipelineError(_read_manifest(None, shown)[1])
        manifest, problems = _read_manifest(tar.extractfile(by_name[MANIFEST]).read(), shown)
        if problems:
            raise PipelineError(problems)
        listing = _compare(manifest, {m.name: (m.size, None) for m in members if m.isreg()},
                           {m.name for m in members if m.isdir()}, {m.name: m.linkname for m in members if m.issym()},
                           shown, rule)
        if listing:
            raise PipelineError(listing)
        dest.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(p for p in dest.parent.iterdir() if p.name.startswith((f".{dest.name}.restore-", f".{dest.name}.old-")))
        staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.restore-"))
        try:
            try:
                tar.extractall(staging, members=members, filter="data")
            except (OSError, tarfile.TarError, EOFError) as exc:
                raise PipelineError(error(shown, None, getattr(exc, "filename", "") or "", rule,
                                          _("restore failed: {error}").format(error=exc), _("check the destination disk and the archive"))) from None
            findings = _verify_tree(staging, manifest, str(dest)) or _links_leading_out(staging, shown)
            if findings:
                raise PipelineError(findings)
            git_restored, notes = _restore_git(staging, manifest, str(dest))
            findings = _links_leading_out(staging, shown)
            if findings:
                raise PipelineError(findings)
            try:
                _swap_into(staging, dest)
            except OSError as exc:
                raise PipelineError(error(str(dest), None, "", rule, _("cannot put the restored files in place: {error}").format(error=exc),
                                          _("the destination is as it was; check the disk and run again"))) from None
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    total = sum(m["size"] for m in manifest["files"].values())
    return RestoreResult(dest, len(manifest["files"]), total, git_restored, notes)


def _verify_tree(folder: Path, manifest: dict, shown: str) -> list[Finding]:
    """Hash every restored file and compare it with the manifest."""
    files: dict[str, tuple[int, str]] = {}
    dirs: set[str] = set()
    links: dict[str, str] = {}
    for path, subdirs, names in os.walk(folder):
        rel_folder = Path(path).relative_to(folder).as_posix()
        if rel_folder != ".":
            dirs.add(rel_folder)
        for name in list(subdirs):
            if (Path(path) / name).is_symlink():
                subdirs.remove(name)
                names.append(name)
        for name in names:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            full = Path(path) / name
            if full.is_symlink():
                links[rel] = os.readlink(full)
            elif rel != MANIFEST:
                files[rel] = _hash_file(full)
    return _compare(manifest, files, dirs, links, shown, "backup-restore")


def _restore_git(folder: Path, manifest: dict, shown: str) -> tuple[bool, list[Finding]]:
    """Make `folder` a git repository again from the bundle, keeping the restored files as they are.

    The index is set to the backed-up commit; files outside the backed-up folders
    (the tool's code, README, workflows) are checked out from it.
    """
    git = manifest.get("git") or {}
    if not git.get("bundle") or git["bundle"] not in manifest["files"]:
        return False, [warning(shown, None, "", "backup-restore", _("the backup holds no git history; restored the files only"))]
    bundle = str(folder / git["bundle"])
    branch, commit = git.get("branch"), str(git.get("commit") or "")
    if (branch is not None and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._/-]*", str(branch))) \
            or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise PipelineError(error(shown, None, MANIFEST, "backup-restore",
                                  _("refused: the manifest's git branch or commit is not one git makes ({branch}, {commit})")
                                  .format(branch=repr(branch), commit=repr(commit)), _("use another backup")))
    if (folder / ".git").exists() or (folder / ".git").is_symlink():
        raise PipelineError(_git_folder_refused(shown, ".git"))
    steps = [
        ("init", "-q", "--template="),
        ("fetch", "-q", "--update-head-ok", bundle, "+refs/*:refs/*"),
        ("symbolic-ref", "HEAD", f"refs/heads/{git['branch']}") if git.get("branch")
        else ("update-ref", "--no-deref", "HEAD", git["commit"]),
        ("reset", "-q"),
    ]
    try:
        for args in steps:
            done = _untrusted_git(folder, *args)
            if done.returncode != 0:
                raise PipelineError(error(shown, None, git["bundle"], "backup-restore",
                                          _("git {command} failed: {error}").format(command=args[0], error=done.stderr.strip()),
                                          _("the files are verified; restore without git by hand from the archive")))
        missing = _untrusted_git(folder, "ls-files", "-z", "--deleted").stdout.split("\0")
        outside = [p for p in missing if p and p.split("/", 1)[0] not in FOLDERS]
        if outside:
            done = _untrusted_git(folder, "checkout", "-q", "--pathspec-from-file=-", "--pathspec-file-nul",
                                  input="\0".join(outside))
            if done.returncode != 0:
                raise PipelineError(error(shown, None, "", "backup-restore", _("git checkout failed: {error}").format(error=done.stderr.strip())))
    except FileNotFoundError:
        return False, [warning(shown, None, "", "backup-restore", _("git is not installed; restored the files only"))]
    return True, []


def _swap_into(staging: Path, dest: Path) -> None:
    """Put the verified staging folder at `dest`; an existing `dest` is moved aside, then removed."""
    if not dest.exists() or _is_empty(dest):
        if dest.exists():
            dest.rmdir()
        os.rename(staging, dest)
        return
    old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.old-"))
    os.rename(dest, old / "replaced")
    try:
        os.rename(staging, dest)
    except BaseException:
        os.rename(old / "replaced", dest)
        shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- drill


def _without_lastmod(data: bytes) -> bytes:
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)


# Build-date values, by file: (normaliser, why it may differ). Everything else must match byte for byte.
# The drill rebuilds as of the backed-up build (SOURCE_DATE_EPOCH), so the overdue notices and
# "last updated" stamps agree; only a site this machine did not build can differ in its sitemap.
_BUILD_TIME = {
    "sitemap.xml": (_without_lastmod, N_("<lastmod> is the build date")),
    "sitemap.xml.gz": (lambda data: _without_lastmod(gzip.decompress(data)),
                       N_("<lastmod> is the build date (and gzip's header time)")),
}


def compare_sites(backed_up: Path, rebuilt: Path, shown: str = "site") -> tuple[int, list[tuple[str, str]], list[Finding]]:
    """Compare two built sites file by file; return (files compared, ignored parts, findings)."""
    rule = "backup-drill"

    def listing(base: Path) -> set[str]:
        return {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}

    old, new = listing(backed_up), listing(rebuilt)
    findings = [error(f"{shown}/{n}", None, "", rule, _("in the backed-up site but not rebuilt from the backup"))
                for n in sorted(old - new)]
    findings += [error(f"{shown}/{n}", None, "", rule, _("rebuilt from the backup but not in the backed-up site"))
                 for n in sorted(new - old)]
    ignored = []
    for name in sorted(old & new):
        if filecmp.cmp(backed_up / name, rebuilt / name, shallow=False):
            continue
        normalise = _BUILD_TIME.get(name)
        if normalise:
            try:
                same = normalise[0]((backed_up / name).read_bytes()) == normalise[0]((rebuilt / name).read_bytes())
            except (OSError, EOFError, gzip.BadGzipFile):
                same = False
            if same:
                ignored.append((name, normalise[1]))
                continue
        findings.append(error(f"{shown}/{name}", None, "", rule, _("differs from the site rebuilt from the backup"),
                              _("the backup's content does not rebuild the backed-up site; build, then back up again")))
    return len(old & new), ignored, findings


def _refuse_code_in_settings(restored: Path, shown: str) -> None:
    """The drill builds the archive's site_config/mkdocs.yml: refuse one that would run Python from the archive.

    MkDocs runs the files named under `hooks:` and constructs `!!python/` tags; the
    court's own settings use neither, so an archive whose settings do is not built.
    """
    from .config import CONFIG_DIR, MKDOCS_FILE

    path = restored / CONFIG_DIR / MKDOCS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the build reports it
    if re.search(r"(?m)^hooks\s*:", text) or "!!python/" in text or "tag:yaml.org,2002:python/" in text:
        raise PipelineError(error(shown, None, f"{CONFIG_DIR}/{MKDOCS_FILE}", "backup-drill",
                                  _("refused: the backup's MkDocs settings run Python code (hooks: or a !!python/ tag)"),
                                  _("the drill builds nothing that runs code from an archive; restore it and "
                                    "read site_config/mkdocs.yml before building")))


def _built_as_of(restored: Path) -> int:
    """When the backed-up site was built (recorded by `create`), else when the backup was made."""
    try:
        manifest = json.loads((restored / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return int(time.time())
    if isinstance(manifest.get("site_built"), int):
        return manifest["site_built"]
    try:
        return int(datetime.fromisoformat(str(manifest["created"]).replace("Z", "+00:00")).timestamp())
    except (KeyError, ValueError):
        return int(time.time())


def drill(root: Path, settings: Settings, archive: Path | None = None) -> DrillReport:
    """Restore the newest backup into a temporary folder, rebuild the site there, compare.

    Proves the backup is a working system, not just intact bytes. The rebuild is made
    as of the moment the backed-up site was built (`SOURCE_DATE_EPOCH`), so overdue
    notices and page stamps agree; only the sitemap's <lastmod> of a site built on
    another machine is ignored. Every other byte must match.
    """
    from . import site

    started = time.perf_counter()
    if archive is None:
        backups = list_backups(backup_dir(root, settings))
        if not backups:
            raise PipelineError(error(_shown(backup_dir(root, settings), root), None, "backup.target", "backup-drill",
                                      _("no backup to drill with"), _("run `pipeline backup create` first")))
        archive = backups[-1].path
    remove_stale(Path(tempfile.gettempdir()).glob("pipeline-drill-*"))   # drills that were killed
    with tempfile.TemporaryDirectory(prefix="pipeline-drill-") as tmp:
        restored = Path(tmp) / "restored"
        restore(archive, restored)
        backed_up = Path(tmp) / "site-from-backup"
        if not (restored / "site").is_dir():
            raise PipelineError(error(str(archive), None, "site", "backup-drill",
                                      _("the backup holds no built site to compare with"),
                                      _("run `pipeline build` before `pipeline backup create`")))
        os.rename(restored / "site", backed_up)
        _refuse_code_in_settings(restored, str(archive))
        site.build(restored, epoch=_built_as_of(restored))
        compared, ignored, findings = compare_sites(backed_up, restored / "site")
    return DrillReport(Path(archive), compared, ignored, time.perf_counter() - started, findings)


# ---------------------------------------------------------------- prune


def plan_prune(backups: list[BackupInfo], keep_daily: int, keep_weekly: int, keep_monthly: int,
               tz, protected: BackupInfo | None) -> PrunePlan:
    """Keep the newest backup of each of the last N days, weeks and months; remove the rest.

    `protected` (the newest backup that verified) is always kept.
    """
    reasons: dict[Path, list[str]] = {b.path: [] for b in backups}
    newest_first = sorted(backups, key=lambda b: (b.created, b.sequence), reverse=True)
    rules = [("daily", keep_daily, lambda d: d.date()),
             ("weekly", keep_weekly, lambda d: d.isocalendar()[:2]),
             ("monthly", keep_monthly, lambda d: (d.year, d.month))]
    for label, count, bucket_of in rules:
        seen = set()
        for info in newest_first:
            if len(seen) >= count:
                break
            bucket = bucket_of(info.created.astimezone(tz))
            if bucket not in seen:
                seen.add(bucket)
                reasons[info.path].append(label)
    if protected is not None:
        reasons[protected.path].append("newest verified")
    keep = [(b, tuple(reasons[b.path])) for b in newest_first if reasons[b.path]]
    remove = [b for b in newest_first if not reasons[b.path]]
    return PrunePlan(keep, remove, protected)


def prune(root: Path, settings: Settings, keep_daily: int | None = None, keep_weekly: int | None = None,
          keep_monthly: int | None = None, dry_run: bool = False, to: Path | str | None = None) -> PrunePlan:
    """Apply the retention rules to the backup folder; never removes the newest backup that verifies.

    Refuses to remove anything when no backup verifies.
    """
    folder = backup_dir(root, settings, to)
    backups = list_backups(folder)
    protected = None
    for info in reversed(backups):
        if verify(info.path).ok:
            protected = info
            break
    if backups and protected is None:
        raise PipelineError(error(_shown(folder, root), None, "", "backup-prune",
                                  _("no backup in this folder verifies; nothing was removed"),
                                  _("run `pipeline backup create`, then prune again")))
    policy = settings.backup
    plan = plan_prune(backups,
                      policy.keep_daily if keep_daily is None else keep_daily,
                      policy.keep_weekly if keep_weekly is None else keep_weekly,
                      policy.keep_monthly if keep_monthly is None else keep_monthly,
                      settings.court.tz, protected)
    if not dry_run:
        for info in plan.remove:
            info.path.unlink()
    return plan


# ---------------------------------------------------------------- helpers


def _rel(path: str | os.PathLike | None, root: Path) -> str:
    if not path:
        return ""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def _shown(path: Path, root: Path) -> str:
    return _rel(path, root)
