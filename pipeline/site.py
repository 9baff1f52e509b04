"""Build the site with MkDocs' Python API, strict: any warning fails the build.

MkDocs logs its problems instead of raising them; we collect every warning and
error it logs during the build and turn each into a `Finding` naming the source file.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .config import CONFIG_DIR, MKDOCS_FILE
from .findings import ConfigError, Finding, PipelineError, error
from .i18n import _

_DOC_FILE = re.compile(r"Doc file '([^']+)'")
_YAML_LINE = re.compile(r'in "[^"]*", line (\d+)')


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    rendered: int = 0  # pages rendered by this build (the others were kept from the last one)
    cold: bool = True
    state: object = field(default=None, repr=False, compare=False)  # for `pipeline serve` (buildcache.LiveState)



class _Collector(logging.Handler):
    """Keeps every warning and error MkDocs logs while it works."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def mkdocs_config_path(root: Path) -> Path:
    return Path(root) / CONFIG_DIR / MKDOCS_FILE


def _finding_from_log(record: logging.LogRecord, docs_prefix: str, mkdocs_shown: str) -> Finding:
    message = record.getMessage().strip()
    match = _DOC_FILE.search(message)
    path = f"{docs_prefix}/{match.group(1)}" if match else mkdocs_shown
    # MkDocs' own messages carry a "WARNING -" prefix only in its formatter; ours is raw.
    return error(path, None, "", "build", message.splitlines()[0],
                 _("fix the source file, or the setting in site_config/mkdocs.yml") if not match
                 else _("fix the link or the file it names"))


def load_mkdocs_config(root: Path, **overrides):
    """Load `site_config/mkdocs.yml` strictly; raise `ConfigError` naming the file and line."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    path = mkdocs_config_path(root)
    shown = f"{CONFIG_DIR}/{MKDOCS_FILE}"
    if not path.is_file():
        raise ConfigError(error(shown, None, "", "mkdocs-config", _("file not found"),
                                _("copy site_config/mkdocs.yml from the sample repository")))
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        return load_config(config_file=str(path), strict=True, **overrides)
    except (ConfigurationError, Abort) as exc:
        findings = []
        for record in collector.records:
            text = record.getMessage().strip()
            key = re.match(r"Config value '([^']+)': (.*)", text, re.S)
            findings.append(error(shown, _line_of_key(path, key.group(1)) if key else None,
                                  key.group(1) if key else "", "mkdocs-config",
                                  key.group(2).splitlines()[0] if key else text.splitlines()[0]))
        if not findings:
            text = str(exc).strip()
            line = _YAML_LINE.search(text)
            findings.append(error(shown, int(line.group(1)) if line else None, "", "mkdocs-config",
                                  " ".join(text.split())))
        raise ConfigError(findings) from None
    finally:
        logger.removeHandler(collector)


def _line_of_key(path: Path, key: str) -> int | None:
    top = key.split(".", 1)[0]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{top}:"):
            return number
    return None


BUILD_RECORD = Path(".cache") / "court" / "build.json"
BUILD_CACHE = Path(".cache") / "court"  # the incremental build's cache (pipeline/buildcache.py)


@contextmanager
def _source_date(epoch: int):
    """`SOURCE_DATE_EPOCH` for the build: MkDocs (sitemap dates) and the court plugin (page stamps) read it."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@contextmanager
