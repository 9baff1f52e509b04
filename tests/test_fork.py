"""A fork: another court puts its own court in site_config/, and the suite still passes unchanged.

The promise is that a court forks the repository and edits only `site_config/` (and its
content). This test does that in a temporary copy of the repository, as Pengadilan Agama
Bukittinggi's operator would with `pipeline init` (its own name, city, address, people ids
and GitHub logins; the sample news removed), then runs the README's two commands there:
`pipeline run`, and the test suite. `PIPELINE_FORK_PROOF` stops the copy from doing it again.
Browser tests are left out of that second run (`-m "not browser"`): they ran in this one
and take the longest, and the fork changes nothing they depend on.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, git

GUARD = "PIPELINE_FORK_PROOF"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(os.environ.get(GUARD)), reason="already inside the fork proof"),
    # It runs the suite a second time: in CI (.ci/run and GitHub set CI), not on every local run.
    pytest.mark.skipif(not os.environ.get("CI"), reason="the fork proof runs in CI; run it here with CI=1"),
]

# What the new court's operator types: `pipeline init` with every option, as the README shows.
INIT = ["--name", "Pengadilan Agama Bukittinggi", "--short-name", "PA Bukittinggi", "--city", "Bukittinggi",
        "--address", "Jl. Sudirman No. 7, Bukittinggi", "--postal-code", "26111", "--phone", "(0752) 21234",
        "--fax", "", "--email", "info@pa-bukittinggi.go.id", "--site-url", "https://pa-bukittinggi.go.id/",
        "--timezone", "Asia/Jakarta", "--parent-court", "Pengadilan Tinggi Agama Padang",
        "--person", "nadia:operator:nadia-pabkt:Nadia Putri Ramadhani, S.Kom.",
        "--person", "rahmat:kasubag_ptip:rahmat-pabkt:Rahmat Hidayatullah, S.T.",
        "--person", "lestari:sekretaris::Lestari Handayani, S.H.",
        "--person", "zainal:ketua::Drs. Zainal Abidin, M.H.",
        "--remove-samples", "--no-input"]


def tracked_copy(dest: Path) -> Path:
    """The repository's files as a fresh clone would have them (tracked, plus new files not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet committed
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return dest


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    """A copy of this repository made into PA Bukittinggi by `pipeline init`, under git."""
    root = tracked_copy(tmp_path_factory.mktemp("fork") / "pa-bukittinggi")
    run = pipeline(root, "init", *INIT)
    assert run.returncode == 0, run.stdout + run.stderr
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Pengadilan Agama Bukittinggi")
    return root


def pipeline(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=600)


def test_the_fork_names_its_own_court_and_people(fork: Path):
    config = (fork / "site_config" / "pipeline.yml").read_text(encoding="utf-8")
    assert "Payakumbuh" not in config.split("people:")[0].split("court:")[1]
    assert not re.search(r"\b(rina|dewi|fajar|hendra)\b", config)
    assert "@rahmat-pabkt" in (fork / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert not list((fork / "content" / "berita" / "posts").glob("*/index.md"))  # --remove-samples


def test_the_readme_run_command_passes_in_the_fork(fork: Path):
    """`pipeline run` (the README's first command) checks and builds the new court's site."""
    run = pipeline(fork, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    home = (fork / "site" / "index.html").read_text(encoding="utf-8")
    assert "Pengadilan Agama Bukittinggi" in home
    # the court it was forked from is named nowhere: pages, feeds, sitemap, search index
    # (its sample news posts, the only place allowed to, were removed by --remove-samples)
    old = forked_from()
    found = []
    for path in sorted((fork / "site").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(fork)}: {word!r}" for word in old if word in text]
    assert found == [], "\n".join(found[:40])


def forked_from() -> list[str]:
    """What names the court the copy was made from (the repository's own): its identity, people, logins."""
    from urllib.parse import urlparse

    from pipeline.config import load_settings

    settings = load_settings(REPO)
    court = settings.court
    words = [court.name, court.short_name, court.email, court.phone, urlparse(court.site_url).hostname]
    if court.city not in " ".join(INIT):
        words.append(court.city)
    for person in settings.people:
        words += [person.name, person.github or ""]
    return [w for w in words if w and w not in " ".join(INIT)]


def test_the_suite_passes_unchanged_in_the_fork(fork: Path):
    env = {**os.environ, GUARD: "1", "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser"],
                         cwd=fork, env=env, capture_output=True, text=True, timeout=1500)
    tail = "\n".join(run.stdout.splitlines()[-40:])
    assert run.returncode == 0, f"the suite fails in a fork of another court:\n{tail}\n{run.stderr[-2000:]}"
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) > 100, tail
    print("in the fork:", run.stdout.strip().splitlines()[-1])  # shown with -rP
