"""`pipeline serve`: the whole site on 127.0.0.1, shown again within seconds of every saved change.

MkDocs' own `serve` builds everything after each change (a minute at 3,000 posts).
Here the site is built into `.cache/court/serve/` with the incremental build
(pipeline/buildcache.py), so only changed pages are rendered; and a change to the
text of existing pages (a post's body under the same front matter, a page whose
navigation title stays) is first drawn with the last build's objects
(`buildcache.rerender`): the browser reloads then, and a real incremental build
follows in the background and brings in what a quick render leaves out (search
index, feeds, dates). Anything else (a new or removed post, front matter, photos,
settings) goes straight to the incremental build.

The first start seeds its folder from `site/` and the build cache when they match
(a copy), so it is as quick as a build with nothing changed.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from .config import CONFIG_DIR
from .findings import PipelineError
from .i18n import _

log = logging.getLogger("pipeline.serve")

SERVE_DIR = Path(".cache") / "court" / "serve"
# Seconds without a quick render before the build that follows them: saves in a row
# are drawn at once, and the build (which holds the site for seconds) waits for a pause.
QUIET = 1.5


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """`{path: (mtime_ns, size)}` of every file under `folder` (what changed between two looks)."""
    out = {}
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            out[path] = (info.st_mtime_ns, info.st_size)
    return out


@contextmanager
def _collected_after():
    """Python's cycle collector off during a build, run once after it, and the objects left kept out of its way.

    A build after the first makes as many objects again while the last build's are
    still alive, and each of the collector's passes would walk all of them: at 3,000
    posts that made the pages of a new post show a second later. Frozen, the objects
    of the build being served are never walked (a build's own state is closed before
    the next collection, so nothing frozen stays after it is garbage).
    """
    from .site import collector_paused

    try:
        with collector_paused():
            yield
    finally:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


class LiveSite:
    """The site being served: its folder, its last build, and what to do when sources change."""

    def __init__(self, root: Path, report: Callable[[str], None] = print) -> None:
        from .site import load_mkdocs_config

        self.root = Path(root)
        self.folder = self.root / SERVE_DIR
        self.site_dir = self.folder / "site"
        self.cache_dir = self.folder / "cache"
        self.docs_dir = Path(load_mkdocs_config(root).docs_dir)
        self.report = report
        self.state = None
        # False after a build that did not finish: it ran on the plugins the last build's objects
        # share (MkDocs keeps them), so nothing is drawn with those objects until a build finishes
        self.drawable = False
        self.seen: dict[str, tuple[int, int]] = {}  # the sources as the last build read them
        self.looked: dict[str, tuple[int, int]] | None = None  # as the last refused quick render saw them
        self.lock = threading.Lock()  # one build or quick render at a time
        self.asked = threading.Event()  # a change waits for its turn

    def seed(self) -> None:
        """Start from `site/` and its cache when this folder has no build yet (copies; `site/` stays as it is)."""
        from . import buildcache
        from .site import BUILD_CACHE

        built, cache = self.root / "site", buildcache.cache_path(self.root / BUILD_CACHE)
        if buildcache.cache_path(self.cache_dir).is_file() or not cache.is_file() or not built.is_dir():
            return
        shutil.rmtree(self.site_dir, ignore_errors=True)
        shutil.copytree(built, self.site_dir, symlinks=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache, buildcache.cache_path(self.cache_dir))

    def build(self, shown_first: Callable[[], None] | None = None, cancellable: bool = False) -> None:
        """An incremental build of the whole site into the serve folder (`shown_first`: see `site.build`).

        `cancellable`: stopped as soon as a change asks for the server (the build after
        quick renders gives way to the next edit or new post).
        """
        from . import buildcache, site

        with self.turn(), _collected_after():
            seen = self.looked or _snapshot(self.docs_dir)
            self.looked = None
            started = time.perf_counter()
            try:
                result = site.build(self.root, site_dir=self.site_dir, cache_dir=self.cache_dir, live=True,
                                    shown_first=shown_first, cancelled=self.asked.is_set if cancellable else None)
            except buildcache.BuildCancelled:
                self.drawable = False
                return
            except PipelineError as exc:
                self.drawable = False
                self.report(_("The site could not be built; the last good build is still served:"))
                self.report(str(exc))
                return
            self.retire(result.state)
            self.state, self.seen, self.drawable = result.state, seen, True
            self.report(_("Built: {rendered} pages rendered in {seconds:.1f} s").format(
                rendered=result.rendered, seconds=time.perf_counter() - started))

    @contextmanager
    def turn(self):
        """One build or quick render at a time; taking a turn answers the change that asked for it."""
        with self.lock:
            self.asked.clear()
            yield

    def retire(self, successor) -> None:
        """Let the last build go for `successor`: shut its plugins down, unless they are the successor's too.

        MkDocs keeps plugin instances from one build to the next while the settings stay
        the same; shutting them down then would delete the blog's view files the new
        build reads.
        """
        if self.state is not None:
            kept = {id(plugin) for plugin in successor.config.plugins.values()}
            if not any(id(plugin) in kept for plugin in self.state.config.plugins.values()):
                self.state.close()

    def close(self) -> None:
        """End the last build (its plugins' shutdown: the blog's temporary files)."""
        if self.state is not None:
            self.state.close()
            self.state = None

    def quick(self) -> bool:
        """Draw the changed pages with the last build's objects; False when a real build is needed."""
        from . import buildcache

        with self.turn():
            now = self.looked = _snapshot(self.docs_dir)  # the build that follows a refusal starts from it
            if self.state is None or not self.drawable or set(now) != set(self.seen):
                return False
            changed = {}
            for path, mark in now.items():
                if mark != self.seen[path]:
                    if not path.endswith(".md"):
                        return False
                    changed[Path(path).relative_to(self.docs_dir).as_posix()] = \
                        Path(path).read_text(encoding="utf-8-sig")
            if not changed:
                return False
            started = time.perf_counter()
            try:
                written = buildcache.rerender(self.state, changed)
            except Exception:  # noqa: BLE001 - any surprise: the real build will say what is wrong
                log.debug("quick render failed", exc_info=True)
                written = None
            if written is None:
                return False
            self.seen, self.looked = now, None
            self.report(_("Shown: {pages} pages drawn again in {seconds:.2f} s").format(
                pages=len(written), seconds=time.perf_counter() - started))
            return True


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, announce=None,
          report: Callable[[str], None] = print) -> None:
    """Serve the site with live reload until Ctrl+C (or SIGTERM); `announce(url)` once it is ready to build.

    Raises OSError when the port cannot be used (checked before the first build).
    """
    import socket

    from .liveserver import LiveServer, interruptible

    socket.create_server((host, port)).close()  # a taken port: said now, not after the build
    live = LiveSite(root, report)
    if announce:
        announce(f"http://{host}:{port}/")
    follow_up = threading.Event()

    def builder() -> None:
        live.asked.set()
        if live.quick():
            follow_up.set()
        else:
            live.build(shown_first=server.reload_browsers)

    def background() -> None:
        while True:
            follow_up.wait()
            follow_up.clear()
            while follow_up.wait(QUIET):  # another quick render meanwhile: wait for a quiet moment
                follow_up.clear()
            live.build(cancellable=True)
            server.reload_browsers()

    server = None
    with interruptible():
        try:
            live.seed()
            live.build()
            server = LiveServer(builder=builder, host=host, port=port, root=str(live.site_dir))
            server.build_delay = 0.05
            server.watch(str(live.docs_dir))
            server.watch(str(Path(root) / CONFIG_DIR))
            threading.Thread(target=background, daemon=True).start()
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            if server is not None:
                server.shutdown()
            with live.lock:
                live.close()