def collector_paused():
    """Python's cycle collector off meanwhile, as it was after.

    A build makes millions of objects that live until it ends, and the collector's
    passes walk them again and again: 0.9 s of a 25 s cold build at 3,000 posts
    (gc.callbacks), for cycles a build hardly makes (80 MB more at the peak).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _build_lock(cache_dir: Path | None):
    """One build at a time per cache: a second `pipeline build` waits instead of cleaning `site/` under the first."""
    if cache_dir is None:
        yield
        return
    import fcntl

    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        handle = open(Path(cache_dir) / "build.lock", "a+")
    except OSError:
        yield  # a read-only checkout: no cache, and no other build writing one
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def fingerprint(site_dir: Path) -> str | None:
    """A digest that changes with every build of `site_dir` (its sitemap, else its home page)."""
    for name in ("sitemap.xml", "index.html"):
        try:
            return hashlib.sha256((Path(site_dir) / name).read_bytes()).hexdigest()
        except OSError:
            continue
    return None


def recorded_build(root: Path, site_dir: Path | None = None) -> int | None:
    """The moment the site in `site_dir` was built as, when this machine built it (else None)."""
    try:
        record = json.loads((Path(root) / BUILD_RECORD).read_text(encoding="utf-8"))
        epoch, built = int(record["epoch"]), record["site"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    current = fingerprint(Path(site_dir) if site_dir else Path(root) / "site")
    return epoch if current is not None and current == built else None


def build(root: Path, epoch: int | None = None, *, docs_dir: Path | None = None,
          site_dir: Path | None = None, cache_dir: Path | None = None, cold: bool = False,
          live: bool = False, prepare: Callable[[Any], None] | None = None, dirty: bool = False,
          shown_first: Callable[[], None] | None = None, cancelled: Callable[[], bool] | None = None) -> BuildResult:
    """Build `content/` into `site/`; raise `PipelineError` with every warning as a finding.

    Only the pages whose inputs changed since the last build are rendered again
    (pipeline/buildcache.py, its cache in `.cache/court/`); `cold` renders every page
    (and writes a new cache).
    `docs_dir` and `site_dir` stand in for mkdocs.yml's (the preview builds a reduced
    copy of `content/` into a temporary folder); such a build keeps a cache only in
    the `cache_dir` it is given. `live` keeps the build's objects open in
    `result.state` for quick renders (`pipeline serve`), until `state.close()`; a live
    build never shuts its plugins down itself, failed or cancelled (MkDocs keeps plugin
    instances from one build to the next in a process, and the blog's shutdown deletes
    the files of the views the build being served still reads);
    `shown_first()` is called once the pages a change is seen on first are written;
    `cancelled()`, asked before each page, stops the build (`buildcache.BuildCancelled`).
    `prepare(config)` is called with the loaded MkDocs configuration before the build
    (the preview adds its plugin there). `dirty` is MkDocs' own `--dirty` build instead
    (no cache): it keeps `site_dir` and writes only the pages whose files say they
    changed (the preview decides which through its plugin); its warnings still fail
    the build, MkDocs' own warning that the build is dirty excepted.

    The whole build is made as of one moment: `epoch`, else `SOURCE_DATE_EPOCH`, else
    now; it is recorded in `.cache/court/build.json`, so a backup can say when its
    site was built and the drill can rebuild it as of then.
    """
    if epoch is None:
        given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        epoch = int(given) if given.isdigit() else int(time.time())
    if cache_dir is None and site_dir is None:
        cache_dir = Path(root) / BUILD_CACHE
    with _source_date(epoch), _build_lock(cache_dir), collector_paused():
        result = _build(root, docs_dir=docs_dir, site_dir=site_dir, cache_dir=cache_dir, reuse=not cold, live=live,
                        prepare=prepare, dirty=dirty, shown_first=shown_first, cancelled=cancelled)
    if site_dir is not None:
        return result  # a preview's build says nothing about site/
    try:
        from .files import atomic_write

        atomic_write(Path(root) / BUILD_RECORD, json.dumps({"epoch": epoch, "site": fingerprint(result.site_dir)}))
    except OSError:
        pass  # a read-only checkout builds all the same; its backups fall back to their own time
    return result


_DIRTY_WARNING = "A 'dirty' build is being performed"


def _build(root: Path, *, docs_dir: Path | None = None, site_dir: Path | None = None,
           cache_dir: Path | None = None, reuse: bool = True, live: bool = False,
           prepare: Callable[[Any], None] | None = None, dirty: bool = False,
           shown_first: Callable[[], None] | None = None, cancelled: Callable[[], bool] | None = None) -> BuildResult:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    from . import buildcache

    started = time.perf_counter()
    overrides = {key: str(value) for key, value in (("docs_dir", docs_dir), ("site_dir", site_dir)) if value}
    config = load_mkdocs_config(root, **overrides)
    if dirty:
        config.strict = False  # MkDocs counts its own dirty warning; every other warning is collected below
    if prepare is not None:
        prepare(config)
    docs = Path(config.docs_dir).resolve()
    docs_prefix = docs.relative_to(Path(root).resolve()).as_posix() if docs.is_relative_to(Path(root).resolve()) \
        else docs.as_posix()
    shown = f"{CONFIG_DIR}/{MKDOCS_FILE}"
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    failure: str | None = None
    stats, cache = buildcache.BuildStats(cold=True), None
    config.plugins.on_startup(command="build", dirty=False)
    try:
        if dirty:
            mkdocs_build(config, dirty=True)
        else:
            stats, cache = buildcache.build(config, cache_dir, reuse=reuse, live=live, shown_first=shown_first,
                                            cancelled=cancelled)
    except Abort as exc:
        failure = str(exc)
    except MkDocsException as exc:
        failure = str(exc)
    except BaseException:
        if not live:  # a live build's plugins are the ones of the build being served (MkDocs keeps them)
            _shut_down(config)  # buildcache.BuildCancelled, or a failure no finding can name: raised as it is
        raise
    finally:
        logger.removeHandler(collector)
    findings = [_finding_from_log(r, docs_prefix, shown) for r in collector.records
                if not (dirty and r.getMessage().startswith(_DIRTY_WARNING))]
    if failure and not findings:
        findings.append(error(shown, None, "", "build", " ".join(failure.split())))
    if not live:
        _shut_down(config)
    if findings:
        raise PipelineError(findings)
    if cache is not None and cache_dir is not None:
        try:
            buildcache.save(cache_dir, cache)
        except OSError:
            pass  # a read-only checkout builds all the same, cold every time
    if live and stats.state is not None:
        stats.state.close = lambda: _shut_down(config)
    pages = sum(1 for _page in Path(config.site_dir).rglob("index.html")) if dirty else stats.pages
    return BuildResult(Path(config.site_dir), pages, time.perf_counter() - started,
                       rendered=len(stats.rendered), cold=stats.cold, state=stats.state if live else None)


def _shut_down(config) -> None:
    try:
        config.plugins.on_shutdown()
    except OSError:
        pass  # the blog plugin cleans up files it never made when the build stopped early
