"""The server under `pipeline serve` and `pipeline preview`: MkDocs' live-reload server, told of changes by the system.

MkDocs polls every watched file twice a second; at 3,000 posts the walk alone takes
a while and a change waits for the next one. Here the system says when a file
changes (inotify on Linux, through watchdog), only for changes: inotify also
reports each file opened and read, and every build reads every source. Where the
system cannot watch (no inotify watches left), MkDocs' polling takes over.

Imported only by the commands that serve (MkDocs' server is slow to import).
"""

from __future__ import annotations

import logging
import os
import signal
from contextlib import contextmanager

from mkdocs.livereload import LiveReloadServer, _timestamp
from watchdog import events

log = logging.getLogger("pipeline.liveserver")

# What asks for a build: a file written, created, deleted or moved (a post's folder too).
CHANGES = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
           events.FileClosedEvent, events.DirDeletedEvent, events.DirMovedEvent]


class LiveServer(LiveReloadServer):
    def __init__(self, *args, polling_interval: float = 0.5, **kwargs) -> None:
        from watchdog.observers import Observer

        super().__init__(*args, polling_interval=polling_interval, **kwargs)
        self.polling_interval = polling_interval
        self.observer = Observer()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' `watch`, for changes only (see the module's docstring)."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def changed(event) -> None:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = events.FileSystemEventHandler()
        handler.on_any_event = changed
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)

    def serve(self, *, open_in_browser: bool = False) -> None:
        try:
            self.observer.start()
        except OSError as exc:  # e.g. no inotify watches left
            from watchdog.observers.polling import PollingObserver

            log.info("watching by polling (%s)", exc)
            watched, self._watched_paths, self._watch_refs = list(self._watched_paths), {}, {}
            self.observer = PollingObserver(timeout=self.polling_interval)
            for path in watched:
                self.watch(path)
            self.observer.start()
        self.observer.start = lambda: None  # started: MkDocs' serve starts it again
        super().serve(open_in_browser=open_in_browser)

    def reload_browsers(self) -> None:
        """Tell the open pages to reload, and serve requests again, also while a build goes on.

        Pages are replaced atomically, so a page asked for mid-build is whole; the
        build's end then changes the epoch no more (no second reload).
        """
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = max(self._wanted_epoch, _timestamp())
            self._epoch_cond.notify_all()


@contextmanager
def interruptible():
    """Ctrl+C and SIGTERM raise KeyboardInterrupt inside, also where SIGINT came ignored (a background job)."""
    def stop(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, handler) for sig, handler in
                ((signal.SIGTERM, stop), (signal.SIGINT, signal.default_int_handler))}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
