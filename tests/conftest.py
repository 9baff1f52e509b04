"""Shared fixtures: a scratch copy of the sample website repository, with real git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def git(root: Path, *args: str, env: dict | None = None) -> str:
    """Run git in `root` with a fixed identity; return its output."""
    import os

    full_env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org", **(env or {})}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=full_env).stdout


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A copy of the sample repository (site_config, content, drafts, .github) under git, in tmp_path."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copytree(REPO / "content", root / "content")
    (root / "drafts").mkdir()
    if (REPO / "drafts").is_dir():
        shutil.copytree(REPO / "drafts", root / "drafts", dirs_exist_ok=True)
    if (REPO / ".github").is_dir():
        # CODEOWNERS and the workflows belong to the repository `pipeline check` sees
        shutil.copytree(REPO / ".github", root / ".github")
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
    """The sample repository under git in `parent`, with its site built: a template tests copy."""
    from pipeline import site

    root = parent / "repo"
    root.mkdir()
    for name in ("site_config", "content", "drafts"):
        shutil.copytree(REPO / name, root / name)
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
