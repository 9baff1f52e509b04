"""The server under `serve` and `preview`: a saved file asks for a build, a file read does not, and polling stands in."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import watchdog.observers
from watchdog.observers.polling import PollingObserver

from pipeline.liveserver import LiveServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@contextmanager
def running(tmp_path: Path):
    """A server watching `tmp_path/watched`: its folder, the list its builder appends to, the server."""
    folder = tmp_path / "watched"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "page.md").write_text("# Halaman\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    builds: list[float] = []
    server = LiveServer(builder=lambda: builds.append(time.monotonic()), host="127.0.0.1", port=_free_port(),
                        root=str(tmp_path / "site"), polling_interval=0.1)
    server.build_delay = 0.05
    server.watch(str(folder))
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        assert _wait(lambda: server.observer.is_alive())
        time.sleep(0.3)
        yield folder, builds, server
    finally:
        server.shutdown()
        thread.join(timeout=10)


def saves_build_and_reads_do_not(folder: Path, builds: list) -> None:
    for _ in range(3):
        (folder / "sub" / "page.md").read_text(encoding="utf-8")
    time.sleep(0.5)
    assert builds == []
    (folder / "sub" / "page.md").write_text("# Halaman baru\n", encoding="utf-8")
    assert _wait(lambda: len(builds) == 1)
    time.sleep(0.3)
    (folder / "sub" / "new.md").write_text("# Baru\n", encoding="utf-8")
    assert _wait(lambda: len(builds) == 2)


def test_a_saved_file_asks_for_a_build_and_a_read_one_does_not(tmp_path):
    with running(tmp_path) as (folder, builds, server):
        assert not isinstance(server.observer, PollingObserver)  # the system's notice, on this machine
        saves_build_and_reads_do_not(folder, builds)


def test_where_the_system_cannot_watch_polling_takes_over(monkeypatch, tmp_path):
    class Exhausted(watchdog.observers.Observer):
        def start(self):
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Exhausted)
    with running(tmp_path) as (folder, builds, server):
        assert isinstance(server.observer, PollingObserver)
        saves_build_and_reads_do_not(folder, builds)
