"""The edit loop at scale: seconds until a change is served, `pipeline preview` and `pipeline serve`
next to MkDocs' own `mkdocs serve` (plain and `--dirty`), in one run on one generated site.

Generates the sample site with N posts (bench/sitegen.py) under git and a draft with
its photos (tests/draftkit.py), then runs each server as a subprocess on a free port
of 127.0.0.1 and polls it over HTTP until the new text appears:

  preview   `pipeline preview DRAFT`, twice: a first run on the new site (its caches cold:
            photo variants, compiled templates, git dates), then ready (the draft's post
            served), rest served (the pages rendered after the first ones: a static page),
            edit shown (the draft's index.md saved with a new sentence)
  serve     `pipeline serve`: ready (home page served), edit shown (the newest post
            saved with a new sentence), new post on the news index (a post folder added)
  mkdocs    `mkdocs serve -f site_config/mkdocs.yml`, the same three
  dirty     `mkdocs serve --dirty`, the same three

Figures are printed as they come (a step that exceeds `--timeout` prints as such and
the server is stopped). The machine is shared: compare within one run.

    .venv/bin/python bench/preview.py --posts 3000
    .venv/bin/python bench/preview.py --posts 3000 --only preview serve --timeout 120
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
import draftkit  # noqa: E402
import sitegen  # noqa: E402

SERVERS = ("preview", "serve", "mkdocs", "dirty")
DRAFT = draftkit.DRAFT_ID
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def make_site(work: Path, posts: int) -> Path:
    """The generated site under git, with one corrected draft (narrative and two photos)."""
    root = sitegen.generate_site(work / f"site-{posts}", posts)
    draftkit.write(root, "corrected")
    draftkit.photo(root / "drafts" / DRAFT / "photos" / "foto-1.jpg", size=(1600, 1067))
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "generated site"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=600) as answer:
            return answer.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: bytes | None, started: float, timeout: float, process: subprocess.Popen) -> float | None:
    """Seconds from `started` until `url` answers (and holds `text`); None after `timeout` or if the server died."""
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            return None
        body = page(url)
        if body is not None and (text is None or text in body):
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def command(kind: str, port: int) -> list[str]:
    address = f"127.0.0.1:{port}"
    if kind.startswith("preview"):
        return [sys.executable, "-m", "pipeline", "preview", DRAFT, "--port", str(port)]
    if kind == "serve":
        return [sys.executable, "-m", "pipeline", "serve", "--port", str(port)]
    extra = ["--dirty"] if kind == "dirty" else []
    return [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config/mkdocs.yml", "-a", address, *extra]


def append(path: Path, sentence: str) -> None:
    """Add a sentence to a Markdown file (its last paragraph), as a person saving an edit."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def add_post(root: Path, number: int) -> tuple[str, str]:
    """A new post newer than all others; returns its id and title."""
    import random

    day = date(2026, 12, 1 + number)
    title = f"Berita Baru Bench {number} {os.getpid()}"
    slug = f"berita-baru-bench-{number}-{os.getpid()}"
    folder = root / "content" / "berita" / "posts" / f"{day.isoformat()}-{slug}"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(sitegen.post_text(9000 + number, day, title, "Kegiatan", slug,
                                                       random.Random(number), 0), encoding="utf-8")
    return folder.name, title


def newest_post(root: Path) -> Path:
    return max((root / "content" / "berita" / "posts").glob("*/index.md"), key=lambda p: p.parent.name)


def show(kind: str, step: str, seconds: float | None, timeout: float) -> None:
    load = os.getloadavg()[0]
    figure = f"{seconds:7.2f} s" if seconds is not None else f"> {timeout:.0f} s (timeout)"
    print(f"{kind:14} {step:28} {figure}   (load {load:.1f})", flush=True)


def run(kind: str, root: Path, timeout: float, number: int) -> dict[str, float | None]:
    """Start one server, make its changes, return the seconds of each step."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    results: dict[str, float | None] = {}
    started = time.perf_counter()
    process = subprocess.Popen(command(kind, port), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "PIPELINE_LANG": "en"})
    try:
        token = f"Kalimat penanda {kind} {number} {time.time_ns()}."
        if kind.startswith("preview"):
            post = f"{base}berita/{DRAFT}/"
            results["ready"] = wait_for(post, None, started, timeout, process)
            show(kind, "ready (post served)", results["ready"], timeout)
            if results["ready"] is None:
                return results
            # the rest of the copy is rendered after the first pages are served: wait for it, so the
            # edit below meets an idle preview as it does after the first seconds
            results["rest served"] = wait_for(f"{base}kontak/", None, started, timeout, process)
            show(kind, "rest of the copy served", results["rest served"], timeout)
            if kind == "preview (cold)":
                return results
            source = root / "drafts" / DRAFT / "index.md"
            text = source.read_text(encoding="utf-8")
            source.write_text(text.replace("Kegiatan ditutup", f"{token} Kegiatan ditutup", 1), encoding="utf-8")
            edited = time.perf_counter()
            results["edit shown"] = wait_for(post, token.encode(), edited, timeout, process)
            show(kind, "edit shown", results["edit shown"], timeout)
            return results
        results["ready"] = wait_for(base, None, started, timeout, process)
        show(kind, "ready (home page served)", results["ready"], timeout)
        if results["ready"] is None:
            return results
        edited_post = newest_post(root)
        append(edited_post, token)
        edited = time.perf_counter()
        results["edit shown"] = wait_for(f"{base}berita/{edited_post.parent.name}/", token.encode(), edited, timeout,
                                         process)
        show(kind, "edit shown", results["edit shown"], timeout)
        post_id, title = add_post(root, number)
        added = time.perf_counter()
        results["new post on news index"] = wait_for(f"{base}berita/", title.encode(), added, timeout, process)
        show(kind, "new post on news index", results["new post on news index"], timeout)
        return results
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds allowed for each step")
    parser.add_argument("--only", nargs="+", choices=SERVERS, default=list(SERVERS))
    parser.add_argument("--work", type=Path, help="folder for the generated site (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-preview-"))
    made = time.perf_counter()
    root = make_site(work, args.posts)
    print(f"site: {args.posts} posts in {root} ({time.perf_counter() - made:.1f} s to generate)", flush=True)
    table: dict[str, dict[str, float | None]] = {}
    kinds = [k for k in args.only if k != "preview"]
    if "preview" in args.only:  # its first run fills the caches (photo variants, compiled templates, git dates)
        kinds = ["preview (cold)", "preview", *kinds]
    for number, kind in enumerate(kinds, 1):
        table[kind] = run(kind, root, args.timeout, number)
    print(f"\nseconds until served, {args.posts} posts (timeout {args.timeout:.0f} s a step):")
    steps = ["ready", "rest served", "edit shown", "new post on news index"]
    print(f"{'':14} " + " ".join(f"{s:>24}" for s in steps))
    for kind, results in table.items():
        cells = []
        for step in steps:
            if step not in results:
                cells.append(f"{'-':>24}")
            else:
                value = results[step]
                cells.append(f"{value:>24.2f}" if value is not None else f"{'> ' + format(args.timeout, '.0f'):>24}")
        print(f"{kind:14} " + " ".join(cells))


if __name__ == "__main__":
    main()
