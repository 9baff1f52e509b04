"""`pipeline serve`: quick renders of edited pages, real builds for the rest, and the same site in the end."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline import site
from pipeline.serve import LiveSite

from test_buildcache import EPOCH, add_post, differences, news_site, post_file  # noqa: F401 - fixture

PIPELINE = [sys.executable, "-m", "pipeline"]


@pytest.fixture
def live(news_site: Path, tmp_path: Path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "site"
    shutil.copytree(news_site, root, symlinks=True)
    served = LiveSite(root, report=lambda text: None)
    served.build()
    yield served
    served.close()


def cold_site(root: Path, tmp_path: Path) -> Path:
    other = tmp_path / "cold"
    shutil.copytree(root, other, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    site.build(other, cold=True)
    return other / "site"


def edit_body(root: Path, index: int, text: str) -> Path:
    path = post_file(root, index)
    path.write_text(path.read_text(encoding="utf-8").replace("<!-- more -->", f"{text}\n\n<!-- more -->", 1),
                    encoding="utf-8")
    return path


def served_page(live: LiveSite, source: Path) -> str:
    return (live.site_dir / "berita" / source.parent.name / "index.html").read_text(encoding="utf-8")


def test_an_edited_post_is_drawn_at_once_and_the_next_build_makes_the_cold_site(live, tmp_path):
    path = edit_body(live.root, -1, "Kalimat suntingan pertama.")   # the newest post: its excerpt is on the index
    assert live.quick()
    assert "Kalimat suntingan pertama." in served_page(live, path)
    assert "Kalimat suntingan pertama." in (live.site_dir / "berita" / "index.html").read_text(encoding="utf-8")
    edit_body(live.root, 3, "Kalimat suntingan kedua.")            # a second quick render on the same objects
    assert live.quick()
    live.build()
    assert differences(live.site_dir, cold_site(live.root, tmp_path)) == []


def test_quick_renders_work_after_builds_that_rendered_nothing(live, tmp_path):
    """MkDocs keeps the plugins from one build to the next: the last build's shutdown must not take the
    blog's view files from the next, and pages no build rendered in this process are drawn all the same."""
    add_post(live.root)
    live.build()
    live.build()  # nothing changed: no page rendered, no view read
    path = edit_body(live.root, -1, "Kalimat sesudah build kosong.")
    assert live.quick()
    assert "Kalimat sesudah build kosong." in (live.site_dir / "berita" / "index.html").read_text(encoding="utf-8")
    contact = live.root / "content" / "kontak.md"
    contact.write_text(contact.read_text(encoding="utf-8") + "\nTelepon baru.\n", encoding="utf-8")
    assert live.quick()  # a page that is not a post: every other such page drawn too, rendered or not
    assert "Telepon baru." in (live.site_dir / "kontak" / "index.html").read_text(encoding="utf-8")
    assert "Kalimat sesudah build kosong." in served_page(live, path)
    live.build()
    assert differences(live.site_dir, cold_site(live.root, tmp_path)) == []


def test_after_a_build_that_failed_a_change_gets_a_real_build(live, tmp_path):
    """The failed build ran on the plugins the served build's objects share: nothing is drawn with those."""
    broken = post_file(live.root, 1)
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original + "\n[rusak](tidak-ada.md)\n", encoding="utf-8")
    live.build()
    broken.write_text(original, encoding="utf-8")
    edit_body(live.root, -1, "Kalimat sesudah build gagal.")
    assert not live.quick()
    live.build()
    edit_body(live.root, -1, "Kalimat kedua.")
    assert live.quick()
    live.build()
    assert differences(live.site_dir, cold_site(live.root, tmp_path)) == []


@pytest.mark.parametrize("change", ["front matter", "new post", "photo", "nothing"])
def test_what_changes_the_site_s_structure_needs_a_real_build(live, change):
    if change == "front matter":
        path = post_file(live.root, 2)
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Baru ", 1), encoding="utf-8")
    elif change == "new post":
        add_post(live.root)
    elif change == "photo":
        (post_file(live.root, 2).parent / "foto-1.jpg").write_bytes(b"\xff\xd8 another photo")
    assert not live.quick()


def test_a_build_with_an_error_keeps_the_last_site_served(live):
    before = (live.site_dir / "index.html").read_bytes()
    path = post_file(live.root, 1)
    path.write_text(path.read_text(encoding="utf-8") + "\n[rusak](tidak-ada.md)\n", encoding="utf-8")
    said = []
    live.report = said.append
    live.build()
    assert (live.site_dir / "index.html").read_bytes() == before
    assert any("tidak-ada.md" in text for text in said)


def test_the_first_serve_starts_from_the_built_site(news_site, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "site"
    shutil.copytree(news_site, root, symlinks=True)
    site.build(root)
    said = []
    served = LiveSite(root, report=said.append)
    served.seed()
    served.build()
    served.close()
    assert said[-1].startswith("Built: 0 pages")
    assert differences(served.site_dir, root / "site") == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.1)
    return False


def test_serve_shows_a_saved_edit_over_http_and_stops_cleanly(news_site, tmp_path):  # noqa: F811
    root = tmp_path / "site"
    shutil.copytree(news_site, root, symlinks=True)
    port = _free_port()
    env = dict(os.environ, PIPELINE_LANG="en")
    server = subprocess.Popen([*PIPELINE, "--root", str(root), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/", "</html>", 120)
        path = edit_body(root, -1, "Disunting lewat serve.")
        assert _wait_for(f"http://127.0.0.1:{port}/berita/{path.parent.name}/", "Disunting lewat serve.", 60)
        time.sleep(6)  # the build that follows the quick render, and time for any build after it
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert "Shown:" in output and "Traceback" not in output
    # the first build and the one after the edit: the sources a build reads are no change
    assert output.count("Built:") == 2, output
    assert not (root / "site").exists()   # site/ is not the serve folder


def test_serve_on_a_taken_port_says_so_before_building(repo, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = subprocess.run([*PIPELINE, "--root", str(repo), "serve", "--port", str(port)], capture_output=True,
                                text=True, env=dict(os.environ, PIPELINE_LANG="en"), timeout=60)
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stdout + result.stderr and "--port" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
