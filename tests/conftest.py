"""Shared fixtures: a scratch copy of the fixture court's website repository, with real git.

The tests work on the fixture court in `tests/fixture_court/`, never on the repository's
own `site_config/` and `content/`: a fork puts its own court there and the suite must
pass unchanged (tests/test_fork.py proves it).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The court the tests build and check: site_config/, content/ and drafts/ of its own.
FIXTURE_COURT = Path(__file__).resolve().parent / "fixture_court"
COURT_FOLDERS = ("site_config", "content", "drafts")


def git(root: Path, *args: str, env: dict | None = None) -> str:
    """Run git in `root` with a fixed identity; return its output."""
    import os

    full_env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org", **(env or {})}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=full_env).stdout


def copy_court(root: Path) -> None:
    """The fixture court's folders into `root`, with the repository's .github/ and its generated files."""
    for name in COURT_FOLDERS:
        shutil.copytree(FIXTURE_COURT / name, root / name)
    if (REPO / ".github").is_dir():
        # the workflows belong to the repository `pipeline check` sees; the files generated
        # from pipeline.yml (CODEOWNERS, the PR template, the checklist) are made for the
        # fixture court, not for the court of the fork
        shutil.copytree(REPO / ".github", root / ".github")
        regenerate(root)


def regenerate(root: Path) -> None:
    """Rewrite the files generated from `root`'s pipeline.yml, as `pipeline generate` does.

    The browser editor's vendored files (script, icon font) are the repository's, whatever the court.
    """
    from pipeline import cms, generated
    from pipeline.config import load_settings

    settings = load_settings(root)
    vendored = REPO / cms.ADMIN_PATH
    if vendored.is_dir() and settings.cms.repo:
        for pin in cms.VENDORED:
            for name, _digest in pin.files.values():
                target = root / cms.ADMIN_PATH / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(vendored / name, target)
    generated.write_all(root, settings)


# The publish workflow's signing key, as the repository secret PIPELINE_APPROVAL_KEY gives it.
APPROVAL_KEY = "test-key-for-approval-records-0123456789abcdef"


@pytest.fixture(autouse=True)
def approval_key(monkeypatch) -> str:
    """Every test runs as the publish workflow does, with the key; a test about its absence deletes it."""
    monkeypatch.setenv("PIPELINE_APPROVAL_KEY", APPROVAL_KEY)
    monkeypatch.delenv("PIPELINE_TRUST_BASE", raising=False)
    return APPROVAL_KEY


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A copy of the fixture court's repository (site_config, content, drafts, .github) under git, in tmp_path."""
    root = tmp_path / "repo"
    root.mkdir()
    copy_court(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample site")
    return root


@pytest.fixture
def repo(scratch_repo: Path) -> Path:
    """The repository a test works in; a module may override it (e.g. with a built site)."""
    return scratch_repo


@pytest.fixture
def settings(repo: Path):
    """The settings of `repo`, loaded as the CLI would."""
    from pipeline.config import load_settings

    return load_settings(repo)


def built_sample(parent: Path, gitignore: str, extra: dict[str, str] | None = None) -> Path:
    """The fixture court's repository under git in `parent`, with its site built: a template tests copy."""
    from pipeline import site

    root = parent / "repo"
    root.mkdir()
    for name in COURT_FOLDERS:
        shutil.copytree(FIXTURE_COURT / name, root / name)
    (root / ".gitignore").write_text(gitignore)
    for name, text in (extra or {}).items():
        (root / name).write_text(text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample site")
    site.build(root)
    return root


def copy_of(template: Path, parent: Path) -> Path:
    """A private copy of a template repository, links kept as links."""
    root = parent / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


# --- real browser: Debian's chromium driven by Playwright (never Playwright's own download) ---


def pytest_collection_modifyitems(items) -> None:
    """Mark every test that drives the browser, so a run can leave them out (-m 'not browser')."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session; a missing browser is an error, not a skip (.ci/run installs it)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


class StaticServer:
    """A folder served on 127.0.0.1 in a thread; `url` is its root."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve_dir():
    """Call with a folder to serve it on 127.0.0.1; every server is stopped after the test."""
    servers: list[StaticServer] = []

    def start(folder: Path) -> StaticServer:
        server = StaticServer(folder)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture(autouse=True)
def message_language(request, monkeypatch):
    """Messages in English (their msgids) unless a test asks for a language: `@pytest.mark.lang("id")`.

    Tests state what a message says; the Indonesian ones check the catalogue too.
    """
    from pipeline import i18n

    marker = request.node.get_closest_marker("lang")
    monkeypatch.setenv(i18n.ENV_VAR, marker.args[0] if marker else "en")
    yield
    i18n.set_language(None)
    i18n.set_config_language(None)
